#include "bundle/bundlewriter.h"

#include "base/atomicfile.h"
#include "base/errnotext.h"
#include "base/hostilestring.h"
#include "base/unique_fd.h"
#include "bundle/baseimage.h"
#include "bundle/deltacompressor.h"
#include "bundle/imagecompressor.h"
#include "bundle/payloadstream.h"
#include "trust/keyring.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>
#include <QTemporaryFile>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <quazip/quazip.h>
#include <quazip/quazipfile.h>
#include <quazip/quazipnewinfo.h>
#include <thread>
#include <unistd.h>
#include <vector>
#include <zstd.h>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::BundleWriter", text);
}

Error ioError(const QString &message)
{
    return createError(CreateError::Io, message);
}

Error specError(const QString &message)
{
    return createError(CreateError::Spec, message);
}

// A ZIP entry's header as the bundle writer makes every entry: a regular file, the bundle's
// creation time.
QuaZipNewInfo newEntryInfo(const QString &name, const QDateTime &created)
{
    QuaZipNewInfo info(name);
    info.dateTime = created;
    info.externalAttr = quint32(0100644) << 16;
    return info;
}

struct OpenedImage {
    UniqueFd fd;
    quint64 size = 0;
};

// An image or artifact opened for one sequential read, and its size.
Result<OpenedImage> openImage(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return ioError(tr("Cannot open \"%1\": %2.").arg(path, errnoText()));
    }
    UniqueFd closer(fd);
    const off_t end = ::lseek(fd, 0, SEEK_END);
    if (end < 0 || ::lseek(fd, 0, SEEK_SET) != 0) {
        return ioError(tr("Cannot determine the size of \"%1\": %2.").arg(path, errnoText()));
    }
    // An empty image would install nothing, yet switch the boot loader to its slot; an empty
    // artifact would replace a layer with nothing.
    if (end == 0) {
        return specError(
            tr("\"%1\" is empty; a bundle carries no empty image or artifact.").arg(path));
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return OpenedImage{std::move(closer), quint64(end)};
}

class Writer {
public:
    Writer(const BundleSpec &spec, const CreateProgressFn &progress,
           const std::atomic<bool> *cancel)
        : m_spec(spec), m_progress(progress), m_cancel(cancel)
    {}

    Result<Manifest> write(const QString &tempPath, Manifest manifest);

private:
    Result<ImageInfo> addImage(QuaZip &zip, const BundleSpec::Image &image);
    Result<ArtifactInfo> addArtifact(QuaZip &zip, const BundleSpec::Artifact &artifact);
    Result<ImageInfo> addPayload(QuaZip &zip, const QString &path, ImageInfo info, BaseImage *base);
    Result<DeltaInfo> describeBase(BaseImage &base);
    Result<std::pair<quint64, QByteArray>> compressFull(ImageHasher &hasher, QuaZipFile &entry,
                                                        const QString &file, quint64 size);
    Result<std::pair<quint64, QByteArray>> compressDelta(ImageHasher &hasher, BaseImage &base,
                                                         QuaZipFile &entry, const QString &file);
    [[nodiscard]] Error compressError(const QString &failure) const;
    void compressChunks(ImageHasher &hasher, EntryCompressor &compressor);
    Status addStored(QuaZip &zip, const QString &name, const QByteArray &data);
    [[nodiscard]] bool cancelled() const { return (m_cancel != nullptr) && m_cancel->load(); }

    const BundleSpec &m_spec;
    const CreateProgressFn &m_progress;
    const std::atomic<bool> *m_cancel;
    QDateTime m_created;
    quint64 m_done = 0;
    quint64 m_total = 0;
};

Status Writer::addStored(QuaZip &zip, const QString &name, const QByteArray &data)
{
    QuaZipFile file(&zip);
    if (!file.open(QIODevice::WriteOnly, newEntryInfo(name, m_created), nullptr, 0, 0, 0) ||
        file.write(data) != data.size()) {
        return ioError(tr("Could not write \"%1\" into the bundle.").arg(name));
    }
    file.close();
    if (file.getZipError() != 0) {
        return ioError(tr("Could not write \"%1\" into the bundle.").arg(name));
    }
    return Ok{};
}

Result<ImageInfo> Writer::addImage(QuaZip &zip, const BundleSpec::Image &image)
{
    ImageInfo info;
    info.slotClass = image.slotClass;
    info.file = QStringLiteral("images/%1.zst").arg(image.slotClass);
    if (image.basePath.isEmpty()) {
        return addPayload(zip, image.path, std::move(info), nullptr);
    }
    auto baseFile = openImage(image.basePath);
    if (!baseFile) {
        return baseFile.error();
    }
    BaseImage base(baseFile->fd.get(), baseFile->size, image.basePath);
    auto delta = describeBase(base);
    if (!delta) {
        return delta.error();
    }
    info.delta = *delta;
    if (image.fullStoredSize != 0) {
        info.delta->fullStoredSize = image.fullStoredSize;
    }
    return addPayload(zip, image.path, std::move(info), &base);
}

