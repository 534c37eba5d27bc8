#include "artifacts/tarextract.h"

#include "artifacts/tarformat.h"
#include "base/atomicfile.h"
#include "base/errnotext.h"
#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QFile>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace seesaw {

namespace {

using tar::Block;
using tar::checksumMatches;
using tar::components;
using tar::field;
using tar::linkStaysInside;
using tar::number;
using tar::readPax;
constexpr qsizetype MaxExtensionBytes = qsizetype(64) * 1024; // a pax header or GNU long name
constexpr mode_t PermissionBits = 0777;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::TarExtractor", text);
}

Error tarError(const char *code, const QString &message)
{
    return makeError(Error::Kind::Invalid, code, message);
}

QString shown(const QByteArray &name)
{
    return QLatin1Char('"') + displayString(QString::fromUtf8(name), 200) + QLatin1Char('"');
}

} // namespace

struct TarExtractor::State {
    enum class Phase { Header, Extension, Data, Padding, End };

    QString root;
    UniqueFd rootFd;
    TarLimits limits;
    Phase phase = Phase::Header;
    QByteArray header;    // the header block being gathered
    QByteArray extension; // a pax header's or GNU long name's data being gathered
    char extensionType = 0;
    quint64 left = 0;    // bytes of the entry's data still to come
    quint64 padding = 0; // bytes of padding after it
    UniqueFd file;       // the regular file being written
    QByteArray longName, longLink, paxPath, paxLink;
    std::optional<quint64> paxSize;
    quint64 entries = 0;
    quint64 bytes = 0;
    int zeroBlocks = 0;

    Status onHeader();
    Status startEntry(char type, const QByteArray &name, const QByteArray &link, quint64 size,
                      mode_t mode);
    [[nodiscard]] Result<UniqueFd> openParent(const QList<QByteArray> &parts, bool create,
                                              const QByteArray &name) const;
    [[nodiscard]] Status hardLink(int parent, const QByteArray &leaf,
                                  const QByteArray &target) const;
    Status takeData(QByteArrayView data);
    Status endExtension();
    [[nodiscard]] Error io(const QByteArray &name, int err) const
    {
        return makeError(Error::Kind::Io, "tar.io",
                         tr("Cannot write %1 in %2: %3.").arg(shown(name), root, errnoText(err)));
    }
};

Status TarExtractor::State::onHeader()
{
    const char *h = header.constData();
    if (std::all_of(header.cbegin(), header.cend(), [](char c) { return c == '\0'; })) {
        if (++zeroBlocks == 2) {
            phase = Phase::End;
        }
        return Ok{};
    }
    if (zeroBlocks > 0) {
        return tarError("tar.header", tr("The archive goes on after its end marker."));
    }
    const bool ustar = std::memcmp(h + 257,
                                   "ustar\0"
                                   "00",
                                   8) == 0;
    const bool gnu = std::memcmp(h + 257, "ustar  \0", 8) == 0;
    if ((!ustar && !gnu) || !checksumMatches(h)) {
        return tarError("tar.header", tr("Entry %1 of the archive has a damaged or unknown header.")
                                          .arg(QString::number(entries + 1)));
    }
    const char type = h[156];
    auto size = number(h, 124, 12);
    const auto mode = number(h, 100, 8);
    if (!size || !mode) {
        return tarError("tar.header", tr("Entry %1 of the archive has a damaged size or mode.")
                                          .arg(QString::number(entries + 1)));
    }
    if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
        if (*size > quint64(MaxExtensionBytes)) {
            return tarError("tar.limit", tr("An extended header of the archive is larger than "
                                            "%1 bytes.")
                                             .arg(MaxExtensionBytes));
        }
        extensionType = type;
        extension.clear();
        left = *size;
        padding = (Block - *size % Block) % Block;
        phase = left > 0 ? Phase::Extension : Phase::Header;
        return left > 0 ? Status(Ok{}) : endExtension();
    }
    QByteArray name = field(h, 0, 100);
    const QByteArray prefix = ustar ? field(h, 345, 155) : QByteArray();
    if (!prefix.isEmpty()) {
        name = prefix + '/' + name;
    }
    name = !paxPath.isEmpty() ? paxPath : !longName.isEmpty() ? longName : name;
    const QByteArray link = !paxLink.isEmpty()    ? paxLink
                            : !longLink.isEmpty() ? longLink
                                                  : field(h, 157, 100);
    if (paxSize) {
        size = paxSize;
    }
    longName.clear();
    longLink.clear();
    paxPath.clear();
    paxLink.clear();
    paxSize.reset();
    if (++entries > limits.maxEntries) {
        return tarError(
            "tar.limit",
            tr("The archive has more than %1 entries.").arg(QString::number(limits.maxEntries)));
    }
    if ((*mode & quint64(S_ISUID | S_ISGID | S_ISVTX)) != 0) {
        return tarError("tar.mode", tr("%1 has the setuid, setgid or sticky bit, which an "
                                       "artifact may not have.")
                                        .arg(shown(name)));
    }
    if (Status s = startEntry(type, name, link, *size, mode_t(*mode & PermissionBits)); !s) {
        return s;
    }
    left = *size;
    padding = (Block - *size % Block) % Block;
    phase = left > 0 ? Phase::Data : Phase::Header;
    return left > 0 || !file.isValid() ? Status(Ok{}) : takeData({});
}

