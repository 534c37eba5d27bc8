// [network] of system.conf (NetworkConfig).
#include "base/hostilestring.h"
#include "config/configloader.h"

#include <QUrl>
#include <array>

namespace seesaw::config_detail {

namespace {

constexpr qint64 MinPollSeconds = 60;
constexpr qint64 MaxPollSeconds = qint64(30) * 24 * 3600;

} // namespace

std::optional<qint64> duration(const QString &value)
{
    if (value.isEmpty() || value.size() > 8) {
        return std::nullopt;
    }
    qint64 unit = 1;
    QString digits = value;
    const QChar last = value.back();
    if (!last.isDigit()) {
        const qsizetype at = QStringLiteral("smhd").indexOf(last);
        if (at < 0) {
            return std::nullopt;
        }
        unit = std::array<qint64, 4>{1, 60, 3600, 86400}.at(size_t(at));
        digits.chop(1);
    }
    const auto n = boundedInt(digits, 0, 999999);
    if (!n) {
        return std::nullopt;
    }
    return qint64(*n) * unit;
}

namespace {

// "0", "250000", "512K", "2M", "1G" (powers of 1024) -> bytes per second.
std::optional<quint64> bandwidth(const QString &value)
{
    if (value.isEmpty()) {
        return std::nullopt;
    }
    quint64 unit = 1;
    QString digits = value;
    const qsizetype at = QStringLiteral("KMG").indexOf(value.back());
    if (at >= 0) {
        unit = quint64(1) << (10 * (at + 1));
        digits.chop(1);
    }
    const auto n = boundedInt(digits, 0, 999999);
    if (!n) {
        return std::nullopt;
    }
    return quint64(*n) * unit;
}

std::optional<ClockPolicy> clockPolicy(const QString &value)
{
    if (value == QLatin1String("auto")) {
        return ClockPolicy::Auto;
    }
    if (value == QLatin1String("system")) {
        return ClockPolicy::System;
    }
    if (value == QLatin1String("none")) {
        return ClockPolicy::None;
    }
    return std::nullopt;
}

std::optional<StreamPolicy> streamPolicy(const QString &value)
{
    if (value == QLatin1String("auto")) {
        return StreamPolicy::Auto;
    }
    if (value == QLatin1String("always")) {
        return StreamPolicy::Always;
    }
    if (value == QLatin1String("never")) {
        return StreamPolicy::Never;
    }
    return std::nullopt;
}

// The keys whose value is one word of a list, clock= and stream=: nullopt for other keys, an
// empty text when the value was taken, else the words allowed.
std::optional<QString> readWordKey(const IniEntry &e, NetworkConfig &net)
{
    if (e.key == QLatin1String("clock")) {
        const auto policy = clockPolicy(e.value);
        if (!policy) {
            return QStringLiteral("auto, system, none");
        }
        net.clock = *policy;
        return QString();
    }
    if (e.key == QLatin1String("stream")) {
        const auto policy = streamPolicy(e.value);
        if (!policy) {
            return QStringLiteral("auto, always, never");
        }
        net.stream = *policy;
        return QString();
    }
    return std::nullopt;
}

} // namespace

std::optional<Error> Loader::readNetwork(const IniSection &section)
{
    NetworkConfig &net = m_config.network;
    for (const IniEntry &e : section.entries) {
        const QString &v = e.value;
        const auto invalid = [&](const QString &what) {
            return fail("config.invalid-value", e.line, section.name, e.key, what);
        };
        if (e.key == QLatin1String("manifest-url")) {
            if (!isManifestUrl(v)) {
                return invalid(tr("%1 is not an http or https URL without user name or password")
                                   .arg(quoted(v)));
            }
            net.manifestUrl = v;
        } else if (e.key == QLatin1String("channel")) {
            if (!isChannelName(v)) {
                return invalid(tr("%1 is not a channel name (lower-case letters, digits, '.', '_' "
                                  "and '-', at most 32)")
                                   .arg(quoted(v)));
            }
            net.channel = v;
        } else if (e.key == QLatin1String("poll-interval") ||
                   e.key == QLatin1String("poll-jitter")) {
            const bool interval = e.key == QLatin1String("poll-interval");
            const auto seconds = duration(v);
            if (!seconds || *seconds > MaxPollSeconds || (interval && *seconds < MinPollSeconds)) {
                return invalid(
                    tr("%1 is not a duration from %2 to 30 days, such as 6h, 90m or "
                       "3600")
                        .arg(quoted(v), interval ? QStringLiteral("60 s") : QStringLiteral("0")));
            }
            (interval ? net.pollIntervalSeconds : net.pollJitterSeconds) = int(*seconds);
        } else if (e.key == QLatin1String("bandwidth-limit")) {
            const auto limit = bandwidth(v);
            if (!limit) {
                return invalid(tr("%1 is not a rate in bytes per second, such as 0 (none), "
                                  "250000, 512K or 2M")
                                   .arg(quoted(v)));
            }
            net.bandwidthLimit = *limit;
        } else if (e.key == QLatin1String("maintenance-window")) {
            auto windows = parseMaintenanceWindows(v);
            if (!windows) {
                return invalid(windows.error().message);
            }
            net.maintenanceWindows = *windows;
        } else if (const auto allowed = readWordKey(e, net)) {
            if (!allowed->isEmpty()) {
                return invalid(tr("%1 is not one of %2").arg(quoted(v), *allowed));
            }
        } else if (e.key == QLatin1String("ca-file") ||
                   e.key == QLatin1String("client-certificate") ||
                   e.key == QLatin1String("client-key") ||
                   e.key == QLatin1String("staging-directory") ||
                   e.key == QLatin1String("keyring")) {
            if (v.isEmpty()) {
                return invalid(tr("a path is required"));
            }
            QString &member = e.key == QLatin1String("ca-file")              ? net.caFile
                              : e.key == QLatin1String("client-certificate") ? net.clientCertificate
                              : e.key == QLatin1String("client-key")         ? net.clientKey
                              : e.key == QLatin1String("staging-directory")  ? net.stagingDirectory
                                                                             : net.keyringDirectory;
            member = path(v);
        } else {
            return fail("config.unknown-key", e.line, section.name, e.key, tr("unknown key"));
        }
    }
    if (net.clientCertificate.isEmpty() != net.clientKey.isEmpty()) {
        return fail("config.missing-key", 0, section.name,
                    net.clientKey.isEmpty() ? QStringLiteral("client-key")
                                            : QStringLiteral("client-certificate"),
                    tr("client-certificate and client-key go together"));
    }
    return std::nullopt;
}

} // namespace seesaw::config_detail

namespace seesaw {

bool isManifestUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && config_detail::isPrintable(text) && text.size() <= 2048 &&
           !url.host().isEmpty() &&
           (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http")) &&
           url.userInfo().isEmpty();
}

bool isChannelName(const QString &text)
{
    return isAsciiName(text, 1, 32, QLatin1String("._-"), true, true);
}

} // namespace seesaw
