#include "hawkbitclient.h"

#include "base/atomicfile.h"
#include "base/hostilestring.h"
#include "dbusmapping.h"
#include "net/channelkept.h"
#include "net/urltext.h"
#include "networkplugin.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QRandomGenerator>
#include <algorithm>

namespace seesaw {

Q_LOGGING_CATEGORY(lcFleet, "seesaw.hawkbit")

namespace {

constexpr qint64 FirstBackoffMs = qint64(30) * 1000;
constexpr qint64 StartDelayMs = qint64(2) * 1000;
constexpr qsizetype MaxFinished = 16;

qint64 randomBelow(qint64 bound)
{
    return bound > 0 ? qint64(QRandomGenerator::global()->bounded(quint64(bound))) : 0;
}

Error httpError(const char *what, int status)
{
    if (status == 401 || status == 403) {
        return makeError(Error::Kind::Untrusted, "ddi.auth",
                         HawkbitClient::tr("The hawkBit server refused this device's credentials "
                                           "(HTTP %1): check its token or certificate.")
                             .arg(status));
    }
    return makeError(Error::Kind::Io, "ddi.http",
                     HawkbitClient::tr("The hawkBit server answered HTTP %1 to %2.")
                         .arg(QString::number(status), QLatin1String(what)));
}

} // namespace

// What the worker needs for one poll, copied from the client.
struct HawkbitClient::Context {
    SystemConfig config;
    QUrl controller;
    QString reportsPath;
    QMap<QString, QString> attributes; // sent when the server asks, or the version changed
    bool sendAttributes = false;
    QByteArray etag;
    QByteArray baseBody;
};

namespace {

// Resolves everything of one poll on the worker: the reports owed, the controller base, the
// attributes, and the resource of the action it names.
class Poll {
public:
    Poll(const HawkbitClient::Context &c, NetworkPlugin *net) : m_c(c), m_net(net) {}

    HawkbitClient::Polled run()
    {
        HawkbitClient::Polled p;
        if (Status s = authenticate(); !s) {
            p.error = s.error();
            return p;
        }
        DdiReportQueue queue(m_c.reportsPath);
        if (auto delivered = queue.deliver([this](const DdiReport &r) { return post(r); })) {
            p.delivery = *delivered;
        } else {
            p.error = delivered.error();
            return p;
        }
        auto base = get(m_c.controller, m_c.etag);
        if (!base) {
            p.error = base.error();
            return p;
        }
        p.etag = base->notModified ? m_c.etag : base->etag;
        p.baseBody = base->notModified ? m_c.baseBody : base->body;
        auto parsed = ddi::parseControllerBase(p.baseBody, m_c.controller);
        if (!parsed) {
            p.error = parsed.error();
            return p;
        }
        p.sleepSeconds = parsed->sleepSeconds;
        if (m_c.sendAttributes || parsed->configData.isValid()) {
            sendAttributes(p);
        }
        if (parsed->cancelAction.isValid()) {
            resource(parsed->cancelAction, p, [&p](const QByteArray &json) {
                auto c = ddi::parseCancelAction(json);
                return c ? (p.cancel = *c, Status(Ok{})) : Status(c.error());
            });
        } else if (parsed->confirmationBase.isValid()) {
            resource(parsed->confirmationBase, p, [&p, this](const QByteArray &json) {
                auto d = ddi::parseConfirmation(json, m_c.controller);
                return d ? (p.confirmation = *d, Status(Ok{})) : Status(d.error());
            });
        } else if (parsed->deploymentBase.isValid()) {
            resource(parsed->deploymentBase, p, [&p, this](const QByteArray &json) {
                auto d = ddi::parseDeployment(json, m_c.controller);
                return d ? (p.deployment = *d, Status(Ok{})) : Status(d.error());
            });
        }
        return p;
    }

private:
    Status authenticate()
    {
        auto token = HawkbitClient::authorization(*m_net, m_c.config.hawkbit);
        if (!token) {
            return token.error();
        }
        m_authorization = *token;
        return Ok{};
    }

