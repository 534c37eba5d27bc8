// Qt Quick Test runner for the QML of seesaw-ui: links the Seesaw module statically (as
// seesaw-ui does) so the tests load the very pages and components the app ships.
#include "maplistmodel.h"

#include <QtQml/QQmlEngine>
#include <QtQml/QQmlExtensionPlugin>
#include <QtQuickTest/quicktest.h>

Q_IMPORT_QML_PLUGIN(SeesawPlugin)

class Setup : public QObject {
    Q_OBJECT
public Q_SLOTS:
    void qmlEngineAvailable(QQmlEngine *engine)
    {
        // Where qt_add_qml_module puts the module's qmldir and files in the resources.
        engine->addImportPath(QStringLiteral("qrc:/qt/qml"));
        qmlRegisterType<MapListModel>("SeesawTest", 1, 0, "MapListModel");
    }
};

QUICK_TEST_MAIN_WITH_SETUP(seesaw_qml, Setup)

#include "main.moc"
