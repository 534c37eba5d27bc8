#include "installrequest.h"

#include "base/errnotext.h"
#include "clicommon.h"

#include <QCoreApplication>
#include <QFile>
#include <QTextStream>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("cli::install", text);
}
} // namespace

int parseInstallRequest(const QStringList &args, InstallRequest *request)
{
    QCommandLineParser parser;
    const QCommandLineOption yes(QStringLiteral("yes"), tr("Do not ask for confirmation."));
    const QCommandLineOption downgrade(QStringLiteral("allow-downgrade"),
                                       tr("Allow installing an older version."));
    const QCommandLineOption reinstall(QStringLiteral("reinstall"),
                                       tr("Allow installing the running version again."));
    const QCommandLineOption dryRun(
        QStringLiteral("dry-run"),
        tr("Make every check and verify every payload, but write nothing."));
    const QCommandLineOption replaceKnownGood(
        QStringLiteral("replace-known-good"),
        tr("Install even though the running system has not passed its health check yet, "
           "overwriting the other slot's system, the last one known to work."));
    parser.addOptions({yes, downgrade, reinstall, replaceKnownGood, dryRun});
    parser.addPositionalArgument(QStringLiteral("BUNDLE"), tr("The bundle to install."));
    if (int rc = parseOrExit(
            parser, args, tr("Install a bundle into the inactive slot."),
            tr("seesaw [--direct --conf FILE] install BUNDLE [--yes] [--allow-downgrade] "
               "[--reinstall] [--replace-known-good] [--dry-run]"));
        rc >= 0) {
        return rc;
    }
    if (parser.positionalArguments().size() != 1) {
        return usageError(tr("Give exactly one bundle file."));
    }
    request->path = parser.positionalArguments().first();
    request->yes = parser.isSet(yes);
    request->allowDowngrade = parser.isSet(downgrade);
    request->reinstall = parser.isSet(reinstall);
    request->replaceKnownGood = parser.isSet(replaceKnownGood);
    request->dryRun = parser.isSet(dryRun);
    return -1;
}

seesaw::Result<seesaw::UniqueFd> openBundleFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        return seesaw::makeError(seesaw::Error::Kind::Io, "bundle.open",
                                 tr("Cannot open \"%1\": %2.").arg(path, seesaw::errnoText(errno)));
    }
    return seesaw::UniqueFd(fd);
}

void printCheck(bool passed, const QString &reason, bool warning)
{
    const QString mark = !passed   ? QStringLiteral("!!")
                         : warning ? QStringLiteral("??")
                                   : QStringLiteral("ok");
    // A reason of several lines (one per installed extension) stays under its mark.
    printOut(
        QStringLiteral("  [%1] %2")
            .arg(mark, QString(reason).replace(QLatin1Char('\n'), QLatin1String("\n       "))));
}

int confirmInstall(const InstallRequest &request, const QString &version, bool allPassed)
{
    if (!allPassed || request.dryRun || request.yes) {
        return -1;
    }
    if (isatty(STDIN_FILENO) == 0) {
        return usageError(tr("Not confirmed: run with --yes to install without asking."));
    }
    prompt(tr("Install version %1 into the inactive slot? [y/N] ").arg(version));
    QTextStream in(stdin);
    const QString answer = in.readLine().trimmed().toLower();
    if (answer != QLatin1String("y") && answer != QLatin1String("yes")) {
        printOut(tr("Nothing was installed."));
        return ExitCancelled;
    }
    return -1;
}

} // namespace cli
