// Small helpers shared by the core tests.
#pragma once

#include "base/result.h"

#include <QAbstractItemModel>
#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace testutil {

// A QString from UTF-8 text: short, for the many literals of a test.
inline QString s(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

// The error code of a result, "" on success (so a wrong success fails a comparison cleanly).
template <typename T> QString errorCode(const seesaw::Result<T> &result)
{
    return result ? QString() : result.error().code;
}

// The first row of `model` whose `role` holds `value`, -1 if none.
int rowOf(const QAbstractItemModel &model, int role, const QVariant &value);

// Deterministic pseudo-random bytes (same seed, same bytes).
QByteArray randomBytes(qsizetype size, quint32 seed);
// Text-like, well-compressible bytes.
QByteArray textBytes(qsizetype size, quint32 seed);
// Writes `data` to `path`, creating missing parent folders.
bool writeFile(const QString &path, const QByteArray &data);
QByteArray readFile(const QString &path);
// How many pages of the first `size` bytes of a file or block device are in the page cache
// (mincore); -1 when it cannot be mapped.
int residentPages(const QString &path, qsizetype size);
// Drops a file's pages from the page cache (written out first); false when some stay.
bool evictFromPageCache(const QString &path);
// Bytes this process had the block layer read from storage so far (/proc/self/io), or -1 when
// the kernel does not count them.
qint64 storageReadBytes();

struct RunResult {
    int exitCode = -1; // -1 when it crashed or timed out
    QByteArray out;
    QByteArray err; // with runMerged, empty: standard error went to `out`
    // Standard output (with error, when merged) as trimmed text, for messages and one-line answers.
    [[nodiscard]] QString text() const { return QString::fromLocal8Bit(out).trimmed(); }
};
// Runs the seesaw CLI built alongside the tests.
RunResult runCli(const QStringList &args, int timeoutMs = 600000);
// Runs any program; extraEnv entries are NAME=VALUE added to the environment.
RunResult run(const QString &program, const QStringList &args, const QStringList &extraEnv = {},
              int timeoutMs = 600000);
// The same with standard error merged into `out` in the order written: for system tools whose
// answer and complaints are read together (losetup, mkfs, udevadm, debugfs).
RunResult runMerged(const QString &program, const QStringList &args, int timeoutMs = 120000);
// scripts/sim/device (create, bundle, boot, …).
RunResult simDevice(const QStringList &args);
// The CLI straight on the device of `conf` (`seesaw --direct --conf CONF ARGS`).
RunResult direct(const QString &conf, const QStringList &args, const QStringList &extraEnv = {});
// `seesaw status --json` of that device; {} (and a warning) when it fails.
QJsonObject directStatus(const QString &conf);
// The entry of `bootname` in the "slots" of a status, {} if none.
QJsonObject slotOf(const QJsonObject &status, const QString &bootname);
// fw_printenv / fw_setenv with the configuration CONFIG, run in its directory: the simulator's
// fw_env.config names its files relative to itself, as Seesaw reads it.
RunResult fwTool(const QString &tool, const QString &config, const QStringList &args = {});
// Starts a private dbus-daemon (system-bus type) in `directory` that lets everyone own and call
// everything, and returns its address, empty on failure. For tests whose subject is not the
// bus policy (the daemon tests use tests/daemon/fixture's packaged policy instead). The process
// belongs to the caller; terminate it when done.
QString startPermissiveBus(QProcess &bus, const QString &directory);

// A path in the source tree (scripts/sim/device, …) and the CLI's path.
QString sourcePath(const QString &relative);
QString cliPath();

} // namespace testutil

namespace testutil {

// Raw access to a bundle's ZIP entries, to build hostile variants of a valid bundle.
struct ZipItem {
    QString name;
    QByteArray data; // stored bytes
    int method = 0;  // 0 stored, 8 deflated
    bool encrypt = false;
};
QList<ZipItem> readZipItems(const QString &path);
// Writes the items as the bundle writer does (QuaZip, stored, ZIP64, no data descriptors).
bool writeZipItems(const QString &path, const QList<ZipItem> &items);

} // namespace testutil
