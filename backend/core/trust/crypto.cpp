#include "trust/crypto.h"

#include "trust/cryptoexit.h"

#include <QCoreApplication>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <utility>

namespace seesaw {

namespace {

constexpr qsizetype MaxPemBytes = qsizetype(8) * 1024;

struct BioFree {
    void operator()(BIO *b) const { BIO_free(b); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};
struct PkeyCtxFree {
    void operator()(EVP_PKEY_CTX *c) const { EVP_PKEY_CTX_free(c); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;

std::shared_ptr<EVP_PKEY> wrapKey(EVP_PKEY *key)
{
    return key != nullptr ? std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free)
                          : std::shared_ptr<EVP_PKEY>();
}

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Crypto", text);
}

// Fetched once: an explicit fetch avoids the implicit provider lookup that EVP_sha256()
// costs on every re-initialisation. Deliberately never freed (process lifetime).
const EVP_MD *sha256Md()
{
    static EVP_MD *const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

// Keys are never encrypted here; without this callback OpenSSL would prompt on the terminal.
int refusePassphrase(char * /*unused*/, int /*unused*/, int /*unused*/, void * /*unused*/)
{
    return -1;
}

// Callers bound the size to MaxPemBytes, so the int conversion cannot truncate.
BioPtr memoryBio(QByteArrayView data)
{
    static const char empty = 0;
    return BioPtr(BIO_new_mem_buf(data.isEmpty() ? &empty : data.data(), int(data.size())));
}

QByteArray bioContents(BIO *bio)
{
    char *data = nullptr;
    const long len = BIO_ctrl(bio, BIO_CTRL_INFO, 0, static_cast<void *>(&data));
    return len > 0 && (data != nullptr) ? QByteArray(data, qsizetype(len)) : QByteArray();
}

QByteArray derPublicKey(EVP_PKEY *key)
{
    const int len = i2d_PUBKEY(key, nullptr);
    if (len <= 0) {
        return {};
    }
    QByteArray der(qsizetype(len), Qt::Uninitialized);
    auto *out = reinterpret_cast<unsigned char *>(der.data());
    if (i2d_PUBKEY(key, &out) != len) {
        return {};
    }
    return der;
}

bool isEd25519(EVP_PKEY *key)
{
    return EVP_PKEY_is_a(key, "ED25519") == 1;
}

Error keyError(const char *code, const QString &message)
{
    ERR_clear_error(); // don't leave stale errors for the next caller on this thread
    return makeError(Error::Kind::Invalid, code, message);
}

QByteArray rawPublicKey(EVP_PKEY *key)
{
    QByteArray raw(PublicKey::RawSize, Qt::Uninitialized);
    auto len = size_t(raw.size());
    if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char *>(raw.data()), &len) !=
            1 ||
        len != size_t(PublicKey::RawSize)) {
        ERR_clear_error();
        return {};
    }
    return raw;
}

// The y coordinates (little-endian) of the eight points of order 1, 2, 4 and 8 of edwards25519:
// 1 (the identity), p-1 (order 2), 0 (the two of order 4), and ±y8 with
// y8^2 = (-1 - sqrt(1+d)) / d (the four of order 8). A y alone names a point up to the sign of
// x, so these cover every canonical encoding. tst_crypto derives them with BIGNUM.
const QList<QByteArray> &smallOrderYs()
{
    static const QList<QByteArray> ys = {
        QByteArray(32, '\0'),
        QByteArray(1, '\1') + QByteArray(31, '\0'),
        QByteArray::fromHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
        QByteArray::fromHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
        QByteArray::fromHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    };
    return ys;
}

// y < p = 2^255 - 19, y little-endian with the sign bit cleared.
bool belowFieldPrime(const QByteArray &y)
{
    for (qsizetype i = 31; i > 0; --i) {
        const auto prime = uchar(i == 31 ? 0x7f : 0xff);
        if (uchar(y[i]) != prime) {
            return uchar(y[i]) < prime;
        }
    }
    return uchar(y[0]) < 0xed;
}

} // namespace

Status checkEd25519PublicKey(QByteArrayView raw)
{
    if (raw.size() != PublicKey::RawSize) {
        return keyError("key.invalid",
                        tr("An Ed25519 public key is %1 bytes, not %2.")
                            .arg(QString::number(PublicKey::RawSize), QString::number(raw.size())));
    }
    QByteArray y = raw.toByteArray();
    y[31] = char(uchar(y[31]) & 0x7f); // the top bit is the sign of x
    // Non-canonical first: y and y + p name the same point, so y >= p also hides small orders.
    if (!belowFieldPrime(y)) {
        return keyError("key.weak", tr("The public key is not in canonical form (its y coordinate "
                                       "is not below 2^255-19), which no honest key generator "
                                       "writes."));
    }
    // With x = 0 (y = 1 or p-1) the sign bit must be clear; both points are of small order, so
    // the check below refuses them in either form.
    if (smallOrderYs().contains(y)) {
        return keyError("key.weak",
                        tr("The public key is a point of small order: anyone could make signatures "
                           "that verify with it, without a private key."));
    }
    return Ok{};
}

// --- Sha256 ---------------------------------------------------------------------------------

void keepCryptoUntilExit()
{
    // The first initialisation decides whether OpenSSL registers its exit handler; later ones,
    // Qt's included, find it done.
    if (OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr) != 1) {
        qWarning("seesaw: OpenSSL could not be initialised");
    }
}

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new())
{
    if ((m_ctx != nullptr) && EVP_DigestInit_ex2(m_ctx, sha256Md(), nullptr) != 1) {
        EVP_MD_CTX_free(m_ctx);
        m_ctx = nullptr;
    }
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(m_ctx);
}

