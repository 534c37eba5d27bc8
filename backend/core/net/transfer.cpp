#include "net/transfer.h"

#include "base/hostilestring.h"
#include "net/httpcommon.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <memory>
#include <optional>

namespace seesaw {

namespace {

// What Qt's network thread may buffer ahead of the sink. Each time the sink has taken it, that
// thread is woken to read more: 1 MiB keeps both busy (tests/bench/network: 0.70x of curl's
// throughput at 256 KiB, 0.80x at 1 MiB, no more at 4 MiB). Under a bandwidth limit a small
// buffer makes TCP slow the server down sooner.
constexpr qint64 ReadBufferBytes = qint64(1024) * 1024;
constexpr qint64 ThrottledReadBufferBytes = qint64(256) * 1024;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Download", text);
}

// Spreads reads over time so that the transfer stays under the limit; the small read buffer
// makes TCP slow the server down meanwhile.
class Throttle {
public:
    explicit Throttle(quint64 bytesPerSecond) : m_rate(bytesPerSecond) { m_clock.start(); }
    // How many bytes may be read now (all when there is no limit).
    [[nodiscard]] qint64 allowance(qint64 wanted)
    {
        if (m_rate == 0) {
            return wanted;
        }
        const double elapsed = double(m_clock.nsecsElapsed()) / 1e9;
        const double capacity = std::max(double(m_rate) / 10, 16384.0);
        m_tokens = std::min(capacity, m_tokens + elapsed * double(m_rate));
        m_clock.restart();
        return std::min<qint64>(wanted, qint64(m_tokens));
    }
    void spend(qint64 bytes) { m_tokens -= double(bytes); }

private:
    quint64 m_rate;
    double m_tokens = 0;
    QElapsedTimer m_clock;
};

enum class Next { Complete, Resume, Fail };

struct Attempt {
    Next next = Next::Resume;
    std::optional<Error> error;
};

Attempt failWith(Next next, Error e)
{
    return Attempt{next, std::move(e)};
}

Error sizeMismatch(const RangeRequest &r, const QString &serverSize)
{
    return makeError(Error::Kind::Invalid, "download.size-mismatch",
                     tr("The server's file %1 has %2 bytes; the channel manifest announced %3.")
                         .arg(shownUrl(r.url), serverSize, QString::number(r.fileSize)));
}

// The validator to send in If-Range: a strong ETag, else Last-Modified (a weak ETag cannot be).
QByteArray validatorOf(const QNetworkReply &reply)
{
    const QByteArray etag = reply.rawHeader("ETag");
    return etag.isEmpty() || etag.startsWith("W/") ? reply.rawHeader("Last-Modified") : etag;
}

// A 206: exactly the rest of the range, of a file of the announced size.
std::optional<Attempt> judgePartial(QNetworkReply &reply, TransferSink &sink, const RangeRequest &r)
{
    static const QRegularExpression range(QStringLiteral("^bytes (\\d+)-(\\d+)/(\\d+)$"));
    const auto m = range.match(QString::fromLatin1(reply.rawHeader("Content-Range")));
    if (m.hasMatch() && m.captured(3).toULongLong() != r.fileSize) {
        return failWith(Next::Fail, sizeMismatch(r, m.captured(3)));
    }
    const quint64 first = r.start + sink.received();
    if (!m.hasMatch() || m.captured(1).toULongLong() != first ||
        m.captured(2).toULongLong() != r.start + r.length - 1) {
        return failWith(Next::Fail,
                        netError("net.range", tr("The server answered a request for the bytes "
                                                 "from %1 of %2 with others (%3).")
                                                  .arg(QString::number(first), shownUrl(r.url),
                                                       displayString(QString::fromLatin1(
                                                           reply.rawHeader("Content-Range"))))));
    }
    if (sink.validator().isEmpty()) {
        sink.setValidator(validatorOf(reply));
    }
    return std::nullopt;
}

// The response head of one request, judged before any of its body is used.
std::optional<Attempt> judgeHead(QNetworkReply &reply, TransferSink &sink, const RangeRequest &r)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 206) {
        return judgePartial(reply, sink, r);
    }
    if (status == 200) {
        const QVariant length = reply.header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toULongLong() != r.fileSize) {
            return failWith(Next::Fail, sizeMismatch(r, length.toString()));
        }
        // The whole file: the server ignored the range, or its file changed since (If-Range).
        if (r.start != 0 || r.length != r.fileSize) {
            return failWith(Next::Fail,
                            netError("net.range", tr("The server sent all of %1 when asked for "
                                                     "a part of it: it has changed since, or "
                                                     "it cannot send parts of files.")
                                                      .arg(shownUrl(r.url))));
        }
        if (sink.received() > 0) {
            if (Status s = sink.startOver(); !s) {
                return failWith(Next::Fail, s.error());
            }
        }
        sink.setValidator(validatorOf(reply));
        return std::nullopt;
    }
    if (status == 416) { // what we have is not the beginning of the server's file
        if (Status s = sink.startOver(); !s) {
            return failWith(Next::Fail, s.error());
        }
        return failWith(
            Next::Resume,
            netError("net.range", tr("The server refused to resume %1.").arg(shownUrl(r.url))));
    }
    // Busy or failing servers may recover; anything else (404, 410, 403 …) will not.
    const bool retry = status == 408 || status == 429 || (status >= 500 && status < 600);
    return failWith(retry ? Next::Resume : Next::Fail,
                    netError(retry ? "net.unavailable" : "net.http",
                             tr("The update server answered %1 for %2.")
                                 .arg(QString::number(status), shownUrl(r.url))));
}

