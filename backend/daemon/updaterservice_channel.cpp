// UpdaterService's channel methods: the work is ChannelPoller's; here only polkit and the reply.
#include "updaterservice.h"

namespace seesaw {

QVariantMap UpdaterService::CheckChannel()
{
    // Asking changes nothing on the device but what it knows of its channel.
    authorize(polkit::Inspect, [this](const QDBusMessage &request) {
        m_channel->checkNow([this, request](const Result<QVariantMap> &status) {
            if (status) {
                reply(request, *status);
            } else {
                replyError(request, status.error());
            }
        });
    });
    return {};
}

QVariantMap UpdaterService::SetChannel(const QString &name, const QString &manifest_url)
{
    // Another channel or server decides what the device will install: an action of its own.
    authorize(polkit::ConfigureChannel, [this, name, manifest_url](const QDBusMessage &request) {
        m_channel->choose(name, manifest_url, [this, request](const Result<QVariantMap> &status) {
            if (status) {
                reply(request, *status);
            } else {
                replyError(request, status.error());
            }
        });
    });
    return {};
}

} // namespace seesaw
