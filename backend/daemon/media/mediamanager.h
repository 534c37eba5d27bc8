// Removable media for seesawd: which USB or removable block devices with a file system are
// present (libudev), mounting them read-only, nosuid, nodev, noexec under the daemon's own
// directory, finding bundles on them within limits, and opening a bundle safely. Media ids are
// the daemon's own names; a client never names a device node or an absolute path.
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"
#include "media/mediatypes.h"

#include <QList>
#include <QObject>
#include <QString>
#include <memory>

namespace seesaw {

namespace media {
struct ScanOutcome;
}

class MediaManager : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString mountRoot = QStringLiteral("/run/seesaw/media");
        ScanLimits limits;
    };
    explicit MediaManager(Options options, QObject *parent = nullptr);
    ~MediaManager() override;

    // Enumerates present media and starts listening to udev. Error "media.udev".
    Status start();
    [[nodiscard]] [[nodiscard]] QList<MediaInfo> media() const;

    // Mounts the medium read-only if needed and lists the *.seesaw regular files on it (no
    // symlinks followed, FIFOs/devices skipped, limits applied; hitting a limit is not an error:
    // the results so far are returned). Errors: "media.unknown", "media.mount", "media.gone".
    Result<QList<FoundBundle>> scan(const QString &id);

    // The same in three steps, so that only the mount runs on the caller's (main) thread:
    // prepareScan mounts and hands out the mount's root directory (held open: a lazily
    // detached stick stays readable, or fails with EIO, until the scan is done); walk runs on
    // any thread and touches nothing of the manager; finishScan, back on the manager's thread,
    // turns a read error on a pulled stick into "media.gone".
    struct ScanJob {
        QString id;
        std::shared_ptr<UniqueFd> root;
        ScanLimits limits;
    };
    Result<ScanJob> prepareScan(const QString &id);
    static media::ScanOutcome walk(const ScanJob &job);
    Result<QList<FoundBundle>> finishScan(const QString &id, const media::ScanOutcome &outcome);
    // Opens relativePath on the (mounted) medium: validated path, every component opened with
    // O_NOFOLLOW relative to the mount, the result must be a regular file. Errors:
    // "media.unknown", "media.invalid-path", "media.not-found", "media.not-regular",
    // "media.mount", "media.gone", "media.io".
    Result<UniqueFd> openBundle(const QString &id, const QString &relativePath);
    // The only write to a medium: a separate read-write mount for writing one new file at its
    // root (an existing file of that name is replaced), then unmounted; a read-only mount is
    // restored afterwards. Errors "media.write", "media.unknown", "media.gone".
    Status writeFile(const QString &id, const QString &fileName, const QByteArray &data);
    // Unmounts the medium if mounted (e.g. after an install from it).
    void release(const QString &id);

Q_SIGNALS:
    void mediaChanged(); // a medium was added or removed
    void mediaRemoved(const QString &id);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace seesaw
