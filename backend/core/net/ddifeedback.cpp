// The bodies the device sends to a hawkBit server (net/ddi.h).
#include "net/ddi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <array>

namespace seesaw::ddi {

namespace {

QJsonArray detailsArray(const QStringList &details)
{
    QJsonArray out;
    for (const QString &d : details) {
        if (out.size() == MaxDetails) {
            break;
        }
        out.append(d.left(MaxDetailChars));
    }
    return out;
}

// What hawkBit accepts in an attribute: printable ASCII, at most MaxAttributeChars.
QString attributeText(const QString &s)
{
    QString out = s.left(MaxAttributeChars);
    for (QChar &c : out) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e || c == QLatin1Char('~') ||
            c == QLatin1Char('`')) {
            c = QLatin1Char('?');
        }
    }
    return out;
}

} // namespace

QString executionName(Execution execution)
{
    static const std::array<const char *, 8> names{"closed",     "proceeding", "canceled",
                                                   "scheduled",  "rejected",   "resumed",
                                                   "downloaded", "download"};
    return QString::fromLatin1(names.at(size_t(execution)));
}

QByteArray feedbackBody(const Feedback &feedback)
{
    static const std::array<const char *, 3> finished{"success", "failure", "none"};
    QJsonObject result{
        {QStringLiteral("finished"), QString::fromLatin1(finished.at(size_t(feedback.finished)))}};
    if (feedback.progress) {
        result.insert(QStringLiteral("progress"),
                      QJsonObject{{QStringLiteral("cnt"), feedback.progress->first},
                                  {QStringLiteral("of"), feedback.progress->second}});
    }
    QJsonObject status{{QStringLiteral("execution"), executionName(feedback.execution)},
                       {QStringLiteral("result"), result}};
    if (!feedback.details.isEmpty()) {
        status.insert(QStringLiteral("details"), detailsArray(feedback.details));
    }
    QJsonObject body{{QStringLiteral("status"), status}};
    if (feedback.timestampMs) {
        body.insert(QStringLiteral("timestamp"), double(*feedback.timestampMs));
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QByteArray confirmationBody(bool confirmed, const QStringList &details)
{
    QJsonObject body{{QStringLiteral("confirmation"),
                      confirmed ? QStringLiteral("confirmed") : QStringLiteral("denied")}};
    if (!details.isEmpty()) {
        body.insert(QStringLiteral("details"), detailsArray(details));
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QByteArray configDataBody(const QMap<QString, QString> &attributes)
{
    QJsonObject data;
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        data.insert(attributeText(it.key()), attributeText(it.value()));
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("mode"), QStringLiteral("merge")},
                                     {QStringLiteral("data"), data}})
        .toJson(QJsonDocument::Compact);
}

} // namespace seesaw::ddi
