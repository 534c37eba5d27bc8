#include "webserver.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

TestWebServer::~TestWebServer()
{
    stop();
}

bool TestWebServer::run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_why = program + QLatin1Char(' ') + args.join(QLatin1Char(' ')) + QStringLiteral(": ") +
                QString::fromLocal8Bit(p.readAll());
        return false;
    }
    return true;
}

// A CA, a server certificate for 127.0.0.1 signed by it, and an unrelated second CA.
bool TestWebServer::makeCertificates()
{
    const QString d = m_dir.path();
    const auto f = [&d](const char *name) -> QString {
        return d + QLatin1Char('/') + QLatin1String(name);
    };
    QFile ext(f("server.ext"));
    if (!ext.open(QIODevice::WriteOnly) ||
        ext.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                  "extendedKeyUsage=serverAuth\n") < 0) {
        m_why = QStringLiteral("cannot write server.ext");
        return false;
    }
    ext.close();
    const QString openssl = QStringLiteral("openssl");
    for (const char *ca : {"ca", "other-ca"}) {
        const QString name = QLatin1String(ca);
        if (!run(openssl,
                 {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                  QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                  QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                  QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                  QStringLiteral("/CN=Seesaw test ") + name, QStringLiteral("-keyout"),
                  d + QLatin1Char('/') + name + QStringLiteral(".key"), QStringLiteral("-out"),
                  d + QLatin1Char('/') + name + QStringLiteral(".pem")})) {
            return false;
        }
    }
    return run(openssl, {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                         QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                         QStringLiteral("-nodes"), QStringLiteral("-subj"),
                         QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-keyout"),
                         f("server.key"), QStringLiteral("-out"), f("server.csr")}) &&
           run(openssl, {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                         f("server.csr"), QStringLiteral("-CA"), f("ca.pem"),
                         QStringLiteral("-CAkey"), f("ca.key"), QStringLiteral("-CAcreateserial"),
                         QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                         f("server.ext"), QStringLiteral("-out"), f("server.pem")});
}

bool TestWebServer::writeConfig()
{
    const QString d = m_dir.path();
    const QByteArray conf =
        QStringLiteral("worker_processes 1;\n"
                       "pid %1/nginx.pid;\n"
                       "error_log %1/error.log warn;\n"
                       "events { worker_connections 64; }\n"
                       "http {\n"
                       // The combined format, then any Authorization (credentials meant
                       // for another server must never arrive here) and, last, the Range
                       // asked for: resumes can be told from restarts.
                       "  log_format ranged '$remote_addr - $remote_user [$time_local] "
                       "\"$request\" $status $body_bytes_sent \"$http_referer\" "
                       "\"$http_user_agent\" \"$http_authorization\" \"$http_range\"';\n"
                       "  access_log %1/access.log ranged;\n"
                       "  client_body_temp_path %1/tmp; proxy_temp_path %1/tmp;\n"
                       "  fastcgi_temp_path %1/tmp; uwsgi_temp_path %1/tmp;\n"
                       "  scgi_temp_path %1/tmp;\n"
                       "  types { application/json json; }\n"
                       "  default_type application/octet-stream;\n"
                       "  server {\n"
                       "    listen 127.0.0.1:%2 ssl;\n"
                       "    listen 127.0.0.1:%3;\n"
                       "    ssl_certificate %1/server.pem;\n"
                       "    ssl_certificate_key %1/server.key;\n"
                       "    root %1/www;\n"
                       "    etag on;\n"
                       // Redirects: to the same file over https, down to plain http, and
                       // forever.
                       "    location /redirect-https/ {\n"
                       "      rewrite ^/redirect-https/(.*)$ https://127.0.0.1:%2/$1 redirect;\n"
                       "    }\n"
                       "    location /redirect-http/ {\n"
                       "      rewrite ^/redirect-http/(.*)$ http://127.0.0.1:%3/$1 redirect;\n"
                       "    }\n"
                       "    location /redirect-loop/ { rewrite ^(.*)$ $1 redirect; }\n"
                       "  }\n"
                       // The certificate's common name, from its subject DN (RFC 2253).
                       "  map $ssl_client_s_dn $client_cn {\n"
                       "    default \"\";\n"
                       "    \"~(^|,)CN=(?<cn>[^,]+)\" $cn;\n"
                       "  }\n"
                       "  server {\n"
                       "    listen 127.0.0.1:%4 ssl;\n"
                       "    ssl_certificate %1/server.pem;\n"
                       "    ssl_certificate_key %1/server.key;\n"
                       "    ssl_verify_client on;\n"
                       "    ssl_client_certificate %1/ca.pem;\n"
                       "    root %1/www;\n"
                       "    etag on;\n"
                       "%5"
                       "  }\n"
                       "}\n")
            .arg(d, QString::number(m_port), QString::number(m_plainPort),
                 QString::number(m_mutualPort),
                 m_ddiPort == 0
                     ? QString()
                     : QStringLiteral(
                           "    location /DEFAULT/ {\n"
                           "      proxy_pass http://127.0.0.1:%1;\n"
                           "      proxy_set_header Host $http_host;\n"
                           "      proxy_set_header X-Forwarded-Proto $scheme;\n"
                           "      proxy_set_header X-Ssl-Client-Cn $client_cn;\n"
                           "      proxy_set_header X-Ssl-Issuer-Hash-1 $ssl_client_i_dn;\n"
                           "    }\n")
                           .arg(m_ddiPort))
            .toUtf8();
    QFile file(d + QStringLiteral("/nginx.conf"));
    if (!file.open(QIODevice::WriteOnly) || file.write(conf) != conf.size()) {
        m_why = QStringLiteral("cannot write nginx.conf");
        return false;
    }
    file.close();
    return true;
}

