// HealthReport: the verdict of a health check run as LastResult's summary, JSON and the readable
// report; and the words it shares with the runner (healthwords.h).
#include "base/hostilestring.h"
#include "health/health.h"
#include "health/healthwords.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Health", text);
}

} // namespace

namespace healthword {

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 1);
}

QString kindLabel(const QString &kind)
{
    if (kind == QLatin1String("unit")) {
        return tr("unit");
    }
    if (kind == QLatin1String("script")) {
        return tr("script");
    }
    if (kind == QLatin1String("uptime")) {
        return tr("minimum uptime");
    }
    return tr("limit");
}

} // namespace healthword

using healthword::kindLabel;
using healthword::seconds;

const HealthCheckResult *HealthReport::firstFailure() const
{
    for (const HealthCheckResult &check : checks) {
        if (!check.passed) {
            return &check;
        }
    }
    return nullptr;
}

QString HealthReport::failureSummary() const
{
    const HealthCheckResult *failed = firstFailure();
    if (failed == nullptr) {
        return {};
    }
    const QString name = displayString(failed->name, 256);
    if (failed->kind == QLatin1String("unit")) {
        return tr("unit %1").arg(failed->detail);
    }
    if (failed->kind == QLatin1String("script")) {
        return tr("script %1 failed: %2").arg(name, failed->detail);
    }
    if (failed->kind == QLatin1String("timeout")) {
        return tr("timed out: %1").arg(failed->detail);
    }
    if (failed->kind == QLatin1String("cancelled")) {
        return tr("cancelled: %1").arg(failed->detail);
    }
    return tr("%1 failed: %2").arg(name, failed->detail);
}

QJsonObject HealthReport::toJson() const
{
    QJsonArray list;
    for (const HealthCheckResult &check : checks) {
        QJsonObject o{{QStringLiteral("kind"), check.kind},
                      {QStringLiteral("name"), check.name},
                      {QStringLiteral("passed"), check.passed},
                      {QStringLiteral("durationMs"), check.durationMs},
                      {QStringLiteral("detail"), check.detail}};
        if (!check.outputTail.isEmpty()) {
            o.insert(QStringLiteral("outputTail"), check.outputTail);
        }
        list.append(o);
    }
    return {{QStringLiteral("passed"), passed},
            {QStringLiteral("startedAt"), startedAt.toUTC().toString(Qt::ISODateWithMs)},
            {QStringLiteral("durationMs"), durationMs},
            {QStringLiteral("timedOut"), timedOut},
            {QStringLiteral("cancelled"), cancelled},
            {QStringLiteral("checks"), list}};
}

QString HealthReport::toText() const
{
    QString text = (passed ? tr("Health check passed") : tr("Health check FAILED")) +
                   QLatin1Char(' ') +
                   tr("(started %1, took %2 s)")
                       .arg(startedAt.toUTC().toString(Qt::ISODate), seconds(durationMs)) +
                   QLatin1Char('\n');
    if (timedOut) {
        text += tr("The time limit ran out before every check was decided.") + QLatin1Char('\n');
    }
    if (cancelled) {
        text += tr("The health check was cancelled.") + QLatin1Char('\n');
    }
    if (checks.isEmpty()) {
        text += tr("No checks are configured.") + QLatin1Char('\n');
    }
    for (const HealthCheckResult &check : checks) {
        text += QStringLiteral("  ") + (check.passed ? tr("PASS") : tr("FAIL")) +
                QStringLiteral("  ") + kindLabel(check.kind) + QLatin1Char(' ') +
                displayString(check.name, 256) + QStringLiteral(": ") + check.detail +
                QStringLiteral(" (") + tr("%1 s").arg(seconds(check.durationMs)) +
                QStringLiteral(")\n");
        if (check.outputTail.isEmpty()) {
            continue;
        }
        QStringList lines = check.outputTail.split(QLatin1Char('\n'));
        if (lines.last().isEmpty()) {
            lines.removeLast();
        }
        for (const QString &line : std::as_const(lines)) {
            text += QStringLiteral("        | ") + line + QLatin1Char('\n');
        }
    }
    return text;
}

} // namespace seesaw
