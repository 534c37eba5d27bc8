// seesaw artifacts [--json] and seesaw artifacts rollback REPOSITORY/NAME: the layers of the
// device's artifact repositories (docs/artifacts.md), read from their stores in-process.
#include "artifacts/artifactstore.h"
#include "base/hostilestring.h"
#include "clicommon.h"
#include "commands.h"
#include "device/device.h"
#include "install/artifactinstall.h"
#include "systemdunits.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cli {

using namespace seesaw;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli::artifacts", text);
}

QJsonObject entryJson(const ArtifactRepository &repo, const ArtifactEntryState &e)
{
    return {{QStringLiteral("repository"), repo.name},
            {QStringLiteral("type"), ArtifactRepository::typeName(repo.type)},
            {QStringLiteral("name"), e.entry},
            {QStringLiteral("version"), e.current},
            {QStringLiteral("previous"), e.previous},
            {QStringLiteral("kept"), QJsonArray::fromStringList(e.kept)},
            {QStringLiteral("bytes"), qint64(e.currentBytes)},
            {QStringLiteral("state"),
             e.current.isEmpty() ? QStringLiteral("inactive") : QStringLiteral("active")}};
}

int runList(const Device &device, bool json)
{
    QJsonArray all;
    for (const ArtifactRepository &repo : device.config().artifacts) {
        auto entries = ArtifactStore(repo).list();
        if (!entries) {
            return fail(entries.error(), json);
        }
        for (const ArtifactEntryState &e : *entries) {
            all.append(entryJson(repo, e));
        }
    }
    if (json) {
        printOut(QString::fromUtf8(QJsonDocument(all).toJson(QJsonDocument::Indented)));
        return ExitOk;
    }
    if (device.config().artifacts.isEmpty()) {
        printOut(tr("No artifact repositories are configured ([artifacts.NAME] in %1).")
                     .arg(QStringLiteral("system.conf")));
        return ExitOk;
    }
    if (all.isEmpty()) {
        printOut(tr("No artifacts are installed."));
    }
    for (const auto &v : std::as_const(all)) {
        const QJsonObject e = v.toObject();
        const QString previous = e.value(QStringLiteral("previous")).toString();
        printOut(tr("%1/%2 (%3): %4, %5%6")
                     .arg(e.value(QStringLiteral("repository")).toString(),
                          e.value(QStringLiteral("name")).toString(),
                          e.value(QStringLiteral("type")).toString(),
                          e.value(QStringLiteral("version")).toString().isEmpty()
                              ? tr("not in use")
                              : tr("version %1").arg(e.value(QStringLiteral("version")).toString()),
                          formatBytes(quint64(e.value(QStringLiteral("bytes")).toInteger())),
                          previous.isEmpty() ? QString() : tr(", rolls back to %1").arg(previous)));
    }
    return ExitOk;
}

int runRollback(Device &device, const QString &which)
{
    const qsizetype slash = which.indexOf(QLatin1Char('/'));
    if (slash <= 0 || slash == which.size() - 1) {
        return usageError(
            tr("Name the artifact as REPOSITORY/NAME, not \"%1\".").arg(displayString(which)));
    }
    auto change = rollbackArtifact(device, which.left(slash), which.mid(slash + 1),
                                   systemdUnitQueryOnSystemBus());
    if (!change) {
        return fail(change.error());
    }
    printOut(tr("%1/%2 is back at version %3 (was %4); the health check passed.")
                 .arg(change->repository, change->entry, change->to, change->from));
    return ExitOk;
}

} // namespace

int runArtifacts(const GlobalOptions &global, const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), tr("Print the list as JSON."));
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("rollback"),
                                 tr("rollback REPOSITORY/NAME: back to the version before."));
    if (int rc = parseOrExit(parser, args,
                             tr("List the installed artifacts, or roll one back to the version "
                                "it had before."),
                             tr("seesaw [--conf FILE] artifacts [--json] | rollback "
                                "REPOSITORY/NAME"));
        rc >= 0) {
        return rc;
    }
    auto device = Device::open(global.config);
    if (!device) {
        return fail(device.error(), parser.isSet(json));
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        return runList(**device, parser.isSet(json));
    }
    if (positional.size() == 2 && positional.first() == QLatin1String("rollback")) {
        return runRollback(**device, positional.at(1));
    }
    return usageError(tr("Unexpected argument \"%1\".").arg(displayString(positional.first())));
}

} // namespace cli
