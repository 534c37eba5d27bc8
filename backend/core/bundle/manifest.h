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
    QList<ImageInfo> images;
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
    bool operator==(const Manifest & /*other*/) const;
};

} // namespace seesaw