Sha256::Sha256(Sha256 &&other) noexcept : m_ctx(std::exchange(other.m_ctx, nullptr)) {}

Sha256 &Sha256::operator=(Sha256 &&other) noexcept
{
    std::swap(m_ctx, other.m_ctx);
    return *this;
}

void Sha256::update(const void *data, size_t size)
{
    // A context that failed to initialise (or was moved from) stays null; finish() then
    // returns an empty hash, which never equals an expected one: the failure is fail-closed.
    if ((m_ctx != nullptr) && size > 0 && EVP_DigestUpdate(m_ctx, data, size) != 1) {
        EVP_MD_CTX_free(m_ctx);
        m_ctx = nullptr;
    }
}

QByteArray Sha256::finish()
{
    if (m_ctx == nullptr) {
        *this = Sha256();
        return {};
    }
    QByteArray out(Size, Qt::Uninitialized);
    unsigned int len = 0;
    const bool done =
        EVP_DigestFinal_ex(m_ctx, reinterpret_cast<unsigned char *>(out.data()), &len) == 1 &&
        len == unsigned(Size);
    if (EVP_DigestInit_ex2(m_ctx, sha256Md(), nullptr) != 1) {
        EVP_MD_CTX_free(m_ctx);
        m_ctx = nullptr;
    }
    return done ? out : QByteArray();
}

QByteArray Sha256::hash(QByteArrayView data)
{
    Sha256 h;
    h.update(data);
    return h.finish();
}

// --- PublicKey ------------------------------------------------------------------------------

Result<PublicKey> PublicKey::fromPem(QByteArrayView pem)
{
    if (pem.size() > MaxPemBytes) {
        return keyError("key.invalid",
                        tr("The public key is larger than %1 bytes.").arg(MaxPemBytes));
    }
    BioPtr bio = memoryBio(pem);
    if (!bio) {
        return keyError("key.invalid", tr("Out of memory while reading a public key."));
    }
    std::shared_ptr<EVP_PKEY> key =
        wrapKey(PEM_read_bio_PUBKEY(bio.get(), nullptr, refusePassphrase, nullptr));
    if (!key) {
        return keyError("key.invalid", tr("The data is not a PEM public key."));
    }
    if (!isEd25519(key.get())) {
        return keyError("key.not-ed25519", tr("The public key is not an Ed25519 key."));
    }
    if (Status usable = checkEd25519PublicKey(rawPublicKey(key.get())); !usable) {
        return usable.error();
    }
    QByteArray der = derPublicKey(key.get());
    if (der.isEmpty()) {
        return keyError("key.invalid", tr("The public key cannot be encoded."));
    }

    PublicKey result;
    result.m_key = std::move(key);
    result.m_keyId = Sha256::hash(der);
    return result;
}

