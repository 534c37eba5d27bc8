// Risk: the device believes or hangs on what an update server (or anybody between it and the
// device) sends: a server whose certificate the device does not trust, a reply bigger than a
// manifest can be, a server that stops answering, an error page taken for a manifest, or a poll
// that downloads the whole manifest every time instead of costing an idle fleet a 304.
// Against a real nginx on 127.0.0.1 with a test CA (webserver.h).
#include "net/httpfetch.h"
#include "webserver.h"

#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace seesaw;

class TestHttpFetch : public QObject {
    Q_OBJECT

    [[nodiscard]] FetchRequest request(const QString &path) const;

    TestWebServer m_server;

private Q_SLOTS:
    void initTestCase();
    void fetchesOverTls();
    void conditionalRequestCostsA304();
    void untrustedCertificateRefused();
    void systemStoreDoesNotTrustTheTestCa();
    void tooLargeRefused();
    void errorStatusIsAnError();
    void silentServerTimesOut();
    void onlyHttpAndHttps();
};

FetchRequest TestHttpFetch::request(const QString &path) const
{
    FetchRequest r;
    r.url = m_server.url(path);
    r.tls.caFile = m_server.caFile();
    r.timeoutMs = 10000;
    return r;
}

void TestHttpFetch::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.why()));
    QVERIFY(m_server.put(QStringLiteral("channel.json"), QByteArrayLiteral("{\"serial\": 1}\n")));
}

void TestHttpFetch::fetchesOverTls()
{
    auto reply = fetchSmall(request(QStringLiteral("channel.json")));
    QVERIFY2(reply, reply ? "" : qPrintable(reply.error().message));
    QCOMPARE(reply->status, 200);
    QVERIFY(!reply->notModified);
    QCOMPARE(reply->body, QByteArrayLiteral("{\"serial\": 1}\n"));
    QVERIFY(!reply->etag.isEmpty());
    QVERIFY(!reply->lastModified.isEmpty());
}

void TestHttpFetch::conditionalRequestCostsA304()
{
    auto first = fetchSmall(request(QStringLiteral("channel.json")));
    QVERIFY(first);
    FetchRequest again = request(QStringLiteral("channel.json"));
    again.etag = first->etag;
    again.lastModified = first->lastModified;
    const int before = m_server.requests();
    auto second = fetchSmall(again);
    QVERIFY2(second, second ? "" : qPrintable(second.error().message));
    QVERIFY(second->notModified);
    QCOMPARE(second->status, 304);
    QVERIFY(second->body.isEmpty());
    QCOMPARE(m_server.requests(), before + 1); // one request, answered with 304
    QVERIFY(m_server.accessLog().contains(QStringLiteral("\" 304 ")));
    // A new manifest on the server: the same validators fetch it whole.
    QTest::qWait(1100); // Last-Modified has a resolution of one second
    QVERIFY(m_server.put(QStringLiteral("channel.json"), QByteArrayLiteral("{\"serial\": 2}\n")));
    auto third = fetchSmall(again);
    QVERIFY(third);
    QVERIFY(!third->notModified);
    QCOMPARE(third->body, QByteArrayLiteral("{\"serial\": 2}\n"));
    QVERIFY(third->etag != first->etag);
}

void TestHttpFetch::untrustedCertificateRefused()
{
    FetchRequest r = request(QStringLiteral("channel.json"));
    r.tls.caFile = m_server.otherCaFile();
    auto reply = fetchSmall(r);
    QVERIFY(!reply);
    QCOMPARE(reply.error().code, QStringLiteral("net.tls"));
}

void TestHttpFetch::systemStoreDoesNotTrustTheTestCa()
{
    FetchRequest r = request(QStringLiteral("channel.json"));
    r.tls.caFile.clear();
    auto reply = fetchSmall(r);
    QVERIFY(!reply);
    QCOMPARE(reply.error().code, QStringLiteral("net.tls"));
}

void TestHttpFetch::tooLargeRefused()
{
    QVERIFY(m_server.put(QStringLiteral("big.json"), QByteArray(qsizetype(3) * 1024 * 1024, 'x')));
    FetchRequest r = request(QStringLiteral("big.json"));
    r.maxBytes = qsizetype(1024) * 1024;
    auto reply = fetchSmall(r);
    QVERIFY(!reply);
    QCOMPARE(reply.error().code, QStringLiteral("net.too-large"));
}

void TestHttpFetch::errorStatusIsAnError()
{
    auto reply = fetchSmall(request(QStringLiteral("missing.json")));
    QVERIFY(!reply);
    QCOMPARE(reply.error().code, QStringLiteral("net.http"));
    QVERIFY2(reply.error().message.contains(QStringLiteral("404")),
             qPrintable(reply.error().message));
}

// A server that accepts the connection and never answers.
void TestHttpFetch::silentServerTimesOut()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    FetchRequest r;
    r.url = QUrl(QStringLiteral("http://127.0.0.1:%1/channel.json").arg(silent.serverPort()));
    r.timeoutMs = 1500;
    QElapsedTimer clock;
    clock.start();
    auto reply = fetchSmall(r);
    QVERIFY(!reply);
    QCOMPARE(reply.error().code, QStringLiteral("net.timeout"));
    QVERIFY(clock.elapsed() < 10000); // bounded by the request's timeout, not the OS's
}

void TestHttpFetch::onlyHttpAndHttps()
{
    FetchRequest r;
    r.url = QUrl::fromLocalFile(m_server.root() + QStringLiteral("/channel.json"));
    auto reply = fetchSmall(r);
    QVERIFY(!reply);
    QCOMPARE(reply.error().code, QStringLiteral("net.url"));
}

QTEST_GUILESS_MAIN(TestHttpFetch)
#include "tst_httpfetch.moc"
