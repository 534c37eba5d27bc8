// Risk: a channel manifest is what a device fetches from the network unattended. A lax parser,
// a rollout that flips between polls, a replayed or expired manifest taken as current, or an
// offer of the wrong entry (another device's compatible, an older version, a delta for another
// base) would update devices with what nobody meant them to run.
#include "base/hostilestring.h"
#include "bundle/manifest.h"
#include "net/channelfreshness.h"
#include "net/channelmanifest.h"
#include "net/channelstate.h"
#include "testutil.h"
#include "trust/crypto.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace seesaw;

namespace {

const QString Hash = QString(64, QLatin1Char('a'));

QJsonObject entry(const char *version, const QJsonValue &compatible = QStringLiteral("acme-box"))
{
    return QJsonObject{{QStringLiteral("version"), QString::fromLatin1(version)},
                       {QStringLiteral("compatible"), compatible},
                       {QStringLiteral("bundle_url"),
                        QStringLiteral("bundles/acme-%1.seesaw").arg(QLatin1String(version))},
                       {QStringLiteral("bundle_sha256"), Hash},
                       {QStringLiteral("bundle_size"), 1000},
                       {QStringLiteral("release_notes"), QStringLiteral("Fixes.")}};
}

QJsonObject manifest(const QJsonObject &channels)
{
    return QJsonObject{{QStringLiteral("channel_format"), 1},
                       {QStringLiteral("serial"), 7},
                       {QStringLiteral("issued"), QStringLiteral("2026-12-01T00:00:00Z")},
                       {QStringLiteral("expires"), QStringLiteral("2026-12-15T00:00:00Z")},
                       {QStringLiteral("channels"), channels}};
}

QByteArray text(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

ChannelManifest parsed(const QJsonObject &o)
{
    auto m = parseChannelManifest(text(o));
    if (!m) {
        qFatal("test manifest does not parse: %s", qPrintable(m.error().message));
    }
    return *m;
}

SemVer v(const char *s)
{
    return *SemVer::parse(QString::fromLatin1(s));
}

QDateTime at(const char *utc)
{
    return QDateTime::fromString(QString::fromLatin1(utc), Qt::ISODate);
}

// The valid manifest the refused ones are made from, with one top-level field set.
QByteArray goodWith(const QString &key, const QJsonValue &value)
{
    QJsonObject o = manifest({{QStringLiteral("stable"), entry("2.0.0")}});
    o.insert(key, value);
    return text(o);
}

// The same with one field of its entry set, or removed (an undefined value).
QByteArray goodWithEntry(const QString &key, const QJsonValue &value)
{
    QJsonObject e = entry("2.0.0");
    if (value.isUndefined()) {
        e.remove(key);
    } else {
        e.insert(key, value);
    }
    return goodWith(QStringLiteral("channels"), QJsonObject{{QStringLiteral("stable"), e}});
}

void addTopLevelRefusals()
{
    const QByteArray good = goodWith(QStringLiteral("serial"), 7);
    const auto with = goodWith;
    QTest::newRow("not json") << QByteArray(R"({"serial":)") << "channel.not-json";
    QTest::newRow("array") << QByteArray("[]") << "channel.wrong-type";
    QTest::newRow("too large") << QByteArray(limits::ChannelManifestMaxBytes + 1, ' ')
                               << "channel.too-large";
    QTest::newRow("newer format") << with(QStringLiteral("channel_format"), 2) << "channel.format";
    QTest::newRow("serial 0") << with(QStringLiteral("serial"), 0) << "channel.invalid-value";
    QTest::newRow("serial 7.0") << QByteArray(good).replace(R"("serial":7)", R"("serial":7.0)")
                                << "channel.invalid-value";
    QTest::newRow("serial twice") << QByteArray(good).replace(R"("serial":7)",
                                                              R"("serial":7,"serial":9)")
                                  << "channel.duplicate-key";
    QTest::newRow("expires before issued")
        << with(QStringLiteral("expires"), QStringLiteral("2026-11-01T00:00:00Z"))
        << "channel.times";
    QTest::newRow("local time") << with(QStringLiteral("issued"),
                                        QStringLiteral("2026-12-01T00:00:00+01:00"))
                                << "channel.invalid-value";
    QTest::newRow("unknown field")
        << with(QStringLiteral("mirror"), QStringLiteral("x")) << "channel.unknown-field";
    QTest::newRow("no entries") << with(QStringLiteral("channels"), QJsonObject{})
                                << "channel.missing-field";
    QTest::newRow("channel name") << with(QStringLiteral("channels"),
                                          QJsonObject{{QStringLiteral("Stable!"), entry("2.0.0")}})
                                  << "channel.invalid-value";
}

void addEntryRefusals()
{
    const auto withEntry = goodWithEntry;
    const auto with = goodWith;
    QTest::newRow("file url") << withEntry(QStringLiteral("bundle_url"),
                                           QStringLiteral("file:///etc/shadow"))
                              << "channel.invalid-value";
    QTest::newRow("ftp url") << withEntry(QStringLiteral("bundle_url"),
                                          QStringLiteral("ftp://x/b.seesaw"))
                             << "channel.invalid-value";
    QTest::newRow("password in url")
        << withEntry(QStringLiteral("bundle_url"), QStringLiteral("https://u:p@x/b.seesaw"))
        << "channel.invalid-value";
    QTest::newRow("url with newline")
        << withEntry(QStringLiteral("bundle_url"), QStringLiteral("b\n.seesaw"))
        << "channel.invalid-value";
    QTest::newRow("short hash") << withEntry(QStringLiteral("bundle_sha256"),
                                             QStringLiteral("abcd"))
                                << "channel.invalid-value";
    QTest::newRow("size 0") << withEntry(QStringLiteral("bundle_size"), 0)
                            << "channel.invalid-value";
    QTest::newRow("size too big") << withEntry(QStringLiteral("bundle_size"),
                                               double(quint64(1) << 41))
                                  << "channel.invalid-value";
    QTest::newRow("no size") << withEntry(QStringLiteral("bundle_size"),
                                          QJsonValue(QJsonValue::Undefined))
                             << "channel.missing-field";
    QTest::newRow("rollout 101") << withEntry(QStringLiteral("rollout"), 101)
                                 << "channel.invalid-value";
    QTest::newRow("bad version") << withEntry(QStringLiteral("version"), QStringLiteral("2.0"))
                                 << "channel.invalid-value";
    QTest::newRow("compatible twice")
        << withEntry(QStringLiteral("compatible"),
                     QJsonArray{QStringLiteral("a"), QStringLiteral("a")})
        << "channel.duplicate";
    QTest::newRow("no compatible")
        << withEntry(QStringLiteral("compatible"), QJsonArray{}) << "channel.invalid-value";
    QTest::newRow("notes language")
        << withEntry(QStringLiteral("release_notes"),
                     QJsonObject{{QStringLiteral("EN!"), QStringLiteral("x")}})
        << "channel.invalid-value";
    const QJsonObject delta{{QStringLiteral("from"), QStringLiteral("1.0.0")},
                            {QStringLiteral("url"), QStringLiteral("d.seesaw")},
                            {QStringLiteral("sha256"), Hash},
                            {QStringLiteral("size"), 5}};
    QTest::newRow("delta twice") << withEntry(QStringLiteral("deltas"), QJsonArray{delta, delta})
                                 << "channel.duplicate";
    QJsonObject unknownInDelta = delta;
    unknownInDelta.insert(QStringLiteral("base"), 1);
    QTest::newRow("delta field") << withEntry(QStringLiteral("deltas"), QJsonArray{unknownInDelta})
                                 << "channel.unknown-field";
    QJsonArray many;
    for (int i = 0; i <= int(limits::MaxChannelEntries); ++i) {
        many.append(entry("1.0.0"));
    }
    QTest::newRow("too many entries")
        << with(QStringLiteral("channels"), QJsonObject{{QStringLiteral("stable"), many}})
        << "channel.too-many";
}

} // namespace

class TestChannel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesEveryField();
    void parsesTheReferenceShape();
    void refuses_data();
    void refuses();
    void neverTakenForABundleManifest();
    void rolloutIsStableAndMonotonic();
    void rolloutSharesAreRoughlyRight();
    void offers_data();
    void offers();
    void offersTheDeltaForTheBootedVersion();
    void freshness();
    void clockJudgement_data();
    void clockJudgement();
    void cliSignsAndVerifies();
    void stateSurvivesAndRefusesDamage();
};

