import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// How the install ended. Success: restart now or later. Failure: the daemon's message in
// plain words, and always what the device runs now.
BasePage {
  id: page

  required property var updater
  property bool success: false
  property string code
  property string message
  property string version
  // False for a bundle of add-ons only: they are in use already, nothing waits for a restart.
  property bool needsReboot: true

  property int rebootRequest: -1
  property string rebootError

  signal homeRequested

  scroller: body
  title: success ? (needsReboot ? qsTr("Update installed") : qsTr("Add-ons installed"))
                 : code === "Cancelled" ? qsTr("Update cancelled") : qsTr("Update not installed")
  canGoBack: false
  initialFocusItem: success && needsReboot ? rebootButton : homeButton
  onEscapeRequested: page.homeRequested()

  Connections {
    target: page.updater
    function onDone(requestId, message) {
      if (requestId === page.rebootRequest)
        page.rebootRequest = -1;
    }
    function onFailed(requestId, code, message) {
      if (requestId !== page.rebootRequest)
        return;
      page.rebootRequest = -1;
      page.rebootError = message || code;
    }
  }

  DeviceState {
    id: deviceState
    updater: page.updater
  }

  footer: ActionBar {
    ActionButton {
      id: homeButton
      objectName: "laterButton"
      text: page.success && page.needsReboot ? qsTr("Later") : qsTr("Back to start")
      onClicked: page.homeRequested()
    }
    ActionButton {
      id: rebootButton
      objectName: "rebootButton"
      visible: page.success && page.needsReboot
      text: page.rebootRequest >= 0 ? qsTr("Restarting…") : qsTr("Restart now")
      iconName: "reboot"
      kind: ActionButton.Kind.Primary
      enabled: page.rebootRequest < 0
      onClicked: page.rebootRequest = page.updater.reboot()
    }
  }

  ScrollColumn {
    id: body
    anchors.fill: parent

    RowLayout {
      spacing: Theme.margin
      Layout.fillWidth: true
      Icon {
        name: page.success ? "healthy" : (page.code === "Cancelled" ? "info" : "error")
        size: Theme.px(48)
        tint: page.success ? Theme.success : (page.code === "Cancelled" ? Theme.accent : Theme.danger)
      }
      Label {
        objectName: "doneHeadline"
        text: page.success
            ? (page.needsReboot ? qsTr("Version %1 is installed.").arg(page.version)
                                : qsTr("The add-ons are installed and in use."))
            : page.code === "Cancelled" ? qsTr("The update was cancelled.")
            : qsTr("The update could not be installed.")
        textFormat: Text.PlainText
        font.pixelSize: Theme.fontTitle
        font.bold: true
        color: Theme.text
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
        Accessible.role: Accessible.AlertMessage
        Accessible.name: text
      }
    }
    Label {
      objectName: "doneExplanation"
      visible: page.success
      text: !page.needsReboot ? page.message : Format.args(qsTr("It starts at the next restart, from slot %1. If it does not come up healthy, the device goes back to version %2 by itself."),
                        page.updater.primarySlot || (page.updater.otherSlot || {}).bootname || "",
                        page.updater.version)
      textFormat: Text.PlainText
      color: Theme.text
      wrapMode: Text.WordWrap
      Layout.fillWidth: true
    }
    Banner {
      objectName: "errorBanner"
      visible: !page.success
      status: page.code === "Cancelled" ? StatusLine.Status.Info : StatusLine.Status.Failed
      title: deviceState.text
      detail: page.message
      Layout.fillWidth: true
    }
    Banner {
      visible: page.rebootError.length > 0
      status: StatusLine.Status.Failed
      title: qsTr("The device did not restart")
      detail: page.rebootError
      Layout.fillWidth: true
    }
  }
}
