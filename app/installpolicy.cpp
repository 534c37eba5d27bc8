#include "installpolicy.h"

#include <QVariantList>

namespace {

const QString Reinstall = QStringLiteral("reinstall");
const QString Downgrade = QStringLiteral("downgrade");

bool hasBundle(const QVariantMap &summary)
{
    return !summary.value(QStringLiteral("manifest_hash")).toString().isEmpty();
}

bool trusted(const QVariantMap &summary)
{
    return summary.value(QStringLiteral("signature"))
        .toMap()
        .value(QStringLiteral("trusted"))
        .toBool();
}

QVariantMap blocked(const QString &blocker, const QString &check = {}, const QString &detail = {})
{
    return {{QStringLiteral("installable"), false},
            {QStringLiteral("blocker"), blocker},
            {QStringLiteral("check"), check},
            {QStringLiteral("detail"), detail}};
}

} // namespace

// NOLINTNEXTLINE(readability-convert-member-functions-to-static): QML calls it on the singleton
QString InstallPolicy::direction(const QVariantMap &summary) const
{
    QString d = summary.value(QStringLiteral("direction")).toString();
    if (d == QLatin1String("upgrade") || d == Downgrade || d == Reinstall ||
        d == QLatin1String("addons")) {
        return d;
    }
    return QStringLiteral("unknown");
}

// NOLINTNEXTLINE(readability-convert-member-functions-to-static): QML calls it on the singleton
QVariantMap InstallPolicy::verdict(const QVariantMap &summary, const QString &versionOverride) const
{
    if (!hasBundle(summary)) {
        return blocked(QStringLiteral("no-bundle"));
    }
    if (!trusted(summary)) {
        return blocked(QStringLiteral("untrusted"), {},
                       summary.value(QStringLiteral("signature"))
                           .toMap()
                           .value(QStringLiteral("message"))
                           .toString());
    }
    const bool skipVersion = versionOverride == Reinstall || versionOverride == Downgrade;
    const QVariantList checks = summary.value(QStringLiteral("checks")).toList();
    for (const QVariant &c : checks) {
        const QVariantMap check = c.toMap();
        const QString id = check.value(QStringLiteral("id")).toString();
        if (!check.value(QStringLiteral("passed")).toBool() &&
            !(skipVersion && id == QLatin1String("version"))) {
            return blocked(QStringLiteral("check"), id,
                           check.value(QStringLiteral("reason")).toString());
        }
    }
    if (!summary.value(QStringLiteral("installable")).toBool() && !skipVersion) {
        return blocked(QStringLiteral("refused"));
    }
    return {{QStringLiteral("installable"), true},
            {QStringLiteral("blocker"), QString()},
            {QStringLiteral("check"), QString()},
            {QStringLiteral("detail"), QString()}};
}

QString InstallPolicy::versionOverride(const QVariantMap &summary) const
{
    if (!hasBundle(summary) || summary.value(QStringLiteral("installable")).toBool() ||
        !trusted(summary)) {
        return {};
    }
    QStringList failed;
    const QVariantList checks = summary.value(QStringLiteral("checks")).toList();
    for (const QVariant &c : checks) {
        const QVariantMap check = c.toMap();
        if (!check.value(QStringLiteral("passed")).toBool()) {
            failed.append(check.value(QStringLiteral("id")).toString());
        }
    }
    if (failed != QStringList{QStringLiteral("version")}) {
        return {};
    }
    const QString d = direction(summary);
    return d == Reinstall || d == Downgrade ? d : QString();
}

// NOLINTNEXTLINE(readability-convert-member-functions-to-static): QML calls it on the singleton
QVariantMap InstallPolicy::installOptions(const QString &versionOverride) const
{
    if (versionOverride == Reinstall) {
        return {{QStringLiteral("reinstall"), true}};
    }
    if (versionOverride == Downgrade) {
        return {{QStringLiteral("allow-downgrade"), true}};
    }
    return {};
}