bool TestWebServer::start()
{
    // nginx's workers run as nobody: they must be able to read what it serves.
    const auto readable = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                          QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther |
                          QFileDevice::ExeOther;
    if (!m_dir.isValid() || !QFile::setPermissions(m_dir.path(), readable) ||
        !QDir(m_dir.path()).mkpath(QStringLiteral("www")) ||
        !QDir(m_dir.path()).mkpath(QStringLiteral("tmp")) || !makeCertificates()) {
        if (m_why.isEmpty()) {
            m_why = QStringLiteral("cannot prepare %1").arg(m_dir.path());
        }
        return false;
    }
    // A free port: bound once here, released, then taken by nginx (loopback only).
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0)) {
            m_why = QStringLiteral("no free port on 127.0.0.1");
            return false;
        }
        m_port = probe.serverPort();
        QTcpServer plainProbe;
        if (!plainProbe.listen(QHostAddress::LocalHost, 0)) {
            m_why = QStringLiteral("no free port on 127.0.0.1");
            return false;
        }
        m_plainPort = plainProbe.serverPort();
        QTcpServer mutualProbe;
        if (!mutualProbe.listen(QHostAddress::LocalHost, 0)) {
            m_why = QStringLiteral("no free port on 127.0.0.1");
            return false;
        }
        m_mutualPort = mutualProbe.serverPort();
    }
    if (!writeConfig()) {
        return false;
    }
    const QString d = m_dir.path();
    m_nginx.setProcessChannelMode(QProcess::MergedChannels);
    m_nginx.start(QStringLiteral("nginx"),
                  {QStringLiteral("-p"), d, QStringLiteral("-c"), d + QStringLiteral("/nginx.conf"),
                   QStringLiteral("-g"), QStringLiteral("daemon off;")});
    if (!m_nginx.waitForStarted(10000)) {
        m_why = QStringLiteral("nginx does not start: ") + m_nginx.errorString();
        return false;
    }
    // Ready once it accepts connections; bounded.
    const QDeadlineTimer deadline(10000);
    while (!deadline.hasExpired()) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, quint16(m_port));
        if (s.waitForConnected(200)) {
            return true;
        }
        if (m_nginx.state() != QProcess::Running) {
            break;
        }
        QThread::msleep(50);
    }
    m_why = QStringLiteral("nginx does not listen: ") + QString::fromLocal8Bit(m_nginx.readAll());
    return false;
}

