// Risk: a bundle downloaded over a weak link is fetched again from the start after every cut,
// spliced from two different files when the server's copy changes between connections,
// accepted although it is bigger or other than the signed channel manifest announced, or a
// server that answers 404 is asked forever. Against a real nginx on 127.0.0.1 (webserver.h),
// with the faults injected by a small proxy in front of it (faultproxy.h).
#include "faultproxy.h"
#include "net/download.h"
#include "net/transfer.h"
#include "testutil.h"
#include "trust/crypto.h"
#include "webserver.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>

using namespace seesaw;

namespace {
constexpr qint64 KiB = 1024;
} // namespace

class TestDownload : public QObject {
    Q_OBJECT

    [[nodiscard]] DownloadRequest request(const QUrl &url) const;
    [[nodiscard]] QString staging() const { return m_dir.filePath(QStringLiteral("staging")); }
    [[nodiscard]] QStringList stagedFiles() const
    {
        return QDir(staging()).entryList(QDir::Files | QDir::Hidden);
    }

    TestWebServer m_server;
    FaultProxy m_proxy;
    QTemporaryDir m_dir;
    QByteArray m_bundle; // what the server serves as bundle.seesaw

private Q_SLOTS:
    void initTestCase();
    void init();
    void downloadsOverTls();
    void resumesAfterCuts();
    void resumesAfterARestart();
    void stalledServerResumed();
    void serverErrorsRetriedThenGivenUp();
    void notFoundIsNotAskedAgain();
    void fileReplacedOnServerIsNotSpliced();
    void fileTouchedOnServerIsFetchedWhole();
    void wrongContentRangeRefused();
    void biggerThanAnnouncedRefused();
    void untrustedServerRefused();
    void redirectsFollowedNeverToPlainHttp();
    void clientCertificateForMutualTls();
    void bandwidthLimitHolds();
    void cancelKeepsWhatArrived();
    void stagedFileReused();
};

DownloadRequest TestDownload::request(const QUrl &url) const
{
    DownloadRequest r;
    r.url = url;
    r.tls.caFile = m_server.caFile();
    r.sha256 = Sha256::hash(m_bundle);
    r.size = quint64(m_bundle.size());
    r.directory = staging();
    r.retryPauseMs = 20;
    r.stallTimeoutMs = 2000;
    r.connectTimeoutMs = 5000;
    return r;
}

void TestDownload::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.why()));
    QVERIFY(m_proxy.start(m_server.plainPort()));
    m_bundle = testutil::randomBytes(qsizetype(3) * 1024 * 1024 + 17, 7);
}

void TestDownload::init()
{
    QDir(staging()).removeRecursively();
    QVERIFY(m_server.put(QStringLiteral("bundle.seesaw"), m_bundle));
}

void TestDownload::downloadsOverTls()
{
    DownloadRequest r = request(m_server.url(QStringLiteral("bundle.seesaw")));
    QList<DownloadProgress> seen;
    r.progress = [&seen](const DownloadProgress &p) { seen.append(p); };
    auto result = downloadFile(r);
    QVERIFY2(result, result ? "" : qPrintable(result.error().message));
    QCOMPARE(result->path, stagedBundlePath(staging(), r.sha256));
    QCOMPARE(testutil::readFile(result->path), m_bundle);
    QCOMPARE(result->fetched, r.size);
    QCOMPARE(result->connections, 1);
    QCOMPARE(stagedFiles(), QStringList{QFileInfo(result->path).fileName()});
    QVERIFY(!seen.isEmpty());
    QCOMPARE(seen.constLast().done, r.size);
    for (qsizetype i = 1; i < seen.size(); ++i) {
        QVERIFY(seen[i].done >= seen[i - 1].done);
    }
}

void TestDownload::resumesAfterCuts()
{
    // Five cuts at different places, head included: every byte is fetched once.
    m_proxy.queue({ProxyFault::cutAfter(300 * KiB), ProxyFault::cutAfter(100),
                   ProxyFault::cutAfter(900 * KiB), ProxyFault::cutAfter(1),
                   ProxyFault::cutAfter(500 * KiB)});
    const int before = m_proxy.connections();
    auto result = downloadFile(request(m_proxy.url(QStringLiteral("bundle.seesaw"))));
    QVERIFY2(result, result ? "" : qPrintable(result.error().message));
    QCOMPARE(testutil::readFile(result->path), m_bundle);
    QCOMPARE(result->fetched, quint64(m_bundle.size()));
    // Every fault was met (a connection each) and every cut resumed; Qt itself sends a request
    // again when its connection closed before a whole reply head, so ours may be fewer.
    QVERIFY(m_proxy.connections() - before >= 6);
    QVERIFY2(result->connections >= 2 && result->connections <= 6,
             qPrintable(QString::number(result->connections)));
    QVERIFY2(m_server.accessLog().contains(QLatin1String("\" 206 ")),
             qPrintable(m_server.accessLog().right(600)));
}

