// Reading a large file past the page cache (O_DIRECT) where that saves work: a payload read once
// from storage is then not copied through the page cache on its way to the decoder (a sixth of
// an artifact install's processor time on a two-core device: tests/bench/artifacts), and does
// not evict the running system's cached files. Used by the streaming pass's reader
// (bundle/payloadstream.cpp). Header only: a few system calls each.
#pragma once

#include "base/directio.h"
#include "base/unique_fd.h"

#include <QtGlobal>
#include <algorithm>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <vector>

namespace seesaw {

// A second descriptor of the regular file behind fd, open for direct reads, or an invalid one
// where there is none to have: fd is not open for reading, /proc is not mounted, or the file
// system has no direct I/O. Never more than fd allows: a descriptor a D-Bus caller passed with
// no right to read (write-only, O_PATH) is not reopened for reading.
inline UniqueFd reopenForDirectRead(int fd)
{
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || (flags & O_PATH) != 0 || (flags & O_ACCMODE) == O_WRONLY) {
        return {};
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        return {};
    }
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    UniqueFd direct(::open(path.c_str(), O_RDONLY | O_DIRECT | O_CLOEXEC | O_NOCTTY));
    struct stat again {};
    if (!direct.isValid() || ::fstat(direct.get(), &again) != 0 || again.st_dev != st.st_dev ||
        again.st_ino != st.st_ino) {
        return {};
    }
    return direct;
}

// Whether at least half of the pages of [offset, offset + size) of fd are in the page cache (a
// bundle just downloaded or checked): reading those through it costs less than from storage.
// False where the kernel does not say (a file the caller neither owns nor may write).
inline bool mostlyCached(int fd, quint64 offset, quint64 size)
{
    const long pageSize = ::sysconf(_SC_PAGESIZE);
    if (pageSize <= 0 || size == 0) {
        return false;
    }
    const auto page = quint64(pageSize);
    const quint64 start = offset / page * page;
    const auto length = size_t(offset + size - start);
    void *map = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, off_t(start));
    if (map == MAP_FAILED) {
        return false;
    }
    std::vector<unsigned char> resident((length + page - 1) / page);
    const bool known = ::mincore(map, length, resident.data()) == 0;
    ::munmap(map, length);
    const auto cached = std::count_if(resident.begin(), resident.end(),
                                      [](unsigned char r) { return (r & 1U) != 0; });
    return known && size_t(cached) * 2 >= resident.size();
}

} // namespace seesaw
