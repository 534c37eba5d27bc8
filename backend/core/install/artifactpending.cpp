#include "install/artifactpending.h"

#include "artifacts/activation.h"
#include "artifacts/artifactstore.h"
#include "base/atomicfile.h"
#include "base/errnotext.h"
#include "base/hostilestring.h"
#include "state/historyevents.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <algorithm>
#include <cerrno>
#include <unistd.h>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::ArtifactInstall", text);
}

Error invalid(const QString &path, const QString &why)
{
    return makeError(Error::Kind::Invalid, "artifacts.pending-invalid",
                     tr("%1 is not a record of pending add-on changes: %2.").arg(path, why));
}

QJsonObject changeObject(const ArtifactChange &c)
{
    return {{QStringLiteral("repository"), c.repository},
            {QStringLiteral("name"), c.entry},
            {QStringLiteral("from"), c.from},
            {QStringLiteral("to"), c.to}};
}

// One change as savePendingArtifacts() writes it; nullopt for anything else.
std::optional<ArtifactChange> changeFrom(const QJsonValue &value)
{
    const QJsonObject o = value.toObject();
    if (!value.isObject() || o.size() != 4) {
        return std::nullopt;
    }
    const ArtifactChange c{o.value(QStringLiteral("repository")).toString(),
                           o.value(QStringLiteral("name")).toString(),
                           o.value(QStringLiteral("from")).toString(),
                           o.value(QStringLiteral("to")).toString()};
    const auto version = [](const QString &v) { return v.isEmpty() || isArtifactVersion(v); };
    if (!isArtifactName(c.repository) || !isArtifactName(c.entry) || !version(c.from) ||
        !version(c.to) || c.to.isEmpty()) {
        return std::nullopt;
    }
    return c;
}

// The store of the change's repository when its entry shows the version the change switched to.
std::optional<ArtifactStore> storeShowing(const Device &device, const ArtifactChange &c)
{
    const ArtifactRepository *repo = device.config().artifactRepository(c.repository);
    if (repo == nullptr) {
        return std::nullopt;
    }
    ArtifactStore store(*repo);
    const auto now = store.state(c.entry);
    if (!now || now->current != c.to) {
        return std::nullopt;
    }
    return store;
}

// artifact-installed for a change that is now in use, with `extra` details.
void recordSwitch(Device &device, DeviceState &state, const QString &transactionId,
                  const ArtifactChange &c, const QJsonObject &extra)
{
    QJsonObject details{{QStringLiteral("transaction"), transactionId},
                        {QStringLiteral("repository"), c.repository},
                        {QStringLiteral("name"), c.entry},
                        {QStringLiteral("version"), c.to},
                        {QStringLiteral("from"), c.from}};
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        details.insert(it.key(), it.value());
    }
    (void)device.record(state, history::ArtifactInstalled, details);
}

// Each repository of `repos` activated once, in the order the changes name them.
void activateRepositories(const Device &device, const QList<ArtifactChange> &changes,
                          QSet<QString> repos)
{
    for (const ArtifactChange &c : changes) {
        if (repos.remove(c.repository)) {
            (void)activateRepository(*device.config().artifactRepository(c.repository));
        }
    }
}

// The switches of `pending` that happened (the entry shows the new version) but that the cut
// install did not record (commit() was cut between its switch and the history): recorded now,
// each with its rollback target set, so that the history and `previous` say what the device
// runs.
void completeSwitches(Device &device, DeviceState &state, const PendingArtifacts &pending)
{
    constexpr qsizetype Recent = 256; // an install records a few entries per artifact
    const auto recent = device.history().read(Recent);
    for (const ArtifactChange &c : pending.changes) {
        const auto store = storeShowing(device, c);
        if (!store) {
            continue;
        }
        (void)store->switchTo(c.entry, c.to, c.from);
        const bool recorded =
            recent && std::any_of(recent->begin(), recent->end(), [&](const HistoryEntry &e) {
                return e.event == history::ArtifactInstalled &&
                       e.details.value(QStringLiteral("transaction")).toString() ==
                           pending.transactionId &&
                       e.details.value(QStringLiteral("repository")).toString() == c.repository &&
                       e.details.value(QStringLiteral("name")).toString() == c.entry;
            });
        if (!recorded) {
            recordSwitch(device, state, pending.transactionId, c,
                         {{QStringLiteral("recorded_after_restart"), true}});
        }
    }
}

