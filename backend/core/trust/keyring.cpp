#include "trust/keyring.h"

#include "base/atomicfile.h"
#include "base/hostilestring.h"
#include "base/unique_fd.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>
#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace seesaw {

namespace {

constexpr qsizetype MaxKeyFileBytes = qsizetype(8) * 1024;
constexpr qsizetype MaxRevokedFileBytes = qsizetype(256) * 1024;
const QLatin1String RevokedFileName("revoked");

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Keyring", text);
}

// First 16 hex digits: enough for an operator to tell keys apart on a small screen.
QString shortId(const QByteArray &keyId)
{
    return toHex(keyId).left(16) + QChar(0x2026);
}

// Reads at most maxBytes; a larger file is an error rather than silently truncated.
Result<QByteArray> readBounded(const QString &path, qsizetype maxBytes, const char *code)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(Error::Kind::Io, code,
                         tr("Cannot read %1: %2").arg(path, file.errorString()));
    }
    QByteArray data = file.read(maxBytes + 1);
    if (data.size() > maxBytes) {
        return makeError(Error::Kind::Invalid, code,
                         tr("%1 is larger than %2 bytes.").arg(path, QString::number(maxBytes)));
    }
    return data;
}

// Temp file + fsync + rename + fsync of the directory (atomicfile.h): after a power cut the
// file is either the old one or the complete new one. The temp name is hidden and does not end
// in ".pem", so a leftover is never loaded as a key.
Status writeAtomically(const QString &path, const QByteArray &data)
{
    return withCode(writeFileAtomically(path, data, 0644), "keyring.write-failed");
}

Status ensureDirectory(const QString &directory)
{
    const QFileInfo info(directory);
    if (info.isDir()) {
        return Ok{};
    }
    const QFile::Permissions mode = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                    QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                    QFile::ExeOther;
    QDir parent = info.absoluteDir();
    // setPermissions again because mkdir's mode is still filtered by the process umask.
    if (!parent.mkpath(QStringLiteral(".")) || !parent.mkdir(info.fileName(), mode) ||
        !QFile::setPermissions(directory, mode)) {
        return makeError(Error::Kind::Io, "keyring.write-failed",
                         tr("Cannot create the keyring overlay directory %1.").arg(directory));
    }
    // Make the new directory entry itself durable, not only the files inside it.
    return withCode(syncDirectory(parent.absolutePath()), "keyring.write-failed");
}

// The overlay's "revoked" file as it is at `path` (if at all) with `ids` appended, within its
// size limit.
Result<QByteArray> revokedFileWith(const QString &path, const QList<QByteArray> &ids,
                                   const QByteArray &signerKeyId)
{
    QByteArray content;
    if (QFileInfo::exists(path)) {
        const Result<QByteArray> existing =
            readBounded(path, MaxRevokedFileBytes, "keyring.invalid-revoked");
        if (!existing) {
            return existing.error();
        }
        content = *existing;
        if (!content.isEmpty() && !content.endsWith('\n')) {
            content.append('\n');
        }
    }
    content.append("# revoked by key rotation signed with " + signerKeyId.toHex() + '\n');
    for (const QByteArray &id : ids) {
        content.append(id.toHex() + '\n');
    }
    if (content.size() > MaxRevokedFileBytes) {
        return makeError(
            Error::Kind::Invalid, "keyring.too-many",
            tr("The revocation list would grow beyond %1 bytes.").arg(MaxRevokedFileBytes));
    }
    return content;
}

} // namespace

// --- Keyring --------------------------------------------------------------------------------

Result<Keyring> Keyring::load(const QString &directory, const QString &overlayDirectory)
{
    Keyring keyring;
    if (Status st = keyring.loadDirectory(directory, true); !st) {
        return st.error();
    }
    if (!overlayDirectory.isEmpty()) {
        if (Status st = keyring.loadDirectory(overlayDirectory, false); !st) {
            return st.error();
        }
    }
    return keyring;
}

