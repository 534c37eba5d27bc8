import QtQuick
import QtQuick.Layouts
import Seesaw

// A message that must be noticed: coloured edge, icon, title, the daemon's text (plain),
// and optional action buttons as children.
Rectangle {
  id: banner

  property alias status: line.status
  property alias title: line.title
  property alias detail: line.detail
  default property alias actions: actionFlow.data

  implicitHeight: layout.implicitHeight + 2 * Theme.margin
  color: Theme.surface
  radius: Theme.radius
  border.width: Math.max(2, Theme.px(2))
  border.color: line.statusColor
  Accessible.role: Accessible.AlertMessage
  Accessible.name: line.Accessible.name

  ColumnLayout {
    id: layout
    x: Theme.margin
    y: Theme.margin
    width: parent.width - 2 * Theme.margin
    spacing: Theme.spacing
    StatusLine {
      id: line
      Layout.fillWidth: true
    }
    Flow {
      id: actionFlow
      visible: children.length > 0
      spacing: Theme.spacing
      Layout.fillWidth: true
    }
  }
}
