// The device's side of hawkBit's DDI conversations over real HTTP (net/ddihttp.h, net/ddi.h).
//
// The server here is a STAND-IN written for these tests from hawkBit's published DDI API
// (tests/net/ddistandin.h): hawkBit itself is a Java service that Debian does not package and
// cannot run on this machine. The fault-injecting proxy of the network tests sits in front of it
// where a fault is needed. Everything runs on 127.0.0.1.
#include "ddistandin.h"
#include "faultproxy.h"
#include "net/ddi.h"
#include "net/ddihttp.h"
#include "net/ddireports.h"
#include "net/download.h"
#include "net/transfer.h"
#include "testutil.h"
#include "webserver.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace seesaw;
using testutil::s;

namespace {

const QByteArray Token = "TargetToken 4xJ0nR2bVq9sKzL7";

QByteArray deploymentJson(const QString &id)
{
    return QByteArray(R"({"id":")") + id.toUtf8() +
           R"(","deployment":{"download":"forced","update":"forced","chunks":[{"part":"os",)"
           R"("version":"2.1.0","name":"rootfs","artifacts":[{"filename":"system.seesaw",)"
           R"("size":10,"hashes":{"sha256":")" +
           QByteArray(64, 'b') +
           R"("},"_links":{"download-http":{"href":"http://127.0.0.1:9/b.seesaw"}}}]}]}})";
}

DdiRequest get(const QUrl &url, const QUrl &server)
{
    DdiRequest r;
    r.url = url;
    r.server = server;
    r.authorization = Token;
    r.timeoutMs = 10000;
    return r;
}

DdiRequest post(const QUrl &url, const QUrl &server, const QByteArray &body)
{
    DdiRequest r = get(url, server);
    r.method = DdiRequest::Method::Post;
    r.body = body;
    return r;
}

} // namespace

