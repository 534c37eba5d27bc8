// What seesawd does over the network (polls, downloads, streamed installs), behind a plugin that
// is loaded on first use only (seesawd-network.so, linking Qt Network): a device without
// [network] never loads Qt Network and the libraries it pulls in (Kerberos, libproxy, brotli),
// which keeps seesawd's idle RSS where issue 4 put it. The plugin is looked for next to the
// running program first (the build tree), then in the installed plugin directory.
#pragma once

#include "base/result.h"
#include "bundle/payloadfeed.h"
#include "net/channelcheck.h"
#include "net/ddihttp.h"
#include "net/download.h"
#include "net/remotebundle.h"

#include <QByteArray>
#include <atomic>
#include <memory>

namespace seesaw {

class NetworkPlugin {
public:
    NetworkPlugin() = default;
    NetworkPlugin(const NetworkPlugin &) = delete;
    NetworkPlugin &operator=(const NetworkPlugin &) = delete;
    virtual ~NetworkPlugin() = default;

    virtual Result<ChannelCheck> checkChannel(const ChannelSettings &settings,
                                              const ChannelDevice &device,
                                              const QString &dataDirectory, ChannelState &state,
                                              const ClockFacts &clock) = 0;
    virtual Result<DownloadResult> downloadFile(const DownloadRequest &request) = 0;
    virtual Result<RemoteBundleIndex> fetchBundleIndex(const RemoteBundleSource &source,
                                                       const std::atomic<bool> *cancel) = 0;
    virtual std::shared_ptr<PayloadFeed> payloadFeed(const RemoteBundleSource &source,
                                                     const QByteArray &validator) = 0;
    // hawkBit (net/ddihttp.h).
    virtual Result<DdiReply> ddiExchange(const DdiRequest &request) = 0;
    virtual Result<QByteArray> readDdiToken(const QString &path, bool gateway) = 0;
};

// The plugin, loaded once (thread-safe); "net.plugin" when it cannot be loaded.
Result<NetworkPlugin *> networkPlugin();

} // namespace seesaw

// The plugin's one entry point.
extern "C" seesaw::NetworkPlugin *seesaw_network_plugin_v1();
