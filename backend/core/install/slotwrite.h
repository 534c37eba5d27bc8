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

// Writes an image into a slot front to back and keeps the storage busy while the image streams
// in: each written range is handed to writeback at once, and a write waits for the range more
// than WritebackLag behind it. The page cache then holds a bounded amount of the image (not the
// whole of it, as plain writes would on a device with RAM to spare), and the fsync at the end
// has little left to do instead of writing the whole image after the last chunk.
class SlotWriter {
public:
    static constexpr quint64 WritebackLag = quint64(32) * 1024 * 1024;

    SlotWriter(int fd, const SlotConfig &slot) : m_fd(fd), m_slot(slot) {}
    // data at offset; offsets only grow. "install.write" on failure.
    Status write(QByteArrayView data, quint64 offset);
    // Everything written is on storage (fsync), or "install.write".
    Status sync();

private:
    Status writeback(quint64 offset, quint64 size, unsigned int flags);

    int m_fd;
    const SlotConfig &m_slot;
    quint64 m_waited = 0;         // every byte below was written out (fsync still flushes it)
    bool m_rangeSyncWorks = true; // false where sync_file_range is not supported
};

} // namespace seesaw
