// What an install reports while it runs, and the ticker that reports it during the write.
#pragma once

#include <QElapsedTimer>
#include <QString>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace seesaw {

struct InstallProgress {
    enum class Phase { Checking, Verifying, Writing, Syncing, Committing, Done };
    Phase phase = Phase::Checking;
    quint64 done = 0;  // bytes
    quint64 total = 0; // bytes
    double rate = 0;   // bytes per second over the write so far
    qint64 etaSeconds = -1;
    QString message;
    static QString phaseName(Phase phase);
};
using InstallProgressFn = std::function<void(const InstallProgress &)>;

// Reports progress at 10 Hz from its own thread, whatever the speed of the pipeline, so the
// operator never sees a frozen percentage while a slow device writes.
class ProgressTicker {
public:
    ProgressTicker(const InstallProgressFn &fn, quint64 total);
    ~ProgressTicker() { stop(); }
    ProgressTicker(const ProgressTicker &) = delete;
    ProgressTicker &operator=(const ProgressTicker &) = delete;

    // A new phase is reported at once, not at the next tick: a phase shorter than a tick (the
    // fsync of a small image) is still seen.
    void setPhase(InstallProgress::Phase phase);
    void add(quint64 bytes) { m_done += bytes; }
    [[nodiscard]] quint64 done() const { return m_done; }
    void stop();
    InstallProgress snapshot();

private:
    void report();
    void run();

    const InstallProgressFn &m_fn;
    const quint64 m_total;
    std::atomic<quint64> m_done{0};
    QElapsedTimer m_clock;
    std::mutex m_mutex;
    std::mutex m_reportMutex;
    std::condition_variable m_wake;
    InstallProgress::Phase m_phase = InstallProgress::Phase::Writing;
    bool m_stopped = false;
    std::thread m_thread;
};

} // namespace seesaw
