// What systemd says of a unit, asked over D-Bus (org.freedesktop.systemd1): the UnitQuery that
// `seesaw health` gives the health runner on a device.
#pragma once

#include "health/health.h"

#include <QDBusConnection>
#include <QString>

namespace seesaw {

// True when `name` can be a concrete systemd unit: at most 256 characters, a prefix of ASCII
// letters, digits and ":-_.\" with at most one '@' followed by an instance, and a unit type
// suffix (".service", ".target", …). Templates ("getty@.service") have no state to ask for.
bool isValidUnitName(const QString &name);

// Asks systemd on `bus` (Manager.GetUnit, or LoadUnit when the unit is not loaded yet, then the
// Unit's LoadState, ActiveState and SubState). Blocks for at most 10 s per D-Bus call; never
// throws; every failure is reported in UnitState::error. The connection is copied into the
// returned function, which may be called from any thread.
UnitQuery systemdUnitQuery(const QDBusConnection &bus);
// The same on the system bus, connected at the first question: a command that may never ask
// (an install whose repositories have no unit to check) does not connect at all.
UnitQuery systemdUnitQueryOnSystemBus();

} // namespace seesaw