bool stopRequested(const RangeRequest &r)
{
    return (r.cancel != nullptr && r.cancel->load()) || (r.abandon != nullptr && r.abandon->load());
}

struct Connection {
    const RangeRequest &request;
    TransferSink &sink;
    int number = 0;
    quint64 fetched = 0;
};

// One request: the head judged, the body handed to the sink as the throttle allows, and the
// end (complete, cut, stalled, refused) turned into what happens next.
class Transfer {
public:
    Transfer(QNetworkAccessManager &manager, Connection &c) : m_manager(manager), m_c(c) {}

    Attempt run()
    {
        const RangeRequest &r = m_c.request;
        auto req = newRequest(r.url, r.tls);
        if (!req) {
            return {Next::Fail, req.error()};
        }
        const quint64 from = r.start + m_c.sink.received();
        if (from > 0 || r.length != r.fileSize) {
            req->setRawHeader("Range", "bytes=" + QByteArray::number(from) + '-' +
                                           QByteArray::number(r.start + r.length - 1));
            if (!m_c.sink.validator().isEmpty()) {
                req->setRawHeader("If-Range", m_c.sink.validator());
            }
        }
        m_reply.reset(m_manager.get(*req));
        m_reply->setReadBufferSize(m_readBuffer);
        connectTimers();
        m_stall.start(r.connectTimeoutMs + r.stallTimeoutMs);
        m_cancelPoll.start(100);
        m_loop.exec();
        return verdict();
    }

private:
    void connectTimers()
    {
        const RangeRequest &r = m_c.request;
        m_later.setSingleShot(true);
        m_stall.setSingleShot(true);
        QObject::connect(&m_later, &QTimer::timeout, &m_loop, [this] { drain(); });
        QObject::connect(m_reply.get(), &QNetworkReply::readyRead, &m_loop, [this] { drain(); });
        QObject::connect(&m_stall, &QTimer::timeout, &m_loop, [this, &r] {
            stop({Next::Resume,
                  netError("net.timeout",
                           tr("%1 sent nothing for %2 s.")
                               .arg(shownUrl(r.url), QString::number(r.stallTimeoutMs / 1000)))});
        });
        QObject::connect(&m_cancelPoll, &QTimer::timeout, &m_loop, [this, &r] {
            if (stopRequested(r)) {
                stop({Next::Fail, makeError(Error::Kind::Cancelled, "cancelled",
                                            tr("The download was cancelled."))});
            }
        });
        // The end of the reply: what is still buffered is read (at the throttle's pace) first.
        QObject::connect(m_reply.get(), &QNetworkReply::finished, &m_loop, [this] {
            if (!m_later.isActive()) {
                drain();
                m_loop.quit();
            }
        });
    }

    void stop(Attempt a)
    {
        if (!m_verdict) {
            m_verdict = std::move(a);
        }
        if (!m_reply->isFinished()) {
            m_reply->abort();
        }
        m_loop.quit();
    }

