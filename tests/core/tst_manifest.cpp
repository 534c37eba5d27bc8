// Risk: a hostile or malformed manifest.json is accepted, misread, or re-serialised differently.
#include "bundle/manifest.h"
#include "testutil.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <functional>

using namespace seesaw;
using testutil::s;

Q_DECLARE_METATYPE(seesaw::Manifest)

namespace {

constexpr qint64 Chunk = 65536;
const char Pem[] =
    "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
    "-----END PUBLIC KEY-----\n";

QByteArray raw(const char *seed)
{
    return QCryptographicHash::hash(seed, QCryptographicHash::Sha256);
}
QString hex(const char *seed)
{
    return QString::fromLatin1(raw(seed).toHex());
}

QJsonObject imageObject(const QString &slot, qint64 size, const QStringList &chunks)
{
    return {{s("slot_class"), slot},  {s("file"), QString(s("images/") + slot + s(".zst"))},
            {s("size"), size},        {s("sha256"), hex("image")},
            {s("stored_size"), 1000}, {s("stored_sha256"), hex("stored")},
            {s("chunk_size"), Chunk}, {s("chunk_sha256"), QJsonArray::fromStringList(chunks)}};
}

// The smallest image a manifest may describe: one byte in one chunk.
QJsonObject tinyImage(const QString &slot)
{
    return imageObject(slot, 1, {hex("t0")});
}

QJsonArray repeated(qsizetype count, const std::function<QJsonValue(qsizetype)> &make)
{
    QJsonArray a;
    for (qsizetype i = 0; i < count; ++i) {
        a.append(make(i));
    }
    return a;
}

// Release notes in `count` languages: en-10, en-11, ...
QJsonObject languages(qsizetype count)
{
    QJsonObject notes;
    for (qsizetype i = 0; i < count; ++i) {
        notes.insert(QStringLiteral("en-%1").arg(10 + i), s("x"));
    }
    return notes;
}

QJsonObject artifactObject(const QString &repository, const QString &name, const QString &type)
{
    return {{s("repository"), repository},
            {s("name"), name},
            {s("version"), s("1.2.0")},
            {s("type"), type},
            {s("file"), QStringLiteral("artifacts/%1/%2.zst").arg(repository, name)},
            {s("size"), 1},
            {s("sha256"), hex("artifact")},
            {s("stored_size"), 10},
            {s("stored_sha256"), hex("stored artifact")},
            {s("chunk_size"), Chunk},
            {s("chunk_sha256"), QJsonArray{hex("a0")}}};
}

QJsonObject releaseObject()
{
    return {{s("id"), s("debian")},
            {s("version_id"), s("12")},
            {s("sysext_level"), s("1.0")},
            {s("confext_level"), s("2")},
            {s("architecture"), s("x86-64")}};
}

// A system extension and a tree.
QJsonArray artifactList()
{
    QJsonObject sysext = artifactObject(s("extensions"), s("monitor"), s("sysext"));
    sysext[s("extension_release")] =
        QJsonObject{{s("id"), s("debian")}, {s("version_id"), s("12")}};
    QJsonObject tree = artifactObject(s("web"), s("ui.v2"), s("tree"));
    tree[s("unpacked_size")] = 4096;
    return {sysext, tree};
}

// The example manifest of the architecture document, with every optional field present.
QJsonObject validObject()
{
    QJsonObject appfs = tinyImage(s("appfs"));
    appfs[s("delta")] = QJsonObject{{s("method"), s("zstd-patch")},
                                    {s("base_sha256"), hex("base")},
                                    {s("base_size"), 4096},
                                    {s("base_version"), s("2.0.0")},
                                    {s("full_stored_size"), 9000}};
    return {
        {s("format"), 1},
        {s("compatible"), s("acme-panel")},
        {s("version"), s("2.1.0")},
        {s("build"), s("2026-11-22.1")},
        {s("created"), s("2026-11-22T10:00:00Z")},
        {s("min_version"), s("1.0.0")},
        {s("hardware"), QJsonArray{s("rev-a"), s("rev-b")}},
        {s("release_notes"), QJsonObject{{s("en"), s("Fixes.")}, {s("de"), s("Korrekturen.")}}},
        {s("requires"), QJsonObject{{s("free_space"), 123}, {s("battery"), 30}}},
        {s("images"), QJsonArray{imageObject(s("rootfs"), 3 * Chunk + 5,
                                             {hex("c0"), hex("c1"), hex("c2"), hex("c3")}),
                                 appfs}},
        {s("artifacts"), artifactList()},
        {s("os_release"), releaseObject()},
        {s("keys"),
         QJsonObject{{s("add"), QJsonArray{s(Pem)}}, {s("revoke"), QJsonArray{hex("old key")}}}},
    };
}

QByteArray bytes(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// Sets (or, for an undefined value, removes) the value at `key` of one array or object.
QJsonValue setChild(const QJsonValue &node, const QString &key, const QJsonValue &value)
{
    if (node.isArray()) {
        QJsonArray a = node.toArray();
        const qsizetype i = key.toInt();
        if (value.isUndefined()) {
            a.removeAt(i);
        } else if (i == a.size()) {
            a.append(value);
        } else {
            a[i] = value;
        }
        return a;
    }
    QJsonObject o = node.toObject();
    if (value.isUndefined()) {
        o.remove(key);
    } else {
        o[key] = value;
    }
    return o;
}

// Sets (or, for an undefined value, removes) the value at a '/'-separated path: walks down
// keeping every container on the way, then writes each changed child back into its parent.
QJsonValue edit(const QJsonValue &root, const QStringList &path, const QJsonValue &value)
{
    QList<QJsonValue> containers{root};
    for (qsizetype depth = 0; depth + 1 < path.size(); ++depth) {
        const QJsonValue &node = containers.last();
        containers.append(node.isArray() ? node.toArray().at(path.at(depth).toInt())
                                         : node.toObject().value(path.at(depth)));
    }
    QJsonValue changed = value;
    for (qsizetype depth = path.size() - 1; depth >= 0; --depth) {
        changed = setChild(containers.at(depth), path.at(depth), changed);
    }
    return changed;
}

QByteArray edited(const QString &path, const QJsonValue &value)
{
    return bytes(edit(validObject(), path.split(u'/'), value).toObject());
}

QByteArray replaced(QByteArray json, const char *from, const char *to)
{
    if (!json.contains(from)) {
        qFatal("fixture does not contain %s", from);
    }
    return json.replace(from, to);
}

Manifest minimalManifest()
{
    Manifest m;
    m.compatible = s("acme-panel");
    m.version = *SemVer::parse(s("1.0.0"));
    m.build = s("b1");
    m.created = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
    ImageInfo img;
    img.slotClass = s("rootfs");
    img.file = s("images/rootfs.zst");
    img.size = 1;
    img.sha256 = raw("one byte");
    img.chunkSha256 = {raw("c0")};
    img.storedSize = 13;
    img.storedSha256 = raw("stored");
    m.images = {img};
    return m;
}

} // namespace

class TestManifest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesEveryField();
    void serialisesInFixedOrder();
    void roundTrip_data();
    void roundTrip();
    void omitsEmptyOptionals();
    void equality();
    void accepts_data();
    void accepts();
    void rejects_data();
    void rejects();
    void rejectsRaw_data();
    void rejectsRaw();
    void sizeLimit();
    void hugeChunkListRejectedBeforeIteration();
};

