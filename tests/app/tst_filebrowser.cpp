// Risk: the file picker hides a bundle, offers something that is not a regular file (a FIFO
// would hang the daemon's read, a dangling link fails later), loses its way through symbolic
// links, sorts confusingly, or shows a stale listing instead of an error for a folder the
// operator may not read. QAbstractItemModelTester watches the model's shape in every test.
#include "filebrowser.h"
#include "testutil.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>
#include <sys/stat.h>
#include <unistd.h>

Q_IMPORT_QML_PLUGIN(SeesawPlugin)

using testutil::s;

namespace {
// Whatever the tester finds fails the running test.
constexpr auto Report = QAbstractItemModelTester::FailureReportingMode::QtTest;
} // namespace

class TestFileBrowser : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_root;

    [[nodiscard]] QString at(const QString &relative) const
    {
        return m_root + QLatin1Char('/') + relative;
    }

    static void touch(const QString &path, int bytes = 1)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(bytes, 'x'));
    }

    static QStringList names(const FileBrowser &b)
    {
        QStringList out;
        for (int i = 0; i < b.rowCount(); ++i) {
            out << b.data(b.index(i), FileBrowser::NameRole).toString();
        }
        return out;
    }

    static int rowOf(const FileBrowser &b, const QString &name)
    {
        return testutil::rowOf(b, FileBrowser::NameRole, name);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_root = QFileInfo(m_tmp.path()).canonicalFilePath();
        ::chmod(QFile::encodeName(m_root).constData(), 0755);
        for (const char *dir : {"b-dir", "A-dir", "c-dir", "dir10", "dir9", ".hidden-dir"}) {
            QVERIFY(QDir().mkpath(at(QLatin1String(dir))));
        }
        touch(at(QStringLiteral("update-2.seesaw")), 2048);
        touch(at(QStringLiteral("update-10.seesaw")));
        touch(at(QStringLiteral("Update-1.SEESAW")));
        touch(at(QStringLiteral("notes.txt")));
        touch(at(QStringLiteral(".hidden.seesaw")));
        touch(at(QStringLiteral("A-dir/inner.seesaw")));
        QVERIFY(::mkfifo(QFile::encodeName(at(QStringLiteral("fifo.seesaw"))).constData(), 0644) ==
                0);
        QVERIFY(
            QFile::link(at(QStringLiteral("update-2.seesaw")), at(QStringLiteral("link.seesaw"))));
        QVERIFY(QFile::link(at(QStringLiteral("A-dir")), at(QStringLiteral("link-dir"))));
        QVERIFY(QFile::link(at(QStringLiteral("missing.seesaw")),
                            at(QStringLiteral("dangling.seesaw"))));
        QVERIFY(QDir().mkpath(at(QStringLiteral("locked"))));
        touch(at(QStringLiteral("locked/secret.seesaw")));
        ::chmod(QFile::encodeName(at(QStringLiteral("locked"))).constData(), 0);
    }

    void cleanupTestCase()
    {
        ::chmod(QFile::encodeName(at(QStringLiteral("locked"))).constData(), 0755);
    }

    // Directories first, then files; each by name, case-insensitive, numbers by value.
    void sortOrderAndFilter()
    {
        FileBrowser b;
        QAbstractItemModelTester tester(&b, Report);
        b.setFolder(m_root);
        QCOMPARE(b.error(), QString());
        QCOMPARE(
            names(b),
            (QStringList{QStringLiteral("A-dir"), QStringLiteral("b-dir"), QStringLiteral("c-dir"),
                         QStringLiteral("dir9"), QStringLiteral("dir10"),
                         QStringLiteral("link-dir"), QStringLiteral("locked"),
                         QStringLiteral("link.seesaw"), QStringLiteral("Update-1.SEESAW"),
                         QStringLiteral("update-2.seesaw"), QStringLiteral("update-10.seesaw")}));
        const int row = rowOf(b, QStringLiteral("update-2.seesaw"));
        QCOMPARE(b.data(b.index(row), FileBrowser::SizeRole).toLongLong(), 2048);
        QCOMPARE(b.data(b.index(row), FileBrowser::IsDirRole).toBool(), false);
        QCOMPARE(b.data(b.index(row), FileBrowser::PathRole).toString(),
                 at(QStringLiteral("update-2.seesaw")));
        QVERIFY(b.data(b.index(row), FileBrowser::ModifiedRole).toDateTime().isValid());
        QCOMPARE(b.data(b.index(0), FileBrowser::IsDirRole).toBool(), true);
    }

    void hiddenAndOtherFilters()
    {
        FileBrowser b;
        QAbstractItemModelTester tester(&b, Report);
        b.setFolder(m_root);
        b.setShowHidden(true);
        QVERIFY(names(b).contains(QStringLiteral(".hidden-dir")));
        QVERIFY(names(b).contains(QStringLiteral(".hidden.seesaw")));
        b.setShowHidden(false);
        b.setNameFilters({QStringLiteral("*.txt")});
        QVERIFY(names(b).contains(QStringLiteral("notes.txt")));
        QVERIFY(!names(b).contains(QStringLiteral("update-2.seesaw")));
    }

    // A link is shown as what it points to, with the target as its path (what inspectFile's
    // O_NOFOLLOW open accepts); dangling links and FIFOs are not offered at all.
    void symbolicLinksAndSpecialFiles()
    {
        FileBrowser b;
        QAbstractItemModelTester tester(&b, Report);
        b.setFolder(m_root);
        const int link = rowOf(b, QStringLiteral("link.seesaw"));
        QVERIFY(link >= 0);
        QCOMPARE(b.data(b.index(link), FileBrowser::PathRole).toString(),
                 at(QStringLiteral("update-2.seesaw")));
        const int linkDir = rowOf(b, QStringLiteral("link-dir"));
        QVERIFY(b.data(b.index(linkDir), FileBrowser::IsDirRole).toBool());
        QCOMPARE(rowOf(b, QStringLiteral("dangling.seesaw")), -1);
        QCOMPARE(rowOf(b, QStringLiteral("fifo.seesaw")), -1);
        // Into the linked directory and back up: up leads to the real parent.
        b.cd(b.data(b.index(linkDir), FileBrowser::PathRole).toString());
        QCOMPARE(b.folder(), at(QStringLiteral("A-dir")));
        QCOMPARE(names(b), QStringList{QStringLiteral("inner.seesaw")});
        b.up();
        QCOMPARE(b.folder(), m_root);
    }

    void navigation()
    {
        FileBrowser b;
        QAbstractItemModelTester tester(&b, Report);
        QSignalSpy folderChanged(&b, &FileBrowser::folderChanged);
        b.setFolder(m_root);
        b.cd(QStringLiteral("b-dir"));
        QCOMPARE(b.folder(), at(QStringLiteral("b-dir")));
        QCOMPARE(b.parentFolder(), m_root);
        QCOMPARE(b.count(), 0);
        QVERIFY(folderChanged.count() >= 2);
        b.setFolder(QStringLiteral("/"));
        QCOMPARE(b.parentFolder(), QString());
        b.up();
        QCOMPARE(b.folder(), QStringLiteral("/"));
        b.setFolder(QUrl::fromLocalFile(m_root).toString());
        QCOMPARE(b.folder(), m_root);
    }

    // An unreadable folder says so and lists nothing (not the previous folder's files).
    void unreadableFolder()
    {
        FileBrowser b;
        QAbstractItemModelTester tester(&b, Report);
        b.setFolder(m_root);
        QVERIFY(b.count() > 0);
        // root reads anything: look as nobody (the effective uid decides; the saved uid
        // brings root back).
        const bool root = ::geteuid() == 0;
        if (root) {
            QVERIFY(::seteuid(65534) == 0);
        }
        b.cd(QStringLiteral("locked"));
        if (root) {
            QVERIFY(::seteuid(0) == 0);
        }
        QCOMPARE(b.folder(), at(QStringLiteral("locked")));
        QCOMPARE(b.count(), 0);
        QVERIFY(!b.error().isEmpty());
        b.cd(at(QStringLiteral("does-not-exist")));
        QVERIFY(!b.error().isEmpty());
        b.setFolder(m_root);
        QCOMPARE(b.error(), QString());
    }

    // A folder whose content changes under the browser, refreshed, filtered and left: each
    // listing is a consistent model (rows, roles, no stale index) and shows what is there now.
    void listingFollowsTheFolder()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString root = QFileInfo(dir.path()).canonicalFilePath();
        FileBrowser b;
        QAbstractItemModelTester tester(&b, Report);
        b.setFolder(root);
        QCOMPARE(b.count(), 0);
        QSignalSpy counts(&b, &FileBrowser::countChanged);
        touch(root + s("/one.seesaw"));
        touch(root + s("/two.seesaw"));
        QVERIFY(QDir().mkpath(root + s("/sub")));
        touch(root + s("/sub/inner.seesaw"));
        b.refresh();
        QCOMPARE(names(b), (QStringList{s("sub"), s("one.seesaw"), s("two.seesaw")}));
        const QPersistentModelIndex kept = b.index(1);
        QVERIFY(QFile::remove(root + s("/one.seesaw")));
        b.refresh();
        QVERIFY(!kept.isValid()); // a reset leaves no index pointing at the old rows
        QCOMPARE(names(b), (QStringList{s("sub"), s("two.seesaw")}));
        b.setNameFilters({s("*.txt")});
        QCOMPARE(names(b), QStringList{s("sub")});
        b.setNameFilters({s("*.seesaw")});
        b.cd(s("sub"));
        QCOMPARE(names(b), QStringList{s("inner.seesaw")});
        b.cd(root + s("/gone"));
        QCOMPARE(b.count(), 0);
        QVERIFY(!b.error().isEmpty());
        b.setFolder(root);
        QCOMPARE(names(b), (QStringList{s("sub"), s("two.seesaw")}));
        // Every listing with another number of rows said so: 0 → 3 → 2 → 1 → 2 → 1 → 0 → 2.
        QCOMPARE(counts.count(), 7);
    }

    // The type is what QML instantiates as `FileBrowser` from `import Seesaw`.
    void registeredForQml()
    {
        QQmlEngine engine;
        QQmlComponent component(&engine);
        component.setData("import Seesaw\nFileBrowser { showHidden: true }\n", QUrl());
        std::unique_ptr<QObject> object(component.create());
        QVERIFY2(object, qPrintable(component.errorString()));
        QVERIFY(qobject_cast<FileBrowser *>(object.get()));
    }
};

QTEST_GUILESS_MAIN(TestFileBrowser)
#include "tst_filebrowser.moc"
