// Errors as values: every core operation returns a Result<T> carrying either the value or an
// Error with a stable code (for scripts, D-Bus error names and tests) and a translated,
// operator-readable message.
#pragma once

#include <QString>
#include <utility>
#include <variant>

namespace seesaw {

struct Error {
    // Broad category; the CLI maps it to its exit code.
    enum class Kind {
        Invalid,   // malformed or inconsistent bundle, manifest or input data
        Untrusted, // signature or keyring verdict refuses the data
        Io,        // the file system or a device failed
        Usage,     // the caller asked for something impossible
        Cancelled, // the operation was cancelled on request
    };

    Kind kind = Kind::Invalid;
    QString code;    // stable, dotted identifier such as "bundle.trailing-data"
    QString message; // human readable, translated, safe to show as plain text

    Error() = default;
    Error(Kind k, QString c, QString m) : kind(k), code(std::move(c)), message(std::move(m)) {}
};

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::move(value)) {}
    Result(Error error) : m_data(std::move(error)) {}

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<T>(m_data); }
    [[nodiscard]] const T &value() const & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    [[nodiscard]] const Error &error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// Result<void>: success carries nothing.
struct Ok {};
using Status = Result<Ok>;

inline Error makeError(Error::Kind kind, const char *code, QString message)
{
    return {kind, QString::fromLatin1(code), std::move(message)};
}

} // namespace seesaw
