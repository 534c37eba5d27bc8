// What a device keeps of its channel between polls and reboots, in DATA/channel.json (written
// atomically): the memory that refuses replayed manifests (channelfreshness.h), the validators
// of the last reply (so an unchanged manifest costs a 304), and when the channel was last
// checked and with what outcome, for `seesaw channel status` and the UI.
#pragma once

#include "base/result.h"
#include "net/channelfreshness.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace seesaw {

struct ChannelState {
    ChannelMemory memory;
    QString manifestUrl;     // the URL the memory belongs to; another URL starts afresh
    QByteArray etag;         // of the last manifest fetched
    QByteArray lastModified; // likewise
    QDateTime lastCheck;     // the last poll, UTC, whatever its outcome
    QDateTime lastSuccess;   // the last poll that ended with a checked, current manifest
    QString lastErrorCode;   // of the last poll when it failed, else empty
    QString lastError;       // its message
    // The operator's choices (`seesaw channel set`, D-Bus SetChannel), over system.conf's
    // channel= and manifest-url=; empty: system.conf's.
    QString chosenChannel;
    QString chosenUrl;
    bool operator==(const ChannelState &) const = default;
};

// The state in `dataDirectory`; a missing file is a fresh state. A file that cannot be read or
// parsed is an error ("channel.state"): starting afresh would forget the serial, and a replayed
// old manifest would then be accepted.
Result<ChannelState> loadChannelState(const QString &dataDirectory);
Status saveChannelState(const QString &dataDirectory, const ChannelState &state);

} // namespace seesaw
