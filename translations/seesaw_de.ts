<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AddonsPage</name>
    <message>
        <location filename="../qml/pages/AddonsPage.qml" line="+24"/>
        <source>System extension</source>
        <translation>Systemerweiterung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Configuration extension</source>
        <translation>Konfigurationserweiterung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files</source>
        <translation>Dateien</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+74"/>
        <source>Add-ons</source>
        <translation>Add-ons</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>%1 is back at version %2.</source>
        <translation>%1 ist wieder auf Version %2.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Roll %1 back to version %2?</source>
        <translation>%1 auf Version %2 zurückrollen?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Version %1 is replaced by %2 at once, without a restart. The health check runs afterwards; if it fails, %1 comes back.</source>
        <translation>Version %1 wird sofort und ohne Neustart durch %2 ersetzt. Danach läuft die Funktionsprüfung; schlägt sie fehl, kommt %1 zurück.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Roll back</source>
        <translation>Zurückrollen</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The add-on was not rolled back</source>
        <translation>Das Add-on wurde nicht zurückgerollt</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add-on rolled back</source>
        <translation>Add-on zurückgerollt</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No add-ons are installed.</source>
        <translation>Es sind keine Add-ons installiert.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>%1 · version %2 · %3</source>
        <translation>%1 · Version %2 · %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 · not in use</source>
        <translation>%1 · nicht in Verwendung</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Back to %1</source>
        <translation>Zurück auf %1</translation>
    </message>
</context>
<context>
    <name>BundleDetailsPage</name>
    <message>
        <location filename="../qml/pages/BundleDetailsPage.qml" line="+32"/>
        <source>Update details</source>
        <translation>Update-Details</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No bundle chosen</source>
        <translation>Kein Paket ausgewählt</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 on the USB stick %2</source>
        <translation>%1 auf dem USB-Stick %2</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>This bundle cannot be installed</source>
        <translation>Dieses Paket kann nicht installiert werden</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Choose a bundle on a USB stick or open a file.</source>
        <translation>Wählen Sie ein Paket auf einem USB-Stick oder öffnen Sie eine Datei.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Installed only if you ask for it below</source>
        <translation>Wird nur installiert, wenn Sie es unten ausdrücklich wählen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Install an older version?</source>
        <translation>Eine ältere Version installieren?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install the same version again?</source>
        <translation>Dieselbe Version erneut installieren?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This device only installs older versions when asked to. An older system may not understand data or settings written by the newer one; downgrade only when you were told to.</source>
        <translation>Dieses Gerät installiert ältere Versionen nur auf ausdrücklichen Wunsch. Ein älteres System versteht Daten oder Einstellungen des neueren womöglich nicht; kehren Sie nur zu einer älteren Version zurück, wenn Sie dazu angewiesen wurden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version %1 is running already. Reinstalling it writes the same system into the other slot again, for example to repair it.</source>
        <translation>Version %1 läuft bereits. Eine Neuinstallation schreibt dasselbe System noch einmal in den anderen Slot, etwa um ihn zu reparieren.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Yes, install the older version %1</source>
        <translation>Ja, die ältere Version %1 installieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yes, reinstall version %1</source>
        <translation>Ja, Version %1 neu installieren</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Signature</source>
        <translation>Signatur</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Signed by a trusted key</source>
        <translation>Mit vertrauenswürdigem Schlüssel signiert</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not signed by a trusted key</source>
        <translation>Nicht mit vertrauenswürdigem Schlüssel signiert</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Compatibility checks</source>
        <translation>Kompatibilitätsprüfungen</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Requirements</source>
        <translation>Voraussetzungen</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Release notes</source>
        <translation>Versionshinweise</translation>
    </message>
