// The QML singleton `Updater`: seesawd's state mirrored from its properties, and every call to
// it made asynchronously with a request id, so the GUI thread never waits on the daemon.
#pragma once

#include "progresstracker.h"

#include <QDBusConnection>
#include <QDBusError>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>
#include <functional>
#include <memory>

class OrgSeesawUpdater1Interface;
class QDBusPendingCall;
class QDBusPendingCallWatcher;
class QDBusServiceWatcher;
class QDBusUnixFileDescriptor;
class QJSEngine;
class QQmlEngine;

class UpdaterClient : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(Updater)
    QML_SINGLETON
    Q_PROPERTY(bool connected READ connected NOTIFY connectedChanged)
    Q_PROPERTY(QString state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString compatible READ compatible NOTIFY deviceChanged)
    Q_PROPERTY(QString version READ version NOTIFY deviceChanged)
    Q_PROPERTY(QString bootedSlot READ bootedSlot NOTIFY deviceChanged)
    Q_PROPERTY(QString primarySlot READ primarySlot NOTIFY deviceChanged)
    Q_PROPERTY(QVariantList slots READ slotList NOTIFY deviceChanged)
    Q_PROPERTY(QVariantMap otherSlot READ otherSlot NOTIFY deviceChanged)
    Q_PROPERTY(QVariantMap progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(double progressFraction READ progressFraction NOTIFY progressChanged)
    Q_PROPERTY(bool installFinished READ installFinished NOTIFY progressChanged)
    Q_PROPERTY(double averageRate READ averageRate NOTIFY progressChanged)
    Q_PROPERTY(double installSeconds READ installSeconds NOTIFY progressChanged)
    Q_PROPERTY(QVariantMap lastResult READ lastResult NOTIFY lastResultChanged)
    Q_PROPERTY(QVariantMap channel READ channel NOTIFY channelChanged)
    Q_PROPERTY(QVariantMap fleet READ fleet NOTIFY fleetChanged)
    // The entries of the artifact repositories (D-Bus Artifacts): repository, type, name,
    // version ("" when not in use), previous, bytes, kept.
    Q_PROPERTY(QVariantList artifacts READ artifacts NOTIFY artifactsChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(bool canRollBack READ canRollBack NOTIFY canRollBackChanged)
    Q_PROPERTY(QString deviceName READ deviceName CONSTANT)

public:
    // Over `bus`: QDBusConnection::systemBus() (DBUS_SYSTEM_BUS_ADDRESS honoured) for
    // instance(). Not default-constructible, so that QML uses create() and shares instance().
    explicit UpdaterClient(QDBusConnection bus, QObject *parent = nullptr);
    ~UpdaterClient() override;

    // The one instance the QML singleton, MediaModel and HistoryModel share; made on first use,
    // owned by the application object.
    static UpdaterClient *instance();
    static UpdaterClient *create(QQmlEngine * /*unused*/, QJSEngine * /*unused*/);

    [[nodiscard]] bool connected() const { return m_connected; }
    [[nodiscard]] QString state() const { return m_state; }
    [[nodiscard]] QString compatible() const { return m_compatible; }
    [[nodiscard]] QString version() const { return m_version; }
    [[nodiscard]] QString bootedSlot() const { return m_bootedSlot; }
    [[nodiscard]] QString primarySlot() const { return m_primarySlot; }
    [[nodiscard]] QVariantList slotList() const { return m_slots; }
    [[nodiscard]] QVariantList artifacts() const { return m_artifacts; }
    [[nodiscard]] QVariantMap otherSlot() const;
    [[nodiscard]] QVariantMap progress() const { return m_progress; }
    [[nodiscard]] double progressFraction() const { return m_tracker.fraction(); }
    // The install this UI watched has finished (phase "done" or Completed); then how fast it
    // wrote on average (bytes/s, 0 unknown) and how long it took (s, -1 unknown).
    [[nodiscard]] bool installFinished() const { return m_tracker.finished(); }
    [[nodiscard]] double averageRate() const { return m_tracker.averageRate(); }
    [[nodiscard]] double installSeconds() const { return m_tracker.seconds(); }
    [[nodiscard]] QVariantMap lastResult() const { return m_lastResult; }
    // seesawd's Channel property (docs/dbus-api.md), nested maps plain.
    [[nodiscard]] QVariantMap channel() const { return m_channel; }
    // seesawd's Fleet property: the hawkBit server (docs/dbus-api.md), nested maps plain.
    [[nodiscard]] QVariantMap fleet() const { return m_fleet; }
    [[nodiscard]] bool busy() const { return m_inFlight > 0; }
    [[nodiscard]] bool canRollBack() const;
    [[nodiscard]] QString deviceName() const;

    Q_INVOKABLE int inspectFile(const QString &path);
    Q_INVOKABLE int scanMedium(const QString &mediaId);
    Q_INVOKABLE int installFile(const QString &path, const QString &manifestHash,
                                const QVariantMap &options = {});
    Q_INVOKABLE int installFromMedium(const QString &mediaId, const QString &relativePath,
                                      const QString &manifestHash, const QVariantMap &options = {});
    Q_INVOKABLE int cancel();
    Q_INVOKABLE int reboot();
    Q_INVOKABLE int markGood();
    Q_INVOKABLE int rollback();
    // An artifact back to its previous version (RollbackArtifact); done() or failed().
    Q_INVOKABLE int rollbackArtifact(const QString &repository, const QString &name);
    Q_INVOKABLE int acknowledgeResult();
    Q_INVOKABLE int loadHistory(int limit);
    Q_INVOKABLE int exportReport(const QString &mediaId);
    // The update channel: check now, download the offered update now, install the downloaded
    // one now (started() when writing begins, as for installFile).
    Q_INVOKABLE int checkChannel();
    Q_INVOKABLE int downloadUpdate();
    Q_INVOKABLE int installUpdate();
    // The fleet server: poll now; the operator's answer to its question (install, or not now).
    Q_INVOKABLE int checkFleet();
    Q_INVOKABLE int answerFleet(bool install);

    // For the models: ListMedia / ScanMedia without a request id and without making the UI
    // busy. `done` runs in `context`'s thread unless `context` is gone by then; on failure
    // `code` is set (as in failed()).
    using ListHandler =
        std::function<void(const QVariantList &items, const QString &code, const QString &message)>;
    void fetchMedia(QObject *context, ListHandler done);
    void fetchScan(const QString &mediaId, QObject *context, ListHandler done);

    // The short code of a D-Bus error name ("org.seesaw.Updater1.Error.Busy" → "Busy"); bus
    // errors that mean the daemon did not answer become "NoReply".
    static QString shortCode(const QString &errorName);

Q_SIGNALS:
    void connectedChanged();
    void stateChanged();
    void deviceChanged();
    void progressChanged();
    void lastResultChanged();
    void channelChanged();
    void fleetChanged();
    void artifactsChanged();
    void busyChanged();
    void canRollBackChanged();

    void inspected(int requestId, const QVariantMap &summary);
    void scanned(int requestId, const QString &mediaId, const QVariantList &bundles);
    void started(int requestId, const QString &transaction);
    void done(int requestId, const QString &message);
    void failed(int requestId, const QString &code, const QString &message);
    void historyLoaded(int requestId, const QVariantList &entries);
    void completed(bool success, const QString &code, const QString &message);
    void mediaChanged();

private:
    using ReplyHandler = std::function<void(int requestId, QDBusPendingCallWatcher &reply)>;

    void setUp();
    void refreshAll();
    void setConnected(bool connected);
    void applyProperties(const QVariantMap &properties);
    // A new install starts: the bar from zero. `seen`: its start is happening now (false: it
    // was already running when this UI first learned the state).
    void resetFraction(bool seen = true);
    int nextId() { return ++m_lastId; }
    // Tracks one of our calls: busy while it runs, failed() on error, else onReply.
    int track(const QDBusPendingCall &call, ReplyHandler onReply);
    int failLater(const QString &code, const QString &message);
    void emitFailure(int requestId, const QDBusError &error);
    int voidCall(const QDBusPendingCall &call);
    // fetchMedia/fetchScan: `call` is made only while connected; its aa{sv} reply goes to done.
    void fetchList(const std::function<QDBusPendingCall()> &call, QObject *context,
                   ListHandler done);
    // Opens a local bundle for the daemon; on failure sets code and message.
    static bool openBundle(const QString &path, QDBusUnixFileDescriptor *fd, QString *code,
                           QString *message);

    QDBusConnection m_bus;
    std::unique_ptr<OrgSeesawUpdater1Interface> m_proxy;
    QDBusServiceWatcher *m_watcher = nullptr;
    bool m_connected = false;
    int m_lastId = 0;
    int m_inFlight = 0;
    quint64 m_refreshGeneration = 0;
    bool m_canRollBack = false;

    QString m_state;
    QString m_compatible;
    QString m_version;
    QString m_bootedSlot;
    QString m_primarySlot;
    QVariantList m_slots;
    QVariantList m_artifacts;
    QVariantMap m_progress;
    QVariantMap m_lastResult;
    QVariantMap m_channel;
    QVariantMap m_fleet;
    ProgressTracker m_tracker;
    QElapsedTimer m_clock; // the tracker's times

    static QPointer<UpdaterClient> s_instance;

private Q_SLOTS: // NOLINT(readability-redundant-access-specifiers): moc needs the section
    void onPropertiesChanged(const QString &interface, const QVariantMap &changed,
                             const QStringList &invalidated);
};
