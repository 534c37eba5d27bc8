// Risk: a device polling its channel believes a manifest it should refuse (a bad signature, a
// replay of an older one, one that expired while the server kept answering "not modified"),
// forgets what it accepted, or downloads the manifest at every poll instead of costing an idle
// fleet a 304. Against a real nginx on 127.0.0.1 with a test CA (webserver.h).
#include "net/channelcheck.h"
#include "testutil.h"
#include "trust/crypto.h"
#include "trust/signaturefile.h"
#include "webserver.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace seesaw;

namespace {

QByteArray manifestJson(quint64 serial, const char *version, const char *expires)
{
    const QJsonObject entry{{QStringLiteral("version"), QString::fromLatin1(version)},
                            {QStringLiteral("compatible"), QStringLiteral("acme-box")},
                            {QStringLiteral("bundle_url"), QStringLiteral("acme.seesaw")},
                            {QStringLiteral("bundle_sha256"), QString(64, QLatin1Char('a'))},
                            {QStringLiteral("bundle_size"), 1000},
                            {QStringLiteral("release_notes"), QStringLiteral("Fixes.")}};
    const QJsonObject o{
        {QStringLiteral("channel_format"), 1},
        {QStringLiteral("serial"), double(serial)},
        {QStringLiteral("issued"), QStringLiteral("2026-12-01T00:00:00Z")},
        {QStringLiteral("expires"), QString::fromLatin1(expires)},
        {QStringLiteral("channels"), QJsonObject{{QStringLiteral("stable"), entry}}}};
    return QJsonDocument(o).toJson(QJsonDocument::Indented);
}

const char *const Later = "2026-12-31T00:00:00Z";

} // namespace

class TestChannelCheck : public QObject {
    Q_OBJECT

    bool publish(const QByteArray &json, const QString &name = QStringLiteral("channel.json"));
    [[nodiscard]] ChannelSettings
    settings(const QString &name = QStringLiteral("channel.json")) const;
    static ClockFacts at(const char *utc);
    Result<ChannelCheck> poll(const char *utc = "2026-12-05T12:00:00Z");

    TestWebServer m_server;
    QTemporaryDir m_dir;
    PrivateKey m_key;
    PrivateKey m_otherKey;
    ChannelState m_state;
    ChannelDevice m_device;

private Q_SLOTS:
    void initTestCase();
    void init();
    void acceptsAndOffers();
    void unchangedManifestCostsA304();
    void expiredWhileNotModifiedRefused();
    void replayRefusedAndMemoryKept();
    void badSignatureRefusedAndCopyKept();
    void missingSignatureRefused();
    void damagedCopyFetchedAfresh();
    void anotherServerStartsAfresh();
    void lastAcceptedWithoutNetwork();
    void machineId();
};

bool TestChannelCheck::publish(const QByteArray &json, const QString &name)
{
    // The signature first, as docs/channels.md tells release engineers to upload.
    return m_server.put(name + QStringLiteral(".sig"), signManifest(json, {m_key})) &&
           m_server.put(name, json);
}

ChannelSettings TestChannelCheck::settings(const QString &name) const
{
    ChannelSettings s;
    s.manifestUrl = m_server.url(name);
    s.channel = QStringLiteral("stable");
    s.tls.caFile = m_server.caFile();
    s.keyringDirectory = m_dir.filePath(QStringLiteral("keys"));
    s.clock = ClockPolicy::System;
    s.timeoutMs = 10000;
    return s;
}

ClockFacts TestChannelCheck::at(const char *utc)
{
    ClockFacts f;
    f.now = QDateTime::fromString(QString::fromLatin1(utc), Qt::ISODate);
    return f;
}

Result<ChannelCheck> TestChannelCheck::poll(const char *utc)
{
    return checkChannel(settings(), m_device, m_dir.filePath(QStringLiteral("data")), m_state,
                        at(utc));
}

void TestChannelCheck::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.why()));
    auto key = PrivateKey::generate();
    QVERIFY(key);
    m_key = *key;
    auto other = PrivateKey::generate();
    QVERIFY(other);
    m_otherKey = *other;
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("keys"))));
    QVERIFY(testutil::writeFile(m_dir.filePath(QStringLiteral("keys/release.pem")),
                                m_key.publicKey().toPem()));
    m_device.compatible = QStringLiteral("acme-box");
    m_device.bootedVersion = *SemVer::parse(QStringLiteral("2.0.0"));
}