</context>
<context>
    <name>BundleFacts</name>
    <message>
        <location filename="../qml/components/BundleFacts.qml" line="+13"/>
        <source>About this bundle</source>
        <translation>Über dieses Paket</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Build</source>
        <translation>Build</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Built on</source>
        <translation>Erstellt am</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Bundle size</source>
        <translation>Paketgröße</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>System size</source>
        <translation>Systemgröße</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add-ons</source>
        <translation>Add-ons</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 %2 (%3)</source>
        <translation>%1 %2 (%3)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Restart</source>
        <translation>Neustart</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not needed: the add-ons are in use as soon as they are installed</source>
        <translation>Nicht nötig: Die Add-ons sind verwendbar, sobald sie installiert sind</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needed: the new system starts after a restart</source>
        <translation>Nötig: Das neue System startet nach einem Neustart</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>For devices</source>
        <translation>Für Geräte</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hardware revisions</source>
        <translation>Hardware-Revisionen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Needs at least</source>
        <translation>Erfordert mindestens</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Manifest hash</source>
        <translation>Manifest-Hash</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../qml/components/ConfirmDialog.qml" line="+13"/>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back</source>
        <translation>Zurück</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <location filename="../qml/pages/ConfirmPage.qml" line="+43"/>
        <source>Confirm the update</source>
        <translation>Update bestätigen</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Install %1</source>
        <translation>%1 installieren</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Install the add-ons %1?</source>
        <translation>Die Add-ons %1 installieren?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install version %1?</source>
        <translation>Version %1 installieren?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version %1 cannot be installed</source>
        <translation>Version %1 kann nicht installiert werden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No bundle chosen</source>
        <translation>Kein Paket ausgewählt</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This bundle cannot be installed</source>
        <translation>Dieses Paket kann nicht installiert werden</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The update did not start</source>
        <translation>Das Update wurde nicht gestartet</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What happens</source>
        <translation>Was passiert</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each add-on is written and checked beside the version in use, then all are switched at once and the health check runs. If it fails, they go back to the versions they replace. The system is not touched and nothing restarts.</source>
        <translation>Jedes Add-on wird neben der verwendeten Version geschrieben und geprüft, dann werden alle auf einmal umgeschaltet und die Funktionsprüfung läuft. Schlägt sie fehl, kehren sie zu den Versionen zurück, die sie ersetzen. Das System bleibt unberührt, und nichts wird neu gestartet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new system is written into slot %1 while this one keeps running. You can cancel until the last step. The device only changes when you restart it; if the new system does not come up healthy, it goes back to this one by itself.</source>
        <translation>Das neue System wird in Slot %1 geschrieben, während dieses weiterläuft. Bis zum letzten Schritt können Sie abbrechen. Das Gerät ändert sich erst beim Neustart; startet das neue System nicht fehlerfrei, kehrt es von selbst zu diesem zurück.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(the other slot)</source>
        <translation>(der andere Slot)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Bundle size</source>
        <translation>Paketgröße</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delta</source>
        <translation>Delta</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Manifest hash</source>
        <translation>Manifest-Hash</translation>
    </message>
</context>
<context>
    <name>DeviceState</name>
    <message>
        <location filename="../qml/components/DeviceState.qml" line="+11"/>
        <source>The state of the device is not known; the update service did not report it.</source>
        <translation>Der Zustand des Geräts ist unbekannt; der Update-Dienst hat ihn nicht gemeldet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The device still runs version %1 from slot %2; slot %3 starts at the next restart.</source>
        <translation>Das Gerät läuft weiterhin mit Version %1 aus Slot %2; beim nächsten Neustart startet Slot %3.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing changed; the device still runs version %1 from slot %2.</source>
        <translation>Nichts wurde geändert; das Gerät läuft weiterhin mit Version %1 aus Slot %2.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../qml/pages/DonePage.qml" line="+25"/>
        <source>Update installed</source>
        <translation>Update installiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Update cancelled</source>
        <translation>Update abgebrochen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Update not installed</source>
        <translation>Update nicht installiert</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Restarting…</source>
        <translation>Neustart läuft…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Restart now</source>
        <translation>Jetzt neu starten</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Later</source>
        <translation>Später</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Add-ons installed</source>
        <translation>Add-ons installiert</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Back to start</source>
        <translation>Zur Startseite</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Version %1 is installed.</source>
        <translation>Version %1 ist installiert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The add-ons are installed and in use.</source>
        <translation>Die Add-ons sind installiert und in Verwendung.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update was cancelled.</source>
        <translation>Das Update wurde abgebrochen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update could not be installed.</source>
        <translation>Das Update konnte nicht installiert werden.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>It starts at the next restart, from slot %1. If it does not come up healthy, the device goes back to version %2 by itself.</source>
        <translation>Die Version startet beim nächsten Neustart aus Slot %1. Läuft sie nicht fehlerfrei, kehrt das Gerät von selbst zu Version %2 zurück.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The device did not restart</source>
        <translation>Das Gerät wurde nicht neu gestartet</translation>
    </message>
