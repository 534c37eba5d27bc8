#include "bundle/payloadfeed.h"

#include "bundle/payloadstream.h"

namespace seesaw {

Result<QByteArray> streamFromFeed(PayloadFeed &feed, const ImageInfo &image, PayloadSource source,
                                  const PayloadCallbacks &callbacks)
{
    auto stream = feed.open(source.offset, source.size, callbacks.cancel);
    if (!stream) {
        return stream.error();
    }
    source.fd = stream->get();
    source.stream = true;
    auto streamed = streamPayload(image, source, callbacks);
    stream->reset(); // a sender still waiting for room stops
    const Status fed = feed.close();
    // The stream ended early: why the sender stopped says more than the short read.
    if (!streamed && streamed.error().code == QLatin1String("payload.io") && !fed) {
        return fed.error();
    }
    return streamed;
}

} // namespace seesaw
