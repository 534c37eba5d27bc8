// What happened on the device, in order, tamper-evident: data-directory/history.jsonl, one
// entry per line, each line chained to the one before by its SHA-256.
#pragma once

#include "base/result.h"
#include "state/historyevents.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace seesaw {

struct HistoryEntry {
    quint64 seq = 0;     // 1, 2, 3…
    QDateTime time;      // UTC
    QString event;       // one of history::AllEvents (state/historyevents.h)
    QJsonObject details; // event-specific fields (version, slot, code, message…)
    QByteArray prev;     // raw SHA-256 of the previous line ("" for the first)
};

// history.jsonl: one compact JSON object per line: {"seq":N,"time":"…","event":"…",
// "details":{…},"prev":"<hex>"}; each line's "prev" is the SHA-256 of the exact bytes of the
// previous line (without its newline).
class History {
public:
    explicit History(QString path);

    // Appends one entry (O_APPEND, fsync) and returns its line's SHA-256 and seq. A torn last
    // line left by a power cut is cut off first (and the new entry says so in
    // details.repaired=true). Error "history.io"; "history.invalid" for an event name that is not
    // 1-64 of [a-z0-9-] or a line over 64 KiB; "history.tampered" when the last entry cannot be
    // read, which is left as it is.
    struct Appended {
        quint64 seq = 0;
        QByteArray hash;
    };
    Result<Appended> append(const QString &event, const QJsonObject &details);

    // Entries, newest last; at most `limit` of the newest when limit > 0.
    [[nodiscard]] Result<QList<HistoryEntry>> read(qsizetype limit = 0) const;

    // Checks the whole chain: every line parses, seq counts up from 1, every prev matches the
    // line before; and, when given, that the chain reaches the head recorded in state.json
    // (entries after it are allowed: a crash can fall between the append and the state write).
    // Error "history.tampered" naming the line number and what is wrong.
    [[nodiscard]] Status verify(quint64 expectedCount = 0,
                                const QByteArray &expectedHead = {}) const;

private:
    QString m_path;
};

} // namespace seesaw
