// Memory for the megabyte-sized buffers of an install (chunks, read blocks, zstd's window), in
// transparent huge pages where the kernel offers them (THP "always" or "madvise"). Each install
// maps its buffers afresh (mallocpolicy.h), and touching fresh memory costs a page fault per
// 4 KiB: about 10,000 per install, over a quarter of its CPU time on the virtual machine
// tests/bench/artifacts was tuned on (17 us a fault). In 2 MiB pages they are a few dozen.
// Where there are no huge pages the buffers are ordinary pages, as before.
// Header only: a couple of system calls.
#pragma once

#include <cstdlib>
#include <sys/mman.h>

namespace seesaw {

constexpr size_t HugePageSize = size_t(2) * 1024 * 1024;

// size bytes aligned to 4096 (to HugePageSize from that size on), released with std::free;
// nullptr when out of memory.
inline void *allocateLarge(size_t size)
{
    const bool huge = size >= HugePageSize;
    void *p = nullptr;
    if (posix_memalign(&p, huge ? HugePageSize : 4096, size < 4096 ? 4096 : size) != 0) {
        return nullptr;
    }
    if (huge) {
        // Advice only: a kernel without THP refuses it, and the buffer stays as it is.
        (void)::madvise(p, size / HugePageSize * HugePageSize, MADV_HUGEPAGE);
    }
    return p;
}

} // namespace seesaw
