// Device commands: install, status, mark-good, mark-bad, rollback, history. With --direct they
// run in-process on the configured device (tests, the simulator, systems without D-Bus).
#include "base/hostilestring.h"
#include "base/unique_fd.h"
#include "bundle/bundlereader.h"
#include "clicommon.h"
#include "commands.h"
#include "device/bootoutcome.h"
#include "device/device.h"
#include "device/deviceactions.h"
#include "install/installer.h"
#include "installrequest.h"
#include "systemdunits.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace cli {

using namespace seesaw;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli::device", text);
}

Result<std::unique_ptr<Device>> openDevice(const GlobalOptions &global)
{
    return Device::open(global.config);
}

// Resolves "booted" / "other" (default booted) to a bootname.
Result<QString> whichSlot(const Device &device, const QStringList &args)
{
    const QString which = args.value(0, QStringLiteral("booted"));
    if (args.size() > 1 || (which != QLatin1String("booted") && which != QLatin1String("other"))) {
        return makeError(Error::Kind::Usage, "cli.usage",
                         tr(R"(Name the slot as "booted" or "other".)"));
    }
    if (which == QLatin1String("booted")) {
        return device.booted().bootname;
    }
    return otherSlot(device.config(), device.booted())->bootname;
}

// What a finished install did, in words.
void printInstalled(const InstallOutcome &result)
{
    if (result.dryRun) {
        printOut(tr("Dry run passed: version %1 can be installed; every payload was verified and "
                    "nothing was "
                    "written.")
                     .arg(result.version));
    } else if (result.targetBootname.isEmpty()) {
        for (const ArtifactChange &c : result.artifacts) {
            printOut(c.from.isEmpty()
                         ? tr("%1/%2 %3 is installed and in use.").arg(c.repository, c.entry, c.to)
                         : tr("%1/%2 %3 is installed and in use (was %4).")
                               .arg(c.repository, c.entry, c.to, c.from));
        }
        printOut(tr("The health check passed; no reboot is needed."));
    } else {
        printOut(tr("Installed version %1 into slot %2. It starts after the next reboot.")
                     .arg(result.version, result.targetBootname));
    }
}

int runInstall(const GlobalOptions &global, const QStringList &args)
{
    InstallRequest request;
    if (int rc = parseInstallRequest(args, &request); rc >= 0) {
        return rc;
    }
    auto device = openDevice(global);
    if (!device) {
        return fail(device.error());
    }
    auto fd = openBundleFile(request.path);
    if (!fd) {
        return fail(fd.error());
    }

    // Show what is about to be installed; the operator confirms exactly this manifest.
    auto state = (*device)->store().load();
    if (!state) {
        return fail(state.error());
    }
    auto keyring = (*device)->loadKeyring();
    if (!keyring) {
        return fail(keyring.error());
    }
    auto bundle = BundleReader::openFd(fd->get(), *keyring);
    if (!bundle) {
        return fail(bundle.error());
    }
    InstallOptions options;
    options.allowDowngrade = request.allowDowngrade;
    options.reinstall = request.reinstall;
    options.replaceKnownGood = request.replaceKnownGood;
    options.dryRun = request.dryRun;
    options.confirmedManifestHash = bundle->manifestHash();
    options.units = systemdUnitQueryOnSystemBus(); // after an artifact install
    const Manifest &m = bundle->manifest();
    printOut(tr("Bundle %1: %2 version %3 (%4)")
                 .arg(displayString(request.path, 200), displayString(m.compatible),
                      displayString(m.version.toString()), bundle->verdict().message));
    bool allPassed = true;
    for (const InstallCheck &check : checkBundle(**device, *state, *bundle, options)) {
        printCheck(check.passed, check.reason, check.warning);
        allPassed = allPassed && check.passed;
    }
    if (int rc = confirmInstall(request, m.version.toString(), allPassed); rc >= 0) {
        return rc;
    }

    const std::atomic<bool> *cancel = signalCancelFlag();
    Progress bar(options.dryRun ? tr("Verifying") : tr("Writing"));
    Installer installer(**device);
    auto result = installer.install(
        fd->get(), options,
        [&](const InstallProgress &p) {
            if (p.phase == InstallProgress::Phase::Writing ||
                p.phase == InstallProgress::Phase::Verifying ||
                p.phase == InstallProgress::Phase::Done) {
                bar.update(p.done, p.total);
            }
        },
        cancel);
    bar.finish();
    if (!result) {
        return fail(result.error());
    }
    printInstalled(*result);
    return ExitOk;
}

