#include "net/download.h"

#include "base/atomicfile.h"
#include "base/hostilestring.h"
#include "base/unique_fd.h"
#include "net/httpcommon.h"
#include "net/partfile.h"
#include "trust/crypto.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>
#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace seesaw {

namespace {

constexpr qint64 ReadBufferBytes = qint64(256) * 1024;

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
    [[nodiscard]] bool limited() const { return m_rate != 0; }

private:
    quint64 m_rate;
    double m_tokens = 0;
    QElapsedTimer m_clock;
};

// Rate and ETA over a sliding few seconds, reported at most ten times a second.
class Meter {
public:
    explicit Meter(const DownloadRequest &r) : m_request(r) { m_clock.start(); }
    void report(quint64 done, int connection, bool force = false)
    {
        if (!m_request.progress || (!force && m_clock.elapsed() - m_lastReport < 100)) {
            return;
        }
        const qint64 now = m_clock.elapsed();
        if (now - m_windowStart >= 3000) {
            m_windowStart = now;
            m_windowDone = done;
        }
        DownloadProgress p;
        p.done = done;
        p.total = m_request.size;
        p.connection = connection;
        const qint64 span = now - m_windowStart;
        if (span > 0 && done >= m_windowDone) {
            p.rate = double(done - m_windowDone) * 1000.0 / double(span);
        }
        p.eta = p.rate > 0 ? qint64(double(m_request.size - done) / p.rate) : -1;
        m_lastReport = now;
        m_request.progress(p);
    }

private:
    const DownloadRequest &m_request;
    QElapsedTimer m_clock;
    qint64 m_lastReport = -1000;
    qint64 m_windowStart = 0;
    quint64 m_windowDone = 0;
};

enum class Next { Complete, Resume, Fail };

struct Attempt {
    Next next = Next::Resume;
    std::optional<Error> error;
};

// The response head of one request, judged before any of its body is used.
std::optional<Attempt> judgeHead(QNetworkReply &reply, PartFile &part, const DownloadRequest &r)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const auto fail = [](Next next, Error e) { return Attempt{next, std::move(e)}; };
    if (status == 206) {
        static const QRegularExpression range(QStringLiteral("^bytes (\\d+)-(\\d+)/(\\d+)$"));
        const auto m = range.match(QString::fromLatin1(reply.rawHeader("Content-Range")));
        if (m.hasMatch() && m.captured(3).toULongLong() != r.size) {
            return fail(Next::Fail, makeError(Error::Kind::Invalid, "download.size-mismatch",
                                              tr("The server's file %1 has %2 bytes; the channel "
                                                 "manifest announced %3.")
                                                  .arg(shownUrl(r.url), m.captured(3),
                                                       QString::number(r.size))));
        }
        if (!m.hasMatch() || m.captured(1).toULongLong() != part.size ||
            m.captured(2).toULongLong() != r.size - 1) {
            return fail(Next::Fail,
                        netError("net.range", tr("The server answered a request for the bytes "
                                                 "from %1 of %2 with others (%3).")
                                                  .arg(QString::number(part.size), shownUrl(r.url),
                                                       displayString(QString::fromLatin1(
                                                           reply.rawHeader("Content-Range"))))));
        }
        return std::nullopt;
    }
    if (status == 200) {
        const QVariant length = reply.header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toULongLong() != r.size) {
            return fail(Next::Fail, makeError(Error::Kind::Invalid, "download.size-mismatch",
                                              tr("The server's file %1 has %2 bytes; the channel "
                                                 "manifest announced %3.")
                                                  .arg(shownUrl(r.url), length.toString(),
                                                       QString::number(r.size))));
        }
        // The whole file: the server ignored the range, or its file changed since (If-Range).
        if (part.size > 0) {
            if (Status s = part.truncate(); !s) {
                return fail(Next::Fail, s.error());
            }
        }
        // A weak ETag cannot be used in If-Range: then Last-Modified.
        const QByteArray etag = reply.rawHeader("ETag");
        part.setValidator(etag.isEmpty() || etag.startsWith("W/") ? reply.rawHeader("Last-Modified")
                                                                  : etag);
        return std::nullopt;
    }
    if (status == 416) { // what we have is not the beginning of the server's file
        if (Status s = part.truncate(); !s) {
            return fail(Next::Fail, s.error());
        }
        return fail(
            Next::Resume,
            netError("net.range", tr("The server refused to resume %1.").arg(shownUrl(r.url))));
    }
    // Busy or failing servers may recover; anything else (404, 410, 403 …) will not.
    const bool retry = status == 408 || status == 429 || (status >= 500 && status < 600);
    return fail(retry ? Next::Resume : Next::Fail,
                netError(retry ? "net.unavailable" : "net.http",
                         tr("The update server answered %1 for %2.")
                             .arg(QString::number(status), shownUrl(r.url))));
}

