// Public key files: an Ed25519 public key in PEM and, optionally, a name for people.
//
//   -----BEGIN PUBLIC KEY-----
//   MCowBQYDK2VwAyEA...
//   -----END PUBLIC KEY-----
//   Seesaw-Key-Name: Acme release key 2026
//
// The name line follows the PEM block, so every reader that only wants the key (OpenSSL,
// Seesaw before names, and a manifest's keys.add, which must start with the PEM block) skips
// it as text outside the block. Other text outside the block is ignored, as it always was.
// The name is a label, not a credential: it is covered by no signature of its own.
#pragma once

#include "base/result.h"
#include "trust/crypto.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace seesaw {

namespace limits {
constexpr qsizetype MaxKeyNameChars = 64; // code points
} // namespace limits

// The tag that starts the name line, followed by one space and the name (UTF-8).
inline constexpr char KeyNameTag[] = "Seesaw-Key-Name:";

struct KeyFile {
    PublicKey key;
    QString name;        // empty when the file names no key, or its name line is unusable
    QString nameProblem; // why a name line was not used; empty when there was none or it was fine
};

// A name people may give a key: 1..MaxKeyNameChars code points, printable on one line
// (isOneLinePrintable), no U+FFFD (the mark of undecodable bytes), no leading or trailing
// blanks. "key.invalid-name" with the reason.
Status checkKeyName(const QString &name);

// The key as PublicKey::fromPem reads it (its errors unchanged); a name line that is not valid
// UTF-8, fails checkKeyName or appears twice leaves the name empty and says why in nameProblem:
// the key itself stays usable, whoever reads the file decides whether that is acceptable.
Result<KeyFile> parseKeyFile(QByteArrayView text);

// The PEM of the key, then the name line when name is not empty (name must pass checkKeyName).
QByteArray makeKeyFile(const PublicKey &key, const QString &name);

} // namespace seesaw
