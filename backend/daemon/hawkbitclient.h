// seesawd's side of an Eclipse hawkBit server (docs/hawkbit.md), beside the channel poller: a
// device uses one of the two. Polls the controller base as the server says (config.polling.sleep,
// held to [hawkbit] poll-min..poll-max, plus jitter; backing off after errors), carries out the
// one action the server names: a deployment (download with the token kept on the server, checked
// against the server's SHA-256 and then as every bundle; installed in the server's and the
// device's maintenance windows, or at once when forced), a cancel (accepted before the commit,
// rejected after), or a question for the operator (confirmationBase). Every report is first
// written to the queue (net/ddireports.h) and sent from there; the final result of a deployment
// only after the new system booted and passed its health check, or fell back.
//
// Network work runs on a worker thread of its own, one request sequence at a time, in order
// (polls and queue writes alike); downloads on another. What it knows is published as one
// dictionary, the D-Bus property Fleet (docs/dbus-api.md).
#pragma once

#include "channelpoller.h"
#include "installjob.h"
#include "net/ddi.h"
#include "net/ddireports.h"
#include "net/tlsoptions.h"
#include "state/devicestate.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>
#include <QThreadPool>
#include <QTimer>
#include <QVariantMap>
#include <atomic>
#include <optional>

namespace seesaw {

class NetworkPlugin;

class HawkbitClient : public QObject {
    Q_OBJECT
public:
    explicit HawkbitClient(SystemConfig config, QObject *parent = nullptr);
    ~HawkbitClient() override;

    [[nodiscard]] bool enabled() const { return m_config.hawkbit.enabled(); }

    // What the device status says; the first call starts polling (the version is known then).
    struct DeviceFacts {
        QString version;
        QString bootedSlot;
        LastResult last;
    };
    void setDevice(const DeviceFacts &facts);

    using Done = ChannelPoller::Done;
    // Polls now (or after the running poll) and answers with the new status.
    void checkNow(Done done);
    // The operator's answer to the server's question (confirmationBase): install, or not now.
    void answer(bool install, const Done &done);

    [[nodiscard]] const std::optional<ChannelPoller::Staged> &staged() const { return m_staged; }
    void installStarted();
    // The install could not start (another job runs): tried again in a minute.
    void installDeferred();
    void installFinished(const JobResult &result);

    [[nodiscard]] QVariantMap status() const { return m_status; }

    // The wait before the next poll: the server's sleep held to the bounds, or the back-off after
    // `failures` failed polls in a row.
    static qint64 nextDelayMs(const HawkbitConfig &config, std::optional<qint64> sleepSeconds,
                              int failures);

Q_SIGNALS:
    void statusChanged(const QVariantMap &status);
    // The downloaded update may install now (forced, or in both maintenance windows).
    void installDue();
    // A deployment's slot is written and [hawkbit] reboot= says to restart for it.
    void rebootDue();

public:
    // What one poll found (hawkbitclient.cpp, on the worker thread).
    struct Polled {
        std::optional<Error> error;
        std::optional<qint64> sleepSeconds;
        QByteArray etag;
        QByteArray baseBody;
        std::optional<ddi::Deployment> deployment;
        std::optional<ddi::Deployment> confirmation;
        std::optional<ddi::CancelAction> cancel;
        std::optional<Error> actionError; // the linked resource could not be read
        DdiDelivery delivery;
        QString attributesVersion; // the version configData / installedBase told the server
        QString installedBaseNote; // what the server said to installedBase, for the status
    };
    // The action the device carries out, kept in DATA/hawkbit-action.json across restarts.
    struct Record {
        QString actionId;
        QString version;         // the bundle's, once verified
        QString phase;           // downloading, downloaded, scheduled, installing, installed
        QString transaction;     // the install's, once it committed
        QStringList finished;    // actions the device closed (their result queued), newest last
        QString reportedVersion; // the running version the server was last told about
    };

    struct Context; // what the worker needs for one poll

    // How the device meets the server, for polls and downloads alike: its TLS settings, and the
    // Authorization value from the target or gateway token file ("" without one). Any thread.
    static TlsOptions tls(const HawkbitConfig &config);
    static Result<QByteArray> authorization(NetworkPlugin &net, const HawkbitConfig &config);

private:
    [[nodiscard]] Context context() const;
    void startPoll();
    void onPolled(const Polled &polled);
    void schedule(qint64 delayMs);
    void publish();
    // Keeps the report (DATA/hawkbit-reports.json) and delivers it with a poll about a second
    // later: the server sees progress as it happens, not at the next sleep's end.
    void queueReport(const DdiReport &report);
    void feedback(ddi::Execution execution, ddi::Finished finished, const QString &detail);
    void saveRecord();

    // hawkbitclient_action.cpp
    void onDeployment(const ddi::Deployment &deployment);
    void onCancel(const ddi::CancelAction &cancel);
    void onConfirmation(const ddi::Deployment &confirmation);
    void startDownload(const ddi::Artifact &artifact);
    void onDownloaded(const Result<ChannelPoller::Staged> &staged);
    void considerInstall();
    void finishAction(bool success, const QString &detail);
    // `actionId` is answered for good: kept among the finished ones, the record cleared.
    void closeRecord(const QString &actionId);
    void dropDownload();
    void checkResultAfterBoot();

    SystemConfig m_config;
    QUrl m_controller; // empty when the controller id is not usable
    QString m_recordPath;
    Record m_record;
    DeviceFacts m_device;
    bool m_started = false;

    QThreadPool m_worker; // one thread: polls and writes of the report queue, in order
    QTimer m_timer;
    bool m_polling = false;
    bool m_pollAgain = false;
    bool m_deliverSoon = false; // a report was queued while a poll ran
    QList<Done> m_waiting;
    QList<Done> m_waitingAgain;
    int m_failures = 0;
    QDateTime m_lastPoll;
    QDateTime m_nextPoll;
    std::optional<qint64> m_sleepSeconds;
    std::optional<Error> m_error;
    QByteArray m_etag;
    QByteArray m_baseBody;
    DdiDelivery m_delivery;
    QString m_installedBaseNote;
    QString m_lastReport; // the last report queued, in words

    std::optional<ddi::Deployment> m_deployment; // the action carried out, as last read
    std::optional<ddi::Deployment> m_question;   // waiting for the operator's answer
    bool m_answered = false; // the answer to m_question is queued: not asked again meanwhile
    bool m_answeredYes = false;
    QStringList m_rejectedCancels; // cancels answered "rejected" since seesawd started
    bool m_installing = false;

    QThreadPool m_downloader;
    std::atomic<bool> m_cancelDownload{false};
    bool m_downloading = false;
    QVariantMap m_downloadProgress;
    std::optional<Error> m_downloadError;
    std::optional<ChannelPoller::Staged> m_staged;
    QTimer m_windowTimer;
    QDateTime m_installAt;
    QVariantMap m_status;
};

} // namespace seesaw
