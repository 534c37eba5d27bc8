#include "bundle/deltabundle.h"

#include "base/errnotext.h"
#include "base/hostilestring.h"
#include "bundle/bundlereader.h"
#include "bundle/payloadstream.h"
#include "bundle/zipindex.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <fcntl.h>
#include <optional>
#include <unistd.h>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::DeltaBundle", text);
}

Error ioError(const QString &message)
{
    return makeError(Error::Kind::Io, "delta.io", message);
}

// The work folder next to the output: the unpacked images are as large as the images.
class Unpacker {
public:
    Unpacker(const QString &outputPath, const DeltaProgressFn &progress,
             const std::atomic<bool> *cancel)
        : m_dir(
              QFileInfo(outputPath).absoluteDir().filePath(QStringLiteral(".seesaw-delta-XXXXXX"))),
          m_progress(progress), m_cancel(cancel)
    {}

    [[nodiscard]] Status ready() const
    {
        return m_dir.isValid()
                   ? Status(Ok{})
                   : Status(
                         ioError(tr("Cannot create a work folder: %1.").arg(m_dir.errorString())));
    }
    [[nodiscard]] QString path(const QString &name) const { return m_dir.filePath(name); }

    // The image, verified chunk by chunk against the bundle's signed manifest, into a file.
    Result<QString> image(const BundleReader &bundle, const ImageInfo &image, const QString &name);
    // A release note of the bundle, as a file whose suffix is the one the bundle used.
    [[nodiscard]] Result<QString> note(const BundleReader &bundle, const QString &language) const;

private:
    QTemporaryDir m_dir;
    const DeltaProgressFn &m_progress;
    const std::atomic<bool> *m_cancel;
};

Result<QString> Unpacker::image(const BundleReader &bundle, const ImageInfo &image,
                                const QString &name)
{
    const QString file = path(name);
    const int fd =
        ::open(QFile::encodeName(file).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return ioError(tr("Cannot create \"%1\": %2.").arg(file, errnoText()));
    }
    UniqueFd out(fd);
    PayloadCallbacks callbacks;
    callbacks.cancel = m_cancel;
    callbacks.write = [&](quint64 offset, QByteArrayView chunk) -> Status {
        if (::pwrite(fd, chunk.data(), size_t(chunk.size()), off_t(offset)) != chunk.size()) {
            return ioError(tr("Cannot write \"%1\": %2.").arg(file, errnoText()));
        }
        return Ok{};
    };
    callbacks.progress = [&](quint64 done) {
        if (m_progress) {
            m_progress(QStringLiteral("unpack"), done, image.size);
        }
    };
    if (image.delta) {
        return makeError(
            Error::Kind::Usage, "delta.mismatch",
            tr("\"%1\" is itself a delta; make deltas from full bundles.").arg(image.file));
    }
    const auto where = bundle.payload(image);
    auto streamed =
        streamPayload(image, {bundle.fd(), where.offset, where.size, where.crc32}, callbacks);
    if (!streamed) {
        return streamed.error();
    }
    return file;
}

Result<QString> Unpacker::note(const BundleReader &bundle, const QString &language) const
{
    QString suffix;
    for (const BundleReader::NoteEntry &entry : bundle.notes()) {
        if (entry.language == language) {
            suffix = QFileInfo(entry.name).fileName().section(QLatin1Char('.'), 2);
        }
    }
    const QString file =
        path(QStringLiteral("notes-%1%2")
                 .arg(language, suffix.isEmpty() ? QString() : QLatin1Char('.') + suffix));
    QFile out(file);
    const QByteArray text = bundle.manifest().releaseNotes.value(language).toUtf8();
    if (!out.open(QIODevice::WriteOnly) || out.write(text) != text.size()) {
        return ioError(tr("Cannot write \"%1\": %2.").arg(file, out.errorString()));
    }
    return file;
}

// The MiB regions in which the new image differs from the old one at the same place (past the
// old one's end, everything counts as changed).
Result<ImageChanges> compareImages(const QString &slotClass, const QString &oldPath,
                                   const QString &newPath)
{
    constexpr qint64 MiB = qint64(1) << 20;
    QFile oldFile(oldPath);
    QFile newFile(newPath);
    if (!newFile.open(QIODevice::ReadOnly) ||
        (!oldPath.isEmpty() && !oldFile.open(QIODevice::ReadOnly))) {
        return ioError(tr(R"(Cannot read "%1" or "%2".)").arg(oldPath, newPath));
    }
    ImageChanges changes{slotClass, quint64(newFile.size()), {}, 0};
    for (quint64 mib = 0;; ++mib) {
        const QByteArray now = newFile.read(MiB);
        if (now.isEmpty()) {
            break;
        }
        const QByteArray before = oldFile.isOpen() ? oldFile.read(MiB) : QByteArray();
        if (now == before) {
            continue;
        }
        ++changes.changedMiB;
        if (!changes.regions.isEmpty() && changes.regions.last().second + 1 == mib) {
            changes.regions.last().second = mib;
        } else {
            changes.regions.append({mib, mib});
        }
    }
    return changes;
}

BundleReader::Trust trustOf(const DeltaSpec &spec)
{
    return spec.allowUntrusted ? BundleReader::Trust::ShowUntrusted : BundleReader::Trust::Required;
}

// The old version: its images by slot class, and its version.
struct OldVersion {
    QMap<QString, QString> images; // slot class -> unpacked or given image file
    QString version;
};

