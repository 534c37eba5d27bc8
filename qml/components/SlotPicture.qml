pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// The device as a picture: its root-filesystem slots side by side, always in the same order
// (A left of B), each with its version, whether it runs now, whether it starts next and its
// state — and, during an install, the slot being written filling up. A screen reader hears
// one sentence per slot. Versions come from bundles: plain text only.
RowLayout {
  id: picture

  required property var updater
  // The version being installed, when the page knows it.
  property string targetVersion

  readonly property bool installing: updater.state === "installing"
  readonly property real fraction: Math.max(0, Math.min(1, Number(updater.progressFraction) || 0))
  // The booted slot first from the daemon's list, else from the top-level properties (the
  // list may hold only the slots that do not run); then every other slot of the same class.
  readonly property var cards: {
    const all = (updater.slots || []).filter(s => s && s.bootname);
    // The running slot's version is known even when Seesaw did not write it (a factory
    // install): the daemon reports it as the device's version.
    const listed = all.find(s => s.booted);
    const booted = listed ? Object.assign({}, listed, { version: listed.version || updater.version })
        : updater.bootedSlot ? { bootname: updater.bootedSlot, version: updater.version, booted: true } : null;
    const cls = booted ? booted["class"] : undefined;
    const list = all.filter(s => !s.booted && (cls === undefined || s["class"] === undefined || s["class"] === cls));
    if (booted)
      list.push(booted);
    return list.sort((a, b) => String(a.bootname).localeCompare(String(b.bootname)));
  }

  spacing: Theme.spacing
  Accessible.role: Accessible.Grouping
  Accessible.name: qsTr("Slots of this device")

  // A slot without a recorded state says nothing about it when it runs or is empty: the
  // badge or "Empty" already does.
  function stateText(slot, target) {
    if (target)
      return Format.args(qsTr("Being written: %1 %"), Math.floor(fraction * 100));
    const known = Format.knownSlotState(slot.state);
    return known || (!slot.booted && slot.version ? Format.slotState(slot.state) : "");
  }
  function sentence(slot, target) {
    const parts = [slot.version ? Format.args(qsTr("Slot %1: version %2"), slot.bootname, slot.version)
                                : Format.args(qsTr("Slot %1: no system"), slot.bootname)];
    if (slot.booted)
      parts.push(qsTr("running now"));
    if (slot.bootname === updater.primarySlot)
      parts.push(qsTr("starts next"));
    if (target)
      parts[0] = targetVersion ? Format.args(qsTr("Slot %1: version %2"), slot.bootname, targetVersion)
                               : Format.args(qsTr("Slot %1: new system"), slot.bootname);
    if (target)
      parts.push(Format.args(qsTr("being written, %1 percent"), Math.floor(fraction * 100)));
    else if (stateText(slot, false))
      parts.push(stateText(slot, false));
    return parts.join("; ");
  }

  Repeater {
    model: picture.cards

    Rectangle {
      id: card
      required property var modelData
      objectName: "slotCard_" + card.modelData.bootname

      readonly property bool running: !!card.modelData.booted
      readonly property bool next: card.modelData.bootname === picture.updater.primarySlot
      readonly property bool target: picture.installing && !card.running
      readonly property bool bad: !card.target && card.modelData.state === "bad"
      readonly property bool empty: !card.target && !card.modelData.version
      readonly property string stateText: picture.stateText(card.modelData, card.target)

      Layout.fillWidth: true
      Layout.preferredWidth: 1
      implicitHeight: cardColumn.implicitHeight + 2 * Theme.spacing
      radius: Theme.radius
      color: Theme.surface
      border.width: card.running ? Math.max(2, Theme.px(3)) : 1
      border.color: card.bad ? Theme.danger : card.running ? Theme.accent : Theme.border
      clip: true
      Accessible.role: Accessible.StaticText
      Accessible.name: picture.sentence(card.modelData, card.target)

      // The slot being written fills from the left as the write goes on.
      Rectangle {
        objectName: "fill"
        visible: card.target
        x: card.border.width
        y: card.border.width
        height: card.height - 2 * card.border.width
        width: (card.width - 2 * card.border.width) * picture.fraction
        radius: Theme.radius
        color: Theme.surfaceRaised
      }

      ColumnLayout {
        id: cardColumn
        x: Theme.spacing
        y: Theme.spacing
        width: card.width - 2 * Theme.spacing
        spacing: 0

        RowLayout {
          spacing: Theme.spacing
          Layout.fillWidth: true
          Label {
            text: Format.args(qsTr("Slot %1"), card.modelData.bootname)
            textFormat: Text.PlainText
            color: Theme.textSecondary
            font.pixelSize: Theme.fontSmall
            Layout.fillWidth: true
          }
          Label {
            objectName: "badge"
            visible: card.running || card.next
            text: card.running && card.next ? qsTr("Running · starts next")
                : card.running ? qsTr("Running") : qsTr("Starts next")
            textFormat: Text.PlainText
            color: card.running ? Theme.accentText : Theme.accent
            font.pixelSize: Theme.fontSmall
            font.bold: true
            leftPadding: Theme.px(6)
            rightPadding: Theme.px(6)
            background: Rectangle {
              radius: Theme.radius
              color: card.running ? Theme.accent : "transparent"
              border.color: Theme.accent
              border.width: 1
            }
          }
        }
        Label {
          objectName: "version"
          text: card.target ? (picture.targetVersion || qsTr("New system"))
              : card.empty ? qsTr("Empty") : (card.modelData.version || "")
          textFormat: Text.PlainText
          color: card.empty ? Theme.textSecondary : Theme.text
          font.pixelSize: Theme.fontLarge
          font.bold: true
          elide: Text.ElideRight
          Layout.fillWidth: true
        }
        Label {
          objectName: "state"
          text: card.stateText
          visible: text.length > 0
          textFormat: Text.PlainText
          color: card.bad ? Theme.danger : card.target ? Theme.accent
               : card.modelData.state === "good" ? Theme.success : Theme.textSecondary
          font.pixelSize: Theme.fontSmall
          wrapMode: Text.WordWrap
          Layout.fillWidth: true
        }
      }
    }
  }
}