void TestManifest::parsesEveryField()
{
    const auto m = Manifest::fromJson(bytes(validObject()));
    QVERIFY2(m.ok(), m.ok() ? "" : qPrintable(m.error().message));
    QCOMPARE(m->format, 1);
    QCOMPARE(m->compatible, s("acme-panel"));
    QCOMPARE(m->version.toString(), s("2.1.0"));
    QCOMPARE(m->build, s("2026-11-22.1"));
    QCOMPARE(m->created, QDateTime(QDate(2026, 11, 22), QTime(10, 0), Qt::UTC));
    QCOMPARE(m->created.timeSpec(), Qt::UTC);
    QCOMPARE(m->minVersion->toString(), s("1.0.0"));
    QCOMPARE(m->hardware, (QStringList{s("rev-a"), s("rev-b")}));
    QCOMPARE(m->releaseNotes.value(s("de")), s("Korrekturen."));
    QCOMPARE(m->requirements.freeSpaceBytes, std::optional<quint64>(123));
    QCOMPARE(m->requirements.batteryPercent, std::optional<int>(30));
    QCOMPARE(m->images.size(), 2);
    const ImageInfo *rootfs = m->image(s("rootfs"));
    QVERIFY(rootfs);
    QCOMPARE(rootfs->size, quint64(3 * Chunk + 5));
    QCOMPARE(rootfs->sha256, raw("image"));
    QCOMPARE(rootfs->storedSize, quint64(1000));
    QCOMPARE(rootfs->chunkSize, quint32(Chunk));
    QCOMPARE(rootfs->chunkSha256, (QList<QByteArray>{raw("c0"), raw("c1"), raw("c2"), raw("c3")}));
    QVERIFY(!rootfs->delta);
    const ImageInfo *appfs = m->image(s("appfs"));
    QVERIFY(appfs && appfs->delta);
    QCOMPARE(appfs->chunkSha256, QList<QByteArray>{raw("t0")});
    QCOMPARE(appfs->delta->method, s("zstd-patch"));
    QCOMPARE(appfs->delta->baseSha256, raw("base"));
    QCOMPARE(appfs->delta->baseSize, quint64(4096));
    QCOMPARE(appfs->delta->baseVersion.toString(), s("2.0.0"));
    QCOMPARE(appfs->delta->fullStoredSize, std::optional<quint64>(9000));
    QVERIFY(!m->image(s("kernel")));
    QCOMPARE(m->keys.addPem, QList<QByteArray>{QByteArray(Pem)});
    QCOMPARE(m->keys.revokeKeyIds, QList<QByteArray>{raw("old key")});
    QCOMPARE(m->artifacts.size(), 2);
    const ArtifactInfo *monitor = m->artifact(s("extensions"), s("monitor"));
    QVERIFY(monitor);
    QCOMPARE(monitor->version, s("1.2.0"));
    QCOMPARE(monitor->type, ArtifactInfo::Type::Sysext);
    QCOMPARE(monitor->extensionRelease->id, s("debian"));
    QCOMPARE(monitor->extensionRelease->versionId, s("12"));
    QVERIFY(monitor->extensionRelease->sysextLevel.isEmpty());
    QCOMPARE(monitor->payload.file, s("artifacts/extensions/monitor.zst"));
    QCOMPARE(monitor->payload.chunkSha256, QList<QByteArray>{raw("a0")});
    QVERIFY(monitor->payload.slotClass.isEmpty());
    const ArtifactInfo *tree = m->artifact(s("web"), s("ui.v2"));
    QVERIFY(tree && !tree->extensionRelease);
    QCOMPARE(tree->type, ArtifactInfo::Type::Tree);
    QCOMPARE(tree->unpackedSize, quint64(4096));
    QVERIFY(!m->artifact(s("web"), s("monitor")));
    const ReleaseFields os{s("debian"), s("12"), s("1.0"), s("2"), s("x86-64")};
    QCOMPARE(m->osRelease, std::optional<ReleaseFields>(os));
}

