// Making a bundle on a build host: compress each image with zstd (multithreaded, long-distance
// matching), hash it on the way (whole image, every chunk, the stored bytes), write the ZIP with
// stored entries through QuaZip, then sign the manifest. The output appears atomically: it is
// written to a temporary file next to it and renamed only when complete.
#pragma once

#include "base/result.h"
#include "bundle/manifest.h"
#include "trust/crypto.h"

#include <QList>
#include <QMap>
#include <QString>
#include <atomic>
#include <functional>

namespace seesaw {

struct BundleSpec {
    struct Image {
        Image() = default;
        Image(QString cls, QString file, QString base = {})
            : slotClass(std::move(cls)), path(std::move(file)), basePath(std::move(base))
        {}
        QString slotClass;
        QString path;
        // A delta image: compressed against this base image (the old version's image), which a
        // device must have in its booted slot to install it.
        QString basePath;
        quint64 fullStoredSize = 0; // of this image in the full bundle, when known
    };
    QString compatible;
    QString version; // SemVer
    QString build;   // free text; defaults to the creation time
    QString minVersion;
    QString baseVersion; // the version whose images are the bases of delta images
    QStringList hardware;
    QList<Image> images;
    QMap<QString, QString>
        notes;                 // language -> text file; signed in the manifest and copied to notes/
    KeyUpdate keys;            // key rotation carried by this bundle
    Requirements requirements; // free space, battery level
    QList<PrivateKey> signingKeys;
    int level = 3;   // zstd level 1..19
    int threads = 0; // zstd workers; 0 = one per CPU
    quint32 chunkSize = limits::DefaultChunkSize;
};

namespace limits {
constexpr int MinZstdLevel = 1;
constexpr int MaxZstdLevel = 19;
} // namespace limits

// Progress: bytes of the images read so far / in total.
using CreateProgressFn = std::function<void(quint64 done, quint64 total)>;

// Error codes: "create.invalid-spec", "create.io", "create.compress", "cancelled".
Result<Manifest> createBundle(const BundleSpec &spec, const QString &outputPath,
                              const CreateProgressFn &progress = {},
                              const std::atomic<bool> *cancel = nullptr);

} // namespace seesaw
