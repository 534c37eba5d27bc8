#include "config/maintenancewindow.h"

#include <QCoreApplication>
#include <QStringList>
#include <array>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Config", text);
}

constexpr qsizetype MaxWindows = 16;
const std::array<const char *, 7> DayNames = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

// "Mon" … "Sun" (any case) -> 0 … 6.
int dayIndex(const QString &name)
{
    for (int i = 0; i < int(DayNames.size()); ++i) {
        if (name.compare(QLatin1String(DayNames.at(size_t(i))), Qt::CaseInsensitive) == 0) {
            return i;
        }
    }
    return -1;
}

// "HH:MM", 00:00 to 23:59 (24:00 as the end of a day too).
int minuteOfDay(const QString &text, bool end)
{
    if (text.size() != 5 || text.at(2) != QLatin1Char(':')) {
        return -1;
    }
    for (const int i : {0, 1, 3, 4}) {
        if (!text.at(i).isDigit() || text.at(i).unicode() > u'9') {
            return -1;
        }
    }
    const int hours = text.left(2).toInt();
    const int minutes = text.mid(3).toInt();
    if (end && hours == 24 && minutes == 0) {
        return 0; // midnight at the end of the day
    }
    if (hours > 23 || minutes > 59) {
        return -1;
    }
    return hours * 60 + minutes;
}

// "Sat", "Mon-Fri", "Sat,Sun", "Fri-Mon", "daily" -> day bits; 0 when malformed.
quint8 dayBits(const QString &text)
{
    if (text.compare(QLatin1String("daily"), Qt::CaseInsensitive) == 0) {
        return 0x7f;
    }
    quint8 bits = 0;
    for (const QString &part : text.split(QLatin1Char(','))) {
        const QStringList range = part.split(QLatin1Char('-'));
        const int first = dayIndex(range.value(0));
        const int last = range.size() == 2 ? dayIndex(range.at(1)) : first;
        if (range.size() > 2 || first < 0 || last < 0) {
            return 0;
        }
        for (int d = first;; d = (d + 1) % 7) { // "Fri-Mon" wraps over the weekend
            bits |= quint8(1U << unsigned(d));
            if (d == last) {
                break;
            }
        }
    }
    return bits;
}

QString hhmm(int minute)
{
    return QString::number(minute / 60).rightJustified(2, QLatin1Char('0')) + QLatin1Char(':') +
           QString::number(minute % 60).rightJustified(2, QLatin1Char('0'));
}

// The window's start on the local date `day`, in the time zone of `like`; a start the clock
// skips (daylight saving) moves to the hour after.
QDateTime startOn(const MaintenanceWindow &w, QDate day, const QDateTime &like)
{
    QDateTime start = like;
    start.setDate(day);
    const QTime at(w.startMinute / 60, w.startMinute % 60);
    start.setTime(at);
    if (!start.isValid()) {
        start.setTime(at.addSecs(3600));
    }
    return start;
}

} // namespace

Result<QList<MaintenanceWindow>> parseMaintenanceWindows(const QString &text)
{
    QList<MaintenanceWindow> windows;
    // Pairs of words: days, then the span.
    const QStringList words = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.size() > 2 * MaxWindows) {
        return makeError(Error::Kind::Invalid, "config.invalid-value",
                         tr("more than %1 windows").arg(MaxWindows));
    }
    for (qsizetype i = 0; i < words.size(); i += 2) {
        const QStringList times = words.value(i + 1).split(QLatin1Char('-'));
        MaintenanceWindow w;
        w.days = dayBits(words.at(i));
        w.startMinute = times.size() == 2 ? minuteOfDay(times.at(0), false) : -1;
        w.endMinute = times.size() == 2 ? minuteOfDay(times.at(1), true) : -1;
        if (w.days == 0 || w.startMinute < 0 || w.endMinute < 0) {
            const QString shown = words.mid(i, 2).join(QLatin1Char(' ')).left(60);
            return makeError(Error::Kind::Invalid, "config.invalid-value",
                             tr("'%1' is not a window such as \"Sat 02:00-04:00\", "
                                "\"Mon-Fri 22:00-05:00\" or \"daily 03:00-03:30\"")
                                 .arg(shown));
        }
        windows.append(w);
    }
    return windows;
}

QString maintenanceWindowText(const QList<MaintenanceWindow> &windows)
{
    QStringList out;
    for (const MaintenanceWindow &w : windows) {
        QStringList days;
        for (int d = 0; d < 7; ++d) {
            if ((w.days & (1U << unsigned(d))) != 0) {
                days.append(QLatin1String(DayNames.at(size_t(d))));
            }
        }
        const QString dayText =
            w.days == 0x7f ? QStringLiteral("daily") : days.join(QLatin1Char(','));
        out.append(dayText + QLatin1Char(' ') + hhmm(w.startMinute) + QLatin1Char('-') +
                   hhmm(w.endMinute));
    }
    return out.join(QLatin1Char(' '));
}

bool inMaintenanceWindow(const QList<MaintenanceWindow> &windows, const QDateTime &local)
{
    return windows.isEmpty() || nextMaintenanceWindow(windows, local) == local;
}

QDateTime nextMaintenanceWindow(const QList<MaintenanceWindow> &windows, const QDateTime &local)
{
    if (windows.isEmpty()) {
        return local;
    }
    QDateTime best;
    // A window that started yesterday may still be open; one starting within the next week is
    // the latest that can be next.
    for (const MaintenanceWindow &w : windows) {
        for (int offset = -1; offset <= 7; ++offset) {
            const QDate day = local.date().addDays(offset);
            if ((w.days & (1U << unsigned(day.dayOfWeek() - 1))) == 0) {
                continue;
            }
            const QDateTime start = startOn(w, day, local);
            const QDateTime end = start.addSecs(qint64(w.lengthMinutes()) * 60);
            if (start <= local && local < end) {
                return local;
            }
            if (start > local && (!best.isValid() || start < best)) {
                best = start;
            }
        }
    }
    return best;
}

} // namespace seesaw
