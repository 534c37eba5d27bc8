// ChannelPoller's second half: the offered bundle downloaded into the staging directory (a
// delta first when one fits the booted version, the full bundle whenever the delta fails),
// verified like a bundle from a stick, and handed to the install when the maintenance window
// opens (or at once without one).
#include "base/hostilestring.h"
#include "bundle/bundlereader.h"
#include "channelpoller.h"
#include "config/maintenancewindow.h"
#include "dbusmapping.h"
#include "net/download.h"
#include "net/urltext.h"
#include "networkplugin.h"
#include "trust/keyring.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QRegularExpression>
#include <sys/statvfs.h>

namespace seesaw {

Q_LOGGING_CATEGORY(lcChannel, "seesaw.channel")

struct ChannelPoller::Download {
    std::optional<Staged> staged;
    std::optional<Error> error;
    QString version;
};

namespace {

// Older downloads in the staging directory (bundles, part files and their validators, all named
// after their SHA-256) are removed so that they never pile up; files of other names are never
// touched, whatever else shares the directory.
void removeOtherDownloads(const QString &directory, const QList<QByteArray> &keep)
{
    static const QRegularExpression ours(
        QStringLiteral("^([0-9a-f]{64})\\.seesaw(\\.part(\\.validator)?)?$"));
    const QDir dir(directory);
    for (const QString &name : dir.entryList(QDir::Files | QDir::Hidden)) {
        const auto m = ours.match(name);
        if (!m.hasMatch()) {
            continue;
        }
        const bool kept = std::any_of(keep.cbegin(), keep.cend(), [&m](const QByteArray &sha) {
            return m.captured(1) == QLatin1String(sha.toHex());
        });
        if (!kept) {
            QFile::remove(dir.filePath(name));
        }
    }
}

// The bundle is the one the server offered: for this device, and (when the offer named one) of
// the announced version.
Status checkOffered(const SystemConfig &config, const Manifest &m,
                    const std::optional<SemVer> &version)
{
    if (m.compatible != config.compatible || (version && !(m.version == *version))) {
        return makeError(Error::Kind::Invalid, "download.not-offered",
                         version ? ChannelPoller::tr("The downloaded bundle is %1 %2, not the %3 "
                                                     "%4 the channel offered.")
                                       .arg(displayString(m.compatible), m.version.toString(),
                                            config.compatible, version->toString())
                                 : ChannelPoller::tr("The downloaded bundle is for %1 devices, not "
                                                     "for this %2 device.")
                                       .arg(displayString(m.compatible), config.compatible));
    }
    return Ok{};
}

} // namespace

// The downloaded file checked as an install will check it: signed by a key the device trusts,
// for this device, the version announced (when one was), and every chunk (what a delta's base
// alone can rebuild is checked by its stored digest here, and chunk by chunk at the install).
Result<ChannelPoller::Staged> ChannelPoller::verifyDownload(const SystemConfig &config,
                                                            const QString &path,
                                                            const std::optional<SemVer> &version,
                                                            const std::atomic<bool> &cancel)
{
    auto keyring = Keyring::load(config.keyringDirectory, config.overlayKeyringDirectory());
    if (!keyring) {
        return keyring.error();
    }
    auto bundle = BundleReader::open(path, *keyring);
    if (!bundle) {
        return bundle.error();
    }
    if (Status s = checkOffered(config, bundle->manifest(), version); !s) {
        return s.error();
    }
    int unrebuilt = 0;
    if (Status s = bundle->verifyPayloads({}, &cancel, {}, &unrebuilt); !s) {
        return s.error();
    }
    Staged staged;
    staged.path = path;
    staged.version = bundle->manifest().version.toString();
    staged.manifestHash = bundle->manifestHash();
    return staged;
}

namespace {

// For a streamed install: the bundle's index fetched and checked as verifyDownload() checks a
// download, except the payloads, which are checked chunk by chunk as they are written.
Result<ChannelPoller::Staged> prepareStream(const SystemConfig &config, const TlsOptions &tls,
                                            const BundleFetch &f, const SemVer &version,
                                            const std::atomic<bool> &cancel)
{
    RemoteBundleSource source;
    source.url = f.url;
    source.tls = tls;
    source.size = f.size;
    source.bandwidthLimit = config.network.bandwidthLimit;
    auto plugin = networkPlugin();
    if (!plugin) {
        return plugin.error();
    }
    auto index = (*plugin)->fetchBundleIndex(source, &cancel);
    if (!index) {
        return index.error();
    }
    auto keyring = Keyring::load(config.keyringDirectory, config.overlayKeyringDirectory());
    if (!keyring) {
        return keyring.error();
    }
    auto bundle = BundleReader::openFd(index->fd.get(), *keyring);
    if (!bundle) {
        return bundle.error();
    }
    if (Status s = checkOffered(config, bundle->manifest(), version); !s) {
        return s.error();
    }
    ChannelPoller::Staged staged;
    staged.version = bundle->manifest().version.toString();
    staged.manifestHash = bundle->manifestHash();
    staged.remote = std::make_shared<const RemoteBundleIndex>(std::move(*index));
    staged.source = source;
    staged.delta = f.delta;
    return staged;
}

// Room in the staging directory (or the nearest directory above it that exists), in bytes.
quint64 freeBytes(const QString &directory)
{
    QString dir = directory;
    while (!dir.isEmpty() && !QFileInfo::exists(dir)) {
        dir = QFileInfo(dir).path() == dir ? QString() : QFileInfo(dir).path();
    }
    struct statvfs st {};
    if (dir.isEmpty() || ::statvfs(QFile::encodeName(dir).constData(), &st) != 0) {
        return 0;
    }
    return quint64(st.f_bavail) * quint64(st.f_frsize);
}

} // namespace

void ChannelPoller::afterPoll()
{
    // At start (not polled), the offer the device accepted before counts too: a download that a
    // restart or a reboot broke off resumes at once, not at the next poll.
    const Outcome &k = *m_known;
    if (!k.check || (k.polled && k.error)) { // a failed poll: the server is not there now
        return;
    }
    const ChannelOffer &offer = k.check->offer;
    if (offer.kind != ChannelOffer::Kind::Update || !offer.entry) {
        // Nothing to install: no staged bundle is kept for it.
        if (!m_downloading && !m_installing && !k.error) {
            m_staged.reset();
            m_windowTimer.stop();
            m_installAt = {};
            removeOtherDownloads(m_config.stagingDirectory(), {});
        }
        return;
    }
    const QString version = offer.entry->version.toString();
    // A bundle that failed its checks is not fetched again for the same version; a download
    // the network broke off is resumed at the next poll.
    if (m_downloading || m_installing || version == m_pendingVersion ||
        (m_staged && m_staged->version == version) ||
        (m_downloadError && m_downloadVersion == version && !m_downloadRetry)) {
        return;
    }
    startDownload(*offer.entry, offer.delta);
}

void ChannelPoller::downloadNow(const Done &done)
{
    const Outcome &k = *m_known;
    if (!k.check || k.check->offer.kind != ChannelOffer::Kind::Update || !k.check->offer.entry) {
        done(daemonError(daemoncode::InvalidArgument,
                         tr("The channel offers no update to download; check it first.")));
        return;
    }
    if (!m_downloading &&
        !(m_staged && m_staged->version == k.check->offer.entry->version.toString())) {
        startDownload(*k.check->offer.entry, k.check->offer.delta);
    }
    done(m_status);
}

bool ChannelPoller::streams(quint64 bundleSize) const
{
    switch (m_config.network.stream) {
    case StreamPolicy::Always:
        return true;
    case StreamPolicy::Never:
        return false;
    case StreamPolicy::Auto:
        break;
    }
    // Room for the bundle and a margin, so that a download never fills the data partition.
    constexpr quint64 Margin = quint64(64) * 1024 * 1024;
    return freeBytes(m_config.stagingDirectory()) < bundleSize + Margin;
}

void ChannelPoller::startDownload(const ChannelEntry &entry,
                                  const std::optional<ChannelDelta> &delta)
{
    const bool stream = streams(entry.bundleSize);
    m_downloading = true;
    m_downloadRetry = false;
    m_downloadError.reset();
    m_staged.reset();
    m_downloadVersion = entry.version.toString();
    m_downloadProgress = {
        {QStringLiteral("phase"),
         stream ? QStringLiteral("verifying") : QStringLiteral("downloading")},
        {QStringLiteral("done"), QVariant::fromValue(qulonglong(0))},
        {QStringLiteral("total"), QVariant::fromValue(qulonglong(entry.bundleSize))}};
    publish();
    const ChannelSettings settings = m_known->settings;
    QList<BundleFetch> fetches;
    // A streamed delta that failed its install is not tried again: the full bundle is.
    if (delta && !(stream && m_noDeltaVersion == m_downloadVersion)) {
        fetches.append(
            {settings.manifestUrl.resolved(QUrl(delta->url)), delta->sha256, delta->size, true});
    }
    fetches.append({settings.manifestUrl.resolved(QUrl(entry.bundleUrl)), entry.bundleSha256,
                    entry.bundleSize, false});
    const SystemConfig config = m_config;
    const SemVer version = entry.version;
    m_downloader.start([this, config, settings, fetches, version, stream] {
        Download d;
        d.version = version.toString();
        removeOtherDownloads(
            config.stagingDirectory(),
            stream ? QList<QByteArray>{}
                   : QList<QByteArray>{fetches.constFirst().sha256, fetches.constLast().sha256});
        for (const BundleFetch &f : fetches) {
            auto got = stream ? prepareStream(config, settings.tls, f, version, m_cancelDownload)
                              : downloadOne(config, settings.tls, f, version);
            if (got) {
                d.staged = *got;
                d.error.reset();
                break;
            }
            qCWarning(lcChannel).noquote() << (stream ? "opening" : "download of")
                                           << shownUrl(f.url) << "failed:" << got.error().message;
            d.error = got.error(); // a failed delta falls back to the full bundle
            if (got.error().code == QLatin1String("cancelled")) {
                break;
            }
        }
        QMetaObject::invokeMethod(
            this, [this, d] { onDownloaded(d); }, Qt::QueuedConnection);
    });
}

// On the downloader's thread: one bundle downloaded and verified, or why not.
Result<ChannelPoller::Staged> ChannelPoller::downloadOne(const SystemConfig &config,
                                                         const TlsOptions &tls,
                                                         const BundleFetch &f,
                                                         const SemVer &version)
{
    DownloadRequest r;
    r.url = f.url;
    r.tls = tls;
    r.sha256 = f.sha256;
    r.size = f.size;
    r.directory = config.stagingDirectory();
    r.bandwidthLimit = config.network.bandwidthLimit;
    r.cancel = &m_cancelDownload;
    r.progress = [this](const DownloadProgress &p) {
        QMetaObject::invokeMethod(
            this,
            [this, p] {
                m_downloadProgress = {
                    {QStringLiteral("phase"), QStringLiteral("downloading")},
                    {QStringLiteral("done"), QVariant::fromValue(qulonglong(p.done))},
                    {QStringLiteral("total"), QVariant::fromValue(qulonglong(p.total))},
                    {QStringLiteral("rate"), p.rate},
                    {QStringLiteral("eta"), QVariant::fromValue(qlonglong(p.eta))}};
                publish();
            },
            Qt::QueuedConnection);
    };
    auto plugin = networkPlugin();
    if (!plugin) {
        return plugin.error();
    }
    auto got = (*plugin)->downloadFile(r);
    if (!got) {
        return got.error();
    }
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_downloadProgress.insert(QStringLiteral("phase"), QStringLiteral("verifying"));
            publish();
        },
        Qt::QueuedConnection);
    auto staged = verifyDownload(config, got->path, version, m_cancelDownload);
    if (!staged) {
        QFile::remove(got->path); // not what was announced: never offered for install
        return staged.error();
    }
    staged->delta = f.delta;
    return staged;
}

