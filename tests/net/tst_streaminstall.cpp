// Risk: a device without room to stage a bundle installs it straight from the update server, and
// then a cut connection restarts the whole image (or is spliced with another copy of the file),
// a payload byte changed on the server reaches the slot unverified, a bundle replaced on the
// server mid-install is mixed with the first, or a server that answers 404 is asked forever.
// Against a real nginx on 127.0.0.1 (webserver.h), with faults injected by the proxy in front
// of it (faultproxy.h), installing into a simulated device (scripts/sim/device) whose boot
// loader then boots the result.
#include "bundle/bundlereader.h"
#include "faultproxy.h"
#include "install/installer.h"
#include "net/remotebundle.h"
#include "simdevice.h"
#include "testutil.h"
#include "trust/crypto.h"
#include "webserver.h"

#include <QTest>

using namespace seesaw;
using testutil::s;

namespace {
constexpr qint64 KiB = 1024;
} // namespace

class TestStreamInstall : public QObject, public testutil::SimDevice {
    Q_OBJECT

    struct Streamed {
        std::optional<Error> error;
        quint64 indexFetched = 0;   // bytes fetched to open the bundle
        quint64 payloadFetched = 0; // bytes of payload received
        quint64 payloadSize = 0;    // stored bytes of its payloads
        int payloadConnections = 0;
    };

    [[nodiscard]] RemoteBundleSource source(const QUrl &url) const
    {
        RemoteBundleSource src;
        src.url = url;
        src.tls.caFile = m_server.caFile();
        src.size = quint64(m_bundle.size());
        src.stallTimeoutMs = 2000;
        src.connectTimeoutMs = 5000;
        src.retryPauseMs = 20;
        return src;
    }
    // Opens the bundle at url as seesawd does and installs it streamed; `between` runs after the
    // bundle was opened and before its payloads are asked for.
    Streamed streamInstall(const QUrl &url,
                           const std::function<void(quint64 payloadSize)> &between = {});
    void verifyNothingCommitted();

    TestWebServer m_server;
    FaultProxy m_proxy;
    QByteArray m_bundle; // what the server serves as bundle.seesaw

private Q_SLOTS:
    void initTestCase();
    void init();
    void streamsOverTlsAndBoots();
    void resumesAfterCutsAndStalls();
    void payloadChangedOnServerIsNeverWritten();
    void bundleReplacedMidInstallIsNotSpliced();
    void fileGoneMidInstallIsNotAskedAgain();
    void tamperedManifestRefusedBeforeAnyPayload();
    void deltaStreamedAgainstTheBootedSlot();
    void deltaForAnotherBaseFetchesNoPayload();
};

TestStreamInstall::Streamed
TestStreamInstall::streamInstall(const QUrl &url,
                                 const std::function<void(quint64 payloadSize)> &between)
{
    Streamed out;
    const auto device = openDevice();
    if (!device) {
        out.error = Error(Error::Kind::Io, s("test"), s("no device"));
        return out;
    }
    const RemoteBundleSource src = source(url);
    auto index = fetchBundleIndex(src);
    if (!index) {
        out.error = index.error();
        return out;
    }
    out.indexFetched = index->fetched;
    auto keyring = device->loadKeyring();
    auto reader = BundleReader::openFd(index->fd.get(), *keyring);
    if (!reader) {
        out.error = reader.error();
        return out;
    }
    for (const ImageInfo &image : reader->manifest().images) {
        out.payloadSize += reader->payload(image).size;
    }
    if (between) {
        between(out.payloadSize);
    }
    auto feed = std::make_shared<RemotePayloadFeed>(src, index->validator);
    InstallOptions options;
    options.confirmedManifestHash = reader->manifestHash();
    options.payloadFeed = feed;
    auto result = Installer(*device).install(index->fd.get(), options);
    if (!result) {
        out.error = result.error();
    }
    out.payloadFetched = feed->fetched();
    out.payloadConnections = feed->connections();
    return out;
}

void TestStreamInstall::verifyNothingCommitted()
{
    const QJsonObject st = status();
    QCOMPARE(st.value(s("primary")).toString(), s("A"));
    QVERIFY(!st.contains(s("pending")));
    QCOMPARE(boot(), s("A"));
    QCOMPARE(status().value(s("version")).toString(), s("1.0.0"));
}

void TestStreamInstall::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.why()));
    QVERIFY(m_proxy.start(m_server.plainPort()));
}

void TestStreamInstall::init()
{
    QVERIFY(newDevice(s("uboot")));
    const QString file = bundle(s("2.0.0"));
    QVERIFY(!file.isEmpty());
    m_bundle = testutil::readFile(file);
    QVERIFY(m_server.put(s("bundle.seesaw"), m_bundle));
}

