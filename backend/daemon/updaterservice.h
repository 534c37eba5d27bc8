// org.seesaw.Updater1 at /org/seesaw/Updater1: the object behind the adaptor generated from
// org.seesaw.Updater1.xml. Every method asks polkit first, on every call, with the caller's
// unique bus name; only then are its arguments looked at. Replies are delayed and sent when the
// work (on the worker thread or a short-lived reader) is done, so the event loop never blocks
// on a device. Property reads are answered from a snapshot the worker refreshes.
#pragma once

#include "channelpoller.h"
#include "device/device.h"
#include "device/deviceactions.h"
#include "hawkbitclient.h"
#include "installjob.h"
#include "pendingauthorizations.h"
#include "polkitauthority.h"
#include "propertypublisher.h"

#include <QDBusConnection>
#include <QDBusContext>
#include <QDBusMessage>
#include <QDBusUnixFileDescriptor>
#include <QElapsedTimer>
#include <QFileSystemWatcher>
#include <QHash>
#include <QList>
#include <QLoggingCategory>
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <QVariantMap>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace seesaw {

Q_DECLARE_LOGGING_CATEGORY(lcService)

class MediaManager;

class UpdaterService : public QObject, protected QDBusContext {
    Q_OBJECT
    Q_PROPERTY(QString State READ state)
    Q_PROPERTY(QString Compatible READ compatible)
    Q_PROPERTY(QString Version READ version)
    Q_PROPERTY(QString BootedSlot READ bootedSlot)
    Q_PROPERTY(QString PrimarySlot READ primarySlot)
    Q_PROPERTY(QList<QVariantMap> Slots READ slotList)
    Q_PROPERTY(QVariantMap Progress READ progress)
    Q_PROPERTY(QVariantMap LastResult READ lastResult)
    Q_PROPERTY(QVariantMap Channel READ channel)
    Q_PROPERTY(QVariantMap Fleet READ fleet)
    Q_PROPERTY(QList<QVariantMap> Artifacts READ artifacts)

public:
    static constexpr char ServiceName[] = "org.seesaw.Updater1";
    static constexpr char ObjectPath[] = "/org/seesaw/Updater1";
    static constexpr char Interface[] = "org.seesaw.Updater1";

    // `media` may be null (seesawd --no-media): media methods then answer NoSuchMedia.
    UpdaterService(std::unique_ptr<Device> device, MediaManager *media, QDBusConnection bus,
                   QObject *parent = nullptr);
    ~UpdaterService() override;

    // Creates the adaptor and registers the object at ObjectPath (not the name).
    bool registerOn(QDBusConnection &bus);

    [[nodiscard]] QString state() const;
    [[nodiscard]] QString compatible() const;
    [[nodiscard]] QString version() const;
    [[nodiscard]] QString bootedSlot() const;
    [[nodiscard]] QString primarySlot() const;
    [[nodiscard]] QList<QVariantMap> slotList() const;
    [[nodiscard]] QVariantMap progress() const { return m_progress; }
    [[nodiscard]] QVariantMap lastResult() const;
    [[nodiscard]] QVariantMap channel() const { return m_channel->status(); }
    [[nodiscard]] QVariantMap fleet() const { return m_fleet->status(); }
    [[nodiscard]] QList<QVariantMap> artifacts() const { return m_artifacts; }

public Q_SLOTS: // NOLINT(readability-redundant-access-specifiers): moc needs the section
    QVariantMap InspectBundle(const QDBusUnixFileDescriptor &fd);
    QList<QVariantMap> ListMedia();
    QList<QVariantMap> ScanMedia(const QString &media_id);
    QString InstallBundle(const QDBusUnixFileDescriptor &fd, const QString &manifest_hash,
                          const QVariantMap &options);
    QString InstallFromMedia(const QString &media_id, const QString &relative_path,
                             const QString &manifest_hash, const QVariantMap &options);
    void Cancel();
    void Reboot();
    void MarkGood();
    void MarkBad();
    void Rollback();
    void AcknowledgeResult();
    QList<QVariantMap> History(uint limit);
    QString ExportReport(const QString &media_id);
    QVariantMap CheckChannel();
    QVariantMap SetChannel(const QString &name, const QString &manifest_url);
    QVariantMap DownloadUpdate();
    QString InstallUpdate();
    QVariantMap CheckFleet();
    QVariantMap AnswerFleet(bool install);
    void RollbackArtifact(const QString &repository, const QString &name);

Q_SIGNALS:
    void Completed(bool success, const QString &error_code, const QString &message);
    void MediaChanged();

private:
    using Handler = std::function<void(const QDBusMessage &request)>;
    // Delays the reply, asks polkit about `action`, and runs `then` only when allowed. A
    // caller's first call waits for the bus daemon to tell its uid (asynchronously: the event
    // loop must keep refusing a flood meanwhile). Beyond the limits of PendingAuthorizations,
    // or of calls waiting for their caller's uid, the call is refused at once (TooManyRequests).
    void authorize(const char *action, Handler then);
    struct Authorizing {
        QDBusMessage request; // holds any descriptor the caller passed
        Handler then;
        QString actionId;
    };
    void lookUpCaller(const QString &busName);
    void admit(const Authorizing &call, uint uid);
    void onDecision(quint64 ticket, const PolkitAuthority::Decision &decision);
    void refuse(const QDBusMessage &request, const Error &error);
    void logRefusal(const QDBusMessage &request, const Error &error);
    void reply(const QDBusMessage &request, const QVariant &value = {});
    void replyError(const QDBusMessage &request, const Error &error);
    // Answers `request` with the channel's status, or the error.
    ChannelPoller::Done replier(const QDBusMessage &request);
    // Busy is checked after authorisation and answered with what is running.
    bool refuseWhenBusy(const QDBusMessage &request);

    void startInstall(const QDBusMessage &request, const std::shared_ptr<UniqueFd> &fd,
                      const InstallOptions &options, const QString &mediaId);
    // The update the channel or the fleet server staged (the one configured); `request` is empty
    // when its maintenance window started it.
    void installStaged(const QDBusMessage &request);
    // The staged update's source was told that its install ended, or could not start.
    void stagedInstallEnded(const JobResult &result);
    void startAction(const QDBusMessage &request, const QString &description,
                     const std::function<Result<QString>(Device &)> &action);
    void onInstallStarted(quint64 id, const QString &transaction);
    void onJobFinished(const JobResult &result);
    // Runs read-only work on a reader thread. At most MaxReaderRequests are running or waiting
    // at once (each may hold a client's descriptor); beyond that the request is answered Busy
    // and false returned.
    bool runInBackground(const QDBusMessage &request, std::function<void()> work);
    static constexpr int MaxReaderRequests = 32;
    void runRebootCommand();

    void refreshStatus();
    void applyStatus(const Result<DeviceStatus> &status);
    void publishState(); // State depends on the job as well as on the snapshot
    void notifyChanged(const QString &property, const QVariant &value);

    std::unique_ptr<Device> m_device; // used on the worker thread and by readers
    MediaManager *m_media;
    QDBusConnection m_bus;
    PolkitAuthority *m_polkit;
    JobRunner *m_jobs;
    // Calls waiting for their caller's uid, by caller; calls waiting for polkit, by ticket.
    // Dropped the moment the answer is there, and with them any descriptor they carry.
    QHash<QString, QList<Authorizing>> m_unidentified;
    int m_unidentifiedTotal = 0;
    QHash<quint64, Authorizing> m_authorizing;
    quint64 m_lastTicket = 0;
    PendingAuthorizations m_admission;
    // Refusals for too many requests are logged at most once a second, with a count.
    QElapsedTimer m_refusalLog;
    int m_refusalsUnlogged = 0;
    QThreadPool m_readers; // inspections, scans, history: read-only, concurrent with a job
    std::atomic<int> m_readerRequests{0};

    struct PendingReply {
        QDBusMessage request;
        bool install = false;
        bool replied = false; // an install is answered when writing begins
        QString mediaId;      // released when an install from it ends
        bool staged = false;  // the channel's or fleet's update: told how the install ended
    };
    QHash<quint64, PendingReply> m_pending; // by job id

    std::optional<DeviceStatus> m_status;
    QList<QVariantMap> m_artifacts; // the Artifacts property
    QString m_statusError;
    QVariantMap m_progress;
    QString m_publishedState;
    bool m_refreshRunning = false;
    bool m_refreshAgain = false;
    // Run after the next status refresh that starts after they were queued (replies, Completed).
    QList<std::function<void()>> m_afterNextRefresh;
    QList<std::function<void()>> m_afterCurrentRefresh;
    QFileSystemWatcher m_watcher;
    QTimer m_watchDebounce;
    PropertyPublisher *m_publisher;
    ChannelPoller *m_channel;
    bool m_channelStarted = false;
    HawkbitClient *m_fleet;
};

} // namespace seesaw
