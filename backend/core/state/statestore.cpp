#include "state/statestore.h"

#include "base/atomicfile.h"
#include "base/errnotext.h"
#include "base/hostilestring.h"
#include "base/unique_fd.h"
#include "state/statejson.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <initializer_list>
#include <sys/file.h>
#include <sys/stat.h>
#include <utility>

namespace seesaw {

namespace {

constexpr qint64 MaxStateBytes = qint64(1024) * 1024;
const QLatin1String StateName("state.json");
const QLatin1String TempPrefix("state.json.tmp-");

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::StateStore", text);
}

Error ioError(const QString &message)
{
    return makeError(Error::Kind::Io, "state.io", message);
}

// ---- Files ----

// mkdir -p, where every directory created is 0700 whatever the umask: the state is root's alone.
Status makeDirectory(const QString &path)
{
    // The missing folders, outermost first, below the first one that exists.
    QStringList missing;
    for (QString at = path;;) {
        struct stat st {};
        if (::stat(QFile::encodeName(at).constData(), &st) == 0) {
            if (!S_ISDIR(st.st_mode)) {
                return ioError(tr("%1 is not a directory.").arg(displayString(at, 200)));
            }
            break;
        }
        const QString parent = QFileInfo(at).path();
        if (errno != ENOENT || parent == at) {
            return ioError(tr("Cannot use %1: %2.").arg(displayString(at, 200), errnoText()));
        }
        missing.prepend(at);
        at = parent;
    }
    for (const QString &dir : std::as_const(missing)) {
        const QByteArray native = QFile::encodeName(dir);
        if (::mkdir(native.constData(), 0700) != 0 && errno != EEXIST) {
            return ioError(tr("Cannot create %1: %2.").arg(displayString(dir, 200), errnoText()));
        }
        if (::chmod(native.constData(), 0700) != 0 || !syncDirectory(QFileInfo(dir).path())) {
            return ioError(tr("Cannot set up %1: %2.").arg(displayString(dir, 200), errnoText()));
        }
    }
    return Ok{};
}

} // namespace

StateStore::StateStore(QString dataDirectory) : m_dir(std::move(dataDirectory)) {}

QString StateStore::statePath() const
{
    return m_dir + u'/' + StateName;
}

QString StateStore::historyPath() const
{
    return m_dir + QStringLiteral("/history.jsonl");
}

Result<DeviceState> StateStore::load() const
{
    const QString path = statePath();
    const UniqueFd fd(
        ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd.isValid()) {
        if (errno == ENOENT) {
            return DeviceState{};
        }
        return makeError(Error::Kind::Io, "state.corrupt",
                         tr("Cannot read %1: %2.").arg(displayString(path, 200), errnoText()));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
        return makeError(Error::Kind::Io, "state.corrupt",
                         tr("%1 is not a readable file.").arg(displayString(path, 200)));
    }
    if (st.st_size > MaxStateBytes) {
        return makeError(Error::Kind::Invalid, "state.corrupt",
                         tr("state.json is corrupt: it is larger than 1 MiB."));
    }

    // Read to the end rather than trusting st_size: one byte past the limit is enough to refuse.
    QByteArray bytes;
    char buffer[16384];
    while (bytes.size() <= MaxStateBytes) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return makeError(Error::Kind::Io, "state.corrupt",
                             tr("Cannot read %1: %2.").arg(displayString(path, 200), errnoText()));
        }
        if (n == 0) {
            break;
        }
        bytes.append(buffer, n);
    }
    if (bytes.size() > MaxStateBytes) {
        return makeError(Error::Kind::Invalid, "state.corrupt",
                         tr("state.json is corrupt: it is larger than 1 MiB."));
    }
    return parseState(bytes);
}

Status StateStore::save(const DeviceState &state) const
{
    if (const std::optional<QString> problem = unsavable(state)) {
        return makeError(Error::Kind::Usage, "state.invalid",
                         tr("The device state cannot be saved: %1.").arg(*problem));
    }
    const QByteArray bytes = encodeState(state);
    if (bytes.size() > MaxStateBytes) {
        return makeError(Error::Kind::Usage, "state.invalid",
                         tr("The device state cannot be saved: it is larger than 1 MiB."));
    }

    if (Status s = makeDirectory(m_dir); !s) {
        return s;
    }
    const UniqueFd dir(
        ::open(QFile::encodeName(m_dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    // One writer at a time, so the clean-up below never removes another save's temporary file.
    if (!dir.isValid() || ::flock(dir.get(), LOCK_EX) != 0) {
        return ioError(tr("Cannot lock %1: %2.").arg(displayString(m_dir, 200), errnoText()));
    }

    // Left behind by a save that was killed or lost its power; state.json itself is intact.
    const QStringList stale = QDir(m_dir).entryList(QStringList{QString(TempPrefix) + u'*'},
                                                    QDir::Files | QDir::Hidden | QDir::System);
    for (const QString &name : stale) {
        ::unlinkat(dir.get(), QFile::encodeName(name).constData(), 0);
    }

    return withCode(
        writeFileAtomically(statePath(), bytes, 0600, TempPrefix + QStringLiteral("XXXXXX")),
        "state.io");
}

} // namespace seesaw
