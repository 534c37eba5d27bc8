#include "base/jsontext.h"

#include "base/hostilestring.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

namespace seesaw {

QString jsonMemberPath(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + u'.' + key;
}

QString jsonElementPath(const QString &path, qsizetype index)
{
    return path + u'[' + QString::number(index) + u']';
}

namespace json {

Node child(const Node &object, const QString &key)
{
    return {object.value.toObject().value(key), jsonMemberPath(object.path, key)};
}

Node child(const Node &object, const char *key)
{
    return child(object, QString::fromLatin1(key));
}

Node element(const Node &array, const QJsonArray &items, qsizetype index)
{
    return {items.at(index), jsonElementPath(array.path, index)};
}

} // namespace json

// QJsonDocument silently keeps the last of several equal keys, so a signed manifest could show
// a reviewer one value and hand us another. Comparing key counts would detect that but not say
// where, so this walks the text (already accepted by QJsonDocument, hence well-formed) once,
// keeping the keys of every open object, and reports the first repeat with its path. A string
// followed by ':' is a key; keys with escapes are decoded by Qt's parser, so "a" == "\u0061".
// The same walk notes the path of every number spelled with a sign, fraction or exponent,
// which the parsed value (1.0 is 1) no longer shows.
JsonTextScan scanJsonText(const QByteArray &json)
{
    struct Frame {
        bool object = false;
        qsizetype index = 0; // arrays: the element being read
        QString key;         // objects: the member being read
        QSet<QString> keys;
    };
    JsonTextScan result;
    QList<Frame> stack;
    // The path of the innermost open object or array.
    const auto containerPath = [&stack] {
        QString path;
        for (qsizetype f = 0; f + 1 < stack.size(); ++f) {
            path = stack[f].object ? jsonMemberPath(path, displayString(stack[f].key))
                                   : jsonElementPath(path, stack[f].index);
        }
        return path;
    };
    const qsizetype n = json.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = json[i];
        if (c == '-' || (c >= '0' && c <= '9')) {
            // Outside strings, digits only occur in numbers: [-]digits[.digits][(e|E)[+-]digits]
            bool plain = c != '-';
            for (; i + 1 < n && QByteArrayView("0123456789.eE+-").contains(json[i + 1]); ++i) {
                plain = plain && json[i + 1] >= '0' && json[i + 1] <= '9';
            }
            if (!plain && !stack.isEmpty()) {
                const Frame &top = stack.last();
                result.unplainNumbers.insert(
                    top.object ? jsonMemberPath(containerPath(), displayString(top.key))
                               : jsonElementPath(containerPath(), top.index));
            }
        } else if (c == '{' || c == '[') {
            stack.append(Frame{c == '{', 0, {}, {}});
        } else if ((c == '}' || c == ']') && !stack.isEmpty()) {
            stack.removeLast();
        } else if (c == ',' && !stack.isEmpty() && !stack.last().object) {
            ++stack.last().index;
        } else if (c == '"') {
            const qsizetype start = i;
            bool escaped = false;
            for (++i; i < n && json[i] != '"'; ++i) {
                if (json[i] == '\\') {
                    escaped = true;
                    ++i;
                }
            }
            qsizetype next = i + 1;
            while (next < n && (json[next] == ' ' || json[next] == '\t' || json[next] == '\n' ||
                                json[next] == '\r')) {
                ++next;
            }
            if (next >= n || json[next] != ':' || stack.isEmpty() || !stack.last().object) {
                continue;
            }
            const QByteArray raw = json.mid(start, i - start + 1);
            const QString key =
                escaped ? QJsonDocument::fromJson('[' + raw + ']').array().at(0).toString()
                        : QString::fromUtf8(raw.mid(1, raw.size() - 2));
            Frame &top = stack.last();
            if (top.keys.contains(key)) {
                result.repeatedKey = jsonMemberPath(containerPath(), displayString(key));
                return result;
            }
            top.keys.insert(key);
            top.key = key;
        }
    }
    return result;
}

} // namespace seesaw
