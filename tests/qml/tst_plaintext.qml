import QtQuick
import QtTest
import Seesaw

// Risk: markup in a bundle's version or a stick's label ("<b>x</b>") in a page title or a
// confirmation dialog is rendered as markup (bold, links, images) instead of literally.
Item {
  id: root
  width: 800
  height: 480

  readonly property string hostile: "<b>x</b><img src=\"file:///etc/x.png\">"

  PageHeader {
    id: header
    width: root.width
    title: root.hostile
  }
  ConfirmDialog {
    id: dialog
    title: root.hostile
    text: root.hostile
  }
  TextMetrics {
    id: measure
  }

  TestCase {
    name: "PlainText"
    when: windowShown

    // Shown literally: plain text, and as wide as the characters themselves (rich text would
    // draw a bold "x" and an image instead).
    function literal(label) {
      verify(label !== null);
      compare(label.textFormat, Text.PlainText);
      compare(label.text, root.hostile);
      measure.font = label.font;
      measure.text = root.hostile;
      const wholeWidth = measure.advanceWidth;
      measure.text = "x";
      verify(wholeWidth > 10 * measure.advanceWidth);
      const shown = label.lineCount > 1 ? label.width : label.contentWidth;
      verify(shown > wholeWidth / 2, "drawn " + shown + " px wide, the characters take " + wholeWidth);
    }

    function test_page_title() {
      literal(findChild(header, "pageTitle"));
    }

    function test_dialog_title_and_text() {
      dialog.open();
      tryVerify(() => dialog.opened);
      literal(findChild(dialog.header, "dialogTitle") || dialog.header);
      literal(findChild(dialog.contentItem, "dialogText"));
      dialog.close();
    }
  }
}
