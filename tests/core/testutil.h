// Small helpers shared by the core tests.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QList>
#include <QString>
#include <QStringList>

namespace testutil {

// Deterministic pseudo-random bytes (same seed, same bytes).
QByteArray randomBytes(qsizetype size, quint32 seed);
// Text-like, well-compressible bytes.
QByteArray textBytes(qsizetype size, quint32 seed);
bool writeFile(const QString &path, const QByteArray &data);
QByteArray readFile(const QString &path);

struct RunResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
// Runs the seesaw CLI built alongside the tests.
RunResult runCli(const QStringList &args, int timeoutMs = 600000);
// Runs any program; extraEnv entries are NAME=VALUE added to the environment.
RunResult run(const QString &program, const QStringList &args, const QStringList &extraEnv = {},
              int timeoutMs = 600000);
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
