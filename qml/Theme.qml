pragma Singleton
import QtQuick

// Colours, sizes and fonts of the whole UI. Light and dark share every size; Main.qml sets
// `dark` (from App.theme) and `scale` (from the window size), nothing else writes here.
QtObject {
  id: theme

  property bool dark: false
  // 1.0 at 800×480; grows, damped, with larger screens so text stays readable from a
  // distance without wasting a 1080p panel on giant buttons.
  property real scale: 1.0

  function scaleFor(width, height) {
    const s = Math.min(width / 800, height / 480);
    return Math.max(1.0, Math.min(2.0, 1.0 + (s - 1.0) * 0.5));
  }
  function px(value) {
    return Math.round(value * scale);
  }
  function icon(name) {
    return name.length > 0 ? "qrc:/seesaw/icons/" + name + ".svg" : "";
  }

  // Both palettes keep body text at a contrast ratio of at least 7:1 against background
  // and surface (WCAG AAA), status colours at least 4.5:1.
  readonly property color background: dark ? "#121417" : "#f3f4f6"
  readonly property color surface: dark ? "#1f2329" : "#ffffff"
  readonly property color surfaceRaised: dark ? "#2a2f37" : "#e6e8ec"
  readonly property color text: dark ? "#f2f4f7" : "#111318"
  readonly property color textSecondary: dark ? "#c5cad3" : "#3b414b"
  readonly property color border: dark ? "#8a929e" : "#6b7280"
  readonly property color accent: dark ? "#9cc2ff" : "#0a4fc2"
  readonly property color accentText: dark ? "#06142e" : "#ffffff"
  readonly property color success: dark ? "#86e0a0" : "#17652a"
  readonly property color danger: dark ? "#ffb4ab" : "#a8201a"
  readonly property color dangerText: dark ? "#3d0603" : "#ffffff"
  readonly property color warning: dark ? "#ffd27a" : "#7a4d00"
  readonly property color focus: dark ? "#ffd54a" : "#0a4fc2"
  readonly property color scrim: dark ? "#b0000000" : "#80000000"

  // Sizes. `touch` is the minimum height of anything tappable (48 px at scale 1).
  readonly property int touch: px(48)
  readonly property int spacing: px(8)
  readonly property int margin: px(16)
  readonly property int radius: px(6)
  readonly property int focusWidth: Math.max(2, px(3))
  readonly property int iconSize: px(24)
  readonly property int maxContentWidth: px(900)

  readonly property int fontSmall: px(14)
  readonly property int fontBody: px(16)
  readonly property int fontLarge: px(20)
  readonly property int fontTitle: px(24)
  readonly property int fontHuge: px(32)
}
