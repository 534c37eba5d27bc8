// One install as the operator watches it, from seesawd's Progress reports: the fraction the
// bar shows, which never goes back within one install, and once the install has finished, how
// long it took and its average write speed. Times come from the caller (monotonic
// milliseconds), so the arithmetic is tested without waiting.
#pragma once

#include <QVariantMap>

class ProgressTracker {
public:
    // A new install starts at `nowMs`: everything from zero. -1: it started before this UI could
    // see it, so how long it took stays unknown.
    void begin(qint64 nowMs);
    // A Progress report (phase, done, total) that arrived at `nowMs`.
    void report(const QVariantMap &progress, qint64 nowMs);
    // seesawd reported the install's success (Completed) at `nowMs`.
    void finish(qint64 nowMs);

    // 0..1; 1 from "committing" on; the highest seen since begin().
    [[nodiscard]] double fraction() const { return m_fraction; }
    [[nodiscard]] bool finished() const { return m_finished; }
    // Bytes per second over the whole write: the bytes written from the first "writing" report
    // seen to the end of the write (the first "committing" or "done" report: the sync counts,
    // as the data is on storage only then), by the time between the two. 0 while unknown.
    [[nodiscard]] double averageRate() const;
    // Seconds from begin() to the end of the install; -1 while unknown.
    [[nodiscard]] double seconds() const;

private:
    void end(qint64 nowMs);

    double m_fraction = 0;
    bool m_finished = false;
    qint64 m_beginMs = -1;
    qint64 m_endMs = -1;
    qint64 m_writeStartMs = -1;
    quint64 m_writeStartBytes = 0;
    qint64 m_writeEndMs = -1;
    quint64 m_writeEndBytes = 0;
};