void TestChannel::parsesEveryField()
{
    QJsonObject e =
        entry("2.1.0", QJsonArray{QStringLiteral("acme-box"), QStringLiteral("acme-box-2")});
    e.insert(QStringLiteral("min_version"), QStringLiteral("1.5.0"));
    e.insert(QStringLiteral("rollout"), 25);
    e.insert(QStringLiteral("release_notes"),
             QJsonObject{{QStringLiteral("en"), QStringLiteral("Fixes.")},
                         {QStringLiteral("de"), QStringLiteral("Korrekturen.")}});
    e.insert(QStringLiteral("deltas"),
             QJsonArray{QJsonObject{
                 {QStringLiteral("from"), QStringLiteral("2.0.0")},
                 {QStringLiteral("url"), QStringLiteral("https://cdn.example/d.seesaw")},
                 {QStringLiteral("sha256"), Hash},
                 {QStringLiteral("size"), 100}}});
    const ChannelManifest m =
        parsed(manifest({{QStringLiteral("stable"), QJsonArray{e, entry("2.0.0")}},
                         {QStringLiteral("beta"), entry("2.2.0-rc.1")}}));
    QCOMPARE(m.serial, 7U);
    QCOMPARE(m.issued, at("2026-12-01T00:00:00Z"));
    QCOMPARE(m.channels.size(), 2);
    const ChannelEntry &first = m.channels.value(QStringLiteral("stable")).at(0);
    QCOMPARE(first.version, v("2.1.0"));
    QCOMPARE(first.compatible,
             (QStringList{QStringLiteral("acme-box"), QStringLiteral("acme-box-2")}));
    QCOMPARE(first.bundleUrl, QStringLiteral("bundles/acme-2.1.0.seesaw"));
    QCOMPARE(first.bundleSha256, QByteArray(32, char(0xaa)));
    QCOMPARE(first.bundleSize, 1000U);
    QCOMPARE(first.releaseNotes.value(QStringLiteral("de")), QStringLiteral("Korrekturen."));
    QCOMPARE(*first.minVersion, v("1.5.0"));
    QCOMPARE(first.rolloutPercent, 25U);
    QCOMPARE(first.deltas.size(), 1);
    QCOMPARE(first.deltas.at(0).from, v("2.0.0"));
    QCOMPARE(first.deltas.at(0).size, 100U);
    // A single object is a channel of one entry.
    QCOMPARE(m.channels.value(QStringLiteral("beta")).size(), 1);
    QCOMPARE(m.channels.value(QStringLiteral("beta")).at(0).rolloutPercent, 100U);
}

