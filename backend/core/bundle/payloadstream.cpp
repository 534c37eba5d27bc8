// ZSTD_d_forceIgnoreChecksum is one of libzstd's "experimental" parameters (since 1.4.7), passed
// to the stable ZSTD_DCtx_setParameter; a library without it refuses it and keeps checking.
// ZSTD_createDCtx_advanced (custom allocation) is exported by libzstd since 1.3.
#define ZSTD_STATIC_LINKING_ONLY
#include "bundle/payloadstream.h"

#include "base/directread.h"
#include "base/hostilestring.h"
#include "bundle/baseimage.h"
#include "bundle/payloadpass.h"
#include "bundle/zipindex.h"
#include "trust/crypto.h"

#include <QCoreApplication>
#include <cstdlib>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>
#include <zlib.h>
#include <zstd.h>

namespace seesaw {

namespace payload {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Payload", text);
}

Error payloadError(const char *code, const QString &message)
{
    return makeError(Error::Kind::Invalid, code, message);
}

namespace {
// One huge page (largebuffer.h).
constexpr size_t ReadBlockSize = HugePageSize;
} // namespace

// Reads a pass's stored payload block by block. A file is read past the page cache
// (base/directread.h) unless the payload is there already or the file system refuses, in blocks
// aligned to DirectAlign: the first then starts up to DirectAlign - 1 bytes early
// (Block::begin), and the last may take bytes after the payload, which are not used.
class StoredReader {
public:
    explicit StoredReader(const PayloadSource &source) : m_source(source)
    {
        if (!source.stream && !mostlyCached(source.fd, source.offset,
                                            std::min<quint64>(source.size, ReadBlockSize))) {
            m_direct = reopenForDirectRead(source.fd);
        }
        if (!source.stream && !m_direct.isValid()) {
            readAheadMore();
        }
    }

    enum class Outcome { Read, NoMemory, Failed };

    // The payload's next bytes from pos on into block (at most ReadBlockSize with what comes
    // before them); *n says how many.
    Outcome read(Block &block, quint64 pos, size_t *n)
    {
        *n = 0;
        if (m_direct.isValid()) {
            const quint64 at = m_source.offset + pos;
            const auto head = size_t(at % DirectAlign);
            const size_t length =
                size_t(std::min<quint64>(ReadBlockSize - head, m_source.size - pos));
            const size_t whole = (head + length + DirectAlign - 1) / DirectAlign * DirectAlign;
            if (!block.data.resize(whole)) {
                return Outcome::NoMemory;
            }
            size_t got = 0;
            while (got < head + length) {
                const ssize_t r = ::pread(m_direct.get(), block.data.data() + got, whole - got,
                                          off_t(at - head + got));
                if (r < 0 && errno == EINTR) {
                    continue;
                }
                if (r < 0 && errno == EINVAL && pos == 0 && got == 0) {
                    m_direct.reset(); // refused after all: through the page cache instead
                    readAheadMore();
                    return readBuffered(block, pos, n);
                }
                if (r <= 0) { // an error, or the file ends before the payload does
                    return Outcome::Failed;
                }
                got += size_t(r);
            }
            block.data.resize(head + length);
            block.begin = head;
            *n = length;
            return Outcome::Read;
        }
        return readBuffered(block, pos, n);
    }

private:
    Outcome readBuffered(Block &block, quint64 pos, size_t *n) const
    {
        const size_t length = size_t(std::min<quint64>(ReadBlockSize, m_source.size - pos));
        if (!block.data.resize(length)) {
            return Outcome::NoMemory;
        }
        block.begin = 0;
        // A stream (a payload from an update server) is read in order; a file at the offset.
        if (!(m_source.stream
                  ? readFully(m_source.fd, block.data.data(), length)
                  : preadFully(m_source.fd, block.data.data(), length, m_source.offset + pos))) {
            return Outcome::Failed;
        }
        *n = length;
        return Outcome::Read;
    }

    // Sequential access doubles the kernel's readahead: a stick is read at its full speed.
    void readAheadMore() const
    {
        ::posix_fadvise(m_source.fd, off_t(m_source.offset), off_t(m_source.size),
                        POSIX_FADV_SEQUENTIAL);
    }

