#include "clicommon.h"

#include "base/errnotext.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace cli {

using seesaw::Error;

int exitCodeFor(const Error &error)
{
    switch (error.kind) {
    case Error::Kind::Invalid:
    case Error::Kind::Untrusted:
        return ExitInvalid;
    case Error::Kind::Usage:
        return ExitUsage;
    case Error::Kind::Io:
        return ExitIo;
    case Error::Kind::Cancelled:
        return ExitCancelled;
    }
    return ExitInvalid;
}

namespace {

// errno of the first failed write to standard output, 0 while none failed.
int g_outputError = 0;

// Writes `bytes` to `stream`; false (errno set) when they did not all get there.
bool writeAll(FILE *stream, const QByteArray &bytes)
{
    return fwrite(bytes.constData(), 1, size_t(bytes.size()), stream) == size_t(bytes.size()) &&
           fflush(stream) == 0;
}

} // namespace

namespace {

// Standard output's writes all come here: the first failure is kept for finish().
void writeOut(const QByteArray &bytes)
{
    if (!writeAll(stdout, bytes) && g_outputError == 0) {
        g_outputError = errno != 0 ? errno : EIO;
    }
}

} // namespace

void printOut(const QString &text)
{
    writeOut(text.toUtf8() + '\n');
}

void prompt(const QString &text)
{
    writeOut(text.toUtf8());
}

// A failed write to standard error has nowhere to be reported; standard output's is (finish).
void printErr(const QString &text)
{
    (void)writeAll(stderr, text.toUtf8() + '\n');
}

int finish(int code)
{
    if (g_outputError == 0 && fflush(stdout) != 0) {
        g_outputError = errno != 0 ? errno : EIO;
    }
    if (g_outputError == 0) {
        return code;
    }
    printErr(QCoreApplication::translate("cli", "Cannot write the output: %1.")
                 .arg(seesaw::errnoText(g_outputError)));
    return code == ExitOk ? ExitIo : code;
}

int fail(const Error &error, bool json)
{
    if (json) {
        QJsonObject err{{QStringLiteral("code"), error.code},
                        {QStringLiteral("message"), error.message}};
        printOut(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("ok"), false},
                                                             {QStringLiteral("error"), err}})
                                       .toJson(QJsonDocument::Indented)));
    }
    printErr(QCoreApplication::translate("cli", "seesaw: %1 [%2]").arg(error.message, error.code));
    return exitCodeFor(error);
}

int usageError(const QString &message)
{
    printErr(QCoreApplication::translate("cli", "seesaw: %1").arg(message));
    printErr(QCoreApplication::translate("cli", "Run with --help for usage."));
    return ExitUsage;
}

int parseOrExit(QCommandLineParser &parser, const QStringList &args, const QString &description,
                const QString &synopsis)
{
    parser.setApplicationDescription(description + QLatin1String("\n\n") + synopsis);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QCoreApplication::translate("cli", "Show this help."));
    parser.addOption(help);
    if (!parser.parse(args)) {
        return usageError(parser.errorText());
    }
    if (parser.isSet(help)) {
        // Qt names the binary's path in the usage line; show the command as typed instead.
        QString text = parser.helpText();
        const QString program = QCoreApplication::arguments().value(0);
        const qsizetype at = text.indexOf(program);
        if (!program.isEmpty() && at >= 0 && at < text.indexOf(QLatin1Char('\n'))) {
            const QString command = args.value(0).section(QLatin1Char(' '), 1);
            text.replace(at, program.size(),
                         command.isEmpty() ? QStringLiteral("seesaw")
                                           : QStringLiteral("seesaw ") + command);
        }
        printOut(text);
        return ExitOk;
    }
    return -1;
}

QString formatBytes(quint64 bytes)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    auto value = double(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    return unit == 0 ? QStringLiteral("%1 B").arg(bytes)
                     : QStringLiteral("%1 %2").arg(QString::number(value, 'f', 1),
                                                   QLatin1String(units[unit]));
}

Progress::Progress(QString label) : m_label(std::move(label)), m_tty(isatty(STDERR_FILENO) != 0)
{
    m_clock.start();
}

void Progress::update(quint64 done, quint64 total)
{
    const qint64 now = m_clock.elapsed();
    const qint64 interval = m_tty ? 100 : 5000;
    if (m_complete || (m_lastDraw >= 0 && now - m_lastDraw < interval && done < total)) {
        return;
    }
    m_complete = done >= total;
    m_lastDraw = now;
    const double seconds = std::max(0.001, double(now) / 1000.0);
    const double rate = double(done) / seconds;
    const double percent = total != 0U ? 100.0 * double(done) / double(total) : 100.0;
    const qint64 eta = rate > 0 ? qint64(double(total - done) / rate) : 0;
    const QString etaText = QStringLiteral("%1:%2").arg(
        QString::number(eta / 60), QString::number(eta % 60).rightJustified(2, QLatin1Char('0')));
    const QString stats = QCoreApplication::translate("cli", "%1 %2% %3 of %4, %5/s, ETA %6")
                              .arg(m_label, QString::number(percent, 'f', 0), formatBytes(done),
                                   formatBytes(total), formatBytes(quint64(rate)), etaText);
    if (m_tty) {
        constexpr int width = 30;
        const int filled = int(percent * width / 100.0);
        const QString bar =
            QString(filled, QLatin1Char('#')) + QString(width - filled, QLatin1Char(' '));
        const QByteArray line =
            (QLatin1String("\r[") + bar + QLatin1String("] ") + stats + QLatin1String("\x1b[K"))
                .toUtf8();
        (void)writeAll(stderr, line); // as printErr: nowhere to report it
        m_drawn = true;
    } else {
        printErr(stats);
    }
}

void Progress::finish() const
{
    if (m_tty && m_drawn) {
        (void)writeAll(stderr, "\n");
    }
}

namespace {

std::atomic<bool> g_cancel{false};

void onSignal(int /*unused*/)
{
    g_cancel = true;
}

} // namespace

const std::atomic<bool> *signalCancelFlag()
{
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    for (const int sig : {SIGINT, SIGTERM}) {
        if (sigaction(sig, &sa, nullptr) != 0) {
            printErr(QCoreApplication::translate("cli", "Cannot catch signal %1 (%2): it stops "
                                                        "the command at once.")
                         .arg(QString::number(sig), seesaw::errnoText()));
        }
    }
    return &g_cancel;
}

} // namespace cli
