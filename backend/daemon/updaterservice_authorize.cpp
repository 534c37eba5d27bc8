// UpdaterService's plumbing: every call is held, its caller identified, polkit asked, and only
// then its handler run; refusals, replies and the bound on read-only work.
#include "base/faultpoint.h"
#include "busquestion.h"
#include "dbusmapping.h"
#include "updaterservice.h"

#include <QDBusMessage>

namespace seesaw {

namespace {

// The bus daemon answers at once, but its answer is lost while seesawd's queue on the bus is
// full (busquestion.h): short waits first, 15 s in all, within a caller's default 25 s.
const QList<int> UidLookupWaitsMs{1000, 2000, 4000, 8000};

} // namespace

void UpdaterService::authorize(const char *action, Handler then)
{
    setDelayedReply(true);
    Authorizing call{message(), std::move(then), QString::fromLatin1(action)};
    const QString caller = call.request.service();
    if (const std::optional<uint> uid = m_admission.knownUid(caller)) {
        return admit(call, *uid);
    }
    auto waiting = m_unidentified.find(caller);
    const qsizetype queued = waiting == m_unidentified.end() ? 0 : waiting->size();
    if (queued >= limits::PendingPerConnection) {
        return refuse(call.request, tooManyFromConnection(limits::PendingPerConnection));
    }
    if (m_unidentifiedTotal >= limits::UnidentifiedTotal) {
        return refuse(call.request, tooManyInService(limits::UnidentifiedTotal));
    }
    ++m_unidentifiedTotal;
    if (queued > 0) {
        return waiting->append(std::move(call));
    }
    m_unidentified.insert(caller, {std::move(call)});
    lookUpCaller(caller);
}

void UpdaterService::lookUpCaller(const QString &busName)
{
    QDBusMessage lookup = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
        QStringLiteral("org.freedesktop.DBus"), QStringLiteral("GetConnectionUnixUser"));
    lookup << busName;
    askWithRetries(m_bus, lookup, UidLookupWaitsMs, this,
                   [this, busName](const QDBusMessage &reply) {
                       const QList<Authorizing> calls = m_unidentified.take(busName);
                       m_unidentifiedTotal -= int(calls.size());
                       const bool known = reply.type() == QDBusMessage::ReplyMessage &&
                                          reply.signature() == QLatin1String("u");
                       for (const Authorizing &call : calls) {
                           if (known) {
                               admit(call, reply.arguments().constFirst().toUInt());
                           } else {
                               refuse(call.request,
                                      daemonError(daemoncode::AccessDenied,
                                                  tr("The caller %1 is not known to the bus (%2).")
                                                      .arg(busName, reply.errorMessage())));
                           }
                       }
                   });
}

void UpdaterService::admit(const Authorizing &call, uint uid)
{
    const QString caller = call.request.service();
    if (Status admitted = m_admission.admit(caller, uid); !admitted) {
        return refuse(call.request, admitted.error());
    }
    const quint64 ticket = ++m_lastTicket;
    const QString actionId = call.actionId;
    m_authorizing.insert(ticket, call);
    m_polkit->check(caller, actionId, [this, ticket](const PolkitAuthority::Decision &decision) {
        onDecision(ticket, decision);
    });
}

void UpdaterService::onDecision(quint64 ticket, const PolkitAuthority::Decision &decision)
{
    // Taken out first: a refused call's message and descriptor go as this returns.
    const Authorizing waiting = m_authorizing.take(ticket);
    if (!waiting.then) {
        return;
    }
    const QDBusMessage &request = waiting.request;
    m_admission.release(request.service());
    if (!decision.authorized) {
        qCWarning(lcService).noquote()
            << request.member() << "from" << request.service() << "denied:" << decision.reason;
        replyError(request, daemonError(daemoncode::AccessDenied,
                                        tr("Not authorized to %1 (polkit action %2).")
                                            .arg(request.member(), waiting.actionId)));
        return;
    }
    qCInfo(lcService).noquote() << request.member() << "from" << request.service() << "authorized";
    waiting.then(request);
}

void UpdaterService::refuse(const QDBusMessage &request, const Error &error)
{
    logRefusal(request, error);
    replyError(request, error);
}

void UpdaterService::logRefusal(const QDBusMessage &request, const Error &error)
{
    // A flood would otherwise write a line per call.
    if (m_refusalLog.isValid() && m_refusalLog.elapsed() < 1000) {
        ++m_refusalsUnlogged;
        return;
    }
    qCWarning(lcService).noquote()
        << request.member() << "from" << request.service() << "refused:" << error.message << "(and"
        << m_refusalsUnlogged << "more refusals since the last such line)";
    m_refusalLog.start();
    m_refusalsUnlogged = 0;
}

void UpdaterService::reply(const QDBusMessage &request, const QVariant &value)
{
    m_bus.send(value.isValid() ? request.createReply(value) : request.createReply());
}

void UpdaterService::replyError(const QDBusMessage &request, const Error &error)
{
    m_bus.send(request.createErrorReply(errorName(error), error.message));
}

bool UpdaterService::refuseWhenBusy(const QDBusMessage &request)
{
    if (!m_jobs->busy()) {
        return false;
    }
    replyError(
        request,
        daemonError(daemoncode::Busy,
                    tr("Another operation is in progress: %1").arg(m_jobs->busyDescription())));
    return true;
}

bool UpdaterService::runInBackground(const QDBusMessage &request, std::function<void()> work)
{
    if (m_readerRequests.fetch_add(1) >= MaxReaderRequests) {
        --m_readerRequests;
        replyError(request, daemonError(daemoncode::Busy,
                                        tr("Too many requests are being served at once; try "
                                           "again in a moment.")));
        return false;
    }
    m_readers.start([this, work = std::move(work)] {
        faultPoint("daemon:read-request"); // tests: slow readers, to fill the queue
        work();
        --m_readerRequests;
    });
    return true;
}

} // namespace seesaw
