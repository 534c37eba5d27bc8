// How the processes that use OpenSSL from threads (seesawd, the CLI) leave it at exit.
#pragma once

namespace seesaw {

// Called first thing in main by the processes that use OpenSSL from threads they do not join to
// the end (seesawd, the CLI): OpenSSL's own clean-up at exit is left out. Qt 6.4's QThread::wait
// returns before the thread has run its thread-local destructors, so a pool thread could still be
// on its way out when an exit handler deleted OpenSSL's thread-local keys, and that thread's error
// state was then lost (LeakSanitizer saw it in seesawd exiting after a lost bus). The kernel frees
// everything of a process that exits; nothing of OpenSSL needs more than that.
void keepCryptoUntilExit();

} // namespace seesaw
