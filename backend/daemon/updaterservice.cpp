#include "updaterservice.h"

#include "base/hostilestring.h"
#include "bundle/bundlereader.h"
#include "dbusmapping.h"
#include "media/mediamanager.h"
#include "media/mediascanner.h"
#include "systemdunits.h"
#include "updater1adaptor.h"

#include <QMetaObject>
#include <QProcess>
#include <fcntl.h>

namespace seesaw {

Q_LOGGING_CATEGORY(lcService, "seesaw.daemon")

namespace {

constexpr int MaxHistoryEntries = 1000;
constexpr int MaxReportHistory = 100000;

// The descriptor in a message belongs to the message; once the call is authorised the reader
// or the job gets its own duplicate (never before: a refused caller's descriptor is released
// with its message).
std::shared_ptr<UniqueFd> duplicate(const QDBusUnixFileDescriptor &fd)
{
    auto copy = std::make_shared<UniqueFd>();
    if (fd.isValid()) {
        copy->reset(::fcntl(fd.fileDescriptor(), F_DUPFD_CLOEXEC, 3));
    }
    return copy;
}

Result<QVariantMap> summarize(Device &device, int fd)
{
    auto keyring = device.loadKeyring();
    if (!keyring) {
        return keyring.error();
    }
    auto bundle = BundleReader::openFd(fd, *keyring, BundleReader::Trust::ShowUntrusted);
    if (!bundle) {
        return bundle.error();
    }
    auto state = device.store().load();
    if (!state) {
        return state.error();
    }
    InstallOptions options;
    options.confirmedManifestHash = bundle->manifestHash(); // showing it is confirming nothing
    return bundleSummary(*bundle, checkBundle(device, *state, *bundle, options),
                         device.bootedVersion(*state));
}

} // namespace

UpdaterService::UpdaterService(std::unique_ptr<Device> device, MediaManager *media,
                               QDBusConnection bus, QObject *parent)
    : QObject(parent), m_device(std::move(device)), m_media(media), m_bus(std::move(bus)),
      m_polkit(new PolkitAuthority(m_bus, this)), m_jobs(new JobRunner(*m_device, this)),
      m_admission({}), m_publisher(new PropertyPublisher(m_bus, QString::fromLatin1(ObjectPath),
                                                         QString::fromLatin1(Interface), this)),
      m_channel(new ChannelPoller(m_device->config(), this)),
      m_fleet(new HawkbitClient(m_device->config(), this))
{
    registerServiceTypes();
    m_readers.setMaxThreadCount(4);
    m_progress = idleProgressMap();

    connect(m_jobs, &JobRunner::installStarted, this, &UpdaterService::onInstallStarted);
    connect(m_jobs, &JobRunner::finished, this, &UpdaterService::onJobFinished);
    connect(m_jobs, &JobRunner::progressChanged, this, [this](const InstallProgress &p) {
        m_progress = progressMap(p);
        if (p.message.isEmpty() && m_jobs->busy()) {
            m_progress.insert(QStringLiteral("message"), m_jobs->busyDescription());
        }
        // A new phase never replaces a pending report of the previous one (PropertiesChanged
        // merges what changed within a tick): that report goes out first, so that clients see
        // every phase, however short, in order.
        const QString phaseKey = QStringLiteral("phase");
        const QVariant pending = m_publisher->pending(QStringLiteral("Progress"));
        if (pending.isValid() && pending.toMap().value(phaseKey) != m_progress.value(phaseKey)) {
            m_publisher->flush();
        }
        notifyChanged(QStringLiteral("Progress"), m_progress);
    });
    if (m_media != nullptr) {
        connect(m_media, &MediaManager::mediaChanged, this, &UpdaterService::MediaChanged);
    }

    // The CLI (--direct) and the health check change the state behind the daemon's back.
    m_watchDebounce.setSingleShot(true);
    m_watchDebounce.setInterval(200);
    connect(&m_watchDebounce, &QTimer::timeout, this, &UpdaterService::refreshStatus);
    m_watcher.addPath(m_device->config().dataDirectory);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_watchDebounce,
            qOverload<>(&QTimer::start));
    connect(m_channel, &ChannelPoller::installDue, this, [this] { installStaged({}); });
    connect(m_channel, &ChannelPoller::statusChanged, this, [this](const QVariantMap &status) {
        notifyChanged(QStringLiteral("Channel"), status);
    });
    connect(m_fleet, &HawkbitClient::installDue, this, [this] { installStaged({}); });
    connect(m_fleet, &HawkbitClient::rebootDue, this, &UpdaterService::runRebootCommand);
    connect(m_fleet, &HawkbitClient::statusChanged, this,
            [this](const QVariantMap &status) { notifyChanged(QStringLiteral("Fleet"), status); });
    m_publishedState = state();
    refreshStatus(); // the channel starts once it knows the booted and the pending version
}

