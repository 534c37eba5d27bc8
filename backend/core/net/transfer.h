// One resumable HTTP transfer of a byte range of a file whose size the signed channel manifest
// announced: a whole bundle into its part file (download.h), the ZIP directory and manifest of a
// bundle into memory, or one payload straight into the install pipeline (remotebundle.h). A cut,
// a stall or a busy server costs only the bytes that had not arrived yet: the next request asks
// for the rest (Range) of the same copy (If-Range with the validator of the first reply), and a
// reply with anything else than those bytes (another part, another size, more than asked) is
// refused with the reason. Blocking (libcurl, on the calling thread), for a worker thread or the
// CLI; the calling thread's Qt events wait meanwhile.
#pragma once

#include "base/result.h"
#include "net/transfertypes.h"

namespace seesaw {

// The proxy comes from the environment (http_proxy, https_proxy, no_proxy), as for curl.
// Error codes: "net.url" (not http or https), "net.tls-config" (the TLS files cannot be used),
// "net.tls", "net.unreachable" and "net.timeout" (after maxConnections attempts),
// "net.unavailable" (5xx, 408 and 429 still after maxConnections attempts), "net.http" (404,
// 410 and other statuses that a retry cannot change, at once), "net.redirect" (a redirect
// refused: more than MaxRedirects, from https to http, or not http), "net.range" (a reply with
// another part of the file), "net.too-large" (more bytes than asked), "download.size-mismatch"
// (the server's file has another size than the manifest says), "cancelled", and the sink's own.
Result<TransferStats> transferRange(const RangeRequest &request, TransferSink &sink);

} // namespace seesaw
