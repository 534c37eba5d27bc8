// [hawkbit] of system.conf (HawkbitConfig).
#include "base/hostilestring.h"
#include "config/configloader.h"

namespace seesaw::config_detail {

namespace {

constexpr qint64 MaxPollSeconds = qint64(30) * 24 * 3600;

// poll-interval=, poll-min= and poll-max=: nullopt for other keys, else an error text (empty
// when the value was taken).
std::optional<QString> readPollKey(const IniEntry &e, HawkbitConfig &hb)
{
    int *member = e.key == QLatin1String("poll-interval") ? &hb.pollIntervalSeconds
                  : e.key == QLatin1String("poll-min")    ? &hb.minPollSeconds
                  : e.key == QLatin1String("poll-max")    ? &hb.maxPollSeconds
                                                          : nullptr;
    if (member == nullptr) {
        return std::nullopt;
    }
    const qint64 least = member == &hb.minPollSeconds ? 10 : 60;
    const auto seconds = duration(e.value);
    if (!seconds || *seconds < least || *seconds > MaxPollSeconds) {
        return tr("%1 is not a duration from %2 s to 30 days, such as 5m, 1h or 300")
            .arg(quoted(e.value), QString::number(least));
    }
    *member = int(*seconds);
    return QString();
}

} // namespace

std::optional<Error> Loader::readHawkbit(const IniSection &section)
{
    HawkbitConfig &hb = m_config.hawkbit;
    for (const IniEntry &e : section.entries) {
        const QString &v = e.value;
        const auto invalid = [&](const QString &what) {
            return fail("config.invalid-value", e.line, section.name, e.key, what);
        };
        if (e.key == QLatin1String("server")) {
            if (!isManifestUrl(v)) {
                return invalid(tr("%1 is not an http or https URL without user name or password")
                                   .arg(quoted(v)));
            }
            hb.server = v;
        } else if (e.key == QLatin1String("tenant") || e.key == QLatin1String("controller-id")) {
            const bool tenant = e.key == QLatin1String("tenant");
            if (!isHawkbitName(v, tenant ? 40 : 64)) {
                return invalid(tr("%1 is not a name of 1 to %2 letters, digits, '.', '_', ':' "
                                  "and '-'")
                                   .arg(quoted(v), QString::number(tenant ? 40 : 64)));
            }
            (tenant ? hb.tenant : hb.controllerId) = v;
        } else if (e.key == QLatin1String("reboot")) {
            if (v == QLatin1String("never")) {
                hb.reboot = HawkbitConfig::Reboot::Never;
            } else if (v == QLatin1String("forced")) {
                hb.reboot = HawkbitConfig::Reboot::Forced;
            } else if (v == QLatin1String("always")) {
                hb.reboot = HawkbitConfig::Reboot::Always;
            } else {
                return invalid(tr("%1 is not never, forced or always").arg(quoted(v)));
            }
        } else if (const auto pollError = readPollKey(e, hb)) {
            if (!pollError->isEmpty()) {
                return invalid(*pollError);
            }
        } else if (e.key == QLatin1String("target-token-file") ||
                   e.key == QLatin1String("gateway-token-file") ||
                   e.key == QLatin1String("ca-file") ||
                   e.key == QLatin1String("client-certificate") ||
                   e.key == QLatin1String("client-key")) {
            if (v.isEmpty()) {
                return invalid(tr("a path is required"));
            }
            QString &member = e.key == QLatin1String("target-token-file")    ? hb.targetTokenFile
                              : e.key == QLatin1String("gateway-token-file") ? hb.gatewayTokenFile
                              : e.key == QLatin1String("ca-file")            ? hb.caFile
                              : e.key == QLatin1String("client-certificate") ? hb.clientCertificate
                                                                             : hb.clientKey;
            member = path(v);
        } else {
            return fail("config.unknown-key", e.line, section.name, e.key, tr("unknown key"));
        }
    }
    return checkHawkbit(section);
}

std::optional<Error> Loader::checkHawkbit(const IniSection &section) const
{
    const HawkbitConfig &hb = m_config.hawkbit;
    if (hb.server.isEmpty()) {
        return fail("config.missing-key", section.line, section.name, QStringLiteral("server"),
                    tr("missing; it is required"));
    }
    if (hb.clientCertificate.isEmpty() != hb.clientKey.isEmpty()) {
        return fail("config.missing-key", 0, section.name,
                    hb.clientKey.isEmpty() ? QStringLiteral("client-key")
                                           : QStringLiteral("client-certificate"),
                    tr("client-certificate and client-key go together"));
    }
    if (!hb.targetTokenFile.isEmpty() && !hb.gatewayTokenFile.isEmpty()) {
        return fail("config.invalid-value", 0, section.name, QStringLiteral("gateway-token-file"),
                    tr("a device authenticates with a target token or a gateway token, not both"));
    }
    if (hb.minPollSeconds > hb.maxPollSeconds) {
        return fail("config.invalid-value", 0, section.name, QStringLiteral("poll-min"),
                    tr("poll-min is longer than poll-max"));
    }
    return std::nullopt;
}

// A channel manifest or a hawkBit server: never both deciding what the device installs.
std::optional<Error> Loader::checkUpdateSources() const
{
    if (!m_config.hawkbit.enabled() || !m_config.network.enabled()) {
        return std::nullopt;
    }
    return fail("config.invalid-value", m_keyLines.value(QStringLiteral("hawkbit/server")),
                QStringLiteral("hawkbit"), QStringLiteral("server"),
                tr("one source of network updates at a time: [network] manifest-url= is set "
                   "as well"));
}

} // namespace seesaw::config_detail

namespace seesaw {

bool isHawkbitName(const QString &text, qsizetype maxLength)
{
    return isAsciiName(text, 1, maxLength, QLatin1String("._:-"), false, true);
}

} // namespace seesaw