void TestManifest::serialisesInFixedOrder()
{
    const auto h = [](const char *seed) { return raw(seed).toHex(); };
    const QByteArray expected =
        R"({"format":1,"compatible":"acme-panel","version":"2.1.0","build":"2026-11-22.1",)"
        R"("created":"2026-11-22T10:00:00Z","min_version":"1.0.0","hardware":["rev-a","rev-b"],)"
        R"("release_notes":{"de":"Korrekturen.","en":"Fixes."},"requires":{"free_space":123,"battery":30},)"
        R"("images":[{"slot_class":"rootfs","file":"images/rootfs.zst","size":196613,"sha256":")" +
        h("image") + R"(","stored_size":1000,"stored_sha256":")" + h("stored") +
        R"(","chunk_size":65536,"chunk_sha256":[")" + h("c0") + R"(",")" + h("c1") + R"(",")" +
        h("c2") + R"(",")" + h("c3") + R"("]},)" +
        R"({"slot_class":"appfs","file":"images/appfs.zst","size":1,"sha256":")" + h("image") +
        R"(","stored_size":1000,"stored_sha256":")" + h("stored") +
        R"(","chunk_size":65536,"chunk_sha256":[")" + h("t0") + R"("],)" +
        R"("delta":{"method":"zstd-patch","base_sha256":")" + h("base") +
        R"(","base_size":4096,"base_version":"2.0.0","full_stored_size":9000}}],)" +
        R"("artifacts":[{"repository":"extensions","name":"monitor","version":"1.2.0",)" +
        R"("type":"sysext","extension_release":{"id":"debian","version_id":"12"},)" +
        R"("file":"artifacts/extensions/monitor.zst","size":1,"sha256":")" + h("artifact") +
        R"(","stored_size":10,"stored_sha256":")" + h("stored artifact") +
        R"(","chunk_size":65536,"chunk_sha256":[")" + h("a0") + R"("]},)" +
        R"({"repository":"web","name":"ui.v2","version":"1.2.0","type":"tree",)" +
        R"("unpacked_size":4096,"file":"artifacts/web/ui.v2.zst","size":1,"sha256":")" +
        h("artifact") + R"(","stored_size":10,"stored_sha256":")" + h("stored artifact") +
        R"(","chunk_size":65536,"chunk_sha256":[")" + h("a0") + R"("]}],)" +
        R"("os_release":{"id":"debian","version_id":"12","sysext_level":"1.0",)" +
        R"("confext_level":"2","architecture":"x86-64"},)" +
        R"("keys":{"add":["-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n)" +
        R"(-----END PUBLIC KEY-----\n"],"revoke":[")" + h("old key") + R"("]}})";
    const auto m = Manifest::fromJson(bytes(validObject()));
    QVERIFY(m.ok());
    QCOMPARE(m->toJson(), expected);
    QCOMPARE(m->toJson(), m->toJson());
    const auto again = Manifest::fromJson(expected);
    QVERIFY(again.ok());
    QVERIFY(*again == *m);
    QCOMPARE(again->toJson(), expected);
}

void TestManifest::roundTrip_data()
{
    QTest::addColumn<Manifest>("manifest");
    QTest::newRow("minimal") << minimalManifest();
    Manifest m = minimalManifest();
    m.created = m.created.addMSecs(123);
    QTest::newRow("milliseconds") << m;
    m = minimalManifest();
    m.created = QDateTime(QDate(2026, 1, 2), QTime(5, 4, 5), Qt::OffsetFromUTC, 7200);
    QTest::newRow("offset time is stored as UTC") << m;
    m = minimalManifest();
    m.build = s("quote\" back\\slash \xc3\xa9 \xf0\x9f\x98\x80 </script>");
    m.releaseNotes.insert(s("zh-CN"), s("line\nbreak\ttab \x01 ") + QChar(0x202e) + s(" bidi ") +
                                          QChar(0xd800));
    m.releaseNotes.insert(s("en"), QString());
    QTest::newRow("strings needing escapes") << m;
    m = minimalManifest();
    m.requirements.batteryPercent = 0;
    QTest::newRow("battery only, zero") << m;
    m = minimalManifest();
    m.requirements.freeSpaceBytes = quint64(1) << 53;
    QTest::newRow("free space 2^53") << m;
    m = minimalManifest();
    m.keys.revokeKeyIds = {raw("a"), raw("b")};
    m.minVersion = *SemVer::parse(s("1.0.0-rc.1+build.7"));
    m.version = *SemVer::parse(s("1.0.0+meta"));
    QTest::newRow("revoke only, versions with metadata") << m;
    m = minimalManifest();
    ImageInfo big = m.images[0];
    big.slotClass = s("data_2");
    big.file = s("images/data_2.zst");
    big.chunkSize = limits::MaxChunkSize;
    big.size = 2 * quint64(limits::MaxChunkSize) + 1;
    big.chunkSha256 = {raw("x"), raw("y"), raw("z")};
    big.delta = DeltaInfo{s("zstd-patch"),
                          raw("base"),
                          3 * quint64(limits::MaxChunkSize),
                          *SemVer::parse(s("2.0.0-rc.1")),
                          {}};
    m.images.append(big);
    QTest::newRow("two images, delta") << m;
    m = minimalManifest();
    ArtifactInfo model;
    model.repository = s("models");
    model.name = s("detector");
    model.version = s("2026.11+rc-1");
    model.payload = m.images[0];
    model.payload.slotClass.clear();
    model.payload.file = s("artifacts/models/detector.zst");
    ArtifactInfo conf = model;
    conf.repository = s("conf");
    conf.name = s("site");
    conf.type = ArtifactInfo::Type::Confext;
    conf.payload.file = s("artifacts/conf/site.zst");
    conf.extensionRelease = ReleaseFields{s("debian"), {}, {}, s("3"), {}};
    m.images.clear();
    m.artifacts = {model, conf};
    QTest::newRow("artifacts only") << m;
    m.images = minimalManifest().images;
    m.osRelease = ReleaseFields{s("debian"), s("13"), {}, {}, {}};
    QTest::newRow("image, artifacts and the OS's release") << m;
}

