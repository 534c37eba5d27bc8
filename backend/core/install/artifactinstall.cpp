// Installing and rolling back artifacts (artifactinstall.h).
#include "install/artifactinstall.h"

#include "artifacts/activation.h"
#include "artifacts/artifactstore.h"
#include "artifacts/tarextract.h"
#include "base/errnotext.h"
#include "base/faultpoint.h"
#include "base/hostilestring.h"
#include "bundle/payloadstream.h"
#include "install/artifactpending.h"
#include "install/slotwrite.h"
#include "state/historyevents.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonObject>
#include <QSet>
#include <QUuid>
#include <cerrno>
#include <optional>
#include <unistd.h>
#include <vector>

namespace seesaw {

namespace {

// The caller's way to ask systemd, or one that says there is none (a unit check then fails).
UnitQuery orNoSystemd(const UnitQuery &units)
{
    if (units) {
        return units;
    }
    return [](const QString &) {
        return UnitState{
            {},
            {},
            QCoreApplication::translate("seesaw::ArtifactInstall", "systemd cannot be asked here")};
    };
}

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::ArtifactInstall", text);
}

// One artifact being installed: its store, the version staged, and what it changes.
struct Pending {
    const ArtifactInfo *info = nullptr;
    ArtifactRepository repo;
    StagedArtifact staged;
    ArtifactChange change;
    bool switched = false;
};

// Writes the payload of p into its staged version: each chunk verified before it is written,
// a tree extracted as its chunks arrive.
Status writeStaged(const BundleReader &bundle, Pending &p, ProgressTicker &ticker,
                   SystemConfig::SlotWrites writes, const std::atomic<bool> *cancel)
{
    PayloadCallbacks callbacks;
    callbacks.cancel = cancel;
    callbacks.recheckDigests = false; // every chunk matched the signed list, as for slots
    std::optional<TarExtractor> tree;
    std::optional<SlotWriter> writer;
    if (p.info->type == ArtifactInfo::Type::Tree) {
        auto opened = TarExtractor::open(p.staged.path, TarLimits{100000, p.info->unpackedSize});
        if (!opened) {
            return opened.error();
        }
        tree.emplace(std::move(*opened));
        callbacks.sink = [&](quint64, QByteArrayView chunk) -> Status {
            Status s = tree->feed(chunk);
            ticker.add(quint64(chunk.size()));
            return s;
        };
    } else {
        // As a slot is written: past the page cache where the file system allows it, else
        // with writeback paced behind the writes, so the sync at the commit has little left.
        writer.emplace(
            p.staged.fd.get(),
            QStringLiteral("%1/%2 %3").arg(p.info->repository, p.info->name, p.info->version),
            writes);
        if (Status s = writer->reserve(p.info->payload.size); !s) {
            return s;
        }
        callbacks.parallelWrites = writer->direct();
        callbacks.write = [&](quint64 offset, QByteArrayView chunk) -> Status {
            faultPoint("artifacts:write");
            Status s = writer->write(chunk, offset);
            if (s) {
                ticker.add(quint64(chunk.size()));
            }
            return s;
        };
    }
    const auto where = bundle.payload(p.info->payload);
    const PayloadSource source{bundle.fd(), where.offset, where.size, where.crc32};
    if (auto streamed = streamPayload(p.info->payload, source, callbacks); !streamed) {
        return streamed.error();
    }
    return tree ? tree->finish() : writer->sync();
}

// One installation's steps and what they changed, so that a failure can undo them.
class ArtifactRun {
public:
    ArtifactRun(Device &device, const UnitQuery &units, const std::atomic<bool> *cancel)
        : m_device(device), m_units(units), m_cancel(cancel)
    {}

