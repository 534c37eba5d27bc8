import QtQuick
import Seesaw

// The keyboard focus indicator: a ring drawn just outside its parent, in a colour that
// differs from every fill so it shows on primary and danger buttons alike.
Rectangle {
  property int gap: Theme.focusWidth

  anchors.fill: parent
  anchors.margins: -gap - Theme.focusWidth
  radius: Theme.radius + gap
  color: "transparent"
  border.width: Theme.focusWidth
  border.color: Theme.focus
}