void TestStreamInstall::streamsOverTlsAndBoots()
{
    const int before = m_server.requests();
    const Streamed r = streamInstall(m_server.url(s("bundle.seesaw")));
    QVERIFY2(!r.error, r.error ? qPrintable(r.error->message) : "");
    // Opening it took a small part of the file; every payload byte came once, in one request.
    QVERIFY2(r.indexFetched < quint64(300 * KiB), qPrintable(QString::number(r.indexFetched)));
    QVERIFY(r.payloadSize > quint64(m_bundle.size()) / 2);
    QCOMPARE(r.payloadFetched, r.payloadSize);
    QCOMPARE(r.payloadConnections, 1);
    QVERIFY(r.indexFetched + r.payloadFetched < quint64(m_bundle.size()) + quint64(300 * KiB));
    QVERIFY(m_server.requests() - before <= 5);
    QVERIFY(m_server.accessLog().contains(s(" 206 ")));

    QCOMPARE(status().value(s("pending")).toObject().value(s("version")).toString(), s("2.0.0"));
    QCOMPARE(boot(), s("B"));
    QCOMPARE(health().exitCode, 0);
    const QJsonObject st = status();
    QCOMPARE(st.value(s("version")).toString(), s("2.0.0"));
    QCOMPARE(last().value(s("outcome")).toString(), s("good"));
}

void TestStreamInstall::resumesAfterCutsAndStalls()
{
    // The index over the proxy without faults; then the payload's connections meet them.
    int before = 0;
    const Streamed r =
        streamInstall(m_proxy.url(s("bundle.seesaw")), [this, &before](quint64 payload) {
            // Cuts and a stall at places that add up to less than the payload: all are met.
            const auto part = qint64(payload / 5);
            before = m_proxy.connections();
            m_proxy.queue({ProxyFault::cutAfter(part), ProxyFault::answer(503),
                           ProxyFault::stallAfter(part), ProxyFault::cutAfter(100),
                           ProxyFault::cutAfter(part)});
        });
    QVERIFY2(!r.error, r.error ? qPrintable(r.error->message) : "");
    // Every fault was met (a connection each) and nothing was fetched twice: every request asked
    // for the rest only. Qt sends a request again by itself when a connection closes inside the
    // reply head, so our own requests may be fewer than the faults.
    QVERIFY2(m_proxy.connections() - before >= 6,
             qPrintable(QString::number(m_proxy.connections() - before)));
    QCOMPARE(r.payloadFetched, r.payloadSize);
    QVERIFY2(r.payloadConnections >= 2 && r.payloadConnections <= 6,
             qPrintable(QString::number(r.payloadConnections)));
    QCOMPARE(boot(), s("B"));
    QCOMPARE(health().exitCode, 0);
    QCOMPARE(status().value(s("version")).toString(), s("2.0.0"));
}

void TestStreamInstall::payloadChangedOnServerIsNeverWritten()
{
    // One byte of the payload differs on the server: the chunk holding it fails its signed hash,
    // before it is written, and the device keeps booting what it ran.
    QByteArray changed = m_bundle;
    const qsizetype at = m_bundle.indexOf("images/") + 4096; // within the first payload
    changed[at] = char(changed[at] ^ 0x20);
    QVERIFY(m_server.put(s("bundle.seesaw"), changed));
    const QByteArray slotBefore = testutil::readFile(m_dev + s("/slots/rootfs.1.img"));
    const Streamed r = streamInstall(m_server.url(s("bundle.seesaw")));
    QVERIFY(r.error);
    QVERIFY2(r.error->code.startsWith(s("payload.")), qPrintable(r.error->code));
    verifyNothingCommitted();
    // The bytes written before the failure came from verified chunks only: each chunk of the
    // slot holds what it held or the new image's chunk as signed, never the changed byte's.
    const QByteArray slotAfter = testutil::readFile(m_dev + s("/slots/rootfs.1.img"));
    QCOMPARE(slotAfter.size(), slotBefore.size());
    auto keyring = openDevice()->loadKeyring();
    QVERIFY(keyring);
    auto reader = BundleReader::open(bundle(s("2.0.0")), *keyring);
    QVERIFY(reader);
    const ImageInfo &image = reader->manifest().images.constFirst();
    for (quint64 i = 0; i < image.expectedChunkCount(); ++i) {
        const auto from = qsizetype(i * image.chunkSize);
        const auto n =
            qsizetype(std::min<quint64>(image.chunkSize, image.size - i * image.chunkSize));
        const QByteArray now = slotAfter.mid(from, n);
        QVERIFY2(now == slotBefore.mid(from, n) ||
                     Sha256::hash(now) == image.chunkSha256.at(qsizetype(i)),
                 qPrintable(s("chunk %1").arg(i)));
    }
}