UpdaterService::~UpdaterService()
{
    // Stop everything that uses the device before it goes.
    delete m_jobs;
    m_jobs = nullptr;
    m_readers.waitForDone();
}

bool UpdaterService::registerOn(QDBusConnection &bus)
{
    new Updater1Adaptor(this);
    return bus.registerObject(QString::fromLatin1(ObjectPath), this,
                              QDBusConnection::ExportAdaptors);
}

// --- methods -----------------------------------------------------------------------------------

QVariantMap UpdaterService::InspectBundle(const QDBusUnixFileDescriptor &fd)
{
    authorize(polkit::Inspect, [this, fd](const QDBusMessage &request) {
        auto file = duplicate(fd);
        if (!file->isValid()) {
            return replyError(request, daemonError(daemoncode::InvalidArgument,
                                                   tr("No readable file descriptor was passed.")));
        }
        runInBackground(request, [this, file, request] {
            auto summary = summarize(*m_device, file->get());
            QMetaObject::invokeMethod(
                this,
                [this, request, summary] {
                    if (summary) {
                        reply(request, *summary);
                    } else {
                        replyError(request, summary.error());
                    }
                },
                Qt::QueuedConnection);
        });
    });
    return {};
}

QList<QVariantMap> UpdaterService::ListMedia()
{
    authorize(polkit::Inspect, [this](const QDBusMessage &request) {
        QList<QVariantMap> list;
        if (m_media != nullptr) {
            for (const MediaInfo &info : m_media->media()) {
                list.append(mediaMap(info));
            }
        }
        reply(request, QVariant::fromValue(list));
    });
    return {};
}

QList<QVariantMap> UpdaterService::ScanMedia(const QString &media_id)
{
    authorize(polkit::Inspect, [this, media_id](const QDBusMessage &request) {
        if (Status s = checkMediaId(media_id); !s) {
            return replyError(request, s.error());
        }
        if (m_media == nullptr) {
            return replyError(request, daemonError(daemoncode::NoMedia,
                                                   tr("Removable media are not handled here.")));
        }
        // Mounting is quick and changes the manager's state: here. Walking the stick (up to
        // the scan's time limit) and reading each bundle's signed manifest: on a reader thread,
        // so that progress and other callers are served meanwhile.
        auto job = m_media->prepareScan(media_id);
        if (!job) {
            return replyError(request, job.error());
        }
        runInBackground(request, [this, job = *job, request] {
            const media::ScanOutcome outcome = MediaManager::walk(job);
            QList<QVariantMap> bundles;
            for (const FoundBundle &found : outcome.bundles) {
                auto file = media::openRegularFile(job.root->get(), found.relativePath);
                auto summary =
                    file ? summarize(*m_device, file->get()) : Result<QVariantMap>(file.error());
                bundles.append(foundBundleMap(found, summary ? *summary : QVariantMap(),
                                              summary ? QString() : summary.error().message));
            }
            QMetaObject::invokeMethod(
                this,
                [this, request, outcome, bundles, id = job.id] {
                    const auto finished = m_media->finishScan(id, outcome);
                    if (!finished) {
                        return replyError(request, finished.error());
                    }
                    reply(request, QVariant::fromValue(bundles));
                },
                Qt::QueuedConnection);
        });
    });
    return {};
}

QString UpdaterService::InstallBundle(const QDBusUnixFileDescriptor &fd,
                                      const QString &manifest_hash, const QVariantMap &options)
{
    authorize(polkit::Install, [this, fd, manifest_hash, options](const QDBusMessage &request) {
        auto parsed = parseInstallOptions(manifest_hash, options);
        if (!parsed) {
            return replyError(request, parsed.error());
        }
        auto file = duplicate(fd);
        if (!file->isValid()) {
            return replyError(request, daemonError(daemoncode::InvalidArgument,
                                                   tr("No readable file descriptor was passed.")));
        }
        if (refuseWhenBusy(request)) {
            return;
        }
        startInstall(request, file, *parsed, QString());
    });
    return {};
}

