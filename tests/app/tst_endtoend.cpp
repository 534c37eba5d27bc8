// Risk: the pieces each work but the operator's story does not — a stick never reaches the
// Sources page, the bundle chosen is not the bundle installed, an incompatible or unsigned
// bundle gets an Install button, a reinstall or downgrade happens without being asked for, the
// outcome after the reboot is missing or wrong, or a page hides its key facts at 800×480.
//
// The whole app as seesaw-ui builds it (Main.qml with the C++ singletons), driven with mouse
// and keyboard events offscreen, against the real parts: seesawd on a simulated U-Boot device,
// dbus-daemon, polkitd, systemd-udevd and a loop device dressed as a USB stick. A reboot is the
// simulator's boot loader (run by seesawd's Reboot as the device's reboot-command), then what
// seesaw-health.service does (`seesaw health`), then seesawd again; the UI is closed across it
// as it would be at a power cycle. The app runs as root here (the test needs root for loop
// devices); that root is authorised by polkitd like the kiosk user is (tst_system checks the
// kiosk user's rights).
#include "language.h"
#include "systemfixture.h"
#include "updaterclient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJSValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>
#include <algorithm>
#include <functional>
#include <iterator>
#include <sys/stat.h>

Q_IMPORT_QML_PLUGIN(SeesawPlugin)

using testutil::RunResult;
using testutil::s;

namespace {

QString textOf(const QObject *o)
{
    if (o == nullptr) {
        return {};
    }
    for (const char *name : {"text", "title", "value"}) {
        const QVariant v = o->property(name);
        if (v.isValid() && !v.toString().isEmpty()) {
            return v.toString();
        }
    }
    return {};
}

// Items under `root` (visual tree, overlay included) matching `pred`, depth first.
void collect(QQuickItem *root, const std::function<bool(QQuickItem *)> &pred,
             QList<QQuickItem *> &out)
{
    // An explicit stack; children go on in reverse so they are visited in order.
    QList<QQuickItem *> pending{root};
    while (!pending.isEmpty()) {
        QQuickItem *item = pending.takeLast();
        if (item == nullptr) {
            continue;
        }
        if (pred(item)) {
            out.append(item);
        }
        const QList<QQuickItem *> children = item->childItems();
        std::copy(children.crbegin(), children.crend(), std::back_inserter(pending));
    }
}

bool shown(const QQuickItem *item)
{
    return (item != nullptr) && item->isVisible() && item->opacity() > 0;
}

} // namespace

class TestEndToEnd : public QObject {
    Q_OBJECT

    testutil::SystemFixture m_sys{s("seesaw-e2e-stick")};
    QTemporaryDir m_tmp;
    QString m_image;
    QString m_loop;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow *m_window = nullptr; // owned by m_engine
    QStringList m_pagesSeen;

    // --- the app --------------------------------------------------------------------------
    bool startUi(QSize size = {1280, 800})
    {
        m_engine = std::make_unique<QQmlApplicationEngine>();
        m_engine->addImportPath(s("qrc:/qt/qml"));
        Language::instance()->setEngine(m_engine.get());
        m_engine->load(QUrl(s("qrc:/qt/qml/Seesaw/Main.qml")));
        if (m_engine->rootObjects().isEmpty()) {
            return false;
        }
        m_window = qobject_cast<QQuickWindow *>(m_engine->rootObjects().constFirst());
        if (m_window == nullptr) {
            return false;
        }
        m_window->resize(size);
        m_window->show();
        auto *stack = m_window->findChild<QObject *>(s("stack"));
        if (stack == nullptr) {
            return false;
        }
        connect(stack, SIGNAL(currentItemChanged()), this, SLOT(recordPage()));
        return QTest::qWaitForWindowExposed(m_window);
    }

    void stopUi()
    {
        m_window = nullptr;
        m_engine.reset();
        QCoreApplication::processEvents();
    }

    [[nodiscard]] QQuickItem *currentPage() const
    {
        QObject *stack = m_window != nullptr ? m_window->findChild<QObject *>(s("stack")) : nullptr;
        return stack != nullptr ? stack->property("currentItem").value<QQuickItem *>() : nullptr;
    }
    [[nodiscard]] QString pageName() const
    {
        const QQuickItem *page = currentPage();
        return page != nullptr ? page->objectName() : QString();
    }
    // The page is current and no transition runs (items have their final geometry).
    bool onPage(const QString &name, int timeoutMs = 15000)
    {
        QElapsedTimer t;
        t.start();
        auto *stack = m_window->findChild<QObject *>(s("stack"));
        while (t.elapsed() < timeoutMs) {
            if (pageName() == name && !stack->property("busy").toBool()) {
                return true;
            }
            QTest::qWait(20);
        }
        qWarning("waited for %s, on %s", qPrintable(name), qPrintable(pageName()));
        return false;
    }

