// Risk: switching the language at runtime leaves the UI in the old language (no retranslate),
// a language without its translation breaks the UI instead of staying English, or the initial
// language ignores the system locale.
#include "appinfo.h"
#include "language.h"
#include "testutil.h"
#include "updaterclient.h"

#include <QCoreApplication>
#include <QFile>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/QQmlExtensionPlugin>

Q_IMPORT_QML_PLUGIN(SeesawPlugin)

class TestLanguage : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void bestMatch_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("code");
        QTest::newRow("de_AT") << QStringLiteral("de_AT") << QStringLiteral("de");
        QTest::newRow("fr") << QStringLiteral("fr") << QStringLiteral("fr");
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << QStringLiteral("zh_CN");
        QTest::newRow("zh-TW") << QStringLiteral("zh-TW") << QStringLiteral("zh_CN");
        QTest::newRow("C") << QStringLiteral("C") << QStringLiteral("en");
        QTest::newRow("pt_BR") << QStringLiteral("pt_BR") << QStringLiteral("en");
    }

    void bestMatch()
    {
        QFETCH(QString, locale);
        QFETCH(QString, code);
        QCOMPARE(Language::bestMatch(locale), code);
    }

    void available()
    {
        Language language(nullptr);
        const QVariantList all = language.available();
        QCOMPARE(all.size(), 5);
        QCOMPARE(all.at(4).toMap().value(QStringLiteral("code")).toString(),
                 QStringLiteral("zh_CN"));
        QCOMPARE(all.at(4).toMap().value(QStringLiteral("nativeName")).toString(),
                 QStringLiteral("简体中文"));
        QCOMPARE(all.at(2).toMap().value(QStringLiteral("nativeName")).toString(),
                 QStringLiteral("Français"));
    }

    // A German .qm made here from a tiny .ts: a QML binding with qsTr() changes at once.
    void switchRetranslatesQml()
    {
        QVERIFY(m_tmp.isValid());
        const QString ts = m_tmp.filePath(QStringLiteral("seesaw_de.ts"));
        QVERIFY(testutil::writeFile(ts, R"(<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context><name>Probe</name>
<message><source>Install update</source><translation>Update installieren</translation></message>
</context>
</TS>
)"));
        const testutil::RunResult r = testutil::run(
            QStringLiteral(SEESAW_LRELEASE),
            {ts, QStringLiteral("-qm"), m_tmp.filePath(QStringLiteral("seesaw_de.qm"))});
        if (r.exitCode != 0) {
            QSKIP("lrelease is not available");
        }

        QQmlEngine engine;
        Language language(nullptr);
        language.setEngine(&engine);
        language.setTranslationsDirectory(m_tmp.path());
        QQmlComponent component(&engine);
        // The context of qsTr() in a component is its file name: here "Probe".
        component.setData(
            "import QtQml\nQtObject { property string text: qsTr(\"Install update\") }\n",
            QUrl(QStringLiteral("file:///Probe.qml")));
        std::unique_ptr<QObject> probe(component.create());
        QVERIFY2(probe, qPrintable(component.errorString()));
        QCOMPARE(probe->property("text").toString(), QStringLiteral("Install update"));

        QSignalSpy changed(&language, &Language::currentChanged);
        QVERIFY(language.setLanguage(QStringLiteral("de")));
        QCOMPARE(language.current(), QStringLiteral("de"));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(probe->property("text").toString(), QStringLiteral("Update installieren"));
        QCOMPARE(QLocale().language(), QLocale::German);

        // French has no .qm yet: English again, no error.
        QVERIFY(language.setLanguage(QStringLiteral("fr")));
        QCOMPARE(language.current(), QStringLiteral("fr"));
        QCOMPARE(probe->property("text").toString(), QStringLiteral("Install update"));

        QVERIFY(!language.setLanguage(QStringLiteral("xx")));
        QCOMPARE(language.current(), QStringLiteral("fr"));
        QVERIFY(language.setLanguage(QStringLiteral("en")));
        QCOMPARE(probe->property("text").toString(), QStringLiteral("Install update"));
    }

    // QML reaches the same objects as the C++ singletons, and every singleton and type of the
    // module can be made from QML.
    void singletonsInQml()
    {
        QQmlEngine engine;
        QQmlComponent component(&engine);
        component.setData(R"(import QtQml
import Seesaw
QtObject {
    property string code: Language.current
    property int count: Language.available.length
    property bool connected: Updater.connected
    property QtObject updater: Updater
    property QtObject language: Language
    property bool allowQuit: App.allowQuit
    property QtObject app: App
    property int sticks: MediaModel.count
    property QtObject history: HistoryModel {}
    property QtObject files: FileBrowser {}
}
)",
                          QUrl());
        std::unique_ptr<QObject> object(component.create());
        QVERIFY2(object, qPrintable(component.errorString()));
        QCOMPARE(object->property("code").toString(), Language::instance()->current());
        QCOMPARE(object->property("count").toInt(), 5);
        // One client per process: HistoryModel and MediaModel use the same one as QML.
        QCOMPARE(object->property("updater").value<QObject *>(), UpdaterClient::instance());
        QCOMPARE(object->property("language").value<QObject *>(), Language::instance());
        QCOMPARE(object->property("allowQuit").toBool(), true); // not a kiosk
        QCOMPARE(object->property("app").value<QObject *>(), AppInfo::instance());
        QVERIFY(object->property("history").value<QObject *>());
        QVERIFY(object->property("files").value<QObject *>());
    }
};

QTEST_GUILESS_MAIN(TestLanguage)
#include "tst_language.moc"