int runStatus(const GlobalOptions &global, const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), tr("Print the status as JSON."));
    parser.addOption(json);
    if (int rc = parseOrExit(parser, args,
                             tr("Show the slots, the boot loader's state and the last result."),
                             tr("seesaw [--direct --conf FILE] status [--json]"));
        rc >= 0) {
        return rc;
    }
    auto device = openDevice(global);
    if (!device) {
        return fail(device.error());
    }
    // What became of the last update is recorded at the first look after a reboot.
    if (auto reconciled = reconcileBoot(**device); !reconciled) {
        return fail(reconciled.error());
    }
    auto status = statusSnapshot(**device);
    if (!status) {
        return fail(status.error());
    }
    if (parser.isSet(json)) {
        printOut(
            QString::fromUtf8(QJsonDocument(statusJson(*status)).toJson(QJsonDocument::Indented)));
        return ExitOk;
    }
    const DeviceStatus &st = *status;
    printOut(tr("Device:   %1 (%2 boot loader)").arg(st.compatible, st.bootloader));
    printOut(tr("Running:  slot %1, version %2")
                 .arg(st.bootedSlot, st.version.isEmpty() ? tr("unknown") : st.version));
    printOut(tr("Primary:  %1")
                 .arg(st.primary.isEmpty() ? tr("unknown (%1)").arg(st.primaryError) : st.primary));
    for (const SlotStatus &slot : st.slots) {
        QString boot;
        if (slot.boot) {
            boot = slot.boot->bad ? tr("marked bad")
                   : slot.boot->attemptsLeft < 0
                       ? tr("good")
                       : tr("%1 attempts left").arg(slot.boot->attemptsLeft);
        }
        printOut(tr("Slot %1 %2 (%3): %4%5%6")
                     .arg(slot.slot.name(), slot.slot.bootname, slot.slot.device,
                          slotStatusName(slot.record.status),
                          slot.record.version.isEmpty()
                              ? QString()
                              : QStringLiteral(", ") + slot.record.version,
                          boot.isEmpty() ? QString() : QStringLiteral(", ") + boot));
    }
    if (st.pending) {
        printOut(tr("Pending:  version %1 in slot %2, waiting for reboot and health check")
                     .arg(st.pending->toVersion, st.pending->toBootname));
    }
    if (st.unconfirmed) {
        printOut(tr("Held:     %1").arg(st.unconfirmed->message()));
    }
    if (st.lastResult.outcome != LastResult::Outcome::None) {
        printOut(
            tr("Last:     %1 — %2").arg(outcomeName(st.lastResult.outcome), st.lastResult.message));
    }
    if (!st.lastResult.detail.isEmpty()) {
        printOut(tr("          %1").arg(st.lastResult.detail));
    }
    return ExitOk;
}

int runMark(const GlobalOptions &global, const QStringList &args, bool good)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("SLOT"), tr("booted (default) or other"));
    if (int rc = parseOrExit(parser, args,
                             good ? tr("Mark a slot good: the boot loader keeps booting it.")
                                  : tr("Mark a slot bad: the boot loader will not boot it."),
                             good ? tr("seesaw [--direct --conf FILE] mark-good [booted|other]")
                                  : tr("seesaw [--direct --conf FILE] mark-bad [booted|other]"));
        rc >= 0) {
        return rc;
    }
    auto device = openDevice(global);
    if (!device) {
        return fail(device.error());
    }
    Device &d = **device;
    auto bootname = whichSlot(d, parser.positionalArguments());
    if (!bootname) {
        return fail(bootname.error());
    }
    auto done = markSlot(d, *bootname, good);
    if (!done) {
        return fail(done.error());
    }
    printOut(*done);
    return ExitOk;
}

