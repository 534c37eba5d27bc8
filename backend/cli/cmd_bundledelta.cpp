// seesaw bundle create-delta (a delta bundle from a full one and the old version) and seesaw
// bundle delta-stats (what a delta between two versions saves, and where the images changed).
#include "base/hostilestring.h"
#include "bundle/deltabundle.h"
#include "clicommon.h"
#include "commands.h"
#include "createoptions.h"
#include "trust/keyring.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <optional>

namespace cli {

using namespace seesaw;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli::bundle", text);
}

// The options of `seesaw bundle create-delta`.
struct DeltaOptions {
    const OutputOptions out{"19"};
    const QCommandLineOption from{
        QStringLiteral("from"),
        tr("The old version: its bundle, or its raw image (then give --from-version)."),
        QStringLiteral("OLD")};
    const QCommandLineOption to{QStringLiteral("to"), tr("The full bundle of the new version."),
                                QStringLiteral("NEW.seesaw")};
    const QCommandLineOption fromVersion{QStringLiteral("from-version"),
                                         tr("Version of a raw old image."), QStringLiteral("V")};
    const QCommandLineOption fromClass{
        QStringLiteral("from-class"),
        tr("Slot class of a raw old image (default: the new bundle's only image)."),
        QStringLiteral("CLASS")};
    const QCommandLineOption keyring{
        QStringLiteral("keyring"),
        tr("Directory of public keys the bundles must be signed with (default: the --key keys)."),
        QStringLiteral("DIR")};

    [[nodiscard]] QList<QCommandLineOption> all() const
    {
        return {from,    to,        fromVersion, fromClass, keyring,
                out.key, out.level, out.threads, out.output};
    }
};

// Signing keys, numbers and the keyring the input bundles are checked with.
int readDeltaOptions(const QCommandLineParser &parser, const DeltaOptions &o, DeltaSpec &spec)
{
    if (int rc = readOutputOptions(parser, o.out, spec.signingKeys, spec.level, spec.threads);
        rc >= 0) {
        return rc;
    }
    if (parser.isSet(o.keyring)) {
        auto loaded = Keyring::load(parser.value(o.keyring));
        if (!loaded) {
            return fail(loaded.error());
        }
        spec.keyring = std::move(*loaded);
    } else {
        for (const PrivateKey &k : spec.signingKeys) {
            spec.keyring.addTrusted(k.publicKey());
        }
    }
    return -1;
}

// createDeltaBundle with a progress line per step, cancelled by SIGINT or SIGTERM.
Result<DeltaCreated> makeDelta(const DeltaSpec &spec, const QString &output)
{
    const std::atomic<bool> *cancel = signalCancelFlag();
    std::optional<Progress> progress;
    QString step;
    auto made = createDeltaBundle(
        spec, output,
        [&](const QString &now, quint64 done, quint64 total) {
            if (now != step) {
                if (progress) {
                    progress->finish();
                }
                step = now;
                progress.emplace(now == QLatin1String("unpack") ? tr("Unpacking")
                                                                : tr("Compressing"));
            }
            progress->update(done, total);
        },
        cancel);
    if (progress) {
        progress->finish();
    }
    return made;
}

QString percentOf(quint64 part, quint64 whole)
{
    return QString::number(100.0 * double(part) / double(std::max<quint64>(1, whole)), 'f', 1);
}

// "0-3, 17, 120-151": runs of changed MiB.
QString regionList(const ImageChanges &changes)
{
    QStringList runs;
    for (const auto &[first, last] : changes.regions) {
        runs.append(first == last ? QString::number(first)
                                  : QStringLiteral("%1-%2").arg(QString::number(first),
                                                                QString::number(last)));
    }
    return runs.join(QLatin1String(", "));
}

void printStats(const DeltaCreated &made, double seconds, bool json)
{
    if (json) {
        QJsonArray images;
        for (const ImageChanges &c : made.changes) {
            QJsonArray regions;
            for (const auto &[first, last] : c.regions) {
                regions.append(QJsonArray{double(first), double(last)});
            }
            images.append(QJsonObject{{QStringLiteral("slot_class"), c.slotClass},
                                      {QStringLiteral("size"), double(c.size)},
                                      {QStringLiteral("changed_mib"), double(c.changedMiB)},
                                      {QStringLiteral("changed_regions_mib"), regions}});
        }
        const QJsonObject o{
            {QStringLiteral("full_size"), double(made.fullSize)},
            {QStringLiteral("delta_size"), double(made.deltaSize)},
            {QStringLiteral("reduction_percent"),
             100.0 - 100.0 * double(made.deltaSize) / double(std::max<quint64>(1, made.fullSize))},
            {QStringLiteral("creation_seconds"), seconds},
            {QStringLiteral("images"), images}};
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return;
    }
    printOut(tr("Full bundle:  %1").arg(formatBytes(made.fullSize)));
    printOut(tr("Delta bundle: %1 (%2% of the full bundle, %3% smaller)")
                 .arg(formatBytes(made.deltaSize), percentOf(made.deltaSize, made.fullSize),
                      QString::number(100.0 - percentOf(made.deltaSize, made.fullSize).toDouble(),
                                      'f', 1)));
    printOut(tr("Created in:   %1 s").arg(QString::number(seconds, 'f', 1)));
    for (const ImageChanges &c : made.changes) {
        printOut(tr("Image %1: %2 of %3 MiB changed%4")
                     .arg(displayString(c.slotClass), QString::number(c.changedMiB),
                          QString::number((c.size + (1 << 20) - 1) >> 20),
                          c.regions.isEmpty() ? QString() : tr(", at MiB %1").arg(regionList(c))));
    }
}

} // namespace

