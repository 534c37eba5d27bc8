#include "install/deltabase.h"

#include "base/errnotext.h"
#include "base/hostilestring.h"
#include "device/slots.h"

#include <QCoreApplication>
#include <QFile>
#include <fcntl.h>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::DeltaBase", text);
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
    auto opened = openBase(device, image);
    if (!opened) {
        return {BaseVerdict::Failed, true, opened.error().message};
    }
    auto digest = opened->image->sha256(progress, cancel);
    if (!digest) {
        return {BaseVerdict::Failed, true, digest.error().message};
    }
    return {*digest == delta.baseSha256 ? BaseVerdict::Matches : BaseVerdict::Differs, true, {}};
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