void TestStreamInstall::bundleReplacedMidInstallIsNotSpliced()
{
    // The server's file changes (same size, new mtime and ETag) after the bundle was opened:
    // the payload request names the first copy (If-Range), gets the new one whole, and stops.
    QByteArray changed = m_bundle;
    const qsizetype at = m_bundle.size() / 2;
    changed[at] = char(changed[at] ^ 0x01);
    const Streamed r = streamInstall(m_server.url(s("bundle.seesaw")), [this, changed](quint64) {
        QVERIFY(m_server.put(s("bundle.seesaw"), changed));
    });
    QVERIFY(r.error);
    QCOMPARE(r.error->code, s("net.range"));
    QVERIFY2(r.error->message.contains(s("replaced")) || r.error->message.contains(s("changed")),
             qPrintable(r.error->message));
    QCOMPARE(r.payloadFetched, quint64(0));
    verifyNothingCommitted();
}

void TestStreamInstall::fileGoneMidInstallIsNotAskedAgain()
{
    const int before = m_server.requests();
    const Streamed r = streamInstall(m_server.url(s("bundle.seesaw")), [this](quint64) {
        QVERIFY(QFile::remove(m_server.root() + s("/bundle.seesaw")));
    });
    QVERIFY(r.error);
    QCOMPARE(r.error->code, s("net.http"));
    QVERIFY(r.error->message.contains(s("404")));
    // The index's requests and one for the payload: a 404 is not asked again.
    QVERIFY2(m_server.requests() - before <= 5,
             qPrintable(QString::number(m_server.requests() - before)));
    verifyNothingCommitted();
}

void TestStreamInstall::tamperedManifestRefusedBeforeAnyPayload()
{
    QByteArray changed = m_bundle;
    const qsizetype at = m_bundle.lastIndexOf("\"version\"");
    QVERIFY(at > 0);
    changed[at + 1] = 'V';
    QVERIFY(m_server.put(s("bundle.seesaw"), changed));
    const int before = m_server.requests();
    const Streamed r = streamInstall(m_server.url(s("bundle.seesaw")));
    QVERIFY(r.error);
    // The ZIP's CRC of manifest.json catches it first; the signature would next.
    QVERIFY2(r.error->code == s("bundle.crc-mismatch") || r.error->code == s("bundle.untrusted"),
             qPrintable(r.error->code));
    QCOMPARE(r.payloadFetched, quint64(0));
    QVERIFY(m_server.requests() - before <= 4);
    verifyNothingCommitted();
}

void TestStreamInstall::deltaStreamedAgainstTheBootedSlot()
{
    // A delta from the running 1.0.0: decompressed against the booted slot, chunk by chunk.
    m_bundle = testutil::readFile(deltaBundle(s("1.0.0"), s("2.0.0")));
    QVERIFY(!m_bundle.isEmpty());
    QVERIFY(m_server.put(s("bundle.seesaw"), m_bundle));
    const Streamed r = streamInstall(m_server.url(s("bundle.seesaw")));
    QVERIFY2(!r.error, r.error ? qPrintable(r.error->message) : "");
    QCOMPARE(r.payloadFetched, r.payloadSize);
    QCOMPARE(boot(), s("B"));
    QCOMPARE(health().exitCode, 0);
    QCOMPARE(status().value(s("version")).toString(), s("2.0.0"));
    auto keyring = openDevice()->loadKeyring();
    QVERIFY(keyring);
    auto full = BundleReader::open(bundle(s("2.0.0")), *keyring);
    QVERIFY(full);
    QCOMPARE(storedState().slots.value(s("B")).imageSha256,
             full->manifest().images.constFirst().sha256);
}

void TestStreamInstall::deltaForAnotherBaseFetchesNoPayload()
{
    // The device runs 1.0.0; a delta from 2.0.0 is refused by the checks, before any payload
    // byte is asked for.
    m_bundle = testutil::readFile(deltaBundle(s("2.0.0"), s("3.0.0")));
    QVERIFY(!m_bundle.isEmpty());
    QVERIFY(m_server.put(s("bundle.seesaw"), m_bundle));
    const Streamed r = streamInstall(m_server.url(s("bundle.seesaw")));
    QVERIFY(r.error);
    QCOMPARE(r.error->code, s("install.check-failed"));
    QVERIFY2(r.error->message.contains(s("2.0.0")), qPrintable(r.error->message));
    QCOMPARE(r.payloadFetched, quint64(0));
    verifyNothingCommitted();
}

QTEST_GUILESS_MAIN(TestStreamInstall)
#include "tst_streaminstall.moc"
