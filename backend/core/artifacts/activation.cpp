// The activation command of a repository (activation.h).
#include "artifacts/activation.h"

#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QProcess>

namespace seesaw {

namespace {

constexpr qsizetype OutputTailBytes = 2048;
constexpr int PollMs = 100;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::ArtifactStore", text);
}

Error activationError(const ArtifactRepository &repo, const QString &why, const QByteArray &out)
{
    const QString tail =
        displayString(QString::fromUtf8(out.right(OutputTailBytes)).trimmed(), 400);
    return makeError(Error::Kind::Io, "artifacts.activate",
                     tail.isEmpty()
                         ? tr("Activating %1 (%2) failed: %3.")
                               .arg(repo.name, repo.activate.join(QLatin1Char(' ')), why)
                         : tr("Activating %1 (%2) failed: %3. It printed: %4")
                               .arg(repo.name, repo.activate.join(QLatin1Char(' ')), why, tail));
}

} // namespace

Status activateRepository(const ArtifactRepository &repo, int timeoutSeconds,
                          const std::atomic<bool> *cancel)
{
    if (repo.activate.isEmpty()) {
        return Ok{};
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setProgram(repo.activate.first());
    process.setArguments(repo.activate.mid(1));
    process.start();
    if (!process.waitForStarted()) {
        return activationError(repo, process.errorString(), {});
    }
    // Only the tail of what it prints is kept, however much that is.
    QByteArray output;
    const QDeadlineTimer deadline(qint64(timeoutSeconds) * 1000);
    while (!process.waitForFinished(PollMs)) {
        output = QByteArray(output + process.readAll()).right(OutputTailBytes);
        const bool cancelled = cancel != nullptr && cancel->load();
        if (deadline.hasExpired() || cancelled) {
            process.kill();
            process.waitForFinished();
            return activationError(
                repo,
                cancelled ? tr("cancelled")
                          : tr("still running after %1 s").arg(QString::number(timeoutSeconds)),
                output);
        }
    }
    output = QByteArray(output + process.readAll()).right(OutputTailBytes);
    if (process.exitStatus() != QProcess::NormalExit) {
        return activationError(repo, tr("it crashed"), output);
    }
    if (process.exitCode() != 0) {
        return activationError(repo, tr("exit code %1").arg(process.exitCode()), output);
    }
    return Ok{};
}

} // namespace seesaw
