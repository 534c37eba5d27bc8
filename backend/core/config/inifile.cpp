#include "config/inifile.h"

#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QStringList>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::SystemConfig", text);
}

QString quoted(const QString &value)
{
    return QLatin1Char('\'') + displayString(value, 256) + QLatin1Char('\'');
}

} // namespace

std::optional<IniSyntaxError> parseIni(const QString &text, QList<IniSection> *out)
{
    QList<IniSection> &sections = *out;
    sections.clear();
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const int number = int(i + 1);
        QString line = lines.at(i);
        if (line.endsWith(QLatin1Char('\r'))) {
            line.chop(1);
        }
        for (const QChar c : line) {
            if ((c.unicode() < 0x20 && c != QLatin1Char('\t')) || c.unicode() == 0x7f) {
                return IniSyntaxError{number, QString(), QString(),
                                      tr("contains a control character")};
            }
        }
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')) ||
            line.startsWith(QLatin1Char(';'))) {
            continue;
        }
        for (qsizetype j = 1; j < line.size(); ++j) {
            if (line.at(j) == QLatin1Char(';') &&
                (line.at(j - 1) == QLatin1Char(' ') || line.at(j - 1) == QLatin1Char('\t'))) {
                line = line.left(j).trimmed();
                break;
            }
        }

        if (line.startsWith(QLatin1Char('['))) {
            const QString name = line.mid(1, line.size() - 2);
            if (!line.endsWith(QLatin1Char(']')) || line.size() < 3 || name != name.trimmed() ||
                name.contains(QLatin1Char('[')) || name.contains(QLatin1Char(']'))) {
                return IniSyntaxError{
                    number, QString(), QString(),
                    tr("%1 is not a section header like [system]").arg(quoted(line))};
            }
            for (const IniSection &seen : std::as_const(sections)) {
                if (seen.name == name) {
                    return IniSyntaxError{
                        number, name, QString(),
                        tr("the section appears twice (first on line %1)").arg(seen.line)};
                }
            }
            sections.append(IniSection{name, number, {}});
            continue;
        }

        const qsizetype equals = line.indexOf(QLatin1Char('='));
        if (equals < 0) {
            return IniSyntaxError{
                number, QString(), QString(),
                tr("%1 is neither a section header nor key=value").arg(quoted(line))};
        }
        IniEntry entry{line.left(equals).trimmed(), line.mid(equals + 1).trimmed(), number};
        if (entry.key.isEmpty()) {
            return IniSyntaxError{number, QString(), QString(),
                                  tr("a line starts with '=' (no key)")};
        }
        if (sections.isEmpty()) {
            return IniSyntaxError{number, QString(), QString(),
                                  tr("key %1 comes before any [section]").arg(quoted(entry.key))};
        }
        IniSection &section = sections.last();
        for (const IniEntry &seen : std::as_const(section.entries)) {
            if (seen.key == entry.key) {
                return IniSyntaxError{
                    number, section.name, entry.key,
                    tr("the key appears twice (first on line %1)").arg(seen.line)};
            }
        }
        section.entries.append(entry);
    }
    return std::nullopt;
}

} // namespace seesaw
