// The C library's words for an errno value ("No space left on device"), for messages. One place
// for it, and safe from any thread: strerror() may hand every thread the same buffer.
#pragma once

#include <QString>
#include <cerrno>
#include <cstring>

namespace seesaw {

inline QString errnoText(int error)
{
    char buffer[256];
    // The GNU strerror_r returns the text, in `buffer` or in a constant string of its own.
    return QString::fromLocal8Bit(strerror_r(error, buffer, sizeof buffer));
}

// The current errno's words: call it before anything else can change errno.
inline QString errnoText()
{
    return errnoText(errno);
}

} // namespace seesaw
