#include "ed25519forge.h"

#include <QCryptographicHash>
#include <memory>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>

namespace forge {

namespace {

struct BnFree {
    void operator()(BIGNUM *b) const { BN_free(b); }
};
struct CtxFree {
    void operator()(BN_CTX *c) const { BN_CTX_free(c); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;

Bn bn(BN_ULONG value = 0)
{
    Bn b(BN_new());
    BN_set_word(b.get(), value);
    return b;
}

Bn fieldPrime()
{
    Bn p = bn(1);
    BN_lshift(p.get(), p.get(), 255);
    BN_sub_word(p.get(), 19);
    return p;
}

QByteArray littleEndian(const BIGNUM *value)
{
    QByteArray out(32, '\0');
    if (BN_bn2lebinpad(value, reinterpret_cast<unsigned char *>(out.data()), 32) != 32) {
        return {};
    }
    return out;
}

} // namespace

QList<QByteArray> smallOrderYs()
{
    std::unique_ptr<BN_CTX, CtxFree> ctx(BN_CTX_new());
    const Bn p = fieldPrime();
    // d = -121665 / 121666 (mod p), the curve constant of edwards25519.
    Bn d = bn(121666);
    BN_mod_inverse(d.get(), d.get(), p.get(), ctx.get());
    BN_mul_word(d.get(), 121665);
    BN_mod_sub(d.get(), p.get(), d.get(), p.get(), ctx.get());
    // A point of order 8 doubles to one of order 4 (y = 0), so x^2 = -y^2; with the curve
    // equation -x^2 + y^2 = 1 + d x^2 y^2 that gives d y^4 + 2 y^2 - 1 = 0, i.e.
    // y^2 = (-1 ± sqrt(1 + d)) / d. Only one of the two roots is a square in this field.
    Bn onePlusD = bn(1);
    BN_mod_add(onePlusD.get(), onePlusD.get(), d.get(), p.get(), ctx.get());
    Bn root(BN_mod_sqrt(nullptr, onePlusD.get(), p.get(), ctx.get()));
    Bn dInverse(BN_mod_inverse(nullptr, d.get(), p.get(), ctx.get()));
    QList<QByteArray> ys{littleEndian(bn(0).get()), littleEndian(bn(1).get())};
    Bn pMinusOne(BN_dup(p.get()));
    BN_sub_word(pMinusOne.get(), 1);
    ys.append(littleEndian(pMinusOne.get()));
    if (!root || !dInverse) {
        return {};
    }
    for (const bool negate : {false, true}) {
        Bn y2(BN_dup(root.get()));
        if (negate) {
            BN_mod_sub(y2.get(), p.get(), y2.get(), p.get(), ctx.get());
        }
        BN_mod_sub(y2.get(), y2.get(), bn(1).get(), p.get(), ctx.get());
        BN_mod_mul(y2.get(), y2.get(), dInverse.get(), p.get(), ctx.get());
        Bn y(BN_mod_sqrt(nullptr, y2.get(), p.get(), ctx.get()));
        ERR_clear_error(); // the non-square root is expected to fail
        if (!y) {
            continue;
        }
        Bn minusY = bn();
        BN_mod_sub(minusY.get(), p.get(), y.get(), p.get(), ctx.get());
        ys.append(littleEndian(y.get()));
        ys.append(littleEndian(minusY.get()));
    }
    return ys;
}

QByteArray pPlus(int add)
{
    Bn value = fieldPrime();
    if (add >= 0) {
        BN_add_word(value.get(), static_cast<BN_ULONG>(add));
    } else {
        BN_sub_word(value.get(), static_cast<BN_ULONG>(-add));
    }
    return littleEndian(value.get());
}

QList<QByteArray> smallOrderEncodings()
{
    QList<QByteArray> out;
    const QByteArray p = pPlus(0);
    for (const QByteArray &y : smallOrderYs()) {
        Bn value(BN_lebin2bn(reinterpret_cast<const unsigned char *>(y.constData()), 32, nullptr));
        BN_add(value.get(), value.get(),
               Bn(BN_lebin2bn(reinterpret_cast<const unsigned char *>(p.constData()), 32, nullptr))
                   .get());
        QList<QByteArray> forms{y};
        if (BN_num_bits(value.get()) <= 255) {
            forms.append(littleEndian(value.get()));
        }
        for (const QByteArray &form : forms) {
            QByteArray negative = form;
            negative[31] = char(uchar(negative[31]) | 0x80);
            out.append(form);
            out.append(negative);
        }
    }
    return out;
}

QByteArray derFromRaw(const QByteArray &raw)
{
    // SubjectPublicKeyInfo { AlgorithmIdentifier { 1.3.101.112 }, BIT STRING raw }.
    return QByteArray::fromHex("302a300506032b6570032100") + raw;
}

QByteArray pemFromRaw(const QByteArray &raw)
{
    const QByteArray base64 = derFromRaw(raw).toBase64();
    QByteArray pem = "-----BEGIN PUBLIC KEY-----\n";
    for (qsizetype at = 0; at < base64.size(); at += 64) {
        pem += base64.mid(at, 64) + '\n';
    }
    return pem + "-----END PUBLIC KEY-----\n";
}

QByteArray identitySignature()
{
    QByteArray sig(64, '\0');
    sig[0] = 1; // y = 1, x = 0: the neutral element
    return sig;
}

int challengeModulo(const QByteArray &raw, const QByteArray &message, unsigned n)
{
    const QByteArray input = identitySignature().left(32) + raw + message;
    const QByteArray h = QCryptographicHash::hash(input, QCryptographicHash::Sha512);
    std::unique_ptr<BN_CTX, CtxFree> ctx(BN_CTX_new());
    Bn k(BN_lebin2bn(reinterpret_cast<const unsigned char *>(h.constData()), 64, nullptr));
    // L = 2^252 + 27742317777372353535851937790883648493, the order of the base point.
    BIGNUM *parsed = nullptr;
    if (!k || BN_dec2bn(&parsed, "27742317777372353535851937790883648493") == 0) {
        return -1;
    }
    Bn order(parsed);
    Bn top = bn(1);
    BN_lshift(top.get(), top.get(), 252);
    BN_add(order.get(), order.get(), top.get());
    if (BN_nnmod(k.get(), k.get(), order.get(), ctx.get()) != 1) {
        return -1;
    }
    return int(BN_mod_word(k.get(), static_cast<BN_ULONG>(n)));
}

bool opensslVerifies(const QByteArray &raw, const QByteArray &message, const QByteArray &signature)
{
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                    reinterpret_cast<const unsigned char *>(raw.constData()),
                                    size_t(raw.size())),
        EVP_PKEY_free);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    const bool ok =
        key && ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
                         size_t(signature.size()),
                         reinterpret_cast<const unsigned char *>(message.constData()),
                         size_t(message.size())) == 1;
    ERR_clear_error();
    return ok;
}

} // namespace forge
