// The accepted copy of a channel manifest, kept in the data directory beside the channel state,
// and how a device judges a manifest's bytes (signature, fields, freshness): what a poll
// (channelcheck.cpp, over the network) and a look at the last accepted manifest without the
// network share. No network here: seesawd uses these without loading its network plugin.
#pragma once

#include "base/result.h"
#include "config/systemconfig.h"
#include "net/channelfreshness.h"
#include "net/channelmanifest.h"
#include "net/channelstate.h"
#include "net/tlsoptions.h"

#include <QByteArray>
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

// The kept copy of the last accepted manifest, checked as at a poll but without the network
// (for status output between polls); an error when there is none or it no longer passes.
Result<ChannelCheck> lastAcceptedChannel(const ChannelSettings &settings,
                                         const ChannelDevice &device, const QString &dataDirectory,
                                         const ChannelState &state, const ClockFacts &clock);

// The device's machine id (/etc/machine-id, 32 hex digits), for staged rollouts; empty when
// there is none (every such device then falls in the same rollout bucket).
QByteArray readMachineId(const QString &path = QStringLiteral("/etc/machine-id"));

namespace channelkept {

QString keptManifestPath(const QString &dataDirectory);
QString keptSignaturePath(const QString &dataDirectory);
// At most maxBytes + 1 bytes of the file (one more than allowed tells "too long"); empty when it
// cannot be read.
QByteArray readBounded(const QString &path, qsizetype maxBytes);
// Signature, fields and freshness of one manifest's bytes, as a device must check them.
Result<ChannelCheck> judge(const ChannelSettings &settings, const ChannelDevice &device,
                           const QByteArray &json, const QByteArray &sig,
                           const ChannelMemory &memory, const ClockFacts &facts);
// The signature first, then the manifest, each written atomically.
Status keepCopy(const QString &dataDirectory, const QByteArray &json, const QByteArray &sig);

} // namespace channelkept

} // namespace seesaw
