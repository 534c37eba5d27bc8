pragma Singleton
import QtQuick

QtObject {
    readonly property color background: "#f5f6f8"
}
