// seesaw bundle create | info | verify
#include "base/hostilestring.h"
#include "bundle/bundlereader.h"
#include "bundle/bundlewriter.h"
#include "clicommon.h"
#include "commands.h"
#include "trust/keyring.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <csignal>

namespace cli {

using namespace seesaw;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli::bundle", text);
}

std::atomic<bool> g_cancel{false};

void onSignal(int /*unused*/)
{
    g_cancel = true;
}

void installCancelHandler()
{
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
}

// "KEY=VALUE" split at the first '='; false when either side is empty.
bool splitAssignment(const QString &text, QString *key, QString *value)
{
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    if (eq <= 0 || eq == text.size() - 1) {
        return false;
    }
    *key = text.left(eq);
    *value = text.mid(eq + 1);
    return true;
}

Result<PrivateKey> loadPrivateKey(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(Error::Kind::Io, "key.read",
                         tr("Cannot read the key \"%1\": %2.").arg(path, file.errorString()));
    }
    auto key = PrivateKey::fromPem(file.read(qint64(16) * 1024));
    if (!key) {
        return Error(Error::Kind::Usage, key.error().code,
                     tr("\"%1\" is not a usable signing key: %2").arg(path, key.error().message));
    }
    return key;
}

QString signatureStatusName(SignatureCheck::Status status)
{
    switch (status) {
    case SignatureCheck::Status::Valid:
        return QStringLiteral("valid");
    case SignatureCheck::Status::Invalid:
        return QStringLiteral("invalid");
    case SignatureCheck::Status::UnknownKey:
        return QStringLiteral("unknown-key");
    case SignatureCheck::Status::Revoked:
        return QStringLiteral("revoked");
    }
    return {};
}

QJsonObject summaryJson(const BundleReader &reader, bool keyringGiven)
{
    const TrustVerdict &v = reader.verdict();
    QJsonArray sigs;
    for (const SignatureCheck &c : v.checks) {
        sigs.append(QJsonObject{{QStringLiteral("key_id"), toHex(c.keyId)},
                                {QStringLiteral("status"), signatureStatusName(c.status)}});
    }
    QJsonObject signature{{QStringLiteral("checked"), keyringGiven},
                          {QStringLiteral("trusted"), keyringGiven && v.trusted},
                          {QStringLiteral("message"), v.message},
                          {QStringLiteral("signatures"), sigs}};
    if (v.trusted) {
        signature.insert(QStringLiteral("key_id"), toHex(v.keyId));
        signature.insert(QStringLiteral("key_name"), v.keyName);
    }
    return QJsonObject{
        {QStringLiteral("ok"), true},
        {QStringLiteral("file_size"), double(reader.fileSize())},
        {QStringLiteral("manifest_sha256"), toHex(reader.manifestHash())},
        {QStringLiteral("manifest"), QJsonDocument::fromJson(reader.manifestBytes()).object()},
        {QStringLiteral("signature"), signature}};
}

void printSummary(const QString &path, const BundleReader &reader, bool keyringGiven)
{
    const Manifest &m = reader.manifest();
    auto row = [](const QString &label, const QString &value) {
        printOut(QStringLiteral("%1 %2").arg(QString(label + QLatin1Char(':')).leftJustified(16),
                                             value));
    };
    row(tr("Bundle"), displayString(path, 200));
    row(tr("Compatible"), displayString(m.compatible));
    row(tr("Version"), displayString(m.version.toString()));
    row(tr("Build"), displayString(m.build));
    row(tr("Created"), m.created.toString(Qt::ISODate));
    if (m.minVersion) {
        row(tr("Min. version"), displayString(m.minVersion->toString()));
    }
    if (!m.hardware.isEmpty()) {
        row(tr("Hardware"), displayString(m.hardware.join(QLatin1String(", ")), 200));
    }
    for (const ImageInfo &image : m.images) {
        row(tr("Image"),
            tr("%1: %2 (stored %3, %4 chunks of %5)")
                .arg(displayString(image.slotClass), formatBytes(image.size),
                     formatBytes(image.storedSize), QString::number(image.chunkSha256.size()),
                     formatBytes(image.chunkSize)));
        row(tr("  SHA-256"), toHex(image.sha256));
    }
    if (!m.releaseNotes.isEmpty()) {
        row(tr("Release notes"), displayString(m.releaseNotes.keys().join(QLatin1String(", "))));
    }
    if (!m.keys.isEmpty()) {
        row(tr("Key rotation"), tr("adds %1 key(s), revokes %2")
                                    .arg(QString::number(m.keys.addPem.size()),
                                         QString::number(m.keys.revokeKeyIds.size())));
    }
    row(tr("Manifest hash"), toHex(reader.manifestHash()));
    if (!keyringGiven) {
        row(tr("Signature"), tr("not checked (no --keyring given)"));
    } else {
        row(tr("Signature"), reader.verdict().message);
    }
    for (const SignatureCheck &c : reader.verdict().checks) {
        row(tr("  signed by"),
            QStringLiteral("%1 (%2)").arg(toHex(c.keyId), signatureStatusName(c.status)));
    }
}

