// Risk: the history page shows the wrong story (a failed install as installed, the wrong slot),
// loses the newest entries at the bottom, or lets text from a bundle act as a format string.
// QAbstractItemModelTester watches the model's shape while it is loaded and reloaded.
#include "historymodel.h"
#include "state/historyevents.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

namespace {

// Whatever the tester finds fails the running test.
constexpr auto Report = QAbstractItemModelTester::FailureReportingMode::QtTest;

// `count` entries as Updater.historyLoaded hands them over, oldest first, seq 1 … count.
QVariantList history(int count)
{
    QVariantList entries;
    for (int seq = 1; seq <= count; ++seq) {
        entries << QVariantMap{
            {QStringLiteral("seq"), seq},
            {QStringLiteral("time"),
             QDateTime(QDate(2026, 11, 20), QTime(10, seq), Qt::UTC).toString(Qt::ISODate)},
            {QStringLiteral("event"), QStringLiteral("marked-good")},
            {QStringLiteral("details"),
             QVariantMap{{QStringLiteral("slot"),
                          (seq % 2) != 0 ? QStringLiteral("A") : QStringLiteral("B")}}}};
    }
    return entries;
}

} // namespace

class TestHistoryModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void summaries_data()
    {
        QTest::addColumn<QString>("event");
        QTest::addColumn<QVariantMap>("details");
        QTest::addColumn<QString>("summary");
        const auto map = [](std::initializer_list<std::pair<const char *, QVariant>> items) {
            QVariantMap m;
            for (const auto &[k, v] : items) {
                m.insert(QLatin1String(k), v);
            }
            return m;
        };
        QTest::newRow("installed")
            << QStringLiteral("installed")
            << map({{"version", QStringLiteral("2.0.0")}, {"to", QStringLiteral("B")}})
            << QStringLiteral("Installed 2.0.0 into slot B");
        QTest::newRow("started") << QStringLiteral("install-started")
                                 << map({{"version", QStringLiteral("2.0.0")},
                                         {"to", QStringLiteral("B")}})
                                 << QStringLiteral("Installing 2.0.0 into slot B");
        QTest::newRow("failed") << QStringLiteral("install-failed")
                                << map({{"version", QStringLiteral("2.0.0")},
                                        {"message", QStringLiteral("The stick was removed.")}})
                                << QStringLiteral(
                                       "Installing 2.0.0 failed: The stick was removed.");
        QTest::newRow("health failed")
            << QStringLiteral("health")
            << map({{"passed", false},
                    {"slot", QStringLiteral("B")},
                    {"failure", QStringLiteral("script 20-app exited with 3")}})
            << QStringLiteral("Health check failed: script 20-app exited with 3");
        QTest::newRow("health passed")
            << QStringLiteral("health") << map({{"passed", true}, {"slot", QStringLiteral("A")}})
            << QStringLiteral("Health check passed on slot A");
        QTest::newRow("marked good by health")
            << QStringLiteral("marked-good")
            << map({{"slot", QStringLiteral("B")}, {"by", QStringLiteral("health")}})
            << QStringLiteral("Slot B marked good by the health check");
        QTest::newRow("marked bad")
            << QStringLiteral("marked-bad") << map({{"slot", QStringLiteral("A")}})
            << QStringLiteral("Slot A marked bad");
        QTest::newRow("rollback") << QStringLiteral("rollback")
                                  << map({{"from", QStringLiteral("B")},
                                          {"to", QStringLiteral("A")}})
                                  << QStringLiteral("Rollback from slot B to slot A requested");
        QTest::newRow("rolled back after boot failure")
            << QStringLiteral("rolled-back")
            << map({{"version", QStringLiteral("2.0.0")},
                    {"to", QStringLiteral("A")},
                    {"reason", QStringLiteral("boot")}})
            << QStringLiteral("Version 2.0.0 did not start; back to slot A");
        QTest::newRow("committed")
            << QStringLiteral("committed")
            << map({{"version", QStringLiteral("2.0.0")}, {"to", QStringLiteral("B")}})
            << QStringLiteral("Slot B with 2.0.0 starts at the next boot");
        // Placeholders inside untrusted values stay text.
        QTest::newRow("hostile version")
            << QStringLiteral("installed")
            << map({{"version", QStringLiteral("%1%2%n")}, {"to", QStringLiteral("%1")}})
            << QStringLiteral("Installed %1%2%n into slot %1");
        QTest::newRow("keys rotated")
            << QStringLiteral("keys-rotated")
            << map({{"added", 1},
                    {"revoked", QVariantList{QStringLiteral("ab12"), QStringLiteral("cd34")}}})
            << QStringLiteral("Signing keys changed: 1 added, 2 revoked");
        // An event of a newer seesawd than this UI: named, not lost.
        QTest::newRow("unknown") << QStringLiteral("future-event") << QVariantMap()
                                 << QStringLiteral("Event: future-event");
    }

    void summaries()
    {
        QFETCH(QString, event);
        QFETCH(QVariantMap, details);
        QFETCH(QString, summary);
        QCOMPARE(HistoryModel::summary(event, details), summary);
    }

    // Every event the core records has its own words on the history page: when the core adds
    // an event to state/historyevents.h, this fails until the UI can word it.
    void everyCoreEventWorded()
    {
        for (const QLatin1String event : seesaw::history::AllEvents) {
            const QString summary = HistoryModel::summary(event, {});
            QVERIFY2(
                !summary.startsWith(QLatin1String("Event:")),
                qPrintable(QStringLiteral("the history page has no words for \"%1\"").arg(event)));
        }
    }

    // Updater.historyLoaded hands entries oldest first; the model shows the newest first.
    void entriesNewestFirst()
    {
        HistoryModel model;
        QAbstractItemModelTester tester(&model, Report);
        const QVariantList entries{
            QVariantMap{{QStringLiteral("seq"), 1},
                        {QStringLiteral("time"), QStringLiteral("2026-11-20T10:00:00Z")},
                        {QStringLiteral("event"), QStringLiteral("install-started")},
                        {QStringLiteral("details"),
                         QVariantMap{{QStringLiteral("version"), QStringLiteral("1.1.0")},
                                     {QStringLiteral("to"), QStringLiteral("B")}}}},
            QVariantMap{{QStringLiteral("seq"), 2},
                        {QStringLiteral("time"), QStringLiteral("2026-11-20T10:05:00Z")},
                        {QStringLiteral("event"), QStringLiteral("installed")},
                        {QStringLiteral("details"),
                         QVariantMap{{QStringLiteral("version"), QStringLiteral("1.1.0")},
                                     {QStringLiteral("to"), QStringLiteral("B")}}}}};
        model.setEntries(entries);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0), HistoryModel::SeqRole).toInt(), 2);
        QCOMPARE(model.data(model.index(0), HistoryModel::SummaryRole).toString(),
                 QStringLiteral("Installed 1.1.0 into slot B"));
        const QDateTime time = model.data(model.index(1), HistoryModel::TimeRole).toDateTime();
        QCOMPARE(time, QDateTime(QDate(2026, 11, 20), QTime(10, 0), Qt::UTC));
        QCOMPARE(model.data(model.index(1), HistoryModel::DetailsRole)
                     .toMap()
                     .value(QStringLiteral("version"))
                     .toString(),
                 QStringLiteral("1.1.0"));
        QCOMPARE(model.roleNames().value(HistoryModel::SummaryRole), QByteArray("summary"));
    }

    // Reloads that grow, keep and empty the history: each is one consistent reset (no stale
    // index survives it), the newest entry is on top, and `count` changes only with the rows.
    void reloadsKeepTheModelConsistent()
    {
        HistoryModel model;
        QAbstractItemModelTester tester(&model, Report);
        QSignalSpy counts(&model, &HistoryModel::countChanged);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setEntries(history(2));
        QCOMPARE(model.rowCount(), 2);
        const QPersistentModelIndex top = model.index(0);
        model.setEntries(history(5));
        QVERIFY(!top.isValid());
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.data(model.index(0), HistoryModel::SeqRole).toInt(), 5);
        QCOMPARE(model.data(model.index(4), HistoryModel::SeqRole).toInt(), 1);
        QCOMPARE(model.data(model.index(0), Qt::DisplayRole).toString(),
                 QStringLiteral("Slot A marked good"));
        model.setEntries(history(5));
        QCOMPARE(model.rowCount(), 5);
        model.setEntries({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.data(model.index(0), HistoryModel::SeqRole), QVariant());
        model.setEntries(history(1));
        QCOMPARE(model.data(model.index(0), HistoryModel::SummaryRole).toString(),
                 QStringLiteral("Slot A marked good"));
        QCOMPARE(resets.count(), 5);
        QCOMPARE(counts.count(), 4); // 0 → 2 → 5 → 0 → 1; reloading 5 as 5 is no change
        QCOMPARE(model.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestHistoryModel)
#include "tst_historymodel.moc"
