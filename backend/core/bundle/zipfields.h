// Reading ZIP records (zipindex.cpp, zipdirectory.cpp): bytes at an offset of the bundle, and
// their little-endian fields.
#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QString>

namespace seesaw {

// Little-endian field reader over a byte buffer that refuses to read past its end.
class ZipFields {
public:
    explicit ZipFields(const QByteArray &data, qsizetype pos = 0) : m_data(data), m_pos(pos) {}
    [[nodiscard]] bool has(qsizetype n) const
    {
        return m_pos >= 0 && n >= 0 && m_pos + n <= m_data.size();
    }
    // Reading past the end yields zeros; callers check has() first, this is the safety net.
    quint16 u16()
    {
        quint16 v = 0;
        if (has(2)) {
            const auto lo = quint16(quint8(m_data.at(m_pos)));
            const auto hi = quint16(quint8(m_data.at(m_pos + 1)));
            v = quint16(lo | (hi << 8));
        }
        m_pos += 2;
        return v;
    }
    quint32 u32()
    {
        const quint32 lo = u16();
        const quint32 hi = u16();
        return lo | (hi << 16);
    }
    quint64 u64()
    {
        const quint64 lo = u32();
        const quint64 hi = u32();
        return lo | (hi << 32);
    }
    QByteArray bytes(qsizetype n)
    {
        QByteArray out = m_data.mid(m_pos, n);
        m_pos += n;
        return out;
    }
    void skip(qsizetype n) { m_pos += n; }
    [[nodiscard]] qsizetype pos() const { return m_pos; }

private:
    const QByteArray &m_data;
    qsizetype m_pos;
};

namespace zip {

constexpr quint32 Max32 = 0xffffffffU;
constexpr quint16 Zip64Version = 45; // minizip writes it as both versions of the ZIP64 end record

// Defined in zipindex.cpp, beside preadFully.
Error corrupt(const QString &message);                           // "bundle.zip-corrupt"
Result<QByteArray> readAt(int fd, quint64 offset, quint64 size); // "bundle.io"

} // namespace zip

} // namespace seesaw
