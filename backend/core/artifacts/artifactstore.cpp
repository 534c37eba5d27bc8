#include "artifacts/artifactstore.h"

#include "base/atomicfile.h"
#include "base/errnotext.h"
#include "base/faultpoint.h"
#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace seesaw {

namespace {

constexpr auto PartialPrefix = QLatin1String(".partial-");
constexpr auto PreviousLink = QLatin1String("previous");
// Room left free beside a new version: the file system's own needs and the links' updates.

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::ArtifactStore", text);
}

Error ioError(const QString &what, int err)
{
    return makeError(Error::Kind::Io, "artifacts.io", tr("%1: %2.").arg(what, errnoText(err)));
}

// The target of a symbolic link; empty when `path` is none.
QString readLink(const QString &path)
{
    QByteArray buffer(4096, '\0');
    const ssize_t n =
        ::readlink(QFile::encodeName(path).constData(), buffer.data(), size_t(buffer.size() - 1));
    return n > 0 ? QFile::decodeName(buffer.left(n)) : QString();
}

// A new link at `path` to `target`, made next to it and renamed over it, then made durable.
Status replaceLink(const QString &path, const QString &target)
{
    const QString temp = QFileInfo(path).absolutePath() + QStringLiteral("/.") +
                         QFileInfo(path).fileName() + QStringLiteral(".new");
    ::unlink(QFile::encodeName(temp).constData());
    if (::symlink(QFile::encodeName(target).constData(), QFile::encodeName(temp).constData()) !=
        0) {
        return ioError(tr("Cannot make the link %1").arg(temp), errno);
    }
    faultPoint("artifacts:before-link-rename");
    if (::rename(QFile::encodeName(temp).constData(), QFile::encodeName(path).constData()) != 0) {
        const int err = errno;
        ::unlink(QFile::encodeName(temp).constData());
        return ioError(tr("Cannot switch %1").arg(path), err);
    }
    return withCode(syncDirectory(QFileInfo(path).absolutePath()), "artifacts.io");
}

// fsync of a file or directory by path.
Status syncPath(const QString &path, bool directory)
{
    const int fd =
        ::open(QFile::encodeName(path).constData(),
               O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | (directory ? O_DIRECTORY : 0));
    if (fd < 0) {
        return ioError(tr("Cannot open %1").arg(path), errno);
    }
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    return rc == 0 ? Status(Ok{}) : Status(ioError(tr("Cannot write %1").arg(path), err));
}

// Every file and directory of a staged tree on disk, then the tree itself (in any order: the
// tree is renamed into place only after all of them).
Status syncTree(const QString &root)
{
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo info = it.nextFileInfo();
        if (info.isSymLink()) {
            continue; // a link's target is its content, written with its directory
        }
        if (Status s = syncPath(info.filePath(), info.isDir()); !s) {
            return s;
        }
    }
    return syncPath(root, true);
}

quint64 bytesOf(const QFileInfo &info)
{
    if (!info.isDir() || info.isSymLink()) {
        return info.isSymLink() ? 0 : quint64(info.size());
    }
    quint64 total = 0;
    QDirIterator it(info.filePath(), QDir::Files | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QFileInfo file = it.nextFileInfo();
        if (!file.isSymLink()) {
            total += quint64(file.size());
        }
    }
    return total;
}

void removeAll(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir() && !info.isSymLink()) {
        QDir(path).removeRecursively();
    } else {
        QFile::remove(path);
    }
}

// The version a link names: "STORE/ENTRY/V[.raw]" for ENTRY, "V[.raw]" for previous.
QString versionOfTarget(const QString &target, const QString &prefix, bool image)
{
    if (!target.startsWith(prefix)) {
        return {};
    }
    QString version = target.mid(prefix.size());
    if (image) {
        if (!version.endsWith(QLatin1String(".raw"))) {
            return {};
        }
        version.chop(4);
    }
    return isArtifactVersion(version) ? version : QString();
}

bool isImageType(ArtifactRepository::Type type)
{
    return type == ArtifactRepository::Type::Sysext || type == ArtifactRepository::Type::Confext;
}

} // namespace

QString ArtifactStore::storeDir() const
{
    return m_repo.store;
}

QString ArtifactStore::entryDir(const QString &entry) const
{
    return storeDir() + QLatin1Char('/') + entry;
}

QString ArtifactStore::versionFile(const QString &version) const
{
    return isImageType(m_repo.type) ? version + QStringLiteral(".raw") : version;
}

QString ArtifactStore::linkPath(const QString &entry) const
{
    return m_repo.path + QLatin1Char('/') + versionFile(entry);
}

