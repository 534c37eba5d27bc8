#include "testutil.h"

#include <QDebug>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace testutil {

QString startPermissiveBus(QProcess &bus, const QString &directory)
{
    const QString config = directory + QStringLiteral("/permissive-bus.conf");
    const QByteArray text =
        QStringLiteral("<busconfig><type>system</type><listen>unix:path=%1</listen>"
                       "<auth>EXTERNAL</auth><policy context=\"default\">"
                       "<allow user=\"*\"/><allow own=\"*\"/>"
                       "<allow send_destination=\"*\"/><allow receive_sender=\"*\"/>"
                       "</policy></busconfig>\n")
            .arg(directory + QStringLiteral("/permissive-bus.socket"))
            .toUtf8();
    if (!writeFile(config, text)) {
        return {};
    }
    bus.start(QStringLiteral("dbus-daemon"),
              {QStringLiteral("--config-file=") + config, QStringLiteral("--nofork"),
               QStringLiteral("--print-address")});
    if (!bus.waitForStarted()) {
        return {};
    }
    QElapsedTimer clock;
    clock.start();
    while (!bus.canReadLine() && clock.elapsed() < 10000) {
        bus.waitForReadyRead(100);
    }
    return QString::fromUtf8(bus.readLine().trimmed());
}

int residentPages(const QString &path, qsizetype size)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return -1;
    }
    void *map = ::mmap(nullptr, size_t(size), PROT_READ, MAP_SHARED, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) {
        return -1;
    }
    const long page = ::sysconf(_SC_PAGESIZE);
    std::vector<unsigned char> in((size_t(size) + size_t(page) - 1) / size_t(page));
    const int rc = ::mincore(map, size_t(size), in.data());
    ::munmap(map, size_t(size));
    if (rc != 0) {
        return -1;
    }
    int resident = 0;
    for (const unsigned char c : in) {
        resident += c & 1;
    }
    return resident;
}

bool evictFromPageCache(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return false;
    }
    struct stat st {};
    const bool dropped = ::fstat(fd, &st) == 0 && ::fdatasync(fd) == 0 &&
                         ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
    ::close(fd);
    return dropped && (st.st_size == 0 || residentPages(path, qsizetype(st.st_size)) == 0);
}

qint64 storageReadBytes()
{
    QFile io(QStringLiteral("/proc/self/io"));
    if (!io.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : io.readAll().split('\n')) {
        if (line.startsWith("read_bytes:")) {
            bool ok = false;
            const qint64 bytes = line.mid(11).trimmed().toLongLong(&ok);
            return ok ? bytes : -1;
        }
    }
    return -1;
}

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    QRandomGenerator rng(seed);
    qsizetype i = 0;
    for (; i + 4 <= size; i += 4) {
        const quint32 v = rng.generate();
        memcpy(out.data() + i, &v, 4);
    }
    for (; i < size; ++i) {
        out[i] = char(rng.generate() & 0xff);
    }
    return out;
}

QByteArray textBytes(qsizetype size, quint32 seed)
{
    static const char *const words[] = {"seesaw ", "slot ",   "bundle ", "rootfs ", "kernel ",
                                        "\n",      "update ", "verify ", "chunk ",  "0123456789 "};
    QRandomGenerator rng(seed);
    QByteArray out;
    out.reserve(size);
    while (out.size() < size) {
        out.append(words[rng.bounded(10)]);
    }
    out.truncate(size);
    return out;
}

int rowOf(const QAbstractItemModel &model, int role, const QVariant &value)
{
    for (int i = 0; i < model.rowCount(); ++i) {
        if (model.data(model.index(i, 0), role) == value) {
            return i;
        }
    }
    return -1;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        return false;
    }
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

RunResult runCli(const QStringList &args, int timeoutMs)
{
    return run(cliPath(), args, {}, timeoutMs);
}

QString sourcePath(const QString &relative)
{
    return QStringLiteral(SEESAW_SOURCE_DIR "/") + relative;
}

QString cliPath()
{
    return QStringLiteral(SEESAW_CLI);
}

