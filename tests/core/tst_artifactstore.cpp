// ArtifactStore: versions of a repository on a real file system, switched by rename, rolled
// back, pruned, and what a process killed at each step leaves (the kill -9 cases need the crash
// points of the dev and asan presets; the test runs itself as the process that is killed).
#include "artifacts/artifactstore.h"
#include "testutil.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

using namespace seesaw;

namespace {

ArtifactRepository repoAt(const QString &path, ArtifactRepository::Type type, int keep = 2)
{
    ArtifactRepository repo;
    repo.name = QStringLiteral("test");
    repo.path = path;
    repo.store = path + QStringLiteral("-store");
    repo.type = type;
    repo.keep = keep;
    return repo;
}

// A version of a single-file artifact whose content names it.
Status install(const ArtifactStore &store, const QString &entry, const QString &version)
{
    const QByteArray content = "content of " + version.toUtf8() + '\n';
    auto staged = store.stage(entry, version, quint64(content.size()));
    if (!staged) {
        return staged.error();
    }
    if (::write(staged->fd.get(), content.constData(), size_t(content.size())) != content.size()) {
        return makeError(Error::Kind::Io, "test", QStringLiteral("short write"));
    }
    return store.commit(*staged);
}

QString linkTarget(const QString &path)
{
    char buffer[256] = {};
    const ssize_t n = ::readlink(QFile::encodeName(path).constData(), buffer, sizeof(buffer) - 1);
    return n > 0 ? QString::fromLocal8Bit(buffer, n) : QString();
}

QByteArray contentOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(unreadable)");
}

} // namespace

class TestArtifactStore : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private Q_SLOTS:
    void fileVersionsSwitchAndRollBack();
    void extensionImagesAreLinkedAsRaw();
    void extensionReleaseKeptWithItsVersion();
    void treeIsCommittedWhole();
    void oldVersionsArePruned();
    void refusals();
    void recoverRemovesOnlyLeftovers();
    void killedAtEachStep_data();
    void killedAtEachStep();
};

void TestArtifactStore::fileVersionsSwitchAndRollBack()
{
    const QString path = m_dir.filePath(QStringLiteral("models"));
    QVERIFY(QDir().mkpath(path));
    const ArtifactStore store(repoAt(path, ArtifactRepository::Type::Files));
    const QString link = path + QStringLiteral("/detector.onnx");
    QCOMPARE(store.linkPath(QStringLiteral("detector.onnx")), link);

    QVERIFY(install(store, QStringLiteral("detector.onnx"), QStringLiteral("1.0.0")));
    QCOMPARE(contentOf(link), QByteArray("content of 1.0.0\n"));
    QVERIFY(QFileInfo(link).isSymLink());
    auto st = store.state(QStringLiteral("detector.onnx"));
    QVERIFY(st);
    QCOMPARE(st->current, QStringLiteral("1.0.0"));
    QVERIFY(st->previous.isEmpty());
    QCOMPARE(st->currentBytes, quint64(17));

    QVERIFY(install(store, QStringLiteral("detector.onnx"), QStringLiteral("1.1.0")));
    QCOMPARE(contentOf(link), QByteArray("content of 1.1.0\n"));
    st = store.state(QStringLiteral("detector.onnx"));
    QCOMPARE(st->current, QStringLiteral("1.1.0"));
    QCOMPARE(st->previous, QStringLiteral("1.0.0"));

    QVERIFY(store.rollback(QStringLiteral("detector.onnx")));
    QCOMPARE(contentOf(link), QByteArray("content of 1.0.0\n"));
    st = store.state(QStringLiteral("detector.onnx"));
    QCOMPARE(st->current, QStringLiteral("1.0.0"));
    QCOMPARE(st->previous, QStringLiteral("1.1.0"));
    // A second rollback returns to where the first began.
    QVERIFY(store.rollback(QStringLiteral("detector.onnx")));
    QCOMPARE(contentOf(link), QByteArray("content of 1.1.0\n"));

    auto all = store.list();
    QVERIFY(all);
    QCOMPARE(all->size(), 1);
    QCOMPARE(all->first().entry, QStringLiteral("detector.onnx"));
    QCOMPARE(all->first().kept, (QStringList{QStringLiteral("1.0.0"), QStringLiteral("1.1.0")}));
}

