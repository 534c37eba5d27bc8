// Writing an image into a slot: the slot opened so that nothing else can use it meanwhile, and
// every byte written or a message that names the slot and the offset.
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"
#include "config/systemconfig.h"

#include <QByteArrayView>
#include <shared_mutex>

namespace seesaw {

// Error codes: "install.write", "install.busy-slot" (a block device in use).
Result<UniqueFd> openSlot(const SlotConfig &slot);
// All of data at offset, or "install.write".
Status pwriteFully(int fd, QByteArrayView data, quint64 offset, const SlotConfig &slot);
// Everything written to the slot is on storage, or "install.write".
Status syncSlot(int fd, const SlotConfig &slot);

// Writes an image into a slot front to back, verified chunks as they come.
//
// Direct (the default where the slot supports it): each aligned piece goes to storage past the
// page cache (O_DIRECT). An install then neither copies the image into memory nor evicts the
// running system's cached files, and a write error is reported at the write that failed. What
// cannot be written directly (the image's last bytes when its size is not a multiple of
// DirectAlign, a buffer that is not aligned: base/directio.h) goes through the page cache and is
// flushed by sync().
//
// Buffered ([system] slot-writes=buffered, or where O_DIRECT is refused): through the page
// cache, keeping the storage busy while the image streams in: each written range is handed to
// writeback at once, and a write waits for the range more than WritebackLag behind it. The page
// cache then holds a bounded amount of the image (not the whole of it, as plain writes would on
// a device with RAM to spare), and the fsync at the end has little left to do.
//
// Direct writes may come from two threads at once (PayloadCallbacks::parallelWrites): one chunk
// is written while the next is already on its way, which keeps storage busier than one write at
// a time. What goes through the page cache is written one piece at a time.
class SlotWriter {
public:
    static constexpr quint64 WritebackLag = quint64(32) * 1024 * 1024;

    SlotWriter(int fd, const SlotConfig &slot, SystemConfig::SlotWrites mode);
    // Any file: `target` is what messages call it ("models/detector 2.1.0").
    SlotWriter(int fd, QString target, SystemConfig::SlotWrites mode);
    // A regular file made `size` bytes long with its blocks allocated (fallocate): direct writes
    // then overwrite instead of extending the file, which file systems let two writes do at
    // once, and a full file system shows before the first byte. A file system that cannot
    // allocate ahead is left as it is. "install.write" when there is no room.
    Status reserve(quint64 size);
    // data at offset; offsets grow, except between writes made at once. "install.write" on
    // failure.
    Status write(QByteArrayView data, quint64 offset);
    // Everything written is on storage (fsync), or "install.write".
    Status sync();
    // Whether writes go past the page cache (false after a fallback to buffered writes).
    [[nodiscard]] bool direct() const
    {
        std::shared_lock lock(m_modeMutex);
        return m_direct;
    }

private:
    Status writeBuffered(QByteArrayView data, quint64 offset);
    Status writeback(quint64 offset, quint64 size, unsigned int flags);

    int m_fd;
    QString m_target; // what messages call it: "slot rootfs.1"
    // Aligned direct writes hold it shared; whatever may switch O_DIRECT off and on for the
    // file (an unaligned piece, a fallback) or goes through the page cache holds it alone.
    mutable std::shared_mutex m_modeMutex;
    bool m_direct = false;
    quint64 m_waited = 0;         // every byte below was written out (fsync still flushes it)
    bool m_rangeSyncWorks = true; // false where sync_file_range is not supported
};

} // namespace seesaw
