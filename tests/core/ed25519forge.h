// Ed25519 arithmetic for tests that forge signatures: the points of small order derived with
// OpenSSL BIGNUM (independently of the check in crypto.cpp), raw public keys as PEM, and the
// "signature" that verifies for a small-order key without any private key.
#pragma once

#include <QByteArray>
#include <QList>

namespace forge {

// The y coordinates (32 bytes, little-endian, sign bit clear) of the eight points of order
// dividing 8: 1 (identity), p-1 (order 2), 0 (order 4), and the two of order 8.
QList<QByteArray> smallOrderYs();

// Every 32-byte encoding that decodes to one of those points: each y with either sign bit, and
// y + p wherever that still fits in 255 bits (the non-canonical encodings).
QList<QByteArray> smallOrderEncodings();

// p = 2^255 - 19 plus `add`, little-endian (a non-canonical y when add >= 0).
QByteArray pPlus(int add);

// SubjectPublicKeyInfo (DER, and PEM) holding any 32 bytes as an Ed25519 public key.
QByteArray derFromRaw(const QByteArray &raw);
QByteArray pemFromRaw(const QByteArray &raw);

// R = the identity's encoding, S = 0: it verifies for key A and message M exactly when
// [k]A is the identity, k = SHA-512(R || A || M) mod L.
QByteArray identitySignature();

// k mod n for identitySignature(), key `raw` and `message`; -1 on failure.
int challengeModulo(const QByteArray &raw, const QByteArray &message, unsigned n);

// OpenSSL's own verdict on a raw public key, message and signature, bypassing Seesaw.
bool opensslVerifies(const QByteArray &raw, const QByteArray &message, const QByteArray &signature);

} // namespace forge
