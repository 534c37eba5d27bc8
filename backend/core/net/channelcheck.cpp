#include "net/channelcheck.h"

#include "base/atomicfile.h"
#include "base/hostilestring.h"
#include "net/channelkept.h"
#include "trust/crypto.h"
#include "trust/keyring.h"
#include "trust/signaturefile.h"

#include <QCoreApplication>
#include <QFile>

namespace seesaw {

using namespace channelkept;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Channel", text);
}

QUrl signatureUrl(const QUrl &manifestUrl)
{
    QUrl url = manifestUrl;
    url.setPath(manifestUrl.path() + QStringLiteral(".sig"));
    return url;
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

} // namespace seesaw
