// seesaw-ui --screenshot: shows each page the QML offers at each window size and saves what
// the window shows, for the documentation and for reviewing layouts without a device.
#pragma once

#include <QList>
#include <QObject>
#include <QSize>
#include <QStringList>

class QQuickWindow;

class Screenshotter : public QObject {
    Q_OBJECT
public:
    // `window` is the root object: it has `screenshotPages` (list of names) and the function
    // `showPageForScreenshot(name)`.
    Screenshotter(QQuickWindow *window, QString directory, QList<QSize> sizes,
                  QObject *parent = nullptr);

    // "800x480,1280x800" → sizes; empty on a malformed list.
    static QList<QSize> parseSizes(const QString &text);

    // Starts; finished() follows once every file was attempted.
    void start();

Q_SIGNALS:
    void finished(int exitCode); // 0 when every file was written

private:
    void next();
    void capture();

    QQuickWindow *m_window;
    QString m_directory;
    QList<QSize> m_sizes;
    QStringList m_pages;
    qsizetype m_step = 0; // index over sizes × pages
    int m_failures = 0;
    int m_framesSinceChange = 0;
};