QString UpdaterService::InstallFromMedia(const QString &media_id, const QString &relative_path,
                                         const QString &manifest_hash, const QVariantMap &options)
{
    authorize(polkit::Install, [this, media_id, relative_path, manifest_hash,
                                options](const QDBusMessage &request) {
        auto parsed = parseInstallOptions(manifest_hash, options);
        if (!parsed) {
            return replyError(request, parsed.error());
        }
        if (Status s = checkMediaId(media_id); !s) {
            return replyError(request, s.error());
        }
        if (Status s = checkRelativePath(relative_path); !s) {
            return replyError(request, s.error());
        }
        if (m_media == nullptr) {
            return replyError(request, daemonError(daemoncode::NoMedia,
                                                   tr("Removable media are not handled here.")));
        }
        if (refuseWhenBusy(request)) {
            return;
        }
        auto opened = m_media->openBundle(media_id, relative_path);
        if (!opened) {
            return replyError(request, opened.error());
        }
        startInstall(request, std::make_shared<UniqueFd>(std::move(*opened)), *parsed, media_id);
    });
    return {};
}

void UpdaterService::Cancel()
{
    authorize(polkit::Install, [this](const QDBusMessage &request) {
        if (m_jobs->cancel()) {
            return reply(request);
        }
        replyError(request,
                   daemonError(daemoncode::NothingToCancel, tr("No installation is running.")));
    });
}

void UpdaterService::Reboot()
{
    authorize(polkit::Reboot, [this](const QDBusMessage &request) {
        if (refuseWhenBusy(request)) {
            return;
        }
        reply(request);
        // After the reply has gone out: the caller learns it was accepted.
        QTimer::singleShot(0, this, &UpdaterService::runRebootCommand);
    });
}

void UpdaterService::MarkGood()
{
    authorize(polkit::Mark, [this](const QDBusMessage &request) {
        const QString slot = m_device->booted().bootname;
        startAction(request, tr("marking slot %1 good").arg(slot),
                    [slot](Device &device) { return markSlot(device, slot, true); });
    });
}

void UpdaterService::MarkBad()
{
    authorize(polkit::Mark, [this](const QDBusMessage &request) {
        const QString slot = m_device->booted().bootname;
        startAction(request, tr("marking slot %1 bad").arg(slot),
                    [slot](Device &device) { return markSlot(device, slot, false); });
    });
}

void UpdaterService::Rollback()
{
    authorize(polkit::Reboot, [this](const QDBusMessage &request) {
        startAction(request, tr("rolling back to the other slot"),
                    [](Device &device) { return rollback(device); });
    });
}

void UpdaterService::AcknowledgeResult()
{
    authorize(polkit::Install, [this](const QDBusMessage &request) {
        startAction(request, tr("acknowledging the last result"), [](Device &device) {
            Status s = acknowledgeResult(device);
            return s ? Result<QString>(tr("The last result is acknowledged."))
                     : Result<QString>(s.error());
        });
    });
}

QList<QVariantMap> UpdaterService::History(uint limit)
{
    authorize(polkit::Inspect, [this, limit](const QDBusMessage &request) {
        const qsizetype count =
            limit == 0 || limit > uint(MaxHistoryEntries) ? MaxHistoryEntries : qsizetype(limit);
        runInBackground(request, [this, count, request] {
            auto entries = m_device->history().read(count);
            QMetaObject::invokeMethod(
                this,
                [this, request, entries] {
                    if (entries) {
                        reply(request, QVariant::fromValue(historyMaps(*entries)));
                    } else {
                        replyError(request, entries.error());
                    }
                },
                Qt::QueuedConnection);
        });
    });
    return {};
}

QString UpdaterService::ExportReport(const QString &media_id)
{
    authorize(polkit::Install, [this, media_id](const QDBusMessage &request) {
        if (Status s = checkMediaId(media_id); !s) {
            return replyError(request, s.error());
        }
        if (m_media == nullptr) {
            return replyError(request, daemonError(daemoncode::NoMedia,
                                                   tr("Removable media are not handled here.")));
        }
        auto write = [this, request, media_id](const Result<DeviceStatus> &status) {
            if (!status) {
                return replyError(request, status.error());
            }
            auto history = m_device->history().read(MaxReportHistory);
            const Report report = buildReport(*status, history ? *history : QList<HistoryEntry>());
            const QString textName = report.baseName + QStringLiteral(".txt");
            Status s = m_media->writeFile(media_id, textName, report.text);
            if (s) {
                s = m_media->writeFile(media_id, report.baseName + QStringLiteral(".json"),
                                       report.json);
            }
            if (!s) {
                return replyError(request, s.error());
            }
            reply(request, textName);
        };
        // While a job runs the worker is taken: report the last snapshot rather than wait.
        if (m_jobs->busy() && m_status) {
            write(*m_status);
        } else {
            m_jobs->query<Result<DeviceStatus>>(
                [](Device &device) { return statusSnapshot(device); }, write);
        }
    });
    return {};
}

