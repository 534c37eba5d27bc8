#include "media/mediascanner.h"

#include "base/errnotext.h"
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
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace seesaw::media {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::MediaManager", text);
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
        if (!current.isValid()) {
            return current;
        }
        UniqueFd next(::openat(current.get(), component.constData(),
                               O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        struct stat st {};
        if (!next.isValid()) {
            int error = errno;
            // O_DIRECTORY reports a symbolic link as ENOTDIR; callers want to tell them apart.
            if (error == ENOTDIR &&
                ::fstatat(current.get(), component.constData(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                S_ISLNK(st.st_mode)) {
                error = ELOOP;
            }
            errno = error;
            return next;
        }
        if (::fstat(next.get(), &st) != 0 || st.st_dev != rootDev) {
            errno = EXDEV;
            return {};
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

struct ScanStop {
    const char *limit = nullptr; // the limit that stopped the scan; none after a read error
};

// One breadth-first walk of a medium for bundles, within the limits: the directories still to
// list and what was found so far.
class BundleScan {
public:
    BundleScan(int rootFd, const ScanLimits &limits) : m_rootFd(rootFd), m_limits(limits) {}
    ScanOutcome run();

private:
    std::optional<ScanStop> listDirectory(const PendingDirectory &directory);
    std::optional<ScanStop> takeEntry(const PendingDirectory &directory, int dirFd,
                                      const dirent &entry);
    ScanOutcome finish(const char *limit);

    const int m_rootFd;
    const ScanLimits &m_limits;
    dev_t m_rootDev = 0;
    QElapsedTimer m_clock;
    ScanOutcome m_outcome;
    bool m_tooDeep = false; // a directory was left out, the walk went on
    std::deque<PendingDirectory> m_pending{PendingDirectory{}};
};

ScanOutcome BundleScan::run()
{
    m_clock.start();
    struct stat rootStat {};
    if (::fstat(m_rootFd, &rootStat) != 0) {
        m_outcome.readError = errno;
        return m_outcome;
    }
    m_rootDev = rootStat.st_dev;
    while (!m_pending.empty()) {
        const PendingDirectory directory = std::move(m_pending.front());
        m_pending.pop_front();
        if (const std::optional<ScanStop> stop = listDirectory(directory)) {
            return finish(stop->limit);
        }
    }
    return finish(nullptr);
}

// Every entry of one directory; a stop when the scan must end here.
std::optional<ScanStop> BundleScan::listDirectory(const PendingDirectory &directory)
{
    faultPoint("media:scan-directory"); // tests: a slow stick, pulled while it is scanned
    UniqueFd fd = openDirectoryBelow(m_rootFd, m_rootDev, directory.components);
    if (!fd.isValid()) {
        if (isGoneErrno(errno)) {
            m_outcome.readError = errno;
            return ScanStop{};
        }
        return std::nullopt; // replaced or removed while scanning: nothing to list there
    }
    const std::unique_ptr<DIR, DirCloser> dir(::fdopendir(fd.get()));
    if (!dir) {
        return std::nullopt;
    }
    fd.release();
    const int dirFd = ::dirfd(dir.get());
    while (true) {
        if (m_clock.elapsed() > m_limits.maxMillis) {
            return ScanStop{"time"};
        }
        errno = 0;
        // NOLINTNEXTLINE(concurrency-mt-unsafe): this thread's own stream (readdir_r is deprecated)
        const dirent *entry = ::readdir(dir.get());
        if (entry == nullptr) {
            if (errno != 0) {
                m_outcome.readError = errno;
                return ScanStop{};
            }
            return std::nullopt;
        }
        if (std::optional<ScanStop> stop = takeEntry(directory, dirFd, *entry)) {
            return stop;
        }
    }
}

// One entry of a directory: a directory to list later, a bundle found, or nothing of interest.
std::optional<ScanStop> BundleScan::takeEntry(const PendingDirectory &directory, int dirFd,
                                              const dirent &entry)
{
    const QByteArray name(entry.d_name);
    if (name == "." || name == "..") {
        return std::nullopt;
    }
    if (++m_outcome.entriesSeen > m_limits.maxEntries) {
        return ScanStop{"entries"};
    }
    if (name.size() > m_limits.maxNameBytes || name.startsWith('.') || !isUsableName(name)) {
        return std::nullopt;
    }
    unsigned char type = entry.d_type;
    struct stat st {};
    const bool wantsBundle = isBundleName(name);
    if (type == DT_UNKNOWN || (type == DT_REG && wantsBundle)) {
        if (::fstatat(dirFd, name.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
            return std::nullopt;
        }
        type = S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : DT_UNKNOWN;
    }
    const qsizetype pathBytes =
        directory.pathBytes + (directory.components.isEmpty() ? 0 : 1) + name.size();
    if (pathBytes > MaxRelativePathBytes) {
        return std::nullopt;
    }
    if (type == DT_DIR) {
        if (directory.depth >= m_limits.maxDepth) {
            m_tooDeep = true;
            return std::nullopt;
        }
        PendingDirectory child{directory.components, directory.depth + 1, pathBytes};
        child.components.append(name);
        m_pending.push_back(std::move(child));
    } else if (type == DT_REG && wantsBundle && st.st_dev == m_rootDev) {
        QByteArray path = directory.components.join('/');
        if (!path.isEmpty()) {
            path += '/';
        }
        path += name;
        m_outcome.bundles.append({QString::fromUtf8(path), quint64(st.st_size)});
        if (m_outcome.bundles.size() >= m_limits.maxBundles) {
            return ScanStop{"bundles"};
        }
    }
    return std::nullopt;
}

ScanOutcome BundleScan::finish(const char *limit)
{
    if (limit != nullptr) {
        m_outcome.limitHit = QString::fromLatin1(limit);
    } else if (m_tooDeep) {
        m_outcome.limitHit = QStringLiteral("depth");
    }
    std::sort(
        m_outcome.bundles.begin(), m_outcome.bundles.end(),
        [](const FoundBundle &a, const FoundBundle &b) { return a.relativePath < b.relativePath; });
    return m_outcome;
}

} // namespace

Result<QList<QByteArray>> splitRelativePath(const QString &relativePath)
{
    const QByteArray bytes = relativePath.toUtf8();
    if (bytes.isEmpty()) {
        return invalidPath(tr("it is empty"));
    }
    if (bytes.size() > MaxRelativePathBytes) {
        return invalidPath(tr("it is longer than %1 bytes").arg(MaxRelativePathBytes));
    }
    if (bytes.startsWith('/')) {
        return invalidPath(tr("it is absolute"));
    }
    if (bytes.contains('\0') || bytes.contains('\\')) {
        return invalidPath(tr("it contains a NUL character or a backslash"));
    }
    const QList<QByteArray> components = bytes.split('/');
    for (const QByteArray &component : components) {
        if (component.isEmpty() || component == "." || component == "..") {
            return invalidPath(tr(R"(it has an empty, "." or ".." component)"));
        }
        if (component.size() > MaxNameBytes) {
            return invalidPath(tr("a name is longer than %1 bytes").arg(MaxNameBytes));
        }
    }
    return components;
}

ScanOutcome scanForBundles(int rootFd, const ScanLimits &limits)
{
    return BundleScan(rootFd, limits).run();
}

Result<UniqueFd> openRegularFile(int rootFd, const QString &relativePath, int *errorNumber)
{
    if (errorNumber != nullptr) {
        *errorNumber = 0;
    }
    const Result<QList<QByteArray>> split = splitRelativePath(relativePath);
    if (!split) {
        return split.error();
    }
    QList<QByteArray> components = split.value();
    const QByteArray fileName = components.takeLast();
    const QString shown = displayString(relativePath, 200);
    const auto failure = [&](int error) -> Error {
        if (errorNumber != nullptr) {
            *errorNumber = error;
        }
        if (error == ENOENT || error == ENOTDIR) {
            return makeError(Error::Kind::Usage, "media.not-found",
                             tr("%1 does not exist on the medium.").arg(shown));
        }
        if (error == ELOOP) {
            return makeError(
                Error::Kind::Invalid, "media.not-regular",
                tr("%1 goes through a symbolic link, which is not followed.").arg(shown));
        }
        if (error == EXDEV) {
            return makeError(Error::Kind::Invalid, "media.not-regular",
                             tr("%1 leaves the medium's file system.").arg(shown));
        }
        return makeError(Error::Kind::Io, "media.io",
                         tr("Cannot open %1 on the medium: %2.").arg(shown, errnoText(error)));
    };
    struct stat rootStat {};
    if (::fstat(rootFd, &rootStat) != 0) {
        return failure(errno);
    }
    const UniqueFd dir = openDirectoryBelow(rootFd, rootStat.st_dev, components);
    if (!dir.isValid()) {
        return failure(errno);
    }

    const auto notRegular = [&] {
        return makeError(Error::Kind::Invalid, "media.not-regular",
                         tr("%1 is not a regular file.").arg(shown));
    };
    // Look before opening, so that a FIFO (which would block) or a device is never opened.
    struct stat st {};
    if (::fstatat(dir.get(), fileName.constData(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        return failure(errno);
    }
    if (S_ISLNK(st.st_mode)) {
        return failure(ELOOP);
    }
    if (!S_ISREG(st.st_mode)) {
        return notRegular();
    }
    // O_NONBLOCK in case it was swapped for a FIFO since the look; fstat decides.
    UniqueFd file(::openat(dir.get(), fileName.constData(),
                           O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (!file.isValid()) {
        return failure(errno);
    }
    if (::fstat(file.get(), &st) != 0) {
        return failure(errno);
    }
    if (!S_ISREG(st.st_mode)) {
        return notRegular();
    }
    if (st.st_dev != rootStat.st_dev) {
        return failure(EXDEV);
    }
    const int flags = ::fcntl(file.get(), F_GETFL);
    if (flags < 0 || ::fcntl(file.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) {
        return failure(errno);
    }
    return file;
}

} // namespace seesaw::media