Result<ArtifactInfo> Writer::addArtifact(QuaZip &zip, const BundleSpec::Artifact &artifact)
{
    ArtifactInfo info;
    info.repository = artifact.repository;
    info.name = artifact.name;
    info.version = artifact.version;
    info.type = artifact.type;
    info.extensionRelease = artifact.extensionRelease;
    info.unpackedSize = artifact.type == ArtifactInfo::Type::Tree ? artifact.unpackedSize : 0;
    ImageInfo payload;
    payload.file = QStringLiteral("artifacts/%1/%2.zst").arg(artifact.repository, artifact.name);
    auto added = addPayload(zip, artifact.path, std::move(payload), nullptr);
    if (!added) {
        return added.error();
    }
    info.payload = std::move(*added);
    return info;
}

// The file at `path` compressed into the entry info.file (against base, for a delta image),
// with its sizes, digests and chunk list.
Result<ImageInfo> Writer::addPayload(QuaZip &zip, const QString &path, ImageInfo info,
                                     BaseImage *base)
{
    auto opened = openImage(path);
    if (!opened) {
        return opened.error();
    }
    info.size = opened->size;
    info.chunkSize = m_spec.chunkSize;
    QuaZipFile entry(&zip);
    if (!entry.open(QIODevice::WriteOnly, newEntryInfo(info.file, m_created), nullptr, 0, 0, 0)) {
        return ioError(tr("Could not add \"%1\" to the bundle.").arg(info.file));
    }
    ImageHasher hasher(opened->fd.get(), info.size, info.chunkSize);
    std::thread reader([&] { hasher.run(); });
    auto stored = base != nullptr ? compressDelta(hasher, *base, entry, info.file)
                                  : compressFull(hasher, entry, info.file, info.size);
    hasher.queue.abort();
    reader.join();
    entry.close();
    if (!stored) {
        return stored.error();
    }
    if (!hasher.error().isEmpty()) {
        return ioError(tr("Cannot read \"%1\": %2.").arg(path, hasher.error()));
    }
    if (entry.getZipError() != 0) {
        return ioError(tr("Could not write \"%1\" into the bundle.").arg(info.file));
    }
    info.sha256 = hasher.sha256;
    info.chunkSha256 = hasher.chunkSha256;
    info.storedSize = stored->first;
    info.storedSha256 = stored->second;
    return info;
}

// The delta object of an image made against base: its digest, size and version.
Result<DeltaInfo> Writer::describeBase(BaseImage &base)
{
    auto version = SemVer::parse(m_spec.baseVersion);
    if (!version) {
        return specError(tr("The version of the base: %1").arg(version.error().message));
    }
    auto digest = base.sha256({}, m_cancel);
    if (!digest) {
        return digest.error();
    }
    return DeltaInfo{QLatin1String(DeltaInfo::ZstdPatch), *digest, base.size(), *version, {}};
}

// A failure of a compressing loop: cancelled, or what went wrong.
Error Writer::compressError(const QString &failure) const
{
    if (cancelled()) {
        return makeError(Error::Kind::Cancelled, "cancelled", failure);
    }
    return ioError(failure);
}

// The image as one zstd frame (what every device can install).
Result<std::pair<quint64, QByteArray>> Writer::compressFull(ImageHasher &hasher, QuaZipFile &entry,
                                                            const QString &file, quint64 size)
{
    auto cctx = makeCompressor(m_spec.level, m_spec.threads, size);
    if (!cctx) {
        return cctx.error();
    }
    EntryCompressor compressor(cctx->get(), entry, file);
    compressChunks(hasher, compressor);
    if (compressor.failure.isEmpty() && hasher.error().isEmpty()) {
        ZSTD_inBuffer none{nullptr, 0, 0};
        compressor.compress(none, ZSTD_e_end);
    }
    if (!compressor.failure.isEmpty()) {
        return compressError(compressor.failure);
    }
    return std::pair{compressor.storedSize(), compressor.storedSha256()};
}

// The image as one frame per chunk against the base (deltacompressor.h).
Result<std::pair<quint64, QByteArray>> Writer::compressDelta(ImageHasher &hasher, BaseImage &base,
                                                             QuaZipFile &entry, const QString &file)
{
    auto whole = base.view(DeltaWindow{0, base.size()});
    if (!whole) {
        return whole.error();
    }
    DeltaCompressor compressor(*whole, m_spec.level, m_spec.threads, entry, file);
    bool ok = true;
    while (auto chunk = hasher.queue.pop()) {
        if (cancelled()) {
            compressor.failure = tr("Cancelled.");
            ok = false;
            break;
        }
        const quint64 len = chunk->data.size();
        if (!compressor.add(std::move(*chunk))) {
            ok = false;
            break;
        }
        m_done += len;
        if (m_progress) {
            m_progress(m_done, m_total);
        }
    }
    if (ok && hasher.error().isEmpty()) {
        ok = compressor.finish();
    }
    if (!ok) {
        return compressError(compressor.failure);
    }
    return std::pair{compressor.storedSize(), compressor.storedSha256()};
}

