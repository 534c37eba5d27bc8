import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// A full-width, two-line entry of a list (a bundle, a file, a folder): icon, title and
// subtitle as plain text (they come from sticks and bundles), optional status icon.
Button {
  id: control

  property string iconName
  property string subtitle
  property string statusIcon
  property color statusColor: Theme.text

  implicitHeight: Math.max(Theme.touch, implicitContentHeight + topPadding + bottomPadding)
  padding: Theme.spacing
  leftPadding: Theme.margin
  rightPadding: Theme.margin
  font.pixelSize: Theme.fontBody
  focusPolicy: Qt.StrongFocus
  Accessible.role: Accessible.Button
  Accessible.name: text + (subtitle.length > 0 ? ", " + subtitle : "")

  Keys.onReturnPressed: control.clicked()
  Keys.onEnterPressed: control.clicked()

  contentItem: RowLayout {
    spacing: Theme.margin
    Icon {
      visible: control.iconName.length > 0
      name: control.iconName
      tint: control.enabled ? Theme.text : Theme.textSecondary
    }
    ColumnLayout {
      spacing: 0
      Layout.fillWidth: true
      Label {
        text: control.text
        textFormat: Text.PlainText
        font.pixelSize: Theme.fontBody
        font.bold: true
        color: Theme.text
        elide: Text.ElideMiddle
        Layout.fillWidth: true
      }
      Label {
        visible: text.length > 0
        text: control.subtitle
        textFormat: Text.PlainText
        font.pixelSize: Theme.fontSmall
        color: Theme.textSecondary
        wrapMode: Text.WordWrap
        maximumLineCount: 3
        elide: Text.ElideRight
        Layout.fillWidth: true
      }
    }
    Icon {
      visible: control.statusIcon.length > 0
      name: control.statusIcon
      tint: control.statusColor
    }
  }

  background: Rectangle {
    radius: Theme.radius
    color: control.down ? Theme.surfaceRaised : Theme.surface
    border.width: 1
    border.color: Theme.border
    FocusRing {
      visible: control.visualFocus
    }
  }
}