// The usual OTA manifest's fields under `latest`, plus serial, times and format.
void TestChannel::parsesTheReferenceShape()
{
    QJsonObject o = manifest({});
    o.remove(QStringLiteral("channels"));
    o.insert(QStringLiteral("latest"), entry("3.0.0"));
    const ChannelManifest m = parsed(o);
    QVERIFY(m.latest.has_value());
    QCOMPARE(m.latest->releaseNotes.value(QString()), QStringLiteral("Fixes."));
    ChannelDevice d{QStringLiteral("latest"), QStringLiteral("acme-box"), v("2.0.0"), "id"};
    const ChannelOffer offer = selectOffer(m, d);
    QCOMPARE(offer.kind, ChannelOffer::Kind::Update);
    QCOMPARE(offer.entry->version, v("3.0.0"));
}

void TestChannel::refuses_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("code");
    addTopLevelRefusals();
    addEntryRefusals();
}

void TestChannel::refuses()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, code);
    auto m = parseChannelManifest(json);
    QVERIFY(!m);
    QCOMPARE(m.error().code, code);
    QVERIFY(!m.error().message.isEmpty());
}

// One key signs both kinds of JSON: neither parser may take the other's document.
void TestChannel::neverTakenForABundleManifest()
{
    const QByteArray channel = text(manifest({{QStringLiteral("stable"), entry("2.0.0")}}));
    QVERIFY(!Manifest::fromJson(channel));
    Manifest bundle;
    bundle.compatible = QStringLiteral("acme-box");
    bundle.version = v("1.0.0");
    bundle.build = QStringLiteral("b1");
    bundle.created = at("2026-12-01T00:00:00Z");
    ImageInfo image;
    image.slotClass = QStringLiteral("rootfs");
    image.file = QStringLiteral("images/rootfs.zst");
    image.size = 1;
    image.sha256 = QByteArray(32, 'a');
    image.storedSize = 1;
    image.storedSha256 = QByteArray(32, 'a');
    image.chunkSha256 = {QByteArray(32, 'a')};
    bundle.images = {image};
    const QByteArray bundleJson = bundle.toJson();
    QVERIFY2(Manifest::fromJson(bundleJson), "the bundle manifest of this test is valid");
    auto asChannel = parseChannelManifest(bundleJson);
    QVERIFY(!asChannel);
    QCOMPARE(asChannel.error().code, QStringLiteral("channel.missing-field"));
}

