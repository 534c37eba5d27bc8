#include "health/health.h"

#include "base/errnotext.h"
#include "base/hostilestring.h"
#include "health/healthprobes.h"
#include "health/healthwords.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cstring>
#include <optional>
#include <thread>
#include <utility>

namespace seesaw {

namespace {

using namespace healthprobe;
using healthword::kindLabel;
using healthword::seconds;

constexpr int UnitPollMs = 250;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Health", text);
}

HealthCheckResult result(const char *kind, const QString &name, bool passed, qint64 ms,
                         const QString &detail)
{
    HealthCheckResult r;
    r.kind = QLatin1String(kind);
    r.name = name;
    r.passed = passed;
    r.durationMs = ms;
    r.detail = detail;
    return r;
}

// A check the global timeout or the cancel flag stopped (`started`) or never let start.
HealthCheckResult stopped(Stop why, const char *kind, const QString &name, qint64 ms, bool started,
                          const Clock &clock)
{
    const QString what =
        kindLabel(QLatin1String(kind)) + QLatin1Char(' ') + displayString(name, 256);
    const QString limit = QString::number(clock.timeoutSeconds());
    if (why == Stop::Cancel) {
        return result("cancelled", name, false, ms,
                      started ? tr("%1 stopped: the health check was cancelled").arg(what)
                              : tr("%1 not started: the health check was cancelled").arg(what));
    }
    return result("timeout", name, false, ms,
                  started ? tr("%1 stopped when the time limit of %2 s ran out").arg(what, limit)
                          : tr("%1 not started: the time limit of %2 s ran out").arg(what, limit));
}

// --- limits ----------------------------------------------------------------------------------

// One sampled limit: the readings so far, or why it could not be read.
struct Limit {
    const char *kind = "";
    QString name;
    double limit = 0;
    int samples = 0;
    double sum = 0;
    double max = 0;
    QString error;
};

// Samples the configured limits once a second on a thread of its own while the units and
// scripts are checked: once at the start and once after each second of the window.
class Sampler {
public:
    Sampler(const SystemConfig &config, const Clock &clock) : m_config(config), m_clock(clock)
    {
        const auto add = [this](const char *kind, const char *name, double limit) {
            Limit l;
            l.kind = kind;
            l.name = QLatin1String(name);
            l.limit = limit;
            m_limits.append(l);
        };
        if (config.health.maxMemoryPercent > 0) {
            add("memory", "max-memory-percent", config.health.maxMemoryPercent);
        }
        if (config.health.maxTemperature > 0) {
            add("temperature", "max-temperature", config.health.maxTemperature);
        }
        if (config.health.maxLoad > 0) {
            add("load", "max-load", config.health.maxLoad);
        }
        if (!m_limits.isEmpty()) {
            m_thread = std::thread([this] { loop(); });
        }
    }
    ~Sampler()
    {
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }
    Sampler(const Sampler &) = delete;
    Sampler &operator=(const Sampler &) = delete;

    // Waits for the window (or the run) to end, then decides every limit.
    void finish(QList<HealthCheckResult> &checks)
    {
        if (m_thread.joinable()) {
            m_thread.join();
        }
        const int window = m_config.health.sampleWindowSeconds;
        for (const Limit &l : std::as_const(m_limits)) {
            const qint64 ms = m_elapsedMs;
            if (!l.error.isEmpty()) {
                checks.append(result(l.kind, l.name, false, ms, l.error));
            } else if (m_stop != Stop::None) {
                checks.append(stopped(m_stop, l.kind, l.name, ms, true, m_clock));
            } else {
                const double average = l.sum / l.samples;
                checks.append(
                    result(l.kind, l.name, average <= l.limit, ms, describe(l, average, window)));
            }
        }
    }

private:
    static QString describe(const Limit &l, double average, int window)
    {
        const QString w = QString::number(window);
        if (qstrcmp(l.kind, "memory") == 0) {
            return tr("average %1 % over %2 s, maximum %3 % (limit %4 %)")
                .arg(QString::number(average, 'f', 1), w, QString::number(l.max, 'f', 1),
                     QString::number(l.limit));
        }
        if (qstrcmp(l.kind, "temperature") == 0) {
            return tr("average %1 °C over %2 s, maximum %3 °C (limit %4 °C)")
                .arg(QString::number(average, 'f', 1), w, QString::number(l.max, 'f', 1),
                     QString::number(l.limit));
        }
        return tr("average %1 over %2 s, maximum %3 (limit %4)")
            .arg(QString::number(average, 'f', 2), w, QString::number(l.max, 'f', 2),
                 QString::number(l.limit));
    }

