#include "propertypublisher.h"

#include <QDBusMessage>
#include <QStringList>
#include <algorithm>
#include <utility>

namespace seesaw {

namespace {
constexpr int FlushIntervalMs = 100; // PropertiesChanged at most 10 times a second
} // namespace

PropertyPublisher::PropertyPublisher(QDBusConnection bus, QString objectPath, QString interface,
                                     QObject *parent)
    : QObject(parent), m_bus(std::move(bus)), m_path(std::move(objectPath)),
      m_interface(std::move(interface))
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire early: > 10 Hz
    connect(&m_timer, &QTimer::timeout, this, &PropertyPublisher::flush);
}

void PropertyPublisher::notify(const QString &property, const QVariant &value)
{
    m_changed.insert(property, value);
    schedule();
}

void PropertyPublisher::afterFlush(const QList<std::function<void()>> &callbacks)
{
    m_afterFlush += callbacks;
    schedule();
}

void PropertyPublisher::schedule()
{
    if (m_timer.isActive()) {
        return;
    }
    const qint64 since = m_sinceFlush.isValid() ? m_sinceFlush.elapsed() : FlushIntervalMs;
    m_timer.start(int(std::max<qint64>(0, FlushIntervalMs - since)));
}

void PropertyPublisher::flush()
{
    m_timer.stop();
    if (!m_changed.isEmpty()) {
        QDBusMessage signal =
            QDBusMessage::createSignal(m_path, QStringLiteral("org.freedesktop.DBus.Properties"),
                                       QStringLiteral("PropertiesChanged"));
        signal << m_interface << std::exchange(m_changed, {}) << QStringList();
        m_bus.send(signal);
        m_sinceFlush.start();
    }
    // Replies and Completed go out after the properties they depend on.
    const auto callbacks = std::exchange(m_afterFlush, {});
    for (const auto &callback : callbacks) {
        callback();
    }
}

} // namespace seesaw
