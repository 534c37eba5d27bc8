// The QML singleton `MediaModel`: USB sticks as the app's own udev monitor sees them (at once,
// `scanning` true) joined with seesawd's ListMedia (the medium's id) and ScanMedia (its
// bundles). Pulled sticks leave through udev's remove event or seesawd's MediaChanged.
#pragma once

#include "udevmonitor.h"

#include <QAbstractListModel>
#include <QElapsedTimer>
#include <QPointer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

class UpdaterClient;

class MediaModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        MediaIdRole = Qt::UserRole + 1,
        LabelRole,
        VendorRole,
        ModelRole,
        SizeRole,
        FsTypeRole,
        ScanningRole,
        BundlesRole,
        ErrorRole,
        DeviceRole,
    };
    Q_ENUM(Role)

    // Over UpdaterClient::instance() unless `updater` is given (tests).
    explicit MediaModel(UpdaterClient *updater = nullptr, QObject *parent = nullptr);
    ~MediaModel() override;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;
    [[nodiscard]] int count() const { return int(m_rows.size()); }

    // Asks seesawd to walk the stick again (after the operator copied a file onto it, say).
    Q_INVOKABLE void rescan(const QString &mediaId);

Q_SIGNALS:
    void countChanged();

private:
    struct Row {
        QByteArray syspath; // empty when only seesawd reported the stick
        QString devnode;
        QString mediaId; // empty until seesawd listed it
        QString label;
        QString vendor;
        QString model;
        QString fsType;
        quint64 size = 0;
        bool scanning = true;
        QVariantList bundles;
        QString error;
        QElapsedTimer seen;
        quint64 scanToken = 0;
    };

    void addStick(const UdevStick &stick);
    void removeRow(qsizetype row);
    void removeSyspath(const QByteArray &syspath);
    void resynchronise();
    void refresh();
    void onListed(const QVariantList &media, const QString &code, const QString &message);
    void startScan(qsizetype row);
    void onConnectedChanged();
    void rowChanged(qsizetype row);
    [[nodiscard]] qsizetype findId(const QString &mediaId) const;

    QPointer<UpdaterClient> m_updater;
    UdevMonitor m_udev;
    QList<Row> m_rows;
    bool m_listing = false;
    bool m_listAgain = false;
    quint64 m_lastScanToken = 0;
};
