#include "bundle/bundlewriter.h"

#include "base/atomicfile.h"
#include "base/boundedqueue.h"
#include "trust/keyring.h"
#include "bundle/payloadstream.h"
#include "base/hostilestring.h"
#include "base/unique_fd.h"

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
    return makeError(Error::Kind::Io, "create.io", message);
}

Error specError(const QString &message)
{
    return makeError(Error::Kind::Usage, "create.invalid-spec", message);
}

QString errnoText()
{
    return QString::fromLocal8Bit(strerror(errno));
}

struct CCtxDeleter {
    void operator()(ZSTD_CCtx *ctx) const { ZSTD_freeCCtx(ctx); }
};

struct ReadChunk {
    std::vector<char> data;
};

// Reads one image in chunk-sized pieces on its own thread, hashing each chunk and the whole
// image while the caller compresses, so hashing overlaps compression.
class ImageHasher {
public:
    ImageHasher(int fd, quint64 size, quint32 chunkSize)
        : m_fd(fd), m_size(size), m_chunkSize(chunkSize)
    {}

    void run()
    {
        Sha256 chunkDigest;
        quint64 pos = 0;
        while (pos < m_size) {
            const size_t n = size_t(std::min<quint64>(m_chunkSize, m_size - pos));
            ReadChunk chunk;
            chunk.data.resize(n);
            size_t got = 0;
            while (got < n) {
                const ssize_t r = ::read(m_fd, chunk.data.data() + got, n - got);
                if (r < 0 && errno == EINTR)
                    continue;
                if (r <= 0) {
                    m_error = r < 0 ? errnoText() : tr("the file became shorter while reading");
                    queue.abort();
                    return;
                }
                got += size_t(r);
            }
            chunkDigest.update(chunk.data.data(), n);
            chunkSha256.append(chunkDigest.finish());
            m_imageDigest.update(chunk.data.data(), n);
            pos += n;
            if (!queue.push(std::move(chunk)))
                return;
        }
        sha256 = m_imageDigest.finish();
        queue.close();
    }

    BoundedQueue<ReadChunk> queue{3};
    QList<QByteArray> chunkSha256;
    QByteArray sha256;
    QString error() const { return m_error; }

private:
    int m_fd;
    quint64 m_size;
    quint32 m_chunkSize;
    Sha256 m_imageDigest;
    QString m_error;
};

class Writer {
public:
    Writer(const BundleSpec &spec, const CreateProgressFn &progress,
           const std::atomic<bool> *cancel)
        : m_spec(spec), m_progress(progress), m_cancel(cancel)
    {}

    Result<Manifest> write(const QString &tempPath, Manifest manifest);

private:
    Result<ImageInfo> addImage(QuaZip &zip, const BundleSpec::Image &image);
    Status addStored(QuaZip &zip, const QString &name, const QByteArray &data);
    bool cancelled() const { return m_cancel && m_cancel->load(); }

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
    QuaZipNewInfo info(name);
    info.dateTime = m_created;
    info.externalAttr = quint32(0100644) << 16;
    if (!file.open(QIODevice::WriteOnly, info, nullptr, 0, 0, 0) ||
        file.write(data) != data.size()) {
        return ioError(tr("Could not write \"%1\" into the bundle.").arg(name));
    }
    file.close();
    if (file.getZipError() != 0)
        return ioError(tr("Could not write \"%1\" into the bundle.").arg(name));
    return Ok{};
}

