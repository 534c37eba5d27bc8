// `HistoryModel`: the device's update history (seesawd's History), newest first, each entry
// with one translated operator line made from its details.
#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QPointer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

class UpdaterClient;

class HistoryModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role { SeqRole = Qt::UserRole + 1, TimeRole, EventRole, SummaryRole, DetailsRole };
    Q_ENUM(Role)

    explicit HistoryModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] bool loading() const { return m_pending != 0; }
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] int count() const { return int(m_entries.size()); }

    // Asks seesawd for the newest 200 entries.
    Q_INVOKABLE void reload();
    // Replaces the entries (as Updater.historyLoaded hands them over: oldest first).
    void setEntries(const QVariantList &entries);
    // The operator line for one entry.
    static QString summary(const QString &event, const QVariantMap &details);

Q_SIGNALS:
    void loadingChanged();
    void errorChanged();
    void countChanged();

private:
    struct Entry {
        quint64 seq = 0;
        QDateTime time;
        QString event;
        QVariantMap details;
    };
    void finish(const QString &error);

    QPointer<UpdaterClient> m_updater;
    int m_pending = 0;
    QString m_error;
    QList<Entry> m_entries;
};
