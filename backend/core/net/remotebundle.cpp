#include "net/remotebundle.h"

#include "base/errnotext.h"
#include "bundle/zipdirectory.h"
#include "bundle/zipindex.h"
#include "net/httpcommon.h"
#include "net/transfer.h"

#include <QCoreApplication>
#include <QList>
#include <QThread>
#include <algorithm>
#include <cerrno>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

namespace seesaw {

namespace {

constexpr quint64 TailBytes = quint64(256) * 1024; // the end records, directory and manifest
constexpr quint64 LocalHeaderBytes = 30;
constexpr quint64 HeaderSlack = 1024; // for a local extra field, read before its length is known
constexpr quint64 CoalesceGap = quint64(64) * 1024;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::RemoteBundle", text);
}

Error ioError(const QString &what, int err)
{
    return makeError(Error::Kind::Io, "download.io", tr("%1: %2").arg(what, errnoText(err)));
}

// A range of the bundle into the in-memory file, at its place.
class FileSink : public TransferSink {
public:
    FileSink(int fd, quint64 start, QByteArray &validator)
        : m_fd(fd), m_start(start), m_validator(validator)
    {}
    [[nodiscard]] quint64 received() const override { return m_received; }
    [[nodiscard]] QByteArray validator() const override { return m_validator; }
    void setValidator(const QByteArray &value) override { m_validator = value; }
    Status take(const QByteArray &data) override
    {
        if (::pwrite(m_fd, data.constData(), size_t(data.size()), off_t(m_start + m_received)) !=
            data.size()) {
            return ioError(tr("Could not keep a part of the bundle in memory"), errno);
        }
        m_received += quint64(data.size());
        return Ok{};
    }
    Status startOver() override
    {
        m_received = 0;
        return Ok{};
    }

private:
    int m_fd;
    quint64 m_start;
    quint64 m_received = 0;
    QByteArray &m_validator;
};

// A payload into the socket the install reads; the reader's pace is the transfer's.
class SocketSink : public TransferSink {
public:
    SocketSink(int fd, QByteArray validator, std::atomic<quint64> &fetched)
        : m_fd(fd), m_validator(std::move(validator)), m_fetched(fetched)
    {}
    [[nodiscard]] quint64 received() const override { return m_received; }
    [[nodiscard]] QByteArray validator() const override { return m_validator; }
    void setValidator(const QByteArray &value) override
    {
        if (m_validator.isEmpty()) {
            m_validator = value;
        }
    }
    Status take(const QByteArray &data) override
    {
        for (qsizetype sent = 0; sent < data.size();) {
            const ssize_t n =
                ::send(m_fd, data.constData() + sent, size_t(data.size() - sent), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                return ioError(tr("The install stopped reading the update"), errno);
            }
            sent += n;
        }
        m_received += quint64(data.size());
        m_fetched += quint64(data.size());
        return Ok{};
    }
    Status startOver() override
    {
        // Bytes handed to the install cannot be taken back.
        return netError("net.range", tr("The server no longer sends the bundle the install began "
                                        "with: it was replaced meanwhile."));
    }

private:
    int m_fd;
    QByteArray m_validator;
    quint64 m_received = 0;
    std::atomic<quint64> &m_fetched;
};

RangeRequest rangeOf(const RemoteBundleSource &source, quint64 start, quint64 length)
{
    RangeRequest r;
    r.url = source.url;
    r.tls = source.tls;
    r.fileSize = source.size;
    r.start = start;
    r.length = length;
    r.bandwidthLimit = source.bandwidthLimit;
    r.stallTimeoutMs = source.stallTimeoutMs;
    r.connectTimeoutMs = source.connectTimeoutMs;
    r.maxConnections = source.maxConnections;
    r.retryPauseMs = source.retryPauseMs;
    return r;
}

struct Span {
    quint64 start = 0;
    quint64 end = 0; // one past the last byte
};

// Fetches the parts of the bundle the index needs, each byte at most once.
class IndexFetcher {
public:
    IndexFetcher(const RemoteBundleSource &source, const std::atomic<bool> *cancel,
                 RemoteBundleIndex &index)
        : m_source(source), m_cancel(cancel), m_index(index)
    {}

    // Fetches what of `wanted` is not here yet, in as few requests as gaps allow.
    Status fetch(QList<Span> wanted)
    {
        std::sort(wanted.begin(), wanted.end(),
                  [](const Span &a, const Span &b) { return a.start < b.start; });
        QList<Span> merged;
        for (Span s : wanted) {
            s.end = std::min(s.end, m_source.size);
            for (const Span &have : m_have) { // trim what is already here (disjoint spans)
                if (have.start <= s.start && s.start < have.end) {
                    s.start = have.end;
                }
                if (have.start < s.end && s.end <= have.end) {
                    s.end = have.start;
                }
            }
            if (s.start >= s.end) {
                continue;
            }
            if (!merged.isEmpty() && s.start <= merged.last().end + CoalesceGap) {
                merged.last().end = std::max(merged.last().end, s.end);
            } else {
                merged.append(s);
            }
        }
        for (const Span &s : merged) {
            if (Status st = fetchSpan(s); !st) {
                return st;
            }
        }
        return Ok{};
    }

private:
    Status fetchSpan(const Span &s)
    {
        m_total += s.end - s.start;
        if (m_total > limits::MaxRemoteIndexBytes) {
            return netError("net.too-large",
                            tr("Opening %1 would need more than %2 MiB besides its images.")
                                .arg(shownUrl(m_source.url),
                                     QString::number(limits::MaxRemoteIndexBytes >> 20)));
        }
        RangeRequest r = rangeOf(m_source, s.start, s.end - s.start);
        r.cancel = m_cancel;
        FileSink sink(m_index.fd.get(), s.start, m_index.validator);
        auto stats = transferRange(r, sink);
        if (!stats) {
            return stats.error();
        }
        m_index.fetched += stats->fetched;
        m_index.requests += stats->connections;
        m_have.append(s);
        return Ok{};
    }

