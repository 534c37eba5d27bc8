// Test double for the app's list models (MediaModel, FileBrowser, HistoryModel), shared by the
// QML tests and tst_wordwrap: rows are maps, their keys the roles, and list values reach QML as
// JS arrays, as from the real models (a QML ListModel would turn nested lists into sub-models).
#pragma once

#include <QtCore/QAbstractListModel>

class MapListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(QVariantList rows READ rows WRITE setRows NOTIFY countChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
public:
    using QAbstractListModel::QAbstractListModel;
    [[nodiscard]] QVariantList rows() const { return m_rows; }
    void setRows(const QVariantList &rows)
    {
        beginResetModel();
        m_rows = rows;
        m_roles.clear();
        int role = Qt::UserRole + 1;
        for (const QVariant &row : rows) {
            const QStringList keys = row.toMap().keys();
            for (const QString &key : keys) {
                if (!m_roles.values().contains(key.toUtf8())) {
                    m_roles.insert(role++, key.toUtf8());
                }
            }
        }
        endResetModel();
        Q_EMIT countChanged();
    }
    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || index.row() >= m_rows.size() || !m_roles.contains(role)) {
            return {};
        }
        return m_rows.at(index.row()).toMap().value(QString::fromUtf8(m_roles.value(role)));
    }
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override { return m_roles; }
Q_SIGNALS:
    void countChanged();

private:
    QVariantList m_rows;
    QHash<int, QByteArray> m_roles;
};
