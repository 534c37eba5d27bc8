#include "media/mediamanager.h"

#include "base/errnotext.h"
#include "base/hostilestring.h"
#include "media/mediamount.h"
#include "media/mediascanner.h"
#include "media/mediawatcher.h"

#include <QDir>
#include <QFile>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <vector>

namespace seesaw {

using media::BlockDevice;
using media::lcMedia;

struct Medium {
    MediaInfo info;
    QByteArray syspath;
    dev_t devnum = 0;
    QByteArray fingerprint; // file system identity: a change means another medium
    std::optional<media::Mount> mount;
};

struct MediaManager::Private {
    MediaManager *q = nullptr;
    Options options;
    std::unique_ptr<media::MediaWatcher> watcher;
    std::vector<std::unique_ptr<Medium>> media;

    [[nodiscard]] Medium *find(const QString &id) const;
    [[nodiscard]] Medium *findBySyspath(const QByteArray &syspath) const;
    bool qualifies(const BlockDevice &device, QString *why) const;
    [[nodiscard]] static bool isPresent(const Medium &medium);
    void handle(const BlockDevice &device);
    void add(const BlockDevice &device);
    bool remove(const QByteArray &syspath, bool announce);
    void resynchronise(bool announce);
    Error dropGone(Medium &medium);
    [[nodiscard]] static Error unknownError(const QString &id);
    Result<Medium *> mountedMedium(const QString &id);
    Status ensureMounted(Medium &medium) const;
};

Medium *MediaManager::Private::find(const QString &id) const
{
    for (const auto &medium : media) {
        if (medium->info.id == id) {
            return medium.get();
        }
    }
    return nullptr;
}

Medium *MediaManager::Private::findBySyspath(const QByteArray &syspath) const
{
    for (const auto &medium : media) {
        if (medium->syspath == syspath) {
            return medium.get();
        }
    }
    return nullptr;
}

bool MediaManager::Private::qualifies(const BlockDevice &device, QString *why) const
{
    if (!device.hasFileSystem) {
        return false; // nothing to mount: not worth a log line
    }
    if (!device.usb && !device.removable) {
        *why = QStringLiteral("neither USB nor removable");
        return false;
    }
    if (device.devnode.isEmpty()) {
        *why = QStringLiteral("no device node");
        return false;
    }
    // A device the system itself has mounted (its own root on a USB disk, say) is not media.
    if (media::isMountedOutside(device.devnum, options.mountRoot)) {
        *why = QStringLiteral("mounted by the system");
        return false;
    }
    return true;
}

// Whether the device behind a medium still exists and has content: sysfs entry, a device node
// with the same number, a size above zero (a card reader or loop device can lose its medium).
bool MediaManager::Private::isPresent(const Medium &medium)
{
    QFile sizeFile(QFile::decodeName(medium.syspath + "/size"));
    if (!sizeFile.open(QIODevice::ReadOnly) || sizeFile.readAll().trimmed().toULongLong() == 0) {
        return false;
    }
    struct stat st {};
    return ::stat(QFile::encodeName(medium.info.devnode).constData(), &st) == 0 &&
           S_ISBLK(st.st_mode) && st.st_rdev == medium.devnum;
}

void MediaManager::Private::add(const BlockDevice &device)
{
    auto medium = std::make_unique<Medium>();
    medium->syspath = device.syspath;
    medium->devnum = device.devnum;
    medium->fingerprint = device.fingerprint;
    // Stable while plugged in; two sticks with the same serial number get -2, -3…
    medium->info.id = device.idBase;
    for (int n = 2; find(medium->info.id) != nullptr; ++n) {
        medium->info.id = device.idBase + QLatin1Char('-') + QString::number(n);
    }
    medium->info.devnode = device.devnode;
    medium->info.label = device.label;
    medium->info.vendor = device.vendor;
    medium->info.model = device.model;
    medium->info.fsType = device.fsType;
    medium->info.size = device.size;
    qCInfo(lcMedia).noquote() << "medium" << medium->info.id << "on" << medium->info.devnode
                              << medium->info.fsType << "label" << medium->info.label;
    media.push_back(std::move(medium));
}

bool MediaManager::Private::remove(const QByteArray &syspath, bool announce)
{
    const auto it = std::find_if(media.begin(), media.end(),
                                 [&](const auto &medium) { return medium->syspath == syspath; });
    if (it == media.end()) {
        return false;
    }
    std::unique_ptr<Medium> medium = std::move(*it);
    media.erase(it);
    // The device is gone: a plain unmount could block on it, and an fd still open (an install
    // reading from the stick) keeps failing with EIO, which the install reports.
    if (medium->mount) {
        medium->mount->detach();
    }
    qCInfo(lcMedia).noquote() << "medium" << medium->info.id << "removed";
    if (announce) {
        Q_EMIT q->mediaRemoved(medium->info.id);
        Q_EMIT q->mediaChanged();
    }
    return true;
}

void MediaManager::Private::handle(const BlockDevice &device)
{
    if (device.action == "remove") {
        remove(device.syspath, true);
        return;
    }
    if (device.action == "move") {
        remove(device.oldSyspath, true);
    }
    QString why;
    const bool wanted = qualifies(device, &why);
    const Medium *known = findBySyspath(device.syspath);
    if ((known != nullptr) && wanted && device.fingerprint == known->fingerprint) {
        return;
    }
    // A changed file system on the same device (another card in a reader, a reformatted or
    // emptied stick) is another medium: the old one goes first.
    if (known != nullptr) {
        remove(device.syspath, true);
    }
    if (wanted) {
        add(device);
        Q_EMIT q->mediaChanged();
    } else if (!why.isEmpty()) {
        qCDebug(lcMedia).noquote() << "ignoring" << device.devnode << why;
    }
}

// Catches up with the devices present (after lost events): new ones added, vanished ones
// dropped.
void MediaManager::Private::resynchronise(bool announce)
{
    const Result<QList<BlockDevice>> devices = watcher->enumerate();
    if (!devices) {
        qCWarning(lcMedia).noquote() << devices.error().message;
        return;
    }
    QList<QByteArray> present;
    for (const BlockDevice &device : *devices) {
        present.append(device.syspath);
        QString why;
        if (announce) {
            handle(device);
        } else if ((findBySyspath(device.syspath) == nullptr) && qualifies(device, &why)) {
            add(device);
        }
    }
    std::vector<QByteArray> vanished;
    for (const auto &medium : media) {
        if (!present.contains(medium->syspath)) {
            vanished.push_back(medium->syspath);
        }
    }
    for (const QByteArray &syspath : vanished) {
        remove(syspath, announce);
    }
}

Error MediaManager::Private::dropGone(Medium &medium)
{
    Error gone = makeError(Error::Kind::Io, "media.gone",
                           tr("The USB stick %1 was removed.").arg(medium.info.id));
    remove(medium.syspath, true);
    return gone;
}

Error MediaManager::Private::unknownError(const QString &id)
{
    return makeError(
        Error::Kind::Usage, "media.unknown",
        tr("The USB stick %1 is not connected (was it removed?).").arg(displayString(id)));
}

Result<Medium *> MediaManager::Private::mountedMedium(const QString &id)
{
    Medium *medium = find(id);
    if (medium == nullptr) {
        return unknownError(id);
    }
    if (!isPresent(*medium)) {
        return dropGone(*medium);
    }
    const Status mounted = ensureMounted(*medium);
    if (!mounted) {
        return isPresent(*medium) ? mounted.error() : dropGone(*medium);
    }
    return medium;
}

Status MediaManager::Private::ensureMounted(Medium &medium) const
{
    if (medium.mount && medium.mount->isActive()) {
        return Ok{};
    }
    if (media::isMountedOutside(medium.devnum, options.mountRoot)) {
        return makeError(Error::Kind::Io, "media.mount",
                         tr("%1 is in use by the system.").arg(medium.info.devnode));
    }
    Result<media::Mount> mount = media::Mount::create(
        medium.info.devnode, medium.devnum, medium.info.fsType,
        options.mountRoot + QLatin1Char('/') + medium.info.id, media::MountMode::ReadOnly);
    if (!mount) {
        return mount.error();
    }
    medium.mount = std::move(mount).value();
    medium.info.mounted = true;
    return Ok{};
}

MediaManager::MediaManager(Options options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->q = this;
    d->options = std::move(options);
    while (d->options.mountRoot.size() > 1 && d->options.mountRoot.endsWith(QLatin1Char('/'))) {
        d->options.mountRoot.chop(1);
    }
}

MediaManager::~MediaManager()
{
    d->watcher.reset();
    for (auto &medium : d->media) {
        medium->mount.reset(); // unmounts, lazily if an fd still holds the file system
    }
}

Status MediaManager::start()
{
    if (d->watcher) {
        return Ok{};
    }
    if (!QDir().mkpath(d->options.mountRoot) ||
        !QFile::setPermissions(d->options.mountRoot,
                               QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner)) {
        return makeError(Error::Kind::Io, "media.udev",
                         tr("Cannot watch removable media: cannot create %1.")
                             .arg(displayString(d->options.mountRoot, 200)));
    }
    const int stale = media::detachAllBelow(d->options.mountRoot);
    if (stale > 0) {
        qCWarning(lcMedia) << "detached" << stale << "stale mounts below" << d->options.mountRoot;
    }

    auto watcher = std::make_unique<media::MediaWatcher>();
    Status watching = watcher->start([this](const BlockDevice &device) { d->handle(device); },
                                     [this] { d->resynchronise(true); });
    if (!watching) {
        return watching;
    }
    d->watcher = std::move(watcher);
    // Listening first, then enumerating: a device plugged in between is seen at least once.
    d->resynchronise(false);
    return Ok{};
}

QList<MediaInfo> MediaManager::media() const
{
    QList<MediaInfo> out;
    for (const auto &medium : d->media) {
        out.append(medium->info);
    }
    return out;
}

Result<QList<FoundBundle>> MediaManager::scan(const QString &id)
{
    const Result<ScanJob> job = prepareScan(id);
    if (!job) {
        return job.error();
    }
    return finishScan(id, walk(*job));
}

Result<MediaManager::ScanJob> MediaManager::prepareScan(const QString &id)
{
    const Result<Medium *> medium = d->mountedMedium(id);
    if (!medium) {
        return medium.error();
    }
    auto root = std::make_shared<UniqueFd>(::fcntl((*medium)->mount->rootFd(), F_DUPFD_CLOEXEC, 3));
    if (!root->isValid()) {
        return makeError(Error::Kind::Io, "media.io",
                         tr("Cannot read the USB stick %1: %2").arg(id, seesaw::errnoText(errno)));
    }
    return ScanJob{id, std::move(root), d->options.limits};
}

media::ScanOutcome MediaManager::walk(const ScanJob &job)
{
    return media::scanForBundles(job.root->get(), job.limits);
}

Result<QList<FoundBundle>> MediaManager::finishScan(const QString &id,
                                                    const media::ScanOutcome &outcome)
{
    if (outcome.readError != 0) {
        Medium *medium = d->find(id);
        if (medium == nullptr) {
            return d->unknownError(id); // removed (and announced) while it was being walked
        }
        if (!d->isPresent(*medium)) {
            return d->dropGone(*medium);
        }
        qCWarning(lcMedia).noquote()
            << "reading" << id << "failed:" << seesaw::errnoText(outcome.readError)
            << "- returning what was found";
    }
    if (!outcome.limitHit.isEmpty()) {
        qCWarning(lcMedia).noquote()
            << "scan of" << id << "hit the" << outcome.limitHit << "limit after"
            << outcome.entriesSeen << "entries with" << outcome.bundles.size() << "bundles";
    }
    return outcome.bundles;
}

Result<UniqueFd> MediaManager::openBundle(const QString &id, const QString &relativePath)
{
    if (d->find(id) == nullptr) {
        return d->unknownError(id);
    }
    const Result<QList<QByteArray>> valid = media::splitRelativePath(relativePath);
    if (!valid) {
        return valid.error();
    }
    const Result<Medium *> medium = d->mountedMedium(id);
    if (!medium) {
        return medium.error();
    }
    Result<UniqueFd> file = media::openRegularFile((*medium)->mount->rootFd(), relativePath);
    if (!file && file.error().code == QLatin1String("media.io") && !d->isPresent(**medium)) {
        return d->dropGone(**medium);
    }
    return file;
}

Status MediaManager::writeFile(const QString &id, const QString &fileName, const QByteArray &data)
{
    const auto writeError = [&](const QString &why) {
        return makeError(Error::Kind::Io, "media.write",
                         tr("Cannot write %1 to the medium: %2").arg(displayString(fileName), why));
    };
    Medium *medium = d->find(id);
    if (medium == nullptr) {
        return d->unknownError(id);
    }
    const Result<QList<QByteArray>> name = media::splitRelativePath(fileName);
    if (!name || name->size() != 1 || name->first().startsWith('.')) {
        return writeError(tr("the name must be one visible file name."));
    }
    if (!d->isPresent(*medium)) {
        return d->dropGone(*medium);
    }
    // One superblock cannot be read-only here and read-write there: the read-only mount goes
    // first (refused while an install still reads from it) and comes back afterwards.
    const bool wasMounted = medium->mount && medium->mount->isActive();
    if (wasMounted) {
        if (!medium->mount->unmount(false)) {
            return writeError(tr("it is in use."));
        }
        medium->mount.reset();
        medium->info.mounted = false;
    }
    Status written = Ok{};
    {
        Result<media::Mount> rw = media::Mount::create(
            medium->info.devnode, medium->devnum, medium->info.fsType,
            d->options.mountRoot + QStringLiteral("/.write-") + medium->info.id,
            media::MountMode::ReadWrite);
        if (!rw) {
            written = writeError(rw.error().message);
        } else {
            written = media::writeFileAt(rw->rootFd(), name->first(), data);
            // File and directory are fsynced; the unmount writes back the rest of the metadata.
            const Status unmounted = rw->unmount(true);
            if (written && !unmounted) {
                written = writeError(unmounted.error().message);
            }
        }
    }
    if (!written && !d->isPresent(*medium)) {
        return d->dropGone(*medium);
    }
    if (wasMounted) {
        const Status remounted = d->ensureMounted(*medium);
        if (!remounted) {
            qCWarning(lcMedia).noquote()
                << "cannot mount" << id << "again:" << remounted.error().message;
        }
    }
    if (written) {
        qCInfo(lcMedia).noquote() << "wrote" << displayString(fileName) << "to" << id;
    }
    return written;
}

void MediaManager::release(const QString &id)
{
    Medium *medium = d->find(id);
    if ((medium == nullptr) || !medium->mount) {
        return;
    }
    const Status unmounted = medium->mount->unmount(true);
    if (!unmounted) {
        qCWarning(lcMedia).noquote() << unmounted.error().message;
    }
    medium->mount.reset();
    medium->info.mounted = false;
}

} // namespace seesaw
