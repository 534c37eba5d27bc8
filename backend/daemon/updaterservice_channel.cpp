// UpdaterService's channel methods: the work is ChannelPoller's; here only polkit and the reply.
#include "dbusmapping.h"
#include "networkplugin.h"
#include "updaterservice.h"

#include <QFile>
#include <fcntl.h>

namespace seesaw {

ChannelPoller::Done UpdaterService::replier(const QDBusMessage &request)
{
    return [this, request](const Result<QVariantMap> &status) {
        if (status) {
            reply(request, *status);
        } else {
            replyError(request, status.error());
        }
    };
}

QVariantMap UpdaterService::CheckChannel()
{
    // Asking changes nothing on the device but what it knows of its channel.
    authorize(polkit::Inspect,
              [this](const QDBusMessage &request) { m_channel->checkNow(replier(request)); });
    return {};
}

QVariantMap UpdaterService::SetChannel(const QString &name, const QString &manifest_url)
{
    // Another channel or server decides what the device will install: an action of its own.
    authorize(polkit::ConfigureChannel, [this, name, manifest_url](const QDBusMessage &request) {
        m_channel->choose(name, manifest_url, replier(request));
    });
    return {};
}

QVariantMap UpdaterService::DownloadUpdate()
{
    authorize(polkit::Install,
              [this](const QDBusMessage &request) { m_channel->downloadNow(replier(request)); });
    return {};
}

QString UpdaterService::InstallUpdate()
{
    authorize(polkit::Install, [this](const QDBusMessage &request) { installStaged(request); });
    return {};
}

QVariantMap UpdaterService::CheckFleet()
{
    authorize(polkit::Inspect,
              [this](const QDBusMessage &request) { m_fleet->checkNow(replier(request)); });
    return {};
}

QVariantMap UpdaterService::AnswerFleet(bool install)
{
    // Saying yes lets the server's update install: the install action.
    authorize(polkit::Install, [this, install](const QDBusMessage &request) {
        m_fleet->answer(install, replier(request));
    });
    return {};
}

void UpdaterService::stagedInstallEnded(const JobResult &result)
{
    if (m_fleet->enabled()) {
        m_fleet->installFinished(result);
    } else {
        m_channel->installFinished(result.ok);
    }
}

void UpdaterService::installStaged(const QDBusMessage &request)
{
    const bool fleet = m_fleet->enabled();
    const auto &staged = fleet ? m_fleet->staged() : m_channel->staged();
    const bool attended = request.type() == QDBusMessage::MethodCallMessage;
    if (!staged) {
        if (attended) {
            replyError(request,
                       daemonError(daemoncode::InvalidArgument,
                                   fleet ? tr("No update has been downloaded from the fleet "
                                              "server.")
                                         : tr("No update has been downloaded from the channel.")));
        }
        return;
    }
    if (m_jobs->busy()) {
        if (attended) {
            refuseWhenBusy(request);
        } else {
            // Another job runs (an install from a stick, say): the source tries again later.
            if (fleet) {
                m_fleet->installDeferred();
            } else {
                m_channel->installFinished(false);
            }
        }
        return;
    }
    // A streamed install reads the bundle's index from memory and its payloads from the server.
    auto fd = std::make_shared<UniqueFd>(staged->remote
                                             ? ::fcntl(staged->remote->fd.get(), F_DUPFD_CLOEXEC, 0)
                                             : ::open(QFile::encodeName(staged->path).constData(),
                                                      O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (!fd->isValid()) {
        const Error e =
            makeError(Error::Kind::Io, "install.open",
                      tr("The downloaded update %1 cannot be opened.").arg(staged->path));
        if (attended) {
            replyError(request, e);
        }
        stagedInstallEnded({JobResult::Kind::Install, 0, false, e, {}, {}});
        return;
    }
    InstallOptions options;
    options.confirmedManifestHash = staged->manifestHash;
    if (staged->remote) {
        // The bundle's index was fetched through the plugin, so it is loaded; without it the
        // install would read the holes of the in-memory index as payloads.
        auto plugin = networkPlugin();
        if (!plugin) {
            if (attended) {
                replyError(request, plugin.error());
            }
            stagedInstallEnded({JobResult::Kind::Install, 0, false, plugin.error(), {}, {}});
            return;
        }
        options.payloadFeed = (*plugin)->payloadFeed(staged->source, staged->remote->validator);
    }
    const quint64 id = m_jobs->startInstall(fd, options);
    if (id == 0) {
        if (attended) {
            refuseWhenBusy(request);
        }
        return;
    }
    qCInfo(lcService).noquote() << "installing" << staged->version
                                << (fleet ? "from the fleet server" : "from the channel")
                                << (staged->remote ? "(streamed from the server)" : "")
                                << (attended ? "at the operator's request" : "in its window");
    PendingReply pending{request, true, false, QString()};
    pending.staged = true;
    m_pending.insert(id, pending);
    if (fleet) {
        m_fleet->installStarted();
    } else {
        m_channel->installStarted();
    }
    publishState();
}

} // namespace seesaw
