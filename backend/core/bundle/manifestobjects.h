// The parser of manifest.json (Manifest::fromJson): one method per JSON object of the format,
// each checking its members with the typed readers of ManifestFieldReader. The manifest as a
// whole is read in manifestread.cpp; images, artifacts and their payloads in manifestobjects.cpp.
#pragma once

#include "base/jsontext.h"
#include "base/result.h"
#include "bundle/manifest.h"
#include "bundle/manifestparser.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QStringList>

namespace seesaw {

class ManifestParser : public ManifestFieldReader {
    Q_DECLARE_TR_FUNCTIONS(seesaw::Manifest)

public:
    using ManifestFieldReader::ManifestFieldReader;

    Result<Manifest> run(const QJsonObject &root);

private:
    bool manifest(const json::Node &root, Manifest &m);
    bool format(const json::Node &n, Manifest &m);
    bool hardware(const json::Node &n, QStringList &out);
    bool requirements(const json::Node &n, Requirements &out);
    bool keyUpdate(const json::Node &n, KeyUpdate &out);

    // manifestobjects.cpp
    bool images(const json::Node &n, Manifest &m);
    bool image(const json::Node &n, ImageInfo &img);
    // size, sha256, stored_size, stored_sha256, chunk_size and chunk_sha256 of n
    bool payload(const json::Node &n, ImageInfo &img);
    bool chunks(const json::Node &n, ImageInfo &img);
    bool deltaInfo(const json::Node &n, DeltaInfo &info);
    bool artifacts(const json::Node &n, Manifest &m);
    bool artifact(const json::Node &n, ArtifactInfo &a);
    bool artifactNames(const json::Node &n, ArtifactInfo &a);
    bool releaseFields(const json::Node &n, ReleaseFields &out);
};

} // namespace seesaw
