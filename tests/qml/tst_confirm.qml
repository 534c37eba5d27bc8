import QtQuick
import QtTest
import Seesaw
import "samples.js" as Samples

// Risk: an untrusted or incompatible bundle reaches Install, the install is started with
// another hash or source than the one shown, or keyboard users cannot reach every button.
Item {
  id: root
  width: 800
  height: 480

  MockUpdater {
    id: fake
  }
  Component {
    id: pageComponent
    ConfirmPage {
      width: root.width
      height: root.height
      updater: fake
      currentVersion: "2.0.3"
    }
  }
  Component {
    id: spyComponent
    SignalSpy {}
  }

  TestCase {
    name: "Confirm"
    when: windowShown

    function init() {
      fake.calls = [];
    }
    function make(summary, source) {
      const page = createTemporaryObject(pageComponent, root, {
        summary: summary,
        source: source || { kind: "media", mediaId: "m1", path: "dir/acme.seesaw", name: "acme.seesaw" }
      });
      page.activate();
      return page;
    }

    function test_blocked_bundles_cannot_install_data() {
      return [
        { tag: "untrusted", summary: Samples.summary({ trusted: false }), reason: "No signature by a trusted key." },
        { tag: "incompatible", summary: Samples.summary({ checks: { compatible: { passed: false, reason: "Made for acme-panel-imx8, not acme-panel-rk3588." } } }), reason: "acme-panel-imx8" },
        { tag: "no-power", summary: Samples.summary({ checks: { power: { passed: false, reason: "The battery is at 12%." } } }), reason: "12%" },
        { tag: "daemon-says-no", summary: Object.assign(Samples.summary(), { installable: false }), reason: "does not allow" },
        { tag: "delta-wrong-base", summary: Samples.summary({ delta: { from: "2.0.0", full_size: 210004096 },
            checks: { "delta-base": { passed: false, reason: "This update is a delta from 2.0.0; this device runs 2.0.3. Use the full 2.1.0 bundle." } } }),
          reason: "Use the full 2.1.0 bundle." }
      ];
    }
    function test_blocked_bundles_cannot_install(row) {
      const page = make(row.summary);
      const install = findChild(page, "installButton");
      compare(install.visible, false);
      compare(install.enabled, false);
      const banner = findChild(page, "blockedBanner");
      verify(banner.visible);
      verify(banner.detail.indexOf(row.reason) >= 0, banner.detail);
      page.install();   // even when called directly
      keyClick(Qt.Key_Return);
      compare(fake.callsTo("installFromMedium").length, 0);
      compare(fake.callsTo("installFile").length, 0);
    }

    // An OS update under which an installed extension will not be merged says so before
    // Install, as a warning that does not block; a plain pass shows no such banner.
    function test_extension_warning_before_install() {
      const reason = "extensions/monitor 1.0 needs VERSION_ID 1.0.0; the system has 2.0.0. It will not be merged after the update until a version that fits is installed.";
      const page = make(Samples.summary({ checks: { extensions: { passed: true, warning: true, reason: reason } } }));
      const banner = findChild(page, "warning_extensions");
      verify(banner && banner.visible);
      compare(banner.detail, reason);
      compare(banner.status, StatusLine.Status.Warning);
      verify(findChild(page, "installButton").enabled);
      const fits = make(Samples.summary({ checks: { extensions: { passed: true, warning: false, reason: "The installed extensions fit the new system." } } }));
      compare(findChild(fits, "warning_extensions"), null);
    }

    // A bundle of add-ons only says that no slot is written and nothing restarts.
    function test_addons_only_say_what_happens() {
      const page = make(Object.assign(Samples.summary(), { direction: "addons" }));
      compare(findChild(page, "confirmQuestion").text, "Install the add-ons 2.1.0?");
      verify(findChild(page, "whatHappens").text.indexOf("nothing restarts") >= 0);
      verify(findChild(make(Samples.summary()), "whatHappens").text.indexOf("slot") >= 0);
    }

    // Before confirming, a delta says what it is and that this device runs its base.
    function test_delta_shows_base_verdict() {
      const page = make(Samples.summary({ delta: { from: "2.0.3", full_size: 210004096 },
                                          checks: { "delta-base": { passed: true, reason: "This update is a delta from 2.0.3; this device runs it." } } }));
      const delta = findChild(page, "confirmDelta");
      verify(delta.visible);
      compare(delta.value, "Delta update from 2.0.3 — 48.0 MB instead of 210.0 MB\nThis update is a delta from 2.0.3; this device runs it.");
      verify(findChild(page, "installButton").enabled);
      verify(!findChild(make(Samples.summary()), "confirmDelta").visible);
    }

    function test_install_from_medium_with_confirmed_hash() {
      const page = make(Samples.summary());
      const spy = createTemporaryObject(spyComponent, root, { target: page, signalName: "installStarted" });
      mouseClick(findChild(page, "installButton"));
      const calls = fake.callsTo("installFromMedium");
      compare(calls.length, 1);
      compare(calls[0].args, ["m1", "dir/acme.seesaw", "ab".repeat(32)]);
      compare(findChild(page, "installButton").enabled, false);   // no second start
      fake.started(calls[0].id + 100, "other-tx");                 // someone else's reply
      compare(spy.count, 0);
      fake.started(calls[0].id, "tx-1");
      compare(spy.count, 1);
      compare(spy.signalArguments[0][0], "tx-1");
    }

    // A reinstall or downgrade the operator asked for on the details page reaches the daemon
    // as its option; without it, the same bundle stays blocked.
    function test_override_passes_the_option_data() {
      return [
        { tag: "reinstall", version: "2.0.3", options: { reinstall: true } },
        { tag: "downgrade", version: "1.9.0", options: { "allow-downgrade": true } }
      ];
    }
    function test_override_passes_the_option(row) {
      const summary = Samples.summary({ version: row.version, direction: row.tag,
                                        checks: { version: { passed: false, reason: "Asked for explicitly." } } });
      let page = make(summary);
      compare(findChild(page, "installButton").visible, false);
      page.destroy();
      page = createTemporaryObject(pageComponent, root, {
        summary: summary, versionOverride: row.tag,
        source: { kind: "media", mediaId: "m1", path: "dir/acme.seesaw", name: "acme.seesaw" } });
      page.activate();
      verify(findChild(page, "directionText").text.indexOf(row.version) >= 0);
      mouseClick(findChild(page, "installButton"));
      const calls = fake.callsTo("installFromMedium");
      compare(calls.length, 1);
      compare(JSON.stringify(calls[0].options), JSON.stringify(row.options));
    }

    function test_install_file() {
      const page = make(Samples.summary(), { kind: "file", path: "/home/op/acme.seesaw", name: "acme.seesaw" });
      mouseClick(findChild(page, "installButton"));
      compare(fake.callsTo("installFile")[0].args, ["/home/op/acme.seesaw", "ab".repeat(32)]);
    }

    function test_start_failure_says_nothing_changed() {
      const page = make(Samples.summary());
      mouseClick(findChild(page, "installButton"));
      fake.failed(fake.callsTo("installFromMedium")[0].id, "HashMismatch", "The bundle changed since it was shown.");
      const error = findChild(page, "startError");
      verify(error.visible);
      verify(error.detail.indexOf("The bundle changed since it was shown.") >= 0);
      verify(error.detail.indexOf("Nothing changed; the device still runs version 2.0.3 from slot A.") >= 0);
      verify(findChild(page, "installButton").enabled);
    }

    function test_tab_reaches_every_button() {
      const page = make(Samples.summary());
      const wanted = ["backButton", "installButton", "cancelButton"];
      const seen = {};
      for (let i = 0; i < 12; ++i) {
        keyClick(Qt.Key_Tab);
        const item = root.Window.activeFocusItem;
        verify(item !== null);
        seen[item.objectName] = true;
        if (wanted.indexOf(item.objectName) >= 0)
          verify(item.visualFocus, item.objectName + " shows its focus ring");
      }
      for (const name of wanted)
        verify(seen[name], name + " is reachable with Tab; saw " + Object.keys(seen));
    }

    function test_escape_goes_back() {
      const page = make(Samples.summary());
      const spy = createTemporaryObject(spyComponent, root, { target: page, signalName: "backRequested" });
      keyClick(Qt.Key_Escape);
      compare(spy.count, 1);
    }

    function test_cancel_key_and_enter() {
      const page = make(Samples.summary());
      const spy = createTemporaryObject(spyComponent, root, { target: page, signalName: "backRequested" });
      // The initial focus is on Cancel: Enter takes the safe way out.
      keyClick(Qt.Key_Return);
      compare(spy.count, 1);
      compare(fake.callsTo("installFromMedium").length, 0);
    }
  }
}
