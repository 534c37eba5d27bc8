// The head of one response of a range transfer (net/transfer.cpp), and what it means for the
// transfer: go on, resume, or stop with the reason. Inside seesawnet only.
#pragma once

#include "base/result.h"
#include "net/transfertypes.h"

#include <QByteArray>
#include <QHash>
#include <optional>

namespace seesaw {

enum class Next { Complete, Resume, Fail, Redirect };

struct Attempt {
    Next next = Next::Resume;
    std::optional<Error> error;
};

inline Attempt failWith(Next next, Error e)
{
    return Attempt{next, std::move(e)};
}

// A response head: its status and its header fields (names in lower case).
struct TransferHead {
    int status = 0;
    QHash<QByteArray, QByteArray> fields;
    qsizetype bytes = 0; // of every head so far, redirects included
    [[nodiscard]] QByteArray field(const char *name) const
    {
        return fields.value(QByteArray(name));
    }
};

// A head judged before any of its body is used: nothing (take the body), or what happens next
// with the reason ("download.size-mismatch", "net.range", "net.unavailable", "net.http", or the
// sink's when it cannot start over). Sets the sink's validator from a 200 or the first 206.
std::optional<Attempt> judgeTransferHead(const TransferHead &head, TransferSink &sink,
                                         const RangeRequest &r);

} // namespace seesaw
