#include "install/installer.h"

#include "base/faultpoint.h"
#include "base/hostilestring.h"
#include "base/unique_fd.h"
#include "bundle/payloadstream.h"
#include "device/device.h"
#include "install/artifactinstall.h"
#include "install/deltabase.h"
#include "install/slotwrite.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>
#include <optional>
#include <vector>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Installer", text);
}

// The first sentence of a failure message, by what went wrong.
QString failureReason(const Error &error)
{
    if (error.kind == Error::Kind::Cancelled) {
        return tr("The installation was cancelled.");
    }
    if (error.code == QLatin1String("payload.io") || error.code == QLatin1String("bundle.io")) {
        return tr("The update file could not be read any more (was the USB stick removed?).");
    }
    if (error.code.startsWith(QLatin1String("payload."))) {
        return tr("The update file is damaged, or changed while it was being read.");
    }
    if (error.code == QLatin1String("install.commit")) {
        return tr("The boot loader could not be switched to the new system.");
    }
    if (error.code == QLatin1String("install.write") ||
        error.code == QLatin1String("install.busy-slot")) {
        return tr("The new system could not be written.");
    }
    return tr("The installation failed.");
}

Error withOutcome(const Error &error, const QString &running)
{
    return {error.kind, error.code,
            tr("%1 Nothing changed; the device keeps running %2. (%3)")
                .arg(failureReason(error), running, error.message)};
}

// One call of Installer::install: the state its steps share, from the checks to the commit.
class InstallRun {
public:
    InstallRun(Device &device, const InstallOptions &options, const InstallProgressFn &progress,
               const std::atomic<bool> *cancel)
        : m_device(device), m_options(options), m_progress(progress), m_cancel(cancel)
    {}

    Result<InstallOutcome> run(int bundleFd);

private:
    void emitPhase(InstallProgress::Phase phase, quint64 done, quint64 total) const;
    [[nodiscard]] const Manifest &manifest() const { return m_bundle->manifest(); }

    Status openBundle(int bundleFd);
    Status checkBundleFits();
    Status planWrite();
    Result<InstallOutcome> verifyOnly();
    Status recordStart();
    Status markTargetBad();
    Status writeImages();
    Status writeImage(const InstallTarget &t, ProgressTicker &ticker);
    Status recordInstalled();
    Status rotateKeys();
    Status switchBootLoader();
    Status recordCommitted();
    Error recordFailure(const Error &error);

    Device &m_device;
    const InstallOptions &m_options;
    const InstallProgressFn &m_progress;
    const std::atomic<bool> *m_cancel;

    DeviceState m_state;
    QString m_running; // the version a failure message says the device keeps running
    std::optional<Keyring> m_keyring;
    std::optional<BundleReader> m_bundle;
    std::optional<RotationPlan> m_rotation;
    QList<InstallTarget> m_targets;
    quint64 m_total = 0; // bytes of all decompressed images
    InstallOutcome m_outcome;
    QString m_recordKey;             // the target's slot record in the state
    QJsonObject m_details;           // what every history event of this install carries
    QList<QByteArray> m_imageSha256; // per target: the signed digest of what was written
};

Result<InstallOutcome> InstallRun::run(int bundleFd)
{
    emitPhase(InstallProgress::Phase::Checking, 0, 0);
    Status ready = openBundle(bundleFd);
    if (ready) {
        ready = checkBundleFits();
    }
    if (ready) {
        ready = planWrite();
    }
    if (!ready) {
        return ready.error();
    }
    if (m_options.dryRun) {
        return verifyOnly();
    }
    if (manifest().images.isEmpty()) { // artifacts only: in use when this returns, no reboot
        auto done =
            installArtifacts(m_device, *m_bundle, m_options, m_options.units, m_progress, m_cancel);
        if (!done) {
            return done.error();
        }
        m_outcome.transactionId = done->transactionId;
        m_outcome.artifacts = done->changes;
        return m_outcome;
    }
    if (Status s = recordStart(); !s) {
        return s.error();
    }

    // From here on every failure is recorded, and leaves the target marked bad.
    Status done = markTargetBad();
    if (done) {
        done = writeImages();
    }
    if (done && !manifest().artifacts.isEmpty()) { // switched at the new system's first boot
        done = stageArtifactsForBoot(m_device, *m_bundle, m_outcome.transactionId,
                                     m_outcome.targetBootname, m_progress, m_cancel);
    }
    if (done) {
        done = recordInstalled();
    }
    if (done) {
        done = rotateKeys();
    }
    if (done) {
        done = switchBootLoader();
    }
    if (!done) {
        return recordFailure(done.error());
    }

    if (Status s = recordCommitted(); !s) {
        return s.error(); // the switch is made; only the record of it failed
    }
    emitPhase(InstallProgress::Phase::Done, m_total, m_total);
    return m_outcome;
}

