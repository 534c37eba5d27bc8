// seesaw-ui: the updater's face on touch screens, desktops and VNC sessions. Talks only to
// seesawd; never runs as root.
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QtQml/QQmlExtensionPlugin>

Q_IMPORT_QML_PLUGIN(SeesawPlugin)

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("seesaw-ui"));
    QGuiApplication::setApplicationVersion(QStringLiteral(SEESAW_VERSION));
    QQmlApplicationEngine engine;
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Seesaw/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    return QGuiApplication::exec();
}
