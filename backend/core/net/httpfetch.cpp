#include "net/httpfetch.h"

#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTimer>
#include <memory>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Net", text);
}

Error netError(const char *code, const QString &message)
{
    return makeError(Error::Kind::Io, code, message);
}

// What a URL is called in messages: no query, no fragment (they may carry tokens).
QString shown(const QUrl &url)
{
    return displayString(
        url.toString(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo), 200);
}

Result<QSslConfiguration> tlsConfiguration(const TlsOptions &tls)
{
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!tls.caFile.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromPath(tls.caFile, QSsl::Pem);
        if (cas.isEmpty()) {
            return netError(
                "net.tls-config",
                tr("No certificate could be read from the CA file %1.").arg(tls.caFile));
        }
        conf.setCaCertificates(cas);
    }
    if (!tls.clientCertificate.isEmpty()) {
        const QList<QSslCertificate> certs =
            QSslCertificate::fromPath(tls.clientCertificate, QSsl::Pem);
        QFile keyFile(tls.clientKey);
        const QByteArray keyPem =
            keyFile.open(QIODevice::ReadOnly) ? keyFile.read(qint64(64) * 1024) : QByteArray();
        QSslKey key(keyPem, QSsl::Ec);
        if (key.isNull()) {
            key = QSslKey(keyPem, QSsl::Rsa);
        }
        if (certs.isEmpty() || key.isNull()) {
            return netError("net.tls-config",
                            tr("The client certificate %1 or its key %2 cannot be read.")
                                .arg(tls.clientCertificate, tls.clientKey));
        }
        conf.setLocalCertificate(certs.first());
        conf.setPrivateKey(key);
    }
    return conf;
}

// The error of a finished reply, in words.
Error replyError(QNetworkReply &reply, const QUrl &url)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    switch (reply.error()) {
    case QNetworkReply::SslHandshakeFailedError:
        return netError(
            "net.tls",
            tr("The server %1 could not be trusted: %2.").arg(shown(url), reply.errorString()));
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::UnknownNetworkError:
        return netError("net.unreachable", tr("The update server %1 could not be reached: %2.")
                                               .arg(shown(url), reply.errorString()));
    default:
        break;
    }
    if (status != 0) {
        return netError(
            "net.http",
            tr("The update server answered %1 for %2.").arg(QString::number(status), shown(url)));
    }
    return netError(
        "net.unreachable",
        tr("The update server %1 could not be reached: %2.").arg(shown(url), reply.errorString()));
}

} // namespace

Result<FetchReply> fetchSmall(const FetchRequest &request)
{
    const QString scheme = request.url.scheme();
    if (!request.url.isValid() ||
        (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
        return netError("net.url", tr("%1 is not an http or https URL.").arg(shown(request.url)));
    }
    auto tls = tlsConfiguration(request.tls);
    if (!tls) {
        return tls.error();
    }
    // http_proxy, https_proxy and no_proxy from the environment, as curl reads them.
    QNetworkProxyFactory::setUseSystemConfiguration(true);
    QNetworkAccessManager manager;
    manager.setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkRequest req(request.url);
    req.setSslConfiguration(*tls);
    req.setMaximumRedirectsAllowed(5);
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("seesaw"));
    if (!request.etag.isEmpty()) {
        req.setRawHeader("If-None-Match", request.etag);
    }
    if (!request.lastModified.isEmpty()) {
        req.setRawHeader("If-Modified-Since", request.lastModified);
    }
    std::unique_ptr<QNetworkReply> reply(manager.get(req));
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
                            .arg(shown(request.url), QString::number(request.timeoutMs / 1000)));
    }
    if (tooLarge) {
        return netError("net.too-large",
                        tr("The reply from %1 is larger than %2 bytes.")
                            .arg(shown(request.url), QString::number(request.maxBytes)));
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
                            .arg(shown(request.url), QString::number(request.maxBytes)));
    }
    return out;
}

} // namespace seesaw