    [[nodiscard]] DdiRequest request(DdiRequest::Method method, const QUrl &url) const
    {
        DdiRequest r;
        r.method = method;
        r.url = url;
        r.server = QUrl(m_c.config.hawkbit.server);
        r.authorization = m_authorization;
        r.tls = HawkbitClient::tls(m_c.config.hawkbit);
        return r;
    }

    Result<DdiReply> get(const QUrl &url, const QByteArray &etag = {})
    {
        DdiRequest r = request(DdiRequest::Method::Get, url);
        r.etag = etag;
        auto reply = m_net->ddiExchange(r);
        if (reply && reply->status != 200 && !reply->notModified) {
            return httpError("a poll", reply->status);
        }
        return reply;
    }

    Result<int> post(const DdiReport &report)
    {
        QUrl url = m_c.controller;
        url.setPath(url.path() + QLatin1Char('/') + report.channel + QLatin1Char('/') +
                    report.actionId + QStringLiteral("/feedback"));
        DdiRequest r = request(DdiRequest::Method::Post, url);
        r.body = report.body;
        auto reply = m_net->ddiExchange(r);
        return reply ? Result<int>(reply->status) : Result<int>(reply.error());
    }

    int put(const QString &path, const QByteArray &body)
    {
        QUrl url = m_c.controller;
        url.setPath(url.path() + QLatin1Char('/') + path);
        DdiRequest r = request(DdiRequest::Method::Put, url);
        r.body = body;
        auto reply = m_net->ddiExchange(r);
        return reply ? reply->status : 0;
    }

    // The device's attributes, and its running version as the installed base (hawkBit's
    // experimental PUT installedBase: a distribution set named after the device's compatible,
    // of that version; a server without one answers 404, which is only noted).
    void sendAttributes(HawkbitClient::Polled &p)
    {
        const int attributes =
            put(QStringLiteral("configData"), ddi::configDataBody(m_c.attributes));
        if (attributes < 200 || attributes >= 300) {
            return; // asked again at the next poll
        }
        const QString version = m_c.attributes.value(QStringLiteral("seesaw.version"));
        const QJsonObject installed{{QStringLiteral("name"), m_c.config.compatible},
                                    {QStringLiteral("version"), version}};
        const int status = put(QStringLiteral("installedBase"),
                               QJsonDocument(installed).toJson(QJsonDocument::Compact));
        p.attributesVersion = version;
        p.installedBaseNote =
            status >= 200 && status < 300
                ? HawkbitClient::tr("The server records %1 %2 as installed.")
                      .arg(m_c.config.compatible, version)
                : HawkbitClient::tr("The server took the device's attributes; it has no "
                                    "distribution set %1 %2 to record as installed (HTTP %3).")
                      .arg(m_c.config.compatible, version, QString::number(status));
    }

    template <typename Parse>
    void resource(const QUrl &url, HawkbitClient::Polled &p, const Parse &parse)
    {
        auto reply = get(url);
        if (!reply) {
            p.actionError = reply.error();
            return;
        }
        if (Status s = parse(reply->body); !s) {
            p.actionError = s.error();
        }
    }

