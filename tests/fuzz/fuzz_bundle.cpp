// Fuzz target: arbitrary bytes as a bundle file. The reader must refuse or accept without
// crashing, leaking or reading out of bounds, through the ZIP index, the signature file, the
// manifest and (for inputs that get that far) the payload stream. Delta images are rebuilt
// against delta-base.img in the working directory when there is one (tests/fuzz/run makes it:
// the base of the seed corpus's delta bundle), so mutated patches reach the delta decoder.
#include "bundle/baseimage.h"
#include "bundle/bundlereader.h"
#include "trust/keyring.h"

#include <cstddef>
#include <cstdint>
#include <fcntl.h>
#include <memory>
#include <sys/mman.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const seesaw::Keyring keyring; // empty: every verdict is "untrusted"
    static const int baseFd = open("delta-base.img", O_RDONLY | O_CLOEXEC);
    static std::unique_ptr<seesaw::BaseImage> base =
        baseFd >= 0 ? std::make_unique<seesaw::BaseImage>(
                          baseFd, quint64(lseek(baseFd, 0, SEEK_END)), QStringLiteral("the base"))
                    : nullptr;
    const int fd = memfd_create("bundle", MFD_CLOEXEC);
    if (fd < 0) {
        return 0;
    }
    if (write(fd, data, size) == ssize_t(size)) {
        // ShowUntrusted lets unsigned inputs reach the manifest parser and payload checks.
        auto reader =
            seesaw::BundleReader::openFd(fd, keyring, seesaw::BundleReader::Trust::ShowUntrusted);
        if (reader) {
            quint64 total = 0;
            for (const auto &image : reader->manifest().images) {
                total += image.size;
            }
            // Decompression bombs are bounded by the manifest's sizes; keep runs fast.
            if (total <= quint64(64) * 1024 * 1024) {
                // A base of another size is refused before decoding; same size, decoded.
                (void)reader->verifyPayloads({}, nullptr,
                                             [&](const seesaw::ImageInfo &) { return base.get(); });
            }
        }
    }
    close(fd);
    return 0;
}
