// A test server's own thread: blocking client code under test (with its own event loop) can then
// talk to it from the test's thread. Loopback only.
#pragma once

#include <QHostAddress>
#include <QSemaphore>
#include <QTcpServer>
#include <QThread>

// Moves `server` to `thread` (which deletes it when it finishes), starts the thread and listens
// on 127.0.0.1 at a free port there. The port, or 0 when listening failed.
inline int listenOnThread(QThread &thread, QTcpServer *server)
{
    server->moveToThread(&thread);
    QObject::connect(&thread, &QThread::finished, server, &QObject::deleteLater);
    thread.start();
    QSemaphore ready;
    int port = 0;
    QMetaObject::invokeMethod(
        server,
        [server, &ready, &port] {
            if (server->listen(QHostAddress::LocalHost, 0)) {
                port = server->serverPort();
            }
            ready.release();
        },
        Qt::QueuedConnection);
    ready.acquire();
    return port;
}
