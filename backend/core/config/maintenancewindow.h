// When a downloaded update may install itself: weekly windows in the device's local time, from
// system.conf [network] maintenance-window=, e.g. "Sat 02:00-04:00", "Mon-Fri 22:00-05:00" (a
// window that crosses midnight belongs to the day it starts on), "Sat,Sun 01:00-03:00",
// "daily 03:00-03:30"; several windows one after the other ("Sat 02:00-04:00 Sun 03:00-05:00":
// ';' starts a comment in system.conf).
#pragma once

#include "base/result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace seesaw {

struct MaintenanceWindow {
    quint8 days = 0;     // bit 0 = Monday … bit 6 = Sunday: the days the window starts on
    int startMinute = 0; // minutes after local midnight, 0..1439
    int endMinute = 0;   // 0..1439; at or before startMinute: the window ends the next day
    bool operator==(const MaintenanceWindow &) const = default;
    [[nodiscard]] int lengthMinutes() const
    {
        return endMinute > startMinute ? endMinute - startMinute : endMinute + 1440 - startMinute;
    }
};

// Error code "config.invalid-value"; the message says what was expected.
Result<QList<MaintenanceWindow>> parseMaintenanceWindows(const QString &text);
// "Sat 02:00-04:00 Sun 03:00-05:00", as parseMaintenanceWindows reads it.
QString maintenanceWindowText(const QList<MaintenanceWindow> &windows);

// Whether `local` (a local time) is inside one of the windows; no windows: always.
bool inMaintenanceWindow(const QList<MaintenanceWindow> &windows, const QDateTime &local);
// The next start of a window after `local`, or `local` itself when it is inside one (or there
// are none). A start the clock skips (a daylight-saving change) counts as the next valid minute.
QDateTime nextMaintenanceWindow(const QList<MaintenanceWindow> &windows, const QDateTime &local);

} // namespace seesaw
