#include "net/channelcheck.h"

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

QUrl signatureUrl(const QUrl &manifestUrl)
{
    QUrl url = manifestUrl;
    url.setPath(manifestUrl.path() + QStringLiteral(".sig"));
    return url;
}

// Signature, fields and freshness of one manifest's bytes, as a device must check them.
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

struct Fetched {
    bool notModified = false;
    QByteArray json;
    QByteArray sig;
    QByteArray etag;
    QByteArray lastModified;
};

Result<Fetched> fetchManifest(const ChannelSettings &settings, const ChannelState &state,
                              bool haveCopy)
{
    FetchRequest request;
    request.url = settings.manifestUrl;
    request.tls = settings.tls;
    request.maxBytes = limits::ChannelManifestMaxBytes;
    request.timeoutMs = settings.timeoutMs;
    if (haveCopy) { // validators are worth sending only when a 304 can be answered from a copy
        request.etag = state.etag;
        request.lastModified = state.lastModified;
    }
    auto reply = fetchSmall(request);
    if (!reply) {
        return reply.error();
    }
    Fetched f;
    f.notModified = reply->notModified;
    f.etag = reply->etag;
    f.lastModified = reply->lastModified;
    if (f.notModified) {
        return f;
    }
    f.json = reply->body;
    FetchRequest sigRequest = request;
    sigRequest.url = signatureUrl(settings.manifestUrl);
    sigRequest.maxBytes = limits::MaxSigFileBytes;
    sigRequest.etag.clear();
    sigRequest.lastModified.clear();
    auto sig = fetchSmall(sigRequest);
    if (!sig) {
        if (sig.error().code == QLatin1String("net.http")) {
            return makeError(Error::Kind::Untrusted, "channel.unsigned",
                             tr("The channel manifest's signature could not be fetched: %1")
                                 .arg(sig.error().message));
        }
        return sig.error();
    }
    f.sig = sig->body;
    return f;
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

Result<ChannelCheck> pollOnce(const ChannelSettings &settings, const ChannelDevice &device,
                              const QString &dataDirectory, ChannelState &state,
                              const ClockFacts &clock)
{
    const QByteArray keptJson =
        readBounded(keptManifestPath(dataDirectory), limits::ChannelManifestMaxBytes);
    const QByteArray keptSig =
        readBounded(keptSignaturePath(dataDirectory), limits::MaxSigFileBytes);
    const bool haveCopy = !keptJson.isEmpty() && !keptSig.isEmpty() &&
                          Sha256::hash(keptJson) == state.memory.manifestSha256;
    auto fetched = fetchManifest(settings, state, haveCopy);
    if (!fetched) {
        return fetched.error();
    }
    const QByteArray &json = fetched->notModified ? keptJson : fetched->json;
    const QByteArray &sig = fetched->notModified ? keptSig : fetched->sig;
    auto check = judge(settings, device, json, sig, state.memory, clock);
    if (!check) {
        return check.error();
    }
    check->notModified = fetched->notModified;
    if (!fetched->notModified) {
        if (Status kept = keepCopy(dataDirectory, json, sig); !kept) {
            return withCode(kept, "channel.state").error();
        }
    }
    state.memory = remember(state.memory, check->manifest, Sha256::hash(json));
    state.etag = fetched->etag;
    state.lastModified = fetched->lastModified;
    return check;
}

} // namespace

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

Result<ChannelCheck> checkChannel(const ChannelSettings &settings, const ChannelDevice &device,
                                  const QString &dataDirectory, ChannelState &state,
                                  const ClockFacts &clock)
{
    const QString url = settings.manifestUrl.toString();
    if (state.manifestUrl != url) {
        // Another server: its serials and validators are its own.
        const ChannelState chosen = state;
        state = ChannelState{};
        state.manifestUrl = url;
        state.chosenChannel = chosen.chosenChannel;
        state.chosenUrl = chosen.chosenUrl;
        QFile::remove(keptManifestPath(dataDirectory));
        QFile::remove(keptSignaturePath(dataDirectory));
    }
    auto check = pollOnce(settings, device, dataDirectory, state, clock);
    state.lastCheck = clock.now;
    if (check) {
        state.lastSuccess = clock.now;
        state.lastErrorCode.clear();
        state.lastError.clear();
    } else {
        state.lastErrorCode = check.error().code;
        state.lastError = check.error().message;
    }
    if (Status saved = saveChannelState(dataDirectory, state); !saved) {
        return withCode(saved, "channel.state").error();
    }
    return check;
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
