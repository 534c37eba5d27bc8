#include "channelpoller.h"

#include "base/atomicfile.h"
#include "base/hostilestring.h"
#include "dbusmapping.h"
#include "networkplugin.h"

#include <QMetaObject>
#include <QRandomGenerator>
#include <algorithm>

namespace seesaw {

namespace {

constexpr qint64 FirstBackoffMs = qint64(60) * 1000;
constexpr qint64 StartDelayMinMs = qint64(5) * 1000;
constexpr qint64 StartDelayMaxMs = qint64(60) * 1000;

QString timeText(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

qint64 randomBelow(qint64 bound)
{
    return bound > 0 ? qint64(QRandomGenerator::global()->bounded(quint64(bound))) : 0;
}

// A channel name or a manifest URL as system.conf takes them, or "" (system.conf's own).
bool validChannelName(const QString &name)
{
    return name.isEmpty() || isChannelName(name);
}

bool validManifestUrl(const QString &text)
{
    return text.isEmpty() || isManifestUrl(text);
}

QVariantMap offerMap(const ChannelOffer &offer)
{
    QVariantMap m;
    if (!offer.entry) {
        return m;
    }
    const ChannelEntry &e = *offer.entry;
    m.insert(QStringLiteral("version"), e.version.toString());
    m.insert(QStringLiteral("size"), QVariant::fromValue(qulonglong(e.bundleSize)));
    QVariantMap notes;
    for (auto it = e.releaseNotes.cbegin(); it != e.releaseNotes.cend(); ++it) {
        notes.insert(it.key(), it.value());
    }
    m.insert(QStringLiteral("release-notes"), notes);
    if (offer.delta) {
        m.insert(QStringLiteral("delta-from"), offer.delta->from.toString());
        m.insert(QStringLiteral("delta-size"), QVariant::fromValue(qulonglong(offer.delta->size)));
    }
    return m;
}

QString offerState(const ChannelOffer &offer)
{
    switch (offer.kind) {
    case ChannelOffer::Kind::Update:
        return QStringLiteral("update-available");
    case ChannelOffer::Kind::UpToDate:
        return QStringLiteral("up-to-date");
    case ChannelOffer::Kind::NoSuchChannel:
        return QStringLiteral("no-such-channel");
    }
    return QStringLiteral("up-to-date");
}

} // namespace

// On the worker thread: the kept state, the operator's choice applied, then one poll.
ChannelPoller::Outcome ChannelPoller::runPoll(const SystemConfig &config, const QString &booted,
                                              const std::optional<Choice> &choice, bool network)
{
    Outcome o;
    auto state = loadChannelState(config.dataDirectory);
    if (!state) {
        o.error = state.error();
        o.settings = channelSettings(config, ChannelState{});
        return o;
    }
    if (choice) {
        state->chosenChannel = choice->channel;
        state->chosenUrl = choice->url;
        if (Status saved = saveChannelState(config.dataDirectory, *state); !saved) {
            o.error = withCode(saved, "channel.state").error();
        }
    }
    o.settings = channelSettings(config, *state);
    ChannelDevice device;
    device.compatible = config.compatible;
    if (auto v = SemVer::parse(booted)) {
        device.bootedVersion = *v;
    }
    device.machineId = readMachineId();
    o.polled = network && !o.error;
    // Only a poll loads the network plugin: the kept copy is judged without it.
    auto plugin = o.polled ? networkPlugin() : Result<NetworkPlugin *>(nullptr);
    auto check = !plugin    ? Result<ChannelCheck>(plugin.error())
                 : o.polled ? (*plugin)->checkChannel(o.settings, device, config.dataDirectory,
                                                      *state, readClockFacts())
                            : lastAcceptedChannel(o.settings, device, config.dataDirectory, *state,
                                                  readClockFacts());
    o.state = *state;
    if (check) {
        o.check = *check;
    } else if (o.polled) {
        o.error = check.error();
    }
    return o;
}

ChannelPoller::ChannelPoller(SystemConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)), m_known(std::make_unique<Outcome>())
{
    m_worker.setMaxThreadCount(1);
    m_downloader.setMaxThreadCount(1);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] { startPoll(std::nullopt); });
    m_windowTimer.setSingleShot(true);
    connect(&m_windowTimer, &QTimer::timeout, this, &ChannelPoller::scheduleInstall);
    m_known->settings = channelSettings(m_config, ChannelState{});
    publish();
}

