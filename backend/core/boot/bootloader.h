// One small interface over the boot loaders Seesaw can switch. Every mutating call writes the
// boot loader's state in one atomic operation, using the variable names RAUC documents, so a
// device can move from RAUC to Seesaw without touching its boot script.
//
// Semantics, identical for every backend (slots are named by bootname, "A"/"B"):
//   setPrimary(S, n)  S is booted next, with n attempts before the boot loader falls back
//   markGood(S)       S is known good: attempts reset, S stays in the boot order
//   markBad(S)        S must not be booted: attempts 0 / out of the order
//   primary()         the slot the boot loader will try first (skipping bad ones)
//   state(S)          good / bad and attempts left
#pragma once

#include "base/result.h"
#include "config/systemconfig.h"

#include <QString>
#include <QStringList>
#include <memory>

namespace seesaw {

struct BootSlotState {
    bool bad = false;
    // Attempts the boot loader has left for this slot; -1 when it does not count (a slot
    // marked good under systemd-boot or a custom backend without counting).
    int attemptsLeft = -1;
};

class Bootloader {
public:
    virtual ~Bootloader() = default;
    [[nodiscard]] virtual QString name() const = 0;
    virtual Result<QString> primary() = 0;
    virtual Status setPrimary(const QString &bootname, int attempts) = 0;
    virtual Status markGood(const QString &bootname) = 0;
    virtual Status markBad(const QString &bootname) = 0;
    virtual Result<BootSlotState> state(const QString &bootname) = 0;

    // The backend configured in system.conf. Error codes of all backends: "bootloader.io",
    // "bootloader.corrupt" (unreadable state), "bootloader.unknown-slot", "bootloader.failed"
    // (custom backend exited non-zero; its stderr is in the message), "bootloader.config"
    // (bootnames this backend cannot use), "bootloader.invalid-attempts" (attempts < 1),
    // "bootloader.no-bootable-slot" (primary(): every slot is bad and the boot loader has no
    // fallback of its own).
    static Result<std::unique_ptr<Bootloader>> create(const SystemConfig &config);
};

} // namespace seesaw
