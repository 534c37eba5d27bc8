// Whether a system or configuration extension fits the OS it is merged into, decided as
// systemd-sysext(8) and systemd-confext(8) decide it, so that Seesaw refuses before the switch
// what systemd would refuse after it: the extension's extension-release.NAME against the
// os-release(5) of the OS (the running one, or the one a bundle installs, as its manifest
// declares it).
#pragma once

#include "base/result.h"
#include "bundle/manifest.h"

#include <QByteArrayView>
#include <QString>

namespace seesaw {

namespace limits {
constexpr qsizetype MaxReleaseFileBytes =
    qsizetype(64) * 1024; // an os-release or extension-release file
}

// The fields of os-release(5) text that decide the fit (ID, VERSION_ID, SYSEXT_LEVEL,
// CONFEXT_LEVEL, ARCHITECTURE); other assignments, comments and blank lines are skipped.
// Values may be quoted ('…' or "…", with \-escapes inside double quotes) as the format allows.
// Error code "release.invalid" (more than MaxReleaseFileBytes, not UTF-8, a NUL byte, a line
// that is not an assignment, an unclosed quote or other syntax the format forbids, a kept value
// that is not one line of printable text or is longer than MaxShortString), naming the line.
Result<ReleaseFields> parseReleaseText(QByteArrayView text);

// The os-release of the system rooted at `root` ("/" on a device): ROOT/etc/os-release, else
// ROOT/usr/lib/os-release. Error codes "release.missing", "release.invalid", "release.io".
Result<ReleaseFields> readOsRelease(const QString &root);

// Where an extension image of `type` (Sysext or Confext) named `name` keeps its release file:
// "usr/lib/extension-release.d/extension-release.NAME" or
// "etc/extension-release.d/extension-release.NAME".
QString extensionReleasePath(ArtifactInfo::Type type, const QString &name);

// The extension-release.NAME inside an extension image file (squashfs, read with `unsquashfs
// -cat`; ext4, read with `debugfs`), on a build host; it must be a regular file (systemd would
// follow a link there, Seesaw refuses one). Error codes "release.missing" (the image has no
// such file, or is neither squashfs nor ext4), "release.invalid", "release.io".
Result<ReleaseFields> readExtensionRelease(const QString &image, ArtifactInfo::Type type,
                                           const QString &name);

// Whether an extension with release fields `extension` may be merged into an OS with `os`, by
// the rule of systemd 252 (spelled out in extensionrelease.cpp): the OS must set ID;
// ARCHITECTURE, when the extension sets it and not "_any", equal to the OS's (its ARCHITECTURE,
// else hostArchitecture()); the extension's ID "_any" or equal to the OS's; then, for a sysext,
// SYSEXT_LEVEL equal when both set it, else VERSION_ID equal when the OS sets it (CONFEXT_LEVEL
// for a confext); an OS with neither VERSION_ID nor the level (a rolling distribution) takes
// any extension of its ID. Error code "artifacts.incompatible", whose message says in an
// operator's words which field differs and both values, e.g. "monitor 1.2.0 needs VERSION_ID
// 12; the system has 13." (`label` names the extension).
Status checkExtensionFits(const ReleaseFields &extension, const ReleaseFields &os,
                          ArtifactInfo::Type type, const QString &label);

// The architecture of this machine as systemd names it (ARCHITECTURE=): "x86-64", "arm64",
// "arm", "x86", "riscv64", …; empty when unknown.
QString hostArchitecture();

} // namespace seesaw