    Result<ArtifactInstallOutcome> run(const BundleReader &bundle, const InstallOptions &options,
                                       const InstallProgressFn &progress);
    Status stageForBoot(const BundleReader &bundle, const QString &transactionId,
                        const QString &slot, const InstallProgressFn &progress);

private:
    Status stageAll(const BundleReader &bundle);
    Status writeAll(const BundleReader &bundle, const InstallProgressFn &progress);
    Status switchAll();
    Status activateAll();
    // Every switched entry back where it was, each repository activated again, and recorded.
    void undo(const QString &reason);
    void record(const QString &event, const ArtifactChange &change, const QJsonObject &extra);

    Device &m_device;
    const UnitQuery &m_units;
    const std::atomic<bool> *m_cancel;
    std::vector<Pending> m_pending;
    DeviceState m_state;
    QString m_transaction;
};

void ArtifactRun::record(const QString &event, const ArtifactChange &change,
                         const QJsonObject &extra)
{
    QJsonObject d{{QStringLiteral("transaction"), m_transaction},
                  {QStringLiteral("repository"), change.repository},
                  {QStringLiteral("name"), change.entry},
                  {QStringLiteral("version"), change.to},
                  {QStringLiteral("from"), change.from}};
    for (auto it = extra.begin(); it != extra.end(); ++it) {
        d.insert(it.key(), it.value());
    }
    (void)m_device.record(m_state, event, d);
}

Status ArtifactRun::stageAll(const BundleReader &bundle)
{
    for (const ArtifactInfo &a : bundle.manifest().artifacts) {
        const ArtifactRepository *repo = m_device.config().artifactRepository(a.repository);
        if (repo == nullptr) { // checkArtifacts() says so first, in the operator's words
            return makeError(Error::Kind::Invalid, "artifacts.unknown-repository",
                             tr("This device has no add-on repository \"%1\".").arg(a.repository));
        }
        Pending p;
        p.info = &a;
        p.repo = *repo;
        const ArtifactStore store(p.repo);
        if (Status s = store.recover(); !s) {
            return s;
        }
        auto before = store.state(a.name);
        if (!before) {
            return before.error();
        }
        auto staged = store.stage(a.name, a.version, a.installedBytes());
        if (!staged) {
            return staged.error();
        }
        p.staged = std::move(*staged);
        p.staged.release = a.extensionRelease;
        p.change = {a.repository, a.name, before->current, a.version};
        m_pending.push_back(std::move(p));
    }
    return Ok{};
}

Status ArtifactRun::writeAll(const BundleReader &bundle, const InstallProgressFn &progress)
{
    quint64 total = 0;
    for (const Pending &p : m_pending) {
        total += p.info->payload.size;
    }
    ProgressTicker ticker(progress, total);
    ticker.setPhase(InstallProgress::Phase::Writing);
    for (Pending &p : m_pending) {
        if (Status s = writeStaged(bundle, p, ticker, m_device.config().slotWrites, m_cancel); !s) {
            return s;
        }
    }
    ticker.setPhase(InstallProgress::Phase::Syncing);
    ticker.stop();
    if (m_cancel != nullptr && m_cancel->load()) {
        return makeError(Error::Kind::Cancelled, "cancelled", tr("Cancelled."));
    }
    return Ok{};
}

// Each version made complete and its entry switched to it; from the first switch on, a failure
// is undone. What is about to change is recorded first, so that a restart before the verdict
// leaves it to the next boot's health check (artifactpending.h).
Status ArtifactRun::switchAll()
{
    faultPoint("artifacts:before-commit");
    PendingArtifacts pending{m_transaction, currentBootId(m_device.config()), {}, {}, true};
    for (const Pending &p : m_pending) {
        pending.changes.append(p.change);
    }
    if (Status s = savePendingArtifacts(m_device.config(), pending); !s) {
        return s;
    }
    for (Pending &p : m_pending) {
        if (Status s = ArtifactStore(p.repo).commit(p.staged); !s) {
            return s;
        }
        p.switched = true;
        record(history::ArtifactInstalled, p.change, {});
    }
    return Ok{};
}

Status ArtifactRun::activateAll()
{
    QSet<QString> done;
    for (const Pending &p : m_pending) {
        if (!p.switched || done.contains(p.repo.name)) {
            continue;
        }
        done.insert(p.repo.name);
        if (Status s = activateRepository(p.repo, limits::ActivationTimeoutSeconds, m_cancel); !s) {
            return s;
        }
    }
    return Ok{};
}

void ArtifactRun::undo(const QString &reason)
{
    QList<ArtifactChange> switched;
    for (Pending &p : m_pending) {
        if (!p.switched) {
            (void)ArtifactStore(p.repo).recover(); // the staged version, never linked to
            continue;
        }
        switched.append(p.change);
        p.switched = false;
    }
    undoArtifactChanges(m_device, m_state, m_transaction, switched, reason);
}

Result<ArtifactInstallOutcome> ArtifactRun::run(const BundleReader &bundle,
                                                const InstallOptions &options,
                                                const InstallProgressFn &progress)
{
    auto loaded = m_device.store().load();
    if (!loaded) {
        return loaded.error();
    }
    m_state = std::move(*loaded);
    m_transaction = options.transactionId.isEmpty()
                        ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                        : options.transactionId;
    Status done = stageAll(bundle);
    if (done) {
        done = writeAll(bundle, progress);
    }
    if (done) {
        done = switchAll();
    }
    if (done) {
        done = activateAll();
    }
    ArtifactInstallOutcome outcome;
    outcome.transactionId = m_transaction;
    if (done) {
        outcome.health = HealthRunner(m_device.config(), orNoSystemd(m_units)).run(m_cancel);
        if (!outcome.health.passed && !outcome.health.cancelled) {
            done = makeError(Error::Kind::Invalid, "artifacts.health",
                             tr("The health check failed after the add-ons changed: %1")
                                 .arg(outcome.health.failureSummary()));
        }
    }
    if (!done) {
        const bool anySwitched = std::any_of(m_pending.begin(), m_pending.end(),
                                             [](const Pending &p) { return p.switched; });
        undo(done.error().code == QLatin1String("artifacts.health") ? QStringLiteral("health")
                                                                    : QStringLiteral("failure"));
        for (const ArtifactInfo &a : bundle.manifest().artifacts) {
            record(history::ArtifactFailed, {a.repository, a.name, QString(), a.version},
                   {{QStringLiteral("code"), done.error().code},
                    {QStringLiteral("message"), done.error().message}});
        }
        (void)m_device.store().save(m_state);
        (void)clearPendingArtifacts(m_device.config());
        return Error(
            done.error().kind, done.error().code,
            anySwitched
                ? tr("%1 The add-ons are back at the versions they had.").arg(done.error().message)
                : tr("%1 No add-on changed.").arg(done.error().message));
    }
    for (const Pending &p : m_pending) {
        outcome.changes.append(p.change);
    }
    (void)m_device.store().save(m_state);
    (void)clearPendingArtifacts(m_device.config());
    if (progress) {
        InstallProgress finished;
        finished.phase = InstallProgress::Phase::Done;
        for (const Pending &p : m_pending) {
            finished.total += p.info->payload.size;
        }
        finished.done = finished.total;
        progress(finished);
    }
    return outcome;
}

// Written, verified and made complete in their stores, not in use; recorded for the first boot
// of `slot`. On failure what was staged is removed (a version made complete stays on disk,
// unused, until pruned).
Status ArtifactRun::stageForBoot(const BundleReader &bundle, const QString &transactionId,
                                 const QString &slot, const InstallProgressFn &progress)
{
    m_transaction = transactionId;
    Status done = stageAll(bundle);
    if (done) {
        done = writeAll(bundle, progress);
    }
    PendingArtifacts pending{m_transaction, currentBootId(m_device.config()), {}, slot, false};
    for (Pending &p : m_pending) {
        if (done) {
            done = ArtifactStore(p.repo).complete(p.staged);
        }
        pending.changes.append(p.change);
    }
    if (done) {
        done = savePendingArtifacts(m_device.config(), pending);
    }
    if (!done) {
        for (const Pending &p : m_pending) {
            (void)ArtifactStore(p.repo).recover();
        }
    }
    return done;
}

} // namespace

