// Test-only crash points for the power-cut tests: with SEESAW_FAULT_INJECTION compiled in
// (dev and asan presets, never release), SEESAW_FAULT=NAME[:N] in the environment makes the
// process kill itself with SIGKILL the N-th time (default 1st) it passes faultPoint(NAME), and
// SEESAW_FAULT_SLEEP=NAME:MS makes every pass sleep MS milliseconds (a slow device).
#pragma once

namespace seesaw {

#ifdef SEESAW_FAULT_INJECTION
void faultPoint(const char *name);
#else
inline void faultPoint(const char *) {}
#endif

} // namespace seesaw