void TestArtifactStore::extensionImagesAreLinkedAsRaw()
{
    const QString path = m_dir.filePath(QStringLiteral("extensions"));
    QVERIFY(QDir().mkpath(path));
    const ArtifactStore store(repoAt(path, ArtifactRepository::Type::Sysext));
    QVERIFY(install(store, QStringLiteral("tools"), QStringLiteral("2.0.0")));
    const QString link = path + QStringLiteral("/tools.raw");
    QCOMPARE(store.linkPath(QStringLiteral("tools")), link);
    QCOMPARE(linkTarget(link), path + QStringLiteral("-store/tools/2.0.0.raw"));
    QCOMPARE(store.state(QStringLiteral("tools"))->current, QStringLiteral("2.0.0"));
    // Only the link is in the directory extensions are discovered in (systemd-sysext would take
    // a hidden directory there for an extension too).
    QCOMPARE(
        QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot),
        QStringList{QStringLiteral("tools.raw")});
}

// The release fields a bundle declared for an extension version stay beside it, read back as
// they were written (quotes and escapes included), and go with it: pruned with it, removed by
// recover() when its version never became complete.
void TestArtifactStore::extensionReleaseKeptWithItsVersion()
{
    const QString path = m_dir.filePath(QStringLiteral("releases"));
    QVERIFY(QDir().mkpath(path));
    const ArtifactStore store(repoAt(path, ArtifactRepository::Type::Sysext, 2));
    const QString entry = QStringLiteral("tools");
    const auto installWith = [&](const QString &version, const ReleaseFields &release) -> Status {
        auto staged = store.stage(entry, version, 1);
        if (!staged) {
            return staged.error();
        }
        staged->release = release;
        return store.commit(*staged);
    };
    const ReleaseFields odd{QStringLiteral("os \"x\" $HOME `y` \\"),
                            QStringLiteral("12"),
                            {},
                            {},
                            QStringLiteral("x86-64")};
    QVERIFY(installWith(QStringLiteral("1"), odd));
    QCOMPARE(store.release(entry, QStringLiteral("1"))->value(), odd);
    QVERIFY(!store.release(entry, QStringLiteral("9"))->has_value());
    QVERIFY(
        installWith(QStringLiteral("2"), {QStringLiteral("os"), {}, QStringLiteral("3"), {}, {}}));
    QVERIFY(
        installWith(QStringLiteral("3"), {QStringLiteral("os"), {}, QStringLiteral("4"), {}, {}}));
    const QString dir = path + QStringLiteral("-store/tools/");
    QVERIFY(!QFile::exists(dir + QStringLiteral("1.release")));
    QVERIFY(!QFile::exists(dir + QStringLiteral("1.raw")));
    QCOMPARE(store.release(entry, QStringLiteral("3"))->value().sysextLevel, QStringLiteral("4"));
    // A commit cut after writing the record, before its version was renamed into place.
    QVERIFY(QFile::copy(dir + QStringLiteral("3.release"), dir + QStringLiteral("4.release")));
    QVERIFY(store.recover());
    QVERIFY(!QFile::exists(dir + QStringLiteral("4.release")));
    QVERIFY(QFile::exists(dir + QStringLiteral("3.release")));
    // A record that is not os-release syntax is an error, not a guess.
    QVERIFY(testutil::writeFile(dir + QStringLiteral("2.release"), "ID=\"open\n"));
    QCOMPARE(store.release(entry, QStringLiteral("2")).error().code,
             QStringLiteral("release.invalid"));
}

