#include "net/transferhead.h"

#include "base/hostilestring.h"
#include "net/httpcommon.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Download", text);
}

Error sizeMismatch(const RangeRequest &r, const QString &serverSize)
{
    return makeError(Error::Kind::Invalid, "download.size-mismatch",
                     tr("The server's file %1 has %2 bytes; the channel manifest announced %3.")
                         .arg(shownUrl(r.url), serverSize, QString::number(r.fileSize)));
}

// The validator to send in If-Range: a strong ETag, else Last-Modified (a weak ETag cannot be).
QByteArray validatorOf(const TransferHead &head)
{
    const QByteArray etag = head.field("etag");
    return etag.isEmpty() || etag.startsWith("W/") ? head.field("last-modified") : etag;
}

// A 206: exactly the rest of the range, of a file of the announced size.
std::optional<Attempt> judgePartial(const TransferHead &head, TransferSink &sink,
                                    const RangeRequest &r)
{
    static const QRegularExpression range(QStringLiteral("^bytes (\\d+)-(\\d+)/(\\d+)$"));
    const QByteArray contentRange = head.field("content-range");
    const auto m = range.match(QString::fromLatin1(contentRange));
    if (m.hasMatch() && m.captured(3).toULongLong() != r.fileSize) {
        return failWith(Next::Fail, sizeMismatch(r, m.captured(3)));
    }
    const quint64 first = r.start + sink.received();
    if (!m.hasMatch() || m.captured(1).toULongLong() != first ||
        m.captured(2).toULongLong() != r.start + r.length - 1) {
        return failWith(
            Next::Fail,
            netError("net.range",
                     tr("The server answered a request for the bytes "
                        "from %1 of %2 with others (%3).")
                         .arg(QString::number(first), shownUrl(r.url),
                              displayString(QString::fromLatin1(contentRange.left(200))))));
    }
    if (sink.validator().isEmpty()) {
        sink.setValidator(validatorOf(head));
    }
    return std::nullopt;
}

} // namespace

std::optional<Attempt> judgeTransferHead(const TransferHead &head, TransferSink &sink,
                                         const RangeRequest &r)
{
    const int status = head.status;
    if (status == 206) {
        return judgePartial(head, sink, r);
    }
    if (status == 200) {
        const QByteArray length = head.field("content-length");
        if (!length.isEmpty() && length.toULongLong() != r.fileSize) {
            return failWith(Next::Fail, sizeMismatch(r, QString::fromLatin1(length.left(40))));
        }
        // The whole file: the server ignored the range, or its file changed since (If-Range).
        if (r.start != 0 || r.length != r.fileSize) {
            return failWith(Next::Fail,
                            netError("net.range", tr("The server sent all of %1 when asked for "
                                                     "a part of it: it has changed since, or "
                                                     "it cannot send parts of files.")
                                                      .arg(shownUrl(r.url))));
        }
        if (sink.received() > 0) {
            if (Status s = sink.startOver(); !s) {
                return failWith(Next::Fail, s.error());
            }
        }
        sink.setValidator(validatorOf(head));
        return std::nullopt;
    }
    if (status == 416) { // what we have is not the beginning of the server's file
        if (Status s = sink.startOver(); !s) {
            return failWith(Next::Fail, s.error());
        }
        return failWith(
            Next::Resume,
            netError("net.range", tr("The server refused to resume %1.").arg(shownUrl(r.url))));
    }
    // Busy or failing servers may recover; anything else (404, 410, 403 …) will not.
    const bool retry = status == 408 || status == 429 || (status >= 500 && status < 600);
    return failWith(retry ? Next::Resume : Next::Fail,
                    netError(retry ? "net.unavailable" : "net.http",
                             tr("The update server answered %1 for %2.")
                                 .arg(QString::number(status), shownUrl(r.url))));
}

} // namespace seesaw
