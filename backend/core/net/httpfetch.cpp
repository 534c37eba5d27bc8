#include "net/httpfetch.h"

#include "net/httpcommon.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <memory>

namespace seesaw {

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
    if (Status s = awaitReply(*reply, request.url, request.maxBytes, request.timeoutMs); !s) {
        return s.error();
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
    return out;
}

} // namespace seesaw
