// The versions of one artifact repository on disk ([artifacts.NAME] of system.conf), and the
// only ways they change: a new version staged, made complete and switched to; a rollback to the
// version before. Everything is plain files, so what systemd-sysext, systemd-confext or an
// application sees is always a complete version:
//
//   PATH/ENTRY                   link to the version in use (ENTRY.raw for extension images)
//   STORE/ENTRY/V                each complete version V kept (V.raw for extension images)
//   STORE/ENTRY/V.release        extension images: the extension-release the signed bundle
//                                declared for V, so that an OS update can be checked against it
//   STORE/ENTRY/previous         link to the version a rollback returns to
//   STORE/ENTRY/.partial-V       a version being written; never linked to
//
// A version becomes complete (synced, renamed from .partial-V to V) before any link points to
// it, and a link is switched by renaming a new link over it: a power cut at any moment leaves
// ENTRY on the old or the new complete version. STORE is outside PATH (the configuration
// checks it): systemd-sysext and -confext take every entry of PATH, hidden ones too, for an
// extension. Links name their target by its absolute path, as the running system sees it.
#pragma once

#include "base/result.h"
#include "base/unique_fd.h"
#include "bundle/manifest.h"
#include "config/systemconfig.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace seesaw {

namespace limits {
constexpr qsizetype MaxArtifactEntries = 256; // per repository
// Free space a new version leaves in its store beyond its own bytes (stage() checks it).
constexpr quint64 ArtifactSpaceMargin = quint64(4) << 20;
} // namespace limits

struct ArtifactEntryState {
    QString entry;
    QString current;          // the version ENTRY links to; empty: none (or the link is broken)
    QString previous;         // the version a rollback returns to; empty: none
    QStringList kept;         // every complete version on disk, oldest first by modification time
    quint64 currentBytes = 0; // size of the version in use (a tree: its files' sizes)
};

// A version being written: write into `path` (a file opened as `fd`, or for a tree, an empty
// directory), then ArtifactStore::commit().
struct StagedArtifact {
    QString entry;
    QString version;
    QString path;
    UniqueFd fd; // files, sysext, confext: the open file; tree: none
    // Sysext and confext: the image's extension-release as the bundle declared it, kept beside
    // the version by commit().
    std::optional<ReleaseFields> release;
};

class ArtifactStore {
public:
    explicit ArtifactStore(ArtifactRepository repo) : m_repo(std::move(repo)) {}

    [[nodiscard]] const ArtifactRepository &repository() const { return m_repo; }
    // PATH/ENTRY or PATH/ENTRY.raw: what the system uses.
    [[nodiscard]] QString linkPath(const QString &entry) const;

    // Removes what interrupted installs left (.partial-*, half-made links); never a complete
    // version. Error code: "artifacts.io".
    [[nodiscard]] Status recover() const;

    // Every entry of the repository, sorted by name. Error code: "artifacts.io".
    [[nodiscard]] Result<QList<ArtifactEntryState>> list() const;
    [[nodiscard]] Result<ArtifactEntryState> state(const QString &entry) const;

    // A new version of `entry`, `bytes` long (a tree: the sum of its files), after checking the
    // names and the free space (the new version beside those kept). Error codes:
    // "artifacts.name", "artifacts.exists" (that version is the one in use), "artifacts.space",
    // "artifacts.io".
    [[nodiscard]] Result<StagedArtifact> stage(const QString &entry, const QString &version,
                                               quint64 bytes) const;

    // Makes the staged version complete (synced, its release recorded, renamed into place) but
    // not the one in use: switchTo() does that later (a bundle's add-ons for a new system, at its
    // first boot). Error code "artifacts.io".
    Status complete(StagedArtifact &staged) const;

    // Makes the staged version complete and the one in use; the one in use so far becomes the
    // rollback target and versions beyond `keep` are removed. Error code: "artifacts.io".
    Status commit(StagedArtifact &staged) const;

    // The extension-release recorded for `version` of `entry` (commit()); nullopt when none was
    // (a version installed before Seesaw recorded it, or not an extension). Error codes
    // "release.invalid", "artifacts.io".
    [[nodiscard]] Result<std::optional<ReleaseFields>> release(const QString &entry,
                                                               const QString &version) const;

    // Switches `entry` back to its previous version (which then has the current one as its
    // own previous). Error codes: "artifacts.no-previous", "artifacts.io".
    [[nodiscard]] Status rollback(const QString &entry) const;

    // Makes `entry` use `version` (a complete one kept on disk) with `previous` (when not empty)
    // as its rollback target: how a change is settled or undone after a restart that may have cut
    // commit() between its switch and its rollback target. Error codes: "artifacts.no-version"
    // (not kept), "artifacts.io".
    [[nodiscard]] Status switchTo(const QString &entry, const QString &version,
                                  const QString &previous) const;

    // Takes `entry` out of use: its link is removed (durably), its versions stay on disk, the
    // one in use so far becoming the rollback target. How the first install of an entry is
    // undone. Error code "artifacts.io".
    [[nodiscard]] Status unlink(const QString &entry) const;

private:
    [[nodiscard]] QString storeDir() const;
    [[nodiscard]] QString entryDir(const QString &entry) const;
    [[nodiscard]] QString versionFile(const QString &version) const;
    [[nodiscard]] Status switchLink(const QString &entry, const QString &version) const;
    [[nodiscard]] Status setPrevious(const QString &entry, const QString &version) const;
    void prune(const QString &entry) const;

    ArtifactRepository m_repo;
};

// ".release": the suffix of the record beside an extension version (VERSION.release).
QLatin1String releaseSuffix();
// os-release(5) syntax, every value double-quoted with its special characters escaped, as
// parseReleaseText() reads it back.
QByteArray formatReleaseText(const ReleaseFields &release);

} // namespace seesaw
