// Fuzz target: arbitrary bytes as manifest.json. Parsing must never crash, and whatever parses
// must serialise and parse back to the same manifest.
#include "bundle/manifest.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    auto manifest = seesaw::Manifest::fromJson(json);
    if (manifest) {
        auto again = seesaw::Manifest::fromJson(manifest->toJson());
        if (!again || !(*again == *manifest)) {
            abort();
        }
    }
    return 0;
}
