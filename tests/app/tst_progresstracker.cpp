// Risk: the progress bar jumps back on a late or coalesced report, or does not start from zero
// for the next install; the finished page shows a made-up average speed or install time (a
// wrong division, the wrong start, or numbers for an install this UI did not see start).
#include "progresstracker.h"

#include <QTest>
#include <cmath>

namespace {

constexpr quint64 Total = 536870912;

QVariantMap progress(const QString &phase, quint64 done, quint64 total = Total)
{
    return {{QStringLiteral("phase"), phase},
            {QStringLiteral("done"), QVariant::fromValue(done)},
            {QStringLiteral("total"), QVariant::fromValue(total)},
            {QStringLiteral("rate"), 0.0},
            {QStringLiteral("eta"), QVariant::fromValue<qint64>(-1)},
            {QStringLiteral("message"), QString()}};
}

} // namespace

class TestProgressTracker : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Whatever arrives, the fraction is the highest so far; "committing" and "done" are all
    // the way, also when the write's last report was missed.
    void neverBackwards_data()
    {
        QTest::addColumn<QStringList>("phases");
        QTest::addColumn<QList<double>>("reported");
        QTest::addColumn<QList<double>>("shown");
        const QString w = QStringLiteral("writing");
        QTest::newRow("late-and-coalesced")
            << QStringList(9, w) << QList<double>{0.05, 0.2, 0.15, 0.4, 0.39, 0.0, 0.8, 1.0, 0.5}
            << QList<double>{0.05, 0.2, 0.2, 0.4, 0.4, 0.4, 0.8, 1.0, 1.0};
        QTest::newRow("short-install-ends-between-reports")
            << QStringList{QStringLiteral("verifying"), w, QStringLiteral("done")}
            << QList<double>{0.5, 0.3, 0.0} << QList<double>{0.5, 0.5, 1.0};
        QTest::newRow("commit-is-complete")
            << QStringList{w, QStringLiteral("syncing"), QStringLiteral("committing")}
            << QList<double>{0.6, 0.99, 0.0} << QList<double>{0.6, 0.99, 1.0};
        QTest::newRow("over-100-percent-clamped")
            << QStringList{w, w} << QList<double>{0.5, 1.7} << QList<double>{0.5, 1.0};
    }
    void neverBackwards()
    {
        QFETCH(QStringList, phases);
        QFETCH(QList<double>, reported);
        QFETCH(QList<double>, shown);
        ProgressTracker tracker;
        tracker.begin(0);
        for (qsizetype i = 0; i < phases.size(); ++i) {
            tracker.report(progress(phases[i], quint64(reported[i] * double(Total))), 100 * i);
            // Bytes are whole numbers: within a byte of the fraction.
            QVERIFY2(std::abs(tracker.fraction() - shown[i]) < 1e-8,
                     qPrintable(QStringLiteral("report %1: %2, expected %3")
                                    .arg(i)
                                    .arg(tracker.fraction())
                                    .arg(shown[i])));
        }
    }

    void nextInstallStartsFromZero()
    {
        ProgressTracker tracker;
        tracker.begin(0);
        tracker.report(progress(QStringLiteral("done"), Total), 1000);
        tracker.finish(1010);
        QCOMPARE(tracker.fraction(), 1.0);
        QVERIFY(tracker.finished());
        tracker.begin(5000);
        QCOMPARE(tracker.fraction(), 0.0);
        QVERIFY(!tracker.finished());
        QCOMPARE(tracker.averageRate(), 0.0);
        QCOMPARE(tracker.seconds(), -1.0);
        tracker.report(progress(QStringLiteral("writing"), Total / 4), 6000);
        QCOMPARE(tracker.fraction(), 0.25);
    }

    // The average over the whole write: bytes written from the first "writing" report seen to
    // the write's end (the first "committing"/"done"), by the time between them; the duration
    // from begin() to the end ("done", or Completed when that comes first). Times in ms.
    void averageAndDuration_data()
    {
        QTest::addColumn<qint64>("begin");
        QTest::addColumn<QStringList>("phases");
        QTest::addColumn<QList<quint64>>("done");
        QTest::addColumn<QList<qint64>>("at");
        QTest::addColumn<qint64>("completed"); // -1: no Completed
        QTest::addColumn<double>("rate");
        QTest::addColumn<double>("seconds");
        const QString c = QStringLiteral("checking");
        const QString v = QStringLiteral("verifying");
        const QString w = QStringLiteral("writing");
        const QString s = QStringLiteral("syncing");
        const QString m = QStringLiteral("committing");
        const QString d = QStringLiteral("done");
        // 512 MiB written from 3 s to 13 s (the sync included), finished at 14 s.
        QTest::newRow("whole-install") << qint64(0) << QStringList{c, v, w, w, s, m, d}
                                       << QList<quint64>{0, 0, 0, Total / 2, Total, Total, Total}
                                       << QList<qint64>{100, 1000, 3000, 8000, 12000, 13000, 14000}
                                       << qint64(14050) << double(Total) / 10.0 << 14.0;
        // Joined mid-write: only what was seen written counts.
        const quint64 firstSeen = Total / 4;
        QTest::newRow("joined-mid-write") << qint64(-1) << QStringList{w, w, m, d}
                                          << QList<quint64>{firstSeen, Total / 2, Total, Total}
                                          << QList<qint64>{2000, 4000, 8000, 8500} << qint64(-1)
                                          << double(Total - firstSeen) / 6.0 << -1.0;
        // Completed arrives before the "done" report: the end is Completed's.
        QTest::newRow("completed-first")
            << qint64(500) << QStringList{c, w, m} << QList<quint64>{0, 0, Total}
            << QList<qint64>{600, 1000, 5000} << qint64(5500) << double(Total) / 4.0 << 5.0;
        // The write's start and end arrived together (a tiny bundle): no average rather
        // than a division by zero.
        QTest::newRow("no-time-between")
            << qint64(0) << QStringList{w, m, d} << QList<quint64>{0, Total, Total}
            << QList<qint64>{700, 700, 800} << qint64(-1) << 0.0 << 0.8;
        // No write seen at all.
        QTest::newRow("no-write-seen") << qint64(0) << QStringList{c, d} << QList<quint64>{0, Total}
                                       << QList<qint64>{100, 900} << qint64(-1) << 0.0 << 0.9;
        // Not finished: nothing yet.
        QTest::newRow("still-writing")
            << qint64(0) << QStringList{c, w, w} << QList<quint64>{0, 0, Total / 2}
            << QList<qint64>{100, 1000, 2000} << qint64(-1) << 0.0 << -1.0;
    }
    void averageAndDuration()
    {
        QFETCH(qint64, begin);
        QFETCH(QStringList, phases);
        QFETCH(QList<quint64>, done);
        QFETCH(QList<qint64>, at);
        QFETCH(qint64, completed);
        QFETCH(double, rate);
        QFETCH(double, seconds);
        ProgressTracker tracker;
        tracker.begin(begin);
        for (qsizetype i = 0; i < phases.size(); ++i) {
            tracker.report(progress(phases[i], done[i]), at[i]);
        }
        if (completed >= 0) {
            tracker.finish(completed);
        }
        QCOMPARE(tracker.averageRate(), rate);
        QCOMPARE(tracker.seconds(), seconds);
        // Reports after the end change nothing (seesawd keeps "done" until the next install).
        if (tracker.finished()) {
            tracker.report(progress(QStringLiteral("done"), Total), at.last() + 60000);
            QCOMPARE(tracker.averageRate(), rate);
            QCOMPARE(tracker.seconds(), seconds);
        }
    }
};

QTEST_GUILESS_MAIN(TestProgressTracker)
#include "tst_progresstracker.moc"
