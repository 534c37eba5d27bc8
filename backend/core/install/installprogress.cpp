#include "install/installprogress.h"

namespace seesaw {

QString InstallProgress::phaseName(Phase phase)
{
    switch (phase) {
    case Phase::Checking:
        return QStringLiteral("checking");
    case Phase::Verifying:
        return QStringLiteral("verifying");
    case Phase::Writing:
        return QStringLiteral("writing");
    case Phase::Syncing:
        return QStringLiteral("syncing");
    case Phase::Committing:
        return QStringLiteral("committing");
    case Phase::Done:
        return QStringLiteral("done");
    }
    return {};
}

ProgressTicker::ProgressTicker(const InstallProgressFn &fn, quint64 total)
    : m_fn(fn), m_total(total)
{
    m_clock.start();
    if (m_fn) {
        m_thread = std::thread([this] { run(); });
    }
}

void ProgressTicker::setPhase(InstallProgress::Phase phase)
{
    {
        std::lock_guard lock(m_mutex);
        if (m_phase == phase) {
            return;
        }
        m_phase = phase;
    }
    report();
}

void ProgressTicker::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopped) {
            return;
        }
        m_stopped = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

InstallProgress ProgressTicker::snapshot()
{
    InstallProgress p;
    {
        std::lock_guard lock(m_mutex);
        p.phase = m_phase;
    }
    p.done = std::min(m_done.load(), m_total);
    p.total = m_total;
    const double seconds = double(m_clock.elapsed()) / 1000.0;
    p.rate = seconds > 0.2 ? double(p.done) / seconds : 0.0;
    p.etaSeconds = p.rate > 0 ? qint64(double(p.total - p.done) / p.rate) : -1;
    return p;
}

// Reports from the ticker's thread and from setPhase() go out one at a time, each with the
// state at that moment: never an older phase after a newer one.
void ProgressTicker::report()
{
    if (!m_fn) {
        return;
    }
    std::lock_guard lock(m_reportMutex);
    m_fn(snapshot());
}

void ProgressTicker::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_stopped) {
        lock.unlock();
        report();
        lock.lock();
        m_wake.wait_for(lock, std::chrono::milliseconds(100), [this] { return m_stopped; });
    }
}

} // namespace seesaw
