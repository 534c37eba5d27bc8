#include "bundle/manifest.h"

#include "base/hostilestring.h"
#include "base/jsontext.h"
#include "bundle/manifestparser.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <algorithm>

namespace seesaw {

namespace {

constexpr quint64 MaxJsonInteger = json::MaxExactInteger;
constexpr qsizetype MaxPemChars = 8192;
constexpr qsizetype MaxSlotClassChars = 32;

// [a-z0-9][a-z0-9_-]{0,31}
bool isSlotClass(const QString &s)
{
    return isAsciiName(s, 1, MaxSlotClassChars, QLatin1String("_-"), true, true);
}

using json::child;
using json::element;
using json::Node;

class Parser : public ManifestFieldReader {
    Q_DECLARE_TR_FUNCTIONS(seesaw::Manifest)

public:
    using ManifestFieldReader::ManifestFieldReader;

    Result<Manifest> run(const QJsonObject &root)
    {
        Manifest m;
        if (!manifest(Node{root, QString()}, m)) {
            return error();
        }
        return m;
    }

private:
    bool manifest(const Node &root, Manifest &m);
    bool format(const Node &n, Manifest &m);
    bool hardware(const Node &n, QStringList &out);
    bool images(const Node &n, Manifest &m);
    bool image(const Node &n, ImageInfo &img);
    bool chunks(const Node &n, ImageInfo &img);
    bool deltaInfo(const Node &n, DeltaInfo &info);
    bool requirements(const Node &n, Requirements &out);
    bool keyUpdate(const Node &n, KeyUpdate &out);
};

bool Parser::manifest(const Node &root, Manifest &m)
{
    // Format first: a newer format may well have fields this version does not know.
    if (!format(child(root, "format"), m)) {
        return false;
    }
    if (!object(root, {"format", "compatible", "version", "build", "created", "min_version",
                       "hardware", "release_notes", "requires", "images", "keys"}) ||
        !label(child(root, "compatible"), m.compatible) ||
        !version(child(root, "version"), m.version) || !label(child(root, "build"), m.build) ||
        !timestamp(child(root, "created"), m.created)) {
        return false;
    }

    if (const Node n = child(root, "min_version"); n.present()) {
        SemVer min;
        if (!version(n, min)) {
            return false;
        }
        m.minVersion = min;
    }
    if (const Node n = child(root, "hardware"); n.present() && !hardware(n, m.hardware)) {
        return false;
    }
    if (const Node n = child(root, "release_notes");
        n.present() && !releaseNotes(n, limits::MaxReleaseNotesLanguages,
                                     limits::MaxReleaseNotesChars, m.releaseNotes)) {
        return false;
    }
    if (const Node n = child(root, "requires"); n.present() && !requirements(n, m.requirements)) {
        return false;
    }
    if (!images(child(root, "images"), m)) {
        return false;
    }

    const Node keys = child(root, "keys");
    return !keys.present() || keyUpdate(keys, m.keys);
}

bool Parser::format(const Node &n, Manifest &m)
{
    if (!expect(n, JsonType::Number)) {
        return false;
    }
    if (const double f = n.value.toDouble(); f != Manifest::CurrentFormat) {
        return fail("manifest.format",
                    tr("Unsupported bundle format %1 (this Seesaw reads format %2)")
                        .arg(QString::number(f), QString::number(Manifest::CurrentFormat)));
    }
    if (!plainNumber(n)) {
        return false;
    }
    m.format = Manifest::CurrentFormat;
    return true;
}

// The hardware revisions, each once.
bool Parser::hardware(const Node &n, QStringList &out)
{
    QJsonArray items;
    if (!array(n, limits::MaxHardware, items)) {
        return false;
    }
    for (qsizetype i = 0; i < items.size(); ++i) {
        const Node item = element(n, items, i);
        QString id;
        if (!label(item, id)) {
            return false;
        }
        if (out.contains(id)) {
            return fail("manifest.duplicate",
                        tr("%1: \"%2\" appears more than once").arg(item.path, displayString(id)));
        }
        out.append(id);
    }
    return true;
}

// At least one image, and one per slot class.
bool Parser::images(const Node &n, Manifest &m)
{
    QJsonArray items;
    if (!array(n, limits::MaxImages, items)) {
        return false;
    }
    if (items.isEmpty()) {
        return fail("manifest.invalid-value", tr("%1: at least one image is required").arg(n.path));
    }
    for (qsizetype i = 0; i < items.size(); ++i) {
        const Node item = element(n, items, i);
        ImageInfo img;
        if (!image(item, img)) {
            return false;
        }
        if (m.image(img.slotClass) != nullptr) {
            return fail("manifest.duplicate",
                        tr("%1: slot class \"%2\" appears more than once")
                            .arg(child(item, "slot_class").path, img.slotClass));
        }
        m.images.append(img);
    }
    return true;
}

bool Parser::image(const Node &n, ImageInfo &img)
{
    if (!object(n, {"slot_class", "file", "size", "sha256", "stored_size", "stored_sha256",
                    "chunk_size", "chunk_sha256", "delta"})) {
        return false;
    }
    const Node slotClass = child(n, "slot_class");
    if (!string(slotClass, limits::MaxShortString, img.slotClass)) {
        return false;
    }
    if (!isSlotClass(img.slotClass)) {
        return fail("manifest.invalid-value",
                    tr("%1: not a slot class (a-z, 0-9, '_' and '-', at most 32 characters)")
                        .arg(slotClass.path));
    }
    const Node file = child(n, "file");
    if (!string(file, limits::MaxShortString, img.file)) {
        return false;
    }
    const QString expectedFile = QLatin1String("images/") + img.slotClass + QLatin1String(".zst");
    if (img.file != expectedFile) {
        return fail("manifest.invalid-value",
                    tr("%1: must be \"%2\"").arg(file.path, expectedFile));
    }

    const Node storedSize = child(n, "stored_size");
    const Node size = child(n, "size");
    if (!integer(size, MaxJsonInteger, img.size) || !hash(child(n, "sha256"), img.sha256) ||
        !integer(storedSize, MaxJsonInteger, img.storedSize)) {
        return false;
    }
    // An empty image would install nothing, yet switch the boot loader to its slot.
    if (img.size == 0) {
        return fail("manifest.invalid-value", tr("%1: must be at least 1").arg(size.path));
    }
    if (img.storedSize == 0) {
        return fail("manifest.invalid-value", tr("%1: must be at least 1").arg(storedSize.path));
    }
    if (!hash(child(n, "stored_sha256"), img.storedSha256) || !chunks(n, img)) {
        return false;
    }

    if (const Node delta = child(n, "delta"); delta.present()) {
        DeltaInfo info;
        if (!deltaInfo(delta, info)) {
            return false;
        }
        img.delta = info;
    }
    return true;
}

// The base a delta image needs: every field is required, so a delta always names its base.
bool Parser::deltaInfo(const Node &n, DeltaInfo &info)
{
    const Node method = child(n, "method");
    const Node baseSize = child(n, "base_size");
    if (!object(n, {"method", "base_sha256", "base_size", "base_version", "full_stored_size"}) ||
        !label(method, info.method) || !hash(child(n, "base_sha256"), info.baseSha256) ||
        !integer(baseSize, MaxJsonInteger, info.baseSize) ||
        !version(child(n, "base_version"), info.baseVersion)) {
        return false;
    }
    if (const Node full = child(n, "full_stored_size"); full.present()) {
        quint64 size = 0;
        if (!integer(full, MaxJsonInteger, size)) {
            return false;
        }
        info.fullStoredSize = size;
    }
    if (info.method != QLatin1String(DeltaInfo::ZstdPatch)) {
        return fail(
            "manifest.invalid-value",
            tr(R"(%1: unknown delta method "%2" (this Seesaw applies "%3"))")
                .arg(method.path, displayString(info.method), QLatin1String(DeltaInfo::ZstdPatch)));
    }
    if (info.baseSize == 0) {
        return fail("manifest.invalid-value", tr("%1: must be at least 1").arg(baseSize.path));
    }
    return true;
}

bool Parser::chunks(const Node &n, ImageInfo &img)
{
    const Node chunkSize = child(n, "chunk_size");
    quint64 size = 0;
    if (!integer(chunkSize, MaxJsonInteger, size)) {
        return false;
    }
    if (size < limits::MinChunkSize || size > limits::MaxChunkSize || (size & (size - 1)) != 0) {
        return fail("manifest.invalid-value",
                    tr("%1: must be a power of two from %2 to %3 bytes (larger chunks would not "
                       "fit in the memory an install may use)")
                        .arg(chunkSize.path, QString::number(limits::MinChunkSize),
                             QString::number(limits::MaxChunkSize)));
    }
    img.chunkSize = quint32(size);

    // Counts are checked before a single entry is looked at, so a huge array costs nothing.
    const Node list = child(n, "chunk_sha256");
    QJsonArray items;
    if (!array(list, limits::MaxChunks, items)) {
        return false;
    }
    const quint64 expected = img.expectedChunkCount();
    if (expected > quint64(limits::MaxChunks)) {
        return fail("manifest.too-many",
                    tr("%1: an image of %2 bytes needs more than %3 chunks of %4 bytes")
                        .arg(child(n, "size").path, QString::number(img.size),
                             QString::number(limits::MaxChunks), QString::number(img.chunkSize)));
    }
    if (quint64(items.size()) != expected) {
        return fail("manifest.size-mismatch",
                    tr("%1: %2 entries, but %3 bytes in chunks of %4 bytes need %5")
                        .arg(list.path, QString::number(items.size()), QString::number(img.size),
                             QString::number(img.chunkSize), QString::number(expected)));
    }
    img.chunkSha256.reserve(items.size());
    for (qsizetype i = 0; i < items.size(); ++i) {
        QByteArray h;
        if (!hash(element(list, items, i), h)) {
            return false;
        }
        img.chunkSha256.append(h);
    }
    return true;
}

bool Parser::requirements(const Node &n, Requirements &out)
{
    if (!object(n, {"free_space", "battery"})) {
        return false;
    }
    quint64 value = 0;
    if (const Node space = child(n, "free_space"); space.present()) {
        if (!integer(space, MaxJsonInteger, value)) {
            return false;
        }
        out.freeSpaceBytes = value;
    }
    if (const Node battery = child(n, "battery"); battery.present()) {
        if (!integer(battery, 100, value)) {
            return false;
        }
        out.batteryPercent = int(value);
    }
    return true;
}

bool Parser::keyUpdate(const Node &n, KeyUpdate &out)
{
    if (!object(n, {"add", "revoke"})) {
        return false;
    }
    QJsonArray items;
    if (const Node add = child(n, "add"); add.present()) {
        if (!array(add, limits::MaxRotationKeys, items)) {
            return false;
        }
        for (qsizetype i = 0; i < items.size(); ++i) {
            const Node item = element(add, items, i);
            QString pem;
            if (!string(item, MaxPemChars, pem)) {
                return false;
            }
            // Only the shape here; the keyring parses and checks the key itself.
            if (!pem.startsWith(QLatin1String("-----BEGIN PUBLIC KEY-----"))) {
                return fail("manifest.invalid-value",
                            tr("%1: not a PEM public key").arg(item.path));
            }
            out.addPem.append(pem.toUtf8());
        }
    }
    if (const Node revoke = child(n, "revoke"); revoke.present()) {
        if (!array(revoke, limits::MaxRotationKeys, items)) {
            return false;
        }
        for (qsizetype i = 0; i < items.size(); ++i) {
            QByteArray id;
            if (!hash(element(revoke, items, i), id)) {
                return false;
            }
            out.revokeKeyIds.append(id);
        }
    }
    return true;
}

} // namespace

Result<Manifest> Manifest::fromJson(const QByteArray &json)
{
    if (json.size() > limits::ManifestMaxBytes) {
        return makeError(
            Error::Kind::Invalid, "manifest.too-large",
            QCoreApplication::translate("seesaw::Manifest",
                                        "The manifest has %1 bytes, more than %2")
                .arg(QString::number(json.size()), QString::number(limits::ManifestMaxBytes)));
    }
    // QJsonDocument skips a byte order mark; bundle create never writes one.
    if (json.startsWith("\xef\xbb\xbf")) {
        return makeError(Error::Kind::Invalid, "manifest.not-json",
                         QCoreApplication::translate(
                             "seesaw::Manifest",
                             "The manifest starts with a byte order mark; it must be plain UTF-8 "
                             "JSON without one"));
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return makeError(Error::Kind::Invalid, "manifest.not-json",
                         QCoreApplication::translate("seesaw::Manifest",
                                                     "The manifest is not JSON: %1 at offset %2")
                             .arg(parseError.errorString(), QString::number(parseError.offset)));
    }
    if (!doc.isObject()) {
        return makeError(
            Error::Kind::Invalid, "manifest.wrong-type",
            QCoreApplication::translate("seesaw::Manifest", "(top level): must be a JSON object"));
    }
    JsonTextScan scan = scanJsonText(json);
    if (!scan.repeatedKey.isEmpty()) {
        return makeError(
            Error::Kind::Invalid, "manifest.duplicate",
            QCoreApplication::translate("seesaw::Manifest", "%1: key appears more than once")
                .arg(scan.repeatedKey));
    }
    return Parser(std::move(scan.unplainNumbers), limits::MaxShortString).run(doc.object());
}

const ImageInfo *Manifest::image(const QString &slotClass) const
{
    const auto it = std::find_if(images.begin(), images.end(), [&slotClass](const ImageInfo &img) {
        return img.slotClass == slotClass;
    });
    return it == images.end() ? nullptr : &*it;
}

bool Manifest::operator==(const Manifest &other) const
{
    // SemVer's == follows precedence and ignores build metadata; a manifest's does not.
    const auto sameVersion = [](const SemVer &a, const SemVer &b) {
        return a == b && a.buildMetadata() == b.buildMetadata();
    };
    const bool sameMin = minVersion.has_value() == other.minVersion.has_value() &&
                         (!minVersion || sameVersion(*minVersion, *other.minVersion));
    const bool sameCreated =
        created.isValid() == other.created.isValid() &&
        (!created.isValid() || created.toMSecsSinceEpoch() == other.created.toMSecsSinceEpoch());
    return format == other.format && compatible == other.compatible &&
           sameVersion(version, other.version) && build == other.build && sameCreated && sameMin &&
           hardware == other.hardware && releaseNotes == other.releaseNotes &&
           requirements == other.requirements && images == other.images && keys == other.keys;
}

} // namespace seesaw