struct Connection {
    const DownloadRequest &request;
    PartFile &part;
    Meter &meter;
    int number = 0;
    quint64 fetched = 0;
};

// One request: the head judged, the body appended to the part as the throttle allows, and the
// end (complete, cut, stalled, refused) turned into what happens next.
class Transfer {
public:
    Transfer(QNetworkAccessManager &manager, Connection &c) : m_manager(manager), m_c(c) {}

    Attempt run()
    {
        const DownloadRequest &r = m_c.request;
        auto req = newRequest(r.url, r.tls);
        if (!req) {
            return {Next::Fail, req.error()};
        }
        if (m_c.part.size > 0) {
            req->setRawHeader("Range", "bytes=" + QByteArray::number(m_c.part.size) + '-');
            if (!m_c.part.validator.isEmpty()) {
                req->setRawHeader("If-Range", m_c.part.validator);
            }
        }
        m_reply.reset(m_manager.get(*req));
        m_reply->setReadBufferSize(ReadBufferBytes);
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
            if (r.cancel != nullptr && r.cancel->load()) {
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
        m_stall.start(r.connectTimeoutMs + r.stallTimeoutMs);
        m_cancelPoll.start(100);
        m_loop.exec();
        return verdict();
    }

private:
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
        const DownloadRequest &r = m_c.request;
        if (m_verdict) {
            return;
        }
        if (!m_headJudged) {
            if (m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 0) {
                return; // no response yet (or none at all: judged when the reply ends)
            }
            m_headJudged = true;
            if (auto refused = judgeHead(*m_reply, m_c.part, r)) {
                return stop(*refused);
            }
        }
        while (m_reply->bytesAvailable() > 0) {
            const qint64 n =
                m_throttle.allowance(std::min(m_reply->bytesAvailable(), ReadBufferBytes));
            if (n <= 0) {
                m_later.start(50);
                return;
            }
            const QByteArray data = m_reply->read(n);
            m_throttle.spend(data.size());
            if (m_c.part.size + quint64(data.size()) > r.size) {
                return stop(
                    {Next::Fail, netError("net.too-large",
                                          tr("%1 sends more than the %2 bytes the channel "
                                             "manifest announced.")
                                              .arg(shownUrl(r.url), QString::number(r.size)))});
            }
            if (Status s = m_c.part.append(data); !s) {
                return stop({Next::Fail, s.error()});
            }
            m_c.fetched += quint64(data.size());
            m_c.meter.report(m_c.part.size, m_c.number);
        }
        if (m_reply->isFinished()) {
            m_loop.quit();
        } else {
            m_stall.start(r.stallTimeoutMs);
        }
    }