Status ArtifactStore::recover() const
{
    const QDir store(storeDir());
    for (const QString &entry : store.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QDir dir(entryDir(entry));
        for (const QString &name :
             dir.entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot)) {
            // .partial-V, and a rollback target's link not yet renamed over `previous`
            if (name.startsWith(QLatin1Char('.'))) {
                removeAll(dir.filePath(name));
            } else if (name.endsWith(releaseSuffix()) &&
                       !QFileInfo::exists(
                           dir.filePath(versionFile(name.chopped(releaseSuffix().size()))))) {
                QFile::remove(dir.filePath(name)); // written by a commit cut before its rename
            }
        }
    }
    // Links made but not yet renamed over ENTRY or previous.
    const QDir top(m_repo.path);
    for (const QString &name : top.entryList(QDir::System | QDir::Hidden | QDir::Files)) {
        if (name.startsWith(QLatin1Char('.')) && name.endsWith(QLatin1String(".new")) &&
            QFileInfo(top.filePath(name)).isSymLink()) {
            QFile::remove(top.filePath(name));
        }
    }
    return top.exists() ? withCode(syncDirectory(m_repo.path), "artifacts.io") : Status(Ok{});
}

Result<ArtifactEntryState> ArtifactStore::state(const QString &entry) const
{
    if (!isArtifactName(entry)) {
        return makeError(Error::Kind::Invalid, "artifacts.name",
                         tr("%1 is not an artifact name.").arg(displayString(entry)));
    }
    const bool image = isImageType(m_repo.type);
    ArtifactEntryState st;
    st.entry = entry;
    st.current =
        versionOfTarget(readLink(linkPath(entry)), entryDir(entry) + QLatin1Char('/'), image);
    st.previous = versionOfTarget(readLink(entryDir(entry) + QLatin1Char('/') + PreviousLink),
                                  QString(), image);
    const QDir dir(entryDir(entry));
    const QFileInfoList versions =
        dir.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot, QDir::Time | QDir::Reversed);
    for (const QFileInfo &info : versions) {
        if (info.isSymLink()) {
            continue;
        }
        const QString version = versionOfTarget(info.fileName(), QString(), image);
        if (version.isEmpty()) {
            continue;
        }
        st.kept.append(version);
        if (version == st.current) {
            st.currentBytes = bytesOf(info);
        }
    }
    if (!st.kept.contains(st.current)) {
        st.current.clear();
    }
    if (!st.kept.contains(st.previous)) {
        st.previous.clear();
    }
    return st;
}

Result<QList<ArtifactEntryState>> ArtifactStore::list() const
{
    QList<ArtifactEntryState> entries;
    const QStringList names =
        QDir(storeDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &name : names.mid(0, limits::MaxArtifactEntries)) {
        if (!isArtifactName(name)) {
            continue;
        }
        auto st = state(name);
        if (!st) {
            return st.error();
        }
        entries.append(*st);
    }
    return entries;
}

Result<StagedArtifact> ArtifactStore::stage(const QString &entry, const QString &version,
                                            quint64 bytes) const
{
    if (!isArtifactName(entry) || !isArtifactVersion(version)) {
        return makeError(Error::Kind::Invalid, "artifacts.name",
                         tr("%1 %2 is not an artifact name and version.")
                             .arg(displayString(entry), displayString(version)));
    }
    auto before = state(entry);
    if (!before) {
        return before.error();
    }
    if (before->current == version) {
        return makeError(Error::Kind::Invalid, "artifacts.exists",
                         tr("%1 %2 is already the version in use.").arg(entry, version));
    }
    const QString dir = entryDir(entry);
    if (!QDir().mkpath(dir)) {
        return ioError(tr("Cannot make %1").arg(dir), errno);
    }
    struct statvfs fs {};
    if (::statvfs(QFile::encodeName(dir).constData(), &fs) != 0) {
        return ioError(tr("Cannot read the free space of %1").arg(dir), errno);
    }
    const quint64 free = quint64(fs.f_bavail) * quint64(fs.f_frsize);
    if (free < bytes + limits::ArtifactSpaceMargin) {
        return makeError(Error::Kind::Invalid, "artifacts.space",
                         tr("%1 %2 needs %3 MiB in %4, which has %5 MiB free.")
                             .arg(entry, version,
                                  QString::number((bytes + limits::ArtifactSpaceMargin) >> 20),
                                  m_repo.path, QString::number(free >> 20)));
    }
    StagedArtifact staged;
    staged.entry = entry;
    staged.version = version;
    staged.path = dir + QLatin1Char('/') + PartialPrefix + versionFile(version);
    removeAll(staged.path); // what an earlier attempt left
    if (m_repo.type == ArtifactRepository::Type::Tree) {
        if (::mkdir(QFile::encodeName(staged.path).constData(), 0755) != 0) {
            return ioError(tr("Cannot make %1").arg(staged.path), errno);
        }
        return staged;
    }
    staged.fd.reset(::open(QFile::encodeName(staged.path).constData(),
                           O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644));
    if (!staged.fd.isValid()) {
        return ioError(tr("Cannot create %1").arg(staged.path), errno);
    }
    return staged;
}

