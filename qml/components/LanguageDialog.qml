pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Templates as T
import Seesaw

// Choose the UI language; each language is named in itself so anyone finds their own.
Dialog {
  id: dialog

  property var language: null

  title: qsTr("Language")
  modal: true
  focus: true
  closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside
  anchors.centerIn: T.Overlay.overlay
  width: Math.min(parent ? parent.width - 2 * Theme.margin : Theme.px(400), Theme.px(400))
  height: Math.min(implicitHeight, parent ? parent.height - 2 * Theme.margin : implicitHeight)
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
    text: dialog.title
    textFormat: Text.PlainText
    padding: Theme.margin
    bottomPadding: 0
    font.pixelSize: Theme.fontLarge
    font.bold: true
    color: Theme.text
  }

  onOpened: {
    const first = list.itemAtIndex(Math.max(0, list.currentIndex));
    if (first)
      first.forceActiveFocus(Qt.OtherFocusReason);
  }

  ListView {
    id: list
    anchors.fill: parent
    objectName: "languageList"
    implicitHeight: contentHeight
    clip: true
    spacing: Theme.spacing
    model: dialog.language ? dialog.language.available : []
    currentIndex: {
      const langs = dialog.language ? dialog.language.available : [];
      for (let i = 0; i < langs.length; ++i) {
        if (langs[i].code === dialog.language.current)
          return i;
      }
      return -1;
    }
    delegate: ActionButton {
      required property var modelData
      required property int index
      width: ListView.view.width
      text: modelData.nativeName
      iconName: dialog.language && modelData.code === dialog.language.current ? "check" : ""
      kind: ActionButton.Kind.Normal
      KeyNavigation.down: list.itemAtIndex(index + 1)
      KeyNavigation.up: list.itemAtIndex(index - 1)
      onActiveFocusChanged: if (activeFocus) ListView.view.positionViewAtIndex(index, ListView.Contain)
      onClicked: {
        dialog.language.setLanguage(modelData.code);
        dialog.close();
      }
    }
  }
}
