#include "net/ddireports.h"

#include "base/atomicfile.h"
#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Ddi", text);
}

constexpr qint64 MaxFileBytes = qint64(4) * 1024 * 1024; // MaxReports of MaxBodyBytes, and more

bool isChannel(const QString &channel)
{
    return channel == QLatin1String("deploymentBase") || channel == QLatin1String("cancelAction") ||
           channel == QLatin1String("confirmationBase");
}

bool isActionId(const QString &id)
{
    return isAsciiName(id, 1, 64, QLatin1String("-_"));
}

Error queueError(const QString &path, const QString &what)
{
    return makeError(Error::Kind::Invalid, "ddi.reports",
                     tr("The reports waiting for the hawkBit server (%1) %2.").arg(path, what));
}

// Whether a status means "delivered" (true), "never again" (false) or "later" (nullopt).
std::optional<bool> outcome(int status)
{
    if (status >= 200 && status < 300) {
        return true;
    }
    if (status == 400 || status == 404 || status == 405 || status == 410) {
        return false; // a closed or unknown action, or a body the server will never take
    }
    return std::nullopt; // 401, 403, 408, 429, 5xx, anything else: ask again later
}

} // namespace

Result<QList<DdiReport>> DdiReportQueue::load() const
{
    QFile file(m_path);
    if (!file.exists()) {
        return QList<DdiReport>{};
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return queueError(m_path, tr("cannot be read: %1").arg(file.errorString()));
    }
    const QByteArray text = file.read(MaxFileBytes + 1);
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    const QJsonArray items = doc.object().value(QStringLiteral("reports")).toArray();
    if (text.size() > MaxFileBytes || parseError.error != QJsonParseError::NoError ||
        !doc.isObject() || items.size() > MaxReports) {
        return queueError(m_path, tr("are not a list Seesaw wrote; the file is left as it is"));
    }
    QList<DdiReport> out;
    for (const auto &v : items) {
        const QJsonObject o = v.toObject();
        DdiReport r{o.value(QStringLiteral("action")).toString(),
                    o.value(QStringLiteral("channel")).toString(),
                    o.value(QStringLiteral("body")).toString().toUtf8(),
                    o.value(QStringLiteral("final")).toBool()};
        if (!isActionId(r.actionId) || !isChannel(r.channel) || r.body.isEmpty() ||
            r.body.size() > MaxBodyBytes) {
            return queueError(m_path, tr("are not a list Seesaw wrote; the file is left as it is"));
        }
        out.append(r);
    }
    return out;
}

Status DdiReportQueue::add(const DdiReport &report)
{
    if (!isActionId(report.actionId) || !isChannel(report.channel) || report.body.isEmpty() ||
        report.body.size() > MaxBodyBytes) {
        return queueError(m_path, tr("cannot take a report for action %1 on %2 of %3 bytes")
                                      .arg(displayString(report.actionId, 64),
                                           displayString(report.channel, 32),
                                           QString::number(report.body.size())));
    }
    auto reports = load();
    if (!reports) {
        return reports.error();
    }
    while (reports->size() >= MaxReports) {
        // The oldest progress report makes room; when all are final, the oldest final one (the
        // newest result matters more than one the server could not take for days).
        qsizetype victim = 0;
        for (qsizetype i = 0; i < reports->size(); ++i) {
            if (!reports->at(i).final) {
                victim = i;
                break;
            }
        }
        if (report.final || !reports->at(victim).final) {
            reports->removeAt(victim);
        } else {
            return Ok{}; // a progress report is not worth a result
        }
    }
    reports->append(report);
    return save(*reports);
}

Result<DdiDelivery> DdiReportQueue::deliver(const Sender &send)
{
    auto reports = load();
    if (!reports) {
        return reports.error();
    }
    DdiDelivery d;
    qsizetype sent = 0;
    for (; sent < reports->size(); ++sent) {
        const Result<int> status = send(reports->at(sent));
        if (!status) {
            d.stoppedBy = status.error().message;
            break;
        }
        const std::optional<bool> taken = outcome(*status);
        if (!taken) {
            d.stoppedBy = tr("The hawkBit server answered %1.").arg(*status);
            break;
        }
        ++(*taken ? d.delivered : d.dropped);
    }
    if (sent > 0) {
        if (Status s = save(reports->mid(sent)); !s) {
            return s.error();
        }
    }
    d.waiting = int(reports->size() - sent);
    return d;
}

Status DdiReportQueue::save(const QList<DdiReport> &reports)
{
    QJsonArray items;
    for (const DdiReport &r : reports) {
        items.append(QJsonObject{{QStringLiteral("action"), r.actionId},
                                 {QStringLiteral("channel"), r.channel},
                                 {QStringLiteral("body"), QString::fromUtf8(r.body)},
                                 {QStringLiteral("final"), r.final}});
    }
    return writeFileAtomically(m_path,
                               QJsonDocument(QJsonObject{{QStringLiteral("reports"), items}})
                                   .toJson(QJsonDocument::Compact),
                               0600);
}

} // namespace seesaw
