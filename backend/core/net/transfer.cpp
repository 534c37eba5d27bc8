#include "net/transfer.h"

#include "base/hostilestring.h"
#include "net/httpcommon.h"
#include "net/transferhead.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QThread>
#include <algorithm>
#include <curl/curl.h>
#include <memory>
#include <optional>

namespace seesaw {

namespace {

// The transfer runs on libcurl (one thread: receive, decrypt, hand to the sink) rather than Qt
// Network, whose HTTP thread hands every piece to this one through fresh buffers: 0.44-0.50x of
// curl's throughput here (tests/bench/network), against 0.92-1.02x with libcurl, the sink's
// SHA-256 included (a 2 MiB receive buffer measured no better). Its receive buffer: large enough to
// keep system calls few; under a bandwidth limit small, so that TCP slows the server down sooner.
constexpr long ReceiveBufferBytes = 512L * 1024;
constexpr long ThrottledReceiveBufferBytes = 16L * 1024;
constexpr qsizetype MaxHeadBytes = qsizetype(64) * 1024;
constexpr int PollMs = 100; // how often a stall or a cancel is looked for

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Download", text);
}

void initCurl()
{
    static const CURLcode once = curl_global_init(CURL_GLOBAL_DEFAULT);
    (void)once;
}

// Keeps a transfer under its bandwidth limit: a piece that would exceed the allowance waits
// (libcurl pauses the transfer and hands the same piece again once it is resumed).
class Throttle {
public:
    explicit Throttle(quint64 bytesPerSecond) : m_rate(bytesPerSecond) { m_clock.start(); }
    // Whether `bytes` may be taken now; when they may, they are spent.
    bool take(qint64 bytes)
    {
        if (m_rate == 0) {
            return true;
        }
        const double elapsed = double(m_clock.nsecsElapsed()) / 1e9;
        m_clock.restart();
        const double capacity =
            std::max(double(m_rate) / 10, 2.0 * double(ThrottledReceiveBufferBytes));
        m_tokens = std::min(capacity, m_tokens + elapsed * double(m_rate));
        if (m_tokens < double(bytes)) {
            return false;
        }
        m_tokens -= double(bytes);
        return true;
    }

private:
    quint64 m_rate;
    double m_tokens = 0;
    QElapsedTimer m_clock;
};

bool stopRequested(const RangeRequest &r)
{
    return (r.cancel != nullptr && r.cancel->load()) || (r.abandon != nullptr && r.abandon->load());
}

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

struct Connection {
    const RangeRequest &request;
    TransferSink &sink;
    QUrl url; // where this request goes: request.url, or where a redirect led
    int redirects = 0;
    int number = 0;
    quint64 fetched = 0;
};

// libcurl's handles are all void underneath: one deleter each.
struct EasyDeleter {
    void operator()(CURL *c) const { curl_easy_cleanup(c); }
};
struct MultiDeleter {
    void operator()(CURLM *m) const { curl_multi_cleanup(m); }
};
struct ListDeleter {
    void operator()(curl_slist *l) const { curl_slist_free_all(l); }
};

// One request: the head judged, the body handed to the sink, and the end (complete, cut,
// stalled, refused) turned into what happens next.
class Transfer {
public:
    explicit Transfer(Connection &c) : m_c(c) {}