    const HawkbitClient::Context &m_c;
    NetworkPlugin *m_net;
    QByteArray m_authorization;
};

QJsonObject recordJson(const HawkbitClient::Record &r)
{
    return {{QStringLiteral("action"), r.actionId},
            {QStringLiteral("version"), r.version},
            {QStringLiteral("phase"), r.phase},
            {QStringLiteral("transaction"), r.transaction},
            {QStringLiteral("finished"), QJsonArray::fromStringList(r.finished)},
            {QStringLiteral("reported-version"), r.reportedVersion}};
}

HawkbitClient::Record loadRecord(const QString &path)
{
    QFile f(path);
    HawkbitClient::Record r;
    if (!f.open(QIODevice::ReadOnly)) {
        return r;
    }
    const QJsonObject o = QJsonDocument::fromJson(f.read(qint64(64) * 1024)).object();
    const auto text = [&o](const char *key) {
        return displayString(o.value(QLatin1String(key)).toString(), 128);
    };
    r.actionId = text("action");
    r.version = text("version");
    r.phase = text("phase");
    r.transaction = text("transaction");
    r.reportedVersion = text("reported-version");
    for (const auto &v : o.value(QStringLiteral("finished")).toArray()) {
        if (r.finished.size() < MaxFinished) {
            r.finished.append(displayString(v.toString(), 64));
        }
    }
    return r;
}

} // namespace

TlsOptions HawkbitClient::tls(const HawkbitConfig &config)
{
    return {config.caFile, config.clientCertificate, config.clientKey};
}

Result<QByteArray> HawkbitClient::authorization(NetworkPlugin &net, const HawkbitConfig &config)
{
    const bool gateway = !config.gatewayTokenFile.isEmpty();
    const QString &file = gateway ? config.gatewayTokenFile : config.targetTokenFile;
    return file.isEmpty() ? Result<QByteArray>(QByteArray()) : net.readDdiToken(file, gateway);
}

HawkbitClient::HawkbitClient(SystemConfig config, QObject *parent)
    : QObject(parent), m_config(std::move(config)),
      m_recordPath(m_config.dataDirectory + QStringLiteral("/hawkbit-action.json"))
{
    m_worker.setMaxThreadCount(1);
    m_downloader.setMaxThreadCount(1);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HawkbitClient::startPoll);
    m_windowTimer.setSingleShot(true);
    connect(&m_windowTimer, &QTimer::timeout, this, &HawkbitClient::considerInstall);
    if (enabled()) {
        const QString id = m_config.hawkbit.controllerId.isEmpty()
                               ? QString::fromLatin1(readMachineId())
                               : m_config.hawkbit.controllerId;
        m_controller = ddi::controllerUrl(m_config.hawkbit, id);
        m_record = loadRecord(m_recordPath);
    }
    publish();
}

HawkbitClient::~HawkbitClient()
{
    m_cancelDownload = true;
    m_downloader.waitForDone();
    m_worker.waitForDone();
}

void HawkbitClient::setDevice(const DeviceFacts &facts)
{
    m_device = facts;
    if (!enabled()) {
        return;
    }
    checkResultAfterBoot();
    if (!m_started) {
        m_started = true;
        schedule(StartDelayMs + randomBelow(StartDelayMs));
    }
    publish();
}

void HawkbitClient::checkNow(Done done)
{
    if (!enabled()) {
        done(daemonError(daemoncode::InvalidArgument,
                         tr("No hawkBit server is configured ([hawkbit] server= in "
                            "system.conf).")));
        return;
    }
    if (m_polling) {
        m_pollAgain = true;
        m_waitingAgain.append(std::move(done));
        return;
    }
    m_waiting.append(std::move(done));
    startPoll();
}

HawkbitClient::Context HawkbitClient::context() const
{
    Context c;
    c.config = m_config;
    c.controller = m_controller;
    c.reportsPath = m_config.dataDirectory + QStringLiteral("/hawkbit-reports.json");
    c.attributes = {{QStringLiteral("seesaw.version"), m_device.version},
                    {QStringLiteral("seesaw.slot"), m_device.bootedSlot},
                    {QStringLiteral("seesaw.compatible"), m_config.compatible}};
    c.sendAttributes = !m_device.version.isEmpty() && m_device.version != m_record.reportedVersion;
    c.etag = m_etag;
    c.baseBody = m_baseBody;
    return c;
}

void HawkbitClient::startPoll()
{
    if (m_controller.isEmpty()) {
        m_error = makeError(Error::Kind::Invalid, "ddi.controller-id",
                            tr("This device has no usable hawkBit controller id ([hawkbit] "
                               "controller-id=, or /etc/machine-id)."));
        publish();
        return;
    }
    m_polling = true;
    m_timer.stop();
    m_nextPoll = {};
    publish();
    m_worker.start([this, c = context()] {
        auto plugin = networkPlugin();
        Polled p;
        if (plugin) {
            p = Poll(c, *plugin).run();
        } else {
            p.error = plugin.error();
        }
        QMetaObject::invokeMethod(
            this, [this, p] { onPolled(p); }, Qt::QueuedConnection);
    });
}