QByteArray PublicKey::toPem() const
{
    if (!m_key) {
        return {};
    }
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), m_key.get()) != 1) {
        return {};
    }
    return bioContents(bio.get());
}

bool PublicKey::verify(QByteArrayView message, QByteArrayView signature) const
{
    if (!m_key || signature.size() != SignatureSize) {
        return false;
    }
    MdCtxPtr ctx(EVP_MD_CTX_new());
    // Ed25519 is a one-shot scheme: no separate digest (md NULL), whole message at once.
    const bool ok =
        ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, m_key.get()) == 1 &&
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.data()),
                         size_t(signature.size()),
                         reinterpret_cast<const unsigned char *>(message.data()),
                         size_t(message.size())) == 1;
    if (!ok) {
        ERR_clear_error();
    }
    return ok;
}

// --- PrivateKey -----------------------------------------------------------------------------

Result<PrivateKey> PrivateKey::generate()
{
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "ED25519", nullptr));
    EVP_PKEY *raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
        return keyError("key.generate-failed", tr("OpenSSL could not generate an Ed25519 key."));
    }
    PrivateKey result;
    result.m_key = wrapKey(raw);
    if (Status usable = checkEd25519PublicKey(rawPublicKey(raw)); !usable) {
        return usable.error();
    }
    return result;
}

Result<PrivateKey> PrivateKey::fromPem(QByteArrayView pem)
{
    if (pem.size() > MaxPemBytes) {
        return keyError("key.invalid",
                        tr("The private key is larger than %1 bytes.").arg(MaxPemBytes));
    }
    BioPtr bio = memoryBio(pem);
    if (!bio) {
        return keyError("key.invalid", tr("Out of memory while reading a private key."));
    }
    std::shared_ptr<EVP_PKEY> key =
        wrapKey(PEM_read_bio_PrivateKey(bio.get(), nullptr, refusePassphrase, nullptr));
    if (!key) {
        return keyError("key.invalid", tr("The data is not an unencrypted PEM private key."));
    }
    if (!isEd25519(key.get())) {
        return keyError("key.not-ed25519", tr("The private key is not an Ed25519 key."));
    }
    if (Status usable = checkEd25519PublicKey(rawPublicKey(key.get())); !usable) {
        return usable.error();
    }
    PrivateKey result;
    result.m_key = std::move(key);
    return result;
}

QByteArray PrivateKey::toPem() const
{
    if (!m_key) {
        return {};
    }
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr,
                                         nullptr) != 1) {
        return {};
    }
    return bioContents(bio.get());
}

PublicKey PrivateKey::publicKey() const
{
    if (!m_key) {
        return {};
    }
    // Round-trip through DER so the PublicKey never holds the private half.
    const QByteArray der = derPublicKey(m_key.get());
    if (der.isEmpty()) {
        return {};
    }
    const auto *in = reinterpret_cast<const unsigned char *>(der.constData());
    std::shared_ptr<EVP_PKEY> pub = wrapKey(d2i_PUBKEY(nullptr, &in, long(der.size())));
    if (!pub) {
        ERR_clear_error();
        return {};
    }
    PublicKey result;
    result.m_key = std::move(pub);
    result.m_keyId = Sha256::hash(der);
    return result;
}

QByteArray PrivateKey::sign(QByteArrayView message) const
{
    if (!m_key) {
        return {};
    }
    MdCtxPtr ctx(EVP_MD_CTX_new());
    QByteArray sig(PublicKey::SignatureSize, Qt::Uninitialized);
    auto len = size_t(sig.size());
    const bool ok = ctx &&
                    EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, m_key.get()) == 1 &&
                    EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(sig.data()), &len,
                                   reinterpret_cast<const unsigned char *>(message.data()),
                                   size_t(message.size())) == 1 &&
                    len == size_t(PublicKey::SignatureSize);
    if (!ok) {
        ERR_clear_error();
        return {};
    }
    return sig;
}

} // namespace seesaw
