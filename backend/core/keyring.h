// Trust decisions: which keys may sign bundles for this device.
//
// A keyring is a directory of PEM public keys (*.pem) plus an optional file "revoked" listing
// key ids (64 hex digits, one per line, '#' starts a comment). Keys that arrive through key
// rotation live in an overlay directory of the same shape (in the data directory) and are
// merged on load. A revoked key is refused even when it is otherwise trusted.
//
// manifest.sig is JSON: {"signatures":[{"key_id":"<hex>","algorithm":"ed25519",
// "signature":"<base64>"}]} with at most MaxSignatures entries and MaxSigFileBytes bytes.
#pragma once

#include "crypto.h"
#include "result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

namespace seesaw {

struct KeyUpdate;

namespace limits {
constexpr qsizetype MaxSigFileBytes = 64 * 1024;
constexpr qsizetype MaxSignatures = 16;
constexpr qsizetype MaxKeyringKeys = 256;
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

struct SignatureCheck {
    enum class Status { Valid, Invalid, UnknownKey, Revoked };
    QByteArray keyId;
    Status status = Status::UnknownKey;
};

struct TrustVerdict {
    bool trusted = false;
    QByteArray keyId;             // the trusted key whose signature verified
    QList<SignatureCheck> checks; // one per signature in manifest.sig
    QString message;              // operator-readable: who signed, or why it is refused
};

class Keyring {
public:
    Keyring() = default;

    // Loads every *.pem in directory (and overlay, when given and present) and the "revoked"
    // files of both. A missing directory is an error ("keyring.missing"); an unreadable or
    // invalid key file is an error naming the file ("keyring.invalid-key").
    static Result<Keyring> load(const QString &directory, const QString &overlayDirectory = {});

    void addTrusted(const PublicKey &key);
    void revoke(const QByteArray &keyId);

    bool isEmpty() const { return m_keys.isEmpty(); }
    qsizetype size() const { return m_keys.size(); }
    bool isTrusted(const QByteArray &keyId) const;
    bool isRevoked(const QByteArray &keyId) const { return m_revoked.contains(keyId); }

    // Verifies the signature file against the exact manifest bytes. Trusted when at least one
    // signature verifies with a trusted, non-revoked key. Never parses the manifest.
    TrustVerdict verify(const QByteArray &manifestJson, const QByteArray &sigFile) const;

    // Key rotation: stores the manifest's new keys and revocations in overlayDirectory, but
    // only when `verdict` says the very manifest was signed by an already trusted key
    // (error "keyring.rotation-untrusted" otherwise). Also updates this keyring in memory.
    Status applyRotation(const KeyUpdate &update, const TrustVerdict &verdict,
                         const QString &overlayDirectory);

private:
    Status loadDirectory(const QString &directory, bool required);

    QHash<QByteArray, PublicKey> m_keys; // key id -> key
    QSet<QByteArray> m_revoked;
};

} // namespace seesaw
