// The verifying and writing stages of a streaming pass (payloadpass.h). Chunks are hashed on
// several threads at once, since they are independent, but handed on strictly in chunk order,
// and each only after its own SHA-256 matched the signed chunk list.
#include "bundle/payloadpass.h"

#include <thread>
#include <vector>

namespace seesaw::payload {

size_t hashThreadCount()
{
    return std::thread::hardware_concurrency() >= 2 ? 2 : 1;
}

Status Pass::verifyAll()
{
    std::vector<std::thread> helpers;
    for (size_t i = 1; i < hashThreads; ++i) {
        helpers.emplace_back([this] { verifyChunks(); });
    }
    verifyChunks();
    for (std::thread &helper : helpers) {
        helper.join();
    }
    writes.close();
    std::lock_guard lock(errorMutex);
    if (failed) {
        return firstError;
    }
    if (delivered != image.size || nextIndex != quint64(image.chunkSha256.size())) {
        return payloadError(
            "payload.too-short",
            tr("The payload of \"%1\" ends early: %2 of %3 bytes.")
                .arg(image.file, QString::number(delivered), QString::number(image.size)));
    }
    return Ok{};
}

// One hashing thread: takes the next chunk the decompressor made, hashes it, then waits until
// every chunk before it was handed on.
void Pass::verifyChunks()
{
    Sha256 digest;
    while (auto popped = chunks.pop()) {
        // Taken out of the optional at once: every way out of this loop then frees it once.
        Chunk chunk = std::move(*popped);
        if (cancelled()) {
            return fail(makeError(Error::Kind::Cancelled, "cancelled", tr("Cancelled.")));
        }
        digest.update(chunk.data.data(), chunk.data.size());
        const QByteArray actual = digest.finish();
        bool inOrder = false;
        if (!awaitTurn(chunk.index, &inOrder)) {
            return;
        }
        const quint64 start = chunk.index * image.chunkSize;
        if (!inOrder || chunk.index >= quint64(image.chunkSha256.size()) ||
            actual != image.chunkSha256.at(qsizetype(chunk.index))) {
            return fail(payloadError(
                "payload.chunk-mismatch",
                tr("Chunk %1 of \"%2\" (bytes %3 to %4) does not match the signed manifest.")
                    .arg(QString::number(chunk.index), image.file, QString::number(start),
                         QString::number(start + chunk.data.size()))));
        }
        if (!deliver(chunk)) {
            return;
        }
        passTurn();
    }
}

// Until every chunk before index was handed on; false when the pass stopped meanwhile.
// *inOrder: index is the next chunk to hand on (not one handed on already).
bool Pass::awaitTurn(quint64 index, bool *inOrder)
{
    std::unique_lock lock(turnMutex);
    turnChanged.wait(lock, [&] { return stopped || nextIndex >= index; });
    *inOrder = nextIndex == index;
    return !stopped;
}

void Pass::passTurn()
{
    {
        std::lock_guard lock(turnMutex);
        ++nextIndex;
    }
    turnChanged.notify_all();
}

// A verified chunk to the sink and on to the writer (or back to the pool); false when the pass
// must stop.
bool Pass::deliver(Chunk &chunk)
{
    const char *data = chunk.data.data();
    const size_t size = chunk.data.size();
    if (callbacks.recheckDigests && !digestOnWriter()) {
        imageDigest.update(data, size);
    }
    if (callbacks.sink) {
        Status sunk = callbacks.sink(chunk.index, QByteArrayView(data, qsizetype(size)));
        if (!sunk) {
            fail(sunk.error());
            return false;
        }
    }
    delivered += size;
    if (callbacks.write) {
        return writes.push(std::move(chunk));
    }
    if (callbacks.progress) {
        callbacks.progress(delivered);
    }
    return freeChunks.push(std::move(chunk.data));
}

void Pass::writeVerified()
{
    while (auto popped = writes.pop()) {
        Chunk chunk = std::move(*popped);
        const quint64 offset = chunk.index * image.chunkSize;
        const size_t size = chunk.data.size();
        if (callbacks.recheckDigests && digestOnWriter()) {
            imageDigest.update(chunk.data.data(), size);
        }
        Status s = callbacks.write(offset, QByteArrayView(chunk.data.data(), qsizetype(size)));
        if (!s) {
            return fail(s.error());
        }
        if (callbacks.progress) {
            std::lock_guard lock(writtenMutex);
            written += size;
            callbacks.progress(written);
        }
        if (!freeChunks.push(std::move(chunk.data))) {
            return;
        }
    }
}

} // namespace seesaw::payload
