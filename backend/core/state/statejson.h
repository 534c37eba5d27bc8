// state.json's format: the compact JSON StateStore writes, and its strict reader.
#pragma once

#include "base/result.h"
#include "state/devicestate.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace seesaw {

// Members in the documented order (people read this file when a device misbehaves).
QByteArray encodeState(const DeviceState &state);
// Why load() would refuse this state if it were saved (a hash that is not 32 bytes, history
// count and head disagreeing…); nullopt when it can be saved.
std::optional<QString> unsavable(const DeviceState &state);
// Strict: every field present with its type, nothing unknown, one spelling per value. Error
// "state.corrupt" naming the first problem by its path, such as "slots.A.status".
Result<DeviceState> parseState(const QByteArray &bytes);

} // namespace seesaw
