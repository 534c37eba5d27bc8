// UpdaterClient's calls: each one asynchronous, answered by a signal carrying its request id.
#include "base/errnotext.h"
#include "dbusplain.h"
#include "updater1proxy.h"
#include "updaterclient.h"

#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusUnixFileDescriptor>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// The daemon's History limit is a u; 0 or more than 1000 means 1000.
uint historyLimit(int limit)
{
    return limit <= 0 ? 0U : uint(std::min(limit, 1000));
}

QVariantList historyEntries(const QList<QVariantMap> &raw)
{
    QVariantList entries;
    entries.reserve(raw.size());
    for (const QVariantMap &entry : raw) {
        QVariantMap plain = seesawui::plainMap(entry);
        // The daemon sends details as a JSON text; QML gets the map.
        const QJsonDocument details =
            QJsonDocument::fromJson(plain.value(QStringLiteral("details")).toString().toUtf8());
        plain.insert(QStringLiteral("details"), details.object().toVariantMap());
        entries.append(plain);
    }
    return entries;
}

} // namespace

int UpdaterClient::track(const QDBusPendingCall &call, ReplyHandler onReply)
{
    // Without a bus connection QtDBus hands out a null call that never finishes.
    if (!m_bus.isConnected()) {
        return failLater(QStringLiteral("NoReply"), tr("The update service did not answer."));
    }
    const int id = nextId();
    if (++m_inFlight == 1) {
        Q_EMIT busyChanged();
    }
    auto *watcher = new QDBusPendingCallWatcher(call, this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this,
            [this, id, onReply = std::move(onReply)](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                if (--m_inFlight == 0) {
                    Q_EMIT busyChanged();
                }
                if (w->isError()) {
                    emitFailure(id, w->error());
                } else {
                    onReply(id, *w);
                }
            });
    return id;
}

int UpdaterClient::failLater(const QString &code, const QString &message)
{
    const int id = nextId();
    // Queued, so that QML has the request id before the answer arrives.
    QMetaObject::invokeMethod(
        this, [this, id, code, message] { Q_EMIT failed(id, code, message); },
        Qt::QueuedConnection);
    return id;
}

void UpdaterClient::emitFailure(int requestId, const QDBusError &error)
{
    const QString code = shortCode(error.name());
    const QString message =
        code == QLatin1String("NoReply") ? tr("The update service did not answer.")
        : error.message().isEmpty()      ? tr("The update service refused the request.")
                                         : error.message();
    Q_EMIT failed(requestId, code, message);
}

int UpdaterClient::voidCall(const QDBusPendingCall &call)
{
    return track(call, [this](int id, QDBusPendingCallWatcher &) { Q_EMIT done(id, QString()); });
}