Result<ImageInfo> Writer::addImage(QuaZip &zip, const BundleSpec::Image &image)
{
    const int fd = ::open(QFile::encodeName(image.path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ioError(tr("Cannot open the image \"%1\": %2.").arg(image.path, errnoText()));
    UniqueFd closer(fd);
    const off_t end = ::lseek(fd, 0, SEEK_END);
    if (end < 0 || ::lseek(fd, 0, SEEK_SET) != 0)
        return ioError(tr("Cannot determine the size of \"%1\": %2.").arg(image.path, errnoText()));
    // An empty image would install nothing, yet switch the boot loader to its slot.
    if (end == 0)
        return specError(tr("The image \"%1\" is empty; a bundle needs a system to install.")
                             .arg(image.path));
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);

    ImageInfo info;
    info.slotClass = image.slotClass;
    info.file = QStringLiteral("images/%1.zst").arg(image.slotClass);
    info.size = quint64(end);
    info.chunkSize = m_spec.chunkSize;

    std::unique_ptr<ZSTD_CCtx, CCtxDeleter> cctx(ZSTD_createCCtx());
    const unsigned workers = m_spec.threads > 0 ? unsigned(m_spec.threads)
                                                : std::max(1u, std::thread::hardware_concurrency());
    if (!cctx ||
        ZSTD_isError(ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, m_spec.level)) ||
        ZSTD_isError(ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_enableLongDistanceMatching, 1)) ||
        ZSTD_isError(
            ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_windowLog, limits::ZstdWindowLogMax)) ||
        ZSTD_isError(ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1)) ||
        ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(cctx.get(), info.size))) {
        return makeError(Error::Kind::Io, "create.compress",
                         tr("Could not set up the zstd compressor."));
    }
    // Without multithreading support in libzstd this fails, and compression stays single-threaded.
    ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_nbWorkers, int(workers));

    QuaZipFile entry(&zip);
    QuaZipNewInfo zipInfo(info.file);
    zipInfo.dateTime = m_created;
    zipInfo.externalAttr = quint32(0100644) << 16;
    if (!entry.open(QIODevice::WriteOnly, zipInfo, nullptr, 0, 0, 0))
        return ioError(tr("Could not add \"%1\" to the bundle.").arg(info.file));

    ImageHasher hasher(fd, info.size, info.chunkSize);
    std::thread reader([&] { hasher.run(); });
    Sha256 storedDigest;
    std::vector<char> out(ZSTD_CStreamOutSize() * 4);
    QString failure;
    auto flushOut = [&](ZSTD_outBuffer &o) {
        if (o.pos == 0)
            return true;
        storedDigest.update(out.data(), o.pos);
        info.storedSize += o.pos;
        if (entry.write(out.data(), qint64(o.pos)) != qint64(o.pos)) {
            failure = tr("Could not write \"%1\" into the bundle.").arg(info.file);
            return false;
        }
        o.pos = 0;
        return true;
    };
    auto compress = [&](ZSTD_inBuffer &in, ZSTD_EndDirective mode) {
        for (;;) {
            ZSTD_outBuffer o{out.data(), out.size(), 0};
            const size_t left = ZSTD_compressStream2(cctx.get(), &o, &in, mode);
            if (ZSTD_isError(left)) {
                failure =
                    tr("Compression failed: %1.").arg(QString::fromLatin1(ZSTD_getErrorName(left)));
                return false;
            }
            if (!flushOut(o))
                return false;
            const bool done = mode == ZSTD_e_end ? left == 0 : in.pos == in.size;
            if (done)
                return true;
        }
    };
    while (failure.isEmpty()) {
        auto chunk = hasher.queue.pop();
        if (!chunk)
            break;
        if (cancelled()) {
            failure = tr("Cancelled.");
            break;
        }
        ZSTD_inBuffer in{chunk->data.data(), chunk->data.size(), 0};
        if (!compress(in, ZSTD_e_continue))
            break;
        m_done += chunk->data.size();
        if (m_progress)
            m_progress(m_done, m_total);
    }
    hasher.queue.abort();
    reader.join();
    if (failure.isEmpty() && !hasher.error().isEmpty())
        failure = tr("Cannot read the image \"%1\": %2.").arg(image.path, hasher.error());
    if (failure.isEmpty()) {
        ZSTD_inBuffer none{nullptr, 0, 0};
        compress(none, ZSTD_e_end);
    }
    entry.close();
    if (!failure.isEmpty()) {
        if (cancelled())
            return makeError(Error::Kind::Cancelled, "cancelled", failure);
        return ioError(failure);
    }
    if (entry.getZipError() != 0)
        return ioError(tr("Could not write \"%1\" into the bundle.").arg(info.file));
    info.sha256 = hasher.sha256;
    info.chunkSha256 = hasher.chunkSha256;
    info.storedSha256 = storedDigest.finish();
    return info;
}

Result<Manifest> Writer::write(const QString &tempPath, Manifest manifest)
{
    m_created = manifest.created;
    for (const auto &image : m_spec.images)
        m_total += quint64(std::max<qint64>(0, QFileInfo(image.path).size()));

    QuaZip zip(tempPath);
    zip.setZip64Enabled(true);
    // Sizes go into the local headers (the output is seekable), so entries are contiguous.
    zip.setDataDescriptorWritingEnabled(false);
    if (!zip.open(QuaZip::mdCreate))
        return ioError(tr("Cannot create \"%1\".").arg(tempPath));

    for (const auto &image : m_spec.images) {
        auto info = addImage(zip, image);
        if (!info) {
            zip.close();
            return info.error();
        }
        manifest.images.append(*info);
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
    if (zip.getZipError() != 0)
        return ioError(tr("Could not finish writing \"%1\".").arg(tempPath));
    return manifest;
}

} // namespace