void TestDownload::resumesAfterARestart()
{
    // The first call gives up after one cut connection, as a reboot would end it.
    m_proxy.queue({ProxyFault::cutAfter(1024 * KiB)});
    DownloadRequest r = request(m_proxy.url(QStringLiteral("bundle.seesaw")));
    r.maxConnections = 1;
    auto first = downloadFile(r);
    QVERIFY(!first);
    QCOMPARE(first.error().code, QStringLiteral("net.unreachable"));
    QVERIFY(!QFile::exists(stagedBundlePath(staging(), r.sha256)));
    r.maxConnections = 10;
    auto second = downloadFile(r);
    QVERIFY2(second, second ? "" : qPrintable(second.error().message));
    QVERIFY(second->resumedFrom > quint64(512 * KiB));
    QCOMPARE(second->resumedFrom + second->fetched, quint64(m_bundle.size()));
    QCOMPARE(testutil::readFile(second->path), m_bundle);
}

void TestDownload::stalledServerResumed()
{
    m_proxy.queue({ProxyFault::stallAfter(700 * KiB)});
    DownloadRequest r = request(m_proxy.url(QStringLiteral("bundle.seesaw")));
    r.stallTimeoutMs = 500;
    auto result = downloadFile(r);
    QVERIFY2(result, result ? "" : qPrintable(result.error().message));
    QCOMPARE(result->connections, 2);
    QCOMPARE(result->fetched, quint64(m_bundle.size()));
}

void TestDownload::serverErrorsRetriedThenGivenUp()
{
    m_proxy.queue({ProxyFault::answer(503), ProxyFault::answer(500)});
    auto result = downloadFile(request(m_proxy.url(QStringLiteral("bundle.seesaw"))));
    QVERIFY2(result, result ? "" : qPrintable(result.error().message));
    QCOMPARE(result->connections, 3);
    // A server that keeps failing: bounded, with the last reason.
    m_proxy.queue(QList<ProxyFault>(4, ProxyFault::answer(503)));
    QDir(staging()).removeRecursively();
    DownloadRequest r = request(m_proxy.url(QStringLiteral("bundle.seesaw")));
    r.maxConnections = 4;
    auto failed = downloadFile(r);
    QVERIFY(!failed);
    QCOMPARE(failed.error().code, QStringLiteral("net.unavailable"));
    QVERIFY2(failed.error().message.contains(QLatin1String("503")),
             qPrintable(failed.error().message));
}

void TestDownload::notFoundIsNotAskedAgain()
{
    // Also in the middle of a resume: the file was removed from the server.
    m_proxy.queue({ProxyFault::cutAfter(600 * KiB)});
    DownloadRequest r = request(m_proxy.url(QStringLiteral("bundle.seesaw")));
    r.maxConnections = 1;
    QVERIFY(!downloadFile(r));
    QVERIFY(QFile::remove(m_server.root() + QStringLiteral("/bundle.seesaw")));
    r.maxConnections = 10;
    const int before = m_proxy.connections();
    auto result = downloadFile(r);
    QVERIFY(!result);
    QCOMPARE(result.error().code, QStringLiteral("net.http"));
    QVERIFY2(result.error().message.contains(QLatin1String("404")),
             qPrintable(result.error().message));
    QCOMPARE(m_proxy.connections() - before, 1);
}

void TestDownload::fileReplacedOnServerIsNotSpliced()
{
    m_proxy.queue({ProxyFault::cutAfter(1024 * KiB)});
    DownloadRequest r = request(m_proxy.url(QStringLiteral("bundle.seesaw")));
    r.maxConnections = 1;
    QVERIFY(!downloadFile(r));
    // Another file of the same size: If-Range makes the server send all of it, never its tail.
    QVERIFY(
        m_server.put(QStringLiteral("bundle.seesaw"), testutil::randomBytes(m_bundle.size(), 8)));
    r.maxConnections = 10;
    auto result = downloadFile(r);
    QVERIFY(!result);
    QCOMPARE(result.error().code, QStringLiteral("download.digest-mismatch"));
    QVERIFY2(stagedFiles().isEmpty(), qPrintable(stagedFiles().join(u' ')));
    QVERIFY(
        m_server.accessLog().trimmed().split(u'\n').constLast().contains(QLatin1String("\" 200 ")));
}