    // A shown item named `name`: on the current page first, then anywhere (dialogs).
    [[nodiscard]] QQuickItem *item(const QString &name) const
    {
        const auto named = [&name](QQuickItem *i) { return i->objectName() == name && shown(i); };
        QList<QQuickItem *> found;
        collect(currentPage(), named, found);
        if (found.isEmpty() && (m_window != nullptr)) {
            collect(m_window->contentItem(), named, found);
        }
        return found.value(0);
    }
    [[nodiscard]] QString text(const QString &name) const { return textOf(item(name)); }
    [[nodiscard]] QString detail(const QString &name) const
    {
        const QQuickItem *i = item(name);
        return i != nullptr ? i->property("detail").toString() : QString();
    }

    // The bundle entry for `file` on the Sources page, once seesawd has read it.
    [[nodiscard]] QQuickItem *bundleButton(const QString &file) const
    {
        QList<QQuickItem *> found;
        collect(
            currentPage(),
            [&file](QQuickItem *i) {
                return i->objectName().startsWith(QLatin1String("bundle_")) &&
                       i->property("text").toString() == file && shown(i);
            },
            found);
        return found.value(0);
    }

    // Whether `item` lies wholly inside the window (not cut off at the edges).
    bool inWindow(const QQuickItem *i) const
    {
        const QQuickWindow *window = m_window;
        if ((i == nullptr) || (window == nullptr)) {
            return false;
        }
        const QRectF r = i->mapRectToScene(QRectF(0, 0, i->width(), i->height()));
        return QRectF(QPointF(0, 0), QSizeF(window->size()))
            .adjusted(-0.5, -0.5, 0.5, 0.5)
            .contains(r);
    }

    // Whether an open popup (a dialog; they live in the window's overlay) covers `i`, which
    // is not itself part of one.
    bool coveredByPopup(const QQuickItem *i) const
    {
        QQuickItem *overlay = nullptr;
        for (QQuickItem *child : m_window->contentItem()->childItems()) {
            if (child->inherits("QQuickOverlay")) {
                overlay = child;
            }
        }
        if (overlay == nullptr) {
            return false;
        }
        for (const QQuickItem *p = i; p != nullptr; p = p->parentItem()) {
            if (p == overlay) {
                return false;
            }
        }
        const QList<QQuickItem *> open = overlay->childItems();
        return std::any_of(open.begin(), open.end(), [](const QQuickItem *c) { return shown(c); });
    }

    // A tap on the item's centre, as a finger would (scrolling it into view first, as a
    // finger would by swiping); refuses items that are hidden, disabled or off the window.
    bool tap(QQuickItem *i)
    {
        if (!shown(i) || !i->isEnabled()) {
            qWarning("cannot tap %s: %s", i != nullptr ? qPrintable(i->objectName()) : "(none)",
                     i != nullptr ? "hidden or disabled" : "not found");
            return false;
        }
        if (QQuickItem *page = currentPage()) {
            if (auto *scroller = page->property("scroller").value<QQuickItem *>()) {
                QMetaObject::invokeMethod(scroller, "ensureVisible",
                                          Q_ARG(QVariant, QVariant::fromValue(i)));
            }
        }
        QTest::qWait(50);
        if (coveredByPopup(i)) {
            qWarning("cannot tap %s: a dialog covers it", qPrintable(i->objectName()));
            return false;
        }
        const QPointF centre = i->mapToScene(QPointF(i->width() / 2, i->height() / 2));
        if (!QRectF(QPointF(0, 0), QSizeF(m_window->size())).contains(centre)) {
            qWarning("cannot tap %s: off the window", qPrintable(i->objectName()));
            return false;
        }
        QTest::mouseClick(m_window, Qt::LeftButton, {}, centre.toPoint());
        return true;
    }
    bool tap(const QString &name) { return tap(item(name)); }

    [[nodiscard]] QQuickItem *focused() const { return m_window->activeFocusItem(); }
    // Tab until the focused item satisfies `pred` (at most 40 presses).
    bool tabTo(const std::function<bool(QQuickItem *)> &pred)
    {
        for (int i = 0; i < 40; ++i) {
            QTest::keyClick(m_window, Qt::Key_Tab);
            QQuickItem *f = focused();
            if ((f != nullptr) && pred(f)) {
                return f->property("visualFocus").toBool();
            }
        }
        return false;
    }
    bool tabToName(const QString &name)
    {
        return tabTo([&name](QQuickItem *f) { return f->objectName() == name; });
    }
    bool tabToText(const QString &label)
    {
        return tabTo([&label](QQuickItem *f) { return f->property("text").toString() == label; });
    }
    void key(Qt::Key k) { QTest::keyClick(m_window, k); }

