#include "testutil.h"

#include <QFile>
#include <QProcess>
#include <QRandomGenerator>

namespace testutil {

QByteArray randomBytes(qsizetype size, quint32 seed)
{
    QByteArray out(size, Qt::Uninitialized);
    QRandomGenerator rng(seed);
    qsizetype i = 0;
    for (; i + 4 <= size; i += 4) {
        const quint32 v = rng.generate();
        memcpy(out.data() + i, &v, 4);
    }
    for (; i < size; ++i)
        out[i] = char(rng.generate() & 0xff);
    return out;
}

QByteArray textBytes(qsizetype size, quint32 seed)
{
    static const char *const words[] = {"seesaw ", "slot ", "bundle ", "rootfs ", "kernel ", "\n",
                                        "update ", "verify ", "chunk ", "0123456789 "};
    QRandomGenerator rng(seed);
    QByteArray out;
    out.reserve(size);
    while (out.size() < size)
        out.append(words[rng.bounded(10)]);
    out.truncate(size);
    return out;
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

RunResult runCli(const QStringList &args, int timeoutMs)
{
    QProcess p;
    p.start(QStringLiteral(SEESAW_CLI), args);
    RunResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace testutil
