// A real web server for the network tests: nginx (the Debian package) on 127.0.0.1, HTTPS with a
// certificate from a test CA made here with the openssl tool (and plain HTTP on a second port,
// for the fault-injecting proxy), serving a directory with ETags,
// Last-Modified and byte ranges as any web server or CDN does. Loopback only.
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

    [[nodiscard]] QString root() const;                // the directory served at /
    [[nodiscard]] QString caFile() const;              // the CA the server's certificate chains to
    [[nodiscard]] QString otherCaFile() const;         // a CA that signed nothing the server uses
    [[nodiscard]] QUrl url(const QString &path) const; // https://127.0.0.1:PORT/path
    // The same files over plain HTTP (for the fault-injecting proxy, which edits replies).
    [[nodiscard]] QUrl plainUrl(const QString &path) const;
    [[nodiscard]] int plainPort() const { return m_plainPort; }
    [[nodiscard]] int requests() const; // lines in the access log so far
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
    qint64 m_mtime = 1'700'000'000;
    QString m_why;
};
