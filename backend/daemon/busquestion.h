// One question seesawd asks over the bus (the bus daemon for a caller's uid, polkitd for a
// decision), asked again when its answer is lost. dbus-daemon discards any message to seesawd,
// replies included, while the queue of messages waiting for seesawd holds more than its limit
// (max_outgoing_unix_fds: 64 descriptors on the system bus), which a flood of descriptor-carrying
// calls reaches; the bus driver's own replies vanish silently, so the loss shows only as a
// time-out. Only questions that are safe to repeat are asked this way.
#pragma once

#include <QDBusConnection>
#include <QDBusMessage>
#include <QList>
#include <QObject>
#include <functional>

namespace seesaw {

// Sends `question`, waiting waitsMs[i] for the answer of attempt i; a time-out (NoReply) or the
// bus's LimitsExceeded starts the next attempt, anything else ends it. `done` gets the last
// reply (an error message when every attempt failed), exactly once, from the event loop.
void askWithRetries(QDBusConnection bus, const QDBusMessage &question, QList<int> waitsMs,
                    QObject *context, std::function<void(const QDBusMessage &reply)> done);

// Whether an error reply means the answer was lost on the way rather than given.
bool answerLost(const QDBusMessage &reply);

} // namespace seesaw
