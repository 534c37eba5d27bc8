#include "net/ddi.h"

#include "base/hostilestring.h"
#include "base/jsontext.h"
#include "net/urltext.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <array>

namespace seesaw::ddi {

namespace {

using json::child;
using json::element;
using json::Node;

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Ddi", text);
}

constexpr qsizetype MaxNameChars = 128;
constexpr qsizetype MaxUrlChars = 2048;
constexpr qint64 MaxSleepSeconds = qint64(366) * 24 * 3600;

Error replyError(const Node &n, const QString &what)
{
    return makeError(Error::Kind::Invalid, "ddi.reply",
                     tr("The hawkBit server's reply is not usable: %1 %2.")
                         .arg(n.path.isEmpty() ? tr("the reply") : n.path, what));
}

// Reads one reply: each reader returns false after keeping the first error.
class Reader {
public:
    explicit Reader(QUrl controller) : m_controller(std::move(controller)) {}

    [[nodiscard]] const Error &error() const { return *m_error; }

    bool fail(const Node &n, const QString &what)
    {
        if (!m_error) {
            m_error = replyError(n, what);
        }
        return false;
    }

    bool document(const QByteArray &text, Node &out)
    {
        if (text.size() > MaxReplyBytes) {
            return fail(Node{}, tr("is larger than %1 bytes").arg(MaxReplyBytes));
        }
        QJsonParseError parseError{};
        const QJsonDocument doc = QJsonDocument::fromJson(text, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            return fail(Node{}, tr("is not a JSON object"));
        }
        out = Node{doc.object(), QString()};
        return true;
    }

    // A printable one-line string of 1..maxChars; `required` false: absent gives "".
    bool text(const Node &n, qsizetype maxChars, QString &out, bool required = true)
    {
        if (!n.present() && !required) {
            out.clear();
            return true;
        }
        if (!n.value.isString()) {
            return fail(n, n.present() ? tr("is not a string") : tr("is missing"));
        }
        const QString s = n.value.toString();
        if (s.isEmpty() || s.size() > maxChars || !isOneLinePrintable(s)) {
            return fail(n, tr("is not a printable text of 1 to %1 characters").arg(maxChars));
        }
        out = s;
        return true;
    }

    bool array(const Node &n, qsizetype maxEntries, QJsonArray &out)
    {
        if (!n.present()) {
            out = {};
            return true;
        }
        if (!n.value.isArray()) {
            return fail(n, tr("is not an array"));
        }
        out = n.value.toArray();
        if (out.size() > maxEntries) {
            return fail(n, tr("has more than %1 entries").arg(maxEntries));
        }
        return true;
    }

    // _links.NAME.href: a DDI resource of this controller, or an empty URL when absent.
    bool controllerLink(const Node &links, const char *name, QUrl &out)
    {
        QUrl url;
        if (!link(links, name, url)) {
            return false;
        }
        if (!url.isEmpty() && !underController(url)) {
            return fail(child(child(links, name), "href"),
                        tr("leads away from this device's address on the server (%1)")
                            .arg(displayString(url.toString(), 120)));
        }
        out = url;
        return true;
    }

    // _links.NAME.href: any http(s) URL, or an empty URL when absent.
    bool link(const Node &links, const char *name, QUrl &out)
    {
        const Node l = child(links, name);
        out.clear();
        if (!l.present()) {
            return true;
        }
        QString href;
        if (!l.value.isObject() || !text(child(l, "href"), MaxUrlChars, href)) {
            return fail(l, tr("has no href"));
        }
        const QUrl url(href, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || !url.userInfo().isEmpty() ||
            (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))) {
            return fail(child(l, "href"), tr("is not an http or https URL"));
        }
        out = url;
        return true;
    }

    bool handling(const Node &n, Handling &out)
    {
        static const std::array<std::pair<const char *, Handling>, 3> names{
            {{"skip", Handling::Skip},
             {"attempt", Handling::Attempt},
             {"forced", Handling::Forced}}};
        for (const auto &[name, value] : names) {
            if (n.value.toString() == QLatin1String(name)) {
                out = value;
                return true;
            }
        }
        return fail(n, tr("is not one of skip, attempt, forced"));
    }

