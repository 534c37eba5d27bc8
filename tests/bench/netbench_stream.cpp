// The streamed-install part of the network benchmark: a bundle installed from nginx (TLS, test CA)
// straight into slot B of a simulated device, as seesawd does when it cannot stage the bundle —
// index fetched into memory, bundle opened and checked, every chunk verified before it is
// written, slot synced, boot loader committed — against the raw pipeline
// `curl URL | zstd -d | dd of=SLOT conv=fsync` fetching the same payload from the same server
// into the same slot, in the same run (target >= 0.9x throughput).
#include "bundle/bundlereader.h"
#include "device/device.h"
#include "install/installer.h"
#include "net/remotebundle.h"
#include "netbench.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <memory>

using namespace seesaw;

namespace netbench {

namespace {

bool runQuiet(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(1800000) || p.exitStatus() != QProcess::NormalExit ||
        p.exitCode() != 0) {
        say(QStringLiteral("%1 failed: %2")
                .arg(program, QString::fromLocal8Bit(p.readAll().right(2000))));
        return false;
    }
    return true;
}

// A root file system's image, as tests/bench/install makes it: three quarters real files of this
// system, then random bytes (compressed assets), then zeros (free space).
bool makeImage(const QString &out, qint64 mib)
{
    const qint64 files = mib * 3 / 4;
    const qint64 random = mib / 8;
    return runQuiet(QStringLiteral("bash"),
                    {QStringLiteral("-c"),
                     QStringLiteral("{ tar cf - /usr/lib /usr/share /usr/bin 2>/dev/null | "
                                    "head -c \"$2\"M; head -c \"$3\"M /dev/urandom; "
                                    "head -c \"$4\"M /dev/zero; } > \"$1\""),
                     QStringLiteral("image"), out, QString::number(files), QString::number(random),
                     QString::number(mib - files - random)});
}

struct StreamRun {
    double seconds = -1;
    quint64 indexBytes = 0;
    quint64 payloadBytes = 0;
};

StreamRun streamInstall(const QString &conf, const RemoteBundleSource &source)
{
    StreamRun run;
    QElapsedTimer t;
    t.start();
    auto device = Device::open(conf);
    auto keyring = device ? (*device)->loadKeyring() : Result<Keyring>(device.error());
    auto index = fetchBundleIndex(source);
    if (!keyring || !index) {
        say(QStringLiteral("streamed install: ") +
            (keyring ? index.error().message : keyring.error().message));
        return run;
    }
    auto bundle = BundleReader::openFd(index->fd.get(), *keyring);
    if (!bundle) {
        say(QStringLiteral("streamed install: ") + bundle.error().message);
        return run;
    }
    auto feed = std::make_shared<RemotePayloadFeed>(source, index->validator);
    InstallOptions options;
    options.confirmedManifestHash = bundle->manifestHash();
    options.payloadFeed = feed;
    auto done = Installer(**device).install(index->fd.get(), options);
    if (!done) {
        say(QStringLiteral("streamed install: ") + done.error().message);
        return run;
    }
    run.seconds = double(t.nsecsElapsed()) / 1e9;
    run.indexBytes = index->fetched;
    run.payloadBytes = feed->fetched();
    return run;
}

double timePipeline(const QUrl &payload, const QString &ca, const QString &slot)
{
    QElapsedTimer t;
    t.start();
    if (!runQuiet(QStringLiteral("bash"),
                  {QStringLiteral("-c"),
                   QStringLiteral("set -o pipefail; curl -sS --fail --cacert \"$1\" \"$2\" | "
                                  "zstd -q -d --stdout | "
                                  "dd of=\"$3\" bs=4M conv=notrunc,fsync status=none"),
                   QStringLiteral("pipeline"), ca, payload.toString(), slot})) {
        return -1;
    }
    return double(t.nsecsElapsed()) / 1e9;
}

} // namespace

int benchStream(TestWebServer &web, const QString &work, qint64 mib, int runs, const QString &cli)
{
    const QString sim = QStringLiteral(SEESAW_SOURCE_DIR "/scripts/sim/device");
    const QString image = work + QStringLiteral("/rootfs.img");
    const QString device = work + QStringLiteral("/device");
    const QString bundle = web.root() + QStringLiteral("/stream.seesaw");
    qputenv("SEESAW_CLI", QFile::encodeName(cli));
    if (!makeImage(image, mib) ||
        !runQuiet(sim, {QStringLiteral("create"), device, QStringLiteral("--slot-size"),
                        QString::number(mib + 64), QStringLiteral("--compatible"),
                        QStringLiteral("bench")}) ||
        !runQuiet(sim,
                  {QStringLiteral("bundle"), device, QStringLiteral("-o"), bundle,
                   QStringLiteral("--version"), QStringLiteral("2.0.0"), QStringLiteral("--image"),
                   image, QStringLiteral("--compatible"), QStringLiteral("bench")}) ||
        !runQuiet(QStringLiteral("bash"),
                  {QStringLiteral("-c"),
                   QStringLiteral("unzip -p \"$1\" images/rootfs.zst > \"$2\""),
                   QStringLiteral("unzip"), bundle, web.root() + QStringLiteral("/payload.zst")})) {
        return 1;
    }
    RemoteBundleSource source;
    source.url = web.url(QStringLiteral("stream.seesaw"));
    source.tls.caFile = web.caFile();
    source.size = quint64(QFileInfo(bundle).size());
    const QString conf = device + QStringLiteral("/system.conf");
    const QString slot = device + QStringLiteral("/slots/rootfs.1.img");
    const long rssBefore = peakRssKib();
    StreamRun best;
    double bestPipe = -1;
    for (int i = 0; i < runs; ++i) {
        const StreamRun s = streamInstall(conf, source);
        if (s.seconds < 0 || !runQuiet(QStringLiteral("cmp"),
                                       {QStringLiteral("-n"),
                                        QString::number(QFileInfo(image).size()), image, slot})) {
            return 1;
        }
        const double p = timePipeline(web.url(QStringLiteral("payload.zst")), web.caFile(), slot);
        if (p < 0) {
            return 1;
        }
        best = best.seconds < 0 || s.seconds < best.seconds ? s : best;
        bestPipe = bestPipe < 0 ? p : std::min(bestPipe, p);
    }
    const double mb = double(mib * MiB) / 1e6;
    say(QStringLiteral("stream install %1 MiB image over TLS: seesaw %2 s (%3 MB/s), curl | zstd "
                       "-d | dd conv=fsync %4 s (%5 MB/s): ratio %6x (target >= 0.9x)")
            .arg(QString::number(mib), QString::number(best.seconds, 'f', 2),
                 QString::number(mb / best.seconds, 'f', 0), QString::number(bestPipe, 'f', 2),
                 QString::number(mb / bestPipe, 'f', 0),
                 QString::number(bestPipe / best.seconds, 'f', 2)));
    say(QStringLiteral("stream install: fetched %1 bytes to open the %2-byte bundle and %3 bytes "
                       "of payload; peak RSS %4 MiB (%5 MiB before; target <= 64 MiB)")
            .arg(QString::number(best.indexBytes), QString::number(source.size),
                 QString::number(best.payloadBytes),
                 QString::number(double(peakRssKib()) / 1024, 'f', 1),
                 QString::number(double(rssBefore) / 1024, 'f', 1)));
    runQuiet(sim, {QStringLiteral("destroy"), device});
    QFile::remove(image);
    QFile::remove(bundle);
    QFile::remove(web.root() + QStringLiteral("/payload.zst"));
    return 0;
}

} // namespace netbench