void TestManifest::roundTrip()
{
    QFETCH(Manifest, manifest);
    const QByteArray json = manifest.toJson();
    const auto parsed = Manifest::fromJson(json);
    QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().message));
    QVERIFY(*parsed == manifest);
    QCOMPARE(parsed->created.timeSpec(), Qt::UTC);
    QCOMPARE(parsed->toJson(), json);
}

void TestManifest::omitsEmptyOptionals()
{
    const QByteArray json = minimalManifest().toJson();
    for (const char *key : {"min_version", "hardware", "release_notes", "requires", "keys", "delta",
                            "artifacts", "os_release"}) {
        QVERIFY2(!json.contains(key), key);
    }
    Manifest m = minimalManifest();
    m.keys.addPem = {QByteArray(Pem)};
    QVERIFY(m.toJson().contains(R"("keys":{"add":[)"));
    QVERIFY(!m.toJson().contains("revoke"));
}

void TestManifest::equality()
{
    const Manifest m = *Manifest::fromJson(bytes(validObject()));
    Manifest other = m;
    other.created = m.created.toOffsetFromUtc(3600);
    QVERIFY(other == m);
    const auto differs = [&m](const std::function<void(Manifest &)> &change) {
        Manifest c = m;
        change(c);
        return !(c == m);
    };
    QVERIFY(differs([](Manifest &c) { c.created = c.created.addMSecs(1); }));
    QVERIFY(differs([](Manifest &c) { c.version = *SemVer::parse(s("2.1.0+other")); }));
    QVERIFY(differs([](Manifest &c) { c.minVersion.reset(); }));
    QVERIFY(differs([](Manifest &c) { c.hardware.removeLast(); }));
    QVERIFY(differs([](Manifest &c) { c.releaseNotes[s("en")] = s("Other."); }));
    QVERIFY(differs([](Manifest &c) { c.requirements.batteryPercent.reset(); }));
    QVERIFY(differs([](Manifest &c) { c.images[0].chunkSha256[3] = raw("other"); }));
    QVERIFY(differs([](Manifest &c) { c.images[1].delta.reset(); }));
    QVERIFY(differs([](Manifest &c) { c.keys.revokeKeyIds.clear(); }));
    QVERIFY(differs([](Manifest &c) { c.artifacts[1].unpackedSize = 1; }));
    QVERIFY(differs([](Manifest &c) { c.artifacts[0].extensionRelease->versionId = s("13"); }));
    QVERIFY(differs([](Manifest &c) { c.osRelease->architecture.clear(); }));
}

void TestManifest::accepts_data()
{
    QTest::addColumn<QByteArray>("json");
    const auto row = [](const char *name, const char *path, const QJsonValue &value) {
        QTest::newRow(name) << edited(s(path), value);
    };
    const QJsonValue remove(QJsonValue::Undefined);
    row("compatible at the limit", "compatible", QString(limits::MaxShortString, u'a'));
    row("build at the limit, non-ASCII", "build", QString(limits::MaxShortString, QChar(0xe9)));
    row("release note at the limit", "release_notes/en",
        QString(limits::MaxReleaseNotesChars, u'x'));
    row("language with subtags", "release_notes/zh-Hant-TW", s("x"));
    row("most languages", "release_notes", languages(limits::MaxReleaseNotesLanguages));
    row("most hardware ids", "hardware",
        repeated(limits::MaxHardware, [](qsizetype i) { return QStringLiteral("rev-%1").arg(i); }));
    row("most images", "images", repeated(limits::MaxImages, [](qsizetype i) {
            return tinyImage(QStringLiteral("s%1").arg(i));
        }));
    row("slot class of 32 characters", "images/1", tinyImage(QString(32, u'z')));
    row("chunk count exactly ceil, full last chunk", "images/0/size", 4 * Chunk);
    row("chunk count exactly ceil, one byte in last chunk", "images/0/size", 3 * Chunk + 1);
    row("largest chunk size", "images/1/chunk_size", qint64(limits::MaxChunkSize));
    row("battery 0", "requires/battery", 0);
    row("battery 100", "requires/battery", 100);
    row("free space 2^53", "requires/free_space", qint64(1) << 53);
    row("empty requires", "requires", QJsonObject());
    row("milliseconds", "created", s("2026-11-22T10:00:00.5Z"));
    row("most rotation keys", "keys/add",
        repeated(limits::MaxRotationKeys, [](qsizetype) { return s(Pem); }));
    row("PEM at the limit", "keys/add/0", s(Pem).leftJustified(8192, u'A'));
    // Issue 14.8: a key file's name line follows the PEM block, so manifests from before key
    // names and after read the same shape.
    row("named key", "keys/add/0", QString(s(Pem) + s("Seesaw-Key-Name: Acme release key 2026\n")));
    for (const char *optional : {"min_version", "hardware", "release_notes", "requires", "keys",
                                 "images/1/delta", "images", "artifacts", "os_release",
                                 "os_release/id", "artifacts/0/extension_release/version_id"}) {
        row(optional, optional, remove);
    }
    row("most artifacts", "artifacts", repeated(limits::MaxArtifacts, [](qsizetype i) {
            return artifactObject(s("models"), QStringLiteral("m%1").arg(i), s("files"));
        }));
    row("same name in two repositories", "artifacts/1",
        artifactObject(s("models"), s("monitor"), s("files")));
    row("longest names", "artifacts/1",
        artifactObject(QString(32, u'r'), QString(64, u'N'), s("files")));
    row("version of 64 characters", "artifacts/0/version", QString(64, u'9'));
    row("a version may look like anything but the link", "artifacts/0/version", s("Previous"));
    row("confext", "artifacts/0/type", s("confext"));
    const QByteArray valid = bytes(validObject());
    QTest::newRow("free space 2^53 literal")
        << replaced(valid, "\"free_space\":123", "\"free_space\":9007199254740992");
    QTest::newRow("quotes and colons in a value")
        << replaced(valid, R"("en":"Fixes.")", R"("en":"x\",\"en\":\"y\":{\"de\":1")");
}

