// Risk: a stick's label, vendor or model, or a bundle's compatible, build, hardware, release
// notes or file name reaches the operator as markup, with its "%1"/"%2" filled by other values,
// or with a bidi override that makes it read as something else — on the real path from udev
// and seesawd through the client into seesaw-ui's pages, and in the CLI over D-Bus.
//
// The whole app (Main.qml with the C++ singletons) offscreen against seesawd on a simulated
// device, dbus-daemon, polkitd, systemd-udevd and loop devices dressed as USB sticks, as in
// tst_endtoend. The expectations follow displayString's documented rule (base/hostilestring.h):
// control and format characters (U+202E among them) become U+FFFD; markup and "%1" stay as they
// are, and the UI shows them as plain text.
#include "language.h"
#include "systemfixture.h"
#include "updaterclient.h"

#include <QFileInfo>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>
#include <algorithm>
#include <functional>
#include <iterator>
#include <sys/stat.h>

Q_IMPORT_QML_PLUGIN(SeesawPlugin)

using testutil::s;

namespace {

// Rich text would turn the entity into a real U+202E; "%1 %2" catch chained substitutions.
const QString Hostile = s("%1 %2 <b>&#x202e;");
const QChar Rlo(0x202e);
const QChar Replacement(0xfffd);

// An ext4 label holds 16 bytes: as much of the hostile string as fits, with a real override.
const QString StickLabel = s("%1 %2 <b>") + Rlo + s("</b>");
const QString StickLabelShown = s("%1 %2 <b>") + Replacement + s("</b>");
// The other stick has no label, so the page names it by udev's vendor and model.
const QString Vendor = Hostile;
const QString Model = s("%2 %1 ") + Rlo + s("<i>");
const QString ModelShown = s("%2 %1 ") + Replacement + s("<i>");

const QString NotesEn = Hostile + s("\n") + Rlo + s("English %2 notes</b>");
const QString NotesEnShown = Hostile + s("\n") + Replacement + s("English %2 notes</b>");
const QString NotesDe = s("%2 ") + Hostile + s(" deutsch ") + Rlo;
const QString NotesDeShown = s("%2 ") + Hostile + s(" deutsch ") + Replacement;
const QString SecondRevision = s("rev %2 <i>");
const QString BundleFile = Hostile + s(".seesaw");

// Calls `visit` for `item` and every item shown under it (the visual tree: Repeater delegates
// are not QObject children of the page).
void forShown(QQuickItem *item, const std::function<void(QQuickItem *)> &visit)
{
    // Depth first with an explicit stack; children go on in reverse so they are visited in order.
    QList<QQuickItem *> pending{item};
    while (!pending.isEmpty()) {
        QQuickItem *next = pending.takeLast();
        if ((next == nullptr) || !next->isVisible() || next->opacity() <= 0) {
            continue;
        }
        visit(next);
        const QList<QQuickItem *> children = next->childItems();
        std::copy(children.crbegin(), children.crend(), std::back_inserter(pending));
    }
}

} // namespace

class TestHostileText : public QObject {
    Q_OBJECT

    testutil::SystemFixture m_sys{s("seesaw-e2e-text")};
    QTemporaryDir m_tmp;
    QString m_bundle;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow *m_window = nullptr; // owned by m_engine

    [[nodiscard]] QQuickItem *page() const
    {
        auto *stack = m_window->findChild<QObject *>(s("stack"));
        return stack != nullptr ? stack->property("currentItem").value<QQuickItem *>() : nullptr;
    }
    bool waitForPage(const QString &name)
    {
        auto *stack = m_window->findChild<QObject *>(s("stack"));
        for (int waited = 0; waited < 15000; waited += 20) {
            if ((page() != nullptr) && page()->objectName() == name &&
                !stack->property("busy").toBool()) {
                return true;
            }
            QTest::qWait(20);
        }
        return false;
    }