void TestArtifactStore::treeIsCommittedWhole()
{
    const QString path = m_dir.filePath(QStringLiteral("trees"));
    QVERIFY(QDir().mkpath(path));
    const ArtifactStore store(repoAt(path, ArtifactRepository::Type::Tree));
    for (const QString &version : {QStringLiteral("1.0.0"), QStringLiteral("1.0.1")}) {
        auto staged = store.stage(QStringLiteral("web"), version, 100);
        QVERIFY(staged);
        QVERIFY(!staged->fd.isValid());
        QVERIFY(QDir().mkpath(staged->path + QStringLiteral("/static")));
        QFile f(staged->path + QStringLiteral("/static/index.html"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("<p>" + version.toUtf8() + "</p>");
        f.close();
        QVERIFY(store.commit(*staged));
        QCOMPARE(contentOf(path + QStringLiteral("/web/static/index.html")),
                 "<p>" + version.toUtf8() + "</p>");
    }
    auto st = store.state(QStringLiteral("web"));
    QCOMPARE(st->previous, QStringLiteral("1.0.0"));
    QCOMPARE(st->currentBytes, quint64(12)); // "<p>1.0.1</p>"
}

void TestArtifactStore::oldVersionsArePruned()
{
    const QString path = m_dir.filePath(QStringLiteral("pruned"));
    QVERIFY(QDir().mkpath(path));
    const ArtifactStore store(repoAt(path, ArtifactRepository::Type::Files, 3));
    for (const QString &v :
         {QStringLiteral("1.0.0"), QStringLiteral("1.1.0"), QStringLiteral("1.2.0"),
          QStringLiteral("1.3.0"), QStringLiteral("1.4.0")}) {
        QVERIFY(install(store, QStringLiteral("m"), v));
        QTest::qSleep(10); // distinct modification times: "oldest" is by time
    }
    auto st = store.state(QStringLiteral("m"));
    QCOMPARE(st->kept, (QStringList{QStringLiteral("1.2.0"), QStringLiteral("1.3.0"),
                                    QStringLiteral("1.4.0")}));
    // After a rollback the version rolled back from is the rollback target; a new install keeps
    // the one in use and that one, and drops the oldest other.
    QVERIFY(store.rollback(QStringLiteral("m")));
    QVERIFY(install(store, QStringLiteral("m"), QStringLiteral("1.5.0")));
    st = store.state(QStringLiteral("m"));
    QCOMPARE(st->current, QStringLiteral("1.5.0"));
    QCOMPARE(st->previous, QStringLiteral("1.3.0"));
    QCOMPARE(st->kept.size(), 3);
    QVERIFY(st->kept.contains(QStringLiteral("1.4.0")));
}

void TestArtifactStore::refusals()
{
    const QString path = m_dir.filePath(QStringLiteral("refusals"));
    QVERIFY(QDir().mkpath(path));
    const ArtifactStore store(repoAt(path, ArtifactRepository::Type::Files));
    for (const QString &bad : {QStringLiteral("../x"), QStringLiteral(".hidden"),
                               QStringLiteral("a/b"), QStringLiteral("x.raw"), QString()}) {
        auto staged = store.stage(bad, QStringLiteral("1.0.0"), 1);
        QVERIFY2(!staged, qPrintable(bad));
        QCOMPARE(staged.error().code, QStringLiteral("artifacts.name"));
    }
    auto badVersion = store.stage(QStringLiteral("m"), QStringLiteral("../1"), 1);
    QCOMPARE(badVersion.error().code, QStringLiteral("artifacts.name"));
    // The rollback link's name: a version called so would be renamed over the link, and the
    // entry would then lead to the version before it.
    auto linkName = store.stage(QStringLiteral("m"), QStringLiteral("previous"), 1);
    QCOMPARE(linkName.error().code, QStringLiteral("artifacts.name"));
    auto huge = store.stage(QStringLiteral("m"), QStringLiteral("1.0.0"), quint64(1) << 60);
    QVERIFY(!huge);
    QCOMPARE(huge.error().code, QStringLiteral("artifacts.space"));
    QVERIFY(huge.error().message.contains(path));
    QVERIFY(install(store, QStringLiteral("m"), QStringLiteral("1.0.0")));
    auto again = store.stage(QStringLiteral("m"), QStringLiteral("1.0.0"), 1);
    QCOMPARE(again.error().code, QStringLiteral("artifacts.exists"));
    const Status noPrevious = store.rollback(QStringLiteral("m"));
    QCOMPARE(noPrevious.error().code, QStringLiteral("artifacts.no-previous"));
    QCOMPARE(contentOf(store.linkPath(QStringLiteral("m"))), QByteArray("content of 1.0.0\n"));
}

void TestArtifactStore::recoverRemovesOnlyLeftovers()
{
    const QString path = m_dir.filePath(QStringLiteral("recover"));
    QVERIFY(QDir().mkpath(path));
    const ArtifactStore store(repoAt(path, ArtifactRepository::Type::Files));
    QVERIFY(install(store, QStringLiteral("m"), QStringLiteral("1.0.0")));
    auto staged = store.stage(QStringLiteral("m"), QStringLiteral("2.0.0"), 10);
    QVERIFY(staged);
    QVERIFY(QFile::exists(staged->path));
    QVERIFY(QFile::link(path + QStringLiteral("-store/m/2.0.0"), path + QStringLiteral("/.m.new")));
    staged->fd.reset();
    QVERIFY(store.recover());
    QVERIFY(!QFile::exists(staged->path));
    QVERIFY(!QFileInfo(path + QStringLiteral("/.m.new")).isSymLink());
    QCOMPARE(store.state(QStringLiteral("m"))->kept, QStringList{QStringLiteral("1.0.0")});
    QCOMPARE(contentOf(store.linkPath(QStringLiteral("m"))), QByteArray("content of 1.0.0\n"));
}

void TestArtifactStore::killedAtEachStep_data()
{
    QTest::addColumn<QString>("point");
    QTest::addColumn<QString>("expected"); // the version in use afterwards
    QTest::newRow("before-complete") << "artifacts:before-complete"
                                     << "1.0.0";
    QTest::newRow("before-switch") << "artifacts:before-switch"
                                   << "1.0.0";
    QTest::newRow("before-link-rename") << "artifacts:before-link-rename"
                                        << "1.0.0";
    QTest::newRow("after-switch") << "artifacts:after-switch"
                                  << "2.0.0";
    // The second link made is the rollback target's; the first one already switched.
    QTest::newRow("before-link-rename:2") << "artifacts:before-link-rename:2"
                                          << "2.0.0";
}

void TestArtifactStore::killedAtEachStep()
{
#ifndef SEESAW_FAULT_INJECTION
    QSKIP("the crash points are compiled in with the dev and asan presets only");
#else
    QFETCH(QString, point);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(QStringLiteral("killed-") +
                                        QString(point).replace(QLatin1Char(':'), QLatin1Char('_')));
    QVERIFY(QDir().mkpath(path));
    const ArtifactStore store(repoAt(path, ArtifactRepository::Type::Files));
    QVERIFY(install(store, QStringLiteral("m"), QStringLiteral("1.0.0")));

    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("SEESAW_FAULT"), point);
    child.setProcessEnvironment(env);
    child.start(
        QCoreApplication::applicationFilePath(),
        {QStringLiteral("--install-helper"), path, QStringLiteral("m"), QStringLiteral("2.0.0")});
    QVERIFY(child.waitForFinished(30000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit); // killed at the point, not finished

    QVERIFY(store.recover());
    auto st = store.state(QStringLiteral("m"));
    QVERIFY(st);
    QCOMPARE(st->current, expected);
    QCOMPARE(contentOf(store.linkPath(QStringLiteral("m"))),
             "content of " + expected.toUtf8() + '\n');
    for (const QString &name :
         QDir(path + QStringLiteral("-store/m"))
             .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)) {
        QVERIFY2(!name.startsWith(QLatin1Char('.')), qPrintable(name));
    }
    // The install can be made again and completes.
    if (expected == QLatin1String("1.0.0")) {
        QVERIFY(install(store, QStringLiteral("m"), QStringLiteral("2.0.0")));
        QCOMPARE(store.state(QStringLiteral("m"))->previous, QStringLiteral("1.0.0"));
    }
    QCOMPARE(contentOf(store.linkPath(QStringLiteral("m"))), QByteArray("content of 2.0.0\n"));
#endif
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 5 && qstrcmp(argv[1], "--install-helper") == 0) {
        const ArtifactStore store(
            repoAt(QString::fromLocal8Bit(argv[2]), ArtifactRepository::Type::Files));
        return install(store, QString::fromLocal8Bit(argv[3]), QString::fromLocal8Bit(argv[4])) ? 0
                                                                                                : 1;
    }
    TestArtifactStore test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_artifactstore.moc"
