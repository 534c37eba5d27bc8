import QtQuick
import QtQuick.Controls.Basic
import Seesaw

// The row of a page's main actions, always visible at the bottom and right-aligned; buttons
// wrap to a second line on narrow screens instead of being cut off. Pages declare the buttons
// in reading order, the primary action last (at the right end): Tab follows the declaration
// order, so it moves left to right as the eye does.
Pane {
  id: bar

  default property alias buttons: flow.data

  // No `visible: flow.visibleChildren.length > 0` here: while a page is covered, every item
  // on it counts as invisible, and the bar would then hide itself for good. A page whose bar
  // can be empty hides it itself (ProgressPage).
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

  Item {
    width: parent.width
    implicitWidth: flow.naturalWidth
    implicitHeight: flow.height

    Flow {
      id: flow

      // One row's width when nothing wraps; the row is right-aligned by giving the Flow no
      // more width than that.
      readonly property real naturalWidth: {
        let w = 0;
        let n = 0;
        for (let i = 0; i < visibleChildren.length; ++i) {
          const c = visibleChildren[i];
          if (c.width > 0) { // not a Repeater
            w += c.width;
            ++n;
          }
        }
        return w + Math.max(0, n - 1) * spacing;
      }

      anchors.right: parent.right
      width: Math.min(parent.width, naturalWidth)
      spacing: Theme.spacing
    }
  }
}
