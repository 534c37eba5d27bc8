// The objects of manifest.json that describe payloads: slot images and artifacts.
#include "bundle/manifestobjects.h"

#include "base/hostilestring.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QSet>
#include <array>
#include <utility>

namespace seesaw {

namespace {

constexpr quint64 MaxJsonInteger = json::MaxExactInteger;
constexpr qsizetype MaxSlotClassChars = 32;
constexpr qsizetype MaxRepositoryChars = 32;

// [a-z0-9][a-z0-9_-]{0,31}
bool isSlotClass(const QString &s)
{
    return isAsciiName(s, 1, MaxSlotClassChars, QLatin1String("_-"), true, true);
}

constexpr std::array<std::pair<ArtifactInfo::Type, const char *>, 4> TypeNames{{
    {ArtifactInfo::Type::Sysext, "sysext"},
    {ArtifactInfo::Type::Confext, "confext"},
    {ArtifactInfo::Type::Files, "files"},
    {ArtifactInfo::Type::Tree, "tree"},
}};

} // namespace

using json::child;
using json::element;
using json::Node;

bool isArtifactName(const QString &name)
{
    return isAsciiName(name, 1, limits::MaxArtifactNameChars, QLatin1String("._-"), false, true) &&
           !name.endsWith(QLatin1String(".raw"));
}

bool isArtifactVersion(const QString &version)
{
    return isAsciiName(version, 1, limits::MaxArtifactVersionChars, QLatin1String(".-+"), false,
                       true) &&
           version != QLatin1String("previous");
}

QString ArtifactInfo::typeName(Type type)
{
    for (const auto &[t, name] : TypeNames) {
        if (t == type) {
            return QLatin1String(name);
        }
    }
    return {};
}

std::optional<ArtifactInfo::Type> ArtifactInfo::typeFromName(const QString &name)
{
    for (const auto &[t, text] : TypeNames) {
        if (name == QLatin1String(text)) {
            return t;
        }
    }
    return std::nullopt;
}

// None (a bundle of artifacts only), or at least one and one per slot class.
bool ManifestParser::images(const Node &n, Manifest &m)
{
    QJsonArray items;
    if (!n.present()) {
        return true;
    }
    if (!array(n, limits::MaxImages, items)) {
        return false;
    }
    if (items.isEmpty()) {
        return fail("manifest.invalid-value",
                    tr("%1: at least one image when present").arg(n.path));
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

bool ManifestParser::image(const Node &n, ImageInfo &img)
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

    if (!payload(n, img)) {
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

// An empty image would install nothing, yet switch the boot loader to its slot; an empty
// artifact would replace a layer with nothing.
bool ManifestParser::payload(const Node &n, ImageInfo &img)
{
    const Node storedSize = child(n, "stored_size");
    const Node size = child(n, "size");
    if (!integer(size, MaxJsonInteger, img.size) || !hash(child(n, "sha256"), img.sha256) ||
        !integer(storedSize, MaxJsonInteger, img.storedSize)) {
        return false;
    }
    if (img.size == 0) {
        return fail("manifest.invalid-value", tr("%1: must be at least 1").arg(size.path));
    }
    if (img.storedSize == 0) {
        return fail("manifest.invalid-value", tr("%1: must be at least 1").arg(storedSize.path));
    }
    return hash(child(n, "stored_sha256"), img.storedSha256) && chunks(n, img);
}

// The base a delta image needs: every field is required, so a delta always names its base.
bool ManifestParser::deltaInfo(const Node &n, DeltaInfo &info)
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

bool ManifestParser::chunks(const Node &n, ImageInfo &img)
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

// None, or at least one, each (repository, name) once.
bool ManifestParser::artifacts(const Node &n, Manifest &m)
{
    QJsonArray items;
    if (!n.present()) {
        return true;
    }
    if (!array(n, limits::MaxArtifacts, items)) {
        return false;
    }
    if (items.isEmpty()) {
        return fail("manifest.invalid-value",
                    tr("%1: at least one artifact when present").arg(n.path));
    }
    for (qsizetype i = 0; i < items.size(); ++i) {
        const Node item = element(n, items, i);
        ArtifactInfo a;
        if (!artifact(item, a)) {
            return false;
        }
        if (m.artifact(a.repository, a.name) != nullptr) {
            return fail("manifest.duplicate",
                        tr(R"(%1: artifact "%2" of repository "%3" appears more than once)")
                            .arg(item.path, a.name, a.repository));
        }
        m.artifacts.append(a);
    }
    return true;
}

bool ManifestParser::artifact(const Node &n, ArtifactInfo &a)
{
    if (!object(n, {"repository", "name", "version", "type", "extension_release", "unpacked_size",
                    "file", "size", "sha256", "stored_size", "stored_sha256", "chunk_size",
                    "chunk_sha256"}) ||
        !artifactNames(n, a)) {
        return false;
    }
    const Node file = child(n, "file");
    if (!string(file, limits::MaxShortString, a.payload.file)) {
        return false;
    }
    const QString expectedFile = QStringLiteral("artifacts/%1/%2.zst").arg(a.repository, a.name);
    if (a.payload.file != expectedFile) {
        return fail("manifest.invalid-value",
                    tr("%1: must be \"%2\"").arg(file.path, expectedFile));
    }
    if (!payload(n, a.payload)) {
        return false;
    }

    const bool image =
        a.type == ArtifactInfo::Type::Sysext || a.type == ArtifactInfo::Type::Confext;
    const Node release = child(n, "extension_release");
    if (image != release.present()) {
        return fail(image ? "manifest.missing-field" : "manifest.unknown-field",
                    image ? tr("%1: an extension image needs it").arg(release.path)
                          : tr("%1: only extension images have one").arg(release.path));
    }
    if (image) {
        ReleaseFields fields;
        if (!releaseFields(release, fields)) {
            return false;
        }
        if (fields.id.isEmpty()) {
            return fail("manifest.missing-field",
                        tr("%1: required field is missing").arg(child(release, "id").path));
        }
        a.extensionRelease = fields;
    }
    const Node unpacked = child(n, "unpacked_size");
    if ((a.type == ArtifactInfo::Type::Tree) != unpacked.present()) {
        return fail(unpacked.present() ? "manifest.unknown-field" : "manifest.missing-field",
                    unpacked.present() ? tr("%1: only a tree has one").arg(unpacked.path)
                                       : tr("%1: a tree needs it").arg(unpacked.path));
    }
    return !unpacked.present() || integer(unpacked, MaxJsonInteger, a.unpackedSize);
}

bool ManifestParser::artifactNames(const Node &n, ArtifactInfo &a)
{
    const Node repository = child(n, "repository");
    const Node name = child(n, "name");
    const Node version = child(n, "version");
    const Node type = child(n, "type");
    QString typeText;
    if (!string(repository, limits::MaxShortString, a.repository) ||
        !string(name, limits::MaxShortString, a.name) ||
        !string(version, limits::MaxShortString, a.version) ||
        !string(type, limits::MaxShortString, typeText)) {
        return false;
    }
    if (!isAsciiName(a.repository, 1, MaxRepositoryChars, QLatin1String("_-"), true, true)) {
        return fail("manifest.invalid-value",
                    tr("%1: not a repository name (a-z, 0-9, '_' and '-', at most 32 characters)")
                        .arg(repository.path));
    }
    if (!isArtifactName(a.name)) {
        return fail("manifest.invalid-value",
                    tr("%1: not an artifact name (letters, digits, '.', '_' and '-', at most %2 "
                       "characters, not ending in \".raw\")")
                        .arg(name.path, QString::number(limits::MaxArtifactNameChars)));
    }
    if (!isArtifactVersion(a.version)) {
        return fail("manifest.invalid-value",
                    tr("%1: not an artifact version (letters, digits, '.', '+' and '-', at most %2 "
                       "characters, not \"previous\")")
                        .arg(version.path, QString::number(limits::MaxArtifactVersionChars)));
    }
    const auto parsed = ArtifactInfo::typeFromName(typeText);
    if (!parsed) {
        return fail("manifest.invalid-value",
                    tr(R"(%1: must be "sysext", "confext", "files" or "tree")").arg(type.path));
    }
    a.type = *parsed;
    return true;
}

// Each field optional, single-line text; at least one present.
bool ManifestParser::releaseFields(const Node &n, ReleaseFields &out)
{
    if (!object(n, {"id", "version_id", "sysext_level", "confext_level", "architecture"})) {
        return false;
    }
    const std::pair<const char *, QString *> fields[] = {
        {"id", &out.id},
        {"version_id", &out.versionId},
        {"sysext_level", &out.sysextLevel},
        {"confext_level", &out.confextLevel},
        {"architecture", &out.architecture},
    };
    for (const auto &[key, value] : fields) {
        if (const Node field = child(n, key); field.present() && !label(field, *value)) {
            return false;
        }
    }
    if (out == ReleaseFields{}) {
        return fail("manifest.invalid-value", tr("%1: must not be empty").arg(n.path));
    }
    return true;
}

} // namespace seesaw
