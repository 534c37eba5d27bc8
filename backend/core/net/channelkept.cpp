#include "net/channelkept.h"

#include "base/atomicfile.h"
#include "base/hostilestring.h"
#include "trust/crypto.h"
#include "trust/keyring.h"
#include "trust/signaturefile.h"

#include <QCoreApplication>
#include <QFile>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Channel", text);
}

} // namespace

namespace channelkept {

QString keptManifestPath(const QString &dataDirectory)
{
    return dataDirectory + QStringLiteral("/channel-manifest.json");
}

QString keptSignaturePath(const QString &dataDirectory)
{
    return dataDirectory + QStringLiteral("/channel-manifest.json.sig");
}

QByteArray readBounded(const QString &path, qsizetype maxBytes)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(maxBytes + 1) : QByteArray();
}

Result<ChannelCheck> judge(const ChannelSettings &settings, const ChannelDevice &device,
                           const QByteArray &json, const QByteArray &sig,
                           const ChannelMemory &memory, const ClockFacts &facts)
{
    auto keyring = Keyring::load(settings.keyringDirectory, settings.overlayKeyringDirectory);
    if (!keyring) {
        return keyring.error();
    }
    // Nothing in the manifest is believed before its signature is.
    const TrustVerdict verdict = keyring->verify(json, sig);
    if (!verdict.trusted) {
        return makeError(
            Error::Kind::Untrusted, "channel.untrusted",
            tr("The channel manifest is not signed by a trusted key: %1").arg(verdict.message));
    }
    auto manifest = parseChannelManifest(json);
    if (!manifest) {
        return manifest.error();
    }
    ChannelCheck check;
    check.clock = judgeClock(settings.clock, facts, memory.newestIssued);
    if (Status fresh =
            checkFreshness(*manifest, Sha256::hash(json), memory, check.clock, facts.now);
        !fresh) {
        return fresh.error();
    }
    check.manifest = *manifest;
    ChannelDevice asked = device;
    asked.channel = settings.channel;
    check.offer = selectOffer(check.manifest, asked);
    return check;
}

Status keepCopy(const QString &dataDirectory, const QByteArray &json, const QByteArray &sig)
{
    // The signature first: a power cut between the two leaves a copy that fails its check and
    // is fetched again, never a signature that vouches for other bytes.
    if (Status s = writeFileAtomically(keptSignaturePath(dataDirectory), sig, 0644); !s) {
        return s;
    }
    return writeFileAtomically(keptManifestPath(dataDirectory), json, 0644);
}

} // namespace channelkept

using namespace channelkept;

ChannelSettings channelSettings(const SystemConfig &config, const ChannelState &state)
{
    ChannelSettings s;
    s.manifestUrl = QUrl(state.chosenUrl.isEmpty() ? config.network.manifestUrl : state.chosenUrl);
    s.channel = state.chosenChannel.isEmpty() ? config.network.channel : state.chosenChannel;
    s.tls = {config.network.caFile, config.network.clientCertificate, config.network.clientKey};
    s.keyringDirectory = config.network.keyringDirectory.isEmpty()
                             ? config.keyringDirectory
                             : config.network.keyringDirectory;
    s.overlayKeyringDirectory = config.overlayKeyringDirectory();
    s.clock = config.network.clock;
    return s;
}

Result<ChannelCheck> lastAcceptedChannel(const ChannelSettings &settings,
                                         const ChannelDevice &device, const QString &dataDirectory,
                                         const ChannelState &state, const ClockFacts &clock)
{
    const QByteArray json =
        readBounded(keptManifestPath(dataDirectory), limits::ChannelManifestMaxBytes);
    if (json.isEmpty() || state.manifestUrl != settings.manifestUrl.toString() ||
        Sha256::hash(json) != state.memory.manifestSha256) {
        return makeError(Error::Kind::Usage, "channel.none",
                         tr("No channel manifest has been accepted from this server yet."));
    }
    return judge(settings, device, json,
                 readBounded(keptSignaturePath(dataDirectory), limits::MaxSigFileBytes),
                 state.memory, clock);
}

QByteArray readMachineId(const QString &path)
{
    const QByteArray id = readBounded(path, 64).trimmed();
    return fromHexStrict(QString::fromLatin1(id), 16).isEmpty() ? QByteArray() : id;
}

} // namespace seesaw
