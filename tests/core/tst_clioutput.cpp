// Risk: a command whose answer was lost on the way out (a full disk behind `> file`, a closed
// pipe) ends with exit code 0, and a script takes a truncated status or bundle list for the
// whole. Standard output is pointed at /dev/full, which refuses every write with ENOSPC.
#include "testutil.h"

#include <QProcess>
#include <QTest>

using testutil::s;

class TestCliOutput : public QObject {
    Q_OBJECT

    struct Ran {
        int exitCode = -1;
        QByteArray err;
    };

    // The CLI with standard output into `out`.
    static Ran runInto(const QString &out, const QStringList &args)
    {
        QProcess p;
        p.setStandardOutputFile(out);
        p.start(testutil::cliPath(), args);
        if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit) {
            return {};
        }
        return {p.exitCode(), p.readAllStandardError()};
    }

private Q_SLOTS:
    void lostOutputFails_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("fine"); // the exit code when the output can be written
        QTest::newRow("--version") << QStringList{s("--version")} << 0;
        QTest::newRow("help") << QStringList{s("help")} << 0;
        QTest::newRow("usage error") << QStringList{} << 2;
    }
    void lostOutputFails()
    {
        QFETCH(QStringList, args);
        QFETCH(int, fine);
        const Ran written = runInto(QProcess::nullDevice(), args);
        QCOMPARE(written.exitCode, fine);
        QVERIFY2(!written.err.contains("Cannot write"), written.err.constData());

        const Ran lost = runInto(s("/dev/full"), args);
        QCOMPARE(lost.exitCode, fine == 0 ? 3 : fine); // ExitIo, or the error it already had
        QVERIFY2(lost.err.contains("Cannot write the output: No space left on device."),
                 lost.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliOutput)
#include "tst_clioutput.moc"
