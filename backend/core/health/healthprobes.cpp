#include "health/healthprobes.h"

#include "base/errnotext.h"
#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace seesaw::healthprobe {

namespace {

constexpr int ReadChunk = 16384;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Health", text);
}

void keepTail(QByteArray &tail, const char *data, qsizetype size)
{
    tail.append(data, size);
    if (tail.size() > OutputTailBytes) {
        tail.remove(0, tail.size() - OutputTailBytes);
    }
}

bool unsafe(char32_t c)
{
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
        return true;
    }
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e ||
           c == 0x200f;
}

} // namespace

QString sanitisedTail(const QByteArray &bytes)
{
    qsizetype start = 0; // the tail may begin inside a UTF-8 sequence
    while (start < bytes.size() && start < 3 && (uchar(bytes.at(start)) & 0xc0) == 0x80) {
        ++start;
    }
    const auto codepoints = QString::fromUtf8(bytes.mid(start)).toUcs4();
    QString text;
    text.reserve(codepoints.size());
    for (qsizetype i = 0; i < codepoints.size(); ++i) {
        const auto c = char32_t(codepoints.at(i));
        if (c == U'\r') {
            if (i + 1 < codepoints.size() && codepoints.at(i + 1) == U'\n') {
                continue;
            }
            text += QLatin1Char('\n');
        } else if (c == U'\n' || c == U'\t') {
            text += QChar(char16_t(c));
        } else if (unsafe(c)) {
            text += QChar(0xfffd);
        } else {
            text += QString::fromUcs4(&c, 1);
        }
    }
    // U+FFFD takes three bytes where a control character took one.
    while (text.toUtf8().size() > OutputTailBytes) {
        text.remove(0, text.at(0).isHighSurrogate() ? 2 : 1);
    }
    return text;
}

namespace {

// The environment of the caller, plus SEESAW_HEALTH=1.
std::vector<QByteArray> scriptEnvironment()
{
    std::vector<QByteArray> env;
    for (char **e = environ; (e != nullptr) && (*e != nullptr); ++e) {
        if (std::strncmp(*e, "SEESAW_HEALTH=", 14) != 0) {
            env.emplace_back(*e);
        }
    }
    env.emplace_back("SEESAW_HEALTH=1");
    return env;
}

void drain(int fd, QByteArray &tail, int waitMs)
{
    char buffer[ReadChunk];
    const QDeadlineTimer until(waitMs);
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            keepTail(tail, buffer, n);
            continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EINTR) || until.hasExpired()) {
            return;
        }
        pollfd p{fd, POLLIN, 0};
        ::poll(&p, 1, int(std::clamp<qint64>(until.remainingTime(), 1, SliceMs)));
    }
}

// Backups and package-manager leftovers that must not run next to the real script.
bool ignoredName(const QString &name)
{
    if (name.startsWith(QLatin1Char('.')) || name.endsWith(QLatin1Char('~'))) {
        return true;
    }
    static constexpr std::array<const char *, 3> Leftovers{".dpkg-old", ".dpkg-new", ".dpkg-dist"};
    return std::any_of(Leftovers.cbegin(), Leftovers.cend(), [&name](const char *suffix) {
        return name.endsWith(QLatin1String(suffix));
    });
}

// Starts the script in a session of its own, with stdin from /dev/null and stdout and stderr
// into writeFd. Returns 0, or the error of posix_spawn.
int spawnScript(const QByteArray &file, int writeFd, pid_t *pid)
{
    std::vector<QByteArray> env = scriptEnvironment();
    std::vector<char *> envp;
    envp.reserve(env.size());

    for (QByteArray &e : env) {
        envp.push_back(e.data());
    }
    envp.push_back(nullptr);
    char *argv[] = {const_cast<char *>(file.constData()), nullptr};

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, writeFd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, writeFd, STDERR_FILENO);
    posix_spawn_file_actions_addchdir_np(&actions, "/");
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigset_t all;
    sigemptyset(&none);
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all); // what the caller ignores, the script does not
    posix_spawnattr_setflags(&attr,
                             POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    const int spawned = ::posix_spawn(pid, file.constData(), &actions, &attr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    return spawned;
}

// Keeps the tail of the script's output until it exits, is stopped or times out; run says
// which. Returns whether the output pipe is still open.
bool watchScript(pid_t pid, int readFd, qint64 timeoutMs, const Clock &clock, ScriptRun &run)
{
    QElapsedTimer elapsed;
    elapsed.start();
    bool open = true;
    char buffer[ReadChunk];
    for (;;) {
        // WNOWAIT leaves the script a zombie, so its pid, and the group id, stay reserved until
        // the group has been killed below.
        siginfo_t info{};
        const int waited = ::waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT);
        if (waited == 0 && info.si_pid == pid) {
            break;
        }
        if (waited < 0 && errno == ECHILD) { // reaped behind our back (SIGCHLD ignored)
            run.code = ECHILD;
            break;
        }
        run.stop = clock.stop();
        if (run.stop != Stop::None) {
            run.end = ScriptRun::End::Stopped;
            break;
        }
        if (elapsed.elapsed() >= timeoutMs) {
            run.end = ScriptRun::End::TimedOut;
            break;
        }
        pollfd p{readFd, POLLIN, 0};
        const int wait = int(std::clamp<qint64>(timeoutMs - elapsed.elapsed(), 1, SliceMs));
        if (!open) {
            QThread::msleep(ulong(wait));
            continue;
        }
        if (::poll(&p, 1, wait) > 0) {
            const ssize_t n = ::read(readFd, buffer, sizeof buffer);
            if (n > 0) {
                keepTail(run.tail, buffer, n);
            } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
                open = false;
            }
        }
    }
    return open;
}

