// One resumable HTTP transfer of a byte range of a file whose size the signed channel manifest
// announced: a whole bundle into its part file (download.h), the ZIP directory and manifest of a
// bundle into memory, or one payload straight into the install pipeline (remotebundle.h). A cut,
// a stall or a busy server costs only the bytes that had not arrived yet: the next request asks
// for the rest (Range) of the same copy (If-Range with the validator of the first reply), and a
// reply with anything else than those bytes (another part, another size, more than asked) is
// refused with the reason. Blocking: runs its own event loop, for a worker thread or the CLI.
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
    virtual Status take(const QByteArray &data) = 0;
    // The server sends its whole file from byte 0 (it ignored the range, or its file changed
    // since the validator): start again empty, or return why that cannot be.
    virtual Status startOver() = 0;
};

struct TransferStats {
    quint64 fetched = 0; // bytes received from the network by this call
    int connections = 0;
};

// Error codes: those of newRequest ("net.url", "net.tls-config"), "net.tls", "net.unreachable"
// and "net.timeout" (after maxConnections attempts), "net.unavailable" (5xx, 408 and 429 still
// after maxConnections attempts), "net.http" (404, 410 and other statuses that a retry cannot
// change, at once), "net.range" (a reply with another part of the file), "net.too-large" (more
// bytes than asked), "download.size-mismatch" (the server's file has another size than the
// manifest says), "cancelled", and the sink's own.
Result<TransferStats> transferRange(const RangeRequest &request, TransferSink &sink);

} // namespace seesaw
