// seesaw channel sign | verify: channel manifests on build hosts (docs/channels.md).
#include "base/hostilestring.h"
#include "clicommon.h"
#include "commands.h"
#include "createoptions.h"
#include "net/channelfreshness.h"
#include "net/channelmanifest.h"
#include "trust/keyring.h"
#include "trust/signaturefile.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace seesaw;

namespace cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli::channel", text);
}

QString channelUsage()
{
    return tr("Usage: seesaw channel COMMAND [OPTIONS]\n"
              "\n"
              "On a build host:\n"
              "  sign     check a channel manifest and sign it (MANIFEST.sig)\n"
              "  verify   check a channel manifest's signature, fields and expiry, and which\n"
              "           entry a device would be offered\n"
              "On a device (through seesawd):\n"
              "  status   the update channel as seesawd last checked it\n"
              "  check    check the update channel now\n"
              "  set      choose the channel (and server) the device follows\n"
              "  download download the offered update now\n"
              "  install  install the downloaded update now\n"
              "\n"
              "Run 'seesaw channel COMMAND --help' for a command's options.");
}

Result<QByteArray> readManifest(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(Error::Kind::Io, "channel.io",
                         tr("Cannot read \"%1\": %2.").arg(path, file.errorString()));
    }
    // One byte more than allowed: the parser then says it is too large.
    return file.read(limits::ChannelManifestMaxBytes + 1);
}

int runSign(const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption keyOption(QStringLiteral("key"),
                                       tr("Private signing key (repeatable: each key signs)."),
                                       QStringLiteral("KEY.pem"));
    const QCommandLineOption sigOut({QStringLiteral("o"), QStringLiteral("output")},
                                    tr("Signature file (default: MANIFEST.sig)."),
                                    QStringLiteral("FILE"));
    parser.addOptions({keyOption, sigOut});
    parser.addPositionalArgument(QStringLiteral("MANIFEST"), tr("The channel manifest (JSON)."));
    if (int rc = parseOrExit(parser, args, tr("Check a channel manifest and sign it."),
                             tr("seesaw channel sign --key KEY.pem [-o FILE] MANIFEST"));
        rc >= 0) {
        return rc;
    }
    if (parser.positionalArguments().size() != 1) {
        return usageError(tr("Give exactly one channel manifest."));
    }
    if (!parser.isSet(keyOption)) {
        return usageError(tr("--key KEY.pem is required."));
    }
    const QString path = parser.positionalArguments().first();
    QList<PrivateKey> keys;
    for (const QString &keyPath : parser.values(keyOption)) {
        auto key = loadPrivateKey(keyPath);
        if (!key) {
            return fail(key.error());
        }
        keys.append(std::move(*key));
    }
    auto json = readManifest(path);
    if (!json) {
        return fail(json.error());
    }
    // Never sign what a device would refuse.
    auto manifest = parseChannelManifest(*json);
    if (!manifest) {
        return fail(manifest.error());
    }
    const QString out = parser.isSet(sigOut) ? parser.value(sigOut) : path + QStringLiteral(".sig");
    QSaveFile file(out);
    const QByteArray sig = signManifest(*json, keys);
    if (!file.open(QIODevice::WriteOnly) || file.write(sig) != sig.size() || !file.commit()) {
        return fail(makeError(Error::Kind::Io, "channel.io",
                              tr("Cannot write \"%1\": %2.").arg(out, file.errorString())));
    }
    printOut(tr("Signed serial %1 (expires %2) with %3 key(s): %4")
                 .arg(QString::number(manifest->serial), manifest->expires.toString(Qt::ISODate),
                      QString::number(keys.size()), out));
    return ExitOk;
}

QJsonObject entryJson(const ChannelEntry &e)
{
    QJsonArray deltas;
    for (const ChannelDelta &d : e.deltas) {
        deltas.append(QJsonObject{{QStringLiteral("from"), d.from.toString()},
                                  {QStringLiteral("url"), d.url},
                                  {QStringLiteral("size"), double(d.size)}});
    }
    return QJsonObject{{QStringLiteral("version"), e.version.toString()},
                       {QStringLiteral("compatible"), QJsonArray::fromStringList(e.compatible)},
                       {QStringLiteral("bundle_url"), e.bundleUrl},
                       {QStringLiteral("bundle_size"), double(e.bundleSize)},
                       {QStringLiteral("rollout"), int(e.rolloutPercent)},
                       {QStringLiteral("deltas"), deltas}};
}