void ChannelPoller::onDownloaded(const Download &download)
{
    m_downloading = false;
    m_downloadProgress.clear();
    m_downloadError = download.error;
    m_staged = download.staged;
    if (m_staged) {
        qCInfo(lcChannel).noquote()
            << "update" << m_staged->version
            << (m_staged->remote ? "ready to install from the server" : "downloaded and verified");
        scheduleInstall();
    } else if (download.error && (download.error->code == QLatin1String("net.unreachable") ||
                                  download.error->code == QLatin1String("net.timeout") ||
                                  download.error->code == QLatin1String("net.unavailable") ||
                                  download.error->code == QLatin1String("cancelled"))) {
        m_downloadRetry = true; // the network may come back: the next poll downloads again
    }
    publish();
}

void ChannelPoller::scheduleInstall()
{
    m_windowTimer.stop();
    if (!m_staged || m_installing) {
        m_installAt = {};
        return;
    }
    const QDateTime now = QDateTime::currentDateTime();
    const QList<MaintenanceWindow> &windows = m_config.network.maintenanceWindows;
    if (inMaintenanceWindow(windows, now)) {
        m_installAt = now.toUTC();
        Q_EMIT installDue();
        return;
    }
    m_installAt = nextMaintenanceWindow(windows, now).toUTC();
    // Checked again at least hourly: the clock may be set or jump meanwhile.
    const qint64 wait = std::clamp<qint64>(now.msecsTo(m_installAt), 1000, qint64(3600) * 1000);
    m_windowTimer.start(std::chrono::milliseconds(wait));
}

