// Trust decisions: which keys may sign bundles for this device.
//
// A keyring is a directory of PEM public keys (*.pem) plus an optional file "revoked" listing
// key ids (64 hex digits, one per line, '#' starts a comment). Keys that arrive through key
// rotation live in an overlay directory of the same shape (in the data directory) and are
// merged on load. A revoked key is refused even when it is otherwise trusted. A key file may
// name its key (keyfile.h); the name is shown beside the key id, never trusted for anything.
#pragma once

#include "base/result.h"
#include "trust/crypto.h"
#include "trust/keyfile.h"
#include "trust/signaturefile.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace seesaw {

// Key rotation carried by a manifest; honoured only when the manifest is signed by a key that
// is already trusted (see Keyring::planRotation).
struct KeyUpdate {
    QList<QByteArray> addPem;       // public key files (keyfile.h): PEM, maybe with a name line
    QList<QByteArray> revokeKeyIds; // raw 32-byte key ids
    [[nodiscard]] bool isEmpty() const { return addPem.isEmpty() && revokeKeyIds.isEmpty(); }
    bool operator==(const KeyUpdate &) const = default;
};

namespace limits {
constexpr qsizetype MaxKeyringKeys = 256;
constexpr qsizetype MaxRotationKeys = 8; // keys added or revoked by one manifest
} // namespace limits

struct SignatureCheck {
    enum class Status { Valid, Invalid, UnknownKey, Revoked };
    QByteArray keyId;
    Status status = Status::UnknownKey;
};

// Key changes checked against a keyring and ready to be stored: made only by
// Keyring::planRotation, so nothing unchecked reaches commitRotation.
class RotationPlan {
    friend class Keyring;
    RotationPlan() = default;
    QList<KeyFile> m_keysToWrite;
    QList<QByteArray> m_newRevocations;
    QByteArray m_signerKeyId;
};

struct TrustVerdict {
    bool trusted = false;
    QByteArray keyId;             // the trusted key whose signature verified
    QString keyName;              // that key's name (keyfile.h), empty when it has none
    QList<SignatureCheck> checks; // one per signature in manifest.sig
    QString message;              // operator-readable: who signed, or why it is refused
};

class Keyring {
public:
    Keyring() = default;

    // Loads every *.pem in directory (and overlay, when given and present) and the "revoked"
    // files of both. A missing directory is an error ("keyring.missing"), and so is a damaged
    // "revoked" file ("keyring.invalid-revoked"): ignoring it would trust revoked keys. A key
    // file that is unreadable or not a usable key (checkEd25519PublicKey) is only ignored and
    // listed in ignoredKeyFiles(): trusting one key less refuses no more than that key's
    // bundles, whereas failing the whole keyring would refuse every update, including the one
    // that repairs the keyring. An unusable name line only leaves that key unnamed and is listed
    // in warnings(). When several files hold one key, the first that names it (system keyring
    // before overlay, files in name order) gives its name.
    static Result<Keyring> load(const QString &directory, const QString &overlayDirectory = {});

    void addTrusted(const PublicKey &key, const QString &name = {});
    void revoke(const QByteArray &keyId);

    [[nodiscard]] bool isEmpty() const { return m_keys.isEmpty(); }
    [[nodiscard]] qsizetype size() const { return m_keys.size(); }
    [[nodiscard]] bool isTrusted(const QByteArray &keyId) const;
    [[nodiscard]] bool isRevoked(const QByteArray &keyId) const
    {
        return m_revoked.contains(keyId);
    }
    // The name a key file gave the key; empty for unnamed and unknown keys.
    [[nodiscard]] QString keyName(const QByteArray &keyId) const { return m_names.value(keyId); }
    // Why each ignored key file was ignored, naming the file; an untrusted verdict repeats them.
    [[nodiscard]] const QStringList &ignoredKeyFiles() const { return m_ignored; }
    // Trusted keys whose name line was not used, naming the file and why.
    [[nodiscard]] const QStringList &warnings() const { return m_warnings; }

    // Verifies the signature file against the exact manifest bytes. Trusted when at least one
    // signature verifies with a trusted, non-revoked key. Never parses the manifest.
    [[nodiscard]] TrustVerdict verify(const QByteArray &manifestJson,
                                      const QByteArray &sigFile) const;

    // Key rotation, checked without writing anything: accepted only when `verdict` says the very
    // manifest was signed by an already trusted key ("keyring.rotation-untrusted"), every new
    // key is usable ("keyring.rotation-invalid-key", also for keys of small order or with an
    // unusable name line: a signed manifest has no excuse for one), and the
    // result keeps a trusted key ("keyring.rotation-lockout") within the limits
    // ("keyring.too-many"). The installer plans before it writes the first byte of a slot.
    [[nodiscard]] Result<RotationPlan> planRotation(const KeyUpdate &update,
                                                    const TrustVerdict &verdict,
                                                    const QString &overlayDirectory) const;
    // Stores a plan's new keys (with their names) and revocations in overlayDirectory (keys
    // first) and updates
    // this keyring in memory.
    Status commitRotation(const RotationPlan &plan, const QString &overlayDirectory);
    // planRotation, then commitRotation.
    Status applyRotation(const KeyUpdate &update, const TrustVerdict &verdict,
                         const QString &overlayDirectory);

private:
    Status loadDirectory(const QString &directory, bool required);
    [[nodiscard]] QString ignoredSummary() const;

    QHash<QByteArray, PublicKey> m_keys; // key id -> key
    QHash<QByteArray, QString> m_names;  // key id -> name, for named keys only
    QSet<QByteArray> m_revoked;
    QStringList m_ignored;  // one message per ignored key file
    QStringList m_warnings; // one message per unusable name line
};

} // namespace seesaw