namespace {

RunResult runProcess(const QString &program, const QStringList &args, const QStringList &extraEnv,
                     int timeoutMs, bool merged)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SEESAW_CLI"), cliPath());
    for (const QString &entry : extraEnv) {
        env.insert(entry.section(QLatin1Char('='), 0, 0), entry.section(QLatin1Char('='), 1));
    }
    p.setProcessEnvironment(env);
    if (merged) {
        p.setProcessChannelMode(QProcess::MergedChannels);
    }
    p.start(program, args);
    RunResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        (merged ? r.out : r.err) = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

RunResult run(const QString &program, const QStringList &args, const QStringList &extraEnv,
              int timeoutMs)
{
    return runProcess(program, args, extraEnv, timeoutMs, false);
}

RunResult runMerged(const QString &program, const QStringList &args, int timeoutMs)
{
    return runProcess(program, args, {}, timeoutMs, true);
}

RunResult simDevice(const QStringList &args)
{
    return run(sourcePath(QStringLiteral("scripts/sim/device")), args);
}

RunResult direct(const QString &conf, const QStringList &args, const QStringList &extraEnv)
{
    return run(cliPath(),
               QStringList{QStringLiteral("--direct"), QStringLiteral("--conf"), conf} + args,
               extraEnv);
}

QJsonObject directStatus(const QString &conf)
{
    const RunResult r = direct(conf, {QStringLiteral("status"), QStringLiteral("--json")});
    if (r.exitCode != 0) {
        qWarning() << "status:" << r.err;
    }
    return QJsonDocument::fromJson(r.out).object();
}

QJsonObject slotOf(const QJsonObject &status, const QString &bootname)
{
    for (const QJsonValue v : status.value(QStringLiteral("slots")).toArray()) {
        if (v.toObject().value(QStringLiteral("bootname")).toString() == bootname) {
            return v.toObject();
        }
    }
    return {};
}

RunResult fwTool(const QString &tool, const QString &config, const QStringList &args)
{
    const QFileInfo info(config);
    return run(QStringLiteral("sh"),
               QStringList{QStringLiteral("-c"), QStringLiteral("cd \"$0\" && exec \"$@\""),
                           info.absolutePath(), tool, QStringLiteral("-c"), info.fileName()} +
                   args);
}

} // namespace testutil

#include "base/unique_fd.h"
#include "bundle/zipindex.h"

#include <QDateTime>
#include <quazip/quazip.h>
#include <quazip/quazipfile.h>
#include <quazip/quazipnewinfo.h>

namespace testutil {

QList<ZipItem> readZipItems(const QString &path)
{
    QList<ZipItem> items;
    seesaw::UniqueFd fd(::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd.isValid() || ::fstat(fd.get(), &st) != 0) {
        return items;
    }
    auto entries = seesaw::readZipIndex(fd.get(), quint64(st.st_size));
    if (!entries) {
        return items;
    }
    for (const auto &e : *entries) {
        ZipItem item;
        item.name = e.name;
        item.data.resize(qsizetype(e.compressedSize));
        if (!seesaw::preadFully(fd.get(), item.data.data(), size_t(e.compressedSize),
                                e.dataOffset)) {
            return {};
        }
        items.append(item);
    }
    return items;
}

bool writeZipItems(const QString &path, const QList<ZipItem> &items)
{
    QuaZip zip(path);
    zip.setZip64Enabled(true);
    zip.setDataDescriptorWritingEnabled(false);
    if (!zip.open(QuaZip::mdCreate)) {
        return false;
    }
    for (const ZipItem &item : items) {
        QuaZipFile file(&zip);
        QuaZipNewInfo info(item.name);
        info.dateTime = QDateTime(QDate(2026, 1, 1), QTime(0, 0));
        info.externalAttr = quint32(0100644) << 16;
        if (!file.open(QIODevice::WriteOnly, info, item.encrypt ? "secret" : nullptr, 0,
                       item.method, item.method != 0 ? 6 : 0) ||
            file.write(item.data) != item.data.size()) {
            return false;
        }
        file.close();
    }
    zip.close();
    return zip.getZipError() == 0;
}

} // namespace testutil
