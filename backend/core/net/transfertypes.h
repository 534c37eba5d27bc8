// What a range transfer (net/transfer.h) is asked to do, where its bytes go, and what it cost.
#pragma once

#include "base/result.h"
#include "net/tlsoptions.h"

#include <QByteArray>
#include <QUrl>
#include <atomic>
#include <functional>

namespace seesaw {

struct RangeRequest {
    QUrl url;
    TlsOptions tls;
    quint64 fileSize = 0;       // the whole file on the server, as the signed channel manifest says
    quint64 start = 0;          // the first byte wanted
    quint64 length = 0;         // how many, from start
    quint64 bandwidthLimit = 0; // bytes/s; 0: none
    int stallTimeoutMs = 60000; // no byte for this long: the connection is dropped and resumed
    int connectTimeoutMs = 30000;
    int maxConnections = 10; // requests per call; each resumes where the previous one stopped
    int retryPauseMs = 1000; // before the second request; doubled for each next one, up to 16x
    const std::atomic<bool> *cancel = nullptr;
    // Sent as Authorization only to URLs on authorizedServer (sameOrigin). With it, redirects
    // are followed here, where the rule is ours: at most MaxRedirects per request, never from
    // https to http, and the header is left out wherever a redirect leads off that server (a
    // CDN, object storage). Without it libcurl follows them, by the same limits. Each new
    // request after a cut starts again from url (a redirect's target may have expired).
    QByteArray authorization;
    QUrl authorizedServer;
    static constexpr int MaxRedirects = 5;
    // A second reason to stop, as cancel does: nobody wants the bytes any more.
    const std::atomic<bool> *abandon = nullptr;
    // After each piece taken: bytes of the range taken so far, and the request's number.
    std::function<void(quint64 received, int connection)> progress;
};

// Where a transfer's bytes go.
class TransferSink {
public:
    TransferSink() = default;
    TransferSink(const TransferSink &) = delete;
    TransferSink &operator=(const TransferSink &) = delete;
    virtual ~TransferSink() = default;
    // Bytes of the range already taken (a resumed request asks for the rest).
    [[nodiscard]] virtual quint64 received() const = 0;
    // The server's validator (strong ETag, else Last-Modified) of the copy the bytes came from;
    // empty when none is known yet.
    [[nodiscard]] virtual QByteArray validator() const = 0;
    virtual void setValidator(const QByteArray &value) = 0;
    // The next bytes; `data` is valid during the call only (it wraps the transfer's buffer).
    virtual Status take(const QByteArray &data) = 0;
    // The server sends its whole file from byte 0 (it ignored the range, or its file changed
    // since the validator): start again empty, or return why that cannot be.
    virtual Status startOver() = 0;
};

struct TransferStats {
    quint64 fetched = 0; // bytes received from the network by this call
    int connections = 0;
};

} // namespace seesaw
