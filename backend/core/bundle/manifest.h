// manifest.json: the signed contract of a bundle (format 1). Parsing is strict: every field
// is type-checked and bounded, unknown fields are refused, and the first problem is reported
// with the JSON path it concerns.
#pragma once

#include "base/result.h"
#include "base/semver.h"
#include "trust/keyring.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>
#include <optional>

namespace seesaw {

namespace limits {
constexpr qsizetype ManifestMaxBytes = qsizetype(1024) * 1024;
constexpr quint64 MaxBundleBytes = quint64(1) << 40; // 1 TiB, a whole bundle file
constexpr qsizetype MaxImages = 16;
constexpr qsizetype MaxArtifacts = 64;
constexpr qsizetype MaxArtifactNameChars = 64;
constexpr qsizetype MaxArtifactVersionChars = 64;
constexpr qsizetype MaxHardware = 64;
constexpr qsizetype MaxReleaseNotesLanguages = 32;
constexpr qsizetype MaxReleaseNotesChars = qsizetype(64) * 1024;
constexpr qsizetype MaxShortString =
    128; // compatible, build, hardware ids, slot classes, file names
constexpr qsizetype MaxChunks = 1 << 20;
constexpr quint32 MinChunkSize = 64 * 1024;
// An install holds four chunks in flight beside the 16 MiB zstd window and its read blocks,
// about 40 MiB + 4 chunks: 4 MiB chunks peak at ~55 MiB, within the 64 MiB an install may use
// (8 MiB: ~71 MiB, 64 MiB: ~295 MiB).
constexpr quint32 MaxChunkSize = 4 * 1024 * 1024;
constexpr quint32 DefaultChunkSize = 4 * 1024 * 1024;
} // namespace limits

// An image stored as a delta (docs/delta-updates.md): the payload is one zstd frame per chunk,
// each compressed with the base image as its reference prefix (bundle/deltawindow.h), so only
// a device whose booted slot holds the base, byte for byte, can rebuild the image.
struct DeltaInfo {
    static constexpr const char *ZstdPatch = "zstd-patch"; // the one method there is
    QString method;
    QByteArray baseSha256; // raw 32 bytes, of the base image's first baseSize bytes
    quint64 baseSize = 0;  // bytes of the base image
    SemVer baseVersion;    // the version whose image is the base, for the operator
    // Bytes the same image takes in the full bundle, when the delta was made from one: what an
    // operator is told the delta saves.
    std::optional<quint64> fullStoredSize;
    bool operator==(const DeltaInfo &) const = default;
};

struct ImageInfo {
    QString slotClass;                            // [a-z0-9][a-z0-9_-]{0,31}
    QString file;                                 // "images/<slotClass>.zst"
    quint64 size = 0;                             // decompressed bytes
    QByteArray sha256;                            // raw 32 bytes, of the decompressed image
    quint64 storedSize = 0;                       // bytes of the zstd payload in the archive
    QByteArray storedSha256;                      // raw 32 bytes, of the stored payload
    quint32 chunkSize = limits::DefaultChunkSize; // power of two in [MinChunkSize, MaxChunkSize]
    QList<QByteArray> chunkSha256; // raw 32 bytes each, ceil(size / chunkSize) entries
    std::optional<DeltaInfo> delta;

