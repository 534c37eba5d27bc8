// Running a repository's activate= command after its link changed (systemd-sysext refresh,
// systemd-confext refresh, a unit restart): bounded in time and in what it prints.
#pragma once

#include "base/result.h"
#include "config/systemconfig.h"

#include <atomic>

namespace seesaw {

namespace limits {
constexpr int ActivationTimeoutSeconds = 120;
} // namespace limits

// Runs repo.activate (nothing when it is empty) and waits for it, at most timeoutSeconds (then
// it is killed). Error code "artifacts.activate", whose message names the command, its exit
// code or why it did not finish, and the last lines it printed.
Status activateRepository(const ArtifactRepository &repo,
                          int timeoutSeconds = limits::ActivationTimeoutSeconds,
                          const std::atomic<bool> *cancel = nullptr);

} // namespace seesaw
