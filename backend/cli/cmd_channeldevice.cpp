// seesaw channel status|check|set|download|install: the device's update channel, through
// seesawd (the D-Bus property Channel and the methods CheckChannel, SetChannel, DownloadUpdate
// and InstallUpdate, docs/dbus-api.md).
#include "busclient.h"
#include "clicommon.h"
#include "commands.h"
#include "dbustypes.h"
#include "updater1proxy.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMetaType>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli::channel", text);
}

// A value from the bus as a plain one: a dictionary as a map, an array as a string list.
QVariant plainValue(const QVariant &value)
{
    if (!value.canConvert<QDBusArgument>()) {
        return value;
    }
    const auto arg = value.value<QDBusArgument>();
    if (arg.currentType() == QDBusArgument::MapType) {
        return qdbus_cast<QVariantMap>(arg);
    }
    return qdbus_cast<QStringList>(arg);
}

QVariantMap plainLevel(const QVariantMap &map)
{
    QVariantMap out;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        out.insert(it.key(), plainValue(it.value()));
    }
    return out;
}

// The Channel dictionary with its two levels of nested dictionaries (offer, its release notes)
// as plain maps, for JSON and lookups.
QVariantMap plain(const QVariantMap &channel)
{
    QVariantMap out = plainLevel(channel);
    for (QVariant &value : out) {
        if (value.typeId() == QMetaType::QVariantMap) {
            value = plainLevel(value.toMap());
        }
    }
    return out;
}

QString sizeText(const QVariant &bytes)
{
    return QLocale().formattedDataSize(bytes.toLongLong(), 1, QLocale::DataSizeSIFormat);
}

QString stateText(const QString &state)
{
    static const struct {
        const char *state;
        const char *text;
    } texts[] = {
        {"disabled", QT_TRANSLATE_NOOP("cli::channel", "no network updates configured")},
        {"unknown", QT_TRANSLATE_NOOP("cli::channel", "not checked yet")},
        {"checking", QT_TRANSLATE_NOOP("cli::channel", "checking")},
        {"up-to-date", QT_TRANSLATE_NOOP("cli::channel", "up to date")},
        {"update-available", QT_TRANSLATE_NOOP("cli::channel", "update available")},
        {"downloading", QT_TRANSLATE_NOOP("cli::channel", "downloading")},
        {"verifying", QT_TRANSLATE_NOOP("cli::channel", "verifying the download")},
        {"downloaded", QT_TRANSLATE_NOOP("cli::channel", "downloaded, waiting to install")},
        {"ready",
         QT_TRANSLATE_NOOP("cli::channel", "waiting to install, streamed from the server")},
        {"installing", QT_TRANSLATE_NOOP("cli::channel", "installing")},
        {"installed", QT_TRANSLATE_NOOP("cli::channel", "installed, waiting for the restart")},
        {"no-such-channel", QT_TRANSLATE_NOOP("cli::channel", "the server has no such channel")},
    };
    for (const auto &t : texts) {
        if (state == QLatin1String(t.state)) {
            return tr(t.text);
        }
    }
    return tr("failed");
}

void printOffer(const QVariantMap &offer)
{
    if (offer.isEmpty()) {
        return;
    }
    printOut(tr("Offered:  %1 (%2)")
                 .arg(offer.value(QStringLiteral("version")).toString(),
                      sizeText(offer.value(QStringLiteral("size")))));
    if (offer.contains(QStringLiteral("delta-from"))) {
        printOut(tr("          as a delta from %1: %2")
                     .arg(offer.value(QStringLiteral("delta-from")).toString(),
                          sizeText(offer.value(QStringLiteral("delta-size")))));
    }
    const QVariantMap notes = offer.value(QStringLiteral("release-notes")).toMap();
    const QString lang = QLocale().name().section(QLatin1Char('_'), 0, 0);
    const QString text =
        notes.value(lang, notes.value(QString(), notes.value(QStringLiteral("en")))).toString();
    if (!text.isEmpty()) {
        printOut(tr("Notes:    %1").arg(text));
    }
}

void printDownload(const QVariantMap &channel)
{
    const QVariantMap download = channel.value(QStringLiteral("download")).toMap();
    if (!download.isEmpty()) {
        const double rate = download.value(QStringLiteral("rate")).toDouble();
        printOut(tr("Download: %1 of %2 (%3/s)")
                     .arg(sizeText(download.value(QStringLiteral("done"))),
                          sizeText(download.value(QStringLiteral("total"))),
                          sizeText(QVariant::fromValue(qlonglong(rate)))));
    }
    if (channel.contains(QStringLiteral("staged-version"))) {
        const QString at = channel.value(QStringLiteral("installs-at")).toString();
        const QString when =
            at.isEmpty() ? tr("when asked (seesaw channel install)") : tr("at %1").arg(at);
        const QString version = channel.value(QStringLiteral("staged-version")).toString();
        printOut(channel.value(QStringLiteral("streamed")).toBool()
                     ? tr("Ready:    %1 checked; installs straight from the server %2")
                           .arg(version, when)
                     : tr("Ready:    %1 downloaded and verified; installs %2").arg(version, when));
    }
    const QString error = channel.value(QStringLiteral("download-error")).toString();
    if (!error.isEmpty()) {
        printOut(tr("Download failed: %1 [%2]")
                     .arg(error, channel.value(QStringLiteral("download-error-code")).toString()));
    }
}

