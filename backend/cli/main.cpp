// seesaw: bundles on build hosts (bundle, keygen); device commands arrive with later issues.
#include "clicommon.h"
#include "commands.h"

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
        "  bundle info      show a bundle's manifest and signature verdict (reads no payload)\n"
        "  bundle verify    check every payload of a bundle against its signed manifest\n"
        "\n"
        "Run 'seesaw COMMAND --help' for a command's options.\n"
        "\n"
        "Exit codes: 0 success; 1 invalid or untrusted bundle; 2 usage error; 3 I/O error;\n"
        "4 cancelled.");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("seesaw"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SEESAW_VERSION));

    QStringList args = QCoreApplication::arguments();
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
    if (command == QLatin1String("keygen"))
        return cli::runKeygen(args);
    if (command == QLatin1String("bundle"))
        return cli::runBundle(args);
    return cli::usageError(
        QCoreApplication::translate("cli", "Unknown command \"%1\".").arg(command));
}