    void sample()
    {
        for (Limit &l : m_limits) {
            if (!l.error.isEmpty()) {
                continue;
            }
            std::optional<double> value;
            if (qstrcmp(l.kind, "memory") == 0) {
                value = readMemoryPercent(m_config.health.procDirectory, &l.error);
            } else if (qstrcmp(l.kind, "temperature") == 0) {
                value = readTemperature(m_config.health.thermalDirectory, &l.error);
            } else {
                value = readLoad(m_config.health.procDirectory, &l.error);
            }
            if (!value) {
                continue;
            }
            l.max = l.samples == 0 ? *value : std::max(l.max, *value);
            l.sum += *value;
            ++l.samples;
        }
    }

    void loop()
    {
        QElapsedTimer elapsed;
        elapsed.start();
        const int window = m_config.health.sampleWindowSeconds;
        for (int second = 0;; ++second) {
            sample();
            if (second == window) {
                break;
            }
            m_stop = m_clock.sleep(qint64(second + 1) * 1000 - elapsed.elapsed());
            if (m_stop != Stop::None) {
                break;
            }
        }
        m_elapsedMs = elapsed.elapsed();
    }

    const SystemConfig &m_config;
    const Clock &m_clock;
    QList<Limit> m_limits;
    Stop m_stop = Stop::None; // written by the thread, read after join
    qint64 m_elapsedMs = 0;
    std::thread m_thread;
};

// --- units -----------------------------------------------------------------------------------

HealthCheckResult unitResult(const QString &unit, const UnitState &state, qint64 ms)
{
    const QString name = displayString(unit, 256);
    if (!state.error.isEmpty()) {
        return result("unit", unit, false, ms,
                      tr("%1: %2").arg(name, displayString(state.error, 512)));
    }
    if (state.activeState.isEmpty()) {
        return result("unit", unit, false, ms, tr("%1: systemd reported no state").arg(name));
    }
    // "reloading" is an active unit re-reading its configuration.
    const bool passed = state.activeState == QLatin1String("active") ||
                        state.activeState == QLatin1String("reloading");
    const QString active = displayString(state.activeState);
    return result("unit", unit, passed, ms,
                  state.subState.isEmpty()
                      ? tr("%1 is %2").arg(name, active)
                      : tr("%1 is %2 (%3)").arg(name, active, displayString(state.subState)));
}

void checkUnits(const QStringList &units, const UnitQuery &query, const Clock &clock,
                QList<HealthCheckResult> &checks)
{
    for (const QString &unit : units) {
        QElapsedTimer t;
        t.start();
        Stop why = clock.stop();
        if (why != Stop::None) {
            checks.append(stopped(why, "unit", unit, 0, false, clock));
            continue;
        }
        if (!query) {
            checks.append(result("unit", unit, false, 0,
                                 tr("%1: no way to ask systemd").arg(displayString(unit, 256))));
            continue;
        }
        UnitState state = query(unit);
        while (state.error.isEmpty() && state.activeState == QLatin1String("activating")) {
            why = clock.sleep(UnitPollMs);
            if (why != Stop::None) {
                break;
            }
            state = query(unit);
        }
        checks.append(why != Stop::None ? stopped(why, "unit", unit, t.elapsed(), true, clock)
                                        : unitResult(unit, state, t.elapsed()));
    }
}

// --- scripts and uptime ----------------------------------------------------------------------

HealthCheckResult scriptResult(const ScriptEntry &script, const ScriptRun &run, qint64 ms,
                               int timeoutSeconds, const Clock &clock)
{
    HealthCheckResult r;
    switch (run.end) {
    case ScriptRun::End::Exited:
        r = result("script", script.name, run.code == 0, ms,
                   run.code == 0 ? tr("exit code 0") : tr("exit code %1").arg(run.code));
        break;
    case ScriptRun::End::Signalled: {
        const char *abbrev = sigabbrev_np(run.code);
        r = result(
            "script", script.name, false, ms,
            tr("killed by signal %1 (SIG%2)")
                .arg(QString::number(run.code), QLatin1String(abbrev != nullptr ? abbrev : "?")));
        break;
    }
    case ScriptRun::End::TimedOut:
        r = result("script", script.name, false, ms,
                   tr("killed after %1 s (script-timeout)").arg(timeoutSeconds));
        break;
    case ScriptRun::End::Stopped:
        r = stopped(run.stop, "script", script.name, ms, true, clock);
        break;
    case ScriptRun::End::NotStarted:
        r = result("script", script.name, false, ms,
                   tr("cannot be run: %1").arg(errnoText(run.code)));
        break;
    }
    r.outputTail = sanitisedTail(run.tail);
    return r;
}

void checkScripts(const SystemConfig &config, const Clock &clock, QList<HealthCheckResult> &checks)
{
    if (config.health.scripts.isEmpty()) {
        return;
    }
    QString problem;
    const auto scripts = listScripts(config.health.scripts, &problem);
    if (!scripts) {
        checks.append(result("script", config.health.scripts, false, 0, problem));
        return;
    }
    for (const ScriptEntry &script : *scripts) {
        const Stop why = clock.stop();
        if (why != Stop::None) {
            checks.append(stopped(why, "script", script.name, 0, false, clock));
        } else if (!script.problem.isEmpty()) {
            checks.append(result("script", script.name, false, 0, script.problem));
        } else {
            QElapsedTimer t;
            t.start();
            const int limit = config.health.scriptTimeoutSeconds;
            const ScriptRun run = runScript(script.path, qint64(limit) * 1000, clock);
            checks.append(scriptResult(script, run, t.elapsed(), limit, clock));
        }
    }
}

// min-uptime: the uptime is read when the run starts; at its end, whatever is still missing is
// waited for (not bounded by the global timeout, only by the cancel flag), unless a check has
// already failed.
class MinimumUptime {
public:
    explicit MinimumUptime(const SystemConfig &config) : m_minimum(config.health.minUptimeSeconds)
    {
        if (m_minimum <= 0) {
            return;
        }
        const QString path = config.health.procDirectory + QStringLiteral("/uptime");
        m_atStart = firstNumber(readSmallFile(path, &m_error));
        if (m_error.isEmpty() && !m_atStart) {
            m_error = tr("%1 does not start with the uptime").arg(displayString(path, 256));
        }
    }

