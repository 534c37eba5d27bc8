// seesaw keygen: a new Ed25519 signing key for bundles.
#include "base/hostilestring.h"
#include "clicommon.h"
#include "commands.h"
#include "trust/crypto.h"
#include "trust/keyfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

namespace cli {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("cli::keygen", text);
}

bool writeExclusive(const QString &path, const QByteArray &data, QFileDevice::Permissions perms,
                    QString *why)
{
    if (QFile::exists(path)) {
        *why = tr("\"%1\" already exists; refusing to overwrite a key.").arg(path);
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(perms) ||
        file.write(data) != data.size() || !file.commit()) {
        *why = tr("Cannot write \"%1\": %2.").arg(path, file.errorString());
        return false;
    }
    return true;
}
} // namespace

int runKeygen(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption out(QStringLiteral("out"),
                                 tr("Write the private key (PEM, mode 0600) to FILE."),
                                 QStringLiteral("FILE"));
    const QCommandLineOption pub(
        QStringLiteral("public"),
        tr("Also write the public key (PEM) to FILE, for the device keyring."),
        QStringLiteral("FILE"));
    const QCommandLineOption name(
        QStringLiteral("name"),
        tr("Name the key for people, e.g. \"Acme release key 2026\" (at most %1 characters); "
           "stored with the public key and shown beside its id.")
            .arg(seesaw::limits::MaxKeyNameChars),
        QStringLiteral("NAME"));
    parser.addOption(out);
    parser.addOption(pub);
    parser.addOption(name);
    if (int rc = parseOrExit(parser, args, tr("Create an Ed25519 key for signing bundles."),
                             tr("seesaw keygen --out KEY.pem [--public PUB.pem] [--name NAME]"));
        rc >= 0) {
        return rc;
    }
    if (!parser.isSet(out)) {
        return usageError(tr("--out FILE is required."));
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(
            tr("Unexpected argument \"%1\".").arg(parser.positionalArguments().first()));
    }
    const QString keyName = parser.value(name);
    if (parser.isSet(name)) {
        if (seesaw::Status ok = seesaw::checkKeyName(keyName); !ok) {
            return usageError(tr("--name: %1").arg(ok.error().message));
        }
    }

    auto key = seesaw::PrivateKey::generate();
    if (!key) {
        return fail(key.error());
    }
    QString why;
    if (!writeExclusive(parser.value(out), key->toPem(),
                        QFileDevice::ReadOwner | QFileDevice::WriteOwner, &why)) {
        printErr(why);
        return ExitIo;
    }
    const seesaw::PublicKey publicKey = key->publicKey();
    if (parser.isSet(pub)) {
        if (!writeExclusive(parser.value(pub), seesaw::makeKeyFile(publicKey, keyName),
                            QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                QFileDevice::ReadGroup | QFileDevice::ReadOther,
                            &why)) {
            printErr(why);
            return ExitIo;
        }
    } else {
        printOut(QString::fromUtf8(seesaw::makeKeyFile(publicKey, keyName)).trimmed());
    }
    if (!keyName.isEmpty()) {
        printOut(tr("key name: %1").arg(keyName));
    }
    printOut(tr("key id: %1").arg(seesaw::toHex(publicKey.keyId())));
    return ExitOk;
}

} // namespace cli