class TestHawkbit : public QObject {
    Q_OBJECT
    std::unique_ptr<DdiStandIn> m_server;
    QUrl m_controller;

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<DdiStandIn>();
        QVERIFY(m_server->start());
        m_server->setAuthorization(Token);
        m_controller = m_server->controllerUrl(s("press-7"));
    }

    // A poll finds a deployment, reads it, and the next poll of an unchanged base costs a 304.
    void pollFindsDeployment()
    {
        m_server->offerDeployment(s("42"), deploymentJson(s("42")));
        const auto base = ddiExchange(get(m_controller, m_server->serverUrl()));
        QVERIFY2(base.ok(), qPrintable(base.ok() ? QString() : base.error().message));
        QCOMPARE(base->status, 200);
        const auto parsed = ddi::parseControllerBase(base->body, m_controller);
        QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
        QCOMPARE(parsed->sleepSeconds.value_or(-1), 300);
        QCOMPARE(parsed->deploymentBase.path(), m_controller.path() + s("/deploymentBase/42"));

        const auto action = ddiExchange(get(parsed->deploymentBase, m_server->serverUrl()));
        QVERIFY(action.ok());
        const auto deployment = ddi::parseDeployment(action->body, m_controller);
        QVERIFY(deployment.ok());
        QCOMPARE(deployment->actionId, s("42"));
        QCOMPARE(ddi::seesawBundle(*deployment)->filename, s("system.seesaw"));

        DdiRequest again = get(m_controller, m_server->serverUrl());
        again.etag = base->etag;
        const auto unchanged = ddiExchange(again);
        QVERIFY(unchanged.ok());
        QCOMPARE(unchanged->status, 304);
        QVERIFY(unchanged->notModified);
        QVERIFY(unchanged->body.isEmpty());

        const auto requests = m_server->requests();
        QCOMPARE(requests.size(), 3);
        for (const DdiRecorded &r : requests) {
            QCOMPARE(r.authorization, Token);
        }
        QCOMPARE(requests[2].ifNoneMatch, base->etag);
    }

    void wrongTokenIsRefused()
    {
        DdiRequest r = get(m_controller, m_server->serverUrl());
        r.authorization = "TargetToken wrong";
        const auto reply = ddiExchange(r);
        QVERIFY(reply.ok());
        QCOMPARE(reply->status, 401);
    }

    // Feedback closes the action; the server then answers 410 and stops offering it.
    void feedbackClosesTheAction()
    {
        m_server->offerDeployment(s("42"), deploymentJson(s("42")));
        const QUrl feedback = QUrl(m_controller.toString() + s("/deploymentBase/42/feedback"));
        ddi::Feedback progress;
        progress.execution = ddi::Execution::Download;
        progress.progress = std::make_pair(1, 4);
        QCOMPARE(
            ddiExchange(post(feedback, m_server->serverUrl(), ddi::feedbackBody(progress)))->status,
            200);
        QVERIFY(m_server->closedWith().isEmpty());
        ddi::Feedback done;
        done.execution = ddi::Execution::Closed;
        done.finished = ddi::Finished::Success;
        done.details = {s("2.1.0 booted and passed its health check.")};
        QCOMPARE(
            ddiExchange(post(feedback, m_server->serverUrl(), ddi::feedbackBody(done)))->status,
            200);
        QCOMPARE(m_server->closedWith(), s("closed/success"));
        QCOMPARE(
            ddiExchange(post(feedback, m_server->serverUrl(), ddi::feedbackBody(done)))->status,
            410);
        const auto base = ddiExchange(get(m_controller, m_server->serverUrl()));
        QVERIFY(ddi::parseControllerBase(base->body, m_controller)->deploymentBase.isEmpty());
        const QJsonObject sent = QJsonDocument::fromJson(m_server->requests().at(1).body).object();
        QCOMPARE(sent.value(s("status")).toObject().value(s("execution")).toString(), s("closed"));
        QCOMPARE(m_server->requests().at(1).method, QByteArray("POST"));
    }

    // Consent: the action waits under confirmationBase until the device confirms.
    void consentTurnsIntoDeployment()
    {
        m_server->offerConfirmation(
            s("43"), R"({"id":"43","confirmation":{"download":"attempt","update":"attempt",)"
                     R"("chunks":[]}})");
        auto base = ddi::parseControllerBase(
            ddiExchange(get(m_controller, m_server->serverUrl()))->body, m_controller);
        QVERIFY(!base->confirmationBase.isEmpty());
        QVERIFY(base->deploymentBase.isEmpty());
        const auto action = ddi::parseConfirmation(
            ddiExchange(get(base->confirmationBase, m_server->serverUrl()))->body, m_controller);
        QCOMPARE(action->actionId, s("43"));
        const QUrl feedback = QUrl(m_controller.toString() + s("/confirmationBase/43/feedback"));
        QCOMPARE(ddiExchange(post(feedback, m_server->serverUrl(),
                                  ddi::confirmationBody(false, {s("Not now")})))
                     ->status,
                 200);
        base = ddi::parseControllerBase(ddiExchange(get(m_controller, m_server->serverUrl()))->body,
                                        m_controller);
        QVERIFY(!base->confirmationBase.isEmpty()); // denied: still waiting
        QCOMPARE(ddiExchange(post(feedback, m_server->serverUrl(), ddi::confirmationBody(true, {})))
                     ->status,
                 200);
        base = ddi::parseControllerBase(ddiExchange(get(m_controller, m_server->serverUrl()))->body,
                                        m_controller);
        QCOMPARE(base->deploymentBase.path(), m_controller.path() + s("/deploymentBase/43"));
    }

    // A cancel is accepted with closed/success (hawkBit takes only that as a finished cancel);
    // attributes asked for are sent once; a new polling interval is a new reply (no 304).
    void cancelAttributesAndSleep()
    {
        m_server->offerCancel(s("42"), s("42"));
        const auto first = ddiExchange(get(m_controller, m_server->serverUrl()));
        auto base = ddi::parseControllerBase(first->body, m_controller);
        QCOMPARE(base->cancelAction.path(), m_controller.path() + s("/cancelAction/42"));
        const auto cancel = ddi::parseCancelAction(
            ddiExchange(get(base->cancelAction, m_server->serverUrl()))->body);
        QCOMPARE(cancel->stopId, s("42"));
        ddi::Feedback accepted;
        accepted.execution = ddi::Execution::Closed;
        accepted.finished = ddi::Finished::Success;
        const QUrl feedback(m_controller.toString() + s("/cancelAction/42/feedback"));
        QCOMPARE(
            ddiExchange(post(feedback, m_server->serverUrl(), ddi::feedbackBody(accepted)))->status,
            200);
        QCOMPARE(m_server->closedWith(), s("closed/success"));

        m_server->askForConfigData(true);
        base = ddi::parseControllerBase(ddiExchange(get(m_controller, m_server->serverUrl()))->body,
                                        m_controller);
        QVERIFY(base->cancelAction.isEmpty());
        QVERIFY(!base->configData.isEmpty());
        DdiRequest put = post(base->configData, m_server->serverUrl(),
                              ddi::configDataBody({{s("seesaw_version"), s("2.0.0")}}));
        put.method = DdiRequest::Method::Put;
        QCOMPARE(ddiExchange(put)->status, 200);
        QCOMPARE(m_server->requests().last().method, QByteArray("PUT"));
        const auto unchanged = ddiExchange(get(m_controller, m_server->serverUrl()));
        QVERIFY(ddi::parseControllerBase(unchanged->body, m_controller)->configData.isEmpty());

        m_server->setSleep(s("PT36H"));
        DdiRequest conditional = get(m_controller, m_server->serverUrl());
        conditional.etag = unchanged->etag;
        const auto changed = ddiExchange(conditional);
        QCOMPARE(changed->status, 200);
        QCOMPARE(ddi::parseControllerBase(changed->body, m_controller)->sleepSeconds.value_or(-1),
                 36 * 3600);
    }

    // The token never goes to another server: not by a URL, not by a redirect.
    void credentialsStayOnTheServer()
    {
        DdiStandIn other;
        QVERIFY(other.start());
        const auto elsewhere =
            ddiExchange(get(other.controllerUrl(s("press-7")), m_server->serverUrl()));
        QVERIFY(!elsewhere.ok());
        QCOMPARE(elsewhere.error().code, s("net.url"));

        m_server->redirectTo(other.controllerUrl(s("press-7")));
        const auto redirected = ddiExchange(get(m_controller, m_server->serverUrl()));
        QVERIFY(!redirected.ok());
        QCOMPARE(redirected.error().code, s("ddi.redirect"));
        QVERIFY(other.requests().isEmpty());
        QCOMPARE(m_server->requests().size(), 1);
    }

    void hostileReplies()
    {
        m_server->padBase(ddi::MaxReplyBytes + 1);
        const auto large = ddiExchange(get(m_controller, m_server->serverUrl()));
        QVERIFY(!large.ok());
        QCOMPARE(large.error().code, s("net.too-large"));

        m_server->padBase(0);
        m_server->stall(true);
        DdiRequest r = get(m_controller, m_server->serverUrl());
        r.timeoutMs = 1500;
        const auto stalled = ddiExchange(r);
        QVERIFY(!stalled.ok());
        QCOMPARE(stalled.error().code, s("net.timeout"));
    }

    // Through the fault-injecting proxy: a busy server's status reaches the caller as it is,
    // a cut connection is an error in words.
    void faultsOnTheWay()
    {
        // A proxy of its own for each case: Qt sends a GET again when its connection closes
        // early, so every try of a case meets the case's fault.
        const auto through = [&](const QList<ProxyFault> &faults) -> Result<DdiReply> {
            FaultProxy proxy;
            if (!proxy.start(m_server->serverUrl().port())) {
                return makeError(Error::Kind::Io, "test.proxy", s("the proxy did not start"));
            }
            proxy.queue(faults);
            const QUrl server = proxy.url(QString()).adjusted(QUrl::RemovePath);
            return ddiExchange(
                get(QUrl(server.toString() + s("/DEFAULT/controller/v1/press-7")), server));
        };
        const auto busy = through({ProxyFault::answer(503)});
        QVERIFY(busy.ok());
        QCOMPARE(busy->status, 503);
        const auto cutInHead = through(QList<ProxyFault>(8, ProxyFault::cutAfter(20)));
        QVERIFY(!cutInHead.ok());
        QCOMPARE(cutInHead.error().code, s("net.unreachable"));
        m_server->padBase(10000);
        const auto cutInBody = through(QList<ProxyFault>(8, ProxyFault::cutAfter(2000)));
        QVERIFY(!cutInBody.ok());
        QCOMPARE(cutInBody.error().code, s("net.unreachable"));
        const auto fine = through({});
        QVERIFY(fine.ok());
        QCOMPARE(fine->status, 200);
    }

    // Reports wait in the queue while the server is busy or out of reach. One whose answer was
    // lost on the way (the server did take it) is sent again and answered 410: dropped, once.
    void resultWaitsForTheServer()
    {
        m_server->offerDeployment(s("42"), deploymentJson(s("42")));
        QTemporaryDir dir;
        DdiReportQueue queue(dir.filePath(s("hawkbit-reports.json")));
        ddi::Feedback progress;
        progress.execution = ddi::Execution::Downloaded;
        ddi::Feedback done;
        done.execution = ddi::Execution::Closed;
        done.finished = ddi::Finished::Failure;
        done.details = {s("2.1.0 failed its health check; the device went back to 2.0.0.")};
        QVERIFY(queue.add({s("42"), s("deploymentBase"), ddi::feedbackBody(progress), false}));
        QVERIFY(queue.add({s("42"), s("deploymentBase"), ddi::feedbackBody(done), true}));

        FaultProxy proxy;
        QVERIFY(proxy.start(m_server->serverUrl().port()));
        const QUrl server = proxy.url(QString()).adjusted(QUrl::RemovePath);
        const auto send = [&](const DdiReport &r) -> Result<int> {
            const QUrl url(server.toString() + s("/DEFAULT/controller/v1/press-7/") + r.channel +
                           QLatin1Char('/') + r.actionId + s("/feedback"));
            auto reply = ddiExchange(post(url, server, r.body));
            if (!reply) {
                return reply.error();
            }
            return reply->status;
        };
        proxy.queue({ProxyFault::answer(503)});
        auto d = queue.deliver(send);
        QVERIFY(d.ok());
        QCOMPARE(d->delivered, 0);
        QCOMPARE(d->waiting, 2);
        QVERIFY2(d->stoppedBy.contains(s("503")), qPrintable(d->stoppedBy));
        QVERIFY(m_server->requests().isEmpty()); // the proxy answered for the server

        // The progress report arrives; the result arrives too, but its answer is cut.
        proxy.queue({ProxyFault{}, ProxyFault::cutAfter(0), ProxyFault::cutAfter(0),
                     ProxyFault::cutAfter(0)});
        d = queue.deliver(send);
        QCOMPARE(d->delivered, 1);
        QCOMPARE(d->waiting, 1);
        QCOMPARE(m_server->closedWith(), s("closed/failure"));

        d = queue.deliver(send);
        QCOMPARE(d->dropped, 1);
        QCOMPARE(d->waiting, 0);
        const qsizetype posts = m_server->requests().size();
        d = queue.deliver(send);
        QCOMPARE(d->delivered + d->dropped + d->waiting, 0);
        QCOMPARE(m_server->requests().size(), posts);
    }

    // An artifact the server redirects to object storage (here: nginx) is fetched there
    // without the token: Qt's own redirects would have carried it along.
    void downloadLeavesTheTokenOnTheServer()
    {
        TestWebServer storage;
        QVERIFY2(storage.start(), qPrintable(storage.why()));
        const QByteArray bundle = QByteArray(300000, 'x') + "end";
        QVERIFY(storage.put(s("b.seesaw"), bundle));
        m_server->redirectArtifactsTo(storage.plainUrl(s("b.seesaw")));
        QTemporaryDir dir;
        DownloadRequest r;
        r.url = QUrl(m_controller.toString() + s("/softwaremodules/7/artifacts/system.seesaw"));
        r.sha256 = QCryptographicHash::hash(bundle, QCryptographicHash::Sha256);
        r.size = quint64(bundle.size());
        r.directory = dir.path();
        r.authorization = Token;
        r.authorizedServer = m_server->serverUrl();
        r.retryPauseMs = 10;
        const auto done = downloadFile(r);
        QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.error().message));
        QCOMPARE(testutil::readFile(done->path), bundle);
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(m_server->requests().at(0).authorization, Token);
        const QString log = storage.accessLog();
        QVERIFY2(log.contains(s("GET /b.seesaw")), qPrintable(log));
        QVERIFY2(!log.contains(QString::fromLatin1(Token)), qPrintable(log));

        // A server that keeps redirecting is left after MaxRedirects.
        m_server->redirectArtifactsTo(r.url);
        QTemporaryDir again;
        r.directory = again.path();
        r.maxConnections = 1;
        const auto loop = downloadFile(r);
        QVERIFY(!loop.ok());
        QCOMPARE(loop.error().code, s("net.redirect"));
        QCOMPARE(m_server->requests().size(), 1 + 1 + RangeRequest::MaxRedirects);
    }

    void tokenFile_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<bool>("gateway");
        QTest::addColumn<QByteArray>("header"); // empty: refused
        QTest::newRow("target") << QByteArray("abc123\n") << false
                                << QByteArray("TargetToken abc123");
        QTest::newRow("gateway") << QByteArray("  g4t3way  ") << true
                                 << QByteArray("GatewayToken g4t3way");
        QTest::newRow("two lines")
            << QByteArray("first\nsecond\n") << false << QByteArray("TargetToken first");
        QTest::newRow("empty") << QByteArray("\n") << false << QByteArray();
        QTest::newRow("space inside") << QByteArray("ab cd") << false << QByteArray();
        QTest::newRow("header injection") << QByteArray("ab\rX-Evil: 1") << false << QByteArray();
        QTest::newRow("too long") << QByteArray(257, 'a') << false << QByteArray();
    }
    void tokenFile()
    {
        QFETCH(QByteArray, content);
        QFETCH(bool, gateway);
        QFETCH(QByteArray, header);
        QTemporaryDir dir;
        const QString path = dir.filePath(s("token"));
        QVERIFY(testutil::writeFile(path, content));
        const auto token = readDdiToken(path, gateway);
        if (header.isEmpty()) {
            QVERIFY(!token.ok());
            QCOMPARE(token.error().code, s("ddi.token"));
        } else {
            QVERIFY(token.ok());
            QCOMPARE(*token, header);
        }
        QVERIFY(!readDdiToken(dir.filePath(s("missing")), false).ok());
    }
};

QTEST_GUILESS_MAIN(TestHawkbit)
#include "tst_hawkbit.moc"
