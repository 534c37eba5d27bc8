// Internals of a streaming pass (payloadstream.cpp), shared with the delta decompressor
// (deltadecompressor.cpp): the buffers, the queues between the stages and the first error.
#pragma once

#include "base/boundedqueue.h"
#include "base/result.h"
#include "bundle/manifest.h"
#include "bundle/payloadsource.h"
#include "trust/crypto.h"

#include <QString>
#include <cstdlib>
#include <mutex>
#include <utility>
#include <vector>
#include <zstd.h>

namespace seesaw::payload {

constexpr size_t QueueDepth = 4;

Error payloadError(const char *code, const QString &message);
QString tr(const char *text);

struct Block {
    std::vector<char> data;
};

// A chunk-sized buffer aligned for direct block I/O, reused through the pass's pool.
class ChunkBuffer {
public:
    ChunkBuffer() = default;
    ChunkBuffer(ChunkBuffer &&other) noexcept
        : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)),
          m_capacity(std::exchange(other.m_capacity, 0))
    {}
    ChunkBuffer &operator=(ChunkBuffer &&other) noexcept
    {
        std::swap(m_data, other.m_data);
        std::swap(m_size, other.m_size);
        std::swap(m_capacity, other.m_capacity);
        return *this;
    }
    ~ChunkBuffer() { std::free(m_data); }

    bool resize(size_t size)
    {
        if (size > m_capacity) {
            std::free(m_data);
            m_data = nullptr;
            m_capacity = 0;
            void *p = nullptr;
            if (posix_memalign(&p, 4096, std::max<size_t>(size, 4096)) != 0) {
                return false;
            }
            m_data = static_cast<char *>(p);
            m_capacity = size;
        }
        m_size = size;
        return true;
    }
    char *data() { return m_data; }
    [[nodiscard]] const char *data() const { return m_data; }
    [[nodiscard]] size_t size() const { return m_size; }

private:
    char *m_data = nullptr;
    size_t m_size = 0;
    size_t m_capacity = 0;
};

struct Chunk {
    quint64 index = 0;
    ChunkBuffer data;
};

struct DCtxDeleter {
    void operator()(ZSTD_DCtx *ctx) const { ZSTD_freeDCtx(ctx); }
};

// Shared state of one streaming pass: the first error wins and stops every stage.
class Pass {
public:
    Pass(const ImageInfo &img, const PayloadSource &src, const PayloadCallbacks &cbs)
        : image(img), source(src), callbacks(cbs)
    {
        // The pool bounds memory: chunks in decompression, hashing and writing all come from it.
        for (size_t i = 0; i < QueueDepth; ++i) {
            freeChunks.push(ChunkBuffer());
        }
        for (size_t i = 0; i < QueueDepth + 1; ++i) {
            freeBlocks.push(Block());
        }
    }

    void fail(Error error)
    {
        {
            std::lock_guard lock(errorMutex);
            if (!failed) {
                failed = true;
                firstError = std::move(error);
            }
        }
        blocks.abort();
        freeBlocks.abort();
        chunks.abort();
        writes.abort();
        freeChunks.abort();
    }

    [[nodiscard]] bool cancelled() const
    {
        return (callbacks.cancel != nullptr) && callbacks.cancel->load();
    }

    void readStored();
    void decompress();
    Status hashAndDeliver();
    void writeVerified();

    const ImageInfo &image;
    const PayloadSource &source;
    const PayloadCallbacks &callbacks;
    BoundedQueue<Block> blocks{QueueDepth};
    BoundedQueue<Block> freeBlocks{QueueDepth + 1};
    BoundedQueue<Chunk> chunks{QueueDepth};
    BoundedQueue<Chunk> writes{QueueDepth};
    BoundedQueue<ChunkBuffer> freeChunks{QueueDepth};
    QByteArray storedDigest;
    quint32 storedCrc = 0;
    // Fed in chunk order by the writer thread when there is one (overlapping the chunk hashing),
    // else by the hashing thread.
    Sha256 imageDigest;

    std::mutex errorMutex;
    bool failed = false;
    Error firstError;
};

// The decompression stage of a delta image: one frame per chunk against the base.
void decompressDelta(Pass &pass);

} // namespace seesaw::payload
