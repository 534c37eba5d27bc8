#include "net/channelstate.h"

#include "base/atomicfile.h"
#include "base/hostilestring.h"
#include "base/jsontext.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace seesaw {

namespace {

constexpr qint64 MaxStateBytes = qint64(64) * 1024;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Channel", text);
}

QString fileOf(const QString &dataDirectory)
{
    return dataDirectory + QStringLiteral("/channel.json");
}

QString timeText(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime timeFrom(const QJsonValue &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toUTC();
}

Error damaged(const QString &path, const QString &why)
{
    return makeError(Error::Kind::Io, "channel.state",
                     tr("The channel state %1 cannot be used (%2). Remove it to start afresh: the "
                        "device then accepts any signed, unexpired channel manifest once.")
                         .arg(path, why));
}

} // namespace

Result<ChannelState> loadChannelState(const QString &dataDirectory)
{
    const QString path = fileOf(dataDirectory);
    QFile file(path);
    if (!file.exists()) {
        return ChannelState{};
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return damaged(path, file.errorString());
    }
    const QByteArray text = file.read(MaxStateBytes + 1);
    if (text.size() > MaxStateBytes) {
        return damaged(path, tr("larger than 64 KiB"));
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        return damaged(path, tr("not a JSON object"));
    }
    const QJsonObject o = doc.object();
    ChannelState s;
    const qint64 serial = o.value(QStringLiteral("serial")).toInteger(-1);
    s.memory.serial = quint64(serial);
    s.memory.manifestSha256 =
        fromHexStrict(o.value(QStringLiteral("manifest_sha256")).toString(), 32);
    s.memory.newestIssued = timeFrom(o.value(QStringLiteral("newest_issued")));
    if (serial < 0 || serial > qint64(json::MaxExactInteger) ||
        (serial > 0 && (s.memory.manifestSha256.isEmpty() || !s.memory.newestIssued.isValid()))) {
        return damaged(path, tr("no valid serial, digest and time"));
    }
    s.manifestUrl = o.value(QStringLiteral("manifest_url")).toString();
    s.etag = o.value(QStringLiteral("etag")).toString().toLatin1();
    s.lastModified = o.value(QStringLiteral("last_modified")).toString().toLatin1();
    s.lastCheck = timeFrom(o.value(QStringLiteral("last_check")));
    s.lastSuccess = timeFrom(o.value(QStringLiteral("last_success")));
    s.lastErrorCode = o.value(QStringLiteral("last_error_code")).toString();
    s.lastError = o.value(QStringLiteral("last_error")).toString();
    s.chosenChannel = o.value(QStringLiteral("chosen_channel")).toString();
    s.chosenUrl = o.value(QStringLiteral("chosen_url")).toString();
    return s;
}

Status saveChannelState(const QString &dataDirectory, const ChannelState &state)
{
    QJsonObject o{{QStringLiteral("serial"), double(state.memory.serial)},
                  {QStringLiteral("manifest_sha256"), toHex(state.memory.manifestSha256)},
                  {QStringLiteral("newest_issued"), timeText(state.memory.newestIssued)},
                  {QStringLiteral("manifest_url"), state.manifestUrl},
                  {QStringLiteral("etag"), QString::fromLatin1(state.etag)},
                  {QStringLiteral("last_modified"), QString::fromLatin1(state.lastModified)},
                  {QStringLiteral("last_check"), timeText(state.lastCheck)},
                  {QStringLiteral("last_success"), timeText(state.lastSuccess)},
                  {QStringLiteral("last_error_code"), state.lastErrorCode},
                  {QStringLiteral("last_error"), state.lastError},
                  {QStringLiteral("chosen_channel"), state.chosenChannel},
                  {QStringLiteral("chosen_url"), state.chosenUrl}};
    return writeFileAtomically(fileOf(dataDirectory),
                               QJsonDocument(o).toJson(QJsonDocument::Indented), 0644);
}

} // namespace seesaw
