#include "bundle/baseimage.h"

#include "base/errnotext.h"
#include "bundle/zipindex.h"
#include "trust/crypto.h"

#include <QCoreApplication>
#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::BaseImage", text);
}

constexpr size_t HashBlock = size_t(1024) * 1024;
constexpr size_t PopulateStep = size_t(4) << 20;

} // namespace

BaseImage::~BaseImage()
{
    unmap();
}

void BaseImage::unmap()
{
    m_stopPopulating = true;
    if (m_populate.joinable()) {
        m_populate.join();
    }
    m_stopPopulating = false;
    if (m_map != nullptr) {
        ::munmap(m_map, size_t(m_mapped.size));
        m_map = nullptr;
    }
}

Result<QByteArrayView> BaseImage::view(const DeltaWindow &w)
{
    if (w.offset + w.size > m_size || w.size == 0) {
        return makeError(Error::Kind::Invalid, "delta.base-io",
                         tr("Bytes %1 to %2 lie outside the %3 bytes of %4.")
                             .arg(QString::number(w.offset), QString::number(w.offset + w.size),
                                  QString::number(m_size), m_name));
    }
    if (m_map == nullptr || m_mapped.offset != w.offset || m_mapped.size != w.size) {
        unmap();
        void *p = ::mmap(nullptr, size_t(w.size), PROT_READ, MAP_SHARED, m_fd, off_t(w.offset));
        if (p == MAP_FAILED) {
            return makeError(Error::Kind::Io, "delta.base-io",
                             tr("Cannot map %1: %2.").arg(m_name, errnoText()));
        }
        m_map = p;
        m_mapped = w;
        // The frames copy from all over the window: where it fits in memory with room to
        // spare, read it ahead in large pieces rather than page by page as the decoder first
        // touches each page. On a device short of memory, pages read ahead would be evicted
        // before their use and read twice.
        const long freePages = ::sysconf(_SC_AVPHYS_PAGES);
        const long pageSize = ::sysconf(_SC_PAGESIZE);
        if (freePages > 0 && pageSize > 0 && w.size <= quint64(freePages) * quint64(pageSize) / 4) {
            ::madvise(p, size_t(w.size), MADV_WILLNEED);
            // A window that is the whole base stays mapped for the whole image: its pages are
            // also mapped ahead, in order, on a thread of their own, so that the decoder does
            // not wait for the disk at its first touch of each page (tests/bench/delta: the
            // squashfs pair's delta install went from 1.05x to 0.75x of the full install).
            // Sliding windows (bases over 1 GiB) are remapped for every chunk and are not.
            if (w.offset == 0 && w.size == m_size) {
                populate(static_cast<char *>(p), size_t(w.size));
            }
        }
    }
    return QByteArrayView(static_cast<const char *>(m_map), qsizetype(w.size));
}

void BaseImage::populate(char *map, size_t size)
{
    m_populate = std::thread([this, map, size] {
        // In order, as the decoder goes; a kernel without MADV_POPULATE_READ (before 5.14)
        // refuses it, and the decoder maps the pages itself as before.
        for (size_t at = 0; at < size && !m_stopPopulating; at += PopulateStep) {
            if (::madvise(map + at, std::min(PopulateStep, size - at), MADV_POPULATE_READ) != 0 &&
                errno == EINVAL) {
                return;
            }
        }
    });
}

Result<QByteArray> BaseImage::sha256(const std::function<void(quint64)> &progress,
                                     const std::atomic<bool> *cancel) const
{
    ::posix_fadvise(m_fd, 0, off_t(m_size), POSIX_FADV_SEQUENTIAL);
    std::vector<char> block(HashBlock);
    Sha256 digest;
    for (quint64 done = 0; done < m_size;) {
        if (cancel != nullptr && cancel->load()) {
            return makeError(Error::Kind::Cancelled, "cancelled", tr("Cancelled."));
        }
        const size_t n = size_t(std::min<quint64>(HashBlock, m_size - done));
        if (!preadFully(m_fd, block.data(), n, done)) {
            return makeError(Error::Kind::Io, "delta.base-io",
                             tr("Cannot read %1 at byte %2: it is unreadable or shorter than "
                                "%3 bytes.")
                                 .arg(m_name, QString::number(done), QString::number(m_size)));
        }
        digest.update(block.data(), n);
        done += n;
        if (progress) {
            progress(done);
        }
    }
    return digest.finish();
}

} // namespace seesaw
