#include "busquestion.h"

#include <QDBusError>
#include <QDBusPendingCallWatcher>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>
#include <memory>

namespace seesaw {

Q_LOGGING_CATEGORY(lcBusQuestion, "seesaw.daemon")

namespace {

// After LimitsExceeded (refused at once, not lost) the next attempt waits this long, so that
// the queue it met can drain.
constexpr int LimitsExceededPauseMs = 200;

struct Asking {
    QDBusConnection bus;
    QDBusMessage question;
    QList<int> waitsMs;
    QPointer<QObject> context;
    std::function<void(const QDBusMessage &)> done;
    qsizetype attempt = 0;
};

void ask(const std::shared_ptr<Asking> &asking)
{
    const int waitMs = asking->waitsMs.at(asking->attempt);
    auto *watcher = new QDBusPendingCallWatcher(asking->bus.asyncCall(asking->question, waitMs),
                                                asking->context);
    QObject::connect(
        watcher, &QDBusPendingCallWatcher::finished, asking->context, [asking, watcher] {
            watcher->deleteLater();
            const QDBusMessage reply = watcher->reply();
            ++asking->attempt;
            if (!answerLost(reply) || asking->attempt >= asking->waitsMs.size()) {
                return asking->done(reply);
            }
            qCInfo(lcBusQuestion).noquote()
                << asking->question.member() << "to" << asking->question.service()
                << QStringLiteral("lost its answer (%1); asking again").arg(reply.errorName());
            const bool refused =
                reply.errorName() == QDBusError::errorString(QDBusError::LimitsExceeded);
            QTimer::singleShot(refused ? LimitsExceededPauseMs : 0, asking->context.data(),
                               [asking] { ask(asking); });
        });
}

} // namespace

bool answerLost(const QDBusMessage &reply)
{
    if (reply.type() != QDBusMessage::ErrorMessage) {
        return false;
    }
    const QString name = reply.errorName();
    return name == QDBusError::errorString(QDBusError::NoReply) ||
           name == QDBusError::errorString(QDBusError::Timeout) ||
           name == QDBusError::errorString(QDBusError::LimitsExceeded);
}

void askWithRetries(QDBusConnection bus, const QDBusMessage &question, QList<int> waitsMs,
                    QObject *context, std::function<void(const QDBusMessage &reply)> done)
{
    Q_ASSERT(!waitsMs.isEmpty() && context);
    ask(std::make_shared<Asking>(
        Asking{std::move(bus), question, std::move(waitsMs), context, std::move(done)}));
}

} // namespace seesaw
