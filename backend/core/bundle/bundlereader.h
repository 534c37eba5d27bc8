// Opening a bundle: the only path by which untrusted bundle bytes become trusted data.
//
// Order of operations (ARCHITECTURE.md, "Verification rules"): read the ZIP index with hard
// limits, read manifest.json and manifest.sig into memory, verify the signature over those
// exact bytes, and only then parse the manifest from the same buffer. Payloads are never read
// by open(); verifyPayloads() streams each one exactly once.
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"
#include "bundle/manifest.h"
#include "bundle/zipindex.h"
#include "trust/keyring.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <atomic>
#include <functional>
#include <optional>

namespace seesaw {

class BaseImage;

namespace limits {
constexpr qsizetype MaxNotesEntries = 64;
} // namespace limits

class BundleReader {
public:
    enum class Trust {
        Required,      // untrusted bundles are refused before the manifest is parsed
        ShowUntrusted, // parse anyway, for inspection on build hosts; verdict says untrusted
    };

    // notes/release-notes.LANG[.EXT]: a stored copy of the manifest's release notes in LANG,
    // for people opening the archive on a laptop. verifyPayloads() checks it against the
    // signed text.
    struct NoteEntry {
        QString name;
        QString language;
        ZipEntry entry;
    };

    // Error codes: those of readZipIndex, "bundle.open", "bundle.not-regular",
    // "bundle.too-large", "bundle.unexpected-entry", "bundle.duplicate-entry",
    // "bundle.missing-entry", "bundle.encrypted-entry", "bundle.compressed-entry",
    // "bundle.size-mismatch", "bundle.untrusted", and Manifest::fromJson's.
    static Result<BundleReader> open(const QString &path, const Keyring &keyring,
                                     Trust trust = Trust::Required);
    // Takes a duplicate of fd; the caller keeps its own.
    static Result<BundleReader> openFd(int fd, const Keyring &keyring,
                                       Trust trust = Trust::Required);

    [[nodiscard]] const Manifest &manifest() const { return m_manifest; }
    [[nodiscard]] const QByteArray &manifestBytes() const { return m_manifestBytes; }
    [[nodiscard]] QByteArray manifestHash() const
    {
        return m_manifestHash;
    } // raw SHA-256 of manifest.json
    [[nodiscard]] const TrustVerdict &verdict() const { return m_verdict; }
    [[nodiscard]] quint64 fileSize() const { return m_fileSize; }
    [[nodiscard]] const QList<NoteEntry> &notes() const { return m_notes; }

    // For a bundle with delta images: the version it updates from, and about what the full
    // bundle of the same version weighs (its images' stored size there, the rest as here), when
    // the delta's maker recorded it (0 when not).
    struct DeltaOverview {
        SemVer baseVersion;
        quint64 fullBundleSize = 0;
    };
    [[nodiscard]] std::optional<DeltaOverview> deltaOverview() const;

    // Where the stored payload of an image or artifact lies in the file.
    struct PayloadLocation {
        quint64 offset = 0;
        quint64 size = 0;
        quint32 crc32 = 0;
    };
    [[nodiscard]] PayloadLocation payload(const ImageInfo &image) const;
    [[nodiscard]] int fd() const { return m_fd.get(); }

    // Progress over all images and artifacts: decompressed bytes verified so far / in total.
    using ProgressFn = std::function<void(quint64 done, quint64 total)>;
    // The base of a delta image (the old image on a build host, the booted slot on a device),
    // or nullptr when there is none.
    using BaseLookup = std::function<BaseImage *(const ImageInfo &image)>;
    // Full check: reads each payload exactly once, decompresses it, compares every chunk with
    // the signed chunk_sha256 and checks sizes and whole-image and stored digests. A delta
    // image without a base (bases returns nullptr, or is empty) is checked as far as that
    // allows: its stored bytes against their signed digest; *unrebuilt counts those.
    Status verifyPayloads(const ProgressFn &progress = {},
                          const std::atomic<bool> *cancel = nullptr, const BaseLookup &bases = {},
                          int *unrebuilt = nullptr) const;

private:
    BundleReader() = default;
    static Result<BundleReader> openOwned(UniqueFd fd, const Keyring &keyring, Trust trust);
    Status indexEntries(const QList<ZipEntry> &entries, ZipEntry *manifest, ZipEntry *sig);
    Status matchPayloads();
    Status matchNotes();
    [[nodiscard]] Status verifyNotes() const;

    UniqueFd m_fd;
    quint64 m_fileSize = 0;
    QList<ZipEntry> m_payloads; // images/* and artifacts/*/* entries
    QList<NoteEntry> m_notes;
    QByteArray m_manifestBytes;
    QByteArray m_manifestHash;
    TrustVerdict m_verdict;
    Manifest m_manifest;
};

} // namespace seesaw