Result<Manifest> createBundle(const BundleSpec &spec, const QString &outputPath,
                              const CreateProgressFn &progress, const std::atomic<bool> *cancel)
{
    if (spec.images.isEmpty())
        return specError(tr("A bundle needs at least one image."));
    if (spec.signingKeys.isEmpty())
        return specError(tr("A bundle needs a signing key."));
    if (spec.level < limits::MinZstdLevel || spec.level > limits::MaxZstdLevel)
        return specError(
            tr("The compression level must be between %1 and %2.")
                .arg(QString::number(limits::MinZstdLevel), QString::number(limits::MaxZstdLevel)));
    // Checked here too (the manifest check at the end would say so only after compressing).
    if (spec.chunkSize < limits::MinChunkSize || spec.chunkSize > limits::MaxChunkSize ||
        (spec.chunkSize & (spec.chunkSize - 1)) != 0)
        return specError(tr("The chunk size must be a power of two from %1 to %2 bytes, not %3.")
                             .arg(QString::number(limits::MinChunkSize),
                                  QString::number(limits::MaxChunkSize),
                                  QString::number(spec.chunkSize)));

    Manifest manifest;
    manifest.compatible = spec.compatible;
    auto version = SemVer::parse(spec.version);
    if (!version)
        return specError(version.error().message);
    manifest.version = *version;
    if (!spec.minVersion.isEmpty()) {
        auto minVersion = SemVer::parse(spec.minVersion);
        if (!minVersion)
            return specError(minVersion.error().message);
        manifest.minVersion = *minVersion;
    }
    manifest.created = QDateTime::currentDateTimeUtc();
    manifest.created.setTime(QTime(manifest.created.time().hour(), manifest.created.time().minute(),
                                   manifest.created.time().second()));
    manifest.build = spec.build.isEmpty() ? manifest.created.toString(Qt::ISODate) : spec.build;
    manifest.hardware = spec.hardware;
    manifest.keys = spec.keys;
    manifest.requirements = spec.requirements;
    for (auto it = spec.notes.cbegin(); it != spec.notes.cend(); ++it) {
        QFile file(it.value());
        if (!file.open(QIODevice::ReadOnly))
            return ioError(
                tr("Cannot read the notes \"%1\": %2.").arg(it.value(), file.errorString()));
        const QByteArray text = file.read(limits::MaxReleaseNotesChars * 4 + 1);
        auto decoder = QStringDecoder(QStringDecoder::Utf8);
        const QString notes = decoder.decode(text);
        if (decoder.hasError() || notes.size() > limits::MaxReleaseNotesChars)
            return specError(tr("The notes \"%1\" must be UTF-8 text of at most %2 characters.")
                                 .arg(it.value(), QString::number(limits::MaxReleaseNotesChars)));
        manifest.releaseNotes.insert(it.key(), notes);
    }
    QSet<QString> classes;
    for (const auto &image : spec.images) {
        if (classes.contains(image.slotClass))
            return specError(tr("The slot class \"%1\" is given twice.").arg(image.slotClass));
        classes.insert(image.slotClass);
    }

    const QFileInfo out(outputPath);
    QTemporaryFile temp(
        out.absoluteDir().filePath(QStringLiteral(".%1.XXXXXX").arg(out.fileName())));
    if (!temp.open())
        return ioError(
            tr("Cannot create a file in \"%1\": %2.").arg(out.absolutePath(), temp.errorString()));
    temp.close();

    Writer writer(spec, progress, cancel);
    auto result = writer.write(temp.fileName(), std::move(manifest));
    if (!result)
        return result;

    // Durable before it becomes visible under its final name.
    {
        QFile done(temp.fileName());
        if (!done.open(QIODevice::ReadWrite) || ::fsync(done.handle()) != 0)
            return ioError(tr("Could not flush \"%1\" to disk.").arg(outputPath));
        done.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                            QFileDevice::ReadGroup | QFileDevice::ReadOther);
    }
    // The rename itself is made durable too: a build host's power cut leaves old or new.
    if (Status renamed = renameDurably(temp.fileName(), outputPath); !renamed)
        return ioError(renamed.error().message);
    temp.setAutoRemove(false);
    return result;
}

} // namespace seesaw
