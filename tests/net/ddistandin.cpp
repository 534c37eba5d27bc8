#include "ddistandin.h"

#include "listenthread.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>
#include <QTcpServer>
#include <QTcpSocket>

namespace {

constexpr qsizetype MaxRequestBytes = qsizetype(1024) * 1024;

QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 410:
        return "Gone";
    default:
        return "Status";
    }
}

} // namespace

// One client connection: reads one request (head and Content-Length body), answers, closes.
class DdiStandInConnection : public QObject {
public:
    DdiStandInConnection(QTcpSocket *socket, DdiStandIn &server, QObject *parent)
        : QObject(parent), m_socket(socket), m_server(server)
    {
        m_socket->setParent(this);
        connect(m_socket, &QTcpSocket::readyRead, this, &DdiStandInConnection::read);
        connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    }

private:
    void read()
    {
        m_data += m_socket->readAll();
        const qsizetype end = m_data.indexOf("\r\n\r\n");
        if (end < 0 || m_data.size() > MaxRequestBytes) {
            return;
        }
        DdiRecorded r;
        qsizetype length = 0;
        const QList<QByteArray> lines = m_data.left(end).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        r.method = first.value(0);
        r.path = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            const QByteArray name = lines[i].left(colon).trimmed().toLower();
            const QByteArray value = lines[i].mid(colon + 1).trimmed();
            if (name == "authorization") {
                r.authorization = value;
            } else if (name == "x-ssl-client-cn") {
                r.clientCn = value;
            } else if (name == "x-ssl-issuer-hash-1") {
                r.issuerHash = value;
            } else if (name == "host") {
                r.host = value;
            } else if (name == "x-forwarded-proto") {
                r.forwardedProto = value;
            } else if (name == "if-none-match") {
                r.ifNoneMatch = value;
            } else if (name == "content-length") {
                length = value.toLongLong();
            }
        }
        if (m_data.size() < end + 4 + length) {
            return; // the body is still on its way
        }
        r.body = m_data.mid(end + 4, length);
        if (m_server.stalled()) {
            return;
        }
        const DdiStandIn::Answer a = m_server.answer(r);
        m_socket->write("HTTP/1.1 " + QByteArray::number(a.status) + ' ' + reason(a.status) +
                        "\r\nContent-Length: " + QByteArray::number(a.body.size()) +
                        "\r\nConnection: close\r\n" + a.headers + "\r\n" + a.body);
        m_socket->disconnectFromHost();
    }

    QTcpSocket *m_socket;
    DdiStandIn &m_server;
    QByteArray m_data;
};

class DdiStandInWorker : public QTcpServer {
public:
    explicit DdiStandInWorker(DdiStandIn &server) : m_server(server) {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket;
        socket->setSocketDescriptor(descriptor);
        new DdiStandInConnection(socket, m_server, this);
    }

private:
    DdiStandIn &m_server;
};

DdiStandIn::~DdiStandIn()
{
    m_thread.quit();
    m_thread.wait();
}

bool DdiStandIn::start()
{
    m_port = listenOnThread(m_thread, new DdiStandInWorker(*this));
    return m_port != 0;
}

QUrl DdiStandIn::serverUrl() const
{
    return {QStringLiteral("http://127.0.0.1:%1").arg(m_port)};
}

QUrl DdiStandIn::controllerUrl(const QString &controllerId) const
{
    return {serverUrl().toString() + QStringLiteral("/DEFAULT/controller/v1/") + controllerId};
}

void DdiStandIn::setAuthorization(const QByteArray &expected)
{
    QMutexLocker lock(&m_mutex);
    m_authorization = expected;
}

void DdiStandIn::setCertificateAuthentication(const QByteArray &issuerHash)
{
    QMutexLocker lock(&m_mutex);
    m_issuerHash = issuerHash;
}

void DdiStandIn::setSleep(const QString &sleep)
{
    QMutexLocker lock(&m_mutex);
    m_sleep = sleep;
}

void DdiStandIn::offer(const QByteArray &kind, const QString &actionId, const QByteArray &json)
{
    QMutexLocker lock(&m_mutex);
    m_kind = kind;
    m_actionId = actionId;
    m_actionJson = json;
    m_closed = false;
    m_closedWith.clear();
}