ChannelPoller::~ChannelPoller()
{
    m_cancelDownload = true;
    m_downloader.waitForDone();
    m_worker.waitForDone();
}

void ChannelPoller::start()
{
    if (!enabled()) {
        return;
    }
    m_polling = true;
    const SystemConfig config = m_config;
    const QString booted = m_bootedVersion;
    m_worker.start([this, config, booted] {
        Outcome o = runPoll(config, booted, std::nullopt, false);
        QMetaObject::invokeMethod(
            this, [this, o] { onPolled(o); }, Qt::QueuedConnection);
    });
}

void ChannelPoller::setBootedVersion(const QString &version)
{
    m_bootedVersion = version;
}

void ChannelPoller::setPendingVersion(const QString &version)
{
    if (version != m_pendingVersion) {
        m_pendingVersion = version;
        publish();
    }
}

void ChannelPoller::checkNow(Done done)
{
    if (!enabled()) {
        done(daemonError(daemoncode::InvalidArgument,
                         tr("No update channel is configured ([network] manifest-url= in "
                            "system.conf).")));
        return;
    }
    if (m_polling) {
        m_pollAgain = true;
        m_waitingAgain.append(std::move(done));
        return;
    }
    m_waiting.append(std::move(done));
    startPoll(std::nullopt);
}

void ChannelPoller::choose(const QString &channel, const QString &url, Done done)
{
    if (!validChannelName(channel)) {
        done(daemonError(daemoncode::InvalidArgument,
                         tr("\"%1\" is not a channel name (lower-case letters, digits, '.', '_' "
                            "and '-', at most 32).")
                             .arg(displayString(channel))));
        return;
    }
    if (!validManifestUrl(url)) {
        done(daemonError(daemoncode::InvalidArgument,
                         tr("\"%1\" is not an http or https URL of a channel manifest.")
                             .arg(displayString(url, 200))));
        return;
    }
    if (!enabled()) {
        done(daemonError(daemoncode::InvalidArgument,
                         tr("Network updates are not configured on this device ([network] "
                            "manifest-url= in system.conf).")));
        return;
    }
    const Choice choice{channel, url};
    if (m_polling) {
        m_pollAgain = true;
        m_nextChoice = choice;
        m_waitingAgain.append(std::move(done));
        return;
    }
    m_waiting.append(std::move(done));
    startPoll(choice);
}

void ChannelPoller::startPoll(const std::optional<Choice> &choice)
{
    m_polling = true;
    m_timer.stop();
    m_nextPoll = {};
    publish();
    const SystemConfig config = m_config;
    const QString booted = m_bootedVersion;
    m_worker.start([this, config, booted, choice] {
        Outcome o = runPoll(config, booted, choice, true);
        QMetaObject::invokeMethod(
            this, [this, o] { onPolled(o); }, Qt::QueuedConnection);
    });
}

void ChannelPoller::onPolled(const Outcome &outcome)
{
    m_polling = false;
    std::optional<ChannelCheck> previous = std::move(m_known->check);
    *m_known = outcome;
    if (outcome.error && outcome.error->code.startsWith(QLatin1String("net."))) {
        // The server could not be asked: what it offered last time still stands (it was
        // checked then), next to the error.
        m_known->check = std::move(previous);
    }
    if (outcome.polled) {
        m_failures = outcome.error ? m_failures + 1 : 0;
        schedule(nextDelayMs(m_config.network, m_failures));
    } else if (outcome.error) { // the kept state cannot be read: a poll will say so again
        schedule(StartDelayMinMs + randomBelow(StartDelayMaxMs - StartDelayMinMs));
    } else {
        // At start: when the last poll is recent, the next is due one interval after it.
        const QDateTime last = outcome.state.lastCheck;
        const qint64 since = last.isValid() ? last.msecsTo(QDateTime::currentDateTimeUtc()) : -1;
        const qint64 interval = qint64(m_config.network.pollIntervalSeconds) * 1000;
        schedule(since >= 0 && since < interval
                     ? interval - since +
                           randomBelow(qint64(m_config.network.pollJitterSeconds) * 1000)
                     : StartDelayMinMs + randomBelow(StartDelayMaxMs - StartDelayMinMs));
    }
    afterPoll();
    publish();
    const QList<Done> answered = std::exchange(m_waiting, {});
    for (const Done &done : answered) {
        if (outcome.error) {
            done(*outcome.error);
        } else {
            done(m_status);
        }
    }
    if (m_pollAgain) {
        m_pollAgain = false;
        m_waiting = std::exchange(m_waitingAgain, {});
        startPoll(std::exchange(m_nextChoice, std::nullopt));
    }
}

