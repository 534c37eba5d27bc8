pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// The layers installed beside the system (docs/artifacts.md): extensions, models, file trees,
// each with the version in use, its size, and a rollback to the version before, confirmed
// first. A rollback runs the add-on's activation and the health check; when they fail, seesawd
// puts the add-on back and says why.
BasePage {
  id: page

  required property var updater

  property int pendingRequest: -1
  property string result
  property bool resultFailed: false
  // The entry a confirmed rollback is for.
  property var chosen: ({})

  function typeText(type) {
    switch (type) {
    case "sysext": return qsTr("System extension");
    case "confext": return qsTr("Configuration extension");
    case "files": return qsTr("File");
    case "tree": return qsTr("Files");
    }
    return String(type);
  }
  function askRollback(entry) {
    chosen = entry;
    rollbackDialog.open();
  }

  title: qsTr("Add-ons")
  initialFocusItem: list

  Connections {
    target: page.updater
    function onDone(requestId, message) {
      if (requestId !== page.pendingRequest)
        return;
      page.pendingRequest = -1;
      page.resultFailed = false;
      page.result = Format.args(qsTr("%1 is back at version %2."),
                                page.chosen.repository + "/" + page.chosen.name,
                                page.chosen.previous);
    }
    function onFailed(requestId, code, message) {
      if (requestId !== page.pendingRequest)
        return;
      page.pendingRequest = -1;
      page.resultFailed = true;
      page.result = message || code;
    }
  }

  ConfirmDialog {
    id: rollbackDialog
    objectName: "addonRollbackDialog"
    title: Format.args(qsTr("Roll %1 back to version %2?"),
                       (page.chosen.repository || "") + "/" + (page.chosen.name || ""),
                       page.chosen.previous || "")
    text: Format.args(qsTr("Version %1 is replaced by %2 at once, without a restart. The health check runs afterwards; if it fails, %1 comes back."),
                      page.chosen.version || "", page.chosen.previous || "")
    acceptText: qsTr("Roll back")
    acceptIcon: "rollback"
    destructive: true
    onAccepted: {
      page.result = "";
      page.pendingRequest = page.updater.rollbackArtifact(page.chosen.repository, page.chosen.name);
    }
  }

  ColumnLayout {
    anchors.fill: parent
    anchors.margins: Theme.margin
    spacing: Theme.spacing

    Banner {
      objectName: "addonResult"
      visible: page.result.length > 0
      status: page.resultFailed ? StatusLine.Status.Failed : StatusLine.Status.Ok
      title: page.resultFailed ? qsTr("The add-on was not rolled back") : qsTr("Add-on rolled back")
      detail: page.result
      Layout.fillWidth: true
    }
    Label {
      objectName: "noAddons"
      visible: list.count === 0
      text: qsTr("No add-ons are installed.")
      textFormat: Text.PlainText
      color: Theme.textSecondary
      Layout.fillWidth: true
    }
    ListView {
      id: list
      objectName: "addonList"
      clip: true
      spacing: Theme.spacing
      model: page.updater.artifacts
      boundsBehavior: Flickable.StopAtBounds
      activeFocusOnTab: true
      keyNavigationEnabled: true
      Layout.fillWidth: true
      Layout.fillHeight: true
      ScrollBar.vertical: ScrollBar {}
      Accessible.role: Accessible.List
      Accessible.name: qsTr("Add-ons")

      delegate: Rectangle {
        id: entry

        required property var modelData
        required property int index
        readonly property string label: modelData.repository + "/" + modelData.name
        readonly property bool inUse: String(modelData.version || "").length > 0

        width: ListView.view.width - Theme.margin
        implicitHeight: row.implicitHeight + 2 * Theme.spacing
        radius: Theme.radius
        color: Theme.surface
        readonly property bool highlighted: ListView.isCurrentItem && ListView.view.activeFocus
        border.color: highlighted ? Theme.focus : Theme.border
        border.width: highlighted ? Theme.focusWidth : 1
        Accessible.role: Accessible.ListItem
        Accessible.name: label + ", " + versionLine.text

        RowLayout {
          id: row
          x: Theme.margin
          y: Theme.spacing
          width: parent.width - 2 * Theme.margin
          spacing: Theme.margin
          Icon {
            name: entry.inUse ? "healthy" : "info"
            tint: entry.inUse ? Theme.success : Theme.textSecondary
          }
          ColumnLayout {
            spacing: 0
            Layout.fillWidth: true
            Label {
              objectName: "addonName_" + entry.index
              text: entry.label
              textFormat: Text.PlainText
              color: Theme.text
              font.bold: true
              elide: Text.ElideRight
              Layout.fillWidth: true
            }
            Label {
              id: versionLine
              objectName: "addonVersion_" + entry.index
              text: entry.inUse
                  ? Format.args(qsTr("%1 · version %2 · %3"), page.typeText(entry.modelData.type),
                                entry.modelData.version, Format.bytes(entry.modelData.bytes))
                  : Format.args(qsTr("%1 · not in use"), page.typeText(entry.modelData.type))
              textFormat: Text.PlainText
              color: Theme.textSecondary
              elide: Text.ElideRight
              Layout.fillWidth: true
            }
          }
          ActionButton {
            objectName: "addonRollback_" + entry.index
            visible: String(entry.modelData.previous || "").length > 0
            text: Format.args(qsTr("Back to %1"), entry.modelData.previous)
            iconName: "rollback"
            enabled: page.updater.connected && !page.updater.busy && page.pendingRequest < 0
            onClicked: page.askRollback(entry.modelData)
          }
        }
      }
    }
  }
}