void TestChannelCheck::init()
{
    QDir(m_dir.filePath(QStringLiteral("data"))).removeRecursively();
    QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("data"))));
    m_state = {};
    QVERIFY(publish(manifestJson(10, "2.1.0", Later)));
}

void TestChannelCheck::acceptsAndOffers()
{
    auto check = poll();
    QVERIFY2(check, check ? "" : qPrintable(check.error().message));
    QVERIFY(!check->notModified);
    QCOMPARE(check->offer.kind, ChannelOffer::Kind::Update);
    QCOMPARE(check->offer.entry->version.toString(), QStringLiteral("2.1.0"));
    QCOMPARE(m_state.memory.serial, quint64(10));
    QVERIFY(!m_state.etag.isEmpty());
    // What a reboot finds: the same state, from the data directory.
    auto saved = loadChannelState(m_dir.filePath(QStringLiteral("data")));
    QVERIFY(saved);
    QCOMPARE(*saved, m_state);
    QCOMPARE(saved->lastSuccess, at("2026-12-05T12:00:00Z").now);
    QVERIFY(saved->lastErrorCode.isEmpty());
}

void TestChannelCheck::unchangedManifestCostsA304()
{
    QVERIFY(poll());
    const int before = m_server.requests();
    auto again = poll("2026-12-05T18:00:00Z");
    QVERIFY2(again, again ? "" : qPrintable(again.error().message));
    QVERIFY(again->notModified);
    QCOMPARE(again->offer.entry->version.toString(), QStringLiteral("2.1.0"));
    // One request, answered 304: the signature is not fetched again.
    QCOMPARE(m_server.requests(), before + 1);
    const QString last = m_server.accessLog().trimmed().split(QLatin1Char('\n')).constLast();
    QVERIFY2(last.contains(QLatin1String("/channel.json HTTP/1.1\" 304 ")), qPrintable(last));
}

void TestChannelCheck::expiredWhileNotModifiedRefused()
{
    QVERIFY(poll());
    auto late = poll("2027-01-02T00:00:00Z");
    QVERIFY(!late);
    QCOMPARE(late.error().code, QStringLiteral("channel.expired"));
    QCOMPARE(m_state.lastErrorCode, QStringLiteral("channel.expired"));
    QCOMPARE(m_state.lastSuccess, at("2026-12-05T12:00:00Z").now);
    QCOMPARE(m_state.lastCheck, at("2027-01-02T00:00:00Z").now);
}

void TestChannelCheck::replayRefusedAndMemoryKept()
{
    QVERIFY(publish(manifestJson(11, "2.1.0", Later)));
    QVERIFY(poll());
    // An attacker (or a stale mirror) serves the older, correctly signed manifest.
    QVERIFY(publish(manifestJson(10, "2.1.0", Later)));
    auto replayed = poll();
    QVERIFY(!replayed);
    QCOMPARE(replayed.error().code, QStringLiteral("channel.replayed"));
    QCOMPARE(m_state.memory.serial, quint64(11));
    auto saved = loadChannelState(m_dir.filePath(QStringLiteral("data")));
    QVERIFY(saved);
    QCOMPARE(saved->memory.serial, quint64(11));
    QCOMPARE(saved->lastErrorCode, QStringLiteral("channel.replayed"));
}

