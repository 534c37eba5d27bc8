#include "install/installer.h"

#include "device/device.h"
#include "base/faultpoint.h"
#include "bundle/payloadstream.h"
#include "base/hostilestring.h"
#include "base/unique_fd.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QUuid>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <optional>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::Installer", text);
}

QString errnoText()
{
    return QString::fromLocal8Bit(strerror(errno));
}

// Reports progress at 10 Hz from its own thread, whatever the speed of the pipeline, so the
// operator never sees a frozen percentage while a slow device writes.
class ProgressTicker {
public:
    ProgressTicker(const InstallProgressFn &fn, quint64 total) : m_fn(fn), m_total(total)
    {
        m_clock.start();
        if (m_fn)
            m_thread = std::thread([this] { run(); });
    }
    ~ProgressTicker() { stop(); }

    // A new phase is reported at once, not at the next tick: a phase shorter than a tick (the
    // fsync of a small image) is still seen.
    void setPhase(InstallProgress::Phase phase)
    {
        {
            std::lock_guard lock(m_mutex);
            if (m_phase == phase)
                return;
            m_phase = phase;
        }
        report();
    }
    void add(quint64 bytes) { m_done += bytes; }
    quint64 done() const { return m_done; }

    void stop()
    {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopped)
                return;
            m_stopped = true;
        }
        m_wake.notify_all();
        if (m_thread.joinable())
            m_thread.join();
    }

    InstallProgress snapshot()
    {
        InstallProgress p;
        {
            std::lock_guard lock(m_mutex);
            p.phase = m_phase;
        }
        p.done = std::min(m_done.load(), m_total);
        p.total = m_total;
        const double seconds = double(m_clock.elapsed()) / 1000.0;
        p.rate = seconds > 0.2 ? double(p.done) / seconds : 0.0;
        p.etaSeconds = p.rate > 0 ? qint64(double(p.total - p.done) / p.rate) : -1;
        return p;
    }

private:
    // Reports from the ticker's thread and from setPhase() go out one at a time, each with the
    // state at that moment: never an older phase after a newer one.
    void report()
    {
        if (!m_fn)
            return;
        std::lock_guard lock(m_reportMutex);
        m_fn(snapshot());
    }
    void run()
    {
        std::unique_lock lock(m_mutex);
        while (!m_stopped) {
            lock.unlock();
            report();
            lock.lock();
            m_wake.wait_for(lock, std::chrono::milliseconds(100), [this] { return m_stopped; });
        }
    }

    const InstallProgressFn &m_fn;
    const quint64 m_total;
    std::atomic<quint64> m_done{0};
    QElapsedTimer m_clock;
    std::mutex m_mutex;
    std::mutex m_reportMutex;
    std::condition_variable m_wake;
    InstallProgress::Phase m_phase = InstallProgress::Phase::Writing;
    bool m_stopped = false;
    std::thread m_thread;
};

// Opens a slot for writing. A block device is opened O_EXCL: the kernel then refuses while
// anything has it mounted or open exclusively, and nothing can mount it mid-write.
Result<UniqueFd> openSlot(const SlotConfig &slot)
{
    struct stat st {};
    const QByteArray path = QFile::encodeName(slot.device);
    if (::stat(path.constData(), &st) != 0)
        return makeError(
            Error::Kind::Io, "install.write",
            tr("Slot %1 (%2) does not exist: %3.").arg(slot.name(), slot.device, errnoText()));
    int flags = O_WRONLY | O_CLOEXEC;
    if (S_ISBLK(st.st_mode))
        flags |= O_EXCL;
    else if (!S_ISREG(st.st_mode))
        return makeError(Error::Kind::Io, "install.write",
                         tr("Slot %1 (%2) is neither a block device nor an image file.")
                             .arg(slot.name(), slot.device));
    const int fd = ::open(path.constData(), flags);
    if (fd < 0)
        return makeError(Error::Kind::Io, errno == EBUSY ? "install.busy-slot" : "install.write",
                         tr("Slot %1 (%2) cannot be opened for writing: %3.")
                             .arg(slot.name(), slot.device, errnoText()));
    return UniqueFd(fd);
}

