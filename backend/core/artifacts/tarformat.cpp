#include "artifacts/tarformat.h"

#include <cstring>

namespace seesaw::tar {

QByteArray field(const char *header, size_t offset, size_t length)
{
    const char *start = header + offset;
    const auto *end = static_cast<const char *>(std::memchr(start, '\0', length));
    return {start, end != nullptr ? end - start : qsizetype(length)};
}

std::optional<quint64> number(const char *header, size_t offset, size_t length)
{
    const auto *p = reinterpret_cast<const unsigned char *>(header + offset);
    quint64 value = 0;
    if ((p[0] & 0x80U) != 0) {
        if ((p[0] & 0x40U) != 0) {
            return std::nullopt; // negative
        }
        for (size_t i = 0; i < length; ++i) {
            if ((value >> 56) != 0) {
                return std::nullopt;
            }
            value = (value << 8) | (i == 0 ? (p[0] & 0x3fU) : p[i]);
        }
        return value;
    }
    size_t i = 0;
    while (i < length && p[i] == ' ') {
        ++i;
    }
    bool any = false;
    for (; i < length && p[i] >= '0' && p[i] <= '7'; ++i) {
        if ((value >> 60) != 0) {
            return std::nullopt;
        }
        value = value * 8 + (p[i] - '0');
        any = true;
    }
    for (; i < length; ++i) {
        if (p[i] != ' ' && p[i] != '\0') {
            return std::nullopt;
        }
    }
    return any ? std::optional<quint64>(value) : std::nullopt;
}

bool checksumMatches(const char *header)
{
    const auto stored = number(header, 148, 8);
    quint64 sum = 0;
    for (size_t i = 0; i < Block; ++i) {
        sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(header[i]);
    }
    return stored && *stored == sum;
}

std::optional<QList<QByteArray>> components(const QByteArray &path)
{
    if (path.isEmpty() || path.size() > MaxPathBytes || path.startsWith('/') ||
        path.contains('\0')) {
        return std::nullopt;
    }
    QList<QByteArray> parts;
    for (const QByteArray &part : path.split('/')) {
        if (part.isEmpty() || part == ".") {
            continue;
        }
        if (part == ".." || part.size() > MaxComponentBytes) {
            return std::nullopt;
        }
        parts.append(part);
    }
    return parts;
}

// Relative, its ".." components all first and no
// more of them than the link's directory is deep, then plain names. (Each link is created in a
// real directory of the tree, never through a link, and each one points inside: a path through
// links that only descends after climbing stays inside.)
bool linkStaysInside(const QByteArray &target, qsizetype depth)
{
    if (target.isEmpty() || target.size() > MaxPathBytes || target.startsWith('/') ||
        target.contains('\0')) {
        return false;
    }
    bool named = false;
    for (const QByteArray &part : target.split('/')) {
        if (part.isEmpty() || part == ".") {
            continue;
        }
        if (part == "..") {
            if (named || --depth < 0) {
                return false;
            }
        } else {
            named = true;
        }
    }
    return true;
}

bool readPax(const QByteArray &data, QByteArray *path, QByteArray *linkpath,
             std::optional<quint64> *size)
{
    qsizetype at = 0;
    while (at < data.size()) {
        const qsizetype space = data.indexOf(' ', at);
        bool ok = false;
        const qsizetype length = space > at ? data.mid(at, space - at).toLongLong(&ok) : 0;
        if (!ok || length <= space - at + 1 || at + length > data.size() ||
            data.at(at + length - 1) != '\n') {
            return false;
        }
        const QByteArray record = data.mid(space + 1, length - (space - at) - 2);
        const qsizetype eq = record.indexOf('=');
        if (eq <= 0) {
            return false;
        }
        const QByteArray key = record.left(eq);
        const QByteArray value = record.mid(eq + 1);
        if (key == "path") {
            *path = value;
        } else if (key == "linkpath") {
            *linkpath = value;
        } else if (key == "size") {
            bool sizeOk = false;
            *size = value.toULongLong(&sizeOk);
            if (!sizeOk) {
                return false;
            }
        }
        at += length;
    }
    return true;
}

} // namespace seesaw::tar