// A report outside the write, when the phase changes: the ticker covers the write itself.
void InstallRun::emitPhase(InstallProgress::Phase phase, quint64 done, quint64 total) const
{
    if (m_progress) {
        InstallProgress p;
        p.phase = phase;
        p.done = done;
        p.total = total;
        m_progress(p);
    }
}

// The device's state and keyring, and the bundle opened and verified against that keyring.
Status InstallRun::openBundle(int bundleFd)
{
    auto loaded = m_device.store().load();
    if (!loaded) {
        return loaded.error();
    }
    m_state = std::move(*loaded);
    m_running = m_device.bootedVersionText(m_state);

    auto keyring = m_device.loadKeyring();
    if (!keyring) {
        return keyring.error();
    }
    m_keyring = std::move(*keyring);
    auto bundle = BundleReader::openFd(bundleFd, *m_keyring);
    if (!bundle) {
        return bundle.error();
    }
    m_bundle = std::move(*bundle);
    return Ok{};
}

// Every check the operator was shown, and the key changes the bundle carries.
Status InstallRun::checkBundleFits()
{
    QStringList failed;
    const auto baseProgress = [this](quint64 done, quint64 total) {
        emitPhase(InstallProgress::Phase::Checking, done, total);
    };
    for (const InstallCheck &check :
         checkBundle(m_device, m_state, *m_bundle, m_options, baseProgress, m_cancel)) {
        if (!check.passed) {
            failed.append(check.reason);
        }
    }
    if (!failed.isEmpty()) {
        return Error(Error::Kind::Invalid, QStringLiteral("install.check-failed"),
                     tr("This update cannot be installed: %1").arg(failed.join(QLatin1Char(' '))));
    }
    // Key changes are checked here, before anything is written: refused changes refuse the
    // whole update instead of failing after the slot was overwritten.
    if (!manifest().keys.isEmpty()) {
        auto plan = m_keyring->planRotation(manifest().keys, m_bundle->verdict(),
                                            m_device.config().overlayKeyringDirectory());
        if (!plan) {
            return Error(plan.error().kind, plan.error().code,
                         tr("This update cannot be installed: %1").arg(plan.error().message));
        }
        m_rotation = std::move(*plan);
    }
    return Ok{};
}

// The slot each image goes to, and what the outcome names before anything is written.
Status InstallRun::planWrite()
{
    auto planned = planTargets(m_device, *m_bundle);
    if (!planned) {
        return planned.error();
    }
    m_targets = *planned;
    for (const InstallTarget &t : m_targets) {
        m_total += t.image->size;
    }

    m_outcome.version = manifest().version.toString();
    m_outcome.dryRun = m_options.dryRun;
    for (const InstallTarget &t : m_targets) {
        if (!t.slot.bootname.isEmpty()) {
            m_outcome.targetBootname = t.slot.bootname;
        }
    }
    return Ok{};
}

// A dry run: every payload read and verified, nothing written or recorded.
Result<InstallOutcome> InstallRun::verifyOnly()
{
    // A delta image is rebuilt against the booted slot too, as the install would.
    std::vector<OpenedBase> bases;
    const auto baseOf = [&](const ImageInfo &image) -> BaseImage * {
        auto opened = openBase(m_device, image);
        if (!opened) {
            return nullptr;
        }
        bases.push_back(std::move(*opened));
        return bases.back().image.get();
    };
    Status verified = m_bundle->verifyPayloads(
        [&](quint64 done, quint64 all) { emitPhase(InstallProgress::Phase::Verifying, done, all); },
        m_cancel, baseOf);
    if (!verified) {
        return verified.error();
    }
    emitPhase(InstallProgress::Phase::Done, m_total, m_total);
    return m_outcome;
}

