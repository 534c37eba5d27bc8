// Artifacts installed from bundles on a simulated device (scripts/sim/device), through the
// command-line tool as a technician runs it: `bundle create --artifact`, `install`, `artifacts`,
// `artifacts rollback`, with real activation commands and real health scripts. Risks: a layer in
// use that is partial, unverified or unfit for the OS; a failed activation or health check that
// leaves the new layer in use; a bundle of layers that touches the slots; a power cut that
// leaves a link on a partial version.
#include "artifacts/artifactstore.h"
#include "bundle/bundlewriter.h"
#include "simdevice.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <sys/stat.h>

using testutil::RunResult;
using testutil::s;

namespace {

QByteArray contentOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString output(const RunResult &r)
{
    return QString::fromUtf8(r.out + r.err);
}

} // namespace

class TestArtifactInstall : public QObject, private testutil::SimDevice {
    Q_OBJECT
    // The device's models repository (type files) and its add-on tree (type tree), each with an
    // activation script that logs what the link shows when it runs.
    bool addRepositories(const QString &activateExit = s("0"))
    {
        const QString script = m_dev + s("/activate.sh");
        const QByteArray body = "#!/bin/sh\nprintf '%s %s\\n' \"$1\" \"$(readlink \"$2\")\" >> " +
                                QFile::encodeName(m_dev) + "/activations.log\nexit " +
                                activateExit.toUtf8() + "\n";
        if (!testutil::writeFile(script, body) ||
            !QFile::setPermissions(script,
                                   QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner)) {
            return false;
        }
        QFile conf(this->conf());
        if (!conf.open(QIODevice::Append)) {
            return false;
        }
        const QByteArray dev = QFile::encodeName(m_dev);
        conf.write("[artifacts.models]\npath=" + dev +
                   "/models\ntype=files\nactivate=" + QFile::encodeName(script) + " models " + dev +
                   "/models/detector\n" + "[artifacts.web]\npath=" + dev + "/web\ntype=tree\n");
        return true;
    }

    // The device's system extensions: [artifacts.extensions], type sysext.
    bool addExtensionRepository()
    {
        QFile conf(this->conf());
        if (!conf.open(QIODevice::Append)) {
            return false;
        }
        conf.write("[artifacts.extensions]\npath=" + QFile::encodeName(m_dev) +
                   "/extensions\ntype=sysext\n");
        return true;
    }

    // A squashfs system extension "monitor" at `version` with the extension-release `release`.
    QString extensionImage(const QString &version, const QByteArray &release)
    {
        const QString root = m_dev + s("/ext-") + version;
        const QString file = root + s(".raw");
        return QDir().mkpath(root + s("/usr/lib/extension-release.d")) &&
                       QDir().mkpath(root + s("/usr/bin")) &&
                       testutil::writeFile(root + s("/usr/bin/monitor"), version.toUtf8()) &&
                       testutil::writeFile(
                           root + s("/usr/lib/extension-release.d/extension-release.monitor"),
                           release) &&
                       testutil::run(s("mksquashfs"), {root, file, s("-quiet"), s("-noappend")})
                               .exitCode == 0
                   ? file
                   : QString();
    }

    // A system bundle at `version` (a small random image) declaring `osRelease` (none: empty).
    QString systemBundle(const QString &version, const QByteArray &osRelease)
    {
        const QString image = m_dev + s("/rootfs-") + version;
        const QString out = m_dev + s("/system-") + version + s(".seesaw");
        if (!testutil::writeFile(image, testutil::randomBytes(qsizetype(1) << 20, 9))) {
            return {};
        }
        QStringList extra{s("--image"), s("rootfs=") + image};
        if (!osRelease.isEmpty()) {
            const QString file = m_dev + s("/os-release-") + version;
            if (!testutil::writeFile(file, osRelease)) {
                return {};
            }
            extra << s("--os-release") << file;
        }
        const RunResult r = runCreate(extra, version, out);
        return r.exitCode == 0 ? out : QString();
    }

