// A bundle downloaded from an update server into the staging directory, resumable: a dropped
// connection, a stalled server or a reboot costs only what had not arrived yet (HTTP Range,
// with If-Range so that a file replaced on the server is fetched afresh rather than spliced).
// Every byte is bounded by the size the signed channel manifest announced and hashed as it
// arrives; the file is complete only when its SHA-256 is the manifest's, and only then does it
// get its final name. A server that answers a resumed request with something else than the
// rest of the same file (a wrong Content-Range, a bigger file) is refused with the reason.
// Blocking: runs its own event loop, for a worker thread or the CLI.
#pragma once

#include "base/result.h"
#include "net/httpfetch.h"

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <atomic>
#include <functional>

namespace seesaw {

struct DownloadProgress {
    quint64 done = 0;   // bytes of the file on disk, verified by the running hash
    quint64 total = 0;  // the announced size
    double rate = 0;    // bytes/s over the last seconds
    qint64 eta = -1;    // seconds, -1 unknown
    int connection = 0; // 1 for the first request, 2 after the first resume, …
};

struct DownloadRequest {
    QUrl url;
    TlsOptions tls;
    QByteArray sha256;          // raw 32 bytes: the whole file, from the signed channel manifest
    quint64 size = 0;           // its exact size, likewise
    QString directory;          // the staging directory (created when missing)
    quint64 bandwidthLimit = 0; // bytes/s; 0: none
    int stallTimeoutMs = 60000; // no byte for this long: the connection is dropped and resumed
    int connectTimeoutMs = 30000;
    int maxConnections = 10; // requests per call; each resumes where the previous one stopped
    int retryPauseMs = 1000; // before the second request; doubled for each next one, up to 16x
    // Authorization sent to authorizedServer only (a hawkBit token), redirects then followed
    // as RangeRequest says.
    QByteArray authorization;
    QUrl authorizedServer;
    std::function<void(const DownloadProgress &)> progress; // about 10 times a second at most
    const std::atomic<bool> *cancel = nullptr;
};

struct DownloadResult {
    QString path;            // DIRECTORY/<sha256 hex>.seesaw, complete and verified
    quint64 fetched = 0;     // bytes received from the network by this call
    quint64 resumedFrom = 0; // bytes that were already on disk when the call began
    int connections = 0;
};

// The staged file's path for a bundle digest (whether or not it exists yet).
QString stagedBundlePath(const QString &directory, const QByteArray &sha256);

// Error codes: those of newRequest ("net.url", "net.tls-config"), "net.tls", "net.unreachable"
// (after maxConnections attempts), "net.unavailable" (5xx, 408 and 429 still after
// maxConnections attempts), "net.http" (404, 410 and other statuses that a retry cannot
// change, at once), "net.redirect" (with authorization: a redirect refused), "net.range" (a resumed
// request answered with another part of the file), "net.too-large" (more bytes than announced),
// "download.size-mismatch" (the server's file has another size than the manifest says),
// "download.digest-mismatch" (the whole file's SHA-256 is not the manifest's; the partial file is
// removed), "download.io", "cancelled".
Result<DownloadResult> downloadFile(const DownloadRequest &request);

} // namespace seesaw
