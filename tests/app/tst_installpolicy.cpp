// Risk: the UI offers Install for a bundle that must not be installed (untrusted, a failed
// check, refused by seesawd), words a downgrade as an upgrade, lets the operator override more
// than the version check, or starts the install without the option the override asked for.
#include "installpolicy.h"

#include <QTest>

namespace {

QVariantMap check(const QString &id, bool passed, const QString &reason = {})
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("passed"), passed},
            {QStringLiteral("reason"), reason}};
}

// A summary as seesawd's InspectBundle reports it (docs/dbus-api.md): trusted, every check
// passed, unless `failed` names checks that did not (id → reason).
QVariantMap summary(const QString &direction, const QMap<QString, QString> &failed = {},
                    bool trusted = true, const QString &signatureMessage = {})
{
    QVariantList checks;
    bool all = trusted;
    for (const char *id : {"compatible", "hardware", "version", "slot-size", "power"}) {
        const QString name = QString::fromLatin1(id);
        const bool passed = !failed.contains(name);
        all = all && passed;
        checks.append(check(name, passed, failed.value(name, QStringLiteral("fine"))));
    }
    for (auto it = failed.cbegin(); it != failed.cend(); ++it) {
        if (it.key() == QLatin1String("known-good")) {
            checks.append(check(it.key(), false, it.value()));
            all = false;
        }
    }
    return {
        {QStringLiteral("version"), QStringLiteral("2.1.0")},
        {QStringLiteral("manifest_hash"), QString(64, QLatin1Char('a'))},
        {QStringLiteral("signature"), QVariantMap{{QStringLiteral("trusted"), trusted},
                                                  {QStringLiteral("message"), signatureMessage}}},
        {QStringLiteral("checks"), checks},
        {QStringLiteral("installable"), all},
        {QStringLiteral("direction"), direction}};
}

} // namespace

class TestInstallPolicy : public QObject {
    Q_OBJECT

    InstallPolicy m_policy;

private Q_SLOTS:
    // seesawd's direction is taken as it is; anything else (missing, an older daemon, a value
    // it could not compute because the running version does not parse) is "unknown".
    void direction_data()
    {
        QTest::addColumn<QVariantMap>("summary");
        QTest::addColumn<QString>("direction");
        QTest::newRow("upgrade") << summary(QStringLiteral("upgrade")) << "upgrade";
        QTest::newRow("downgrade") << summary(QStringLiteral("downgrade")) << "downgrade";
        QTest::newRow("reinstall") << summary(QStringLiteral("reinstall")) << "reinstall";
        QTest::newRow("add-ons only") << summary(QStringLiteral("addons")) << "addons";
        QTest::newRow("unparsable-running") << summary(QStringLiteral("unknown")) << "unknown";
        QTest::newRow("missing") << summary(QString()) << "unknown";
        QTest::newRow("garbage") << summary(QStringLiteral("<b>sideways</b>")) << "unknown";
        QTest::newRow("no-summary") << QVariantMap() << "unknown";
    }
    void direction()
    {
        QFETCH(QVariantMap, summary);
        QFETCH(QString, direction);
        QCOMPARE(m_policy.direction(summary), direction);
    }