Result<OldVersion> oldVersion(const DeltaSpec &spec, const Manifest &newManifest, Unpacker &unpack)
{
    QFile probe(spec.from);
    if (!probe.open(QIODevice::ReadOnly)) {
        return ioError(tr("Cannot read \"%1\": %2.").arg(spec.from, probe.errorString()));
    }
    const bool isBundle = probe.read(4) == QByteArray("PK\x03\x04", 4);
    probe.close();
    OldVersion old;
    if (!isBundle) {
        QString slotClass = spec.fromClass;
        if (slotClass.isEmpty()) {
            if (newManifest.images.size() != 1) {
                return makeError(Error::Kind::Usage, "delta.no-base",
                                 tr("The new bundle has %1 images: name the one \"%2\" is the old "
                                    "image of (--from-class).")
                                     .arg(QString::number(newManifest.images.size()), spec.from));
            }
            slotClass = newManifest.images.first().slotClass;
        }
        if (spec.fromVersion.isEmpty()) {
            return makeError(
                Error::Kind::Usage, "delta.no-base",
                tr("\"%1\" is a raw image: give its version (--from-version).").arg(spec.from));
        }
        old.images.insert(slotClass, spec.from);
        old.version = spec.fromVersion;
        return old;
    }
    auto bundle = BundleReader::open(spec.from, spec.keyring, trustOf(spec));
    if (!bundle) {
        return bundle.error();
    }
    const Manifest &m = bundle->manifest();
    if (m.compatible != newManifest.compatible) {
        return makeError(
            Error::Kind::Usage, "delta.mismatch",
            tr(R"(The old bundle is for "%1", the new one for "%2".)")
                .arg(displayString(m.compatible), displayString(newManifest.compatible)));
    }
    for (const ImageInfo &image : m.images) {
        if (newManifest.image(image.slotClass) == nullptr) {
            continue;
        }
        auto file = unpack.image(*bundle, image, QStringLiteral("old-%1.img").arg(image.slotClass));
        if (!file) {
            return file.error();
        }
        old.images.insert(image.slotClass, *file);
    }
    old.version = m.version.toString();
    return old;
}

// The spec of the delta bundle: what the new bundle says, with its images unpacked and each
// paired with the old image of its class.
Result<BundleSpec> deltaSpec(const DeltaSpec &spec, const BundleReader &newBundle,
                             const OldVersion &old, Unpacker &unpack)
{
    const Manifest &m = newBundle.manifest();
    BundleSpec out;
    out.compatible = m.compatible;
    out.version = m.version.toString();
    out.build = m.build;
    out.minVersion = m.minVersion ? m.minVersion->toString() : QString();
    out.baseVersion = old.version;
    out.hardware = m.hardware;
    out.keys = m.keys;
    out.requirements = m.requirements;
    out.signingKeys = spec.signingKeys;
    out.level = spec.level;
    out.threads = spec.threads;
    out.chunkSize = m.images.first().chunkSize;
    for (const ImageInfo &image : m.images) {
        if (image.chunkSize != out.chunkSize) {
            return makeError(Error::Kind::Usage, "delta.mismatch",
                             tr("The new bundle's images have different chunk sizes."));
        }
        auto file =
            unpack.image(newBundle, image, QStringLiteral("new-%1.img").arg(image.slotClass));
        if (!file) {
            return file.error();
        }
        BundleSpec::Image img{image.slotClass, *file, old.images.value(image.slotClass)};
        img.fullStoredSize = image.storedSize;
        out.images.append(img);
    }
    for (const QString &language : m.releaseNotes.keys()) {
        auto file = unpack.note(newBundle, language);
        if (!file) {
            return file.error();
        }
        out.notes.insert(language, *file);
    }
    return out;
}

} // namespace

Result<DeltaCreated> createDeltaBundle(const DeltaSpec &spec, const QString &outputPath,
                                       const DeltaProgressFn &progress,
                                       const std::atomic<bool> *cancel)
{
    auto newBundle = BundleReader::open(spec.newBundle, spec.keyring, trustOf(spec));
    if (!newBundle) {
        return newBundle.error();
    }
    Unpacker unpack(outputPath, progress, cancel);
    if (Status s = unpack.ready(); !s) {
        return s.error();
    }
    auto old = oldVersion(spec, newBundle->manifest(), unpack);
    if (!old) {
        return old.error();
    }
    if (old->images.isEmpty()) {
        return makeError(Error::Kind::Usage, "delta.no-base",
                         tr("The old version has no image of the slot classes the new one has."));
    }
    auto bundleSpec = deltaSpec(spec, *newBundle, *old, unpack);
    if (!bundleSpec) {
        return bundleSpec.error();
    }
    auto made = createBundle(
        *bundleSpec, outputPath,
        [&](quint64 done, quint64 total) {
            if (progress) {
                progress(QStringLiteral("compress"), done, total);
            }
        },
        cancel);
    if (!made) {
        return made.error();
    }
    DeltaCreated created{*made, newBundle->fileSize(), quint64(QFileInfo(outputPath).size()), {}};
    if (spec.compareRegions) {
        for (const BundleSpec::Image &image : bundleSpec->images) {
            auto changes = compareImages(image.slotClass, image.basePath, image.path);
            if (!changes) {
                return changes.error();
            }
            created.changes.append(*changes);
        }
    }
    return created;
}

} // namespace seesaw