// The options of `seesaw bundle create`.
struct CreateOptions {
    const QCommandLineOption compatible{QStringLiteral("compatible"),
                                        tr("Device compatible string."), QStringLiteral("C")};
    const QCommandLineOption version{QStringLiteral("version"), tr("Bundle version (SemVer)."),
                                     QStringLiteral("V")};
    const QCommandLineOption build{QStringLiteral("build"),
                                   tr("Build identifier (default: creation time)."),
                                   QStringLiteral("ID")};
    const QCommandLineOption image{
        QStringLiteral("image"),
        tr("Image for a slot class, e.g. rootfs=rootfs.ext4 (repeatable)."),
        QStringLiteral("CLASS=FILE")};
    const QCommandLineOption notes{
        QStringLiteral("notes"), tr("Release notes in a language, e.g. en=NOTES.md (repeatable)."),
        QStringLiteral("LANG=FILE")};
    const QCommandLineOption minVersion{QStringLiteral("min-version"),
                                        tr("Oldest installed version this bundle may update."),
                                        QStringLiteral("V")};
    const QCommandLineOption hardware{QStringLiteral("hardware"),
                                      tr("Hardware revision this bundle supports (repeatable)."),
                                      QStringLiteral("H")};
    const QCommandLineOption key{QStringLiteral("key"),
                                 tr("Private signing key (repeatable: each key signs)."),
                                 QStringLiteral("KEY.pem")};
    const QCommandLineOption addKey{
        QStringLiteral("add-key"),
        tr("Public key to trust from this bundle on (key rotation; repeatable)."),
        QStringLiteral("PUB.pem")};
    const QCommandLineOption revokeKey{QStringLiteral("revoke-key"),
                                       tr("Key id to revoke (key rotation; repeatable)."),
                                       QStringLiteral("KEYID")};
    const QCommandLineOption level{QStringLiteral("level"),
                                   tr("zstd compression level, 1-19 (default 3)."),
                                   QStringLiteral("N"), QStringLiteral("3")};
    const QCommandLineOption threads{QStringLiteral("threads"),
                                     tr("Compression threads (default: one per CPU)."),
                                     QStringLiteral("N"), QStringLiteral("0")};
    const QCommandLineOption output{{QStringLiteral("o"), QStringLiteral("output")},
                                    tr("Output bundle file."),
                                    QStringLiteral("OUT.seesaw")};
    const QCommandLineOption battery{
        QStringLiteral("requires-battery"),
        tr("Battery level (percent) a device on battery needs to install."),
        QStringLiteral("PERCENT")};
    const QCommandLineOption freeSpace{QStringLiteral("requires-free-space"),
                                       tr("Free space (MiB) the device's data directory needs."),
                                       QStringLiteral("MIB")};

    // In the order --help lists them.
    [[nodiscard]] QList<QCommandLineOption> all() const
    {
        return {compatible, version,   build, image,   notes,   minVersion, hardware, key,
                addKey,     revokeKey, level, threads, battery, freeSpace,  output};
    }
};

// The steps below fill in the spec from the command line and return -1, or the exit code of
// the usage error that stops the command.

// Compression level and threads, and what the bundle requires of a device.
int readNumbers(const QCommandLineParser &parser, const CreateOptions &o, BundleSpec &spec)
{
    bool ok = false;
    spec.level = parser.value(o.level).toInt(&ok);
    if (!ok) {
        return usageError(tr("--level needs a number."));
    }
    spec.threads = parser.value(o.threads).toInt(&ok);
    if (!ok || spec.threads < 0) {
        return usageError(tr("--threads needs a number."));
    }
    if (parser.isSet(o.battery)) {
        const int percent = parser.value(o.battery).toInt(&ok);
        if (!ok || percent < 0 || percent > 100) {
            return usageError(tr("--requires-battery needs a percentage from 0 to 100."));
        }
        spec.requirements.batteryPercent = percent;
    }
    if (parser.isSet(o.freeSpace)) {
        const quint64 mib = parser.value(o.freeSpace).toULongLong(&ok);
        if (!ok || mib > (quint64(1) << 30)) {
            return usageError(tr("--requires-free-space needs a size in MiB."));
        }
        spec.requirements.freeSpaceBytes = mib << 20;
    }
    return -1;
}

