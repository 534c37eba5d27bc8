#include "filebrowser.h"

#include "base/errnotext.h"

#include <QCollator>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QRegularExpression>
#include <QUrl>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>

namespace {

struct DirClose {
    void operator()(DIR *dir) const { ::closedir(dir); }
};

QDateTime modifiedTime(const struct stat &st)
{
    return QDateTime::fromSecsSinceEpoch(st.st_mtim.tv_sec);
}

} // namespace

FileBrowser::FileBrowser(QObject *parent) : QAbstractListModel(parent)
{
    setFolder(QDir::homePath());
}

int FileBrowser::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant FileBrowser::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size()) {
        return {};
    }
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case NameRole:
    case Qt::DisplayRole:
        return e.name;
    case PathRole:
        return e.path;
    case IsDirRole:
        return e.isDir;
    case SizeRole:
        return double(e.size);
    case ModifiedRole:
        return e.modified;
    default:
        return {};
    }
}

QHash<int, QByteArray> FileBrowser::roleNames() const
{
    return {{NameRole, "name"},
            {PathRole, "path"},
            {IsDirRole, "isDir"},
            {SizeRole, "size"},
            {ModifiedRole, "modified"}};
}

void FileBrowser::setFolder(const QString &folder)
{
    QString path = folder.startsWith(QLatin1String("file:")) ? QUrl(folder).toLocalFile() : folder;
    if (!path.startsWith(QLatin1Char('/'))) {
        path = QDir::rootPath() + path;
    }
    // Canonical, so that `up` leads to the real parent and a link loop cannot grow the path.
    const QString canonical = QFileInfo(path).canonicalFilePath();
    path = canonical.isEmpty() ? QDir::cleanPath(path) : canonical;
    if (path == m_folder && m_error.isEmpty() && !m_entries.isEmpty()) {
        return;
    }
    const bool changed = path != m_folder;
    m_folder = path;
    refresh();
    if (changed) {
        Q_EMIT folderChanged();
    }
}

QString FileBrowser::parentFolder() const
{
    if (m_folder == QDir::rootPath()) {
        return {};
    }
    const QString parent = QFileInfo(m_folder).path();
    return parent.isEmpty() ? QDir::rootPath() : parent;
}

void FileBrowser::setNameFilters(const QStringList &filters)
{
    if (filters == m_nameFilters) {
        return;
    }
    m_nameFilters = filters;
    refresh();
    Q_EMIT nameFiltersChanged();
}

void FileBrowser::setShowHidden(bool show)
{
    if (show == m_showHidden) {
        return;
    }
    m_showHidden = show;
    refresh();
    Q_EMIT showHiddenChanged();
}

void FileBrowser::cd(const QString &path)
{
    setFolder(QDir::isAbsolutePath(path) ? path : m_folder + QLatin1Char('/') + path);
}

void FileBrowser::up()
{
    const QString parent = parentFolder();
    if (!parent.isEmpty()) {
        setFolder(parent);
    }
}

void FileBrowser::setError(const QString &error)
{
    if (error == m_error) {
        return;
    }
    m_error = error;
    Q_EMIT errorChanged();
}

// What the operator is told when a folder cannot be opened (errno `e`).
QString FileBrowser::openError(int e)
{
    if (e == EACCES || e == EPERM) {
        return tr("You do not have permission to open this folder.");
    }
    if (e == ENOENT) {
        return tr("This folder does not exist.");
    }
    if (e == ENOTDIR) {
        return tr("This is not a folder.");
    }
    return tr("This folder cannot be opened: %1.").arg(seesaw::errnoText(e));
}

// The folders and the regular files matching the name filters of `dir` (m_folder), at most
// MaxEntries; links are followed, dangling ones and other kinds of file left out.
QList<FileBrowser::Entry> FileBrowser::readFolder(DIR *dir) const
{
    QList<QRegularExpression> patterns;
    for (const QString &filter : m_nameFilters) {
        patterns.append(QRegularExpression(QRegularExpression::wildcardToRegularExpression(filter),
                                           QRegularExpression::CaseInsensitiveOption));
    }
    const auto matches = [&patterns](const QString &name) {
        return patterns.isEmpty() ||
               std::any_of(patterns.cbegin(), patterns.cend(),
                           [&](const QRegularExpression &re) { return re.match(name).hasMatch(); });
    };
    QList<Entry> entries;
    const int fd = ::dirfd(dir);
    // NOLINTNEXTLINE(concurrency-mt-unsafe): this thread's own stream (readdir_r is deprecated)
    while (const dirent *d = ::readdir(dir)) {
        const QByteArray raw(d->d_name);
        if (raw == "." || raw == ".." || (raw.startsWith('.') && !m_showHidden)) {
            continue;
        }
        struct stat st {};
        if (::fstatat(fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            continue;
        }
        Entry entry;
        entry.name = QFile::decodeName(raw);
        entry.path = m_folder == QDir::rootPath()
                         ? QString(m_folder + entry.name)
                         : QString(m_folder + QLatin1Char('/') + entry.name);
        if (S_ISLNK(st.st_mode)) {
            if (::fstatat(fd, d->d_name, &st, 0) != 0) {
                continue; // dangling
            }
            entry.path = QFileInfo(entry.path).canonicalFilePath();
            if (entry.path.isEmpty()) {
                continue;
            }
        }
        entry.isDir = S_ISDIR(st.st_mode);
        if (!entry.isDir) {
            if (!S_ISREG(st.st_mode) || !matches(entry.name)) {
                continue; // FIFOs, devices and sockets are never bundles
            }
            entry.size = qint64(st.st_size);
        }
        entry.modified = modifiedTime(st);
        entries.append(entry);
        if (entries.size() >= MaxEntries) {
            break;
        }
    }
    return entries;
}

// Folders first, then files, each in the UI language's order.
void FileBrowser::sortForDisplay(QList<Entry> *entries)
{
    // The C locale's collation has no numeric mode ("dir9" < "dir10").
    QLocale locale;
    if (locale.language() == QLocale::C) {
        locale = QLocale(QLocale::English);
    }
    QCollator collator(locale);
    collator.setNumericMode(true);
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    std::sort(entries->begin(), entries->end(), [&](const Entry &a, const Entry &b) {
        if (a.isDir != b.isDir) {
            return a.isDir;
        }
        const int order = collator.compare(a.name, b.name);
        return order != 0 ? order < 0 : a.name < b.name;
    });
}

void FileBrowser::refresh()
{
    QList<Entry> entries;
    QString error;
    const std::unique_ptr<DIR, DirClose> dir(::opendir(QFile::encodeName(m_folder).constData()));
    if (dir) {
        entries = readFolder(dir.get());
        sortForDisplay(&entries);
    } else {
        error = openError(errno);
    }
    const bool countChanges = entries.size() != m_entries.size();
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
    setError(error);
    if (countChanges) {
        Q_EMIT countChanged();
    }
}
