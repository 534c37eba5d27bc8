// One request to a hawkBit server's DDI API (net/ddi.h reads the replies): a GET of a JSON
// resource (conditional, with the ETag of the previous reply), or a POST / PUT of a JSON body.
//
// The device's credentials (Authorization: TargetToken … or GatewayToken …) go only to the
// configured server: a request elsewhere is refused before it is made, and redirects are never
// followed (a 3xx is an error), so that no server can bounce the token to another host. Replies
// are bounded in size and time like every other network reply.
// Blocking: runs its own event loop, for a worker thread or the CLI.
#pragma once

#include "base/result.h"
#include "net/ddi.h"
#include "net/tlsoptions.h"

#include <QByteArray>
#include <QUrl>

namespace seesaw {

struct DdiRequest {
    enum class Method { Get, Post, Put };
    Method method = Method::Get;
    QUrl url;
    QUrl server; // the configured server: url must be on it (sameOrigin, net/urltext.h)
    QByteArray authorization; // "TargetToken …", "GatewayToken …", or empty
    TlsOptions tls;
    QByteArray body; // Post, Put: JSON
    QByteArray etag; // Get: If-None-Match
    qsizetype maxBytes = ddi::MaxReplyBytes;
    int timeoutMs = 30000; // the whole request, connect to last byte
};

struct DdiReply {
    int status = 0; // 200, 201, 304, or the 4xx/5xx the server sent
    bool notModified = false;
    QByteArray body; // empty for 304 and for most error statuses
    QByteArray etag;
};

// Any HTTP status comes back as a reply (the caller knows what 404 or 410 means for its
// resource). Error codes: "net.url" (not http(s), or not on the configured server),
// "net.tls-config", "net.tls", "net.unreachable", "net.timeout", "net.too-large", "ddi.redirect"
// (a 3xx other than 304).
Result<DdiReply> ddiExchange(const DdiRequest &request);

// The Authorization header's value from a token file (target or gateway token): its first line,
// printable ASCII without spaces, at most 256 characters. Error code "ddi.token".
Result<QByteArray> readDdiToken(const QString &path, bool gateway);

} // namespace seesaw
