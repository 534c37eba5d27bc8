// Making a bundle on a build host: compress each image and artifact with zstd (multithreaded,
// long-distance matching), hash it on the way (whole image, every chunk, the stored bytes), write
// the ZIP with stored entries through QuaZip, then sign the manifest. The output appears
// atomically: it is written to a temporary file next to it and renamed only when complete.
#pragma once

#include "base/result.h"
#include "bundle/bundlespec.h"
#include "bundle/manifest.h"

#include <QString>
#include <atomic>
#include <functional>

namespace seesaw {

// Progress: bytes of the images and artifacts read so far / in total.
using CreateProgressFn = std::function<void(quint64 done, quint64 total)>;

// Error codes: "create.invalid-spec", "create.io", "create.compress", "cancelled".
Result<Manifest> createBundle(const BundleSpec &spec, const QString &outputPath,
                              const CreateProgressFn &progress = {},
                              const std::atomic<bool> *cancel = nullptr);

} // namespace seesaw
