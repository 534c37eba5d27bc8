// The CLI's connection to seesawd (org.seesaw.Updater1 on the system bus), shared by the
// commands that go through it.
#pragma once

#include <QDBusError>
#include <QString>
#include <memory>

class OrgSeesawUpdater1Interface;

namespace cli {

// The typed proxy on the system bus; null (with the reason printed) when there is no bus.
std::unique_ptr<OrgSeesawUpdater1Interface> connectUpdater();
// The exit code for a D-Bus error name or a Completed error code.
int exitCodeForBusError(const QString &name);
// Prints a failed call's error and returns its exit code.
int reportBusError(const QDBusError &error);

} // namespace cli