bool UpdaterClient::openBundle(const QString &path, QDBusUnixFileDescriptor *fd, QString *code,
                               QString *message)
{
    const QString local = path.startsWith(QLatin1String("file:")) ? QUrl(path).toLocalFile() : path;
    if (local.isEmpty() || !local.startsWith(QLatin1Char('/'))) {
        *code = QStringLiteral("InvalidArgument");
        *message = tr("Choose a bundle file.");
        return false;
    }
    // O_NOFOLLOW: the file shown is the file sent. O_NONBLOCK: a FIFO named *.seesaw must not
    // hang the GUI in open(); it is refused below like anything that is not a regular file.
    const int raw = ::open(QFile::encodeName(local).constData(),
                           O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (raw < 0) {
        const int error = errno;
        *code = error == ELOOP ? QStringLiteral("InvalidArgument") : QStringLiteral("Io");
        if (error == ELOOP) {
            *message = tr("%1 is a symbolic link; choose the file it points to.").arg(local);
        } else if (error == ENOENT) {
            *message = tr("%1 no longer exists.").arg(local);
        } else if (error == EACCES || error == EPERM) {
            *message = tr("You may not read %1.").arg(local);
        } else {
            *message = tr("%1 cannot be opened: %2.").arg(local, seesaw::errnoText(error));
        }
        return false;
    }
    struct stat st {};
    if (::fstat(raw, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(raw);
        *code = QStringLiteral("InvalidArgument");
        *message = tr("%1 is not a regular file.").arg(local);
        return false;
    }
    ::fcntl(raw, F_SETFL, ::fcntl(raw, F_GETFL) & ~O_NONBLOCK);
    fd->giveFileDescriptor(raw);
    return true;
}

int UpdaterClient::inspectFile(const QString &path)
{
    QDBusUnixFileDescriptor fd;
    QString code;
    QString message;
    if (!openBundle(path, &fd, &code, &message)) {
        return failLater(code, message);
    }
    return track(m_proxy->InspectBundle(fd), [this](int id, QDBusPendingCallWatcher &w) {
        const QDBusPendingReply<QVariantMap> reply = w;
        Q_EMIT inspected(id, seesawui::plainMap(reply.value()));
    });
}

int UpdaterClient::scanMedium(const QString &mediaId)
{
    return track(m_proxy->ScanMedia(mediaId), [this, mediaId](int id, QDBusPendingCallWatcher &w) {
        const QDBusPendingReply<QList<QVariantMap>> reply = w;
        Q_EMIT scanned(id, mediaId, seesawui::plainList(QVariant::fromValue(reply.value())));
    });
}

int UpdaterClient::installFile(const QString &path, const QString &manifestHash,
                               const QVariantMap &options)
{
    QDBusUnixFileDescriptor fd;
    QString code;
    QString message;
    if (!openBundle(path, &fd, &code, &message)) {
        return failLater(code, message);
    }
    resetFraction();
    return track(m_proxy->InstallBundle(fd, manifestHash, options),
                 [this](int id, QDBusPendingCallWatcher &w) {
                     const QDBusPendingReply<QString> reply = w;
                     Q_EMIT started(id, reply.value());
                 });
}

int UpdaterClient::installFromMedium(const QString &mediaId, const QString &relativePath,
                                     const QString &manifestHash, const QVariantMap &options)
{
    resetFraction();
    return track(m_proxy->InstallFromMedia(mediaId, relativePath, manifestHash, options),
                 [this](int id, QDBusPendingCallWatcher &w) {
                     const QDBusPendingReply<QString> reply = w;
                     Q_EMIT started(id, reply.value());
                 });
}

int UpdaterClient::cancel()
{
    return voidCall(m_proxy->Cancel());
}

int UpdaterClient::reboot()
{
    return voidCall(m_proxy->Reboot());
}

int UpdaterClient::markGood()
{
    return voidCall(m_proxy->MarkGood());
}

int UpdaterClient::rollback()
{
    return voidCall(m_proxy->Rollback());
}

int UpdaterClient::rollbackArtifact(const QString &repository, const QString &name)
{
    return voidCall(m_proxy->RollbackArtifact(repository, name));
}

int UpdaterClient::acknowledgeResult()
{
    return voidCall(m_proxy->AcknowledgeResult());
}

int UpdaterClient::loadHistory(int limit)
{
    return track(m_proxy->History(historyLimit(limit)), [this](int id, QDBusPendingCallWatcher &w) {
        const QDBusPendingReply<QList<QVariantMap>> reply = w;
        Q_EMIT historyLoaded(id, historyEntries(reply.value()));
    });
}

int UpdaterClient::exportReport(const QString &mediaId)
{
    return track(m_proxy->ExportReport(mediaId), [this](int id, QDBusPendingCallWatcher &w) {
        const QDBusPendingReply<QString> reply = w;
        Q_EMIT done(id, reply.value());
    });
}

int UpdaterClient::checkChannel()
{
    // What was found arrives as the Channel property; the reply only ends the request.
    return track(m_proxy->CheckChannel(),
                 [this](int id, QDBusPendingCallWatcher & /*unused*/) { Q_EMIT done(id, {}); });
}

int UpdaterClient::checkFleet()
{
    // What was found arrives as the Fleet property; the reply only ends the request.
    return track(m_proxy->CheckFleet(),
                 [this](int id, QDBusPendingCallWatcher & /*unused*/) { Q_EMIT done(id, {}); });
}

int UpdaterClient::answerFleet(bool install)
{
    return track(m_proxy->AnswerFleet(install),
                 [this](int id, QDBusPendingCallWatcher & /*unused*/) { Q_EMIT done(id, {}); });
}

int UpdaterClient::downloadUpdate()
{
    return track(m_proxy->DownloadUpdate(),
                 [this](int id, QDBusPendingCallWatcher & /*unused*/) { Q_EMIT done(id, {}); });
}

int UpdaterClient::installUpdate()
{
    resetFraction();
    return track(m_proxy->InstallUpdate(), [this](int id, QDBusPendingCallWatcher &w) {
        const QDBusPendingReply<QString> reply = w;
        Q_EMIT started(id, reply.value());
    });
}

void UpdaterClient::fetchMedia(QObject *context, ListHandler done)
{
    fetchList([this] { return QDBusPendingCall(m_proxy->ListMedia()); }, context, std::move(done));
}

void UpdaterClient::fetchScan(const QString &mediaId, QObject *context, ListHandler done)
{
    fetchList([this, mediaId] { return QDBusPendingCall(m_proxy->ScanMedia(mediaId)); }, context,
              std::move(done));
}

void UpdaterClient::fetchList(const std::function<QDBusPendingCall()> &call, QObject *context,
                              ListHandler done)
{
    if (!m_bus.isConnected()) {
        QMetaObject::invokeMethod(
            context,
            [done = std::move(done)] {
                done({}, QStringLiteral("NoReply"),
                     UpdaterClient::tr("The update service did not answer."));
            },
            Qt::QueuedConnection);
        return;
    }
    auto *watcher = new QDBusPendingCallWatcher(call(), context);
    connect(watcher, &QDBusPendingCallWatcher::finished, context,
            [done = std::move(done)](QDBusPendingCallWatcher *w) {
                w->deleteLater();
                const QDBusPendingReply<QList<QVariantMap>> reply = *w;
                if (reply.isError()) {
                    done({}, shortCode(reply.error().name()), reply.error().message());
                } else {
                    done(seesawui::plainList(QVariant::fromValue(reply.value())), {}, {});
                }
            });
}
