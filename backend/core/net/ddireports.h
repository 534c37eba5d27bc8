// What the device owes a hawkBit server: feedback that must reach it even across power cuts,
// reboots and days without a network. Above all the final result of an action, which is known
// only after the new system booted and passed its health check (or fell back), at a time when the
// server may well be out of reach.
//
// Kept in DATA/hawkbit-reports.json (replaced atomically, mode 0600), oldest first, and delivered
// in that order. Bounded: at most MaxReports of at most MaxBodyBytes each; to make room the oldest
// progress report goes first, and a final result is never dropped for a progress report.
#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <functional>

namespace seesaw {

struct DdiReport {
    QString actionId;
    QString channel;    // "deploymentBase", "cancelAction" or "confirmationBase"
    QByteArray body;    // the JSON to POST to CHANNEL/ACTION/feedback
    bool final = false; // closes the action (a result, a cancel's answer, a consent)
};

// What became of the queue after a delivery.
struct DdiDelivery {
    int delivered = 0; // the server took them (2xx)
    int dropped = 0;   // the server no longer wants them (410, 404, 405, 400): never sent again
    int waiting = 0;   // still queued: the server was unreachable, busy or refused the device
    QString stoppedBy; // why delivery stopped early, in words; empty when nothing is waiting
};

class DdiReportQueue {
public:
    static constexpr qsizetype MaxReports = 64;
    static constexpr qsizetype MaxBodyBytes = qsizetype(32) * 1024;

    explicit DdiReportQueue(QString path) : m_path(std::move(path)) {}

    // An absent file is an empty queue. Error code "ddi.reports" when the file cannot be read
    // or is not a queue Seesaw wrote (it is then left as it is).
    [[nodiscard]] Result<QList<DdiReport>> load() const;
    // Appends a report durably; "ddi.reports" for a body over MaxBodyBytes or a bad channel,
    // "io.write" when the file cannot be written.
    Status add(const DdiReport &report);

    // HTTP status of one POST, or why no status came back (unreachable, timeout, TLS, …).
    using Sender = std::function<Result<int>(const DdiReport &)>;
    // Sends the queued reports in order and keeps what was not delivered. Stops at the first
    // report the server could not take now (no answer, 401/403, 408, 429, 5xx), so that
    // reports never overtake one another.
    Result<DdiDelivery> deliver(const Sender &send);

private:
    Status save(const QList<DdiReport> &reports);

    QString m_path;
};

} // namespace seesaw
