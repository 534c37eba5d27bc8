#include "faultproxy.h"

#include "listenthread.h"

#include <QHostAddress>
#include <QMutexLocker>
#include <QTcpServer>
#include <QTcpSocket>

// One client connection and its upstream connection, on the proxy's thread.
class ProxyConnection : public QObject {
public:
    ProxyConnection(QTcpSocket *client, int upstreamPort, ProxyFault fault, QObject *parent)
        : QObject(parent), m_client(client), m_fault(std::move(fault))
    {
        m_client->setParent(this);
        m_upstream = new QTcpSocket(this);
        connect(m_client, &QTcpSocket::readyRead, this, &ProxyConnection::fromClient);
        connect(m_upstream, &QTcpSocket::readyRead, this, &ProxyConnection::fromUpstream);
        // Back-pressure: what the client has not taken yet stays in nginx, not in memory here.
        m_upstream->setReadBufferSize(MaxPending);
        connect(m_client, &QTcpSocket::bytesWritten, this, &ProxyConnection::fromUpstream);
        connect(m_upstream, &QTcpSocket::connected, this, &ProxyConnection::fromClient);
        connect(m_client, &QTcpSocket::disconnected, this, &ProxyConnection::close);
        connect(m_upstream, &QTcpSocket::disconnected, this, [this] {
            if (m_fault.kind != ProxyFault::Kind::StallAfter || m_sent < m_fault.bytes) {
                m_client->disconnectFromHost();
            }
        });
        if (m_fault.kind != ProxyFault::Kind::Status) {
            m_upstream->connectToHost(QHostAddress::LocalHost, quint16(upstreamPort));
        }
    }

private:
    void fromClient()
    {
        if (m_fault.kind == ProxyFault::Kind::Status) {
            m_request += m_client->readAll();
            if (m_request.contains("\r\n\r\n")) {
                m_client->write("HTTP/1.1 " + QByteArray::number(m_fault.status) +
                                " Injected\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                m_client->disconnectFromHost();
            }
            return;
        }
        if (m_upstream->state() == QAbstractSocket::ConnectedState) {
            m_upstream->write(m_client->readAll());
        }
    }

    void fromUpstream()
    {
        if (m_client->bytesToWrite() > MaxPending) {
            return; // bytesWritten comes back here
        }
        QByteArray data = m_upstream->read(MaxPending);
        if (data.isEmpty()) {
            return;
        }
        if (m_fault.kind == ProxyFault::Kind::Header && !m_headDone) {
            m_head += data;
            const qsizetype end = m_head.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            m_headDone = true;
            const QByteArray prefix = QByteArray(m_fault.header.toLower()).append(':');
            QList<QByteArray> lines;
            for (const QByteArray &line : m_head.left(end).split('\n')) {
                if (!line.toLower().startsWith(prefix)) {
                    lines.append(line);
                } else if (!m_fault.value.isEmpty()) { // an empty value removes the header
                    lines.append(m_fault.header + ": " + m_fault.value + '\r');
                }
            }
            data = lines.join('\n') + m_head.mid(end);
        }
        if (m_fault.kind == ProxyFault::Kind::CutAfter ||
            m_fault.kind == ProxyFault::Kind::StallAfter) {
            const qint64 room = std::max<qint64>(0, m_fault.bytes - m_sent);
            if (data.size() > room) {
                data.truncate(room);
                m_client->write(data);
                m_sent += data.size();
                if (m_fault.kind == ProxyFault::Kind::CutAfter) {
                    m_client->flush();
                    m_client->abort();
                    m_upstream->abort();
                }
                return; // a stall: nothing more, the connection stays open
            }
        }
        m_sent += data.size();
        m_client->write(data);
    }

    void close() { deleteLater(); }

    static constexpr qint64 MaxPending = qint64(256) * 1024;
    QTcpSocket *m_client;
    QTcpSocket *m_upstream;
    ProxyFault m_fault;
    QByteArray m_request;
    QByteArray m_head;
    bool m_headDone = false;
    qint64 m_sent = 0;
};

class FaultProxyWorker : public QTcpServer {
public:
    FaultProxyWorker(FaultProxy &proxy, int upstreamPort)
        : m_proxy(proxy), m_upstreamPort(upstreamPort)
    {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *client = new QTcpSocket;
        client->setSocketDescriptor(descriptor);
        new ProxyConnection(client, m_upstreamPort, m_proxy.takeFault(), this);
    }

private:
    FaultProxy &m_proxy;
    int m_upstreamPort;
};

FaultProxy::~FaultProxy()
{
    m_thread.quit();
    m_thread.wait();
}

bool FaultProxy::start(int upstreamPort)
{
    m_port = listenOnThread(m_thread, new FaultProxyWorker(*this, upstreamPort));
    return m_port != 0;
}

QUrl FaultProxy::url(const QString &path) const
{
    return {QStringLiteral("http://127.0.0.1:%1/").arg(m_port) + path};
}

void FaultProxy::queue(const QList<ProxyFault> &faults)
{
    QMutexLocker lock(&m_mutex);
    m_faults += faults;
}

int FaultProxy::connections() const
{
    QMutexLocker lock(&m_mutex);
    return m_connections;
}

ProxyFault FaultProxy::takeFault()
{
    QMutexLocker lock(&m_mutex);
    ++m_connections;
    return m_faults.isEmpty() ? ProxyFault{} : m_faults.takeFirst();
}