    const RemoteBundleSource &m_source;
    const std::atomic<bool> *m_cancel;
    RemoteBundleIndex &m_index;
    QList<Span> m_have;
    quint64 m_total = 0;
};

bool isPayload(const ZipEntry &e)
{
    return e.name.startsWith(QLatin1String("images/"));
}

quint16 le16(const uchar *p)
{
    return quint16(p[0] | (p[1] << 8));
}

// Second round: the local headers say how long they really are; whatever of them (and of the
// small entries' data after them) the first round guessed short is fetched.
Status fetchExactHeaders(IndexFetcher &fetcher, int fd, const QList<ZipEntry> &entries)
{
    QList<Span> wanted;
    for (const ZipEntry &e : entries) {
        uchar head[LocalHeaderBytes];
        if (!preadFully(fd, head, sizeof head, e.localHeaderOffset)) {
            return ioError(tr("Could not read a part of the bundle kept in memory"), EIO);
        }
        const quint64 dataStart =
            e.localHeaderOffset + LocalHeaderBytes + le16(head + 26) + le16(head + 28);
        wanted.append({e.localHeaderOffset, dataStart + (isPayload(e) ? 0 : e.compressedSize)});
    }
    return fetcher.fetch(wanted);
}

} // namespace

Result<RemoteBundleIndex> fetchBundleIndex(const RemoteBundleSource &source,
                                           const std::atomic<bool> *cancel)
{
    RemoteBundleIndex index;
    index.fd.reset(::memfd_create("seesaw-remote-bundle", MFD_CLOEXEC));
    if (!index.fd.isValid() || ::ftruncate(index.fd.get(), off_t(source.size)) != 0) {
        return ioError(tr("Could not make room in memory for the index of the bundle"), errno);
    }
    IndexFetcher fetcher(source, cancel, index);
    const quint64 tail = source.size - std::min(source.size, TailBytes);
    if (Status s = fetcher.fetch({{tail, source.size}}); !s) {
        return s.error();
    }
    // A directory bigger than the tail (many entries) is fetched whole before it is read.
    auto dir = zip::readDirectory(index.fd.get(), source.size);
    if (!dir) {
        return dir.error();
    }
    if (dir->offset < tail && dir->size <= limits::MaxCentralDirectoryBytes) {
        if (Status s = fetcher.fetch({{dir->offset, tail}}); !s) {
            return s.error();
        }
    }
    auto entries = readZipCentralDirectory(index.fd.get(), source.size);
    if (!entries) {
        return entries.error();
    }
    QList<Span> wanted;
    for (const ZipEntry &e : *entries) {
        const quint64 header = LocalHeaderBytes + quint64(e.name.toUtf8().size()) + HeaderSlack;
        wanted.append({e.localHeaderOffset,
                       e.localHeaderOffset + header + (isPayload(e) ? 0 : e.compressedSize)});
    }
    if (Status s = fetcher.fetch(wanted); !s) {
        return s.error();
    }
    if (Status s = fetchExactHeaders(fetcher, index.fd.get(), *entries); !s) {
        return s.error();
    }
    return index;
}

RemotePayloadFeed::RemotePayloadFeed(RemoteBundleSource source, QByteArray validator)
    : m_source(std::move(source)), m_validator(std::move(validator))
{}

RemotePayloadFeed::~RemotePayloadFeed()
{
    (void)RemotePayloadFeed::close();
}

Result<UniqueFd> RemotePayloadFeed::open(quint64 offset, quint64 size,
                                         const std::atomic<bool> *cancel)
{
    (void)close();
    int fds[2] = {-1, -1};
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        return ioError(tr("Could not connect the download to the install"), errno);
    }
    UniqueFd reader(fds[0]);
    m_sender.reset(fds[1]);
    ::shutdown(fds[0], SHUT_WR);
    m_abandoned = false;
    m_error.reset();
    RangeRequest r = rangeOf(m_source, offset, size);
    r.cancel = cancel;
    r.abandon = &m_abandoned;
    m_thread.reset(QThread::create([this, r] {
        SocketSink sink(m_sender.get(), m_validator, m_fetched);
        auto stats = transferRange(r, sink);
        if (stats) {
            m_connections += stats->connections;
        } else if (sink.received() < r.length) {
            m_error = stats.error();
        }
        m_sender.reset(); // the reader sees the end (early, after a failure)
    }));
    m_thread->start();
    return reader;
}

Status RemotePayloadFeed::close()
{
    if (!m_thread) {
        return Ok{};
    }
    m_abandoned = true; // the reader is done: a transfer waiting for the network stops too
    m_thread->wait();
    m_thread.reset();
    m_sender.reset();
    if (m_error) {
        return *m_error;
    }
    return Ok{};
}

} // namespace seesaw
