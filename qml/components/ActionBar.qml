import QtQuick
import QtQuick.Controls.Basic
import Seesaw

// The row of a page's main actions, always visible at the bottom; buttons wrap to a second
// line on narrow screens instead of being cut off.
Pane {
  default property alias buttons: flow.data

  visible: flow.visibleChildren.length > 0
  padding: Theme.spacing
  leftPadding: Theme.margin
  rightPadding: Theme.margin
  background: Rectangle {
    color: Theme.surface
    Rectangle {
      width: parent.width
      height: 1
      color: Theme.border
    }
  }
  Flow {
    id: flow
    width: parent.width
    spacing: Theme.spacing
    layoutDirection: Qt.RightToLeft
  }
}
