// Shared pieces of the seesaw command-line tool: exit codes, output, progress display.
#pragma once

#include "base/result.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QString>
#include <QStringList>
#include <atomic>

namespace cli {

// Documented in `seesaw --help` and README.
enum ExitCode {
    ExitOk = 0,
    ExitInvalid = 1, // invalid or untrusted bundle, failed verification
    ExitUsage = 2,
    ExitIo = 3,
    ExitCancelled = 4,
    ExitDenied = 5, // not authorised (polkit)
    ExitBusy = 6,   // seesawd is busy with another operation
};

int exitCodeFor(const seesaw::Error &error);
void printOut(const QString &text); // stdout, with a newline
void printErr(const QString &text); // stderr, with a newline
void prompt(const QString &text);   // stdout, as it is (a question on the same line)
// The exit code to leave with: `code`, unless standard output could not be written (a full disk
// behind `> file`, a closed pipe): then that is said on stderr and the code is at least ExitIo.
int finish(int code);
int fail(const seesaw::Error &error, bool json = false);
int usageError(const QString &message);

// Parses args (args[0] is the command path shown in help); handles --help. Returns -1 to go on,
// or an exit code.
int parseOrExit(QCommandLineParser &parser, const QStringList &args, const QString &description,
                const QString &synopsis);

// Progress to stderr: a redrawn bar with rate and ETA on a terminal, otherwise a plain line
// every few seconds. At most 10 redraws a second.
class Progress {
public:
    explicit Progress(QString label);
    void update(quint64 done, quint64 total);
    void finish() const;

private:
    QString m_label;
    bool m_tty;
    QElapsedTimer m_clock;
    qint64 m_lastDraw = -1;
    bool m_drawn = false;
    bool m_complete = false; // the final line is drawn once
};

QString formatBytes(quint64 bytes);

// From the first call on, SIGINT and SIGTERM set the returned flag instead of ending the command:
// bundle create and bundle verify take it as their cancel flag.
const std::atomic<bool> *signalCancelFlag();

} // namespace cli
