#include "net/httpfetch.h"

#include "net/httpcommon.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <memory>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Net", text);
}

} // namespace

Result<FetchReply> fetchSmall(const FetchRequest &request)
{
    auto req = newRequest(request.url, request.tls);
    if (!req) {
        return req.error();
    }
    QNetworkAccessManager manager;
    manager.setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    if (!request.etag.isEmpty()) {
        req->setRawHeader("If-None-Match", request.etag);
    }
    if (!request.lastModified.isEmpty()) {
        req->setRawHeader("If-Modified-Since", request.lastModified);
    }
    std::unique_ptr<QNetworkReply> reply(manager.get(*req));
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    bool timedOut = false;
    bool tooLarge = false;
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        reply->abort();
    });
    // The body is bounded while it arrives, whatever Content-Length says.
    QObject::connect(reply.get(), &QNetworkReply::downloadProgress, &loop,
                     [&](qint64 received, qint64 total) {
                         if (received > request.maxBytes || total > request.maxBytes) {
                             tooLarge = true;
                             reply->abort();
                         }
                     });
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    deadline.start(request.timeoutMs);
    loop.exec();
    if (timedOut) {
        return netError("net.timeout",
                        tr("The update server %1 did not answer within %2 s.")
                            .arg(shownUrl(request.url), QString::number(request.timeoutMs / 1000)));
    }
    if (tooLarge) {
        return netError("net.too-large",
                        tr("The reply from %1 is larger than %2 bytes.")
                            .arg(shownUrl(request.url), QString::number(request.maxBytes)));
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    FetchReply out;
    out.status = status;
    out.etag = reply->rawHeader("ETag");
    out.lastModified = reply->rawHeader("Last-Modified");
    if (status == 304) {
        out.notModified = true;
        return out;
    }
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        return replyError(*reply, request.url);
    }
    out.body = reply->readAll();
    if (out.body.size() > request.maxBytes) {
        return netError("net.too-large",
                        tr("The reply from %1 is larger than %2 bytes.")
                            .arg(shownUrl(request.url), QString::number(request.maxBytes)));
    }
    return out;
}

} // namespace seesaw
