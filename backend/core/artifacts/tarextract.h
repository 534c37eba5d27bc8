// Extraction of a `tree` artifact: a tar stream (POSIX ustar, with pax or GNU long names) fed in
// pieces as its chunks are verified, written below one directory and nowhere else.
//
// The stream is signed, but the extractor trusts none of it: every entry is checked before
// anything of it is written, and the first bad one stops the extraction with its reason.
// - Names are relative, without "." or ".." components, at most 4096 bytes (255 per component).
// - Only directories, regular files, symbolic links and hard links; no device nodes, FIFOs or
//   sockets; no setuid, setgid or sticky bits.
// - A symbolic link's target stays inside the tree, judged from where the link is; a hard link
//   names an earlier regular file of the same tree.
// - Nothing is ever followed out of the tree: each directory of a path is opened with
//   O_NOFOLLOW from the root, and files are created with O_EXCL (an entry cannot appear twice).
// - Entry count, every header's extension data and the bytes written are bounded.
// Owners, times and extended attributes of the archive are not applied: the files belong to
// the installing process, with the archive's permission bits (directories also keep the
// owner's rwx, so that their files can be written and the version removed when pruned).
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <memory>

namespace seesaw {

struct TarLimits {
    quint64 maxEntries = 100000;
    quint64 maxBytes = 0; // the files' bytes in all; 0: no bound beyond the stream's length
};

class TarExtractor {
public:
    // root: an empty directory, which stays open for the extraction.
    static Result<TarExtractor> open(const QString &root, TarLimits limits);
    TarExtractor(TarExtractor &&other) noexcept;
    TarExtractor &operator=(TarExtractor &&other) noexcept;
    ~TarExtractor();
    TarExtractor(const TarExtractor &) = delete;
    TarExtractor &operator=(const TarExtractor &) = delete;

    // The next bytes of the stream, in order. Error codes: "tar.name", "tar.type", "tar.mode",
    // "tar.link", "tar.header", "tar.limit", "tar.exists", "tar.io".
    Status feed(QByteArrayView data);
    // The stream ended: it must have ended on an entry boundary (the end-of-archive blocks are
    // optional). Error code "tar.truncated".
    Status finish();

    [[nodiscard]] quint64 entries() const;
    [[nodiscard]] quint64 bytes() const;

private:
    struct State;
    explicit TarExtractor(std::unique_ptr<State> state);
    std::unique_ptr<State> m;
};

} // namespace seesaw
