#include "mediamodel.h"

#include "updaterclient.h"

#include <QTimer>
#include <algorithm>

namespace {

// How long a stick udev reported may stay unlisted by seesawd (its udev event may come a
// little after ours) before the model concludes seesawd does not handle it.
constexpr qint64 ListGraceMs = 5000;

} // namespace

MediaModel::MediaModel(UpdaterClient *updater, QObject *parent)
    : QAbstractListModel(parent),
      m_updater(updater != nullptr ? updater : UpdaterClient::instance())
{
    connect(&m_udev, &UdevMonitor::stickAdded, this, &MediaModel::addStick);
    connect(&m_udev, &UdevMonitor::deviceGone, this, &MediaModel::removeSyspath);
    connect(&m_udev, &UdevMonitor::eventsLost, this, &MediaModel::resynchronise);
    connect(m_updater, &UpdaterClient::mediaChanged, this, &MediaModel::refresh);
    connect(m_updater, &UpdaterClient::connectedChanged, this, &MediaModel::onConnectedChanged);
    if (m_udev.start()) {
        resynchronise();
    }
    refresh();
}

MediaModel::~MediaModel() = default;

int MediaModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant MediaModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) {
        return {};
    }
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case MediaIdRole:
        return row.mediaId;
    case LabelRole:
    case Qt::DisplayRole:
        return row.label;
    case VendorRole:
        return row.vendor;
    case ModelRole:
        return row.model;
    case SizeRole:
        return double(row.size);
    case FsTypeRole:
        return row.fsType;
    case ScanningRole:
        return row.scanning;
    case BundlesRole:
        return row.bundles;
    case ErrorRole:
        return row.error;
    case DeviceRole:
        return row.devnode;
    default:
        return {};
    }
}

QHash<int, QByteArray> MediaModel::roleNames() const
{
    return {{MediaIdRole, "mediaId"},   {LabelRole, "label"},     {VendorRole, "vendor"},
            {ModelRole, "model"},       {SizeRole, "size"},       {FsTypeRole, "fsType"},
            {ScanningRole, "scanning"}, {BundlesRole, "bundles"}, {ErrorRole, "error"},
            {DeviceRole, "device"}};
}

void MediaModel::rowChanged(qsizetype row)
{
    const QModelIndex at = index(int(row));
    Q_EMIT dataChanged(at, at);
}

qsizetype MediaModel::findId(const QString &mediaId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (!mediaId.isEmpty() && m_rows.at(i).mediaId == mediaId) {
            return i;
        }
    }
    return -1;
}

void MediaModel::addStick(const UdevStick &stick)
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).syspath == stick.syspath) {
            // Another file system on the same device is another medium.
            if (m_rows.at(i).devnode == stick.devnode && m_rows.at(i).size == stick.size &&
                m_rows.at(i).fsType == stick.fsType) {
                return;
            }
            removeRow(i);
            break;
        }
    }
    Row row;
    row.syspath = stick.syspath;
    row.devnode = stick.devnode;
    row.label = stick.label;
    row.vendor = stick.vendor;
    row.model = stick.model;
    row.fsType = stick.fsType;
    row.size = stick.size;
    row.seen.start();
    if (!m_updater->connected()) {
        row.scanning = false;
        row.error = tr("The update service is not running.");
    }
    const int at = int(m_rows.size());
    beginInsertRows({}, at, at);
    m_rows.append(row);
    endInsertRows();
    Q_EMIT countChanged();
    refresh();
    // Once the grace period is over, a stick seesawd still does not list is dropped.
    QTimer::singleShot(ListGraceMs + 200, this, &MediaModel::refresh);
}

void MediaModel::removeRow(qsizetype row)
{
    beginRemoveRows({}, int(row), int(row));
    m_rows.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
}

void MediaModel::removeSyspath(const QByteArray &syspath)
{
    for (qsizetype i = m_rows.size() - 1; i >= 0; --i) {
        if (m_rows.at(i).syspath == syspath) {
            removeRow(i);
        }
    }
}

void MediaModel::resynchronise()
{
    const QList<UdevStick> present = m_udev.present();
    for (qsizetype i = m_rows.size() - 1; i >= 0; --i) {
        const QByteArray &syspath = m_rows.at(i).syspath;
        if (!syspath.isEmpty() &&
            std::none_of(present.cbegin(), present.cend(),
                         [&](const UdevStick &s) { return s.syspath == syspath; })) {
            removeRow(i);
        }
    }
    for (const UdevStick &stick : present) {
        addStick(stick);
    }
}

