#include "screenshotter.h"

#include "console.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QImage>
#include <QJSValue>
#include <QMetaMethod>
#include <QQuickWindow>
#include <QTimer>
#include <cstdio>
#include <memory>

namespace {

// After a page or size change: at least this long, and one frame rendered, before grabbing
// (images, layouts and transitions settle); never longer than the limit.
constexpr int SettleMs = 300;
constexpr int SettleLimitMs = 3000;

QStringList toStringList(const QVariant &value)
{
    if (value.userType() == qMetaTypeId<QJSValue>()) {
        return value.value<QJSValue>().toVariant().toStringList();
    }
    return value.toStringList();
}

bool showPage(QObject *root, const QString &name)
{
    const QMetaObject *meta = root->metaObject();
    for (int i = meta->methodOffset(); i < meta->methodCount(); ++i) {
        const QMetaMethod method = meta->method(i);
        if (method.name() != "showPageForScreenshot" || method.parameterCount() != 1) {
            continue;
        }
        // A typed QML parameter (name: string) is a QString, an untyped one a QVariant.
        if (method.parameterMetaType(0) == QMetaType::fromType<QString>()) {
            return method.invoke(root, Qt::DirectConnection, Q_ARG(QString, name));
        }
        return method.invoke(root, Qt::DirectConnection, Q_ARG(QVariant, QVariant(name)));
    }
    return false;
}

} // namespace

Screenshotter::Screenshotter(QQuickWindow *window, QString directory, QList<QSize> sizes,
                             QObject *parent)
    : QObject(parent), m_window(window), m_directory(std::move(directory)),
      m_sizes(std::move(sizes))
{
    connect(m_window, &QQuickWindow::frameSwapped, this, [this] { ++m_framesSinceChange; });
}

QList<QSize> Screenshotter::parseSizes(const QString &text)
{
    QList<QSize> sizes;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList wh = part.trimmed().split(QLatin1Char('x'));
        bool okW = false;
        bool okH = false;
        const int w = wh.value(0).toInt(&okW);
        const int h = wh.size() == 2 ? wh.value(1).toInt(&okH) : 0;
        if (!okW || !okH || w < 100 || h < 100 || w > 8192 || h > 8192) {
            return {};
        }
        sizes.append(QSize(w, h));
    }
    return sizes;
}

void Screenshotter::start()
{
    m_pages = toStringList(m_window->property("screenshotPages"));
    QString problem;
    if (m_pages.isEmpty() || m_sizes.isEmpty()) {
        problem = tr("nothing to capture (no pages or no sizes)");
    } else if (!QDir().mkpath(m_directory)) {
        problem = tr("cannot create the folder %1").arg(m_directory);
    } else if (const QFileInfo dir(m_directory); !dir.isDir() || !dir.isWritable()) {
        problem = tr("cannot write into the folder %1").arg(m_directory);
    }
    if (!problem.isEmpty()) {
        seesawui::complain(problem);
        // Queued: start() runs before the event loop, and an exit asked for before it starts
        // is forgotten (the app would wait forever).
        QTimer::singleShot(0, this, [this] { Q_EMIT finished(1); });
        return;
    }
    m_step = 0;
    next();
}

void Screenshotter::next()
{
    if (m_step >= m_sizes.size() * m_pages.size()) {
        Q_EMIT finished(m_failures == 0 ? 0 : 1);
        return;
    }
    const QSize size = m_sizes.at(m_step / m_pages.size());
    const QString page = m_pages.at(m_step % m_pages.size());
    if (m_window->size() != size) {
        m_window->resize(size);
    }
    if (!showPage(m_window, page)) {
        seesawui::complain(QStringLiteral("showPageForScreenshot(%1) failed").arg(page));
    }
    m_framesSinceChange = 0;
    m_window->requestUpdate();
    const auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    // Poll: grab once settled (a frame since the change, or a window that renders none).
    auto *poll = new QTimer(this);
    poll->setInterval(50);
    connect(poll, &QTimer::timeout, this, [this, poll, clock] {
        const qint64 elapsed = clock->elapsed();
        if (elapsed < SettleMs ||
            (m_framesSinceChange == 0 && elapsed < SettleLimitMs && m_window->isExposed())) {
            return;
        }
        poll->stop();
        poll->deleteLater();
        capture();
    });
    poll->start();
}

void Screenshotter::capture()
{
    const QSize size = m_sizes.at(m_step / m_pages.size());
    const QString page = m_pages.at(m_step % m_pages.size());
    const QString file =
        QStringLiteral("%1/%2-%3x%4.png")
            .arg(m_directory, page, QString::number(size.width()), QString::number(size.height()));
    const QImage image = m_window->grabWindow();
    // The list on standard output is how the caller learns what was saved: a line it cannot
    // read counts as a failure.
    if (image.isNull() || !image.save(file)) {
        seesawui::complain(QStringLiteral("could not save %1").arg(file));
        ++m_failures;
    } else if (!seesawui::writeLine(stdout, file)) {
        ++m_failures;
    }
    ++m_step;
    next();
}
