pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// Where an update comes from: the USB sticks the app sees (with the bundles seesawd found on
// them) or a local file.
BasePage {
  id: page

  required property var media   // MediaModel or a test double with the same roles

  signal bundleChosen(var summary, var source)
  signal openFileRequested

  title: qsTr("Choose an update")
  scroller: body
  initialFocusItem: openFileButton

  ScrollColumn {
    id: body
    anchors.fill: parent

    ActionButton {
      id: openFileButton
      objectName: "openFileButton"
      text: qsTr("Open file…")
      iconName: "file"
      onClicked: page.openFileRequested()
    }

    Banner {
      objectName: "noMediaHint"
      visible: stickRepeater.count === 0
      status: StatusLine.Status.Info
      title: qsTr("No USB stick found")
      detail: qsTr("Insert a USB stick with an update bundle (a .seesaw file). It appears here within a second.")
      Layout.fillWidth: true
    }

    Repeater {
      id: stickRepeater
      model: page.media

      delegate: Section {
        id: stick

        required property string mediaId
        required property string label
        required property string vendor
        required property string model   // the role: the stick's model name
        required property var size
        required property bool scanning
        required property var bundles
        required property string error

        readonly property string name: label || (vendor && model ? vendor + " " + model : vendor || model)
                                       || qsTr("USB stick")

        title: Format.args(qsTr("%1 (%2)"), name, Format.bytes(size))
        iconName: "usb"
        Layout.fillWidth: true

        RowLayout {
          visible: stick.scanning
          spacing: Theme.spacing
          Layout.fillWidth: true
          BusyIndicator {
            running: stick.scanning
            implicitWidth: Theme.touch
            implicitHeight: Theme.touch
          }
          Label {
            text: qsTr("Looking for update bundles…")
            textFormat: Text.PlainText
            color: Theme.text
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
          }
        }
        StatusLine {
          visible: stick.error.length > 0
          status: StatusLine.Status.Failed
          title: qsTr("This stick cannot be read")
          detail: stick.error
          Layout.fillWidth: true
        }
        Label {
          visible: !stick.scanning && stick.error.length === 0 && (stick.bundles || []).length === 0
          text: qsTr("No update bundles on this stick.")
          textFormat: Text.PlainText
          color: Theme.textSecondary
          wrapMode: Text.WordWrap
          Layout.fillWidth: true
        }
        Repeater {
          model: stick.bundles || []
          delegate: ListButton {
            required property var modelData
            required property int index
            readonly property var summary: modelData.summary || null
            readonly property bool readable: summary !== null && !modelData.error

            objectName: "bundle_" + index
            text: String(modelData.path || "").split("/").pop()
            subtitle: readable
                  ? Format.args(qsTr("Version %1, %2"), summary.version, Format.bytes(modelData.size))
                  + (summary.installable ? "" : "\n" + Format.blockingReason(InstallPolicy.verdict(summary)))
                  : qsTr("Cannot be read: %1").arg(modelData.error || qsTr("unknown error"))
            iconName: "file"
            statusIcon: readable && summary.installable ? "check" : "cross"
            statusColor: readable && summary.installable ? Theme.success : Theme.danger
            enabled: readable && stick.mediaId.length > 0
            Layout.fillWidth: true
            onClicked: page.bundleChosen(summary, {
              kind: "media", mediaId: stick.mediaId, path: modelData.path,
              name: text, medium: stick.name
            })
          }
        }
        ActionButton {
          visible: !stick.scanning && stick.mediaId.length > 0
          text: qsTr("Scan again")
          kind: ActionButton.Kind.Flat
          onClicked: page.media.rescan(stick.mediaId)
        }
      }
    }
  }
}
