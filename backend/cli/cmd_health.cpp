// Commands that run on the device itself, as root, never through seesawd: `health` (once per
// boot, from seesaw-health.service) and `verify-slot`.
#include "base/atomicfile.h"
#include "clicommon.h"
#include "commands.h"
#include "device/bootoutcome.h"
#include "device/device.h"
#include "device/slots.h"
#include "device/slotverify.h"
#include "health/health.h"
#include "install/artifactpending.h"
#include "systemdunits.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDir>
#include <QJsonDocument>
#include <QProcess>
#include <QThread>
#include <atomic>

namespace cli {

using namespace seesaw;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli::health", text);
}

// The report of the last run, for the operator and for support: DATA/health/last.{json,txt}.
Status saveReport(const Device &device, const HealthReport &report)
{
    const QString dir = device.config().dataDirectory + QStringLiteral("/health");
    if (!QDir().mkpath(dir)) {
        return makeError(Error::Kind::Io, "health.io",
                         tr("Cannot create %1 for the health report.").arg(dir));
    }
    if (Status s = writeFileAtomically(dir + QStringLiteral("/last.json"),
                                       QJsonDocument(report.toJson()).toJson(), 0644);
        !s) {
        return s;
    }
    return writeFileAtomically(dir + QStringLiteral("/last.txt"), report.toText().toUtf8(), 0644);
}

int reboot(const Device &device, int delaySeconds)
{
    if (delaySeconds > 0) {
        printOut(tr("Restarting in %1 s.").arg(delaySeconds));
        QThread::sleep(static_cast<unsigned long>(delaySeconds));
    }
    QStringList command = QProcess::splitCommand(device.config().rebootCommand);
    if (command.isEmpty()) {
        return ExitIo;
    }
    const QString program = command.takeFirst();
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.start(program, command);
    if (!process.waitForStarted() || !process.waitForFinished(-1) ||
        process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        printErr(tr("The reboot command (%1) failed; the service manager's failure action has to "
                    "restart the device.")
                     .arg(device.config().rebootCommand));
        return ExitIo;
    }
    return ExitOk;
}

int runHealth(const GlobalOptions &global, const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), tr("Print the report as JSON."));
    const QCommandLineOption noReboot(QStringLiteral("no-reboot"),
                                      tr("Mark the slot, but do not restart the device when the "
                                         "check failed (for testing a check by hand)."));
    parser.addOptions({json, noReboot});
    if (int rc = parseOrExit(parser, args,
                             tr("Check the booted system ([health] in system.conf) once per boot; "
                                "mark the slot good, or mark it bad and restart so that the boot "
                                "loader falls back. Runs on the device as root."),
                             tr("seesaw [--conf FILE] health [--json] [--no-reboot]"));
        rc >= 0) {
        return rc;
    }
    auto device = Device::open(global.config);
    if (!device) {
        return fail(device.error());
    }
    Device &d = **device;
    if (auto reconciled = reconcileBoot(d); !reconciled) {
        return fail(reconciled.error());
    }

    // What happens to add-ons goes to stderr under --json, which prints the report alone.
    const auto say = [&](const QString &text) {
        parser.isSet(json) ? printErr(text) : printOut(text);
    };
    // A new system's add-ons, at its first boot: switched before its health check judges both.
    if (auto switched = switchArtifactsAtBoot(d); !switched) {
        printErr(switched.error().message);
    } else if (*switched) {
        say(**switched);
    }

    const std::atomic<bool> *cancel = signalCancelFlag();
    HealthRunner runner(d.config(), systemdUnitQueryOnSystemBus());
    HealthReport report = runner.run(cancel);
    if (*cancel) {
        return fail(makeError(Error::Kind::Cancelled, "cancelled",
                              tr("The health check was stopped; nothing was marked.")));
    }
    // Add-ons switched before a restart that came before their verdict: this check judges them;
    // when it failed, they go back and the system is checked again without them.
    auto settled = settleArtifactsAfterRestart(d, report.passed, report.failureSummary());
    if (!settled) {
        printErr(settled.error().message);
    } else if (*settled) {
        say((*settled)->message);
        if ((*settled)->rolledBack) {
            report = runner.run(cancel);
            if (*cancel) {
                return fail(makeError(Error::Kind::Cancelled, "cancelled",
                                      tr("The health check was stopped; nothing was marked.")));
            }
        }
    }
    if (Status s = saveReport(d, report); !s) {
        printErr(s.error().message); // the verdict matters more than its file
    }
    if (parser.isSet(json)) {
        printOut(QString::fromUtf8(QJsonDocument(report.toJson()).toJson()));
    } else {
        printOut(report.toText());
    }

    auto decision = applyHealthReport(d, report);
    if (!decision) {
        return fail(decision.error());
    }
    say(decision->message);
    if (!decision->reboot) {
        return ExitOk;
    }
    if (parser.isSet(noReboot)) {
        return ExitInvalid;
    }
    const int rebooted = reboot(d, d.config().health.rebootDelaySeconds);
    return rebooted == ExitOk ? ExitInvalid : rebooted;
}

int runVerifySlot(const GlobalOptions &global, const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("SLOT"), tr("booted (default) or other"));
    if (int rc = parseOrExit(parser, args,
                             tr("Re-read a slot and check it against the image hash recorded when "
                                "it was installed. Runs on the device as root."),
                             tr("seesaw [--conf FILE] verify-slot [booted|other]"));
        rc >= 0) {
        return rc;
    }
    auto device = Device::open(global.config);
    if (!device) {
        return fail(device.error());
    }
    Device &d = **device;
    const QStringList positional = parser.positionalArguments();
    const QString which = positional.value(0, QStringLiteral("booted"));
    if (positional.size() > 1 ||
        (which != QLatin1String("booted") && which != QLatin1String("other"))) {
        return usageError(tr(R"(Name the slot as "booted" or "other".)"));
    }
    const SlotConfig *slot =
        which == QLatin1String("booted") ? &d.booted() : otherSlot(d.config(), d.booted());
    if (slot == nullptr) {
        return usageError(tr("The booted slot has no partner slot."));
    }

    const std::atomic<bool> *cancel = signalCancelFlag();
    Progress progress(tr("Verifying slot %1").arg(slot->bootname));
    auto verified = verifySlot(
        d, slot->bootname,
        [&progress](quint64 done, quint64 total) { progress.update(done, total); }, cancel);
    progress.finish();
    if (!verified) {
        return fail(verified.error());
    }
    printOut(*verified);
    return ExitOk;
}

} // namespace

bool isLocalCommand(const QString &command)
{
    return command == QLatin1String("health") || command == QLatin1String("verify-slot") ||
           command == QLatin1String("artifacts");
}

int runLocal(const GlobalOptions &global, const QString &command, const QStringList &args)
{
    if (command == QLatin1String("health")) {
        return runHealth(global, args);
    }
    if (command == QLatin1String("artifacts")) {
        return runArtifacts(global, args);
    }
    return runVerifySlot(global, args);
}

} // namespace cli