void HawkbitClient::onPolled(const Polled &polled)
{
    m_polling = false;
    m_lastPoll = QDateTime::currentDateTimeUtc();
    m_error = polled.error;
    m_delivery = polled.delivery;
    if (!polled.error) {
        m_etag = polled.etag;
        m_baseBody = polled.baseBody;
        m_sleepSeconds = polled.sleepSeconds;
        if (!polled.attributesVersion.isEmpty()) {
            m_record.reportedVersion = polled.attributesVersion;
            m_installedBaseNote = polled.installedBaseNote;
            saveRecord();
        }
        if (polled.actionError) {
            m_error = polled.actionError;
        } else if (polled.cancel) {
            onCancel(*polled.cancel);
        } else if (polled.confirmation) {
            onConfirmation(*polled.confirmation);
        } else if (polled.deployment) {
            onDeployment(*polled.deployment);
        } else {
            m_question.reset(); // nothing waits for the operator any more
            m_answered = false;
        }
    } else {
        qCWarning(lcFleet).noquote() << "poll failed:" << polled.error->message;
    }
    m_failures = m_error ? m_failures + 1 : 0;
    // Reports queued during the poll go out a second later, unless the server refused this
    // one (they wait for the back-off then).
    schedule(std::exchange(m_deliverSoon, false) && !m_error
                 ? 1000
                 : nextDelayMs(m_config.hawkbit, m_sleepSeconds, m_failures));
    publish();
    const QList<Done> answered = std::exchange(m_waiting, {});
    for (const Done &done : answered) {
        done(m_error ? Result<QVariantMap>(*m_error) : Result<QVariantMap>(m_status));
    }
    if (m_pollAgain) {
        m_pollAgain = false;
        m_waiting = std::exchange(m_waitingAgain, {});
        startPoll();
    }
}

qint64 HawkbitClient::nextDelayMs(const HawkbitConfig &config, std::optional<qint64> sleepSeconds,
                                  int failures)
{
    const qint64 sleep = std::clamp<qint64>(sleepSeconds.value_or(config.pollIntervalSeconds),
                                            config.minPollSeconds, config.maxPollSeconds) *
                         1000;
    if (failures <= 0) {
        return sleep + randomBelow(sleep / 10); // up to a tenth later: a fleet spreads out
    }
    // 30 s, 1, 2, 4 … minutes, never longer than the server's sleep, plus up to half again.
    const qint64 backoff = std::min(sleep, FirstBackoffMs << std::min(failures - 1, 16));
    return backoff + randomBelow(backoff / 2);
}

void HawkbitClient::schedule(qint64 delayMs)
{
    m_nextPoll = QDateTime::currentDateTimeUtc().addMSecs(delayMs);
    m_timer.start(std::chrono::milliseconds(delayMs));
}

void HawkbitClient::queueReport(const DdiReport &report)
{
    m_worker.start(
        [path = QString(m_config.dataDirectory + QStringLiteral("/hawkbit-reports.json")), report] {
            if (Status s = DdiReportQueue(path).add(report); !s) {
                qCWarning(lcFleet).noquote() << "cannot keep a report:" << s.error().message;
            }
        });
    if (m_polling) {
        m_deliverSoon = true; // the running poll read the queue before this report was added
    } else if (m_started && m_failures == 0) {
        schedule(1000); // while the server fails, the back-off decides
    }
}

void HawkbitClient::feedback(ddi::Execution execution, ddi::Finished finished,
                             const QString &detail)
{
    if (m_record.actionId.isEmpty()) {
        return;
    }
    ddi::Feedback f;
    f.execution = execution;
    f.finished = finished;
    f.details = QStringList{detail};
    const bool final = execution == ddi::Execution::Closed;
    queueReport({m_record.actionId, QStringLiteral("deploymentBase"), ddi::feedbackBody(f), final});
    m_lastReport = ddi::executionName(execution) + QStringLiteral(": ") + detail;
    qCInfo(lcFleet).noquote() << "action" << m_record.actionId << m_lastReport;
}

void HawkbitClient::saveRecord()
{
    const QByteArray json = QJsonDocument(recordJson(m_record)).toJson();
    if (Status s = writeFileAtomically(m_recordPath, json, 0600); !s) {
        qCWarning(lcFleet).noquote() << "cannot keep the action:" << s.error().message;
    }
}

} // namespace seesaw
