// The artifact methods of seesawd's D-Bus API (docs/dbus-api.md, docs/artifacts.md).
#include "base/hostilestring.h"
#include "install/artifactinstall.h"
#include "polkitauthority.h"
#include "systemdunits.h"
#include "updaterservice.h"

namespace seesaw {

void UpdaterService::RollbackArtifact(const QString &repository, const QString &name)
{
    authorize(polkit::Install, [this, repository, name](const QDBusMessage &request) {
        const UnitQuery units = systemdUnitQuery(m_bus);
        startAction(
            request,
            tr("rolling back %1/%2").arg(displayString(repository, 32), displayString(name, 64)),
            [repository, name, units](Device &device) -> Result<QString> {
                auto change = rollbackArtifact(device, repository, name, units);
                if (!change) {
                    return change.error();
                }
                return tr("%1/%2 is back at version %3; the health check passed.")
                    .arg(change->repository, change->entry, change->to);
            });
    });
}

} // namespace seesaw