</context>
<context>
    <name>FileBrowser</name>
    <message>
        <location filename="../app/filebrowser.cpp" line="+149"/>
        <source>You do not have permission to open this folder.</source>
        <translation>Sie haben keine Berechtigung, diesen Ordner zu öffnen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This folder does not exist.</source>
        <translation>Dieser Ordner existiert nicht.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is not a folder.</source>
        <translation>Dies ist kein Ordner.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This folder cannot be opened: %1.</source>
        <translation>Dieser Ordner kann nicht geöffnet werden: %1.</translation>
    </message>
</context>
<context>
    <name>FileBrowserPage</name>
    <message>
        <location filename="../qml/pages/FileBrowserPage.qml" line="+27"/>
        <source>Open file</source>
        <translation>Datei öffnen</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Folder %1</source>
        <translation>Ordner %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This folder cannot be opened</source>
        <translation>Dieser Ordner kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This file is not a usable update bundle</source>
        <translation>Diese Datei ist kein verwendbares Update-Paket</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Checking the bundle…</source>
        <translation>Paket wird geprüft…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No folders or update bundles here.</source>
        <translation>Hier gibt es keine Ordner oder Update-Pakete.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <location filename="../qml/Format.qml" line="+19"/>
        <source>unknown size</source>
        <translation>Größe unbekannt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 kB</source>
        <translation>%1 kB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 bytes</source>
        <translation>%1 Byte</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+19"/>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>%1 MB/s</source>
        <translation>%1 MB/s</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>estimating…</source>
        <translation>wird geschätzt…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 s left</source>
        <translation>noch %1 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 min %2 s left</source>
        <translation>noch %1 min %2 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h %2 min left</source>
        <translation>noch %1 h %2 min</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+143"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location line="-131"/>
        <source>Upgrade from %1 to %2</source>
        <translation>Upgrade von %1 auf %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downgrade from %1 to the older %2</source>
        <translation>Downgrade von %1 auf die ältere %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reinstall %1, the version running now</source>
        <translation>%1 erneut installieren (die laufende Version)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add-ons %1 for the running system %2</source>
        <translation>Add-ons %1 für das laufende System %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Install %1 (running: %2)</source>
        <translation>%1 installieren (läuft: %2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install %1</source>
        <translation>%1 installieren</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Delta update from %1 — %2 instead of %3</source>
        <translation>Delta-Update von %1 — %2 statt %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delta update from %1 — %2</source>
        <translation>Delta-Update von %1 — %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Made for this device</source>
        <translation>Für dieses Gerät gebaut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hardware revision</source>
        <translation>Hardware-Revision</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimum running version</source>
        <translation>Mindestversion des Systems</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs the version this delta needs</source>
        <translation>Läuft mit der Version, die dieses Delta braucht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last working system kept</source>
        <translation>Letztes funktionierendes System bleibt erhalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fits into the slot</source>
        <translation>Passt in den Slot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target slot not in use</source>
        <translation>Ziel-Slot ist frei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Free space</source>
        <translation>Freier Speicher</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Power</source>
        <translation>Stromversorgung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The bundle that was shown</source>
        <translation>Das angezeigte Paket</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add-on fits this device</source>
        <translation>Add-on passt zu diesem Gerät</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Installed extensions under the new system</source>
        <translation>Installierte Erweiterungen unter dem neuen System</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>known good</source>
        <translation>als gut bestätigt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not bootable</source>
        <translation>nicht startfähig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>installed, not yet started</source>
        <translation>installiert, noch nicht gestartet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>incomplete</source>
        <translation>unvollständig</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>state unknown</source>
        <translation>Zustand unbekannt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Checking the bundle</source>
        <translation>Paket wird geprüft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verifying</source>
        <translation>Wird verifiziert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the new system</source>
        <translation>Neues System wird geschrieben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalising: saving to storage</source>
        <translation>Abschluss: Daten werden gespeichert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalising: switching the boot slot</source>
        <translation>Abschluss: Boot-Slot wird umgeschaltet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preparing</source>
        <translation>Vorbereitung</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>No bundle has been read.</source>
        <translation>Es wurde kein Paket gelesen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The bundle is not signed by a trusted key.</source>
        <translation>Das Paket ist nicht mit einem vertrauenswürdigen Schlüssel signiert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update service does not allow installing this bundle.</source>
        <translation>Der Update-Dienst lässt die Installation dieses Pakets nicht zu.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Update installed, waiting for a restart</source>
        <translation>Update installiert, Neustart ausstehend</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update is running and healthy</source>
        <translation>Das Update läuft fehlerfrei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update failed its health check and was rolled back</source>
        <translation>Das Update hat die Funktionsprüfung nicht bestanden und wurde zurückgerollt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update did not start and was rolled back</source>
        <translation>Das Update ist nicht gestartet und wurde zurückgerollt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update was interrupted before it was switched on</source>
        <translation>Das Update wurde vor der Aktivierung unterbrochen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rolled back to the previous system</source>
        <translation>Auf das vorherige System zurückgerollt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update failed</source>
        <translation>Das Update ist fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Update %1 available (%2)</source>
        <translation>Update %1 verfügbar (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading update %1 (%2)</source>
        <translation>Update %1 wird heruntergeladen (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking the downloaded update %1</source>
        <translation>Heruntergeladenes Update %1 wird geprüft</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Update %1 is ready to install</source>
        <translation>Update %1 ist bereit zur Installation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No news from the update server</source>
        <translation>Keine Nachricht vom Update-Server</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update server has no channel “%1”</source>
        <translation>Der Update-Server hat keinen Kanal „%1“</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Update %1 from your fleet server</source>
        <translation>Update %1 von Ihrem Flottenserver</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading an update from your fleet server</source>
        <translation>Update wird vom Flottenserver heruntergeladen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Update %1 from your fleet server is ready</source>
        <translation>Update %1 von Ihrem Flottenserver ist bereit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No news from the fleet server</source>
        <translation>Keine Nachricht vom Flottenserver</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Install it? If you agree, it installs in the maintenance window (%1). Not now: the server asks again later.</source>
        <translation>Installieren? Wenn Sie zustimmen, wird es im Wartungsfenster (%1) installiert. Bei „Nicht jetzt“ fragt der Server später erneut.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install it now? Not now: the server asks again later.</source>
        <translation>Jetzt installieren? Bei „Nicht jetzt“ fragt der Server später erneut.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Downloaded and checked. It installs when the fleet server says so.</source>
        <translation>Heruntergeladen und geprüft. Es wird installiert, sobald der Flottenserver es sagt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloaded and checked. It installs %1.</source>
        <translation>Heruntergeladen und geprüft. Es wird %1 installiert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The fleet server could not be asked: %1</source>
        <translation>Der Flottenserver konnte nicht gefragt werden: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>last told the server: %1</source>
        <translation>zuletzt an den Server gemeldet: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 installed; the result follows after the restart</source>
        <translation>%1 installiert; das Ergebnis folgt nach dem Neustart</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>installing %1</source>
        <translation>%1 wird installiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connected, nothing to do</source>
        <translation>verbunden, nichts zu tun</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 of %2 · %3 · %4</source>
        <translation>%1 von %2 · %3 · %4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>when you choose</source>
        <translation>wenn Sie es wählen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose another channel; the device keeps running %1.</source>
        <translation>Wählen Sie einen anderen Kanal; das Gerät läuft weiter mit %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The update server could not be reached since %1; the device keeps running %2.</source>
        <translation>Der Update-Server ist seit %1 nicht erreichbar; das Gerät läuft weiter mit %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update server could not be reached; the device keeps running %1.</source>
        <translation>Der Update-Server ist nicht erreichbar; das Gerät läuft weiter mit %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update information was refused: %1 The device keeps running %2.</source>
        <translation>Die Update-Informationen wurden abgelehnt: %1 Das Gerät läuft weiter mit %2.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Download: %1 (a delta from %2)</source>
        <translation>Download: %1 (ein Delta von %2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download: %1</source>
        <translation>Download: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The download failed: %1</source>
        <translation>Der Download ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Every part is checked against the signed list before it can be installed.</source>
        <translation>Jeder Teil wird mit der signierten Liste verglichen, bevor er installiert werden kann.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloaded — installs %1</source>
        <translation>Heruntergeladen — wird %1 installiert</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installs %1 straight from the update server; every part is checked before it is written.</source>
        <translation>Wird %1 direkt vom Update-Server installiert; jeder Teil wird geprüft, bevor er geschrieben wird.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>not configured</source>
        <translation>nicht eingerichtet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: not checked yet</source>
        <translation>%1: noch nicht geprüft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: checking…</source>
        <translation>%1: wird geprüft…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: up to date (checked %2)</source>
        <translation>%1: aktuell (geprüft %2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: update installed, restart to use it</source>
        <translation>%1: Update installiert, zum Verwenden neu starten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: checked %2</source>
        <translation>%1: geprüft %2</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../app/historymodel.cpp" line="+118"/>
        <source>Installing %1 into slot %2</source>
        <translation>Installation von %1 in Slot %2 gestartet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installed %1 into slot %2</source>
        <translation>%1 in Slot %2 installiert</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1 with %2 starts at the next boot</source>
        <translation>Slot %1 mit %2 startet beim nächsten Systemstart</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installing %1 failed: %2</source>
        <translation>Installation von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installing %1 was interrupted</source>
        <translation>Installation von %1 wurde unterbrochen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Health check passed on slot %1</source>
        <translation>Funktionsprüfung auf Slot %1 bestanden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Health check failed on slot %1</source>
        <translation>Funktionsprüfung auf Slot %1 fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Health check failed: %1</source>
        <translation>Funktionsprüfung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1 marked good by the health check</source>
        <translation>Slot %1 durch die Funktionsprüfung als gut markiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot %1 marked good</source>
        <translation>Slot %1 als gut markiert</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1 marked bad by the health check</source>
        <translation>Slot %1 durch die Funktionsprüfung als fehlerhaft markiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot %1 marked bad</source>
        <translation>Slot %1 als fehlerhaft markiert</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rollback from slot %1 to slot %2 requested</source>
        <translation>Zurückrollen von Slot %1 auf Slot %2 angefordert</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Version %1 failed its health check; back to slot %2</source>
        <translation>Version %1 hat die Funktionsprüfung nicht bestanden; zurück auf Slot %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Version %1 did not start; back to slot %2</source>
        <translation>Version %1 ist nicht gestartet; zurück auf Slot %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rolled back to slot %1</source>
        <translation>Auf Slot %1 zurückgerollt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signing keys changed: %1 added, %2 revoked</source>
        <translation>Signaturschlüssel geändert: %1 hinzugefügt, %2 widerrufen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add-on %1 %2 installed</source>
        <translation>Add-on %1 %2 installiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add-on %1 updated from %2 to %3</source>
        <translation>Add-on %1 von %2 auf %3 aktualisiert</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add-on %1 %2 taken out of use</source>
        <translation>Add-on %1 %2 außer Betrieb genommen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add-on %1 back at %2 (was %3)</source>
        <translation>Add-on %1 wieder auf %2 (war %3)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installing add-on %1 %2 failed: %3</source>
        <translation>Installation von Add-on %1 %2 fehlgeschlagen: %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Event: %1</source>
        <translation>Ereignis: %1</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../qml/pages/HistoryPage.qml" line="+38"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The report was saved on %1 as %2.</source>
        <translation>Der Bericht wurde auf %1 als %2 gespeichert.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>USB stick</source>
        <translation>USB-Stick</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export report to %1</source>
        <translation>Bericht auf %1 exportieren</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Insert a USB stick to export a report.</source>
        <translation>Stecken Sie einen USB-Stick ein, um einen Bericht zu exportieren.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The report could not be saved</source>
        <translation>Der Bericht konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Report exported</source>
        <translation>Bericht exportiert</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The history could not be read</source>
        <translation>Der Verlauf konnte nicht gelesen werden</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No entries yet.</source>
        <translation>Noch keine Einträge.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>History entries</source>
        <translation>Verlaufseinträge</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../qml/pages/HomePage.qml" line="+46"/>
        <source>Seesaw updater</source>
        <translation>Seesaw-Updater</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Install an update</source>
        <translation>Update installieren</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location line="-15"/>
        <location line="+36"/>
        <source>Roll back</source>
        <translation>Zurückrollen</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Add-ons</source>
        <translation>Add-ons</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Roll back to version %1?</source>
        <translation>Auf Version %1 zurückrollen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot %1 becomes the system that starts next. It runs after the next restart; until then nothing changes.</source>
        <translation>Slot %1 startet beim nächsten Neustart. Bis dahin ändert sich nichts.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The update service is not running</source>
        <translation>Der Update-Dienst läuft nicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing can be installed until seesawd runs. The system itself is not affected.</source>
        <translation>Solange seesawd nicht läuft, kann nichts installiert werden. Das System selbst ist nicht betroffen.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Restart now</source>
        <translation>Jetzt neu starten</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Acknowledge</source>
        <translation>Quittieren</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>its current version</source>
        <translation>seiner aktuellen Version</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+55"/>
        <source>Install now</source>
        <translation>Jetzt installieren</translation>
    </message>
    <message>
        <location line="-46"/>
        <location line="+39"/>
        <source>Not now</source>
        <translation>Nicht jetzt</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Download now</source>
        <translation>Jetzt herunterladen</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+41"/>
        <source>Check again</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Install</source>
        <translation>Installieren</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Updates wait for the health check</source>
        <translation>Updates warten auf die Funktionsprüfung</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Done</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>That did not work</source>
        <translation>Das hat nicht funktioniert</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This device</source>
        <translation>Dieses Gerät</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Device type</source>
        <translation>Gerätetyp</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>version %1 from slot %2</source>
        <translation>Version %1 aus Slot %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Other slot</source>
        <translation>Anderer Slot</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>slot %1: %2 (%3)</source>
        <translation>Slot %1: %2 (%3)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no system</source>
        <translation>kein System</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>keiner</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Updates</source>
        <translation>Updates</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Fleet server</source>
        <translation>Flottenserver</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Next start</source>
        <translation>Nächster Start</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>slot %1</source>
        <translation>Slot %1</translation>
    </message>
</context>
<context>
    <name>LanguageDialog</name>
    <message>
        <location filename="../qml/components/LanguageDialog.qml" line="+13"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="+113"/>
        <source>Seesaw updater</source>
        <translation>Seesaw-Updater</translation>
    </message>
</context>
<context>
    <name>MediaModel</name>
    <message>
        <location filename="../app/mediamodel.cpp" line="+119"/>
        <location line="+179"/>
        <source>The update service is not running.</source>
        <translation>Der Update-Dienst läuft nicht.</translation>
    </message>
</context>
<context>
    <name>PageHeader</name>
    <message>
        <location filename="../qml/components/PageHeader.qml" line="+37"/>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../qml/pages/ProgressPage.qml" line="+21"/>
        <source>%1 MB of %2 MB</source>
        <translation>%1 MB von %2 MB</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1, %2 percent</source>
        <translation>%1, %2 Prozent</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Installing %1</source>
        <translation>%1 wird installiert</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Installing an update</source>
        <translation>Update wird installiert</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cancel the update?</source>
        <translation>Update abbrechen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing stops and the partly written slot stays unused. The device keeps running version %1.</source>
        <translation>Das Schreiben wird beendet, der teilweise beschriebene Slot bleibt ungenutzt. Das Gerät läuft weiter mit Version %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel the update</source>
        <translation>Update abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep installing</source>
        <translation>Weiter installieren</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>%1 %</source>
        <translation>%1&#xa0;%</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Written</source>
        <translation>Geschrieben</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Time left</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Average speed</source>
        <translation>Durchschnittliche Geschwindigkeit</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Time taken</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The running system is not touched. You can keep using the device.</source>
        <translation>Das laufende System bleibt unverändert. Sie können das Gerät weiter benutzen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalising: this cannot be cancelled any more and takes a moment.</source>
        <translation>Abschluss: Dies kann nicht mehr abgebrochen werden und dauert einen Moment.</translation>
    </message>
</context>
<context>
    <name>Screenshotter</name>
    <message>
        <location filename="../app/screenshotter.cpp" line="+80"/>
        <source>nothing to capture (no pages or no sizes)</source>
        <translation>nichts aufzunehmen (keine Seiten oder keine Größen)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cannot create the folder %1</source>
        <translation>der Ordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cannot write into the folder %1</source>
        <translation>in den Ordner %1 kann nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>SignerKey</name>
    <message>
        <location filename="../qml/components/SignerKey.qml" line="+14"/>
        <source>Key ID: %1</source>
        <translation>Schlüssel-ID: %1</translation>
    </message>
</context>
<context>
    <name>SlotPicture</name>
    <message>
        <location filename="../qml/components/SlotPicture.qml" line="+38"/>
        <source>Slots of this device</source>
        <translation>Slots dieses Geräts</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+7"/>
        <source>Slot %1: version %2</source>
        <translation>Slot %1: Version %2</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Slot %1: no system</source>
        <translation>Slot %1: kein System</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>running now</source>
        <translation>läuft jetzt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>starts next</source>
        <translation>startet als Nächstes</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1: new system</source>
        <translation>Slot %1: neues System</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>being written, %1 percent</source>
        <translation>wird geschrieben, %1 Prozent</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Being written: %1 %</source>
        <translation>Wird geschrieben: %1 %</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Slot %1</source>
        <translation>Slot %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Running · starts next</source>
        <translation>Läuft · startet als Nächstes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Starts next</source>
        <translation>Startet als Nächstes</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>New system</source>
        <translation>Neues System</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty</source>
        <translation>Leer</translation>
    </message>
</context>
<context>
    <name>SourcesPage</name>
    <message>
        <location filename="../qml/pages/SourcesPage.qml" line="+17"/>
        <source>Choose an update</source>
        <translation>Update auswählen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open file…</source>
        <translation>Datei öffnen…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No USB stick found</source>
        <translation>Kein USB-Stick gefunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insert a USB stick with an update bundle (a .seesaw file). It appears here within a second.</source>
        <translation>Stecken Sie einen USB-Stick mit einem Update-Paket (einer .seesaw-Datei) ein. Er erscheint innerhalb einer Sekunde hier.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>USB stick</source>
        <translation>USB-Stick</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Looking for update bundles…</source>
        <translation>Suche nach Update-Paketen…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This stick cannot be read</source>
        <translation>Dieser Stick kann nicht gelesen werden</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No update bundles on this stick.</source>
        <translation>Keine Update-Pakete auf diesem Stick.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Version %1, %2</source>
        <translation>Version %1, %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot be read: %1</source>
        <translation>Nicht lesbar: %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>unknown error</source>
        <translation>unbekannter Fehler</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Scan again</source>
        <translation>Erneut suchen</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../qml/components/StatusLine.qml" line="+23"/>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>note</source>
        <translation>Hinweis</translation>
    </message>
</context>
<context>
    <name>UpdaterClient</name>
    <message>
        <location filename="../app/updaterclient_calls.cpp" line="+49"/>
        <location line="+36"/>
        <location line="+200"/>
        <source>The update service did not answer.</source>
        <translation>Der Update-Dienst hat nicht geantwortet.</translation>
    </message>
    <message>
        <location line="-199"/>
        <source>The update service refused the request.</source>
        <translation>Der Update-Dienst hat die Anfrage abgelehnt.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Choose a bundle file.</source>
        <translation>Wählen Sie eine Paketdatei.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 is a symbolic link; choose the file it points to.</source>
        <translation>%1 ist ein symbolischer Link; wählen Sie die Datei, auf die er verweist.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 no longer exists.</source>
        <translation>%1 existiert nicht mehr.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You may not read %1.</source>
        <translation>Sie dürfen %1 nicht lesen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 cannot be opened: %2.</source>
        <translation>%1 kann nicht geöffnet werden: %2.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 is not a regular file.</source>
        <translation>%1 ist keine reguläre Datei.</translation>
    </message>
</context>
</TS>