QString offerText(const ChannelOffer &offer, const ChannelDevice &device)
{
    switch (offer.kind) {
    case ChannelOffer::Kind::NoSuchChannel:
        return tr("The manifest has no channel \"%1\".").arg(device.channel);
    case ChannelOffer::Kind::UpToDate:
        return offer.entry ? tr("Up to date: the newest this device may have is %1.")
                                 .arg(offer.entry->version.toString())
                           : tr("Nothing in channel \"%1\" for %2.")
                                 .arg(device.channel, displayString(device.compatible));
    case ChannelOffer::Kind::Update:
        break;
    }
    QString text = tr("Update %1 available: %2 (%3)")
                       .arg(offer.entry->version.toString(), displayString(offer.entry->bundleUrl),
                            formatBytes(offer.entry->bundleSize));
    if (offer.delta) {
        text += QLatin1Char('\n') + tr("Delta from %1: %2 (%3)")
                                        .arg(offer.delta->from.toString(),
                                             displayString(offer.delta->url),
                                             formatBytes(offer.delta->size));
    }
    return text;
}

struct VerifyOptions {
    QCommandLineOption keyring{QStringLiteral("keyring"), tr("Directory of trusted public keys."),
                               QStringLiteral("DIR")};
    QCommandLineOption sig{QStringLiteral("sig"), tr("Signature file (default: MANIFEST.sig)."),
                           QStringLiteral("FILE")};
    QCommandLineOption now{QStringLiteral("now"),
                           tr("Check expiry at this UTC time instead of the system clock."),
                           QStringLiteral("TIME")};
    QCommandLineOption channel{QStringLiteral("channel"),
                               tr("The device's channel, for --compatible (default stable)."),
                               QStringLiteral("NAME"), QStringLiteral("stable")};
    QCommandLineOption compatible{QStringLiteral("compatible"),
                                  tr("Show the entry a device of this compatible is offered."),
                                  QStringLiteral("C")};
    QCommandLineOption version{QStringLiteral("version"), tr("The device's booted version."),
                               QStringLiteral("V")};
    QCommandLineOption machineId{QStringLiteral("machine-id"),
                                 tr("The device's machine id, for staged rollouts."),
                                 QStringLiteral("ID")};
    QCommandLineOption json{QStringLiteral("json"), tr("Print the result as JSON.")};
};

// The device facts and the time from the options; -1, or the exit code of a usage error.
int readDevice(const QCommandLineParser &parser, const VerifyOptions &o, ChannelDevice &device,
               QDateTime &now)
{
    device.channel = parser.value(o.channel);
    device.compatible = parser.value(o.compatible);
    device.machineId = parser.value(o.machineId).toUtf8();
    if (parser.isSet(o.version)) {
        auto v = SemVer::parse(parser.value(o.version));
        if (!v) {
            return usageError(tr("--version: %1").arg(v.error().message));
        }
        device.bootedVersion = *v;
    }
    now = QDateTime::currentDateTimeUtc();
    if (parser.isSet(o.now)) {
        now = QDateTime::fromString(parser.value(o.now), Qt::ISODate);
        if (!now.isValid()) {
            return usageError(tr("--now: not a time such as 2026-12-01T10:00:00Z."));
        }
    }
    return -1;
}

// The manifest, once its signature, its fields and its expiry at `now` are checked.
Result<ChannelManifest> loadChecked(const QString &path, const QString &sigPath,
                                    const QString &keyringDir, const QDateTime &now,
                                    TrustVerdict &verdict)
{
    auto keyring = Keyring::load(keyringDir);
    if (!keyring) {
        return keyring.error();
    }
    auto json = readManifest(path);
    if (!json) {
        return json.error();
    }
    QFile sigFile(sigPath);
    if (!sigFile.open(QIODevice::ReadOnly)) {
        return makeError(
            Error::Kind::Untrusted, "channel.unsigned",
            tr("Cannot read the signature \"%1\": %2.").arg(sigPath, sigFile.errorString()));
    }
    // Nothing in the manifest is believed before its signature is.
    verdict = keyring->verify(*json, sigFile.read(limits::MaxSigFileBytes + 1));
    if (!verdict.trusted) {
        return makeError(Error::Kind::Untrusted, "channel.untrusted", verdict.message);
    }
    auto manifest = parseChannelManifest(*json);
    if (!manifest) {
        return manifest.error();
    }
    // A build host has no memory of earlier manifests: only the expiry is checked.
    const ClockVerdict clock{true, {}};
    if (Status fresh = checkFreshness(*manifest, Sha256::hash(*json), {}, clock, now); !fresh) {
        return fresh.error();
    }
    return manifest;
}

