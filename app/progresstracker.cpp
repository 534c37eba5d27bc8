#include "progresstracker.h"

#include <algorithm>

void ProgressTracker::begin(qint64 nowMs)
{
    *this = ProgressTracker();
    m_beginMs = nowMs;
}

void ProgressTracker::report(const QVariantMap &progress, qint64 nowMs)
{
    if (m_finished) {
        return; // the numbers of a finished install stay as they were
    }
    const QString phase = progress.value(QStringLiteral("phase")).toString();
    const quint64 done = progress.value(QStringLiteral("done")).toULongLong();
    const quint64 total = progress.value(QStringLiteral("total")).toULongLong();
    const bool switching = phase == QLatin1String("committing") || phase == QLatin1String("done");
    double fraction = 0;
    if (switching) {
        fraction = 1;
    } else if (total > 0) {
        fraction = std::clamp(double(done) / double(total), 0.0, 1.0);
    }
    // Never backwards within one install: a late or coalesced report must not make the bar jump.
    m_fraction = std::max(m_fraction, fraction);

    if (phase == QLatin1String("writing") && m_writeStartMs < 0) {
        m_writeStartMs = nowMs;
        m_writeStartBytes = done;
    }
    if (switching && m_writeStartMs >= 0 && m_writeEndMs < 0) {
        m_writeEndMs = nowMs;
        m_writeEndBytes = std::max(done, total);
    }
    if (phase == QLatin1String("done")) {
        end(nowMs);
    }
}

void ProgressTracker::finish(qint64 nowMs)
{
    m_fraction = 1;
    if (!m_finished) {
        end(nowMs);
    }
}

void ProgressTracker::end(qint64 nowMs)
{
    m_finished = true;
    m_endMs = nowMs;
}

double ProgressTracker::averageRate() const
{
    if (!m_finished || m_writeEndMs <= m_writeStartMs || m_writeEndBytes <= m_writeStartBytes) {
        return 0;
    }
    return double(m_writeEndBytes - m_writeStartBytes) * 1000.0 /
           double(m_writeEndMs - m_writeStartMs);
}

double ProgressTracker::seconds() const
{
    if (!m_finished || m_beginMs < 0 || m_endMs < m_beginMs) {
        return -1;
    }
    return double(m_endMs - m_beginMs) / 1000.0;
}
