// seesaw-ui: the updater's face on touch screens, desktops and VNC sessions. Talks only to
// seesawd; never runs as root.
#include "appinfo.h"
#include "console.h"
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
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], wanted) == 0) {
            return true;
        }
    }
    return false;
}

// --help and --version only print.
bool onlyPrints(int argc, char **argv)
{
    return hasArgument(argc, argv, "--help") || hasArgument(argc, argv, "-h") ||
           hasArgument(argc, argv, "--version") || hasArgument(argc, argv, "-v");
}

// The UI needs no privilege, and a GUI running as root is an attack surface for whoever can
// reach its screen. Says so and returns true when it must not start.
bool refusesRoot(int argc, char **argv, bool printsOnly)
{
    if (::geteuid() != 0 || printsOnly || hasArgument(argc, argv, "--allow-root")) {
        return false;
    }
    seesawui::complain(QStringLiteral("refusing to run as root (it never needs privileges; seesawd "
                                      "does the privileged work). Pass --allow-root to override."));
    return true;
}

void describeApplication()
{
    QGuiApplication::setApplicationName(QStringLiteral("seesaw-ui"));
    QGuiApplication::setApplicationVersion(QStringLiteral(SEESAW_VERSION));
    QGuiApplication::setOrganizationName(QStringLiteral("Seesaw"));
    const QString iconPath = QStringLiteral(":/seesaw/icons/seesaw.svg");
    if (QFile::exists(iconPath)) {
        QGuiApplication::setWindowIcon(QIcon(iconPath));
    }
}

struct UiOptions {
    const QCommandLineOption kiosk{
        QStringLiteral("kiosk"),
        QCoreApplication::translate("main", "Full screen, no frame; no quitting.")};
    const QCommandLineOption allowQuit{
        QStringLiteral("allow-quit"),
        QCoreApplication::translate("main", "Allow quitting in kiosk mode.")};
    const QCommandLineOption allowRoot{
        QStringLiteral("allow-root"),
        QCoreApplication::translate("main", "Run even as root (tests only).")};
    const QCommandLineOption lang{QStringLiteral("lang"),
                                  QCoreApplication::translate("main", "User interface language."),
                                  QStringLiteral("CODE")};
    const QCommandLineOption theme{QStringLiteral("theme"),
                                   QCoreApplication::translate("main", "light or dark."),
                                   QStringLiteral("THEME")};
    const QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Save every page as DIR/<page>-<W>x<H>.png and exit."),
        QStringLiteral("DIR")};
    const QCommandLineOption sizes{
        QStringLiteral("sizes"),
        QCoreApplication::translate("main", "Window sizes for --screenshot."),
        QStringLiteral("WxH,WxH"), QStringLiteral("800x480,1280x800")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.setApplicationDescription(QCoreApplication::translate(
            "main", "Installs system updates from USB sticks and local files."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({kiosk, allowQuit, allowRoot, lang, theme, screenshot, sizes});
    }
};

// The theme and screenshot sizes checked, the application configured with them. Returns -1, or
// the exit code of a usage error.
int configure(const QCommandLineParser &parser, const UiOptions &o, QList<QSize> *screenshotSizes)
{
    const QString themeName = parser.value(o.theme);
    if (!themeName.isEmpty() && themeName != QLatin1String("light") &&
        themeName != QLatin1String("dark")) {
        seesawui::complain(QStringLiteral("--theme is light or dark"));
        return 2;
    }
    *screenshotSizes = Screenshotter::parseSizes(parser.value(o.sizes));
    if (parser.isSet(o.screenshot) && screenshotSizes->isEmpty()) {
        seesawui::complain(QStringLiteral("--sizes is a list like 800x480,1280x800"));
        return 2;
    }
    AppInfo::instance()->configure(
        {parser.isSet(o.kiosk), parser.isSet(o.allowQuit), parser.isSet(o.screenshot), themeName});
    return -1;
}

// --lang, else the system's language when the UI has it, else English.
void chooseLanguage(const QCommandLineParser &parser, const UiOptions &o)
{
    Language *language = Language::instance();
    const QString wanted =
        parser.isSet(o.lang) ? parser.value(o.lang) : Language::bestMatch(QLocale::system().name());
    if (!language->setLanguage(wanted)) {
        seesawui::complain(QStringLiteral("unknown language %1; using English").arg(wanted));
        language->setLanguage(QStringLiteral("en"));
    }
}

// Main.qml loaded into engine; nullptr when it did not load or is not a window.
QQuickWindow *loadMainWindow(QQmlApplicationEngine &engine)
{
    // Qt 6.4 does not yet look for modules in the resources' /qt/qml (6.5 does): without this,
    // `import Seesaw` inside pages/ and components/ finds only the C++ types, not the QML ones.
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    Language::instance()->setEngine(&engine);
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/Seesaw/Main.qml")));
    if (engine.rootObjects().isEmpty()) {
        return nullptr;
    }
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (window == nullptr) {
        seesawui::complain(QStringLiteral("Main.qml is not a window"));
    }
    return window;
}

void showKiosk(QQuickWindow *window)
{
    QGuiApplication::setQuitOnLastWindowClosed(false);
    window->setFlags(window->flags() | Qt::FramelessWindowHint);
    window->showFullScreen();
    // Frame-buffer platforms (vnc, linuxfb) size a window to the screen only when it becomes
    // visible in the full-screen state; Main.qml's window is already visible, so it would
    // keep its 1280×800 and be cut off on a smaller screen. Window managers do the same.
    if (QScreen *screen = window->screen()) {
        window->setGeometry(screen->geometry());
    }
}

} // namespace

int main(int argc, char **argv)
{
    // Before anything else.
    const bool printsOnly = onlyPrints(argc, argv);
    if (refusesRoot(argc, argv, printsOnly)) {
        return 1;
    }
    // Printing the help or the version needs no display.
    if (printsOnly && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "minimal");
    }
    QGuiApplication app(argc, argv);
    describeApplication();

    QCommandLineParser parser;
    const UiOptions options;
    options.addTo(parser);
    parser.process(app);
    QList<QSize> screenshotSizes;
    if (int rc = configure(parser, options, &screenshotSizes); rc >= 0) {
        return rc;
    }
    chooseLanguage(parser, options);

    QQmlApplicationEngine engine;
    QQuickWindow *window = loadMainWindow(engine);
    if (window == nullptr) {
        return 1;
    }
    Measurements::install(window, &engine); // only with SEESAW_UI_MEASURE (tests/bench/ui)
    CloseGuard guard;
    window->installEventFilter(&guard);
    if (parser.isSet(options.kiosk)) {
        showKiosk(window);
    }
    if (parser.isSet(options.screenshot)) {
        auto *shooter =
            new Screenshotter(window, parser.value(options.screenshot), screenshotSizes, &app);
        QObject::connect(shooter, &Screenshotter::finished, &app,
                         [](int code) { QCoreApplication::exit(code); });
        shooter->start();
    }
    return QGuiApplication::exec();
}
