// Small helpers shared by the core tests.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace testutil {

// Deterministic pseudo-random bytes (same seed, same bytes).
QByteArray randomBytes(qsizetype size, quint32 seed);
// Text-like, well-compressible bytes.
QByteArray textBytes(qsizetype size, quint32 seed);
bool writeFile(const QString &path, const QByteArray &data);
QByteArray readFile(const QString &path);

struct RunResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
// Runs the seesaw CLI built alongside the tests.
RunResult runCli(const QStringList &args, int timeoutMs = 600000);

} // namespace testutil
