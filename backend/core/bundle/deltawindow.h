// Which bytes of the base image each frame of a delta image refers to. The writer compresses a
// chunk with exactly these bytes as its zstd reference prefix and the installer decompresses it
// with the same bytes of the booted slot, so both must compute the same window.
#pragma once

#include "bundle/manifest.h"

#include <QtGlobal>

namespace seesaw {

namespace limits {
// The largest reference a delta frame may use, so that reference and chunk fit in a 1 GiB zstd
// window: what 32-bit devices can map and decode as well. A larger base is referred to in a
// window of this size around each chunk's place in the image.
constexpr quint64 MaxDeltaReference = (quint64(1) << 30) - 2 * quint64(MaxChunkSize);
constexpr int DeltaWindowLogMax = 30;
} // namespace limits

struct DeltaWindow {
    quint64 offset = 0; // in the base image; a multiple of MaxChunkSize (page aligned)
    quint64 size = 0;
};

// The window of a base of baseSize bytes for the chunk at chunkOffset: the whole base when it
// fits, else MaxDeltaReference bytes centred on the chunk, kept inside the base.
constexpr DeltaWindow deltaWindow(quint64 baseSize, quint64 chunkOffset)
{
    if (baseSize <= limits::MaxDeltaReference) {
        return {0, baseSize};
    }
    const quint64 align = limits::MaxChunkSize;
    const quint64 half = limits::MaxDeltaReference / 2;
    quint64 start = chunkOffset > half ? chunkOffset - half : 0;
    start -= start % align;
    const quint64 lastStart = (baseSize - limits::MaxDeltaReference) / align * align;
    start = std::min(start, lastStart);
    return {start, limits::MaxDeltaReference};
}

// The zstd window (log2) a frame needs to reach back over its whole reference.
constexpr int deltaWindowLog(quint64 referenceSize, quint64 chunkSize)
{
    int log = 10; // ZSTD_WINDOWLOG_MIN
    while ((quint64(1) << log) < referenceSize + chunkSize) {
        ++log;
    }
    return log;
}

} // namespace seesaw
