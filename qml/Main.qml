pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import Seesaw

// The window and the navigation between pages. Pages get the app's singletons as properties
// (so tests can hand them doubles) and report what the operator chose through signals.
ApplicationWindow {
  id: window

  // Pages `seesaw-ui --screenshot` saves, in order; see showPageForScreenshot().
  readonly property var screenshotPages: ["home", "sources", "files", "details", "confirm",
                      "progress", "done", "history", "addons", "language"]
  // The version the operator confirmed, for the progress page's title.
  property string offeredVersion
  // Whether the bundle the operator confirmed writes a slot (needs a restart) or carries only
  // add-ons, which are in use once installed.
  property bool offeredNeedsReboot: true

  function goBack() {
    if (stack.depth > 1)
      stack.pop();
  }
  function goHome(operation) {
    stack.replace(null, homeComponent, {}, operation);
  }
  function showSources(operation) {
    stack.push(sourcesComponent, {}, operation);
  }
  function showFiles(operation) {
    stack.push(filesComponent, {}, operation);
  }
  function showDetails(summary, source, operation) {
    stack.push(detailsComponent, { summary: summary, source: source }, operation);
  }
  function showConfirm(summary, source, versionOverride, operation) {
    offeredVersion = summary && summary.version ? summary.version : "";
    offeredNeedsReboot = !(summary && summary.needs_reboot === false);
    stack.push(confirmComponent, { summary: summary, source: source, versionOverride: versionOverride || "" },
           operation);
  }
  // From here on there is no way back to the choice: the install runs.
  function showProgress(version, operation) {
    stack.replace(null, progressComponent, { targetVersion: version || "" }, operation);
  }
  function showDone(success, code, message, version, operation) {
    stack.replace(null, doneComponent,
            { success: success, code: code, message: message, version: version || "",
              needsReboot: offeredNeedsReboot },
            operation);
  }
  function showHistory(operation) {
    stack.push(historyComponent, {}, operation);
  }
  function showAddons(operation) {
    stack.push(addonsComponent, {}, operation);
  }

  // The first installable bundle seesawd found on a stick (else the first readable one), for
  // screenshots of the bundle pages.
  function firstBundle() {
    let found = null;
    for (let i = 0; i < mediaBundles.count; ++i) {
      const stick = mediaBundles.objectAt(i);
      for (const b of stick.bundles || []) {
        if (!b.summary || (found && !b.summary.installable))
          continue;
        found = { summary: b.summary, source: { kind: "media", mediaId: stick.mediaId,
              path: b.path, name: String(b.path).split("/").pop(),
              medium: stick.label } };
        if (b.summary.installable)
          return found;
      }
    }
    return found || { summary: ({}), source: { kind: "file", path: "", name: "" } };
  }
  function showPageForScreenshot(name) {
    languageDialog.close();
    const now = StackView.Immediate;
    goHome(now);
    const bundle = firstBundle();
    const result = Updater.lastResult || {};
    switch (name) {
    case "sources": showSources(now); break;
    case "files": showSources(now); showFiles(now); break;
    case "details": showSources(now); showDetails(bundle.summary, bundle.source, now); break;
    case "confirm":
      showSources(now);
      showDetails(bundle.summary, bundle.source, now);
      showConfirm(bundle.summary, bundle.source, "", now);
      break;
    case "progress": showProgress(offeredVersion, now); break;
    case "done":
      // The page an install ends on: installed → success, failed → the error; after any
      // other outcome no install has just ended, so the page shows what a cancelled one says
      // (a success page would promise a restart into the version already running).
      if (result.outcome === "installed")
        showDone(true, "", "", result.version || "", now);
      else if (result.outcome === "failed")
        showDone(false, result.code || "", result.message || "", result.version || "", now);
      else
        showDone(false, "Cancelled", "", bundle.summary.version || "", now);
      break;
    case "history": showHistory(now); break;
    case "addons": showAddons(now); break;
    case "language": languageDialog.open(); break;
    }
  }

  width: 1280
  height: 800
  visible: true
  title: qsTr("Seesaw updater")
  color: Theme.background
  font.pixelSize: Theme.fontBody

  Binding {
    target: Theme
    property: "dark"
    value: App.theme === "dark"
  }
  Binding {
    target: Theme
    property: "scale"
    value: Theme.scaleFor(window.width, window.height)
  }

  // An install that is already running (started before the UI, or by the CLI) is shown.
  Connections {
    target: Updater
    function onStateChanged() {
      if (Updater.state === "installing" && stack.currentItem
          && stack.currentItem.objectName !== "progressPage")
        window.showProgress(window.offeredVersion);
    }
  }
  Component.onCompleted: {
    if (Updater.state === "installing")
      showProgress("", StackView.Immediate);
  }

  Instantiator {
    id: mediaBundles
    model: MediaModel
    delegate: QtObject {
      required property string mediaId
      required property string label
      required property var bundles
    }
  }
  FileBrowser {
    id: fileBrowser
  }
  HistoryModel {
    id: historyModel
  }
  LanguageDialog {
    id: languageDialog
    language: Language
  }

  StackView {
    id: stack
    objectName: "stack"
    anchors.fill: parent
    focus: true
    initialItem: homeComponent
  }

  Component {
    id: homeComponent
    HomePage {
      objectName: "homePage"
      updater: Updater
      language: Language
      allowQuit: App.allowQuit && !App.kiosk
      onInstallRequested: window.showSources()
      onHistoryRequested: window.showHistory()
      onAddonsRequested: window.showAddons()
      onLanguageRequested: languageDialog.open()
      onQuitRequested: App.quit()
    }
  }
  Component {
    id: sourcesComponent
    SourcesPage {
      objectName: "sourcesPage"
      media: MediaModel
      onBackRequested: window.goBack()
      onOpenFileRequested: window.showFiles()
      onBundleChosen: (summary, source) => window.showDetails(summary, source)
    }
  }
  Component {
    id: filesComponent
    FileBrowserPage {
      objectName: "filesPage"
      browser: fileBrowser
      updater: Updater
      onBackRequested: window.goBack()
      onBundleChosen: (summary, source) => window.showDetails(summary, source)
    }
  }
  Component {
    id: detailsComponent
    BundleDetailsPage {
      objectName: "detailsPage"
      currentVersion: Updater.version
      language: Language.current
      onBackRequested: window.goBack()
      onContinueRequested: versionOverride => window.showConfirm(summary, source, versionOverride)
    }
  }
  Component {
    id: confirmComponent
    ConfirmPage {
      objectName: "confirmPage"
      updater: Updater
      currentVersion: Updater.version
      onBackRequested: window.goBack()
      onInstallStarted: window.showProgress(summary.version)
    }
  }
  Component {
    id: progressComponent
    ProgressPage {
      objectName: "progressPage"
      updater: Updater
      onFinished: (success, code, message) => window.showDone(success, code, message, targetVersion)
    }
  }
  Component {
    id: doneComponent
    DonePage {
      objectName: "donePage"
      updater: Updater
      onHomeRequested: window.goHome()
    }
  }
  Component {
    id: addonsComponent
    AddonsPage {
      objectName: "addonsPage"
      updater: Updater
      onBackRequested: window.goBack()
    }
  }
  Component {
    id: historyComponent
    HistoryPage {
      objectName: "historyPage"
      history: historyModel
      updater: Updater
      media: MediaModel
      onBackRequested: window.goBack()
    }
  }
}
