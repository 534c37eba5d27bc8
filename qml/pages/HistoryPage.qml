pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// The device's tamper-evident history (newest first) and the report export to a USB stick
// for sites without network.
BasePage {
  id: page

  required property var history   // HistoryModel or a test double
  required property var updater
  required property var media

  property int exportRequest: -1
  property string exportMedium
  property string exportResult
  property bool exportFailed: false

  function exportTo(mediaId, name) {
    exportFailed = false;
    exportResult = "";
    exportMedium = name;
    exportRequest = updater.exportReport(mediaId);
  }
  function eventIcon(event) {
    const e = String(event);
    if (e.indexOf("fail") >= 0 || e.indexOf("bad") >= 0 || e.indexOf("interrupt") >= 0)
      return "error";
    if (e.indexOf("good") >= 0 || e === "installed")
      return "healthy";
    if (e.indexOf("roll") >= 0)
      return "rollback";
    return "history";
  }

  title: qsTr("History")
  initialFocusItem: list

  Component.onCompleted: if (page.history.reload) page.history.reload()

  Connections {
    target: page.updater
    function onDone(requestId, relativePath) {
      if (requestId !== page.exportRequest)
        return;
      page.exportRequest = -1;
      page.exportResult = Format.args(qsTr("The report was saved on %1 as %2."), page.exportMedium, relativePath);
    }
    function onFailed(requestId, code, message) {
      if (requestId !== page.exportRequest)
        return;
      page.exportRequest = -1;
      page.exportFailed = true;
      page.exportResult = message || code;
    }
  }

  footer: ActionBar {
    Repeater {
      model: page.media
      delegate: ActionButton {
        required property string mediaId
        required property string label
        required property int index
        readonly property string name: label || qsTr("USB stick")

        objectName: "exportButton_" + index
        text: qsTr("Export report to %1").arg(name)
        iconName: "export"
        enabled: page.exportRequest < 0 && page.updater.connected && mediaId.length > 0
        onClicked: page.exportTo(mediaId, name)
      }
    }
    Label {
      objectName: "exportHint"
      visible: page.media.count === 0
      text: qsTr("Insert a USB stick to export a report.")
      textFormat: Text.PlainText
      color: Theme.textSecondary
      height: Theme.touch
      verticalAlignment: Text.AlignVCenter
    }
  }

  ColumnLayout {
    anchors.fill: parent
    anchors.margins: Theme.margin
    spacing: Theme.spacing

    Banner {
      objectName: "exportBanner"
      visible: page.exportResult.length > 0
      status: page.exportFailed ? StatusLine.Status.Failed : StatusLine.Status.Ok
      title: page.exportFailed ? qsTr("The report could not be saved") : qsTr("Report exported")
      detail: page.exportResult
      Layout.fillWidth: true
    }
    Banner {
      objectName: "historyError"
      visible: (page.history.error || "").length > 0
      status: StatusLine.Status.Failed
      title: qsTr("The history could not be read")
      detail: page.history.error || ""
      Layout.fillWidth: true
    }
    Label {
      visible: list.count === 0
      text: page.history.loading ? qsTr("Loading…") : qsTr("No entries yet.")
      textFormat: Text.PlainText
      color: Theme.textSecondary
      Layout.fillWidth: true
    }
    ListView {
      id: list
      objectName: "historyList"
      clip: true
      spacing: Theme.spacing
      model: page.history
      boundsBehavior: Flickable.StopAtBounds
      activeFocusOnTab: true
      keyNavigationEnabled: true
      Layout.fillWidth: true
      Layout.fillHeight: true
      ScrollBar.vertical: ScrollBar {}
      Accessible.role: Accessible.List
      Accessible.name: qsTr("History entries")

      // HistoryModel lists the newest entry first.
      delegate: Rectangle {
        id: entry

        required property var time
        required property string event
        required property string summary
        required property int index

        width: ListView.view.width - Theme.margin
        implicitHeight: row.implicitHeight + 2 * Theme.spacing
        radius: Theme.radius
        color: Theme.surface
        readonly property bool highlighted: ListView.isCurrentItem && ListView.view.activeFocus
        border.color: highlighted ? Theme.focus : Theme.border
        border.width: highlighted ? Theme.focusWidth : 1
        Accessible.role: Accessible.ListItem
        Accessible.name: summary + ", " + Format.dateTime(time)

        RowLayout {
          id: row
          x: Theme.margin
          y: Theme.spacing
          width: parent.width - 2 * Theme.margin
          spacing: Theme.margin
          Icon {
            name: page.eventIcon(entry.event)
            tint: name === "error" ? Theme.danger : (name === "healthy" ? Theme.success : Theme.text)
          }
          ColumnLayout {
            spacing: 0
            Layout.fillWidth: true
            Label {
              text: entry.summary || entry.event
              textFormat: Text.PlainText
              color: Theme.text
              font.bold: true
              wrapMode: Text.WordWrap
              maximumLineCount: 3
              elide: Text.ElideRight
              Layout.fillWidth: true
            }
            Label {
              text: Format.dateTime(entry.time) + " · " + entry.event
              textFormat: Text.PlainText
              font.pixelSize: Theme.fontSmall
              color: Theme.textSecondary
              elide: Text.ElideRight
              Layout.fillWidth: true
            }
          }
        }
      }
    }
  }
}
