// The QML singleton `InstallPolicy`: what an InspectBundle summary allows. Whether the install
// is an upgrade, a downgrade or a reinstall (as seesawd worked it out), what keeps a bundle from
// being installed, whether the operator may explicitly ask for a reinstall or a downgrade, and
// the install options that ask for it. Pure functions of the summary; Format.qml words them.
#pragma once

#include <QObject>
#include <QString>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

class InstallPolicy : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

public:
    explicit InstallPolicy(QObject *parent = nullptr) : QObject(parent) {}

    // The summary's `direction`: "upgrade", "downgrade", "reinstall" or "addons" (a bundle of
    // add-ons only); "unknown" for anything
    // else (no summary, a booted version seesawd could not compare).
    Q_INVOKABLE [[nodiscard]] QString direction(const QVariantMap &summary) const;

    // Whether the bundle may be installed, and if not, the first thing in the way:
    //   installable (bool)
    //   blocker     "" | "no-bundle" | "untrusted" | "check" (a failed check) | "refused"
    //               (the daemon does not call it installable, for no reason listed)
    //   check       the failed check's id, for "check"
    //   detail      the daemon's text: the signature's message or the check's reason
    // With `versionOverride` ("reinstall" or "downgrade", asked for by the operator) the version
    // check does not count: the install then passes the matching option and seesawd checks again.
    Q_INVOKABLE [[nodiscard]] QVariantMap verdict(const QVariantMap &summary,
                                                  const QString &versionOverride = {}) const;

    // "reinstall" or "downgrade" when the version check is the only thing keeping a trusted
    // bundle from being installed and the direction is that: the operator may ask for it
    // explicitly. "" otherwise (an upgrade refused by its version check is not overridable).
    Q_INVOKABLE [[nodiscard]] QString versionOverride(const QVariantMap &summary) const;

    // The daemon's install options for an override: {"reinstall": true},
    // {"allow-downgrade": true} or {}.
    Q_INVOKABLE [[nodiscard]] QVariantMap installOptions(const QString &versionOverride) const;
};
