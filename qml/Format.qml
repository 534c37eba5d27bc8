pragma Singleton
import QtQuick

// How numbers, versions, dates and the daemon's identifiers read to an operator. Pure
// functions, so pages stay presentation and the wording is tested in one place. What a bundle
// allows (direction, blockers, overrides) is decided in C++ (InstallPolicy); this only words it.
QtObject {
  // Fills %1…%N of a translated template in one pass. Chained .arg() calls would substitute
  // a "%2" inside an earlier value (a stick label, a file name) as well.
  function args(template, ...values) {
    return String(template).replace(/%(\d{1,2})/g, (whole, n) => {
      const i = Number(n) - 1;
      return i >= 0 && i < values.length ? String(values[i]) : whole;
    });
  }
  function bytes(n) {
    const v = Number(n);
    if (!(v >= 0))
      return qsTr("unknown size");
    if (v >= 1e9)
      return qsTr("%1 GB").arg((v / 1e9).toLocaleString(Qt.locale(), "f", 2));
    if (v >= 1e6)
      return qsTr("%1 MB").arg((v / 1e6).toLocaleString(Qt.locale(), "f", 1));
    if (v >= 1e3)
      return qsTr("%1 kB").arg((v / 1e3).toLocaleString(Qt.locale(), "f", 0));
    return qsTr("%1 bytes").arg(v);
  }
  function megabytes(n) {
    return Math.floor(Math.max(0, Number(n) || 0) / 1e6);
  }
  function rate(bytesPerSecond) {
    const v = Number(bytesPerSecond) || 0;
    if (v <= 0)
      return qsTr("–");
    return qsTr("%1 MB/s").arg((v / 1e6).toLocaleString(Qt.locale(), "f", 1));
  }
  function eta(seconds) {
    const s = Math.round(Number(seconds));
    if (!(s >= 0))
      return qsTr("estimating…");
    if (s < 60)
      return qsTr("%1 s left").arg(s);
    const minutes = Math.floor(s / 60);
    if (minutes < 60)
      return args(qsTr("%1 min %2 s left"), minutes, String(s % 60).padStart(2, "0"));
    return args(qsTr("%1 h %2 min left"), Math.floor(minutes / 60), String(minutes % 60).padStart(2, "0"));
  }
  // How long something took: "45 s", "2 min 05 s", "1 h 01 min" (anything shorter than a second
  // took "1 s", not "0 s"); "–" when unknown.
  function duration(seconds) {
    const exact = Number(seconds);
    if (!(exact >= 0))
      return qsTr("–");
    const s = exact > 0 ? Math.max(1, Math.round(exact)) : 0;
    if (s < 60)
      return qsTr("%1 s").arg(s);
    const minutes = Math.floor(s / 60);
    if (minutes < 60)
      return args(qsTr("%1 min %2 s"), minutes, String(s % 60).padStart(2, "0"));
    return args(qsTr("%1 h %2 min"), Math.floor(minutes / 60), String(minutes % 60).padStart(2, "0"));
  }
  // A SHA-256 in hex as groups of eight digits: it wraps between groups and is read in pieces.
  function hash(hex) {
    return (String(hex || "").match(/.{1,8}/g) || []).join(" ");
  }
  function dateTime(iso) {
    if (!iso)
      return qsTr("unknown");
    const d = (iso instanceof Date) ? iso : new Date(iso);
    if (isNaN(d.getTime()))
      return String(iso);
    return d.toLocaleString(Qt.locale(), Locale.ShortFormat);
  }

  // How an install reads; `direction` is InstallPolicy.direction(summary) (seesawd compared the
  // versions): "upgrade", "downgrade", "reinstall", anything else unknown.
  function directionText(direction, current, offered) {
    switch (direction) {
    case "upgrade":
      return args(qsTr("Upgrade from %1 to %2"), current, offered);
    case "downgrade":
      return args(qsTr("Downgrade from %1 to the older %2"), current, offered);
    case "reinstall":
      return qsTr("Reinstall %1, the version running now").arg(offered);
    case "addons":
      return args(qsTr("Add-ons %1 for the running system %2"), offered, current);
    }
    return current ? args(qsTr("Install %1 (running: %2)"), offered, current)
             : qsTr("Install %1").arg(offered);
  }

  // "Delta update from 2.0.0 — 48 MB instead of 512 MB" for a delta bundle, "" for a full one.
  function deltaText(summary) {
    const delta = summary && summary.delta;
    if (!delta || !delta.from)
      return "";
    const size = bytes(summary.file_size);
    return Number(delta.full_size) > 0
        ? args(qsTr("Delta update from %1 — %2 instead of %3"), delta.from, size, bytes(delta.full_size))
        : args(qsTr("Delta update from %1 — %2"), delta.from, size);
  }

  function checkTitle(id) {
    switch (id) {
    case "compatible": return qsTr("Made for this device");
    case "hardware": return qsTr("Hardware revision");
    case "version": return qsTr("Version");
    case "min-version": return qsTr("Minimum running version");
    case "delta-base": return qsTr("Runs the version this delta needs");
    case "known-good": return qsTr("Last working system kept");
    case "slot-size": return qsTr("Fits into the slot");
    case "slot-free": return qsTr("Target slot not in use");
    case "free-space": return qsTr("Free space");
    case "power": return qsTr("Power");
    case "confirmed": return qsTr("The bundle that was shown");
    case "artifact": return qsTr("Add-on fits this device");
    case "extensions": return qsTr("Installed extensions under the new system");
    }
    return String(id);
  }
  function isRequirement(id) {
    return id === "power" || id === "free-space" || id === "slot-size";
  }

  // The words for a slot state seesawd records; "" for one this UI does not know.
  function knownSlotState(s) {
    switch (s) {
    case "good": return qsTr("known good");
    case "bad": return qsTr("not bootable");
    case "installed": return qsTr("installed, not yet started");
    case "installing": return qsTr("incomplete");
    }
    return "";
  }
  function slotState(s) {
    return knownSlotState(s) || qsTr("state unknown");
  }

  function phaseText(phase) {
    switch (phase) {
    case "checking": return qsTr("Checking the bundle");
    case "verifying": return qsTr("Verifying");
    case "writing": return qsTr("Writing the new system");
    case "syncing": return qsTr("Finalising: saving to storage");
    case "committing": return qsTr("Finalising: switching the boot slot");
    case "done": return qsTr("Finished");
    case "failed": return qsTr("Failed");
    }
    return qsTr("Preparing");
  }
  // Until the boot loader switch, cancelling leaves the running system as it is.
  function cancellable(phase) {
    return phase !== "committing" && phase !== "done" && phase !== "failed";
  }

  // Release notes in the UI language, else its base language, else English, else any.
  function notesFor(notes, language) {
    if (!notes)
      return "";
    const lang = String(language || "");
    const candidates = [lang, lang.replace("-", "_"), lang.split(/[_-]/)[0], "en"];
    for (const c of candidates) {
      if (c && notes[c])
        return String(notes[c]);
    }
    for (const k in notes) {
      if (String(k).split(/[_-]/)[0] === candidates[2] && notes[k])
        return String(notes[k]);
    }
    const keys = Object.keys(notes);
    return keys.length > 0 ? String(notes[keys[0]]) : "";
  }

  // Why a bundle cannot be installed, from InstallPolicy.verdict(); "" when it can.
  function blockingReason(verdict) {
    const v = verdict || {};
    switch (v.blocker) {
    case "no-bundle":
      return qsTr("No bundle has been read.");
    case "untrusted":
      return v.detail || qsTr("The bundle is not signed by a trusted key.");
    case "check":
      return args(qsTr("%1: %2"), checkTitle(v.check), v.detail || qsTr("failed"));
    case "refused":
      return qsTr("The update service does not allow installing this bundle.");
    }
    return "";
  }

  function outcomeTitle(outcome) {
    switch (outcome) {
    case "installed": return qsTr("Update installed, waiting for a restart");
    case "good": return qsTr("The update is running and healthy");
    case "health-failed": return qsTr("The update failed its health check and was rolled back");
    case "boot-failed": return qsTr("The update did not start and was rolled back");
    case "interrupted": return qsTr("The update was interrupted before it was switched on");
    case "rolled-back": return qsTr("Rolled back to the previous system");
    case "failed": return qsTr("The update failed");
    }
    return "";
  }
  function outcomeIsProblem(outcome) {
    return outcome === "health-failed" || outcome === "boot-failed"
        || outcome === "interrupted" || outcome === "failed";
  }

  // A time as a weekday and a clock time ("Saturday 02:00"), for what happens within days.
  function dayTime(iso) {
    const d = (iso instanceof Date) ? iso : new Date(iso);
    if (!iso || isNaN(d.getTime()))
      return qsTr("unknown");
    return d.toLocaleString(Qt.locale(), "dddd " + Qt.locale().timeFormat(Locale.ShortFormat));
  }

  // The update channel (Updater.channel) in words: the home page's banner title, "" when the
  // state needs no banner (not configured, up to date, …).
  function channelTitle(channel) {
    const c = channel || {};
    const offer = c.offer || {};
    switch (c.state) {
    case "update-available":
      return args(qsTr("Update %1 available (%2)"), offer.version || "", c.channel || "");
    case "downloading":
      return args(qsTr("Downloading update %1 (%2)"), offer.version || "", c.channel || "");
    case "verifying":
      return args(qsTr("Checking the downloaded update %1"), offer.version || "");
    case "downloaded":
    case "ready":
      return args(qsTr("Update %1 is ready to install"), c["staged-version"] || offer.version || "");
    case "failed":
      return qsTr("No news from the update server");
    case "no-such-channel":
      return args(qsTr("The update server has no channel “%1”"), c.channel || "");
    }
    return "";
  }
  // The fleet server's banner (hawkBit): its question to the operator, a download, an update
  // waiting for its window, or why the server is silent; "" when there is nothing to say.
  function fleetTitle(fleet) {
    const f = fleet || {};
    switch (f.state) {
    case "question":
      return args(qsTr("Update %1 from your fleet server"), f["question-version"] || "");
    case "downloading":
      return qsTr("Downloading an update from your fleet server");
    case "downloaded":
    case "scheduled":
      return args(qsTr("Update %1 from your fleet server is ready"), f.version || "");
    case "failed":
      return qsTr("No news from the fleet server");
    }
    return "";
  }
  function fleetDetail(fleet) {
    const f = fleet || {};
    const win = f["maintenance-window"] || "";
    switch (f.state) {
    case "question":
      return win.length > 0
          ? args(qsTr("Install it? If you agree, it installs in the maintenance window (%1). Not now: the server asks again later."), win)
          : qsTr("Install it now? Not now: the server asks again later.");
    case "downloading":
      return downloadText(f.download);
    case "downloaded":
      return qsTr("Downloaded and checked. It installs when the fleet server says so.");
    case "scheduled":
      return args(qsTr("Downloaded and checked. It installs %1."), installTime(f["installs-at"]));
    case "failed":
      return args(qsTr("The fleet server could not be asked: %1"), f.error || "");
    }
    return "";
  }
  // The fleet server in one line: what the device last told it, or what it does now.
  function fleetLine(fleet) {
    const f = fleet || {};
    if (f["last-report"])
      return args(qsTr("last told the server: %1"), f["last-report"]);
    return f.state === "installed" ? args(qsTr("%1 installed; the result follows after the restart"), f.version || "")
         : f.state === "installing" ? args(qsTr("installing %1"), f.version || "")
         : qsTr("connected, nothing to do");
  }
  function channelIsProblem(channel) {
    const state = (channel || {}).state;
    return state === "failed" || state === "no-such-channel";
  }
  // "12.5 MB of 48.0 MB · 3.2 MB/s · 1 min 05 s left"
  function downloadText(download) {
    const d = download || {};
    return args(qsTr("%1 of %2 · %3 · %4"), bytes(d.done), bytes(d.total), rate(d.rate), eta(d.eta));
  }
  // When a downloaded update installs itself: at the start of the maintenance window.
  function installTime(iso) {
    const d = new Date(iso);
    if (!iso || isNaN(d.getTime()))
      return qsTr("when you choose");
    if (d.getTime() - Date.now() < 60000)
      return qsTr("now");
    return dayTime(d);
  }
  // Why the channel is silent, with what the device keeps running.
  function channelProblem(c, running) {
    if (c.state === "no-such-channel")
      return args(qsTr("Choose another channel; the device keeps running %1."), running);
    if (String(c["error-code"] || "").startsWith("net.")) {
      return c["last-success"]
          ? args(qsTr("The update server could not be reached since %1; the device keeps running %2."),
                 dayTime(c["last-success"]), running)
          : args(qsTr("The update server could not be reached; the device keeps running %1."), running);
    }
    return args(qsTr("The update information was refused: %1 The device keeps running %2."),
                c.error || "", running);
  }
  // The banner's text; `language` picks the release notes.
  function channelDetail(channel, running, language) {
    const c = channel || {};
    const offer = c.offer || {};
    const notes = notesFor(offer["release-notes"], language);
    const size = offer["delta-from"]
        ? args(qsTr("Download: %1 (a delta from %2)"), bytes(offer["delta-size"]), offer["delta-from"])
        : args(qsTr("Download: %1"), bytes(offer.size));
    switch (c.state) {
    case "update-available":
      return [notes, size, c["download-error"] ? args(qsTr("The download failed: %1"), c["download-error"]) : ""]
          .filter(t => t.length > 0).join("\n");
    case "downloading":
      return [downloadText(c.download), notes].filter(t => t.length > 0).join("\n");
    case "verifying":
      return qsTr("Every part is checked against the signed list before it can be installed.");
    case "downloaded":
      return [args(qsTr("Downloaded — installs %1"), installTime(c["installs-at"])), notes]
          .filter(t => t.length > 0).join("\n");
    case "ready":
      return [args(qsTr("Installs %1 straight from the update server; every part is checked before it is written."),
                   installTime(c["installs-at"])), notes]
          .filter(t => t.length > 0).join("\n");
    case "failed":
    case "no-such-channel":
      return channelProblem(c, running);
    }
    return "";
  }
  // One line for the device section: which channel, and what it last said.
  function channelLine(channel) {
    const c = channel || {};
    switch (c.state) {
    case undefined:
    case "disabled": return qsTr("not configured");
    case "unknown": return args(qsTr("%1: not checked yet"), c.channel || "");
    case "checking": return args(qsTr("%1: checking…"), c.channel || "");
    case "up-to-date": return args(qsTr("%1: up to date (checked %2)"), c.channel || "", dateTime(c["last-check"]));
    case "installed": return args(qsTr("%1: update installed, restart to use it"), c.channel || "");
    }
    return args(qsTr("%1: checked %2"), c.channel || "", dateTime(c["last-check"]));
  }
}