// "models/detector 2.0.0, extensions/monitor 1.1": what the operator is told changes.
QString changeList(const PendingArtifacts &pending)
{
    QStringList names;
    for (const ArtifactChange &c : pending.changes) {
        names.append(QStringLiteral("%1/%2 %3").arg(c.repository, c.entry, c.to));
    }
    return names.join(QStringLiteral(", "));
}

} // namespace

QString pendingArtifactsPath(const SystemConfig &config)
{
    return config.dataDirectory + QStringLiteral("/artifacts-pending.json");
}

Status savePendingArtifacts(const SystemConfig &config, const PendingArtifacts &pending)
{
    QJsonArray changes;
    for (const ArtifactChange &c : pending.changes) {
        changes.append(changeObject(c));
    }
    QJsonObject root{{QStringLiteral("transaction"), pending.transactionId},
                     {QStringLiteral("boot_id"), pending.bootId},
                     {QStringLiteral("changes"), changes}};
    if (!pending.slot.isEmpty()) {
        root.insert(QStringLiteral("slot"), pending.slot);
        root.insert(QStringLiteral("switched"), pending.switched);
    }
    return withCode(writeFileAtomically(pendingArtifactsPath(config),
                                        QJsonDocument(root).toJson(QJsonDocument::Compact), 0600),
                    "artifacts.io");
}

