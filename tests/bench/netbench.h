// What the parts of the network benchmark (netbench.cpp, netbench_stream.cpp) share.
#pragma once

#include "webserver.h"

#include <QString>
#include <cstdio>
#include <sys/resource.h>

namespace netbench {

constexpr qint64 MiB = qint64(1024) * 1024;
constexpr quint64 ChunkBytes = quint64(4) * 1024 * 1024;

inline long peakRssKib()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

inline void say(const QString &line)
{
    std::puts(qPrintable(line));
    (void)std::fflush(stdout);
}

// Streamed install (netbench_stream.cpp): a bundle of an `mib` MiB root file system image,
// installed from nginx straight into slot B of a simulated device (cli: the seesaw CLI, for
// scripts/sim/device), against curl | zstd -d | dd of the same payload; best of `runs`.
int benchStream(TestWebServer &web, const QString &work, qint64 mib, int runs, const QString &cli);

} // namespace netbench