    // A bundle of the models artifact detector at `version`, holding `content`.
    QString modelBundle(const QString &version, const QByteArray &content)
    {
        const QString file = m_dev + s("/detector-") + version;
        const QString out = m_dev + s("/models-") + version + s(".seesaw");
        if (!testutil::writeFile(file, content)) {
            return {};
        }
        const RunResult r = runCreate(
            {s("--artifact"), s("files:models/detector:") + version + s("=") + file}, version, out);
        return r.exitCode == 0 ? out : QString();
    }

    RunResult runCreate(const QStringList &extra, const QString &version, const QString &out)
    {
        return testutil::runCli(QStringList{s("bundle"), s("create"), s("--compatible"),
                                            compatible(), s("--version"), version, s("--key"),
                                            m_dev + s("/signing-key.pem"), s("-o"), out} +
                                extra);
    }

    QString compatible() { return status().value(s("compatible")).toString(); }

    QJsonArray artifacts()
    {
        const RunResult r = cli({s("artifacts"), s("--json")});
        return QJsonDocument::fromJson(r.out).array();
    }

    QString modelVersion()
    {
        const QJsonArray all = artifacts();
        for (const auto &v : all) {
            const QJsonObject entry = v.toObject();
            if (entry.value(s("name")).toString() == QLatin1String("detector")) {
                return entry.value(s("version")).toString();
            }
        }
        return {};
    }

