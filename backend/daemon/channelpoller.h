// seesawd's side of a channel (docs/channels.md): polls the channel manifest on its schedule
// (system.conf [network] poll-interval= plus a random share of poll-jitter=, so a fleet that
// boots together does not poll together), backs off with jitter after errors, checks at once
// when asked, and keeps the operator's choice of channel and server. Every poll runs on a
// worker thread of its own (the network is slow and the event loop must keep answering the
// bus); polls and changes of the choice run one at a time, in order. What it knows is published
// as one dictionary, the D-Bus property Channel (docs/dbus-api.md).
#pragma once

#include "base/result.h"
#include "config/systemconfig.h"
#include "net/channelcheck.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <QVariantMap>
#include <functional>
#include <memory>
#include <optional>

namespace seesaw {

class ChannelPoller : public QObject {
    Q_OBJECT
public:
    explicit ChannelPoller(SystemConfig config, QObject *parent = nullptr);
    ~ChannelPoller() override;

    // Reads the kept state and schedules the first poll: at the next due time when the last
    // poll is recent enough, else within a minute (at random: a fleet powered up together does
    // not poll together).
    void start();

    // The booted version (from the device status); until it is known nothing is offered.
    void setBootedVersion(const QString &version);

    using Done = std::function<void(const Result<QVariantMap> &status)>;
    // Polls now (or joins the poll that is running) and answers with the new status.
    void checkNow(Done done);
    // The operator's channel and server ("" each: back to system.conf's), then a poll. Error
    // "daemon.invalid-argument" for a name or URL a manifest could never use.
    void choose(const QString &channel, const QString &url, Done done);

    [[nodiscard]] QVariantMap status() const { return m_status; }
    [[nodiscard]] bool enabled() const { return m_config.network.enabled(); }

    // The wait before the next poll after `failures` failed polls in a row (0: after a success).
    static qint64 nextDelayMs(const NetworkConfig &network, int failures);

Q_SIGNALS:
    void statusChanged(const QVariantMap &status);

private:
    struct Choice {
        QString channel;
        QString url;
    };
    struct Outcome;
    // On the worker thread: the kept state, the choice applied, then a poll (or, when
    // `network` is false, the kept manifest checked again without the network).
    static Outcome runPoll(const SystemConfig &config, const QString &booted,
                           const std::optional<Choice> &choice, bool network);
    void startPoll(const std::optional<Choice> &choice);
    void onPolled(const Outcome &outcome);
    void schedule(qint64 delayMs);
    void publish();

    SystemConfig m_config;
    QString m_bootedVersion;
    QThreadPool m_worker; // one thread: polls and choices in order
    QTimer m_timer;
    bool m_polling = false;
    bool m_pollAgain = false;
    std::optional<Choice> m_nextChoice; // for the poll after the running one
    int m_failures = 0;
    QDateTime m_nextPoll;
    QList<Done> m_waiting;      // answered when the running poll ends
    QList<Done> m_waitingAgain; // answered when the poll after it ends
    QVariantMap m_status;
    std::unique_ptr<Outcome> m_known; // of the last poll (or of the start)
};

} // namespace seesaw
