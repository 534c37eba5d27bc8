// Bounds on the calls waiting for polkit's answer. Each one holds its message, and with it the
// caller's file descriptor, until polkit answers, and each is a call from seesawd to polkitd
// that the bus counts. Without a bound any local user could make seesawd hold thousands of
// descriptors (libdbus stops reading the bus once 4096 received ones are alive, and then
// polkit's answers no longer arrive either), and the bus refuses seesawd's 129th outstanding
// call (max_replies_per_connection, 128 on the system bus), which polkit's absence turns into
// "denied" for root too. A caller is counted three ways: by its unique bus name, by its uid
// (one user may open many connections) and all together; one user gets a third of the total,
// so a single hostile user cannot crowd out root or the kiosk user.
#pragma once

#include "base/result.h"

#include <QHash>
#include <QString>
#include <optional>

namespace seesaw {

namespace limits {
// The UI has a handful of calls in flight at once (media list, a scan per stick, an
// inspection, the history); the CLI one.
inline constexpr int PendingPerConnection = 16;
inline constexpr int PendingPerUser = 32;
// Below the bus's 128 outstanding calls per connection, with room for seesawd's own calls.
inline constexpr int PendingTotal = 96;
// Callers with nothing pending whose uid is still remembered, newest first: asking the bus for
// every refused call would slow seesawd exactly when it is flooded. As many as one user may
// have connections on the system bus (max_connections_per_user).
inline constexpr int RememberedIdleCallers = 256;
// Calls waiting for the bus to tell their caller's uid (a caller's first calls; at most
// PendingPerConnection per connection). Generous, so that many new connections of one user
// cannot fill it, and still only a few thousand descriptors.
inline constexpr int UnidentifiedTotal = 1024;
} // namespace limits

// The refusals beyond a bound, also for calls still waiting to learn their caller's uid.
Error tooManyFromConnection(int limit);
Error tooManyInService(int limit);

class PendingAuthorizations {
public:
    struct Limits {
        int perConnection = limits::PendingPerConnection;
        int perUser = limits::PendingPerUser;
        int total = limits::PendingTotal;
        int idleCallers = limits::RememberedIdleCallers;
    };
    explicit PendingAuthorizations(Limits limits);

    // The uid of `busName` if it is remembered (the bus daemon told it earlier).
    [[nodiscard]] std::optional<uint> knownUid(const QString &busName) const;
    // Counts a call from `busName` (whose uid the bus daemon told) in, or refuses it with
    // "daemon.too-many-requests" beyond a limit. The name's uid is remembered while it has
    // calls pending, and afterwards among the last `idleCallers` idle names (a unique name is
    // never reused, so its uid never changes): the cache never outgrows total + idleCallers.
    Status admit(const QString &busName, uint uid);
    // The call's answer went out (or it was dropped): its place is free again.
    void release(const QString &busName);

    [[nodiscard]] int total() const { return m_total; }
    [[nodiscard]] int cachedNames() const { return int(m_names.size()); }

private:
    struct Caller {
        uint uid = 0;
        int pending = 0;
    };
    void rememberIdle(const QString &busName);

    Limits m_limits;
    QHash<QString, Caller> m_names; // names with pending calls, and the remembered idle ones
    QList<QString> m_idle;          // names that became idle, oldest first
    QHash<uint, int> m_users;       // only uids with pending calls
    int m_total = 0;
};

} // namespace seesaw
