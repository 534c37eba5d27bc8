// Internals of the health runner (health.cpp): the clock every wait obeys, running one script,
// listing the scripts directory, and reading the sampled values from /proc and sysfs.
#pragma once

#include <QByteArray>
#include <QDeadlineTimer>
#include <QList>
#include <QString>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <optional>

namespace seesaw::healthprobe {

constexpr qsizetype OutputTailBytes = 4096;
constexpr int SliceMs = 50; // how often waits look at the cancel flag

enum class Stop { None, Timeout, Cancel };

// The run's global deadline and cancel flag, read by the runner and the sampling thread.
class Clock {
public:
    Clock(int timeoutSeconds, const std::atomic<bool> *cancel)
        : m_deadline(qint64(timeoutSeconds) * 1000), m_cancel(cancel),
          m_timeoutSeconds(timeoutSeconds)
    {}
    [[nodiscard]] bool cancelled() const { return (m_cancel != nullptr) && m_cancel->load(); }
    [[nodiscard]] Stop stop() const
    {
        if (cancelled()) {
            return Stop::Cancel;
        }
        return m_deadline.hasExpired() ? Stop::Timeout : Stop::None;
    }
    [[nodiscard]] qint64 remainingMs() const { return m_deadline.remainingTime(); }
    [[nodiscard]] int timeoutSeconds() const { return m_timeoutSeconds; }
    // Sleeps `ms`, or less when the run stops (the deadline only with `honourDeadline`).
    [[nodiscard]] Stop sleep(qint64 ms, bool honourDeadline = true) const
    {
        const QDeadlineTimer until(ms);
        for (;;) {
            const Stop why = honourDeadline ? stop() : (cancelled() ? Stop::Cancel : Stop::None);
            if (why != Stop::None || until.hasExpired()) {
                return why;
            }
            QThread::msleep(ulong(std::clamp<qint64>(until.remainingTime(), 1, SliceMs)));
        }
    }

private:
    QDeadlineTimer m_deadline;
    const std::atomic<bool> *m_cancel;
    int m_timeoutSeconds;
};

struct ScriptRun {
    enum class End { Exited, Signalled, TimedOut, Stopped, NotStarted } end = End::NotStarted;
    int code = 0; // exit code, signal, or errno for NotStarted (ECHILD: exit status lost)
    Stop stop = Stop::None;
    QByteArray tail;
};

// Runs one script in a session (and so a process group) of its own with stdin from /dev/null
// and stdout and stderr into one pipe; when it ends or is killed, whatever is left of its
// process group is killed too. Stops early when `clock` says so.
ScriptRun runScript(const QString &path, qint64 timeoutMs, const Clock &clock);

// Readable text from a script's last bytes: lines kept, '\r' as a line break, other control
// and bidi-override characters as U+FFFD; at most OutputTailBytes of UTF-8.
QString sanitisedTail(const QByteArray &bytes);

struct ScriptEntry {
    QString name;
    QString path;
    QString problem; // why it cannot run; empty when it can
};

// The scripts in name order (bytes, as in the C locale); hidden files, backups and package
// leftovers are ignored and subdirectories skipped. nullopt, with *problem, when the directory
// cannot be listed.
std::optional<QList<ScriptEntry>> listScripts(const QString &directory, QString *problem);

// At most 64 KiB of a small file (procfs reports no size); *error is set when it cannot be read.
QByteArray readSmallFile(const QString &path, QString *error);
// The first blank-separated field as a number.
std::optional<double> firstNumber(const QByteArray &text);

// One sample of each limit: memory in use in % (PROC/meminfo), the 1-minute load average
// (PROC/loadavg), the hottest thermal zone in °C (THERMAL/thermal_zone*/temp). nullopt, with
// *error, when the value cannot be read.
std::optional<double> readMemoryPercent(const QString &proc, QString *error);
std::optional<double> readLoad(const QString &proc, QString *error);
std::optional<double> readTemperature(const QString &thermal, QString *error);

} // namespace seesaw::healthprobe
