// seesawd's one worker: installs, slot marks, rollbacks and status reads run here, one after the
// other, on a thread of their own, so the D-Bus event loop never waits for a device. Only one
// *operation* (install, mark, rollback, acknowledge) may be under way at a time; status reads
// queue behind it. Results come back on the owner's thread.
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"
#include "device/device.h"
#include "install/installer.h"

#include <QMetaObject>
#include <QObject>
#include <QString>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

namespace seesaw {

struct JobResult {
    enum class Kind { Install, Action };
    Kind kind = Kind::Action;
    quint64 id = 0;
    bool ok = false;
    Error error;            // when !ok
    QString message;        // when ok: what happened, in operator words
    InstallOutcome outcome; // installs
};

class JobRunner : public QObject {
    Q_OBJECT
public:
    // The device is used only from the worker thread from now on (and must outlive the runner).
    explicit JobRunner(Device &device, QObject *parent = nullptr);
    ~JobRunner() override; // cancels an install and waits for the worker

    bool busy() const { return m_current != 0; }
    bool installing() const { return busy() && m_currentKind == JobResult::Kind::Install; }
    bool dryRunning() const { return installing() && m_currentDryRun; }
    // "installing 2.1.0 (42%)", "marking slot A good"
    QString busyDescription() const;

    // Installs from fd (owned by the job). The manifest hash is compared with the bundle's
    // before anything else ("daemon.hash-mismatch"). Returns the job id, 0 when busy.
    quint64 startInstall(const std::shared_ptr<UniqueFd> &fd, const InstallOptions &options);
    // A short operation on the device; its message is the job's result. 0 when busy.
    quint64 startAction(const QString &description,
                        const std::function<Result<QString>(Device &)> &action);
    // Asks the running install to stop (honoured until the boot loader commit).
    bool cancel();

    // Reads something from the device on the worker thread, behind any running job, and hands it
    // to `done` on this object's thread. Does not make the runner busy.
    template <typename T>
    void query(std::function<T(Device &)> work, std::function<void(const T &)> done)
    {
        QMetaObject::invokeMethod(
            m_worker,
            [this, work, done] {
                auto value = std::make_shared<T>(work(m_device));
                QMetaObject::invokeMethod(
                    this, [done, value] { done(*value); }, Qt::QueuedConnection);
            },
            Qt::QueuedConnection);
    }

Q_SIGNALS:
    // An install passed its checks and writing (or, for a dry run, verifying) began.
    // `transaction` is empty for a dry run.
    void installStarted(quint64 id, const QString &transaction);
    // The newest progress, at most 10 times a second, and the first report of each new phase
    // besides, in order: a phase shorter than a tick (the commit, often) is still seen.
    void progressChanged(const seesaw::InstallProgress &progress);
    void finished(const seesaw::JobResult &result);

private:
    quint64 begin(JobResult::Kind kind, const QString &description);
    void deliver(const JobResult &result);
    // `transaction` is empty for a dry run.
    void onProgress(quint64 id, const InstallProgress &progress, const QString &transaction);
    // Emits the phase changes not yet told, then the newest progress if it is newer (owner).
    void flushProgress();
    Result<InstallOutcome> runInstall(quint64 id, int fd, const InstallOptions &options);

    Device &m_device;
    QThread m_thread;
    QObject *m_worker = nullptr; // lives on m_thread
    quint64 m_lastId = 0;
    quint64 m_current = 0; // owner thread only
    JobResult::Kind m_currentKind = JobResult::Kind::Action;
    bool m_currentDryRun = false;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_startedSent{false};

    // Written by the worker and the installer's progress thread, read by the owner.
    mutable std::mutex m_mutex;
    QString m_description;
    InstallProgress m_progress;
    bool m_progressDirty = false;
    // The first report of each phase since the last flush (at most one per phase and image:
    // bounded by the bundle's image count, which the manifest bounds).
    QList<InstallProgress> m_phaseChanges;
    bool m_flushQueued = false;
    QTimer m_progressTimer;
};

} // namespace seesaw
