#include "appinfo.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QJSEngine>
#include <QPalette>

QPointer<AppInfo> AppInfo::s_instance;

AppInfo::AppInfo(QObject *parent) : QObject(parent) {}

AppInfo *AppInfo::instance()
{
    if (s_instance == nullptr) {
        s_instance = new AppInfo(QCoreApplication::instance());
    }
    return s_instance;
}

AppInfo *AppInfo::create(QQmlEngine * /*unused*/, QJSEngine * /*unused*/)
{
    AppInfo *app = instance();
    QJSEngine::setObjectOwnership(app, QJSEngine::CppOwnership);
    return app;
}

void AppInfo::configure(const Options &options)
{
    m_options = options;
    Q_EMIT themeChanged();
}

QString AppInfo::theme() const
{
    if (!m_options.theme.isEmpty()) {
        return m_options.theme;
    }
    // Qt 6.4 has no colour-scheme hint; a dark window background is the system's choice.
    const bool dark = QGuiApplication::palette().color(QPalette::Window).lightness() < 128;
    return dark ? QStringLiteral("dark") : QStringLiteral("light");
}

// NOLINTNEXTLINE(readability-convert-member-functions-to-static): a QML property's accessor
QString AppInfo::version() const
{
    return QCoreApplication::applicationVersion();
}

void AppInfo::quit() const
{
    if (allowQuit()) {
        QCoreApplication::quit();
    }
}
