import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// Title bar of a page: Back (when there is somewhere to go back to), the title, and room
// for page actions on the right.
ToolBar {
  id: header

  property string title
  property bool showBack: true
  default property alias actions: actionRow.data
  signal backClicked

  padding: Theme.spacing
  implicitHeight: Theme.touch + topPadding + bottomPadding
  background: Rectangle {
    color: Theme.surface
    Rectangle {
      anchors.bottom: parent.bottom
      width: parent.width
      height: 1
      color: Theme.border
    }
  }

  RowLayout {
    anchors.fill: parent
    spacing: Theme.spacing

    ActionButton {
      objectName: "backButton"
      visible: header.showBack
      iconName: "back"
      kind: ActionButton.Kind.Flat
      Accessible.name: qsTr("Back")
      onClicked: header.backClicked()
    }
    Label {
      objectName: "pageTitle"
      text: header.title
      textFormat: Text.PlainText
      font.pixelSize: Theme.fontTitle
      font.bold: true
      color: Theme.text
      elide: Text.ElideRight
      leftPadding: header.showBack ? 0 : Theme.spacing
      Layout.fillWidth: true
      Accessible.role: Accessible.Heading
      Accessible.name: text
    }
    RowLayout {
      id: actionRow
      spacing: Theme.spacing
    }
  }
}
