// The network benchmark (tests/bench/network), each figure against its baseline in the same run,
// on a real nginx on 127.0.0.1 with TLS from a test CA (tests/net/webserver.h):
//   download: net/download of a bundle-sized file  vs  curl fetching the same URL into the same
//             folder and syncing it (target >= 0.95x throughput); best of --runs each
//   cuts:     the same download through the fault-injecting proxy, cut 5 times at random
//             places: bytes fetched beyond the file's size (target <= one 4 MiB chunk per cut)
//   memory:   peak RSS of this process over the downloads (the code seesawd runs; target
//             <= 64 MiB), against the same process before the first download
//   poll:     two polls of an unchanged channel: requests the second one sent and their
//             statuses (target: one request, answered 304)
//   stream:   a bundle installed from the server straight into a simulated device's slot B
//             (netbench_stream.cpp) vs curl | zstd -d | dd of its payload (target >= 0.9x)
// Usage: netbench [--size-mib N] [--stream-mib N] [--runs N] [--work DIR]
#include "netbench.h"

#include "base/mallocpolicy.h"
#include "faultproxy.h"
#include "net/channelcheck.h"
#include "net/download.h"
#include "trust/crypto.h"
#include "trust/signaturefile.h"
#include "webserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <cstdio>

using namespace seesaw;
using namespace netbench;

namespace {

// A file of `bytes` random bytes (incompressible, like a bundle), written in pieces.
bool writeRandom(const QString &path, qint64 bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        return false;
    }
    QByteArray block(4 * MiB, Qt::Uninitialized);
    for (qint64 done = 0; done < bytes;) {
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(block.data()),
                                              block.size() / 4);
        const qint64 n = std::min<qint64>(block.size(), bytes - done);
        if (f.write(block.constData(), n) != n) {
            return false;
        }
        done += n;
    }
    return true;
}

QByteArray sha256Of(const QString &path)
{
    QFile f(path);
    Sha256 h;
    QByteArray buffer(MiB, Qt::Uninitialized);
    if (f.open(QIODevice::ReadOnly)) {
        for (qint64 n = 0; (n = f.read(buffer.data(), buffer.size())) > 0;) {
            h.update(buffer.constData(), size_t(n));
        }
    }
    return h.finish();
}

double timeCurl(const QUrl &url, const QString &ca, const QString &out)
{
    QFile::remove(out);
    QElapsedTimer t;
    t.start();
    QProcess curl;
    curl.start(QStringLiteral("sh"), {QStringLiteral("-c"),
                                      QStringLiteral("curl -sS --fail --cacert \"$1\" -o \"$2\" "
                                                     "\"$3\" && sync \"$2\""),
                                      QStringLiteral("curl"), ca, out, url.toString()});
    if (!curl.waitForFinished(600000) || curl.exitCode() != 0) {
        say(QStringLiteral("curl failed: ") + QString::fromLocal8Bit(curl.readAllStandardError()));
        return -1;
    }
    return double(t.nsecsElapsed()) / 1e9;
}

struct Timed {
    double seconds = -1;
    DownloadResult result;
};

Timed timeDownload(const DownloadRequest &r)
{
    QDir(r.directory).removeRecursively();
    QElapsedTimer t;
    t.start();
    auto got = downloadFile(r);
    Timed out;
    if (!got) {
        say(QStringLiteral("download failed: ") + got.error().message);
        return out;
    }
    out.seconds = double(t.nsecsElapsed()) / 1e9;
    out.result = *got;
    return out;
}

int benchDownload(TestWebServer &web, FaultProxy &proxy, const QString &work, qint64 sizeMib,
                  int runs)
{
    const QString file = web.root() + QStringLiteral("/bench.seesaw");
    if (!writeRandom(file, sizeMib * MiB)) {
        say(QStringLiteral("cannot write %1").arg(file));
        return 1;
    }
    DownloadRequest r;
    r.url = web.url(QStringLiteral("bench.seesaw"));
    r.tls.caFile = web.caFile();
    r.sha256 = sha256Of(file);
    r.size = quint64(sizeMib * MiB);
    r.directory = work + QStringLiteral("/staging");
    r.retryPauseMs = 50;
    const long rssBefore = peakRssKib();
    double bestSeesaw = -1;
    double bestCurl = -1;
    for (int i = 0; i < runs; ++i) {
        const double c = timeCurl(r.url, web.caFile(), work + QStringLiteral("/curl.out"));
        const Timed s = timeDownload(r);
        if (c < 0 || s.seconds < 0) {
            return 1;
        }
        bestCurl = bestCurl < 0 ? c : std::min(bestCurl, c);
        bestSeesaw = bestSeesaw < 0 ? s.seconds : std::min(bestSeesaw, s.seconds);
    }
    QFile::remove(work + QStringLiteral("/curl.out"));
    const long rssAfter = peakRssKib(); // before the proxy of the next part runs in here too
    const double mb = double(sizeMib * MiB) / 1e6;
    say(QStringLiteral("download %1 MiB over TLS: seesaw %2 s (%3 MB/s), curl + sync %4 s "
                       "(%5 MB/s): ratio %6x (target >= 0.95x)")
            .arg(QString::number(sizeMib), QString::number(bestSeesaw, 'f', 2),
                 QString::number(mb / bestSeesaw, 'f', 0), QString::number(bestCurl, 'f', 2),
                 QString::number(mb / bestCurl, 'f', 0),
                 QString::number(bestCurl / bestSeesaw, 'f', 2)));

    // Five cuts at random places of the body, through the proxy (plain HTTP to nginx).
    QList<ProxyFault> cuts;
    for (int i = 0; i < 5; ++i) {
        cuts.append(ProxyFault::cutAfter(
            qint64(QRandomGenerator::global()->bounded(quint64(r.size / 5))) + 4096));
    }
    proxy.queue(cuts);
    DownloadRequest cut = r;
    cut.url = proxy.url(QStringLiteral("bench.seesaw"));
    const Timed s = timeDownload(cut);
    if (s.seconds < 0) {
        return 1;
    }
    const quint64 refetched = s.result.fetched - std::min(s.result.fetched, r.size);
    say(QStringLiteral("cuts: 5 cut connections, %1 requests, %2 bytes fetched again "
                       "(target <= %3 per cut)")
            .arg(QString::number(s.result.connections), QString::number(refetched),
                 QString::number(ChunkBytes)));
    QDir(r.directory).removeRecursively();
    say(QStringLiteral("memory: peak RSS %1 MiB after the downloads, %2 MiB before them "
                       "(target <= 64 MiB)")
            .arg(QString::number(double(rssAfter) / 1024, 'f', 1),
                 QString::number(double(rssBefore) / 1024, 'f', 1)));
    QFile::remove(file);
    return 0;
}

