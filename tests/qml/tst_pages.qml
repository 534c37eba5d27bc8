import QtQuick
import QtTest
import Seesaw
import SeesawTest
import "samples.js" as Samples

// Risk: a page hides the last outcome or offers a roll back that cannot happen, a stick's
// bundles cannot be chosen, Escape does not go back, an error does not say what the device
// runs, or the report export goes to the wrong stick.
Item {
  id: root
  width: 800
  height: 480

  MockUpdater {
    id: fake
  }
  MapListModel {
    id: fakeMedia
    property var rescanned: []
    function rescan(mediaId) {
      rescanned.push(mediaId);
    }
  }
  MapListModel {
    id: fakeHistory
    property bool loading: false
    property string error
    property int reloads: 0
    function reload() {
      reloads++;
    }
  }
  Component {
    id: homeComponent
    HomePage {
      width: root.width
      height: root.height
      updater: fake
    }
  }
  Component {
    id: sourcesComponent
    SourcesPage {
      width: root.width
      height: root.height
      media: fakeMedia
    }
  }
  Component {
    id: doneComponent
    DonePage {
      width: root.width
      height: root.height
      updater: fake
    }
  }
  Component {
    id: addonsComponent
    AddonsPage {
      width: root.width
      height: root.height
      updater: fake
    }
  }
  Component {
    id: historyComponent
    HistoryPage {
      width: root.width
      height: root.height
      updater: fake
      media: fakeMedia
      history: fakeHistory
    }
  }
  MapListModel {
    id: fakeBrowser
    property string folder: "/media/op"
    property string parentFolder: "/media"
    property string error
    property var visited: []
    function cd(path) {
      visited.push(path);
    }
    function up() {
      visited.push("..");
    }
  }
  QtObject {
    id: fakeLanguage
    property string current: "en"
    property var available: [{ code: "en", nativeName: "English" }, { code: "de", nativeName: "Deutsch" }]
    function setLanguage(code) {
      current = code;
      return true;
    }
  }
  Component {
    id: filesComponent
    FileBrowserPage {
      width: root.width
      height: root.height
      updater: fake
      browser: fakeBrowser
    }
  }
  Component {
    id: languageComponent
    LanguageDialog {
      language: fakeLanguage
    }
  }
  Component {
    id: spyComponent
    SignalSpy {}
  }

  TestCase {
    name: "Pages"
    when: windowShown

    function init() {
      fake.calls = [];
      fake.canRollBack = true;
      fake.lastResult = { outcome: "none", acknowledged: false };
      fakeMedia.rows = [];
      fake.slots = [fake.otherSlot];
      fake.primarySlot = "A";
      fake.state = "idle";
      fake.channel = { state: "disabled" };
      fake.artifacts = [];
    }
    function make(component, props) {
      const page = createTemporaryObject(component, root, props || {});
      page.activate();
      return page;
    }
    function spy(target, signalName) {
      return createTemporaryObject(spyComponent, root, { target: target, signalName: signalName });
    }

    function test_home_outcome_data() {
      return [
        { tag: "good", outcome: "good", title: "The update is running and healthy" },
        { tag: "health-failed", outcome: "health-failed", title: "The update failed its health check and was rolled back" },
        { tag: "boot-failed", outcome: "boot-failed", title: "The update did not start and was rolled back" },
        { tag: "interrupted", outcome: "interrupted", title: "The update was interrupted before it was switched on" },
        { tag: "failed", outcome: "failed", title: "The update failed" },
        { tag: "rolled-back", outcome: "rolled-back", title: "Rolled back to the previous system" }
      ];
    }
    function test_home_outcome(row) {
      fake.lastResult = { outcome: row.outcome, version: "2.1.0", message: "msg", detail: "script 20-app exited with 1",
                at: "2026-11-21T10:00:00Z", acknowledged: false };
      const page = make(homeComponent);
      const banner = findChild(page, "outcomeBanner");
      verify(banner.visible);
      compare(banner.title, row.title);
      verify(banner.detail.indexOf("script 20-app exited with 1") >= 0);
      mouseClick(findChild(page, "acknowledgeButton"));
      compare(fake.callsTo("acknowledgeResult").length, 1);
      fake.lastResult = Object.assign({}, fake.lastResult, { acknowledged: true });
      verify(!banner.visible);
    }

    // Issue 16.4: what the update channel offers, how its download goes, when a downloaded update
    // installs, and why the server is silent, in words, with the actions that fit.
    function test_home_channel_data() {
      const offer = { version: "2.1.0", size: 48000000, "release-notes": { "": "Security fixes." } };
      const installsAt = "2026-12-12T02:00:00Z";
      return [
        { tag: "offered", channel: { state: "update-available", channel: "stable", offer: offer },
          title: "Update 2.1.0 available (stable)", detail: "Security fixes.\nDownload: 48.0 MB", buttons: [] },
        { tag: "offered as a delta", channel: { state: "update-available", channel: "stable",
              offer: Object.assign({ "delta-from": "2.0.3", "delta-size": 5900000 }, offer) },
          title: "Update 2.1.0 available (stable)", detail: "Security fixes.\nDownload: 5.9 MB (a delta from 2.0.3)",
          buttons: [] },
        { tag: "download failed", channel: { state: "update-available", channel: "stable", offer: offer,
              "download-error": "The update server answered 404 for https://u/b.seesaw." },
          title: "Update 2.1.0 available (stable)",
          detail: "Security fixes.\nDownload: 48.0 MB\nThe download failed: The update server answered 404 for https://u/b.seesaw.",
          buttons: ["downloadButton"] },
        { tag: "downloading", channel: { state: "downloading", channel: "stable", offer: offer,
              download: { phase: "downloading", done: 12000000, total: 48000000, rate: 2000000, eta: 18 } },
          title: "Downloading update 2.1.0 (stable)", detail: "12.0 MB of 48.0 MB · 2.0 MB/s · 18 s left\nSecurity fixes.",
          buttons: [] },
        { tag: "downloaded", channel: { state: "downloaded", channel: "stable", offer: offer,
              "staged-version": "2.1.0", "installs-at": installsAt },
          title: "Update 2.1.0 is ready to install",
          detail: "Downloaded — installs " + Format.dayTime(installsAt) + "\nSecurity fixes.",
          buttons: ["installNowButton", "notNowButton"] },
        { tag: "streamed", channel: { state: "ready", streamed: true, channel: "stable", offer: offer,
              "staged-version": "2.1.0", "installs-at": installsAt },
          title: "Update 2.1.0 is ready to install",
          detail: "Installs " + Format.dayTime(installsAt)
                  + " straight from the update server; every part is checked before it is written.\nSecurity fixes.",
          buttons: ["installNowButton", "notNowButton"] },
        { tag: "unreachable", channel: { state: "failed", channel: "stable", "error-code": "net.unreachable",
              error: "refused", "last-success": "2026-11-30T08:00:00Z" },
          title: "No news from the update server",
          detail: "The update server could not be reached since " + Format.dayTime("2026-11-30T08:00:00Z")
                  + "; the device keeps running 2.0.3.",
          buttons: ["checkAgainButton"] },
        { tag: "refused", channel: { state: "failed", channel: "stable", "error-code": "channel.expired",
              error: "The channel manifest expired on 1 December." },
          title: "No news from the update server",
          detail: "The update information was refused: The channel manifest expired on 1 December. The device keeps running 2.0.3.",
          buttons: ["checkAgainButton"] },
        { tag: "up to date", channel: { state: "up-to-date", channel: "stable", "last-check": "2026-12-05T10:00:00Z" },
          title: "", line: "stable: up to date (checked " + Format.dateTime("2026-12-05T10:00:00Z") + ")" },
        { tag: "not configured", channel: { state: "disabled" }, title: "" }
      ];
    }
    function test_home_channel(row) {
      fake.channel = row.channel;
      const page = make(homeComponent);
      const banner = findChild(page, "channelBanner");
      compare(banner.visible, row.title.length > 0);
      compare(findChild(page, "channelLine").visible, row.channel.state !== "disabled");
      if (row.line)
        compare(findChild(findChild(page, "channelLine"), "value").text, row.line);
      if (!banner.visible)
        return;
      compare(banner.title, row.title);
      compare(banner.detail, row.detail);
      for (const name of ["installNowButton", "notNowButton", "downloadButton", "checkAgainButton"])
        compare(findChild(page, name).visible, row.buttons.indexOf(name) >= 0, name);
    }
    function test_home_channel_actions() {
      fake.channel = { state: "downloaded", channel: "stable", "staged-version": "2.1.0",
                       "installs-at": "2026-12-12T02:00:00Z", offer: { version: "2.1.0", size: 1 } };
      const page = make(homeComponent);
      mouseClick(findChild(page, "installNowButton"));
      compare(fake.callsTo("installUpdate").length, 1);
      mouseClick(findChild(page, "notNowButton"));
      verify(!findChild(page, "channelBanner").visible);
      // Another download later: shown again.
      fake.channel = Object.assign({}, fake.channel, { "staged-version": "2.1.1" });
      verify(findChild(page, "channelBanner").visible);
      fake.channel = { state: "failed", channel: "stable", "error-code": "net.timeout", error: "slow" };
      mouseClick(findChild(page, "checkAgainButton"));
      compare(fake.callsTo("checkChannel").length, 1);
    }

    function test_home_fleet_data() {
      return [
        { tag: "question with a window",
          fleet: { state: "question", "question-version": "2.1.0", "maintenance-window": "daily 02:00-04:00" },
          title: "Update 2.1.0 from your fleet server",
          detail: "Install it? If you agree, it installs in the maintenance window (daily 02:00-04:00). Not now: the server asks again later.",
          buttons: ["fleetYesButton", "fleetNotNowButton"] },
        { tag: "question", fleet: { state: "question", "question-version": "2.1.0" },
          title: "Update 2.1.0 from your fleet server",
          detail: "Install it now? Not now: the server asks again later.",
          buttons: ["fleetYesButton", "fleetNotNowButton"] },
        { tag: "scheduled", fleet: { state: "scheduled", version: "2.1.0", "installs-at": "2026-12-12T02:00:00Z" },
          title: "Update 2.1.0 from your fleet server is ready",
          detail: "Downloaded and checked. It installs " + Format.installTime("2026-12-12T02:00:00Z") + ".",
          buttons: ["fleetInstallNowButton"] },
        { tag: "failed", fleet: { state: "failed", error: "The hawkBit server refused this device's credentials (HTTP 401): check its token or certificate." },
          title: "No news from the fleet server",
          detail: "The fleet server could not be asked: The hawkBit server refused this device's credentials (HTTP 401): check its token or certificate.",
          buttons: ["fleetCheckButton"] },
        { tag: "installed", fleet: { state: "installed", version: "2.1.0", "last-report": "proceeding: 2.1.0 is written to slot B." },
          title: "", line: "last told the server: proceeding: 2.1.0 is written to slot B." },
        { tag: "not configured", fleet: { state: "disabled" }, title: "" }
      ];
    }
    function test_home_fleet(row) {
      fake.fleet = row.fleet;
      const page = make(homeComponent);
      const banner = findChild(page, "fleetBanner");
      compare(banner.visible, row.title.length > 0);
      compare(findChild(page, "fleetLine").visible, row.fleet.state !== "disabled");
      if (row.line)
        compare(findChild(findChild(page, "fleetLine"), "value").text, row.line);
      if (!banner.visible)
        return;
      compare(banner.title, row.title);
      compare(banner.detail, row.detail);
      for (const name of ["fleetYesButton", "fleetNotNowButton", "fleetInstallNowButton", "fleetCheckButton"])
        compare(findChild(page, name).visible, row.buttons.indexOf(name) >= 0, name);
    }
    function test_home_fleet_answers() {
      fake.fleet = { state: "question", "question-version": "2.1.0" };
      const page = make(homeComponent);
      mouseClick(findChild(page, "fleetNotNowButton"));
      compare(fake.callsTo("answerFleet").length, 1);
      compare(fake.callsTo("answerFleet")[0].args, [false]);
      mouseClick(findChild(page, "fleetYesButton"));
      compare(fake.callsTo("answerFleet").length, 2);
      compare(fake.callsTo("answerFleet")[1].args, [true]);
    }

    function test_home_rollback_needs_confirmation() {
      const page = make(homeComponent);
      const button = findChild(page, "rollbackButton");
      verify(button.visible);
      mouseClick(button);
      const dialog = findChild(page, "rollbackDialog");
      tryVerify(() => dialog.opened);
      compare(fake.callsTo("rollback").length, 0);
      mouseClick(findChild(dialog.contentItem, "acceptButton"));
      compare(fake.callsTo("rollback").length, 1);
    }

    // Issue 12.3: while the running system awaits its health check, Home says why installs wait.
    function test_home_says_installs_wait_for_the_health_check() {
      const page = make(homeComponent);
      const banner = findChild(page, "holdBanner");
      verify(!banner.visible);
      const hold = "Version 2.0.3 in slot A has not passed its health check yet.";
      fake.slots = [Object.assign({}, fake.otherSlot, { bootname: "A", booted: true, hold: hold }),
                    fake.otherSlot];
      verify(banner.visible);
      compare(banner.title, "Updates wait for the health check");
      compare(banner.detail, hold);
      fake.slots = [fake.otherSlot];
      verify(!banner.visible);
    }

    function test_home_no_rollback_when_not_possible() {
      fake.canRollBack = false;
      const page = make(homeComponent);
      compare(findChild(page, "rollbackButton").visible, false);
    }

    function test_home_shows_versions_and_slots() {
      const page = make(homeComponent);
      compare(findChild(findChild(page, "runningVersion"), "value").text, "version 2.0.3 from slot A");
      compare(findChild(findChild(page, "otherSlot"), "value").text, "slot B: 2.0.2 (known good)");
    }

    // Issue 14.8: the two slots side by side, A left of B, whichever runs.
    function test_home_slot_picture_data() {
      return [
        { tag: "A runs, B good", primary: "A", other: { state: "good", version: "2.0.2" },
          a: ["2.0.3", "Running · starts next", "known good"], b: ["2.0.2", "", "known good"],
          spokenB: "Slot B: version 2.0.2; known good" },
        { tag: "B bad", primary: "A", other: { state: "bad", version: "2.1.0" },
          a: ["2.0.3", "Running · starts next", "known good"], b: ["2.1.0", "", "not bootable"],
          spokenB: "Slot B: version 2.1.0; not bootable" },
        { tag: "B empty", primary: "A", other: { state: "", version: "" },
          a: ["2.0.3", "Running · starts next", "known good"], b: ["Empty", "", ""],
          spokenB: "Slot B: no system" },
        { tag: "B starts next", primary: "B", other: { state: "installed", version: "2.1.0" },
          a: ["2.0.3", "Running", "known good"], b: ["2.1.0", "Starts next", "installed, not yet started"],
          spokenB: "Slot B: version 2.1.0; starts next; installed, not yet started" },
        { tag: "B runs", primary: "B", booted: "B", other: { bootname: "A", state: "good", version: "2.0.2" },
          a: ["2.0.2", "", "known good"], b: ["2.0.3", "Running · starts next", "known good"],
          spokenB: "Slot B: version 2.0.3; running now; starts next; known good" },
        { tag: "factory: A unrecorded", primary: "A", bootedEntry: { bootname: "A", booted: true },
          other: { state: "", version: "" },
          a: ["2.0.3", "Running · starts next", ""], b: ["Empty", "", ""],
          spokenB: "Slot B: no system", spokenA: "Slot A: version 2.0.3; running now; starts next" }
      ];
    }
    function test_home_slot_picture(row) {
      fake.primarySlot = row.primary;
      fake.bootedSlot = row.booted || "A";
      const booted = row.bootedEntry || { bootname: fake.bootedSlot, booted: true, state: "good", version: "2.0.3" };
      fake.slots = [Object.assign({}, fake.otherSlot, row.other), booted];
      const page = make(homeComponent);
      const picture = findChild(page, "slotPicture");
      for (const [name, want] of [["A", row.a], ["B", row.b]]) {
        const card = findChild(picture, "slotCard_" + name);
        verify(card, "no card for slot " + name);
        compare(findChild(card, "version").text, want[0], name);
        const badge = findChild(card, "badge");
        compare(badge.visible ? badge.text : "", want[1], name);
        compare(findChild(card, "state").text, want[2], name);
        verify(!findChild(card, "fill").visible, name);
      }
      const a = findChild(picture, "slotCard_A"), b = findChild(picture, "slotCard_B");
      verify(a.x < b.x, "slot A is drawn left of slot B");
      compare(b.Accessible.name, row.spokenB);
      if (row.spokenA)
        compare(a.Accessible.name, row.spokenA);
      fake.bootedSlot = "A";
    }

    function test_sources_choose_bundle() {
      fakeMedia.rows = [{ mediaId: "m1", label: "UPDATES", vendor: "SanDisk", model: "Cruzer", size: 16e9,
                fsType: "vfat", scanning: false, error: "",
                bundles: [{ path: "dir/acme-2.1.0.seesaw", size: 210004096, summary: Samples.summary() },
                      { path: "broken.seesaw", size: 10, error: "Not a bundle." }] }];
      const page = make(sourcesComponent);
      const chosen = spy(page, "bundleChosen");
      compare(findChild(page, "noMediaHint").visible, false);
      const broken = findChild(page, "bundle_1");
      compare(broken.enabled, false);
      verify(broken.subtitle.indexOf("Not a bundle.") >= 0);
      mouseClick(findChild(page, "bundle_0"));
      compare(chosen.count, 1);
      const source = chosen.signalArguments[0][1];
      compare(source.kind, "media");
      compare(source.mediaId, "m1");
      compare(source.path, "dir/acme-2.1.0.seesaw");
      compare(chosen.signalArguments[0][0].version, "2.1.0");
    }

    // Risk: markup or "%N" in a stick label or a bundle's file name is interpreted on the
    // Sources page instead of being shown as it is.
    function test_sources_hostile_text_is_plain() {
      const hostile = "%1 %2 <b>&#x202e;";
      fakeMedia.rows = [{ mediaId: "m1", label: hostile, vendor: "", model: "", size: 16e9,
                fsType: "ext4", scanning: false, error: "",
                bundles: [{ path: "dir/" + hostile + ".seesaw", size: 210004096,
                            summary: Samples.summary() }] }];
      const page = make(sourcesComponent);
      const title = findChild(page, "sectionTitle");
      compare(title.text, hostile + " (16.00 GB)");
      compare(title.textFormat, Text.PlainText);
      const button = findChild(page, "bundle_0");
      compare(button.text, hostile + ".seesaw");
      compare(button.subtitle, "Version 2.1.0, 210.0 MB");
    }

    function test_sources_empty_and_escape() {
      const page = make(sourcesComponent);
      verify(findChild(page, "noMediaHint").visible);
      const back = spy(page, "backRequested");
      keyClick(Qt.Key_Escape);
      compare(back.count, 1);
      mouseClick(findChild(page, "backButton"));
      compare(back.count, 2);
    }

    function test_done_failure_says_device_state() {
      const page = make(doneComponent, { success: false, code: "Io", message: "Reading the stick failed." });
      const banner = findChild(page, "errorBanner");
      verify(banner.visible);
      compare(banner.title, "Nothing changed; the device still runs version 2.0.3 from slot A.");
      compare(banner.detail, "Reading the stick failed.");
      compare(findChild(page, "rebootButton").visible, false);
    }

    function test_done_success_reboot_or_later() {
      fake.primarySlot = "B";
      const page = make(doneComponent, { success: true, version: "2.1.0" });
      compare(findChild(page, "doneHeadline").text, "Version 2.1.0 is installed.");
      const home = spy(page, "homeRequested");
      mouseClick(findChild(page, "laterButton"));
      compare(home.count, 1);
      mouseClick(findChild(page, "rebootButton"));
      compare(fake.callsTo("reboot").length, 1);
      fake.primarySlot = "A";
    }

    function test_files_inspect_then_choose() {
      fakeBrowser.rows = [{ name: "bundles", path: "/media/op/bundles", isDir: true, size: 0, modified: new Date() },
                { name: "acme.seesaw", path: "/media/op/acme.seesaw", isDir: false, size: 210004096, modified: new Date() }];
      const page = make(filesComponent);
      const chosen = spy(page, "bundleChosen");
      tryVerify(() => findChild(page, "entry_1") !== null);
      mouseClick(findChild(page, "entry_0"));
      compare(fakeBrowser.visited, ["/media/op/bundles"]);
      mouseClick(findChild(page, "upButton"));
      compare(fakeBrowser.visited[1], "..");
      mouseClick(findChild(page, "entry_1"));
      let call = fake.callsTo("inspectFile")[0];
      compare(call.args, ["/media/op/acme.seesaw"]);
      fake.failed(call.id, "InvalidBundle", "Not a Seesaw bundle.");
      verify(findChild(page, "inspectError").visible);
      compare(chosen.count, 0);
      mouseClick(findChild(page, "entry_1"));
      call = fake.callsTo("inspectFile")[1];
      fake.inspected(call.id, Samples.summary());
      compare(chosen.count, 1);
      compare(chosen.signalArguments[0][1].kind, "file");
      compare(chosen.signalArguments[0][1].path, "/media/op/acme.seesaw");
    }

    function test_home_tab_reaches_actions() {
      const page = make(homeComponent, { language: fakeLanguage });
      const seen = {};
      for (let i = 0; i < 10; ++i) {
        keyClick(Qt.Key_Tab);
        seen[root.Window.activeFocusItem.objectName] = true;
      }
      for (const name of ["installButton", "historyButton", "rollbackButton", "languageButton"])
        verify(seen[name], name + " reachable; saw " + Object.keys(seen));
    }

    function test_language_dialog() {
      const dialog = createTemporaryObject(languageComponent, root);
      dialog.open();
      tryVerify(() => dialog.opened);
      const list = findChild(dialog.contentItem, "languageList");
      compare(list.count, 2);
      keyClick(Qt.Key_Down);
      keyClick(Qt.Key_Return);
      compare(fakeLanguage.current, "de");
      tryVerify(() => !dialog.visible);
      fakeLanguage.current = "en";
    }

    function test_history_export() {
      fakeHistory.rows = [{ seq: 1, time: new Date("2026-11-20T10:00:00Z"), event: "installed", summary: "Installed 2.1.0 into slot B", details: {} }];
      let page = make(historyComponent);
      verify(fakeHistory.reloads > 0);
      verify(findChild(page, "exportHint").visible);
      compare(findChild(page, "historyList").count, 1);
      page.destroy();
      fakeMedia.rows = [{ mediaId: "m1", label: "UPDATES", vendor: "", model: "", size: 1, fsType: "vfat", scanning: false, error: "", bundles: [] },
                { mediaId: "m2", label: "REPORTS", vendor: "", model: "", size: 1, fsType: "vfat", scanning: false, error: "", bundles: [] }];
      page = make(historyComponent);
      compare(findChild(page, "exportHint").visible, false);
      mouseClick(findChild(page, "exportButton_1"));
      const call = fake.callsTo("exportReport")[0];
      compare(call.args, ["m2"]);
      fake.done(call.id, "seesaw-report-acme-20261122T1530Z.txt");
      const banner = findChild(page, "exportBanner");
      verify(banner.visible);
      compare(banner.detail, "The report was saved on REPORTS as seesaw-report-acme-20261122T1530Z.txt.");
    }

    // Issue 17.6: the Add-ons page lists each layer with its version and size, and a rollback
    // is asked for only after a confirmation that names both versions.
    function test_addons_rollback_needs_confirmation() {
      let home = make(homeComponent);
      compare(findChild(home, "addonsButton").visible, false);
      home.destroy();
      fake.artifacts = [
        { repository: "models", type: "files", name: "detector", version: "2.1.0", previous: "2.0.0", bytes: 412000000, kept: ["2.0.0", "2.1.0"] },
        { repository: "extensions", type: "sysext", name: "monitor", version: "1.0", previous: "", bytes: 5000000, kept: ["1.0"] }
      ];
      home = make(homeComponent);
      verify(findChild(home, "addonsButton").visible);
      const page = make(addonsComponent);
      compare(findChild(page, "addonList").count, 2);
      compare(findChild(page, "addonName_0").text, "models/detector");
      compare(findChild(page, "addonVersion_0").text, "File · version 2.1.0 · 412.0 MB");
      tryVerify(() => findChild(page, "addonRollback_1") !== null);
      compare(findChild(page, "addonRollback_1").visible, false);
      const button = findChild(page, "addonRollback_0");
      verify(button.visible);
      compare(button.text, "Back to 2.0.0");
      mouseClick(button);
      const dialog = findChild(page, "addonRollbackDialog");
      tryVerify(() => dialog.opened);
      compare(dialog.title, "Roll models/detector back to version 2.0.0?");
      compare(fake.callsTo("rollbackArtifact").length, 0);
      mouseClick(findChild(dialog.contentItem, "acceptButton"));
      const calls = fake.callsTo("rollbackArtifact");
      compare(calls.length, 1);
      compare(calls[0].args, ["models", "detector"]);
      fake.failed(calls[0].id, "Failed", "The health check failed after the rollback: unit app.service is failed");
      const banner = findChild(page, "addonResult");
      verify(banner.visible);
      compare(banner.detail, "The health check failed after the rollback: unit app.service is failed");
    }

    // Issue 17.2: add-ons are in use once installed: the end page offers no restart.
    function test_done_for_addons_offers_no_restart() {
      const page = make(doneComponent, { success: true, needsReboot: false, version: "2026.12.1",
                       message: "Add-ons installed and in use: models/detector 2.1.0. The health check passed." });
      compare(findChild(page, "rebootButton").visible, false);
      compare(findChild(page, "doneHeadline").text, "The add-ons are installed and in use.");
      compare(findChild(page, "doneExplanation").text,
              "Add-ons installed and in use: models/detector 2.1.0. The health check passed.");
      compare(findChild(page, "laterButton").text, "Back to start");
    }
  }
}
