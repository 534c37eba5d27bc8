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
    // Called on a writer thread of its own, in chunk order unless parallelWrites, only with
    // verified data, so writing overlaps reading, decompressing and hashing. offset is the
    // chunk's place in the image.
    std::function<Status(quint64 offset, QByteArrayView chunk)> write;
    // write may run on two writer threads at once, each with a chunk of its own, so the next
    // chunk is on its way to storage while one is still being written (SlotWriter in direct
    // mode). Offsets then come nearly, not strictly, in order; progress is still called in turn.
    bool parallelWrites = false;
    // Bytes of this image verified (and written, when write is set) so far; called from a
    // pipeline thread.
    std::function<void(quint64 done)> progress;
    const std::atomic<bool> *cancel = nullptr;
    // Each chunk is compared with the signed chunk list whatever this says; that alone decides
    // what reaches the sink or the writer. True also recomputes the whole image's SHA-256, the
    // stored payload's SHA-256 and the ZIP CRC and compares them with what the manifest and the
    // ZIP headers state: `bundle verify`, which is how a manifest that contradicts itself is
    // caught on the build host. An install sets false: every chunk, their count and their total
    // size matched, so the slot holds the signed image, and the three extra passes over the
    // same bytes (a third of an install's CPU) would prove nothing more about it.
    bool recheckDigests = true;
};

} // namespace seesaw
