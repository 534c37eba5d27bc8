#include "trust/keyfile.h"

#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QList>
#include <QStringDecoder>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::KeyFile", text);
}

Error invalidName(const QString &why)
{
    return makeError(Error::Kind::Invalid, "key.invalid-name", why);
}

// The name of one name line (its bytes after the tag), or why it is unusable.
Result<QString> nameOfLine(const QByteArray &value)
{
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString name = decoder(value.trimmed());
    if (decoder.hasError()) {
        return invalidName(tr("The key name is not valid UTF-8."));
    }
    if (Status ok = checkKeyName(name); !ok) {
        return ok.error();
    }
    return name;
}

} // namespace

Status checkKeyName(const QString &name)
{
    if (name.isEmpty()) {
        return invalidName(tr("The key name is empty."));
    }
    if (name.toUcs4().size() > limits::MaxKeyNameChars) {
        return invalidName(tr("The key name is longer than %1 characters.")
                               .arg(QString::number(limits::MaxKeyNameChars)));
    }
    if (!isOneLinePrintable(name)) {
        return invalidName(tr("The key name contains control or invisible characters."));
    }
    // What a decoder puts in place of bytes that were not UTF-8 (a command line's, too).
    if (name.contains(QChar::ReplacementCharacter)) {
        return invalidName(tr("The key name is not valid UTF-8 (it holds U+FFFD)."));
    }
    if (name.front().isSpace() || name.back().isSpace()) {
        return invalidName(tr("The key name starts or ends with a blank."));
    }
    return Ok{};
}

Result<KeyFile> parseKeyFile(QByteArrayView text)
{
    Result<PublicKey> key = PublicKey::fromPem(text);
    if (!key) {
        return key.error();
    }
    KeyFile file;
    file.key = std::move(*key);

    const QByteArrayView tag(KeyNameTag);
    bool inBlock = false;
    qsizetype nameLines = 0;
    for (const QByteArray &line : text.toByteArray().split('\n')) {
        if (line.startsWith("-----BEGIN ")) {
            inBlock = true;
        } else if (line.startsWith("-----END ")) {
            inBlock = false;
        } else if (!inBlock && line.startsWith(tag)) {
            if (++nameLines > 1) {
                continue;
            }
            const Result<QString> name = nameOfLine(line.mid(tag.size()));
            if (name) {
                file.name = *name;
            } else {
                file.nameProblem = name.error().message;
            }
        }
    }
    if (nameLines > 1) {
        file.name.clear();
        file.nameProblem = tr("The key file has more than one name line.");
    }
    return file;
}

QByteArray makeKeyFile(const PublicKey &key, const QString &name)
{
    QByteArray text = key.toPem();
    if (!name.isEmpty() && !text.isEmpty()) {
        text += QByteArray(KeyNameTag) + ' ' + name.toUtf8() + '\n';
    }
    return text;
}

} // namespace seesaw