void TestChannel::rolloutIsStableAndMonotonic()
{
    int differentCohorts = 0;
    for (int i = 0; i < 200; ++i) {
        const QByteArray id = QByteArray::number(i).repeated(4);
        const quint32 bucket = rolloutBucket(id, v("2.1.0"));
        QCOMPARE(rolloutBucket(id, v("2.1.0")), bucket); // the same answer at every poll
        QVERIFY(bucket < 10000);
        for (quint32 p = 0; p < 100; ++p) {
            // In at p % means in at every larger share.
            if (inRollout(id, v("2.1.0"), p)) {
                QVERIFY(inRollout(id, v("2.1.0"), p + 1));
            }
        }
        QVERIFY(!inRollout(id, v("2.1.0"), 0));
        QVERIFY(inRollout(id, v("2.1.0"), 100));
        differentCohorts += inRollout(id, v("2.1.0"), 50) != inRollout(id, v("2.2.0"), 50) ? 1 : 0;
    }
    // Another release picks other devices first.
    QVERIFY2(differentCohorts > 50, qPrintable(QString::number(differentCohorts)));
}

void TestChannel::rolloutSharesAreRoughlyRight()
{
    int in10 = 0;
    const int devices = 20000;
    for (int i = 0; i < devices; ++i) {
        in10 += inRollout(Sha256::hash(QByteArray::number(i)).toHex(), v("2.1.0"), 10) ? 1 : 0;
    }
    // 10 % of 20000 is 2000; a fair hash lands within a few standard deviations (about 42).
    QVERIFY2(in10 > 1800 && in10 < 2200, qPrintable(QString::number(in10)));
}

void TestChannel::offers_data()
{
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("compatible");
    QTest::addColumn<QString>("booted");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("version");
    QTest::addColumn<int>("passedOver");
    const int update = int(ChannelOffer::Kind::Update);
    const int upToDate = int(ChannelOffer::Kind::UpToDate);
    const int none = int(ChannelOffer::Kind::NoSuchChannel);
    QTest::newRow("newest compatible") << "stable"
                                       << "acme-box"
                                       << "1.0.0" << update << "2.1.0" << 0;
    QTest::newRow("other compatible") << "stable"
                                      << "acme-mini"
                                      << "1.0.0" << update << "1.9.0" << 0;
    QTest::newRow("unknown compatible") << "stable"
                                        << "other"
                                        << "1.0.0" << upToDate << "" << 0;
    QTest::newRow("up to date") << "stable"
                                << "acme-box"
                                << "2.1.0" << upToDate << "2.1.0" << 0;
    QTest::newRow("never a downgrade") << "stable"
                                       << "acme-box"
                                       << "3.0.0" << upToDate << "2.1.0" << 0;
    QTest::newRow("min_version passes over") << "stable"
                                             << "acme-box"
                                             << "0.9.0" << update << "2.0.0" << 1;
    QTest::newRow("rollout passes over") << "beta"
                                         << "acme-box"
                                         << "2.1.0" << upToDate << "2.1.0" << 1;
    QTest::newRow("unknown booted version") << "stable"
                                            << "acme-box"
                                            << "" << update << "2.1.0" << 0;
    QTest::newRow("no such channel") << "nightly"
                                     << "acme-box"
                                     << "1.0.0" << none << "" << 0;
}

