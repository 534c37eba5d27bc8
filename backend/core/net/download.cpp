#include "net/download.h"

#include "base/atomicfile.h"
#include "base/hostilestring.h"
#include "base/unique_fd.h"
#include "net/httpcommon.h"
#include "net/partfile.h"
#include "net/transfer.h"
#include "trust/crypto.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <optional>
#include <sys/stat.h>
#include <unistd.h>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Download", text);
}

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

// The whole file into its part file, hashed as it arrives.
class PartSink : public TransferSink {
public:
    explicit PartSink(PartFile &part) : m_part(part) {}
    [[nodiscard]] quint64 received() const override { return m_part.size; }
    [[nodiscard]] QByteArray validator() const override { return m_part.validator; }
    void setValidator(const QByteArray &value) override { m_part.setValidator(value); }
    Status take(const QByteArray &data) override { return m_part.append(data); }
    Status startOver() override { return m_part.truncate(); }

private:
    PartFile &m_part;
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
    RangeRequest range;
    range.url = request.url;
    range.tls = request.tls;
    range.fileSize = request.size;
    range.length = request.size;
    range.bandwidthLimit = request.bandwidthLimit;
    range.stallTimeoutMs = request.stallTimeoutMs;
    range.connectTimeoutMs = request.connectTimeoutMs;
    range.maxConnections = request.maxConnections;
    range.retryPauseMs = request.retryPauseMs;
    range.cancel = request.cancel;
    range.authorization = request.authorization;
    range.authorizedServer = request.authorizedServer;
    int connection = 0;
    range.progress = [&](quint64 received, int number) {
        connection = number;
        meter.report(received, number);
    };
    PartSink sink(*part);
    auto stats = transferRange(range, sink);
    if (!stats) {
        return stats.error();
    }
    result.fetched = stats->fetched;
    result.connections = stats->connections;
    meter.report(part->size, std::max(connection, stats->connections), true);
    if (Status s = finish(*part, finalPath, request); !s) {
        return s.error();
    }
    return result;
}

} // namespace seesaw