    const PayloadSource &m_source;
    UniqueFd m_direct;
};

void Pass::readStored()
{
    StoredReader reader(source);
    const bool recheck = callbacks.recheckDigests;
    Sha256 digest;
    uLong crc = crc32_z(0, nullptr, 0);
    quint64 pos = 0;
    while (pos < source.size) {
        if (cancelled()) {
            return fail(makeError(Error::Kind::Cancelled, "cancelled", tr("Cancelled.")));
        }
        // Read blocks are recycled like chunks: no allocation (and page faults) per block.
        auto recycled = freeBlocks.pop();
        if (!recycled) {
            return;
        }
        Block block = std::move(*recycled);
        size_t n = 0;
        const StoredReader::Outcome outcome = reader.read(block, pos, &n);
        if (outcome == StoredReader::Outcome::NoMemory) {
            return fail(makeError(Error::Kind::Io, "payload.io", tr("Out of memory.")));
        }
        if (outcome == StoredReader::Outcome::Failed) {
            if (cancelled()) {
                return fail(makeError(Error::Kind::Cancelled, "cancelled", tr("Cancelled.")));
            }
            return fail(makeError(Error::Kind::Io, "payload.io",
                                  tr("Could not read the payload of \"%1\" at byte %2: the file "
                                     "is unreadable or was removed.")
                                      .arg(image.file, QString::number(pos))));
        }
        if (recheck) {
            digest.update(block.bytes(), n);
            crc = crc32_z(crc, reinterpret_cast<const Bytef *>(block.bytes()), n);
        }
        pos += n;
        if (!blocks.push(std::move(block))) {
            return;
        }
    }
    storedDigest = digest.finish();
    storedCrc = quint32(crc);
    blocks.close();
}

// The decompression stage of a pass: read blocks of zstd frames in, chunks of the image out,
// cut at the manifest's chunk size. Holds what one block leaves for the next.
class FullDecompressor {
public:
    explicit FullDecompressor(Pass &pass) : m_pass(pass), m_image(pass.image) {}
    void run();

private:
    bool prepareChunk();
    bool step(ZSTD_inBuffer &in, bool *progressed);
    bool decompressBlock(std::optional<Block> &block);
    bool failIfLonger(const ZSTD_outBuffer &out);

