#include "net/ddihttp.h"

#include "base/smallfile.h"
#include "net/httpcommon.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <memory>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Ddi", text);
}

QNetworkReply *send(QNetworkAccessManager &manager, const QNetworkRequest &req,
                    const DdiRequest &request)
{
    switch (request.method) {
    case DdiRequest::Method::Post:
        return manager.post(req, request.body);
    case DdiRequest::Method::Put:
        return manager.put(req, request.body);
    case DdiRequest::Method::Get:
        break;
    }
    return manager.get(req);
}

} // namespace

Result<DdiReply> ddiExchange(const DdiRequest &request)
{
    if (!sameOrigin(request.url, request.server)) {
        return netError("net.url", tr("%1 is not on the hawkBit server %2; nothing was sent.")
                                       .arg(shownUrl(request.url), shownUrl(request.server)));
    }
    auto req = newRequest(request.url, request.tls);
    if (!req) {
        return req.error();
    }
    QNetworkAccessManager manager;
    req->setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                      QNetworkRequest::ManualRedirectPolicy);
    req->setRawHeader("Accept", "application/hal+json");
    if (!request.authorization.isEmpty()) {
        req->setRawHeader("Authorization", request.authorization);
    }
    if (request.method != DdiRequest::Method::Get) {
        req->setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    } else if (!request.etag.isEmpty()) {
        req->setRawHeader("If-None-Match", request.etag);
    }
    std::unique_ptr<QNetworkReply> reply(send(manager, *req, request));
    if (Status s = awaitReply(*reply, request.url, request.maxBytes, request.timeoutMs); !s) {
        return s.error();
    }
    DdiReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    // No whole HTTP answer (TLS, name, connection refused, or cut before its end): an error,
    // even when a status line had arrived. Errors from 201 on are HTTP statuses, kept.
    if (out.status == 0 || (reply->error() != QNetworkReply::NoError &&
                            reply->error() < QNetworkReply::ContentAccessDenied)) {
        return replyError(*reply, request.url);
    }
    if (out.status >= 300 && out.status < 400 && out.status != 304) {
        return netError("ddi.redirect",
                        tr("The hawkBit server answered %1 with a redirect (%2), which is not "
                           "followed: the device's credentials go to the configured server only.")
                            .arg(shownUrl(request.url), QString::number(out.status)));
    }
    out.notModified = out.status == 304;
    out.etag = reply->rawHeader("ETag").left(256);
    out.body = reply->readAll();
    return out;
}

Result<QByteArray> readDdiToken(const QString &path, bool gateway)
{
    const QByteArray text = readSmallFile(path, 1024);
    const QByteArray token = text.left(text.indexOf('\n') < 0 ? text.size() : text.indexOf('\n'));
    bool printable = !token.isEmpty() && token.size() <= 256;
    for (const char c : token) {
        printable = printable && c > ' ' && c < 0x7f;
    }
    if (!printable) {
        return makeError(Error::Kind::Invalid, "ddi.token",
                         tr("The hawkBit token file %1 does not hold a token (one line of at most "
                            "256 printable characters without spaces).")
                             .arg(path));
    }
    return QByteArray(QByteArray(gateway ? "GatewayToken " : "TargetToken ") + token);
}

} // namespace seesaw
