// [health] of system.conf (HealthConfig).
#include "config/configloader.h"

#include <algorithm>
#include <iterator>

namespace seesaw::config_detail {

namespace {

// [health] keys holding a whole number, with their bounds.
struct HealthNumberKey {
    enum class Unit { Seconds, Percent, Celsius };
    const char *key;
    int min;
    int max;
    Unit unit;
    int HealthConfig::*member;
};
const HealthNumberKey HealthNumberKeys[] = {
    {"timeout", 1, 3600, HealthNumberKey::Unit::Seconds, &HealthConfig::timeoutSeconds},
    {"script-timeout", 1, 3600, HealthNumberKey::Unit::Seconds,
     &HealthConfig::scriptTimeoutSeconds},
    {"min-uptime", 0, 3600, HealthNumberKey::Unit::Seconds, &HealthConfig::minUptimeSeconds},
    {"sample-window", 1, 600, HealthNumberKey::Unit::Seconds, &HealthConfig::sampleWindowSeconds},
    {"reboot-delay", 0, 3600, HealthNumberKey::Unit::Seconds, &HealthConfig::rebootDelaySeconds},
    {"max-memory-percent", 1, 100, HealthNumberKey::Unit::Percent, &HealthConfig::maxMemoryPercent},
    {"max-temperature", 1, 200, HealthNumberKey::Unit::Celsius, &HealthConfig::maxTemperature},
};

QString numberExpected(const HealthNumberKey &key, const QString &value)
{
    const QString min = QString::number(key.min);
    const QString max = QString::number(key.max);
    switch (key.unit) {
    case HealthNumberKey::Unit::Seconds:
        return tr("%1 is not a number of seconds from %2 to %3").arg(quoted(value), min, max);
    case HealthNumberKey::Unit::Percent:
        return tr("%1 is not a whole percentage from %2 to %3").arg(quoted(value), min, max);
    case HealthNumberKey::Unit::Celsius:
        return tr("%1 is not a whole number of degrees Celsius from %2 to %3")
            .arg(quoted(value), min, max);
    }
    return {};
}

constexpr double MaxLoad = 1000;

// max-load: 1 to 4 digits, optionally '.' and 1 or 2 digits; above 0, at most MaxLoad. No
// signs, exponents or locale separators (QString::toDouble() would take "1e2" or " 2").
std::optional<double> loadLimit(const QString &value)
{
    const qsizetype dot = value.indexOf(QLatin1Char('.'));
    const QString whole = dot < 0 ? value : value.left(dot);
    const QString fraction = dot < 0 ? QString() : value.mid(dot + 1);
    if (whole.isEmpty() || whole.size() > 4 ||
        (dot >= 0 && (fraction.isEmpty() || fraction.size() > 2))) {
        return std::nullopt;
    }
    for (const QChar c : QString(whole + fraction)) {
        if (c.unicode() < u'0' || c.unicode() > u'9') {
            return std::nullopt;
        }
    }
    const double number = value.toDouble();
    if (!(number > 0) || number > MaxLoad) {
        return std::nullopt;
    }
    return number;
}

} // namespace

std::optional<Error> Loader::readHealth(const IniSection &section)
{
    for (const IniEntry &e : section.entries) {
        std::optional<Error> error;
        const auto *const number =
            std::find_if(std::begin(HealthNumberKeys), std::end(HealthNumberKeys),
                         [&](const HealthNumberKey &k) { return e.key == QLatin1String(k.key); });
        if (readPath(section, e, &error)) {
            if (error) {
                return error;
            }
        } else if (number != std::end(HealthNumberKeys)) {
            const auto value = boundedInt(e.value, number->min, number->max);
            if (!value) {
                return fail("config.invalid-value", e.line, section.name, e.key,
                            numberExpected(*number, e.value));
            }
            m_config.health.*number->member = *value;
        } else if (e.key == QLatin1String("units")) {
            m_config.health.units =
                e.value.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
            for (const QString &unit : std::as_const(m_config.health.units)) {
                if (!isPrintable(unit)) {
                    return fail("config.invalid-value", e.line, section.name, e.key,
                                tr("%1 is not a unit name").arg(quoted(unit)));
                }
            }
        } else if (e.key == QLatin1String("scripts")) {
            // A directory resolved like every other path; empty means "no health scripts".
            m_config.health.scripts = e.value.isEmpty() ? QString() : path(e.value);
        } else if (e.key == QLatin1String("max-load")) {
            const auto load = loadLimit(e.value);
            if (!load) {
                return fail("config.invalid-value", e.line, section.name, e.key,
                            tr("%1 is not a load average above 0 and at most %2 with at most two "
                               "decimals, like 2.5")
                                .arg(quoted(e.value), QString::number(MaxLoad)));
            }
            m_config.health.maxLoad = *load;
        } else {
            return fail("config.unknown-key", e.line, section.name, e.key, tr("unknown key"));
        }
    }
    // The limits are decided at the end of the window, which must end before the global
    // timeout; otherwise every health check would fail and every update would be rolled back.
    if (m_config.health.hasLimits() &&
        m_config.health.sampleWindowSeconds >= m_config.health.timeoutSeconds) {
        const int line = m_keyLines.value(QStringLiteral("health/sample-window"));
        return fail("config.invalid-value",
                    line > 0 ? line : m_keyLines.value(QStringLiteral("health/timeout")),
                    section.name, QStringLiteral("sample-window"),
                    tr("the limits are sampled over %1 s, which does not end before timeout "
                       "(%2 s)")
                        .arg(QString::number(m_config.health.sampleWindowSeconds),
                             QString::number(m_config.health.timeoutSeconds)));
    }
    return std::nullopt;
}

} // namespace seesaw::config_detail
