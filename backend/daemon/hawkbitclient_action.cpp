// HawkbitClient's second half: what the device does with the action a poll found (a deployment,
// a cancel, a question for the operator), the download and the install of a deployment, and its
// result: closed/success only once the new system booted and passed its health check.
#include "base/hostilestring.h"
#include "config/maintenancewindow.h"
#include "dbusmapping.h"
#include "hawkbitclient.h"
#include "net/download.h"
#include "net/urltext.h"
#include "networkplugin.h"

#include <QFile>
#include <QLoggingCategory>
#include <QMetaObject>

namespace seesaw {

Q_DECLARE_LOGGING_CATEGORY(lcFleet)

namespace {

constexpr qsizetype MaxFinished = 16;
const QString Downloading = QStringLiteral("downloading");
const QString Downloaded = QStringLiteral("downloaded");
const QString Scheduled = QStringLiteral("scheduled");
const QString Installing = QStringLiteral("installing");
const QString Installed = QStringLiteral("installed");

QString timeText(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

// A download that failed on the way (the next poll tries again), not on what arrived.
bool retryable(const Error &e)
{
    return e.code == QLatin1String("net.unreachable") || e.code == QLatin1String("net.timeout") ||
           e.code == QLatin1String("net.unavailable") || e.code == QLatin1String("net.tls") ||
           e.code == QLatin1String("cancelled");
}

} // namespace

void HawkbitClient::onDeployment(const ddi::Deployment &deployment)
{
    m_question.reset();
    if (m_record.finished.contains(deployment.actionId)) {
        return; // its result is queued; the server closes it once it arrives
    }
    if (deployment.actionId != m_record.actionId) {
        if (m_record.phase == Installing || m_record.phase == Installed) {
            return; // the running action's result comes first
        }
        dropDownload();
        m_record = {deployment.actionId, {}, {}, {}, m_record.finished, m_record.reportedVersion};
        m_deployment = deployment;
        saveRecord();
        qCInfo(lcFleet).noquote() << "deployment" << deployment.actionId << "offered";
        if (auto bundle = ddi::seesawBundle(deployment); !bundle) {
            finishAction(false, bundle.error().message);
            return;
        }
    }
    m_deployment = deployment; // its handling and window may have changed since
    if (m_record.phase == Installing || m_record.phase == Installed || m_downloading) {
        return;
    }
    if (m_staged) {
        considerInstall();
    } else if (deployment.download != ddi::Handling::Skip &&
               (!m_downloadError || retryable(*m_downloadError))) {
        startDownload(*ddi::seesawBundle(deployment));
    }
}

void HawkbitClient::startDownload(const ddi::Artifact &artifact)
{
    if (m_record.phase.isEmpty()) {
        feedback(ddi::Execution::Download, ddi::Finished::None,
                 tr("Downloading %1 (%2 bytes).")
                     .arg(artifact.filename, QString::number(artifact.size)));
    }
    m_record.phase = Downloading;
    saveRecord();
    m_downloading = true;
    m_cancelDownload = false;
    m_downloadError.reset();
    m_downloadProgress = {
        {QStringLiteral("done"), QVariant::fromValue(qulonglong(0))},
        {QStringLiteral("total"), QVariant::fromValue(qulonglong(artifact.size))}};
    publish();
    m_downloader.start([this, config = m_config, artifact] {
        DownloadRequest r;
        r.url = artifact.download;
        r.tls = tls(config.hawkbit);
        r.sha256 = artifact.sha256;
        r.size = artifact.size;
        r.directory = config.stagingDirectory();
        r.bandwidthLimit = config.network.bandwidthLimit;
        r.authorizedServer = QUrl(config.hawkbit.server);
        r.cancel = &m_cancelDownload;
        r.progress = [this](const DownloadProgress &p) {
            QMetaObject::invokeMethod(
                this,
                [this, p] {
                    m_downloadProgress = {
                        {QStringLiteral("done"), QVariant::fromValue(qulonglong(p.done))},
                        {QStringLiteral("total"), QVariant::fromValue(qulonglong(p.total))},
                        {QStringLiteral("rate"), p.rate}};
                    publish();
                },
                Qt::QueuedConnection);
        };
        Result<ChannelPoller::Staged> staged = [&]() -> Result<ChannelPoller::Staged> {
            auto plugin = networkPlugin();
            if (!plugin) {
                return plugin.error();
            }
            auto token = authorization(**plugin, config.hawkbit);
            if (!token) {
                return token.error();
            }
            r.authorization = *token;
            auto got = (*plugin)->downloadFile(r);
            if (!got) {
                return got.error();
            }
            auto verified =
                ChannelPoller::verifyDownload(config, got->path, std::nullopt, m_cancelDownload);
            if (!verified) {
                QFile::remove(got->path); // never offered for install
            }
            return verified;
        }();
        QMetaObject::invokeMethod(
            this, [this, staged] { onDownloaded(staged); }, Qt::QueuedConnection);
    });
}

void HawkbitClient::onDownloaded(const Result<ChannelPoller::Staged> &staged)
{
    m_downloading = false;
    m_downloadProgress.clear();
    if (m_record.phase != Downloading) {
        return; // cancelled meanwhile
    }
    if (!staged) {
        m_downloadError = staged.error();
        qCWarning(lcFleet).noquote() << "download failed:" << staged.error().message;
        if (!retryable(staged.error())) {
            finishAction(false, tr("The update could not be used: %1").arg(staged.error().message));
        }
        publish();
        return;
    }
    m_staged = *staged;
    m_record.version = staged->version;
    m_record.phase = Downloaded;
    saveRecord();
    feedback(ddi::Execution::Downloaded, ddi::Finished::None,
             tr("Downloaded %1 and verified its signature and every chunk.").arg(staged->version));
    considerInstall();
    publish();
}

void HawkbitClient::considerInstall()
{
    m_windowTimer.stop();
    if (!m_staged || !m_deployment || m_installing) {
        return;
    }
    if (m_deployment->update == ddi::Handling::Skip) {
        publish(); // downloaded; the server says when
        return;
    }
    const QDateTime now = QDateTime::currentDateTime();
    const bool forced = m_deployment->update == ddi::Handling::Forced;
    const QList<MaintenanceWindow> &windows = m_config.network.maintenanceWindows;
    const bool serverClosed = m_deployment->maintenanceWindowOpen == std::optional<bool>(false);
    const bool deviceOpen = forced || inMaintenanceWindow(windows, now);
    if (serverClosed || !deviceOpen) {
        if (m_record.phase != Scheduled) {
            m_record.phase = Scheduled;
            saveRecord();
            feedback(ddi::Execution::Scheduled, ddi::Finished::None,
                     serverClosed
                         ? tr("%1 waits for the server's maintenance window.").arg(m_record.version)
                         : tr("%1 waits for the device's maintenance window (%2).")
                               .arg(m_record.version, maintenanceWindowText(windows)));
        }
        m_installAt = serverClosed ? QDateTime() : nextMaintenanceWindow(windows, now).toUTC();
        if (!serverClosed) { // checked at least hourly: the clock may be set or jump
            m_windowTimer.start(std::chrono::milliseconds(
                std::clamp<qint64>(now.msecsTo(m_installAt), 1000, qint64(3600) * 1000)));
        }
        publish();
        return;
    }
    if (m_record.phase == Scheduled) {
        feedback(ddi::Execution::Resumed, ddi::Finished::None,
                 tr("The maintenance window is open: installing %1.").arg(m_record.version));
    }
    m_installAt = now.toUTC();
    Q_EMIT installDue();
}

void HawkbitClient::installStarted()
{
    m_installing = true;
    m_windowTimer.stop();
    m_record.phase = Installing;
    saveRecord();
    feedback(ddi::Execution::Proceeding, ddi::Finished::None,
             tr("Installing %1.").arg(m_record.version));
    publish();
}

void HawkbitClient::installDeferred()
{
    // Another job runs (an install from a stick, say): asked again in a minute.
    m_windowTimer.start(std::chrono::minutes(1));
}

void HawkbitClient::installFinished(const JobResult &result)
{
    m_installing = false;
    m_installAt = {};
    if (m_staged && !m_staged->remote) {
        QFile::remove(m_staged->path);
    }
    m_staged.reset();
    if (!result.ok) {
        finishAction(false, tr("The install failed: %1").arg(result.error.message));
        return;
    }
    if (result.outcome.targetBootname.isEmpty()) {
        finishAction(
            true,
            tr("%1 is installed and in use; it needed no restart.").arg(result.outcome.version));
        return;
    }
    m_record.phase = Installed;
    m_record.transaction = result.outcome.transactionId;
    saveRecord();
    feedback(ddi::Execution::Proceeding, ddi::Finished::None,
             tr("%1 is written to slot %2. The result follows once it booted and passed its "
                "health check.")
                 .arg(result.outcome.version, result.outcome.targetBootname));
    publish();
    const HawkbitConfig::Reboot reboot = m_config.hawkbit.reboot;
    if (reboot == HawkbitConfig::Reboot::Always ||
        (reboot == HawkbitConfig::Reboot::Forced && m_deployment &&
         m_deployment->update == ddi::Handling::Forced)) {
        qCInfo(lcFleet).noquote() << "restarting into" << result.outcome.targetBootname
                                  << "for action" << m_record.actionId;
        Q_EMIT rebootDue();
    }
}

void HawkbitClient::checkResultAfterBoot()
{
    const LastResult &last = m_device.last;
    if (m_record.phase == Installing && !m_installing) {
        // seesawd stopped during the install (a power cut, a restart): it committed or not.
        if (last.version == m_record.version && !last.transactionId.isEmpty() &&
            last.outcome != LastResult::Outcome::Interrupted &&
            last.outcome != LastResult::Outcome::Failed &&
            last.outcome != LastResult::Outcome::None) {
            m_record.phase = Installed;
            m_record.transaction = last.transactionId;
            saveRecord();
        } else {
            finishAction(false, tr("The install of %1 was interrupted (power loss or a restart) "
                                   "before it was complete; the device runs %2.")
                                    .arg(m_record.version, m_device.version));
            return;
        }
    }
    if (m_record.phase != Installed || last.transactionId != m_record.transaction) {
        return;
    }
    switch (last.outcome) {
    case LastResult::Outcome::None:
    case LastResult::Outcome::Installed:
        return; // not booted, or its health check has not run yet
    case LastResult::Outcome::Good:
        finishAction(true, tr("%1 booted from slot %2 and passed its health check.")
                               .arg(m_record.version, m_device.bootedSlot));
        return;
    case LastResult::Outcome::Failed:
    case LastResult::Outcome::HealthFailed:
    case LastResult::Outcome::BootFailed:
    case LastResult::Outcome::RolledBack:
    case LastResult::Outcome::Interrupted:
        finishAction(false, last.detail.isEmpty() ? last.message
                                                  : last.message + QStringLiteral(" (") +
                                                        last.detail + QLatin1Char(')'));
        return;
    }
}

void HawkbitClient::finishAction(bool success, const QString &detail)
{
    feedback(ddi::Execution::Closed, success ? ddi::Finished::Success : ddi::Finished::Failure,
             detail);
    closeRecord(m_record.actionId);
    publish();
}

void HawkbitClient::closeRecord(const QString &actionId)
{
    m_record.finished.append(actionId);
    while (m_record.finished.size() > MaxFinished) {
        m_record.finished.removeFirst();
    }
    if (actionId == m_record.actionId) {
        dropDownload();
        m_deployment.reset();
        m_record = {{}, {}, {}, {}, m_record.finished, m_record.reportedVersion};
    }
    saveRecord();
}

void HawkbitClient::dropDownload()
{
    m_cancelDownload = true;
    m_windowTimer.stop();
    m_installAt = {};
    if (m_staged && !m_staged->remote) {
        QFile::remove(m_staged->path);
    }
    m_staged.reset();
    m_downloadError.reset();
}

void HawkbitClient::onCancel(const ddi::CancelAction &cancel)
{
    if (m_record.finished.contains(cancel.actionId) ||
        m_rejectedCancels.contains(cancel.actionId)) {
        return; // answered; the answer is queued or was taken
    }
    const bool ours = !m_record.actionId.isEmpty() && cancel.stopId == m_record.actionId;
    const bool committed = ours && (m_record.phase == Installing || m_record.phase == Installed);
    ddi::Feedback f;
    if (committed) {
        f.execution = ddi::Execution::Rejected;
        f.details = {tr("%1 is already written and committed; it can no longer be cancelled. "
                        "Its result follows after the reboot.")
                         .arg(m_record.version)};
        m_rejectedCancels.append(cancel.actionId);
    } else {
        f.execution = ddi::Execution::Closed;
        f.finished = ddi::Finished::Success;
        f.details = {ours ? tr("Cancelled before anything was written.")
                          : tr("Nothing of this action runs on the device.")};
        if (ours && cancel.actionId != m_record.actionId) {
            closeRecord(m_record.actionId); // the stopped action is over too
        }
        closeRecord(cancel.actionId);
    }
    queueReport({cancel.actionId, QStringLiteral("cancelAction"), ddi::feedbackBody(f), true});
    m_lastReport = ddi::executionName(f.execution) + QStringLiteral(": ") + f.details.value(0);
    qCInfo(lcFleet).noquote() << "cancel of" << cancel.stopId << m_lastReport;
}

void HawkbitClient::onConfirmation(const ddi::Deployment &confirmation)
{
    if (m_question && m_question->actionId == confirmation.actionId) {
        // Answered and taken, still asked: a "not now" is asked again; a "yes" waits for the
        // server to turn it into a deployment.
        if (m_answered && m_delivery.waiting == 0 && !m_answeredYes) {
            m_answered = false;
        }
        return;
    }
    m_question = confirmation;
    m_answered = false;
    qCInfo(lcFleet).noquote() << "action" << confirmation.actionId
                              << "waits for the operator's consent";
}

void HawkbitClient::answer(bool install, const Done &done)
{
    if (!m_question || m_answered) {
        done(daemonError(daemoncode::InvalidArgument,
                         tr("The fleet server is not asking anything now.")));
        return;
    }
    const QString detail = install ? tr("The operator on the device agreed to install it.")
                                   : tr("The operator on the device said not now.");
    queueReport({m_question->actionId, QStringLiteral("confirmationBase"),
                 ddi::confirmationBody(install, {detail}), true});
    m_answered = true;
    m_answeredYes = install;
    m_lastReport = (install ? QStringLiteral("confirmed: ") : QStringLiteral("denied: ")) + detail;
    publish();
    done(m_status);
}

void HawkbitClient::publish()
{
    QVariantMap m;
    m.insert(QStringLiteral("server"), displayString(m_config.hawkbit.server, 200));
    m.insert(QStringLiteral("controller"), shownUrl(m_controller));
    m.insert(QStringLiteral("last-poll"), timeText(m_lastPoll));
    m.insert(QStringLiteral("next-poll"), timeText(m_nextPoll));
    m.insert(QStringLiteral("error-code"), m_error ? m_error->code : QString());
    m.insert(QStringLiteral("error"), m_error ? m_error->message : QString());
    m.insert(QStringLiteral("action"), m_record.actionId);
    m.insert(QStringLiteral("version"), m_record.version);
    m.insert(QStringLiteral("reports-waiting"), m_delivery.waiting);
    m.insert(QStringLiteral("last-report"), m_lastReport);
    m.insert(QStringLiteral("installed-base"), m_installedBaseNote);
    QString state;
    if (!enabled()) {
        state = QStringLiteral("disabled");
    } else if (m_question && !m_answered) {
        state = QStringLiteral("question");
        m.insert(QStringLiteral("question-action"), m_question->actionId);
        QString offered;
        for (const ddi::Chunk &c : m_question->chunks) {
            offered = offered.isEmpty() ? c.version : offered;
        }
        m.insert(QStringLiteral("question-version"), offered);
    } else if (m_downloading) {
        state = QStringLiteral("downloading");
        m.insert(QStringLiteral("download"), m_downloadProgress);
    } else if (!m_record.phase.isEmpty()) {
        state = m_record.phase;
    } else if (m_polling) {
        state = QStringLiteral("checking");
    } else if (m_error) {
        state = QStringLiteral("failed");
    } else {
        state = m_lastPoll.isValid() ? QStringLiteral("idle") : QStringLiteral("unknown");
    }
    m.insert(QStringLiteral("state"), state);
    if (m_downloadError) {
        m.insert(QStringLiteral("download-error-code"), m_downloadError->code);
        m.insert(QStringLiteral("download-error"), m_downloadError->message);
    }
    m.insert(QStringLiteral("installs-at"),
             m_installAt.isValid() ? m_installAt.toString(Qt::ISODate) : QString());
    m.insert(QStringLiteral("maintenance-window"),
             maintenanceWindowText(m_config.network.maintenanceWindows));
    if (m != m_status) {
        m_status = m;
        Q_EMIT statusChanged(m_status);
    }
}

} // namespace seesaw