// Compresses the chunks as the hasher reads them, until the image ends, a failure or a cancel.
void Writer::compressChunks(ImageHasher &hasher, EntryCompressor &compressor)
{
    while (compressor.failure.isEmpty()) {
        auto chunk = hasher.queue.pop();
        if (!chunk) {
            break;
        }
        if (cancelled()) {
            compressor.failure = tr("Cancelled.");
            break;
        }
        ZSTD_inBuffer in{chunk->data.data(), chunk->data.size(), 0};
        if (!compressor.compress(in, ZSTD_e_continue)) {
            break;
        }
        m_done += chunk->data.size();
        if (m_progress) {
            m_progress(m_done, m_total);
        }
    }
}

Result<Manifest> Writer::write(const QString &tempPath, Manifest manifest)
{
    m_created = manifest.created;
    for (const auto &image : m_spec.images) {
        m_total += quint64(std::max<qint64>(0, QFileInfo(image.path).size()));
    }
    for (const auto &artifact : m_spec.artifacts) {
        m_total += quint64(std::max<qint64>(0, QFileInfo(artifact.path).size()));
    }

    QuaZip zip(tempPath);
    zip.setZip64Enabled(true);
    // Sizes go into the local headers (the output is seekable), so entries are contiguous.
    zip.setDataDescriptorWritingEnabled(false);
    if (!zip.open(QuaZip::mdCreate)) {
        return ioError(tr("Cannot create \"%1\".").arg(tempPath));
    }

    for (const auto &image : m_spec.images) {
        auto info = addImage(zip, image);
        if (!info) {
            zip.close();
            return info.error();
        }
        manifest.images.append(*info);
    }
    for (const auto &artifact : m_spec.artifacts) {
        auto info = addArtifact(zip, artifact);
        if (!info) {
            zip.close();
            return info.error();
        }
        manifest.artifacts.append(*info);
    }
    for (auto it = m_spec.notes.cbegin(); it != m_spec.notes.cend(); ++it) {
        const QString suffix = QFileInfo(it.value()).suffix();
        const QString name =
            QStringLiteral("notes/release-notes.%1%2")
                .arg(it.key(), suffix.isEmpty() ? QString() : QLatin1Char('.') + suffix);
        // Stored, not deflated: readers check the copy against the signed text byte for byte.
        if (Status s = addStored(zip, name, manifest.releaseNotes.value(it.key()).toUtf8()); !s) {
            zip.close();
            return s.error();
        }
    }

    const QByteArray json = manifest.toJson();
    // Make sure what we sign is what a device will accept.
    auto check = Manifest::fromJson(json);
    if (!check) {
        zip.close();
        return specError(check.error().message);
    }
    const QByteArray sig = signManifest(json, m_spec.signingKeys);
    for (const auto &[name, data] : {std::pair{QStringLiteral("manifest.json"), json},
                                     std::pair{QStringLiteral("manifest.sig"), sig}}) {
        if (Status s = addStored(zip, name, data); !s) {
            zip.close();
            return s.error();
        }
    }
    zip.close();
    if (zip.getZipError() != 0) {
        return ioError(tr("Could not finish writing \"%1\".").arg(tempPath));
    }
    return manifest;
}

// The finished bundle, written to a temporary file, made durable and then visible under its
// final name.
Status publish(QTemporaryFile &temp, const QString &outputPath)
{
    {
        QFile done(temp.fileName());
        if (!done.open(QIODevice::ReadWrite) || ::fsync(done.handle()) != 0) {
            return ioError(tr("Could not flush \"%1\" to disk.").arg(outputPath));
        }
        done.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                            QFileDevice::ReadGroup | QFileDevice::ReadOther);
    }
    // The rename itself is made durable too: a build host's power cut leaves old or new.
    if (Status renamed = renameDurably(temp.fileName(), outputPath); !renamed) {
        return ioError(renamed.error().message);
    }
    temp.setAutoRemove(false);
    return Ok{};
}

} // namespace

Result<Manifest> createBundle(const BundleSpec &spec, const QString &outputPath,
                              const CreateProgressFn &progress, const std::atomic<bool> *cancel)
{
    if (Status s = checkSpec(spec); !s) {
        return s.error();
    }
    auto manifest = manifestFromSpec(spec);
    if (!manifest) {
        return manifest;
    }

    const QFileInfo out(outputPath);
    QTemporaryFile temp(
        out.absoluteDir().filePath(QStringLiteral(".%1.XXXXXX").arg(out.fileName())));
    if (!temp.open()) {
        return ioError(
            tr("Cannot create a file in \"%1\": %2.").arg(out.absolutePath(), temp.errorString()));
    }
    temp.close();

    Writer writer(spec, progress, cancel);
    auto result = writer.write(temp.fileName(), std::move(*manifest));
    if (!result) {
        return result;
    }
    if (Status s = publish(temp, outputPath); !s) {
        return s.error();
    }
    return result;
}

} // namespace seesaw