void TestDownload::fileTouchedOnServerIsFetchedWhole()
{
    // The same bytes uploaded again (a new ETag): the server sends the whole file, which must
    // replace what was there from its first byte, not land after it.
    m_proxy.queue({ProxyFault::cutAfter(KiB * KiB)});
    DownloadRequest r = request(m_proxy.url(QStringLiteral("bundle.seesaw")));
    r.maxConnections = 1;
    QVERIFY(!downloadFile(r));
    QVERIFY(m_server.put(QStringLiteral("bundle.seesaw"), m_bundle));
    r.maxConnections = 10;
    auto result = downloadFile(r);
    QVERIFY2(result, result ? "" : qPrintable(result.error().message));
    QCOMPARE(result->fetched, quint64(m_bundle.size()));
    QCOMPARE(QFileInfo(result->path).size(), m_bundle.size());
    QCOMPARE(testutil::readFile(result->path), m_bundle);
}

void TestDownload::wrongContentRangeRefused()
{
    m_proxy.queue({ProxyFault::cutAfter(1024 * KiB),
                   ProxyFault::replaceHeader("Content-Range", "bytes 0-3145744/3145745")});
    auto result = downloadFile(request(m_proxy.url(QStringLiteral("bundle.seesaw"))));
    QVERIFY(!result);
    QCOMPARE(result.error().code, QStringLiteral("net.range"));
    QVERIFY(!QFile::exists(stagedBundlePath(staging(), Sha256::hash(m_bundle))));
}

void TestDownload::biggerThanAnnouncedRefused()
{
    QVERIFY(m_server.put(QStringLiteral("bigger.seesaw"), m_bundle + QByteArray(4096, 'x')));
    auto result = downloadFile(request(m_server.url(QStringLiteral("bigger.seesaw"))));
    QVERIFY(!result);
    QCOMPARE(result.error().code, QStringLiteral("download.size-mismatch"));
    // Without a Content-Length (a chunked reply from some proxy), the count itself stops it.
    m_proxy.queue({ProxyFault::replaceHeader("Content-Length", "")});
    result = downloadFile(request(m_proxy.url(QStringLiteral("bigger.seesaw"))));
    QVERIFY(!result);
    QVERIFY2(result.error().code == QLatin1String("net.too-large") ||
                 result.error().code == QLatin1String("download.size-mismatch"),
             qPrintable(result.error().code));
    QVERIFY(!QFile::exists(stagedBundlePath(staging(), Sha256::hash(m_bundle))));
}

void TestDownload::untrustedServerRefused()
{
    DownloadRequest r = request(m_server.url(QStringLiteral("bundle.seesaw")));
    r.tls.caFile = m_server.otherCaFile();
    const int before = m_server.requests();
    auto result = downloadFile(r);
    QVERIFY(!result);
    QCOMPARE(result.error().code, QStringLiteral("net.tls"));
    QCOMPARE(m_server.requests(), before); // no request was sent to it
}

void TestDownload::redirectsFollowedNeverToPlainHttp()
{
    // A mirror that moved: followed.
    auto moved =
        downloadFile(request(m_server.url(QStringLiteral("redirect-https/bundle.seesaw"))));
    QVERIFY2(moved, moved ? "" : qPrintable(moved.error().message));
    QCOMPARE(testutil::readFile(moved->path), m_bundle);
    QFile::remove(moved->path);
    // From https down to plain http: refused, whatever the file would have been.
    auto down = downloadFile(request(m_server.url(QStringLiteral("redirect-http/bundle.seesaw"))));
    QVERIFY(!down);
    QCOMPARE(down.error().code, QStringLiteral("net.redirect"));
    // Round and round: left after RangeRequest::MaxRedirects.
    const QString loopPath = QStringLiteral("/redirect-loop/bundle.seesaw");
    QCOMPARE(m_server.requests(loopPath), 0);
    DownloadRequest loop = request(m_server.url(loopPath.mid(1)));
    auto looped = downloadFile(loop);
    QVERIFY(!looped);
    QCOMPARE(looped.error().code, QStringLiteral("net.redirect"));
    QCOMPARE(m_server.requests(loopPath), 1 + RangeRequest::MaxRedirects);
    // A redirect that names no place: the error it is, not asked again.
    const int connections = m_proxy.connections();
    m_proxy.queue({ProxyFault::answer(302)});
    auto nowhere = downloadFile(request(m_proxy.url(QStringLiteral("bundle.seesaw"))));
    QVERIFY(!nowhere);
    QCOMPARE(nowhere.error().code, QStringLiteral("net.http"));
    QCOMPARE(m_proxy.connections() - connections, 1);
}

