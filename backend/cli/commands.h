#pragma once

#include <QString>
#include <QStringList>

namespace cli {

// Options that come before the command: seesaw [--direct] [--conf FILE] COMMAND …
struct GlobalOptions {
    bool direct = false;
    QString config = QStringLiteral("/etc/seesaw/system.conf");
    bool configGiven = false; // --conf on the command line
};

int runKeygen(const QStringList &args);
int runBundle(const QStringList &args);
int runBundleCreate(const QStringList &args); // seesaw bundle create, reached through runBundle
int runBundleCreateDelta(const QStringList &args); // seesaw bundle create-delta
int runBundleDeltaStats(const QStringList &args);  // seesaw bundle delta-stats
int runChannel(const QStringList &args);           // seesaw channel …
int runChannelOverBus(const QString &sub,
                      const QStringList &args); // status|check|set|download|install
bool isDeviceCommand(const QString &command);
int runDevice(const GlobalOptions &global, const QString &command, const QStringList &args);
int runDeviceOverBus(const QString &command, const QStringList &args);
int runMonitor(const QStringList &args);
// health, verify-slot: always in-process, on the device, as root.
bool isLocalCommand(const QString &command);
int runLocal(const GlobalOptions &global, const QString &command, const QStringList &args);
int runArtifacts(const GlobalOptions &global, const QStringList &args); // artifacts [rollback]

} // namespace cli
