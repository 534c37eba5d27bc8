import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Seesaw

// What a bundle is and whether it fits: version change spelled out, every check with its
// verdict and reason, signature, sizes, dates, requirements and release notes. Everything
// shown here comes from the daemon's InspectBundle summary; bundle text is plain text.
BasePage {
  id: page

  property var summary: null
  property var source: null          // {kind: "file"|"media", path, name, mediaId, medium}
  property string currentVersion
  property string language: "en"

  readonly property bool hasBundle: !!(summary && summary.manifest_hash)
  readonly property var checks: (summary && summary.checks) || []
  readonly property var signature: (summary && summary.signature) || ({})
  // A reinstall or downgrade the daemon refuses unless asked for: the operator may ask here.
  readonly property string versionOverride: InstallPolicy.versionOverride(summary || {})
  property bool overrideAccepted: false
  readonly property string acceptedOverride: overrideAccepted ? versionOverride : ""
  readonly property var verdict: InstallPolicy.verdict(summary || {}, acceptedOverride)
  readonly property string blockingReason: Format.blockingReason(verdict)
  readonly property bool installable: verdict.installable === true
  readonly property string notes: Format.notesFor(summary ? summary.release_notes : null, language)

  // `versionOverride`: "reinstall" or "downgrade" when the operator asked for it, else "".
  signal continueRequested(string versionOverride)

  title: qsTr("Update details")
  scroller: body
  initialFocusItem: installable ? continueButton : backButton

  footer: ActionBar {
    ActionButton {
      id: backButton
      objectName: "detailsBackButton"
      text: qsTr("Back")
      iconName: "back"
      onClicked: page.backRequested()
    }
    ActionButton {
      id: continueButton
      objectName: "continueButton"
      text: qsTr("Continue")
      iconName: "install"
      kind: ActionButton.Kind.Primary
      visible: page.installable
      enabled: page.installable
      onClicked: page.continueRequested(page.acceptedOverride)
    }
  }

  ScrollColumn {
    id: body
    anchors.fill: parent

    Label {
      objectName: "directionText"
      text: page.hasBundle ? Format.directionText(InstallPolicy.direction(page.summary), page.currentVersion,
                                                  page.summary.version || "")
                 : qsTr("No bundle chosen")
      textFormat: Text.PlainText
      font.pixelSize: Theme.fontTitle
      font.bold: true
      color: Theme.text
      wrapMode: Text.WordWrap
      Layout.fillWidth: true
      Accessible.role: Accessible.Heading
      Accessible.name: text
    }
    Label {
      text: page.source && page.source.kind === "media"
          ? Format.args(qsTr("%1 on the USB stick %2"), page.source.name, page.source.medium)
          : (page.source ? String(page.source.path || "") : "")
      textFormat: Text.PlainText
      color: Theme.textSecondary
      wrapMode: Text.WordWrap
      maximumLineCount: 2
      elide: Text.ElideMiddle
      Layout.fillWidth: true
    }

    Label {
      objectName: "deltaText"
      visible: text.length > 0
      text: Format.deltaText(page.summary)
      textFormat: Text.PlainText
      color: Theme.text
      wrapMode: Text.WordWrap
      Layout.fillWidth: true
    }

    Banner {
      objectName: "blockedBanner"
      visible: !page.installable
      status: StatusLine.Status.Failed
      title: !page.hasBundle ? qsTr("Choose a bundle on a USB stick or open a file.")
           : page.versionOverride.length > 0 ? qsTr("Installed only if you ask for it below")
           : qsTr("This bundle cannot be installed")
      detail: page.blockingReason
      Layout.fillWidth: true
    }

    Section {
      objectName: "overrideSection"
      visible: page.versionOverride.length > 0
      title: page.versionOverride === "downgrade" ? qsTr("Install an older version?")
                                                 : qsTr("Install the same version again?")
      iconName: "warning"
      Layout.fillWidth: true
      Label {
        text: page.versionOverride === "downgrade"
            ? qsTr("This device only installs older versions when asked to. An older system may not understand data or settings written by the newer one; downgrade only when you were told to.")
            : qsTr("Version %1 is running already. Reinstalling it writes the same system into the other slot again, for example to repair it.")
              .arg(page.currentVersion)
        textFormat: Text.PlainText
        color: Theme.text
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
      }
      OptionCheck {
        id: overrideCheck
        objectName: "overrideCheck"
        text: page.versionOverride === "downgrade"
            ? qsTr("Yes, install the older version %1").arg(page.summary ? page.summary.version || "" : "")
            : qsTr("Yes, reinstall version %1").arg(page.summary ? page.summary.version || "" : "")
        checked: page.overrideAccepted
        onToggled: page.overrideAccepted = checked
        Layout.fillWidth: true
      }
    }

    Section {
      objectName: "signatureSection"
      visible: page.hasBundle
      title: qsTr("Signature")
      Layout.fillWidth: true
      StatusLine {
        objectName: "signatureLine"
        status: page.signature.trusted ? StatusLine.Status.Ok : StatusLine.Status.Failed
        iconName: page.signature.trusted ? "shield" : "shield-off"
        title: page.signature.trusted ? qsTr("Signed by a trusted key") : qsTr("Not signed by a trusted key")
        // Trusted: the key below says who signed, and the daemon's message would only repeat
        // its id. Not trusted: the daemon's reason.
        detail: page.signature.trusted ? "" : page.signature.message || ""
        Layout.fillWidth: true
        SignerKey {
          objectName: "signerKey"
          visible: page.signature.trusted === true && keyId.length > 0
          name: page.signature.key_name || ""
          keyId: page.signature.key_id || ""
          Layout.fillWidth: true
        }
      }
    }

    Section {
      objectName: "checksSection"
      visible: page.hasBundle
      title: qsTr("Compatibility checks")
      Layout.fillWidth: true
      Repeater {
        model: page.checks.filter(c => !Format.isRequirement(c.id))
        delegate: StatusLine {
          required property var modelData
          objectName: "check_" + modelData.id
          status: !modelData.passed ? StatusLine.Status.Failed
              : modelData.warning ? StatusLine.Status.Warning : StatusLine.Status.Ok
          title: Format.checkTitle(modelData.id)
          detail: modelData.reason || ""
          Layout.fillWidth: true
        }
      }
    }

    Section {
      title: qsTr("Requirements")
      visible: requirementRepeater.count > 0
      Layout.fillWidth: true
      Repeater {
        id: requirementRepeater
        model: page.checks.filter(c => Format.isRequirement(c.id))
        delegate: StatusLine {
          required property var modelData
          objectName: "check_" + modelData.id
          status: !modelData.passed ? StatusLine.Status.Failed
              : modelData.warning ? StatusLine.Status.Warning : StatusLine.Status.Ok
          title: Format.checkTitle(modelData.id)
          detail: modelData.reason || ""
          Layout.fillWidth: true
        }
      }
    }

    BundleFacts {
      visible: page.hasBundle
      summary: page.summary
      Layout.fillWidth: true
    }

    Section {
      objectName: "notesSection"
      title: qsTr("Release notes")
      visible: page.notes.length > 0
      Layout.fillWidth: true
      Label {
        objectName: "releaseNotes"
        text: page.notes
        textFormat: Text.PlainText
        color: Theme.text
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
      }
    }
  }
}
