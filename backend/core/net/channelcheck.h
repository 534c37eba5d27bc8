// One poll of a channel: the manifest and its signature fetched (conditionally: an unchanged
// manifest costs the server a 304), the signature checked with the device keyring before
// anything in the manifest is believed, the manifest's freshness judged (channelfreshness.h),
// the accepted copy and the replay memory kept in the data directory, and what the device is
// offered. A 304 is no shortcut: the kept copy is checked again, so a manifest that expired
// while the server kept answering 304 is refused like any other expired one.
// Blocking (network): for a worker thread or the CLI.
#pragma once

#include "base/result.h"
#include "config/systemconfig.h"
#include "net/channelfreshness.h"
#include "net/channelmanifest.h"
#include "net/channelstate.h"
#include "net/httpfetch.h"

#include <QDateTime>
#include <QString>
#include <QUrl>

namespace seesaw {

// What a poll uses: system.conf's [network] with the operator's choices (ChannelState's
// chosenChannel / chosenUrl) applied.
struct ChannelSettings {
    QUrl manifestUrl;
    QString channel;
    TlsOptions tls;
    QString keyringDirectory; // [network] keyring=, else [keyring]'s
    QString overlayKeyringDirectory;
    ClockPolicy clock = ClockPolicy::Auto;
    int timeoutMs = 60000; // per request
};
ChannelSettings channelSettings(const SystemConfig &config, const ChannelState &state);

struct ChannelCheck {
    bool notModified = false; // the server answered 304; the kept copy was checked again
    ChannelManifest manifest;
    ChannelOffer offer;
    ClockVerdict clock;
};

// Fetches, checks and remembers. `state` is updated (validators, memory, last check, outcome)
// and saved in `dataDirectory` whatever the outcome; the accepted manifest and its signature are
// kept beside it (channel-manifest.json, channel-manifest.json.sig). Error codes: those of
// fetchSmall ("net.*"), "channel.unsigned" (no signature at URL.sig), "channel.untrusted", those
// of parseChannelManifest and checkFreshness, "channel.state" (the state cannot be saved).
Result<ChannelCheck> checkChannel(const ChannelSettings &settings, const ChannelDevice &device,
                                  const QString &dataDirectory, ChannelState &state,
                                  const ClockFacts &clock);

// The kept copy of the last accepted manifest, checked as at a poll but without the network
// (for status output between polls); an error when there is none or it no longer passes.
Result<ChannelCheck> lastAcceptedChannel(const ChannelSettings &settings,
                                         const ChannelDevice &device, const QString &dataDirectory,
                                         const ChannelState &state, const ClockFacts &clock);

// The device's machine id (/etc/machine-id, 32 hex digits), for staged rollouts; empty when
// there is none (every such device then falls in the same rollout bucket).
QByteArray readMachineId(const QString &path = QStringLiteral("/etc/machine-id"));

} // namespace seesaw
