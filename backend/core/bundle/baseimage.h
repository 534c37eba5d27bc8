// The base of a delta image, read-only: on the build host the old image, on a device the booted
// slot (never anything on removable media: the installer opens it). Frames refer to windows of
// it (deltawindow.h), which are mapped, not read into memory: the page cache holds what zstd
// touches, and the process's own memory stays small whatever the base's size.
#pragma once

#include "base/result.h"
#include "bundle/deltawindow.h"

#include <QByteArrayView>
#include <QString>
#include <atomic>
#include <functional>
#include <thread>

namespace seesaw {

class BaseImage {
public:
    // fd stays owned by the caller and must stay open while this lives. size: the base's bytes,
    // at most the file's or device's size. name: how messages call it ("slot A").
    BaseImage(int fd, quint64 size, QString name) : m_fd(fd), m_size(size), m_name(std::move(name))
    {}
    ~BaseImage();
    BaseImage(const BaseImage &) = delete;
    BaseImage &operator=(const BaseImage &) = delete;

    [[nodiscard]] quint64 size() const { return m_size; }
    [[nodiscard]] const QString &name() const { return m_name; }

    // The bytes of window w (mapped on first use, kept while the next call asks for the same
    // window). Error code: "delta.base-io".
    Result<QByteArrayView> view(const DeltaWindow &w);

    // SHA-256 of the base's size bytes, read in order; progress(done) after each block.
    // Error codes: "delta.base-io", "cancelled".
    Result<QByteArray> sha256(const std::function<void(quint64 done)> &progress = {},
                              const std::atomic<bool> *cancel = nullptr) const;

private:
    void unmap();
    void populate(char *map, size_t size);

    int m_fd;
    quint64 m_size;
    QString m_name;
    void *m_map = nullptr;
    // Maps the pages of a whole-base window ahead of the decoder (see view()).
    std::thread m_populate;
    std::atomic<bool> m_stopPopulating{false};
    DeltaWindow m_mapped;
};

} // namespace seesaw
