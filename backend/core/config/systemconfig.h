// /etc/seesaw/system.conf: the device's description (INI, in the spirit of RAUC's system.conf).
// Parsing is strict: unknown sections or keys, missing required keys and inconsistent slots are
// errors that name the section and key.
#pragma once

#include "base/result.h"
#include "config/maintenancewindow.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace seesaw {

struct SlotConfig {
    QString slotClass; // "rootfs" from [slot.rootfs.0]
    int index = 0;     // 0 or 1
    QString device;    // block device or, in the simulator, an image file
    QString bootname;  // "A" / "B"; required for the class the bootloader switches
    [[nodiscard]] QString name() const
    {
        return slotClass + QLatin1Char('.') + QString::number(index);
    }
};

// [health] of system.conf: what `seesaw health` checks once per boot (health/health.h,
// docs/health.md).
struct HealthConfig {
    QStringList units;
    QString scripts;               // scripts=: a directory; empty = no scripts
    int timeoutSeconds = 120;      // timeout=: over all checks, 1..3600
    int scriptTimeoutSeconds = 30; // script-timeout=: per script, 1..3600
    int minUptimeSeconds = 0;      // min-uptime=: 0..3600, 0 = not checked
    int maxMemoryPercent = 0;      // max-memory-percent=: 1..100, 0 = not checked
    int maxTemperature = 0;        // max-temperature=: °C, 1..200, 0 = not checked
    double maxLoad = 0;            // max-load=: 1-minute load, > 0; 0 = not checked
    int sampleWindowSeconds = 10;  // sample-window=: 1..600
    int rebootDelaySeconds = 0;    // reboot-delay=: 0..3600, failed check → reboot
    QString procDirectory = QStringLiteral("/proc");                 // proc=
    QString thermalDirectory = QStringLiteral("/sys/class/thermal"); // thermal=
    // True when any of the sampled limits is set.
    [[nodiscard]] bool hasLimits() const
    {
        return maxMemoryPercent > 0 || maxTemperature > 0 || maxLoad > 0;
    }
};

// [network] clock=: whether the system clock may decide a channel manifest's expiry
// (net/channelfreshness.h): "auto", "system" (always) or "none" (never).
enum class ClockPolicy { Auto, System, None };

// [network] stream=: whether an update is staged before its install or streamed from the server
// straight into the slot (net/remotebundle.h): "auto" (streamed only when the staging directory
// lacks room for it), "always", "never".
enum class StreamPolicy { Auto, Always, Never };

// [network]: where a device finds its updates (docs/channels.md). No manifest-url: no network
// updates at all. seesawd takes a proxy from its environment (https_proxy, no_proxy).
struct NetworkConfig {
    QString manifestUrl;                         // manifest-url=: http(s) URL of channel.json
    QString channel = QStringLiteral("stable");  // channel=
    int pollIntervalSeconds = 6 * 3600;          // poll-interval=: 60 s .. 30 days ("6h", "90m")
    int pollJitterSeconds = 30 * 60;             // poll-jitter=: up to this much later, at random
    QString caFile;                              // ca-file=: PEM certificates; empty: the system's
    QString clientCertificate;                   // client-certificate=: PEM, for mutual TLS
    QString clientKey;                           // client-key=: PEM, with client-certificate
    quint64 bandwidthLimit = 0;                  // bandwidth-limit=: bytes/s ("512K", "2M"), 0 none
    QString stagingDirectory;                    // staging-directory=; default DATA/downloads
    StreamPolicy stream = StreamPolicy::Auto;    // stream=
    QList<MaintenanceWindow> maintenanceWindows; // maintenance-window=; none: install at once
    ClockPolicy clock = ClockPolicy::Auto;       // clock=
    QString keyringDirectory;                    // keyring=: channel keys; default: [keyring]'s
    [[nodiscard]] bool enabled() const { return !manifestUrl.isEmpty(); }
};

// [hawkbit]: an Eclipse hawkBit server that manages this device (docs/hawkbit.md), the fleet's
// alternative to a channel manifest: one source of network updates at a time, so [hawkbit]
// server= and [network] manifest-url= exclude each other. How bundles are downloaded, staged,
// limited and scheduled comes from [network] as for channels; the server's own maintenance
// window applies on top of those there.
struct HawkbitConfig {
    // The DDI root: SERVER/TENANT/controller/v1/CONTROLLER-ID
    QString server;                             // server=: https (or http) URL, no user info
    QString tenant = QStringLiteral("DEFAULT"); // tenant=
    QString controllerId;                       // controller-id=; empty: the machine id
    // Authentication: a target token or a gateway token (each read from a file only root can
    // read, so that system.conf may stay world-readable), and/or a client certificate.
    QString targetTokenFile;   // target-token-file=
    QString gatewayTokenFile;  // gateway-token-file=
    QString caFile;            // ca-file=: PEM certificates; empty: the system's
    QString clientCertificate; // client-certificate=: PEM, for mutual TLS
    QString clientKey;         // client-key=: PEM, with client-certificate
    // Until the server says how often (config.polling.sleep), and the bounds its answer is
    // held to: a server cannot make a device poll every second or never again.
    int pollIntervalSeconds = 5 * 60; // poll-interval=: 60 s .. 30 days
    int minPollSeconds = 60;          // poll-min=: 10 s .. poll-max
    int maxPollSeconds = 24 * 3600;   // poll-max=: .. 30 days
    // reboot=: whether seesawd restarts the device itself once a deployment's slot is written
    // (the result is known only after the new system booted): never, for forced deployments
    // only (the default: a fleet's "install now"), or always.
    enum class Reboot { Never, Forced, Always };
    Reboot reboot = Reboot::Forced;
    [[nodiscard]] bool enabled() const { return !server.isEmpty(); }
};

