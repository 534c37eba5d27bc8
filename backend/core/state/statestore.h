// What the device remembers across reboots and power cuts: data-directory/state.json
// (replaced atomically: temp file, fsync, rename, fsync of the directory) and the append-only,
// hash-chained history.jsonl.
#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <optional>

namespace seesaw {

struct SlotRecord {
    enum class Status { Unknown, Installing, Installed, Good, Bad };
    Status status = Status::Unknown;
    QString version;         // SemVer of the image in the slot, when known
    QByteArray manifestHash; // raw 32 bytes of the bundle that wrote it
    QByteArray imageSha256;  // raw 32 bytes
    QString bundleCompatible;
    QDateTime installedAt;
    quint64 imageSize = 0;   // bytes of the image written (what verify-slot re-reads); 0 unknown
    bool bootedGood = false; // this image has booted and passed its health check at least once
    bool operator==(const SlotRecord &) const = default;
};

// An installed update waiting for its reboot and health verdict.
struct PendingTransaction {
    enum class Kind { Install, Rollback };
    Kind kind = Kind::Install;
    QString id;           // uuid of the install
    QString fromBootname; // booted when the install ran
    QString toBootname;   // made primary by the install
    QString fromVersion;
    QString toVersion;
    QByteArray manifestHash;
    QDateTime committedAt;
    QString bootId; // the boot during which it was committed: a different one has rebooted since
    bool operator==(const PendingTransaction &) const = default;
};

// An install between its first step and its commit. Found at a later boot, it means the power
// went (or the device restarted) before the switch.
struct InstallInProgress {
    QString transactionId;
    QString toBootname;
    QString version;
    QString bootId;
    QDateTime startedAt;
    bool operator==(const InstallInProgress &) const = default;
};

// The outcome of the last transaction, kept until the operator acknowledges it.
struct LastResult {
    // Installed: waiting for the reboot. Good: the new system booted and is healthy.
    // HealthFailed: it booted, the health check failed, the device went back. BootFailed: it
    // did not come up within its boot attempts and the boot loader fell back. Interrupted:
    // power was lost during the install, before the switch. RolledBack: a manual rollback was
    // made (and, once booted, is healthy).
    enum class Outcome {
        None,
        Installed,
        Failed,
        Good,
        HealthFailed,
        RolledBack,
        BootFailed,
        Interrupted
    };
    Outcome outcome = Outcome::None;
    QString transactionId;
    QString version;
    QString code;    // error code for Failed / HealthFailed
    QString message; // operator-readable
    QDateTime at;
    bool acknowledged = false;
    QString detail; // what failed, when known: "script 20-app failed: exit code 3"
    bool operator==(const LastResult &) const = default;
};

struct DeviceState {
    QMap<QString, SlotRecord> slots; // by bootname (or slot name for classes without one)
    std::optional<PendingTransaction> pending;
    std::optional<InstallInProgress> inProgress;
    LastResult lastResult;
    // Head of the history chain when this state was written: an entry removed from the end
    // of history.jsonl is noticed against it.
    quint64 historyCount = 0;
    QByteArray historyHead; // raw SHA-256 of the last history line
    bool operator==(const DeviceState &) const = default;
};

// The names the state file, the history, `seesaw status` and the D-Bus API use for them.
QString slotStatusName(SlotRecord::Status status); // "unknown", "installing", "installed"…
QString outcomeName(LastResult::Outcome outcome);  // "none", "installed", "health-failed"…

class StateStore {
public:
    explicit StateStore(QString dataDirectory);

    // A missing state.json is an empty state; a corrupt one is an error ("state.corrupt").
    Result<DeviceState> load() const;
    // Atomic replace. Error "state.io"; "state.invalid" for a state load() would refuse (a hash
    // that is not 32 bytes, historyCount and historyHead disagreeing, over 1 MiB).
    Status save(const DeviceState &state) const;

    QString statePath() const;
    QString historyPath() const;

private:
    QString m_dir;
};

struct HistoryEntry {
    quint64 seq = 0;     // 1, 2, 3…
    QDateTime time;      // UTC
    QString event;       // "install-started", "installed", "install-failed", "committed",
                         // "marked-good", "marked-bad", "rollback", "booted", "health", …
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
    Result<QList<HistoryEntry>> read(qsizetype limit = 0) const;

    // Checks the whole chain: every line parses, seq counts up from 1, every prev matches the
    // line before; and, when given, that the chain reaches the head recorded in state.json
    // (entries after it are allowed: a crash can fall between the append and the state write).
    // Error "history.tampered" naming the line number and what is wrong.
    Status verify(quint64 expectedCount = 0, const QByteArray &expectedHead = {}) const;

private:
    QString m_path;
};

} // namespace seesaw