void TestChannel::offers()
{
    QFETCH(QString, channel);
    QFETCH(QString, compatible);
    QFETCH(QString, booted);
    QFETCH(int, kind);
    QFETCH(QString, version);
    QFETCH(int, passedOver);
    QJsonObject newest = entry("2.1.0");
    newest.insert(QStringLiteral("min_version"), QStringLiteral("1.0.0"));
    QJsonObject beta = entry("2.2.0");
    beta.insert(QStringLiteral("rollout"), 0); // nobody yet
    const ChannelManifest m = parsed(
        manifest({{QStringLiteral("stable"),
                   QJsonArray{entry("2.0.0"), newest, entry("1.9.0", QStringLiteral("acme-mini"))}},
                  {QStringLiteral("beta"), QJsonArray{beta, entry("2.1.0")}}}));
    ChannelDevice d;
    d.channel = channel;
    d.compatible = compatible;
    d.machineId = "0123456789abcdef0123456789abcdef";
    if (!booted.isEmpty()) {
        d.bootedVersion = *SemVer::parse(booted);
    }
    const ChannelOffer offer = selectOffer(m, d);
    QCOMPARE(int(offer.kind), kind);
    QCOMPARE(offer.entry ? offer.entry->version.toString() : QString(), version);
    QCOMPARE(offer.passedOver.size(), passedOver);
    QVERIFY(!offer.delta);
}

void TestChannel::offersTheDeltaForTheBootedVersion()
{
    QJsonObject e = entry("2.1.0");
    QJsonArray deltas;
    for (const char *from : {"2.0.0", "2.0.1"}) {
        deltas.append(QJsonObject{
            {QStringLiteral("from"), QString::fromLatin1(from)},
            {QStringLiteral("url"), QStringLiteral("d-%1.seesaw").arg(QLatin1String(from))},
            {QStringLiteral("sha256"), Hash},
            {QStringLiteral("size"), 10}});
    }
    e.insert(QStringLiteral("deltas"), deltas);
    const ChannelManifest m = parsed(manifest({{QStringLiteral("stable"), e}}));
    ChannelDevice d{QStringLiteral("stable"), QStringLiteral("acme-box"), v("2.0.1"), "id"};
    ChannelOffer offer = selectOffer(m, d);
    QVERIFY(offer.delta);
    QCOMPARE(offer.delta->url, QStringLiteral("d-2.0.1.seesaw"));
    d.bootedVersion = v("1.9.0"); // no delta from it: the full bundle
    offer = selectOffer(m, d);
    QCOMPARE(offer.kind, ChannelOffer::Kind::Update);
    QVERIFY(!offer.delta);
    d.bootedVersion = v("2.0.1+build.7"); // another build of 2.0.1 is another image
    QVERIFY(!selectOffer(m, d).delta);
}