qint64 ChannelPoller::nextDelayMs(const NetworkConfig &network, int failures)
{
    const qint64 interval = qint64(network.pollIntervalSeconds) * 1000;
    if (failures <= 0) {
        return interval + randomBelow(qint64(network.pollJitterSeconds) * 1000);
    }
    // 1, 2, 4 … minutes, never longer than the interval, plus up to half as much again at
    // random: devices that lost the server together do not come back together.
    const qint64 backoff = std::min(interval, FirstBackoffMs << std::min(failures - 1, 16));
    return backoff + randomBelow(backoff / 2);
}

void ChannelPoller::schedule(qint64 delayMs)
{
    m_nextPoll = QDateTime::currentDateTimeUtc().addMSecs(delayMs);
    m_timer.start(std::chrono::milliseconds(delayMs));
}

void ChannelPoller::publish()
{
    QVariantMap m;
    const Outcome &k = *m_known;
    m.insert(QStringLiteral("channel"), k.settings.channel);
    m.insert(QStringLiteral("url"),
             displayString(k.settings.manifestUrl.toString(
                               QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo),
                           limits::MaxUrlChars));
    m.insert(QStringLiteral("last-check"), timeText(k.state.lastCheck));
    m.insert(QStringLiteral("last-success"), timeText(k.state.lastSuccess));
    m.insert(QStringLiteral("next-check"), timeText(m_nextPoll));
    const QString errorCode = k.error ? k.error->code : k.state.lastErrorCode;
    m.insert(QStringLiteral("error-code"), errorCode);
    m.insert(QStringLiteral("error"), k.error ? k.error->message : k.state.lastError);
    QString state;
    if (!enabled()) {
        state = QStringLiteral("disabled");
    } else if (m_polling) {
        state = QStringLiteral("checking");
    } else if (m_installing) {
        state = QStringLiteral("installing");
    } else if (m_downloading) {
        state = m_downloadProgress.value(QStringLiteral("phase")).toString();
    } else if (m_staged) {
        state = m_staged->remote ? QStringLiteral("ready") : QStringLiteral("downloaded");
    } else if (!errorCode.isEmpty()) {
        state = QStringLiteral("failed");
    } else if (k.check && k.check->offer.entry &&
               k.check->offer.entry->version.toString() == m_pendingVersion) {
        state = QStringLiteral("installed"); // waiting for the reboot
    } else if (k.check) {
        state = offerState(k.check->offer);
    } else {
        state = QStringLiteral("unknown"); // never polled yet
    }
    m.insert(QStringLiteral("state"), state);
    if (k.check) {
        m.insert(QStringLiteral("serial"),
                 QVariant::fromValue(qulonglong(k.check->manifest.serial)));
        m.insert(QStringLiteral("expires"), timeText(k.check->manifest.expires));
        m.insert(QStringLiteral("clock-trusted"), k.check->clock.trusted);
        m.insert(QStringLiteral("clock"), k.check->clock.reason);
        m.insert(QStringLiteral("offer"), offerMap(k.check->offer));
        m.insert(QStringLiteral("passed-over"), k.check->offer.passedOver);
    }
    publishDownload(m);
    if (m != m_status) {
        m_status = m;
        Q_EMIT statusChanged(m_status);
    }
}

} // namespace seesaw
