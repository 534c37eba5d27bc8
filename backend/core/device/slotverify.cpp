#include "device/slotverify.h"

#include "base/errnotext.h"
#include "base/unique_fd.h"
#include "trust/crypto.h"

#include <QCoreApplication>
#include <QFile>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace seesaw {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::BootOutcome", text);
}

QString versionText(const QString &version)
{
    return version.isEmpty() ? tr("the previous system") : version;
}
} // namespace

Result<QString> verifySlot(Device &device, const QString &bootname,
                           const std::function<void(quint64, quint64)> &progress,
                           const std::atomic<bool> *cancel)
{
    const SlotConfig *slot = device.config().slotByBootname(bootname);
    if (slot == nullptr) {
        return makeError(Error::Kind::Usage, "bootloader.unknown-slot",
                         tr("This device has no slot %1.").arg(bootname));
    }
    auto state = device.store().load();
    if (!state) {
        return state.error();
    }
    const SlotRecord record = state->slots.value(bootname);
    if (record.imageSha256.isEmpty() || record.imageSize == 0 ||
        (record.status != SlotRecord::Status::Installed &&
         record.status != SlotRecord::Status::Good)) {
        return makeError(Error::Kind::Invalid, "verify.no-record",
                         tr("Slot %1 holds no image installed by Seesaw that could be checked "
                            "(%2).")
                             .arg(bootname, slotStatusName(record.status)));
    }
    const QByteArray path = QFile::encodeName(slot->device);
    UniqueFd fd(::open(path.constData(), O_RDONLY | O_CLOEXEC));
    if (!fd.isValid()) {
        return makeError(Error::Kind::Io, "verify.io",
                         tr("Slot %1 (%2) cannot be read: %3.")
                             .arg(bootname, slot->device, seesaw::errnoText(errno)));
    }
    ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
    Sha256 hash;
    std::vector<char> buffer(4 << 20);
    quint64 done = 0;
    while (done < record.imageSize) {
        if ((cancel != nullptr) && cancel->load()) {
            return makeError(Error::Kind::Cancelled, "cancelled", tr("Cancelled."));
        }
        const size_t want = size_t(std::min<quint64>(buffer.size(), record.imageSize - done));
        const ssize_t got = ::pread(fd.get(), buffer.data(), want, off_t(done));
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            return makeError(Error::Kind::Io, "verify.io",
                             tr("Reading slot %1 failed at byte %2: %3.")
                                 .arg(bootname, QString::number(done),
                                      got == 0 ? tr("the slot is shorter than its image")
                                               : seesaw::errnoText(errno)));
        }
        hash.update(buffer.data(), size_t(got));
        done += quint64(got);
        if (progress) {
            progress(done, record.imageSize);
        }
    }
    if (hash.finish() != record.imageSha256) {
        return makeError(Error::Kind::Invalid, "verify.mismatch",
                         tr("Slot %1 does not hold the image installed there (version %2): its "
                            "content has changed since %3.")
                             .arg(bootname, versionText(record.version),
                                  record.installedAt.toString(Qt::ISODate)));
    }
    return tr("Slot %1 holds version %2 exactly as installed (%3 bytes verified).")
        .arg(bootname, versionText(record.version), QString::number(record.imageSize));
}

} // namespace seesaw
