// The verified streaming pass over one stored payload: read → decompress → hash each chunk and
// compare it with the signed chunk_sha256 → hand verified chunks to a sink. Reading,
// decompressing, hashing (on two threads where there are two CPUs) and writing run on separate
// threads with bounded queues, so memory stays at a few chunks plus the zstd window whatever the
// image size. Nothing reaches the sink before its chunk hash matched, and chunks reach it in
// order. The whole-image and stored-payload digests and the ZIP CRC are computed on the way too
// unless the caller opts out (PayloadCallbacks::recheckDigests).
#pragma once

#include "base/result.h"
#include "bundle/manifest.h"
#include "bundle/payloadsource.h"

namespace seesaw {

// Returns the SHA-256 of the decompressed image: as computed by this pass (it equals the signed
// one, or the pass fails), or without recheckDigests the signed one, which every chunk, their
// count and their total size matched. The whole-image digest is checked only after the last
// chunk was delivered: a caller that writes must not commit before this returns.
// Error codes: "payload.io", "payload.corrupt" (zstd error), "payload.chunk-mismatch",
// "payload.too-long", "payload.too-short", "payload.trailing-data", "payload.digest-mismatch",
// "payload.stored-digest-mismatch", "payload.crc-mismatch", "payload.size-mismatch",
// "cancelled"; for delta images also "payload.delta-no-base", "payload.delta-base-size",
// "payload.delta-corrupt" (a frame that refers outside its base window or is damaged),
// "payload.delta-frame-size" (a frame that rebuilds more or fewer bytes than its chunk) and
// "delta.base-io".
Result<QByteArray> streamPayload(const ImageInfo &image, const PayloadSource &source,
                                 const PayloadCallbacks &callbacks);

// Only the stored bytes against their signed digest and the ZIP CRC, without decompressing: what
// can be checked of a delta image without its base. progress reports image bytes, scaled.
Status verifyStoredPayload(const ImageInfo &image, const PayloadSource &source,
                           const PayloadCallbacks &callbacks);

} // namespace seesaw
