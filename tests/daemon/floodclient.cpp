// A hostile local client for tst_flood: opens N connections to the bus and sends M
// InspectBundle calls on each, every one carrying a descriptor, without waiting for replies;
// then waits for every answer (or the deadline) and prints what came back as one JSON object:
// {"sent": n, "ok": n, "unanswered": n, "errors": {"error.Name": n, ...}}.
// Usage: floodclient ADDRESS CONNECTIONS CALLS FILE [TIMEOUT_MS]
#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusError>
#include <QDBusMessage>
#include <QDBusUnixFileDescriptor>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTimer>
#include <cstdio>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

namespace {

class Counter : public QObject {
    Q_OBJECT
public:
    int ok = 0;
    int answered = 0;
    QMap<QString, int> errors;

private Q_SLOTS:
    // Called by the bus, through callWithCallback()'s SLOT() names.
    void onReply(const QDBusMessage & /*unused*/)
    {
        ++ok;
        ++answered;
    }
    void onError(const QDBusError &error, const QDBusMessage & /*unused*/)
    {
        ++errors[error.name()];
        ++answered;
    }
};

// Reports why the client gives up. It exits non-zero right after, which tst_flood sees even
// when stderr cannot be written, so a failed write is ignored.
void complain(const QString &message)
{
    (void)std::fputs(qPrintable(message + QLatin1Char('\n')), stderr);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 5) {
        complain(QStringLiteral("usage: floodclient ADDRESS CONNECTIONS CALLS FILE [TIMEOUT_MS]"));
        return 2;
    }
    const QString &address = args.at(1);
    const int connections = args.at(2).toInt();
    const int calls = args.at(3).toInt();
    const int timeoutMs = args.size() > 5 ? args.at(5).toInt() : 120000;

    // Every queued message holds a duplicate of the descriptor until it is written out.
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    const int fd = ::open(QFile::encodeName(args.at(4)).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        complain(QStringLiteral("floodclient: cannot open %1").arg(args.at(4)));
        return 2;
    }
    const QDBusUnixFileDescriptor file(fd);
    ::close(fd);

    Counter counter;
    QList<QDBusConnection> buses;
    for (int c = 0; c < connections; ++c) {
        QDBusConnection bus =
            QDBusConnection::connectToBus(address, QStringLiteral("flood-%1").arg(c));
        if (!bus.isConnected()) {
            complain(QStringLiteral("floodclient: connection %1 failed: %2")
                         .arg(c)
                         .arg(bus.lastError().message()));
            return 3;
        }
        buses.append(bus);
    }
    int sent = 0;
    for (int i = 0; i < calls; ++i) {
        for (QDBusConnection &bus : buses) {
            QDBusMessage call = QDBusMessage::createMethodCall(
                QStringLiteral("org.seesaw.Updater1"), QStringLiteral("/org/seesaw/Updater1"),
                QStringLiteral("org.seesaw.Updater1"), QStringLiteral("InspectBundle"));
            call << QVariant::fromValue(file);
            if (bus.callWithCallback(call, &counter, SLOT(onReply(QDBusMessage)),
                                     SLOT(onError(QDBusError, QDBusMessage)), timeoutMs)) {
                ++sent;
            }
        }
    }

    QElapsedTimer elapsed;
    elapsed.start();
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        if (counter.answered >= sent || elapsed.elapsed() > timeoutMs + 5000) {
            QCoreApplication::quit();
        }
    });
    poll.start(20);
    QCoreApplication::exec();

    QJsonObject errors;
    for (auto it = counter.errors.cbegin(); it != counter.errors.cend(); ++it) {
        errors.insert(it.key(), it.value());
    }
    const QJsonObject out{{QStringLiteral("sent"), sent},
                          {QStringLiteral("ok"), counter.ok},
                          {QStringLiteral("unanswered"), sent - counter.answered},
                          {QStringLiteral("seconds"), double(elapsed.elapsed()) / 1000.0},
                          {QStringLiteral("errors"), errors}};
    printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}

#include "floodclient.moc"
