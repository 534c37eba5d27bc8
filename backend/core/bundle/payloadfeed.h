// Where an install reads the payloads when they are not in the bundle file: an update server,
// streamed straight into the slot (net/remotebundle.h). The bundle file then holds only what
// the ZIP index and the manifest need, and every chunk is still verified before it is written.
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"
#include "bundle/manifest.h"
#include "bundle/payloadsource.h"

#include <QByteArray>
#include <atomic>

namespace seesaw {

class PayloadFeed {
public:
    PayloadFeed() = default;
    PayloadFeed(const PayloadFeed &) = delete;
    PayloadFeed &operator=(const PayloadFeed &) = delete;
    virtual ~PayloadFeed() = default;
    // Starts sending the stored bytes [offset, offset + size) of the bundle; the descriptor
    // returned delivers them in order (PayloadSource::stream) and ends early when sending fails
    // or cancel is set.
    virtual Result<UniqueFd> open(quint64 offset, quint64 size,
                                  const std::atomic<bool> *cancel) = 0;
    // After the reader closed its end: waits for the sender and says why it stopped early, if it
    // did.
    virtual Status close() = 0;
};

// streamPayload() over the stored bytes at source.offset/size, read in order from the feed
// instead of the bundle file. When the stream ends early, the feed's reason is the error.
Result<QByteArray> streamFromFeed(PayloadFeed &feed, const ImageInfo &image, PayloadSource source,
                                  const PayloadCallbacks &callbacks);

} // namespace seesaw
