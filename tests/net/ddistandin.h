// A stand-in for an Eclipse hawkBit server's Direct Device Integration API, for the tests.
//
// hawkBit itself is a Java service that Debian does not package, so it cannot be installed or run
// here. This stand-in is written from hawkBit's published DDI API documentation (the controller
// base with config.polling.sleep and its _links, deploymentBase, cancelAction, confirmationBase,
// configData and the feedback channels, token authentication, ETag / If-None-Match with 304,
// 410 for feedback on a closed action), answers only what a test sets up, and records every
// request so that a test can assert what the device sent, and to where. Plain HTTP on 127.0.0.1,
// on a thread of its own, so that blocking client code can talk to it from the test's thread; the
// fault-injecting proxy (faultproxy.h) can sit in front. Loopback only.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QString>
#include <QThread>
#include <QUrl>

struct DdiRecorded {
    QByteArray method;
    QByteArray path; // with the query
    QByteArray authorization;
    QByteArray clientCn;   // X-Ssl-Client-Cn, set by a reverse proxy that checked a certificate
    QByteArray issuerHash; // X-Ssl-Issuer-Hash-1, likewise
    QByteArray ifNoneMatch;
    QByteArray host;           // Host
    QByteArray forwardedProto; // X-Forwarded-Proto, from a TLS-terminating proxy
    QByteArray body;
    int status = 0; // what the stand-in answered
};

class DdiStandIn {
public:
    DdiStandIn() = default;
    ~DdiStandIn();
    DdiStandIn(const DdiStandIn &) = delete;
    DdiStandIn &operator=(const DdiStandIn &) = delete;

    bool start();                         // listens on 127.0.0.1, a free port
    [[nodiscard]] QUrl serverUrl() const; // http://127.0.0.1:PORT
    // SERVER/DEFAULT/controller/v1/ID
    [[nodiscard]] QUrl controllerUrl(const QString &controllerId) const;

    // What the server expects in Authorization ("TargetToken abc"); empty: anything. A request
    // without it is answered 401, as hawkBit does.
    void setAuthorization(const QByteArray &expected);
    // Certificate authentication through a reverse proxy, as hawkBit offers it: a request is
    // also taken when the proxy's X-Ssl-Client-Cn names the controller it asks about and its
    // X-Ssl-Issuer-Hash-1 is `issuerHash` (empty: off). With it on and no token set, a request
    // without those headers is answered 401.
    void setCertificateAuthentication(const QByteArray &issuerHash);
    void setSleep(const QString &sleep); // config.polling.sleep, "00:05:00" by default
    // The action the controller base offers, and the reply of its resource (a new offer forgets
    // how the previous action was closed).
    void offerDeployment(const QString &actionId, const QByteArray &json);
    void offerCancel(const QString &actionId, const QString &stopId);
    void offerConfirmation(const QString &actionId, const QByteArray &json);
    void askForConfigData(bool ask);
    // Replaces every reply with a redirect to `location` (empty: none).
    void redirectTo(const QUrl &location);
    // Answers artifact downloads (…/softwaremodules/…) with a redirect to `location`, as a
    // server whose artifacts live in object storage does.
    void redirectArtifactsTo(const QUrl &location);
    // Pads the controller base with this many bytes of white space.
    void padBase(qsizetype bytes);
    // Accepts connections but never answers.
    void stall(bool stalled);

    [[nodiscard]] QList<DdiRecorded> requests() const;
    [[nodiscard]] QString closedWith() const; // the execution/finished that closed the action

private:
    friend class DdiStandInWorker;
    friend class DdiStandInConnection;
    // The reply to one request, made under the lock: status, extra headers and body.
    struct Answer {
        int status = 200;
        QByteArray headers;
        QByteArray body;
    };
    void offer(const QByteArray &kind, const QString &actionId, const QByteArray &json);
    Answer answer(const DdiRecorded &request); // records the request and the status
    Answer decide(const DdiRecorded &request);
    Answer answerResource(const DdiRecorded &request, const QString &controllerId,
                          const QByteArray &rest);
    Answer feedback(const QByteArray &channel, const QByteArray &body);
    [[nodiscard]] QByteArray controllerBase(const DdiRecorded &request,
                                            const QString &controllerId) const;
    [[nodiscard]] bool stalled() const;

    QThread m_thread;
    int m_port = 0;
    mutable QMutex m_mutex;
    QByteArray m_authorization;
    QByteArray m_issuerHash;
    QString m_sleep = QStringLiteral("00:05:00");
    QString m_actionId;
    QByteArray m_kind; // "deploymentBase", "cancelAction", "confirmationBase" or empty
    QByteArray m_actionJson;
    bool m_closed = false;
    QString m_closedWith;
    bool m_configData = false;
    QUrl m_redirect;
    QUrl m_artifactRedirect;
    qsizetype m_padding = 0;
    bool m_stall = false;
    QList<DdiRecorded> m_requests;
};
