import QtQuick
import QtQuick.Controls.Basic
import Seesaw

// A deliberate yes/no choice on a page (not a question in a dialog): a box at least
// Theme.touch high, the text beside it, a visible focus ring; Space, Enter and a tap toggle it.
CheckBox {
  id: control

  implicitHeight: Math.max(Theme.touch, implicitContentHeight + topPadding + bottomPadding)
  padding: Theme.spacing
  spacing: Theme.margin
  font.pixelSize: Theme.fontBody
  focusPolicy: Qt.StrongFocus
  Accessible.role: Accessible.CheckBox
  Accessible.name: text
  Accessible.checked: checked

  Keys.onReturnPressed: control.toggle()
  Keys.onEnterPressed: control.toggle()

  indicator: Rectangle {
    x: control.leftPadding
    y: (control.height - height) / 2
    implicitWidth: Theme.px(28)
    implicitHeight: Theme.px(28)
    radius: Theme.px(4)
    color: control.checked ? Theme.accent : Theme.surface
    border.width: Math.max(1, Theme.px(2))
    border.color: control.checked ? Theme.accent : Theme.border
    Icon {
      anchors.centerIn: parent
      visible: control.checked
      name: "check"
      tint: Theme.accentText
      size: Theme.px(20)
    }
    FocusRing {
      visible: control.visualFocus
    }
  }
  contentItem: Label {
    leftPadding: control.indicator.width + control.spacing
    text: control.text
    textFormat: Text.PlainText
    font: control.font
    color: control.enabled ? Theme.text : Theme.textSecondary
    wrapMode: Text.WordWrap
    verticalAlignment: Text.AlignVCenter
  }
}
