#include "trust/signaturefile.h"

#include "base/hostilestring.h"
#include "base/jsontext.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QStringList>
#include <algorithm>

namespace seesaw {

namespace {

// The keyring's context: these messages were the keyring's before manifest.sig had a file.
QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Keyring", text);
}

Error malformed(const QString &message)
{
    return makeError(Error::Kind::Invalid, "signature.malformed", message);
}

// The "signatures" list of manifest.sig, the only field of its JSON object.
Result<QJsonArray> signatureList(const QByteArray &sigFile)
{
    if (sigFile.size() > limits::MaxSigFileBytes) {
        return makeError(Error::Kind::Invalid, "signature.too-large",
                         tr("manifest.sig is larger than %1 bytes.").arg(limits::MaxSigFileBytes));
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(sigFile, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return malformed(tr("manifest.sig is not valid JSON (%1 at offset %2).")
                             .arg(parseError.errorString(), QString::number(parseError.offset)));
    }
    if (!doc.isObject()) {
        return malformed(tr("manifest.sig is not a JSON object."));
    }
    if (const QString repeated = scanJsonText(sigFile).repeatedKey; !repeated.isEmpty()) {
        return malformed(tr("manifest.sig names \"%1\" more than once.").arg(repeated));
    }
    const QJsonObject root = doc.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() != QLatin1String("signatures")) {
            return malformed(
                tr("manifest.sig has an unknown field \"%1\".").arg(displayString(it.key(), 40)));
        }
    }
    const QJsonValue list = root.value(QLatin1String("signatures"));
    if (!list.isArray()) {
        return malformed(tr("manifest.sig has no \"signatures\" list."));
    }
    const QJsonArray array = list.toArray();
    if (array.isEmpty()) {
        return makeError(Error::Kind::Invalid, "signature.empty",
                         tr("manifest.sig holds no signature."));
    }
    if (array.size() > limits::MaxSignatures) {
        return makeError(
            Error::Kind::Invalid, "signature.too-many",
            tr("manifest.sig holds %1 signatures; at most %2 are allowed.")
                .arg(QString::number(array.size()), QString::number(limits::MaxSignatures)));
    }
    return array;
}

// Signature number (operators count from one) of the list: exactly the three text fields, an
// Ed25519 signature by a key id in lower-case hexadecimal.
Result<SignatureEntry> parseSignature(const QJsonValue &value, qsizetype number)
{
    static const QStringList known = {QStringLiteral("key_id"), QStringLiteral("algorithm"),
                                      QStringLiteral("signature")};
    if (!value.isObject()) {
        return malformed(tr("Signature %1 is not a JSON object.").arg(number));
    }
    const QJsonObject obj = value.toObject();
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        if (!known.contains(it.key())) {
            return malformed(tr("Signature %1 has an unknown field \"%2\".")
                                 .arg(QString::number(number), displayString(it.key(), 40)));
        }
    }
    for (const QString &field : known) {
        if (!obj.value(field).isString()) {
            return malformed(
                tr("Signature %1 has no text field \"%2\".").arg(QString::number(number), field));
        }
    }
    const QString algorithm = obj.value(QLatin1String("algorithm")).toString();
    if (algorithm != QLatin1String("ed25519")) {
        return malformed(
            tr("Signature %1 uses the unsupported algorithm \"%2\"; only ed25519 is accepted.")
                .arg(QString::number(number), displayString(algorithm, 40)));
    }
    const QString keyIdHex = obj.value(QLatin1String("key_id")).toString();
    SignatureEntry entry;
    entry.keyId = fromHexStrict(keyIdHex, Sha256::Size);
    if (entry.keyId.isEmpty()) {
        return malformed(tr("Signature %1 has a key id \"%2\" that is not 64 hexadecimal digits.")
                             .arg(QString::number(number), displayString(keyIdHex, 70)));
    }
    // One spelling per key id, as Seesaw writes them: no second form to compare or log.
    if (toHex(entry.keyId) != keyIdHex) {
        return malformed(tr("Signature %1 has a key id in upper case; key ids are written "
                            "in lower-case hexadecimal.")
                             .arg(QString::number(number)));
    }
    const QString sigText = obj.value(QLatin1String("signature")).toString();
    const auto decoded = QByteArray::fromBase64Encoding(
        sigText.toLatin1(), QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
    const QString keyHex = toHex(entry.keyId);
    if (decoded.decodingStatus != QByteArray::Base64DecodingStatus::Ok) {
        return malformed(
            tr("Signature %1 (key %2) is not valid base64.").arg(QString::number(number), keyHex));
    }
    if (decoded.decoded.size() != PublicKey::SignatureSize) {
        return malformed(
            tr("Signature %1 (key %2) is %3 bytes long; an Ed25519 signature is %4 bytes.")
                .arg(QString::number(number), keyHex, QString::number(decoded.decoded.size()),
                     QString::number(PublicKey::SignatureSize)));
    }
    entry.signature = decoded.decoded;
    return entry;
}

} // namespace

Result<QList<SignatureEntry>> parseSignatureFile(const QByteArray &sigFile)
{
    auto array = signatureList(sigFile);
    if (!array) {
        return array.error();
    }
    QList<SignatureEntry> entries;
    entries.reserve(array->size());
    for (qsizetype i = 0; i < array->size(); ++i) {
        const qsizetype number = i + 1; // operators count from one
        auto entry = parseSignature(array->at(i), number);
        if (!entry) {
            return entry.error();
        }
        const auto dup =
            std::find_if(entries.cbegin(), entries.cend(),
                         [&](const SignatureEntry &e) { return e.keyId == entry->keyId; });
        if (dup != entries.cend()) {
            return malformed(tr("Signature %1 repeats key %2 of signature %3.")
                                 .arg(QString::number(number), toHex(entry->keyId),
                                      QString::number(dup - entries.cbegin() + 1)));
        }
        entries.append(*entry);
    }
    return entries;
}

QByteArray makeSignatureFile(const QList<SignatureEntry> &signatures)
{
    QJsonArray list;
    for (const SignatureEntry &entry : signatures) {
        QJsonObject obj;
        obj.insert(QLatin1String("key_id"), toHex(entry.keyId));
        obj.insert(QLatin1String("algorithm"), QStringLiteral("ed25519"));
        obj.insert(QLatin1String("signature"), QString::fromLatin1(entry.signature.toBase64()));
        list.append(obj);
    }
    QJsonObject root;
    root.insert(QLatin1String("signatures"), list);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray signManifest(const QByteArray &manifestJson, const QList<PrivateKey> &keys)
{
    QList<SignatureEntry> entries;
    for (const PrivateKey &key : keys) {
        entries.append(SignatureEntry{key.publicKey().keyId(), key.sign(manifestJson)});
    }
    return makeSignatureFile(entries);
}

} // namespace seesaw
