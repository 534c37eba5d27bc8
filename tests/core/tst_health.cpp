// Risk: a broken update is declared healthy (a failing script, unit or limit goes unnoticed, a
// hung check is never stopped) or a healthy one is rolled back (a leftover or misread file
// fails it), and checks leave processes running behind them.
//
// Real scripts run from a temporary directory; /proc and /sys/class/thermal are stand-in trees
// ([health] proc= and thermal=), and systemd is a UnitQuery function (tests/health covers the
// D-Bus side).
#include "health/health.h"
#include "testutil.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <csignal>
#include <sys/stat.h>
#include <thread>

using namespace seesaw;
using testutil::s;

namespace {

// Gone, or a zombie waiting for its new parent to reap it: either way it runs no more.
bool processGone(pid_t pid)
{
    if (::kill(pid, 0) != 0) {
        return errno == ESRCH;
    }
    const QByteArray stat = testutil::readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const qsizetype end = stat.lastIndexOf(") ");
    return end < 0 || stat.mid(end + 2, 1) == "Z" || stat.mid(end + 2, 1) == "X";
}

QStringList kinds(const HealthReport &r)
{
    QStringList list;
    for (const HealthCheckResult &c : r.checks) {
        list.append(c.kind + QLatin1Char(':') + c.name);
    }
    return list;
}

QString dump(const HealthReport &r)
{
    return r.toText();
}

} // namespace

class TestHealth : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_tmp;
    QString m_dir;

    [[nodiscard]] QString path(const QString &name) const
    {
        return m_dir + QLatin1Char('/') + name;
    }
    [[nodiscard]] QString scripts() const { return path(QStringLiteral("health.d")); }

    // A shell script in health.d (or another directory), executable unless told otherwise.
    bool script(const QString &name, const QString &body, bool executable = true)
    {
        const QString file = scripts() + QLatin1Char('/') + name;
        if (!testutil::writeFile(file, (QStringLiteral("#!/bin/sh\n") + body).toUtf8())) {
            return false;
        }
        return ::chmod(QFile::encodeName(file).constData(), executable ? 0755 : 0644) == 0;
    }

    [[nodiscard]] SystemConfig config() const
    {
        SystemConfig c;
        c.health.timeoutSeconds = 20;
        c.health.scriptTimeoutSeconds = 10;
        c.health.sampleWindowSeconds = 1;
        c.health.procDirectory = path(QStringLiteral("proc"));
        c.health.thermalDirectory = path(QStringLiteral("thermal"));
        return c;
    }

    [[nodiscard]] SystemConfig scriptConfig() const
    {
        SystemConfig c = config();
        c.health.scripts = scripts();
        return c;
    }

    bool zone(int index, const QByteArray &milliCelsius)
    {
        const QString dir = path(QStringLiteral("thermal/thermal_zone%1").arg(index));
        return QDir().mkpath(dir) &&
               testutil::writeFile(dir + QStringLiteral("/temp"), milliCelsius + '\n');
    }

    bool proc(const char *file, const QByteArray &content)
    {
        return testutil::writeFile(path(QStringLiteral("proc/")) + QLatin1String(file), content);
    }

    static HealthReport run(const SystemConfig &c, UnitQuery units = {},
                            const std::atomic<bool> *cancel = nullptr)
    {
        return HealthRunner(c, std::move(units)).run(cancel);
    }

