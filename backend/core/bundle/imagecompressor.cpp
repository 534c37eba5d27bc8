#include "bundle/imagecompressor.h"

#include "base/errnotext.h"
#include "bundle/payloadstream.h"

#include <QCoreApplication>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <quazip/quazipfile.h>
#include <thread>
#include <unistd.h>

namespace seesaw {

namespace {

// The messages belong to the bundle writer's: same translation context.
QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::BundleWriter", text);
}

} // namespace

void ImageHasher::run()
{
    Sha256 chunkDigest;
    quint64 pos = 0;
    while (pos < m_size) {
        const size_t n = size_t(std::min<quint64>(m_chunkSize, m_size - pos));
        ReadChunk chunk;
        chunk.data.resize(n);
        size_t got = 0;
        while (got < n) {
            const ssize_t r = ::read(m_fd, chunk.data.data() + got, n - got);
            if (r < 0 && errno == EINTR) {
                continue;
            }
            if (r <= 0) {
                m_error =
                    r < 0 ? seesaw::errnoText(errno) : tr("the file became shorter while reading");
                queue.abort();
                return;
            }
            got += size_t(r);
        }
        chunkDigest.update(chunk.data.data(), n);
        chunkSha256.append(chunkDigest.finish());
        m_imageDigest.update(chunk.data.data(), n);
        pos += n;
        if (!queue.push(std::move(chunk))) {
            return;
        }
    }
    sha256 = m_imageDigest.finish();
    queue.close();
}

Result<CCtxPtr> makeCompressor(int level, int threads, quint64 size)
{
    CCtxPtr cctx(ZSTD_createCCtx());
    const unsigned workers =
        threads > 0 ? unsigned(threads) : std::max(1U, std::thread::hardware_concurrency());
    if (!cctx ||
        (ZSTD_isError(ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_compressionLevel, level)) != 0U) ||
        (ZSTD_isError(ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_enableLongDistanceMatching, 1)) !=
         0U) ||
        (ZSTD_isError(ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_windowLog,
                                             limits::ZstdWindowLogMax)) != 0U) ||
        (ZSTD_isError(ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_checksumFlag, 1)) != 0U) ||
        (ZSTD_isError(ZSTD_CCtx_setPledgedSrcSize(cctx.get(), size)) != 0U)) {
        return makeError(Error::Kind::Io, "create.compress",
                         tr("Could not set up the zstd compressor."));
    }
    // Without multithreading support in libzstd this fails, and compression stays single-threaded.
    ZSTD_CCtx_setParameter(cctx.get(), ZSTD_c_nbWorkers, int(workers));
    return cctx;
}

bool EntryCompressor::compress(ZSTD_inBuffer &in, ZSTD_EndDirective mode)
{
    for (;;) {
        ZSTD_outBuffer o{m_out.data(), m_out.size(), 0};
        const size_t left = ZSTD_compressStream2(m_cctx, &o, &in, mode);
        if (ZSTD_isError(left) != 0U) {
            failure =
                tr("Compression failed: %1.").arg(QString::fromLatin1(ZSTD_getErrorName(left)));
            return false;
        }
        if (!flushOut(o)) {
            return false;
        }
        const bool done = mode == ZSTD_e_end ? left == 0 : in.pos == in.size;
        if (done) {
            return true;
        }
    }
}

bool EntryCompressor::flushOut(ZSTD_outBuffer &o)
{
    if (o.pos == 0) {
        return true;
    }
    m_storedDigest.update(m_out.data(), o.pos);
    m_storedSize += o.pos;
    if (m_entry.write(m_out.data(), qint64(o.pos)) != qint64(o.pos)) {
        failure = tr("Could not write \"%1\" into the bundle.").arg(m_file);
        return false;
    }
    o.pos = 0;
    return true;
}

} // namespace seesaw
