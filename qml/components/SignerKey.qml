import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// The key that signed a bundle: its name as the main line and its id once below it, smaller;
// only the id when the key has no name. Both come from the daemon: plain text only.
ColumnLayout {
  id: signer

  property string name
  property string keyId

  readonly property string idText: keyId.length > 0 ? qsTr("Key ID: %1").arg(keyId) : ""

  spacing: 0
  Accessible.role: Accessible.StaticText
  Accessible.name: name.length > 0 ? name + ", " + idText : idText

  Label {
    objectName: "signerName"
    visible: signer.name.length > 0
    text: signer.name
    textFormat: Text.PlainText
    color: Theme.text
    wrapMode: Text.WordWrap
    Layout.fillWidth: true
  }
  Label {
    objectName: "signerKeyId"
    visible: text.length > 0
    text: signer.idText
    textFormat: Text.PlainText
    font.pixelSize: Theme.fontSmall
    color: Theme.textSecondary
    wrapMode: Text.WordWrap
    Layout.fillWidth: true
  }
}
