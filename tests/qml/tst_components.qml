import QtQuick
import QtTest
import Seesaw

// Risk: keyboard-only operators (VNC) cannot press a button, cannot see where the focus is,
// or touch targets shrink below 48 px.
Item {
  id: root
  width: 400
  height: 300

  Column {
    ActionButton {
      id: first
      objectName: "first"
      text: "First"
    }
    ActionButton {
      id: second
      objectName: "second"
      text: "Second"
      iconName: "check"
    }
  }
  Item {
    id: barHost
    y: 150
    width: root.width
    height: 100
  ActionBar {
    id: bar
    width: root.width
    ActionButton {
      id: barLeft
      objectName: "barLeft"
      text: "Back"
    }
    ActionButton {
      id: barHidden
      visible: false
      text: "Hidden"
    }
    ActionButton {
      id: barPrimary
      objectName: "barPrimary"
      text: "Install"
      kind: ActionButton.Kind.Primary
    }
  }
  }
  SignalSpy {
    id: clicks
    target: second
    signalName: "clicked"
  }

  TestCase {
    name: "Components"
    when: windowShown

    function test_enter_space_and_return_press() {
      second.forceActiveFocus(Qt.TabFocusReason);
      clicks.clear();
      keyClick(Qt.Key_Return);
      keyClick(Qt.Key_Enter);
      keyClick(Qt.Key_Space);
      compare(clicks.count, 3);
    }

    function test_tab_moves_with_visible_focus() {
      first.forceActiveFocus(Qt.TabFocusReason);
      keyClick(Qt.Key_Tab);
      verify(second.activeFocus);
      verify(second.visualFocus);
      verify(second.background.children[0].visible, "focus ring shown");
    }

    // The action bar: right-aligned, in reading order, and Tab goes left to right.
    function test_action_bar_order() {
      waitForRendering(bar);
      const left = barLeft.mapToItem(bar, 0, 0);
      const primary = barPrimary.mapToItem(bar, 0, 0);
      verify(left.x < primary.x, "Back is left of Install");
      compare(Math.round(primary.x + barPrimary.width), Math.round(bar.width - bar.rightPadding));
      compare(left.y, primary.y);   // one row, the hidden button leaves no gap
      fuzzyCompare(primary.x - (left.x + barLeft.width), Theme.spacing, 1);
      barLeft.forceActiveFocus(Qt.TabFocusReason);
      keyClick(Qt.Key_Tab);
      verify(barPrimary.activeFocus, "Tab moves from Back to Install");
      keyClick(Qt.Key_Backtab);
      verify(barLeft.activeFocus);
    }

    // A page covered by the next one is hidden with everything on it; shown again, its
    // actions are back (the bar must not have hidden itself meanwhile).
    function test_action_bar_after_page_was_covered() {
      barHost.visible = false;
      waitForRendering(root);
      barHost.visible = true;
      waitForRendering(bar);
      verify(bar.visible);
      verify(barPrimary.visible);
      verify(barPrimary.width > 0);
      compare(Math.round(barPrimary.mapToItem(bar, 0, 0).x + barPrimary.width),
              Math.round(bar.width - bar.rightPadding));
    }

    // Too narrow for one row: the buttons wrap instead of being cut off.
    function test_action_bar_wraps() {
      bar.width = 160;
      waitForRendering(bar);
      verify(barPrimary.mapToItem(bar, 0, 0).y > barLeft.mapToItem(bar, 0, 0).y);
      verify(barPrimary.mapToItem(bar, 0, 0).x + barPrimary.width <= bar.width);
      bar.width = root.width;
    }

    function test_touch_target() {
      Theme.scale = 1;
      verify(first.height >= 48);
      verify(first.width >= 48);
    }

    function test_theme_contrast() {
      // WCAG relative luminance contrast of body text on both backgrounds.
      function lum(c) {
        const f = v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
      }
      function ratio(a, b) {
        const x = lum(a), y = lum(b);
        return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
      }
      for (const dark of [false, true]) {
        Theme.dark = dark;
        verify(ratio(Theme.text, Theme.background) >= 7, "text, dark=" + dark);
        verify(ratio(Theme.text, Theme.surface) >= 7, "text on surface, dark=" + dark);
        verify(ratio(Theme.textSecondary, Theme.surface) >= 4.5, "secondary, dark=" + dark);
        verify(ratio(Theme.accentText, Theme.accent) >= 4.5, "primary button, dark=" + dark);
        verify(ratio(Theme.dangerText, Theme.danger) >= 4.5, "danger button, dark=" + dark);
        verify(ratio(Theme.success, Theme.surface) >= 4.5, "success, dark=" + dark);
        verify(ratio(Theme.danger, Theme.surface) >= 4.5, "danger, dark=" + dark);
        verify(ratio(Theme.warning, Theme.surface) >= 4.5, "warning, dark=" + dark);
      }
      Theme.dark = false;
    }

    function test_scale() {
      compare(Theme.scaleFor(800, 480), 1);
      verify(Theme.scaleFor(1920, 1080) > 1.3);
      verify(Theme.scaleFor(1920, 1080) <= 2);
    }
  }
}
