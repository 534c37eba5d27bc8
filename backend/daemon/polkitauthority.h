// Asks polkit whether a D-Bus caller may perform an action: CheckAuthorization on
// org.freedesktop.PolicyKit1 over the bus itself (Debian 12 has no polkit-qt6), asynchronously,
// with the caller's unique bus name as the subject. Anything but a clear "yes" is a denial:
// polkitd not running, a timeout, a malformed reply, or "authentication needed" without an agent.
#pragma once

#include <QDBusConnection>
#include <QDBusMessage>
#include <QObject>
#include <QString>
#include <functional>

namespace seesaw {

namespace polkit {
inline constexpr char Inspect[] = "org.seesaw.inspect";
inline constexpr char Install[] = "org.seesaw.install";
inline constexpr char Reboot[] = "org.seesaw.reboot"; // also rollback
inline constexpr char Mark[] = "org.seesaw.mark";
inline constexpr char ConfigureChannel[] = "org.seesaw.configure-channel";
} // namespace polkit

class PolkitAuthority : public QObject {
    Q_OBJECT
public:
    struct Decision {
        bool authorized = false;
        QString reason; // why not, for the log and the AccessDenied message
    };
    using Callback = std::function<void(const Decision &)>;

    // Calls go out on `bus`, the connection the callers came in on.
    explicit PolkitAuthority(QDBusConnection bus, QObject *parent = nullptr);

    // An operator may take a while to type a password into the polkit agent (only a check that
    // needs one waits this long).
    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }

    // Calls `done` exactly once, later, from the event loop (never from inside check()).
    void check(const QString &busName, const QString &actionId, Callback done);

private:
    static QDBusMessage checkAuthorization(const QString &busName, const QString &actionId,
                                           quint32 flags);

    QDBusConnection m_bus;
    int m_timeoutMs = 120 * 1000;
};

} // namespace seesaw
