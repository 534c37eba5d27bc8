import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// "Label: value" that wraps below the label when the screen is narrow.
GridLayout {
  id: kv

  property string key
  property string value   // may come from a bundle: plain text only

  columns: width > Theme.px(480) ? 2 : 1
  columnSpacing: Theme.margin
  rowSpacing: 0
  Accessible.role: Accessible.StaticText
  Accessible.name: key + ": " + value

  Label {
    text: kv.key
    textFormat: Text.PlainText
    color: Theme.textSecondary
    Layout.preferredWidth: kv.columns === 2 ? Theme.px(200) : -1
    Layout.alignment: Qt.AlignTop
    wrapMode: Text.WordWrap
  }
  Label {
    objectName: "value"
    text: kv.value
    textFormat: Text.PlainText
    color: Theme.text
    wrapMode: Text.WordWrap
    maximumLineCount: 4
    elide: Text.ElideRight
    Layout.fillWidth: true
  }
}
