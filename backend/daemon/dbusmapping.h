// The mapping between the core's values and the D-Bus API's: core values as D-Bus dictionaries
// (with every string from a bundle or a stick length-limited), core error codes as D-Bus error
// names, input from the bus checked into core values, and the report exported to a stick.
#pragma once

#include "base/result.h"
#include "base/semver.h"
#include "dbuserrors.h"
#include "device/deviceactions.h"
#include "install/installer.h"
#include "media/mediamanager.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariantMap>

namespace seesaw {

// The daemon's own error codes, mapped like the core's.
namespace daemoncode {
inline constexpr char AccessDenied[] = "daemon.access-denied";
inline constexpr char Busy[] = "daemon.busy";
inline constexpr char TooManyRequests[] = "daemon.too-many-requests";
inline constexpr char InvalidArgument[] = "daemon.invalid-argument";
inline constexpr char HashMismatch[] = "daemon.hash-mismatch";
inline constexpr char NoMedia[] = "daemon.no-media";
inline constexpr char NothingToCancel[] = "daemon.nothing-to-cancel";
inline constexpr char Reboot[] = "daemon.reboot";
} // namespace daemoncode

// The full D-Bus error name for a core or daemon error: "org.seesaw.Updater1.Error.Busy".
QString errorName(const Error &error);
Error daemonError(const char *code, const QString &message);

// Registers the container types the service puts into variants (aa{sv}, a{ss}).
void registerServiceTypes();

// Input from the bus, checked before use. Error "daemon.invalid-argument".
Result<InstallOptions> parseInstallOptions(const QString &manifestHash, const QVariantMap &options);
Status checkMediaId(const QString &mediaId);
Status checkRelativePath(const QString &relativePath); // <= 1024 bytes, relative, no "..", no NUL

// "upgrade", "downgrade" or "reinstall": what installing `offered` does to the booted version
// `running`, by SemVer precedence (build metadata ignored); "unknown" when `running` is not a
// SemVer version (an os-release without one, or empty).
QString versionDirection(const QString &running, const SemVer &offered);

// InspectBundle's summary (see docs/dbus-api.md): manifest fields, images, signature verdict,
// every check with its reason, manifest hash, file size, and the direction against the booted
// version `running`.
QVariantMap bundleSummary(const BundleReader &bundle, const QList<InstallCheck> &checks,
                          const QString &running);

QList<QVariantMap> slotsMaps(const DeviceStatus &status);
// The Artifacts property: every entry of every configured repository, as the stores show them
// now (a repository whose store cannot be read is left out).
QList<QVariantMap> artifactMaps(const SystemConfig &config);
QVariantMap lastResultMap(const LastResult &result);
QVariantMap progressMap(const InstallProgress &progress);
QVariantMap idleProgressMap();
QList<QVariantMap> historyMaps(const QList<HistoryEntry> &entries);
QVariantMap mediaMap(const MediaInfo &media);
QVariantMap foundBundleMap(const FoundBundle &found, const QVariantMap &summary,
                           const QString &error);

// The report written to a stick: a readable text and the same facts as JSON.
struct Report {
    QString baseName; // "seesaw-report-<compatible>-<UTC time>", safe characters only
    QByteArray text;
    QByteArray json;
};
Report buildReport(const DeviceStatus &status, const QList<HistoryEntry> &history);

} // namespace seesaw
