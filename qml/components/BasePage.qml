import QtQuick
import QtQuick.Controls.Basic
import Seesaw

// What every page shares: the header with Back, Escape (and the Back key) meaning back, the
// theme background, and a first item to focus when the page is shown.
Page {
  id: page

  property bool canGoBack: true
  property Item initialFocusItem: null
  // The page's ScrollColumn, if any: arrow and page keys scroll it when the focused control
  // does not use them.
  property ScrollColumn scroller: null
  signal backRequested
  // Escape on a page that cannot go back (Progress: it asks whether to cancel instead).
  signal escapeRequested

  // Shows the page ready for keyboard use: focus on its first meaningful control.
  function activate() {
    if (initialFocusItem && initialFocusItem.visible && initialFocusItem.enabled)
      initialFocusItem.forceActiveFocus(Qt.OtherFocusReason);
    else
      page.forceActiveFocus(Qt.OtherFocusReason);
  }

  focus: true
  font.pixelSize: Theme.fontBody
  background: Rectangle {
    color: Theme.background
  }
  header: PageHeader {
    id: pageHeader
    title: page.title
    showBack: page.canGoBack
    onBackClicked: page.backRequested()
  }

  StackView.onActivated: page.activate()

  Keys.onPressed: event => {
    if (!page.scroller)
      return;
    const step = Theme.px(48), pageStep = page.scroller.height * 0.9;
    switch (event.key) {
    case Qt.Key_Down: page.scroller.scrollBy(step); break;
    case Qt.Key_Up: page.scroller.scrollBy(-step); break;
    case Qt.Key_PageDown: page.scroller.scrollBy(pageStep); break;
    case Qt.Key_PageUp: page.scroller.scrollBy(-pageStep); break;
    default: return;
    }
    event.accepted = true;
  }
  Keys.onEscapePressed: event => {
    if (page.canGoBack)
      page.backRequested();
    else
      page.escapeRequested();
  }
  Keys.onBackPressed: event => {
    event.accepted = page.canGoBack;
    if (page.canGoBack)
      page.backRequested();
  }
}