    QStringList artifactEvents()
    {
        QStringList out;
        for (const seesaw::HistoryEntry &e : historyEntries()) {
            if (e.event.startsWith(QLatin1String("artifact-"))) {
                out.append(e.event + QLatin1Char(' ') + e.details.value(s("version")).toString());
            }
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    // A model installed, updated and rolled back: each version verified into the store, the
    // link switched, the activation run once per change, no slot touched, nothing to reboot.
    void modelUpdatedAndRolledBack()
    {
        QVERIFY(newDevice(s("grub")));
        QVERIFY(addRepositories());
        const QByteArray v1 = testutil::randomBytes(qsizetype(3) * 1024 * 1024 + 17, 1);
        const QByteArray v2 = testutil::randomBytes(qsizetype(2) * 1024 * 1024 + 5, 2);
        const QMap<QString, QString> before = bootVariables();

        RunResult r = installFile(modelBundle(s("1.0.0"), v1));
        QVERIFY2(r.exitCode == 0, qPrintable(output(r)));
        QVERIFY2(output(r).contains(s("models/detector 1.0.0 is installed and in use")),
                 qPrintable(output(r)));
        const QString link = m_dev + s("/models/detector");
        QCOMPARE(contentOf(link), v1);
        QVERIFY(QFileInfo(link).isSymLink());

        r = installFile(modelBundle(s("1.1.0"), v2));
        QVERIFY2(r.exitCode == 0, qPrintable(output(r)));
        QCOMPARE(contentOf(link), v2);
        QCOMPARE(modelVersion(), s("1.1.0"));
        const QJsonObject entry = artifacts().at(0).toObject();
        QCOMPARE(entry[s("previous")].toString(), s("1.0.0"));
        QCOMPARE(entry[s("bytes")].toInteger(), qint64(v2.size()));

        // Nothing of the slots changed, and nothing waits for a reboot.
        QCOMPARE(bootVariables(), before);
        QVERIFY(status().value(s("pending")).isNull() ||
                status().value(s("pending")).isUndefined());

        r = cli({s("artifacts"), s("rollback"), s("models/detector")});
        QVERIFY2(r.exitCode == 0, qPrintable(output(r)));
        QCOMPARE(contentOf(link), v1);
        QCOMPARE(modelVersion(), s("1.0.0"));
        // The activation ran after each switch and saw the new version already in place.
        const QStringList log = QString::fromUtf8(contentOf(m_dev + s("/activations.log")))
                                    .split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(log.size(), 3);
        const QString store = m_dev + s("/data/artifacts/models/detector/");
        QCOMPARE(log,
                 (QStringList{s("models ") + store + s("1.0.0"), s("models ") + store + s("1.1.0"),
                              s("models ") + store + s("1.0.0")}));
        QCOMPARE(artifactEvents(),
                 (QStringList{s("artifact-installed 1.0.0"), s("artifact-installed 1.1.0"),
                              s("artifact-rolled-back 1.0.0")}));
        QVERIFY(historyVerifies());
    }

    // A failing health check after the switch puts the version before back in use and runs the
    // activation again; the install reports the failure.
    void failedHealthCheckRollsBack()
    {
        QVERIFY(newDevice(s("uboot")));
        QVERIFY(addRepositories());
        const QByteArray v1 = testutil::randomBytes(qsizetype(1024) * 1024, 3);
        QCOMPARE(installFile(modelBundle(s("1.0.0"), v1)).exitCode, 0);
        addScript(s("20-app"), "echo model does not load >&2\nexit 3\n");
        const RunResult r = installFile(modelBundle(s("2.0.0"), testutil::randomBytes(5000, 4)));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(output(r).contains(s("health check failed")) &&
                     output(r).contains(s("back at the versions they had")),
                 qPrintable(output(r)));
        QCOMPARE(contentOf(m_dev + s("/models/detector")), v1);
        QCOMPARE(modelVersion(), s("1.0.0"));
        QCOMPARE(artifactEvents(),
                 (QStringList{s("artifact-installed 1.0.0"), s("artifact-installed 2.0.0"),
                              s("artifact-rolled-back 1.0.0"), s("artifact-failed 2.0.0")}));
        // installed 1.0.0, 2.0.0, then 1.0.0 again
        QCOMPARE(contentOf(m_dev + s("/activations.log")).count('\n'), 3);
    }

    // An activation command that fails is a failed install: the entry goes back.
    void failedActivationRollsBack()
    {
        QVERIFY(newDevice(s("uboot")));
        QVERIFY(addRepositories(s("7")));
        const RunResult r = installFile(modelBundle(s("1.0.0"), "model\n"));
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(output(r).contains(s("exit code 7")), qPrintable(output(r)));
        // The first version of an entry is undone by taking the entry out of use.
        QVERIFY(!QFileInfo::exists(m_dev + s("/models/detector")));
        QVERIFY(!QFileInfo(m_dev + s("/models/detector")).isSymLink());
        QCOMPARE(modelVersion(), QString());
    }

    // A tree: a directory made into a tar stream on the build host, extracted on the device
    // while its chunks are verified.
    void treeInstalled()
    {
        QVERIFY(newDevice(s("systemd-boot")));
        QVERIFY(addRepositories());
        const QString tree = m_dev + s("/ui-src");
        QVERIFY(QDir().mkpath(tree + s("/static/js")));
        QVERIFY(testutil::writeFile(tree + s("/index.html"), "<p>v3</p>\n"));
        QVERIFY(
            testutil::writeFile(tree + s("/static/js/app.js"), testutil::randomBytes(70000, 5)));
        QVERIFY(QFile::link(s("static/js/app.js"), tree + s("/app.js")));
        const QString out = m_dev + s("/web.seesaw");
        const RunResult made =
            runCreate({s("--artifact"), s("tree:web/ui:3.0.0=") + tree}, s("3.0.0"), out);
        QVERIFY2(made.exitCode == 0, qPrintable(output(made)));
        const RunResult r = installFile(out);
        QVERIFY2(r.exitCode == 0, qPrintable(output(r)));
        QCOMPARE(contentOf(m_dev + s("/web/ui/index.html")), QByteArray("<p>v3</p>\n"));
        QCOMPARE(contentOf(m_dev + s("/web/ui/app.js")), testutil::randomBytes(70000, 5));
        QVERIFY(QFileInfo(m_dev + s("/web/ui/app.js")).isSymLink());
    }

    // A setuid file in a tree is refused where the bundle is made...
    void hostileTreeRefusedOnTheBuildHost()
    {
        QVERIFY(newDevice(s("uboot")));
        const QString tree = m_dev + s("/bad-tree");
        QVERIFY(QDir().mkpath(tree));
        QVERIFY(testutil::writeFile(tree + s("/tool"), "#!/bin/sh\n"));
        QVERIFY(QFile::setPermissions(tree + s("/tool"), QFile::ReadOwner | QFile::ExeOwner));
        QVERIFY(::chmod(QFile::encodeName(tree + s("/tool")).constData(), 04755) == 0);
        const RunResult r = runCreate({s("--artifact"), s("tree:web/ui:1.0.0=") + tree}, s("1.0.0"),
                                      m_dev + s("/bad.seesaw"));
        QVERIFY(r.exitCode != 0);
        QVERIFY2(output(r).contains(s("would refuse")), qPrintable(output(r)));
        QVERIFY(!QFileInfo::exists(m_dev + s("/bad.seesaw")));
    }

    // ...and, signed all the same by a build host that does not check, on the device: nothing
    // of it is used and nothing of it stays.
    void hostileTreeRefusedOnTheDevice()
    {
        QVERIFY(newDevice(s("uboot")));
        QVERIFY(addRepositories());
        const QString tree = m_dev + s("/bad-tree");
        QVERIFY(QDir().mkpath(tree));
        QVERIFY(testutil::writeFile(tree + s("/tool"), "#!/bin/sh\n"));
        QVERIFY(::chmod(QFile::encodeName(tree + s("/tool")).constData(), 04755) == 0);
        const QString tar = m_dev + s("/bad.tar");
        QCOMPARE(testutil::run(s("tar"), {s("-cf"), tar, s("-C"), tree, s(".")}).exitCode, 0);
        seesaw::BundleSpec spec;
        spec.compatible = compatible();
        spec.version = s("1.0.0");
        seesaw::BundleSpec::Artifact a;
        a.repository = s("web");
        a.name = s("ui");
        a.version = s("1.0.0");
        a.type = seesaw::ArtifactInfo::Type::Tree;
        a.path = tar;
        a.unpackedSize = 100;
        spec.artifacts = {a};
        auto key = seesaw::PrivateKey::fromPem(contentOf(m_dev + s("/signing-key.pem")));
        QVERIFY(key);
        spec.signingKeys = {*key};
        const QString out = m_dev + s("/bad.seesaw");
        QVERIFY(seesaw::createBundle(spec, out));
        const RunResult r = installFile(out);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(output(r).contains(s("setuid")) || output(r).contains(s("tar.mode")),
                 qPrintable(output(r)));
        QVERIFY(!QFileInfo::exists(m_dev + s("/web/ui")));
        // No partial version is left in the store.
        const QStringList left =
            QDir(m_dev + s("/data/artifacts/web/ui"))
                .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(u' ')));
    }

