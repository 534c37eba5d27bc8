import QtQuick
import QtQuick.Controls.impl as Impl
import Seesaw

// One icon of icons/, tinted with `tint`. IconLabel (what Qt Quick Controls' own buttons
// use) recolours every opaque pixel and renders the SVG at the displayed size, so one
// neutral SVG serves both themes without effects that Qt 6.4 lacks.
Impl.IconLabel {
  id: root

  property string name
  property color tint: Theme.text
  property int size: Theme.iconSize

  implicitWidth: size
  implicitHeight: size
  display: Impl.IconLabel.IconOnly
  icon.source: Theme.icon(root.name)
  icon.color: root.tint
  icon.width: root.size
  icon.height: root.size
  Accessible.ignored: true
}
