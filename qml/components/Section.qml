import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// A titled card on a page; its children are laid out in a column.
Rectangle {
  id: section

  property string title
  property string iconName
  default property alias content: column.data

  implicitHeight: column.implicitHeight + 2 * Theme.margin
  color: Theme.surface
  radius: Theme.radius
  border.color: Theme.border
  border.width: 1

  ColumnLayout {
    id: column
    x: Theme.margin
    y: Theme.margin
    width: parent.width - 2 * Theme.margin
    spacing: Theme.spacing

    RowLayout {
      visible: section.title.length > 0
      spacing: Theme.spacing
      Layout.fillWidth: true
      Icon {
        visible: section.iconName.length > 0
        name: section.iconName
        Layout.alignment: Qt.AlignTop
        Layout.topMargin: Math.max(0, (titleLabel.implicitHeight / titleLabel.lineCount - height) / 2)
      }
      Label {
        id: titleLabel
        objectName: "sectionTitle"
        text: section.title
        textFormat: Text.PlainText
        font.pixelSize: Theme.fontLarge
        font.bold: true
        color: Theme.text
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
        Accessible.role: Accessible.Heading
      }
    }
  }
}