void TestChannel::freshness()
{
    const ChannelManifest m = parsed(manifest({{QStringLiteral("stable"), entry("2.0.0")}}));
    const QByteArray sha(32, 'x');
    const ClockVerdict trusted{true, {}};
    const ClockVerdict untrusted{false, {}};
    const QDateTime inside = at("2026-12-05T00:00:00Z");
    const QDateTime after = at("2026-12-20T00:00:00Z");
    QVERIFY(checkFreshness(m, sha, {}, trusted, inside));
    const ChannelMemory seen = remember({}, m, sha);
    QCOMPARE(seen.serial, 7U);
    QCOMPARE(seen.newestIssued, m.issued);
    QVERIFY(checkFreshness(m, sha, seen, trusted, inside)); // the same manifest again: fine
    const auto code = [](const Status &s) { return s ? QString() : s.error().code; };
    QCOMPARE(code(checkFreshness(m, QByteArray(32, 'y'), seen, trusted, inside)),
             QStringLiteral("channel.serial-reused"));
    ChannelMemory newer = seen;
    newer.serial = 8;
    QCOMPARE(code(checkFreshness(m, sha, newer, trusted, inside)),
             QStringLiteral("channel.replayed"));
    QCOMPARE(code(checkFreshness(m, sha, seen, trusted, after)), QStringLiteral("channel.expired"));
    // Without a clock the same manifest stays usable however late it is...
    QVERIFY(checkFreshness(m, sha, seen, untrusted, after));
    QVERIFY(checkFreshness(m, sha, {}, untrusted, QDateTime()));
    // ...until the device has seen a manifest issued after it expired.
    ChannelMemory later = seen;
    later.newestIssued = at("2026-12-16T00:00:00Z");
    QCOMPARE(code(checkFreshness(m, sha, later, untrusted, QDateTime())),
             QStringLiteral("channel.expired"));
    // A trusted clock that is behind what the device has seen does not make it fresh again.
    QCOMPARE(code(checkFreshness(m, sha, later, trusted, inside)),
             QStringLiteral("channel.expired"));
    QCOMPARE(remember(later, m, sha).newestIssued, later.newestIssued);
}

void TestChannel::clockJudgement_data()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<bool>("synced");
    QTest::addColumn<bool>("rtc");
    QTest::addColumn<QString>("now");
    QTest::addColumn<bool>("trusted");
    const int autoP = int(ClockPolicy::Auto);
    QTest::newRow("ntp") << autoP << true << false << "2026-12-05T00:00:00Z" << true;
    QTest::newRow("rtc") << autoP << false << true << "2026-12-05T00:00:00Z" << true;
    QTest::newRow("neither") << autoP << false << false << "2026-12-05T00:00:00Z" << false;
    QTest::newRow("behind what was seen")
        << autoP << true << true << "1970-01-01T00:01:00Z" << false;
    QTest::newRow("system") << int(ClockPolicy::System) << false << false << "1970-01-01T00:01:00Z"
                            << true;
    QTest::newRow("none") << int(ClockPolicy::None) << true << true << "2026-12-05T00:00:00Z"
                          << false;
}

void TestChannel::clockJudgement()
{
    QFETCH(int, policy);
    QFETCH(bool, synced);
    QFETCH(bool, rtc);
    QFETCH(QString, now);
    QFETCH(bool, trusted);
    const ClockFacts facts{QDateTime::fromString(now, Qt::ISODate), synced, rtc};
    const ClockVerdict verdict = judgeClock(ClockPolicy(policy), facts, at("2026-12-01T00:00:00Z"));
    QCOMPARE(verdict.trusted, trusted);
    QVERIFY(!verdict.reason.isEmpty());
}