    Pass &m_pass;
    const ImageInfo &m_image;
    std::unique_ptr<ZSTD_DCtx, DCtxDeleter> m_dctx;
    quint64 m_produced = 0; // bytes in chunks already handed on
    quint64 m_index = 0;
    size_t m_filled = 0;     // bytes in the chunk being filled
    size_t m_frameState = 1; // ZSTD_decompressStream's hint; 0 once the frame is complete
    Chunk m_chunk;
    bool m_haveChunk = false;
};

void FullDecompressor::run()
{
    // The decoder's window (16 MiB) in huge pages too.
    const ZSTD_customMem memory{[](void *, size_t size) { return allocateLarge(size); },
                                [](void *, void *address) { std::free(address); }, nullptr};
    m_dctx.reset(ZSTD_createDCtx_advanced(memory));
    if (!m_dctx) {
        return m_pass.fail(makeError(Error::Kind::Io, "payload.io", tr("Out of memory.")));
    }
    ZSTD_DCtx_setParameter(m_dctx.get(), ZSTD_d_windowLogMax, limits::ZstdWindowLogMax);
    if (!m_pass.callbacks.recheckDigests) {
        // The frame's XXH64 is checked only at its end, after every chunk was written; what
        // protects the writes is each chunk's SHA-256, so an install skips the second pass.
        ZSTD_DCtx_setParameter(m_dctx.get(), ZSTD_d_forceIgnoreChecksum, ZSTD_d_ignoreChecksum);
    }

    while (auto block = m_pass.blocks.pop()) {
        if (!decompressBlock(block)) {
            return;
        }
    }
    {
        std::lock_guard lock(m_pass.errorMutex);
        if (m_pass.failed) {
            return;
        }
    }
    // The input is exhausted; flush what the decoder still holds.
    for (bool progressed = true; m_frameState != 0 && progressed;) {
        ZSTD_inBuffer in{nullptr, 0, 0};
        if (!step(in, &progressed)) {
            return;
        }
    }
    if (m_produced < m_image.size || m_frameState != 0) {
        return m_pass.fail(payloadError(
            "payload.too-short", tr("The payload of \"%1\" ends early: %2 of %3 bytes.")
                                     .arg(m_image.file, QString::number(m_produced + m_filled),
                                          QString::number(m_image.size))));
    }
    m_pass.chunks.close();
}

// One read block through the decoder; false when the pass must stop (error already recorded).
bool FullDecompressor::decompressBlock(std::optional<Block> &block)
{
    struct GiveBack { // the block returns to the reader once it is decompressed
        Pass &pass;
        std::optional<Block> &block;
        ~GiveBack() { pass.freeBlocks.push(std::move(*block)); }
    } giveBack{m_pass, block};
    ZSTD_inBuffer in{block->bytes(), block->length(), 0};
    while (in.pos < in.size) {
        if (m_frameState == 0) {
            m_pass.fail(payloadError(
                "payload.trailing-data",
                tr("The payload of \"%1\" has data after its end.").arg(m_image.file)));
            return false;
        }
        bool progressed = false;
        if (!step(in, &progressed)) {
            return false;
        }
    }
    return true;
}

// Makes sure a chunk buffer is ready while the manifest says more bytes must come.
bool FullDecompressor::prepareChunk()
{
    if (m_haveChunk || m_produced == m_image.size) {
        return true;
    }
    auto buffer = m_pass.freeChunks.pop();
    if (!buffer) {
        return false;
    }
    m_chunk.index = m_index;
    m_chunk.data = std::move(*buffer);
    if (!m_chunk.data.resize(
            size_t(std::min<quint64>(m_image.chunkSize, m_image.size - m_produced)))) {
        m_pass.fail(makeError(Error::Kind::Io, "payload.io", tr("Out of memory.")));
        return false;
    }
    m_haveChunk = true;
    return true;
}

// One decompression call; false when the pass must stop (error already recorded).
bool FullDecompressor::step(ZSTD_inBuffer &in, bool *progressed)
{
    if (!prepareChunk()) {
        return false;
    }
    char scratch[1];
    ZSTD_outBuffer out = m_haveChunk
                             ? ZSTD_outBuffer{m_chunk.data.data(), m_chunk.data.size(), m_filled}
                             : ZSTD_outBuffer{scratch, sizeof(scratch), 0};
    const size_t inBefore = in.pos;
    const size_t outBefore = out.pos;
    m_frameState = ZSTD_decompressStream(m_dctx.get(), &out, &in);
    if (ZSTD_isError(m_frameState) != 0U) {
        m_pass.fail(payloadError("payload.corrupt",
                                 tr("The payload of \"%1\" is damaged after %2 bytes (%3).")
                                     .arg(m_image.file, QString::number(m_produced + m_filled),
                                          QString::fromLatin1(ZSTD_getErrorName(m_frameState)))));
        return false;
    }
    *progressed = in.pos != inBefore || out.pos != outBefore;
    if (!m_haveChunk) {
        return failIfLonger(out);
    }
    m_filled = out.pos;
    if (m_filled == m_chunk.data.size()) {
        m_produced += m_filled;
        m_filled = 0;
        ++m_index;
        m_haveChunk = false;
        if (!m_pass.chunks.push(std::move(m_chunk))) {
            return false;
        }
    }
    return true;
}

// After the last chunk the decoder may only finish its frame: any byte it still puts out is
// more than the manifest states.
bool FullDecompressor::failIfLonger(const ZSTD_outBuffer &out)
{
    if (out.pos == 0) {
        return true;
    }
    m_pass.fail(
        payloadError("payload.too-long",
                     tr("The payload of \"%1\" is longer than the %2 bytes the manifest states.")
                         .arg(m_image.file, QString::number(m_image.size))));
    return false;
}

void Pass::decompress()
{
    if (image.delta) {
        return decompressDelta(*this);
    }
    FullDecompressor(*this).run();
}

// The stored payload is as long as the manifest states.
Status checkStoredSize(const ImageInfo &image, const PayloadSource &source)
{
    if (source.size != image.storedSize) {
        return payloadError(
            "payload.size-mismatch",
            tr("The payload of \"%1\" has %2 bytes; the manifest states %3.")
                .arg(image.file, QString::number(source.size), QString::number(image.storedSize)));
    }
    return Ok{};
}

// The stored bytes read match their signed digest and the ZIP headers' CRC.
Status checkStoredDigests(const ImageInfo &image, const PayloadSource &source,
                          const QByteArray &storedSha256, quint32 crc32)
{
    if (storedSha256 != image.storedSha256) {
        return payloadError(
            "payload.stored-digest-mismatch",
            tr("The stored payload \"%1\" has the SHA-256 %2, but the signed manifest states %3.")
                .arg(image.file, toHex(storedSha256), toHex(image.storedSha256)));
    }
    if (crc32 != source.crc32) {
        return payloadError(
            "payload.crc-mismatch",
            tr("The ZIP checksum of \"%1\" does not match its data.").arg(image.file));
    }
    return Ok{};
}

// A delta image needs its base, and exactly the base the manifest names the size of.
Status checkBase(const ImageInfo &image, const PayloadSource &source)
{
    if (!image.delta) {
        return Ok{};
    }
    if (source.base == nullptr) {
        return payloadError("payload.delta-no-base",
                            tr("\"%1\" is a delta from version %2; it can only be installed on a "
                               "device running that version.")
                                .arg(image.file, image.delta->baseVersion.toString()));
    }
    if (source.base->size() != image.delta->baseSize) {
        return payloadError("payload.delta-base-size",
                            tr("\"%1\" is a delta from a base of %2 bytes, but %3 holds %4 bytes.")
                                .arg(image.file, QString::number(image.delta->baseSize),
                                     source.base->name(), QString::number(source.base->size())));
    }
    return Ok{};
}

} // namespace payload

