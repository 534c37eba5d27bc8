#include "updaterclient.h"

#include "dbuserrors.h"
#include "dbusplain.h"
#include "dbustypes.h"
#include "updater1proxy.h"

#include <QCoreApplication>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusServiceWatcher>
#include <QQmlEngine>
#include <QSysInfo>
#include <utility>

using seesawui::plainList;
using seesawui::plainMap;

namespace {

const QString Service = QStringLiteral("org.seesaw.Updater1");
const QString ObjectPath = QStringLiteral("/org/seesaw/Updater1");
const QString PropertiesInterface = QStringLiteral("org.freedesktop.DBus.Properties");
// polkit may ask the operator for a password before seesawd answers; it waits up to two
// minutes for that, so a call must be allowed a little longer before it counts as NoReply.
constexpr int CallTimeoutMs = 130 * 1000;

bool isActiveState(const QString &state)
{
    return state == QLatin1String("installing") || state == QLatin1String("inspecting");
}

} // namespace

QPointer<UpdaterClient> UpdaterClient::s_instance;

UpdaterClient::UpdaterClient(QDBusConnection bus, QObject *parent)
    : QObject(parent), m_bus(std::move(bus))
{
    setUp();
}

UpdaterClient::~UpdaterClient() = default;

UpdaterClient *UpdaterClient::instance()
{
    if (s_instance == nullptr) {
        s_instance = new UpdaterClient(QDBusConnection::systemBus(), QCoreApplication::instance());
    }
    return s_instance;
}

UpdaterClient *UpdaterClient::create(QQmlEngine * /*unused*/, QJSEngine * /*unused*/)
{
    UpdaterClient *client = instance();
    QJSEngine::setObjectOwnership(client, QJSEngine::CppOwnership);
    return client;
}

void UpdaterClient::setUp()
{
    m_clock.start();
    seesaw::registerUpdaterDBusTypes();
    m_watcher =
        new QDBusServiceWatcher(Service, m_bus, QDBusServiceWatcher::WatchForOwnerChange, this);
    connect(m_watcher, &QDBusServiceWatcher::serviceOwnerChanged, this,
            [this](const QString &, const QString &, const QString &newOwner) {
                setConnected(!newOwner.isEmpty());
                if (m_connected) {
                    refreshAll();
                }
            });
    // Subscribing first lets QtDBus cache the service's owner: the proxy below then needs no
    // call of its own (the single blocking GetNameOwner at start-up).
    m_bus.connect(Service, ObjectPath, PropertiesInterface, QStringLiteral("PropertiesChanged"),
                  this, SLOT(onPropertiesChanged(QString, QVariantMap, QStringList)));
    m_proxy = std::make_unique<OrgSeesawUpdater1Interface>(Service, ObjectPath, m_bus);
    m_proxy->setTimeout(CallTimeoutMs);
    connect(m_proxy.get(), &OrgSeesawUpdater1Interface::Completed, this,
            [this](bool success, const QString &code, const QString &message) {
                if (success && m_state == QLatin1String("installed") &&
                    (m_tracker.fraction() < 1 || !m_tracker.finished())) {
                    m_tracker.finish(m_clock.elapsed());
                    Q_EMIT progressChanged();
                }
                Q_EMIT completed(success, code.isEmpty() ? QString() : shortCode(code), message);
            });
    connect(m_proxy.get(), &OrgSeesawUpdater1Interface::MediaChanged, this,
            &UpdaterClient::mediaChanged);
    refreshAll();
}

void UpdaterClient::refreshAll()
{
    if (!m_bus.isConnected()) {
        qInfo().noquote() << "seesaw-ui: no system bus:" << m_bus.lastError().message();
        return; // QtDBus would hand out a call that never finishes
    }
    QDBusMessage getAll = QDBusMessage::createMethodCall(Service, ObjectPath, PropertiesInterface,
                                                         QStringLiteral("GetAll"));
    getAll << Service;
    const quint64 generation = ++m_refreshGeneration;
    auto *watcher = new QDBusPendingCallWatcher(m_bus.asyncCall(getAll, CallTimeoutMs), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, generation](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                if (generation != m_refreshGeneration) {
                    return; // a newer GetAll is on its way
                }
                const QDBusPendingReply<QVariantMap> reply = *w;
                if (reply.isError()) {
                    const QString name = reply.error().name();
                    qInfo().noquote() << "seesawd properties:" << reply.error().message();
                    if (shortCode(name) == QLatin1String("NoReply")) {
                        setConnected(false);
                    }
                    return;
                }
                setConnected(true);
                applyProperties(reply.value());
            });
}

