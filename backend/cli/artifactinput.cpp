// The artifacts of `bundle create` (artifactinput.h).
#include "artifactinput.h"

#include "artifacts/extensionrelease.h"
#include "artifacts/tarextract.h"
#include "base/hostilestring.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>

namespace cli {

using namespace seesaw;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("cli::bundle", text);
}

Error specError(const QString &message)
{
    return makeError(Error::Kind::Usage, "create.invalid-spec", message);
}

// GNU tar's stream of the directory, its entries in name order so that the same tree makes the
// same bundle.
Result<QString> tarDirectory(const QString &dir, const QString &output)
{
    QProcess tar;
    tar.setProcessChannelMode(QProcess::ForwardedOutputChannel);
    tar.start(QStringLiteral("tar"), {QStringLiteral("--create"), QStringLiteral("--file"), output,
                                      QStringLiteral("--format=pax"), QStringLiteral("--sort=name"),
                                      QStringLiteral("--numeric-owner"),
                                      QStringLiteral("--owner=0"), QStringLiteral("--group=0"),
                                      QStringLiteral("--directory"), dir, QStringLiteral(".")});
    if (!tar.waitForFinished(-1) || tar.exitStatus() != QProcess::NormalExit ||
        tar.exitCode() != 0) {
        return makeError(
            Error::Kind::Io, "create.io",
            tr("tar could not archive \"%1\": %2")
                .arg(dir, QString::fromLocal8Bit(tar.readAllStandardError().trimmed()).left(400)));
    }
    return output;
}

// The bytes of the files in the tar stream at `path`, extracted below `scratch` as a device
// would extract it.
Result<quint64> measureTree(const QString &path, const QString &scratch)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(Error::Kind::Io, "create.io",
                         tr("Cannot read \"%1\": %2.").arg(path, file.errorString()));
    }
    if (!QDir().mkpath(scratch)) {
        return makeError(Error::Kind::Io, "create.io", tr("Cannot make \"%1\".").arg(scratch));
    }
    auto extractor = TarExtractor::open(scratch, TarLimits{});
    if (!extractor) {
        return extractor.error();
    }
    QByteArray block(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = file.read(block.data(), block.size());
        if (n < 0) {
            return makeError(Error::Kind::Io, "create.io",
                             tr("Cannot read \"%1\": %2.").arg(path, file.errorString()));
        }
        if (n == 0) {
            break;
        }
        if (Status s = extractor->feed(QByteArrayView(block.constData(), n)); !s) {
            return Error(
                s.error().kind, s.error().code,
                tr("A device would refuse the tree \"%1\": %2").arg(path, s.error().message));
        }
    }
    if (Status s = extractor->finish(); !s) {
        return Error(s.error().kind, s.error().code,
                     tr("A device would refuse the tree \"%1\": %2").arg(path, s.error().message));
    }
    const quint64 bytes = extractor->bytes();
    QDir(scratch).removeRecursively();
    return bytes;
}

} // namespace

Result<BundleSpec::Artifact> readArtifactOption(const QString &value, const QTemporaryDir &work)
{
    // TYPE:REPOSITORY/NAME:VERSION=PATH; names and versions are checked by checkSpec().
    static const QRegularExpression form(
        QStringLiteral(R"(^([a-z]+):([^/:=]+)/([^/:=]+):([^/:=]+)=(.+)$)"));
    const auto match = form.match(value);
    if (!match.hasMatch()) {
        return specError(tr("--artifact takes TYPE:REPOSITORY/NAME:VERSION=PATH, e.g. "
                            "sysext:extensions/monitor:1.2.0=monitor.raw, not \"%1\".")
                             .arg(displayString(value)));
    }
    BundleSpec::Artifact a;
    const auto type = ArtifactInfo::typeFromName(match.captured(1));
    if (!type) {
        return specError(
            tr(R"(The artifact type "%1" is none of "sysext", "confext", "files" and "tree".)")
                .arg(displayString(match.captured(1))));
    }
    a.type = *type;
    a.repository = match.captured(2);
    a.name = match.captured(3);
    a.version = match.captured(4);
    a.path = match.captured(5);
    const QFileInfo info(a.path);
    if (!info.exists()) {
        return makeError(Error::Kind::Io, "create.io",
                         tr("\"%1\" does not exist.").arg(displayString(a.path)));
    }
    if (info.isDir() && a.type != ArtifactInfo::Type::Tree) {
        return specError(
            tr("\"%1\" is a directory; only a tree artifact is one (a directory or its tar "
               "stream).")
                .arg(a.path));
    }
    switch (a.type) {
    case ArtifactInfo::Type::Sysext:
    case ArtifactInfo::Type::Confext: {
        auto release = readExtensionRelease(a.path, a.type, a.name);
        if (!release) {
            return release.error();
        }
        a.extensionRelease = *release;
        break;
    }
    case ArtifactInfo::Type::Tree: {
        const QString stem = work.filePath(a.repository + QLatin1Char('-') + a.name);
        if (info.isDir()) {
            auto tar = tarDirectory(a.path, stem + QStringLiteral(".tar"));
            if (!tar) {
                return tar.error();
            }
            a.path = *tar;
        }
        auto bytes = measureTree(a.path, stem + QStringLiteral(".check"));
        if (!bytes) {
            return bytes.error();
        }
        a.unpackedSize = *bytes;
        break;
    }
    case ArtifactInfo::Type::Files:
        break;
    }
    return a;
}

} // namespace cli