    void finish(const QElapsedTimer &runTime, const Clock &clock,
                QList<HealthCheckResult> &checks) const
    {
        if (m_minimum <= 0) {
            return;
        }
        const QString name = QStringLiteral("min-uptime");
        if (!m_error.isEmpty()) {
            checks.append(result("uptime", name, false, 0, m_error));
            return;
        }
        const auto upNow = [&] {
            return QString::number(*m_atStart + double(runTime.elapsed()) / 1000.0, 'f', 0);
        };
        const QString minimum = QString::number(m_minimum);
        const qint64 neededMs = qint64((m_minimum - *m_atStart) * 1000.0) - runTime.elapsed();
        if (neededMs <= 0) {
            checks.append(result("uptime", name, true, 0,
                                 tr("up %1 s (minimum %2 s)").arg(upNow(), minimum)));
            return;
        }
        if (std::any_of(checks.cbegin(), checks.cend(),
                        [](const HealthCheckResult &c) { return !c.passed; })) {
            checks.append(result("uptime", name, false, 0,
                                 tr("up %1 s, less than the minimum of %2 s; not waited for "
                                    "because another check failed")
                                     .arg(upNow(), minimum)));
            return;
        }
        QElapsedTimer t;
        t.start();
        const Stop why = clock.sleep(neededMs, false);
        checks.append(why != Stop::None ? stopped(why, "uptime", name, t.elapsed(), true, clock)
                                        : result("uptime", name, true, t.elapsed(),
                                                 tr("up %1 s after waiting %2 s (minimum %3 s)")
                                                     .arg(upNow(), seconds(t.elapsed()), minimum)));
    }

private:
    int m_minimum;
    std::optional<double> m_atStart;
    QString m_error;
};

} // namespace

// --- HealthRunner ----------------------------------------------------------------------------

HealthRunner::HealthRunner(SystemConfig config, UnitQuery units)
    : m_config(std::move(config)), m_units(std::move(units))
{}

HealthReport HealthRunner::run(const std::atomic<bool> *cancel)
{
    HealthReport report;
    report.startedAt = QDateTime::currentDateTimeUtc();
    QElapsedTimer runTime;
    runTime.start();
    const Clock clock(m_config.health.timeoutSeconds, cancel);

    // Read first: the wait for the minimum uptime runs alongside everything else.
    const MinimumUptime uptime(m_config);
    Sampler sampler(m_config, clock);
    checkUnits(m_config.health.units, m_units, clock, report.checks);
    checkScripts(m_config, clock, report.checks);
    sampler.finish(report.checks);
    uptime.finish(runTime, clock, report.checks);

    for (const HealthCheckResult &check : std::as_const(report.checks)) {
        report.timedOut = report.timedOut || check.kind == QLatin1String("timeout");
        report.cancelled = report.cancelled || check.kind == QLatin1String("cancelled");
    }
    report.passed = (report.firstFailure() == nullptr);
    report.durationMs = runTime.elapsed();
    return report;
}

} // namespace seesaw
