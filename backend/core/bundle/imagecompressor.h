// Compressing one image into a bundle (bundlewriter.cpp): a thread that reads and hashes it
// chunk by chunk, and a zstd compressor that writes into the image's ZIP entry and hashes the
// stored bytes on the way.
#pragma once

#include "base/boundedqueue.h"
#include "base/result.h"
#include "trust/crypto.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <memory>
#include <vector>
#include <zstd.h>

class QuaZipFile;

namespace seesaw {

struct ReadChunk {
    std::vector<char> data;
};

// Reads one image in chunk-sized pieces on its own thread, hashing each chunk and the whole
// image while the caller compresses, so hashing overlaps compression.
class ImageHasher {
public:
    ImageHasher(int fd, quint64 size, quint32 chunkSize)
        : m_fd(fd), m_size(size), m_chunkSize(chunkSize)
    {}

    void run();

    BoundedQueue<ReadChunk> queue{3};
    QList<QByteArray> chunkSha256;
    QByteArray sha256;
    [[nodiscard]] QString error() const { return m_error; }

private:
    int m_fd;
    quint64 m_size;
    quint32 m_chunkSize;
    Sha256 m_imageDigest;
    QString m_error;
};

struct CCtxDeleter {
    void operator()(ZSTD_CCtx *ctx) const { ZSTD_freeCCtx(ctx); }
};
using CCtxPtr = std::unique_ptr<ZSTD_CCtx, CCtxDeleter>;

// A zstd compressor at level for one image of size bytes, with the window a device accepts, on
// threads workers (0: one per CPU). Error code: "create.compress".
Result<CCtxPtr> makeCompressor(int level, int threads, quint64 size);

// Compresses into one open ZIP entry, hashing and counting the stored bytes on the way. The
// first failure is kept as the message to report.
class EntryCompressor {
public:
    EntryCompressor(ZSTD_CCtx *cctx, QuaZipFile &entry, const QString &file)
        : m_cctx(cctx), m_entry(entry), m_file(file), m_out(ZSTD_CStreamOutSize() * 4)
    {}

    // Feeds in (mode ZSTD_e_continue) or ends the frame (ZSTD_e_end); false on a failure.
    bool compress(ZSTD_inBuffer &in, ZSTD_EndDirective mode);
    [[nodiscard]] quint64 storedSize() const { return m_storedSize; }
    QByteArray storedSha256() { return m_storedDigest.finish(); }

    QString failure;

private:
    bool flushOut(ZSTD_outBuffer &o);

    ZSTD_CCtx *m_cctx;
    QuaZipFile &m_entry;
    const QString &m_file;
    std::vector<char> m_out;
    Sha256 m_storedDigest;
    quint64 m_storedSize = 0;
};

} // namespace seesaw