// What [hawkbit] tenant= and controller-id= accept: 1..64 (tenant: 1..40) ASCII letters,
// digits, '.', '_', ':' and '-', starting with a letter or digit. Both become one path segment
// of every DDI URL.
bool isHawkbitName(const QString &text, qsizetype maxLength);

// [artifacts.NAME]: a repository of layers updated without touching the slots (docs/artifacts.md):
// system or configuration extensions, single files such as AI models, or directory trees. Each
// version lives in STORE/ENTRY/; PATH/ENTRY (PATH/ENTRY.raw for extension images) is the link to
// the one in use, switched with one rename.
struct ArtifactRepository {
    enum class Type { Sysext, Confext, Files, Tree };
    static constexpr int MinKeep = 2; // the version in use and the one a rollback returns to
    static constexpr int MaxKeep = 16;

    QString name;            // NAME: [a-z0-9][a-z0-9_-]{0,31}
    QString path;            // path=: the directory where the entries in use appear
    QString store;           // store=: where the versions are kept; default DATA/artifacts/NAME
    Type type = Type::Files; // type=
    QStringList activate;    // activate=: a command run after each switch; empty: none
    int keep = MinKeep;      // keep=: versions kept on disk per entry, MinKeep..MaxKeep

    static QString typeName(Type type);
};

// What [network] manifest-url= and channel= accept, and so does an operator's choice of them
// (D-Bus SetChannel): an absolute http(s) URL with a host and no user name or password; a
// channel name of lower-case letters, digits, '.', '_' and '-', at most 32.
bool isManifestUrl(const QString &text);
bool isChannelName(const QString &text);

struct SystemConfig {
    enum class BootloaderKind { UBoot, Grub, SystemdBoot, Custom };
    // How images are written into slots ([system] slot-writes=): straight to storage past the
    // page cache (O_DIRECT, where the slot supports it), or through the page cache with paced
    // writeback.
    enum class SlotWrites { Direct, Buffered };

    // [system]
    QString compatible;
    QString hardware; // [system] hardware=: this device's hardware revision, matched against a
                      // bundle's list
    BootloaderKind bootloader = BootloaderKind::UBoot;
    QString dataDirectory = QStringLiteral("/data/seesaw");
    int bootAttempts = 3; // 1..100
    bool allowDowngrade = false;
    SlotWrites slotWrites = SlotWrites::Direct;
    QString rebootCommand = QStringLiteral("systemctl reboot");
    QString cmdlinePath = QStringLiteral("/proc/cmdline"); // [system] cmdline=
    QString powerSupplyDirectory =
        QStringLiteral("/sys/class/power_supply");             // [system] power-supply=
    QString osReleasePath = QStringLiteral("/etc/os-release"); // [system] os-release=
    // [system] boot-id=: a file whose content changes at every boot (the simulator rewrites
    // its own at each simulated boot); tells "not rebooted yet" from "rebooted".
    QString bootIdPath = QStringLiteral("/proc/sys/kernel/random/boot_id");
    // [keyring]
    QString keyringDirectory = QStringLiteral("/etc/seesaw/keys");
    // [bootloader]
    QString ubootEnvConfig = QStringLiteral("/etc/fw_env.config"); // uboot-env-config=
    QString grubenv = QStringLiteral("/boot/grub/grubenv");
    QString esp = QStringLiteral("/boot/efi");
    QString customBackend = QStringLiteral("/usr/lib/seesaw/bootloader");
    // [slot.CLASS.N]
    QList<SlotConfig> slots;
    // [health]: what `seesaw health` checks once per boot (health.h, docs/health.md).
    HealthConfig health;
    NetworkConfig network;
    HawkbitConfig hawkbit;
    // [artifacts.NAME], in the order of the file
    QList<ArtifactRepository> artifacts;

    // The directory holding the configuration file; relative paths in it are resolved
    // against it (the simulator keeps a whole device in one directory).
    QString baseDirectory;

    // Error codes: "config.unreadable", "config.syntax", "config.unknown-section",
    // "config.unknown-key", "config.missing-key", "config.invalid-value",
    // "config.duplicate-bootname", "config.slot-count", "config.missing-keyring".
    // Messages name the section and key, e.g. "[system] bootloader: unknown bootloader 'lilo'".
    static Result<SystemConfig> load(const QString &path);

    [[nodiscard]] QString overlayKeyringDirectory() const
    {
        return dataDirectory + QStringLiteral("/keys");
    }
    // Where downloaded bundles wait for their install: [network] staging-directory=, or
    // DATA/downloads.
    [[nodiscard]] QString stagingDirectory() const
    {
        return network.stagingDirectory.isEmpty() ? dataDirectory + QStringLiteral("/downloads")
                                                  : network.stagingDirectory;
    }
    [[nodiscard]] QStringList slotClasses() const;
    [[nodiscard]] const SlotConfig *slot(const QString &slotClass, int index) const;
    [[nodiscard]] const SlotConfig *slotByBootname(const QString &bootname) const;
    // The class whose slots carry bootnames: the one the bootloader switches.
    [[nodiscard]] QString bootClass() const;
    [[nodiscard]] const ArtifactRepository *artifactRepository(const QString &name) const;
    static QString bootloaderName(BootloaderKind kind);
};

} // namespace seesaw
