// The typed field readers of the manifest parser (manifestparser.h).
#include "bundle/manifestparser.h"

#include "base/hostilestring.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace seesaw {

namespace {

constexpr qsizetype Sha256Bytes = 32;

} // namespace

using json::Node;

bool ManifestFieldReader::fail(const char *code, QString message)
{
    m_error = makeError(Error::Kind::Invalid, code, std::move(message));
    return false;
}

bool ManifestFieldReader::expect(const Node &n, JsonType type)
{
    static const char *const wrongType[] = {
        QT_TRANSLATE_NOOP("seesaw::Manifest", "%1: must be a string"),
        QT_TRANSLATE_NOOP("seesaw::Manifest", "%1: must be a number"),
        QT_TRANSLATE_NOOP("seesaw::Manifest", "%1: must be an array"),
        QT_TRANSLATE_NOOP("seesaw::Manifest", "%1: must be an object"),
    };
    if (!n.present()) {
        return fail("manifest.missing-field", tr("%1: required field is missing").arg(n.path));
    }
    const QJsonValue::Type expected[] = {QJsonValue::String, QJsonValue::Double, QJsonValue::Array,
                                         QJsonValue::Object};
    const auto index = static_cast<std::size_t>(type);
    if (n.value.type() != expected[index]) {
        return fail("manifest.wrong-type", tr(wrongType[index]).arg(n.path));
    }
    return true;
}

bool ManifestFieldReader::object(const Node &n, std::initializer_list<const char *> allowed)
{
    if (!expect(n, JsonType::Object)) {
        return false;
    }
    const QStringList keys = n.value.toObject().keys();
    for (const QString &key : keys) {
        if (std::none_of(allowed.begin(), allowed.end(),
                         [&key](const char *a) { return key == QLatin1String(a); })) {
            return fail("manifest.unknown-field",
                        tr("%1: unknown field").arg(jsonMemberPath(n.path, displayString(key))));
        }
    }
    return true;
}

bool ManifestFieldReader::array(const Node &n, qsizetype maxEntries, QJsonArray &out)
{
    if (!expect(n, JsonType::Array)) {
        return false;
    }
    out = n.value.toArray();
    if (out.size() > maxEntries) {
        return fail("manifest.too-many",
                    tr("%1: more than %2 entries").arg(n.path, QString::number(maxEntries)));
    }
    return true;
}

bool ManifestFieldReader::string(const Node &n, qsizetype maxChars, QString &out)
{
    if (!expect(n, JsonType::String)) {
        return false;
    }
    out = n.value.toString();
    if (out.size() > maxChars) {
        return fail("manifest.too-long",
                    tr("%1: longer than %2 characters").arg(n.path, QString::number(maxChars)));
    }
    return true;
}

bool ManifestFieldReader::label(const Node &n, QString &out)
{
    if (!string(n, m_shortChars, out)) {
        return false;
    }
    if (out.isEmpty()) {
        return fail("manifest.invalid-value", tr("%1: must not be empty").arg(n.path));
    }
    if (!isOneLinePrintable(out)) {
        return fail("manifest.invalid-value",
                    tr("%1: contains control or invisible characters").arg(n.path));
    }
    return true;
}

// toInteger() sees the literal Qt parsed: 9007199254740993 is not taken for 2^53.
bool ManifestFieldReader::integer(const Node &n, quint64 max, quint64 &out)
{
    if (!expect(n, JsonType::Number)) {
        return false;
    }
    const double d = n.value.toDouble();
    const qint64 i = n.value.toInteger(-1);
    if (!std::isfinite(d) || std::floor(d) != d || d < 0 || i < 0 || quint64(i) > max) {
        return fail(
            "manifest.invalid-value",
            tr("%1: must be a whole number from 0 to %2").arg(n.path, QString::number(max)));
    }
    if (!plainNumber(n)) {
        return false;
    }
    out = quint64(i);
    return true;
}

bool ManifestFieldReader::plainNumber(const Node &n)
{
    if (!m_unplainNumbers.contains(n.path)) {
        return true;
    }
    return fail("manifest.invalid-value",
                tr("%1: must be written as plain digits, without a sign, fraction or exponent")
                    .arg(n.path));
}

bool ManifestFieldReader::hash(const Node &n, QByteArray &out)
{
    QString text;
    if (!string(n, m_shortChars, text)) {
        return false;
    }
    // Lowercase only, as toJson() writes it: one spelling per manifest.
    out = text == text.toLower() ? fromHexStrict(text, Sha256Bytes) : QByteArray();
    if (out.isEmpty()) {
        return fail("manifest.invalid-value", tr("%1: not a SHA-256 hash").arg(n.path));
    }
    return true;
}

bool ManifestFieldReader::version(const Node &n, SemVer &out)
{
    QString text;
    if (!string(n, m_shortChars, text)) {
        return false;
    }
    const Result<SemVer> v = SemVer::parse(text);
    if (!v) {
        return fail("manifest.invalid-value", tr("%1: %2").arg(n.path, v.error().message));
    }
    out = *v;
    return true;
}

bool ManifestFieldReader::timestamp(const Node &n, QDateTime &out)
{
    QString text;
    if (!string(n, m_shortChars, text)) {
        return false;
    }
    // Qt::ISODate alone also takes offsets, local times and bare dates: insist on UTC.
    const QRegularExpression shape(QRegularExpression::anchoredPattern(
        QStringLiteral("[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
                       "(\\.[0-9]{1,3})?Z")));
    out = shape.match(text).hasMatch() ? QDateTime::fromString(text, Qt::ISODate).toUTC()
                                       : QDateTime();
    if (!out.isValid()) {
        return fail(
            "manifest.invalid-value",
            tr("%1: not a UTC time in ISO 8601 form such as 2026-11-22T10:00:00Z").arg(n.path));
    }
    return true;
}

bool ManifestFieldReader::releaseNotes(const Node &n, qsizetype maxLanguages, qsizetype maxChars,
                                       QMap<QString, QString> &out)
{
    if (!expect(n, JsonType::Object)) {
        return false;
    }
    const QJsonObject object = n.value.toObject();
    if (object.size() > maxLanguages) {
        return fail("manifest.too-many",
                    tr("%1: more than %2 entries").arg(n.path, QString::number(maxLanguages)));
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        const Node note{it.value(), jsonMemberPath(n.path, displayString(it.key()))};
        if (!isLanguageTag(it.key(), m_shortChars)) {
            return fail("manifest.invalid-value",
                        tr(R"(%1: not a language tag such as "en" or "zh-CN")").arg(note.path));
        }
        QString text;
        if (!string(note, maxChars, text)) {
            return false;
        }
        out.insert(it.key(), text);
    }
    return true;
}

} // namespace seesaw