int print(const QVariantMap &channel, bool json)
{
    if (json) {
        printOut(QString::fromUtf8(
            QJsonDocument(QJsonObject::fromVariantMap(channel)).toJson(QJsonDocument::Indented)));
        return ExitOk;
    }
    const auto text = [&channel](const char *key) {
        return channel.value(QString::fromLatin1(key)).toString();
    };
    printOut(tr("Channel:  %1 at %2").arg(text("channel"), text("url")));
    printOut(tr("State:    %1").arg(stateText(text("state"))));
    printOffer(channel.value(QStringLiteral("offer")).toMap());
    for (const QString &why : channel.value(QStringLiteral("passed-over")).toStringList()) {
        printOut(tr("          %1").arg(why));
    }
    printDownload(channel);
    if (!text("error-code").isEmpty()) {
        printOut(tr("Error:    %1 [%2]").arg(text("error"), text("error-code")));
    }
    printOut(tr("Checked:  %1 (last success: %2)")
                 .arg(text("last-check").isEmpty() ? tr("never") : text("last-check"),
                      text("last-success").isEmpty() ? tr("never") : text("last-success")));
    if (!text("next-check").isEmpty()) {
        printOut(tr("Next:     %1").arg(text("next-check")));
    }
    if (channel.contains(QStringLiteral("serial"))) {
        printOut(tr("Manifest: serial %1, expires %2").arg(text("serial"), text("expires")));
        printOut(tr("Clock:    %1").arg(text("clock")));
    }
    return ExitOk;
}

} // namespace

int runChannelOverBus(const QString &sub, const QStringList &args)
{
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), tr("Print the channel as JSON."));
    const QCommandLineOption url(QStringLiteral("url"),
                                 tr("Follow the channel manifest at this http(s) URL."),
                                 QStringLiteral("URL"));
    const QCommandLineOption useDefault(QStringLiteral("default"),
                                        tr("Go back to system.conf's channel and manifest URL."));
    parser.addOption(json);
    QString description = tr("Show the device's update channel, as seesawd last checked it.");
    QString usage = tr("seesaw channel status [--json]");
    if (sub == QLatin1String("check")) {
        description = tr("Ask seesawd to check the update channel now.");
        usage = tr("seesaw channel check [--json]");
    } else if (sub == QLatin1String("download")) {
        description = tr("Ask seesawd to download the offered update now.");
        usage = tr("seesaw channel download [--json]");
    } else if (sub == QLatin1String("install")) {
        description = tr("Install the downloaded update now instead of in the maintenance "
                         "window, and follow its progress.");
        usage = tr("seesaw channel install");
    } else if (sub == QLatin1String("set")) {
        parser.addOptions({url, useDefault});
        parser.addPositionalArgument(QStringLiteral("NAME"), tr("The channel, e.g. stable."));
        description = tr("Choose the channel (and the server) the device follows, then check it.");
        usage = tr("seesaw channel set NAME [--url URL] [--json] | seesaw channel set --default");
    }
    if (int rc = parseOrExit(parser, args, description, usage); rc >= 0) {
        return rc;
    }
    const QStringList names = parser.positionalArguments();
    if (sub == QLatin1String("set") &&
        (parser.isSet(useDefault) ? !names.isEmpty() || parser.isSet(url) : names.size() != 1)) {
        return usageError(tr("Give one channel name, or --default."));
    }
    if (sub != QLatin1String("set") && !names.isEmpty()) {
        return usageError(tr("seesaw channel %1 takes no arguments.").arg(sub));
    }
    auto proxy = connectUpdater();
    if (!proxy) {
        return ExitIo;
    }
    if (sub == QLatin1String("status")) {
        return print(plain(proxy->channel()), parser.isSet(json));
    }
    if (sub == QLatin1String("install")) {
        return startAndFollow(*proxy, [&proxy] { return proxy->InstallUpdate(); });
    }
    auto reply = sub == QLatin1String("check") ? proxy->CheckChannel()
                 : sub == QLatin1String("download")
                     ? proxy->DownloadUpdate()
                     : proxy->SetChannel(names.value(0), parser.value(url));
    reply.waitForFinished();
    if (reply.isError()) {
        return reportBusError(reply.error());
    }
    return print(plain(reply.value()), parser.isSet(json));
}

} // namespace cli
