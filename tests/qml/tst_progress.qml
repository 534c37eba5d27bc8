import QtQuick
import QtTest
import Seesaw

// Risk: the progress bar jumps back or freezes, the numbers the operator relies on are
// missing, or one tap (or Escape) cancels an install without asking.
Item {
  id: root
  width: 800
  height: 480

  MockUpdater {
    id: fake
    state: "installing"
  }
  Component {
    id: pageComponent
    ProgressPage {
      width: root.width
      height: root.height
      updater: fake
      targetVersion: "2.1.0"
    }
  }
  Component {
    id: spyComponent
    SignalSpy {}
  }

  TestCase {
    name: "Progress"
    when: windowShown

    function init() {
      fake.calls = [];
      fake.state = "installing";
      fake.progressFraction = 0;
      fake.installFinished = false;
      fake.averageRate = 0;
      fake.installSeconds = -1;
      fake.progress = { phase: "verifying", done: 0, total: 536870912, rate: 0, eta: -1, message: "" };
    }
    function make() {
      const page = createTemporaryObject(pageComponent, root);
      page.activate();
      return page;
    }
    function report(phase, done, fraction, rate, eta) {
      fake.progress = { phase: phase, done: done, total: 536870912, rate: rate, eta: eta, message: "" };
      fake.progressFraction = fraction;
    }

    // Issue 14.8: the picture of the slots follows the write live.
    function test_slot_picture_fills_live() {
      const page = make();
      const card = findChild(findChild(page, "slotPicture"), "slotCard_B");
      const fill = findChild(card, "fill");
      compare(findChild(card, "version").text, "2.1.0");
      report("writing", 0.42 * 536870912, 0.42, 4e7, 5);
      compare(findChild(card, "state").text, "Being written: 42 %");
      verify(fill.visible);
      fuzzyCompare(fill.width, (card.width - 2 * card.border.width) * 0.42, 1);
      verify(card.Accessible.name.indexOf("being written, 42 percent") >= 0, card.Accessible.name);
      report("writing", 0.8 * 536870912, 0.8, 4e7, 2);
      compare(findChild(card, "state").text, "Being written: 80 %");
      fuzzyCompare(fill.width, (card.width - 2 * card.border.width) * 0.8, 1);
      const running = findChild(findChild(page, "slotPicture"), "slotCard_A");
      compare(findChild(running, "badge").text, "Running · starts next");
      verify(!findChild(running, "fill").visible);
      fake.state = "idle";
      verify(!fill.visible);
      compare(findChild(card, "version").text, "2.0.2");
    }

    // The bar shows Updater.progressFraction, which never goes back within one install
    // (kept so in C++: tests/app tst_progresstracker feeds it the backwards reports).
    function test_bar_follows_updater() {
      const page = make();
      const bar = findChild(page, "progressBar");
      for (const f of [0.05, 0.2, 0.4, 0.8, 1.0]) {
        report("writing", f * 536870912, f, 4e7, 5);
        compare(bar.value, f);
      }
      compare(findChild(page, "percentLabel").text, "100 %");
    }

    // After the end: how fast the whole write went and how long the install took, not a live
    // speed of "–" and a time left still "estimating…".
    function test_finished_shows_average_and_duration() {
      const page = make();
      report("writing", 234000000, 0.44, 41000000, 125);
      verify(findChild(page, "rateValue").visible);
      verify(findChild(page, "etaValue").visible);
      compare(findChild(page, "averageRateValue").visible, false);
      compare(findChild(page, "durationValue").visible, false);
      fake.state = "installed";
      fake.averageRate = 38500000;
      fake.installSeconds = 75;
      fake.installFinished = true;
      report("done", 536870912, 1, 0, -1);
      compare(findChild(page, "rateValue").visible, false);
      compare(findChild(page, "etaValue").visible, false);
      verify(findChild(page, "averageRateValue").visible);
      compare(findChild(findChild(page, "averageRateValue"), "value").text, "38.5 MB/s");
      verify(findChild(page, "durationValue").visible);
      compare(findChild(findChild(page, "durationValue"), "value").text, "1 min 15 s");
      // An install this UI did not watch from the start: no made-up numbers either.
      fake.averageRate = 0;
      fake.installSeconds = -1;
      compare(findChild(page, "averageRateValue").visible, false);
      compare(findChild(page, "durationValue").visible, false);
      compare(findChild(page, "rateValue").visible, false);
      compare(findChild(page, "etaValue").visible, false);
    }

    function test_shows_phase_mb_rate_eta() {
      const page = make();
      report("writing", 234000000, 0.44, 41000000, 125);
      compare(findChild(page, "phaseLabel").text, "Writing the new system");
      compare(findChild(page, "percentLabel").text, "44 %");
      compare(findChild(findChild(page, "bytesValue"), "value").text, "234 MB of 536 MB");
      compare(findChild(findChild(page, "rateValue"), "value").text, "41.0 MB/s");
      compare(findChild(findChild(page, "etaValue"), "value").text, "2 min 05 s left");
    }

    function test_phase_changes_are_announced() {
      const page = make();
      const label = findChild(page, "phaseLabel");
      compare(label.Accessible.role, Accessible.AlertMessage);
      report("writing", 1e6, 0.1, 1e7, 50);
      compare(label.Accessible.name, "Writing the new system, 10 percent");
      report("syncing", 536870912, 0.97, 0, 1);
      compare(label.Accessible.name, "Finalising: saving to storage, 97 percent");
      compare(findChild(page, "progressBar").Accessible.name, label.Accessible.name);
    }

    function test_cancel_needs_confirmation() {
      const page = make();
      report("writing", 1e8, 0.2, 4e7, 10);
      const button = findChild(page, "cancelInstallButton");
      verify(button.visible);
      mouseClick(button);
      const dialog = findChild(page, "cancelDialog");
      tryVerify(() => dialog.opened);
      compare(fake.callsTo("cancel").length, 0);
      // Escape (and "Keep installing") leave the install running.
      keyClick(Qt.Key_Escape);
      tryVerify(() => !dialog.visible);
      compare(fake.callsTo("cancel").length, 0);
      mouseClick(button);
      tryVerify(() => dialog.opened);
      mouseClick(findChild(dialog.contentItem, "acceptButton"));
      compare(fake.callsTo("cancel").length, 1);
      compare(button.enabled, false);
    }

    function test_escape_asks_before_cancelling() {
      const page = make();
      report("writing", 1e8, 0.2, 4e7, 10);
      const spy = createTemporaryObject(spyComponent, root, { target: page, signalName: "backRequested" });
      keyClick(Qt.Key_Escape);
      const dialog = findChild(page, "cancelDialog");
      tryVerify(() => dialog.opened);
      compare(spy.count, 0);
      compare(fake.callsTo("cancel").length, 0);
      dialog.reject();
    }

    function test_no_cancel_once_committing() {
      const page = make();
      report("committing", 536870912, 0.99, 0, 0);
      compare(findChild(page, "cancelInstallButton").visible, false);
      keyClick(Qt.Key_Escape);
      wait(50);
      compare(findChild(page, "cancelDialog").visible, false);
    }

    function test_completion_reported_once() {
      const page = make();
      const spy = createTemporaryObject(spyComponent, root, { target: page, signalName: "finished" });
      fake.completed(false, "Io", "The stick was removed.");
      fake.completed(false, "Io", "again");
      compare(spy.count, 1);
      const args = spy.signalArguments[0];
      compare([args[0], args[1], args[2]], [false, "Io", "The stick was removed."]);
    }
  }
}