void TestManifest::accepts()
{
    QFETCH(QByteArray, json);
    const auto m = Manifest::fromJson(json);
    QVERIFY2(m.ok(), m.ok() ? "" : qPrintable(m.error().message));
    const auto again = Manifest::fromJson(m->toJson());
    QVERIFY(again.ok() && *again == *m);
}

namespace {

// One row of TestManifest::rejects: the valid manifest with `value` at `path` (undefined:
// removed) must fail with manifest.`code`, the message containing `inMessage`.
void rejectRow(const char *path, const QJsonValue &value, const char *code, const char *inMessage)
{
    const QByteArray shown =
        QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).left(40);
    QTest::addRow("%s = %s", path, value.isUndefined() ? "(removed)" : shown.constData())
        << edited(s(path), value) << QString(s("manifest.") + s(code)) << s(inMessage);
}

const QJsonValue Removed(QJsonValue::Undefined);

QJsonArray repeatedText(qsizetype n, const QString &text)
{
    return repeated(n, [&text](qsizetype) { return text; });
}

// format, compatible, version, build and created.
void rejectsTopLevel()
{
    rejectRow("format", 2, "format", "format 2");
    rejectRow("format", 1.5, "format", "format 1.5");
    rejectRow("format", s("1"), "wrong-type", "format");
    rejectRow("format", Removed, "missing-field", "format");
    rejectRow("extra", 1, "unknown-field", "extra");
    rejectRow("compatible", Removed, "missing-field", "compatible");
    rejectRow("compatible", 5, "wrong-type", "compatible");
    rejectRow("compatible", QJsonValue(QJsonValue::Null), "wrong-type", "compatible");
    rejectRow("compatible", s(""), "invalid-value", "compatible");
    rejectRow("compatible", s("acme\npanel"), "invalid-value", "compatible");
    rejectRow("compatible", QString(s("acme") + QChar(0x202e) + s("panel")), "invalid-value",
              "compatible");
    rejectRow("compatible", QString(limits::MaxShortString + 1, u'a'), "too-long", "compatible");
    rejectRow("compatible", QString(s("acme") + QChar(0xd800)), "invalid-value", "compatible");
    rejectRow("version", s("2.1"), "invalid-value", "version: \"2.1\"");
    rejectRow("version", 2, "wrong-type", "version");
    rejectRow("min_version", s("01.0.0"), "invalid-value", "min_version");
    rejectRow("build", s("\t"), "invalid-value", "build");
    rejectRow("build", Removed, "missing-field", "build");
    for (const char *t :
         {"2026-11-22T10:00:00", "2026-11-22T11:00:00+01:00", "2026-11-22", "2026-02-30T10:00:00Z",
          "2026-11-22T10:00:00Z\n", "2026-11-22 10:00:00Z", "2026-11-22T24:00:00Z", "tomorrow"}) {
        rejectRow("created", s(t), "invalid-value", "created");
    }
}

// hardware.
void rejectsHardware()
{
    rejectRow("hardware", s("rev-a"), "wrong-type", "hardware");
    rejectRow("hardware/1", 7, "wrong-type", "hardware[1]");
    rejectRow("hardware/1", s(""), "invalid-value", "hardware[1]");
    rejectRow("hardware/1", s("rev-a"), "duplicate", "hardware[1]");
    rejectRow("hardware", repeatedText(limits::MaxHardware + 1, s("x")), "too-many", "hardware");
}

// release_notes.
void rejectsReleaseNotes()
{
    rejectRow("release_notes", QJsonArray(), "wrong-type", "release_notes");
    for (const char *tag : {"EN", "e", "en-", "en-toolongxx", "en_US", "english"}) {
        const QByteArray path = QByteArray("release_notes/") + tag;
        const QByteArray inMessage = QByteArray("release_notes.") + tag + ": not a language tag";
        rejectRow(path.constData(), s("x"), "invalid-value", inMessage.constData());
    }
    const QByteArray longTag = "en" + QByteArray("-abcdefgh").repeated(15);
    rejectRow(QByteArray("release_notes/" + longTag).constData(), s("x"), "invalid-value",
              QByteArray("release_notes." + longTag.left(60)).constData());
    rejectRow("release_notes/fr", 1, "wrong-type", "release_notes.fr");
    rejectRow("release_notes/en", QString(limits::MaxReleaseNotesChars + 1, u'x'), "too-long",
              "release_notes.en");
    rejectRow("release_notes", languages(limits::MaxReleaseNotesLanguages + 1), "too-many",
              "release_notes");
}