void MediaModel::refresh()
{
    if (!m_updater->connected()) {
        return;
    }
    if (m_listing) {
        m_listAgain = true; // coalesce a burst of events into one more ListMedia
        return;
    }
    m_listing = true;
    m_updater->fetchMedia(this, [this](const QVariantList &media, const QString &code,
                                       const QString &message) { onListed(media, code, message); });
}

void MediaModel::onListed(const QVariantList &media, const QString &code, const QString &message)
{
    m_listing = false;
    if (!code.isEmpty()) {
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            m_rows[i].scanning = false;
            m_rows[i].error = message;
            rowChanged(i);
        }
    } else {
        QList<bool> listed(m_rows.size(), false);
        for (const QVariant &item : media) {
            const QVariantMap medium = item.toMap();
            const QString id = medium.value(QStringLiteral("id")).toString();
            const QString device = medium.value(QStringLiteral("device")).toString();
            qsizetype at = findId(id);
            for (qsizetype i = 0; at < 0 && i < m_rows.size(); ++i) {
                if (!device.isEmpty() && m_rows.at(i).devnode == device) {
                    at = i;
                }
            }
            if (at < 0) {
                Row row; // seesawd knows a stick our udev view missed (or has no udev)
                row.devnode = device;
                row.seen.start();
                at = m_rows.size();
                beginInsertRows({}, int(at), int(at));
                m_rows.append(row);
                endInsertRows();
                listed.append(false);
                Q_EMIT countChanged();
            }
            listed[at] = true;
            Row &row = m_rows[at];
            row.label = medium.value(QStringLiteral("label")).toString();
            row.vendor = medium.value(QStringLiteral("vendor")).toString();
            row.model = medium.value(QStringLiteral("model")).toString();
            row.fsType = medium.value(QStringLiteral("fs_type")).toString();
            row.size = medium.value(QStringLiteral("size")).toULongLong();
            const bool newId = row.mediaId != id;
            row.mediaId = id;
            rowChanged(at);
            if (newId) {
                startScan(at);
            }
        }
        for (qsizetype i = m_rows.size() - 1; i >= 0; --i) {
            if (listed.at(i)) {
                continue;
            }
            Row &row = m_rows[i];
            // Gone from seesawd's list (pulled, or not a medium it handles) or never there
            // within the grace period: not a stick the operator can use.
            if (row.syspath.isEmpty() || !row.mediaId.isEmpty() ||
                row.seen.elapsed() > ListGraceMs) {
                removeRow(i);
            }
        }
    }
    if (m_listAgain) {
        m_listAgain = false;
        refresh();
    }
}

void MediaModel::startScan(qsizetype row)
{
    Row &r = m_rows[row];
    r.scanning = true;
    r.error.clear();
    r.scanToken = ++m_lastScanToken;
    rowChanged(row);
    const QString id = r.mediaId;
    const quint64 token = r.scanToken;
    m_updater->fetchScan(
        id, this,
        [this, id, token](const QVariantList &bundles, const QString &code,
                          const QString &message) {
            const qsizetype at = findId(id);
            if (at < 0 || m_rows.at(at).scanToken != token) {
                return; // pulled, replaced or rescanned meanwhile: a late answer is dropped
            }
            Row &done = m_rows[at];
            done.scanning = false;
            done.bundles = bundles;
            done.error = code.isEmpty() ? QString() : message;
            rowChanged(at);
        });
}

void MediaModel::rescan(const QString &mediaId)
{
    const qsizetype at = findId(mediaId);
    if (at >= 0 && m_updater->connected()) {
        startScan(at);
    }
}

void MediaModel::onConnectedChanged()
{
    if (m_updater->connected()) {
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            m_rows[i].mediaId.clear(); // seesawd restarted: ids are handed out afresh
            m_rows[i].scanning = true;
            m_rows[i].error.clear();
            rowChanged(i);
        }
        refresh();
        return;
    }
    m_listing = false;
    m_listAgain = false;
    for (qsizetype i = m_rows.size() - 1; i >= 0; --i) {
        if (m_rows.at(i).syspath.isEmpty()) {
            removeRow(i);
            continue;
        }
        m_rows[i].mediaId.clear();
        m_rows[i].scanning = false;
        m_rows[i].bundles.clear();
        m_rows[i].error = tr("The update service is not running.");
        rowChanged(i);
    }
}