// A server that wants a client certificate (nginx, ssl_verify_client): the download shows the
// device's; without one, or with one from another CA, the server refuses it.
void TestDownload::clientCertificateForMutualTls()
{
    const QString cert = m_dir.filePath(QStringLiteral("client.pem"));
    const QString key = m_dir.filePath(QStringLiteral("client.key"));
    QVERIFY2(m_server.makeClientCertificate(QStringLiteral("device-7"), true, cert, key),
             qPrintable(m_server.why()));
    DownloadRequest r = request(m_server.mutualUrl(QStringLiteral("bundle.seesaw")));
    r.tls.clientCertificate = cert;
    r.tls.clientKey = key;
    auto result = downloadFile(r);
    QVERIFY2(result, result ? "" : qPrintable(result.error().message));
    QCOMPARE(testutil::readFile(result->path), m_bundle);
    QFile::remove(result->path);

    DownloadRequest without = request(m_server.mutualUrl(QStringLiteral("bundle.seesaw")));
    auto refused = downloadFile(without);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QStringLiteral("net.http")); // nginx: 400, no certificate
    QVERIFY2(refused.error().message.contains(QStringLiteral("400")),
             qPrintable(refused.error().message));

    QVERIFY(m_server.makeClientCertificate(QStringLiteral("device-7"), false, cert, key));
    auto untrusted = downloadFile(r);
    QVERIFY(!untrusted);
    QCOMPARE(untrusted.error().code, QStringLiteral("net.http"));

    // A key that is not one: said before anything is sent.
    QVERIFY(testutil::writeFile(key, "not a key\n"));
    auto unusable = downloadFile(r);
    QVERIFY(!unusable);
    QCOMPARE(unusable.error().code, QStringLiteral("net.tls-config"));
}

void TestDownload::bandwidthLimitHolds()
{
    // A lower bound only: the download cannot be faster than the cap allows.
    DownloadRequest r = request(m_server.url(QStringLiteral("bundle.seesaw")));
    r.bandwidthLimit = 2 * KiB * KiB;
    QElapsedTimer clock;
    clock.start();
    auto result = downloadFile(r);
    QVERIFY2(result, result ? "" : qPrintable(result.error().message));
    QVERIFY2(clock.elapsed() >= 1300, qPrintable(QString::number(clock.elapsed())));
}

void TestDownload::cancelKeepsWhatArrived()
{
    DownloadRequest r = request(m_server.url(QStringLiteral("bundle.seesaw")));
    r.bandwidthLimit = KiB * KiB;
    std::atomic<bool> cancel{false};
    r.cancel = &cancel;
    r.progress = [&cancel](const DownloadProgress &p) {
        if (p.done > quint64(256 * KiB)) {
            cancel = true;
        }
    };
    auto result = downloadFile(r);
    QVERIFY(!result);
    QCOMPARE(result.error().code, QStringLiteral("cancelled"));
    r.cancel = nullptr;
    r.progress = {};
    r.bandwidthLimit = 0;
    auto resumed = downloadFile(r);
    QVERIFY2(resumed, resumed ? "" : qPrintable(resumed.error().message));
    QVERIFY(resumed->resumedFrom > quint64(256 * KiB));
}

void TestDownload::stagedFileReused()
{
    const DownloadRequest r = request(m_server.url(QStringLiteral("bundle.seesaw")));
    QVERIFY(downloadFile(r));
    const int before = m_server.requests();
    auto again = downloadFile(r);
    QVERIFY(again);
    QCOMPARE(again->fetched, 0ULL);
    QCOMPARE(m_server.requests(), before);
    // A staged file that was damaged is not trusted: fetched again.
    QFile f(again->path);
    QVERIFY(f.open(QIODevice::ReadWrite) && f.seek(1000) && f.write("x", 1) == 1);
    f.close();
    auto fresh = downloadFile(r);
    QVERIFY2(fresh, fresh ? "" : qPrintable(fresh.error().message));
    QCOMPARE(fresh->fetched, r.size);
    QCOMPARE(testutil::readFile(fresh->path), m_bundle);
}

QTEST_GUILESS_MAIN(TestDownload)
#include "tst_download.moc"
