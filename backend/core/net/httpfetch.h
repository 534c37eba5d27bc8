// Small HTTP(S) requests for a channel: the manifest and its signature. Every reply is hostile:
// bounded in size and time, TLS checked against the configured CA (or the system's), and an
// unchanged manifest costs the server a 304 (ETag / Last-Modified from the previous reply).
// Blocking: runs its own event loop, for a worker thread or the CLI, never seesawd's main thread.
// Uses Qt Network (the only part of the core that does).
#pragma once

#include "base/result.h"
#include "net/tlsoptions.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace seesaw {

struct FetchRequest {
    QUrl url;
    TlsOptions tls;
    qsizetype maxBytes = qsizetype(1024) * 1024; // a longer body is refused ("net.too-large")
    int timeoutMs = 30000;                       // for the whole request, connect to last byte
    // From the previous reply, for a conditional request; empty: unconditional.
    QByteArray etag;
    QByteArray lastModified;
};

struct FetchReply {
    int status = 0;           // 200, or 304 when notModified
    bool notModified = false; // the server's copy is the one the validators name
    QByteArray body;          // empty when notModified
    QByteArray etag;          // validators to send next time
    QByteArray lastModified;
};

// Error codes: "net.url" (not http or https), "net.tls" (certificate or handshake refused),
// "net.unreachable" (name, connection refused or reset), "net.timeout", "net.http" (a status
// other than 200 and 304, with it in the message), "net.too-large", "net.tls-config" (the CA or
// client files cannot be read).
Result<FetchReply> fetchSmall(const FetchRequest &request);

} // namespace seesaw
