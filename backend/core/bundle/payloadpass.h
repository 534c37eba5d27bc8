// Internals of a streaming pass (payloadstream.cpp), shared with the delta decompressor
// (deltadecompressor.cpp) and the verifying stage (payloadverify.cpp): the buffers, the queues
// between the stages and the first error.
#pragma once

#include "base/boundedqueue.h"
#include "base/largebuffer.h"
#include "base/result.h"
#include "bundle/manifest.h"
#include "bundle/payloadsource.h"
#include "trust/crypto.h"

#include <QString>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <utility>
#include <vector>
#include <zstd.h>

namespace seesaw::payload {

constexpr size_t QueueDepth = 4;

// Threads hashing chunks at once: SHA-256 is the pipeline's largest cost, chunks are
// independent, and two keep up with one decompressing thread.
size_t hashThreadCount();

Error payloadError(const char *code, const QString &message);
QString tr(const char *text);

// A chunk-sized buffer aligned for direct block I/O (in huge pages where there are: largebuffer.h),
// reused through the pass's pool; read blocks are made of them too.
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
            m_data = static_cast<char *>(allocateLarge(size));
            if (m_data == nullptr) {
                return false;
            }
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

// Stored bytes as read: the payload's own start at begin (a direct read starts at an aligned
// offset before it).
struct Block {
    ChunkBuffer data;
    size_t begin = 0;
    [[nodiscard]] const char *bytes() const { return data.data() + begin; }
    [[nodiscard]] size_t length() const { return data.size() - begin; }
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
        for (size_t i = 0; i < chunkPool; ++i) {
            freeChunks.push(ChunkBuffer());
        }
        for (size_t i = 0; i < ReadBlocks; ++i) {
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
        {
            std::lock_guard lock(turnMutex);
            stopped = true;
        }
        turnChanged.notify_all();
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
    // Hashes and compares every chunk on hashThreads threads (this one among them), hands the
    // verified ones on in chunk order, and says whether all of the image was.
    Status verifyAll();
    // The writer thread(s): verified chunks to callbacks.write.
    void writeVerified();

    const ImageInfo &image;
    const PayloadSource &source;
    const PayloadCallbacks &callbacks;
    const size_t hashThreads = hashThreadCount();
    // One chunk being decompressed, one per hashing thread and one per writer thread: the pool
    // and the zstd window are most of an install's memory (tests/bench/install: at most 64 MiB).
    // A pass that only verifies (a downloaded bundle's check in seesawd, `bundle verify`) hands
    // each chunk back as soon as it was compared and needs no writer's (tests/bench/daemon).
    // The hashing threads take the chunks in order, so the one holding the earliest never
    // waits for another: any pool keeps the pass going.
    const size_t chunkPool =
        1 + hashThreads + (callbacks.write ? (callbacks.parallelWrites ? 2 : 1) : 0);
    // One being read, one being decompressed, one waiting; the kernel reads ahead further.
    static constexpr size_t ReadBlocks = 3;
    BoundedQueue<Block> blocks{ReadBlocks};
    BoundedQueue<Block> freeBlocks{ReadBlocks};
    BoundedQueue<Chunk> chunks{QueueDepth};
    BoundedQueue<Chunk> writes{QueueDepth};
    BoundedQueue<ChunkBuffer> freeChunks{chunkPool};
    QByteArray storedDigest;
    quint32 storedCrc = 0;
    // Fed in chunk order by the writer thread when there is one (overlapping the chunk hashing),
    // else (or when writes run in parallel) by the hashing thread whose turn it is.
    Sha256 imageDigest;
    [[nodiscard]] bool digestOnWriter() const
    {
        return callbacks.write && !callbacks.parallelWrites;
    }

    std::mutex errorMutex;
    bool failed = false;
    Error firstError;

private:
    void verifyChunks();
    bool awaitTurn(quint64 index, bool *inOrder);
    void passTurn();
    bool deliver(Chunk &chunk);

    // Verified chunks leave in chunk order: the hashing thread holding chunk nextIndex hands it
    // on, the others wait for their turn.
    std::mutex turnMutex;
    std::condition_variable turnChanged;
    quint64 nextIndex = 0; // guarded by turnMutex
    bool stopped = false;  // guarded by turnMutex; set by fail()
    quint64 delivered = 0; // bytes handed on; only by the thread whose turn it is
    std::mutex writtenMutex;
    quint64 written = 0; // guarded by writtenMutex
};

// The decompression stage of a delta image: one frame per chunk against the base.
void decompressDelta(Pass &pass);

} // namespace seesaw::payload
