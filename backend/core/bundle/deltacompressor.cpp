// ZSTD_getCParams (the parameters a level stands for) is in libzstd's "static linking" section;
// Debian's shared library exports it.
#define ZSTD_STATIC_LINKING_ONLY
#include "bundle/deltacompressor.h"

#include "bundle/deltawindow.h"

#include <QCoreApplication>
#include <algorithm>
#include <quazip/quazipfile.h>

namespace seesaw {

namespace {

// The messages belong to the bundle writer's: same translation context.
QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::BundleWriter", text);
}

constexpr int MaxIndexLog = 22; // hash and chain tables of capped levels: 16 MiB each

struct CCtxFree {
    void operator()(ZSTD_CCtx *c) const { ZSTD_freeCCtx(c); }
};

} // namespace

DeltaCompressor::DeltaCompressor(QByteArrayView base, int level, int threads, QuaZipFile &entry,
                                 const QString &file)
    : m_base(base), m_level(level), m_entry(entry), m_file(file),
      m_inFlightMax(2 * size_t(threads > 0 ? unsigned(threads)
                                           : std::max(1U, std::thread::hardware_concurrency()))),
      m_jobs(m_inFlightMax)
{
    for (size_t i = 0; i < m_inFlightMax / 2; ++i) {
        m_workers.emplace_back([this] { work(); });
    }
}

DeltaCompressor::~DeltaCompressor()
{
    m_jobs.abort();
    for (std::thread &t : m_workers) {
        t.join();
    }
}

void DeltaCompressor::work()
{
    std::unique_ptr<ZSTD_CCtx, CCtxFree> cctx(ZSTD_createCCtx());
    while (auto job = m_jobs.pop()) {
        Frame frame = cctx ? compressOne(cctx.get(), *job)
                           : Frame{{}, tr("Could not set up the zstd compressor.")};
        std::lock_guard lock(m_mutex);
        m_done.emplace(job->index, std::move(frame));
        m_frameDone.notify_all();
    }
}

// One chunk as a frame of its own: its window of the base as reference prefix, a window large
// enough to reach all of it, long-distance matching for what moved far away.
DeltaCompressor::Frame DeltaCompressor::compressOne(ZSTD_CCtx *cctx, const Job &job) const
{
    const DeltaWindow w = deltaWindow(quint64(m_base.size()), job.offset);
    const size_t len = job.data.size();
    Frame frame;
    frame.bytes.resize(ZSTD_compressBound(len));
    const auto set = [cctx](ZSTD_cParameter p, int v) {
        return ZSTD_isError(ZSTD_CCtx_setParameter(cctx, p, v)) == 0U;
    };
    ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
    // Every frame indexes its whole base window again. The binary-tree match finders of zstd's
    // levels 13 and up index at about 0.5 s per MiB (hours per image); a lazy2 hash chain with
    // 2^22 tables indexes at about 15 ms per MiB and lets long-distance matching find what moved.
    // Levels 1 to 12 keep their own parameters.
    const ZSTD_compressionParameters levelParams = ZSTD_getCParams(m_level, len, size_t(w.size));
    const bool capped = levelParams.strategy > ZSTD_lazy2;
    if (!set(ZSTD_c_compressionLevel, m_level) ||
        (capped && (!set(ZSTD_c_strategy, ZSTD_lazy2) ||
                    !set(ZSTD_c_hashLog, std::min(int(levelParams.hashLog), MaxIndexLog)) ||
                    !set(ZSTD_c_chainLog, std::min(int(levelParams.chainLog), MaxIndexLog)))) ||
        !set(ZSTD_c_windowLog, deltaWindowLog(w.size, len)) ||
        !set(ZSTD_c_enableLongDistanceMatching, 1) || !set(ZSTD_c_checksumFlag, 0) ||
        ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(cctx, len)) != 0U ||
        ZSTD_isError(ZSTD_CCtx_refPrefix(cctx, m_base.data() + w.offset, size_t(w.size))) != 0U) {
        frame.error = tr("Could not set up the zstd compressor.");
        return frame;
    }
    const size_t n =
        ZSTD_compress2(cctx, frame.bytes.data(), frame.bytes.size(), job.data.data(), len);
    if (ZSTD_isError(n) != 0U) {
        frame.error = tr("Compression failed: %1.").arg(QString::fromLatin1(ZSTD_getErrorName(n)));
        return frame;
    }
    frame.bytes.resize(n);
    return frame;
}

bool DeltaCompressor::add(ReadChunk chunk)
{
    // Bounded: wait for the oldest frame while as many as the queue holds are in flight.
    if (m_queued - m_written >= m_inFlightMax && !writeDone(m_written + 1)) {
        return false;
    }
    const quint64 len = chunk.data.size();
    if (!m_jobs.push(Job{m_queued, m_offset, std::move(chunk.data)})) {
        return false;
    }
    ++m_queued;
    m_offset += len;
    return writeDone(0);
}

bool DeltaCompressor::finish()
{
    return writeDone(m_queued);
}

// Writes finished frames in order: all that are ready, and waits until upTo frames are written.
bool DeltaCompressor::writeDone(quint64 upTo)
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        auto next = m_done.find(m_written);
        if (next == m_done.end()) {
            if (m_written >= upTo) {
                return true;
            }
            m_frameDone.wait(lock);
            continue;
        }
        Frame frame = std::move(next->second);
        m_done.erase(next);
        if (!frame.error.isEmpty()) {
            failure = frame.error;
            return false;
        }
        lock.unlock();
        m_storedDigest.update(frame.bytes.data(), frame.bytes.size());
        m_storedSize += frame.bytes.size();
        if (m_entry.write(frame.bytes.data(), qint64(frame.bytes.size())) !=
            qint64(frame.bytes.size())) {
            failure = tr("Could not write \"%1\" into the bundle.").arg(m_file);
            return false;
        }
        lock.lock();
        ++m_written;
    }
}

} // namespace seesaw
