// Whether a correctly signed channel manifest is also current: not older than one the device
// already accepted (a replay would hold it on an old release, or walk it back to one), and not
// expired (a server or mirror frozen by an attacker keeps serving a manifest that is signed
// but stale). Expiry needs the time, and many devices have no trustworthy clock: no RTC, or an
// RTC whose battery died, and no NTP. The clock is judged explicitly (ClockVerdict); without a
// trustworthy one, a manifest counts as expired once the device has seen a manifest issued
// after its expiry, which still stops replays across releases but cannot notice a frozen server
// alone. The clock verdict's reason says which of the two the device does (for `seesaw channel
// status` and the UI, still to come).
#pragma once

#include "base/result.h"
#include "config/systemconfig.h"
#include "net/channelmanifest.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace seesaw {

// What the device remembers of the channel manifests it accepted (kept in its data directory).
struct ChannelMemory {
    quint64 serial = 0;        // of the last manifest accepted; 0 before the first
    QByteArray manifestSha256; // of its exact bytes, raw 32
    QDateTime newestIssued;    // the latest `issued` of any manifest accepted
    bool operator==(const ChannelMemory &) const = default;
};

// ClockPolicy (system.conf [network] clock=): Auto trusts the system clock when the kernel says
// it is synchronised (NTP or a time daemon) or the device has a real-time clock, and never when
// it is behind what the device has already seen.
struct ClockFacts {
    QDateTime now;                   // the system clock, UTC
    bool kernelSynchronised = false; // adjtimex() reports no TIME_ERROR
    bool hasRtc = false;             // /sys/class/rtc/rtc0 exists
};
ClockFacts readClockFacts();

struct ClockVerdict {
    bool trusted = false;
    QString reason; // in words, for status output
};
// `seen` is the newest time the device knows to have passed (ChannelMemory::newestIssued): a
// clock behind it is wrong whatever the policy says, except "system".
ClockVerdict judgeClock(ClockPolicy policy, const ClockFacts &facts, const QDateTime &seen);

// Error codes: "channel.replayed" (a lower serial than one already accepted),
// "channel.serial-reused" (the same serial with other bytes), "channel.expired".
Status checkFreshness(const ChannelManifest &manifest, const QByteArray &manifestSha256,
                      const ChannelMemory &memory, const ClockVerdict &clock, const QDateTime &now);

// The memory after accepting `manifest` (checkFreshness passed).
ChannelMemory remember(const ChannelMemory &memory, const ChannelManifest &manifest,
                       const QByteArray &manifestSha256);

} // namespace seesaw
