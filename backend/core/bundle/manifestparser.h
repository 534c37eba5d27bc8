// The typed field readers manifest.cpp parses a manifest with: each checks one JSON value's type
// and limits, and the first one that refuses a value keeps the error ("seesaw::Manifest").
#pragma once

#include "base/jsontext.h"
#include "base/result.h"
#include "base/semver.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QMap>
#include <QSet>
#include <QString>
#include <initializer_list>
#include <optional>
#include <utility>

namespace seesaw {

enum class JsonType { String, Number, Array, Object };

class ManifestFieldReader {
    Q_DECLARE_TR_FUNCTIONS(seesaw::Manifest)

public:
    // Numbers the text spells with a sign, fraction or exponent (scanJsonText), which the
    // parsed document no longer shows: integer() refuses them. Labels, hashes, versions and
    // times are strings of at most `shortChars`.
    ManifestFieldReader(QSet<QString> unplainNumbers, qsizetype shortChars)
        : m_unplainNumbers(std::move(unplainNumbers)), m_shortChars(shortChars)
    {}

    // Why the last reader returned false.
    [[nodiscard]] const Error &error() const { return *m_error; }

protected:
    bool fail(const char *code, QString message);

    bool expect(const json::Node &n, JsonType type);
    bool object(const json::Node &n, std::initializer_list<const char *> allowed);
    bool array(const json::Node &n, qsizetype maxEntries, QJsonArray &out);
    bool string(const json::Node &n, qsizetype maxChars, QString &out);
    // Names shown to people: non-empty, short, printable.
    bool label(const json::Node &n, QString &out);
    // JSON numbers are doubles, so only integers a double holds exactly are accepted.
    bool integer(const json::Node &n, quint64 max, quint64 &out);
    // One spelling per value, as toJson() writes it: 4096, never 4096.0, 4.096e3 or -0.
    bool plainNumber(const json::Node &n);
    bool hash(const json::Node &n, QByteArray &out);
    bool version(const json::Node &n, SemVer &out);
    bool timestamp(const json::Node &n, QDateTime &out);
    // Language tag ("en", "zh-CN", at most `shortChars`) -> plain text: at most maxLanguages
    // of them, each at most maxChars.
    bool releaseNotes(const json::Node &n, qsizetype maxLanguages, qsizetype maxChars,
                      QMap<QString, QString> &out);

private:
    std::optional<Error> m_error;
    QSet<QString> m_unplainNumbers; // paths of numbers written other than as plain digits
    qsizetype m_shortChars;
};

} // namespace seesaw
