// How the processes that install (seesawd, the CLI) have glibc's malloc treat large buffers.
//
// An install moves megabyte-sized buffers between threads it starts for the purpose: chunks, read
// blocks, network reads. glibc raises its mmap threshold to the size of the first large block
// freed and then serves such blocks from per-thread arenas, which keep what is freed: every
// install on a new set of threads left about 20 MiB more resident (tests/bench/network, six
// streamed installs in one process: 157 MiB peak instead of 63 MiB). A fixed threshold keeps
// large blocks in mappings of their own, returned to the system when freed.
#pragma once

#include <malloc.h>

namespace seesaw {

inline void keepLargeBuffersMapped()
{
    constexpr int Threshold = 256 * 1024; // above the small allocations of Qt and OpenSSL
    // NOLINTNEXTLINE(concurrency-mt-unsafe): called first thing in main, before any thread
    (void)::mallopt(M_MMAP_THRESHOLD, Threshold);
}

} // namespace seesaw