    // The stick, for a test run on its own (the first story plugs it in itself).
    void ensureStick()
    {
        if (m_loop.isEmpty()) {
            m_loop = m_sys.plug(m_image);
        }
        QVERIFY(!m_loop.isEmpty());
    }

    void goHome()
    {
        QMetaObject::invokeMethod(m_window, "goHome", Q_ARG(QVariant, QVariant()));
        QVERIFY(onPage(s("homePage")));
    }

    // --- the device -----------------------------------------------------------------------
    [[nodiscard]] QJsonObject status() const
    {
        const RunResult r = m_sys.direct({s("status"), s("--json")});
        return QJsonDocument::fromJson(r.out).object();
    }
    [[nodiscard]] int historyCount() const
    {
        const RunResult r = m_sys.direct({s("history"), s("--json")});
        return int(QJsonDocument::fromJson(r.out).array().size());
    }
    [[nodiscard]] QString bootedSlotOnNextStart() const
    {
        return QString::fromUtf8(testutil::readFile(m_sys.device() + s("/cmdline"))).trimmed();
    }

    // Sources → the bundle → details → confirm → progress → done, all by tapping; with
    // `override`, the reinstall/downgrade box is ticked on the way.
    void installByTouch(const QString &file, const QString &version, bool override = false)
    {
        QVERIFY(tap(s("installButton")));
        QVERIFY(onPage(s("sourcesPage")));
        QTRY_VERIFY_WITH_TIMEOUT(bundleButton(file) && bundleButton(file)->isEnabled(), 15000);
        QVERIFY(tap(bundleButton(file)));
        QVERIFY(onPage(s("detailsPage")));
        if (override) {
            QVERIFY(!item(s("continueButton")));
            QVERIFY(tap(s("overrideCheck")));
        }
        QVERIFY(tap(s("continueButton")));
        QVERIFY(onPage(s("confirmPage")));
        QCOMPARE(text(s("confirmQuestion")), s("Install version %1?").arg(version));
        m_pagesSeen.clear();
        QVERIFY(tap(s("installButton")));
        QVERIFY(onPage(s("donePage"), 120000));
        QVERIFY2(m_pagesSeen.contains(s("progressPage")), qPrintable(m_pagesSeen.join(u',')));
        QCOMPARE(text(s("doneHeadline")), s("Version %1 is installed.").arg(version));
    }

    // The version of the bundle the current page shows (its `summary`).
    [[nodiscard]] QString shownVersion() const
    {
        QVariant summary = currentPage()->property("summary");
        if (summary.userType() == qMetaTypeId<QJSValue>()) {
            summary = summary.value<QJSValue>().toVariant();
        }
        return summary.toMap().value(s("version")).toString();
    }

    // Whether the item named `objectName` is wholly in the window; warns when it is not.
    [[nodiscard]] bool onScreen(const char *objectName) const
    {
        QQuickItem *i = item(s(objectName));
        if (!inWindow(i)) {
            qWarning("%s is not (wholly) on screen", objectName);
        }
        return inWindow(i);
    }

    // checkKeyTexts() of the details page.
    void checkDetailsTexts()
    {
        // The screenshot shows the first installable bundle on the stick.
        const QString offered = shownVersion();
        QVERIFY(offered == s("2.0.0") || offered == s("2.1.0"));
        QCOMPARE(text(s("directionText")),
                 s("Upgrade from %1 to %2").arg(UpdaterClient::instance()->version(), offered));
        QVERIFY(onScreen("directionText"));
        QCOMPARE(text(s("signatureLine")), s("Signed by a trusted key"));
        QVERIFY(onScreen("continueButton"));
        QVERIFY(onScreen("detailsBackButton"));
    }

