import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// The deliberate step before writing: what will be installed, what happens to the device,
// Install or Cancel. A bundle the daemon does not call installable never gets an Install
// button; the reason is shown instead.
BasePage {
  id: page

  property var summary: null
  property var source: null
  // "reinstall" or "downgrade" when the operator asked for it on the details page.
  property string versionOverride
  required property var updater
  property string currentVersion

  property int installRequest: -1
  property string startError

  readonly property var verdict: InstallPolicy.verdict(summary || {}, versionOverride)
  readonly property string blockingReason: Format.blockingReason(verdict)
  readonly property bool installable: verdict.installable === true
  readonly property string version: summary ? summary.version || "" : ""
  readonly property var target: updater.otherSlot || ({})
  // A bundle of add-ons only: no slot is written, nothing restarts.
  readonly property bool addonsOnly: InstallPolicy.direction(summary || {}) === "addons"

  signal installStarted(string transaction)

  function install() {
    if (!installable || installRequest >= 0)
      return;
    startError = "";
    const hash = summary.manifest_hash;
    const options = InstallPolicy.installOptions(versionOverride);
    installRequest = source.kind === "media"
        ? updater.installFromMedium(source.mediaId, source.path, hash, options)
        : updater.installFile(source.path, hash, options);
  }

  title: qsTr("Confirm the update")
  scroller: body
  initialFocusItem: cancelButton

  Connections {
    target: page.updater
    function onStarted(requestId, transaction) {
      if (requestId !== page.installRequest)
        return;
      page.installRequest = -1;
      page.installStarted(transaction);
    }
    function onFailed(requestId, code, message) {
      if (requestId !== page.installRequest)
        return;
      page.installRequest = -1;
      page.startError = message || code;
    }
  }

  DeviceState {
    id: deviceState
    updater: page.updater
  }

  footer: ActionBar {
    ActionButton {
      id: cancelButton
      objectName: "cancelButton"
      text: qsTr("Cancel")
      iconName: "cancel"
      enabled: page.installRequest < 0
      onClicked: page.backRequested()
    }
    ActionButton {
      id: installButton
      objectName: "installButton"
      text: page.installRequest >= 0 ? qsTr("Starting…") : qsTr("Install %1").arg(page.version)
      iconName: "install"
      kind: ActionButton.Kind.Primary
      visible: page.installable
      enabled: page.installable && page.installRequest < 0 && page.updater.connected
      onClicked: page.install()
    }
  }

  ScrollColumn {
    id: body
    anchors.fill: parent

    Label {
      objectName: "confirmQuestion"
      text: page.installable && page.addonsOnly ? qsTr("Install the add-ons %1?").arg(page.version)
          : page.installable ? qsTr("Install version %1?").arg(page.version)
          : page.version ? qsTr("Version %1 cannot be installed").arg(page.version)
          : qsTr("No bundle chosen")
      textFormat: Text.PlainText
      font.pixelSize: Theme.fontTitle
      font.bold: true
      color: Theme.text
      wrapMode: Text.WordWrap
      Layout.fillWidth: true
      Accessible.role: Accessible.Heading
      Accessible.name: text
    }
    Label {
      objectName: "directionText"
      visible: page.version.length > 0
      text: Format.directionText(InstallPolicy.direction(page.summary || {}), page.currentVersion, page.version)
      textFormat: Text.PlainText
      font.pixelSize: Theme.fontLarge
      color: Theme.text
      wrapMode: Text.WordWrap
      Layout.fillWidth: true
    }
    Banner {
      objectName: "blockedBanner"
      visible: !page.installable
      status: StatusLine.Status.Failed
      title: qsTr("This bundle cannot be installed")
      detail: page.blockingReason
      Layout.fillWidth: true
    }
    Repeater {
      // What the operator accepts with the update: a passed check with a warning (an installed
      // extension the new system will not merge), shown before Install.
      model: page.installable ? ((page.summary && page.summary.checks) || []).filter(c => c.passed && c.warning) : []
      delegate: Banner {
        required property var modelData
        objectName: "warning_" + modelData.id
        status: StatusLine.Status.Warning
        title: Format.checkTitle(modelData.id)
        detail: modelData.reason || ""
        Layout.fillWidth: true
      }
    }
    Banner {
      objectName: "startError"
      visible: page.startError.length > 0
      status: StatusLine.Status.Failed
      title: qsTr("The update did not start")
      detail: page.startError + "\n" + deviceState.text
      Layout.fillWidth: true
    }
    Section {
      visible: page.installable
      title: qsTr("What happens")
      iconName: "info"
      Layout.fillWidth: true
      Label {
        objectName: "whatHappens"
        text: page.addonsOnly
            ? qsTr("Each add-on is written and checked beside the version in use, then all are switched at once and the health check runs. If it fails, they go back to the versions they replace. The system is not touched and nothing restarts.")
            : qsTr("The new system is written into slot %1 while this one keeps running. You can cancel until the last step. The device only changes when you restart it; if the new system does not come up healthy, it goes back to this one by itself.")
              .arg(page.target.bootname || qsTr("(the other slot)"))
        textFormat: Text.PlainText
        color: Theme.text
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
      }
      KeyValue {
        key: qsTr("Bundle size")
        value: Format.bytes(page.summary ? page.summary.file_size : -1)
        Layout.fillWidth: true
      }
      KeyValue {
        objectName: "confirmDelta"
        visible: value.length > 0
        key: qsTr("Delta")
        value: {
          const text = Format.deltaText(page.summary);
          const base = ((page.summary && page.summary.checks) || []).find(c => c.id === "delta-base");
          return text.length > 0 && base ? text + "\n" + base.reason : text;
        }
        Layout.fillWidth: true
      }
      KeyValue {
        key: qsTr("Manifest hash")
        value: Format.hash(page.summary ? page.summary.manifest_hash : "")
        Layout.fillWidth: true
      }
    }
  }
}