void DdiStandIn::offerDeployment(const QString &actionId, const QByteArray &json)
{
    offer("deploymentBase", actionId, json);
}

void DdiStandIn::offerCancel(const QString &actionId, const QString &stopId)
{
    offer("cancelAction", actionId,
          QJsonDocument(QJsonObject{{QStringLiteral("id"), actionId},
                                    {QStringLiteral("cancelAction"),
                                     QJsonObject{{QStringLiteral("stopId"), stopId}}}})
              .toJson(QJsonDocument::Compact));
}

void DdiStandIn::offerConfirmation(const QString &actionId, const QByteArray &json)
{
    offer("confirmationBase", actionId, json);
}

void DdiStandIn::askForConfigData(bool ask)
{
    QMutexLocker lock(&m_mutex);
    m_configData = ask;
}

void DdiStandIn::redirectTo(const QUrl &location)
{
    QMutexLocker lock(&m_mutex);
    m_redirect = location;
}

void DdiStandIn::redirectArtifactsTo(const QUrl &location)
{
    QMutexLocker lock(&m_mutex);
    m_artifactRedirect = location;
}

void DdiStandIn::padBase(qsizetype bytes)
{
    QMutexLocker lock(&m_mutex);
    m_padding = bytes;
}

void DdiStandIn::stall(bool stalled)
{
    QMutexLocker lock(&m_mutex);
    m_stall = stalled;
}

bool DdiStandIn::stalled() const
{
    QMutexLocker lock(&m_mutex);
    return m_stall;
}

QList<DdiRecorded> DdiStandIn::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

QString DdiStandIn::closedWith() const
{
    QMutexLocker lock(&m_mutex);
    return m_closedWith;
}

QByteArray DdiStandIn::controllerBase(const DdiRecorded &request, const QString &controllerId) const
{
    // Links name the server as the device reached it: behind a proxy, hawkBit builds them from
    // the forwarded scheme and the Host header.
    QString base = controllerUrl(controllerId).toString();
    if (!request.host.isEmpty()) {
        base = (request.forwardedProto.isEmpty() ? QStringLiteral("http")
                                                 : QString::fromLatin1(request.forwardedProto)) +
               QStringLiteral("://") + QString::fromLatin1(request.host) +
               QStringLiteral("/DEFAULT/controller/v1/") + controllerId;
    }
    QJsonObject links;
    const auto add = [&](const char *name, const QString &rest) {
        links.insert(QLatin1String(name),
                     QJsonObject{{QStringLiteral("href"), QString(base + rest)}});
    };
    if (!m_kind.isEmpty() && !m_closed) {
        add(m_kind.constData(), QLatin1Char('/') + QLatin1String(m_kind) + QLatin1Char('/') +
                                    m_actionId + QStringLiteral("?c=-2"));
    }
    if (m_configData) {
        add("configData", QStringLiteral("/configData"));
    }
    QJsonObject root{
        {QStringLiteral("config"), QJsonObject{{QStringLiteral("polling"),
                                                QJsonObject{{QStringLiteral("sleep"), m_sleep}}}}}};
    if (!links.isEmpty()) {
        root.insert(QStringLiteral("_links"), links);
    }
    return QJsonDocument(root).toJson(QJsonDocument::Compact) + QByteArray(m_padding, ' ');
}

DdiStandIn::Answer DdiStandIn::answer(const DdiRecorded &request)
{
    QMutexLocker lock(&m_mutex);
    m_requests.append(request);
    Answer a = decide(request);
    m_requests.last().status = a.status;
    return a;
}

