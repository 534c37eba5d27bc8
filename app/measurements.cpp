#include "measurements.h"

#include "console.h"
#include "mediamodel.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QQmlEngine>
#include <QQuickWindow>
#include <QTimer>
#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace {

// Milliseconds since this process started (from /proc/self/stat and the boot-time clock).
qint64 sinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    // Field 22 of stat(5) is the start time in clock ticks after boot; here index 19.
    if (fields.size() < 20) {
        return -1;
    }
    const double startSeconds = fields.at(19).toDouble() / double(::sysconf(_SC_CLK_TCK));
    timespec now{};
    ::clock_gettime(CLOCK_BOOTTIME, &now);
    const double nowSeconds = double(now.tv_sec) + double(now.tv_nsec) / 1e9;
    return qint64((nowSeconds - startSeconds) * 1000.0);
}

void report(const char *what, qint64 value)
{
    // A benchmark reads these lines; a lost one shows there as a missing measurement.
    (void)seesawui::writeLine(
        stderr,
        QStringLiteral("ui-measure: %1 %2").arg(QLatin1String(what), QString::number(value)));
}

qint64 monotonicMs()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

} // namespace

bool Measurements::enabled()
{
    return qEnvironmentVariableIsSet("SEESAW_UI_MEASURE");
}

void Measurements::install(QQuickWindow *window, QQmlEngine *engine)
{
    if (enabled()) {
        new Measurements(window, engine);
    }
}

Measurements::Measurements(QQuickWindow *window, QQmlEngine *engine) : QObject(window)
{
    auto *once = new QMetaObject::Connection;
    *once = connect(window, &QQuickWindow::frameSwapped, this, [this, once] {
        report("first-frame", sinceProcessStart());
        disconnect(*once);
        delete once;
        auto *probe = new QTimer(this);
        probe->setInterval(5);
        m_lastTick = monotonicMs();
        connect(probe, &QTimer::timeout, this, [this] {
            const qint64 now = monotonicMs();
            const qint64 stall = now - m_lastTick;
            m_lastTick = now;
            if (stall > m_maxStall) {
                m_maxStall = stall;
                report("stall-max", stall);
            }
        });
        probe->start();
    });
    const int type = qmlTypeId("Seesaw", 1, 0, "MediaModel");
    if (auto *media = type >= 0 ? engine->singletonInstance<MediaModel *>(type) : nullptr) {
        connect(media, &QAbstractItemModel::rowsInserted, this,
                [] { report("stick-shown", QDateTime::currentMSecsSinceEpoch()); });
    }
}
