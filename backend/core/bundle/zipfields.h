// Reading the little-endian fields of ZIP records (zipindex.cpp).
#pragma once

#include <QByteArray>

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

} // namespace seesaw
