// What a streaming pass over one stored payload (payloadstream.h) reads and whom it tells.
#pragma once

#include "base/result.h"

#include <QByteArrayView>
#include <atomic>
#include <functional>

namespace seesaw {

namespace limits {
// zstd window accepted when decompressing (2^24 = 16 MiB, what the writer uses): bounds the
// decoder's memory whatever a bundle claims, so an install stays within 64 MiB.
constexpr int ZstdWindowLogMax = 24;
} // namespace limits

class BaseImage;

struct PayloadSource {
    int fd = -1;
    quint64 offset = 0;
    quint64 size = 0;
    quint32 crc32 = 0; // what the ZIP headers claim; checked too, so no header bit goes unnoticed
    // A delta image's base (the booted slot on a device), used by the decompressing thread only.
    BaseImage *base = nullptr;
    // fd is a pipe or socket delivering the `size` stored bytes in order (a payload streamed from
    // an update server, remotebundle.h): read from, never seeked; offset only names the place in
    // the bundle in messages. A stream that ends early is "payload.io".
    bool stream = false;
};

struct PayloadCallbacks {
    // Called in chunk order on the hashing thread, only with verified data.
    std::function<Status(quint64 index, QByteArrayView chunk)> sink;
    // Called in chunk order on a writer thread of its own, only with verified data, so writing
    // overlaps reading, decompressing and hashing. offset is the chunk's place in the image.
    std::function<Status(quint64 offset, QByteArrayView chunk)> write;
    // Bytes of this image verified (and written, when write is set) so far; called from a
    // pipeline thread.
    std::function<void(quint64 done)> progress;
    const std::atomic<bool> *cancel = nullptr;
};

} // namespace seesaw
