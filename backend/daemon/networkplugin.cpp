#include "networkplugin.h"

#include <QCoreApplication>
#include <QFile>
#include <QStringList>
#include <dlfcn.h>
#include <mutex>

namespace seesaw {

namespace {

constexpr char PluginFile[] = "seesawd-network.so";

QString tr(const char *text)
{
    return QCoreApplication::translate("seesaw::NetworkPlugin", text);
}

// Where the plugin may be: next to the program, then where it is installed. Test builds (with
// fault injection, never a release) also take SEESAW_NETWORK_PLUGIN, for test programs that
// link the service in-process.
QStringList candidates()
{
    QStringList paths;
#ifdef SEESAW_FAULT_INJECTION
    const QString forTests = qEnvironmentVariable("SEESAW_NETWORK_PLUGIN");
    if (!forTests.isEmpty()) {
        paths.append(forTests);
    }
#endif
    for (const QString &dir :
         {QCoreApplication::applicationDirPath(), QStringLiteral(SEESAW_PLUGIN_DIR)}) {
        paths.append(dir + QLatin1Char('/') + QLatin1String(PluginFile));
    }
    return paths;
}

Result<NetworkPlugin *> load()
{
    QStringList tried;
    QString why;
    for (const QString &path : candidates()) {
        if (!QFile::exists(path)) {
            tried.append(path);
            continue;
        }
        // Never unloaded: the feeds and results it makes outlive any one call.
        void *handle = ::dlopen(QFile::encodeName(path).constData(), RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            // NOLINTNEXTLINE(concurrency-mt-unsafe): only ever called under networkPlugin's once
            why = QString::fromLocal8Bit(::dlerror());
            continue;
        }
        using Entry = NetworkPlugin *(*)();
        auto entry = reinterpret_cast<Entry>(::dlsym(handle, "seesaw_network_plugin_v1"));
        NetworkPlugin *plugin = entry != nullptr ? entry() : nullptr;
        if (plugin == nullptr) {
            why = tr("%1 is not Seesaw's network plugin").arg(path);
            continue;
        }
        return plugin;
    }
    return makeError(Error::Kind::Io, "net.plugin",
                     tr("Network updates are not available: %1")
                         .arg(why.isEmpty() ? tr("no %1 in %2")
                                                  .arg(QLatin1String(PluginFile),
                                                       tried.join(QStringLiteral(", ")))
                                            : why));
}

} // namespace

Result<NetworkPlugin *> networkPlugin()
{
    static std::once_flag once;
    static Result<NetworkPlugin *> loaded = makeError(Error::Kind::Io, "net.plugin", QString());
    std::call_once(once, [] { loaded = load(); });
    return loaded;
}

} // namespace seesaw