Status Keyring::loadDirectory(const QString &directory, bool required)
{
    const QFileInfo dirInfo(directory);
    if (!dirInfo.exists()) {
        if (!required) {
            return Ok{};
        }
        return makeError(Error::Kind::Io, "keyring.missing",
                         tr("The keyring directory %1 does not exist.").arg(directory));
    }
    if (!dirInfo.isDir()) {
        return makeError(Error::Kind::Io, "keyring.missing",
                         tr("The keyring path %1 is not a directory.").arg(directory));
    }

    // Regular files only: a FIFO or device named *.pem must not block or feed the loader.
    const QDir dir(directory);
    const QFileInfoList files =
        dir.entryInfoList({QStringLiteral("*.pem")}, QDir::Files | QDir::NoSymLinks, QDir::Name);
    for (const QFileInfo &file : files) {
        // Ignored files count too: the bound is on the work a keyring directory can cause.
        if (m_keys.size() + m_ignored.size() >= limits::MaxKeyringKeys) {
            return makeError(
                Error::Kind::Invalid, "keyring.too-many",
                tr("The keyring holds more than %1 keys.").arg(limits::MaxKeyringKeys));
        }
        const Result<QByteArray> pem =
            readBounded(file.filePath(), MaxKeyFileBytes, "keyring.invalid-key");
        const Result<KeyFile> key = pem ? parseKeyFile(*pem) : Result<KeyFile>(pem.error());
        if (!key) {
            m_ignored.append(
                tr("key file %1 is ignored: %2").arg(file.filePath(), key.error().message));
            continue;
        }
        if (!key->nameProblem.isEmpty()) {
            m_warnings.append(
                tr("key file %1: its name is ignored: %2").arg(file.filePath(), key->nameProblem));
        }
        addTrusted(key->key, key->name);
    }

    const QString revokedPath = dir.filePath(RevokedFileName);
    const QFileInfo revokedInfo(revokedPath);
    if (!revokedInfo.exists()) {
        return Ok{};
    }
    if (!revokedInfo.isFile() || revokedInfo.isSymLink()) {
        return makeError(Error::Kind::Invalid, "keyring.invalid-revoked",
                         tr("%1 is not a regular file.").arg(revokedPath));
    }
    const Result<QByteArray> revoked =
        readBounded(revokedPath, MaxRevokedFileBytes, "keyring.invalid-revoked");
    if (!revoked) {
        return revoked.error();
    }
    const QList<QByteArray> lines = revoked->split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (const qsizetype hash = line.indexOf('#'); hash >= 0) {
            line.truncate(hash);
        }
        line = line.trimmed();
        if (line.isEmpty()) {
            continue;
        }
        const QByteArray id = fromHexStrict(QString::fromLatin1(line), Sha256::Size);
        if (id.isEmpty()) {
            return makeError(Error::Kind::Invalid, "keyring.invalid-revoked",
                             tr("%1, line %2: expected a key id of 64 hexadecimal digits.")
                                 .arg(revokedPath, QString::number(i + 1)));
        }
        m_revoked.insert(id);
    }
    return Ok{};
}

void Keyring::addTrusted(const PublicKey &key, const QString &name)
{
    if (key.isNull()) {
        return;
    }
    m_keys.insert(key.keyId(), key);
    if (!name.isEmpty() && !m_names.contains(key.keyId())) {
        m_names.insert(key.keyId(), name);
    }
}

void Keyring::revoke(const QByteArray &keyId)
{
    if (keyId.size() == Sha256::Size) {
        m_revoked.insert(keyId);
    }
}

bool Keyring::isTrusted(const QByteArray &keyId) const
{
    return m_keys.contains(keyId) && !m_revoked.contains(keyId);
}