// The transaction begins: in the history, and in the state as an install in progress.
Status InstallRun::recordStart()
{
    m_outcome.transactionId = m_options.transactionId.isEmpty()
                                  ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                  : m_options.transactionId;
    const QString &target = m_outcome.targetBootname;
    m_recordKey = target.isEmpty() ? m_targets.first().slot.name() : target;
    m_details = {{QStringLiteral("transaction"), m_outcome.transactionId},
                 {QStringLiteral("version"), m_outcome.version},
                 {QStringLiteral("from"), m_device.booted().bootname},
                 {QStringLiteral("to"), target},
                 {QStringLiteral("manifest_sha256"), toHex(m_bundle->manifestHash())}};
    if (const auto delta = m_bundle->deltaOverview()) {
        m_details.insert(QStringLiteral("delta_from"), delta->baseVersion.toString());
    }

    if (Status s = m_device.record(m_state, history::InstallStarted, m_details); !s) {
        return s;
    }
    m_state.slots[m_recordKey] = SlotRecord{};
    m_state.slots[m_recordKey].status = SlotRecord::Status::Installing;
    m_state.inProgress =
        InstallInProgress{m_outcome.transactionId, target, m_outcome.version,
                          currentBootId(m_device.config()), QDateTime::currentDateTimeUtc()};
    return m_device.store().save(m_state);
}

// The target can never be booted while it holds a partial image.
Status InstallRun::markTargetBad()
{
    faultPoint("install:before-mark-bad");
    if (m_outcome.targetBootname.isEmpty()) {
        return Ok{};
    }
    return m_device.bootloader().markBad(m_outcome.targetBootname);
}

// One verified streaming pass per image into its slot, each flushed to storage before the next.
Status InstallRun::writeImages()
{
    ProgressTicker ticker(m_progress, m_total);
    for (const InstallTarget &t : m_targets) {
        // Returning stops the ticker before the failure is recorded.
        if (Status s = writeImage(t, ticker); !s) {
            return s;
        }
    }
    ticker.stop();
    if (ticker.done() != m_total) {
        return makeError(Error::Kind::Io, "install.write",
                         tr("%1 of %2 bytes were written.")
                             .arg(QString::number(ticker.done()), QString::number(m_total)));
    }
    faultPoint("install:after-fsync");
    if ((m_cancel != nullptr) && m_cancel->load()) {
        return makeError(Error::Kind::Cancelled, "cancelled", tr("Cancelled."));
    }
    return Ok{};
}

Status InstallRun::writeImage(const InstallTarget &t, ProgressTicker &ticker)
{
    ticker.setPhase(InstallProgress::Phase::Writing);
    auto slotFd = openSlot(t.slot);
    if (!slotFd) {
        return slotFd.error();
    }
    SlotWriter slot(slotFd->get(), t.slot, m_device.config().slotWrites);
    PayloadCallbacks callbacks;
    callbacks.cancel = m_cancel;
    // Each chunk against the signed list, their count and their size: the slot holds the signed
    // image. `bundle verify` rechecks the whole-image and stored digests on the build host.
    callbacks.recheckDigests = false;
    callbacks.parallelWrites = slot.direct();
    callbacks.write = [&](quint64 offset, QByteArrayView chunk) -> Status {
        faultPoint("install:write");
        Status s = slot.write(chunk, offset);
        if (s) {
            ticker.add(quint64(chunk.size()));
        }
        return s;
    };
    const auto where = m_bundle->payload(*t.image);
    PayloadSource source{m_bundle->fd(), where.offset, where.size, where.crc32};
    // A delta's base: the booted slot, read-only (its digest was checked before the start).
    std::optional<OpenedBase> base;
    if (t.image->delta) {
        auto opened = openBase(m_device, *t.image);
        if (!opened) {
            return opened.error();
        }
        base = std::move(*opened);
        source.base = base->image.get();
    }
    // A failure leaves the slot marked bad.
    auto streamed = m_options.payloadFeed
                        ? streamFromFeed(*m_options.payloadFeed, *t.image, source, callbacks)
                        : streamPayload(*t.image, source, callbacks);
    if (!streamed) {
        return streamed.error();
    }
    m_imageSha256.append(*streamed);
    ticker.setPhase(InstallProgress::Phase::Syncing);
    return slot.sync();
}

