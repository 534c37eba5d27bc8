#include "pendingauthorizations.h"

#include "dbusmapping.h"

#include <QCoreApplication>

namespace seesaw {

namespace {

Error tooMany(const char *text, int limit)
{
    return daemonError(daemoncode::TooManyRequests,
                       QCoreApplication::translate("seesaw::Service", text).arg(limit));
}

} // namespace

Error tooManyFromConnection(int limit)
{
    return tooMany(QT_TRANSLATE_NOOP("seesaw::Service",
                                     "This connection has %1 requests waiting for "
                                     "authorization; wait for their answers first."),
                   limit);
}

Error tooManyInService(int limit)
{
    return tooMany(QT_TRANSLATE_NOOP("seesaw::Service",
                                     "The update service has %1 requests waiting for "
                                     "authorization; try again in a moment."),
                   limit);
}

PendingAuthorizations::PendingAuthorizations(Limits limits) : m_limits(limits) {}

std::optional<uint> PendingAuthorizations::knownUid(const QString &busName) const
{
    const auto caller = m_names.constFind(busName);
    if (caller == m_names.constEnd()) {
        return std::nullopt;
    }
    return caller->uid;
}

Status PendingAuthorizations::admit(const QString &busName, uint uid)
{
    auto known = m_names.find(busName);
    if (known != m_names.end() && known->pending >= m_limits.perConnection) {
        return tooManyFromConnection(m_limits.perConnection);
    }
    const bool fullForUser = m_users.value(uid) >= m_limits.perUser;
    if (fullForUser || m_total >= m_limits.total) {
        if (known == m_names.end()) {
            // Its next call need not ask the bus again.
            m_names.insert(busName, {uid, 0});
            rememberIdle(busName);
        }
        if (fullForUser) {
            return tooMany(QT_TRANSLATE_NOOP("seesaw::Service",
                                             "This user has %1 requests waiting for "
                                             "authorization; wait for their answers first."),
                           m_limits.perUser);
        }
        return tooManyInService(m_limits.total);
    }
    Caller &caller = m_names[busName];
    caller.uid = uid;
    ++caller.pending;
    ++m_users[uid];
    ++m_total;
    return Ok{};
}

void PendingAuthorizations::release(const QString &busName)
{
    auto caller = m_names.find(busName);
    if (caller == m_names.end() || caller->pending <= 0) {
        return;
    }
    auto user = m_users.find(caller->uid);
    if (user != m_users.end() && --*user <= 0) {
        m_users.erase(user);
    }
    --m_total;
    if (--caller->pending == 0) {
        rememberIdle(busName);
    }
}

void PendingAuthorizations::rememberIdle(const QString &busName)
{
    m_idle.append(busName);
    if (m_idle.size() <= m_limits.idleCallers) {
        return;
    }
    // A name appears again when it became idle again since: forget only an idle one.
    const QString oldest = m_idle.takeFirst();
    auto forgotten = m_names.find(oldest);
    if (forgotten != m_names.end() && forgotten->pending <= 0) {
        m_names.erase(forgotten);
    }
}

} // namespace seesaw
