#include "device/device.h"

#include "base/hostilestring.h"
#include "base/smallfile.h"

#include <QCoreApplication>
#include <QFile>

namespace seesaw {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Device", text);
}

// VERSION_ID from an os-release file (quotes removed), or empty.
QString osReleaseVersion(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    const QByteArray text = file.read(qint64(64) * 1024);
    for (const QByteArray &line : text.split('\n')) {
        if (!line.startsWith("VERSION_ID=")) {
            continue;
        }
        QByteArray value = line.mid(11).trimmed();
        if (value.size() >= 2 && (value.startsWith('"') || value.startsWith('\'')) &&
            value.endsWith(value.at(0))) {
            value = value.mid(1, value.size() - 2);
        }
        return displayBytes(value, 64);
    }
    return {};
}
} // namespace

Result<std::unique_ptr<Device>> Device::open(const QString &configPath)
{
    auto config = SystemConfig::load(configPath);
    if (!config) {
        return config.error();
    }
    std::unique_ptr<Device> device(new Device);
    device->m_config = std::move(*config);
    const SystemConfig &c = device->m_config;

    auto bootloader = Bootloader::create(c);
    if (!bootloader) {
        return bootloader.error();
    }
    device->m_bootloader = std::move(*bootloader);

    auto booted = bootedSlot(c);
    if (!booted) {
        return booted.error();
    }
    device->m_booted = *booted;
    device->m_store = StateStore(c.dataDirectory);
    device->m_history = History(device->m_store.historyPath());
    return device;
}

Result<Keyring> Device::loadKeyring() const
{
    return Keyring::load(m_config.keyringDirectory, m_config.overlayKeyringDirectory());
}

QString Device::bootedVersion(const DeviceState &state) const
{
    const auto record = state.slots.constFind(m_booted.bootname);
    if (record != state.slots.cend() && !record->version.isEmpty() &&
        (record->status == SlotRecord::Status::Good ||
         record->status == SlotRecord::Status::Installed)) {
        return record->version;
    }
    return osReleaseVersion(m_config.osReleasePath);
}

QString Device::bootedVersionText(const DeviceState &state) const
{
    const QString version = bootedVersion(state);
    return version.isEmpty() ? tr("its current system") : version;
}

Status Device::record(DeviceState &state, const QString &event, const QJsonObject &details)
{
    auto appended = m_history.append(event, details);
    if (!appended) {
        return appended.error();
    }
    state.historyCount = appended->seq;
    state.historyHead = appended->hash;
    return Ok{};
}

QString currentBootId(const SystemConfig &config)
{
    return QString::fromLatin1(readSmallFile(config.bootIdPath, 128));
}

} // namespace seesaw
