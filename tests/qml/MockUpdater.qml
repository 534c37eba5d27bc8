import QtQuick

// Test double of the Updater singleton (app/QML_API.md): same properties and signals; every
// call is recorded in `calls` and returns a fresh request id.
QtObject {
  property bool connected: true
  property string state: "idle"
  property string compatible: "acme-panel-rk3588"
  property string version: "2.0.3"
  property string bootedSlot: "A"
  property string primarySlot: "A"
  property var otherSlot: ({ "class": "rootfs", bootname: "B", state: "good", version: "2.0.2",
                 "installed-at": "2026-10-01T10:00:00Z", booted: false })
  property var slots: [otherSlot]
  property var progress: ({ phase: "idle", done: 0, total: 0, rate: 0, eta: -1, message: "" })
  property real progressFraction: 0
  property bool installFinished: false
  property real averageRate: 0
  property real installSeconds: -1
  property var lastResult: ({ outcome: "none", acknowledged: false })
  property var channel: ({ state: "disabled" })
  property var fleet: ({ state: "disabled" })
  property var artifacts: []
  property bool busy: false
  property bool canRollBack: true
  property string deviceName: "panel-7"

  property int nextId: 1
  property var calls: []

  signal inspected(int requestId, var summary)
  signal scanned(int requestId, string mediaId, var bundles)
  signal started(int requestId, string transaction)
  signal done(int requestId, string message)
  signal failed(int requestId, string code, string message)
  signal historyLoaded(int requestId, var entries)
  signal completed(bool success, string code, string message)
  signal mediaChanged

  function record(name, args, options) {
    calls.push({ name: name, args: args, options: options || {}, id: nextId });
    return nextId++;
  }
  function callsTo(name) {
    return calls.filter(c => c.name === name);
  }
  function inspectFile(path) { return record("inspectFile", [path]); }
  function scanMedium(mediaId) { return record("scanMedium", [mediaId]); }
  function installFile(path, hash, options) { return record("installFile", [path, hash], options); }
  function installFromMedium(mediaId, path, hash, options) {
    return record("installFromMedium", [mediaId, path, hash], options);
  }
  function cancel() { return record("cancel", []); }
  function reboot() { return record("reboot", []); }
  function markGood() { return record("markGood", []); }
  function rollback() { return record("rollback", []); }
  function rollbackArtifact(repository, name) { return record("rollbackArtifact", [repository, name]); }
  function acknowledgeResult() { return record("acknowledgeResult", []); }
  function loadHistory(limit) { return record("loadHistory", [limit]); }
  function exportReport(mediaId) { return record("exportReport", [mediaId]); }
  function checkChannel() { return record("checkChannel", []); }
  function downloadUpdate() { return record("downloadUpdate", []); }
  function installUpdate() { return record("installUpdate", []); }
  function checkFleet() { return record("checkFleet", []); }
  function answerFleet(install) { return record("answerFleet", [install]); }
}