Status stageArtifactsForBoot(Device &device, const BundleReader &bundle,
                             const QString &transactionId, const QString &slot,
                             const InstallProgressFn &progress, const std::atomic<bool> *cancel)
{
    const UnitQuery none; // no health check runs here: the new system's first boot runs it
    ArtifactRun run(device, none, cancel);
    return run.stageForBoot(bundle, transactionId, slot, progress);
}

Result<ArtifactInstallOutcome> installArtifacts(Device &device, const BundleReader &bundle,
                                                const InstallOptions &options,
                                                const UnitQuery &units,
                                                const InstallProgressFn &progress,
                                                const std::atomic<bool> *cancel)
{
    ArtifactRun run(device, units, cancel);
    return run.run(bundle, options, progress);
}

Result<ArtifactChange> rollbackArtifact(Device &device, const QString &repository,
                                        const QString &entry, const UnitQuery &units)
{
    const ArtifactRepository *repo = device.config().artifactRepository(repository);
    if (repo == nullptr) {
        return makeError(
            Error::Kind::Invalid, "artifacts.unknown-repository",
            tr("This device has no add-on repository \"%1\".").arg(displayString(repository)));
    }
    auto loaded = device.store().load();
    if (!loaded) {
        return loaded.error();
    }
    DeviceState state = std::move(*loaded);
    const ArtifactStore store(*repo);
    auto before = store.state(entry);
    if (!before) {
        return before.error();
    }
    const ArtifactChange change{repository, entry, before->current, before->previous};
    // As for an install: a restart before the verdict leaves it to the next boot's health check.
    if (!change.to.isEmpty()) {
        if (Status s = savePendingArtifacts(device.config(),
                                            {QUuid::createUuid().toString(QUuid::WithoutBraces),
                                             currentBootId(device.config()),
                                             {change},
                                             {},
                                             true});
            !s) {
            return s.error();
        }
    }
    if (Status s = store.rollback(entry); !s) {
        (void)clearPendingArtifacts(device.config());
        return s.error();
    }
    const auto record = [&](const ArtifactChange &c, const QString &reason) {
        (void)device.record(state, history::ArtifactRolledBack,
                            {{QStringLiteral("repository"), c.repository},
                             {QStringLiteral("name"), c.entry},
                             {QStringLiteral("version"), c.to},
                             {QStringLiteral("from"), c.from},
                             {QStringLiteral("reason"), reason},
                             {QStringLiteral("ok"), true}});
    };
    record(change, QStringLiteral("request"));
    Status verdict = activateRepository(*repo);
    if (verdict) {
        const HealthReport health = HealthRunner(device.config(), orNoSystemd(units)).run();
        if (!health.passed) {
            verdict = makeError(
                Error::Kind::Invalid, "artifacts.health",
                tr("The health check failed after the rollback: %1").arg(health.failureSummary()));
        }
    }
    if (!verdict) {
        // Back to where it was: the version rolled away from is now the previous one.
        if (store.rollback(entry)) {
            record({repository, entry, change.to, change.from}, QStringLiteral("health"));
            (void)activateRepository(*repo);
        }
        (void)device.store().save(state);
        (void)clearPendingArtifacts(device.config());
        return Error(
            verdict.error().kind, verdict.error().code,
            tr("%1 %2 stays at version %3.").arg(verdict.error().message, entry, change.from));
    }
    (void)device.store().save(state);
    (void)clearPendingArtifacts(device.config());
    return change;
}

} // namespace seesaw