// requires.
void rejectsRequires()
{
    rejectRow("requires", 1, "wrong-type", "requires");
    for (const QJsonValue &bad : {QJsonValue(101), QJsonValue(-1), QJsonValue(30.5)}) {
        rejectRow("requires/battery", bad, "invalid-value", "requires.battery");
    }
    for (const QJsonValue &bad : {QJsonValue(-1), QJsonValue(1.5), QJsonValue(1e16)}) {
        rejectRow("requires/free_space", bad, "invalid-value", "requires.free_space");
    }
    rejectRow("requires/free_space", s("1"), "wrong-type", "requires.free_space");
    rejectRow("requires/ram", 1, "unknown-field", "requires.ram");
}

// images: the list, its members and their slot_class and file.
void rejectsImageList()
{
    rejectRow("images", QJsonObject(), "wrong-type", "images");
    rejectRow("images", QJsonArray(), "invalid-value", "images");
    rejectRow("images",
              repeated(limits::MaxImages + 1,
                       [](qsizetype i) { return tinyImage(QStringLiteral("s%1").arg(i)); }),
              "too-many", "images");
    rejectRow("images/0", s("rootfs"), "wrong-type", "images[0]");
    rejectRow("images/0/extra", 1, "unknown-field", "images[0].extra");
    for (const char *slot : {"Rootfs", "-rootfs", "_x", "root fs", "r\xc3\xb6otfs", ""}) {
        rejectRow("images/0/slot_class", s(slot), "invalid-value", "images[0].slot_class");
    }
    rejectRow("images/1", tinyImage(QString(33, u'z')), "invalid-value", "images[1].slot_class");
    const QJsonObject rootfs = validObject().value(s("images")).toArray().at(0).toObject();
    rejectRow("images/1", rootfs, "duplicate", "images[1].slot_class");
    rejectRow("images/0/file", s("images/appfs.zst"), "invalid-value", "images[0].file");
    rejectRow("images/0/file", s("images/../rootfs.zst"), "invalid-value", "images[0].file");
}

// images: size, sha256, stored_size and stored_sha256.
void rejectsImageSizes()
{
    rejectRow("images/0/size", Removed, "missing-field", "images[0].size");
    rejectRow("images/0/size", s("196613"), "wrong-type", "images[0].size");
    rejectRow("images/0/size", 196613.5, "invalid-value", "images[0].size");
    rejectRow("images/0/size", (qint64(limits::MaxChunks) * Chunk) + 1, "too-many",
              "images[0].size");
    rejectRow("images/0/sha256", hex("image").toUpper(), "invalid-value", "images[0].sha256");
    rejectRow("images/0/sha256", hex("image").left(63), "invalid-value", "images[0].sha256");
    rejectRow("images/0/sha256", QString(64, u'g'), "invalid-value", "images[0].sha256");
    rejectRow("images/0/sha256", 7, "wrong-type", "images[0].sha256");
    rejectRow("images/0/stored_size", 0, "invalid-value", "images[0].stored_size");
    // An empty image would switch the boot loader to a slot nothing was written to.
    rejectRow("images/1", imageObject(s("appfs"), 0, {}), "invalid-value",
              "images[1].size: must be at least 1");
    rejectRow("images/0/stored_sha256", s(""), "invalid-value", "images[0].stored_sha256");
}

// images: chunk_size and chunk_sha256.
void rejectsImageChunks()
{
    for (qint64 size : {Chunk - 1, Chunk / 2, 3 * Chunk, qint64(limits::MaxChunkSize) * 2}) {
        rejectRow("images/0/chunk_size", size, "invalid-value", "images[0].chunk_size");
    }
    // Chunks beyond 4 MiB break the install's memory bound (several chunks are in flight).
    for (qint64 size : {qint64(8) << 20, qint64(64) << 20}) {
        rejectRow("images/1/chunk_size", size, "invalid-value", "images[1].chunk_size");
    }
    rejectRow("images/0/size", 4 * Chunk + 1, "size-mismatch", "images[0].chunk_sha256");
    rejectRow("images/0/chunk_sha256/4", hex("c4"), "size-mismatch", "images[0].chunk_sha256");
    rejectRow("images/0/chunk_sha256/3", Removed, "size-mismatch", "images[0].chunk_sha256");
    rejectRow("images/1/chunk_sha256/1", hex("c0"), "size-mismatch", "images[1].chunk_sha256");
    rejectRow("images/0/chunk_sha256", s("x"), "wrong-type", "images[0].chunk_sha256");
    rejectRow("images/0/chunk_sha256/3", s("nothex"), "invalid-value",
              "images[0].chunk_sha256[3]: not a SHA-256 hash");
}

