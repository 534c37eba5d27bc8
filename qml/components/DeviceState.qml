import QtQml
import Seesaw

// The sentence every error ends with: what the device runs now and what starts next, from
// the daemon's own view (Updater.version, bootedSlot, primarySlot).
QtObject {
  property var updater: null

  readonly property string text: {
    if (!updater || !updater.version)
      return qsTr("The state of the device is not known; the update service did not report it.");
    if (updater.primarySlot && updater.bootedSlot && updater.primarySlot !== updater.bootedSlot)
      return Format.args(qsTr("The device still runs version %1 from slot %2; slot %3 starts at the next restart."),
                         updater.version, updater.bootedSlot, updater.primarySlot);
    return Format.args(qsTr("Nothing changed; the device still runs version %1 from slot %2."),
                       updater.version, updater.bootedSlot);
  }
}