    // checkKeyTexts() of the progress page.
    void checkProgressTexts()
    {
        QVERIFY(!text(s("phaseLabel")).isEmpty());
        QVERIFY(onScreen("phaseLabel"));
        QVERIFY(onScreen("progressBar"));
        // After an install this app watched: how the whole write went and how long the
        // install took, never a live speed of "–" and a time left still "estimating…".
        const UpdaterClient *u = UpdaterClient::instance();
        if (u->installFinished()) {
            QVERIFY(!item(s("rateValue")));
            QVERIFY(!item(s("etaValue")));
            QVERIFY(u->installSeconds() >= 0); // it saw the install start
            QVERIFY2(QRegularExpression(s("^\\d+ (s|min \\d\\d s)$"))
                         .match(text(s("durationValue")))
                         .hasMatch(),
                     qPrintable(text(s("durationValue"))));
            if (u->averageRate() > 0) {
                QVERIFY2(text(s("averageRateValue")).endsWith(s(" MB/s")),
                         qPrintable(text(s("averageRateValue"))));
            }
        }
    }

    // checkKeyTexts() of the done page.
    void checkDoneTexts()
    {
        // What an install ends on, after the last result: installed → success, failed →
        // the error, anything else → the page a cancelled install shows.
        const QString outcome =
            UpdaterClient::instance()->lastResult().value(s("outcome")).toString();
        const QString version = UpdaterClient::instance()->version();
        if (outcome == s("installed")) {
            QVERIFY(text(s("doneHeadline")).endsWith(s(" is installed.")));
        } else if (outcome == s("failed")) {
            QCOMPARE(text(s("doneHeadline")), s("The update could not be installed."));
        } else {
            QCOMPARE(text(s("doneHeadline")), s("The update was cancelled."));
            QVERIFY(text(s("errorBanner")).contains(version));
        }
        QVERIFY(onScreen("laterButton"));
    }

    void checkKeyTexts(const QString &name)
    {
        if (name == s("home")) {
            // What seesawd reports (the stories before leave 2.0.0 running from B, 2.1.0 in A).
            const UpdaterClient *u = UpdaterClient::instance();
            QCOMPARE(text(s("runningVersion")),
                     s("version %1 from slot %2").arg(u->version(), u->bootedSlot()));
            QVERIFY(text(s("otherSlot"))
                        .startsWith(s("slot %1: %2")
                                        .arg(u->otherSlot().value(s("bootname")).toString(),
                                             u->otherSlot().value(s("version")).toString())));
            QVERIFY(onScreen("installButton"));
            QVERIFY(onScreen("historyButton"));
            QVERIFY(onScreen("languageButton"));
        } else if (name == s("sources")) {
            for (const char *file :
                 {"update-1.0.0.seesaw", "update-2.0.0.seesaw", "update-2.1.0.seesaw",
                  "other-device-2.0.0.seesaw", "unknown-signer-2.0.0.seesaw"}) {
                QVERIFY2(bundleButton(s(file)), file);
            }
            QVERIFY(onScreen("openFileButton"));
        } else if (name == s("files")) {
            QVERIFY(!text(s("folderLabel")).isEmpty());
            QVERIFY(onScreen("upButton"));
        } else if (name == s("details")) {
            checkDetailsTexts();
        } else if (name == s("confirm")) {
            QCOMPARE(text(s("confirmQuestion")), s("Install version %1?").arg(shownVersion()));
            QVERIFY(!shownVersion().isEmpty());
            QVERIFY(onScreen("confirmQuestion"));
            QVERIFY(onScreen("installButton"));
            QVERIFY(onScreen("cancelButton"));
        } else if (name == s("progress")) {
            checkProgressTexts();
        } else if (name == s("done")) {
            checkDoneTexts();
        } else if (name == s("history")) {
            QQuickItem *list = item(s("historyList"));
            QVERIFY(list);
            // The newest 200 of the device's history.
            QTRY_COMPARE_WITH_TIMEOUT(list->property("count").toInt(),
                                      std::min(historyCount(), 200), 5000);
            QCOMPARE(text(s("exportButton_0")), s("Export report to E2E-STICK"));
            QVERIFY(onScreen("exportButton_0"));
        } else if (name == s("language")) {
            QQuickItem *list = item(s("languageList"));
            QVERIFY(list);
            QCOMPARE(list->property("count").toInt(), 5);
            QVERIFY(onScreen("languageList"));
        }
    }

