// The checks of a bundle spec and the manifest fields it gives (bundlespec.h).
#include "bundle/bundlespec.h"

#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QSet>
#include <QStringDecoder>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::BundleWriter", text);
}

// The images' slot classes and the artifacts' repositories and names, each once.
Status checkPayloadsUnique(const BundleSpec &spec)
{
    QSet<QString> classes;
    for (const auto &image : spec.images) {
        if (classes.contains(image.slotClass)) {
            return createError(CreateError::Spec,
                               tr("The slot class \"%1\" is given twice.").arg(image.slotClass));
        }
        classes.insert(image.slotClass);
    }
    QSet<QString> artifacts;
    for (const auto &a : spec.artifacts) {
        const QString key = a.repository + QLatin1Char('/') + a.name;
        if (artifacts.contains(key)) {
            return createError(CreateError::Spec, tr("The artifact %1 is given twice.").arg(key));
        }
        artifacts.insert(key);
    }
    return Ok{};
}

// Names a device accepts, and the extension-release an extension image must bring.
Status checkArtifact(const BundleSpec::Artifact &a)
{
    if (!isAsciiName(a.repository, 1, 32, QLatin1String("_-"), true, true)) {
        return createError(CreateError::Spec,
                           tr("\"%1\" is not a repository name (a-z, 0-9, '_' and '-', at most "
                              "32 characters).")
                               .arg(displayString(a.repository)));
    }
    if (!isArtifactName(a.name)) {
        return createError(
            CreateError::Spec,
            tr("\"%1\" is not an artifact name (letters, digits, '.', '_' and '-', "
               "at most %2 characters, not ending in \".raw\").")
                .arg(displayString(a.name), QString::number(limits::MaxArtifactNameChars)));
    }
    if (!isArtifactVersion(a.version)) {
        return createError(
            CreateError::Spec,
            tr("\"%1\" is not an artifact version (letters, digits, '.', '+' and "
               "'-', at most %2 characters, not \"previous\").")
                .arg(displayString(a.version), QString::number(limits::MaxArtifactVersionChars)));
    }
    const bool image =
        a.type == ArtifactInfo::Type::Sysext || a.type == ArtifactInfo::Type::Confext;
    if (image && (!a.extensionRelease || a.extensionRelease->id.isEmpty())) {
        return createError(CreateError::Spec,
                           tr("The %1 image of %2/%3 has no extension-release file with an ID.")
                               .arg(ArtifactInfo::typeName(a.type), a.repository, a.name));
    }
    return Ok{};
}

} // namespace

Error createError(CreateError kind, const QString &message)
{
    return kind == CreateError::Io ? makeError(Error::Kind::Io, "create.io", message)
                                   : makeError(Error::Kind::Usage, "create.invalid-spec", message);
}

Status checkSpec(const BundleSpec &spec)
{
    if (spec.images.isEmpty() && spec.artifacts.isEmpty()) {
        return createError(CreateError::Spec, tr("A bundle needs at least one image or artifact."));
    }
    if (spec.signingKeys.isEmpty()) {
        return createError(CreateError::Spec, tr("A bundle needs a signing key."));
    }
    if (spec.level < limits::MinZstdLevel || spec.level > limits::MaxZstdLevel) {
        return createError(CreateError::Spec, tr("The compression level must be between %1 and %2.")
                                                  .arg(QString::number(limits::MinZstdLevel),
                                                       QString::number(limits::MaxZstdLevel)));
    }
    // Checked here too (the manifest check at the end would say so only after compressing).
    if (spec.chunkSize < limits::MinChunkSize || spec.chunkSize > limits::MaxChunkSize ||
        (spec.chunkSize & (spec.chunkSize - 1)) != 0) {
        return createError(CreateError::Spec,
                           tr("The chunk size must be a power of two from %1 to %2 bytes, not %3.")
                               .arg(QString::number(limits::MinChunkSize),
                                    QString::number(limits::MaxChunkSize),
                                    QString::number(spec.chunkSize)));
    }
    for (const auto &a : spec.artifacts) {
        if (Status s = checkArtifact(a); !s) {
            return s;
        }
    }
    return checkPayloadsUnique(spec);
}

namespace {

// The release notes of the spec, read from their files into the manifest.
Status readReleaseNotes(const BundleSpec &spec, Manifest &manifest)
{
    for (auto it = spec.notes.cbegin(); it != spec.notes.cend(); ++it) {
        QFile file(it.value());
        if (!file.open(QIODevice::ReadOnly)) {
            return createError(
                CreateError::Io,
                tr("Cannot read the notes \"%1\": %2.").arg(it.value(), file.errorString()));
        }
        const QByteArray text = file.read(limits::MaxReleaseNotesChars * 4 + 1);
        auto decoder = QStringDecoder(QStringDecoder::Utf8);
        const QString notes = decoder.decode(text);
        if (decoder.hasError() || notes.size() > limits::MaxReleaseNotesChars) {
            return createError(CreateError::Spec,
                               tr("The notes \"%1\" must be UTF-8 text of at most %2 characters.")
                                   .arg(it.value(), QString::number(limits::MaxReleaseNotesChars)));
        }
        manifest.releaseNotes.insert(it.key(), notes);
    }
    return Ok{};
}

} // namespace

Result<Manifest> manifestFromSpec(const BundleSpec &spec)
{
    Manifest manifest;
    manifest.compatible = spec.compatible;
    auto version = SemVer::parse(spec.version);
    if (!version) {
        return createError(CreateError::Spec, version.error().message);
    }
    manifest.version = *version;
    if (!spec.minVersion.isEmpty()) {
        auto minVersion = SemVer::parse(spec.minVersion);
        if (!minVersion) {
            return createError(CreateError::Spec, minVersion.error().message);
        }
        manifest.minVersion = *minVersion;
    }
    manifest.created = QDateTime::currentDateTimeUtc();
    manifest.created.setTime(QTime(manifest.created.time().hour(), manifest.created.time().minute(),
                                   manifest.created.time().second()));
    manifest.build = spec.build.isEmpty() ? manifest.created.toString(Qt::ISODate) : spec.build;
    manifest.hardware = spec.hardware;
    manifest.keys = spec.keys;
    manifest.requirements = spec.requirements;
    manifest.osRelease = spec.osRelease;
    if (Status s = readReleaseNotes(spec, manifest); !s) {
        return s.error();
    }
    return manifest;
}

} // namespace seesaw