// artifacts and os_release.
void rejectsArtifacts()
{
    QJsonObject none = validObject();
    none.remove(s("images"));
    none.remove(s("artifacts"));
    QTest::newRow("neither images nor artifacts")
        << bytes(none) << s("manifest.missing-field") << s("at least one image or artifact");
    rejectRow("artifacts", QJsonArray(), "invalid-value", "artifacts");
    rejectRow("artifacts", QJsonObject(), "wrong-type", "artifacts");
    rejectRow("artifacts",
              repeated(limits::MaxArtifacts + 1,
                       [](qsizetype i) {
                           return artifactObject(s("models"), QStringLiteral("m%1").arg(i),
                                                 s("files"));
                       }),
              "too-many", "artifacts");
    rejectRow("artifacts/1", artifactList().at(0), "duplicate", "artifacts[1]");
    rejectRow("artifacts/0/extra", 1, "unknown-field", "artifacts[0].extra");
    for (const char *field : {"repository", "name", "version", "type", "file", "size", "sha256",
                              "stored_size", "stored_sha256", "chunk_size", "chunk_sha256"}) {
        const QByteArray path = QByteArray("artifacts/0/") + field;
        const QByteArray where = QByteArray("artifacts[0].") + field;
        rejectRow(path.constData(), Removed, "missing-field", where.constData());
    }
    for (const char *bad : {"Extensions", "-x", "a b", "x/y", ""}) {
        rejectRow("artifacts/0/repository", s(bad), "invalid-value", "artifacts[0].repository");
    }
    rejectRow("artifacts/0/repository", QString(33, u'r'), "invalid-value",
              "artifacts[0].repository");
    for (const char *bad : {"../x", ".hidden", "a/b", "monitor.raw", "", "mÃ¶"}) {
        rejectRow("artifacts/0/name", s(bad), "invalid-value", "artifacts[0].name");
    }
    rejectRow("artifacts/0/name", QString(65, u'n'), "invalid-value", "artifacts[0].name");
    // An entry's rollback link is called "previous": such a version would be renamed over it.
    for (const char *bad : {"previous", "../1", "1.0/x", "-1", "1 0", ""}) {
        rejectRow("artifacts/0/version", s(bad), "invalid-value", "artifacts[0].version");
    }
    rejectRow("artifacts/0/version", QString(65, u'1'), "invalid-value", "artifacts[0].version");
    rejectRow("artifacts/0/type", s("squashfs"), "invalid-value", "artifacts[0].type");
    rejectRow("artifacts/0/file", s("artifacts/web/monitor.zst"), "invalid-value",
              "artifacts[0].file");
    rejectRow("artifacts/0/file", s("images/rootfs.zst"), "invalid-value", "artifacts[0].file");
    rejectRow("artifacts/0/size", 0, "invalid-value", "artifacts[0].size: must be at least 1");
    rejectRow("artifacts/0/chunk_sha256/1", hex("a1"), "size-mismatch",
              "artifacts[0].chunk_sha256");
    // An extension image names the OS it fits; nothing else has such a claim.
    rejectRow("artifacts/0/extension_release", Removed, "missing-field",
              "artifacts[0].extension_release");
    rejectRow("artifacts/0/extension_release/id", Removed, "missing-field",
              "artifacts[0].extension_release.id");
    rejectRow("artifacts/0/extension_release", QJsonObject(), "invalid-value",
              "artifacts[0].extension_release");
    rejectRow("artifacts/0/extension_release/version_id", s("12\n"), "invalid-value",
              "artifacts[0].extension_release.version_id");
    rejectRow("artifacts/0/extension_release/ID", s("debian"), "unknown-field",
              "artifacts[0].extension_release.ID");
    rejectRow("artifacts/1/extension_release", QJsonObject{{s("id"), s("debian")}}, "unknown-field",
              "artifacts[1].extension_release");
    rejectRow("artifacts/1/unpacked_size", Removed, "missing-field", "artifacts[1].unpacked_size");
    rejectRow("artifacts/1/unpacked_size", -1, "invalid-value", "artifacts[1].unpacked_size");
    rejectRow("artifacts/0/unpacked_size", 1, "unknown-field", "artifacts[0].unpacked_size");
    rejectRow("os_release", QJsonObject(), "invalid-value", "os_release");
    rejectRow("os_release/id", s(""), "invalid-value", "os_release.id");
    rejectRow("os_release/variant", s("x"), "unknown-field", "os_release.variant");
    rejectRow("os_release/architecture", QString(limits::MaxShortString + 1, u'a'), "too-long",
              "os_release.architecture");
}

// images[].delta and keys.
void rejectsDeltaAndKeys()
{
    rejectRow("images/1/delta", s("x"), "wrong-type", "images[1].delta");
    rejectRow("images/1/delta/method", Removed, "missing-field", "images[1].delta.method");
    rejectRow("images/1/delta/base_sha256", s("abc"), "invalid-value",
              "images[1].delta.base_sha256");
    rejectRow("images/1/delta/extra", 1, "unknown-field", "images[1].delta.extra");
    rejectRow("images/1/delta/method", s("bsdiff"), "invalid-value",
              "images[1].delta.method: unknown delta method \"bsdiff\"");
    rejectRow("images/1/delta/base_sha256", Removed, "missing-field",
              "images[1].delta.base_sha256");
    rejectRow("images/1/delta/base_size", Removed, "missing-field", "images[1].delta.base_size");
    rejectRow("images/1/delta/base_size", 0, "invalid-value", "images[1].delta.base_size");
    rejectRow("images/1/delta/base_version", Removed, "missing-field",
              "images[1].delta.base_version");
    rejectRow("images/1/delta/base_version", s("2.0"), "invalid-value",
              "images[1].delta.base_version");
    rejectRow("images/1/delta/full_stored_size", s("9000"), "wrong-type",
              "images[1].delta.full_stored_size");
    rejectRow("keys", QJsonArray(), "wrong-type", "keys");
    rejectRow("keys/other", 1, "unknown-field", "keys.other");
    rejectRow("keys/add", repeatedText(limits::MaxRotationKeys + 1, s(Pem)), "too-many",
              "keys.add");
    rejectRow("keys/add/0", s("ssh-ed25519 AAAA"), "invalid-value", "keys.add[0]");
    rejectRow("keys/add/0", s(Pem).leftJustified(8193, u'A'), "too-long", "keys.add[0]");
    rejectRow("keys/revoke/0", s("zz"), "invalid-value", "keys.revoke[0]");
    rejectRow("keys/revoke", repeatedText(limits::MaxRotationKeys + 1, hex("k")), "too-many",
              "keys.revoke");
}

} // namespace

