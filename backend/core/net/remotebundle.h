// A bundle installed straight from an update server, for devices without room to stage it
// (docs/channels.md, "Streamed installs"). Opening it needs only its ZIP index, manifest,
// signature and notes: those parts are fetched with Range requests into an in-memory file of the
// bundle's size that holds nothing else (fetchBundleIndex), so BundleReader opens and checks it
// exactly as it opens a file on a stick. The payloads then come from the server one Range request
// per image, resumed after cuts (RemotePayloadFeed), through the same pipeline as from a stick:
// every chunk is checked against the signed chunk list before it is written. All requests ask
// for the same copy of the file (If-Range with the validator of the first reply): a bundle
// replaced on the server meanwhile is refused, never spliced.
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"
#include "bundle/payloadfeed.h"
#include "net/tlsoptions.h"

#include <QByteArray>
#include <QUrl>
#include <atomic>
#include <memory>
#include <optional>

class QThread;

namespace seesaw {

namespace limits {
// What opening a remote bundle may fetch besides its payloads: the ZIP directory, the local
// headers, the manifest, its signature and the notes are far smaller in any real bundle.
constexpr quint64 MaxRemoteIndexBytes = quint64(8) * 1024 * 1024;
} // namespace limits

struct RemoteBundleSource {
    QUrl url;
    TlsOptions tls;
    quint64 size = 0; // the bundle's size, as the signed channel manifest announced
    quint64 bandwidthLimit = 0;
    int stallTimeoutMs = 60000;
    int connectTimeoutMs = 30000;
    int maxConnections = 10; // per range
    int retryPauseMs = 1000;
};

struct RemoteBundleIndex {
    UniqueFd fd;          // in memory, the bundle's size: the parts fetched, zeros elsewhere
    QByteArray validator; // of the server's copy, for the payload requests
    quint64 fetched = 0;  // bytes received
    int requests = 0;
};

// Error codes: transferRange's, readZipIndex's (for what the fetched end of the file holds),
// "net.too-large" (the parts to fetch exceed MaxRemoteIndexBytes), "download.io".
Result<RemoteBundleIndex> fetchBundleIndex(const RemoteBundleSource &source,
                                           const std::atomic<bool> *cancel = nullptr);

// The payloads of a bundle whose index was fetched, sent by a thread of their own into a socket
// the install reads from. One image at a time.
class RemotePayloadFeed : public PayloadFeed {
public:
    RemotePayloadFeed(RemoteBundleSource source, QByteArray validator);
    ~RemotePayloadFeed() override;

    Result<UniqueFd> open(quint64 offset, quint64 size, const std::atomic<bool> *cancel) override;
    Status close() override;

    // Bytes received and requests made for all payloads so far.
    [[nodiscard]] quint64 fetched() const { return m_fetched.load(); }
    [[nodiscard]] int connections() const { return m_connections.load(); }

private:
    RemoteBundleSource m_source;
    QByteArray m_validator;
    std::atomic<bool> m_abandoned{false};
    std::unique_ptr<QThread> m_thread;
    UniqueFd m_sender;
    std::optional<Error> m_error; // of the last sender, read after it ended
    std::atomic<quint64> m_fetched{0};
    std::atomic<int> m_connections{0};
};

} // namespace seesaw
