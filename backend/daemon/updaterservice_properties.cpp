// UpdaterService's properties: answered from the last status snapshot, refreshed on the worker
// after every job and whenever the data directory changes, and announced by PropertyPublisher
// (at most 10 PropertiesChanged a second).
#include "dbusmapping.h"
#include "updaterservice.h"

#include <QDBusMessage>

namespace seesaw {

// --- properties --------------------------------------------------------------------------------

QString UpdaterService::state() const
{
    if ((m_jobs != nullptr) && m_jobs->dryRunning()) {
        return QStringLiteral("inspecting"); // a dry run verifies; it installs nothing
    }
    if ((m_jobs != nullptr) && m_jobs->installing()) {
        return QStringLiteral("installing");
    }
    if (!m_status) {
        return QStringLiteral("idle");
    }
    if (m_status->pending) {
        return m_status->pending->toBootname == m_status->bootedSlot ? QStringLiteral("booted-new")
                                                                     : QStringLiteral("installed");
    }
    const LastResult &last = m_status->lastResult;
    if (last.acknowledged) {
        return QStringLiteral("idle");
    }
    switch (last.outcome) {
    case LastResult::Outcome::None:
        return QStringLiteral("idle");
    case LastResult::Outcome::Installed:
        return QStringLiteral("installed");
    case LastResult::Outcome::Failed:
    case LastResult::Outcome::Interrupted:
        return QStringLiteral("failed");
    case LastResult::Outcome::Good:
        return QStringLiteral("good");
    case LastResult::Outcome::HealthFailed:
    case LastResult::Outcome::BootFailed:
    case LastResult::Outcome::RolledBack:
        return QStringLiteral("rolled-back");
    }
    return QStringLiteral("idle");
}

QString UpdaterService::compatible() const
{
    return m_device->config().compatible;
}

QString UpdaterService::version() const
{
    return m_status ? m_status->version : QString();
}

QString UpdaterService::bootedSlot() const
{
    return m_device->booted().bootname;
}

QString UpdaterService::primarySlot() const
{
    return m_status ? m_status->primary : QString();
}

QList<QVariantMap> UpdaterService::slotList() const
{
    return m_status ? slotsMaps(*m_status) : QList<QVariantMap>();
}

QVariantMap UpdaterService::lastResult() const
{
    return lastResultMap(m_status ? m_status->lastResult : LastResult{});
}

// --- properties over the bus -------------------------------------------------------------------

void UpdaterService::refreshStatus()
{
    if (m_refreshRunning) {
        m_refreshAgain = true;
        return;
    }
    m_refreshRunning = true;
    m_afterCurrentRefresh = std::exchange(m_afterNextRefresh, {});
    m_jobs->query<Result<DeviceStatus>>([](Device &device) { return statusSnapshot(device); },
                                        [this](const Result<DeviceStatus> &s) { applyStatus(s); });
    m_jobs->query<QList<QVariantMap>>([](Device &device) { return artifactMaps(device.config()); },
                                      [this](const QList<QVariantMap> &artifacts) {
                                          if (artifacts != m_artifacts) {
                                              m_artifacts = artifacts;
                                              notifyChanged(QStringLiteral("Artifacts"),
                                                            QVariant::fromValue(m_artifacts));
                                          }
                                      });
}

void UpdaterService::applyStatus(const Result<DeviceStatus> &status)
{
    const QString oldVersion = version();
    const QString oldPrimary = primarySlot();
    const QList<QVariantMap> oldSlots = slotList();
    const QVariantMap oldLast = lastResult();
    if (status) {
        m_status = *status;
    } else if (status.error().message != m_statusError) {
        qCWarning(lcService).noquote() << "cannot read the device state:" << status.error().message;
    }
    m_statusError = status ? QString() : status.error().message;
    m_channel->setBootedVersion(version());
    const bool waiting = m_status && m_status->pending &&
                         m_status->pending->kind == PendingTransaction::Kind::Install &&
                         m_status->pending->toBootname != m_status->bootedSlot;
    m_channel->setPendingVersion(waiting ? m_status->pending->toVersion : QString());
    if (m_status) {
        m_fleet->setDevice({version(), bootedSlot(), m_status->lastResult});
    }
    if (!m_channelStarted && m_status) {
        m_channelStarted = true;
        m_channel->start();
    }
    publishState();
    if (version() != oldVersion) {
        notifyChanged(QStringLiteral("Version"), version());
    }
    if (primarySlot() != oldPrimary) {
        notifyChanged(QStringLiteral("PrimarySlot"), primarySlot());
    }
    if (slotList() != oldSlots) {
        notifyChanged(QStringLiteral("Slots"), QVariant::fromValue(slotList()));
    }
    if (lastResult() != oldLast) {
        notifyChanged(QStringLiteral("LastResult"), lastResult());
    }

    m_refreshRunning = false;
    const auto callbacks = std::exchange(m_afterCurrentRefresh, {});
    if (m_refreshAgain || !m_afterNextRefresh.isEmpty()) {
        m_refreshAgain = false;
        refreshStatus();
    }
    if (!callbacks.isEmpty()) {
        m_publisher->afterFlush(callbacks);
    }
}

void UpdaterService::publishState()
{
    const QString now = state();
    if (now == m_publishedState) {
        return;
    }
    m_publishedState = now;
    notifyChanged(QStringLiteral("State"), now);
}

void UpdaterService::notifyChanged(const QString &property, const QVariant &value)
{
    m_publisher->notify(property, value);
}

} // namespace seesaw