int runRollback(const GlobalOptions &global, const QStringList &args)
{
    QCommandLineParser parser;
    if (int rc = parseOrExit(
            parser, args, tr("Make the other slot primary again; it starts after the next reboot."),
            tr("seesaw [--direct --conf FILE] rollback"));
        rc >= 0) {
        return rc;
    }
    auto device = openDevice(global);
    if (!device) {
        return fail(device.error());
    }
    auto done = rollback(**device);
    if (!done) {
        return fail(done.error());
    }
    printOut(*done);
    return ExitOk;
}

int runHistory(const GlobalOptions &global, const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), tr("Print the entries as JSON."));
    const QCommandLineOption verify(QStringLiteral("verify"),
                                    tr("Check the history's hash chain."));
    const QCommandLineOption limit(QStringLiteral("limit"), tr("Show only the newest N entries."),
                                   QStringLiteral("N"), QStringLiteral("0"));
    parser.addOptions({json, verify, limit});
    if (int rc = parseOrExit(
            parser, args, tr("Show the device's update history."),
            tr("seesaw [--direct --conf FILE] history [--json] [--verify] [--limit N]"));
        rc >= 0) {
        return rc;
    }
    auto device = openDevice(global);
    if (!device) {
        return fail(device.error());
    }
    Device &d = **device;
    if (parser.isSet(verify)) {
        auto state = d.store().load();
        if (!state) {
            return fail(state.error());
        }
        Status s = d.history().verify(state->historyCount, state->historyHead);
        if (!s) {
            return fail(s.error());
        }
        printOut(tr("The history is intact (%1 entries).").arg(state->historyCount));
        return ExitOk;
    }
    auto entries = d.history().read(parser.value(limit).toLongLong());
    if (!entries) {
        return fail(entries.error());
    }
    QJsonArray list;
    for (const HistoryEntry &e : *entries) {
        if (parser.isSet(json)) {
            list.append(QJsonObject{{QStringLiteral("seq"), double(e.seq)},
                                    {QStringLiteral("time"), e.time.toString(Qt::ISODate)},
                                    {QStringLiteral("event"), e.event},
                                    {QStringLiteral("details"), e.details}});
        } else {
            printOut(QStringLiteral("%1  %2  %3  %4")
                         .arg(QString::number(e.seq).rightJustified(4),
                              e.time.toString(Qt::ISODate), e.event,
                              QString::fromUtf8(
                                  QJsonDocument(e.details).toJson(QJsonDocument::Compact))));
        }
    }
    if (parser.isSet(json)) {
        printOut(QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Indented)));
    }
    return ExitOk;
}

} // namespace

bool isDeviceCommand(const QString &command)
{
    static const QStringList commands{QStringLiteral("install"),   QStringLiteral("status"),
                                      QStringLiteral("mark-good"), QStringLiteral("mark-bad"),
                                      QStringLiteral("rollback"),  QStringLiteral("history")};
    return commands.contains(command);
}

int runDevice(const GlobalOptions &global, const QString &command, const QStringList &args)
{
    // Help needs no daemon: the in-process commands print the same options.
    const bool help = args.contains(QLatin1String("--help")) || args.contains(QLatin1String("-h"));
    if (!global.direct && !help) {
        if (global.configGiven) {
            printErr(tr("seesaw: --conf only applies with --direct (and to health and "
                        "verify-slot); seesawd uses its own configuration."));
        }
        return runDeviceOverBus(command, args);
    }
    if (command == QLatin1String("install")) {
        return runInstall(global, args);
    }
    if (command == QLatin1String("status")) {
        return runStatus(global, args);
    }
    if (command == QLatin1String("mark-good")) {
        return runMark(global, args, true);
    }
    if (command == QLatin1String("mark-bad")) {
        return runMark(global, args, false);
    }
    if (command == QLatin1String("rollback")) {
        return runRollback(global, args);
    }
    return runHistory(global, args);
}

} // namespace cli