DdiStandIn::Answer DdiStandIn::decide(const DdiRecorded &request)
{
    if (!m_redirect.isEmpty()) {
        return {302, "Location: " + m_redirect.toEncoded() + "\r\n", {}};
    }
    // /DEFAULT/controller/v1/ID[/rest]
    const QByteArray path = request.path.left(
        request.path.indexOf('?') < 0 ? request.path.size() : request.path.indexOf('?'));
    const QList<QByteArray> parts = path.split('/');
    const bool certified = !m_issuerHash.isEmpty() && request.issuerHash == m_issuerHash &&
                           !request.clientCn.isEmpty() && parts.value(4) == request.clientCn;
    const bool tokenTaken = m_authorization.isEmpty() ? m_issuerHash.isEmpty()
                                                      : request.authorization == m_authorization;
    if (!certified && !tokenTaken) {
        return {401, {}, {}};
    }
    if (!m_artifactRedirect.isEmpty() && request.path.contains("/softwaremodules/")) {
        return {302, "Location: " + m_artifactRedirect.toEncoded() + "\r\n", {}};
    }
    if (parts.size() < 5 || parts[1] != "DEFAULT" || parts[2] != "controller" || parts[3] != "v1" ||
        parts[4].isEmpty()) {
        return {404, {}, {}};
    }
    return answerResource(request, QString::fromUtf8(parts[4]), parts.mid(5).join('/'));
}

DdiStandIn::Answer DdiStandIn::answerResource(const DdiRecorded &request,
                                              const QString &controllerId, const QByteArray &rest)
{
    if (rest.isEmpty() && request.method == "GET") {
        const QByteArray body = controllerBase(request, controllerId);
        const QByteArray etag =
            "\"0" + QCryptographicHash::hash(body, QCryptographicHash::Md5).toHex() + '"';
        if (request.ifNoneMatch == etag) {
            return {304, "ETag: " + etag + "\r\n", {}};
        }
        return {200, "Content-Type: application/hal+json\r\nETag: " + etag + "\r\n", body};
    }
    if (rest == "configData" && request.method == "PUT") {
        m_configData = false;
        return {200, {}, {}};
    }
    const QList<QByteArray> parts = rest.split('/');
    // While a cancel is on offer the action is still running: hawkBit keeps taking its
    // progress on the deployment channel.
    const bool progressOfCancelled =
        m_kind == "cancelAction" && parts.size() == 3 && parts.value(0) == "deploymentBase";
    if ((parts.value(0) != m_kind && !progressOfCancelled) ||
        parts.value(1) != m_actionId.toUtf8()) {
        return {404, {}, {}};
    }
    if (parts.size() == 2 && request.method == "GET") {
        return m_closed ? Answer{404, {}, {}}
                        : Answer{200, "Content-Type: application/hal+json\r\n", m_actionJson};
    }
    if (parts.size() == 3 && parts[2] == "feedback" && request.method == "POST") {
        return feedback(parts[0], request.body);
    }
    return {404, {}, {}};
}

// Feedback: 410 once the action is closed; a "closed" execution (or, on the confirmation
// channel, any answer) closes it here.
DdiStandIn::Answer DdiStandIn::feedback(const QByteArray &channel, const QByteArray &body)
{
    if (m_closed) {
        return {410, {}, {}};
    }
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    if (channel == "confirmationBase") {
        const QString answer = root.value(QStringLiteral("confirmation")).toString();
        if (answer != QLatin1String("confirmed") && answer != QLatin1String("denied")) {
            return {400, {}, {}};
        }
        if (answer == QLatin1String("confirmed")) {
            // The action proceeds, as on the server: its resource is now a deployment base.
            m_kind = "deploymentBase";
            QJsonObject action = QJsonDocument::fromJson(m_actionJson).object();
            action.insert(QStringLiteral("deployment"),
                          action.take(QStringLiteral("confirmation")));
            m_actionJson = QJsonDocument(action).toJson(QJsonDocument::Compact);
        }
        return {200, {}, {}};
    }
    const QJsonObject status = root.value(QStringLiteral("status")).toObject();
    const QString execution = status.value(QStringLiteral("execution")).toString();
    const QString finished = status.value(QStringLiteral("result"))
                                 .toObject()
                                 .value(QStringLiteral("finished"))
                                 .toString();
    if (execution.isEmpty() || finished.isEmpty()) {
        return {400, {}, {}};
    }
    if (execution == QLatin1String("closed")) {
        m_closed = true;
        m_closedWith = execution + QLatin1Char('/') + finished;
    }
    return {200, {}, {}};
}
