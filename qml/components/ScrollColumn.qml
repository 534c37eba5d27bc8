import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// The scrolling body of a page: a centred column no wider than Theme.maxContentWidth that
// scrolls the keyboard focus into view, so Tab never lands on something off-screen.
Flickable {
  id: flick

  default property alias content: column.data
  property alias spacing: column.spacing

  // Keyboard scrolling for content without focusable items (checks, release notes).
  function scrollBy(dy) {
    contentY = Math.max(0, Math.min(contentHeight - height, contentY + dy));
  }

  function ensureVisible(item) {
    for (let p = item; p; p = p.parent) {
      if (p === column) {
        const pos = item.mapToItem(column, 0, 0);
        const top = pos.y + column.y - Theme.spacing;
        const bottom = pos.y + column.y + item.height + Theme.spacing;
        if (top < contentY)
          contentY = Math.max(0, top);
        else if (bottom > contentY + height)
          contentY = Math.min(contentHeight - height, bottom - height);
        return;
      }
    }
  }

  clip: true
  contentWidth: width
  contentHeight: column.implicitHeight + 2 * Theme.margin
  boundsBehavior: Flickable.StopAtBounds
  ScrollBar.vertical: ScrollBar {
    // Always shown when there is more below: a touch screen gives no other hint.
    policy: ScrollBar.AlwaysOn
    visible: flick.contentHeight > flick.height
  }

  ColumnLayout {
    id: column
    y: Theme.margin
    width: Math.min(flick.width - 2 * Theme.margin, Theme.maxContentWidth)
    x: (flick.width - width) / 2
    spacing: Theme.margin
  }

  Connections {
    target: flick.Window.window
    function onActiveFocusItemChanged() {
      const item = flick.Window.activeFocusItem;
      if (item)
        flick.ensureVisible(item);
    }
  }
}
