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
// "net.tls": the server's certificate (or the TLS handshake) failed, for the reason `why`.
Error untrustedServer(const QUrl &url, const QString &why);
// "net.unreachable": no connection, or it broke, for the reason `why`.
Error unreachableServer(const QUrl &url, const QString &why);
// The error of a finished reply, in words ("net.tls", "net.unreachable", "net.http").
Error replyError(QNetworkReply &reply, const QUrl &url);
// "net.url" unless `url` is a valid http or https URL.
Status httpUrl(const QUrl &url);
// A GET request for an http(s) URL ("net.url" otherwise) with the TLS options, at most five
// redirects, and the proxy from the environment (http_proxy, https_proxy, no_proxy).
Result<QNetworkRequest> newRequest(const QUrl &url, const TlsOptions &tls);
// Runs an event loop until `reply` finishes; aborts it after timeoutMs ("net.timeout") or once
// more than maxBytes arrived or were announced ("net.too-large"). Messages name `url`.
Status awaitReply(QNetworkReply &reply, const QUrl &url, qsizetype maxBytes, int timeoutMs);

} // namespace seesaw
