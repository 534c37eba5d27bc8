// The CLI's connection to seesawd (org.seesaw.Updater1 on the system bus), shared by the
// commands that go through it.
#pragma once

#include <QDBusError>
#include <QDBusPendingCall>
#include <QString>
#include <functional>
#include <memory>

class OrgSeesawUpdater1Interface;

namespace cli {

// The typed proxy on the system bus; null (with the reason printed) when there is no bus.
std::unique_ptr<OrgSeesawUpdater1Interface> connectUpdater();
// The exit code for a D-Bus error name or a Completed error code.
int exitCodeForBusError(const QString &name);
// Prints a failed call's error and returns its exit code.
int reportBusError(const QDBusError &error);
// Starts an install with `start` and follows its progress to the end (Completed), as
// `seesaw install` does; Ctrl-C asks seesawd to cancel. Returns the exit code.
int startAndFollow(OrgSeesawUpdater1Interface &proxy,
                   const std::function<QDBusPendingCall()> &start);

} // namespace cli