    Attempt verdict()
    {
        const DownloadRequest &r = m_c.request;
        if (m_verdict) {
            return *m_verdict;
        }
        if (m_c.part.size == r.size) {
            return {Next::Complete, std::nullopt};
        }
        Error e = replyError(*m_reply, r.url);
        if (m_reply->error() == QNetworkReply::NoError) {
            e = netError(
                "net.unreachable",
                tr("%1 closed the connection after %2 of %3 bytes.")
                    .arg(shownUrl(r.url), QString::number(m_c.part.size), QString::number(r.size)));
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
    QTimer m_stall;
    QTimer m_later; // reads the rest when the throttle allows
    QTimer m_cancelPoll;
};

// The bundle staged by an earlier call (the daemon restarted, or the install waits for its
// window), when it is still whole.
std::optional<DownloadResult> alreadyStaged(const QString &finalPath, const DownloadRequest &r)
{
    QFile staged(finalPath);
    if (!staged.open(QIODevice::ReadOnly)) {
        return std::nullopt;
    }
    Sha256 hash;
    QByteArray buffer(qsizetype(1) << 20, Qt::Uninitialized);
    for (qint64 n = 0; (n = staged.read(buffer.data(), buffer.size())) > 0;) {
        hash.update(buffer.constData(), size_t(n));
    }
    if (quint64(staged.size()) == r.size && hash.finish() == r.sha256) {
        DownloadResult done;
        done.path = finalPath;
        done.resumedFrom = r.size;
        return done;
    }
    QFile::remove(finalPath);
    return std::nullopt;
}

// Pauses before the next request, growing (1, 2, 4 … 16 s by default); false when cancelled.
bool pauseBeforeRetry(const DownloadRequest &r, int connectionsSoFar)
{
    const int pauseMs = r.retryPauseMs << std::min(connectionsSoFar - 1, 4);
    for (int waited = 0; waited < pauseMs; waited += 50) {
        if (r.cancel != nullptr && r.cancel->load()) {
            return false;
        }
        QThread::msleep(50);
    }
    return true;
}

// The whole part against the manifest's digest, then under its final name.
Status finish(PartFile &part, const QString &finalPath, const DownloadRequest &r)
{
    if (part.hash.finish() != r.sha256) {
        QFile::remove(part.path);
        QFile::remove(part.validatorPath);
        return makeError(Error::Kind::Invalid, "download.digest-mismatch",
                         tr("The file downloaded from %1 is not the one the channel manifest "
                            "names (its SHA-256 differs); it was deleted.")
                             .arg(shownUrl(r.url)));
    }
    // The bytes on disk are the bytes hashed: nothing before or after them.
    struct stat st {};
    if (::fstat(part.fd.get(), &st) != 0 || quint64(st.st_size) != r.size) {
        QFile::remove(part.path);
        QFile::remove(part.validatorPath);
        return partFileError(part.path, EIO);
    }
    if (::fdatasync(part.fd.get()) != 0) {
        return partFileError(part.path, errno);
    }
    if (Status s = renameDurably(part.path, finalPath); !s) {
        return s;
    }
    QFile::remove(part.validatorPath);
    return Ok{};
}

} // namespace

QString stagedBundlePath(const QString &directory, const QByteArray &sha256)
{
    return directory + QLatin1Char('/') + QString::fromLatin1(sha256.toHex()) +
           QStringLiteral(".seesaw");
}

Result<DownloadResult> downloadFile(const DownloadRequest &request)
{
    if (request.sha256.size() != Sha256::Size || request.size == 0) {
        return makeError(Error::Kind::Usage, "download.io",
                         tr("A download needs the file's SHA-256 and size."));
    }
    if (!QDir().mkpath(request.directory)) {
        return partFileError(request.directory, errno);
    }
    const QString finalPath = stagedBundlePath(request.directory, request.sha256);
    if (auto staged = alreadyStaged(finalPath, request)) {
        return *staged;
    }
    auto part = openPartFile(finalPath, request.size);
    if (!part) {
        return part.error();
    }
    DownloadResult result;
    result.path = finalPath;
    result.resumedFrom = part->size;
    Meter meter(request);
    QNetworkAccessManager manager;
    manager.setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    Connection c{request, *part, meter};
    std::optional<Error> last;
    while (part->size < request.size && c.number < request.maxConnections) {
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
    result.fetched = c.fetched;
    result.connections = c.number;
    if (part->size < request.size) {
        return last ? *last
                    : netError("net.unreachable",
                               tr("%1 could not be downloaded.").arg(shownUrl(request.url)));
    }
    meter.report(part->size, c.number, true);
    if (Status s = finish(*part, finalPath, request); !s) {
        return s.error();
    }
    return result;
}

} // namespace seesaw