Status ArtifactStore::complete(StagedArtifact &staged) const
{
    const bool tree = m_repo.type == ArtifactRepository::Type::Tree;
    if (tree) {
        if (Status s = syncTree(staged.path); !s) {
            return s;
        }
    } else if (::fsync(staged.fd.get()) != 0) {
        return ioError(tr("Cannot write %1").arg(staged.path), errno);
    }
    staged.fd.reset();
    const QString dir = entryDir(staged.entry) + QLatin1Char('/');
    if (staged.release && isImageType(m_repo.type)) {
        if (Status s = writeFileAtomically(dir + staged.version + releaseSuffix(),
                                           formatReleaseText(*staged.release), 0644);
            !s) {
            return withCode(s, "artifacts.io");
        }
    }
    faultPoint("artifacts:before-complete");
    const QString done = dir + versionFile(staged.version);
    if (tree) {
        removeAll(done); // an older copy of the same version, not in use (stage() checked)
    }
    return withCode(renameDurably(staged.path, done), "artifacts.io");
}

Status ArtifactStore::commit(StagedArtifact &staged) const
{
    if (Status s = complete(staged); !s) {
        return s;
    }
    faultPoint("artifacts:before-switch");
    auto before = state(staged.entry);
    if (!before) {
        return before.error();
    }
    if (Status s = switchLink(staged.entry, staged.version); !s) {
        return s;
    }
    faultPoint("artifacts:after-switch");
    if (!before->current.isEmpty()) {
        if (Status s = setPrevious(staged.entry, before->current); !s) {
            return s;
        }
    }
    prune(staged.entry);
    return Ok{};
}

Status ArtifactStore::rollback(const QString &entry) const
{
    auto st = state(entry);
    if (!st) {
        return st.error();
    }
    if (st->previous.isEmpty() || st->previous == st->current) {
        return makeError(Error::Kind::Invalid, "artifacts.no-previous",
                         tr("%1 has no earlier version to return to.").arg(entry));
    }
    if (Status s = switchLink(entry, st->previous); !s) {
        return s;
    }
    faultPoint("artifacts:after-switch");
    if (!st->current.isEmpty()) {
        return setPrevious(entry, st->current);
    }
    return Ok{};
}

Status ArtifactStore::switchTo(const QString &entry, const QString &version,
                               const QString &previous) const
{
    auto st = state(entry);
    if (!st) {
        return st.error();
    }
    if (!st->kept.contains(version)) {
        return makeError(Error::Kind::Invalid, "artifacts.no-version",
                         tr("%1 %2 is not on this device.").arg(entry, displayString(version)));
    }
    if (st->current != version) {
        if (Status s = switchLink(entry, version); !s) {
            return s;
        }
    }
    if (previous.isEmpty() || previous == version || st->previous == previous ||
        !st->kept.contains(previous)) {
        return Ok{};
    }
    return setPrevious(entry, previous);
}

Status ArtifactStore::unlink(const QString &entry) const
{
    auto st = state(entry);
    if (!st) {
        return st.error();
    }
    const QString link = linkPath(entry);
    if (::unlink(QFile::encodeName(link).constData()) != 0 && errno != ENOENT) {
        return ioError(tr("Cannot remove %1").arg(link), errno);
    }
    if (Status s = withCode(syncDirectory(m_repo.path), "artifacts.io"); !s) {
        return s;
    }
    faultPoint("artifacts:after-switch");
    return st->current.isEmpty() ? Status(Ok{}) : setPrevious(entry, st->current);
}

Status ArtifactStore::switchLink(const QString &entry, const QString &version) const
{
    if (!QDir().mkpath(m_repo.path)) {
        return ioError(tr("Cannot make %1").arg(m_repo.path), errno);
    }
    return replaceLink(linkPath(entry), entryDir(entry) + QLatin1Char('/') + versionFile(version));
}

Status ArtifactStore::setPrevious(const QString &entry, const QString &version) const
{
    return replaceLink(entryDir(entry) + QLatin1Char('/') + PreviousLink, versionFile(version));
}

// Versions beyond `keep`, oldest first; never the one in use or the rollback target.
void ArtifactStore::prune(const QString &entry) const
{
    auto st = state(entry);
    if (!st) {
        return;
    }
    qsizetype excess = st->kept.size() - m_repo.keep;
    for (const QString &version : std::as_const(st->kept)) {
        if (excess <= 0) {
            break;
        }
        if (version == st->current || version == st->previous) {
            continue;
        }
        removeAll(entryDir(entry) + QLatin1Char('/') + versionFile(version));
        QFile::remove(entryDir(entry) + QLatin1Char('/') + version + releaseSuffix());
        --excess;
    }
    (void)syncDirectory(entryDir(entry));
}

} // namespace seesaw
