// The decompression stage of a delta image (payloadpass.h): every chunk is one zstd frame whose
// reference prefix is its window of the base (deltawindow.h). The frame is decoded straight
// into the chunk's buffer (zstd's stable output buffer: no window buffer of its own), so the
// memory of a delta install is the chunk pool plus the read blocks, whatever the image's or
// the base's size; the base is mapped read-only.
//
// ZSTD_d_stableOutBuffer is one of libzstd's "experimental" parameters (stable since 1.4.4): the
// value is passed to the stable ZSTD_DCtx_setParameter of the library we run on, and a library
// without it refuses it, which fails the install cleanly.
#define ZSTD_STATIC_LINKING_ONLY
#include "bundle/baseimage.h"
#include "bundle/deltawindow.h"
#include "bundle/payloadpass.h"

#include <memory>
#include <optional>
#include <zstd.h>
#include <zstd_errors.h>

namespace seesaw::payload {

namespace {

class DeltaDecompressor {
public:
    explicit DeltaDecompressor(Pass &pass) : m_pass(pass), m_image(pass.image) {}
    void run();

private:
    bool startFrame();
    bool decompressBlock(const Block &block);
    bool finishFrame();
    [[nodiscard]] quint64 chunkLength() const
    {
        return std::min<quint64>(m_image.chunkSize, m_image.size - m_index * m_image.chunkSize);
    }
    [[nodiscard]] QString where() const
    {
        return tr("chunk %1 of \"%2\"").arg(QString::number(m_index), m_image.file);
    }

    Pass &m_pass;
    const ImageInfo &m_image;
    std::unique_ptr<ZSTD_DCtx, DCtxDeleter> m_dctx;
    quint64 m_index = 0; // the chunk being rebuilt
    Chunk m_chunk;
    size_t m_filled = 0;
    bool m_inFrame = false;
};

void DeltaDecompressor::run()
{
    m_dctx.reset(ZSTD_createDCtx());
    if (!m_dctx) {
        return m_pass.fail(makeError(Error::Kind::Io, "payload.io", tr("Out of memory.")));
    }
    while (auto block = m_pass.blocks.pop()) {
        const bool ok = decompressBlock(*block);
        m_pass.freeBlocks.push(std::move(*block));
        if (!ok) {
            return;
        }
    }
    {
        std::lock_guard lock(m_pass.errorMutex);
        if (m_pass.failed) {
            return;
        }
    }
    if (m_inFrame || m_index * m_image.chunkSize < m_image.size) {
        return m_pass.fail(payloadError(
            "payload.too-short",
            tr("The payload of \"%1\" ends early: %2 of %3 bytes.")
                .arg(
                    m_image.file,
                    QString::number(std::min(m_index * m_image.chunkSize, m_image.size) + m_filled),
                    QString::number(m_image.size))));
    }
    m_pass.chunks.close();
}

// The next chunk's buffer and frame: a fresh decoder session with its base window as prefix.
bool DeltaDecompressor::startFrame()
{
    if (m_index * m_image.chunkSize >= m_image.size) {
        m_pass.fail(
            payloadError("payload.trailing-data",
                         tr("The payload of \"%1\" has data after its end.").arg(m_image.file)));
        return false;
    }
    auto buffer = m_pass.freeChunks.pop();
    if (!buffer) {
        return false;
    }
    m_chunk.index = m_index;
    m_chunk.data = std::move(*buffer);
    if (!m_chunk.data.resize(size_t(chunkLength()))) {
        m_pass.fail(makeError(Error::Kind::Io, "payload.io", tr("Out of memory.")));
        return false;
    }
    const DeltaWindow window = deltaWindow(m_pass.source.base->size(), m_index * m_image.chunkSize);
    auto prefix = m_pass.source.base->view(window);
    if (!prefix) {
        m_pass.fail(prefix.error());
        return false;
    }
    ZSTD_DCtx *d = m_dctx.get();
    if (ZSTD_isError(ZSTD_DCtx_reset(d, ZSTD_reset_session_only)) != 0U ||
        ZSTD_isError(ZSTD_DCtx_setParameter(d, ZSTD_d_windowLogMax, limits::DeltaWindowLogMax)) !=
            0U ||
        ZSTD_isError(ZSTD_DCtx_setParameter(d, ZSTD_d_stableOutBuffer, 1)) != 0U ||
        ZSTD_isError(ZSTD_DCtx_refPrefix(d, prefix->data(), size_t(prefix->size()))) != 0U) {
        m_pass.fail(makeError(Error::Kind::Io, "payload.io",
                              tr("Could not set up the zstd decompressor.")));
        return false;
    }
    m_filled = 0;
    m_inFrame = true;
    return true;
}

bool DeltaDecompressor::decompressBlock(const Block &block)
{
    ZSTD_inBuffer in{block.bytes(), block.length(), 0};
    while (in.pos < in.size) {
        if (m_pass.cancelled()) {
            m_pass.fail(makeError(Error::Kind::Cancelled, "cancelled", tr("Cancelled.")));
            return false;
        }
        if (!m_inFrame && !startFrame()) {
            return false;
        }
        ZSTD_outBuffer out{m_chunk.data.data(), m_chunk.data.size(), m_filled};
        const size_t left = ZSTD_decompressStream(m_dctx.get(), &out, &in);
        m_filled = out.pos;
        if (ZSTD_isError(left) != 0U) {
            const bool tooLong = ZSTD_getErrorCode(left) == ZSTD_error_dstSize_tooSmall;
            m_pass.fail(payloadError(
                tooLong ? "payload.delta-frame-size" : "payload.delta-corrupt",
                tooLong ? tr("The patch of %1 rebuilds more than the chunk's %2 bytes.")
                              .arg(where(), QString::number(m_chunk.data.size()))
                        : tr("The patch of %1 cannot be applied to the base: it refers to data "
                             "outside the base or is damaged (%2).")
                              .arg(where(), QString::fromLatin1(ZSTD_getErrorName(left)))));
            return false;
        }
        if (left == 0 && !finishFrame()) {
            return false;
        }
    }
    return true;
}

// A frame ended: it must have rebuilt exactly its chunk, which goes on to be hashed.
bool DeltaDecompressor::finishFrame()
{
    if (m_filled != m_chunk.data.size()) {
        m_pass.fail(payloadError(
            "payload.delta-frame-size",
            tr("The patch of %1 rebuilds %2 bytes instead of %3.")
                .arg(where(), QString::number(m_filled), QString::number(m_chunk.data.size()))));
        return false;
    }
    m_inFrame = false;
    m_filled = 0;
    ++m_index;
    return m_pass.chunks.push(std::move(m_chunk));
}

} // namespace

void decompressDelta(Pass &pass)
{
    DeltaDecompressor(pass).run();
}

} // namespace seesaw::payload
