import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Templates as T
import QtQuick.Layouts
import Seesaw

// A deliberate yes/no question. The safe answer has the focus, Escape and a tap outside mean
// "no", and the consequences are spelled out in `text`.
Dialog {
  id: dialog

  property string text
  property string acceptText: qsTr("Continue")
  property string rejectText: qsTr("Go back")
  property string acceptIcon
  property bool destructive: false

  modal: true
  focus: true
  closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
  anchors.centerIn: T.Overlay.overlay
  width: Math.min(parent ? parent.width - 2 * Theme.margin : Theme.px(560), Theme.px(560))
  padding: Theme.margin
  font.pixelSize: Theme.fontBody

  background: Rectangle {
    color: Theme.surface
    radius: Theme.radius
    border.color: Theme.border
  }
  T.Overlay.modal: Rectangle {
    color: Theme.scrim
  }
  header: Label {
    objectName: "dialogTitle"
    text: dialog.title
    textFormat: Text.PlainText
    padding: Theme.margin
    bottomPadding: 0
    font.pixelSize: Theme.fontLarge
    font.bold: true
    color: Theme.text
    wrapMode: Text.WordWrap
    Accessible.role: Accessible.Heading
  }

  onOpened: rejectButton.forceActiveFocus(Qt.OtherFocusReason)

  ColumnLayout {
    anchors.fill: parent
    spacing: Theme.margin
    Label {
      objectName: "dialogText"
      text: dialog.text
      textFormat: Text.PlainText
      color: Theme.text
      wrapMode: Text.WordWrap
      Layout.fillWidth: true
    }
    Flow {
      spacing: Theme.spacing
      layoutDirection: Qt.RightToLeft
      Layout.fillWidth: true
      ActionButton {
        id: acceptButton
        objectName: "acceptButton"
        text: dialog.acceptText
        iconName: dialog.acceptIcon
        kind: dialog.destructive ? ActionButton.Kind.Danger : ActionButton.Kind.Primary
        onClicked: dialog.accept()
      }
      ActionButton {
        id: rejectButton
        objectName: "rejectButton"
        text: dialog.rejectText
        onClicked: dialog.reject()
      }
    }
  }
}
