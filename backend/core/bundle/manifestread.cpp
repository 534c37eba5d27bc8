// Reading manifest.json (Manifest::fromJson): the limits on the whole text, then the manifest's
// top-level fields; images and artifacts are read in manifestobjects.cpp.
#include "base/hostilestring.h"
#include "base/jsontext.h"
#include "bundle/manifest.h"
#include "bundle/manifestobjects.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

namespace seesaw {

namespace {

constexpr quint64 MaxJsonInteger = json::MaxExactInteger;
constexpr qsizetype MaxPemChars = 8192;

} // namespace

using json::child;
using json::element;
using json::Node;

Result<Manifest> ManifestParser::run(const QJsonObject &root)
{
    Manifest m;
    if (!manifest(Node{root, QString()}, m)) {
        return error();
    }
    return m;
}

bool ManifestParser::manifest(const Node &root, Manifest &m)
{
    // Format first: a newer format may well have fields this version does not know.
    if (!format(child(root, "format"), m)) {
        return false;
    }
    if (!object(root,
                {"format", "compatible", "version", "build", "created", "min_version", "hardware",
                 "release_notes", "requires", "images", "artifacts", "os_release", "keys"}) ||
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
    if (!images(child(root, "images"), m) || !artifacts(child(root, "artifacts"), m)) {
        return false;
    }
    if (m.images.isEmpty() && m.artifacts.isEmpty()) {
        return fail("manifest.missing-field",
                    tr("%1: required field is missing (a bundle carries at least one image or "
                       "artifact)")
                        .arg(child(root, "images").path));
    }
    if (const Node n = child(root, "os_release"); n.present()) {
        ReleaseFields fields;
        if (!releaseFields(n, fields)) {
            return false;
        }
        m.osRelease = fields;
    }

    const Node keys = child(root, "keys");
    return !keys.present() || keyUpdate(keys, m.keys);
}

bool ManifestParser::format(const Node &n, Manifest &m)
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
bool ManifestParser::hardware(const Node &n, QStringList &out)
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

bool ManifestParser::requirements(const Node &n, Requirements &out)
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

bool ManifestParser::keyUpdate(const Node &n, KeyUpdate &out)
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
    return ManifestParser(std::move(scan.unplainNumbers), limits::MaxShortString).run(doc.object());
}

} // namespace seesaw
