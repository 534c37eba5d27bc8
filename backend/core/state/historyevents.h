// The names of the history's events: the one list the core records from, seesawd and the CLI
// pass on, and seesaw-ui words (tests/app/tst_historymodel checks that every one is worded).
#pragma once

#include <QLatin1String>

namespace seesaw::history {

inline constexpr QLatin1String InstallStarted("install-started"); // an install began writing
inline constexpr QLatin1String Installed("installed");          // every image written and verified
inline constexpr QLatin1String InstallFailed("install-failed"); // it stopped, with the reason
inline constexpr QLatin1String
    InstallInterrupted("install-interrupted");              // cut short (power) at a boot
inline constexpr QLatin1String Committed("committed");      // the boot loader switched to it
inline constexpr QLatin1String KeysRotated("keys-rotated"); // a bundle rotated the keyring
inline constexpr QLatin1String Health("health");            // a health check's report
inline constexpr QLatin1String MarkedGood("marked-good");
inline constexpr QLatin1String MarkedBad("marked-bad");
inline constexpr QLatin1String Rollback("rollback");      // a rollback was asked for
inline constexpr QLatin1String RolledBack("rolled-back"); // the device went back
// Artifacts (docs/artifacts.md): an entry switched to a new version; back to the one before (a
// failed activation or health check, or asked for); an install of it that failed.
inline constexpr QLatin1String ArtifactInstalled("artifact-installed");
inline constexpr QLatin1String ArtifactRolledBack("artifact-rolled-back");
inline constexpr QLatin1String ArtifactFailed("artifact-failed");

inline constexpr QLatin1String AllEvents[] = {
    InstallStarted,     Installed,     InstallFailed, InstallInterrupted,
    Committed,          KeysRotated,   Health,        MarkedGood,
    MarkedBad,          Rollback,      RolledBack,    ArtifactInstalled,
    ArtifactRolledBack, ArtifactFailed};

} // namespace seesaw::history