Result<QByteArray> streamPayload(const ImageInfo &image, const PayloadSource &source,
                                 const PayloadCallbacks &callbacks)
{
    using namespace payload;
    if (Status s = checkBase(image, source); !s) {
        return s.error();
    }
    if (Status s = checkStoredSize(image, source); !s) {
        return s.error();
    }
    Pass pass(image, source, callbacks);
    std::thread reader([&] { pass.readStored(); });
    std::thread decoder([&] { pass.decompress(); });
    // A second writer keeps a second chunk in flight; it holds a chunk buffer of its own.
    std::vector<std::thread> writers;
    if (callbacks.write) {
        writers.emplace_back([&] { pass.writeVerified(); });
        if (callbacks.parallelWrites) {
            writers.emplace_back([&] { pass.writeVerified(); });
        }
    }
    Status result = pass.verifyAll();
    reader.join();
    decoder.join();
    for (std::thread &writer : writers) {
        writer.join();
    }
    if (result) {
        // A write error reported after the last chunk was hashed.
        std::lock_guard lock(pass.errorMutex);
        if (pass.failed) {
            result = pass.firstError;
        }
    }
    if (!result) {
        return result.error();
    }
    if (!callbacks.recheckDigests) {
        return image.sha256; // the chunks, their count and their size matched the signed list
    }
    // Every chunk matched, so a difference here means the signed manifest contradicts itself
    // (or the stored bytes carry something the decoder skipped).
    const QByteArray imageSha256 = pass.imageDigest.finish();
    if (imageSha256 != image.sha256) {
        return payloadError("payload.digest-mismatch",
                            tr("The decompressed image \"%1\" has the SHA-256 %2, but the signed "
                               "manifest states %3.")
                                .arg(image.file, toHex(imageSha256), toHex(image.sha256)));
    }
    if (Status s = checkStoredDigests(image, source, pass.storedDigest, pass.storedCrc); !s) {
        return s.error();
    }
    return imageSha256;
}

Status verifyStoredPayload(const ImageInfo &image, const PayloadSource &source,
                           const PayloadCallbacks &callbacks)
{
    using namespace payload;
    if (Status s = checkStoredSize(image, source); !s) {
        return s.error();
    }
    std::vector<char> block(ReadBlockSize);
    Sha256 digest;
    uLong crc = crc32_z(0, nullptr, 0);
    for (quint64 pos = 0; pos < source.size;) {
        if (callbacks.cancel != nullptr && callbacks.cancel->load()) {
            return makeError(Error::Kind::Cancelled, "cancelled", tr("Cancelled."));
        }
        const size_t n = size_t(std::min<quint64>(ReadBlockSize, source.size - pos));
        if (!preadFully(source.fd, block.data(), n, source.offset + pos)) {
            return makeError(Error::Kind::Io, "payload.io",
                             tr("Could not read the payload of \"%1\" at byte %2: the file "
                                "is unreadable or was removed.")
                                 .arg(image.file, QString::number(pos)));
        }
        digest.update(block.data(), n);
        crc = crc32_z(crc, reinterpret_cast<const Bytef *>(block.data()), n);
        pos += n;
        if (callbacks.progress) {
            callbacks.progress(image.size * pos / source.size);
        }
    }
    return checkStoredDigests(image, source, digest.finish(), quint32(crc));
}

} // namespace seesaw
