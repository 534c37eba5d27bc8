// seesaw bundle create: the options, the spec they fill in, and writing the bundle.
#include "artifactinput.h"
#include "artifacts/extensionrelease.h"
#include "base/hostilestring.h"
#include "bundle/bundlewriter.h"
#include "clicommon.h"
#include "commands.h"
#include "createoptions.h"
#include "trust/keyring.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>

namespace cli {

using namespace seesaw;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli::bundle", text);
}

} // namespace

OutputOptions::OutputOptions(const char *defaultLevel)
    : level(QStringLiteral("level"),
            tr("zstd compression level, 1-19 (default %1).").arg(QLatin1String(defaultLevel)),
            QStringLiteral("N"), QLatin1String(defaultLevel))
{}

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

// The signing keys, level and threads; -1, or the exit code of the error that stops the command.
int readOutputOptions(const QCommandLineParser &parser, const OutputOptions &o,
                      QList<PrivateKey> &keys, int &level, int &threads)
{
    for (const QString &path : parser.values(o.key)) {
        auto k = loadPrivateKey(path);
        if (!k) {
            return fail(k.error());
        }
        keys.append(*k);
    }
    bool ok = false;
    level = parser.value(o.level).toInt(&ok);
    if (!ok) {
        return usageError(tr("--level needs a number."));
    }
    threads = parser.value(o.threads).toInt(&ok);
    if (!ok || threads < 0) {
        return usageError(tr("--threads needs a number."));
    }
    return -1;
}

namespace {

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

// The options of `seesaw bundle create`.
struct CreateOptions {
    const OutputOptions out{"3"};
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
    const QCommandLineOption artifact{
        QStringLiteral("artifact"),
        tr("A layer for an artifact repository of the device (repeatable): "
           "TYPE:REPOSITORY/NAME:VERSION=PATH, TYPE sysext, confext, files or tree (a directory "
           "or a tar file)."),
        QStringLiteral("SPEC")};
    const QCommandLineOption osRelease{
        QStringLiteral("os-release"),
        tr("The os-release file of the OS the images hold, which the device's extensions must "
           "fit."),
        QStringLiteral("FILE")};
    const QCommandLineOption notes{
        QStringLiteral("notes"), tr("Release notes in a language, e.g. en=NOTES.md (repeatable)."),
        QStringLiteral("LANG=FILE")};
    const QCommandLineOption minVersion{QStringLiteral("min-version"),
                                        tr("Oldest installed version this bundle may update."),
                                        QStringLiteral("V")};
    const QCommandLineOption hardware{QStringLiteral("hardware"),
                                      tr("Hardware revision this bundle supports (repeatable)."),
                                      QStringLiteral("H")};
    const QCommandLineOption addKey{
        QStringLiteral("add-key"),
        tr("Public key to trust from this bundle on (key rotation; repeatable)."),
        QStringLiteral("PUB.pem")};
    const QCommandLineOption revokeKey{QStringLiteral("revoke-key"),
                                       tr("Key id to revoke (key rotation; repeatable)."),
                                       QStringLiteral("KEYID")};
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
        return {compatible, version,     build,    image,     artifact,  osRelease,
                notes,      minVersion,  hardware, out.key,   addKey,    revokeKey,
                out.level,  out.threads, battery,  freeSpace, out.output};
    }
};

// The steps below fill in the spec from the command line and return -1, or the exit code of
// the usage error that stops the command.

// Signing keys, compression level and threads, and what the bundle requires of a device.
int readNumbers(const QCommandLineParser &parser, const CreateOptions &o, BundleSpec &spec)
{
    if (int rc = readOutputOptions(parser, o.out, spec.signingKeys, spec.level, spec.threads);
        rc >= 0) {
        return rc;
    }
    bool ok = false;
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

// The artifacts (each checked and measured as a device would take it) and the OS's release.
int readArtifacts(const QCommandLineParser &parser, const CreateOptions &o, BundleSpec &spec)
{
    static const QTemporaryDir work;
    if (!work.isValid()) {
        return fail(makeError(Error::Kind::Io, "create.io",
                              tr("Cannot make a temporary directory: %1").arg(work.errorString())));
    }
    for (const QString &value : parser.values(o.artifact)) {
        auto artifact = readArtifactOption(value, work);
        if (!artifact) {
            return fail(artifact.error());
        }
        spec.artifacts.append(*artifact);
    }
    if (parser.isSet(o.osRelease)) {
        QFile file(parser.value(o.osRelease));
        if (!file.open(QIODevice::ReadOnly)) {
            return fail(
                makeError(Error::Kind::Io, "create.io",
                          tr("Cannot read \"%1\": %2.").arg(file.fileName(), file.errorString())));
        }
        auto fields = parseReleaseText(file.read(limits::MaxReleaseFileBytes + 1));
        if (!fields) {
            return fail(fields.error());
        }
        spec.osRelease = *fields;
    }
    return -1;
}

// The keys the bundle adds or revokes (key rotation).
int readKeys(const QCommandLineParser &parser, const CreateOptions &o, BundleSpec &spec)
{
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
    const std::atomic<bool> *cancel = signalCancelFlag();
    Progress progress(tr("Compressing"));
    auto result = createBundle(
        spec, output, [&](quint64 done, quint64 total) { progress.update(done, total); }, cancel);
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
    for (const ArtifactInfo &a : result->artifacts) {
        stored += a.payload.storedSize;
        size += a.payload.size;
    }
    printOut(tr("Created %1: version %2 for %3, %4 image(s), %5 artifact(s), %6 compressed to "
                "%7.")
                 .arg(output, result->version.toString(), result->compatible,
                      QString::number(result->images.size()),
                      QString::number(result->artifacts.size()), formatBytes(size),
                      formatBytes(stored)));
    return ExitOk;
}

} // namespace

int runBundleCreate(const QStringList &args)
{
    QCommandLineParser parser;
    const CreateOptions o;
    parser.addOptions(o.all());
    if (int rc = parseOrExit(
            parser, args, tr("Make and sign an update bundle."),
            tr("seesaw bundle create --compatible C --version V --image CLASS=FILE ... "
               "[--artifact TYPE:REPOSITORY/NAME:VERSION=PATH ...] [--os-release FILE] "
               "[--notes LANG=FILE ...] [--min-version V] [--hardware H ...] --key KEY.pem "
               "[--level N] -o OUT.seesaw"));
        rc >= 0) {
        return rc;
    }
    for (const auto *required : {&o.compatible, &o.version, &o.out.key, &o.out.output}) {
        if (!parser.isSet(*required)) {
            return usageError(tr("--%1 is required.").arg(required->names().constLast()));
        }
    }
    if (!parser.isSet(o.image) && !parser.isSet(o.artifact)) {
        return usageError(tr("A bundle needs at least one --image or --artifact."));
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
    for (auto read : {readNumbers, readFiles, readKeys, readArtifacts}) {
        if (int rc = read(parser, o, spec); rc >= 0) {
            return rc;
        }
    }
    return writeBundle(spec, parser.value(o.out.output));
}

} // namespace cli
