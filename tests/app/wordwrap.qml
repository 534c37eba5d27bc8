import QtQuick
import Seesaw
import SeesawTest
import "../qml"
import "../qml/samples.js" as Samples

// The real pages of seesaw-ui with test doubles (tests/qml), 800×480, for tst_wordwrap: show(name)
// puts one page in one of the states that show its longest texts (and opens its dialog, where
// the state is a dialog). The texts from the daemon are as long as its real ones.
Item {
  id: root
  width: 800
  height: 480

  readonly property var states: [
    "home-installed", "home-good", "home-health-failed", "home-boot-failed", "home-interrupted",
    "home-rolled-back", "home-failed", "home-disconnected", "home-hold", "home-info",
    "home-rollback-dialog", "home-language-dialog", "home-channel-offered",
    "home-channel-downloading", "home-channel-downloaded", "home-channel-streamed", "home-channel-unreachable",
    "home-channel-never-reached", "home-channel-refused", "home-channel-no-such-channel",
    "home-fleet-question", "home-fleet-question-now", "home-fleet-downloading",
    "home-fleet-downloaded", "home-fleet-scheduled", "home-fleet-failed", "home-fleet-installed",
    "sources-sticks", "sources-empty", "files", "files-error",
    "details-upgrade", "details-downgrade", "details-reinstall", "details-untrusted",
    "details-incompatible", "details-unknown", "details-none",
    "confirm", "confirm-blocked", "confirm-start-error", "confirm-extension-warning",
    "details-extension-warning",
    "progress-writing", "progress-committing", "progress-finished", "progress-cancel-dialog",
    "done-success", "done-failed", "done-cancelled", "done-reboot-error",
    "history", "history-exported", "history-export-failed",
    "addons", "addons-rollback-dialog", "addons-rolled-back", "addons-failed", "done-addons",
    "details-addons", "confirm-addons"
  ]
  property Item page: null

  MockUpdater {
    id: fake
  }
  MapListModel {
    id: fakeMedia
    function rescan(mediaId) {}
  }
  MapListModel {
    id: fakeBrowser
    property string folder: "/media/technician/UPDATES/acme-panel/releases-2026"
    property string parentFolder: "/media/technician/UPDATES/acme-panel"
    property string error
    function cd(path) {}
    function up() {}
  }
  MapListModel {
    id: fakeHistory
    objectName: "history" // filled by the test in each language (HistoryModel::summary)
    property bool loading: false
    property string error
    function reload() {}
  }
  QtObject {
    id: languages
    property string current: "en"
    property var available: [{ code: "en", nativeName: "English" }, { code: "de", nativeName: "Deutsch" },
                 { code: "fr", nativeName: "Français" }, { code: "es", nativeName: "Español" },
                 { code: "zh_CN", nativeName: "简体中文" }]
    function setLanguage(code) {
      current = code;
      return true;
    }
  }

  Component {
    id: homeComponent
    HomePage {
      updater: fake
      language: languages
      allowQuit: true
    }
  }
  Component {
    id: sourcesComponent
    SourcesPage {
      media: fakeMedia
    }
  }
  Component {
    id: filesComponent
    FileBrowserPage {
      updater: fake
      browser: fakeBrowser
    }
  }
  Component {
    id: detailsComponent
    BundleDetailsPage {
      currentVersion: fake.version
      source: root.stickSource
    }
  }
  Component {
    id: confirmComponent
    ConfirmPage {
      updater: fake
      currentVersion: fake.version
      source: root.stickSource
    }
  }
  Component {
    id: progressComponent
    ProgressPage {
      updater: fake
      targetVersion: "2.1.0-rc.12+build.20261120"
    }
  }
  Component {
    id: doneComponent
    DonePage {
      updater: fake
      version: "2.1.0"
    }
  }
  Component {
    id: historyComponent
    HistoryPage {
      updater: fake
      media: fakeMedia
      history: fakeHistory
    }
  }
  Component {
    id: addonsComponent
    AddonsPage {
      updater: fake
    }
  }
  Component {
    id: languageComponent
    LanguageDialog {
      language: languages
    }
  }

  readonly property var stickSource: ({ kind: "media", mediaId: "usb-1", path: "releases/2026/acme-panel-rk3588-2.1.0-rc.12+build.20261120.seesaw",
                                        name: "acme-panel-rk3588-2.1.0-rc.12+build.20261120.seesaw", medium: "UPDATES 2026 TECHNICIAN" })
  readonly property string daemonMessage: "Version 2.1.0 is installed and starts after the next reboot. Writing slot B failed: the medium was removed while it was read."

  function reset() {
    fake.connected = true;
    fake.state = "idle";
    fake.canRollBack = true;
    fake.primarySlot = "A";
    fake.lastResult = { outcome: "none", acknowledged: false };
    fake.channel = { state: "disabled" };
    fake.fleet = { state: "disabled" };
    fake.slots = [fake.otherSlot];
    fake.progressFraction = 0;
    fake.installFinished = false;
    fake.averageRate = 0;
    fake.installSeconds = -1;
    fake.progress = { phase: "idle", done: 0, total: 0, rate: 0, eta: -1, message: "" };
    fakeMedia.rows = [];
    fakeBrowser.rows = [];
    fakeBrowser.error = "";
    fake.artifacts = [];
  }
  function stick(bundles, extra) {
    return Object.assign({ mediaId: "usb-1", label: "UPDATES 2026", vendor: "SanDisk", model: "Ultra Fit",
                           size: 32000000000, fsType: "vfat", scanning: false, bundles: bundles,
                           error: "", device: "/dev/sdb1" }, extra || {});
  }
  // With seesawd's messages: the job while it runs, its result once it is done.
  function progress(phase, fraction) {
    fake.progressFraction = fraction;
    fake.progress = { phase: phase, done: fraction * 536870912, total: 536870912, rate: 41000000,
                      eta: phase === "writing" ? 3725 : -1,
                      message: phase === "done" ? "Version 2.1.0 is installed in slot B and starts after the next reboot."
                                                : "Installing acme-panel-rk3588-2.1.0.seesaw from the USB stick UPDATES 2026 into slot B" };
  }
  function summaryFor(name) {
    const versionFails = { version: { passed: false, reason: "Version 2.0.3 is already running. Reinstalling it must be asked for explicitly." } };
    switch (name) {
    case "details-downgrade": return Samples.summary({ version: "1.9.0", direction: "downgrade", checks: versionFails });
    case "details-reinstall": return Samples.summary({ version: "2.0.3", direction: "reinstall", checks: versionFails });
    case "details-untrusted": return Samples.summary({ trusted: false });
    case "details-incompatible":
    case "confirm-blocked":
      return Samples.summary({ checks: { compatible: { passed: false, reason: "Made for \"acme-panel-imx8\", but this device is \"acme-panel-rk3588\"." },
                                         power: { passed: false, reason: "The battery is at 12% and no charger is connected; at least 30% are needed." } } });
    case "details-unknown": return Samples.summary({ direction: "unknown" });
    case "details-none": return null;
    case "details-extension-warning":
    case "confirm-extension-warning":
      return Samples.summary({ checks: { extensions: { passed: true, warning: true,
        reason: "system-extensions/remote-maintenance-agent 1.14.2+build.20261120 needs VERSION_ID 2026.04; the system has 2026.10. It will not be merged after the update until a version that fits is installed.\nsite-configuration/plant-7-network 3: its release fields were not recorded when it was installed, so whether it fits the new system is unknown." } } });
    case "details-addons":
    case "confirm-addons":
      return Samples.summary({ images: false, direction: "addons", artifacts: [
        { repository: "inference-models", name: "pedestrian-detector-large", version: "2026.11.30-rc.7", type: "files", size: 412000000, stored_size: 400000000 },
        { repository: "system-extensions", name: "remote-maintenance-agent", version: "1.14.2+build.20261120", type: "sysext", size: 5000000, stored_size: 2000000 }] });
    }
    return Samples.summary();
  }
  // The dialog of the page with this objectName, opened (a page's children are its contentData).
  function open(objectName) {
    for (let i = 0; i < page.contentData.length; ++i) {
      const child = page.contentData[i];
      if (child.objectName === objectName) {
        child.open();
        return child;
      }
    }
    console.warn("no dialog " + objectName);
    return null;
  }

  // The update channel in each state Home words differently.
  function channelFor(kind) {
    const offer = { version: "2.1.0", size: 210004096, "delta-from": "2.0.3", "delta-size": 21000000,
                    "release-notes": { en: "Security fixes and a faster start-up." } };
    const base = { channel: "stable-long-term-support", offer: offer, "last-check": "2026-12-05T10:00:00Z",
                   "last-success": "2026-11-30T08:00:00Z" };
    const states = {
      "offered": { state: "update-available", "download-error": "The update server answered 503 for https://updates.example.com/v1/bundles/acme-panel-rk3588-2.1.0.seesaw." },
      "downloading": { state: "downloading", download: { phase: "downloading", done: 100000000, total: 210004096, rate: 2500000, eta: 4000 } },
      "downloaded": { state: "downloaded", "staged-version": "2.1.0", "installs-at": "2026-12-12T02:00:00Z" },
      "streamed": { state: "ready", streamed: true, "staged-version": "2.1.0", "installs-at": "2026-12-12T02:00:00Z" },
      "unreachable": { state: "failed", "error-code": "net.unreachable", error: "refused" },
      "never-reached": { state: "failed", "error-code": "net.timeout", error: "slow", "last-success": "" },
      "refused": { state: "failed", "error-code": "channel.expired", error: "The channel manifest expired on 1 December 2026; the server did not publish a newer one." },
      "no-such-channel": { state: "no-such-channel" }
    };
    return Object.assign({}, base, states[kind]);
  }

  // The fleet server (hawkBit) in each state Home words differently.
  function fleetFor(kind) {
    const states = {
      "question": { state: "question", "question-version": "2.1.0-rc.12", "maintenance-window": "Mon-Fri 02:00-04:00 Sat 03:00-05:00" },
      "question-now": { state: "question", "question-version": "2.1.0-rc.12" },
      "downloading": { state: "downloading", download: { done: 100000000, total: 210004096, rate: 2500000 } },
      "downloaded": { state: "downloaded", version: "2.1.0-rc.12" },
      "scheduled": { state: "scheduled", version: "2.1.0-rc.12", "installs-at": "2026-12-12T02:00:00Z" },
      "failed": { state: "failed", error: "The hawkBit server refused this device's credentials (HTTP 401): check its token or certificate." },
      "installed": { state: "installed", version: "2.1.0-rc.12", "last-report": "proceeding: 2.1.0-rc.12 is written to slot B. The result follows once it booted and passed its health check." }
    };
    return states[kind];
  }

  // Home, Sources and Files take their state from the doubles.
  function prepareLists(name) {
    const outcome = name.substring(5);
    if (name.startsWith("home-") && ["installed", "good", "health-failed", "boot-failed", "interrupted", "rolled-back", "failed"].indexOf(outcome) >= 0)
      fake.lastResult = { outcome: outcome, version: "2.1.0", message: daemonMessage, code: "Io", acknowledged: false };
    if (name === "home-disconnected")
      fake.connected = false;
    if (name.startsWith("home-channel-"))
      fake.channel = channelFor(name.substring(13));
    if (name.startsWith("home-fleet-"))
      fake.fleet = fleetFor(name.substring(11));
    if (name === "home-hold")
      fake.slots = [Object.assign({}, fake.otherSlot, { booted: true, hold: "Version 2.0.3 has not passed its health check yet; slot B keeps the last system known to work until it does." })];
    if (name === "sources-sticks")
      fakeMedia.rows = [
        stick([{ path: "releases/acme-panel-rk3588-2.1.0.seesaw", size: 210004096, summary: Samples.summary() },
               { path: "old/acme-panel-rk3588-1.9.0.seesaw", size: 200000000,
                 summary: Samples.summary({ version: "1.9.0", direction: "downgrade", checks: { version: { passed: false, reason: "Version 1.9.0 is older than the running 2.0.3. This device does not allow downgrades unless asked for explicitly." } } }) },
               { path: "broken.seesaw", size: 1000, error: "The bundle is damaged: the central directory is missing." }]),
        stick([], { mediaId: "usb-2", label: "", scanning: true }),
        stick([], { mediaId: "usb-3", label: "BACKUP", error: "The stick could not be mounted: the file system is damaged." })
      ];
    if (name.startsWith("files"))
      fakeBrowser.rows = [
        { name: "older-releases-kept-for-the-service-technicians", path: fakeBrowser.folder + "/older", isDir: true, size: 0, modified: new Date() },
        { name: "acme-panel-rk3588-2.1.0-rc.12+build.20261120.seesaw", path: fakeBrowser.folder + "/a.seesaw", isDir: false, size: 210004096, modified: new Date() }
      ];
    if (name.startsWith("addons"))
      fake.artifacts = [
        { repository: "inference-models", type: "files", name: "pedestrian-detector-large", version: "2026.11.30-rc.7", previous: "2026.10.02", bytes: 412000000, kept: [] },
        { repository: "system-extensions", type: "sysext", name: "remote-maintenance-agent", version: "1.14.2+build.20261120", previous: "", bytes: 5000000, kept: [] },
        { repository: "site-configuration", type: "confext", name: "plant-7-network", version: "", previous: "3", bytes: 0, kept: [] },
        { repository: "web-ui", type: "tree", name: "operator-panel", version: "3.0.0", previous: "2.9.1", bytes: 2150400, kept: [] }
      ];
    if (name === "files-error")
      fakeBrowser.error = "Cannot open /media/technician/UPDATES: permission denied.";
  }
  // The page's own properties for the state.
  function prepareProperties(name, props) {
    if (name.startsWith("details") || name.startsWith("confirm"))
      props.summary = summaryFor(name);
    if (name.startsWith("details"))
      props.language = languages.current;
    if (name === "addons-failed" || name === "addons-rolled-back") {
      props.resultFailed = name === "addons-failed";
      props.chosen = fake.artifacts[0];
      props.result = props.resultFailed ? daemonMessage
                                        : "inference-models/pedestrian-detector-large is back at version 2026.10.02.";
    }
    if (name === "done-addons") {
      props.success = true;
      props.needsReboot = false;
      props.message = "Add-ons installed and in use: inference-models/pedestrian-detector-large 2026.11.30-rc.7, system-extensions/remote-maintenance-agent 1.14.2. The health check passed.";
      return;
    }
    if (name.startsWith("done")) {
      props.success = name === "done-success" || name === "done-reboot-error";
      props.code = name === "done-cancelled" ? "Cancelled" : (name === "done-failed" ? "Io" : "");
      props.message = props.success ? "" : daemonMessage;
      if (name === "done-failed")
        fake.primarySlot = "B"; // the failed install's predecessor waits for the restart
      if (name === "done-reboot-error")
        props.rebootError = "The device did not restart: systemd refused the reboot request because a shutdown is already in progress.";
    }
    if (name.startsWith("history")) {
      fakeMedia.rows = [stick([])];
      if (name !== "history") {
        props.exportFailed = name === "history-export-failed";
        props.exportResult = props.exportFailed ? daemonMessage : "seesaw-report-acme-panel-rk3588-20261120T083000Z.txt";
      }
    }
    if (name.startsWith("progress"))
      fake.state = name === "progress-finished" ? "installed" : "installing";
  }
  // What happens on the page once it is shown.
  function afterShown(name) {
    switch (name) {
    case "progress-writing": progress("writing", 0.44); break;
    case "progress-committing": progress("committing", 1); break;
    case "progress-finished":
      fake.installFinished = true;
      fake.averageRate = 38500000;
      fake.installSeconds = 3725;
      progress("done", 1);
      break;
    case "progress-cancel-dialog": progress("writing", 0.2); open("cancelDialog"); break;
    case "confirm-start-error":
      fake.primarySlot = "B"; // an earlier install waits for the restart
      page.startError = daemonMessage;
      break;
    case "home-info": page.infoMessage = daemonMessage; break;
    case "home-rollback-dialog": open("rollbackDialog"); break;
    case "addons-rollback-dialog": page.chosen = fake.artifacts[0]; open("addonRollbackDialog"); break;
    case "home-language-dialog": languageComponent.createObject(page).open(); break;
    }
  }

  function show(name) {
    if (page)
      page.destroy();
    page = null;
    reset();
    const components = { home: homeComponent, sources: sourcesComponent, files: filesComponent,
                         details: detailsComponent, confirm: confirmComponent, progress: progressComponent,
                         done: doneComponent, history: historyComponent, addons: addonsComponent };
    const props = { width: root.width, height: root.height };
    prepareLists(name);
    prepareProperties(name, props);
    page = components[name.split("-")[0]].createObject(root, props);
    afterShown(name);
    return page;
  }
}
