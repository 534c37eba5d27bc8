#include "installjob.h"

#include "base/hostilestring.h"
#include "bundle/bundlereader.h"
#include "dbusmapping.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QUuid>

namespace seesaw {

namespace {
constexpr int ProgressIntervalMs = 100; // 10 Hz, the rate the UI and `seesaw monitor` redraw
} // namespace

JobRunner::JobRunner(Device &device, QObject *parent) : QObject(parent), m_device(device)
{
    m_thread.setObjectName(QStringLiteral("seesawd-worker"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();

    m_progressTimer.setInterval(ProgressIntervalMs);
    connect(&m_progressTimer, &QTimer::timeout, this, &JobRunner::flushProgress);
}

void JobRunner::flushProgress()
{
    QList<InstallProgress> changes;
    InstallProgress latest;
    bool dirty = false;
    {
        std::lock_guard lock(m_mutex);
        changes.swap(m_phaseChanges);
        m_flushQueued = false;
        dirty = m_progressDirty;
        m_progressDirty = false;
        latest = m_progress;
    }
    for (const InstallProgress &p : std::as_const(changes)) {
        Q_EMIT progressChanged(p);
    }
    // The newest report, unless it is the phase change just told.
    if (dirty && !(!changes.isEmpty() && changes.constLast().phase == latest.phase &&
                   changes.constLast().done == latest.done)) {
        Q_EMIT progressChanged(latest);
    }
}

JobRunner::~JobRunner()
{
    // An install stops at its next chunk and leaves the target slot marked bad.
    m_cancel = true;
    m_thread.quit();
    m_thread.wait();
}

QString JobRunner::busyDescription() const
{
    std::lock_guard lock(m_mutex);
    if (m_currentKind != JobResult::Kind::Install || m_progress.total == 0) {
        return m_description;
    }
    return tr("%1 (%2%)")
        .arg(m_description, QString::number(m_progress.done * 100 / m_progress.total));
}

quint64 JobRunner::begin(JobResult::Kind kind, const QString &description)
{
    m_current = ++m_lastId;
    m_currentKind = kind;
    m_cancel = false;
    m_startedSent = false;
    std::lock_guard lock(m_mutex);
    m_description = description;
    m_progress = InstallProgress{};
    m_progressDirty = kind == JobResult::Kind::Install;
    m_phaseChanges.clear();
    return m_current;
}

void JobRunner::deliver(const JobResult &result)
{
    // A late result of a job that is no longer the current one is dropped, not applied.
    if (result.id != m_current) {
        return;
    }
    if (result.kind == JobResult::Kind::Install) {
        m_progressTimer.stop();
        InstallProgress last;
        QList<InstallProgress> changes;
        {
            std::lock_guard lock(m_mutex);
            last = m_progress;
            m_progressDirty = false;
            changes.swap(m_phaseChanges);
        }
        // The phases not yet told (the commit, when it was shorter than a tick), then the end.
        for (const InstallProgress &p : std::as_const(changes)) {
            if (p.phase != InstallProgress::Phase::Done) {
                Q_EMIT progressChanged(p);
            }
        }
        if (result.ok) {
            last.phase = InstallProgress::Phase::Done;
        }
        last.message = result.ok ? result.message : result.error.message;
        Q_EMIT progressChanged(last);
    }
    m_current = 0;
    Q_EMIT finished(result);
}

namespace {

// What a finished install tells the operator.
QString installMessage(const InstallOutcome &outcome)
{
    if (outcome.dryRun) {
        return JobRunner::tr("Version %1 can be installed: every check passed and every payload "
                             "was verified; nothing was written.")
            .arg(outcome.version);
    }
    if (outcome.targetBootname.isEmpty()) {
        QStringList changed;
        for (const ArtifactChange &c : outcome.artifacts) {
            changed.append(QStringLiteral("%1/%2 %3").arg(c.repository, c.entry, c.to));
        }
        return JobRunner::tr("Add-ons installed and in use: %1. The health check passed.")
            .arg(changed.join(QStringLiteral(", ")));
    }
    return JobRunner::tr("Version %1 is installed in slot %2 and starts after the next reboot.")
        .arg(outcome.version, outcome.targetBootname);
}

} // namespace

quint64 JobRunner::startInstall(const std::shared_ptr<UniqueFd> &fd, const InstallOptions &options)
{
    if (busy()) {
        return 0;
    }
    const quint64 id = begin(JobResult::Kind::Install, options.dryRun ? tr("verifying an update")
                                                                      : tr("installing an update"));
    m_currentDryRun = options.dryRun;
    m_progressTimer.start();
    QMetaObject::invokeMethod(
        m_worker,
        [this, id, fd, options] {
            auto outcome = runInstall(id, fd->get(), options);
            JobResult result;
            result.kind = JobResult::Kind::Install;
            result.id = id;
            result.ok = outcome.ok();
            if (outcome) {
                result.outcome = *outcome;
                result.message = installMessage(*outcome);
            } else {
                result.error = outcome.error();
            }
            QMetaObject::invokeMethod(
                this, [this, result] { deliver(result); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return id;
}

quint64 JobRunner::startAction(const QString &description,
                               const std::function<Result<QString>(Device &)> &action)
{
    if (busy()) {
        return 0;
    }
    const quint64 id = begin(JobResult::Kind::Action, description);
    QMetaObject::invokeMethod(
        m_worker,
        [this, id, action] {
            auto done = action(m_device);
            JobResult result;
            result.id = id;
            result.ok = done.ok();
            if (done) {
                result.message = *done;
            } else {
                result.error = done.error();
            }
            QMetaObject::invokeMethod(
                this, [this, result] { deliver(result); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return id;
}

bool JobRunner::cancel()
{
    if (!installing()) {
        return false;
    }
    m_cancel = true;
    return true;
}

void JobRunner::onProgress(quint64 id, const InstallProgress &progress, const QString &transaction)
{
    bool queueFlush = false;
    {
        std::lock_guard lock(m_mutex);
        if (progress.phase != m_progress.phase) {
            m_phaseChanges.append(progress);
            queueFlush = !m_flushQueued;
            m_flushQueued = true;
        }
        m_progress = progress;
        m_progressDirty = true;
    }
    // A new phase is told at once, not at the next tick.
    if (queueFlush) {
        QMetaObject::invokeMethod(this, &JobRunner::flushProgress, Qt::QueuedConnection);
    }
    // Writing (or verifying) has begun: the install was accepted. Tell the caller once.
    if (progress.phase != InstallProgress::Phase::Checking && !m_startedSent.exchange(true)) {
        QMetaObject::invokeMethod(
            this,
            [this, id, transaction] {
                if (id == m_current) {
                    Q_EMIT installStarted(id, transaction);
                }
            },
            Qt::QueuedConnection);
    }
}

Result<InstallOutcome> JobRunner::runInstall(quint64 id, int fd, const InstallOptions &options)
{
    QByteArray hash;
    {
        // The bundle is opened (and its signature checked) once before the installer does, to
        // tell a bundle other than the confirmed one apart from the other failed checks.
        auto keyring = m_device.loadKeyring();
        if (!keyring) {
            return keyring.error();
        }
        auto bundle = BundleReader::openFd(fd, *keyring);
        if (!bundle) {
            return bundle.error();
        }
        hash = bundle->manifestHash();
        if (hash != options.confirmedManifestHash) {
            return daemonError(daemoncode::HashMismatch,
                               tr("This is not the update that was confirmed: its manifest hash is "
                                  "%1, the confirmed one %2. Nothing changed.")
                                   .arg(toHex(hash), toHex(options.confirmedManifestHash)));
        }
        std::lock_guard lock(m_mutex);
        const QString version = displayString(bundle->manifest().version.toString(), 64);
        m_description =
            options.dryRun ? tr("verifying %1").arg(version) : tr("installing %1").arg(version);
    }
    if (m_cancel) {
        return makeError(Error::Kind::Cancelled, "cancelled",
                         tr("The installation was cancelled before it began; nothing changed."));
    }
    InstallOptions withId = options;
    if (!options.dryRun) {
        withId.transactionId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    }
    Installer installer(m_device);
    return installer.install(
        fd, withId,
        [this, id, transaction = withId.transactionId](const InstallProgress &p) {
            onProgress(id, p, transaction);
        },
        &m_cancel);
}

} // namespace seesaw
