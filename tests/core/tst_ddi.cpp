// hawkBit's DDI replies as the device reads them, and the bodies it sends (net/ddi.h). The
// replies here are written from hawkBit's published DDI API; the real server is a Java service
// that Debian does not package, so the client's conversations are tested against a stand-in
// (issue 18) and these rows pin what each reply means, hostile ones included.
#include "net/ddi.h"
#include "net/ddireports.h"
#include "net/urltext.h"
#include "testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>

using namespace seesaw;
using testutil::s;

namespace {

const QUrl Controller(QStringLiteral("https://fleet.example:8443/DEFAULT/controller/v1/press-7"));

QByteArray link(const char *name, const QString &href)
{
    return QByteArray(R"(")") + name + R"(":{"href":")" + href.toUtf8() + R"("})";
}

QByteArray deploymentJson(const QByteArray &artifacts, const QByteArray &extra = {})
{
    return R"({"id":"42","deployment":{"download":"forced","update":"attempt",)"
           R"("maintenanceWindow":"unavailable","chunks":[{"part":"os","version":"2.1.0",)"
           R"("name":"rootfs","artifacts":[)" +
           artifacts + R"(]}]}, "actionHistory":{"status":"RUNNING","messages":["x"]})" + extra +
           "}";
}

QByteArray artifactJson(const char *filename, const QByteArray &fields = {})
{
    return QByteArray(R"({"filename":")") + filename +
           R"(","size":1048576,"hashes":{"sha1":"0b2e7f3c9a1d4e5f60718293a4b5c6d7e8f90123",)"
           R"("md5":"5d41402abc4b2a76b9719d911017c592","sha256":")" +
           QByteArray(64, 'a') + R"("},"_links":{)" +
           link("download-http",
                s("http://fleet.example:8080/DEFAULT/controller/v1/press-7/softwaremodules/7/"
                  "artifacts/") +
                    QString::fromLatin1(filename)) +
           "}" + fields + "}";
}

QString errorText(const Error &e)
{
    return e.code + QLatin1Char(' ') + e.message;
}

} // namespace