    // The first story, from the home page's Install to the details of update 2.0.0 on the stick
    // the technician plugs in.
    void plugStickAndChooseUpdate()
    {
        QVERIFY(tap(s("installButton")));
        QVERIFY(onPage(s("sourcesPage")));
        QVERIFY(item(s("noMediaHint")));
        // The technician plugs the stick in.
        m_loop = m_sys.plug(m_image);
        QVERIFY(!m_loop.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(bundleButton(s("update-2.0.0.seesaw")) &&
                                     bundleButton(s("update-2.0.0.seesaw"))->isEnabled(),
                                 15000);
        QVERIFY(!item(s("noMediaHint")));
        QList<QQuickItem *> sections;
        collect(
            currentPage(),
            [](QQuickItem *i) {
                return textOf(i).startsWith(QLatin1String("E2E-STICK (")) && shown(i);
            },
            sections);
        QVERIFY2(!sections.isEmpty(), "the stick's label is shown");
        QCOMPARE(bundleButton(s("other-device-2.0.0.seesaw"))->property("statusIcon").toString(),
                 s("cross"));
        QCOMPARE(bundleButton(s("update-2.0.0.seesaw"))->property("statusIcon").toString(),
                 s("check"));

        QVERIFY(tap(bundleButton(s("update-2.0.0.seesaw"))));
        QVERIFY(onPage(s("detailsPage")));
        QCOMPARE(text(s("directionText")), s("Upgrade from 1.0.0 to 2.0.0"));
        QCOMPARE(text(s("signatureLine")), s("Signed by a trusted key"));
        // Issue 14.8: the signing key's name from the device keyring, its id once below it.
        QCOMPARE(text(s("signerName")), s("Seesaw test release key"));
        QVERIFY(text(s("signerKeyId")).startsWith(s("Key ID: ")));
        QCOMPARE(detail(s("signatureLine")), QString());
        QCOMPARE(item(s("check_compatible"))
                     ->findChild<QObject *>(s("statusIcon"))
                     ->property("name")
                     .toString(),
                 s("check"));
        QCOMPARE(text(s("releaseNotes")), s("Faster start-up and a new status page.\n"));
        QVERIFY(!item(s("blockedBanner")));
        QVERIFY(!item(s("overrideSection")));
    }

    // The first story, after the install: restart, the health check passes, and the outcome shown
    // until acknowledged.
    void rebootToHealthyAndAcknowledge()
    {
        // Restart now: seesawd runs the device's reboot command, the boot loader picks B.
        QVERIFY(tap(s("rebootButton")));
        QTRY_COMPARE_WITH_TIMEOUT(bootedSlotOnNextStart(), s("seesaw.slot=B"), 15000);
        stopUi(); // the power goes off
        const RunResult health = m_sys.bootCompleted();
        QVERIFY2(health.exitCode == 0, health.err.constData());
        QVERIFY(startUi());

        // After the reboot: the outcome, until acknowledged.
        QTRY_COMPARE_WITH_TIMEOUT(text(s("runningVersion")), s("version 2.0.0 from slot B"), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(item(s("outcomeBanner")), 10000);
        QCOMPARE(text(s("outcomeBanner")), s("The update is running and healthy"));
        QVERIFY(detail(s("outcomeBanner")).contains(s("Version 2.0.0")));
        QVERIFY(tap(s("acknowledgeButton")));
        QTRY_VERIFY_WITH_TIMEOUT(!item(s("outcomeBanner")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(
            UpdaterClient::instance()->lastResult().value(s("acknowledged")).toBool(), 10000);
    }

public Q_SLOTS:
    void recordPage() { m_pagesSeen.append(pageName()); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        // polkitd and the test users must reach the fixture below it.
        ::chmod(QFile::encodeName(m_tmp.path()).constData(), 0755);
        const QString error = m_sys.start(
            m_tmp.filePath(s("sys")), {true, {s("--key-name"), s("Seesaw test release key")}, 48});
        if (error.startsWith(s("needs root"))) {
            QSKIP(qPrintable(error));
        }
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // The UI's client uses QDBusConnection::systemBus(), which honours this variable.
        qputenv("DBUS_SYSTEM_BUS_ADDRESS", m_sys.bus().toUtf8());

        // The device's health check: the application fails on 2.1.0.
        const QString dev = m_sys.device();
        QVERIFY(QDir().mkpath(dev + s("/health.d")));
        const QString script = dev + s("/health.d/50-app");
        QVERIFY(testutil::writeFile(
            script, QStringLiteral("#!/bin/sh\n"
                                   "if %1 --direct --conf %2 status --json | grep -q "
                                   "'^    \"version\": \"2.1.0\"'; then\n"
                                   "  echo 'app 2.1.0: crashed at start-up' >&2; exit 1\n"
                                   "fi\necho 'app answers'\n")
                        .arg(testutil::cliPath(), m_sys.conf())
                        .toUtf8()));
        ::chmod(QFile::encodeName(script).constData(), 0755);
        QFile conf(m_sys.conf());
        QVERIFY(conf.open(QIODevice::Append));
        conf.write("[health]\nscripts=health.d\ntimeout=30\nscript-timeout=10\n");
        conf.close();

        // What the technician's stick holds.
        const QString notesEn = m_tmp.filePath(s("notes-en.txt"));
        const QString notesDe = m_tmp.filePath(s("notes-de.txt"));
        testutil::writeFile(notesEn, "Faster start-up and a new status page.\n");
        testutil::writeFile(notesDe, "Schnellerer Start und eine neue Statusseite.\n");
        const QStringList notes{s("--notes"), s("en=") + notesEn, s("--notes"), s("de=") + notesDe};
        QStringList bundles{m_sys.makeBundle(s("2.0.0"), 8, 11, false, notes, s("update-2.0.0")),
                            m_sys.makeBundle(s("2.1.0"), 4, 12, false, {}, s("update-2.1.0")),
                            m_sys.makeBundle(s("1.0.0"), 4, 13, false, {}, s("update-1.0.0")),
                            m_sys.makeBundle(s("2.0.0"), 4, 14, false,
                                             {s("--compatible"), s("other-device")},
                                             s("other-device-2.0.0")),
                            m_sys.makeStrangerBundle(s("2.0.0"), 4, s("unknown-signer-2.0.0"))};
        for (const QString &b : bundles) {
            QVERIFY(!b.isEmpty());
        }
        m_image = m_sys.makeStickImage(s("stick"), bundles, 0, 96, s("E2E-STICK"));
        QVERIFY(!m_image.isEmpty());
        QVERIFY(m_sys.startDaemon());
        // "Open file…" starts in the home directory: the bundles are there.
        qputenv("HOME", m_sys.path(s("bundles")).toUtf8());
        QVERIFY(startUi());
    }

    void cleanupTestCase()
    {
        stopUi();
        m_sys.stop();
    }
    void cleanup() { m_sys.explainFailure(); }

    // The first story: stick inserted → bundle chosen → details → confirm → progress → done →
    // restart → health → the outcome shown and acknowledged. Touch (mouse) only.
    void installFromStickThroughRebootToHealthy()
    {
        QTRY_VERIFY_WITH_TIMEOUT(UpdaterClient::instance()->connected(), 15000);
        QVERIFY(onPage(s("homePage")));
        QTRY_COMPARE_WITH_TIMEOUT(text(s("runningVersion")), s("version 1.0.0 from slot A"), 10000);
        QVERIFY(!item(s("outcomeBanner")));

        plugStickAndChooseUpdate();
        if (QTest::currentTestFailed()) {
            return;
        }
        QVERIFY(tap(s("continueButton")));
        QVERIFY(onPage(s("confirmPage")));
        QCOMPARE(text(s("confirmQuestion")), s("Install version 2.0.0?"));

        // Progress as the operator sees it: never backwards, and complete at the end.
        QList<double> fractions;
        auto *updater = UpdaterClient::instance();
        const auto sample = connect(updater, &UpdaterClient::progressChanged, this,
                                    [&] { fractions.append(updater->progressFraction()); });
        m_pagesSeen.clear();
        QVERIFY(tap(s("installButton")));
        QVERIFY(onPage(s("donePage"), 120000));
        disconnect(sample);
        QVERIFY2(m_pagesSeen.contains(s("progressPage")), qPrintable(m_pagesSeen.join(u',')));
        QVERIFY(!fractions.isEmpty());
        for (qsizetype i = 1; i < fractions.size(); ++i) {
            QVERIFY2(fractions[i] >= fractions[i - 1], "progress went backwards");
        }
        QCOMPARE(fractions.last(), 1.0);
        QCOMPARE(text(s("doneHeadline")), s("Version 2.0.0 is installed."));
        QVERIFY(text(s("doneExplanation")).contains(s("from slot B")));
        QCOMPARE(status().value(s("primary")).toString(), s("B"));

        rebootToHealthyAndAcknowledge();
    }

    // The second story, keyboard only (a support engineer over VNC): an incompatible bundle and
    // an unsigned one are explained and offer no way to install; nothing changes on the device.
    void incompatibleAndUnsignedCannotBeInstalled()
    {
        ensureStick();
        goHome();
        const int history = historyCount();
        const QJsonObject before = status();
        QTRY_VERIFY_WITH_TIMEOUT(focused() && focused()->objectName() == s("installButton"), 5000);
        key(Qt::Key_Return);
        QVERIFY(onPage(s("sourcesPage")));

        QTRY_VERIFY_WITH_TIMEOUT(bundleButton(s("other-device-2.0.0.seesaw")), 15000);
        QVERIFY(tabToText(s("other-device-2.0.0.seesaw")));
        key(Qt::Key_Return);
        QVERIFY(onPage(s("detailsPage")));
        QVERIFY(item(s("blockedBanner")));
        QVERIFY2(detail(s("blockedBanner")).startsWith(s("Made for this device: ")),
                 qPrintable(detail(s("blockedBanner"))));
        QVERIFY(detail(s("blockedBanner")).contains(s("other-device")));
        QCOMPARE(item(s("check_compatible"))
                     ->findChild<QObject *>(s("statusIcon"))
                     ->property("name")
                     .toString(),
                 s("cross"));
        QVERIFY(!item(s("continueButton")));
        QVERIFY(!item(s("overrideSection")));
        QCOMPARE(focused()->objectName(), s("detailsBackButton"));
        // However far the operator tabs, nothing leads on.
        QVERIFY(!tabTo([](QQuickItem *f) { return f->objectName() == s("continueButton"); }));
        key(Qt::Key_Escape);
        QVERIFY(onPage(s("sourcesPage")));

        QVERIFY(tabToText(s("unknown-signer-2.0.0.seesaw")));
        key(Qt::Key_Return);
        QVERIFY(onPage(s("detailsPage")));
        QCOMPARE(text(s("signatureLine")), s("Not signed by a trusted key"));
        QVERIFY(item(s("blockedBanner")));
        QVERIFY(!item(s("continueButton")));
        QVERIFY(!item(s("overrideSection")));
        key(Qt::Key_Escape);
        QVERIFY(onPage(s("sourcesPage")));
        key(Qt::Key_Escape);
        QVERIFY(onPage(s("homePage")));

        QCOMPARE(historyCount(), history);
        QCOMPARE(status().value(s("slots")), before.value(s("slots")));
    }

    // A reinstall and a downgrade install only when the operator ticks the box for it, and
    // then really install (the daemon got the option).
    void reinstallAndDowngradeOnlyWhenAskedFor()
    {
        ensureStick();
        goHome();
        QVERIFY(tap(s("installButton")));
        QVERIFY(onPage(s("sourcesPage")));
        QTRY_VERIFY_WITH_TIMEOUT(bundleButton(s("update-2.0.0.seesaw")), 15000);
        QVERIFY(tap(bundleButton(s("update-2.0.0.seesaw"))));
        QVERIFY(onPage(s("detailsPage")));
        QCOMPARE(text(s("directionText")), s("Reinstall 2.0.0, the version running now"));
        QVERIFY(item(s("blockedBanner")));
        QVERIFY(!item(s("continueButton")));
        QCOMPARE(text(s("overrideCheck")), s("Yes, reinstall version 2.0.0"));
        QVERIFY(inWindow(item(s("overrideCheck"))));
        QVERIFY(QDir().mkpath(s(SEESAW_SCREENSHOT_DIR)));
        QVERIFY(m_window->grabWindow().save(
            s(SEESAW_SCREENSHOT_DIR "/details-reinstall-1280x800.png")));
        key(Qt::Key_Escape);
        QVERIFY(onPage(s("sourcesPage")));
        key(Qt::Key_Escape);
        QVERIFY(onPage(s("homePage")));

        installByTouch(s("update-2.0.0.seesaw"), s("2.0.0"), true);
        QVERIFY(tap(s("laterButton")));
        QVERIFY(onPage(s("homePage")));
        // Not restarted: Home says so and offers the restart.
        QTRY_COMPARE_WITH_TIMEOUT(text(s("outcomeBanner")),
                                  s("Update installed, waiting for a restart"), 10000);
        QVERIFY(item(s("restartButton")));

        installByTouch(s("update-1.0.0.seesaw"), s("1.0.0"), true);
        QVERIFY(tap(s("laterButton")));
        QVERIFY(onPage(s("homePage")));
        QCOMPARE(status().value(s("primary")).toString(), s("A"));
        QTRY_COMPARE_WITH_TIMEOUT(
            UpdaterClient::instance()->otherSlot().value(s("version")).toString(), s("1.0.0"),
            10000);
    }

    // An update that fails its health check: after the restart the device runs the previous
    // version again and Home says why; the operator acknowledges it from the keyboard.
    void healthFailureRollsBack()
    {
        ensureStick();
        goHome();
        installByTouch(s("update-2.1.0.seesaw"), s("2.1.0"));
        QVERIFY(tap(s("rebootButton")));
        QTRY_COMPARE_WITH_TIMEOUT(bootedSlotOnNextStart(), s("seesaw.slot=A"), 15000);
        stopUi();
        const RunResult health = m_sys.bootCompleted();
        QVERIFY2(health.exitCode != 0, "the health check of 2.1.0 fails");
        QVERIFY(startUi());
        QTRY_COMPARE_WITH_TIMEOUT(text(s("runningVersion")), s("version 2.0.0 from slot B"), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(item(s("outcomeBanner")), 10000);
        QCOMPARE(text(s("outcomeBanner")),
                 s("The update failed its health check and was rolled back"));
        QVERIFY(detail(s("outcomeBanner")).contains(s("Version 2.1.0")));
        QVERIFY2(detail(s("outcomeBanner")).contains(s("50-app")),
                 qPrintable(detail(s("outcomeBanner"))));
        QVERIFY(tabToName(s("acknowledgeButton")));
        key(Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!item(s("outcomeBanner")), 10000);
    }

    // A local file, keyboard only: Open file… → the file browser → the bundle, which the app
    // opens itself and hands to seesawd as a descriptor; details as for a stick's bundle.
    void localFileByKeyboard()
    {
        goHome();
        QTRY_VERIFY_WITH_TIMEOUT(focused() && focused()->objectName() == s("installButton"), 5000);
        key(Qt::Key_Return);
        QVERIFY(onPage(s("sourcesPage")));
        QCOMPARE(focused()->objectName(), s("openFileButton"));
        key(Qt::Key_Return);
        QVERIFY(onPage(s("filesPage")));
        QCOMPARE(text(s("folderLabel")), m_sys.path(s("bundles")));
        QVERIFY(tabToText(s("update-2.1.0.seesaw")));
        key(Qt::Key_Return);
        QVERIFY(onPage(s("detailsPage")));
        QCOMPARE(text(s("directionText")), s("Upgrade from 2.0.0 to 2.1.0"));
        QCOMPARE(text(s("signatureLine")), s("Signed by a trusted key"));
        QVERIFY(item(s("continueButton")));
        key(Qt::Key_Escape);
        QVERIFY(onPage(s("filesPage")));
        // The stranger's bundle from the file is refused like the stick's.
        QVERIFY(tabToText(s("unknown-signer-2.0.0.seesaw")));
        key(Qt::Key_Return);
        QVERIFY(onPage(s("detailsPage")));
        QCOMPARE(text(s("signatureLine")), s("Not signed by a trusted key"));
        QVERIFY(!item(s("continueButton")));
        goHome();
    }

    // Every page at both sizes, with the data seesawd provides: saved as PNG under the build
    // tree, and each page's key texts present and its actions on screen (object lookup).
    void everyPageAtBothSizes_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("800x480") << QSize(800, 480);
        QTest::newRow("1280x800") << QSize(1280, 800);
    }
    void everyPageAtBothSizes()
    {
        ensureStick();
        QFETCH(QSize, size);
        const QString dir = s(SEESAW_SCREENSHOT_DIR);
        QVERIFY(QDir().mkpath(dir));
        m_window->resize(size);
        const QStringList pages = m_window->property("screenshotPages").toStringList();
        QCOMPARE(pages.size(), 10);
        for (const QString &name : pages) {
            QVERIFY(QMetaObject::invokeMethod(m_window, "showPageForScreenshot",
                                              Q_ARG(QVariant, name)));
            QTest::qWait(300); // layouts, images and popups settle
            const QImage image = m_window->grabWindow();
            QCOMPARE(image.size(), size * m_window->devicePixelRatio());
            QVERIFY(image.save(
                s("%1/%2-%3x%4.png").arg(dir, name).arg(size.width()).arg(size.height())));
            checkKeyTexts(name);
            if (QTest::currentTestFailed()) {
                qWarning("on page %s at %dx%d", qPrintable(name), size.width(), size.height());
                return;
            }
        }
        // Home again, the language dialog (the last "page") closed.
        QVERIFY(QMetaObject::invokeMethod(m_window, "showPageForScreenshot",
                                          Q_ARG(QVariant, s("home"))));
        QVERIFY(onPage(s("homePage")));
    }

    // The technician pulls the stick: it leaves the Sources page, which says so.
    void stickPulled()
    {
        ensureStick();
        m_window->resize(1280, 800);
        goHome();
        QVERIFY(tap(s("installButton")));
        QVERIFY(onPage(s("sourcesPage")));
        QTRY_VERIFY_WITH_TIMEOUT(bundleButton(s("update-2.1.0.seesaw")), 15000);
        testutil::SystemFixture::pull(m_loop, m_image);
        m_loop.clear();
        QTRY_VERIFY_WITH_TIMEOUT(!bundleButton(s("update-2.1.0.seesaw")), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(item(s("noMediaHint")), 10000);
    }
};

QTEST_MAIN(TestEndToEnd)
#include "tst_endtoend.moc"
