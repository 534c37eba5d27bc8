// Writing to storage past the page cache (O_DIRECT) where a file allows it: what an install
// writes into a slot is not copied into memory on its way, and does not evict the running
// system's cached files. Used by install/slotwrite.
// Header only: a few system calls each.
#pragma once

#include <QByteArrayView>
#include <QtGlobal>
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace seesaw {

// Buffers, offsets and lengths that are multiples of this suit every block device's logical
// block size.
constexpr quint64 DirectAlign = 4096;

// Turns O_DIRECT on or off for an open file; false where the kernel refuses (a file system or
// device without direct I/O).
inline bool setDirectIo(int fd, bool on)
{
    const int flags = ::fcntl(fd, F_GETFL);
    return flags >= 0 && ::fcntl(fd, F_SETFL, on ? flags | O_DIRECT : flags & ~O_DIRECT) == 0;
}

// Writes all of [p, p + size) at offset. 0, or the errno of the write that failed (ENOSPC when
// the file or device ends first); *written says how far it got.
inline int pwriteAll(int fd, const char *p, size_t size, quint64 offset, quint64 *written)
{
    *written = 0;
    while (*written < size) {
        const ssize_t n = ::pwrite(fd, p + *written, size - *written, off_t(offset + *written));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return n < 0 ? errno : ENOSPC;
        }
        *written += quint64(n);
    }
    return 0;
}

// Writes all of data at offset. While *direct, its aligned part (buffer and offset aligned to
// DirectAlign, the length rounded down to it) goes straight to storage and the rest through the
// page cache (O_DIRECT is turned off for it and on again); where the kernel refuses an aligned
// direct write (EINVAL), *direct turns false and everything goes through the page cache from
// there on. Otherwise like pwriteAll.
inline int pwriteDirect(int fd, bool *direct, QByteArrayView data, quint64 offset, quint64 *written)
{
    const auto size = quint64(data.size());
    if (!*direct) {
        return pwriteAll(fd, data.data(), size_t(size), offset, written);
    }
    const bool aligned =
        reinterpret_cast<quintptr>(data.data()) % DirectAlign == 0 && offset % DirectAlign == 0;
    const quint64 directSize = aligned ? size / DirectAlign * DirectAlign : 0;
    *written = 0;
    if (directSize > 0) {
        const int error = pwriteAll(fd, data.data(), size_t(directSize), offset, written);
        if (error != 0 && error != EINVAL) {
            return error;
        }
        if (error == EINVAL) {
            // The device refuses this alignment after all: buffered from here on.
            *direct = false;
            if (!setDirectIo(fd, false)) {
                return errno;
            }
        }
    }
    if (*written == size) {
        return 0;
    }
    // The unaligned rest through the page cache.
    if (*direct && !setDirectIo(fd, false)) {
        return errno;
    }
    quint64 rest = 0;
    const int error =
        pwriteAll(fd, data.data() + *written, size_t(size - *written), offset + *written, &rest);
    *written += rest;
    if (error == 0 && *direct && !setDirectIo(fd, true)) {
        *direct = false;
    }
    return error;
}

} // namespace seesaw
