// seesawd-network.so: the network side of seesawd (networkplugin.h), linking Qt Network.
#include "net/channelcheck.h"
#include "net/ddihttp.h"
#include "net/download.h"
#include "net/remotebundle.h"
#include "networkplugin.h"

namespace seesaw {

namespace {

class QtNetworkPlugin : public NetworkPlugin {
public:
    Result<ChannelCheck> checkChannel(const ChannelSettings &settings, const ChannelDevice &device,
                                      const QString &dataDirectory, ChannelState &state,
                                      const ClockFacts &clock) override
    {
        return seesaw::checkChannel(settings, device, dataDirectory, state, clock);
    }
    Result<DownloadResult> downloadFile(const DownloadRequest &request) override
    {
        return seesaw::downloadFile(request);
    }
    Result<RemoteBundleIndex> fetchBundleIndex(const RemoteBundleSource &source,
                                               const std::atomic<bool> *cancel) override
    {
        return seesaw::fetchBundleIndex(source, cancel);
    }
    std::shared_ptr<PayloadFeed> payloadFeed(const RemoteBundleSource &source,
                                             const QByteArray &validator) override
    {
        return std::make_shared<RemotePayloadFeed>(source, validator);
    }
    Result<DdiReply> ddiExchange(const DdiRequest &request) override
    {
        return seesaw::ddiExchange(request);
    }
    Result<QByteArray> readDdiToken(const QString &path, bool gateway) override
    {
        return seesaw::readDdiToken(path, gateway);
    }
};

} // namespace

} // namespace seesaw

extern "C" __attribute__((visibility("default"))) seesaw::NetworkPlugin *seesaw_network_plugin_v1()
{
    static seesaw::QtNetworkPlugin plugin;
    return &plugin;
}