    // Refused before anything is written: a repository the device does not have, a type that
    // differs, the version already in use.
    void refusedUpFront()
    {
        QVERIFY(newDevice(s("uboot")));
        QVERIFY(addRepositories());
        const QString file = m_dev + s("/m");
        QVERIFY(testutil::writeFile(file, "m\n"));
        const QString out = m_dev + s("/other.seesaw");
        QCOMPARE(runCreate({s("--artifact"), s("files:maps/city:1.0.0=") + file}, s("1.0.0"), out)
                     .exitCode,
                 0);
        RunResult r = installFile(out);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(output(r).contains(s("no add-on repository \"maps\"")), qPrintable(output(r)));
        QCOMPARE(
            runCreate({s("--artifact"), s("files:web/ui:1.0.0=") + file}, s("1.0.0"), out).exitCode,
            0);
        r = installFile(out);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(output(r).contains(s("holds tree artifacts")), qPrintable(output(r)));
        const QString model = modelBundle(s("1.0.0"), "m1\n");
        QCOMPARE(installFile(model).exitCode, 0);
        r = installFile(model);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(output(r).contains(s("already the version in use")), qPrintable(output(r)));
        QCOMPARE(artifactEvents(), QStringList{s("artifact-installed 1.0.0")});
    }

    // A system extension (a squashfs image made here) installs only where its
    // extension-release fits the running OS (ID=seesaw-sim VERSION_ID=1.0.0 on the simulator),
    // and appears as NAME.raw, where systemd-sysext looks for it.
    void extensionMustFitTheOs()
    {
        QVERIFY(newDevice(s("uboot")));
        QVERIFY(addExtensionRepository());
        const auto image = [this](const QString &version, const QByteArray &release) {
            return extensionImage(version, release);
        };
        const QString fits = image(s("1.0"), "ID=seesaw-sim\nVERSION_ID=1.0.0\n");
        const QString unfit = image(s("2.0"), "ID=seesaw-sim\nVERSION_ID=9\n");
        QVERIFY(!fits.isEmpty() && !unfit.isEmpty());
        const QString out = m_dev + s("/ext.seesaw");
        RunResult made = runCreate({s("--artifact"), s("sysext:extensions/monitor:2.0=") + unfit},
                                   s("2.0.0"), out);
        QVERIFY2(made.exitCode == 0, qPrintable(output(made)));
        RunResult r = installFile(out);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(output(r).contains(s("needs VERSION_ID 9; the system has 1.0.0")),
                 qPrintable(output(r)));
        QVERIFY(!QFileInfo::exists(m_dev + s("/extensions/monitor.raw")));
        made = runCreate({s("--artifact"), s("sysext:extensions/monitor:1.0=") + fits}, s("1.0.0"),
                         out);
        QVERIFY2(made.exitCode == 0, qPrintable(output(made)));
        r = installFile(out);
        QVERIFY2(r.exitCode == 0, qPrintable(output(r)));
        QCOMPARE(contentOf(m_dev + s("/extensions/monitor.raw")), contentOf(fits));
        // An image whose extension-release is for another name is refused where it is made.
        made =
            runCreate({s("--artifact"), s("sysext:extensions/other:1.0=") + fits}, s("1.0.0"), out);
        QVERIFY(made.exitCode != 0);
        QVERIFY2(output(made).contains(s("extension-release.other")), qPrintable(output(made)));
    }

