pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// A file browser for fingers: large rows, folders first, Up instead of a path field. The
// chosen file is read by the app and handed to seesawd as a descriptor (Updater.inspectFile).
BasePage {
  id: page

  required property var browser   // FileBrowser or a test double
  required property var updater

  property int inspectRequest: -1
  property string inspectedPath
  property string inspectError

  signal bundleChosen(var summary, var source)

  function openFile(path, name) {
    inspectError = "";
    inspectedPath = path;
    inspectRequest = updater.inspectFile(path);
  }

  title: qsTr("Open file")
  initialFocusItem: upButton

  Connections {
    target: page.updater
    function onInspected(requestId, summary) {
      if (requestId !== page.inspectRequest)
        return;
      page.inspectRequest = -1;
      page.bundleChosen(summary, {
        kind: "file", path: page.inspectedPath, name: page.inspectedPath.split("/").pop()
      });
    }
    function onFailed(requestId, code, message) {
      if (requestId !== page.inspectRequest)
        return;
      page.inspectRequest = -1;
      page.inspectError = message || code;
    }
  }

  ColumnLayout {
    anchors.fill: parent
    anchors.margins: Theme.margin
    spacing: Theme.spacing

    RowLayout {
      spacing: Theme.spacing
      Layout.fillWidth: true
      ActionButton {
        id: upButton
        objectName: "upButton"
        text: qsTr("Up")
        iconName: "folder"
        enabled: (page.browser.parentFolder || "").length > 0 && page.inspectRequest < 0
        onClicked: page.browser.up()
      }
      Label {
        objectName: "folderLabel"
        text: page.browser.folder || ""
        textFormat: Text.PlainText
        color: Theme.text
        elide: Text.ElideMiddle
        Layout.fillWidth: true
        Accessible.name: qsTr("Folder %1").arg(text)
      }
    }

    StatusLine {
      visible: (page.browser.error || "").length > 0
      status: StatusLine.Status.Failed
      title: qsTr("This folder cannot be opened")
      detail: page.browser.error || ""
      Layout.fillWidth: true
    }
    StatusLine {
      objectName: "inspectError"
      visible: page.inspectError.length > 0
      status: StatusLine.Status.Failed
      title: qsTr("This file is not a usable update bundle")
      detail: page.inspectError
      Layout.fillWidth: true
    }
    RowLayout {
      visible: page.inspectRequest >= 0
      spacing: Theme.spacing
      Layout.fillWidth: true
      BusyIndicator {
        running: parent.visible
        implicitWidth: Theme.touch
        implicitHeight: Theme.touch
      }
      Label {
        text: qsTr("Checking the bundle…")
        textFormat: Text.PlainText
        color: Theme.text
        Layout.fillWidth: true
      }
    }
    Label {
      visible: list.count === 0 && (page.browser.error || "").length === 0
      text: qsTr("No folders or update bundles here.")
      textFormat: Text.PlainText
      color: Theme.textSecondary
      wrapMode: Text.WordWrap
      Layout.fillWidth: true
    }

    ListView {
      id: list
      objectName: "fileList"
      clip: true
      spacing: Theme.spacing
      model: page.browser
      enabled: page.inspectRequest < 0
      boundsBehavior: Flickable.StopAtBounds
      Layout.fillWidth: true
      Layout.fillHeight: true
      ScrollBar.vertical: ScrollBar {}

      delegate: ListButton {
        required property string name
        required property string path
        required property bool isDir
        required property var size
        required property var modified
        required property int index

        objectName: "entry_" + index
        width: ListView.view.width - Theme.margin
        text: name
        subtitle: isDir ? qsTr("Folder")
                        : Format.args(qsTr("%1, %2"), Format.bytes(size), Format.dateTime(modified))
        iconName: isDir ? "folder" : "file"
        onActiveFocusChanged: if (activeFocus) ListView.view.positionViewAtIndex(index, ListView.Contain)
        onClicked: isDir ? page.browser.cd(path) : page.openFile(path, name)
      }
    }
  }
}