class TestDdi : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void controllerAddress()
    {
        HawkbitConfig c;
        c.server = s("https://fleet.example:8443/");
        c.tenant = s("ACME");
        QCOMPARE(ddi::controllerUrl(c, s("press-7")).toString(),
                 s("https://fleet.example:8443/ACME/controller/v1/press-7"));
        c.server = s("https://fleet.example/hawkbit");
        QCOMPARE(ddi::controllerUrl(c, s("a:b")).toString(),
                 s("https://fleet.example/hawkbit/ACME/controller/v1/a:b"));
        QVERIFY(ddi::controllerUrl(c, s("../admin")).isEmpty());
        QVERIFY(ddi::controllerUrl(c, QString()).isEmpty());

        const QUrl base(s("https://fleet.example/x"));
        QVERIFY(sameOrigin(QUrl(s("https://FLEET.example:443/y")), base));
        QVERIFY(!sameOrigin(QUrl(s("http://fleet.example/y")), base));
        QVERIFY(!sameOrigin(QUrl(s("https://fleet.example:8443/y")), base));
        QVERIFY(!sameOrigin(QUrl(s("https://cdn.example/y")), base));
    }

    void sleep_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("seconds"); // -1: refused
        QTest::newRow("five minutes") << s("00:05:00") << qint64(300);
        QTest::newRow("longest clock") << s("23:59:59") << qint64(86399);
        QTest::newRow("iso hours") << s("PT36H") << qint64(36 * 3600);
        QTest::newRow("iso mixed") << s("P1DT2H30M") << qint64(86400 + 2 * 3600 + 1800);
        QTest::newRow("iso seconds") << s("PT90S") << qint64(90);
        QTest::newRow("minutes 60") << s("00:60:00") << qint64(-1);
        QTest::newRow("short clock") << s("0:05:00") << qint64(-1);
        QTest::newRow("bare P") << s("P") << qint64(-1);
        QTest::newRow("bare PT") << s("PT") << qint64(-1);
        QTest::newRow("unit text") << s("5m") << qint64(-1);
        QTest::newRow("empty") << QString() << qint64(-1);
        QTest::newRow("more than a year") << s("P400D") << qint64(-1);
        QTest::newRow("negative") << s("-00:05:00") << qint64(-1);
        QTest::newRow("long") << QString(100, QLatin1Char('9')) << qint64(-1);
    }
    void sleep()
    {
        QFETCH(QString, text);
        QFETCH(qint64, seconds);
        const auto parsed = ddi::parseSleep(text);
        QCOMPARE(parsed.value_or(-1), seconds);
    }

    void controllerBase()
    {
        const auto idle =
            ddi::parseControllerBase(R"({"config":{"polling":{"sleep":"00:05:00"}}})", Controller);
        QVERIFY2(idle.ok(), qPrintable(idle.ok() ? QString() : errorText(idle.error())));
        QCOMPARE(idle->sleepSeconds.value_or(-1), 300);
        QVERIFY(idle->deploymentBase.isEmpty() && idle->cancelAction.isEmpty() &&
                idle->confirmationBase.isEmpty() && idle->configData.isEmpty());

        const QString base = Controller.toString();
        const auto work = ddi::parseControllerBase(
            R"({"config":{"polling":{"sleep":"PT36H","new":1}},"_links":{)" +
                link("deploymentBase", base + s("/deploymentBase/42?c=-147")) + "," +
                link("configData", base + s("/configData")) + "," +
                link("installedBase", base + s("/installedBase/17")) + R"(},"unknown":[1]})",
            Controller);
        QVERIFY2(work.ok(), qPrintable(work.ok() ? QString() : errorText(work.error())));
        QCOMPARE(work->sleepSeconds.value_or(-1), 36 * 3600);
        QCOMPARE(work->deploymentBase.toString(), base + s("/deploymentBase/42?c=-147"));
        QCOMPARE(work->configData.toString(), base + s("/configData"));
        QCOMPARE(work->installedBase.toString(), base + s("/installedBase/17"));
    }

    // A link to a DDI resource that leaves this controller's address would carry the device's
    // token elsewhere: refused, whatever the rest of the reply says.
    void controllerBaseRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("needle");
        const QString base = Controller.toString();
        const auto links = [](const QByteArray &l) -> QByteArray {
            return R"({"config":{"polling":{"sleep":"00:05:00"}},"_links":{)" + l + "}}";
        };
        QTest::newRow("other host")
            << links(link("deploymentBase",
                          s("https://evil.example:8443/DEFAULT/controller/v1/press-7/"
                            "deploymentBase/1")))
            << s("_links.deploymentBase.href leads away");
        QTest::newRow("plain http")
            << links(
                   link("cancelAction", s("http://fleet.example:8443/DEFAULT/controller/v1/press-7/"
                                          "cancelAction/1")))
            << s("leads away");
        QTest::newRow("another controller")
            << links(link("deploymentBase",
                          s("https://fleet.example:8443/DEFAULT/controller/v1/press-8/"
                            "deploymentBase/1")))
            << s("leads away");
        QTest::newRow("dot dot") << links(link("configData", base + s("/../../../x")))
                                 << s("leads away");
        QTest::newRow("user info")
            << links(link("configData", s("https://u:p@fleet.example:8443/DEFAULT/")))
            << s("not an http or https URL");
        QTest::newRow("file scheme")
            << links(link("configData", s("file:///etc/shadow"))) << s("not an http or https URL");
        QTest::newRow("link without href")
            << links(R"("configData":{"hreff":"x"})") << s("_links.configData.href is missing");
        QTest::newRow("sleep as number")
            << QByteArray(R"({"config":{"polling":{"sleep":300}}})") << s("config.polling.sleep");
        QTest::newRow("sleep nonsense")
            << QByteArray(R"({"config":{"polling":{"sleep":"soon"}}})") << s("00:05:00 or PT36H");
        QTest::newRow("not json") << QByteArray("<html>502 Bad Gateway</html>")
                                  << s("not a JSON object");
        QTest::newRow("array") << QByteArray("[]") << s("not a JSON object");
        QTest::newRow("too large") << QByteArray(ddi::MaxReplyBytes + 1, ' ') << s("larger than");
    }
    void controllerBaseRefused()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, needle);
        const auto parsed = ddi::parseControllerBase(json, Controller);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, s("ddi.reply"));
        QVERIFY2(parsed.error().message.contains(needle), qPrintable(parsed.error().message));
    }

    void deployment()
    {
        const QByteArray https = R"(,"_links":{"download":{"href":"https://cdn.example/b.seesaw"},)"
                                 R"("download-http":{"href":"http://cdn.example/b.seesaw"}})";
        const auto d = ddi::parseDeployment(
            deploymentJson(artifactJson("system-2.1.0.seesaw") + "," +
                           R"({"filename":"notes.txt","size":12,"hashes":{},"future":true)" +
                           https + "}"),
            Controller);
        QVERIFY2(d.ok(), qPrintable(d.ok() ? QString() : errorText(d.error())));
        QCOMPARE(d->actionId, s("42"));
        QCOMPARE(d->download, ddi::Handling::Forced);
        QCOMPARE(d->update, ddi::Handling::Attempt);
        QCOMPARE(d->maintenanceWindowOpen, std::optional<bool>(false));
        QCOMPARE(d->chunks.size(), 1);
        QCOMPARE(d->chunks[0].version, s("2.1.0"));
        QCOMPARE(d->chunks[0].artifacts.size(), 2);
        const ddi::Artifact &a = d->chunks[0].artifacts[0];
        QCOMPARE(a.size, 1048576U);
        QCOMPARE(a.sha256, QByteArray(32, char(0xaa)));
        // Only download-http given: taken as it is (stock servers name even https links so).
        QCOMPARE(a.download.host(), s("fleet.example"));
        QCOMPARE(d->chunks[0].artifacts[1].download.toString(), s("https://cdn.example/b.seesaw"));
        QVERIFY(d->chunks[0].artifacts[1].sha256.isEmpty());

        const auto bundle = ddi::seesawBundle(*d);
        QVERIFY(bundle.ok());
        QCOMPARE(bundle->filename, s("system-2.1.0.seesaw"));

        const auto confirmation = ddi::parseConfirmation(
            R"({"id":"43","confirmation":{"download":"attempt","update":"attempt","chunks":[]}})",
            Controller);
        QVERIFY(confirmation.ok());
        QCOMPARE(confirmation->actionId, s("43"));
        QVERIFY(!confirmation->maintenanceWindowOpen.has_value());
        QVERIFY(ddi::parseDeployment(R"({"id":"43","confirmation":{}})", Controller)
                    .error()
                    .message.contains(s("deployment is missing")));
    }

    void deploymentRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("needle");
        QTest::newRow("slash in name")
            << deploymentJson(artifactJson("../../etc/passwd")) << s("not a plain file name");
        QTest::newRow("hidden name")
            << deploymentJson(artifactJson(".seesaw")) << s("not a plain file name");
        QTest::newRow("control character")
            << deploymentJson(artifactJson("a\\u001b[31m.seesaw")) << s("filename");
        QByteArray negative = artifactJson("b.seesaw");
        negative.replace("1048576", "-1");
        QTest::newRow("negative size") << deploymentJson(negative) << s("not a size in bytes");
        QByteArray fraction = artifactJson("b.seesaw");
        fraction.replace("1048576", "1.5");
        QTest::newRow("fractional size") << deploymentJson(fraction) << s("size");
        QByteArray huge = artifactJson("b.seesaw");
        huge.replace("1048576", "1e300");
        QTest::newRow("huge size") << deploymentJson(huge) << s("size");
        QByteArray sha = artifactJson("b.seesaw");
        sha.replace(QByteArray(64, 'a'), "abc");
        QTest::newRow("short sha256") << deploymentJson(sha) << s("hashes.sha256");
        QByteArray ftp = artifactJson("b.seesaw");
        ftp.replace("http://fleet.example:8080", "ftp://fleet.example");
        QTest::newRow("ftp download") << deploymentJson(ftp) << s("not an http or https URL");
        QByteArray handling = deploymentJson(artifactJson("b.seesaw"));
        handling.replace(R"("forced")", R"("now")");
        QTest::newRow("download handling") << handling << s("skip, attempt, forced");
        QByteArray window = deploymentJson(artifactJson("b.seesaw"));
        window.replace("unavailable", "closed");
        QTest::newRow("window") << window << s("available, unavailable");
        QByteArray id = deploymentJson(artifactJson("b.seesaw"));
        id.replace(R"("42")", R"("4 2")");
        QTest::newRow("id with space") << id << s("not an action id");
        QByteArray idNumber = deploymentJson(artifactJson("b.seesaw"));
        idNumber.replace(R"("42")", "42");
        QTest::newRow("id as number") << idNumber << s("id is not a string");
        QByteArray many = artifactJson("a.seesaw");
        for (int i = 0; i < int(ddi::MaxArtifactsPerChunk); ++i) {
            many += "," + artifactJson("a.seesaw");
        }
        QTest::newRow("too many artifacts") << deploymentJson(many) << s("more than 32");
        QByteArray chunks = R"({"id":"1","deployment":{"download":"forced","update":"forced",)"
                            R"("chunks":[)";
        for (int i = 0; i <= int(ddi::MaxChunks); ++i) {
            chunks += QByteArray(i == 0 ? "" : ",") +
                      R"({"part":"os","version":"1","name":"n","artifacts":[]})";
        }
        QTest::newRow("too many chunks") << chunks + "]}}" << s("more than 16");
        QByteArray longName = deploymentJson(artifactJson("b.seesaw"));
        longName.replace(R"("rootfs")", QByteArray(R"(")" + QByteArray(200, 'r') + R"(")"));
        QTest::newRow("long chunk name") << longName << s("chunks[0].name");
    }
    void deploymentRefused()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, needle);
        const auto parsed = ddi::parseDeployment(json, Controller);
        QVERIFY(!parsed.ok());
        QCOMPARE(parsed.error().code, s("ddi.reply"));
        QVERIFY2(parsed.error().message.contains(needle), qPrintable(parsed.error().message));
    }

    void whichArtifactIsTheBundle()
    {
        ddi::Deployment d;
        d.chunks.append({s("os"), s("rootfs"), s("2.1.0"), {}});
        QCOMPARE(ddi::seesawBundle(d).error().code, s("ddi.no-bundle"));
        ddi::Artifact other{s("rootfs.swu"), QByteArray(32, 'x'), 10,
                            QUrl(s("https://fleet.example/a"))};
        d.chunks[0].artifacts.append(other);
        const auto none = ddi::seesawBundle(d);
        QCOMPARE(none.error().code, s("ddi.no-bundle"));
        QVERIFY2(none.error().message.contains(s("only: rootfs.swu")),
                 qPrintable(none.error().message));
        ddi::Artifact bundle{s("a.seesaw"), QByteArray(), 10, QUrl(s("https://fleet.example/b"))};
        d.chunks[0].artifacts.append(bundle);
        QVERIFY(ddi::seesawBundle(d).error().message.contains(s("without a SHA-256")));
        d.chunks[0].artifacts.last().sha256 = QByteArray(32, 'y');
        QCOMPARE(ddi::seesawBundle(d)->filename, s("a.seesaw"));
        bundle.filename = s("b.seesaw");
        d.chunks.append({s("app"), s("x"), s("1"), {bundle}});
        QCOMPARE(ddi::seesawBundle(d).error().code, s("ddi.several-bundles"));
    }

    void cancelAction()
    {
        const auto c = ddi::parseCancelAction(R"({"id":"42","cancelAction":{"stopId":"41"}})");
        QVERIFY(c.ok());
        QCOMPARE(c->actionId, s("42"));
        QCOMPARE(c->stopId, s("41"));
        QCOMPARE(ddi::parseCancelAction(R"({"id":"42","cancelAction":{}})").error().code,
                 s("ddi.reply"));
        QVERIFY(!ddi::parseCancelAction(R"({"id":"42","cancelAction":{"stopId":"../x"}})").ok());
        QVERIFY(ddi::parseCancelAction(R"({"id":"4 2","cancelAction":{"stopId":"41"}})")
                    .error()
                    .message.contains(s("id is not an action id")));
    }

    void bodies()
    {
        ddi::Feedback f;
        f.execution = ddi::Execution::Closed;
        f.finished = ddi::Finished::Failure;
        f.details = {s("The health check failed: app.service is inactive."), s("Rolled back.")};
        QCOMPARE(ddi::feedbackBody(f),
                 QByteArray(R"({"status":{"details":["The health check failed: app.service is )"
                            R"(inactive.","Rolled back."],"execution":"closed","result":)"
                            R"({"finished":"failure"}}})"));
        f.execution = ddi::Execution::Download;
        f.finished = ddi::Finished::None;
        f.progress = std::make_pair(3, 10);
        f.details = QStringList(100, QString(2000, QLatin1Char('d')));
        f.timestampMs = 1765000000000;
        const QJsonObject body = QJsonDocument::fromJson(ddi::feedbackBody(f)).object();
        const QJsonObject status = body.value(s("status")).toObject();
        QCOMPARE(status.value(s("execution")).toString(), s("download"));
        QCOMPARE(status.value(s("result")).toObject().value(s("progress")).toObject(),
                 QJsonObject({{s("cnt"), 3}, {s("of"), 10}}));
        QCOMPARE(status.value(s("details")).toArray().size(), ddi::MaxDetails);
        QCOMPARE(status.value(s("details")).toArray().at(0).toString().size(), ddi::MaxDetailChars);
        QCOMPARE(qint64(body.value(s("timestamp")).toDouble()), qint64(1765000000000));

        QCOMPARE(ddi::confirmationBody(false, {s("Not now")}),
                 QByteArray(R"({"confirmation":"denied","details":["Not now"]})"));
        QCOMPARE(ddi::confirmationBody(true, {}), QByteArray(R"({"confirmation":"confirmed"})"));

        const QJsonObject config =
            QJsonDocument::fromJson(
                ddi::configDataBody(
                    {{s("seesaw_version"), s("2.1.0")},
                     {s("slot"), s("B\u00e9~`\n") + QString(300, QLatin1Char('x'))}}))
                .object();
        QCOMPARE(config.value(s("mode")).toString(), s("merge"));
        const QString slot = config.value(s("data")).toObject().value(s("slot")).toString();
        QCOMPARE(slot.size(), ddi::MaxAttributeChars);
        QVERIFY2(slot.startsWith(s("B????x")), qPrintable(slot));
        QCOMPARE(config.value(s("data")).toObject().value(s("seesaw_version")).toString(),
                 s("2.1.0"));
    }

    // Reports wait in order and durably until the server takes them; what it will never take
    // is dropped, what it cannot take now stays, and nothing overtakes an earlier report.
    void reportQueue()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(s("hawkbit-reports.json"));
        DdiReportQueue queue(path);
        QCOMPARE(queue.load()->size(), 0);
        const auto report = [](const char *id, const char *body, bool final) {
            return DdiReport{s(id), s("deploymentBase"), QByteArray(body), final};
        };
        QVERIFY(queue.add(report("41", R"({"a":1})", true)));
        QVERIFY(queue.add(report("42", R"({"b":2})", false)));
        QVERIFY(queue.add(report("42", R"({"c":3})", true)));
        struct stat st {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777U, 0600U);
        QCOMPARE(DdiReportQueue(path).load()->size(), 3); // read back from the file

        QList<int> statuses{410, 200, 503};
        QList<QByteArray> sent;
        const auto scripted = [&](const DdiReport &r) -> Result<int> {
            sent.append(r.body);
            return statuses.takeFirst();
        };
        auto d = queue.deliver(scripted);
        QVERIFY(d.ok());
        QCOMPARE(d->dropped, 1);
        QCOMPARE(d->delivered, 1);
        QCOMPARE(d->waiting, 1);
        QVERIFY2(d->stoppedBy.contains(s("503")), qPrintable(d->stoppedBy));
        QCOMPARE(sent, QList<QByteArray>({R"({"a":1})", R"({"b":2})", R"({"c":3})"}));
        QCOMPARE(queue.load()->size(), 1);
        QCOMPARE(queue.load()->at(0).body, QByteArray(R"({"c":3})"));

        d = queue.deliver([](const DdiReport &) -> Result<int> {
            return makeError(Error::Kind::Io, "net.unreachable", s("no route to the server"));
        });
        QCOMPARE(d->waiting, 1);
        QCOMPARE(d->stoppedBy, s("no route to the server"));
        d = queue.deliver([](const DdiReport &) -> Result<int> { return 200; });
        QCOMPARE(d->delivered, 1);
        QCOMPARE(d->waiting, 0);
        QCOMPARE(queue.load()->size(), 0);
    }

    void reportQueueBounds()
    {
        QTemporaryDir dir;
        DdiReportQueue queue(dir.filePath(s("reports.json")));
        const auto report = [](int n, bool final) {
            return DdiReport{QString::number(n), s("deploymentBase"), QByteArray::number(n), final};
        };
        QVERIFY(queue.add(report(0, true)));
        for (int i = 1; i < int(DdiReportQueue::MaxReports); ++i) {
            QVERIFY(queue.add(report(i, false)));
        }
        QVERIFY(queue.add(report(1000, true))); // the oldest progress report (1) makes room
        auto kept = queue.load();
        QCOMPARE(kept->size(), DdiReportQueue::MaxReports);
        QCOMPARE(kept->at(0).actionId, s("0"));
        QCOMPARE(kept->at(1).actionId, s("2"));
        QCOMPARE(kept->last().actionId, s("1000"));

        DdiReportQueue finals(dir.filePath(s("finals.json")));
        for (int i = 0; i < int(DdiReportQueue::MaxReports); ++i) {
            QVERIFY(finals.add(report(i, true)));
        }
        QVERIFY(finals.add(report(2000, false))); // not worth a result: not kept
        QCOMPARE(finals.load()->last().actionId, s("63"));
        QVERIFY(finals.add(report(3000, true))); // the oldest result goes
        QCOMPARE(finals.load()->first().actionId, s("1"));
        QCOMPARE(finals.load()->last().actionId, s("3000"));

        QCOMPARE(queue.add({s("1"), s("rolloutBase"), "{}", true}).error().code, s("ddi.reports"));
        QCOMPARE(queue.add({s("../1"), s("cancelAction"), "{}", true}).error().code,
                 s("ddi.reports"));
        QCOMPARE(queue
                     .add({s("1"), s("cancelAction"),
                           QByteArray(DdiReportQueue::MaxBodyBytes + 1, 'x'), true})
                     .error()
                     .code,
                 s("ddi.reports"));
    }

    // A file Seesaw did not write is reported, not overwritten.
    void reportQueueDamaged()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(s("reports.json"));
        for (const QByteArray &text :
             {QByteArray("not json"), QByteArray(R"({"reports":[{"action":"1"}]})"),
              QByteArray(R"({"reports":[{"action":"1 2","channel":"cancelAction",)"
                         R"("body":"{}"}]})")}) {
            QVERIFY(testutil::writeFile(path, text));
            DdiReportQueue queue(path);
            QCOMPARE(queue.load().error().code, s("ddi.reports"));
            QVERIFY(!queue.add({s("1"), s("cancelAction"), "{}", true}));
            QVERIFY(!queue.deliver([](const DdiReport &) -> Result<int> { return 200; }));
            QCOMPARE(testutil::readFile(path), text);
        }
    }
};

QTEST_GUILESS_MAIN(TestDdi)
#include "tst_ddi.moc"
