// The verified streaming pass over one stored payload: read → decompress → hash each chunk and
// compare it with the signed chunk_sha256 → hand verified chunks to a sink. Reading,
// decompressing and hashing run on separate threads with bounded queues, so memory stays at a
// few chunks plus the zstd window whatever the image size. Nothing reaches the sink before
// its chunk hash matched. The whole-image and stored-payload digests and the ZIP CRC are
// computed on the way too, so an install checks as much as `bundle verify`.
#pragma once

#include "base/result.h"
#include "bundle/manifest.h"

#include <QByteArrayView>
#include <atomic>
#include <functional>

namespace seesaw {

namespace limits {
// zstd window accepted when decompressing (2^24 = 16 MiB, what the writer uses): bounds the
// decoder's memory whatever a bundle claims, so an install stays within 64 MiB.
constexpr int ZstdWindowLogMax = 24;
} // namespace limits

struct PayloadSource {
    int fd = -1;
    quint64 offset = 0;
    quint64 size = 0;
    quint32 crc32 = 0; // what the ZIP headers claim; checked too, so no header bit goes unnoticed
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

// Returns the SHA-256 of the decompressed image as computed by this pass (it equals the signed
// one, or the pass fails). The whole-image digest is checked only after the last chunk was
// delivered: a caller that writes must not commit before this returns.
// Error codes: "payload.io", "payload.corrupt" (zstd error), "payload.chunk-mismatch",
// "payload.too-long", "payload.too-short", "payload.trailing-data", "payload.digest-mismatch",
// "payload.stored-digest-mismatch", "payload.crc-mismatch", "payload.size-mismatch",
// "cancelled".
Result<QByteArray> streamPayload(const ImageInfo &image, const PayloadSource &source,
                                 const PayloadCallbacks &callbacks);

} // namespace seesaw