// The images and release notes, each CLASS=FILE or LANG=FILE.
int readFiles(const QCommandLineParser &parser, const CreateOptions &o, BundleSpec &spec)
{
    for (const QString &value : parser.values(o.image)) {
        BundleSpec::Image img;
        if (!splitAssignment(value, &img.slotClass, &img.path)) {
            return usageError(tr("--image takes CLASS=FILE, not \"%1\".").arg(value));
        }
        spec.images.append(img);
    }
    for (const QString &value : parser.values(o.notes)) {
        QString lang;
        QString file;
        if (!splitAssignment(value, &lang, &file)) {
            return usageError(tr("--notes takes LANG=FILE, not \"%1\".").arg(value));
        }
        spec.notes.insert(lang, file);
    }
    return -1;
}

// The signing keys, and the keys the bundle adds or revokes (key rotation).
int readKeys(const QCommandLineParser &parser, const CreateOptions &o, BundleSpec &spec)
{
    for (const QString &path : parser.values(o.key)) {
        auto k = loadPrivateKey(path);
        if (!k) {
            return fail(k.error());
        }
        spec.signingKeys.append(*k);
    }
    for (const QString &path : parser.values(o.addKey)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            return fail(makeError(Error::Kind::Io, "key.read",
                                  tr("Cannot read \"%1\": %2.").arg(path, file.errorString())));
        }
        const auto parsed = parseKeyFile(file.read(qint64(16) * 1024));
        if (!parsed) {
            return usageError(
                tr("\"%1\" is not an Ed25519 public key: %2").arg(path, parsed.error().message));
        }
        // Devices refuse a key whose name line is unusable; say so here, not on the device.
        if (!parsed->nameProblem.isEmpty()) {
            return usageError(tr("\"%1\": %2").arg(path, parsed->nameProblem));
        }
        // The key and its name only: other text of the file has no business in a manifest.
        spec.keys.addPem.append(makeKeyFile(parsed->key, parsed->name));
    }
    for (const QString &id : parser.values(o.revokeKey)) {
        const QByteArray raw = fromHexStrict(id, 32);
        if (raw.isEmpty()) {
            return usageError(
                tr("--revoke-key takes a key id of 64 hex digits, not \"%1\".").arg(id));
        }
        spec.keys.revokeKeyIds.append(raw);
    }
    return -1;
}

// Creates the bundle with a progress line, cancelled by SIGINT or SIGTERM, and says what it made.
int writeBundle(const BundleSpec &spec, const QString &output)
{
    installCancelHandler();
    Progress progress(tr("Compressing"));
    auto result = createBundle(
        spec, output, [&](quint64 done, quint64 total) { progress.update(done, total); },
        &g_cancel);
    progress.finish();
    if (!result) {
        return fail(result.error());
    }
    quint64 stored = 0;
    quint64 size = 0;
    for (const ImageInfo &i : result->images) {
        stored += i.storedSize;
        size += i.size;
    }
    printOut(tr("Created %1: version %2 for %3, %4 image(s), %5 compressed to %6.")
                 .arg(output, result->version.toString(), result->compatible,
                      QString::number(result->images.size()), formatBytes(size),
                      formatBytes(stored)));
    return ExitOk;
}

int runCreate(const QStringList &args)
{
    QCommandLineParser parser;
    const CreateOptions o;
    parser.addOptions(o.all());
    if (int rc = parseOrExit(
            parser, args, tr("Make and sign an update bundle."),
            tr("seesaw bundle create --compatible C --version V --image CLASS=FILE ... "
               "[--notes LANG=FILE ...] [--min-version V] [--hardware H ...] --key KEY.pem "
               "[--level N] -o OUT.seesaw"));
        rc >= 0) {
        return rc;
    }
    for (const auto *required : {&o.compatible, &o.version, &o.image, &o.key, &o.output}) {
        if (!parser.isSet(*required)) {
            return usageError(tr("--%1 is required.").arg(required->names().constLast()));
        }
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(
            tr("Unexpected argument \"%1\".").arg(parser.positionalArguments().first()));
    }

    BundleSpec spec;
    spec.compatible = parser.value(o.compatible);
    spec.version = parser.value(o.version);
    spec.build = parser.value(o.build);
    spec.minVersion = parser.value(o.minVersion);
    spec.hardware = parser.values(o.hardware);
    for (auto read : {readNumbers, readFiles, readKeys}) {
        if (int rc = read(parser, o, spec); rc >= 0) {
            return rc;
        }
    }
    return writeBundle(spec, parser.value(o.output));
}

// Shared by info and verify: positional FILE, --keyring DIR, --json.
struct OpenArgs {
    QString file;
    QString keyringDir;
    bool json = false;
};