    // kill -9 (a power cut) after the link switched, before the health check gave its verdict:
    // the next boot's `seesaw health` judges the change. Passed: the new version stays. Failed
    // (a check that fails while the model is 2.0.0): the model goes back to 1.0.0, recorded
    // with the reason, and the check runs again, so the slot gets its own verdict (good).
    void restartBeforeTheVerdict_data()
    {
        QTest::addColumn<bool>("healthy");
        QTest::newRow("health passes at the next boot") << true;
        QTest::newRow("health fails at the next boot") << false;
    }
    void restartBeforeTheVerdict()
    {
        QFETCH(bool, healthy);
        QVERIFY(newDevice(s("uboot")));
        QVERIFY(addRepositories());
        QCOMPARE(installFile(modelBundle(s("1.0.0"), "v1\n")).exitCode, 0);
        const RunResult killed = cli({s("install"), s("--yes"), modelBundle(s("2.0.0"), "v2\n")},
                                     {s("SEESAW_FAULT=artifacts:after-switch")});
        QCOMPARE(killed.exitCode, -1);
        const QString pending = m_dev + s("/data/artifacts-pending.json");
        QVERIFY(QFile::exists(pending));
        // The same boot: `seesaw health` by hand leaves the verdict to the install.
        QCOMPARE(health().exitCode, 0);
        QVERIFY(QFile::exists(pending));
        if (!healthy) {
            addScript(s("10-model"),
                      "grep -q v1 " + QFile::encodeName(m_dev) + "/models/detector\n");
        }
        QVERIFY(!boot().isEmpty());
        // --json: the report alone on stdout, what happened to the add-ons on stderr.
        const RunResult judged = cli({s("health"), s("--json")});
        QVERIFY2(judged.exitCode == 0, qPrintable(output(judged)));
        QVERIFY2(QJsonDocument::fromJson(judged.out).isObject(), judged.out.constData());
        QVERIFY2(!QFile::exists(pending), qPrintable(output(judged)));
        QVERIFY2(modelVersion() == (healthy ? s("2.0.0") : s("1.0.0")), qPrintable(output(judged)));
        QCOMPARE(contentOf(m_dev + s("/models/detector")), healthy ? "v2\n" : "v1\n");
        QVERIFY2(output(judged).contains(healthy ? s("passed the health check and stay")
                                                 : s("they are back at their earlier versions")),
                 qPrintable(output(judged)));
        QStringList expected{s("artifact-installed 1.0.0"), s("artifact-installed 2.0.0")};
        if (!healthy) {
            expected << s("artifact-rolled-back 1.0.0");
        }
        QCOMPARE(artifactEvents(), expected);
        QVERIFY(historyVerifies());
        // The next boot has nothing left to judge.
        QVERIFY(!boot().isEmpty());
        const RunResult again = health();
        QVERIFY(!output(again).contains(s("switched before the restart")));
    }