void ChannelPoller::installStarted()
{
    m_installing = true;
    m_windowTimer.stop();
    publish();
}

void ChannelPoller::installFinished(bool ok)
{
    m_installing = false;
    if (!ok && m_staged && m_staged->remote) {
        // The server's copy may have changed, or a delta may not fit: the next poll opens the
        // bundle afresh (the full one, after a delta), for the next window.
        if (m_staged->delta) {
            m_noDeltaVersion = m_staged->version;
        }
        m_staged.reset();
        m_installAt = {};
        m_downloadRetry = true;
    } else if (ok && m_staged) {
        if (!m_staged->remote) {
            QFile::remove(m_staged->path);
        }
        m_staged.reset();
        m_installAt = {};
    } else if (m_staged) {
        // Not in this window again: the next one, or the operator, tries once more.
        m_installAt = {};
        const QDateTime later = QDateTime::currentDateTime().addSecs(3600);
        m_installAt = nextMaintenanceWindow(m_config.network.maintenanceWindows, later).toUTC();
        m_windowTimer.start(std::chrono::milliseconds(std::clamp<qint64>(
            QDateTime::currentDateTimeUtc().msecsTo(m_installAt), 1000, qint64(3600) * 1000)));
    }
    publish();
}

void ChannelPoller::publishDownload(QVariantMap &m) const
{
    if (m_downloading) {
        m.insert(QStringLiteral("download"), m_downloadProgress);
    }
    if (m_downloadError) {
        m.insert(QStringLiteral("download-error-code"), m_downloadError->code);
        m.insert(QStringLiteral("download-error"), m_downloadError->message);
    }
    if (m_staged) {
        m.insert(QStringLiteral("staged-version"), m_staged->version);
        m.insert(QStringLiteral("streamed"), bool(m_staged->remote));
        m.insert(QStringLiteral("installs-at"),
                 m_installAt.isValid() ? m_installAt.toString(Qt::ISODate) : QString());
    }
}

} // namespace seesaw