TrustVerdict Keyring::verify(const QByteArray &manifestJson, const QByteArray &sigFile) const
{
    TrustVerdict verdict;
    const Result<QList<SignatureEntry>> entries = parseSignatureFile(sigFile);
    if (!entries) {
        verdict.message = tr("The signature file is invalid: %1").arg(entries.error().message);
        return verdict;
    }

    QStringList reasons;
    for (qsizetype i = 0; i < entries->size(); ++i) {
        const SignatureEntry &entry = entries->at(i);
        SignatureCheck check;
        check.keyId = entry.keyId;
        const qsizetype number = i + 1;
        if (m_revoked.contains(entry.keyId)) {
            check.status = SignatureCheck::Status::Revoked;
            reasons.append(tr("signature %1 uses key %2, which is revoked")
                               .arg(QString::number(number), shortId(entry.keyId)));
        } else if (const auto key = m_keys.constFind(entry.keyId); key == m_keys.cend()) {
            check.status = SignatureCheck::Status::UnknownKey;
            reasons.append(tr("signature %1 uses unknown key %2")
                               .arg(QString::number(number), shortId(entry.keyId)));
        } else if (!key->verify(manifestJson, entry.signature)) {
            check.status = SignatureCheck::Status::Invalid;
            reasons.append(tr("signature %1 by key %2 does not match the manifest")
                               .arg(QString::number(number), shortId(entry.keyId)));
        } else {
            check.status = SignatureCheck::Status::Valid;
            if (!verdict.trusted) {
                verdict.trusted = true;
                verdict.keyId = entry.keyId;
                verdict.keyName = keyName(entry.keyId);
            }
        }
        verdict.checks.append(check);
    }

    if (verdict.trusted && !verdict.keyName.isEmpty()) {
        verdict.message =
            tr("Signed by trusted key \"%1\" (%2)").arg(verdict.keyName, shortId(verdict.keyId));
    } else if (verdict.trusted) {
        verdict.message = tr("Signed by trusted key %1").arg(shortId(verdict.keyId));
    } else if (isEmpty()) {
        verdict.message =
            tr("Not signed by a trusted key: the keyring is empty, no key is trusted.");
    } else {
        verdict.message =
            tr("Not signed by a trusted key: %1").arg(reasons.join(QLatin1String("; ")));
    }
    if (!verdict.trusted && !m_ignored.isEmpty()) {
        verdict.message += QLatin1Char(' ') + ignoredSummary();
    }
    return verdict;
}

// The first few reasons only: a refusal stays readable on a small screen.
QString Keyring::ignoredSummary() const
{
    constexpr qsizetype Shown = 3;
    QString text = tr("The keyring ignores unusable keys: %1")
                       .arg(m_ignored.mid(0, Shown).join(QLatin1String("; ")));
    if (m_ignored.size() > Shown) {
        text += QLatin1Char(' ') + tr("(and %1 more)").arg(m_ignored.size() - Shown);
    }
    return text;
}