void printJson(const ChannelManifest &manifest, const TrustVerdict &verdict,
               const std::optional<ChannelOffer> &offer, const ChannelDevice &device)
{
    QJsonObject channels;
    for (auto it = manifest.channels.cbegin(); it != manifest.channels.cend(); ++it) {
        QJsonArray entries;
        for (const ChannelEntry &e : it.value()) {
            entries.append(entryJson(e));
        }
        channels.insert(it.key(), entries);
    }
    QJsonObject out{{QStringLiteral("serial"), double(manifest.serial)},
                    {QStringLiteral("issued"), manifest.issued.toString(Qt::ISODate)},
                    {QStringLiteral("expires"), manifest.expires.toString(Qt::ISODate)},
                    {QStringLiteral("signature"), verdict.message},
                    {QStringLiteral("channels"), channels}};
    if (manifest.latest) {
        out.insert(QStringLiteral("latest"), entryJson(*manifest.latest));
    }
    if (offer) {
        QJsonObject o{
            {QStringLiteral("text"), offerText(*offer, device)},
            {QStringLiteral("update"), offer->kind == ChannelOffer::Kind::Update},
            {QStringLiteral("passed_over"), QJsonArray::fromStringList(offer->passedOver)}};
        if (offer->entry) {
            o.insert(QStringLiteral("entry"), entryJson(*offer->entry));
        }
        if (offer->delta) {
            o.insert(QStringLiteral("delta_from"), offer->delta->from.toString());
        }
        out.insert(QStringLiteral("offer"), o);
    }
    printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
}

void printText(const ChannelManifest &manifest, const TrustVerdict &verdict,
               const std::optional<ChannelOffer> &offer, const ChannelDevice &device)
{
    printOut(tr("OK: channel manifest serial %1, issued %2, expires %3; %4")
                 .arg(QString::number(manifest.serial), manifest.issued.toString(Qt::ISODate),
                      manifest.expires.toString(Qt::ISODate), verdict.message));
    for (auto it = manifest.channels.cbegin(); it != manifest.channels.cend(); ++it) {
        QStringList versions;
        for (const ChannelEntry &e : it.value()) {
            versions.append(e.version.toString());
        }
        printOut(tr("  %1: %2").arg(it.key(), versions.join(QStringLiteral(", "))));
    }
    if (offer) {
        printOut(offerText(*offer, device));
        for (const QString &why : std::as_const(offer->passedOver)) {
            printOut(tr("  passed over: %1").arg(why));
        }
    }
}

int runVerify(const QStringList &args)
{
    QCommandLineParser parser;
    const VerifyOptions o;
    parser.addOptions(
        {o.keyring, o.sig, o.now, o.channel, o.compatible, o.version, o.machineId, o.json});
    parser.addPositionalArgument(QStringLiteral("MANIFEST"), tr("The channel manifest (JSON)."));
    if (int rc = parseOrExit(
            parser, args, tr("Check a channel manifest as a device would."),
            tr("seesaw channel verify --keyring DIR [--sig FILE] [--now TIME] [--compatible C "
               "[--channel NAME] [--version V] [--machine-id ID]] [--json] MANIFEST"));
        rc >= 0) {
        return rc;
    }
    if (parser.positionalArguments().size() != 1 || !parser.isSet(o.keyring)) {
        return usageError(tr("Give one channel manifest and --keyring DIR."));
    }
    ChannelDevice device;
    QDateTime now;
    if (int rc = readDevice(parser, o, device, now); rc >= 0) {
        return rc;
    }
    const QString path = parser.positionalArguments().first();
    const QString sigPath =
        parser.isSet(o.sig) ? parser.value(o.sig) : path + QStringLiteral(".sig");
    TrustVerdict verdict;
    auto manifest = loadChecked(path, sigPath, parser.value(o.keyring), now, verdict);
    if (!manifest) {
        return fail(manifest.error());
    }
    std::optional<ChannelOffer> offer;
    if (!device.compatible.isEmpty()) {
        offer = selectOffer(*manifest, device);
    }
    if (parser.isSet(o.json)) {
        printJson(*manifest, verdict, offer, device);
    } else {
        printText(*manifest, verdict, offer, device);
    }
    return ExitOk;
}

} // namespace

int runChannel(const QStringList &args)
{
    const QString sub = args.value(1);
    QStringList rest = args;
    if (sub.isEmpty() || sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
        printOut(channelUsage());
        return sub.isEmpty() ? ExitUsage : ExitOk;
    }
    rest[0] = args.at(0) + QLatin1Char(' ') + sub;
    rest.removeAt(1);
    if (sub == QLatin1String("sign")) {
        return runSign(rest);
    }
    if (sub == QLatin1String("verify")) {
        return runVerify(rest);
    }
    if (sub == QLatin1String("status") || sub == QLatin1String("check") ||
        sub == QLatin1String("set") || sub == QLatin1String("download") ||
        sub == QLatin1String("install")) {
        return runChannelOverBus(sub, rest);
    }
    return usageError(tr("Unknown channel command \"%1\".").arg(sub));
}

} // namespace cli