void UpdaterClient::setConnected(bool connected)
{
    if (m_connected == connected) {
        return;
    }
    m_connected = connected;
    Q_EMIT connectedChanged();
}

void UpdaterClient::onPropertiesChanged(const QString &interface, const QVariantMap &changed,
                                        const QStringList &invalidated)
{
    if (interface != Service) {
        return;
    }
    if (!m_connected) {
        setConnected(true);
        refreshAll();
    }
    applyProperties(changed);
    if (!invalidated.isEmpty()) {
        refreshAll();
    }
}

void UpdaterClient::applyProperties(const QVariantMap &properties)
{
    bool device = false;
    const QString previousState = m_state;
    for (auto it = properties.cbegin(); it != properties.cend(); ++it) {
        const QString &key = it.key();
        if (key == QLatin1String("State")) {
            m_state = it.value().toString();
        } else if (key == QLatin1String("Compatible")) {
            m_compatible = it.value().toString();
            device = true;
        } else if (key == QLatin1String("Version")) {
            m_version = it.value().toString();
            device = true;
        } else if (key == QLatin1String("BootedSlot")) {
            m_bootedSlot = it.value().toString();
            device = true;
        } else if (key == QLatin1String("PrimarySlot")) {
            m_primarySlot = it.value().toString();
            device = true;
        } else if (key == QLatin1String("Slots")) {
            m_slots = plainList(it.value());
            device = true;
        } else if (key == QLatin1String("LastResult")) {
            m_lastResult = plainMap(it.value());
            Q_EMIT lastResultChanged();
        } else if (key == QLatin1String("Channel")) {
            m_channel = plainMap(it.value());
            Q_EMIT channelChanged();
        } else if (key == QLatin1String("Fleet")) {
            m_fleet = plainMap(it.value());
            Q_EMIT fleetChanged();
        } else if (key == QLatin1String("Artifacts")) {
            m_artifacts = plainList(it.value());
            Q_EMIT artifactsChanged();
        }
    }
    if (m_state != previousState) {
        // A new install (ours or another client's) starts its bar from zero.
        if (isActiveState(m_state) && !isActiveState(previousState)) {
            resetFraction(!previousState.isEmpty());
        }
        Q_EMIT stateChanged();
    }
    if (device) {
        Q_EMIT deviceChanged();
    }
    const auto progress = properties.constFind(QStringLiteral("Progress"));
    if (progress != properties.cend()) {
        m_progress = plainMap(progress.value());
        m_tracker.report(m_progress, m_clock.elapsed());
        Q_EMIT progressChanged();
    }
    const bool canRollBackNow = canRollBack();
    if (canRollBackNow != m_canRollBack) {
        m_canRollBack = canRollBackNow;
        Q_EMIT canRollBackChanged();
    }
}

void UpdaterClient::resetFraction(bool seen)
{
    const bool shown = m_tracker.fraction() != 0 || m_tracker.finished();
    m_tracker.begin(seen ? m_clock.elapsed() : -1);
    if (shown) {
        Q_EMIT progressChanged();
    }
}

QVariantMap UpdaterClient::otherSlot() const
{
    for (const QVariant &slot : m_slots) {
        QVariantMap map = slot.toMap();
        if (!map.value(QStringLiteral("booted")).toBool()) {
            return map;
        }
    }
    return {};
}

bool UpdaterClient::canRollBack() const
{
    return m_connected && !isActiveState(m_state) &&
           otherSlot().value(QStringLiteral("state")).toString() == QLatin1String("good");
}

// NOLINTNEXTLINE(readability-convert-member-functions-to-static): a QML property's accessor
QString UpdaterClient::deviceName() const
{
    return QSysInfo::machineHostName();
}

QString UpdaterClient::shortCode(const QString &errorName)
{
    if (QString ours = seesaw::dbuserror::shortName(errorName); !ours.isEmpty()) {
        return ours;
    }
    static const QStringList noAnswer{QDBusError::errorString(QDBusError::NoReply),
                                      QDBusError::errorString(QDBusError::Timeout),
                                      QDBusError::errorString(QDBusError::TimedOut),
                                      QDBusError::errorString(QDBusError::ServiceUnknown),
                                      QDBusError::errorString(QDBusError::Disconnected),
                                      QStringLiteral("org.freedesktop.DBus.Error.NameHasNoOwner")};
    if (noAnswer.contains(errorName)) {
        return QStringLiteral("NoReply");
    }
    if (errorName == QDBusError::errorString(QDBusError::AccessDenied)) {
        return QStringLiteral("AccessDenied");
    }
    return QStringLiteral("Failed");
}
