// Whether a slot still holds, byte for byte, the image Seesaw installed there (before a rollback
// makes it primary again, and `seesaw verify`).
#pragma once

#include "base/result.h"
#include "device/device.h"

#include <QString>
#include <atomic>
#include <functional>

namespace seesaw {

// Re-reads slot `bootname` up to the size of the image Seesaw installed there and compares it
// with the image hash recorded then. Returns the operator message on a match. Errors:
// "verify.no-record" (no image recorded: not installed by Seesaw), "verify.mismatch",
// "verify.io", "bootloader.unknown-slot". `progress` gets (done, total) bytes now and then.
Result<QString> verifySlot(Device &device, const QString &bootname,
                           const std::function<void(quint64, quint64)> &progress = {},
                           const std::atomic<bool> *cancel = nullptr);

} // namespace seesaw
