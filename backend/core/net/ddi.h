// Eclipse hawkBit's Direct Device Integration API (DDI v1, docs/hawkbit.md): what the server's
// replies mean and the bodies the device sends. No I/O here: the client fetches, this reads.
//
// Every reply is hostile. The caller bounds its size (MaxReplyBytes); here every field is
// checked and bounded in count and length, unknown fields are ignored (newer servers add them),
// and a link to another DDI resource is followed only when it stays on the configured server
// under this controller's path, so that the device's token never goes anywhere else. Artifact
// downloads may come from elsewhere (a CDN): those links are taken as given, and the token is
// sent only where the server is (sameOrigin(), net/urltext.h).
#pragma once

#include "base/result.h"
#include "config/systemconfig.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <optional>

namespace seesaw::ddi {

constexpr qsizetype MaxReplyBytes = qsizetype(256) * 1024;
constexpr qsizetype MaxChunks = 16;
constexpr qsizetype MaxArtifactsPerChunk = 32;
constexpr qsizetype MaxDetails = 40; // hawkBit takes 50 messages per status, its own included
constexpr qsizetype MaxDetailChars = 512;
constexpr qsizetype MaxAttributeChars = 128; // hawkBit's limit for keys and values of configData

// SERVER/TENANT/controller/v1/CONTROLLER-ID; empty when the controller id is not a valid name.
QUrl controllerUrl(const HawkbitConfig &config, const QString &controllerId);

// config.polling.sleep: "HH:MM:SS", or an ISO 8601 duration ("PT36H", "P1DT2H30M") that newer
// servers send for a day or more. Seconds, or nullopt when the text is neither.
std::optional<qint64> parseSleep(const QString &text);

// The controller base: how long to sleep and what the server wants now.
struct ControllerBase {
    std::optional<qint64> sleepSeconds; // as the server said it, before any bounds
    QUrl deploymentBase;                // an update to carry out
    QUrl cancelAction;                  // the server cancels an action
    QUrl confirmationBase;              // an update that waits for the operator's consent
    QUrl installedBase;                 // the last action that finished successfully
    QUrl configData;                    // the server asks for the device's attributes
};

enum class Handling { Skip, Attempt, Forced };

struct Artifact {
    QString filename;
    QByteArray sha256; // raw 32 bytes
    quint64 size = 0;
    QUrl download; // "download" (https) when given, else "download-http"
};

struct Chunk {
    QString part;
    QString name;
    QString version;
    QList<Artifact> artifacts;
};

// A deployment base, or a confirmation base's action (the same shape under "confirmation").
struct Deployment {
    QString actionId;
    Handling download = Handling::Attempt;
    Handling update = Handling::Attempt;
    // deployment.maintenanceWindow: nullopt when the action has none, else whether it is open.
    std::optional<bool> maintenanceWindowOpen;
    QList<Chunk> chunks;
};

struct CancelAction {
    QString actionId;
    QString stopId; // the action to stop
};

// Error code "ddi.reply" (not JSON, a field of the wrong type or beyond its bounds, a link that
// leaves the server), with the field's path in the message.
Result<ControllerBase> parseControllerBase(const QByteArray &json, const QUrl &controller);
Result<Deployment> parseDeployment(const QByteArray &json, const QUrl &controller);
Result<Deployment> parseConfirmation(const QByteArray &json, const QUrl &controller);
Result<CancelAction> parseCancelAction(const QByteArray &json);

// The one artifact of a deployment that is a Seesaw bundle (its file name ends in ".seesaw").
// Error codes "ddi.no-bundle" (none; the message lists what the deployment holds) and
// "ddi.several-bundles".
Result<Artifact> seesawBundle(const Deployment &deployment);

enum class Execution {
    Closed,
    Proceeding,
    Canceled,
    Scheduled,
    Rejected,
    Resumed,
    Downloaded,
    Download
};
enum class Finished { Success, Failure, None };

struct Feedback {
    Execution execution = Execution::Proceeding;
    Finished finished = Finished::None;
    std::optional<std::pair<int, int>> progress; // {cnt, of}
    QStringList details;                         // cut to MaxDetails of MaxDetailChars each
    std::optional<qint64> timestampMs;           // only from a clock the device trusts
};

// POST deploymentBase/ID/feedback and cancelAction/ID/feedback.
QByteArray feedbackBody(const Feedback &feedback);
// POST confirmationBase/ID/feedback.
QByteArray confirmationBody(bool confirmed, const QStringList &details);
// PUT configData ("merge"): each key and value cut to what hawkBit accepts (printable ASCII, at
// most MaxAttributeChars; other characters become '?').
QByteArray configDataBody(const QMap<QString, QString> &attributes);

QString executionName(Execution execution);

} // namespace seesaw::ddi
