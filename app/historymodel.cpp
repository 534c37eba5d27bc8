#include "historymodel.h"

#include "updaterclient.h"

#include <QLocale>
#include <algorithm>

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractListModel(parent), m_updater(UpdaterClient::instance())
{
    connect(m_updater, &UpdaterClient::historyLoaded, this,
            [this](int requestId, const QVariantList &entries) {
                if (requestId != m_pending) {
                    return; // not ours, or superseded by a newer reload
                }
                setEntries(entries);
                finish({});
            });
    connect(m_updater, &UpdaterClient::failed, this,
            [this](int requestId, const QString &, const QString &message) {
                if (requestId == m_pending) {
                    finish(message);
                }
            });
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size()) {
        return {};
    }
    const Entry &e = m_entries.at(index.row());
    switch (role) {
    case SeqRole:
        return double(e.seq);
    case TimeRole:
        return e.time;
    case EventRole:
        return e.event;
    case SummaryRole:
    case Qt::DisplayRole:
        // Made on each read, so that a language switch retranslates it.
        return summary(e.event, e.details);
    case DetailsRole:
        return e.details;
    default:
        return {};
    }
}

QHash<int, QByteArray> HistoryModel::roleNames() const
{
    return {{SeqRole, "seq"},
            {TimeRole, "time"},
            {EventRole, "event"},
            {SummaryRole, "summary"},
            {DetailsRole, "details"}};
}

void HistoryModel::reload()
{
    if (m_updater == nullptr) {
        return;
    }
    const bool wasLoading = loading();
    m_pending = m_updater->loadHistory(200);
    if (!wasLoading) {
        Q_EMIT loadingChanged();
    }
}

void HistoryModel::finish(const QString &error)
{
    m_pending = 0;
    Q_EMIT loadingChanged();
    if (error != m_error) {
        m_error = error;
        Q_EMIT errorChanged();
    }
}

void HistoryModel::setEntries(const QVariantList &entries)
{
    QList<Entry> parsed;
    parsed.reserve(entries.size());
    for (const QVariant &entry : entries) {
        const QVariantMap map = entry.toMap();
        Entry e;
        e.seq = map.value(QStringLiteral("seq")).toULongLong();
        e.time = QDateTime::fromString(map.value(QStringLiteral("time")).toString(), Qt::ISODate);
        e.event = map.value(QStringLiteral("event")).toString();
        e.details = map.value(QStringLiteral("details")).toMap();
        parsed.append(e);
    }
    std::reverse(parsed.begin(), parsed.end()); // newest first
    const bool countChanges = parsed.size() != m_entries.size();
    beginResetModel();
    m_entries = std::move(parsed);
    endResetModel();
    if (countChanges) {
        Q_EMIT countChanged();
    }
}

QString HistoryModel::summary(const QString &event, const QVariantMap &details)
{
    // Every value from the details is untrusted text: an argument, never the format.
    const auto text = [&](const char *key) { return details.value(QLatin1String(key)).toString(); };
    const QString version = text("version");
    const QString slot = text("slot");
    const bool byHealthCheck = text("by") == QLatin1String("health");
    if (event == QLatin1String("install-started")) {
        return tr("Installing %1 into slot %2").arg(version, text("to"));
    }
    if (event == QLatin1String("installed")) {
        return tr("Installed %1 into slot %2").arg(version, text("to"));
    }
    if (event == QLatin1String("committed")) {
        return tr("Slot %1 with %2 starts at the next boot").arg(text("to"), version);
    }
    if (event == QLatin1String("install-failed")) {
        return tr("Installing %1 failed: %2").arg(version, text("message"));
    }
    if (event == QLatin1String("install-interrupted")) {
        return tr("Installing %1 was interrupted").arg(version);
    }
    if (event == QLatin1String("health")) {
        if (details.value(QStringLiteral("passed")).toBool()) {
            return tr("Health check passed on slot %1").arg(slot);
        }
        const QString failure = text("failure");
        return failure.isEmpty() ? tr("Health check failed on slot %1").arg(slot)
                                 : tr("Health check failed: %1").arg(failure);
    }
    if (event == QLatin1String("marked-good")) {
        return byHealthCheck ? tr("Slot %1 marked good by the health check").arg(slot)
                             : tr("Slot %1 marked good").arg(slot);
    }
    if (event == QLatin1String("marked-bad")) {
        return byHealthCheck ? tr("Slot %1 marked bad by the health check").arg(slot)
                             : tr("Slot %1 marked bad").arg(slot);
    }
    if (event == QLatin1String("rollback")) {
        return tr("Rollback from slot %1 to slot %2 requested").arg(text("from"), text("to"));
    }
    if (event == QLatin1String("rolled-back")) {
        const QString reason = text("reason");
        if (reason == QLatin1String("health")) {
            return tr("Version %1 failed its health check; back to slot %2")
                .arg(version, text("to"));
        }
        if (reason == QLatin1String("boot")) {
            return tr("Version %1 did not start; back to slot %2").arg(version, text("to"));
        }
        return tr("Rolled back to slot %1").arg(text("to"));
    }
    if (event == QLatin1String("keys-rotated")) {
        return tr("Signing keys changed: %1 added, %2 revoked")
            .arg(QString::number(details.value(QStringLiteral("added")).toInt()),
                 QString::number(details.value(QStringLiteral("revoked")).toList().size()));
    }
    const QString artifact = text("repository") + QLatin1Char('/') + text("name");
    if (event == QLatin1String("artifact-installed")) {
        return text("from").isEmpty()
                   ? tr("Add-on %1 %2 installed").arg(artifact, version)
                   : tr("Add-on %1 updated from %2 to %3").arg(artifact, text("from"), version);
    }
    if (event == QLatin1String("artifact-rolled-back")) {
        return version.isEmpty()
                   ? tr("Add-on %1 %2 taken out of use").arg(artifact, text("from"))
                   : tr("Add-on %1 back at %2 (was %3)").arg(artifact, version, text("from"));
    }
    if (event == QLatin1String("artifact-failed")) {
        return tr("Installing add-on %1 %2 failed: %3").arg(artifact, version, text("message"));
    }
    return tr("Event: %1").arg(event);
}
