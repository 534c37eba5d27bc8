import QtQuick
import QtQuick.Layouts
import Seesaw

// The start: which device this is, what runs in which slot, how the last update ended, and
// the ways to continue (install, history, roll back, language).
BasePage {
  id: page

  required property var updater
  property var language: null
  property bool allowQuit: false

  signal installRequested
  signal historyRequested
  signal addonsRequested
  signal languageRequested
  signal quitRequested

  readonly property var other: updater.otherSlot || ({})
  readonly property var lastResult: updater.lastResult || ({})
  readonly property string outcome: lastResult.outcome || "none"
  // The daemon's words on the booted slot when installs wait for its health check (the other
  // slot holds the last system known to work); empty otherwise.
  readonly property string hold: (updater.slots || []).reduce(
      (found, s) => found || (s.booted ? s.hold || "" : ""), "")
  readonly property bool showOutcome: outcome !== "none" && outcome !== "" && !lastResult.acknowledged
  // The update channel (network updates): an offer, a download, a downloaded update waiting for
  // its maintenance window (or one that installs streamed from the server), or why the server is
  // silent. "Not now" hides a waiting update until another one is ready (it still installs in its
  // window).
  readonly property var channel: updater.channel || ({})
  readonly property string channelTitle: Format.channelTitle(channel)
  property string dismissedVersion
  readonly property bool showChannel: channelTitle.length > 0
      && !(waiting && dismissedVersion === channel["staged-version"])
  readonly property bool waiting: channel.state === "downloaded" || channel.state === "ready"
  // The fleet server (hawkBit): its question for the operator, its update's progress, and what
  // the device last told it.
  readonly property var fleet: updater.fleet || ({})
  readonly property string fleetTitle: Format.fleetTitle(fleet)
  property string actionMessage
  property string infoMessage
  property int pendingRequest: -1

  title: qsTr("Seesaw updater")
  scroller: body
  canGoBack: false
  initialFocusItem: installButton

  Connections {
    target: page.updater
    function onDone(requestId, message) {
      if (requestId === page.pendingRequest) {
        page.pendingRequest = -1;
        page.actionMessage = "";
        page.infoMessage = message;
      }
    }
    function onFailed(requestId, code, message) {
      if (requestId === page.pendingRequest) {
        page.pendingRequest = -1;
        page.actionMessage = message;
      }
    }
  }

  // Language and Quit sit in the title bar; the update actions stay visible at the bottom
  // whatever the banners above need.
  header: PageHeader {
    title: page.title
    showBack: false
    ActionButton {
      objectName: "languageButton"
      text: qsTr("Language")
      iconName: "language"
      kind: ActionButton.Kind.Flat
      visible: page.language !== null
      onClicked: page.languageRequested()
    }
    ActionButton {
      objectName: "quitButton"
      text: qsTr("Quit")
      kind: ActionButton.Kind.Flat
      visible: page.allowQuit
      onClicked: page.quitRequested()
    }
  }

  footer: ActionBar {
    ActionButton {
      objectName: "rollbackButton"
      text: qsTr("Roll back")
      iconName: "rollback"
      visible: page.updater.canRollBack
      enabled: !page.updater.busy
      onClicked: rollbackDialog.open()
    }
    ActionButton {
      objectName: "addonsButton"
      text: qsTr("Add-ons")
      iconName: "file"
      visible: (page.updater.artifacts || []).length > 0
      onClicked: page.addonsRequested()
    }
    ActionButton {
      objectName: "historyButton"
      text: qsTr("History")
      iconName: "history"
      onClicked: page.historyRequested()
    }
    ActionButton {
      id: installButton
      objectName: "installButton"
      text: qsTr("Install an update")
      iconName: "install"
      kind: ActionButton.Kind.Primary
      enabled: page.updater.connected
      onClicked: page.installRequested()
    }
  }

  ConfirmDialog {
    id: rollbackDialog
    objectName: "rollbackDialog"
    title: qsTr("Roll back to version %1?").arg(page.other.version || "")
    text: qsTr("Slot %1 becomes the system that starts next. It runs after the next restart; until then nothing changes.")
        .arg(page.other.bootname || "")
    acceptText: qsTr("Roll back")
    acceptIcon: "rollback"
    destructive: true
    onAccepted: page.pendingRequest = page.updater.rollback()
  }

  ScrollColumn {
    id: body
    anchors.fill: parent

    Banner {
      objectName: "serviceBanner"
      visible: !page.updater.connected
      status: StatusLine.Status.Failed
      title: qsTr("The update service is not running")
      detail: qsTr("Nothing can be installed until seesawd runs. The system itself is not affected.")
      Layout.fillWidth: true
    }

    Banner {
      objectName: "outcomeBanner"
      visible: page.showOutcome
      status: Format.outcomeIsProblem(page.outcome) ? StatusLine.Status.Failed
          : page.outcome === "installed" ? StatusLine.Status.Info : StatusLine.Status.Ok
      title: Format.outcomeTitle(page.outcome)
      detail: [page.lastResult.version ? qsTr("Version %1").arg(page.lastResult.version) : "",
           page.lastResult.message || "", page.lastResult.detail || "",
           page.lastResult.at ? Format.dateTime(page.lastResult.at) : ""]
          .filter(s => s.length > 0).join("\n")
      Layout.fillWidth: true
      ActionButton {
        objectName: "restartButton"
        text: qsTr("Restart now")
        iconName: "reboot"
        kind: ActionButton.Kind.Primary
        visible: page.outcome === "installed"
        enabled: page.updater.connected && !page.updater.busy
        onClicked: page.pendingRequest = page.updater.reboot()
      }
      ActionButton {
        objectName: "acknowledgeButton"
        text: qsTr("Acknowledge")
        iconName: "check"
        visible: page.outcome !== "installed"
        enabled: page.updater.connected && !page.updater.busy
        onClicked: page.pendingRequest = page.updater.acknowledgeResult()
      }
    }

    Banner {
      objectName: "channelBanner"
      visible: page.showChannel
      status: Format.channelIsProblem(page.channel) ? StatusLine.Status.Warning
          : page.waiting ? StatusLine.Status.Ok : StatusLine.Status.Info
      title: page.channelTitle
      detail: Format.channelDetail(page.channel, page.updater.version || qsTr("its current version"),
                                   page.language ? page.language.current : "en")
      Layout.fillWidth: true
      ActionButton {
        objectName: "installNowButton"
        text: qsTr("Install now")
        iconName: "install"
        kind: ActionButton.Kind.Primary
        visible: page.waiting
        enabled: page.updater.connected && !page.updater.busy
        onClicked: page.pendingRequest = page.updater.installUpdate()
      }
      ActionButton {
        objectName: "notNowButton"
        text: qsTr("Not now")
        visible: page.waiting
        onClicked: page.dismissedVersion = page.channel["staged-version"] || ""
      }
      ActionButton {
        objectName: "downloadButton"
        text: qsTr("Download now")
        visible: page.channel.state === "update-available" && !!page.channel["download-error"]
        enabled: page.updater.connected && !page.updater.busy
        onClicked: page.pendingRequest = page.updater.downloadUpdate()
      }
      ActionButton {
        objectName: "checkAgainButton"
        text: qsTr("Check again")
        visible: Format.channelIsProblem(page.channel)
        enabled: page.updater.connected && !page.updater.busy
        onClicked: page.pendingRequest = page.updater.checkChannel()
      }
    }

    Banner {
      objectName: "fleetBanner"
      visible: page.fleetTitle.length > 0
      status: page.fleet.state === "failed" ? StatusLine.Status.Warning
          : page.fleet.state === "question" ? StatusLine.Status.Info : StatusLine.Status.Ok
      title: page.fleetTitle
      detail: Format.fleetDetail(page.fleet)
      Layout.fillWidth: true
      ActionButton {
        objectName: "fleetYesButton"
        text: qsTr("Install")
        iconName: "install"
        kind: ActionButton.Kind.Primary
        visible: page.fleet.state === "question"
        enabled: page.updater.connected && !page.updater.busy
        onClicked: page.pendingRequest = page.updater.answerFleet(true)
      }
      ActionButton {
        objectName: "fleetNotNowButton"
        text: qsTr("Not now")
        visible: page.fleet.state === "question"
        enabled: page.updater.connected && !page.updater.busy
        onClicked: page.pendingRequest = page.updater.answerFleet(false)
      }
      ActionButton {
        objectName: "fleetInstallNowButton"
        text: qsTr("Install now")
        iconName: "install"
        visible: page.fleet.state === "scheduled"
        enabled: page.updater.connected && !page.updater.busy
        onClicked: page.pendingRequest = page.updater.installUpdate()
      }
      ActionButton {
        objectName: "fleetCheckButton"
        text: qsTr("Check again")
        visible: page.fleet.state === "failed"
        enabled: page.updater.connected && !page.updater.busy
        onClicked: page.pendingRequest = page.updater.checkFleet()
      }
    }

    Banner {
      objectName: "holdBanner"
      visible: page.hold.length > 0
      status: StatusLine.Status.Info
      title: qsTr("Updates wait for the health check")
      detail: page.hold
      Layout.fillWidth: true
    }

    Banner {
      visible: page.infoMessage.length > 0 && page.actionMessage.length === 0
      status: StatusLine.Status.Info
      title: qsTr("Done")
      detail: page.infoMessage
      Layout.fillWidth: true
    }

    Banner {
      visible: page.actionMessage.length > 0
      status: StatusLine.Status.Failed
      title: qsTr("That did not work")
      detail: page.actionMessage
      Layout.fillWidth: true
    }

    Section {
      title: page.updater.deviceName || qsTr("This device")
      iconName: "seesaw"
      Layout.fillWidth: true
      SlotPicture {
        objectName: "slotPicture"
        updater: page.updater
        Layout.fillWidth: true
      }
      KeyValue {
        key: qsTr("Device type")
        value: page.updater.compatible || qsTr("unknown")
        Layout.fillWidth: true
      }
      KeyValue {
        objectName: "runningVersion"
        key: qsTr("Running")
        value: page.updater.version
             ? Format.args(qsTr("version %1 from slot %2"), page.updater.version, page.updater.bootedSlot)
             : qsTr("unknown")
        Layout.fillWidth: true
      }
      KeyValue {
        objectName: "otherSlot"
        key: qsTr("Other slot")
        value: page.other.bootname
             ? Format.args(qsTr("slot %1: %2 (%3)"), page.other.bootname,
                           page.other.version || qsTr("no system"), Format.slotState(page.other.state))
             : qsTr("none")
        Layout.fillWidth: true
      }
      KeyValue {
        objectName: "channelLine"
        visible: page.channel.state !== undefined && page.channel.state !== "disabled"
        key: qsTr("Updates")
        value: Format.channelLine(page.channel)
        Layout.fillWidth: true
      }
      KeyValue {
        objectName: "fleetLine"
        visible: page.fleet.state !== undefined && page.fleet.state !== "disabled"
        key: qsTr("Fleet server")
        value: Format.fleetLine(page.fleet)
        Layout.fillWidth: true
      }
      KeyValue {
        visible: page.updater.primarySlot && page.updater.primarySlot !== page.updater.bootedSlot
        key: qsTr("Next start")
        value: qsTr("slot %1").arg(page.updater.primarySlot)
        Layout.fillWidth: true
      }
    }
  }
}