    Attempt run()
    {
        const RangeRequest &r = m_c.request;
        if (auto refused = configure()) {
            return *refused;
        }
        std::unique_ptr<CURLM, MultiDeleter> multi(curl_multi_init());
        if (!multi || curl_multi_add_handle(multi.get(), m_easy.get()) != CURLM_OK) {
            return {Next::Fail, netError("net.unreachable", tr("The transfer cannot start."))};
        }
        m_sinceData.start();
        m_stallLimitMs = qint64(r.connectTimeoutMs) + r.stallTimeoutMs;
        CURLcode result = CURLE_OK;
        for (int running = 1; running > 0 && !m_verdict;) {
            if (curl_multi_perform(multi.get(), &running) != CURLM_OK) {
                result = CURLE_FAILED_INIT;
                break;
            }
            int queued = 0;
            while (CURLMsg *msg = curl_multi_info_read(multi.get(), &queued)) {
                if (msg->msg == CURLMSG_DONE) {
                    result = msg->data.result;
                }
            }
            if (running == 0 || m_verdict) {
                break;
            }
            if (stopRequested(r)) {
                m_verdict = {Next::Fail, makeError(Error::Kind::Cancelled, "cancelled",
                                                   tr("The download was cancelled."))};
            } else if (m_sinceData.elapsed() > m_stallLimitMs) {
                m_verdict = {
                    Next::Resume,
                    netError("net.timeout",
                             tr("%1 sent nothing for %2 s.")
                                 .arg(shownUrl(r.url), QString::number(r.stallTimeoutMs / 1000)))};
            } else if (m_paused) {
                QThread::msleep(10); // the throttle's allowance grows meanwhile
                m_paused = false;
                curl_easy_pause(m_easy.get(), CURLPAUSE_CONT); // the piece is offered again
            } else {
                (void)curl_multi_poll(multi.get(), nullptr, 0, PollMs, nullptr);
            }
        }
        curl_multi_remove_handle(multi.get(), m_easy.get());
        return verdict(result);
    }

private:
    // The request as libcurl makes it; a refusal when the TLS files cannot be used.
    std::optional<Attempt> configure()
    {
        const RangeRequest &r = m_c.request;
        initCurl();
        if (Status s = httpUrl(m_c.url); !s) {
            return failWith(Next::Fail, s.error());
        }
        if (auto tls = tlsConfiguration(r.tls); !tls) { // the files are readable and usable
            return failWith(Next::Fail, tls.error());
        }
        m_easy.reset(curl_easy_init());
        if (!m_easy) {
            return failWith(Next::Fail,
                            netError("net.unreachable", tr("The transfer cannot start.")));
        }
        CURL *e = m_easy.get();
        m_urlText = m_c.url.toEncoded();
        curl_easy_setopt(e, CURLOPT_URL, m_urlText.constData());
        curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e, CURLOPT_USERAGENT, "seesaw");
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_ERRORBUFFER, m_errorText);
        curl_easy_setopt(e, CURLOPT_BUFFERSIZE,
                         r.bandwidthLimit > 0 ? ThrottledReceiveBufferBytes : ReceiveBufferBytes);
        setTls(e);
        // Without credentials libcurl follows redirects (never from https to http); with them
        // they are followed here, so that the credentials stay on their server.
        if (r.authorization.isEmpty()) {
            curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
            curl_easy_setopt(e, CURLOPT_MAXREDIRS, long(RangeRequest::MaxRedirects));
            curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR,
                             m_c.url.scheme() == QLatin1String("https") ? "https" : "http,https");
        }
        setHeaders(e);
        curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::onHeader);
        curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::onData);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
        return std::nullopt;
    }

    void setTls(CURL *e)
    {
        const TlsOptions &tls = m_c.request.tls;
        m_caFile = QFile::encodeName(tls.caFile);
        m_certificate = QFile::encodeName(tls.clientCertificate);
        m_key = QFile::encodeName(tls.clientKey);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!m_caFile.isEmpty()) {
            curl_easy_setopt(e, CURLOPT_CAINFO, m_caFile.constData());
            curl_easy_setopt(e, CURLOPT_CAPATH, nullptr);
        }
        if (!m_certificate.isEmpty()) {
            curl_easy_setopt(e, CURLOPT_SSLCERT, m_certificate.constData());
            curl_easy_setopt(e, CURLOPT_SSLKEY, m_key.constData());
        }
    }

    void setHeaders(CURL *e)
    {
        const RangeRequest &r = m_c.request;
        curl_slist *list = nullptr;
        const auto add = [&list](const QByteArray &line) {
            list = curl_slist_append(list, line.constData());
        };
        if (!r.authorization.isEmpty() && sameOrigin(m_c.url, r.authorizedServer)) {
            add("Authorization: " + r.authorization);
        }
        const quint64 from = r.start + m_c.sink.received();
        if (from > 0 || r.length != r.fileSize) {
            add("Range: bytes=" + QByteArray::number(from) + '-' +
                QByteArray::number(r.start + r.length - 1));
            if (!m_c.sink.validator().isEmpty()) {
                add("If-Range: " + m_c.sink.validator());
            }
        }
        m_headers.reset(list);
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);
    }

    // One line of a response head; at its end, the head is judged before any body is taken.
    static size_t onHeader(char *data, size_t size, size_t count, void *self)
    {
        auto *t = static_cast<Transfer *>(self);
        const size_t bytes = size * count; // size is 1: the product cannot overflow
        const auto n = static_cast<qsizetype>(bytes);
        const QByteArray line = QByteArray(data, n).trimmed();
        t->m_head.bytes += n;
        if (t->m_head.bytes > MaxHeadBytes) {
            return 0;
        }
        if (line.startsWith("HTTP/")) { // a new response (after a 1xx or a redirect)
            t->m_head = TransferHead{line.split(' ').value(1).toInt(), {}, t->m_head.bytes};
        } else if (!line.isEmpty()) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0) {
                t->m_head.fields.insert(line.left(colon).trimmed().toLower(),
                                        line.mid(colon + 1).trimmed());
            }
        } else if (t->m_head.status >= 200) {
            t->judge();
        }
        return t->m_verdict ? 0 : bytes;
    }

    void judge()
    {
        const RangeRequest &r = m_c.request;
        // A redirect without a Location is judged as the error status it then is.
        if (isRedirect(m_head.status) && !m_head.field("location").isEmpty()) {
            if (!r.authorization.isEmpty()) {
                m_verdict = followRedirect();
            }
            return; // else libcurl follows it
        }
        m_headJudged = true;
        m_verdict = judgeTransferHead(m_head, m_c.sink, r);
    }

    // A piece of the body, passed to the sink while it is valid (it is libcurl's buffer).
    static size_t onData(char *data, size_t size, size_t count, void *self)
    {
        auto *t = static_cast<Transfer *>(self);
        const RangeRequest &r = t->m_c.request;
        const size_t bytes = size * count; // size is 1: the product cannot overflow
        const auto n = static_cast<qsizetype>(bytes);
        if (!t->m_headJudged || t->m_verdict) {
            return 0;
        }
        if (!t->m_throttle.take(n)) {
            t->m_paused = true;
            return CURL_WRITEFUNC_PAUSE;
        }
        if (t->m_c.sink.received() + quint64(n) > r.length) {
            t->m_verdict = {
                Next::Fail,
                netError("net.too-large", tr("%1 sends more than the %2 bytes asked for.")
                                              .arg(shownUrl(r.url), QString::number(r.length)))};
            return 0;
        }
        if (Status s = t->m_c.sink.take(QByteArray::fromRawData(data, n)); !s) {
            t->m_verdict = {Next::Fail, s.error()};
            return 0;
        }
        t->m_c.fetched += quint64(n);
        t->m_sinceData.restart();
        t->m_stallLimitMs = r.stallTimeoutMs;
        if (r.progress) {
            r.progress(t->m_c.sink.received(), t->m_c.number);
        }
        return bytes;
    }

    // A redirect of a request that carries credentials: where it leads, checked.
    Attempt followRedirect()
    {
        const QUrl target = m_c.url.resolved(
            QUrl::fromEncoded(m_head.field("location").left(4096), QUrl::StrictMode));
        const bool downgrade =
            m_c.url.scheme() == QLatin1String("https") && target.scheme() != QLatin1String("https");
        if (++m_c.redirects > RangeRequest::MaxRedirects || !target.isValid() ||
            target.host().isEmpty() || downgrade ||
            (target.scheme() != QLatin1String("https") &&
             target.scheme() != QLatin1String("http"))) {
            return {Next::Fail,
                    netError("net.redirect",
                             tr("%1 redirects to %2, which is not followed (more than %3 "
                                "redirects, not http or https, or from https to http).")
                                 .arg(shownUrl(m_c.request.url), shownUrl(target),
                                      QString::number(RangeRequest::MaxRedirects)))};
        }
        m_c.url = target;
        return {Next::Redirect, std::nullopt};
    }

    // What libcurl's result means when no callback decided.
    [[nodiscard]] Error transportError(CURLcode result) const
    {
        const RangeRequest &r = m_c.request;
        const QString why = displayString(
            QString::fromUtf8(m_errorText[0] != '\0' ? m_errorText : curl_easy_strerror(result)));
        switch (result) {
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return untrustedServer(r.url, why);
        case CURLE_TOO_MANY_REDIRECTS:
        case CURLE_UNSUPPORTED_PROTOCOL: {
            char *where = nullptr; // the redirect not taken, else the last one taken
            curl_easy_getinfo(m_easy.get(), CURLINFO_REDIRECT_URL, &where);
            if (where == nullptr) {
                curl_easy_getinfo(m_easy.get(), CURLINFO_EFFECTIVE_URL, &where);
            }
            return netError("net.redirect",
                            tr("%1 redirects to %2, which is not followed (more than %3 "
                               "redirects, not http or https, or from https to http).")
                                .arg(shownUrl(r.url),
                                     shownUrl(QUrl::fromEncoded(where != nullptr ? where : "")),
                                     QString::number(RangeRequest::MaxRedirects)));
        }
        default:
            return unreachableServer(r.url, why);
        }
    }

    Attempt verdict(CURLcode result)
    {
        const RangeRequest &r = m_c.request;
        if (m_verdict) {
            return *m_verdict;
        }
        if (m_c.sink.received() == r.length) {
            return {Next::Complete, std::nullopt};
        }
        if (result == CURLE_OK || result == CURLE_PARTIAL_FILE) {
            return {Next::Resume,
                    netError("net.unreachable",
                             tr("%1 closed the connection after %2 of %3 bytes.")
                                 .arg(shownUrl(r.url), QString::number(m_c.sink.received()),
                                      QString::number(r.length)))};
        }
        Error e = transportError(result);
        // An untrusted server does not become trusted by asking again; a redirect refused
        // stays refused; a cut is resumed.
        const bool final =
            e.code == QLatin1String("net.tls") || e.code == QLatin1String("net.redirect");
        return {final ? Next::Fail : Next::Resume, e};
    }

    Connection &m_c;
    std::unique_ptr<CURL, EasyDeleter> m_easy;
    std::unique_ptr<curl_slist, ListDeleter> m_headers;
    QByteArray m_urlText;
    QByteArray m_caFile;
    QByteArray m_certificate;
    QByteArray m_key;
    char m_errorText[CURL_ERROR_SIZE] = {};
    TransferHead m_head;
    bool m_headJudged = false;
    std::optional<Attempt> m_verdict;
    QElapsedTimer m_sinceData;
    qint64 m_stallLimitMs = 0;
    Throttle m_throttle{m_c.request.bandwidthLimit};
    bool m_paused = false;
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
    Connection c{request, sink, request.url};
    std::optional<Error> last;
    bool redirected = false;
    while (sink.received() < request.length && (redirected || c.number < request.maxConnections)) {
        if (!redirected) { // a new request, from the start of any redirects
            if (c.number > 0 && !pauseBeforeRetry(request, c.number)) {
                return makeError(Error::Kind::Cancelled, "cancelled",
                                 tr("The download was cancelled."));
            }
            ++c.number;
            c.url = request.url;
            c.redirects = 0;
        }
        const Attempt a = Transfer(c).run();
        if (a.next == Next::Fail) {
            return *a.error;
        }
        redirected = a.next == Next::Redirect;
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
