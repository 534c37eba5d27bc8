// The INI files of system.conf.
// Our own reader rather than QSettings: QSettings accepts malformed lines silently, splits
// values at ',' into lists, gives ';' and '"' meanings of its own and forgets line numbers, so
// it could not tell an operator which line is wrong. The grammar here is small and strict:
//   [section]          a section header, each section at most once
//   key = value        keys and values are trimmed, each key at most once per section
//   # text / ; text    full-line comments
//   value ; text       an inline comment starts at a ';' preceded by a space or tab
// Everything else, control characters included, is a syntax error (invalid UTF-8 is refused
// before, when configloader.cpp reads the file).
#pragma once

#include <QList>
#include <QString>
#include <optional>

namespace seesaw {

struct IniEntry {
    QString key;
    QString value;
    int line = 0;
};

struct IniSection {
    QString name;
    int line = 0;
    QList<IniEntry> entries;
};

// Where the text breaks the grammar, and how, in words for the operator.
struct IniSyntaxError {
    int line = 0;
    QString section; // when the error belongs to one
    QString key;
    QString what;
};

// Reads the sections, in the order of the text, into *out; the first error otherwise.
std::optional<IniSyntaxError> parseIni(const QString &text, QList<IniSection> *out);

} // namespace seesaw
