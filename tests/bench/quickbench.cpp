// The baseline of tests/bench/ui: the smallest Qt Quick window (a Rectangle and a Text, from
// inline QML) — the floor of any Qt Quick application on this machine. Prints, like
// seesaw-ui with SEESAW_UI_MEASURE, "ui-measure: first-frame MS" (ms since the process started)
// and keeps running until killed.
#include <QFile>
#include <QGuiApplication>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickWindow>
#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace {

qint64 sinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20) {
        return -1;
    }
    const double start = fields.at(19).toDouble() / double(::sysconf(_SC_CLK_TCK));
    timespec now{};
    ::clock_gettime(CLOCK_BOOTTIME, &now);
    return qint64((double(now.tv_sec) + double(now.tv_nsec) / 1e9 - start) * 1000.0);
}

} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    QQmlEngine engine;
    QQmlComponent component(&engine);
    component.setData(
        "import QtQuick\n"
        "Window { width: 800; height: 480; visible: true\n"
        "  Rectangle { anchors.fill: parent; color: \"#f5f6f8\"\n"
        "    Text { anchors.centerIn: parent; text: \"Seesaw\"; font.pixelSize: 32 } } }\n",
        QUrl());
    QObject *root = component.create();
    auto *window = qobject_cast<QQuickWindow *>(root);
    if (window == nullptr) {
        // The exit status tells tests/bench/ui; a failed write of the reason is ignored.
        (void)std::fputs("quickbench: no window\n", stderr);
        return 1;
    }
    QObject::connect(window, &QQuickWindow::frameSwapped, &app, [] {
        static bool once = false;
        if (once) {
            return;
        }
        once = true;
        // tests/bench/ui waits for this line: without it there is nothing to measure, so stop.
        if (std::fprintf(stderr, "ui-measure: first-frame %lld\n",
                         static_cast<long long>(sinceProcessStart())) < 0 ||
            std::fflush(stderr) != 0) {
            QCoreApplication::exit(1);
        }
    });
    return QGuiApplication::exec();
}