    void drain()
    {
        const RangeRequest &r = m_c.request;
        if (m_verdict) {
            return;
        }
        if (!m_headJudged) {
            if (m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 0) {
                return; // no response yet (or none at all: judged when the reply ends)
            }
            m_headJudged = true;
            if (auto refused = judgeHead(*m_reply, m_c.sink, r)) {
                return stop(*refused);
            }
        }
        while (m_reply->bytesAvailable() > 0) {
            const qint64 n =
                m_throttle.allowance(std::min(m_reply->bytesAvailable(), m_readBuffer));
            if (n <= 0) {
                m_later.start(50);
                return;
            }
            const QByteArray data = m_reply->read(n);
            m_throttle.spend(data.size());
            if (m_c.sink.received() + quint64(data.size()) > r.length) {
                return stop(
                    {Next::Fail, netError("net.too-large",
                                          tr("%1 sends more than the %2 bytes asked for.")
                                              .arg(shownUrl(r.url), QString::number(r.length)))});
            }
            if (Status s = m_c.sink.take(data); !s) {
                return stop({Next::Fail, s.error()});
            }
            m_c.fetched += quint64(data.size());
            if (r.progress) {
                r.progress(m_c.sink.received(), m_c.number);
            }
        }
        if (m_reply->isFinished()) {
            m_loop.quit();
        } else {
            m_stall.start(r.stallTimeoutMs);
        }
    }

    Attempt verdict()
    {
        const RangeRequest &r = m_c.request;
        if (m_verdict) {
            return *m_verdict;
        }
        if (m_c.sink.received() == r.length) {
            return {Next::Complete, std::nullopt};
        }
        Error e = replyError(*m_reply, r.url);
        if (m_reply->error() == QNetworkReply::NoError) {
            e = netError("net.unreachable",
                         tr("%1 closed the connection after %2 of %3 bytes.")
                             .arg(shownUrl(r.url), QString::number(m_c.sink.received()),
                                  QString::number(r.length)));
        }
        // An untrusted server does not become trusted by asking again; a cut is resumed.
        return {e.code == QLatin1String("net.tls") ? Next::Fail : Next::Resume, e};
    }

    QNetworkAccessManager &m_manager;
    Connection &m_c;
    std::unique_ptr<QNetworkReply> m_reply;
    QEventLoop m_loop;
    std::optional<Attempt> m_verdict;
    bool m_headJudged = false;
    Throttle m_throttle{m_c.request.bandwidthLimit};
    qint64 m_readBuffer =
        m_c.request.bandwidthLimit > 0 ? ThrottledReadBufferBytes : ReadBufferBytes;
    QTimer m_stall;
    QTimer m_later; // reads the rest when the throttle allows
    QTimer m_cancelPoll;
};

// Pauses before the next request, growing (1, 2, 4 … 16 s by default); false when cancelled.
bool pauseBeforeRetry(const RangeRequest &r, int connectionsSoFar)
{
    const int pauseMs = r.retryPauseMs << std::min(connectionsSoFar - 1, 4);
    for (int waited = 0; waited < pauseMs; waited += 50) {
        if (stopRequested(r)) {
            return false;
        }
        QThread::msleep(50);
    }
    return true;
}

} // namespace

Result<TransferStats> transferRange(const RangeRequest &request, TransferSink &sink)
{
    if (request.length == 0 || request.start + request.length > request.fileSize) {
        return makeError(Error::Kind::Usage, "net.range",
                         tr("Bytes %1 to %2 are not in a file of %3 bytes.")
                             .arg(QString::number(request.start),
                                  QString::number(request.start + request.length),
                                  QString::number(request.fileSize)));
    }
    QNetworkAccessManager manager;
    manager.setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    Connection c{request, sink};
    std::optional<Error> last;
    while (sink.received() < request.length && c.number < request.maxConnections) {
        if (c.number > 0 && !pauseBeforeRetry(request, c.number)) {
            return makeError(Error::Kind::Cancelled, "cancelled",
                             tr("The download was cancelled."));
        }
        ++c.number;
        const Attempt a = Transfer(manager, c).run();
        if (a.next == Next::Fail) {
            return *a.error;
        }
        last = a.error;
    }
    if (sink.received() < request.length) {
        return last ? *last
                    : netError("net.unreachable",
                               tr("%1 could not be downloaded.").arg(shownUrl(request.url)));
    }
    return TransferStats{c.fetched, c.number};
}

} // namespace seesaw
