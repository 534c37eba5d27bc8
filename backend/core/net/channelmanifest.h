// A channel manifest (docs/channels.md): what an update server offers, per channel, to which
// devices. JSON next to a detached signature file of the same form as a bundle's manifest.sig
// (trust/signaturefile.h), signed by a key the device trusts. The entries keep the field names
// of the usual OTA manifest (version, compatible, bundle_url, bundle_sha256, bundle_size,
// release_notes) and add several compatible values, min_version, deltas per base version and a
// staged rollout. A channel manifest and a bundle manifest can never be taken for each other:
// each parser refuses fields it does not know, and each requires one the other never has
// ("channel_format" here, "images" there).
#pragma once

#include "base/result.h"
#include "base/semver.h"
#include "bundle/manifest.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace seesaw {

namespace limits {
constexpr qsizetype ChannelManifestMaxBytes = qsizetype(1024) * 1024;
constexpr qsizetype MaxChannels = 32;
constexpr qsizetype MaxChannelEntries = 64; // per channel
constexpr qsizetype MaxEntryCompatibles = 16;
constexpr qsizetype MaxEntryDeltas = 32;
constexpr qsizetype MaxUrlChars = 2048;
constexpr qsizetype MaxChannelNameChars = 32;
} // namespace limits

// A delta bundle of an entry's version, for devices that run `from`.
struct ChannelDelta {
    SemVer from;
    QString url; // as written: absolute http(s), or relative to the manifest's URL
    QByteArray sha256;
    quint64 size = 0;
    bool operator==(const ChannelDelta &) const = default;
};

struct ChannelEntry {
    SemVer version;
    QStringList compatible; // at least one
    QString bundleUrl;
    QByteArray bundleSha256; // raw 32 bytes, of the whole bundle file
    quint64 bundleSize = 0;
    // Language tag -> text; a plain string in the JSON is stored under "".
    QMap<QString, QString> releaseNotes;
    std::optional<SemVer> minVersion; // devices that run an older version are not offered it
    quint32 rolloutPercent = 100;     // share of devices offered it (rolloutBucket)
    QList<ChannelDelta> deltas;       // each `from` once
    bool operator==(const ChannelEntry &) const = default;
};

struct ChannelManifest {
    static constexpr int CurrentFormat = 1;
    // Grows with every manifest the server publishes: a device never accepts a lower one (a
    // replayed, older manifest would hold it on an old release).
    quint64 serial = 0;
    QDateTime issued;  // UTC
    QDateTime expires; // UTC, after issued: a manifest the server stopped refreshing stops working
    std::optional<ChannelEntry> latest;
    QMap<QString, QList<ChannelEntry>> channels; // name -> entries
};

// Parses and checks the whole manifest: every field's type and limits, unknown fields refused,
// each compatible value once per entry, each delta base once per entry, URLs absolute http(s)
// or relative (no other scheme, no user name or password in them). Error codes "channel.*":
// "channel.too-large", "channel.not-json", "channel.format", "channel.missing-field",
// "channel.wrong-type", "channel.unknown-field", "channel.invalid-value", "channel.too-long",
// "channel.too-many", "channel.duplicate", "channel.duplicate-key", "channel.times".
Result<ChannelManifest> parseChannelManifest(const QByteArray &json);

// Where a device stands in a release's staged rollout: a number in [0, 10000) from the SHA-256
// of its machine id and the version, so it stays the same from poll to poll (a device never
// flips in and out), differs between releases (not always the same devices first), and a
// device that is in at 10 % is still in at 20 %.
quint32 rolloutBucket(const QByteArray &machineId, const SemVer &version);
bool inRollout(const QByteArray &machineId, const SemVer &version, quint32 percent);

// What a device asks a channel manifest.
struct ChannelDevice {
    QString channel; // "latest" picks the manifest's `latest` entry
    QString compatible;
    std::optional<SemVer> bootedVersion; // unknown: every compatible entry is newer
    QByteArray machineId;
};

struct ChannelOffer {
    enum class Kind {
        Update,       // `entry` is newer than the booted version
        UpToDate,     // nothing newer for this device (`entry`: the newest it could have, if any)
        NoSuchChannel // the manifest has no such channel
    };
    Kind kind = Kind::UpToDate;
    std::optional<ChannelEntry> entry;
    std::optional<ChannelDelta> delta; // the entry's delta from the booted version, if any
    // Why newer entries were passed over, in words (staged rollout, min_version): shown with
    // "up to date" so nobody wonders why the device ignores a release it can see.
    QStringList passedOver;
};

// The newest entry of the device's channel that names its compatible, allows its version and
// includes it in the rollout. Never offers a version older than or equal to the booted one.
ChannelOffer selectOffer(const ChannelManifest &manifest, const ChannelDevice &device);

} // namespace seesaw