void TestWebServer::stop()
{
    if (m_nginx.state() != QProcess::NotRunning) {
        m_nginx.terminate();
        if (!m_nginx.waitForFinished(5000)) {
            m_nginx.kill();
            m_nginx.waitForFinished(5000);
        }
    }
}

QString TestWebServer::root() const
{
    return m_dir.path() + QStringLiteral("/www");
}

QString TestWebServer::caFile() const
{
    return m_dir.path() + QStringLiteral("/ca.pem");
}

QString TestWebServer::otherCaFile() const
{
    return m_dir.path() + QStringLiteral("/other-ca.pem");
}

QUrl TestWebServer::url(const QString &path) const
{
    return {QStringLiteral("https://127.0.0.1:%1/").arg(m_port) + path};
}

QUrl TestWebServer::plainUrl(const QString &path) const
{
    return {QStringLiteral("http://127.0.0.1:%1/").arg(m_plainPort) + path};
}

QUrl TestWebServer::mutualUrl(const QString &path) const
{
    return {QStringLiteral("https://127.0.0.1:%1/").arg(m_mutualPort) + path};
}

bool TestWebServer::makeClientCertificate(const QString &commonName, bool trusted,
                                          const QString &certFile, const QString &keyFile)
{
    const QString d = m_dir.path();
    const QString ca = d + (trusted ? QStringLiteral("/ca") : QStringLiteral("/other-ca"));
    const QString ext = d + QStringLiteral("/client.ext");
    QFile extension(ext);
    if (!extension.open(QIODevice::WriteOnly) ||
        extension.write("basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n") < 0) {
        m_why = QStringLiteral("cannot write client.ext");
        return false;
    }
    extension.close();
    const QString csr = certFile + QStringLiteral(".csr");
    const QString openssl = QStringLiteral("openssl");
    const bool made =
        run(openssl,
            {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"),
             QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
             QStringLiteral("-nodes"), QStringLiteral("-subj"), QStringLiteral("/CN=") + commonName,
             QStringLiteral("-keyout"), keyFile, QStringLiteral("-out"), csr}) &&
        run(openssl, {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), csr,
                      QStringLiteral("-CA"), ca + QStringLiteral(".pem"), QStringLiteral("-CAkey"),
                      ca + QStringLiteral(".key"), QStringLiteral("-CAcreateserial"),
                      QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"), ext,
                      QStringLiteral("-out"), certFile});
    QFile::remove(csr);
    return made;
}

QString TestWebServer::accessLog() const
{
    QFile f(m_dir.path() + QStringLiteral("/access.log"));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// nginx writes a request's line in the log after it has sent the reply, so a client may hold
// the reply before the line is there (on a busy machine CI once counted a request's line in
// the next step of the test): the count is read until it has stayed the same for 150 ms, for
// at most 3 s.
int TestWebServer::requests(const QString &path) const
{
    const auto lines = [this, &path] {
        const QString log = accessLog();
        if (path.isEmpty()) {
            return int(log.count(QLatin1Char('\n')));
        }
        const QString request = QLatin1Char(' ') + path + QLatin1Char(' ');
        return int(log.count(request));
    };
    const QDeadlineTimer limit(3000);
    int count = lines();
    QDeadlineTimer quiet(150);
    while (!quiet.hasExpired() && !limit.hasExpired()) {
        QThread::msleep(25); // nginx and the fault proxy run elsewhere
        if (const int now = lines(); now != count) {
            count = now;
            quiet.setRemainingTime(150);
        }
    }
    return count;
}

bool TestWebServer::put(const QString &name, const QByteArray &data)
{
    QFile f(root() + QLatin1Char('/') + name);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size() && f.flush() &&
           f.setFileTime(QDateTime::fromSecsSinceEpoch(++m_mtime),
                         QFileDevice::FileModificationTime);
}
