#include "media/mediascanner.h"

#include "base/faultpoint.h"
#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace seesaw::media {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::MediaManager", text);
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

Error invalidPath(const QString &why)
{
    return makeError(Error::Kind::Usage, "media.invalid-path",
                     tr("The path on the medium is not acceptable: %1.").arg(why));
}

// The directory named by components below rootFd, every one opened without following links
// and required to stay on the root's file system. Invalid with errno set on failure (ELOOP
// for a symbolic link, EXDEV for another file system).
UniqueFd openDirectoryBelow(int rootFd, dev_t rootDev, const QList<QByteArray> &components)
{
    UniqueFd current(::openat(rootFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    for (const QByteArray &component : components) {
        if (!current.isValid())
            return current;
        UniqueFd next(::openat(current.get(), component.constData(),
                               O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        struct stat st {};
        if (!next.isValid()) {
            int error = errno;
            // O_DIRECTORY reports a symbolic link as ENOTDIR; callers want to tell them apart.
            if (error == ENOTDIR &&
                ::fstatat(current.get(), component.constData(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                S_ISLNK(st.st_mode))
                error = ELOOP;
            errno = error;
            return next;
        }
        if (::fstat(next.get(), &st) != 0 || st.st_dev != rootDev) {
            errno = EXDEV;
            return UniqueFd();
        }
        current = std::move(next);
    }
    return current;
}

bool isBundleName(const QByteArray &name)
{
    static const QByteArray suffix(".seesaw");
    return name.size() > suffix.size() && qstrnicmp(name.constData() + name.size() - suffix.size(),
                                                    suffix.constData(), size_t(suffix.size())) == 0;
}

// Names a client could send back to openRegularFile: valid UTF-8 and no backslash.
bool isUsableName(const QByteArray &name)
{
    return !name.contains('\\') && QString::fromUtf8(name).toUtf8() == name;
}

struct DirCloser {
    void operator()(DIR *dir) const { ::closedir(dir); }
};

struct PendingDirectory {
    QList<QByteArray> components;
    int depth = 0;
    qsizetype pathBytes = 0;
};

bool isGoneErrno(int error)
{
    return error == EIO || error == ENODEV || error == ENXIO || error == ESTALE;
}

} // namespace

Result<QList<QByteArray>> splitRelativePath(const QString &relativePath)
{
    const QByteArray bytes = relativePath.toUtf8();
    if (bytes.isEmpty())
        return invalidPath(tr("it is empty"));
    if (bytes.size() > MaxRelativePathBytes)
        return invalidPath(tr("it is longer than %1 bytes").arg(MaxRelativePathBytes));
    if (bytes.startsWith('/'))
        return invalidPath(tr("it is absolute"));
    if (bytes.contains('\0') || bytes.contains('\\'))
        return invalidPath(tr("it contains a NUL character or a backslash"));
    const QList<QByteArray> components = bytes.split('/');
    for (const QByteArray &component : components) {
        if (component.isEmpty() || component == "." || component == "..")
            return invalidPath(tr("it has an empty, \".\" or \"..\" component"));
        if (component.size() > MaxNameBytes)
            return invalidPath(tr("a name is longer than %1 bytes").arg(MaxNameBytes));
    }
    return components;
}

ScanOutcome scanForBundles(int rootFd, const ScanLimits &limits)
{
    ScanOutcome outcome;
    QElapsedTimer clock;
    clock.start();
    struct stat rootStat {};
    if (::fstat(rootFd, &rootStat) != 0) {
        outcome.readError = errno;
        return outcome;
    }
    bool tooDeep = false; // a directory was left out, the walk went on
    const auto finish = [&outcome, &tooDeep](const char *limit) {
        if (limit)
            outcome.limitHit = QString::fromLatin1(limit);
        else if (tooDeep)
            outcome.limitHit = QStringLiteral("depth");
        std::sort(outcome.bundles.begin(), outcome.bundles.end(),
                  [](const FoundBundle &a, const FoundBundle &b) {
                      return a.relativePath < b.relativePath;
                  });
        return outcome;
    };

    std::deque<PendingDirectory> pending{PendingDirectory{}};
    while (!pending.empty()) {
        const PendingDirectory directory = std::move(pending.front());
        pending.pop_front();
        faultPoint("media:scan-directory"); // tests: a slow stick, pulled while it is scanned
        UniqueFd fd = openDirectoryBelow(rootFd, rootStat.st_dev, directory.components);
        if (!fd.isValid()) {
            if (isGoneErrno(errno)) {
                outcome.readError = errno;
                return finish(nullptr);
            }
            continue; // replaced or removed while scanning: nothing to list there
        }
        const std::unique_ptr<DIR, DirCloser> dir(::fdopendir(fd.get()));
        if (!dir)
            continue;
        fd.release();
        const int dirFd = ::dirfd(dir.get());
        while (true) {
            if (clock.elapsed() > limits.maxMillis)
                return finish("time");
            errno = 0;
            const dirent *entry = ::readdir(dir.get());
            if (!entry) {
                if (errno != 0) {
                    outcome.readError = errno;
                    return finish(nullptr);
                }
                break;
            }
            const QByteArray name(entry->d_name);
            if (name == "." || name == "..")
                continue;
            if (++outcome.entriesSeen > limits.maxEntries)
                return finish("entries");
            if (name.size() > limits.maxNameBytes || name.startsWith('.') || !isUsableName(name))
                continue;
            unsigned char type = entry->d_type;
            struct stat st {};
            const bool wantsBundle = isBundleName(name);
            if (type == DT_UNKNOWN || (type == DT_REG && wantsBundle)) {
                if (::fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
                    continue;
                type = S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : DT_UNKNOWN;
            }
            const qsizetype pathBytes =
                directory.pathBytes + (directory.components.isEmpty() ? 0 : 1) + name.size();
            if (pathBytes > MaxRelativePathBytes)
                continue;
            if (type == DT_DIR) {
                if (directory.depth >= limits.maxDepth) {
                    tooDeep = true;
                    continue;
                }
                PendingDirectory child{directory.components, directory.depth + 1, pathBytes};
                child.components.append(name);
                pending.push_back(std::move(child));
            } else if (type == DT_REG && wantsBundle && st.st_dev == rootStat.st_dev) {
                QByteArray path = directory.components.join('/');
                if (!path.isEmpty())
                    path += '/';
                path += name;
                outcome.bundles.append({QString::fromUtf8(path), quint64(st.st_size)});
                if (outcome.bundles.size() >= limits.maxBundles)
                    return finish("bundles");
            }
        }
    }
    return finish(nullptr);
}

Result<UniqueFd> openRegularFile(int rootFd, const QString &relativePath, int *errorNumber)
{
    if (errorNumber)
        *errorNumber = 0;
    const Result<QList<QByteArray>> split = splitRelativePath(relativePath);
    if (!split)
        return split.error();
    QList<QByteArray> components = split.value();
    const QByteArray fileName = components.takeLast();
    const QString shown = displayString(relativePath, 200);
    const auto failure = [&](int error) -> Error {
        if (errorNumber)
            *errorNumber = error;
        if (error == ENOENT || error == ENOTDIR)
            return makeError(Error::Kind::Usage, "media.not-found",
                             tr("%1 does not exist on the medium.").arg(shown));
        if (error == ELOOP)
            return makeError(
                Error::Kind::Invalid, "media.not-regular",
                tr("%1 goes through a symbolic link, which is not followed.").arg(shown));
        if (error == EXDEV)
            return makeError(Error::Kind::Invalid, "media.not-regular",
                             tr("%1 leaves the medium's file system.").arg(shown));
        return makeError(Error::Kind::Io, "media.io",
                         tr("Cannot open %1 on the medium: %2.").arg(shown, errnoText(error)));
    };
    struct stat rootStat {};
    if (::fstat(rootFd, &rootStat) != 0)
        return failure(errno);
    const UniqueFd dir = openDirectoryBelow(rootFd, rootStat.st_dev, components);
    if (!dir.isValid())
        return failure(errno);

    const auto notRegular = [&] {
        return makeError(Error::Kind::Invalid, "media.not-regular",
                         tr("%1 is not a regular file.").arg(shown));
    };
    // Look before opening, so that a FIFO (which would block) or a device is never opened.
    struct stat st {};
    if (::fstatat(dir.get(), fileName.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0)
        return failure(errno);
    if (S_ISLNK(st.st_mode))
        return failure(ELOOP);
    if (!S_ISREG(st.st_mode))
        return notRegular();
    // O_NONBLOCK in case it was swapped for a FIFO since the look; fstat decides.
    UniqueFd file(::openat(dir.get(), fileName.constData(),
                           O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (!file.isValid())
        return failure(errno);
    if (::fstat(file.get(), &st) != 0)
        return failure(errno);
    if (!S_ISREG(st.st_mode))
        return notRegular();
    if (st.st_dev != rootStat.st_dev)
        return failure(EXDEV);
    const int flags = ::fcntl(file.get(), F_GETFL);
    if (flags < 0 || ::fcntl(file.get(), F_SETFL, flags & ~O_NONBLOCK) != 0)
        return failure(errno);
    return file;
}

} // namespace seesaw::media
