// seesaw-ui's few lines on the terminal: usage errors on standard error, the screenshots it saved
// on standard output. A line goes out whole or the write reports false.
#pragma once

#include <QByteArray>
#include <QString>
#include <cstdio>

namespace seesawui {

inline bool writeLine(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8() + '\n';
    return std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream) ==
               size_t(bytes.size()) &&
           std::fflush(stream) == 0;
}

// A complaint on standard error: if even that write fails, there is nowhere left to say so.
inline void complain(const QString &text)
{
    (void)writeLine(stderr, QStringLiteral("seesaw-ui: ") + text);
}

} // namespace seesawui