private Q_SLOTS:
    void init()
    {
        m_tmp = std::make_unique<QTemporaryDir>();
        QVERIFY(m_tmp->isValid());
        m_dir = m_tmp->path();
        QVERIFY(QDir().mkpath(scripts()));
        QVERIFY(QDir().mkpath(path(QStringLiteral("proc"))));
    }

    void nothingConfigured()
    {
        const HealthReport r = run(config());
        QVERIFY(r.passed);
        QVERIFY(r.checks.isEmpty());
        QVERIFY(!r.timedOut && !r.cancelled);
        QVERIFY(!r.firstFailure());
        QVERIFY(r.failureSummary().isEmpty());
        QVERIFY(r.startedAt.isValid());
        QCOMPARE(r.startedAt.timeSpec(), Qt::UTC);
        QVERIFY(r.toText().contains(s("No checks")));
        // An empty scripts directory is no check either.
        QVERIFY(run(scriptConfig()).checks.isEmpty());
    }

    void scriptsRunInNameOrder()
    {
        const QString log = path(QStringLiteral("order.log"));
        // Byte order: digits before letters, "9" after "30", upper case before lower case.
        for (const char *name : {"20-b", "10-a", "9-z", "30-c", "B-upper", "a-lower"}) {
            QVERIFY(script(QLatin1String(name),
                           QStringLiteral("echo %1 >>%2\n").arg(QLatin1String(name), log)));
        }
        // The environment, stdin and working directory scripts get.
        QVERIFY(script(QStringLiteral("50-env"),
                       QStringLiteral("echo \"health=$SEESAW_HEALTH cwd=$(pwd)\" >>%1\n"
                                      "if read line; then echo stdin-data >>%1; "
                                      "else echo stdin-empty >>%1; fi\n")
                           .arg(log)));
        const HealthReport r = run(scriptConfig());
        QVERIFY2(r.passed, qPrintable(dump(r)));
        QCOMPARE(testutil::readFile(log), QByteArray("10-a\n20-b\n30-c\nhealth=1 cwd=/\n"
                                                     "stdin-empty\n9-z\nB-upper\na-lower\n"));
        QCOMPARE(kinds(r), QStringList({s("script:10-a"), s("script:20-b"), s("script:30-c"),
                                        s("script:50-env"), s("script:9-z"), s("script:B-upper"),
                                        s("script:a-lower")}));
        QCOMPARE(r.checks.at(0).detail, s("exit code 0"));
    }

    void exitCodesAndSignals()
    {
        QVERIFY(script(QStringLiteral("10-fail"), QStringLiteral("echo broken >&2\nexit 3\n")));
        QVERIFY(script(QStringLiteral("20-segv"), QStringLiteral("kill -SEGV $$\n")));
        QVERIFY(script(QStringLiteral("30-ok"), QStringLiteral("exit 0\n")));
        const HealthReport r = run(scriptConfig());
        QVERIFY(!r.passed);
        QCOMPARE(r.checks.size(), 3); // a failure does not stop the run
        QCOMPARE(r.checks.at(0).detail, s("exit code 3"));
        QCOMPARE(r.checks.at(0).outputTail, s("broken\n"));
        QVERIFY(!r.checks.at(1).passed);
        QCOMPARE(r.checks.at(1).detail, s("killed by signal 11 (SIGSEGV)"));
        QVERIFY(r.checks.at(2).passed);
        QCOMPARE(r.firstFailure(), &r.checks.at(0));
        QCOMPARE(r.failureSummary(), s("script 10-fail failed: exit code 3"));
        QVERIFY(!r.timedOut);
    }

    void hungScriptKilledWithItsGroup()
    {
        const QString pidFile = path(QStringLiteral("child.pid"));
        QVERIFY(script(
            QStringLiteral("10-hang"),
            QStringLiteral("sleep 1000 &\necho $! >%1\necho started\nsleep 1000\n").arg(pidFile)));
        QVERIFY(script(QStringLiteral("20-next"), QStringLiteral("exit 0\n")));
        SystemConfig c = scriptConfig();
        c.health.scriptTimeoutSeconds = 1;
        const HealthReport r = run(c);
        QVERIFY(!r.passed);
        QCOMPARE(r.checks.at(0).kind, s("script"));
        QCOMPARE(r.checks.at(0).detail, s("killed after 1 s (script-timeout)"));
        QCOMPARE(r.checks.at(0).outputTail, s("started\n"));
        QVERIFY(r.checks.at(0).durationMs >= 900 && r.checks.at(0).durationMs < 10000);
        QVERIFY(r.checks.at(1).passed); // the next script still runs
        QVERIFY(!r.timedOut);
        const pid_t child = pid_t(testutil::readFile(pidFile).trimmed().toInt());
        QVERIFY(child > 0);
        QTRY_VERIFY_WITH_TIMEOUT(processGone(child), 5000);
    }

    void leftoverProcessesKilled()
    {
        const QString pidFile = path(QStringLiteral("child.pid"));
        QVERIFY(script(QStringLiteral("10-daemonises"),
                       QStringLiteral("sleep 1000 &\necho $! >%1\nexit 0\n").arg(pidFile)));
        const HealthReport r = run(scriptConfig());
        QVERIFY2(r.passed, qPrintable(dump(r)));
        const pid_t child = pid_t(testutil::readFile(pidFile).trimmed().toInt());
        QVERIFY(child > 0);
        QTRY_VERIFY_WITH_TIMEOUT(processGone(child), 5000);
    }

    void outputTailLimitedAndSanitised()
    {
        QVERIFY(script(QStringLiteral("10-chatty"),
                       s("i=0\nwhile [ $i -lt 3000 ]; do echo \"line $i\"; i=$((i+1)); done\n"
                         "printf 'esc\\033[31m bell\\a cr\\rnext bidi\\342\\200\\256 "
                         "bad\\377 tab\\t grüß\\r\\nend\\n'\nexit 1\n")));
        QVERIFY(script(QStringLiteral("20-megabyte"),
                       s("head -c 1000000 /dev/zero | tr '\\0' x\necho\necho last\n")));
        const HealthReport r = run(scriptConfig());
        QCOMPARE(r.checks.size(), 2);
        for (const HealthCheckResult &c : r.checks) {
            QVERIFY2(c.outputTail.toUtf8().size() <= 4096, qPrintable(c.name));
            QVERIFY(c.outputTail.toUtf8().size() > 3000);
            for (const QChar ch : c.outputTail) {
                QVERIFY(ch == QLatin1Char('\n') || ch == QLatin1Char('\t') || ch.unicode() >= 0x20);
                QVERIFY(ch.unicode() < 0x7f || ch.unicode() >= 0xa0);
                QVERIFY(ch.unicode() != 0x202e);
            }
        }
        const QString chatty = r.checks.at(0).outputTail;
        QVERIFY(chatty.endsWith(s("tab\t grüß\nend\n")));
        QVERIFY(chatty.contains(s("line 2999\n")));
        QVERIFY(!chatty.contains(s("line 0\n")));
        QVERIFY(chatty.contains(s("esc\uFFFD[31m bell\uFFFD cr\nnext bidi\uFFFD bad\uFFFD")));
        QVERIFY(r.checks.at(1).passed);
        QVERIFY(r.checks.at(1).outputTail.endsWith(s("xxxx\nlast\n")));
    }

    void whatRunsInTheDirectory()
    {
        const QString log = path(QStringLiteral("ran.log"));
        const QString append = QStringLiteral("echo $(basename $0) >>%1\n").arg(log);
        QVERIFY(script(QStringLiteral("10-ok"), append));
        QVERIFY(QDir().mkpath(scripts() + QStringLiteral("/15-subdir")));
        QVERIFY(script(QStringLiteral("20-forgot-chmod"), append, false));
        for (const char *ignored :
             {".hidden", "30-backup~", "40-x.dpkg-old", "41-x.dpkg-new", "42-x.dpkg-dist"}) {
            QVERIFY(script(QLatin1String(ignored), append + QStringLiteral("exit 1\n")));
        }
        QVERIFY(testutil::writeFile(scripts() + QStringLiteral("/50-no-interpreter"), "exit 0\n"));
        QVERIFY(::chmod(QFile::encodeName(scripts() + QStringLiteral("/50-no-interpreter")),
                        0755) == 0);
        QVERIFY(::mkfifo(QFile::encodeName(scripts() + QStringLiteral("/60-fifo")).constData(),
                         0755) == 0);
        QVERIFY(QFile::link(scripts() + QStringLiteral("/10-ok"),
                            scripts() + QStringLiteral("/70-link")));
        QVERIFY(QFile::link(path(QStringLiteral("absent")),
                            scripts() + QStringLiteral("/80-dangling")));

        const HealthReport r = run(scriptConfig());
        QVERIFY(!r.passed);
        QCOMPARE(kinds(r), QStringList({s("script:10-ok"), s("script:20-forgot-chmod"),
                                        s("script:50-no-interpreter"), s("script:60-fifo"),
                                        s("script:70-link"), s("script:80-dangling")}));
        QCOMPARE(testutil::readFile(log), QByteArray("10-ok\n70-link\n"));
        QVERIFY(r.checks.at(0).passed);
        QCOMPARE(r.checks.at(1).detail, s("not executable (chmod +x)"));
        QVERIFY(r.checks.at(2).detail.startsWith(s("cannot be run: ")));
        QCOMPARE(r.checks.at(3).detail, s("not a regular file"));
        QVERIFY(r.checks.at(4).passed);
        QVERIFY(r.checks.at(5).detail.startsWith(s("cannot be examined: ")));
    }

    void scriptsDirectoryMissing()
    {
        SystemConfig c = config();
        c.health.scripts = path(QStringLiteral("nowhere"));
        HealthReport r = run(c);
        QVERIFY(!r.passed);
        QCOMPARE(r.checks.size(), 1);
        QCOMPARE(r.checks.at(0).kind, s("script"));
        QCOMPARE(r.checks.at(0).detail,
                 s("the scripts directory %1 does not exist").arg(c.health.scripts));

        QVERIFY(testutil::writeFile(path(QStringLiteral("file")), "x"));
        c.health.scripts = path(QStringLiteral("file"));
        r = run(c);
        QVERIFY(!r.passed);
        QCOMPARE(r.checks.at(0).detail, s("%1 is not a directory").arg(c.health.scripts));
    }

    void units()
    {
        QHash<QString, int> calls;
        const UnitQuery query = [&calls](const QString &unit) {
            const int n = ++calls[unit];
            if (unit == QLatin1String("a.service")) {
                return UnitState{s("active"), s("running"), {}};
            }
            if (unit == QLatin1String("b.service")) {
                return UnitState{s("failed"), s("failed"), {}};
            }
            if (unit == QLatin1String("c.service")) {
                return UnitState{s("inactive"), s("dead"), {}};
            }
            if (unit == QLatin1String("d.service")) {
                return UnitState{{}, {}, s("no such unit")};
            }
            if (unit == QLatin1String("e.service")) {
                return n < 4 ? UnitState{s("activating"), s("start"), {}}
                             : UnitState{s("active"), s("running"), {}};
            }
            if (unit == QLatin1String("f.service")) {
                return n < 2 ? UnitState{s("activating"), s("start"), {}}
                             : UnitState{s("failed"), s("failed"), {}};
            }
            if (unit == QLatin1String("g.service")) {
                return UnitState{s("reloading"), s("reload"), {}};
            }
            return UnitState{};
        };
        SystemConfig c = config();
        for (const char *unit : {"a.service", "b.service", "c.service", "d.service", "e.service",
                                 "f.service", "g.service", "h.service"}) {
            c.health.units.append(QLatin1String(unit));
        }
        const HealthReport r = run(c, query);
        QVERIFY(!r.passed);
        QCOMPARE(r.checks.size(), 8);
        const auto check = [&](int i, bool passed, const char *detail) {
            QCOMPARE(r.checks.at(i).kind, s("unit"));
            QCOMPARE(r.checks.at(i).passed, passed);
            QCOMPARE(r.checks.at(i).detail, s(detail));
        };
        check(0, true, "a.service is active (running)");
        check(1, false, "b.service is failed (failed)");
        check(2, false, "c.service is inactive (dead)");
        check(3, false, "d.service: no such unit");
        check(4, true, "e.service is active (running)");
        check(5, false, "f.service is failed (failed)");
        check(6, true, "g.service is reloading (reload)");
        check(7, false, "h.service: systemd reported no state");
        QCOMPARE(calls.value(s("e.service")), 4);
        QCOMPARE(calls.value(s("a.service")), 1);
        QCOMPARE(r.failureSummary(), s("unit b.service is failed (failed)"));

        // Units configured but no way to ask: they fail.
        const HealthReport none = run(c);
        QCOMPARE(none.checks.size(), 8);
        QVERIFY(std::none_of(none.checks.begin(), none.checks.end(),
                             [](const HealthCheckResult &x) { return x.passed; }));
    }

    void unitActivatingUntilTimeout()
    {
        SystemConfig c = config();
        c.health.timeoutSeconds = 1;
        c.health.units = QStringList{s("slow.service"), s("next.service")};
        const HealthReport r = run(c, [](const QString &) {
            return UnitState{s("activating"), s("start"), {}};
        });
        QVERIFY(!r.passed);
        QVERIFY(r.timedOut);
        QCOMPARE(kinds(r), QStringList({s("timeout:slow.service"), s("timeout:next.service")}));
        QVERIFY(r.checks.at(0).detail.contains(s("stopped when the time limit of 1 s ran out")));
        QVERIFY(r.checks.at(1).detail.contains(s("not started")));
        QVERIFY(r.failureSummary().startsWith(s("timed out: unit slow.service")));
    }

    void limitsPass()
    {
        QVERIFY(proc("meminfo", "MemTotal:       1000000 kB\nMemFree:  100 kB\n"
                                "MemAvailable:    600000 kB\n"));
        QVERIFY(proc("loadavg", "0.50 0.40 0.30 1/100 1234\n"));
        QVERIFY(zone(0, "45000") && zone(1, "52000"));
        QVERIFY(zone(2, "not a number")); // a zone that cannot report is passed over
        SystemConfig c = config();
        c.health.maxMemoryPercent = 50;
        c.health.maxLoad = 1;
        c.health.maxTemperature = 60;
        const HealthReport r = run(c);
        QVERIFY2(r.passed, qPrintable(dump(r)));
        QCOMPARE(kinds(r), QStringList({s("memory:max-memory-percent"),
                                        s("temperature:max-temperature"), s("load:max-load")}));
        QCOMPARE(r.checks.at(0).detail, s("average 40.0 % over 1 s, maximum 40.0 % (limit 50 %)"));
        QCOMPARE(r.checks.at(1).detail,
                 s("average 52.0 °C over 1 s, maximum 52.0 °C (limit 60 °C)"));
        QCOMPARE(r.checks.at(2).detail, s("average 0.50 over 1 s, maximum 0.50 (limit 1)"));
        QVERIFY(r.checks.at(0).durationMs >= 900); // sampled over the window
    }

    void limitsFail()
    {
        QVERIFY(proc("meminfo", "MemTotal: 1000 kB\nMemAvailable: 100 kB\n"));
        QVERIFY(proc("loadavg", "3.00 2.00 1.00 1/100 1234\n"));
        QVERIFY(zone(0, "70000"));
        SystemConfig c = config();
        c.health.maxMemoryPercent = 85;
        c.health.maxLoad = 2.5;
        c.health.maxTemperature = 60;
        const HealthReport r = run(c);
        QVERIFY(!r.passed);
        QCOMPARE(r.checks.size(), 3);
        for (const HealthCheckResult &check : r.checks) {
            QVERIFY2(!check.passed, qPrintable(check.detail));
        }
        QVERIFY(r.checks.at(0).detail.startsWith(s("average 90.0 %")));
        QCOMPARE(r.failureSummary(),
                 s("max-memory-percent failed: average 90.0 % over 1 s, maximum 90.0 % (limit "
                   "85 %)"));
    }

    void limitsJudgeTheAverage()
    {
        // A script changes the readings shortly after the first sample: the temperature drops
        // from 90 to 10 °C (one or two hot samples out of five: average well under 50) and the
        // load rises from 0.1 to 5 (average well over 2).
        QVERIFY(zone(0, "90000"));
        QVERIFY(proc("loadavg", "0.10 0.10 0.10 1/100 1\n"));
        QVERIFY(script(QStringLiteral("10-change"),
                       QStringLiteral("sleep 0.3\necho 10000 >%1\necho '5.00 1 1 1/1 1' >%2\n")
                           .arg(path(QStringLiteral("thermal/thermal_zone0/temp")),
                                path(QStringLiteral("proc/loadavg")))));
        SystemConfig c = scriptConfig();
        c.health.sampleWindowSeconds = 4;
        c.health.maxTemperature = 50;
        c.health.maxLoad = 2;
        const HealthReport r = run(c);
        QCOMPARE(kinds(r), QStringList({s("script:10-change"), s("temperature:max-temperature"),
                                        s("load:max-load")}));
        QVERIFY2(r.checks.at(1).passed, qPrintable(r.checks.at(1).detail));
        QVERIFY2(r.checks.at(1).detail.contains(s("maximum 90.0 °C")),
                 qPrintable(r.checks.at(1).detail));
        QVERIFY2(!r.checks.at(2).passed, qPrintable(r.checks.at(2).detail));
        QVERIFY2(r.checks.at(2).detail.contains(s("maximum 5.00")),
                 qPrintable(r.checks.at(2).detail));
    }

    void limitsUnreadable()
    {
        SystemConfig c = config();
        c.health.maxTemperature = 60;
        c.health.maxMemoryPercent = 90;
        c.health.maxLoad = 1;
        QVERIFY(proc("loadavg", "\n"));
        HealthReport r = run(c);
        QVERIFY(!r.passed);
        QCOMPARE(r.checks.size(), 3);
        QVERIFY2(r.checks.at(0).detail.startsWith(
                     s("cannot read %1/meminfo").arg(c.health.procDirectory)),
                 qPrintable(r.checks.at(0).detail));
        QCOMPARE(r.checks.at(1).detail,
                 s("the thermal directory %1 does not exist").arg(c.health.thermalDirectory));
        QCOMPARE(r.checks.at(2).detail,
                 s("%1/loadavg does not start with a load average").arg(c.health.procDirectory));

        QVERIFY(QDir().mkpath(c.health.thermalDirectory));
        QVERIFY(proc("meminfo", "MemTotal: 1000 kB\n"));
        r = run(c);
        QCOMPARE(r.checks.at(1).detail,
                 s("no thermal zones (thermal_zone*) in %1").arg(c.health.thermalDirectory));
        QVERIFY(r.checks.at(0).detail.contains(s("no MemTotal and MemAvailable")));
    }

    void minimumUptime()
    {
        SystemConfig c = config();
        c.health.minUptimeSeconds = 100;
        QVERIFY(proc("uptime", "500.25 1000.00\n"));
        HealthReport r = run(c);
        QVERIFY2(r.passed, qPrintable(dump(r)));
        QCOMPARE(kinds(r), QStringList{s("uptime:min-uptime")});
        QCOMPARE(r.checks.at(0).detail, s("up 500 s (minimum 100 s)"));
        QVERIFY(r.durationMs < 5000);

        // Up 1 s of the 2 s required: the run waits for the rest.
        c.health.minUptimeSeconds = 2;
        QVERIFY(proc("uptime", "1.00 1.00\n"));
        r = run(c);
        QVERIFY2(r.passed, qPrintable(dump(r)));
        QVERIFY(r.checks.at(0).detail.startsWith(s("up 2 s after waiting")));
        QVERIFY(r.durationMs >= 900 && r.durationMs < 10000);

        // Not waited for once another check failed.
        c.health.minUptimeSeconds = 3600;
        c.health.units = QStringList{s("x.service")};
        r = run(c, [](const QString &) { return UnitState{s("failed"), s("failed"), {}}; });
        QVERIFY(!r.passed);
        QCOMPARE(r.checks.size(), 2);
        QVERIFY(r.checks.at(1).detail.contains(s("not waited for")));
        QVERIFY(r.durationMs < 5000);

        QVERIFY(QFile::remove(path(QStringLiteral("proc/uptime"))));
        c.health.units.clear();
        r = run(c);
        QVERIFY(!r.passed);
        QVERIFY(r.checks.at(0).detail.startsWith(s("cannot read ")));
    }

    void globalTimeout()
    {
        const QString pidFile = path(QStringLiteral("child.pid"));
        QVERIFY(script(QStringLiteral("10-ok"), QStringLiteral("exit 0\n")));
        QVERIFY(script(QStringLiteral("20-hang"),
                       QStringLiteral("sleep 1000 &\necho $! >%1\nsleep 1000\n").arg(pidFile)));
        QVERIFY(script(QStringLiteral("30-after"), QStringLiteral("exit 0\n")));
        QVERIFY(proc("meminfo", "MemTotal: 1000 kB\nMemAvailable: 900 kB\n"));
        SystemConfig c = scriptConfig();
        c.health.timeoutSeconds = 2;
        c.health.scriptTimeoutSeconds = 30;
        c.health.maxMemoryPercent = 50; // its 1 s window ends before the timeout
        const HealthReport r = run(c);
        QVERIFY(!r.passed);
        QVERIFY(r.timedOut);
        QVERIFY(!r.cancelled);
        QVERIFY(r.durationMs < 15000);
        QCOMPARE(kinds(r), QStringList({s("script:10-ok"), s("timeout:20-hang"),
                                        s("timeout:30-after"), s("memory:max-memory-percent")}));
        QCOMPARE(r.checks.at(1).detail,
                 s("script 20-hang stopped when the time limit of 2 s ran out"));
        QCOMPARE(r.checks.at(2).detail, s("script 30-after not started: the time limit of 2 s "
                                          "ran out"));
        QVERIFY(r.checks.at(3).passed);
        QCOMPARE(r.failureSummary(),
                 s("timed out: script 20-hang stopped when the time limit of 2 s ran out"));
        const pid_t child = pid_t(testutil::readFile(pidFile).trimmed().toInt());
        QVERIFY(child > 0);
        QTRY_VERIFY_WITH_TIMEOUT(processGone(child), 5000);
    }

    void cancel()
    {
        QVERIFY(script(QStringLiteral("10-hang"), QStringLiteral("sleep 1000\n")));
        QVERIFY(script(QStringLiteral("20-after"), QStringLiteral("exit 0\n")));
        SystemConfig c = scriptConfig();
        c.health.minUptimeSeconds = 3600;
        QVERIFY(proc("uptime", "1.00 1.00\n"));
        std::atomic<bool> cancelled{false};
        std::thread canceller([&cancelled] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            cancelled = true;
        });
        const HealthReport r = run(c, {}, &cancelled);
        canceller.join();
        QVERIFY(!r.passed);
        QVERIFY(r.cancelled);
        QVERIFY(!r.timedOut);
        QVERIFY(r.durationMs < 5000);
        QCOMPARE(kinds(r), QStringList({s("cancelled:10-hang"), s("cancelled:20-after"),
                                        s("uptime:min-uptime")}));
        QVERIFY(r.failureSummary().startsWith(s("cancelled: script 10-hang stopped")));

        // The minimum-uptime wait is not bound by the timeout, but it is by the cancel flag.
        SystemConfig wait = config();
        wait.health.minUptimeSeconds = 3600;
        wait.health.timeoutSeconds = 1;
        cancelled = false;
        std::thread later([&cancelled] {
            std::this_thread::sleep_for(std::chrono::milliseconds(1500));
            cancelled = true;
        });
        const HealthReport w = run(wait, {}, &cancelled);
        later.join();
        QVERIFY(w.cancelled);
        QCOMPARE(kinds(w), QStringList{s("cancelled:min-uptime")});
        QVERIFY(w.durationMs >= 1400 && w.durationMs < 10000);
    }

    void reportFormats()
    {
        QVERIFY(script(QStringLiteral("10-ok"), QStringLiteral("exit 0\n")));
        QVERIFY(script(QStringLiteral("20-ping"),
                       QStringLiteral("echo 'no reply from 10.0.0.1'\necho second\nexit 3\n")));
        SystemConfig c = scriptConfig();
        c.health.units = QStringList{s("app.service")};
        const HealthReport r = run(c, [](const QString &) {
            return UnitState{s("active"), s("running"), {}};
        });
        QVERIFY(!r.passed);

        const QJsonObject json = r.toJson();
        QCOMPARE(json.value(s("passed")).toBool(true), false);
        QCOMPARE(json.value(s("timedOut")).toBool(true), false);
        QCOMPARE(json.value(s("cancelled")).toBool(true), false);
        QCOMPARE(QDateTime::fromString(json.value(s("startedAt")).toString(), Qt::ISODateWithMs),
                 r.startedAt);
        QVERIFY(json.value(s("startedAt")).toString().endsWith(QLatin1Char('Z')));
        QCOMPARE(json.value(s("durationMs")).toInteger(-1), r.durationMs);
        const QJsonArray checks = json.value(s("checks")).toArray();
        QCOMPARE(checks.size(), 3);
        const QJsonObject unit = checks.at(0).toObject();
        QCOMPARE(unit.value(s("kind")).toString(), s("unit"));
        QCOMPARE(unit.value(s("name")).toString(), s("app.service"));
        QCOMPARE(unit.value(s("passed")).toBool(false), true);
        QCOMPARE(unit.value(s("detail")).toString(), s("app.service is active (running)"));
        QVERIFY(!unit.contains(s("outputTail")));
        QVERIFY(unit.value(s("durationMs")).isDouble());
        const QJsonObject ping = checks.at(2).toObject();
        QCOMPARE(ping.value(s("passed")).toBool(true), false);
        QCOMPARE(ping.value(s("detail")).toString(), s("exit code 3"));
        QCOMPARE(ping.value(s("outputTail")).toString(), s("no reply from 10.0.0.1\nsecond\n"));

        const QString text = r.toText();
        QVERIFY2(text.startsWith(s("Health check FAILED (started ")), qPrintable(text));
        QVERIFY2(text.contains(s("  PASS  unit app.service: app.service is active (running) (")),
                 qPrintable(text));
        QVERIFY(text.contains(s("  PASS  script 10-ok: exit code 0 (")));
        QVERIFY(text.contains(s("  FAIL  script 20-ping: exit code 3 (")));
        QVERIFY(text.contains(s("\n        | no reply from 10.0.0.1\n        | second\n")));
        QCOMPARE(r.failureSummary(), s("script 20-ping failed: exit code 3"));
        QVERIFY(HealthReport{}.toText().contains(s("FAILED")));
    }
};

QTEST_GUILESS_MAIN(TestHealth)
#include "tst_health.moc"
