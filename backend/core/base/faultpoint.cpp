#include "base/faultpoint.h"

#ifdef SEESAW_FAULT_INJECTION
#include <QByteArray>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace seesaw {

void faultPoint(const char *name)
{
    static const QByteArray spec = qgetenv("SEESAW_FAULT");
    static const QByteArray sleepSpec = qgetenv("SEESAW_FAULT_SLEEP");
    static std::atomic<int> hits{0};
    // Point names contain ':' themselves; a count or a time is the part after the last one.
    if (!sleepSpec.isEmpty()) {
        const qsizetype colon = sleepSpec.lastIndexOf(':');
        if (colon > 0 && sleepSpec.left(colon) == name) {
            std::this_thread::sleep_for(
                std::chrono::milliseconds(sleepSpec.mid(colon + 1).toInt()));
        }
    }
    if (spec.isEmpty()) {
        return;
    }
    const qsizetype colon = spec.lastIndexOf(':');
    bool counted = false;
    const int count = colon < 0 ? 0 : spec.mid(colon + 1).toInt(&counted);
    const QByteArray wanted = counted ? spec.left(colon) : spec;
    const int nth = counted ? count : 1;
    if (wanted != name) {
        return;
    }
    if (++hits == nth && std::raise(SIGKILL) != 0) {
        std::abort(); // the point must stop the process, even when the kill could not be sent
    }
}

} // namespace seesaw
#endif