void TestChannel::cliSignsAndVerifies()
{
    QTemporaryDir dir;
    const QString key = dir.filePath(QStringLiteral("key.pem"));
    QDir().mkpath(dir.filePath(QStringLiteral("keys")));
    QCOMPARE(
        testutil::runCli({QStringLiteral("keygen"), QStringLiteral("--out"), key,
                          QStringLiteral("--public"), dir.filePath(QStringLiteral("keys/k.pem"))})
            .exitCode,
        0);
    const QString path = dir.filePath(QStringLiteral("channel.json"));
    QJsonObject stable = entry("2.1.0");
    stable.insert(QStringLiteral("rollout"), 100);
    const QByteArray json = QJsonDocument(manifest({{QStringLiteral("stable"), stable}}))
                                .toJson(QJsonDocument::Indented);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(json) == json.size());
    f.close();
    auto signedRun = testutil::runCli(
        {QStringLiteral("channel"), QStringLiteral("sign"), QStringLiteral("--key"), key, path});
    QVERIFY2(signedRun.exitCode == 0, signedRun.err.constData());
    QVERIFY(QFile::exists(path + QStringLiteral(".sig")));
    const QStringList verify{QStringLiteral("channel"),
                             QStringLiteral("verify"),
                             QStringLiteral("--keyring"),
                             dir.filePath(QStringLiteral("keys")),
                             QStringLiteral("--now"),
                             QStringLiteral("2026-12-02T00:00:00Z"),
                             QStringLiteral("--compatible"),
                             QStringLiteral("acme-box"),
                             QStringLiteral("--version"),
                             QStringLiteral("2.0.0"),
                             path};
    auto ok = testutil::runCli(verify);
    QVERIFY2(ok.exitCode == 0, ok.err.constData());
    QVERIFY2(ok.text().contains(QStringLiteral("Update 2.1.0 available")), qPrintable(ok.text()));
    // Expired at the time given.
    QStringList late = verify;
    late[5] = QStringLiteral("2026-12-16T00:00:00Z");
    auto expired = testutil::runCli(late);
    QCOMPARE(expired.exitCode, 1);
    QVERIFY(QString::fromUtf8(expired.err).contains(QStringLiteral("expired")));
    // One byte changed after signing: refused before anything in it is believed.
    QByteArray tampered = json;
    tampered.replace("2.1.0", "9.1.0");
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
            f.write(tampered) == tampered.size());
    f.close();
    auto refused = testutil::runCli(verify);
    QCOMPARE(refused.exitCode, 1);
    QVERIFY(!QString::fromUtf8(refused.out).contains(QStringLiteral("9.1.0")));
    // Signing refuses what a device would refuse.
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write("{\"serial\":1}") > 0);
    f.close();
    QCOMPARE(testutil::runCli({QStringLiteral("channel"), QStringLiteral("sign"),
                               QStringLiteral("--key"), key, path})
                 .exitCode,
             1);
}

// The memory that refuses replays is kept across restarts; a damaged file is not taken for a
// fresh start (that would accept a replayed manifest once).
void TestChannel::stateSurvivesAndRefusesDamage()
{
    QTemporaryDir dir;
    auto fresh = loadChannelState(dir.path());
    QVERIFY(fresh);
    QCOMPARE(*fresh, ChannelState{});
    ChannelState state;
    state.memory = {42, QByteArray(32, 'x'), at("2026-12-01T00:00:00Z")};
    state.manifestUrl = QStringLiteral("https://updates.example/channel.json");
    state.etag = R"("5f3-abc")";
    state.lastModified = "Tue, 01 Dec 2026 00:00:00 GMT";
    state.lastCheck = at("2026-12-05T10:00:00.250Z");
    state.lastSuccess = at("2026-12-05T09:00:00Z");
    state.lastErrorCode = QStringLiteral("net.timeout");
    state.lastError = QStringLiteral("The update server did not answer.");
    QVERIFY(saveChannelState(dir.path(), state));
    auto loaded = loadChannelState(dir.path());
    QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().message));
    QCOMPARE(*loaded, state);

    const QString file = dir.filePath(QStringLiteral("channel.json"));
    for (const QByteArray &bad : {QByteArray(R"({"serial": 42)"), QByteArray("[]"),
                                  QByteArray(R"({"serial": 42, "manifest_sha256": ""})"),
                                  QByteArray(qsizetype(70) * 1024, ' ')}) {
        QVERIFY(testutil::writeFile(file, bad));
        auto refused = loadChannelState(dir.path());
        QVERIFY2(!refused, bad.left(40).constData());
        QCOMPARE(refused.error().code, QStringLiteral("channel.state"));
        QVERIFY(refused.error().message.contains(file));
    }
}

QTEST_GUILESS_MAIN(TestChannel)
#include "tst_channel.moc"
