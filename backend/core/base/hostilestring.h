// Helpers for showing hostile strings (from a bundle, a stick or the bus) safely.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringView>

namespace seesaw {

// A printable, length-limited rendering of an untrusted string for messages and the UI:
// control, format (bidi marks, overrides, isolates, zero-width), line and paragraph separator
// characters, lone surrogates and noncharacters become U+FFFD, and anything past maxChars
// (counted in code points) is cut with an ellipsis. Markup and "%1" are left alone: the UI
// shows plain text and messages are filled with one multi-argument arg().
QString displayString(const QString &untrusted, qsizetype maxChars = 80);
QString displayBytes(const QByteArray &untrusted, qsizetype maxChars = 80);
// A udev *_ENC property (a stick's label, vendor, model: unsafe bytes escaped as \xNN) as
// displayString() of its trimmed UTF-8. seesawd and seesaw-ui both show sticks from udev and
// must show the same text.
QString decodeUdevString(const QByteArray &encoded, qsizetype maxChars);

// Lowercase hex of raw bytes, and its strict inverse (exactly 2*expectedBytes hex digits,
// lowercase or uppercase); an empty QByteArray when the text is not such a string.
QString toHex(const QByteArray &raw);
QByteArray fromHexStrict(const QString &hex, qsizetype expectedBytes);

// True when `s` is minLength..maxLength characters, each an ASCII letter or digit or one of
// `punctuation`; with `digitOrLetterFirst` the first must be a letter or digit. For the short
// names of system.conf and manifests (a plain loop: cheaper than a regular expression engine
// in a daemon that otherwise never needs one).
bool isAsciiName(QStringView s, qsizetype minLength, qsizetype maxLength, QLatin1String punctuation,
                 bool lowercaseOnly = false, bool digitOrLetterFirst = false);

// A BCP 47-like language tag as manifests use them: [a-z]{2,3}(-[A-Za-z0-9]{2,8})*, at most
// maxLength characters.
bool isLanguageTag(QStringView s, qsizetype maxLength = 128);

// No control, format (bidi overrides), private-use, unassigned or lone surrogate code points
// and no line breaks: for strings shown on one line in dialogs and logs.
bool isOneLinePrintable(const QString &s);

} // namespace seesaw
