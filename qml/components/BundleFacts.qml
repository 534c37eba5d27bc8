import QtQuick
import QtQuick.Layouts
import Seesaw

// The facts of a bundle's manifest as the daemon reported them (all plain text).
Section {
  id: facts

  property var summary: null
  readonly property var images: (summary && summary.images) || []
  readonly property var artifacts: (summary && summary.artifacts) || []

  title: qsTr("About this bundle")

  KeyValue {
    objectName: "factVersion"
    key: qsTr("Version")
    value: facts.summary ? facts.summary.version || "" : ""
    Layout.fillWidth: true
  }
  KeyValue {
    visible: value.length > 0
    key: qsTr("Build")
    value: facts.summary ? facts.summary.build || "" : ""
    Layout.fillWidth: true
  }
  KeyValue {
    objectName: "factCreated"
    key: qsTr("Built on")
    value: Format.dateTime(facts.summary ? facts.summary.created : "")
    Layout.fillWidth: true
  }
  KeyValue {
    objectName: "factSize"
    key: qsTr("Bundle size")
    value: Format.bytes(facts.summary ? facts.summary.file_size : -1)
    Layout.fillWidth: true
  }
  KeyValue {
    key: qsTr("System size")
    value: facts.images.map(i => Format.args(qsTr("%1: %2"), i.slot_class, Format.bytes(i.size))).join(", ")
    visible: facts.images.length > 0
    Layout.fillWidth: true
  }
  KeyValue {
    objectName: "factAddons"
    key: qsTr("Add-ons")
    value: facts.artifacts.map(a => Format.args(qsTr("%1 %2 (%3)"), a.repository + "/" + a.name,
                                                a.version, Format.bytes(a.size))).join(", ")
    visible: facts.artifacts.length > 0
    Layout.fillWidth: true
  }
  KeyValue {
    objectName: "factReboot"
    key: qsTr("Restart")
    value: facts.summary && facts.summary.needs_reboot === false
        ? qsTr("Not needed: the add-ons are in use as soon as they are installed")
        : qsTr("Needed: the new system starts after a restart")
    visible: !!facts.summary && facts.summary.needs_reboot !== undefined
    Layout.fillWidth: true
  }
  KeyValue {
    key: qsTr("For devices")
    value: facts.summary ? facts.summary.compatible || "" : ""
    Layout.fillWidth: true
  }
  KeyValue {
    visible: value.length > 0
    key: qsTr("Hardware revisions")
    value: facts.summary && facts.summary.hardware ? facts.summary.hardware.join(", ") : ""
    Layout.fillWidth: true
  }
  KeyValue {
    visible: value.length > 0
    key: qsTr("Needs at least")
    value: facts.summary ? facts.summary.min_version || "" : ""
    Layout.fillWidth: true
  }
  KeyValue {
    key: qsTr("Manifest hash")
    value: Format.hash(facts.summary ? facts.summary.manifest_hash : "")
    Layout.fillWidth: true
  }
}