    bool artifact(const Node &n, Artifact &out)
    {
        if (!n.value.isObject()) {
            return fail(n, tr("is not an object"));
        }
        if (!text(child(n, "filename"), 255, out.filename)) {
            return false;
        }
        if (out.filename.contains(QLatin1Char('/')) || out.filename.startsWith(QLatin1Char('.'))) {
            return fail(child(n, "filename"), tr("is not a plain file name"));
        }
        const Node size = child(n, "size");
        const double d = size.value.toDouble(-1);
        if (!size.value.isDouble() || d < 0 || d > double(json::MaxExactInteger) ||
            d != double(quint64(d))) {
            return fail(size, tr("is not a size in bytes"));
        }
        out.size = quint64(d);
        const Node sha = child(child(n, "hashes"), "sha256");
        if (sha.present()) {
            QString hex;
            if (!text(sha, 64, hex) || (out.sha256 = fromHexStrict(hex, 32)).isEmpty()) {
                return fail(sha, tr("is not a SHA-256 in hex"));
            }
        }
        const Node links = child(n, "_links");
        QUrl https;
        QUrl http;
        if (!link(links, "download", https) || !link(links, "download-http", http)) {
            return false;
        }
        out.download = https.isEmpty() ? http : https;
        return true;
    }

    bool chunk(const Node &n, Chunk &out)
    {
        if (!n.value.isObject()) {
            return fail(n, tr("is not an object"));
        }
        QJsonArray items;
        if (!text(child(n, "part"), MaxNameChars, out.part) ||
            !text(child(n, "name"), MaxNameChars, out.name) ||
            !text(child(n, "version"), MaxNameChars, out.version) ||
            !array(child(n, "artifacts"), MaxArtifactsPerChunk, items)) {
            return false;
        }
        const Node artifacts = child(n, "artifacts");
        for (qsizetype i = 0; i < items.size(); ++i) {
            Artifact a;
            if (!artifact(element(artifacts, items, i), a)) {
                return false;
            }
            out.artifacts.append(a);
        }
        return true;
    }

    // deploymentBase (member "deployment") or a confirmation base action ("confirmation").
    bool deployment(const Node &root, const char *member, Deployment &out)
    {
        if (!text(child(root, "id"), 64, out.actionId)) {
            return false;
        }
        if (!isAsciiName(out.actionId, 1, 64, QLatin1String("-_"))) {
            return fail(child(root, "id"), tr("is not an action id"));
        }
        const Node d = child(root, member);
        if (!d.value.isObject()) {
            return fail(d, tr("is missing"));
        }
        if (!handling(child(d, "download"), out.download) ||
            !handling(child(d, "update"), out.update)) {
            return false;
        }
        const Node window = child(d, "maintenanceWindow");
        if (window.present()) {
            const QString w = window.value.toString();
            if (w != QLatin1String("available") && w != QLatin1String("unavailable")) {
                return fail(window, tr("is not one of available, unavailable"));
            }
            out.maintenanceWindowOpen = w == QLatin1String("available");
        }
        QJsonArray items;
        const Node chunks = child(d, "chunks");
        if (!array(chunks, MaxChunks, items)) {
            return false;
        }
        for (qsizetype i = 0; i < items.size(); ++i) {
            Chunk c;
            if (!chunk(element(chunks, items, i), c)) {
                return false;
            }
            out.chunks.append(c);
        }
        return true;
    }

private:
    [[nodiscard]] bool underController(const QUrl &url) const
    {
        if (!sameOrigin(url, m_controller)) {
            return false;
        }
        const QString base = m_controller.path(QUrl::FullyEncoded);
        const QString path = url.path(QUrl::FullyEncoded);
        return path.startsWith(base + QLatin1Char('/')) && !path.contains(QLatin1String("/../")) &&
               !path.contains(QLatin1String("/./")) && !path.endsWith(QLatin1String("/.."));
    }

    QUrl m_controller;
    std::optional<Error> m_error;
};

} // namespace

QUrl controllerUrl(const HawkbitConfig &config, const QString &controllerId)
{
    if (!isHawkbitName(controllerId, 64) || !isHawkbitName(config.tenant, 40)) {
        return {};
    }
    QUrl url(config.server);
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/'))) {
        path.chop(1);
    }
    url.setPath(path + QLatin1Char('/') + config.tenant + QStringLiteral("/controller/v1/") +
                controllerId);
    return url;
}

std::optional<qint64> parseSleep(const QString &text)
{
    static const QRegularExpression clock(QStringLiteral("^(\\d{2}):(\\d{2}):(\\d{2})$"));
    static const QRegularExpression iso(QStringLiteral(
        "^P(?:(\\d{1,3})D)?(?:T(?:(\\d{1,4})H)?(?:(\\d{1,6})M)?(?:(\\d{1,8})S)?)?$"));
    if (text.size() > 32) {
        return std::nullopt;
    }
    if (const auto m = clock.match(text); m.hasMatch()) {
        const int h = m.captured(1).toInt();
        const int min = m.captured(2).toInt();
        const int s = m.captured(3).toInt();
        if (min > 59 || s > 59) {
            return std::nullopt;
        }
        return (qint64(h) * 3600) + (qint64(min) * 60) + s;
    }
    const auto m = iso.match(text);
    if (!m.hasMatch() || text == QLatin1String("P") || text.endsWith(QLatin1Char('T'))) {
        return std::nullopt;
    }
    const qint64 seconds = m.captured(1).toLongLong() * 86400 + m.captured(2).toLongLong() * 3600 +
                           m.captured(3).toLongLong() * 60 + m.captured(4).toLongLong();
    if (seconds > MaxSleepSeconds) {
        return std::nullopt;
    }
    return seconds;
}

