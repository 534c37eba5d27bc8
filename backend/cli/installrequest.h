// What `seesaw install` was asked, shared by the in-process (--direct) and the seesawd paths.
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"

#include <QString>
#include <QStringList>

namespace cli {

struct InstallRequest {
    QString path;
    bool yes = false;
    bool allowDowngrade = false;
    bool reinstall = false;
    bool replaceKnownGood = false;
    bool dryRun = false;
};

// Parses the install command line; -1 to go on, else an exit code (help, usage error).
int parseInstallRequest(const QStringList &args, InstallRequest *request);
// Opens the bundle file as given (never through a symbolic link).
seesaw::Result<seesaw::UniqueFd> openBundleFile(const QString &path);
// Prints one check line.
void printCheck(bool passed, const QString &reason, bool warning = false);
// Asks the operator unless --yes or --dry-run; -1 to go on, else an exit code.
int confirmInstall(const InstallRequest &request, const QString &version, bool allPassed);

} // namespace cli