void TestManifest::rejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("inMessage");
    rejectsTopLevel();
    rejectsHardware();
    rejectsReleaseNotes();
    rejectsRequires();
    rejectsImageList();
    rejectsImageSizes();
    rejectsImageChunks();
    rejectsDeltaAndKeys();
    rejectsArtifacts();
}

void TestManifest::rejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, code);
    QFETCH(QString, inMessage);
    const auto m = Manifest::fromJson(json);
    QVERIFY(!m.ok());
    QCOMPARE(m.error().code, code);
    QVERIFY2(m.error().message.contains(inMessage), qPrintable(m.error().message));
}

void TestManifest::rejectsRaw_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("inMessage");
    const QByteArray valid = bytes(validObject());
    const auto row = [](const char *name, const QByteArray &json, const char *code,
                        const char *inMessage) {
        QTest::newRow(name) << json << QString(s("manifest.") + s(code)) << s(inMessage);
    };
    row("empty", {}, "not-json", "offset");
    row("truncated", valid.left(valid.size() - 1), "not-json", "offset");
    row("trailing garbage", valid + "x", "not-json", "offset");
    row("number out of range", replaced(valid, "\"free_space\":123", "\"free_space\":1e400"),
        "not-json", "offset");
    row("invalid UTF-8", replaced(valid, "Fixes.", "Fix\xff"), "not-json", "offset");
    row("array at top level", "[]", "wrong-type", "top level");
    // One spelling per manifest: no byte order mark, integers written as plain digits.
    row("UTF-8 byte order mark", "\xef\xbb\xbf" + valid, "not-json", "byte order mark");
    row("format 1.0", replaced(valid, R"("format":1)", R"("format":1.0)"), "invalid-value",
        "format");
    row("chunk size with a fraction",
        replaced(valid, R"("chunk_size":65536)", R"("chunk_size":65536.0)"), "invalid-value",
        "images[0].chunk_size");
    row("size with an exponent", replaced(valid, R"("size":196613)", R"("size":1.96613e5)"),
        "invalid-value", "images[0].size");
    row("free space with a capital exponent",
        replaced(valid, "\"free_space\":123", "\"free_space\":1.23E2"), "invalid-value",
        "requires.free_space");
    row("battery minus zero", replaced(valid, "\"battery\":30", "\"battery\":-0"), "invalid-value",
        "requires.battery: must be written as plain digits");
    row("2^53 + 1 is not taken for 2^53",
        replaced(valid, "\"free_space\":123", "\"free_space\":9007199254740993"), "invalid-value",
        "requires.free_space");
    row("duplicate top-level key",
        replaced(valid, R"("build":"2026-11-22.1")", R"("build":"x","build":"2026-11-22.1")"),
        "duplicate", "build");
    row("duplicate spelled with an escape",
        replaced(valid, "\"format\":1", R"("format":1,"form\u0061t":2)"), "duplicate", "format");
    row("duplicate language", replaced(valid, R"("en":"Fixes.")", R"("en":"Fixes.","en":"Other.")"),
        "duplicate", "release_notes.en");
    row("duplicate in a nested object",
        replaced(valid, R"("method":"zstd-patch")", R"("method":"zstd-patch", "method" :"bsdiff")"),
        "duplicate", "images[1].delta.method");
    row("duplicate size in the second image",
        replaced(valid, R"("slot_class":"appfs")", R"("slot_class":"appfs","size":0)"), "duplicate",
        "images[1].size");
}

void TestManifest::rejectsRaw()
{
    rejects();
}

void TestManifest::sizeLimit()
{
    QByteArray json = bytes(validObject());
    json += QByteArray(limits::ManifestMaxBytes - json.size(), ' ');
    QVERIFY(Manifest::fromJson(json).ok());
    json += ' ';
    const auto m = Manifest::fromJson(json);
    QVERIFY(!m.ok());
    QCOMPARE(m.error().code, s("manifest.too-large"));
    QVERIFY(m.error().message.contains(QString::number(limits::ManifestMaxBytes + 1)));
}

// MaxChunks + 1 entries cannot fit in ManifestMaxBytes (each needs two bytes), so the largest
// array that fits stands in: its count must be refused before any entry (all numbers) is read.
void TestManifest::hugeChunkListRejectedBeforeIteration()
{
    const QJsonArray zeros = repeated(500000, [](qsizetype) { return QJsonValue(0); });
    const QByteArray json = edited(s("images/0/chunk_sha256"), zeros);
    QVERIFY(json.size() <= limits::ManifestMaxBytes);
    const auto m = Manifest::fromJson(json);
    QVERIFY(!m.ok());
    QCOMPARE(m.error().code, s("manifest.size-mismatch"));
    QVERIFY2(m.error().message.contains(s("images[0].chunk_sha256: 500000 entries")),
             qPrintable(m.error().message));
}

QTEST_GUILESS_MAIN(TestManifest)
#include "tst_manifest.moc"
