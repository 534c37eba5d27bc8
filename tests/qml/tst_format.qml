import QtQuick
import QtTest
import Seesaw

// Risk: the operator misreads what an install does (upgrade vs downgrade vs reinstall), or
// sizes, rates and times left are shown wrongly.
TestCase {
  name: "Format"

  // The direction itself comes from seesawd (tests/daemon tst_service), its reading from
  // InstallPolicy (tests/app tst_installpolicy); here only how each one is worded.
  function test_direction_data() {
    return [
      { tag: "upgrade", current: "2.0.3", offered: "2.1.0", direction: "upgrade", text: "Upgrade from 2.0.3 to 2.1.0" },
      { tag: "downgrade", current: "2.0.3", offered: "1.9.9", direction: "downgrade", text: "Downgrade from 2.0.3 to the older 1.9.9" },
      { tag: "reinstall", current: "2.0.3", offered: "2.0.3", direction: "reinstall", text: "Reinstall 2.0.3, the version running now" },
      { tag: "prerelease-older", current: "2.1.0", offered: "2.1.0-rc.1", direction: "downgrade", text: "Downgrade from 2.1.0 to the older 2.1.0-rc.1" },
      { tag: "build-metadata", current: "2.0.3+a", offered: "2.0.3+b", direction: "reinstall", text: "Reinstall 2.0.3+b, the version running now" },
      { tag: "add-ons", current: "2.0.3", offered: "2026.11.0", direction: "addons", text: "Add-ons 2026.11.0 for the running system 2.0.3" },
      { tag: "unknown-running", current: "", offered: "2.1.0", direction: "unknown", text: "Install 2.1.0" },
      { tag: "unparsable-running", current: "2024.05", offered: "2.1.0", direction: "unknown", text: "Install 2.1.0 (running: 2024.05)" }
    ];
  }
  function test_direction(row) {
    compare(Format.directionText(row.direction, row.current, row.offered), row.text);
  }

  // Each blocker InstallPolicy.verdict() reports, in words.
  function test_blocking_reason_data() {
    return [
      { tag: "installable", verdict: { installable: true, blocker: "" }, text: "" },
      { tag: "no-bundle", verdict: { installable: false, blocker: "no-bundle" }, text: "No bundle has been read." },
      { tag: "untrusted", verdict: { installable: false, blocker: "untrusted", detail: "Signed by an unknown key." }, text: "Signed by an unknown key." },
      { tag: "untrusted-silent", verdict: { installable: false, blocker: "untrusted", detail: "" }, text: "The bundle is not signed by a trusted key." },
      { tag: "check", verdict: { installable: false, blocker: "check", check: "power", detail: "The battery is at 12%." }, text: "Power: The battery is at 12%." },
      { tag: "check-without-reason", verdict: { installable: false, blocker: "check", check: "slot-size", detail: "" }, text: "Fits into the slot: failed" },
      { tag: "refused", verdict: { installable: false, blocker: "refused" }, text: "The update service does not allow installing this bundle." }
    ];
  }
  function test_blocking_reason(row) {
    compare(Format.blockingReason(row.verdict), row.text);
  }

  // A delta bundle says which version it needs and what it saves; a full bundle says nothing.
  function test_delta_text_data() {
    return [
      { tag: "full", summary: { file_size: 210004096, delta: {} }, text: "" },
      { tag: "no summary", summary: null, text: "" },
      { tag: "delta", summary: { file_size: 48000000, delta: { from: "2.0.0", full_size: 512000000 } },
        text: "Delta update from 2.0.0 — 48.0 MB instead of 512.0 MB" },
      { tag: "full size unknown", summary: { file_size: 48000000, delta: { from: "2.0.0", full_size: 0 } },
        text: "Delta update from 2.0.0 — 48.0 MB" },
      { tag: "hostile version", summary: { file_size: 1000, delta: { from: "%2<b>", full_size: 0 } },
        text: "Delta update from %2<b> — 1 kB" }
    ];
  }
  function test_delta_text(row) {
    compare(Format.deltaText(row.summary), row.text);
  }

  // Risk: a "%2" inside a stick label or file name is replaced by the next value.
  function test_args_fill_in_one_pass() {
    const hostile = "%1 %2 <b>&#x202e;";
    compare(Format.args("%1 (%2)", hostile, "16.00 GB"), hostile + " (16.00 GB)");
    compare(Format.args("%2 then %1", "a%2", "b%1"), "b%1 then a%2");
    compare(Format.args("%1 of %3", "x"), "x of %3");
    compare(Format.directionText("upgrade", "2.0.3", "%1"), "Upgrade from 2.0.3 to %1");
    compare(Format.blockingReason({ blocker: "check", check: "%2", detail: "%1" }), "%2: %1");
  }

  function test_numbers() {
    compare(Format.megabytes(234567890), 234);
    compare(Format.rate(41000000), "41.0 MB/s");
    compare(Format.rate(0), "–");
    compare(Format.eta(-1), "estimating…");
    compare(Format.eta(7), "7 s left");
    compare(Format.eta(125), "2 min 05 s left");
    compare(Format.eta(3 * 3600 + 60), "3 h 01 min left");
    compare(Format.duration(-1), "–");
    compare(Format.duration(44.6), "45 s");
    compare(Format.duration(0.4), "1 s");
    compare(Format.duration(125), "2 min 05 s");
    compare(Format.duration(3 * 3600 + 60), "3 h 01 min");
    compare(Format.bytes(210004096), "210.0 MB");
    compare(Format.bytes(16000000000), "16.00 GB");
    compare(Format.hash("0123456789abcdef".repeat(4)),
            "01234567 89abcdef 01234567 89abcdef 01234567 89abcdef 01234567 89abcdef");
    compare(Format.hash(""), "");
  }

  function test_notes_follow_ui_language() {
    const notes = { en: "English", de: "Deutsch", zh_CN: "中文" };
    compare(Format.notesFor(notes, "de"), "Deutsch");
    compare(Format.notesFor(notes, "de_AT"), "Deutsch");
    compare(Format.notesFor(notes, "zh_CN"), "中文");
    compare(Format.notesFor(notes, "fr"), "English");
    compare(Format.notesFor({ es: "Español" }, "fr"), "Español");
    compare(Format.notesFor({}, "fr"), "");
  }

  function test_cancellable_until_commit() {
    verify(Format.cancellable("verifying"));
    verify(Format.cancellable("writing"));
    verify(Format.cancellable("syncing"));
    verify(!Format.cancellable("committing"));
    verify(!Format.cancellable("done"));
  }
}
