#include "net/httpcommon.h"

#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QNetworkProxyFactory>
#include <QSslCertificate>
#include <QSslKey>
#include <QTimer>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Net", text);
}

} // namespace

Error netError(const char *code, const QString &message)
{
    return makeError(Error::Kind::Io, code, message);
}

// What a URL is called in messages: no query, no fragment (they may carry tokens).
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

Error untrustedServer(const QUrl &url, const QString &why)
{
    return netError("net.tls",
                    tr("The server %1 could not be trusted: %2.").arg(shownUrl(url), why));
}

Error unreachableServer(const QUrl &url, const QString &why)
{
    return netError("net.unreachable",
                    tr("The update server %1 could not be reached: %2.").arg(shownUrl(url), why));
}

// The error of a finished reply, in words.
Error replyError(QNetworkReply &reply, const QUrl &url)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    switch (reply.error()) {
    case QNetworkReply::SslHandshakeFailedError:
        return untrustedServer(url, reply.errorString());
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::UnknownNetworkError:
        return unreachableServer(url, reply.errorString());
    default:
        break;
    }
    if (status != 0) {
        return netError("net.http", tr("The update server answered %1 for %2.")
                                        .arg(QString::number(status), shownUrl(url)));
    }
    return unreachableServer(url, reply.errorString());
}

Status httpUrl(const QUrl &url)
{
    const QString scheme = url.scheme();
    if (!url.isValid() || (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
        return netError("net.url", tr("%1 is not an http or https URL.").arg(shownUrl(url)));
    }
    return Ok{};
}

Result<QNetworkRequest> newRequest(const QUrl &url, const TlsOptions &tlsOptions)
{
    if (Status s = httpUrl(url); !s) {
        return s.error();
    }
    auto tls = tlsConfiguration(tlsOptions);
    if (!tls) {
        return tls.error();
    }
    // http_proxy, https_proxy and no_proxy from the environment, as curl reads them.
    QNetworkProxyFactory::setUseSystemConfiguration(true);
    QNetworkRequest req(url);
    req.setSslConfiguration(*tls);
    req.setMaximumRedirectsAllowed(5);
    req.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("seesaw"));
    return req;
}

Status awaitReply(QNetworkReply &reply, const QUrl &url, qsizetype maxBytes, int timeoutMs)
{
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    bool timedOut = false;
    bool tooLarge = false;
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        reply.abort();
    });
    // The body is bounded while it arrives, whatever Content-Length says.
    QObject::connect(&reply, &QNetworkReply::downloadProgress, &loop,
                     [&](qint64 received, qint64 total) {
                         if (received > maxBytes || total > maxBytes) {
                             tooLarge = true;
                             reply.abort();
                         }
                     });
    QObject::connect(&reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    deadline.start(timeoutMs);
    if (!reply.isFinished()) {
        loop.exec();
    }
    if (timedOut) {
        return netError("net.timeout", tr("The update server %1 did not answer within %2 s.")
                                           .arg(shownUrl(url), QString::number(timeoutMs / 1000)));
    }
    if (tooLarge || reply.bytesAvailable() > maxBytes) {
        return netError("net.too-large", tr("The reply from %1 is larger than %2 bytes.")
                                             .arg(shownUrl(url), QString::number(maxBytes)));
    }
    return Ok{};
}

} // namespace seesaw
