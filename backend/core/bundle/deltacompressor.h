// Compressing one image as a delta (bundlewriter.cpp): every chunk becomes a zstd frame of its
// own, compressed against its window of the base (deltawindow.h) as reference prefix with
// long-distance matching, on worker threads that each keep a compressor; the frames are written
// into the image's ZIP entry in chunk order and the stored bytes hashed on the way. A chunk
// that is its own frame is what lets a device decompress, hash and check one chunk at a time
// in a few MiB, whatever the image's size.
#pragma once

#include "bundle/imagecompressor.h"

#include <QByteArrayView>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace seesaw {

class DeltaCompressor {
public:
    // base: the whole base image, mapped; threads: workers (0: one per CPU).
    DeltaCompressor(QByteArrayView base, int level, int threads, QuaZipFile &entry,
                    const QString &file);
    ~DeltaCompressor();
    DeltaCompressor(const DeltaCompressor &) = delete;
    DeltaCompressor &operator=(const DeltaCompressor &) = delete;

    // Queues the next chunk (in image order), writing the frames that are done meanwhile; at
    // most two per worker are in flight. false on a failure.
    bool add(ReadChunk chunk);
    // Waits for every queued frame and writes it; false on a failure.
    bool finish();

    [[nodiscard]] quint64 storedSize() const { return m_storedSize; }
    QByteArray storedSha256() { return m_storedDigest.finish(); }

    QString failure;

private:
    struct Job {
        quint64 index = 0;
        quint64 offset = 0;
        std::vector<char> data;
    };
    struct Frame {
        std::vector<char> bytes;
        QString error;
    };

    void work();
    Frame compressOne(ZSTD_CCtx *cctx, const Job &job) const;
    bool writeDone(quint64 upTo);

    QByteArrayView m_base;
    int m_level;
    QuaZipFile &m_entry;
    const QString &m_file;
    size_t m_inFlightMax;
    BoundedQueue<Job> m_jobs;
    std::vector<std::thread> m_workers;

    std::mutex m_mutex;
    std::condition_variable m_frameDone;
    std::map<quint64, Frame> m_done; // finished frames not written yet
    quint64 m_queued = 0;            // chunks handed to the workers
    quint64 m_written = 0;           // frames written into the entry
    quint64 m_offset = 0;            // the next chunk's place in the image

    Sha256 m_storedDigest;
    quint64 m_storedSize = 0;
};

} // namespace seesaw
