// [artifacts.NAME] of system.conf (ArtifactRepository).
#include "base/hostilestring.h"
#include "config/configloader.h"

#include <QProcess>

namespace seesaw::config_detail {

namespace {

constexpr qsizetype MaxRepositories = 32;
constexpr qsizetype MaxActivateChars = 1024;

std::optional<ArtifactRepository::Type> repositoryType(const QString &value)
{
    using Type = ArtifactRepository::Type;
    for (const Type type : {Type::Sysext, Type::Confext, Type::Files, Type::Tree}) {
        if (value == ArtifactRepository::typeName(type)) {
            return type;
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<Error> Loader::readArtifacts(const IniSection &section)
{
    ArtifactRepository repo;
    repo.name = section.name.mid(qsizetype(sizeof("artifacts.") - 1));
    if (!isAsciiName(repo.name, 1, 32, QLatin1String("_-"), true, true)) {
        return fail("config.invalid-value", section.line, section.name, {},
                    tr("%1 is not a repository name (lower-case letters, digits, '_' and '-', at "
                       "most 32, starting with a letter or digit)")
                        .arg(quoted(repo.name)));
    }
    if (m_config.artifacts.size() >= MaxRepositories) {
        return fail("config.invalid-value", section.line, section.name, {},
                    tr("more than %1 artifact repositories").arg(MaxRepositories));
    }
    bool haveType = false;
    for (const IniEntry &e : section.entries) {
        const auto invalid = [&](const QString &what) {
            return fail("config.invalid-value", e.line, section.name, e.key, what);
        };
        if (e.key == QLatin1String("path") || e.key == QLatin1String("store")) {
            if (e.value.isEmpty() || !isPrintable(e.value)) {
                return invalid(tr("a path is required"));
            }
            (e.key == QLatin1String("path") ? repo.path : repo.store) = path(e.value);
        } else if (e.key == QLatin1String("type")) {
            const auto type = repositoryType(e.value);
            if (!type) {
                return invalid(
                    tr("%1 is not one of sysext, confext, files, tree").arg(quoted(e.value)));
            }
            repo.type = *type;
            haveType = true;
        } else if (e.key == QLatin1String("activate")) {
            repo.activate = QProcess::splitCommand(e.value);
            if (e.value.size() > MaxActivateChars || !isPrintable(e.value) ||
                repo.activate.isEmpty() || !repo.activate.first().startsWith(QLatin1Char('/'))) {
                return invalid(tr("%1 is not a command with an absolute path, such as "
                                  "'/usr/bin/systemd-sysext refresh'")
                                   .arg(quoted(e.value)));
            }
        } else if (e.key == QLatin1String("keep")) {
            const auto keep =
                boundedInt(e.value, ArtifactRepository::MinKeep, ArtifactRepository::MaxKeep);
            if (!keep) {
                return invalid(tr("%1 is not a number of versions from %2 to %3")
                                   .arg(quoted(e.value),
                                        QString::number(ArtifactRepository::MinKeep),
                                        QString::number(ArtifactRepository::MaxKeep)));
            }
            repo.keep = *keep;
        } else {
            return fail("config.unknown-key", e.line, section.name, e.key, tr("unknown key"));
        }
    }
    if (repo.path.isEmpty() || !haveType) {
        return fail("config.missing-key", section.line, section.name,
                    repo.path.isEmpty() ? QStringLiteral("path") : QStringLiteral("type"),
                    tr("missing; it is required"));
    }
    for (const ArtifactRepository &other : std::as_const(m_config.artifacts)) {
        if (other.path == repo.path) {
            return fail(
                "config.invalid-value", section.line, section.name, QStringLiteral("path"),
                tr("%1 is also the path of [artifacts.%2]").arg(quoted(repo.path), other.name));
        }
    }
    m_config.artifacts.append(repo);
    return std::nullopt;
}

// The default store= (the data directory's), and where the stores may be: systemd-sysext and
// -confext take every entry of their directories for an extension, hidden ones too, so the
// versions are kept outside the directory the entries appear in.
std::optional<Error> Loader::placeArtifactStores()
{
    for (ArtifactRepository &repo : m_config.artifacts) {
        if (repo.store.isEmpty()) {
            repo.store = m_config.dataDirectory + QStringLiteral("/artifacts/") + repo.name;
        }
        const QString inside =
            repo.path.endsWith(QLatin1Char('/')) ? repo.path : repo.path + QLatin1Char('/');
        if (repo.store == repo.path || repo.store.startsWith(inside)) {
            return fail("config.invalid-value", 0, QStringLiteral("artifacts.") + repo.name,
                        QStringLiteral("store"),
                        tr("%1 is inside path=; the versions must be kept outside the directory "
                           "the entries appear in")
                            .arg(quoted(repo.store)));
        }
    }
    return std::nullopt;
}

} // namespace seesaw::config_detail

namespace seesaw {

QString ArtifactRepository::typeName(Type type)
{
    switch (type) {
    case Type::Sysext:
        return QStringLiteral("sysext");
    case Type::Confext:
        return QStringLiteral("confext");
    case Type::Files:
        return QStringLiteral("files");
    case Type::Tree:
        return QStringLiteral("tree");
    }
    return {};
}

const ArtifactRepository *SystemConfig::artifactRepository(const QString &name) const
{
    for (const ArtifactRepository &repo : artifacts) {
        if (repo.name == name) {
            return &repo;
        }
    }
    return nullptr;
}

} // namespace seesaw