    // Every text shown on the current page; `problems` gets each one that is not plain text
    // or shows a bidi override. The walk covers the labels fed by sticks and bundles and every
    // fixed one beside them.
    QStringList shownTexts(QStringList *problems) const
    {
        QStringList out;
        forShown(page(), [&](QQuickItem *item) {
            if (!item->inherits("QQuickText")) {
                return;
            }
            const QString text = item->property("text").toString();
            const int format = item->property("textFormat").toInt();
            if (format != Qt::PlainText) {
                problems->append(
                    s("not plain text (format %1): %2").arg(QString::number(format), text));
            }
            if (text.contains(Rlo)) {
                problems->append(s("a bidi override is shown: ") + text);
            }
            out.append(text);
        });
        return out;
    }
    [[nodiscard]] bool shows(const QString &expected) const
    {
        QStringList problems;
        return shownTexts(&problems).contains(expected) && problems.isEmpty();
    }
    static void expectShown(const QStringList &texts, const QString &expected)
    {
        QVERIFY2(
            texts.contains(expected),
            qPrintable(
                s("not shown: \"%1\"; shown: \"%2\"").arg(expected, texts.join(s("\" | \"")))));
    }

    // Keyboard, as over VNC: focus the entry and press Return.
    void activate(QQuickItem *item)
    {
        QVERIFY(item);
        item->forceActiveFocus(Qt::TabFocusReason);
        QTest::keyClick(m_window, Qt::Key_Return);
    }

    [[nodiscard]] QQuickItem *bundleRow() const
    {
        QQuickItem *found = nullptr;
        forShown(page(), [&found](QQuickItem *item) {
            if (item->objectName().startsWith(QLatin1String("bundle_")) &&
                item->property("text").toString() == BundleFile) {
                found = item;
            }
        });
        return found;
    }

    // seesawd's reason for refusing the bundle: its template filled in one pass.
    [[nodiscard]] QString compatibleReason() const
    {
        const QSettings conf(m_sys.conf(), QSettings::IniFormat);
        return s("Made for \"") + Hostile + s("\", but this device is \"") +
               conf.value(s("system/compatible")).toString() + s("\".");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        ::chmod(QFile::encodeName(m_tmp.path()).constData(), 0755);
        m_sys.setStickProperties({s("ID_VENDOR_ENC=") + Vendor, s("ID_MODEL_ENC=") + Model});
        const QString error = m_sys.start(m_tmp.filePath(s("sys")), {true, {}, 48});
        if (error.startsWith(s("needs root"))) {
            QSKIP(qPrintable(error));
        }
        QVERIFY2(error.isEmpty(), qPrintable(error));
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", m_sys.bus().toUtf8());

        const QString en = m_tmp.filePath(s("notes-en.txt"));
        const QString de = m_tmp.filePath(s("notes-de.txt"));
        QVERIFY(testutil::writeFile(en, NotesEn.toUtf8()));
        QVERIFY(testutil::writeFile(de, NotesDe.toUtf8()));
        // Every free field of the manifest. The version has none: SemVer's build metadata
        // takes only [0-9A-Za-z-], so `bundle create` refuses "%", "<" and "&". Labels
        // (compatible, build, hardware) refuse a real U+202E; the entity is printable.
        m_bundle = m_sys.makeBundle(s("2.0.0"), 4, 21, false,
                                    {s("--compatible"), Hostile, s("--build"), Hostile,
                                     s("--hardware"), Hostile, s("--hardware"), SecondRevision,
                                     s("--notes"), s("en=") + en, s("--notes"), s("de=") + de},
                                    Hostile);
        QVERIFY(!m_bundle.isEmpty());
        QCOMPARE(QFileInfo(m_bundle).fileName(), BundleFile);

        const QString labelled = m_sys.makeStickImage(s("labelled"), {m_bundle}, 0, 32, StickLabel);
        const QString unlabelled = m_sys.makeStickImage(s("unlabelled"), {}, 0, 32);
        QVERIFY(!labelled.isEmpty() && !unlabelled.isEmpty());
        QVERIFY(m_sys.startDaemon());
        QVERIFY(!m_sys.plug(labelled).isEmpty());
        QVERIFY(!m_sys.plug(unlabelled).isEmpty());

        m_engine = std::make_unique<QQmlApplicationEngine>();
        m_engine->addImportPath(s("qrc:/qt/qml"));
        Language::instance()->setEngine(m_engine.get());
        m_engine->load(QUrl(s("qrc:/qt/qml/Seesaw/Main.qml")));
        QVERIFY(!m_engine->rootObjects().isEmpty());
        m_window = qobject_cast<QQuickWindow *>(m_engine->rootObjects().constFirst());
        QVERIFY(m_window);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
        QTRY_VERIFY_WITH_TIMEOUT(UpdaterClient::instance()->connected(), 15000);
        QVERIFY(waitForPage(s("homePage")));
    }

