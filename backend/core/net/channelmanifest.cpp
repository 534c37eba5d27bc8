#include "net/channelmanifest.h"

#include "base/hostilestring.h"
#include "base/jsontext.h"
#include "bundle/manifest.h"
#include "bundle/manifestparser.h"
#include "trust/crypto.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QtEndian>
#include <algorithm>

namespace seesaw {

namespace {

using json::child;
using json::element;
using json::Node;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Channel", text);
}

// [a-z0-9][a-z0-9._-]{0,31}
bool isChannelName(const QString &s)
{
    return isAsciiName(s, 1, limits::MaxChannelNameChars, QLatin1String("._-"), true, true);
}

// The typed readers are the bundle manifest's; only the error codes are the channel's own.
class Parser : public ManifestFieldReader {
    Q_DECLARE_TR_FUNCTIONS(seesaw::Channel)

public:
    using ManifestFieldReader::ManifestFieldReader;

    Result<ChannelManifest> run(const QJsonObject &root)
    {
        ChannelManifest m;
        if (!manifest(Node{root, QString()}, m)) {
            return channelError(error());
        }
        return m;
    }

    static Error channelError(Error e)
    {
        if (e.code.startsWith(QLatin1String("manifest."))) {
            e.code.replace(0, int(qstrlen("manifest")), QStringLiteral("channel"));
        }
        return e;
    }

private:
    bool manifest(const Node &root, ChannelManifest &m);
    bool format(const Node &n);
    bool channels(const Node &n, ChannelManifest &m);
    bool entry(const Node &n, ChannelEntry &e);
    bool compatibles(const Node &n, QStringList &out);
    bool deltas(const Node &n, QList<ChannelDelta> &out);
    bool url(const Node &n, QString &out);
    bool notes(const Node &n, QMap<QString, QString> &out);
};

bool Parser::manifest(const Node &root, ChannelManifest &m)
{
    // The format first: a newer one may well have fields this version does not know.
    if (!format(child(root, "channel_format"))) {
        return false;
    }
    quint64 serial = 0;
    if (!object(root, {"channel_format", "serial", "issued", "expires", "latest", "channels"}) ||
        !integer(child(root, "serial"), json::MaxExactInteger, serial) ||
        !timestamp(child(root, "issued"), m.issued) ||
        !timestamp(child(root, "expires"), m.expires)) {
        return false;
    }
    if (serial == 0) {
        return fail("manifest.invalid-value", tr("serial: must be 1 or more"));
    }
    m.serial = serial;
    if (m.expires <= m.issued) {
        return fail("channel.times", tr("expires: must be later than issued"));
    }
    if (const Node n = child(root, "latest"); n.present()) {
        ChannelEntry latest;
        if (!entry(n, latest)) {
            return false;
        }
        m.latest = latest;
    }
    const Node list = child(root, "channels");
    if (list.present() && !channels(list, m)) {
        return false;
    }
    if (!m.latest && m.channels.isEmpty()) {
        return fail("manifest.missing-field", tr("channels: required when there is no latest"));
    }
    return true;
}

bool Parser::format(const Node &n)
{
    quint64 f = 0;
    if (!integer(n, json::MaxExactInteger, f)) {
        return false;
    }
    if (f != quint64(ChannelManifest::CurrentFormat)) {
        return fail("manifest.format",
                    tr("Unsupported channel format %1 (this Seesaw reads format %2)")
                        .arg(QString::number(f), QString::number(ChannelManifest::CurrentFormat)));
    }
    return true;
}

// Channel name -> one entry or an array of entries (one per compatible, say).
bool Parser::channels(const Node &n, ChannelManifest &m)
{
    if (!expect(n, JsonType::Object)) {
        return false;
    }
    const QJsonObject object = n.value.toObject();
    if (object.size() > limits::MaxChannels) {
        return fail(
            "manifest.too-many",
            tr("%1: more than %2 channels").arg(n.path, QString::number(limits::MaxChannels)));
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        const Node channel{it.value(), jsonMemberPath(n.path, displayString(it.key()))};
        if (!isChannelName(it.key())) {
            return fail("manifest.invalid-value",
                        tr("%1: not a channel name (lower-case letters, digits, \".\", \"_\" and "
                           "\"-\", at most 32)")
                            .arg(channel.path));
        }
        QList<ChannelEntry> entries;
        if (channel.value.isObject()) {
            ChannelEntry e;
            if (!entry(channel, e)) {
                return false;
            }
            entries.append(e);
        } else {
            QJsonArray items;
            if (!array(channel, limits::MaxChannelEntries, items)) {
                return false;
            }
            for (qsizetype i = 0; i < items.size(); ++i) {
                ChannelEntry e;
                if (!entry(element(channel, items, i), e)) {
                    return false;
                }
                entries.append(e);
            }
        }
        m.channels.insert(it.key(), entries);
    }
    return true;
}

bool Parser::entry(const Node &n, ChannelEntry &e)
{
    if (!object(n, {"version", "compatible", "bundle_url", "bundle_sha256", "bundle_size",
                    "release_notes", "min_version", "rollout", "deltas"}) ||
        !version(child(n, "version"), e.version) ||
        !compatibles(child(n, "compatible"), e.compatible) ||
        !url(child(n, "bundle_url"), e.bundleUrl) ||
        !hash(child(n, "bundle_sha256"), e.bundleSha256) ||
        !integer(child(n, "bundle_size"), limits::MaxBundleBytes, e.bundleSize)) {
        return false;
    }
    if (e.bundleSize == 0) {
        return fail("manifest.invalid-value",
                    tr("%1: must be 1 or more").arg(child(n, "bundle_size").path));
    }
    if (const Node notesNode = child(n, "release_notes");
        notesNode.present() && !notes(notesNode, e.releaseNotes)) {
        return false;
    }
    if (const Node min = child(n, "min_version"); min.present()) {
        SemVer v;
        if (!version(min, v)) {
            return false;
        }
        e.minVersion = v;
    }
    if (const Node rollout = child(n, "rollout"); rollout.present()) {
        quint64 percent = 0;
        if (!integer(rollout, 100, percent)) {
            return false;
        }
        e.rolloutPercent = quint32(percent);
    }
    const Node d = child(n, "deltas");
    return !d.present() || deltas(d, e.deltas);
}

// One value or an array of them, each once.
bool Parser::compatibles(const Node &n, QStringList &out)
{
    if (n.value.isString()) {
        QString value;
        if (!label(n, value)) {
            return false;
        }
        out.append(value);
        return true;
    }
    QJsonArray items;
    if (!array(n, limits::MaxEntryCompatibles, items)) {
        return false;
    }
    if (items.isEmpty()) {
        return fail("manifest.invalid-value", tr("%1: must not be empty").arg(n.path));
    }
    for (qsizetype i = 0; i < items.size(); ++i) {
        const Node item = element(n, items, i);
        QString value;
        if (!label(item, value)) {
            return false;
        }
        if (out.contains(value)) {
            return fail(
                "manifest.duplicate",
                tr("%1: \"%2\" appears more than once").arg(item.path, displayString(value)));
        }
        out.append(value);
    }
    return true;
}

bool Parser::deltas(const Node &n, QList<ChannelDelta> &out)
{
    QJsonArray items;
    if (!array(n, limits::MaxEntryDeltas, items)) {
        return false;
    }
    for (qsizetype i = 0; i < items.size(); ++i) {
        const Node item = element(n, items, i);
        ChannelDelta d;
        if (!object(item, {"from", "url", "sha256", "size"}) ||
            !version(child(item, "from"), d.from) || !url(child(item, "url"), d.url) ||
            !hash(child(item, "sha256"), d.sha256) ||
            !integer(child(item, "size"), limits::MaxBundleBytes, d.size)) {
            return false;
        }
        if (d.size == 0) {
            return fail("manifest.invalid-value",
                        tr("%1: must be 1 or more").arg(child(item, "size").path));
        }
        if (std::any_of(out.begin(), out.end(),
                        [&d](const ChannelDelta &other) { return other.from == d.from; })) {
            return fail("manifest.duplicate",
                        tr("%1: a second delta from %2").arg(item.path, d.from.toString()));
        }
        out.append(d);
    }
    return true;
}

// An absolute http or https URL, or a reference relative to the manifest's own URL; never a
// user name or password (they would end up in logs), never another scheme (file:, ftp:, ...).
bool Parser::url(const Node &n, QString &out)
{
    if (!string(n, limits::MaxUrlChars, out)) {
        return false;
    }
    const QUrl parsed(out, QUrl::StrictMode);
    const QString scheme = parsed.scheme();
    if (out.isEmpty() || !isOneLinePrintable(out) || !parsed.isValid()) {
        return fail("manifest.invalid-value", tr("%1: not a URL").arg(n.path));
    }
    if (!scheme.isEmpty() && scheme != QLatin1String("https") && scheme != QLatin1String("http")) {
        return fail("manifest.invalid-value",
                    tr("%1: only http and https URLs (or relative ones) are allowed").arg(n.path));
    }
    if (!parsed.userInfo().isEmpty()) {
        return fail("manifest.invalid-value",
                    tr("%1: a URL must not hold a user name or password").arg(n.path));
    }
    return true;
}

// A plain string, or language tag -> text as in a bundle manifest.
bool Parser::notes(const Node &n, QMap<QString, QString> &out)
{
    if (!n.value.isString()) {
        return releaseNotes(n, limits::MaxReleaseNotesLanguages, limits::MaxReleaseNotesChars, out);
    }
    QString text;
    if (!string(n, limits::MaxReleaseNotesChars, text)) {
        return false;
    }
    out.insert(QString(), text);
    return true;
}

} // namespace

