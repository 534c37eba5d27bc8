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
#include "net/remotebundle.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <QVariantMap>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace seesaw {

// One bundle the channel offers (the full one, or a delta), as the manifest names it.
struct BundleFetch {
    QUrl url;
    QByteArray sha256;
    quint64 size = 0;
    bool delta = false;
};

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
    // The version an install wrote and committed, waiting for the reboot ("" when none): not
    // downloaded again while it waits.
    void setPendingVersion(const QString &version);

    using Done = std::function<void(const Result<QVariantMap> &status)>;
    // Polls now (or joins the poll that is running) and answers with the new status.
    void checkNow(Done done);
    // The operator's channel and server ("" each: back to system.conf's), then a poll. Error
    // "daemon.invalid-argument" for a name or URL a manifest could never use.
    void choose(const QString &channel, const QString &url, Done done);

    // A bundle the channel offered, downloaded into the staging directory and verified (its
    // signature with the device keyring, its compatible and version, every chunk); or, for a
    // streamed install, its index fetched and checked likewise, its payloads still on the server.
    struct Staged {
        QString path; // empty when streamed
        QString version;
        QByteArray manifestHash; // raw SHA-256 of its manifest.json: what the install confirms
        std::shared_ptr<const RemoteBundleIndex> remote; // streamed: the index, in memory
        RemoteBundleSource source;                       // streamed: where the payloads are
        bool delta = false;
    };
    [[nodiscard]] const std::optional<Staged> &staged() const { return m_staged; }
    // Downloads the offered update now (when one is offered and not staged yet) and answers with
    // the new status once the download started or failed to start.
    void downloadNow(const Done &done);
    // The install of the staged update began, or ended (the file is removed after a success;
    // after a failure it stays for the next window, or the operator).
    void installStarted();
    void installFinished(bool ok);

    [[nodiscard]] QVariantMap status() const { return m_status; }
    [[nodiscard]] bool enabled() const { return m_config.network.enabled(); }

    // A downloaded bundle checked as an install will check it (signature, this device, the
    // announced version when there is one, every chunk). Any thread.
    static Result<Staged> verifyDownload(const SystemConfig &config, const QString &path,
                                         const std::optional<SemVer> &version,
                                         const std::atomic<bool> &cancel);

    // The wait before the next poll after `failures` failed polls in a row (0: after a success).
    static qint64 nextDelayMs(const NetworkConfig &network, int failures);

Q_SIGNALS:
    void statusChanged(const QVariantMap &status);
    // A staged update may install now: no maintenance window is configured, or one began.
    void installDue();

private:
    struct Choice {
        QString channel;
        QString url;
    };
    struct Outcome {
        ChannelState state;
        ChannelSettings settings;
        std::optional<ChannelCheck> check;
        std::optional<Error> error;
        bool polled = false; // false: only the kept state was read (at start)
    };
    // On the worker thread: the kept state, the choice applied, then a poll (or, when
    // `network` is false, the kept manifest checked again without the network).
    static Outcome runPoll(const SystemConfig &config, const QString &booted,
                           const std::optional<Choice> &choice, bool network);
    void startPoll(const std::optional<Choice> &choice);
    void onPolled(const Outcome &outcome);
    void schedule(qint64 delayMs);
    void publish();
    void publishDownload(QVariantMap &m) const;

    // channelpoller_download.cpp
    struct Download;
    Result<Staged> downloadOne(const SystemConfig &config, const TlsOptions &tls,
                               const BundleFetch &f, const SemVer &version);
    void afterPoll();
    void startDownload(const ChannelEntry &entry, const std::optional<ChannelDelta> &delta);
    [[nodiscard]] bool streams(quint64 bundleSize) const;
    void onDownloaded(const Download &download);
    void scheduleInstall();

    SystemConfig m_config;
    QString m_bootedVersion;
    QString m_pendingVersion;
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

    QThreadPool m_downloader; // one download at a time, beside the polls
    std::atomic<bool> m_cancelDownload{false};
    bool m_downloading = false;
    bool m_downloadRetry = false; // the last download failed on the network: try at next poll
    QString m_downloadVersion;
    QVariantMap m_downloadProgress; // phase (downloading, verifying), done, total, rate, eta
    std::optional<Error> m_downloadError;
    std::optional<Staged> m_staged;
    QString m_noDeltaVersion; // a streamed delta of this version failed: the full bundle next
    bool m_installing = false;
    QTimer m_windowTimer;
    QDateTime m_installAt;
};

} // namespace seesaw
