// A small fault-injecting HTTP proxy for the network tests, in front of the test nginx's plain
// HTTP port: each new client connection takes the next fault from a queue (none once it is
// empty) and the proxy relays bytes both ways, except where the fault says otherwise: cut the
// connection after N bytes of the reply, stop sending after N bytes but keep the connection
// open (a stall), answer with an error status without asking nginx, or replace one header of
// the reply. It runs on a thread of its own, so that blocking code under test (a download with
// its own event loop) can use it from the test's thread. Loopback only.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QThread>
#include <QUrl>

struct ProxyFault {
    enum class Kind { None, CutAfter, StallAfter, Status, Header };
    Kind kind = Kind::None;
    qint64 bytes = 0;  // CutAfter, StallAfter: bytes of the reply (head included) let through
    int status = 503;  // Status
    QByteArray header; // Header: its name, e.g. "Content-Range"
    QByteArray value;  // and the value sent instead; empty: the header is removed

    static ProxyFault cutAfter(qint64 n) { return {Kind::CutAfter, n, 0, {}, {}}; }
    static ProxyFault stallAfter(qint64 n) { return {Kind::StallAfter, n, 0, {}, {}}; }
    static ProxyFault answer(int code) { return {Kind::Status, 0, code, {}, {}}; }
    static ProxyFault replaceHeader(QByteArray name, QByteArray v)
    {
        return {Kind::Header, 0, 0, std::move(name), std::move(v)};
    }
};

class FaultProxy {
public:
    FaultProxy() = default;
    ~FaultProxy();
    FaultProxy(const FaultProxy &) = delete;
    FaultProxy &operator=(const FaultProxy &) = delete;

    // Listens on 127.0.0.1 (a free port) and relays to 127.0.0.1:upstreamPort.
    bool start(int upstreamPort);
    [[nodiscard]] QUrl url(const QString &path) const; // http://127.0.0.1:PORT/path

    // The faults for the next connections, one each, in order.
    void queue(const QList<ProxyFault> &faults);
    [[nodiscard]] int connections() const; // accepted so far

private:
    friend class FaultProxyWorker;
    ProxyFault takeFault();

    QThread m_thread;
    int m_port = 0;
    mutable QMutex m_mutex;
    QList<ProxyFault> m_faults;
    int m_connections = 0;
};
