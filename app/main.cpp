// seesaw-ui: the updater's face on touch screens, desktops and VNC sessions. Talks only to
// seesawd; never runs as root.
#include "appinfo.h"
#include "language.h"
#include "measurements.h"
#include "screenshotter.h"

#include <QCommandLineParser>
#include <QFile>
#include <QGuiApplication>
#include <QIcon>
#include <QLocale>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QScreen>
#include <QtQml/QQmlExtensionPlugin>
#include <cstdio>
#include <cstring>
#include <unistd.h>

Q_IMPORT_QML_PLUGIN(SeesawPlugin)

namespace {

// In a kiosk without --allow-quit, closing the window (Alt+F4, the window manager) does nothing.
class CloseGuard : public QObject {
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Close && !AppInfo::instance()->allowQuit()) {
            event->ignore();
            return true;
        }
        return QObject::eventFilter(watched, event);
    }
};

bool hasArgument(int argc, char **argv, const char *wanted)
{
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], wanted) == 0)
            return true;
    return false;
}

} // namespace

int main(int argc, char **argv)
{
    // Before anything else: the UI needs no privilege, and a GUI running as root is an attack
    // surface for whoever can reach its screen.
    // (--help and --version only print.)
    const bool onlyPrints = hasArgument(argc, argv, "--help") || hasArgument(argc, argv, "-h") ||
                            hasArgument(argc, argv, "--version") || hasArgument(argc, argv, "-v");
    if (::geteuid() == 0 && !onlyPrints && !hasArgument(argc, argv, "--allow-root")) {
        std::fputs("seesaw-ui: refusing to run as root (it never needs privileges; seesawd does "
                   "the privileged work). Pass --allow-root to override.\n",
                   stderr);
        return 1;
    }
    // Printing the help or the version needs no display.
    if (onlyPrints && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "minimal");
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("seesaw-ui"));
    QGuiApplication::setApplicationVersion(QStringLiteral(SEESAW_VERSION));
    QGuiApplication::setOrganizationName(QStringLiteral("Seesaw"));
    const QString iconPath = QStringLiteral(":/seesaw/icons/seesaw.svg");
    if (QFile::exists(iconPath))
        QGuiApplication::setWindowIcon(QIcon(iconPath));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "Installs system updates from USB sticks and local files."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption kiosk(QStringLiteral("kiosk"),
                                   QCoreApplication::translate("main", "Full screen, no frame; "
                                                                       "no quitting."));
    const QCommandLineOption allowQuit(
        QStringLiteral("allow-quit"),
        QCoreApplication::translate("main", "Allow quitting in kiosk mode."));
    const QCommandLineOption allowRoot(
        QStringLiteral("allow-root"),
        QCoreApplication::translate("main", "Run even as root (tests only)."));
    const QCommandLineOption lang(QStringLiteral("lang"),
                                  QCoreApplication::translate("main", "User interface language."),
                                  QStringLiteral("CODE"));
    const QCommandLineOption theme(QStringLiteral("theme"),
                                   QCoreApplication::translate("main", "light or dark."),
                                   QStringLiteral("THEME"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Save every page as DIR/<page>-<W>x<H>.png and exit."),
        QStringLiteral("DIR"));
    const QCommandLineOption sizes(
        QStringLiteral("sizes"),
        QCoreApplication::translate("main", "Window sizes for --screenshot."),
        QStringLiteral("WxH,WxH"), QStringLiteral("800x480,1280x800"));
    parser.addOptions({kiosk, allowQuit, allowRoot, lang, theme, screenshot, sizes});
    parser.process(app);

    const QString themeName = parser.value(theme);
    if (!themeName.isEmpty() && themeName != QLatin1String("light") &&
        themeName != QLatin1String("dark")) {
        std::fputs("seesaw-ui: --theme is light or dark\n", stderr);
        return 2;
    }
    const QList<QSize> screenshotSizes = Screenshotter::parseSizes(parser.value(sizes));
    if (parser.isSet(screenshot) && screenshotSizes.isEmpty()) {
        std::fputs("seesaw-ui: --sizes is a list like 800x480,1280x800\n", stderr);
        return 2;
    }
    AppInfo::instance()->configure(
        {parser.isSet(kiosk), parser.isSet(allowQuit), parser.isSet(screenshot), themeName});

    Language *language = Language::instance();
    const QString wanted =
        parser.isSet(lang) ? parser.value(lang) : Language::bestMatch(QLocale::system().name());
    if (!language->setLanguage(wanted)) {
        std::fprintf(stderr, "seesaw-ui: unknown language %s; using English\n", qPrintable(wanted));
        language->setLanguage(QStringLiteral("en"));
    }

    QQmlApplicationEngine engine;
    // Qt 6.4 does not yet look for modules in the resources' /qt/qml (6.5 does): without this,
    // `import Seesaw` inside pages/ and components/ finds only the C++ types, not the QML ones.
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    language->setEngine(&engine);
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Seesaw/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (!window) {
        std::fputs("seesaw-ui: Main.qml is not a window\n", stderr);
        return 1;
    }
    Measurements::install(window, &engine); // only with SEESAW_UI_MEASURE (tests/bench/ui)
    CloseGuard guard;
    window->installEventFilter(&guard);
    if (parser.isSet(kiosk)) {
        QGuiApplication::setQuitOnLastWindowClosed(false);
        window->setFlags(window->flags() | Qt::FramelessWindowHint);
        window->showFullScreen();
        // Frame-buffer platforms (vnc, linuxfb) size a window to the screen only when it becomes
        // visible in the full-screen state; Main.qml's window is already visible, so it would
        // keep its 1280×800 and be cut off on a smaller screen. Window managers do the same.
        if (QScreen *screen = window->screen())
            window->setGeometry(screen->geometry());
    }
    if (parser.isSet(screenshot)) {
        auto *shooter = new Screenshotter(window, parser.value(screenshot), screenshotSizes, &app);
        QObject::connect(shooter, &Screenshotter::finished, &app,
                         [](int code) { QCoreApplication::exit(code); });
        shooter->start();
    }
    return QGuiApplication::exec();
}
