// A delta image installs only on a device whose booted slot holds its base, byte for byte
// (docs/delta-updates.md). Proven before anything is written: by the image digest Seesaw
// recorded when it installed the booted slot, else by hashing the slot's first base_size bytes.
// The base is always the booted slot of the image's class, as system.conf names it; nothing
// a bundle or a stick says can point it elsewhere.
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"
#include "bundle/baseimage.h"
#include "bundle/manifest.h"
#include "device/device.h"

#include <atomic>
#include <functional>
#include <memory>

namespace seesaw {

enum class BaseVerdict { Matches, Differs, Failed };

struct BaseFinding {
    BaseVerdict verdict = BaseVerdict::Failed;
    bool rehashed = false; // decided by hashing the slot, not by Seesaw's record of it
    QString failure;       // when Failed
};

// Whether the booted slot of image's class holds the base of delta image `image`; progress
// reports a re-hash in bytes of the base.
BaseFinding findBase(const Device &device, const DeviceState &state, const ImageInfo &image,
                     const std::function<void(quint64 done)> &progress = {},
                     const std::atomic<bool> *cancel = nullptr);

// The booted slot of image's class, opened read-only as the base of that delta image.
// Error codes: "delta.base-io".
struct OpenedBase {
    UniqueFd fd;
    std::unique_ptr<BaseImage> image;
};
Result<OpenedBase> openBase(const Device &device, const ImageInfo &image);

} // namespace seesaw
