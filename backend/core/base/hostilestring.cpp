#include "base/hostilestring.h"

#include <QList>

namespace seesaw {

namespace {
bool isUnsafe(char32_t c)
{
    // Controls, lone surrogates and line or paragraph separators; format characters (bidi
    // marks, overrides and isolates, zero-width characters, tags) can make a name read
    // differently from what it is, so they go as well.
    switch (QChar::category(c)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return true;
    default:
        break;
    }
    // Noncharacters: U+FDD0..U+FDEF and the last two code points of every plane.
    return (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe;
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
        if (isUnsafe(c)) {
            out += QChar(0xfffd);
        } else {
            out += QString::fromUcs4(&c, 1);
        }
        ++count;
    }
    return out;
}

QString displayBytes(const QByteArray &untrusted, qsizetype maxChars)
{
    return displayString(QString::fromUtf8(untrusted.left(maxChars * 4)), maxChars);
}

QString decodeUdevString(const QByteArray &encoded, qsizetype maxChars)
{
    QByteArray raw;
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        if (encoded[i] == '\\' && i + 3 < encoded.size() && encoded[i + 1] == 'x') {
            bool ok = false;
            const uint value = encoded.mid(i + 2, 2).toUInt(&ok, 16);
            if (ok) {
                raw += char(value);
                i += 3;
                continue;
            }
        }
        raw += encoded[i];
    }
    return displayString(QString::fromUtf8(raw).trimmed(), maxChars);
}

QString toHex(const QByteArray &raw)
{
    return QString::fromLatin1(raw.toHex());
}

QByteArray fromHexStrict(const QString &hex, qsizetype expectedBytes)
{
    if (hex.size() != expectedBytes * 2) {
        return {};
    }
    for (QChar c : hex) {
        const char16_t u = c.unicode();
        const bool digit =
            (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
        if (!digit) {
            return {};
        }
    }
    return QByteArray::fromHex(hex.toLatin1());
}

bool isAsciiName(QStringView s, qsizetype minLength, qsizetype maxLength, QLatin1String punctuation,
                 bool lowercaseOnly, bool digitOrLetterFirst)
{
    if (s.size() < minLength || s.size() > maxLength) {
        return false;
    }
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s.at(i).unicode();
        const bool digit = c >= u'0' && c <= u'9';
        const bool lower = c >= u'a' && c <= u'z';
        const bool upper = !lowercaseOnly && c >= u'A' && c <= u'Z';
        if (digit || lower || upper) {
            continue;
        }
        if (c > 0x7f || (digitOrLetterFirst && i == 0) ||
            !punctuation.contains(QLatin1Char(static_cast<char>(c)))) {
            return false;
        }
    }
    return true;
}

bool isLanguageTag(QStringView s, qsizetype maxLength)
{
    if (s.size() > maxLength) {
        return false;
    }
    const QList<QStringView> parts = s.split(u'-');
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QStringView part = parts[i];
        if (part.size() < 2 || part.size() > (i == 0 ? 3 : 8)) {
            return false;
        }
        for (const QChar c : part) {
            const char16_t u = c.unicode();
            const bool lower = u >= u'a' && u <= u'z';
            const bool other = (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9');
            if (!lower && (i == 0 || !other)) {
                return false;
            }
        }
    }
    return true;
}

bool isOneLinePrintable(const QString &s)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        char32_t c = s[i].unicode();
        if (s[i].isHighSurrogate() && i + 1 < s.size() && s[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(s[i], s[i + 1]);
            ++i;
        }
        const QChar::Category cat = QChar::category(c);
        if (!QChar::isPrint(c) || cat == QChar::Separator_Line ||
            cat == QChar::Separator_Paragraph) {
            return false;
        }
    }
    return true;
}

} // namespace seesaw
