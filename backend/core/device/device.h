// Everything Seesaw knows about the device it runs on, loaded from system.conf: the boot
// loader, the slots and which one is booted, the keyring, the state store and the history.
// The CLI (--direct), the daemon and the health check each open one Device.
#pragma once

#include "base/result.h"
#include "boot/bootloader.h"
#include "config/systemconfig.h"
#include "device/slots.h"
#include "state/history.h"
#include "state/statestore.h"
#include "trust/keyring.h"

#include <memory>

namespace seesaw {

// The current boot's id ([system] boot-id=, /proc/sys/kernel/random/boot_id), trimmed; empty
// when unreadable.
QString currentBootId(const SystemConfig &config);

class Device {
public:
    static Result<std::unique_ptr<Device>> open(const QString &configPath);

    [[nodiscard]] const SystemConfig &config() const { return m_config; }
    Bootloader &bootloader() { return *m_bootloader; }
    // The keyring as it is on disk now (system keys, the rotation overlay, revocations). Read
    // on each use rather than at open: a daemon that has only started costs no key parsing,
    // and keys rotated in or revoked are seen without a restart.
    [[nodiscard]] Result<Keyring> loadKeyring() const;
    [[nodiscard]] const StateStore &store() const { return m_store; }
    History &history() { return m_history; }
    [[nodiscard]] const SlotConfig &booted() const { return m_booted; }

    // The version running now: what Seesaw installed into the booted slot, else the
    // VERSION_ID of os-release, else empty.
    [[nodiscard]] QString bootedVersion(const DeviceState &state) const;
    // "2.0.3", or a generic phrase when unknown; for operator messages.
    [[nodiscard]] QString bootedVersionText(const DeviceState &state) const;

    // Appends to the history and records the new head in `state` (the caller saves it).
    Status record(DeviceState &state, const QString &event, const QJsonObject &details);

private:
    Device() = default;

    SystemConfig m_config;
    std::unique_ptr<Bootloader> m_bootloader;
    StateStore m_store{QString()};
    History m_history{QString()};
    SlotConfig m_booted;
};

} // namespace seesaw
