// seesaw: bundles on build hosts (bundle, keygen) and device commands for technicians.
#include "base/mallocpolicy.h"
#include "clicommon.h"
#include "commands.h"
#include "trust/cryptoexit.h"

#include <QCoreApplication>

namespace {

QString usage()
{
    return QCoreApplication::translate(
        "cli",
        "Usage: seesaw COMMAND [OPTIONS]\n"
        "\n"
        "Build host:\n"
        "  keygen           create an Ed25519 signing key\n"
        "  bundle create    make and sign an update bundle\n"
        "  bundle create-delta  make a delta bundle from a full one, against the old version\n"
        "  bundle delta-stats   what a delta between two versions saves, and what changed\n"
        "  bundle info      show a bundle's manifest and signature verdict (reads no payload)\n"
        "  bundle verify    check every payload of a bundle against its signed manifest\n"
        "  channel sign     check and sign a channel manifest for an update server\n"
        "  channel verify   check a channel manifest as a device would\n"
        "\n"
        "Device (seesaw [--direct] [--conf FILE] COMMAND; --direct works in-process on the device\n"
        "described by FILE, default /etc/seesaw/system.conf):\n"
        "  install          install a bundle into the inactive slot\n"
        "  status           slots, boot loader state, pending update and last result\n"
        "  mark-good        mark the booted (or other) slot good\n"
        "  mark-bad         mark the booted (or other) slot bad\n"
        "  rollback         make the other slot primary again\n"
        "  history          the update history; --verify checks its hash chain\n"
        "  monitor          follow seesawd's state, progress and results live\n"
        "\n"
        "On the device, as root, always in-process (seesaw [--conf FILE] COMMAND):\n"
        "  health           check the booted system once per boot; mark it good, or bad and\n"
        "                   restart so that the boot loader falls back\n"
        "  verify-slot      re-read a slot and check it against its installed image hash\n"
        "  artifacts        the installed add-ons (--json); 'rollback REPOSITORY/NAME' returns\n"
        "                   one to the version before\n"
        "\n"
        "Run 'seesaw COMMAND --help' for a command's options.\n"
        "\n"
        "Exit codes: 0 success; 1 invalid or untrusted bundle, or a check refused it; 2 usage\n"
        "error; 3 I/O error; 4 cancelled; 5 not authorised; 6 seesawd is busy.");
}

// Runs the command `args` names (args[0] is the program).
int dispatch(QStringList args)
{
    cli::GlobalOptions global;
    while (args.size() > 1 && args.at(1).startsWith(QLatin1String("--"))) {
        if (args.at(1) == QLatin1String("--direct")) {
            global.direct = true;
            args.removeAt(1);
        } else if (args.at(1) == QLatin1String("--conf") && args.size() > 2) {
            global.config = args.at(2);
            global.configGiven = true;
            args.remove(1, 2);
        } else if (args.at(1).startsWith(QLatin1String("--conf="))) {
            global.config = args.at(1).mid(7);
            global.configGiven = true;
            args.removeAt(1);
        } else {
            break;
        }
    }
    const QString command = args.value(1);
    if (command.isEmpty() || command == QLatin1String("--help") || command == QLatin1String("-h") ||
        command == QLatin1String("help")) {
        cli::printOut(usage());
        return command.isEmpty() ? cli::ExitUsage : cli::ExitOk;
    }
    if (command == QLatin1String("--version")) {
        cli::printOut(QStringLiteral("seesaw %1").arg(QCoreApplication::applicationVersion()));
        return cli::ExitOk;
    }
    // The sub-command sees "seesaw COMMAND" as its program name.
    args[0] = args[0] + QLatin1Char(' ') + command;
    args.removeAt(1);
    if (command == QLatin1String("keygen")) {
        return cli::runKeygen(args);
    }
    if (command == QLatin1String("bundle")) {
        return cli::runBundle(args);
    }
    if (command == QLatin1String("channel")) {
        return cli::runChannel(args);
    }
    if (command == QLatin1String("monitor")) {
        return cli::runMonitor(args);
    }
    if (cli::isLocalCommand(command)) {
        return cli::runLocal(global, command, args);
    }
    if (cli::isDeviceCommand(command)) {
        return cli::runDevice(global, command, args);
    }
    return cli::usageError(
        QCoreApplication::translate("cli", "Unknown command \"%1\".").arg(command));
}

} // namespace

int main(int argc, char **argv)
{
    seesaw::keepLargeBuffersMapped();
    seesaw::keepCryptoUntilExit();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("seesaw"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SEESAW_VERSION));
    return cli::finish(dispatch(QCoreApplication::arguments()));
}
