import QtQml

// The sentence every error ends with: what the device runs now and what starts next, from
// the daemon's own view (Updater.version, bootedSlot, primarySlot).
QtObject {
  property var updater: null

  readonly property string text: {
    if (!updater || !updater.version)
      return qsTr("The state of the device is not known; the update service did not report it.");
    if (updater.primarySlot && updater.bootedSlot && updater.primarySlot !== updater.bootedSlot)
      return qsTr("The device still runs version %1 from slot %2; slot %3 starts at the next restart.")
        .arg(updater.version).arg(updater.bootedSlot).arg(updater.primarySlot);
    return qsTr("Nothing changed; the device still runs version %1 from slot %2.")
      .arg(updater.version).arg(updater.bootedSlot);
  }
}
