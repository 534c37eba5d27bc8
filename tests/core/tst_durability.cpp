// Risk: a file Seesaw replaces by rename (grubenv, boot entries, the device state) is not on
// disk after a power cut because only the directory was synced: on FAT (an EFI system
// partition) a file's start and size live in its directory entry, written with the file's
// inode. This machine's kernel has no vfat, so the power cut itself is shown by tests/vm's
// power-cut story; here strace shows the system calls that make it durable on any file system:
// after every rename, an fsync of the file under its new name, then of its directory.
#include "simdevice.h"

#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using testutil::RunResult;
using testutil::s;

class TestDurability : public QObject, private testutil::SimDevice {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(s("strace")).isEmpty()) {
            QSKIP("strace is not installed (scripts/dev setup installs it)");
        }
        QVERIFY(m_tmp.isValid());
    }

    // The built-in backends: a custom backend's own files are its author's to make durable
    // (docs/bootloader-custom.md; the simulator's stand-in does not).
    void everyRenameIsSynced_data()
    {
        QTest::addColumn<QString>("bootloader");
        for (const char *b : {"uboot", "grub", "systemd-boot"}) {
            QTest::newRow(b) << s(b);
        }
    }
    void everyRenameIsSynced()
    {
        QFETCH(QString, bootloader);
        QVERIFY(newDevice(bootloader));
        const QString file = bundle(s("2.0.0"));
        const QString log = m_tmp.filePath(bootloader + s(".strace"));
        // -y prints the path behind every descriptor; -f follows the installer's threads.
        const RunResult r = testutil::run(
            s("strace"),
            {s("-f"), s("-y"), s("-qq"), s("-e"),
             s("trace=rename,renameat,renameat2,fsync,fdatasync"), s("-o"), log,
             testutil::cliPath(), s("--direct"), s("--conf"), conf(), s("install"), s("--yes"),
             file},
            // LeakSanitizer refuses to run under ptrace; leaks are the other tests' business.
            {s("ASAN_OPTIONS=detect_leaks=0:abort_on_error=1")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile trace(log);
        QVERIFY(trace.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(trace.readAll()).split(QLatin1Char('\n'));

        // rename("OLD", "NEW") = 0, or renameat2(AT_FDCWD, "OLD", AT_FDCWD, "NEW", …) = 0
        static const QRegularExpression renamed(
            // NOLINTNEXTLINE(modernize-raw-string-literal): moc cannot read R"lit(...)lit".
            s("rename(?:at2?)?\\(.*\"([^\"]+)\",\\s*(?:[^\"]*\"([^\"]+)\")?.*\\)\\s*=\\s*0"));
        int renames = 0;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QRegularExpressionMatch m = renamed.match(lines[i]);
            if (!m.hasMatch()) {
                continue;
            }
            ++renames;
            const QString target = m.captured(2).isEmpty() ? m.captured(1) : m.captured(2);
            const QString directory = target.section(QLatin1Char('/'), 0, -2);
            qsizetype fileAt = -1;
            qsizetype dirAt = -1;
            for (qsizetype j = i + 1; j < lines.size(); ++j) {
                const QString &line = lines[j];
                if (!line.contains(s("fsync(")) || !line.contains(s(") = 0"))) {
                    continue;
                }
                const QString path =
                    line.section(QLatin1Char('<'), 1).section(QLatin1Char('>'), 0, 0);
                if (fileAt < 0 && path == target) {
                    fileAt = j;
                } else if (fileAt >= 0 && path == directory) {
                    dirAt = j;
                    break;
                }
            }
            QVERIFY2(fileAt > i,
                     qPrintable(s("no fsync of %1 after it was renamed into place").arg(target)));
            QVERIFY2(dirAt > fileAt,
                     qPrintable(s("no fsync of %1 after %2 was synced").arg(directory, target)));
        }
        // The install replaces at least the device state and a boot loader file or entry.
        QVERIFY2(renames >= 2, qPrintable(lines.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestDurability)
#include "tst_durability.moc"
