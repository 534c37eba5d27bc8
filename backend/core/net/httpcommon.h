// What the HTTP requests of net/ share (inside seesawnet only): TLS from the configured files,
// the request every download starts from, URLs as messages show them, and errors in words.
#pragma once

#include "base/result.h"
#include "net/tlsoptions.h"
#include "net/urltext.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QUrl>

namespace seesaw {

Error netError(const char *code, const QString &message);
// "net.tls-config" when the CA or client files cannot be read.
Result<QSslConfiguration> tlsConfiguration(const TlsOptions &tls);
// The error of a finished reply, in words ("net.tls", "net.unreachable", "net.http").
Error replyError(QNetworkReply &reply, const QUrl &url);
// A GET request for an http(s) URL ("net.url" otherwise) with the TLS options, at most five
// redirects, and the proxy from the environment (http_proxy, https_proxy, no_proxy).
Result<QNetworkRequest> newRequest(const QUrl &url, const TlsOptions &tls);

} // namespace seesaw