Result<ControllerBase> parseControllerBase(const QByteArray &json, const QUrl &controller)
{
    Reader r(controller);
    Node root;
    if (!r.document(json, root)) {
        return r.error();
    }
    ControllerBase out;
    const Node sleep = child(child(child(root, "config"), "polling"), "sleep");
    if (sleep.present()) {
        const auto seconds = parseSleep(sleep.value.toString());
        if (!sleep.value.isString() || !seconds) {
            r.fail(sleep, tr("is not a time such as 00:05:00 or PT36H"));
            return r.error();
        }
        out.sleepSeconds = *seconds;
    }
    const Node links = child(root, "_links");
    if (links.present() && !links.value.isObject()) {
        r.fail(links, tr("is not an object"));
        return r.error();
    }
    if (!r.controllerLink(links, "deploymentBase", out.deploymentBase) ||
        !r.controllerLink(links, "cancelAction", out.cancelAction) ||
        !r.controllerLink(links, "confirmationBase", out.confirmationBase) ||
        !r.controllerLink(links, "installedBase", out.installedBase) ||
        !r.controllerLink(links, "configData", out.configData)) {
        return r.error();
    }
    return out;
}

namespace {

// member: "deployment" (deploymentBase) or "confirmation" (a confirmation base's action).
Result<Deployment> parseAction(const QByteArray &json, const QUrl &controller, const char *member)
{
    Reader r(controller);
    Node root;
    Deployment out;
    if (!r.document(json, root) || !r.deployment(root, member, out)) {
        return r.error();
    }
    return out;
}

} // namespace

Result<Deployment> parseDeployment(const QByteArray &json, const QUrl &controller)
{
    return parseAction(json, controller, "deployment");
}

Result<Deployment> parseConfirmation(const QByteArray &json, const QUrl &controller)
{
    return parseAction(json, controller, "confirmation");
}

Result<CancelAction> parseCancelAction(const QByteArray &json)
{
    Reader r{QUrl()};
    Node root;
    CancelAction out;
    if (!r.document(json, root) || !r.text(child(root, "id"), 64, out.actionId) ||
        !r.text(child(child(root, "cancelAction"), "stopId"), 64, out.stopId)) {
        return r.error();
    }
    for (const auto &[id, node] :
         {std::pair{out.actionId, child(root, "id")},
          std::pair{out.stopId, child(child(root, "cancelAction"), "stopId")}}) {
        if (!isAsciiName(id, 1, 64, QLatin1String("-_"))) {
            r.fail(node, tr("is not an action id"));
            return r.error();
        }
    }
    return out;
}

Result<Artifact> seesawBundle(const Deployment &deployment)
{
    std::optional<Artifact> found;
    QStringList names;
    for (const Chunk &c : deployment.chunks) {
        for (const Artifact &a : c.artifacts) {
            names.append(displayString(a.filename, 60));
            if (!a.filename.endsWith(QLatin1String(".seesaw"))) {
                continue;
            }
            if (found) {
                return makeError(
                    Error::Kind::Invalid, "ddi.several-bundles",
                    tr("The deployment holds more than one Seesaw bundle (%1 and "
                       "%2); it must hold one.")
                        .arg(displayString(found->filename, 60), displayString(a.filename, 60)));
            }
            found = a;
        }
    }
    if (!found) {
        return makeError(Error::Kind::Invalid, "ddi.no-bundle",
                         names.isEmpty()
                             ? tr("The deployment holds no files; it needs one Seesaw bundle "
                                  "(*.seesaw).")
                             : tr("The deployment holds no Seesaw bundle (*.seesaw), only: %1.")
                                   .arg(names.mid(0, 8).join(QStringLiteral(", "))));
    }
    if (found->sha256.isEmpty() || found->download.isEmpty()) {
        return makeError(Error::Kind::Invalid, "ddi.no-bundle",
                         tr("The server gives %1 without %2.")
                             .arg(displayString(found->filename, 60), found->sha256.isEmpty()
                                                                          ? tr("a SHA-256")
                                                                          : tr("a download link")));
    }
    return *found;
}

} // namespace seesaw::ddi
