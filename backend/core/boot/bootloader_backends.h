// Private to the bootloader module: the backend classes Bootloader::create() chooses between
// and the helpers they share. Nothing outside bootloader*.cpp and its test includes this.
#pragma once

#include "base/atomicfile.h"
#include "boot/bootloader.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>

namespace seesaw::bootloader_detail {

QString tr(const char *text);

Error ioError(const QString &message);
Error corruptError(const QString &message);
Error unknownSlotError(const QString &bootname);
Error noBootableSlotError(const QString &message);

// Durable writes (atomicfile.h) reporting the backends' error code "bootloader.io".
inline Status writeFileAtomically(const QString &path, const QByteArray &data)
{
    return withCode(seesaw::writeFileAtomically(path, data), "bootloader.io");
}
inline Status renameDurably(const QString &from, const QString &to)
{
    return withCode(seesaw::renameDurably(from, to), "bootloader.io");
}

// A non-negative decimal counter without sign, spaces or leading "0x" (at most 9 digits).
std::optional<int> parseCounter(QByteArrayView text);

// `first`, then the configured bootnames in the order `previous` lists them, then configured
// bootnames `previous` lacks. Names that are not configured are dropped.
QStringList orderWithFirst(const QStringList &previous, const QString &first,
                           const QStringList &configured);

// What every backend needs from the configuration, checked once by Bootloader::create().
class BackendBase : public Bootloader {
protected:
    BackendBase(QStringList bootnames, int bootAttempts)
        : m_bootnames(std::move(bootnames)), m_bootAttempts(bootAttempts)
    {}
    [[nodiscard]] Status checkSlot(const QString &bootname) const;
    [[nodiscard]] static Status checkAttempts(int attempts);

    QStringList m_bootnames; // configuration order
    int m_bootAttempts;
};

// libubootenv, RAUC's variables: BOOT_ORDER="A B", BOOT_A_LEFT, BOOT_B_LEFT.
class UBootBackend final : public BackendBase {
public:
    UBootBackend(QStringList bootnames, int bootAttempts, QString fwEnvConfig);
    [[nodiscard]] QString name() const override { return QStringLiteral("uboot"); }
    Result<QString> primary() override;
    Status setPrimary(const QString &bootname, int attempts) override;
    Status markGood(const QString &bootname) override;
    Status markBad(const QString &bootname) override;
    Result<BootSlotState> state(const QString &bootname) override;

private:
    // BOOT_<bootname>_LEFT = left; `last` also moves bootname to the end of BOOT_ORDER.
    Status setLeft(const QString &bootname, int left, bool last);
    QString m_config;
};

// A GRUB environment block file, RAUC's variables: ORDER="A B", A_OK, A_TRY, B_OK, B_TRY.
class GrubBackend final : public BackendBase {
public:
    GrubBackend(QStringList bootnames, int bootAttempts, QString grubenv);
    [[nodiscard]] QString name() const override { return QStringLiteral("grub"); }
    Result<QString> primary() override;
    Status setPrimary(const QString &bootname, int attempts) override;
    Status markGood(const QString &bootname) override;
    Status markBad(const QString &bootname) override;
    Result<BootSlotState> state(const QString &bootname) override;

private:
    Status setFlags(const QString &bootname, bool ok);
    QString m_path;
};

// Boot Loader Specification boot counting: ESP/loader/entries/seesaw-S[+LEFT[-DONE]].conf and
// the `default` line of ESP/loader/loader.conf.
class SystemdBootBackend final : public BackendBase {
public:
    SystemdBootBackend(QStringList bootnames, int bootAttempts, QString esp);
    [[nodiscard]] QString name() const override { return QStringLiteral("systemd-boot"); }
    Result<QString> primary() override;
    Status setPrimary(const QString &bootname, int attempts) override;
    Status markGood(const QString &bootname) override;
    Status markBad(const QString &bootname) override;
    Result<BootSlotState> state(const QString &bootname) override;

    // The loader.conf `default` glob that selects bootname's entry while it is good or still
    // counting, and matches nothing once its counter reached +0.
    static QString defaultPattern(const QString &bootname);

private:
    QString m_esp;
};

// RAUC's custom-backend protocol: an executable called with get-primary, set-primary S,
// get-state S, set-state S good|bad.
class CustomBackend final : public BackendBase {
public:
    CustomBackend(QStringList bootnames, int bootAttempts, QString program);
    [[nodiscard]] QString name() const override { return QStringLiteral("custom"); }
    Result<QString> primary() override;
    Status setPrimary(const QString &bootname, int attempts) override;
    Status markGood(const QString &bootname) override;
    Status markBad(const QString &bootname) override;
    Result<BootSlotState> state(const QString &bootname) override;

private:
    [[nodiscard]] Result<QByteArray> run(const QStringList &arguments) const;
    QString m_program;
};

} // namespace seesaw::bootloader_detail