Result<std::optional<PendingArtifacts>> loadPendingArtifacts(const SystemConfig &config)
{
    const QString path = pendingArtifactsPath(config);
    QFile file(path);
    if (!file.exists()) {
        return std::optional<PendingArtifacts>();
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(Error::Kind::Io, "artifacts.io",
                         tr("Cannot read %1: %2.").arg(path, file.errorString()));
    }
    const QByteArray text = file.read(limits::MaxPendingArtifactsBytes + 1);
    if (text.size() > limits::MaxPendingArtifactsBytes) {
        return invalid(path, tr("it is too large"));
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    const QJsonObject root = doc.object();
    const QJsonValue changes = root.value(QStringLiteral("changes"));
    const QJsonValue slot = root.value(QStringLiteral("slot"));
    const QJsonValue switched = root.value(QStringLiteral("switched"));
    const bool forSlot =
        slot.isString() && switched.isBool() && config.slotByBootname(slot.toString()) != nullptr;
    if (error.error != QJsonParseError::NoError || !doc.isObject() ||
        root.size() != (forSlot ? 5 : 3) || !root.value(QStringLiteral("transaction")).isString() ||
        !root.value(QStringLiteral("boot_id")).isString() || !changes.isArray() ||
        changes.toArray().size() > limits::MaxArtifacts) {
        return invalid(path, tr("it is not the JSON object Seesaw writes"));
    }
    PendingArtifacts pending;
    pending.transactionId = root.value(QStringLiteral("transaction")).toString();
    pending.bootId = root.value(QStringLiteral("boot_id")).toString();
    if (forSlot) {
        pending.slot = slot.toString();
        pending.switched = switched.toBool();
    }
    const QJsonArray list = changes.toArray();
    for (const auto &value : list) {
        const auto change = changeFrom(value);
        if (!change) {
            return invalid(path, tr("a change names no artifact"));
        }
        pending.changes.append(*change);
    }
    return std::optional<PendingArtifacts>(std::move(pending));
}

Status clearPendingArtifacts(const SystemConfig &config)
{
    const QString path = pendingArtifactsPath(config);
    if (::unlink(QFile::encodeName(path).constData()) != 0 && errno != ENOENT) {
        return makeError(Error::Kind::Io, "artifacts.io",
                         tr("Cannot remove %1: %2.").arg(path, errnoText()));
    }
    return withCode(syncDirectory(config.dataDirectory), "artifacts.io");
}

void undoArtifactChanges(Device &device, DeviceState &state, const QString &transactionId,
                         const QList<ArtifactChange> &changes, const QString &reason,
                         const QString &message)
{
    QSet<QString> activate;
    for (const ArtifactChange &c : changes) {
        const auto store = storeShowing(device, c);
        if (!store) {
            continue; // not (or no longer) showing the version this change switched to
        }
        const Status back =
            c.from.isEmpty() ? store->unlink(c.entry) : store->switchTo(c.entry, c.from, c.to);
        QJsonObject details{{QStringLiteral("transaction"), transactionId},
                            {QStringLiteral("repository"), c.repository},
                            {QStringLiteral("name"), c.entry},
                            {QStringLiteral("version"), c.from},
                            {QStringLiteral("from"), c.to},
                            {QStringLiteral("reason"), reason},
                            {QStringLiteral("ok"), bool(back)}};
        const QString said = back ? message : back.error().message;
        if (!said.isEmpty()) {
            details.insert(QStringLiteral("message"), said);
        }
        (void)device.record(state, history::ArtifactRolledBack, details);
        activate.insert(c.repository);
    }
    activateRepositories(device, changes, activate);
}

Result<std::optional<ArtifactSettlement>>
settleArtifactsAfterRestart(Device &device, bool healthPassed, const QString &failure)
{
    auto loaded = loadPendingArtifacts(device.config());
    if (!loaded) {
        return loaded.error();
    }
    const QString boot = currentBootId(device.config());
    if (!*loaded) {
        return std::optional<ArtifactSettlement>();
    }
    const PendingArtifacts pending = std::move(**loaded);
    // A new system's add-ons: judged at its boots (switchArtifactsAtBoot switched them, or
    // cleared the record when another slot booted). The running system's: by an install still
    // running in this boot, else here.
    const bool forSlot = !pending.slot.isEmpty();
    if (forSlot ? !pending.switched || pending.slot != device.booted().bootname
                : pending.bootId == boot) {
        return std::optional<ArtifactSettlement>();
    }
    const QString joined = changeList(pending);
    auto state = device.store().load();
    if (!state) {
        return state.error();
    }
    completeSwitches(device, *state, pending);
    ArtifactSettlement settled;
    if (healthPassed) {
        settled.message = tr("The add-ons switched before the restart (%1) passed the health "
                             "check and stay.")
                              .arg(joined);
    } else if (forSlot) {
        undoArtifactChanges(device, *state, pending.transactionId, pending.changes,
                            QStringLiteral("health"), failure);
        settled.message = tr("The health check of the new system failed: its add-ons (%1) are back "
                             "at their earlier versions.")
                              .arg(joined);
    } else {
        undoArtifactChanges(device, *state, pending.transactionId, pending.changes,
                            QStringLiteral("health"), failure);
        settled.rolledBack = true;
        settled.message = tr("The add-ons switched before the restart (%1) had no health verdict "
                             "and the health check failed: they are back at their earlier "
                             "versions; checking again.")
                              .arg(joined);
    }
    if (Status s = device.store().save(*state); !s) {
        return s.error();
    }
    if (Status s = clearPendingArtifacts(device.config()); !s) {
        return s.error();
    }
    return std::optional<ArtifactSettlement>(settled);
}

Result<std::optional<QString>> switchArtifactsAtBoot(Device &device)
{
    auto loaded = loadPendingArtifacts(device.config());
    if (!loaded) {
        return loaded.error();
    }
    const QString boot = currentBootId(device.config());
    if (!*loaded || (*loaded)->slot.isEmpty() ||
        (!(*loaded)->switched && (*loaded)->bootId == boot)) {
        return std::optional<QString>(); // none, or still the boot that staged them
    }
    PendingArtifacts pending = std::move(**loaded);
    const QString joined = changeList(pending);
    auto state = device.store().load();
    if (!state) {
        return state.error();
    }
    if (pending.slot != device.booted().bootname) {
        // The new system did not come up, or the device went back: its add-ons go with it.
        undoArtifactChanges(device, *state, pending.transactionId, pending.changes,
                            QStringLiteral("fallback"));
        if (Status s = device.store().save(*state); !s) {
            return s.error();
        }
        if (Status s = clearPendingArtifacts(device.config()); !s) {
            return s.error();
        }
        return std::optional<QString>(tr("Slot %1 is running, not %2: the add-ons staged for the "
                                         "system in %2 (%3) are not in use.")
                                          .arg(device.booted().bootname, pending.slot, joined));
    }
    if (pending.switched) {
        return std::optional<QString>(); // switched at an earlier boot of this slot: settled below
    }
    // The first boot of the new system: each add-on switched to its staged version.
    pending.switched = true;
    pending.bootId = boot;
    if (Status s = savePendingArtifacts(device.config(), pending); !s) {
        return s.error();
    }
    QSet<QString> activate;
    for (const ArtifactChange &c : pending.changes) {
        const ArtifactRepository *repo = device.config().artifactRepository(c.repository);
        if (repo == nullptr || !ArtifactStore(*repo).switchTo(c.entry, c.to, c.from)) {
            continue;
        }
        recordSwitch(device, *state, pending.transactionId, c,
                     {{QStringLiteral("slot"), pending.slot}});
        activate.insert(c.repository);
    }
    activateRepositories(device, pending.changes, activate);
    if (Status s = device.store().save(*state); !s) {
        return s.error();
    }
    return std::optional<QString>(
        tr("The add-ons of this new system (%1) are in use; the health check judges them with it.")
            .arg(joined));
}

} // namespace seesaw
