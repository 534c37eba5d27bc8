#include "bundle/baseimage.h"

#include "base/errnotext.h"
#include "bundle/zipindex.h"
#include "trust/crypto.h"

#include <QCoreApplication>
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

} // namespace

BaseImage::~BaseImage()
{
    unmap();
}

void BaseImage::unmap()
{
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
        // The frames copy from all over the window: where it fits in memory with room to
        // spare, read it ahead in large pieces rather than page by page as the decoder first
        // touches each page. On a device short of memory, pages read ahead would be evicted
        // before their use and read twice.
        const long freePages = ::sysconf(_SC_AVPHYS_PAGES);
        const long pageSize = ::sysconf(_SC_PAGESIZE);
        if (freePages > 0 && pageSize > 0 && w.size <= quint64(freePages) * quint64(pageSize) / 4) {
            ::madvise(p, size_t(w.size), MADV_WILLNEED);
        }
        m_map = p;
        m_mapped = w;
    }
    return QByteArrayView(static_cast<const char *>(m_map), qsizetype(w.size));
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
