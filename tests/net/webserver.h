// A real web server for the network tests: nginx (the Debian package) on 127.0.0.1, HTTPS with a
// certificate from a test CA made here with the openssl tool (and plain HTTP on a second port,
// for the fault-injecting proxy), serving a directory with ETags,
// Last-Modified and byte ranges as any web server or CDN does. A third port wants a client
// certificate from the test CA (mutual TLS) and can pass /DEFAULT/ on to a DDI server with the
// certificate's common name and issuer in headers, as hawkBit's reverse-proxy certificate
// authentication expects. Loopback only.
#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>

class TestWebServer {
public:
    TestWebServer() = default;
    ~TestWebServer();
    TestWebServer(const TestWebServer &) = delete;
    TestWebServer &operator=(const TestWebServer &) = delete;

    // Makes the CA, a certificate for 127.0.0.1 and a second, untrusted CA, then starts nginx.
    // False (with why()) when something fails.
    bool start();
    void stop();
    // Before start(): the mutual-TLS port passes /DEFAULT/… to http://127.0.0.1:port, with
    // X-Ssl-Client-Cn (the client certificate's CN) and X-Ssl-Issuer-Hash-1 (its issuer's DN,
    // ddiIssuer()) set by nginx, whatever the client sent.
    void proxyDdiTo(int port) { m_ddiPort = port; }
    // A client certificate for `commonName` with its key, signed by the test CA (`trusted`) or
    // by the other one, written to certFile and keyFile.
    bool makeClientCertificate(const QString &commonName, bool trusted, const QString &certFile,
                               const QString &keyFile);
    [[nodiscard]] static QByteArray ddiIssuer() { return "CN=Seesaw test ca"; }

    [[nodiscard]] QString root() const;        // the directory served at /
    [[nodiscard]] QString caFile() const;      // the CA the server's certificate chains to
    [[nodiscard]] QString otherCaFile() const; // a CA that signed nothing the server uses
    // https://127.0.0.1:PORT/path. Under redirect-https/, redirect-http/ and redirect-loop/
    // every path is answered 302: to the same path over https, over plain http, or to itself.
    [[nodiscard]] QUrl url(const QString &path) const;
    // The same files over plain HTTP (for the fault-injecting proxy, which edits replies).
    [[nodiscard]] QUrl plainUrl(const QString &path) const;
    [[nodiscard]] int plainPort() const { return m_plainPort; }
    // https://127.0.0.1:PORT/path on the port that wants a client certificate.
    [[nodiscard]] QUrl mutualUrl(const QString &path) const;
    // Lines in the access log once it has settled; with a path ("/a/b"), those requesting it.
    [[nodiscard]] int requests(const QString &path = {}) const;
    // Writes root()/name. nginx derives ETag and Last-Modified from the size and the whole-second
    // mtime, so every file written here gets a modification time of its own: a change is never
    // answered 304 because two versions were written within one second.
    bool put(const QString &name, const QByteArray &data);
    [[nodiscard]] QString accessLog() const;
    [[nodiscard]] const QString &why() const { return m_why; }

private:
    bool run(const QString &program, const QStringList &args);
    bool makeCertificates();
    bool writeConfig();

    QTemporaryDir m_dir;
    QProcess m_nginx;
    int m_port = 0;
    int m_plainPort = 0;
    int m_mutualPort = 0;
    int m_ddiPort = 0;
    qint64 m_mtime = 1'700'000'000;
    QString m_why;
};