    [[nodiscard]] quint64 expectedChunkCount() const
    {
        return chunkSize != 0U ? (size + chunkSize - 1) / chunkSize : 0;
    }
    bool operator==(const ImageInfo &) const = default;
};

// The os-release(5) fields that decide whether a system or configuration extension fits the
// system it is merged into (systemd-sysext(8)): what a bundle's OS declares about itself
// (Manifest::osRelease), or what an extension image's extension-release file asks of the OS.
// Values are single-line text of at most MaxShortString characters; empty: not set.
struct ReleaseFields {
    QString id;           // ID
    QString versionId;    // VERSION_ID
    QString sysextLevel;  // SYSEXT_LEVEL
    QString confextLevel; // CONFEXT_LEVEL
    QString architecture; // ARCHITECTURE
    bool operator==(const ReleaseFields &) const = default;
};

// A layer the bundle carries for an artifact repository of the device ([artifacts.NAME] in
// system.conf, docs/artifacts.md), installed beside the slots without a reboot. Its payload is
// stored, chunked and verified exactly like an image's.
struct ArtifactInfo {
    enum class Type { Sysext, Confext, Files, Tree };
    QString repository;      // [artifacts.NAME]: [a-z0-9][a-z0-9_-]{0,31}
    QString name;            // the entry in the repository (isArtifactName)
    QString version;         // isArtifactVersion
    Type type = Type::Files; // the repository's type= must be the same
    // Sysext and confext: the image's extension-release.NAME, as the bundle's maker read it.
    std::optional<ReleaseFields> extensionRelease;
    quint64 unpackedSize = 0; // tree: the bytes of the files in the tar stream; else 0
    // file "artifacts/REPOSITORY/NAME.zst", sizes, digests and the chunk list; slotClass empty,
    // never a delta.
    ImageInfo payload;

    // A system or configuration extension: an image with an extension-release.
    [[nodiscard]] bool isExtensionImage() const
    {
        return type == Type::Sysext || type == Type::Confext;
    }
    // The bytes it takes once installed: a tree's files, else the payload itself.
    [[nodiscard]] quint64 installedBytes() const
    {
        return type == Type::Tree ? unpackedSize : payload.size;
    }
    static QString typeName(Type type); // "sysext", "confext", "files", "tree"
    static std::optional<Type> typeFromName(const QString &name);
    bool operator==(const ArtifactInfo &) const = default;
};

// [A-Za-z0-9][A-Za-z0-9._-]{0,63}, not ending in ".raw" (an extension image's link gets it).
bool isArtifactName(const QString &name);
// [A-Za-z0-9][A-Za-z0-9.+-]{0,63}, never "previous" (the name of an entry's rollback link).
bool isArtifactVersion(const QString &version);

struct Requirements {
    std::optional<quint64> freeSpaceBytes; // in the data directory
    std::optional<int> batteryPercent;     // 0..100, when running on battery
    bool operator==(const Requirements &) const = default;
};

struct Manifest {
    static constexpr int CurrentFormat = 1;

    int format = CurrentFormat;
    QString compatible;
    SemVer version;
    QString build;
    QDateTime created; // UTC
    std::optional<SemVer> minVersion;
    QStringList hardware;
    QMap<QString, QString> releaseNotes; // language tag ("en", "de", "zh-CN") -> plain text
    Requirements requirements;           // JSON "requires"
    QList<ImageInfo> images;             // none in a bundle that carries only artifacts
    QList<ArtifactInfo> artifacts;       // JSON "artifacts"
    // JSON "os_release": the release fields of the OS the images hold, which the artifacts
    // installed on the device must match after the update.
    std::optional<ReleaseFields> osRelease;
    KeyUpdate keys;

    // Error codes: "manifest.too-large", "manifest.not-json", "manifest.format",
    // "manifest.missing-field", "manifest.wrong-type", "manifest.unknown-field",
    // "manifest.invalid-value", "manifest.too-long", "manifest.too-many",
    // "manifest.size-mismatch", "manifest.duplicate". Messages name the JSON path, e.g.
    // "images[0].chunk_sha256[3]".
    static Result<Manifest> fromJson(const QByteArray &json);

    // Compact UTF-8 JSON with keys in a fixed order; fromJson(toJson()) == *this.
    [[nodiscard]] QByteArray toJson() const;

    [[nodiscard]] const ImageInfo *image(const QString &slotClass) const;
    // Every stored payload: the images, then the artifacts'.
    [[nodiscard]] QList<const ImageInfo *> payloads() const;
    [[nodiscard]] const ArtifactInfo *artifact(const QString &repository,
                                               const QString &name) const;
    bool operator==(const Manifest & /*other*/) const;
};

} // namespace seesaw
