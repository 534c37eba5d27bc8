// Hashing and Ed25519 signatures through OpenSSL 3 EVP.
#pragma once

#include "base/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <memory>

struct evp_md_ctx_st;
struct evp_pkey_st;

namespace seesaw {

class Sha256 {
public:
    static constexpr qsizetype Size = 32;
    Sha256();
    ~Sha256();
    Sha256(Sha256 && /*other*/) noexcept;
    Sha256 &operator=(Sha256 && /*other*/) noexcept;
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void update(const void *data, size_t size);
    void update(QByteArrayView data) { update(data.data(), size_t(data.size())); }
    QByteArray finish(); // raw 32 bytes; the object is reset afterwards

    static QByteArray hash(QByteArrayView data);

private:
    evp_md_ctx_st *m_ctx;
};

// Refuses an Ed25519 public key (32 raw bytes) that must never be trusted, "key.weak": a point of
// small order, for which anyone can make signatures that verify without any private key, or a
// non-canonical encoding, which no honest encoder writes. Every key a working generator makes
// passes.
Status checkEd25519PublicKey(QByteArrayView raw);

class PublicKey {
public:
    static constexpr qsizetype SignatureSize = 64;
    static constexpr qsizetype RawSize = 32;
    PublicKey() = default;
    // PEM "PUBLIC KEY" (SubjectPublicKeyInfo) holding an Ed25519 key that passes
    // checkEd25519PublicKey; anything else is refused ("key.invalid", "key.not-ed25519",
    // "key.weak"). At most 8 KiB of PEM is accepted.
    static Result<PublicKey> fromPem(QByteArrayView pem);
    [[nodiscard]] bool isNull() const { return !m_key; }
    // SHA-256 of the DER SubjectPublicKeyInfo, raw 32 bytes.
    [[nodiscard]] QByteArray keyId() const { return m_keyId; }
    [[nodiscard]] QByteArray toPem() const;
    [[nodiscard]] bool verify(QByteArrayView message, QByteArrayView signature) const;

private:
    friend class PrivateKey;
    std::shared_ptr<evp_pkey_st> m_key;
    QByteArray m_keyId;
};

class PrivateKey {
public:
    PrivateKey() = default;
    // A new key whose public half passes checkEd25519PublicKey: `seesaw keygen` never writes a
    // key that a broken generator made weak ("key.weak").
    static Result<PrivateKey> generate();
    // PEM "PRIVATE KEY" (PKCS#8, unencrypted) holding an Ed25519 key with a usable public half.
    static Result<PrivateKey> fromPem(QByteArrayView pem);
    [[nodiscard]] bool isNull() const { return !m_key; }
    [[nodiscard]] QByteArray toPem() const;
    [[nodiscard]] PublicKey publicKey() const;
    [[nodiscard]] QByteArray sign(QByteArrayView message) const; // 64 bytes

private:
    std::shared_ptr<evp_pkey_st> m_key;
};

} // namespace seesaw
