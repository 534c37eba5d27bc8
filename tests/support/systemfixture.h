// The real parts a system test stands on, shared by the daemon, app and end-to-end tests: a
// private system bus with polkitd (tests/daemon/fixture), optionally systemd-udevd with a rule
// that dresses this test's loop devices as USB sticks, a simulated device (scripts/sim/device),
// seesawd on that device, bundles signed with the device's key, and sticks (ext4 images on
// loop devices) plugged in and pulled. Needs root; everything lives in one directory and is
// undone by stop() (or the destructor).
#pragma once

#include "testutil.h"

#include <QProcess>
#include <QString>
#include <QStringList>

namespace testutil {

class SystemFixture {
public:
    struct Options {
        bool udev = false;      // systemd-udevd and the stick rule
        QStringList deviceArgs; // extra `device create` arguments (--bootloader …)
        int slotMiB = 48;
    };

    // `tag` names this test's stick images (and the udev rule); the pid is added, so two
    // tests with different tags never claim each other's loop devices.
    explicit SystemFixture(const QString &tag);
    ~SystemFixture();
    SystemFixture(const SystemFixture &) = delete;
    SystemFixture &operator=(const SystemFixture &) = delete;

    // Starts bus, polkitd (and udevd) in `directory` (created, mode 0755 so the test users
    // reach it; its parents must be searchable by everyone too) and creates the device in
    // DIR/device. Returns an error text, empty on success.
    QString start(const QString &directory, const Options &options);
    // Before start(): udev properties the rule gives this test's sticks, NAME=VALUE (a vendor,
    // a model); values are taken literally ('%' and '$' are escaped for udev).
    void setStickProperties(const QStringList &properties) { m_stickProperties = properties; }
    // Stops seesawd, detaches this test's sticks, drops the rule, stops the fixture.
    void stop();
    // Which of the fixture's processes (bus, polkitd, udevd) ended while the test ran, each
    // with the end of its log and the kernel's word on it (fixture/stop --check); empty while
    // all of them run.
    [[nodiscard]] QString endedProcesses() const;
    // For a test's cleanup(): after a failed test function, prints endedProcesses() there, next
    // to the failure (a crashed polkitd fails every later check too).
    void explainFailure() const;

    [[nodiscard]] QString path(const QString &name) const
    {
        return m_dir + QLatin1Char('/') + name;
    }
    [[nodiscard]] QString bus() const { return m_bus; }
    [[nodiscard]] QString device() const { return m_device; }
    [[nodiscard]] QString conf() const { return m_device + QStringLiteral("/system.conf"); }

    // seesawd on the device: with udev, media under DIR/media; without, --no-media. Waits
    // until it owns its name. `extraEnv` entries are NAME=VALUE.
    bool startDaemon(const QStringList &extraEnv = {});
    void stopDaemon();
    [[nodiscard]] bool daemonRunning() const { return m_daemon.state() != QProcess::NotRunning; }
    [[nodiscard]] qint64 daemonPid() const { return m_daemon.processId(); }
    // How seesawd ended, once it is no longer running.
    [[nodiscard]] int daemonExitCode() const { return m_daemon.exitCode(); }
    [[nodiscard]] QProcess::ExitStatus daemonExitStatus() const { return m_daemon.exitStatus(); }

    // A bundle for the device in DIR/bundles/NAME.seesaw (NAME defaults to the version),
    // readable by everyone; `random` makes its image incompressible. `extraArgs` go to
    // `device bundle` (--compatible …). Empty on failure.
    QString makeBundle(const QString &version, int mib, quint32 seed = 1, bool random = false,
                       const QStringList &extraArgs = {}, const QString &name = {});
    // A bundle for the device signed with a key the device does not trust.
    QString makeStrangerBundle(const QString &version, int mib, const QString &name);

    // An ext4 image (made without mounting it) holding copies of `files` and `directories`
    // subdirectories with a small file each; matched by the udev rule. Empty on failure.
    QString makeStickImage(const QString &name, const QStringList &files, int directories = 0,
                           int mib = 96, const QString &label = {});
    // Attaches `image` to a free loop device and waits for udev; returns the device node.
    QString plug(const QString &image);
    // What a pulled stick looks like to udev: the medium shrinks to 0 and the device goes.
    static void pull(const QString &loopDevice, const QString &image);
    void detachSticks();

    // After the simulated boot loader ran (seesawd's Reboot runs the simulator's boot as the
    // device's reboot-command): the old seesawd stops, what seesaw-health.service does runs
    // (`seesaw health`; a failed check plays the fallback boot), seesawd starts again. Returns
    // the health command's result.
    RunResult bootCompleted();

    // The CLI as `uid` (0: root) against the fixture's bus.
    [[nodiscard]] RunResult cli(const QStringList &args, int uid = 0) const;
    // The CLI without a bus, straight on the device (`--direct --conf`).
    [[nodiscard]] RunResult direct(const QStringList &args) const;

private:
    // Whether org.seesaw.Updater1 has an owner on the bus, polled up to `timeoutMs`.
    [[nodiscard]] bool waitForService(bool present, int timeoutMs = 20000) const;

    QString m_tag;
    QString m_dir;
    QString m_bus;
    QString m_device;
    QString m_rule;
    QStringList m_stickProperties;
    bool m_udev = false;
    bool m_started = false;
    QProcess m_daemon;
};

} // namespace testutil
