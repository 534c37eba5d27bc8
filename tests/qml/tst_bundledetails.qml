import QtQuick
import QtTest
import Seesaw
import "samples.js" as Samples

// Risk: the details page hides a failed check, misstates the signature, offers Continue for
// a bundle that cannot be installed, or renders bundle text as markup.
Item {
  id: root
  width: 800
  height: 480

  Component {
    id: pageComponent
    BundleDetailsPage {
      width: root.width
      height: root.height
      currentVersion: "2.0.3"
      source: ({ kind: "media", name: "acme.seesaw", medium: "UPDATES", mediaId: "m1", path: "acme.seesaw" })
    }
  }

  TestCase {
    name: "BundleDetails"
    when: windowShown

    function make(summary, language) {
      return createTemporaryObject(pageComponent, root, { summary: summary, language: language || "en" });
    }

    function test_direction_wording_data() {
      return [
        { tag: "upgrade", version: "2.1.0", text: "Upgrade from 2.0.3 to 2.1.0" },
        { tag: "downgrade", version: "1.9.0", text: "Downgrade from 2.0.3 to the older 1.9.0" },
        { tag: "reinstall", version: "2.0.3", text: "Reinstall 2.0.3, the version running now" },
        { tag: "unknown", version: "2.1.0", text: "Install 2.1.0 (running: 2.0.3)" }
      ];
    }
    function test_direction_wording(row) {
      const page = make(Samples.summary({ version: row.version, direction: row.tag }));
      compare(findChild(page, "directionText").text, row.text);
    }

    // A delta whose base the device does not run: what it is, why it is blocked, no Continue.
    function test_delta_with_wrong_base_is_blocked() {
      const reason = "This update is a delta from 2.0.0; this device runs 2.0.3. Use the full 2.1.0 bundle.";
      const page = make(Samples.summary({ delta: { from: "2.0.0", full_size: 210004096 },
                                          checks: { "delta-base": { passed: false, reason: reason } } }));
      compare(findChild(page, "deltaText").text, "Delta update from 2.0.0 — 48.0 MB instead of 210.0 MB");
      verify(findChild(page, "deltaText").visible);
      compare(findChild(findChild(page, "check_delta-base"), "statusIcon").name, "cross");
      compare(findChild(findChild(page, "check_delta-base"), "statusDetail").text, reason);
      verify(findChild(page, "blockedBanner").visible);
      verify(findChild(page, "blockedBanner").detail.indexOf(reason) >= 0);
      compare(findChild(page, "continueButton").visible, false);
      // A full bundle shows no delta line.
      verify(!findChild(make(Samples.summary({})), "deltaText").visible);
    }

    // A passed check with a warning (installed extensions the new system will not merge) shows
    // the warning sign, its reason, and does not block.
    function test_warning_check_shows_warning_sign() {
      const page = make(Samples.summary({ checks: { extensions: { passed: true, warning: true, reason: "extensions/monitor 1.0 needs VERSION_ID 1.0.0; the system has 2.0.0." } } }));
      const line = findChild(page, "check_extensions");
      compare(findChild(line, "statusIcon").name, "warning");
      compare(line.title, "Installed extensions under the new system");
      verify(!findChild(page, "blockedBanner").visible);
    }

    function test_checks_show_tick_or_cross_with_reason() {
      const summary = Samples.summary({ checks: { hardware: { passed: false, reason: "Hardware revision rev-c is not supported." } } });
      const page = make(summary);
      const ok = findChild(page, "check_compatible");
      compare(findChild(ok, "statusIcon").name, "check");
      compare(findChild(ok, "statusDetail").text, "Made for acme-panel-rk3588.");
      const bad = findChild(page, "check_hardware");
      compare(findChild(bad, "statusIcon").name, "cross");
      compare(findChild(bad, "statusDetail").text, "Hardware revision rev-c is not supported.");
      // Requirements are listed too, each with its verdict.
      compare(findChild(findChild(page, "check_power"), "statusIcon").name, "check");
      compare(findChild(page, "continueButton").visible, false);
      verify(findChild(page, "blockedBanner").visible);
      verify(findChild(page, "blockedBanner").detail.indexOf("rev-c is not supported") >= 0);
    }

    function test_signature() {
      let page = make(Samples.summary());
      let line = findChild(page, "signatureLine");
      compare(line.title, "Signed by a trusted key");
      compare(findChild(page, "signerKeyId").text, "Key ID: 3f9a1c");
      compare(findChild(line, "statusIcon").name, "shield");
      verify(findChild(page, "continueButton").visible);

      page = make(Samples.summary({ trusted: false }));
      line = findChild(page, "signatureLine");
      compare(line.title, "Not signed by a trusted key");
      compare(findChild(line, "statusIcon").name, "shield-off");
      compare(findChild(page, "continueButton").visible, false);
      compare(findChild(page, "continueButton").enabled, false);
    }

    // The visible texts of an item and everything inside it, in order.
    function visibleTexts(item) {
      let out = [];
      if (!item.visible)
        return out;
      if (item.text !== undefined && String(item.text).length > 0)
        out.push(String(item.text));
      for (let i = 0; i < item.children.length; ++i)
        out = out.concat(visibleTexts(item.children[i]));
      return out;
    }
    function occurrences(texts, needle) {
      return texts.join("\n").split(needle).length - 1;
    }

    // Issue 14.8: the signer's name is the main line and its id shows once, below it and
    // smaller; without a name the id shows once. The daemon's message repeats the short id,
    // so it must not be shown beside the key.
    function test_signer_name_and_id_once_data() {
      return [
        { tag: "named", name: "Acme release key 2026" },
        { tag: "unnamed", name: "" },
        { tag: "markup and format in the name", name: "<b>%1</b> key" }
      ];
    }
    function test_signer_name_and_id_once(row) {
      const summary = Samples.summary({ keyName: row.name,
                                        signatureMessage: "Signed by trusted key 3f9a1c\u2026" });
      const page = make(summary);
      waitForRendering(page);
      const texts = visibleTexts(findChild(page, "signatureSection"));
      compare(occurrences(texts, "3f9a1c"), 1, texts.join(" | "));
      const name = findChild(page, "signerName");
      const id = findChild(page, "signerKeyId");
      verify(id.visible);
      compare(id.text, "Key ID: 3f9a1c");
      compare(id.textFormat, Text.PlainText);
      compare(name.textFormat, Text.PlainText);
      compare(name.visible, row.name.length > 0);
      if (row.name.length > 0) {
        compare(name.text, row.name);
        compare(occurrences(texts, row.name), 1, texts.join(" | "));
        verify(name.mapToItem(page, 0, 0).y < id.mapToItem(page, 0, 0).y);
        verify(id.font.pixelSize < name.font.pixelSize);
        compare(id.color, Theme.textSecondary);
      }
    }

    function test_facts() {
      const page = make(Samples.summary());
      compare(findChild(findChild(page, "factSize"), "value").text, "210.0 MB");
      verify(findChild(findChild(page, "factCreated"), "value").text.indexOf("2026") >= 0);
      compare(findChild(page, "factAddons").visible, false);
      compare(findChild(findChild(page, "factReboot"), "value").text,
              "Needed: the new system starts after a restart");
    }

    // Issue 17.6: what a bundle carries, and that a bundle of add-ons needs no restart.
    function test_addons_and_restart() {
      const page = make(Samples.summary({ images: false, artifacts: [
        { repository: "models", name: "detector", version: "2.1.0", type: "files", size: 412000000, stored_size: 400000000 },
        { repository: "extensions", name: "monitor", version: "1.0", type: "sysext", size: 5000000, stored_size: 2000000 }] }));
      compare(findChild(findChild(page, "factAddons"), "value").text,
              "models/detector 2.1.0 (412.0 MB), extensions/monitor 1.0 (5.0 MB)");
      compare(findChild(findChild(page, "factReboot"), "value").text,
              "Not needed: the add-ons are in use as soon as they are installed");
    }

    function test_release_notes_in_ui_language_as_plain_text() {
      let page = make(Samples.summary(), "de");
      compare(findChild(page, "releaseNotes").text, "Schnellerer Start.");
      page = make(Samples.summary(), "en");
      const notes = findChild(page, "releaseNotes");
      compare(notes.textFormat, Text.PlainText);
      verify(notes.text.indexOf("<b>Not bold</b>") >= 0);
    }

    function test_keyboard_scrolls_content() {
      const page = make(Samples.summary());
      page.activate();
      const body = page.scroller;
      verify(body.contentHeight > body.height);
      compare(body.contentY, 0);
      keyClick(Qt.Key_PageDown);
      verify(body.contentY > 0);
      keyClick(Qt.Key_PageDown);
      keyClick(Qt.Key_PageDown);
      keyClick(Qt.Key_PageDown);
      compare(body.contentY, body.contentHeight - body.height);
      keyClick(Qt.Key_Up);
      verify(body.contentY < body.contentHeight - body.height);
    }

    function test_continue_emits() {
      const page = make(Samples.summary());
      const spy = createTemporaryObject(spyComponent, root, { target: page, signalName: "continueRequested" });
      mouseClick(findChild(page, "continueButton"));
      compare(spy.count, 1);
      compare(spy.signalArguments[0][0], "");   // nothing asked for beyond the update
    }

    // The daemon refuses a reinstall or a downgrade unless it is asked for explicitly; the
    // operator can ask for it here, and only for that check.
    function test_reinstall_and_downgrade_must_be_asked_for_data() {
      return [
        { tag: "reinstall", version: "2.0.3", box: "Yes, reinstall version 2.0.3",
          reason: "Version 2.0.3 is already running. Reinstalling it must be asked for explicitly." },
        { tag: "downgrade", version: "1.9.0", box: "Yes, install the older version 1.9.0",
          reason: "Version 1.9.0 is older than the running 2.0.3. This device does not allow downgrades unless asked for explicitly." }
      ];
    }
    function test_reinstall_and_downgrade_must_be_asked_for(row) {
      const page = make(Samples.summary({ version: row.version, direction: row.tag,
                                          checks: { version: { passed: false, reason: row.reason } } }));
      const spy = createTemporaryObject(spyComponent, root, { target: page, signalName: "continueRequested" });
      const box = findChild(page, "overrideCheck");
      verify(findChild(page, "overrideSection").visible);
      compare(box.text, row.box);
      compare(box.checked, false);
      compare(findChild(page, "continueButton").visible, false);
      verify(findChild(page, "blockedBanner").detail.indexOf(row.reason) >= 0);
      compare(findChild(page, "blockedBanner").title, "Installed only if you ask for it below");
      // The version check keeps the daemon's verdict and reason.
      compare(findChild(findChild(page, "check_version"), "statusIcon").name, "cross");

      page.activate();
      waitForRendering(page);   // layouts settle before the first frame
      mouseClick(box);   // a tap ticks it
      compare(box.checked, true);
      compare(findChild(page, "blockedBanner").visible, false);
      const cont = findChild(page, "continueButton");
      verify(cont.visible && cont.enabled);
      mouseClick(cont);
      compare(spy.count, 1);
      compare(spy.signalArguments[0][0], row.tag);

      box.forceActiveFocus(Qt.TabFocusReason);
      keyClick(Qt.Key_Space);   // unticked again from the keyboard: blocked again
      compare(box.checked, false);
      compare(findChild(page, "continueButton").visible, false);
    }

    // Only the version check can be overridden, and never for an untrusted bundle.
    function test_no_override_for_other_failures_data() {
      return [
        { tag: "untrusted-reinstall", summary: Samples.summary({ version: "2.0.3", direction: "reinstall", trusted: false,
            checks: { version: { passed: false, reason: "Already running." } } }) },
        { tag: "downgrade-and-incompatible", summary: Samples.summary({ version: "1.9.0", direction: "downgrade",
            checks: { version: { passed: false, reason: "Older." }, compatible: { passed: false, reason: "Other device." } } }) },
        { tag: "upgrade-refused-by-version", summary: Samples.summary({ version: "2.1.0",
            checks: { version: { passed: false, reason: "Odd." } } }) },
        // Issue 12.3: the last known-good system is never replaced from the UI.
        { tag: "reinstall-while-unconfirmed", summary: Samples.summary({ version: "2.0.3", direction: "reinstall",
            checks: { version: { passed: false, reason: "Already running." },
                      "known-good": { passed: false, reason: "Finish checking 2.0.3 first." } } }) },
        { tag: "upgrade-while-unconfirmed", summary: Samples.summary({ version: "2.1.0",
            checks: { "known-good": { passed: false, reason: "Finish checking 2.0.3 first." } } }) }
      ];
    }
    function test_no_override_for_other_failures(row) {
      const page = make(row.summary);
      compare(findChild(page, "overrideSection").visible, false);
      compare(findChild(page, "continueButton").visible, false);
      verify(findChild(page, "blockedBanner").visible);
    }
  }
  Component {
    id: spyComponent
    SignalSpy {}
  }
}
