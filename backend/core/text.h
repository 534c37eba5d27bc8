// Helpers for showing hostile strings (from a bundle, a stick or the bus) safely.
#pragma once

#include <QByteArray>
#include <QString>

namespace seesaw {

// A printable, length-limited rendering of an untrusted string for messages: control and
// bidi-override characters become U+FFFD and anything past maxChars is cut with an ellipsis.
QString displayString(const QString &untrusted, qsizetype maxChars = 80);
QString displayBytes(const QByteArray &untrusted, qsizetype maxChars = 80);

// Lowercase hex of raw bytes, and its strict inverse (exactly 2*expectedBytes hex digits,
// lowercase or uppercase); an empty QByteArray when the text is not such a string.
QString toHex(const QByteArray &raw);
QByteArray fromHexStrict(const QString &hex, qsizetype expectedBytes);

} // namespace seesaw