Status pwriteFully(int fd, QByteArrayView data, quint64 offset, const SlotConfig &slot)
{
    const char *p = data.data();
    size_t left = size_t(data.size());
    while (left > 0) {
        const ssize_t n = ::pwrite(fd, p, left, off_t(offset));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return makeError(Error::Kind::Io, "install.write",
                             tr("Writing slot %1 failed at byte %2: %3.")
                                 .arg(slot.name(), QString::number(offset),
                                      n < 0 ? errnoText() : tr("the device is full")));
        p += n;
        left -= size_t(n);
        offset += quint64(n);
    }
    return Ok{};
}

// The first sentence of a failure message, by what went wrong.
QString failureReason(const Error &error)
{
    if (error.kind == Error::Kind::Cancelled)
        return tr("The installation was cancelled.");
    if (error.code == QLatin1String("payload.io") || error.code == QLatin1String("bundle.io"))
        return tr("The update file could not be read any more (was the USB stick removed?).");
    if (error.code.startsWith(QLatin1String("payload.")))
        return tr("The update file is damaged, or changed while it was being read.");
    if (error.code == QLatin1String("install.commit"))
        return tr("The boot loader could not be switched to the new system.");
    if (error.code == QLatin1String("install.write") ||
        error.code == QLatin1String("install.busy-slot"))
        return tr("The new system could not be written.");
    return tr("The installation failed.");
}

Error withOutcome(const Error &error, const QString &running)
{
    return Error(error.kind, error.code,
                 tr("%1 Nothing changed; the device keeps running %2. (%3)")
                     .arg(failureReason(error), running, error.message));
}

} // namespace

QString InstallProgress::phaseName(Phase phase)
{
    switch (phase) {
    case Phase::Checking:
        return QStringLiteral("checking");
    case Phase::Verifying:
        return QStringLiteral("verifying");
    case Phase::Writing:
        return QStringLiteral("writing");
    case Phase::Syncing:
        return QStringLiteral("syncing");
    case Phase::Committing:
        return QStringLiteral("committing");
    case Phase::Done:
        return QStringLiteral("done");
    }
    return {};
}

