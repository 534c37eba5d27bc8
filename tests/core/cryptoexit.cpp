// A process that exits while a pool thread it waited for is still on its way out, as seesawd
// does after it lost the system bus (tst_crypto runs it under LeakSanitizer). Qt 6.4's
// QThreadPool::waitForDone() returns before the thread has run its thread-local destructors.
// Here the thread finishes leaving only once the process's exit handlers ran (in seesawd that
// is a race that CI lost once); with OpenSSL's own exit handler among them, the thread's
// OpenSSL error state outlives the key whose destructor would have freed it.
//
//   crypto-exit keep      seesaw::keepCryptoUntilExit() first, as seesawd and the CLI do
//   crypto-exit default   OpenSSL as it comes (the control: LeakSanitizer must see the leak)
#include "trust/cryptoexit.h"

#include "trust/crypto.h"

#include <QByteArray>
#include <QDir>
#include <QThreadPool>
#include <atomic>
#include <chrono>
#include <cstring>
#include <openssl/err.h>
#include <thread>

namespace {

using namespace std::chrono_literals;

std::atomic<bool> exitHandlersRan{false};
std::atomic<qsizetype> tasksBefore{0}; // the process's threads before the pool started

qsizetype tasks()
{
    return QDir(QStringLiteral("/proc/self/task"))
        .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
        .size();
}

// Waits, at most 10 s, for what `done` says.
template <typename Done> void waitFor(Done done)
{
    for (int i = 0; i < 1000 && !done(); ++i) {
        std::this_thread::sleep_for(10ms);
    }
}

// The pool thread's last thread-local destructor but OpenSSL's: it returns once the process's
// exit handlers ran.
struct LeavesAfterExitHandlers {
    LeavesAfterExitHandlers() = default;
    LeavesAfterExitHandlers(const LeavesAfterExitHandlers &) = delete;
    LeavesAfterExitHandlers &operator=(const LeavesAfterExitHandlers &) = delete;
    ~LeavesAfterExitHandlers()
    {
        waitFor([] { return exitHandlersRan.load(); });
    }
};

// Constructed before OpenSSL starts, so destroyed after OpenSSL's exit handler: it lets the
// thread go and waits until the thread is gone, before LeakSanitizer looks.
struct ProcessTeardown {
    ProcessTeardown() = default;
    ProcessTeardown(const ProcessTeardown &) = delete;
    ProcessTeardown &operator=(const ProcessTeardown &) = delete;
    ~ProcessTeardown()
    {
        exitHandlersRan = true;
        waitFor([] { return tasks() <= tasksBefore; });
    }
};

} // namespace

int main(int argc, char **argv)
{
    static const ProcessTeardown teardown;
    if (argc != 2 || (std::strcmp(argv[1], "keep") != 0 && std::strcmp(argv[1], "default") != 0)) {
        return 2;
    }
    if (std::strcmp(argv[1], "keep") == 0) {
        seesaw::keepCryptoUntilExit();
    }
    tasksBefore = tasks();
    QThreadPool pool;
    pool.start([] {
        static thread_local LeavesAfterExitHandlers leaving;
        (void)&leaving;
        // Any OpenSSL call gives the thread an error state; a hash is what seesawd's readers do.
        (void)seesaw::Sha256::hash(QByteArrayLiteral("seesaw"));
        ERR_clear_error();
    });
    pool.waitForDone();
    return 0;
}
