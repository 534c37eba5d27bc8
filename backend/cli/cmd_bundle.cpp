// seesaw bundle info | verify, and the dispatch to create (cmd_bundlecreate.cpp)
#include "base/hostilestring.h"
#include "bundle/baseimage.h"
#include "bundle/bundlereader.h"
#include "clicommon.h"
#include "commands.h"
#include "trust/keyring.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <map>
#include <memory>
#include <vector>

namespace cli {

using namespace seesaw;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli::bundle", text);
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

// "Delta update from 2.0.0 — 48 MiB instead of 512 MiB": the bundle's size against the full
// bundle's, as the delta's maker recorded it.
QString deltaSummary(const BundleReader &reader)
{
    const auto delta = reader.deltaOverview();
    if (!delta) {
        return {};
    }
    const QString from = displayString(delta->baseVersion.toString());
    if (delta->fullBundleSize == 0) {
        return tr("Delta update from %1 — %2").arg(from, formatBytes(reader.fileSize()));
    }
    return tr("Delta update from %1 — %2 instead of %3")
        .arg(from, formatBytes(reader.fileSize()), formatBytes(delta->fullBundleSize));
}

// "ID=debian VERSION_ID=12 ARCHITECTURE=x86-64": the fields set, as os-release(5) names them.
QString releaseText(const ReleaseFields &f)
{
    QStringList parts;
    for (const auto &[key, value] :
         {std::pair{"ID", &f.id}, std::pair{"VERSION_ID", &f.versionId},
          std::pair{"SYSEXT_LEVEL", &f.sysextLevel}, std::pair{"CONFEXT_LEVEL", &f.confextLevel},
          std::pair{"ARCHITECTURE", &f.architecture}}) {
        if (!value->isEmpty()) {
            parts.append(QLatin1String(key) + QLatin1Char('=') + displayString(*value));
        }
    }
    return parts.join(QLatin1Char(' '));
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
    if (const QString delta = deltaSummary(reader); !delta.isEmpty()) {
        row(tr("Delta"), delta);
    }
    for (const ImageInfo &image : m.images) {
        row(tr("Image"),
            tr("%1: %2 (stored %3, %4 chunks of %5)")
                .arg(displayString(image.slotClass), formatBytes(image.size),
                     formatBytes(image.storedSize), QString::number(image.chunkSha256.size()),
                     formatBytes(image.chunkSize)));
        row(tr("  SHA-256"), toHex(image.sha256));
    }
    for (const ArtifactInfo &a : m.artifacts) {
        row(tr("Artifact"),
            tr("%1/%2 %3: %4, %5 (stored %6)")
                .arg(displayString(a.repository), displayString(a.name), displayString(a.version),
                     ArtifactInfo::typeName(a.type), formatBytes(a.payload.size),
                     formatBytes(a.payload.storedSize)));
        if (a.extensionRelease) {
            row(tr("  needs OS"), releaseText(*a.extensionRelease));
        }
        row(tr("  SHA-256"), toHex(a.payload.sha256));
    }
    if (m.osRelease) {
        row(tr("OS release"), releaseText(*m.osRelease));
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

// Shared by info and verify: positional FILE, --keyring DIR, --json.
struct OpenArgs {
    QString file;
    QString keyringDir;
    bool json = false;
    QStringList bases; // verify: [CLASS=]FILE, the base images of delta images
};

int parseOpenArgs(const QStringList &args, const QString &description, const QString &synopsis,
                  bool verify, OpenArgs *out)
{
    QCommandLineParser parser;
    const QCommandLineOption keyring(
        QStringLiteral("keyring"), tr("Directory of trusted public keys."), QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"), tr("Print the result as JSON."));
    const QCommandLineOption base(
        QStringLiteral("base"),
        tr("The old image a delta image is rebuilt from, [CLASS=]FILE (repeatable); without it a "
           "delta image is checked only as stored."),
        QStringLiteral("FILE"));
    parser.addOptions({keyring, json});
    if (verify) {
        parser.addOption(base);
    }
    parser.addPositionalArgument(QStringLiteral("FILE"), tr("The bundle."));
    if (int rc = parseOrExit(parser, args, description, synopsis); rc >= 0) {
        return rc;
    }
    if (parser.positionalArguments().size() != 1) {
        return usageError(tr("Give exactly one bundle file."));
    }
    if (verify && !parser.isSet(keyring)) {
        return usageError(tr("--keyring DIR is required."));
    }
    if (verify) {
        out->bases = parser.values(base);
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

void printVerified(const BundleReader &reader, int unrebuilt, bool json)
{
    if (json) {
        QJsonObject o = summaryJson(reader, true);
        o.insert(QStringLiteral("payloads_verified"), true);
        o.insert(QStringLiteral("deltas_not_rebuilt"), unrebuilt);
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return;
    }
    quint64 total = 0;
    for (const ImageInfo &i : reader.manifest().images) {
        total += i.size;
    }
    printOut(tr("OK: %1 version %2, %3 image(s), %4 verified; %5")
                 .arg(displayString(reader.manifest().compatible),
                      displayString(reader.manifest().version.toString()),
                      QString::number(reader.manifest().images.size()), formatBytes(total),
                      reader.verdict().message));
    if (unrebuilt > 0) {
        printOut(tr("%1 delta image(s) checked as stored only: rebuilding them needs their base "
                    "(--base OLD.img).")
                     .arg(unrebuilt));
    }
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

// The base images given with --base, opened, by slot class ("" for a FILE without CLASS=).
class Bases {
public:
    Status open(const QStringList &specs)
    {
        for (const QString &spec : specs) {
            const qsizetype eq = spec.indexOf(QLatin1Char('='));
            const QString slotClass = eq > 0 ? spec.left(eq) : QString();
            const QString path = eq > 0 ? spec.mid(eq + 1) : spec;
            auto file = std::make_unique<QFile>(path);
            if (!file->open(QIODevice::ReadOnly)) {
                return makeError(
                    Error::Kind::Io, "delta.base-io",
                    tr("Cannot read the base \"%1\": %2.").arg(path, file->errorString()));
            }
            m_images[slotClass] = std::make_unique<BaseImage>(file->handle(), quint64(file->size()),
                                                              QStringLiteral("\"%1\"").arg(path));
            m_files.push_back(std::move(file));
        }
        return Ok{};
    }
    BaseImage *operator()(const ImageInfo &image) const
    {
        auto it = m_images.find(image.slotClass);
        if (it == m_images.end()) {
            it = m_images.find(QString());
        }
        return it == m_images.end() ? nullptr : it->second.get();
    }

private:
    std::vector<std::unique_ptr<QFile>> m_files;
    std::map<QString, std::unique_ptr<BaseImage>> m_images;
};

int runVerify(const QStringList &args)
{
    OpenArgs a;
    if (int rc = parseOpenArgs(
            args, tr("Check every payload of a bundle against its signed manifest."),
            tr("seesaw bundle verify FILE --keyring DIR [--base [CLASS=]OLD.img] [--json]"), true,
            &a);
        rc >= 0) {
        return rc;
    }
    auto reader = openBundle(a);
    if (!reader) {
        return fail(reader.error(), a.json);
    }
    Bases bases;
    if (Status s = bases.open(a.bases); !s) {
        return fail(s.error(), a.json);
    }
    const std::atomic<bool> *cancel = signalCancelFlag();
    Progress progress(tr("Verifying"));
    int unrebuilt = 0;
    Status s = reader->verifyPayloads(
        [&](quint64 done, quint64 total) { progress.update(done, total); }, cancel,
        [&](const ImageInfo &image) { return bases(image); }, &unrebuilt);
    progress.finish();
    if (!s) {
        return fail(s.error(), a.json);
    }
    printVerified(*reader, unrebuilt, a.json);
    return ExitOk;
}

QString bundleUsage()
{
    return tr("Usage: seesaw bundle create|create-delta|delta-stats|info|verify [OPTIONS]\n"
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
        return runBundleCreate(rest);
    }
    if (sub == QLatin1String("create-delta")) {
        return runBundleCreateDelta(rest);
    }
    if (sub == QLatin1String("delta-stats")) {
        return runBundleDeltaStats(rest);
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
