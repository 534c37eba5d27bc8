#include "bundle/bundlereader.h"

#include "base/errnotext.h"
#include "base/hostilestring.h"
#include "bundle/payloadstream.h"
#include "trust/crypto.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <zlib.h>

namespace seesaw {

namespace {

const QString ManifestName = QStringLiteral("manifest.json");
const QString SignatureName = QStringLiteral("manifest.sig");

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::BundleReader", text);
}

Error invalid(const char *code, const QString &message)
{
    return makeError(Error::Kind::Invalid, code, message);
}

// Reads a small stored entry whole and checks its ZIP checksum.
Result<QByteArray> readEntry(int fd, const ZipEntry &entry)
{
    QByteArray data(qsizetype(entry.compressedSize), Qt::Uninitialized);
    if (!preadFully(fd, data.data(), size_t(entry.compressedSize), entry.dataOffset)) {
        return makeError(
            Error::Kind::Io, "bundle.io",
            tr("Could not read \"%1\" from the bundle.").arg(displayString(entry.name)));
    }
    const uLong crc =
        crc32_z(crc32_z(0, nullptr, 0), reinterpret_cast<const Bytef *>(data.constData()),
                size_t(data.size()));
    if (quint32(crc) != entry.crc32) {
        return invalid("bundle.crc-mismatch",
                       tr("The ZIP checksum of \"%1\" does not match its data.")
                           .arg(displayString(entry.name)));
    }
    return data;
}

} // namespace

Result<BundleReader> BundleReader::open(const QString &path, const Keyring &keyring, Trust trust)
{
    // O_NOFOLLOW: a bundle is a file, never a link pointing somewhere else.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        return makeError(
            Error::Kind::Io, "bundle.open",
            tr("Cannot open \"%1\": %2.").arg(displayString(path, 200), seesaw::errnoText(errno)));
    }
    return openOwned(UniqueFd(fd), keyring, trust);
}

Result<BundleReader> BundleReader::openFd(int fd, const Keyring &keyring, Trust trust)
{
    const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0) {
        return makeError(
            Error::Kind::Io, "bundle.open",
            tr("Cannot use the bundle's file descriptor: %1.").arg(seesaw::errnoText(errno)));
    }
    return openOwned(UniqueFd(copy), keyring, trust);
}

Result<BundleReader> BundleReader::openOwned(UniqueFd fd, const Keyring &keyring, Trust trust)
{
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        return makeError(Error::Kind::Io, "bundle.open",
                         tr("Cannot inspect the bundle: %1.").arg(seesaw::errnoText(errno)));
    }
    if (!S_ISREG(st.st_mode)) {
        return invalid("bundle.not-regular", tr("The bundle is not a regular file."));
    }
    const auto fileSize = quint64(st.st_size);
    if (fileSize > limits::MaxBundleBytes) {
        return invalid("bundle.too-large", tr("The bundle is larger than 1 TiB."));
    }

    BundleReader reader;
    reader.m_fd = std::move(fd);
    reader.m_fileSize = fileSize;

    auto entries = readZipIndex(reader.m_fd.get(), fileSize);
    if (!entries) {
        return entries.error();
    }
    ZipEntry manifestEntry;
    ZipEntry sigEntry;
    if (Status s = reader.indexEntries(*entries, &manifestEntry, &sigEntry); !s) {
        return s.error();
    }

    // Rules 1 and 2: both signed files in memory, the signature checked over these exact
    // bytes, and the manifest parsed from the same buffer afterwards.
    auto manifestBytes = readEntry(reader.m_fd.get(), manifestEntry);
    if (!manifestBytes) {
        return manifestBytes.error();
    }
    auto sigBytes = readEntry(reader.m_fd.get(), sigEntry);
    if (!sigBytes) {
        return sigBytes.error();
    }
    reader.m_manifestBytes = *manifestBytes;
    reader.m_manifestHash = Sha256::hash(reader.m_manifestBytes);
    reader.m_verdict = keyring.verify(reader.m_manifestBytes, *sigBytes);
    if (!reader.m_verdict.trusted && trust == Trust::Required) {
        return makeError(Error::Kind::Untrusted, "bundle.untrusted", reader.m_verdict.message);
    }

    auto manifest = Manifest::fromJson(reader.m_manifestBytes);
    if (!manifest) {
        return manifest.error();
    }
    reader.m_manifest = std::move(*manifest);
    if (Status s = reader.matchPayloads(); !s) {
        return s.error();
    }
    if (Status s = reader.matchNotes(); !s) {
        return s.error();
    }
    return reader;
}