Result<UniqueFd> TarExtractor::State::openParent(const QList<QByteArray> &parts, bool create,
                                                 const QByteArray &name) const
{
    UniqueFd dir(::dup(rootFd.get()));
    for (const QByteArray &part : parts) {
        int fd =
            ::openat(dir.get(), part.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT && create) {
            if (::mkdirat(dir.get(), part.constData(), 0755) != 0 && errno != EEXIST) {
                return io(part, errno);
            }
            fd = ::openat(dir.get(), part.constData(),
                          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
        if (fd < 0) {
            if (errno == ELOOP || errno == ENOTDIR || errno == ENOENT) {
                return tarError("tar.link", tr("The path of %1 goes through a link or a file, or "
                                               "does not exist.")
                                                .arg(shown(name)));
            }
            return io(part, errno);
        }
        dir.reset(fd);
    }
    return dir;
}

Status TarExtractor::State::hardLink(int parent, const QByteArray &leaf,
                                     const QByteArray &target) const
{
    const auto targetParts = components(target);
    if (!targetParts || targetParts->isEmpty()) {
        return tarError("tar.link", tr("The hard link %1 names %2, which is not in the tree.")
                                        .arg(shown(leaf), shown(target)));
    }
    auto targetDir = openParent(targetParts->mid(0, targetParts->size() - 1), false, target);
    if (!targetDir) {
        return targetDir.error();
    }
    struct stat st {};
    if (::fstatat(targetDir->get(), targetParts->last().constData(), &st, AT_SYMLINK_NOFOLLOW) !=
            0 ||
        !S_ISREG(st.st_mode)) {
        return tarError("tar.link",
                        tr("The hard link %1 names %2, which is not an earlier file of the tree.")
                            .arg(shown(leaf), shown(target)));
    }
    if (::linkat(targetDir->get(), targetParts->last().constData(), parent, leaf.constData(), 0) !=
        0) {
        return errno == EEXIST
                   ? tarError("tar.exists", tr("%1 appears twice in the archive.").arg(shown(leaf)))
                   : Status(io(leaf, errno));
    }
    return Ok{};
}

Status TarExtractor::State::startEntry(char type, const QByteArray &name, const QByteArray &link,
                                       quint64 size, mode_t mode)
{
    const auto parts = components(name);
    if (!parts) {
        return tarError("tar.name", tr("%1 is not a path inside the tree (absolute, with '..' or "
                                       "too long).")
                                        .arg(shown(name)));
    }
    const bool regular = type == '0' || type == '\0' || type == '7';
    if (type != '5' && type != '2' && type != '1' && !regular) {
        return tarError("tar.type", tr("%1 is a device node, FIFO or other special file (type "
                                       "'%2'), which an artifact may not have.")
                                        .arg(shown(name), QString::number(int(type))));
    }
    if (parts->isEmpty()) { // the tree itself ("./")
        return type == '5' ? Status(Ok{})
                           : tarError("tar.name", tr("An entry of the archive has no name."));
    }
    if (regular) {
        bytes += size;
        if (limits.maxBytes > 0 && bytes > limits.maxBytes) {
            return tarError("tar.limit", tr("The files of the archive hold more than the %1 "
                                            "bytes its artifact declares.")
                                             .arg(QString::number(limits.maxBytes)));
        }
    }
    auto parent = openParent(parts->mid(0, parts->size() - 1), true, name);
    if (!parent) {
        return parent.error();
    }
    const QByteArray &leaf = parts->last();
    const int dir = parent->get();
    int rc = 0;
    if (type == '5') {
        rc = ::mkdirat(dir, leaf.constData(), mode | 0700);
        struct stat st {};
        if (rc != 0 && errno == EEXIST &&
            ::fstatat(dir, leaf.constData(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISDIR(st.st_mode)) {
            rc = 0; // named again after its files (or before, made then)
        }
    } else if (type == '2') {
        if (!linkStaysInside(link, parts->size() - 1)) {
            return tarError(
                "tar.link",
                tr("The link %1 points to %2, outside the tree.").arg(shown(name), shown(link)));
        }
        rc = ::symlinkat(link.constData(), dir, leaf.constData());
    } else if (type == '1') {
        return hardLink(dir, leaf, link);
    } else {
        file.reset(::openat(dir, leaf.constData(),
                            O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode | 0600));
        rc = file.isValid() ? 0 : -1;
        if (rc == 0 && ::fchmod(file.get(), mode) != 0) {
            return io(name, errno);
        }
    }
    if (rc != 0) {
        return errno == EEXIST
                   ? tarError("tar.exists", tr("%1 appears twice in the archive.").arg(shown(name)))
                   : Status(io(name, errno));
    }
    return Ok{};
}

// Data of the current entry (none left: the entry is complete).
Status TarExtractor::State::takeData(QByteArrayView data)
{
    if (file.isValid() && !data.isEmpty()) {
        if (Status s = writeAll(file.get(), data); !s) {
            return withCode(s, "tar.io");
        }
    }
    if (left == quint64(data.size())) {
        file.reset();
    }
    return Ok{};
}

Status TarExtractor::State::endExtension()
{
    if (extensionType == 'x') {
        if (!readPax(extension, &paxPath, &paxLink, &paxSize)) {
            return tarError("tar.header", tr("A pax header of the archive is damaged."));
        }
    } else if (extensionType == 'L' || extensionType == 'K') {
        QByteArray &target = extensionType == 'L' ? longName : longLink;
        target =
            extension.left(qsizetype(qstrnlen(extension.constData(), size_t(extension.size()))));
    }
    extension.clear();
    return Ok{};
}

TarExtractor::TarExtractor(std::unique_ptr<State> state) : m(std::move(state)) {}
TarExtractor::TarExtractor(TarExtractor &&) noexcept = default;
TarExtractor &TarExtractor::operator=(TarExtractor &&) noexcept = default;
TarExtractor::~TarExtractor() = default;

Result<TarExtractor> TarExtractor::open(const QString &root, TarLimits limits)
{
    auto state = std::make_unique<State>();
    state->root = root;
    state->limits = limits;
    state->rootFd.reset(::open(QFile::encodeName(root).constData(),
                               O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!state->rootFd.isValid()) {
        return state->io(QByteArray("."), errno);
    }
    return TarExtractor(std::move(state));
}

Status TarExtractor::feed(QByteArrayView data)
{
    using Phase = State::Phase;
    while (!data.isEmpty()) {
        if (m->phase == Phase::Header) {
            const qsizetype n = std::min(qsizetype(Block) - m->header.size(), data.size());
            m->header.append(data.first(n));
            data = data.sliced(n);
            if (m->header.size() == qsizetype(Block)) {
                Status s = m->onHeader();
                m->header.clear();
                if (!s) {
                    return s;
                }
            }
        } else if (m->phase == Phase::Data || m->phase == Phase::Extension) {
            const qsizetype n = qsizetype(std::min<quint64>(m->left, quint64(data.size())));
            if (m->phase == Phase::Extension) {
                m->extension.append(data.first(n));
            } else if (Status s = m->takeData(data.first(n)); !s) {
                return s;
            }
            m->left -= quint64(n);
            data = data.sliced(n);
            if (m->left == 0) {
                if (m->phase == Phase::Extension) {
                    if (Status s = m->endExtension(); !s) {
                        return s;
                    }
                }
                m->phase = m->padding > 0 ? Phase::Padding : Phase::Header;
            }
        } else if (m->phase == Phase::Padding) {
            const qsizetype n = qsizetype(std::min<quint64>(m->padding, quint64(data.size())));
            m->padding -= quint64(n);
            data = data.sliced(n);
            if (m->padding == 0) {
                m->phase = Phase::Header;
            }
        } else { // after the end marker: only the zeros that fill the last record
            if (std::any_of(data.cbegin(), data.cend(), [](char c) { return c != '\0'; })) {
                return tarError("tar.header", tr("The archive goes on after its end marker."));
            }
            data = {};
        }
    }
    return Ok{};
}

Status TarExtractor::finish()
{
    using Phase = State::Phase;
    if ((m->phase == Phase::Header && m->header.isEmpty()) || m->phase == Phase::End) {
        m->file.reset();
        return Ok{};
    }
    return tarError("tar.truncated",
                    tr("The archive ends inside entry %1.").arg(QString::number(m->entries)));
}

quint64 TarExtractor::entries() const
{
    return m->entries;
}

quint64 TarExtractor::bytes() const
{
    return m->bytes;
}

} // namespace seesaw