// The target's record says what it now holds, before the boot loader is switched to it.
Status InstallRun::recordInstalled()
{
    emitPhase(InstallProgress::Phase::Committing, m_total, m_total);
    SlotRecord &record = m_state.slots[m_recordKey];
    record.status = SlotRecord::Status::Installed;
    record.version = m_outcome.version;
    record.manifestHash = m_bundle->manifestHash();
    record.imageSha256 = m_imageSha256.first(); // signed, and every chunk of it matched
    record.bundleCompatible = manifest().compatible;
    record.installedAt = QDateTime::currentDateTimeUtc();
    record.imageSize = m_targets.first().image->size;
    if (Status s = m_device.record(m_state, history::Installed, m_details); !s) {
        return s;
    }
    return m_device.store().save(m_state);
}

// Key rotation carried by this bundle, checked before the first write: stored in the keyring
// overlay before the switch, so a failure here changes nothing that boots.
Status InstallRun::rotateKeys()
{
    if (!m_rotation) {
        return Ok{};
    }
    if (Status s =
            m_keyring->commitRotation(*m_rotation, m_device.config().overlayKeyringDirectory());
        !s) {
        return s;
    }
    QJsonArray revoked;
    for (const QByteArray &id : manifest().keys.revokeKeyIds) {
        revoked.append(toHex(id));
    }
    (void)m_device.record(m_state, history::KeysRotated,
                          {{QStringLiteral("transaction"), m_outcome.transactionId},
                           {QStringLiteral("added"), int(manifest().keys.addPem.size())},
                           {QStringLiteral("revoked"), revoked}});
    return Ok{};
}

// The commit: one atomic boot loader write. Before it the old system boots; after it the new
// one does, with boot-attempts tries before the boot loader falls back.
Status InstallRun::switchBootLoader()
{
    faultPoint("install:before-commit");
    const QString &target = m_outcome.targetBootname;
    if (!target.isEmpty()) {
        if (Status s = m_device.bootloader().setPrimary(target, m_device.config().bootAttempts);
            !s) {
            return Error(s.error().kind, QStringLiteral("install.commit"), s.error().message);
        }
    }
    faultPoint("install:after-commit");
    return Ok{};
}

// After the switch: the transaction pending until the next boot, and the result to show.
Status InstallRun::recordCommitted()
{
    // The slot we came from is known to boot: it is what a rollback returns to.
    SlotRecord &from = m_state.slots[m_device.booted().bootname];
    if (from.status == SlotRecord::Status::Unknown) {
        from.status = SlotRecord::Status::Good;
        from.version = m_device.bootedVersion(m_state);
    }
    from.bootedGood = from.bootedGood || from.status == SlotRecord::Status::Good;
    m_state.inProgress.reset();
    m_state.pending =
        PendingTransaction{PendingTransaction::Kind::Install, m_outcome.transactionId,
                           m_device.booted().bootname,        m_outcome.targetBootname,
                           m_device.bootedVersion(m_state),   m_outcome.version,
                           m_bundle->manifestHash(),          QDateTime::currentDateTimeUtc(),
                           currentBootId(m_device.config())};
    m_state.lastResult = LastResult{
        LastResult::Outcome::Installed,
        m_outcome.transactionId,
        m_outcome.version,
        QString(),
        tr("Version %1 is installed and starts after the next reboot.").arg(m_outcome.version),
        QDateTime::currentDateTimeUtc(),
        false,
        QString()};
    (void)m_device.record(m_state, history::Committed, m_details);
    return m_device.store().save(m_state);
}

// A failure after the start is recorded: the target stays marked bad, in the state too, and
// the message says that the device keeps running what it ran.
Error InstallRun::recordFailure(const Error &error)
{
    Error shown = withOutcome(error, m_running);
    m_state.slots[m_recordKey].status = SlotRecord::Status::Bad;
    m_state.lastResult = LastResult{LastResult::Outcome::Failed,
                                    m_outcome.transactionId,
                                    m_outcome.version,
                                    error.code,
                                    shown.message,
                                    QDateTime::currentDateTimeUtc(),
                                    false,
                                    QString()};
    QJsonObject d = m_details;
    d.insert(QStringLiteral("code"), error.code);
    d.insert(QStringLiteral("message"), error.message);
    m_state.inProgress.reset();
    (void)m_device.record(m_state, history::InstallFailed, d);
    (void)m_device.store().save(m_state);
    return shown;
}

} // namespace

Result<InstallOutcome> Installer::install(int bundleFd, const InstallOptions &options,
                                          const InstallProgressFn &progress,
                                          const std::atomic<bool> *cancel)
{
    InstallRun run(m_device, options, progress, cancel);
    return run.run(bundleFd);
}

} // namespace seesaw
