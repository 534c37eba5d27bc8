import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// The install as it happens: phase, percent, megabytes, rate and time left, from the daemon's
// Progress (about 10 updates a second); once it has ended, the average speed and the time it
// took. The bar only moves forward (Updater sees to that); Cancel asks first and is offered
// until the boot loader switch.
BasePage {
  id: page

  required property var updater
  property string targetVersion

  readonly property var progress: updater.progress || ({})
  readonly property string phase: progress.phase || "checking"
  readonly property string phaseText: Format.phaseText(phase)
  readonly property int percent: Math.floor(fraction * 100)
  readonly property bool cancellable: Format.cancellable(phase) && updater.state === "installing"
  readonly property string bytesText: Format.args(qsTr("%1 MB of %2 MB"), Format.megabytes(progress.done),
                                                 Format.megabytes(progress.total))
  readonly property string rateText: Format.rate(progress.rate)
  readonly property string etaText: Format.eta(progress.eta === undefined ? -1 : progress.eta)
  // What a screen reader hears: the phase, announced again whenever it changes.
  readonly property string announcement: Format.args(qsTr("%1, %2 percent"), phaseText, percent)

  // Updater keeps it from going back within one install and makes it 1 once the install ends.
  readonly property real fraction: Number(updater.progressFraction) || 0
  // Once the install has ended: the average speed over the whole write and the time it took
  // (from Updater, which timed it), instead of the live speed and the time left.
  readonly property bool ended: updater.installFinished === true
  readonly property string averageRateText: Format.rate(updater.averageRate)
  readonly property string durationText: Format.duration(updater.installSeconds)

  property bool cancelRequested: false
  property bool finishedEmitted: false

  signal finished(bool success, string code, string message)

  function finish(success, code, message) {
    if (finishedEmitted)
      return;
    finishedEmitted = true;
    finished(success, code, message);
  }
  function askCancel() {
    if (cancellable && !cancelRequested)
      cancelDialog.open();
  }

  title: targetVersion ? qsTr("Installing %1").arg(targetVersion) : qsTr("Installing an update")
  scroller: body
  canGoBack: false
  initialFocusItem: bar
  onEscapeRequested: askCancel()

  Connections {
    target: page.updater
    function onCompleted(success, code, message) {
      page.finish(success, code, message);
    }
    function onFailed(requestId, code, message) {
      // Only a refused Cancel lands here (e.g. commit already began): keep watching.
      page.cancelRequested = false;
    }
  }

  ConfirmDialog {
    id: cancelDialog
    objectName: "cancelDialog"
    title: qsTr("Cancel the update?")
    text: qsTr("Writing stops and the partly written slot stays unused. The device keeps running version %1.")
        .arg(page.updater.version)
    acceptText: qsTr("Cancel the update")
    rejectText: qsTr("Keep installing")
    acceptIcon: "cancel"
    destructive: true
    onAccepted: {
      if (!page.cancellable)
        return;
      page.cancelRequested = true;
      page.updater.cancel();
    }
  }

  footer: ActionBar {
    visible: page.cancellable
    ActionButton {
      id: cancelButton
      objectName: "cancelInstallButton"
      text: page.cancelRequested ? qsTr("Cancelling…") : qsTr("Cancel")
      iconName: "cancel"
      visible: page.cancellable
      enabled: !page.cancelRequested
      onClicked: page.askCancel()
    }
  }

  ScrollColumn {
    id: body
    anchors.fill: parent

    Label {
      objectName: "phaseLabel"
      text: page.phaseText
      textFormat: Text.PlainText
      font.pixelSize: Theme.fontTitle
      font.bold: true
      color: Theme.text
      wrapMode: Text.WordWrap
      Layout.fillWidth: true
      // Announced by screen readers as it changes.
      Accessible.role: Accessible.AlertMessage
      Accessible.name: page.announcement
    }
    ProgressBar {
      id: bar
      objectName: "progressBar"
      from: 0
      to: 1
      value: page.fraction
      focusPolicy: Qt.TabFocus
      Layout.fillWidth: true
      Layout.preferredHeight: Theme.px(24)
      Accessible.name: page.announcement
      Accessible.description: page.bytesText
      background: Rectangle {
        radius: Theme.radius
        color: Theme.surfaceRaised
        border.color: Theme.border
        FocusRing {
          visible: bar.visualFocus
        }
      }
      contentItem: Item {
        Rectangle {
          width: bar.visualPosition * parent.width
          height: parent.height
          radius: Theme.radius
          color: Theme.accent
        }
      }
    }
    Label {
      objectName: "percentLabel"
      text: qsTr("%1 %").arg(page.percent)
      textFormat: Text.PlainText
      font.pixelSize: Theme.fontHuge
      font.bold: true
      color: Theme.text
      Layout.alignment: Qt.AlignHCenter
    }
    Section {
      Layout.fillWidth: true
      KeyValue {
        objectName: "bytesValue"
        key: qsTr("Written")
        value: page.bytesText
        Layout.fillWidth: true
      }
      KeyValue {
        objectName: "rateValue"
        visible: !page.ended
        key: qsTr("Speed")
        value: page.rateText
        Layout.fillWidth: true
      }
      KeyValue {
        objectName: "etaValue"
        visible: !page.ended
        key: qsTr("Time left")
        value: page.etaText
        Layout.fillWidth: true
      }
      KeyValue {
        objectName: "averageRateValue"
        visible: page.ended && Number(page.updater.averageRate) > 0
        key: qsTr("Average speed")
        value: page.averageRateText
        Layout.fillWidth: true
      }
      KeyValue {
        objectName: "durationValue"
        visible: page.ended && Number(page.updater.installSeconds) >= 0
        key: qsTr("Time taken")
        value: page.durationText
        Layout.fillWidth: true
      }
      KeyValue {
        visible: (page.progress.message || "").length > 0
        key: qsTr("Status")
        value: page.progress.message || ""
        Layout.fillWidth: true
      }
    }
    SlotPicture {
      objectName: "slotPicture"
      updater: page.updater
      targetVersion: page.targetVersion
      Layout.fillWidth: true
    }
    Label {
      visible: page.updater.state === "installing"
      text: page.cancellable ? qsTr("The running system is not touched. You can keep using the device.")
                   : qsTr("Finalising: this cannot be cancelled any more and takes a moment.")
      textFormat: Text.PlainText
      color: Theme.textSecondary
      wrapMode: Text.WordWrap
      Layout.fillWidth: true
    }
  }
}
