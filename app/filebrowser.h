// `FileBrowser`: a touch-friendly listing of one local directory for picking a bundle.
// Directories first, then the regular files matching nameFilters, each group by name.
// Symbolic links are shown as what they point to, with `path` the resolved target, so the
// file the operator picks is the one Updater.inspectFile opens (with O_NOFOLLOW).
#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QStringList>
#include <QtQml/qqmlregistration.h>
#include <dirent.h>

class FileBrowser : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString folder READ folder WRITE setFolder NOTIFY folderChanged)
    Q_PROPERTY(QString parentFolder READ parentFolder NOTIFY folderChanged)
    Q_PROPERTY(
        QStringList nameFilters READ nameFilters WRITE setNameFilters NOTIFY nameFiltersChanged)
    Q_PROPERTY(bool showHidden READ showHidden WRITE setShowHidden NOTIFY showHiddenChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role { NameRole = Qt::UserRole + 1, PathRole, IsDirRole, SizeRole, ModifiedRole };
    Q_ENUM(Role)

    explicit FileBrowser(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] QString folder() const { return m_folder; }
    void setFolder(const QString &folder);
    [[nodiscard]] QString parentFolder() const;
    [[nodiscard]] QStringList nameFilters() const { return m_nameFilters; }
    void setNameFilters(const QStringList &filters);
    [[nodiscard]] bool showHidden() const { return m_showHidden; }
    void setShowHidden(bool show);
    [[nodiscard]] QString error() const { return m_error; }
    [[nodiscard]] int count() const { return int(m_entries.size()); }

    Q_INVOKABLE void cd(const QString &path);
    Q_INVOKABLE void up();
    Q_INVOKABLE void refresh();

    // At most this many entries are listed; a directory with more shows the first ones.
    static constexpr int MaxEntries = 5000;

Q_SIGNALS:
    void folderChanged();
    void nameFiltersChanged();
    void showHiddenChanged();
    void errorChanged();
    void countChanged();

private:
    struct Entry {
        QString name;
        QString path;
        bool isDir = false;
        qint64 size = 0;
        QDateTime modified;
    };
    void setError(const QString &error);
    static QString openError(int e);
    [[nodiscard]] QList<Entry> readFolder(DIR *dir) const;
    static void sortForDisplay(QList<Entry> *entries);

    QString m_folder;
    QStringList m_nameFilters{QStringLiteral("*.seesaw")};
    bool m_showHidden = false;
    QString m_error;
    QList<Entry> m_entries;
};
