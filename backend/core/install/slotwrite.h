// Writing an image into a slot: the slot opened so that nothing else can use it meanwhile, and
// every byte written or a message that names the slot and the offset.
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"
#include "config/systemconfig.h"

#include <QByteArrayView>

namespace seesaw {

// Error codes: "install.write", "install.busy-slot" (a block device in use).
Result<UniqueFd> openSlot(const SlotConfig &slot);
// All of data at offset, or "install.write".
Status pwriteFully(int fd, QByteArrayView data, quint64 offset, const SlotConfig &slot);
// Everything written to the slot is on storage, or "install.write".
Status syncSlot(int fd, const SlotConfig &slot);

} // namespace seesaw
