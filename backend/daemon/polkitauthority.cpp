#include "polkitauthority.h"

#include "busquestion.h"

#include <QDBusArgument>
#include <QDBusMessage>
#include <QDBusMetaType>
#include <QMap>
#include <QMetaObject>
#include <QVariantMap>

namespace seesaw {

namespace {

constexpr quint32 NoInteraction = 0;
constexpr quint32 AllowUserInteraction = 1;

// A check without interaction is answered in milliseconds, but the answer is lost while
// seesawd's queue on the bus is full (busquestion.h): asked again with longer waits, 30 s in all.
const QList<int> QuickCheckWaitsMs{2000, 4000, 8000, 16000};

// The reply is (bba{ss}): is_authorized, is_challenge, details.
PolkitAuthority::Decision parseReply(const QDBusMessage &reply, const QString &actionId,
                                     bool *challengeOut)
{
    PolkitAuthority::Decision decision;
    if (reply.type() == QDBusMessage::ErrorMessage) {
        decision.reason = QStringLiteral("polkit could not be asked about %1: %2 (%3)")
                              .arg(actionId, reply.errorMessage(), reply.errorName());
        return decision;
    }
    if (reply.signature() != QLatin1String("(bba{ss})") || reply.arguments().size() != 1) {
        decision.reason = QStringLiteral("polkit answered about %1 with an unexpected reply (%2)")
                              .arg(actionId, reply.signature());
        return decision;
    }
    const auto arg = reply.arguments().constFirst().value<QDBusArgument>();
    bool authorized = false;
    bool challenge = false;
    QMap<QString, QString> details;
    arg.beginStructure();
    arg >> authorized >> challenge >> details;
    arg.endStructure();
    decision.authorized = authorized;
    if (challengeOut != nullptr) {
        *challengeOut = challenge;
    }
    if (!authorized) {
        decision.reason =
            challenge ? QStringLiteral("%1 needs authentication, which was not given").arg(actionId)
                      : QStringLiteral("%1 is not allowed for this user").arg(actionId);
    }
    return decision;
}

} // namespace

PolkitAuthority::PolkitAuthority(QDBusConnection bus, QObject *parent)
    : QObject(parent), m_bus(std::move(bus))
{}

void PolkitAuthority::check(const QString &busName, const QString &actionId, Callback done)
{
    if (busName.isEmpty() || !busName.startsWith(QLatin1Char(':'))) {
        // Not a D-Bus caller's unique name: nothing polkit could vouch for.
        QMetaObject::invokeMethod(
            this,
            [done = std::move(done), actionId] {
                done(
                    {false, QStringLiteral("%1: the caller has no unique bus name").arg(actionId)});
            },
            Qt::QueuedConnection);
        return;
    }

    // First without interaction, which can be repeated when its answer is lost; only a
    // challenge (a password the caller could give through an agent) is asked once more with
    // interaction, with the long wait a person needs.
    const QDBusMessage quick = checkAuthorization(busName, actionId, NoInteraction);
    askWithRetries(m_bus, quick, QuickCheckWaitsMs, this,
                   [this, busName, actionId, done = std::move(done)](const QDBusMessage &reply) {
                       bool challenge = false;
                       const Decision decision = parseReply(reply, actionId, &challenge);
                       if (decision.authorized || !challenge) {
                           return done(decision);
                       }
                       askWithRetries(
                           m_bus, checkAuthorization(busName, actionId, AllowUserInteraction),
                           {m_timeoutMs}, this, [actionId, done](const QDBusMessage &interactive) {
                               done(parseReply(interactive, actionId, nullptr));
                           });
                   });
}

QDBusMessage PolkitAuthority::checkAuthorization(const QString &busName, const QString &actionId,
                                                 quint32 flags)
{
    QDBusMessage call =
        QDBusMessage::createMethodCall(QStringLiteral("org.freedesktop.PolicyKit1"),
                                       QStringLiteral("/org/freedesktop/PolicyKit1/Authority"),
                                       QStringLiteral("org.freedesktop.PolicyKit1.Authority"),
                                       QStringLiteral("CheckAuthorization"));

    // subject: (sa{sv}) = ("system-bus-name", {"name": <unique name>})
    QDBusArgument subject;
    subject.beginStructure();
    subject << QStringLiteral("system-bus-name") << QVariantMap{{QStringLiteral("name"), busName}};
    subject.endStructure();
    // details: a{ss}, empty
    QDBusArgument details;
    details.beginMap(QMetaType::fromType<QString>(), QMetaType::fromType<QString>());
    details.endMap();

    call << QVariant::fromValue(subject) << actionId << QVariant::fromValue(details) << flags
         << QString();
    return call;
}

} // namespace seesaw
