// What a bundle is made of (bundlewriter.h): the images and artifacts, the manifest's fields
// and the signing keys, and the checks of all of it that need no payload read.
#pragma once

#include "base/result.h"
#include "bundle/manifest.h"
#include "trust/crypto.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace seesaw {

namespace limits {
constexpr int MinZstdLevel = 1;
constexpr int MaxZstdLevel = 19;
} // namespace limits

struct BundleSpec {
    struct Image {
        Image() = default;
        Image(QString cls, QString file, QString base = {})
            : slotClass(std::move(cls)), path(std::move(file)), basePath(std::move(base))
        {}
        QString slotClass;
        QString path;
        // A delta image: compressed against this base image (the old version's image), which a
        // device must have in its booted slot to install it.
        QString basePath;
        quint64 fullStoredSize = 0; // of this image in the full bundle, when known
    };
    QString compatible;
    QString version; // SemVer
    QString build;   // free text; defaults to the creation time
    QString minVersion;
    QString baseVersion; // the version whose images are the bases of delta images
    QStringList hardware;
    // A layer for an artifact repository of the device (docs/artifacts.md).
    struct Artifact {
        QString repository;
        QString name;
        QString version;
        ArtifactInfo::Type type = ArtifactInfo::Type::Files;
        QString path; // the file; a tree: its tar stream
        // Sysext and confext: the image's extension-release file, as read from it.
        std::optional<ReleaseFields> extensionRelease;
        quint64 unpackedSize = 0; // a tree: the bytes of its files
    };
    QList<Image> images;
    QList<Artifact> artifacts;
    std::optional<ReleaseFields> osRelease; // of the OS the images hold
    QMap<QString, QString>
        notes;                 // language -> text file; signed in the manifest and copied to notes/
    KeyUpdate keys;            // key rotation carried by this bundle
    Requirements requirements; // free space, battery level
    QList<PrivateKey> signingKeys;
    int level = 3;   // zstd level 1..19
    int threads = 0; // zstd workers; 0 = one per CPU
    quint32 chunkSize = limits::DefaultChunkSize;
};

// The errors of making a bundle: "create.io" (a file could not be read or written) and
// "create.invalid-spec" (what was asked for is not a bundle a device accepts).
enum class CreateError { Io, Spec };
Error createError(CreateError kind, const QString &message);

// What the spec asks for within the limits a device accepts, before anything is read: at least
// one image or artifact, a key, the level and chunk size, every slot class and artifact once,
// artifact names. Error code "create.invalid-spec".
Status checkSpec(const BundleSpec &spec);

// The manifest as far as the spec says it: everything but the payloads. Error codes
// "create.invalid-spec", "create.io" (a release notes file).
Result<Manifest> manifestFromSpec(const BundleSpec &spec);

} // namespace seesaw
