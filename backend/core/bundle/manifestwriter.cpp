// Manifest serialisation: compact JSON with members in a fixed order, so the bytes a build
// host signs are reproducible and fromJson(toJson(m)) == m.
#include "base/hostilestring.h"
#include "bundle/manifest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <utility>

namespace seesaw {

namespace {

QString isoUtc(const QDateTime &time)
{
    const QDateTime utc = time.toUTC();
    return utc.toString(utc.time().msec() != 0 ? Qt::ISODateWithMs : Qt::ISODate);
}

// toJson() builds compact JSON from pieces because QJsonObject would sort the members.
// Strings use Qt's own escaping: UTF-8 as is, control characters and lone surrogates as \uXXXX.
QByteArray quoted(const QString &s)
{
    const QByteArray array = QJsonDocument(QJsonArray{s}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QByteArray hexString(const QByteArray &raw)
{
    return '"' + raw.toHex() + '"';
}
QByteArray member(const char *key, const QByteArray &json)
{
    return '"' + QByteArray(key) + "\":" + json;
}
QByteArray jsonObject(const QByteArrayList &members)
{
    return '{' + members.join(',') + '}';
}
QByteArray jsonArray(const QByteArrayList &items)
{
    return '[' + items.join(',') + ']';
}

template <typename List, typename F> QByteArrayList each(const List &list, F toJson)
{
    QByteArrayList out;
    out.reserve(list.size());
    for (const auto &item : list) {
        out.append(toJson(item));
    }
    return out;
}

// file, sizes, digests and chunks of an image or an artifact
QByteArrayList payloadMembers(const ImageInfo &img)
{
    return {member("file", quoted(img.file)),
            member("size", QByteArray::number(img.size)),
            member("sha256", hexString(img.sha256)),
            member("stored_size", QByteArray::number(img.storedSize)),
            member("stored_sha256", hexString(img.storedSha256)),
            member("chunk_size", QByteArray::number(img.chunkSize)),
            member("chunk_sha256", jsonArray(each(img.chunkSha256, hexString)))};
}

QByteArray releaseJson(const ReleaseFields &fields)
{
    QByteArrayList members;
    for (const auto &[key, value] :
         {std::pair{"id", &fields.id}, std::pair{"version_id", &fields.versionId},
          std::pair{"sysext_level", &fields.sysextLevel},
          std::pair{"confext_level", &fields.confextLevel},
          std::pair{"architecture", &fields.architecture}}) {
        if (!value->isEmpty()) {
            members.append(member(key, quoted(*value)));
        }
    }
    return jsonObject(members);
}

QByteArray artifactJson(const ArtifactInfo &a)
{
    QByteArrayList members{member("repository", quoted(a.repository)),
                           member("name", quoted(a.name)), member("version", quoted(a.version)),
                           member("type", quoted(ArtifactInfo::typeName(a.type)))};
    if (a.extensionRelease) {
        members.append(member("extension_release", releaseJson(*a.extensionRelease)));
    }
    if (a.type == ArtifactInfo::Type::Tree) {
        members.append(member("unpacked_size", QByteArray::number(a.unpackedSize)));
    }
    return jsonObject(members + payloadMembers(a.payload));
}

QByteArray imageJson(const ImageInfo &img)
{
    QByteArrayList members =
        QByteArrayList{member("slot_class", quoted(img.slotClass))} + payloadMembers(img);
    if (img.delta) {
        QByteArrayList delta{member("method", quoted(img.delta->method)),
                             member("base_sha256", hexString(img.delta->baseSha256)),
                             member("base_size", QByteArray::number(img.delta->baseSize)),
                             member("base_version", quoted(img.delta->baseVersion.toString()))};
        if (img.delta->fullStoredSize) {
            delta.append(
                member("full_stored_size", QByteArray::number(*img.delta->fullStoredSize)));
        }
        members.append(member("delta", jsonObject(delta)));
    }
    return jsonObject(members);
}

} // namespace

QByteArray Manifest::toJson() const
{
    QByteArrayList members{
        member("format", QByteArray::number(format)), member("compatible", quoted(compatible)),
        member("version", quoted(version.toString())), member("build", quoted(build)),
        member("created", quoted(isoUtc(created)))};
    if (minVersion) {
        members.append(member("min_version", quoted(minVersion->toString())));
    }
    if (!hardware.isEmpty()) {
        members.append(member("hardware", jsonArray(each(hardware, quoted))));
    }
    if (!releaseNotes.isEmpty()) {
        QByteArrayList notes;
        for (auto it = releaseNotes.begin(); it != releaseNotes.end(); ++it) {
            notes.append(quoted(it.key()) + ':' + quoted(it.value()));
        }
        members.append(member("release_notes", jsonObject(notes)));
    }
    QByteArrayList needs;
    if (requirements.freeSpaceBytes) {
        needs.append(member("free_space", QByteArray::number(*requirements.freeSpaceBytes)));
    }
    if (requirements.batteryPercent) {
        needs.append(member("battery", QByteArray::number(*requirements.batteryPercent)));
    }
    if (!needs.isEmpty()) {
        members.append(member("requires", jsonObject(needs)));
    }
    if (!images.isEmpty()) {
        members.append(member("images", jsonArray(each(images, imageJson))));
    }
    if (!artifacts.isEmpty()) {
        members.append(member("artifacts", jsonArray(each(artifacts, artifactJson))));
    }
    if (osRelease) {
        members.append(member("os_release", releaseJson(*osRelease)));
    }
    QByteArrayList keyChanges;
    if (!keys.addPem.isEmpty()) {
        const auto pem = [](const QByteArray &key) { return quoted(QString::fromUtf8(key)); };
        keyChanges.append(member("add", jsonArray(each(keys.addPem, pem))));
    }
    if (!keys.revokeKeyIds.isEmpty()) {
        keyChanges.append(member("revoke", jsonArray(each(keys.revokeKeyIds, hexString))));
    }
    if (!keyChanges.isEmpty()) {
        members.append(member("keys", jsonObject(keyChanges)));
    }
    return jsonObject(members);
}

} // namespace seesaw
