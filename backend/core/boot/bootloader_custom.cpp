// RAUC's custom bootloader backend protocol: an executable the integrator provides, called as
//   get-primary              prints the primary bootname
//   set-primary S            makes S primary
//   get-state S              prints good or bad
//   set-state S good|bad
//   get-current              prints the booted bootname (Seesaw reads the kernel command line)
// The protocol has no attempt counter: setPrimary(S, n) is set-primary S and attemptsLeft is
// always -1. Whatever the program does is its own atomic operation.
#include "base/hostilestring.h"
#include "boot/bootloader_backends.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QProcess>

namespace seesaw::bootloader_detail {

namespace {

constexpr int TimeoutMs = 30000;
constexpr qsizetype MaxStdout = 4096;  // a bootname or a word is expected
constexpr qsizetype MaxStderr = 16384; // kept for the message, then shortened further

void appendBounded(QByteArray &buffer, const QByteArray &data, qsizetype limit, bool &overflow)
{
    const qsizetype room = limit - buffer.size();
    if (data.size() > room) {
        overflow = true;
    }
    buffer += data.left(std::max<qsizetype>(room, 0));
}

Error failed(const QString &message)
{
    return makeError(Error::Kind::Io, "bootloader.failed", message);
}

} // namespace

CustomBackend::CustomBackend(QStringList bootnames, int bootAttempts, QString program)
    : BackendBase(std::move(bootnames), bootAttempts), m_program(std::move(program))
{}

// Runs the backend without a shell, reads bounded output while it runs (QProcess would
// otherwise buffer whatever a broken program prints) and returns stdout, trimmed.
Result<QByteArray> CustomBackend::run(const QStringList &arguments) const
{
    const QString command = displayString(QFileInfo(m_program).fileName()) + QLatin1Char(' ') +
                            displayString(arguments.join(QLatin1Char(' ')));
    QProcess process;
    process.setProgram(m_program);
    process.setArguments(arguments);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(QIODevice::ReadOnly);
    if (!process.waitForStarted(TimeoutMs)) {
        return ioError(tr("Cannot run the boot loader backend %1: %2.")
                           .arg(displayString(m_program, 200), process.errorString()));
    }

    QByteArray out;
    QByteArray err;
    bool outOverflow = false;
    bool errOverflow = false;
    const QDeadlineTimer deadline(TimeoutMs);
    const auto drain = [&] {
        appendBounded(out, process.readAllStandardOutput(), MaxStdout, outOverflow);
        appendBounded(err, process.readAllStandardError(), MaxStderr, errOverflow);
    };
    while (process.state() != QProcess::NotRunning) {
        if (deadline.hasExpired()) {
            process.kill();
            process.waitForFinished(5000);
            return failed(tr("The boot loader backend (%1) did not finish within %2 seconds.")
                              .arg(command, QString::number(TimeoutMs / 1000)));
        }
        process.waitForFinished(int(std::min<qint64>(deadline.remainingTime(), 100)));
        drain();
    }
    drain();

    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString reason = process.exitStatus() != QProcess::NormalExit
                                   ? tr("crashed")
                                   : tr("exited with status %1").arg(process.exitCode());
        const QString detail = displayBytes(err.trimmed(), 300);
        return failed(detail.isEmpty()
                          ? tr("The boot loader backend (%1) %2.").arg(command, reason)
                          : tr("The boot loader backend (%1) %2: %3").arg(command, reason, detail));
    }
    if (outOverflow) {
        return failed(tr("The boot loader backend (%1) printed more than %2 bytes.")
                          .arg(command, QString::number(MaxStdout)));
    }
    return out.trimmed();
}

Result<QString> CustomBackend::primary()
{
    const auto out = run({QStringLiteral("get-primary")});
    if (!out) {
        return out.error();
    }
    const QString bootname = QString::fromUtf8(*out);
    if (!m_bootnames.contains(bootname)) {
        return corruptError(tr("The boot loader backend reports \"%1\" as primary, which is no "
                               "configured bootname.")
                                .arg(displayString(bootname)));
    }
    return bootname;
}

Status CustomBackend::setPrimary(const QString &bootname, int attempts)
{
    if (auto checked = checkSlot(bootname); !checked) {
        return checked;
    }
    if (auto checked = checkAttempts(attempts); !checked) {
        return checked;
    }
    const auto out = run({QStringLiteral("set-primary"), bootname});
    if (!out) {
        return out.error();
    }
    return Ok{};
}

Status CustomBackend::markGood(const QString &bootname)
{
    if (auto checked = checkSlot(bootname); !checked) {
        return checked;
    }
    const auto out = run({QStringLiteral("set-state"), bootname, QStringLiteral("good")});
    if (!out) {
        return out.error();
    }
    return Ok{};
}

Status CustomBackend::markBad(const QString &bootname)
{
    if (auto checked = checkSlot(bootname); !checked) {
        return checked;
    }
    const auto out = run({QStringLiteral("set-state"), bootname, QStringLiteral("bad")});
    if (!out) {
        return out.error();
    }
    return Ok{};
}

Result<BootSlotState> CustomBackend::state(const QString &bootname)
{
    if (auto checked = checkSlot(bootname); !checked) {
        return checked.error();
    }
    const auto out = run({QStringLiteral("get-state"), bootname});
    if (!out) {
        return out.error();
    }
    if (*out == "good") {
        return BootSlotState{false, -1};
    }
    if (*out == "bad") {
        return BootSlotState{true, -1};
    }
    return corruptError(tr("The boot loader backend reports the state \"%1\" for %2, expected "
                           "good or bad.")
                            .arg(displayBytes(*out), bootname));
}

} // namespace seesaw::bootloader_detail
