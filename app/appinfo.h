// The QML singleton `App`: how seesaw-ui was started (kiosk, screenshots, theme) and quitting.
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QtQml/qqmlregistration.h>

class QJSEngine;
class QQmlEngine;

class AppInfo : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(App)
    QML_SINGLETON
    Q_PROPERTY(bool kiosk READ kiosk CONSTANT)
    Q_PROPERTY(bool allowQuit READ allowQuit CONSTANT)
    Q_PROPERTY(bool screenshotMode READ screenshotMode CONSTANT)
    Q_PROPERTY(QString theme READ theme NOTIFY themeChanged)
    Q_PROPERTY(QString version READ version CONSTANT)

public:
    struct Options {
        bool kiosk = false;
        bool allowQuit = false; // --allow-quit; without kiosk quitting is always allowed
        bool screenshotMode = false;
        QString theme; // "light", "dark", or empty: from the system palette
    };

    // Not default-constructible, so that QML uses create() and shares instance().
    explicit AppInfo(QObject *parent);

    static AppInfo *instance();
    static AppInfo *create(QQmlEngine * /*unused*/, QJSEngine * /*unused*/);
    // Set by main() before QML is loaded.
    void configure(const Options &options);

    [[nodiscard]] bool kiosk() const { return m_options.kiosk; }
    [[nodiscard]] bool allowQuit() const { return !m_options.kiosk || m_options.allowQuit; }
    [[nodiscard]] bool screenshotMode() const { return m_options.screenshotMode; }
    [[nodiscard]] QString theme() const;
    [[nodiscard]] QString version() const;

    Q_INVOKABLE void quit() const;

Q_SIGNALS:
    void themeChanged();

private:
    Options m_options;
    static QPointer<AppInfo> s_instance;
};
