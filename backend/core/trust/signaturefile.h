// manifest.sig: the Ed25519 signatures of a bundle's manifest, with the ids of their keys.
//
// JSON: {"signatures":[{"key_id":"<hex>","algorithm":"ed25519","signature":"<base64>"}]} with
// at most MaxSignatures entries and MaxSigFileBytes bytes; key ids in lower case, each key once,
// and no name twice in one object.
#pragma once

#include "base/result.h"
#include "trust/crypto.h"

#include <QByteArray>
#include <QList>

namespace seesaw {

namespace limits {
constexpr qsizetype MaxSigFileBytes = qsizetype(64) * 1024;
constexpr qsizetype MaxSignatures = 16;
} // namespace limits

struct SignatureEntry {
    QByteArray keyId;     // raw 32 bytes
    QByteArray signature; // raw 64 bytes
};

// Parse / produce manifest.sig. Error codes "signature.malformed", "signature.too-large",
// "signature.too-many", "signature.empty".
Result<QList<SignatureEntry>> parseSignatureFile(const QByteArray &sigFile);
QByteArray makeSignatureFile(const QList<SignatureEntry> &signatures);
// Sign the exact manifest bytes with each key.
QByteArray signManifest(const QByteArray &manifestJson, const QList<PrivateKey> &keys);

} // namespace seesaw