// --- jobs --------------------------------------------------------------------------------------

void UpdaterService::startInstall(const QDBusMessage &request, const std::shared_ptr<UniqueFd> &fd,
                                  const InstallOptions &options, const QString &mediaId)
{
    InstallOptions withUnits = options;
    // The health check after an artifact install asks systemd on the bus seesawd serves on.
    withUnits.units = systemdUnitQuery(m_bus);
    const quint64 id = m_jobs->startInstall(fd, withUnits);
    if (id == 0) {
        refuseWhenBusy(request);
        return;
    }
    m_pending.insert(id, {request, true, false, mediaId});
    publishState();
}

void UpdaterService::startAction(const QDBusMessage &request, const QString &description,
                                 const std::function<Result<QString>(Device &)> &action)
{
    if (refuseWhenBusy(request)) {
        return;
    }
    const quint64 id = m_jobs->startAction(description, action);
    m_pending.insert(id, {request, false, false, QString()});
}

void UpdaterService::onInstallStarted(quint64 id, const QString &transaction)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end() || it->replied) {
        return;
    }
    it->replied = true;
    if (it->request.type() == QDBusMessage::MethodCallMessage) { // not an unattended install
        reply(it->request, transaction);
    }
}

void UpdaterService::onJobFinished(const JobResult &result)
{
    const PendingReply pending = m_pending.take(result.id);
    if (result.kind == JobResult::Kind::Install && !result.ok) {
        m_progress.insert(QStringLiteral("phase"), QStringLiteral("failed"));
        notifyChanged(QStringLiteral("Progress"), m_progress);
    }
    publishState();
    if (!pending.mediaId.isEmpty() && (m_media != nullptr)) {
        m_media->release(pending.mediaId);
    }
    if (pending.staged) {
        stagedInstallEnded(result);
    }
    if (result.ok) {
        qCInfo(lcService).noquote() << "job" << result.id << "done:" << result.message;
    } else {
        qCWarning(lcService).noquote()
            << "job" << result.id << "failed:" << result.error.code << result.error.message;
    }
    // Properties first, then the reply and Completed: a client reacting to either reads the
    // state the job left.
    m_afterNextRefresh.append([this, pending, result] {
        if (pending.request.type() == QDBusMessage::MethodCallMessage && !pending.replied) {
            if (!result.ok) {
                replyError(pending.request, result.error);
            } else if (pending.install) {
                reply(pending.request, result.outcome.transactionId);
            } else {
                reply(pending.request);
            }
        }
        Q_EMIT Completed(result.ok, result.ok ? QString() : errorName(result.error),
                         result.ok ? result.message : result.error.message);
    });
    refreshStatus();
}

void UpdaterService::runRebootCommand()
{
    QStringList args = QProcess::splitCommand(m_device->config().rebootCommand);
    if (args.isEmpty()) {
        return;
    }
    const QString program = args.takeFirst();
    qCInfo(lcService).noquote() << "rebooting:" << m_device->config().rebootCommand;
    auto *process = new QProcess(this);
    process->setProcessChannelMode(QProcess::ForwardedChannels);
    auto failed = [this, process](const QString &why) {
        qCWarning(lcService).noquote() << "the reboot command failed:" << why;
        Q_EMIT Completed(false, errorName(daemonError(daemoncode::Reboot, QString())),
                         tr("The device could not be restarted: %1").arg(why));
        process->deleteLater();
    };
    connect(process, &QProcess::errorOccurred, this, [process, failed](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) {
            failed(process->errorString());
        }
    });
    connect(process, &QProcess::finished, this,
            [process, failed](int code, QProcess::ExitStatus status) {
                if (status != QProcess::NormalExit || code != 0) {
                    failed(tr("it exited with status %1").arg(code));
                } else {
                    process->deleteLater();
                }
            });
    process->start(program, args);
}

} // namespace seesaw
