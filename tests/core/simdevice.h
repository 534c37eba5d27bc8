// A device of the simulator (scripts/sim/device) driven the way the multi-boot stories need:
// install, power-on through the boot loader's own logic (scripts/sim/boot-emulate), `seesaw
// health` with real scripts, and what status, history and the boot loader's own variables say.
// Test classes inherit it next to QObject; the verify* helpers use QTest's macros. The core's
// functions can also be called in-process on the same device (openDevice()).
#pragma once

#include "device/device.h"
#include "health/health.h"
#include "testutil.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace testutil {

class SimDevice {
protected:
    QTemporaryDir m_tmp;
    QString m_dev; // the current story's device directory
    QString m_bootloader;
    int m_serial = 0;

private:
    struct Kept {
        QString copy;       // the kept files
        QString origin;     // the device directory they were copied from
        QString bootloader; // its boot loader
    };
    QMap<QString, Kept> m_kept;

protected:
    [[nodiscard]] QString conf() const;
    RunResult cli(const QStringList &args, const QStringList &env = {});

    // A new device with health scripts in DEVICE/health.d (none yet) and short timeouts. The
    // first of each boot loader is made by scripts/sim/device; later ones are copies of it.
    bool newDevice(const QString &bootloader);
    // Keeps a copy of the device as it is now under `name`; restore() makes a new device from
    // it (false when nothing is kept under that name). A story that many rows start from is
    // played once per test run.
    void keep(const QString &name);
    bool restore(const QString &name);
    void addScript(const QString &name, const QByteArray &body);
    void removeScripts();
    QString bundle(const QString &version);
    // A delta bundle of `to` made from the full bundles of both versions (bundle create-delta).
    QString deltaBundle(const QString &from, const QString &to);
    bool install(const QString &version);
    // `seesaw install --yes FILE`, its result as it is.
    RunResult installFile(const QString &file);
    // `install` killed (SIGKILL) at the fault point `point` (SEESAW_FAULT); true when it was.
    bool installKilledAt(const QString &version, const QString &point);
    // One power-on played by the boot loader's logic; the booted bootname, "" when none.
    QString boot();
    // A boot of `bootname` that the boot loader did not choose (a technician picked it in the
    // boot menu): only the kernel command line and the boot id change.
    bool bootByHand(const QString &bootname);
    RunResult health() { return cli({QStringLiteral("health")}); }

    // The device as a process started now opens it (booted slot from the simulated command
    // line); nullptr, with a warning, when it cannot be opened.
    std::unique_ptr<seesaw::Device> openDevice();
    // What state.json and the history hold now, read in-process: unlike `status`, nothing
    // reconciles the last boot first.
    seesaw::DeviceState storedState();
    QList<seesaw::HistoryEntry> historyEntries();
    // A health report as `seesaw health` makes it: passed, or failed by script 20-app (exit 3).
    static seesaw::HealthReport healthReport(bool passed);

    QJsonObject status();
    static QJsonObject slot(const QJsonObject &st, const QString &bootname)
    {
        return slotOf(st, bootname);
    }
    QJsonObject last() { return status().value(QStringLiteral("last_result")).toObject(); }
    QStringList events();
    bool historyVerifies();

    // The boot loader's raw variables, where it has them (U-Boot environment, grubenv).
    QMap<QString, QString> bootVariables();
    // What the boot loader itself holds for `bootname`, in its own terms, for messages and
    // comparisons: variables, the entry file name, or the custom backend's state files.
    QString rawBootState(const QString &bootname);

    // Slot S is what the boot loader tries first, good, with its attempts reset.
    void verifyPrimaryWithFullAttempts(const QString &bootname);
    void verifyBad(const QString &bootname);
    // Slot S cannot be booted by the boot loader, even by its last resort when the other slot
    // has used up its attempts (U-Boot's counter reset, GRUB's "starting over"), read from the
    // boot loader's own state only.
    void verifyBootLoaderAvoids(const QString &bootname);
    // The same after Seesaw's first look at this boot (`status`), which also says so for the
    // boot loader and for its own record.
    void verifyOutOfBootLoader(const QString &bootname);

    // How often a new slot is tried before the boot loader falls back: the documented grub.cfg
    // gives one try, the others count boot-attempts (3 on the simulator).
    static int triesFor(const QString &bootloader);
    // The `bootloader` data column with one row per backend.
    static void backends();
};

} // namespace testutil