Status BundleReader::indexEntries(const QList<ZipEntry> &entries, ZipEntry *manifest, ZipEntry *sig)
{
    static const QRegularExpression payloadName(
        QStringLiteral("^(images/[a-z0-9][a-z0-9_-]{0,31}|artifacts/[a-z0-9][a-z0-9_-]{0,31}/"
                       "[A-Za-z0-9][A-Za-z0-9._-]{0,63})\\.zst$"));
    QSet<QString> seen;
    for (const ZipEntry &e : entries) {
        const QString shown = displayString(e.name);
        if (seen.contains(e.name)) {
            return invalid("bundle.duplicate-entry",
                           tr("The bundle contains \"%1\" more than once.").arg(shown));
        }
        seen.insert(e.name);
        if (e.isEncrypted()) {
            return invalid("bundle.encrypted-entry",
                           tr("The entry \"%1\" is encrypted.").arg(shown));
        }

        const bool isNote = e.name.startsWith(QLatin1String("notes/"));
        const bool isSigned = e.name == ManifestName || e.name == SignatureName;
        const bool isPayload = payloadName.match(e.name).hasMatch();
        if (!isNote && !isSigned && !isPayload) {
            return invalid("bundle.unexpected-entry",
                           tr("The bundle contains an unexpected entry \"%1\".").arg(shown));
        }
        if (e.method != 0) {
            return invalid(
                "bundle.compressed-entry",
                tr("The entry \"%1\" is compressed inside the archive; it must be stored.")
                    .arg(shown));
        }
        if (e.compressedSize != e.uncompressedSize) {
            return invalid("bundle.size-mismatch",
                           tr("The stored entry \"%1\" declares two different sizes.").arg(shown));
        }
        if (isNote) {
            if (m_notes.size() == limits::MaxNotesEntries) {
                return invalid(
                    "bundle.too-many-entries",
                    tr("The bundle has more than %1 notes.").arg(limits::MaxNotesEntries));
            }
            m_notes.append({e.name, QString(), e});
        } else if (isPayload) {
            m_payloads.append(e);
        } else if (e.name == ManifestName) {
            if (e.compressedSize > quint64(limits::ManifestMaxBytes)) {
                return invalid(
                    "bundle.too-large",
                    tr("manifest.json is larger than %1 bytes.").arg(limits::ManifestMaxBytes));
            }
            *manifest = e;
        } else {
            if (e.compressedSize > quint64(limits::MaxSigFileBytes)) {
                return invalid(
                    "bundle.too-large",
                    tr("manifest.sig is larger than %1 bytes.").arg(limits::MaxSigFileBytes));
            }
            *sig = e;
        }
    }
    if (!seen.contains(ManifestName)) {
        return invalid("bundle.missing-entry", tr("The bundle has no manifest.json."));
    }
    if (!seen.contains(SignatureName)) {
        return invalid("bundle.missing-entry",
                       tr("The bundle has no manifest.sig: it is not signed."));
    }
    return Ok{};
}

Status BundleReader::matchPayloads()
{
    QSet<QString> listed;
    for (const ImageInfo *image : m_manifest.payloads()) {
        listed.insert(image->file);
        const auto it = std::find_if(m_payloads.cbegin(), m_payloads.cend(),
                                     [&](const ZipEntry &e) { return e.name == image->file; });
        if (it == m_payloads.cend()) {
            return invalid("bundle.missing-entry",
                           tr("The manifest lists \"%1\" but the bundle does not contain it.")
                               .arg(image->file));
        }
        if (it->compressedSize != image->storedSize) {
            return invalid("bundle.size-mismatch",
                           tr("The entry \"%1\" has %2 bytes; the manifest states %3.")
                               .arg(image->file, QString::number(it->compressedSize),
                                    QString::number(image->storedSize)));
        }
    }
    for (const ZipEntry &e : m_payloads) {
        if (!listed.contains(e.name)) {
            return invalid("bundle.unexpected-entry",
                           tr("The bundle contains \"%1\", which the manifest does not list.")
                               .arg(displayString(e.name)));
        }
    }
    return Ok{};
}