Result<RotationPlan> Keyring::planRotation(const KeyUpdate &update, const TrustVerdict &verdict,
                                           const QString &overlayDirectory) const
{
    // The verdict must come from this keyring's own view: a trusted, non-revoked key.
    if (!verdict.trusted || !isTrusted(verdict.keyId)) {
        return makeError(Error::Kind::Untrusted, "keyring.rotation-untrusted",
                         tr("Key changes are refused: the manifest carrying them is not signed by "
                            "a trusted key."));
    }
    if (overlayDirectory.isEmpty()) {
        return makeError(Error::Kind::Usage, "keyring.rotation-no-overlay",
                         tr("Key changes need a keyring overlay directory."));
    }

    QList<KeyFile> added;
    for (qsizetype i = 0; i < update.addPem.size(); ++i) {
        Result<KeyFile> key = parseKeyFile(update.addPem.at(i));
        const QString problem = key ? key->nameProblem : key.error().message;
        if (!problem.isEmpty()) {
            return makeError(Error::Kind::Invalid, "keyring.rotation-invalid-key",
                             tr("New key %1 of the manifest is not usable: %2")
                                 .arg(QString::number(i + 1), problem));
        }
        added.append(std::move(*key));
    }
    QSet<QByteArray> revoked = m_revoked;
    RotationPlan plan;
    plan.m_signerKeyId = verdict.keyId;
    for (const QByteArray &id : update.revokeKeyIds) {
        if (id.size() != Sha256::Size) {
            return makeError(Error::Kind::Invalid, "keyring.rotation-invalid-key",
                             tr("A revoked key id in the manifest is not 32 bytes long."));
        }
        if (!revoked.contains(id)) {
            revoked.insert(id);
            plan.m_newRevocations.append(id);
        }
    }
    QSet<QByteArray> keys(m_keys.keyBegin(), m_keys.keyEnd());
    for (const KeyFile &file : added) {
        const QByteArray id = file.key.keyId();
        if (revoked.contains(id) || keys.contains(id)) {
            continue; // revoked wins; an already trusted key needs no second copy (nor name)
        }
        keys.insert(id);
        plan.m_keysToWrite.append(file);
    }
    if (keys.size() > limits::MaxKeyringKeys) {
        return makeError(
            Error::Kind::Invalid, "keyring.too-many",
            tr("Key changes would grow the keyring beyond %1 keys.").arg(limits::MaxKeyringKeys));
    }
    // Revoking every remaining key would leave no way to deliver any further update.
    const bool anyLeft = std::any_of(keys.cbegin(), keys.cend(),
                                     [&](const QByteArray &id) { return !revoked.contains(id); });
    if (!anyLeft) {
        return makeError(Error::Kind::Invalid, "keyring.rotation-lockout",
                         tr("Key changes are refused: they would revoke every trusted key."));
    }
    if (!plan.m_newRevocations.isEmpty()) {
        const Result<QByteArray> revokedFile =
            revokedFileWith(QDir(overlayDirectory).filePath(RevokedFileName), plan.m_newRevocations,
                            plan.m_signerKeyId);
        if (!revokedFile) {
            return revokedFile.error();
        }
    }
    return plan;
}

Status Keyring::commitRotation(const RotationPlan &plan, const QString &overlayDirectory)
{
    if (plan.m_keysToWrite.isEmpty() && plan.m_newRevocations.isEmpty()) {
        return Ok{};
    }
    const QDir overlay(overlayDirectory);
    const QString revokedPath = overlay.filePath(RevokedFileName);
    // Read again: the overlay may have been edited by hand since the plan was made.
    QByteArray revokedContent;
    if (!plan.m_newRevocations.isEmpty()) {
        const Result<QByteArray> content =
            revokedFileWith(revokedPath, plan.m_newRevocations, plan.m_signerKeyId);
        if (!content) {
            return content.error();
        }
        revokedContent = *content;
    }

    if (Status st = ensureDirectory(overlayDirectory); !st) {
        return st;
    }
    // New keys first: a power cut after them but before the revocations leaves the old keys
    // still trusted, so the same transition bundle can simply be installed again.
    for (const KeyFile &file : plan.m_keysToWrite) {
        const QString path = overlay.filePath(toHex(file.key.keyId()) + QLatin1String(".pem"));
        if (Status st = writeAtomically(path, makeKeyFile(file.key, file.name)); !st) {
            return st;
        }
        addTrusted(file.key, file.name);
    }
    if (!plan.m_newRevocations.isEmpty()) {
        if (Status st = writeAtomically(revokedPath, revokedContent); !st) {
            return st;
        }
        for (const QByteArray &id : plan.m_newRevocations) {
            m_revoked.insert(id);
        }
    }
    return Ok{};
}

Status Keyring::applyRotation(const KeyUpdate &update, const TrustVerdict &verdict,
                              const QString &overlayDirectory)
{
    const Result<RotationPlan> plan = planRotation(update, verdict, overlayDirectory);
    if (!plan) {
        return plan.error();
    }
    return commitRotation(*plan, overlayDirectory);
}

} // namespace seesaw
