#include "install/deltabase.h"

#include "base/errnotext.h"
#include "base/hostilestring.h"
#include "device/slots.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <fcntl.h>
#include <mutex>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::DeltaBase", text);
}

// Digests of booted slots hashed during this boot, so that showing a delta bundle again does not
// read the slot again: a booted slot does not change while it runs (its root file system is
// read-only, docs/delta-updates.md). Keyed by device, size and boot id.
class BootedHashes {
public:
    static QString key(const QString &device, quint64 size, const QString &bootId)
    {
        return device + QLatin1Char('\n') + QString::number(size) + QLatin1Char('\n') + bootId;
    }
    QByteArray find(const QString &key)
    {
        std::lock_guard lock(m_mutex);
        return m_digests.value(key);
    }
    void insert(const QString &key, const QByteArray &digest)
    {
        std::lock_guard lock(m_mutex);
        if (m_digests.size() > 64) {
            m_digests.clear();
        }
        m_digests.insert(key, digest);
    }

private:
    std::mutex m_mutex;
    QHash<QString, QByteArray> m_digests;
};

BootedHashes &bootedHashes()
{
    static BootedHashes hashes;
    return hashes;
}

// The record key of a slot in the state: its boot name, else its name.
QString recordKey(const SlotConfig &slot)
{
    return slot.bootname.isEmpty() ? slot.name() : slot.bootname;
}

} // namespace

BaseFinding findBase(const Device &device, const DeviceState &state, const ImageInfo &image,
                     const std::function<void(quint64 done)> &progress,
                     const std::atomic<bool> *cancel)
{
    const DeltaInfo &delta = *image.delta;
    const SlotConfig *slot = device.config().slot(image.slotClass, device.booted().index);
    if (slot == nullptr) {
        return {BaseVerdict::Failed, false,
                tr("This device has no slot for \"%1\".").arg(displayString(image.slotClass))};
    }
    const SlotRecord record = state.slots.value(recordKey(*slot));
    if (record.imageSize == delta.baseSize &&
        record.imageSha256.size() == delta.baseSha256.size()) {
        return {record.imageSha256 == delta.baseSha256 ? BaseVerdict::Matches
                                                       : BaseVerdict::Differs,
                false,
                {}};
    }
    const QString bootId = currentBootId(device.config());
    const QString cacheKey = BootedHashes::key(slot->device, delta.baseSize, bootId);
    QByteArray digest = bootId.isEmpty() ? QByteArray() : bootedHashes().find(cacheKey);
    if (digest.isEmpty()) {
        auto opened = openBase(device, image);
        if (!opened) {
            return {BaseVerdict::Failed, true, opened.error().message};
        }
        auto hashed = opened->image->sha256(progress, cancel);
        if (!hashed) {
            return {BaseVerdict::Failed, true, hashed.error().message};
        }
        digest = *hashed;
        if (!bootId.isEmpty()) {
            bootedHashes().insert(cacheKey, digest);
        }
    }
    return {digest == delta.baseSha256 ? BaseVerdict::Matches : BaseVerdict::Differs, true, {}};
}

Result<OpenedBase> openBase(const Device &device, const ImageInfo &image)
{
    const SlotConfig *slot = device.config().slot(image.slotClass, device.booted().index);
    if (slot == nullptr || !image.delta) {
        return makeError(
            Error::Kind::Invalid, "delta.base-io",
            tr("This device has no slot for \"%1\".").arg(displayString(image.slotClass)));
    }
    const QString name = tr("slot %1").arg(slot->name());
    auto size = deviceSize(slot->device);
    if (!size) {
        return makeError(Error::Kind::Io, "delta.base-io", size.error().message);
    }
    if (*size < image.delta->baseSize) {
        return makeError(
            Error::Kind::Invalid, "delta.base-io",
            tr("The base of this update has %1 bytes, more than %2 holds (%3 bytes).")
                .arg(QString::number(image.delta->baseSize), name, QString::number(*size)));
    }
    const int fd = ::open(QFile::encodeName(slot->device).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return makeError(Error::Kind::Io, "delta.base-io",
                         tr("Cannot open %1 (%2): %3.").arg(name, slot->device, errnoText()));
    }
    OpenedBase base{UniqueFd(fd), nullptr};
    base.image = std::make_unique<BaseImage>(fd, image.delta->baseSize, name);
    return base;
}

} // namespace seesaw
