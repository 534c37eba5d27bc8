// org.freedesktop.DBus.Properties.PropertiesChanged for one object: what changed within a tick is
// merged and sent at most 10 times a second, and work that depends on the new values (replies,
// signals) runs only after they went out.
#pragma once

#include <QDBusConnection>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QVariant>
#include <QVariantMap>
#include <functional>

namespace seesaw {

class PropertyPublisher : public QObject {
public:
    PropertyPublisher(QDBusConnection bus, QString objectPath, QString interface,
                      QObject *parent = nullptr);

    // Announces the new value with the next PropertiesChanged.
    void notify(const QString &property, const QVariant &value);
    // The value waiting to be announced, or an invalid QVariant.
    [[nodiscard]] QVariant pending(const QString &property) const
    {
        return m_changed.value(property);
    }
    // Sends what is waiting now, then runs what waited for it.
    void flush();
    // Runs after the next PropertiesChanged (at once when nothing is waiting, within 100 ms).
    void afterFlush(const QList<std::function<void()>> &callbacks);

private:
    void schedule();

    QDBusConnection m_bus;
    QString m_path;
    QString m_interface;
    QVariantMap m_changed;
    QList<std::function<void()>> m_afterFlush;
    QTimer m_timer;
    QElapsedTimer m_sinceFlush;
};

} // namespace seesaw