int benchPoll(TestWebServer &web, const QString &work)
{
    auto key = PrivateKey::generate();
    if (!key || !QDir().mkpath(work + QStringLiteral("/keys")) ||
        !QDir().mkpath(work + QStringLiteral("/data"))) {
        return 1;
    }
    QFile pub(work + QStringLiteral("/keys/k.pem"));
    if (!pub.open(QIODevice::WriteOnly) || pub.write(key->publicKey().toPem()) < 0) {
        return 1;
    }
    pub.close();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QJsonObject entry{{QStringLiteral("version"), QStringLiteral("2.1.0")},
                            {QStringLiteral("compatible"), QStringLiteral("bench")},
                            {QStringLiteral("bundle_url"), QStringLiteral("b.seesaw")},
                            {QStringLiteral("bundle_sha256"), QString(64, QLatin1Char('a'))},
                            {QStringLiteral("bundle_size"), 1000}};
    const QByteArray json =
        QJsonDocument(QJsonObject{{QStringLiteral("channel_format"), 1},
                                  {QStringLiteral("serial"), 1},
                                  {QStringLiteral("issued"), now.toString(Qt::ISODate)},
                                  {QStringLiteral("expires"), now.addDays(1).toString(Qt::ISODate)},
                                  {QStringLiteral("channels"),
                                   QJsonObject{{QStringLiteral("stable"), entry}}}})
            .toJson();
    if (!web.put(QStringLiteral("channel.json.sig"), signManifest(json, {*key})) ||
        !web.put(QStringLiteral("channel.json"), json)) {
        return 1;
    }
    ChannelSettings settings;
    settings.manifestUrl = web.url(QStringLiteral("channel.json"));
    settings.channel = QStringLiteral("stable");
    settings.tls.caFile = web.caFile();
    settings.keyringDirectory = work + QStringLiteral("/keys");
    settings.clock = ClockPolicy::System;
    ChannelDevice device;
    device.compatible = QStringLiteral("bench");
    ChannelState state;
    ClockFacts clock;
    clock.now = now;
    if (!checkChannel(settings, device, work + QStringLiteral("/data"), state, clock)) {
        return 1;
    }
    const int before = web.requests();
    QElapsedTimer t;
    t.start();
    auto again = checkChannel(settings, device, work + QStringLiteral("/data"), state, clock);
    const double ms = double(t.nsecsElapsed()) / 1e6;
    if (!again) {
        return 1;
    }
    const QStringList lines = web.accessLog().trimmed().split(QLatin1Char('\n'));
    QStringList statuses;
    for (qsizetype i = before; i < lines.size(); ++i) {
        statuses.append(lines[i].section(QLatin1Char('"'), 2, 2).trimmed().section(u' ', 0, 0));
    }
    say(QStringLiteral("poll: an unchanged channel cost %1 request(s) with status %2, %3 ms "
                       "(target: 1 request, 304)")
            .arg(QString::number(web.requests() - before), statuses.join(u','),
                 QString::number(ms, 'f', 1)));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    seesaw::keepLargeBuffersMapped();
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption size(QStringLiteral("size-mib"), QStringLiteral("File size."),
                                  QStringLiteral("N"), QStringLiteral("1024"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("Best of N."),
                                  QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption workDir(QStringLiteral("work"), QStringLiteral("Scratch folder."),
                                     QStringLiteral("DIR"));
    const QCommandLineOption stream(QStringLiteral("stream-mib"),
                                    QStringLiteral("Image size of the streamed install; 0: none."),
                                    QStringLiteral("N"), QStringLiteral("512"));
    parser.addOptions({size, runs, workDir, stream});
    parser.process(app);
    QTemporaryDir scratch(
        parser.isSet(workDir) ? parser.value(workDir) + QStringLiteral("/nbXXXXXX") : QString());
    TestWebServer web;
    FaultProxy proxy;
    if (!scratch.isValid() || !web.start() || !proxy.start(web.plainPort())) {
        say(QStringLiteral("cannot start nginx or the proxy: ") + web.why());
        return 1;
    }
    if (benchPoll(web, scratch.path()) != 0) {
        say(QStringLiteral("poll benchmark failed"));
        return 1;
    }
    const int bestOf = std::max(1, parser.value(runs).toInt());
    if (parser.value(stream).toLongLong() > 0 &&
        benchStream(web, scratch.path(), parser.value(stream).toLongLong(), bestOf,
                    QStringLiteral(SEESAW_CLI)) != 0) {
        say(QStringLiteral("streamed install benchmark failed"));
        return 1;
    }
    return benchDownload(web, proxy, scratch.path(), parser.value(size).toLongLong(), bestOf);
}