// Kills the script's whole process group and reaps the script; run gets its exit status unless
// it ended otherwise.
void reapScript(pid_t pid, int readFd, bool open, ScriptRun &run)
{
    ::kill(-pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (open) { // what the group wrote before it died; a process that left the group may hold
        drain(readFd, run.tail, 200); // the pipe open, hence the bound
    }
    ::close(readFd);
    if (run.end == ScriptRun::End::NotStarted && run.code == 0) {
        run.end = WIFEXITED(status) ? ScriptRun::End::Exited : ScriptRun::End::Signalled;
        run.code = WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status);
    }
}

} // namespace

ScriptRun runScript(const QString &path, qint64 timeoutMs, const Clock &clock)
{
    ScriptRun run;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
        run.code = errno;
        return run;
    }
    const int readFd = fds[0];
    pid_t pid = 0;
    const int spawned = spawnScript(QFile::encodeName(path), fds[1], &pid);
    ::close(fds[1]);
    if (spawned != 0) {
        ::close(readFd);
        run.code = spawned;
        return run;
    }
    ::fcntl(readFd, F_SETFL, ::fcntl(readFd, F_GETFL) | O_NONBLOCK);
    const bool open = watchScript(pid, readFd, timeoutMs, clock, run);
    reapScript(pid, readFd, open, run);
    return run;
}

std::optional<QList<ScriptEntry>> listScripts(const QString &directory, QString *problem)
{
    const QFileInfo info(directory);
    if (!info.exists()) {
        *problem = tr("the scripts directory %1 does not exist").arg(displayString(directory, 256));
        return std::nullopt;
    }
    if (!info.isDir()) {
        *problem = tr("%1 is not a directory").arg(displayString(directory, 256));
        return std::nullopt;
    }
    const QDir dir(directory);
    if (!dir.isReadable()) {
        *problem = tr("the scripts directory %1 cannot be read").arg(displayString(directory, 256));
        return std::nullopt;
    }
    QList<QByteArray> names;
    for (const QString &name : dir.entryList(
             QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::NoSort)) {
        if (!ignoredName(name)) {
            names.append(QFile::encodeName(name));
        }
    }
    std::sort(names.begin(), names.end());
    QList<ScriptEntry> scripts;
    for (const QByteArray &raw : std::as_const(names)) {
        ScriptEntry entry{QFile::decodeName(raw), dir.filePath(QFile::decodeName(raw)), {}};
        struct stat st {};
        if (::stat(QFile::encodeName(entry.path).constData(), &st) != 0) {
            entry.problem = tr("cannot be examined: %1").arg(errnoText(errno));
        } else if (S_ISDIR(st.st_mode)) {
            continue;
        } else if (!S_ISREG(st.st_mode)) {
            entry.problem = tr("not a regular file");
        } else if ((st.st_mode & 0111) == 0) {
            entry.problem = tr("not executable (chmod +x)");
        }
        scripts.append(entry);
    }
    return scripts;
}

QByteArray readSmallFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read %1: %2").arg(displayString(path, 256), file.errorString());
        return {};
    }
    return file.read(65536);
}

std::optional<double> firstNumber(const QByteArray &text)
{
    bool ok = false;
    const double value = text.simplified().split(' ').value(0).toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

std::optional<double> readMemoryPercent(const QString &proc, QString *error)
{
    const QString path = proc + QStringLiteral("/meminfo");
    const QByteArray text = readSmallFile(path, error);
    std::optional<double> total;
    std::optional<double> available;
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith("MemTotal:")) {
            total = firstNumber(line.mid(9));
        } else if (line.startsWith("MemAvailable:")) {
            available = firstNumber(line.mid(13));
        }
    }
    if (error->isEmpty() && (!total || !available || *total <= 0 || *available < 0)) {
        *error = tr("%1 has no MemTotal and MemAvailable").arg(displayString(path, 256));
    }
    if (!error->isEmpty()) {
        return std::nullopt;
    }
    return std::max(0.0, 100.0 * (*total - *available) / *total);
}

std::optional<double> readLoad(const QString &proc, QString *error)
{
    const QString path = proc + QStringLiteral("/loadavg");
    const QByteArray text = readSmallFile(path, error);
    const auto load = error->isEmpty() ? firstNumber(text) : std::nullopt;
    if (error->isEmpty() && !load) {
        *error = tr("%1 does not start with a load average").arg(displayString(path, 256));
    }
    return load;
}

// The hottest of all thermal zones; zones that cannot report (some do so only when enabled) are
// passed over as long as one can.
std::optional<double> readTemperature(const QString &thermal, QString *error)
{
    const QDir dir(thermal);
    if (!dir.exists()) {
        *error = tr("the thermal directory %1 does not exist").arg(displayString(thermal, 256));
        return std::nullopt;
    }
    const QStringList zones = dir.entryList({QStringLiteral("thermal_zone*")},
                                            QDir::Dirs | QDir::NoDotAndDotDot | QDir::System);
    std::optional<double> hottest;
    for (const QString &zone : zones) {
        QString ignored;
        const QByteArray text =
            readSmallFile(dir.filePath(zone + QStringLiteral("/temp")), &ignored);
        bool ok = false;
        const qlonglong milli = text.trimmed().toLongLong(&ok);
        if (ignored.isEmpty() && ok) {
            hottest = std::max(hottest.value_or(double(milli) / 1000.0), double(milli) / 1000.0);
        }
    }
    if (!hottest) {
        *error = zones.isEmpty()
                     ? tr("no thermal zones (thermal_zone*) in %1").arg(displayString(thermal, 256))
                     : tr("no thermal zone in %1 reports a temperature")
                           .arg(displayString(thermal, 256));
    }
    return hottest;
}

} // namespace seesaw::healthprobe