int parseOpenArgs(const QStringList &args, const QString &description, const QString &synopsis,
                  bool keyringRequired, OpenArgs *out)
{
    QCommandLineParser parser;
    const QCommandLineOption keyring(
        QStringLiteral("keyring"), tr("Directory of trusted public keys."), QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"), tr("Print the result as JSON."));
    parser.addOptions({keyring, json});
    parser.addPositionalArgument(QStringLiteral("FILE"), tr("The bundle."));
    if (int rc = parseOrExit(parser, args, description, synopsis); rc >= 0) {
        return rc;
    }
    if (parser.positionalArguments().size() != 1) {
        return usageError(tr("Give exactly one bundle file."));
    }
    if (keyringRequired && !parser.isSet(keyring)) {
        return usageError(tr("--keyring DIR is required."));
    }
    out->file = parser.positionalArguments().first();
    out->keyringDir = parser.value(keyring);
    out->json = parser.isSet(json);
    return -1;
}

Result<BundleReader> openBundle(const OpenArgs &a)
{
    Keyring keyring;
    if (!a.keyringDir.isEmpty()) {
        auto loaded = Keyring::load(a.keyringDir);
        if (!loaded) {
            return loaded.error();
        }
        for (const QString &warning : loaded->warnings()) {
            printErr(tr("warning: %1").arg(warning));
        }
        keyring = std::move(*loaded);
    }
    // Without a keyring there is no verdict to enforce: show the manifest, clearly unchecked.
    return BundleReader::open(a.file, keyring,
                              a.keyringDir.isEmpty() ? BundleReader::Trust::ShowUntrusted
                                                     : BundleReader::Trust::Required);
}

int runInfo(const QStringList &args)
{
    OpenArgs a;
    if (int rc = parseOpenArgs(
            args, tr("Show a bundle's manifest and signature verdict. Reads no payload."),
            tr("seesaw bundle info FILE [--keyring DIR] [--json]"), false, &a);
        rc >= 0) {
        return rc;
    }
    auto reader = openBundle(a);
    if (!reader) {
        return fail(reader.error(), a.json);
    }
    if (a.json) {
        printOut(QString::fromUtf8(QJsonDocument(summaryJson(*reader, !a.keyringDir.isEmpty()))
                                       .toJson(QJsonDocument::Indented)));
    } else {
        printSummary(a.file, *reader, !a.keyringDir.isEmpty());
    }
    return ExitOk;
}

int runVerify(const QStringList &args)
{
    OpenArgs a;
    if (int rc =
            parseOpenArgs(args, tr("Check every payload of a bundle against its signed manifest."),
                          tr("seesaw bundle verify FILE --keyring DIR [--json]"), true, &a);
        rc >= 0) {
        return rc;
    }
    auto reader = openBundle(a);
    if (!reader) {
        return fail(reader.error(), a.json);
    }
    installCancelHandler();
    Progress progress(tr("Verifying"));
    Status s = reader->verifyPayloads(
        [&](quint64 done, quint64 total) { progress.update(done, total); }, &g_cancel);
    progress.finish();
    if (!s) {
        return fail(s.error(), a.json);
    }
    if (a.json) {
        QJsonObject o = summaryJson(*reader, true);
        o.insert(QStringLiteral("payloads_verified"), true);
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
    } else {
        quint64 total = 0;
        for (const ImageInfo &i : reader->manifest().images) {
            total += i.size;
        }
        printOut(tr("OK: %1 version %2, %3 image(s), %4 verified; %5")
                     .arg(displayString(reader->manifest().compatible),
                          displayString(reader->manifest().version.toString()),
                          QString::number(reader->manifest().images.size()), formatBytes(total),
                          reader->verdict().message));
    }
    return ExitOk;
}

QString bundleUsage()
{
    return tr("Usage: seesaw bundle create|info|verify [OPTIONS]\n"
              "Run 'seesaw bundle SUBCOMMAND --help' for its options.");
}

} // namespace

int runBundle(const QStringList &args)
{
    const QString sub = args.value(1);
    if (sub.isEmpty() || sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        printOut(bundleUsage());
        return sub.isEmpty() ? ExitUsage : ExitOk;
    }
    QStringList rest = args;
    rest[0] = rest[0] + QLatin1Char(' ') + sub;
    rest.removeAt(1);
    if (sub == QLatin1String("create")) {
        return runCreate(rest);
    }
    if (sub == QLatin1String("info")) {
        return runInfo(rest);
    }
    if (sub == QLatin1String("verify")) {
        return runVerify(rest);
    }
    return usageError(tr("Unknown bundle command \"%1\".").arg(sub));
}

} // namespace cli
