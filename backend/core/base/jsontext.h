// Reading JSON written by someone else: what QJsonDocument does not show, and the paths that
// name a value in error messages ("images[0].chunk_sha256[3]").
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonValue>
#include <QSet>
#include <QString>

namespace seesaw {

QString jsonMemberPath(const QString &path, const QString &key); // "a.b"
QString jsonElementPath(const QString &path, qsizetype index);   // "a[3]"

// What QJsonDocument no longer shows, read from `json` (text it has accepted): the path of the
// first name repeated within one object, e.g. "signatures[0].key_id" (empty when there is none;
// QJsonDocument keeps only the last of equal names, so a reviewer of the text and the parser
// could see different values), and the paths of numbers spelled with a sign, fraction or
// exponent (1.0 parses as 1).
struct JsonTextScan {
    QString repeatedKey;
    QSet<QString> unplainNumbers;
};
JsonTextScan scanJsonText(const QByteArray &json);

namespace json {

constexpr quint64 MaxExactInteger = quint64(1) << 53; // largest integer a double holds exactly

// A JSON value and the path that names it in messages ("slots.A.status", "images[0].size").
struct Node {
    QJsonValue value;
    QString path;
    [[nodiscard]] bool present() const { return !value.isUndefined(); }
};
Node child(const Node &object, const QString &key);
Node child(const Node &object, const char *key);
Node element(const Node &array, const QJsonArray &items, qsizetype index);

} // namespace json

} // namespace seesaw