void TestChannelCheck::badSignatureRefusedAndCopyKept()
{
    QVERIFY(poll());
    const QString kept = m_dir.filePath(QStringLiteral("data/channel-manifest.json"));
    const QByteArray before = testutil::readFile(kept);
    // Signed by a key the device does not trust, with a higher serial and a newer version.
    const QByteArray json = manifestJson(12, "9.0.0", Later);
    QVERIFY(m_server.put(QStringLiteral("channel.json.sig"), signManifest(json, {m_otherKey})));
    QVERIFY(m_server.put(QStringLiteral("channel.json"), json));
    auto refused = poll();
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QStringLiteral("channel.untrusted"));
    QCOMPARE(testutil::readFile(kept), before);
    QCOMPARE(m_state.memory.serial, quint64(10));
    // One byte changed after a correct signature.
    QByteArray tampered = manifestJson(12, "2.1.0", Later);
    QVERIFY(m_server.put(QStringLiteral("channel.json.sig"), signManifest(tampered, {m_key})));
    tampered.replace("2.1.0", "2.1.1");
    QVERIFY(m_server.put(QStringLiteral("channel.json"), tampered));
    refused = poll();
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QStringLiteral("channel.untrusted"));
    QCOMPARE(m_state.memory.serial, quint64(10));
}

void TestChannelCheck::missingSignatureRefused()
{
    QVERIFY(m_server.put(QStringLiteral("unsigned.json"), manifestJson(10, "2.1.0", Later)));
    auto check =
        checkChannel(settings(QStringLiteral("unsigned.json")), m_device,
                     m_dir.filePath(QStringLiteral("data")), m_state, at("2026-12-05T12:00:00Z"));
    QVERIFY(!check);
    QCOMPARE(check.error().code, QStringLiteral("channel.unsigned"));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("data/channel-manifest.json"))));
}

void TestChannelCheck::damagedCopyFetchedAfresh()
{
    QVERIFY(poll());
    // The kept copy no longer matches the memory (a damaged data partition): a 304 could not be
    // answered from it, so the poll asks without validators and checks what comes.
    QVERIFY(
        testutil::writeFile(m_dir.filePath(QStringLiteral("data/channel-manifest.json")), "{}"));
    auto again = poll();
    QVERIFY2(again, again ? "" : qPrintable(again.error().message));
    QVERIFY(!again->notModified);
    QCOMPARE(again->offer.entry->version.toString(), QStringLiteral("2.1.0"));
}

void TestChannelCheck::anotherServerStartsAfresh()
{
    QVERIFY(publish(manifestJson(50, "2.1.0", Later)));
    QVERIFY(poll());
    QVERIFY(publish(manifestJson(3, "2.2.0", Later), QStringLiteral("mirror.json")));
    auto check =
        checkChannel(settings(QStringLiteral("mirror.json")), m_device,
                     m_dir.filePath(QStringLiteral("data")), m_state, at("2026-12-05T12:00:00Z"));
    QVERIFY2(check, check ? "" : qPrintable(check.error().message));
    QCOMPARE(m_state.memory.serial, quint64(3));
    QCOMPARE(m_state.manifestUrl, m_server.url(QStringLiteral("mirror.json")).toString());
    QCOMPARE(check->offer.entry->version.toString(), QStringLiteral("2.2.0"));
}

void TestChannelCheck::lastAcceptedWithoutNetwork()
{
    const QString data = m_dir.filePath(QStringLiteral("data"));
    auto none =
        lastAcceptedChannel(settings(), m_device, data, m_state, at("2026-12-05T12:00:00Z"));
    QVERIFY(!none);
    QCOMPARE(none.error().code, QStringLiteral("channel.none"));
    QVERIFY(poll());
    const int before = m_server.requests();
    auto last =
        lastAcceptedChannel(settings(), m_device, data, m_state, at("2026-12-05T13:00:00Z"));
    QVERIFY2(last, last ? "" : qPrintable(last.error().message));
    QCOMPARE(last->offer.entry->version.toString(), QStringLiteral("2.1.0"));
    QCOMPARE(m_server.requests(), before);
}

void TestChannelCheck::machineId()
{
    const QString path = m_dir.filePath(QStringLiteral("machine-id"));
    QVERIFY(testutil::writeFile(path, "0123456789abcdef0123456789abcdef\n"));
    QCOMPARE(readMachineId(path), QByteArrayLiteral("0123456789abcdef0123456789abcdef"));
    QVERIFY(testutil::writeFile(path, "not a machine id\n"));
    QVERIFY(readMachineId(path).isEmpty());
    QVERIFY(readMachineId(m_dir.filePath(QStringLiteral("missing"))).isEmpty());
}

QTEST_GUILESS_MAIN(TestChannelCheck)
#include "tst_channelcheck.moc"
