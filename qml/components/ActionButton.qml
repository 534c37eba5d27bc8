import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// Every tappable action: at least Theme.touch high, icon + text, a visible focus ring, and
// Enter/Return as well as Space activate it (keyboard-only VNC sessions).
Button {
  id: control

  enum Kind { Normal, Primary, Danger, Flat }
  property int kind: ActionButton.Kind.Normal
  property string iconName

  readonly property color fillColor: {
    if (!enabled)
      return Theme.surfaceRaised;
    switch (kind) {
    case ActionButton.Kind.Primary: return Theme.accent;
    case ActionButton.Kind.Danger: return Theme.danger;
    case ActionButton.Kind.Flat: return "transparent";
    }
    return Theme.surface;
  }
  readonly property color labelColor: {
    if (!enabled)
      return Theme.textSecondary;
    switch (kind) {
    case ActionButton.Kind.Primary: return Theme.accentText;
    case ActionButton.Kind.Danger: return Theme.dangerText;
    }
    return Theme.text;
  }

  implicitHeight: Math.max(Theme.touch, implicitContentHeight + topPadding + bottomPadding)
  implicitWidth: Math.max(Theme.touch, implicitContentWidth + leftPadding + rightPadding)
  leftPadding: text.length > 0 ? Theme.margin : Theme.spacing
  rightPadding: leftPadding
  topPadding: Theme.spacing
  bottomPadding: Theme.spacing
  font.pixelSize: Theme.fontBody
  font.bold: kind === ActionButton.Kind.Primary
  focusPolicy: Qt.StrongFocus
  Accessible.name: text
  Accessible.role: Accessible.Button

  Keys.onReturnPressed: control.clicked()
  Keys.onEnterPressed: control.clicked()

  contentItem: RowLayout {
    spacing: Theme.spacing
    Icon {
      visible: control.iconName.length > 0
      name: control.iconName
      tint: control.labelColor
      Layout.alignment: Qt.AlignVCenter
    }
    Label {
      visible: control.text.length > 0
      text: control.text
      textFormat: Text.PlainText
      font: control.font
      color: control.labelColor
      elide: Text.ElideRight
      horizontalAlignment: Text.AlignHCenter
      verticalAlignment: Text.AlignVCenter
      Layout.fillWidth: true
      Layout.alignment: Qt.AlignVCenter
    }
  }

  background: Rectangle {
    implicitHeight: Theme.touch
    radius: Theme.radius
    color: control.down ? Qt.darker(control.fillColor, Theme.dark ? 0.8 : 1.15) : control.fillColor
    border.width: control.kind === ActionButton.Kind.Normal ? 1 : 0
    border.color: Theme.border
    FocusRing {
      visible: control.visualFocus
    }
  }
}
