#include "net/channelfreshness.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <sys/timex.h>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Channel", text);
}

QString utc(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODate);
}

} // namespace

ClockFacts readClockFacts()
{
    ClockFacts facts;
    facts.now = QDateTime::currentDateTimeUtc();
    struct timex tx {};
    facts.kernelSynchronised = ::adjtimex(&tx) != TIME_ERROR;
    facts.hasRtc = QFileInfo::exists(QStringLiteral("/sys/class/rtc/rtc0"));
    return facts;
}

ClockVerdict judgeClock(ClockPolicy policy, const ClockFacts &facts, const QDateTime &seen)
{
    switch (policy) {
    case ClockPolicy::System:
        return {true, tr("The system clock is trusted (clock=system).")};
    case ClockPolicy::None:
        return {false, tr("The device has no trustworthy clock (clock=none): a channel manifest "
                          "expires only once a newer one has been seen.")};
    case ClockPolicy::Auto:
        break;
    }
    if (seen.isValid() && facts.now < seen) {
        return {false, tr("The system clock (%1) is behind a channel manifest already seen (issued "
                          "%2): it is not trusted.")
                           .arg(utc(facts.now), utc(seen))};
    }
    if (facts.kernelSynchronised) {
        return {true, tr("The system clock is synchronised.")};
    }
    if (facts.hasRtc) {
        return {true, tr("The system clock was set from the real-time clock.")};
    }
    return {false, tr("The system clock is not synchronised and the device has no real-time "
                      "clock: a channel manifest expires only once a newer one has been seen.")};
}

Status checkFreshness(const ChannelManifest &manifest, const QByteArray &manifestSha256,
                      const ChannelMemory &memory, const ClockVerdict &clock, const QDateTime &now)
{
    if (manifest.serial < memory.serial) {
        return makeError(
            Error::Kind::Untrusted, "channel.replayed",
            tr("The channel manifest has serial %1, older than serial %2 that this "
               "device already accepted: refused as a replay.")
                .arg(QString::number(manifest.serial), QString::number(memory.serial)));
    }
    if (manifest.serial == memory.serial && manifestSha256 != memory.manifestSha256) {
        return makeError(Error::Kind::Untrusted, "channel.serial-reused",
                         tr("The channel manifest reuses serial %1 with different contents: "
                            "refused.")
                             .arg(QString::number(manifest.serial)));
    }
    // The newest time the device has seen has passed whatever the clock says; without a
    // trustworthy clock it is all there is.
    const bool byClock =
        clock.trusted && (!memory.newestIssued.isValid() || now >= memory.newestIssued);
    const QDateTime reference = byClock ? now : memory.newestIssued;
    if (reference.isValid() && manifest.expires <= reference) {
        return makeError(Error::Kind::Untrusted, "channel.expired",
                         byClock ? tr("The channel manifest expired at %1 (now %2): the update "
                                      "server no longer refreshes it.")
                                       .arg(utc(manifest.expires), utc(now))
                                 : tr("The channel manifest expired at %1, before a manifest this "
                                      "device has already seen was issued (%2).")
                                       .arg(utc(manifest.expires), utc(memory.newestIssued)));
    }
    return Ok{};
}

ChannelMemory remember(const ChannelMemory &memory, const ChannelManifest &manifest,
                       const QByteArray &manifestSha256)
{
    ChannelMemory next;
    next.serial = manifest.serial;
    next.manifestSha256 = manifestSha256;
    next.newestIssued = memory.newestIssued.isValid() && memory.newestIssued > manifest.issued
                            ? memory.newestIssued
                            : manifest.issued;
    return next;
}

} // namespace seesaw
