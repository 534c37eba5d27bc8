#include "text.h"

#include <QList>

namespace seesaw {

namespace {
bool isUnsafe(char32_t c)
{
    if (c < 0x20 || (c >= 0x7f && c < 0xa0))
        return true;
    // Bidirectional overrides and isolates can make a name read differently from what it is.
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f)
        return true;
    return c == 0xfffe || c == 0xffff;
}
} // namespace

QString displayString(const QString &untrusted, qsizetype maxChars)
{
    QString out;
    const auto codepoints = untrusted.toUcs4();
    out.reserve(std::min<qsizetype>(codepoints.size(), maxChars + 1));
    qsizetype count = 0;
    for (const uint u : codepoints) {
        const auto c = char32_t(u);
        if (count == maxChars) {
            out += QChar(0x2026);
            break;
        }
        if (isUnsafe(c))
            out += QChar(0xfffd);
        else
            out += QString::fromUcs4(&c, 1);
        ++count;
    }
    return out;
}

QString displayBytes(const QByteArray &untrusted, qsizetype maxChars)
{
    return displayString(QString::fromUtf8(untrusted.left(maxChars * 4)), maxChars);
}

QString toHex(const QByteArray &raw)
{
    return QString::fromLatin1(raw.toHex());
}

QByteArray fromHexStrict(const QString &hex, qsizetype expectedBytes)
{
    if (hex.size() != expectedBytes * 2)
        return {};
    for (QChar c : hex) {
        const char16_t u = c.unicode();
        const bool digit =
            (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
        if (!digit)
            return {};
    }
    return QByteArray::fromHex(hex.toLatin1());
}

bool isAsciiName(QStringView s, qsizetype minLength, qsizetype maxLength,
                 QLatin1String punctuation, bool lowercaseOnly, bool digitOrLetterFirst)
{
    if (s.size() < minLength || s.size() > maxLength)
        return false;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s.at(i).unicode();
        const bool digit = c >= u'0' && c <= u'9';
        const bool lower = c >= u'a' && c <= u'z';
        const bool upper = !lowercaseOnly && c >= u'A' && c <= u'Z';
        if (digit || lower || upper)
            continue;
        if (c > 0x7f || (digitOrLetterFirst && i == 0) ||
            !punctuation.contains(QLatin1Char(static_cast<char>(c))))
            return false;
    }
    return true;
}

} // namespace seesaw
