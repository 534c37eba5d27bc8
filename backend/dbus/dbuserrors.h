// The error names of org.seesaw.Updater1 (docs/dbus-api.md), for seesawd and its clients.
#pragma once

#include <QString>

namespace seesaw::dbuserror {
inline constexpr char ErrorPrefix[] = "org.seesaw.Updater1.Error.";

// Short names, after ErrorPrefix.
inline constexpr char AccessDenied[] = "AccessDenied";
inline constexpr char Busy[] = "Busy";
// Too many of the caller's (or everyone's) calls are waiting for polkit: retry later.
inline constexpr char TooManyRequests[] = "TooManyRequests";
inline constexpr char NothingToCancel[] = "NothingToCancel";
inline constexpr char InvalidArgument[] = "InvalidArgument";
inline constexpr char HashMismatch[] = "HashMismatch";
inline constexpr char InvalidBundle[] = "InvalidBundle";
inline constexpr char Untrusted[] = "Untrusted";
inline constexpr char CheckFailed[] = "CheckFailed";
inline constexpr char NoSuchMedia[] = "NoSuchMedia";
inline constexpr char Io[] = "Io";
inline constexpr char Cancelled[] = "Cancelled";
inline constexpr char Failed[] = "Failed";

// "org.seesaw.Updater1.Error.Busy" -> "Busy"; an empty string for a name not of this API.
inline QString shortName(const QString &errorName)
{
    const QLatin1String prefix(ErrorPrefix);
    return errorName.startsWith(prefix) ? errorName.mid(prefix.size()) : QString();
}

} // namespace seesaw::dbuserror