    void cleanupTestCase()
    {
        m_window = nullptr;
        m_engine.reset();
        m_sys.stop();
    }
    void cleanup() { m_sys.explainFailure(); }

    // Sources: each stick's title and the bundle's row, literally.
    void sourcesPageShowsStickAndBundleLiterally()
    {
        activate(page()->findChild<QQuickItem *>(s("installButton")));
        QVERIFY(waitForPage(s("sourcesPage")));
        QTRY_VERIFY_WITH_TIMEOUT(bundleRow() && bundleRow()->isEnabled(), 20000);

        QStringList problems;
        const QStringList texts = shownTexts(&problems);
        // "%1 (%2)": the name, then the size; the label's "%2" is not the size.
        const auto titled = [&texts](const QString &name) {
            const QRegularExpression title(
                s("^%1 \\([0-9.,]+ MB\\)$").arg(QRegularExpression::escape(name)));
            return std::any_of(texts.begin(), texts.end(),
                               [&title](const QString &t) { return title.match(t).hasMatch(); });
        };
        QVERIFY2(titled(StickLabelShown), qPrintable(texts.join(s(" | "))));
        QVERIFY2(titled(Vendor + s(" ") + ModelShown), qPrintable(texts.join(s(" | "))));
        expectShown(texts, BundleFile);
        // The row's subtitle: version and size, then why it cannot be installed.
        const QString subtitle = bundleRow()->property("subtitle").toString();
        QVERIFY2(subtitle.startsWith(s("Version 2.0.0, ")), qPrintable(subtitle));
        QVERIFY2(subtitle.endsWith(s("\nMade for this device: ") + compatibleReason()),
                 qPrintable(subtitle));
        expectShown(texts, subtitle);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    // Details: every manifest field, the check reasons, the notes in each language and where
    // the bundle came from.
    void detailsPageShowsEveryFieldLiterally()
    {
        QVERIFY(waitForPage(s("sourcesPage")));
        activate(bundleRow());
        QVERIFY(waitForPage(s("detailsPage")));

        QStringList problems;
        const QStringList texts = shownTexts(&problems);
        const QString reason = compatibleReason();
        expectShown(texts, Hostile); // compatible, build
        QCOMPARE(texts.count(Hostile), 2);
        expectShown(texts, Hostile + s(", ") + SecondRevision);   // hardware revisions
        expectShown(texts, reason);                               // the compatible check
        expectShown(texts, s("Made for this device: ") + reason); // the blocked banner
        expectShown(texts, NotesEnShown);
        expectShown(texts, BundleFile + s(" on the USB stick ") + StickLabelShown);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));

        QVERIFY(Language::instance()->setLanguage(s("de")));
        QTRY_VERIFY_WITH_TIMEOUT(shows(NotesDeShown), 5000);
        QVERIFY(Language::instance()->setLanguage(s("en")));
        QTRY_VERIFY_WITH_TIMEOUT(shows(NotesEnShown), 5000);
        const auto *next = page()->findChild<QQuickItem *>(s("continueButton"));
        QVERIFY2(!next || !next->isVisible(), "a bundle for another device offers no install");
    }

    // The CLI through seesawd: what it prints of the bundle is the bundle's text, literally.
    void cliOverBusPrintsFieldsLiterally()
    {
        const testutil::RunResult r = m_sys.cli({s("install"), m_bundle, s("--dry-run")});
        QCOMPARE(r.exitCode, 1);
        const QStringList out = QString::fromUtf8(r.out).split(QLatin1Char('\n'));
        QVERIFY2(!out.isEmpty() && out.first().startsWith(s("Bundle ") + m_bundle + s(": ") +
                                                          Hostile + s(" version 2.0.0 (")),
                 r.out.constData());
        const QString reason = compatibleReason();
        QVERIFY2(out.contains(s("  [!!] ") + reason), r.out.constData());
        // seesawd's refusal, relayed.
        QVERIFY2(QString::fromUtf8(r.err).startsWith(
                     s("seesaw: This update cannot be installed: ") + reason),
                 r.err.constData());
    }
};

QTEST_MAIN(TestHostileText)
#include "tst_hostiletext.moc"
