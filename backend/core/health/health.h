// The checks `seesaw health` runs once per boot (system.conf [health]): systemd units that must
// be active, scripts in a directory run in name order with a timeout each, limits sampled over a
// window (memory use, CPU temperature, load average), a minimum uptime, and a global timeout
// over the units, scripts and limits (the minimum-uptime wait comes after them and is bounded
// by min-uptime itself). The runner only observes and reports; deciding what follows (mark good,
// mark bad and reboot) is the caller's (bootoutcome.h). docs/health.md describes it for
// integrators.
#pragma once

#include "config/systemconfig.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <atomic>
#include <functional>

namespace seesaw {

// What systemd says of one unit. The core has no D-Bus: the command-line tool answers this
// through systemd's D-Bus API (org.freedesktop.systemd1), tests through a stand-in.
struct UnitState {
    QString activeState; // "active", "activating", "failed", "inactive", … ; empty when unknown
    QString subState;    // "running", "exited", "dead", …
    QString error;       // why the state could not be read (no systemd, no such unit…)
};
using UnitQuery = std::function<UnitState(const QString &unit)>;

struct HealthCheckResult {
    // "unit", "script", "memory", "temperature", "load", "uptime"; "timeout" for a check the
    // global timeout stopped or never let start, "cancelled" for one the cancel flag did.
    QString kind;
    QString name; // unit name, script file name (the directory when it cannot be listed), or the
                  // limit's key: "max-memory-percent", "max-temperature", "max-load", "min-uptime"
    bool passed = false;
    qint64 durationMs = 0;
    QString detail;     // operator-readable: "app.service is active (running)", "exit code 3",
                        // "killed after 30 s (script-timeout)",
                        // "average 91.0 % over 10 s, maximum 95.0 % (limit 85 %)"
    QString outputTail; // the last 4 KiB of a script's stdout+stderr (UTF-8, sanitised)
};

struct HealthReport {
    bool passed = false;
    QDateTime startedAt; // UTC
    qint64 durationMs = 0;
    QList<HealthCheckResult> checks; // in the order they were decided
    bool timedOut = false;           // the global timeout ended the run
    bool cancelled = false;          // the cancel flag ended the run (e.g. shutdown): no verdict

    // The first failed check, or nullptr.
    [[nodiscard]] const HealthCheckResult *firstFailure() const;
    // "script 20-app-ping failed: exit code 3" / "unit app.service is failed" — for LastResult.
    [[nodiscard]] QString failureSummary() const;
    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] QString toText() const; // the readable report: one block per check
};

class HealthRunner {
public:
    HealthRunner(SystemConfig config, UnitQuery units);

    // Runs every configured check; never throws, never returns early on a failure (the report
    // lists everything), except that the global timeout stops what is still running and fails
    // it. With nothing configured the report passes with no checks. `cancel` (optional) stops
    // the run like a timeout.
    HealthReport run(const std::atomic<bool> *cancel = nullptr);

private:
    SystemConfig m_config;
    UnitQuery m_units;
};

} // namespace seesaw
