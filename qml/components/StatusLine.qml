import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// One verdict with its reason: ✓ or ✗ (or a warning/info sign), a title, and the daemon's
// text as plain text. Used for compatibility checks, the signature and messages.
RowLayout {
  id: line

  enum Status { Ok, Failed, Warning, Info }
  property int status: StatusLine.Status.Info
  property string title
  property string detail   // untrusted: shown as plain text only
  property string iconName // instead of the status's own icon
  // Further lines (a signer's key) go into the text column, below the detail.
  default property alias extra: texts.data

  readonly property color statusColor: status === StatusLine.Status.Ok ? Theme.success
                     : status === StatusLine.Status.Failed ? Theme.danger
                     : status === StatusLine.Status.Warning ? Theme.warning
                     : Theme.accent
  readonly property string statusWord: status === StatusLine.Status.Ok ? qsTr("passed")
                     : status === StatusLine.Status.Failed ? qsTr("failed")
                     : status === StatusLine.Status.Warning ? qsTr("warning")
                     : qsTr("note")

  spacing: Theme.spacing
  Accessible.role: Accessible.StaticText
  Accessible.name: title + ", " + statusWord + (detail.length > 0 ? ": " + detail : "")

  Icon {
    objectName: "statusIcon"
    name: line.iconName.length > 0 ? line.iconName
      : line.status === StatusLine.Status.Ok ? "check"
      : line.status === StatusLine.Status.Failed ? "cross"
      : line.status === StatusLine.Status.Warning ? "warning" : "info"
    tint: line.statusColor
    Layout.alignment: Qt.AlignTop
  }
  ColumnLayout {
    id: texts
    spacing: 0
    Layout.fillWidth: true
    Label {
      objectName: "statusTitle"
      text: line.title
      textFormat: Text.PlainText
      font.bold: true
      color: Theme.text
      wrapMode: Text.WordWrap
      Layout.fillWidth: true
    }
    Label {
      objectName: "statusDetail"
      visible: text.length > 0
      text: line.detail
      textFormat: Text.PlainText
      color: Theme.textSecondary
      wrapMode: Text.WordWrap
      maximumLineCount: 6
      elide: Text.ElideRight
      Layout.fillWidth: true
    }
  }
}