Result<ChannelManifest> parseChannelManifest(const QByteArray &json)
{
    if (json.size() > limits::ChannelManifestMaxBytes) {
        return makeError(Error::Kind::Invalid, "channel.too-large",
                         tr("The channel manifest has %1 bytes; at most %2 are accepted.")
                             .arg(QString::number(json.size()),
                                  QString::number(limits::ChannelManifestMaxBytes)));
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return makeError(Error::Kind::Invalid, "channel.not-json",
                         tr("The channel manifest is not JSON: %1 at offset %2")
                             .arg(parseError.errorString(), QString::number(parseError.offset)));
    }
    if (!doc.isObject()) {
        return makeError(Error::Kind::Invalid, "channel.wrong-type",
                         tr("(top level): must be a JSON object"));
    }
    JsonTextScan scan = scanJsonText(json);
    if (!scan.repeatedKey.isEmpty()) {
        return makeError(Error::Kind::Invalid, "channel.duplicate-key",
                         tr("%1: key appears more than once").arg(scan.repeatedKey));
    }
    return Parser(std::move(scan.unplainNumbers), limits::MaxShortString).run(doc.object());
}

quint32 rolloutBucket(const QByteArray &machineId, const SemVer &version)
{
    // Domain-separated, so the bucket says nothing about any other use of the machine id.
    QByteArray input = QByteArrayLiteral("seesaw rollout v1");
    input.append('\0').append(machineId).append('\0').append(version.toString().toUtf8());
    const QByteArray digest = Sha256::hash(input);
    const auto value = qFromBigEndian<quint64>(digest.constData());
    return quint32(value % 10000U);
}