// seesaw bundle delta-stats OLD NEW.seesaw: makes the delta in a scratch folder, signed with a
// throwaway key, and says what it saves and where the images changed.
int runBundleDeltaStats(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption fromVersion{QStringLiteral("from-version"),
                                         tr("Version of a raw old image (default 0.0.0)."),
                                         QStringLiteral("V"), QStringLiteral("0.0.0")};
    const QCommandLineOption fromClass{QStringLiteral("from-class"),
                                       tr("Slot class of a raw old image."),
                                       QStringLiteral("CLASS")};
    const QCommandLineOption level{QStringLiteral("level"),
                                   tr("zstd compression level, 1-19 (default 19)."),
                                   QStringLiteral("N"), QStringLiteral("19")};
    const QCommandLineOption threads{QStringLiteral("threads"),
                                     tr("Compression threads (default: one per CPU)."),
                                     QStringLiteral("N"), QStringLiteral("0")};
    const QCommandLineOption json{QStringLiteral("json"), tr("Print the result as JSON.")};
    parser.addOptions({fromVersion, fromClass, level, threads, json});
    parser.addPositionalArgument(QStringLiteral("OLD"), tr("The old version's bundle or image."));
    parser.addPositionalArgument(QStringLiteral("NEW"), tr("The new version's full bundle."));
    if (int rc = parseOrExit(parser, args,
                             tr("How much smaller a delta between two versions is, how long it "
                                "takes to make, and which parts of the images changed."),
                             tr("seesaw bundle delta-stats OLD NEW.seesaw [--level N] [--json]"));
        rc >= 0) {
        return rc;
    }
    if (parser.positionalArguments().size() != 2) {
        return usageError(tr("Give the old version and the new version's bundle."));
    }
    DeltaSpec spec;
    spec.from = parser.positionalArguments().at(0);
    spec.newBundle = parser.positionalArguments().at(1);
    spec.fromVersion = parser.value(fromVersion);
    spec.fromClass = parser.value(fromClass);
    spec.allowUntrusted = true; // nothing is signed for a device: only measured
    spec.compareRegions = true;
    bool ok = false;
    spec.level = parser.value(level).toInt(&ok);
    if (!ok) {
        return usageError(tr("--level needs a number."));
    }
    spec.threads = parser.value(threads).toInt(&ok);
    if (!ok || spec.threads < 0) {
        return usageError(tr("--threads needs a number."));
    }
    auto key = PrivateKey::generate();
    if (!key) {
        return fail(key.error());
    }
    spec.signingKeys = {*key};
    const QTemporaryDir scratch(QFileInfo(spec.newBundle)
                                    .absoluteDir()
                                    .filePath(QStringLiteral(".seesaw-delta-stats-XXXXXX")));
    if (!scratch.isValid()) {
        return fail(makeError(Error::Kind::Io, "delta.io",
                              tr("Cannot create a work folder: %1.").arg(scratch.errorString())));
    }
    QElapsedTimer clock;
    clock.start();
    auto made = makeDelta(spec, scratch.filePath(QStringLiteral("delta.seesaw")));
    if (!made) {
        return fail(made.error(), parser.isSet(json));
    }
    printStats(*made, double(clock.elapsed()) / 1000.0, parser.isSet(json));
    return ExitOk;
}

int runBundleCreateDelta(const QStringList &args)
{
    QCommandLineParser parser;
    const DeltaOptions o;
    parser.addOptions(o.all());
    if (int rc = parseOrExit(
            parser, args,
            tr("Make a delta bundle: the new version's images compressed against the old "
               "version's, for devices that run the old version."),
            tr("seesaw bundle create-delta --from OLD --to NEW.seesaw --key KEY.pem "
               "[--from-version V] [--level N] -o OUT.seesaw"));
        rc >= 0) {
        return rc;
    }
    for (const auto *required : {&o.from, &o.to, &o.out.key, &o.out.output}) {
        if (!parser.isSet(*required)) {
            return usageError(tr("--%1 is required.").arg(required->names().constLast()));
        }
    }
    if (!parser.positionalArguments().isEmpty()) {
        return usageError(
            tr("Unexpected argument \"%1\".").arg(parser.positionalArguments().first()));
    }
    DeltaSpec spec;
    spec.newBundle = parser.value(o.to);
    spec.from = parser.value(o.from);
    spec.fromVersion = parser.value(o.fromVersion);
    spec.fromClass = parser.value(o.fromClass);
    if (int rc = readDeltaOptions(parser, o, spec); rc >= 0) {
        return rc;
    }
    const QString output = parser.value(o.out.output);
    auto made = makeDelta(spec, output);
    if (!made) {
        return fail(made.error());
    }
    const ImageInfo &first = made->manifest.images.first();
    printOut(tr("Created %1: delta from %2 to %3 for %4, %5 instead of %6 (%7% of the full "
                "bundle).")
                 .arg(output, first.delta ? first.delta->baseVersion.toString() : QString(),
                      made->manifest.version.toString(), made->manifest.compatible,
                      formatBytes(made->deltaSize), formatBytes(made->fullSize),
                      QString::number(100.0 * double(made->deltaSize) /
                                          double(std::max<quint64>(1, made->fullSize)),
                                      'f', 1)));
    return ExitOk;
}

} // namespace cli
