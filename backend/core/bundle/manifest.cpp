#include "bundle/manifest.h"

#include <algorithm>

namespace seesaw {

const ImageInfo *Manifest::image(const QString &slotClass) const
{
    const auto it = std::find_if(images.begin(), images.end(), [&slotClass](const ImageInfo &img) {
        return img.slotClass == slotClass;
    });
    return it == images.end() ? nullptr : &*it;
}

QList<const ImageInfo *> Manifest::payloads() const
{
    QList<const ImageInfo *> all;
    for (const ImageInfo &image : images) {
        all.append(&image);
    }
    for (const ArtifactInfo &a : artifacts) {
        all.append(&a.payload);
    }
    return all;
}

const ArtifactInfo *Manifest::artifact(const QString &repository, const QString &name) const
{
    const auto it = std::find_if(artifacts.begin(), artifacts.end(), [&](const ArtifactInfo &a) {
        return a.repository == repository && a.name == name;
    });
    return it == artifacts.end() ? nullptr : &*it;
}

bool Manifest::operator==(const Manifest &other) const
{
    // SemVer's == follows precedence and ignores build metadata; a manifest's does not.
    const auto sameVersion = [](const SemVer &a, const SemVer &b) {
        return a == b && a.buildMetadata() == b.buildMetadata();
    };
    const bool sameMin = minVersion.has_value() == other.minVersion.has_value() &&
                         (!minVersion || sameVersion(*minVersion, *other.minVersion));
    const bool sameCreated =
        created.isValid() == other.created.isValid() &&
        (!created.isValid() || created.toMSecsSinceEpoch() == other.created.toMSecsSinceEpoch());
    return format == other.format && compatible == other.compatible &&
           sameVersion(version, other.version) && build == other.build && sameCreated && sameMin &&
           hardware == other.hardware && releaseNotes == other.releaseNotes &&
           requirements == other.requirements && images == other.images &&
           artifacts == other.artifacts && osRelease == other.osRelease && keys == other.keys;
}

} // namespace seesaw