Result<InstallOutcome> Installer::install(int bundleFd, const InstallOptions &options,
                                          const InstallProgressFn &progress,
                                          const std::atomic<bool> *cancel)
{
    auto emitPhase = [&](InstallProgress::Phase phase, quint64 done, quint64 total) {
        if (progress) {
            InstallProgress p;
            p.phase = phase;
            p.done = done;
            p.total = total;
            progress(p);
        }
    };
    emitPhase(InstallProgress::Phase::Checking, 0, 0);

    auto loaded = m_device.store().load();
    if (!loaded)
        return loaded.error();
    DeviceState state = std::move(*loaded);
    const QString running = m_device.bootedVersionText(state);

    auto keyring = m_device.loadKeyring();
    if (!keyring)
        return keyring.error();
    auto bundle = BundleReader::openFd(bundleFd, *keyring);
    if (!bundle)
        return bundle.error();
    const Manifest &m = bundle->manifest();

    QStringList failed;
    QString firstFailed;
    for (const InstallCheck &check : checkBundle(m_device, state, *bundle, options)) {
        if (!check.passed) {
            failed.append(check.reason);
            if (firstFailed.isEmpty())
                firstFailed = check.id;
        }
    }
    if (!failed.isEmpty())
        return Error(Error::Kind::Invalid, QStringLiteral("install.check-failed"),
                     tr("This update cannot be installed: %1").arg(failed.join(QLatin1Char(' '))));
    // Key changes are checked here, before anything is written: refused changes refuse the
    // whole update instead of failing after the slot was overwritten.
    std::optional<RotationPlan> rotation;
    if (!m.keys.isEmpty()) {
        auto plan = keyring->planRotation(m.keys, bundle->verdict(),
                                          m_device.config().overlayKeyringDirectory());
        if (!plan)
            return Error(plan.error().kind, plan.error().code,
                         tr("This update cannot be installed: %1").arg(plan.error().message));
        rotation = std::move(*plan);
    }
    auto planned = planTargets(m_device, *bundle);
    if (!planned)
        return planned.error();
    const QList<InstallTarget> targets = *planned;
    quint64 total = 0;
    for (const InstallTarget &t : targets)
        total += t.image->size;

    InstallOutcome outcome;
    outcome.version = m.version.toString();
    outcome.dryRun = options.dryRun;
    for (const InstallTarget &t : targets) {
        if (!t.slot.bootname.isEmpty())
            outcome.targetBootname = t.slot.bootname;
    }

    if (options.dryRun) {
        Status verified = bundle->verifyPayloads(
            [&](quint64 done, quint64 all) {
                emitPhase(InstallProgress::Phase::Verifying, done, all);
            },
            cancel);
        if (!verified)
            return verified.error();
        emitPhase(InstallProgress::Phase::Done, total, total);
        return outcome;
    }

    outcome.transactionId = options.transactionId.isEmpty()
                                ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                : options.transactionId;
    const QString target = outcome.targetBootname;
    const QString recordKey = target.isEmpty() ? targets.first().slot.name() : target;
    QJsonObject details{{QStringLiteral("transaction"), outcome.transactionId},
                        {QStringLiteral("version"), outcome.version},
                        {QStringLiteral("from"), m_device.booted().bootname},
                        {QStringLiteral("to"), target},
                        {QStringLiteral("manifest_sha256"), toHex(bundle->manifestHash())}};

    // From here on every failure is recorded, and leaves the target marked bad.
    auto fail = [&](const Error &error) -> Error {
        const Error shown = withOutcome(error, running);
        state.slots[recordKey].status = SlotRecord::Status::Bad;
        state.lastResult = LastResult{LastResult::Outcome::Failed,
                                      outcome.transactionId,
                                      outcome.version,
                                      error.code,
                                      shown.message,
                                      QDateTime::currentDateTimeUtc(),
                                      false,
                                      QString()};
        QJsonObject d = details;
        d.insert(QStringLiteral("code"), error.code);
        d.insert(QStringLiteral("message"), error.message);
        state.inProgress.reset();
        (void)m_device.record(state, history::InstallFailed, d);
        (void)m_device.store().save(state);
        return shown;
    };

    if (Status s = m_device.record(state, history::InstallStarted, details); !s)
        return s.error();
    state.slots[recordKey] = SlotRecord{};
    state.slots[recordKey].status = SlotRecord::Status::Installing;
    state.inProgress = InstallInProgress{outcome.transactionId, target, outcome.version,
                                         currentBootId(m_device.config()),
                                         QDateTime::currentDateTimeUtc()};
    if (Status s = m_device.store().save(state); !s)
        return s.error();

    // The target can never be booted while it holds a partial image.
    faultPoint("install:before-mark-bad");
    if (!target.isEmpty()) {
        if (Status s = m_device.bootloader().markBad(target); !s)
            return fail(s.error());
    }

    ProgressTicker ticker(progress, total);
    QList<QByteArray> imageSha256; // per target, as computed while writing
    for (const InstallTarget &t : targets) {
        ticker.setPhase(InstallProgress::Phase::Writing);
        auto slotFd = openSlot(t.slot);
        if (!slotFd) {
            ticker.stop();
            return fail(slotFd.error());
        }
        const int fd = slotFd->get();
        PayloadCallbacks callbacks;
        callbacks.cancel = cancel;
        callbacks.write = [&, fd](quint64 offset, QByteArrayView chunk) -> Status {
            faultPoint("install:write");
            Status s = pwriteFully(fd, chunk, offset, t.slot);
            if (s)
                ticker.add(quint64(chunk.size()));
            return s;
        };
        const auto where = bundle->payload(*t.image);
        // Also checks the whole-image and stored digests: a failure leaves the slot marked bad.
        auto streamed = streamPayload(
            *t.image, {bundle->fd(), where.offset, where.size, where.crc32}, callbacks);
        Status written = streamed ? Status(Ok{}) : Status(streamed.error());
        if (written) {
            imageSha256.append(*streamed);
            ticker.setPhase(InstallProgress::Phase::Syncing);
            if (::fsync(fd) != 0)
                written = makeError(
                    Error::Kind::Io, "install.write",
                    tr("Flushing slot %1 to storage failed: %2.").arg(t.slot.name(), errnoText()));
        }
        if (!written) {
            ticker.stop();
            return fail(written.error());
        }
    }
    ticker.stop();
    if (ticker.done() != total) {
        return fail(makeError(Error::Kind::Io, "install.write",
                              tr("%1 of %2 bytes were written.")
                                  .arg(QString::number(ticker.done()), QString::number(total))));
    }
    faultPoint("install:after-fsync");
    if (cancel && cancel->load())
        return fail(makeError(Error::Kind::Cancelled, "cancelled", tr("Cancelled.")));

    emitPhase(InstallProgress::Phase::Committing, total, total);
    SlotRecord &record = state.slots[recordKey];
    record.status = SlotRecord::Status::Installed;
    record.version = outcome.version;
    record.manifestHash = bundle->manifestHash();
    record.imageSha256 = imageSha256.first(); // what was computed, never just what was claimed
    record.bundleCompatible = m.compatible;
    record.installedAt = QDateTime::currentDateTimeUtc();
    record.imageSize = targets.first().image->size;
    if (Status s = m_device.record(state, history::Installed, details); !s)
        return fail(s.error());
    if (Status s = m_device.store().save(state); !s)
        return fail(s.error());

    // Key rotation carried by this bundle, checked before the first write: stored in the
    // keyring overlay before the switch, so a failure here changes nothing that boots.
    if (rotation) {
        if (Status s =
                keyring->commitRotation(*rotation, m_device.config().overlayKeyringDirectory());
            !s)
            return fail(s.error());
        QJsonArray revoked;
        for (const QByteArray &id : m.keys.revokeKeyIds)
            revoked.append(toHex(id));
        (void)m_device.record(state, history::KeysRotated,
                              {{QStringLiteral("transaction"), outcome.transactionId},
                               {QStringLiteral("added"), int(m.keys.addPem.size())},
                               {QStringLiteral("revoked"), revoked}});
    }

    // The commit: one atomic boot loader write. Before it the old system boots; after it the
    // new one does, with boot-attempts tries before the boot loader falls back.
    faultPoint("install:before-commit");
    if (!target.isEmpty()) {
        if (Status s = m_device.bootloader().setPrimary(target, m_device.config().bootAttempts); !s)
            return fail(Error(s.error().kind, QStringLiteral("install.commit"), s.error().message));
    }
    faultPoint("install:after-commit");

    // The slot we came from is known to boot: it is what a rollback returns to.
    SlotRecord &from = state.slots[m_device.booted().bootname];
    if (from.status == SlotRecord::Status::Unknown) {
        from.status = SlotRecord::Status::Good;
        from.version = m_device.bootedVersion(state);
    }
    from.bootedGood = from.bootedGood || from.status == SlotRecord::Status::Good;
    state.inProgress.reset();
    state.pending = PendingTransaction{PendingTransaction::Kind::Install,
                                       outcome.transactionId,
                                       m_device.booted().bootname,
                                       target,
                                       m_device.bootedVersion(state),
                                       outcome.version,
                                       bundle->manifestHash(),
                                       QDateTime::currentDateTimeUtc(),
                                       currentBootId(m_device.config())};
    state.lastResult = LastResult{
        LastResult::Outcome::Installed,
        outcome.transactionId,
        outcome.version,
        QString(),
        tr("Version %1 is installed and starts after the next reboot.").arg(outcome.version),
        QDateTime::currentDateTimeUtc(),
        false,
        QString()};
    (void)m_device.record(state, history::Committed, details);
    if (Status s = m_device.store().save(state); !s)
        return s.error(); // the switch is made; only the record of it failed
    emitPhase(InstallProgress::Phase::Done, total, total);
    return outcome;
}

} // namespace seesaw