    // A record of pending changes that is not what Seesaw writes (damaged, or planted) is named
    // and left alone; the boot's own health verdict still comes, and no artifact changes.
    void damagedPendingRecord_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("not JSON") << QByteArray("{\"transaction\":");
        QTest::newRow("a path for a name")
            << QByteArray(R"({"transaction":"t","boot_id":"b","changes":[{"repository":"models",)"
                          R"("name":"../../etc","from":"","to":"1"}]})");
        QTest::newRow("too large") << QByteArray(qsizetype(70) * 1024, ' ');
    }
    void damagedPendingRecord()
    {
        QFETCH(QByteArray, content);
        QVERIFY(newDevice(s("uboot")));
        QVERIFY(addRepositories());
        QCOMPARE(installFile(modelBundle(s("1.0.0"), "v1\n")).exitCode, 0);
        QVERIFY(testutil::writeFile(m_dev + s("/data/artifacts-pending.json"), content));
        QVERIFY(!boot().isEmpty());
        const RunResult r = health();
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(output(r).contains(s("is not a record of pending add-on changes")),
                 qPrintable(output(r)));
        QCOMPARE(modelVersion(), s("1.0.0"));
        QCOMPARE(artifactEvents(), QStringList{s("artifact-installed 1.0.0")});
    }

    // A bundle with a new system and a model: the model is written and verified with the slot
    // but stays unused while the old system runs; the new system's first boot switches it and
    // its health check judges both. A failed check, or a new system that never comes up, leaves
    // the old system with the model it had.
    void systemAndAddOnTogether_data()
    {
        QTest::addColumn<QString>("story");
        QTest::newRow("new system healthy") << s("healthy");
        QTest::newRow("new system's health check fails") << s("health-fails");
        QTest::newRow("new system never comes up") << s("no-start");
    }
    void systemAndAddOnTogether()
    {
        QFETCH(QString, story);
        QVERIFY(newDevice(s("uboot")));
        QVERIFY(addRepositories());
        QCOMPARE(installFile(modelBundle(s("1.0.0"), "v1\n")).exitCode, 0);
        const QString image = m_dev + s("/rootfs-2.0.0");
        const QString model = m_dev + s("/detector-2.0.0");
        QVERIFY(testutil::writeFile(image, testutil::randomBytes(qsizetype(1) << 20, 3)));
        QVERIFY(testutil::writeFile(model, "v2\n"));
        const QString both = m_dev + s("/both.seesaw");
        RunResult r = runCreate({s("--image"), s("rootfs=") + image, s("--artifact"),
                                 s("files:models/detector:2.0.0=") + model},
                                s("2.0.0"), both);
        QVERIFY2(r.exitCode == 0, qPrintable(output(r)));
        r = installFile(both);
        QVERIFY2(r.exitCode == 0, qPrintable(output(r)));
        QCOMPARE(modelVersion(), s("1.0.0"));
        QCOMPARE(contentOf(m_dev + s("/models/detector")), QByteArray("v1\n"));
        // Another change to the add-ons waits for the new system's first start.
        r = installFile(modelBundle(s("3.0.0"), "v3\n"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(output(r).contains(s("wait for its first start")), qPrintable(output(r)));
        // A health check run by hand before the restart changes nothing.
        QCOMPARE(health().exitCode, 0);
        QCOMPARE(modelVersion(), s("1.0.0"));

        if (story == QLatin1String("no-start")) {
            QVERIFY(bootByHand(s("A")));
        } else {
            if (story == QLatin1String("health-fails")) {
                addScript(s("10-model"),
                          "grep -q v1 " + QFile::encodeName(m_dev) + "/models/detector\n");
            }
            QCOMPARE(boot(), s("B"));
        }
        r = health();
        const QString said = output(r);
        if (story == QLatin1String("healthy")) {
            QVERIFY2(r.exitCode == 0, qPrintable(said));
            QVERIFY2(said.contains(s("The add-ons of this new system (models/detector 2.0.0) are "
                                     "in use")),
                     qPrintable(said));
            QCOMPARE(modelVersion(), s("2.0.0"));
            QCOMPARE(contentOf(m_dev + s("/models/detector")), QByteArray("v2\n"));
            QCOMPARE(last().value(s("outcome")).toString(), s("good"));
            // The model's rollback target is the version the old system used.
            QCOMPARE(cli({s("artifacts"), s("rollback"), s("models/detector")}).exitCode, 0);
            QCOMPARE(modelVersion(), s("1.0.0"));
        } else {
            if (story == QLatin1String("health-fails")) {
                // B failed: its add-ons went back, B was marked bad and the device restarted.
                QVERIFY2(said.contains(s("its add-ons (models/detector 2.0.0) are back")),
                         qPrintable(said));
                removeScripts();
                r = health(); // A's boot
            }
            QVERIFY2(r.exitCode == 0, qPrintable(output(r)));
            QCOMPARE(modelVersion(), s("1.0.0"));
            QCOMPARE(contentOf(m_dev + s("/models/detector")), QByteArray("v1\n"));
            QCOMPARE(status().value(s("booted")).toString(), s("A"));
        }
        QVERIFY(!QFile::exists(m_dev + s("/data/artifacts-pending.json")));
        QVERIFY(historyVerifies());
        // Nothing waits any more: add-ons install again.
        r = installFile(modelBundle(s("3.0.0"), "v3\n"));
        QVERIFY2(r.exitCode == 0, qPrintable(output(r)));
    }

    // An OS update says, before it is confirmed, which installed extensions the new system will
    // not merge, judged from the extension-release each version's bundle declared (kept beside
    // it in the store); it still installs (a warning), and a fitting OS gets a plain pass.
    void osUpdateWarnsOfUnfitExtensions()
    {
        QVERIFY(newDevice(s("uboot")));
        QVERIFY(addExtensionRepository());
        const QString ext = extensionImage(s("1.0"), "ID=seesaw-sim\nVERSION_ID=1.0.0\n");
        const QString out = m_dev + s("/ext.seesaw");
        QCOMPARE(
            runCreate({s("--artifact"), s("sysext:extensions/monitor:1.0=") + ext}, s("1.0.0"), out)
                .exitCode,
            0);
        RunResult r = installFile(out);
        QVERIFY2(r.exitCode == 0, qPrintable(output(r)));
        const QString recorded = m_dev + s("/data/artifacts/extensions/monitor/1.0.release");
        QCOMPARE(contentOf(recorded), QByteArray("ID=\"seesaw-sim\"\nVERSION_ID=\"1.0.0\"\n"));

        const auto dryRun = [this](const QString &bundle) {
            return cli({s("install"), s("--dry-run"), bundle});
        };
        r = dryRun(systemBundle(s("2.0.0"), "ID=seesaw-sim\nVERSION_ID=2.0.0\n"));
        QVERIFY2(r.exitCode == 0, qPrintable(output(r)));
        QVERIFY2(output(r).contains(s("[??] extensions/monitor 1.0 needs VERSION_ID 1.0.0; the "
                                      "system has 2.0.0. It will not be merged after the update")),
                 qPrintable(output(r)));
        r = dryRun(systemBundle(s("1.1.0"), "ID=seesaw-sim\nVERSION_ID=1.0.0\n"));
        QVERIFY2(output(r).contains(s("[ok] The installed extensions fit the new system.")),
                 qPrintable(output(r)));
        r = dryRun(systemBundle(s("1.2.0"), {}));
        QVERIFY2(output(r).contains(s("[??] extensions/monitor 1.0: the new system does not say "
                                      "which release it is")),
                 qPrintable(output(r)));
        // A version installed without a record (before Seesaw kept one) is named as unknown.
        QVERIFY(QFile::remove(recorded));
        r = dryRun(systemBundle(s("2.0.0"), "ID=seesaw-sim\nVERSION_ID=2.0.0\n"));
        QVERIFY2(output(r).contains(s("[??] extensions/monitor 1.0: its release fields were not "
                                      "recorded")),
                 qPrintable(output(r)));
    }

    // kill -9 at each step of an update from 1.0.0 to 2.0.0: the link shows a complete version,
    // the old or the new, and the next install succeeds.
    void killedAtEachStep_data()
    {
        QTest::addColumn<QString>("point");
        QTest::addColumn<bool>("switched");
        QTest::newRow("while writing") << s("artifacts:write") << false;
        QTest::newRow("before the commit") << s("artifacts:before-commit") << false;
        QTest::newRow("version complete, link not switched")
            << s("artifacts:before-switch") << false;
        QTest::newRow("link switched") << s("artifacts:after-switch") << true;
    }
    void killedAtEachStep()
    {
        QFETCH(QString, point);
        QFETCH(bool, switched);
        QVERIFY(newDevice(s("uboot")));
        QVERIFY(addRepositories());
        const QByteArray v1 = testutil::randomBytes(qsizetype(6) * 1024 * 1024, 6);
        const QByteArray v2 = testutil::randomBytes(qsizetype(6) * 1024 * 1024, 7);
        QCOMPARE(installFile(modelBundle(s("1.0.0"), v1)).exitCode, 0);
        const RunResult killed = cli({s("install"), s("--yes"), modelBundle(s("2.0.0"), v2)},
                                     {s("SEESAW_FAULT=") + point});
        QCOMPARE(killed.exitCode, -1);
        QCOMPARE(contentOf(m_dev + s("/models/detector")), switched ? v2 : v1);
        const QByteArray v3 = testutil::randomBytes(1024, 8);
        const RunResult next = installFile(modelBundle(s("3.0.0"), v3));
        QVERIFY2(next.exitCode == 0, qPrintable(output(next)));
        QCOMPARE(contentOf(m_dev + s("/models/detector")), v3);
        // Nothing partial is kept.
        const QStringList kept =
            QDir(m_dev + s("/data/artifacts/models/detector"))
                .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        for (const QString &name : kept) {
            QVERIFY2(!name.startsWith(u'.'), qPrintable(name));
        }
    }
};

QTEST_GUILESS_MAIN(TestArtifactInstall)
#include "tst_artifactinstall.moc"