bool inRollout(const QByteArray &machineId, const SemVer &version, quint32 percent)
{
    return rolloutBucket(machineId, version) < percent * 100U;
}

ChannelOffer selectOffer(const ChannelManifest &manifest, const ChannelDevice &device)
{
    ChannelOffer offer;
    QList<ChannelEntry> entries;
    if (device.channel == QLatin1String("latest") && manifest.latest &&
        !manifest.channels.contains(device.channel)) {
        entries.append(*manifest.latest);
    } else if (auto it = manifest.channels.constFind(device.channel);
               it != manifest.channels.constEnd()) {
        entries = *it;
    } else {
        offer.kind = ChannelOffer::Kind::NoSuchChannel;
        return offer;
    }
    // Newest first; the first one this device may have wins.
    std::stable_sort(
        entries.begin(), entries.end(),
        [](const ChannelEntry &a, const ChannelEntry &b) { return b.version < a.version; });
    for (const ChannelEntry &e : std::as_const(entries)) {
        if (!e.compatible.contains(device.compatible)) {
            continue;
        }
        const bool newer = !device.bootedVersion || *device.bootedVersion < e.version;
        if (newer && e.minVersion && device.bootedVersion &&
            *device.bootedVersion < *e.minVersion) {
            offer.passedOver.append(
                tr("%1 needs version %2 or later on the device; this device runs %3.")
                    .arg(e.version.toString(), e.minVersion->toString(),
                         device.bootedVersion->toString()));
            continue;
        }
        if (newer && !inRollout(device.machineId, e.version, e.rolloutPercent)) {
            offer.passedOver.append(
                tr("%1 is being rolled out to %2 % of devices; this device is not among them yet.")
                    .arg(e.version.toString(), QString::number(e.rolloutPercent)));
            continue;
        }
        offer.entry = e;
        if (!newer) {
            return offer; // UpToDate: the newest this device could have is what it runs, or older
        }
        offer.kind = ChannelOffer::Kind::Update;
        if (device.bootedVersion) {
            for (const ChannelDelta &d : e.deltas) {
                if (d.from == *device.bootedVersion &&
                    d.from.buildMetadata() == device.bootedVersion->buildMetadata()) {
                    offer.delta = d;
                }
            }
        }
        return offer;
    }
    return offer;
}

} // namespace seesaw
