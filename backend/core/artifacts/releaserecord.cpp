// The extension-release an artifact store keeps beside each extension version (artifactstore.h).
#include "artifacts/artifactstore.h"
#include "artifacts/extensionrelease.h"

#include <QCoreApplication>
#include <QFile>

namespace seesaw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::ArtifactStore", text);
}

bool isImageType(ArtifactRepository::Type type)
{
    return type == ArtifactRepository::Type::Sysext || type == ArtifactRepository::Type::Confext;
}

} // namespace

QLatin1String releaseSuffix()
{
    return QLatin1String(".release");
}

QByteArray formatReleaseText(const ReleaseFields &r)
{
    QByteArray text;
    const auto line = [&text](const char *key, const QString &value) {
        if (value.isEmpty()) {
            return;
        }
        QByteArray quoted;
        for (const char c : value.toUtf8()) {
            if (c == '"' || c == '\\' || c == '$' || c == '`') {
                quoted += '\\';
            }
            quoted += c;
        }
        text += QByteArray(key) + "=\"" + quoted + "\"\n";
    };
    line("ID", r.id);
    line("VERSION_ID", r.versionId);
    line("SYSEXT_LEVEL", r.sysextLevel);
    line("CONFEXT_LEVEL", r.confextLevel);
    line("ARCHITECTURE", r.architecture);
    return text;
}

Result<std::optional<ReleaseFields>> ArtifactStore::release(const QString &entry,
                                                            const QString &version) const
{
    if (!isImageType(m_repo.type) || !isArtifactName(entry) || !isArtifactVersion(version)) {
        return std::optional<ReleaseFields>();
    }
    QFile file(entryDir(entry) + QLatin1Char('/') + version + releaseSuffix());
    if (!file.exists()) {
        return std::optional<ReleaseFields>();
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(Error::Kind::Io, "artifacts.io",
                         tr("Cannot read %1: %2.").arg(file.fileName(), file.errorString()));
    }
    auto fields = parseReleaseText(file.read(limits::MaxReleaseFileBytes + 1));
    if (!fields) {
        return fields.error();
    }
    return std::optional<ReleaseFields>(*fields);
}

} // namespace seesaw