    // The first thing in the way, in the order an operator should fix them; the override
    // skips the version check and nothing else.
    void verdict_data()
    {
        QTest::addColumn<QVariantMap>("summary");
        QTest::addColumn<QString>("override");
        QTest::addColumn<bool>("installable");
        QTest::addColumn<QString>("blocker");
        QTest::addColumn<QString>("check");
        QTest::addColumn<QString>("detail");
        const QString up = QStringLiteral("upgrade");
        const QString down = QStringLiteral("downgrade");
        const QString same = QStringLiteral("reinstall");
        const QMap<QString, QString> versionOnly{
            {QStringLiteral("version"), QStringLiteral("Older.")}};
        QTest::newRow("installable") << summary(up) << "" << true << ""
                                     << ""
                                     << "";
        QTest::newRow("no-summary") << QVariantMap() << "" << false << "no-bundle"
                                    << ""
                                    << "";
        QVariantMap noHash = summary(up);
        noHash.remove(QStringLiteral("manifest_hash"));
        QTest::newRow("no-hash") << noHash << "" << false << "no-bundle"
                                 << ""
                                 << "";
        QTest::newRow("untrusted") << summary(up, {}, false, QStringLiteral("Unknown key 3f9a."))
                                   << "" << false << "untrusted"
                                   << ""
                                   << "Unknown key 3f9a.";
        QTest::newRow("untrusted-with-override")
            << summary(same, versionOnly, false) << "reinstall" << false << "untrusted"
            << ""
            << "";
        QTest::newRow("incompatible")
            << summary(up, {{QStringLiteral("compatible"), QStringLiteral("Other device.")}}) << ""
            << false << "check"
            << "compatible"
            << "Other device.";
        QTest::newRow("first-failed-check-wins")
            << summary(up, {{QStringLiteral("hardware"), QStringLiteral("rev-c.")},
                            {QStringLiteral("power"), QStringLiteral("12%.")}})
            << "" << false << "check"
            << "hardware"
            << "rev-c.";
        QTest::newRow("no-power") << summary(up,
                                             {{QStringLiteral("power"), QStringLiteral("12%.")}})
                                  << "" << false << "check"
                                  << "power"
                                  << "12%.";
        QTest::newRow("known-good")
            << summary(up, {{QStringLiteral("known-good"), QStringLiteral("Check 2.0.3 first.")}})
            << "" << false << "check"
            << "known-good"
            << "Check 2.0.3 first.";
        QVariantMap refused = summary(up);
        refused.insert(QStringLiteral("installable"), false);
        QTest::newRow("refused") << refused << "" << false << "refused"
                                 << ""
                                 << "";
        QTest::newRow("downgrade-not-asked") << summary(down, versionOnly) << "" << false << "check"
                                             << "version"
                                             << "Older.";
        QTest::newRow("downgrade-asked") << summary(down, versionOnly) << "downgrade" << true << ""
                                         << ""
                                         << "";
        QTest::newRow("reinstall-asked") << summary(same, versionOnly) << "reinstall" << true << ""
                                         << ""
                                         << "";
        QTest::newRow("override-skips-only-version")
            << summary(down, {{QStringLiteral("version"), QStringLiteral("Older.")},
                              {QStringLiteral("slot-size"), QStringLiteral("Too big.")}})
            << "downgrade" << false << "check"
            << "slot-size"
            << "Too big.";
        QTest::newRow("unknown-override-word")
            << summary(same, versionOnly) << "please" << false << "check"
            << "version"
            << "Older.";
    }
    void verdict()
    {
        QFETCH(QVariantMap, summary);
        QFETCH(QString, override);
        QFETCH(bool, installable);
        QFETCH(QString, blocker);
        QFETCH(QString, check);
        QFETCH(QString, detail);
        const QVariantMap v = m_policy.verdict(summary, override);
        QCOMPARE(v.value(QStringLiteral("installable")).toBool(), installable);
        QCOMPARE(v.value(QStringLiteral("blocker")).toString(), blocker);
        QCOMPARE(v.value(QStringLiteral("check")).toString(), check);
        QCOMPARE(v.value(QStringLiteral("detail")).toString(), detail);
    }

    // Offered only when the version check is all that blocks a trusted bundle and seesawd
    // says it is a reinstall or a downgrade; the options follow the override.
    void versionOverrideAndOptions_data()
    {
        QTest::addColumn<QVariantMap>("summary");
        QTest::addColumn<QString>("override");
        QTest::addColumn<QVariantMap>("options");
        const QMap<QString, QString> versionOnly{
            {QStringLiteral("version"), QStringLiteral("No.")}};
        const QVariantMap none;
        QTest::newRow("reinstall")
            << summary(QStringLiteral("reinstall"), versionOnly) << "reinstall"
            << QVariantMap{{QStringLiteral("reinstall"), true}};
        QTest::newRow("downgrade")
            << summary(QStringLiteral("downgrade"), versionOnly) << "downgrade"
            << QVariantMap{{QStringLiteral("allow-downgrade"), true}};
        QTest::newRow("installable-upgrade") << summary(QStringLiteral("upgrade")) << "" << none;
        QTest::newRow("installable-reinstall")
            << summary(QStringLiteral("reinstall")) << "" << none; // the device allows it
        QTest::newRow("upgrade-refused-by-version")
            << summary(QStringLiteral("upgrade"), versionOnly) << "" << none;
        QTest::newRow("unparsable-running")
            << summary(QStringLiteral("unknown"), versionOnly) << "" << none;
        QTest::newRow("untrusted")
            << summary(QStringLiteral("reinstall"), versionOnly, false) << "" << none;
        QTest::newRow("also-incompatible")
            << summary(QStringLiteral("downgrade"),
                       {{QStringLiteral("version"), QStringLiteral("No.")},
                        {QStringLiteral("compatible"), QStringLiteral("Other device.")}})
            << "" << none;
        QTest::newRow("while-unconfirmed")
            << summary(QStringLiteral("reinstall"),
                       {{QStringLiteral("version"), QStringLiteral("No.")},
                        {QStringLiteral("known-good"), QStringLiteral("Check first.")}})
            << "" << none;
        QTest::newRow("no-summary") << QVariantMap() << "" << none;
    }
    void versionOverrideAndOptions()
    {
        QFETCH(QVariantMap, summary);
        QFETCH(QString, override);
        QFETCH(QVariantMap, options);
        QCOMPARE(m_policy.versionOverride(summary), override);
        QCOMPARE(m_policy.installOptions(override), options);
        // Taking the override makes exactly such a bundle installable.
        if (!override.isEmpty()) {
            QVERIFY(!m_policy.verdict(summary).value(QStringLiteral("installable")).toBool());
            QVERIFY(
                m_policy.verdict(summary, override).value(QStringLiteral("installable")).toBool());
        }
    }
};

QTEST_GUILESS_MAIN(TestInstallPolicy)
#include "tst_installpolicy.moc"
