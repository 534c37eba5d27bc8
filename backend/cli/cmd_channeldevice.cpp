// seesaw channel status|check|set: the device's update channel, through seesawd (the D-Bus
// property Channel and the methods CheckChannel and SetChannel, docs/dbus-api.md).
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
    if (state == QLatin1String("disabled")) {
        return tr("no network updates configured");
    }
    if (state == QLatin1String("unknown")) {
        return tr("not checked yet");
    }
    if (state == QLatin1String("checking")) {
        return tr("checking");
    }
    if (state == QLatin1String("up-to-date")) {
        return tr("up to date");
    }
    if (state == QLatin1String("update-available")) {
        return tr("update available");
    }
    if (state == QLatin1String("no-such-channel")) {
        return tr("the server has no such channel");
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
    auto reply = sub == QLatin1String("check")
                     ? proxy->CheckChannel()
                     : proxy->SetChannel(names.value(0), parser.value(url));
    reply.waitForFinished();
    if (reply.isError()) {
        return reportBusError(reply.error());
    }
    return print(plain(reply.value()), parser.isSet(json));
}

} // namespace cli