Status BundleReader::matchNotes()
{
    static const QRegularExpression noteName(
        QStringLiteral("^notes/release-notes\\.([a-zA-Z0-9-]{2,35})(\\.[a-z0-9]{1,8})?$"));
    for (NoteEntry &note : m_notes) {
        const auto match = noteName.match(note.name);
        note.language = match.captured(1);
        if (!match.hasMatch() || !m_manifest.releaseNotes.contains(note.language)) {
            return invalid("bundle.unexpected-entry",
                           tr("The bundle contains \"%1\", which is not a copy of release notes in "
                              "the manifest.")
                               .arg(displayString(note.name)));
        }
        if (note.entry.compressedSize > quint64(limits::MaxReleaseNotesChars) * 4) {
            return invalid("bundle.too-large",
                           tr("\"%1\" is too large.").arg(displayString(note.name)));
        }
    }
    return Ok{};
}

Status BundleReader::verifyNotes() const
{
    for (const NoteEntry &note : m_notes) {
        auto data = readEntry(m_fd.get(), note.entry);
        if (!data) {
            return data.error();
        }
        if (*data != m_manifest.releaseNotes.value(note.language).toUtf8()) {
            return invalid(
                "bundle.notes-mismatch",
                tr("\"%1\" differs from the signed release notes.").arg(displayString(note.name)));
        }
    }
    return Ok{};
}

BundleReader::PayloadLocation BundleReader::payload(const ImageInfo &image) const
{
    for (const ZipEntry &e : m_payloads) {
        if (e.name == image.file) {
            return {e.dataOffset, e.compressedSize, e.crc32};
        }
    }
    return {};
}

std::optional<BundleReader::DeltaOverview> BundleReader::deltaOverview() const
{
    std::optional<DeltaOverview> overview;
    quint64 full = m_fileSize;
    bool fullKnown = true;
    for (const ImageInfo &image : m_manifest.images) {
        if (!image.delta) {
            continue;
        }
        overview = DeltaOverview{image.delta->baseVersion, 0};
        fullKnown = fullKnown && image.delta->fullStoredSize.has_value();
        // The full bundle holds the same manifest, notes and signature: only images differ.
        full = full - image.storedSize + image.delta->fullStoredSize.value_or(0);
    }
    if (overview && fullKnown) {
        overview->fullBundleSize = full;
    }
    return overview;
}

Status BundleReader::verifyPayloads(const ProgressFn &progress, const std::atomic<bool> *cancel,
                                    const BaseLookup &bases, int *unrebuilt) const
{
    quint64 total = 0;
    const QList<const ImageInfo *> payloads = m_manifest.payloads();
    for (const ImageInfo *image : payloads) {
        total += image->size;
    }
    if (Status s = verifyNotes(); !s) {
        return s;
    }
    quint64 before = 0;
    for (const ImageInfo *payloadInfo : payloads) {
        const ImageInfo &image = *payloadInfo;
        const PayloadLocation where = payload(image);
        PayloadCallbacks callbacks;
        callbacks.cancel = cancel;
        if (progress) {
            callbacks.progress = [&](quint64 done) { progress(before + done, total); };
        }
        PayloadSource source{m_fd.get(), where.offset, where.size, where.crc32};
        source.base = image.delta && bases ? bases(image) : nullptr;
        if (image.delta && source.base == nullptr) {
            if (Status s = verifyStoredPayload(image, source, callbacks); !s) {
                return s;
            }
            if (unrebuilt != nullptr) {
                ++*unrebuilt;
            }
        } else if (auto streamed = streamPayload(image, source, callbacks); !streamed) {
            return streamed.error();
        }
        before += image.size;
    }
    if (progress) {
        progress(total, total);
    }
    return Ok{};
}

} // namespace seesaw
