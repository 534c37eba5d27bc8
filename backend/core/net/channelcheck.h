// One poll of a channel: the manifest and its signature fetched (conditionally: an unchanged
// manifest costs the server a 304), the signature checked with the device keyring before
// anything in the manifest is believed, the manifest's freshness judged (channelfreshness.h),
// the accepted copy and the replay memory kept in the data directory, and what the device is
// offered. A 304 is no shortcut: the kept copy is checked again, so a manifest that expired
// while the server kept answering 304 is refused like any other expired one.
// Blocking (network): for a worker thread or the CLI.
#pragma once

#include "base/result.h"
#include "config/systemconfig.h"
#include "net/channelkept.h"
#include "net/httpfetch.h"

#include <QDateTime>
#include <QString>
#include <QUrl>

namespace seesaw {

// Fetches, checks and remembers. `state` is updated (validators, memory, last check, outcome)
// and saved in `dataDirectory` whatever the outcome; the accepted manifest and its signature are
// kept beside it (channel-manifest.json, channel-manifest.json.sig). Error codes: those of
// fetchSmall ("net.*"), "channel.unsigned" (no signature at URL.sig), "channel.untrusted", those
// of parseChannelManifest and checkFreshness, "channel.state" (the state cannot be saved).
Result<ChannelCheck> checkChannel(const ChannelSettings &settings, const ChannelDevice &device,
                                  const QString &dataDirectory, ChannelState &state,
                                  const ClockFacts &clock);

} // namespace seesaw
