// `bundle create --artifact TYPE:REPOSITORY/NAME:VERSION=PATH`: the artifact an option names,
// with what the build host reads for it from its files (an extension image's
// extension-release, a tree's tar stream and the bytes of its files).
#pragma once

#include "base/result.h"
#include "bundle/bundlespec.h"

#include <QString>
#include <QTemporaryDir>

namespace cli {

// The artifact of one --artifact value. A tree given as a directory is made into a tar stream in
// `work` (GNU tar, pax format, names sorted, owners numeric); every tree is then extracted there
// once, as a device would, so that what a device would refuse is refused here, with the reason.
// Error codes: "create.invalid-spec", "create.io", those of readExtensionRelease and
// TarExtractor.
seesaw::Result<seesaw::BundleSpec::Artifact> readArtifactOption(const QString &value,
                                                                const QTemporaryDir &work);

} // namespace cli
