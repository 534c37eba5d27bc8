<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AddonsPage</name>
    <message>
        <location filename="../qml/pages/AddonsPage.qml" line="+24"/>
        <source>System extension</source>
        <translation>Extension système</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Configuration extension</source>
        <translation>Extension de configuration</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files</source>
        <translation>Fichiers</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+74"/>
        <source>Add-ons</source>
        <translation>Modules</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>%1 is back at version %2.</source>
        <translation>%1 est revenu à la version %2.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Roll %1 back to version %2?</source>
        <translation>Ramener %1 à la version %2 ?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Version %1 is replaced by %2 at once, without a restart. The health check runs afterwards; if it fails, %1 comes back.</source>
        <translation>La version %1 est remplacée par %2 immédiatement, sans redémarrage. La vérification de santé s’exécute ensuite ; si elle échoue, %1 revient.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Roll back</source>
        <translation>Revenir en arrière</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The add-on was not rolled back</source>
        <translation>Le module n’a pas été ramené en arrière</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add-on rolled back</source>
        <translation>Module ramené en arrière</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No add-ons are installed.</source>
        <translation>Aucun module n’est installé.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>%1 · version %2 · %3</source>
        <translation>%1 · version %2 · %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 · not in use</source>
        <translation>%1 · non utilisé</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Back to %1</source>
        <translation>Revenir à %1</translation>
    </message>
</context>
<context>
    <name>BundleDetailsPage</name>
    <message>
        <location filename="../qml/pages/BundleDetailsPage.qml" line="+32"/>
        <source>Update details</source>
        <translation>Détails de la mise à jour</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Continue</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Back</source>
        <translation>Retour</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No bundle chosen</source>
        <translation>Aucun paquet choisi</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 on the USB stick %2</source>
        <translation>%1 sur la clé USB %2</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>This bundle cannot be installed</source>
        <translation>Ce paquet ne peut pas être installé</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Choose a bundle on a USB stick or open a file.</source>
        <translation>Choisissez un paquet sur une clé USB ou ouvrez un fichier.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Installed only if you ask for it below</source>
        <translation>Installé seulement si vous le demandez ci-dessous</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Install an older version?</source>
        <translation>Installer une version plus ancienne ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install the same version again?</source>
        <translation>Réinstaller la même version ?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This device only installs older versions when asked to. An older system may not understand data or settings written by the newer one; downgrade only when you were told to.</source>
        <translation>Cet appareil n’installe une version plus ancienne que sur demande explicite. Un système plus ancien peut ne pas comprendre les données ou réglages écrits par le plus récent ; ne revenez en arrière que si on vous l’a demandé.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version %1 is running already. Reinstalling it writes the same system into the other slot again, for example to repair it.</source>
        <translation>La version %1 est déjà en cours d’exécution. La réinstaller écrit à nouveau le même système dans l’autre emplacement, par exemple pour le réparer.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Yes, install the older version %1</source>
        <translation>Oui, installer l’ancienne version %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yes, reinstall version %1</source>
        <translation>Oui, réinstaller la version %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Signed by a trusted key</source>
        <translation>Signé par une clé de confiance</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not signed by a trusted key</source>
        <translation>Non signé par une clé de confiance</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Compatibility checks</source>
        <translation>Contrôles de compatibilité</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Requirements</source>
        <translation>Prérequis</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Release notes</source>
        <translation>Notes de version</translation>
    </message>
</context>
<context>
    <name>BundleFacts</name>
    <message>
        <location filename="../qml/components/BundleFacts.qml" line="+13"/>
        <source>About this bundle</source>
        <translation>À propos de ce paquet</translation>
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
        <translation>Créé le</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Bundle size</source>
        <translation>Taille du paquet</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>System size</source>
        <translation>Taille du système</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add-ons</source>
        <translation>Modules</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 %2 (%3)</source>
        <translation>%1 %2 (%3)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Restart</source>
        <translation>Redémarrage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not needed: the add-ons are in use as soon as they are installed</source>
        <translation>Inutile : les modules sont utilisés dès leur installation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needed: the new system starts after a restart</source>
        <translation>Nécessaire : le nouveau système démarre après un redémarrage</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>For devices</source>
        <translation>Pour les appareils</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hardware revisions</source>
        <translation>Révisions matérielles</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Needs at least</source>
        <translation>Nécessite au moins</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Manifest hash</source>
        <translation>Empreinte du manifeste</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../qml/components/ConfirmDialog.qml" line="+13"/>
        <source>Continue</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back</source>
        <translation>Retour</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <location filename="../qml/pages/ConfirmPage.qml" line="+43"/>
        <source>Confirm the update</source>
        <translation>Confirmer la mise à jour</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Install %1</source>
        <translation>Installer %1</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Install the add-ons %1?</source>
        <translation>Installer les modules %1 ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install version %1?</source>
        <translation>Installer la version %1&#xa0;?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version %1 cannot be installed</source>
        <translation>La version %1 ne peut pas être installée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No bundle chosen</source>
        <translation>Aucun paquet choisi</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This bundle cannot be installed</source>
        <translation>Ce paquet ne peut pas être installé</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The update did not start</source>
        <translation>La mise à jour n’a pas démarré</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What happens</source>
        <translation>Ce qui va se passer</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each add-on is written and checked beside the version in use, then all are switched at once and the health check runs. If it fails, they go back to the versions they replace. The system is not touched and nothing restarts.</source>
        <translation>Chaque module est écrit et vérifié à côté de la version utilisée, puis tous sont basculés d’un coup et la vérification de santé s’exécute. Si elle échoue, ils reviennent aux versions qu’ils remplacent. Le système n’est pas modifié et rien ne redémarre.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new system is written into slot %1 while this one keeps running. You can cancel until the last step. The device only changes when you restart it; if the new system does not come up healthy, it goes back to this one by itself.</source>
        <translation>Le nouveau système est écrit dans le slot %1 pendant que celui-ci continue de fonctionner. Vous pouvez annuler jusqu’à la dernière étape. L’appareil ne change qu’au redémarrage&#xa0;; si le nouveau système ne démarre pas correctement, il revient de lui-même à celui-ci.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(the other slot)</source>
        <translation>(l’autre slot)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Bundle size</source>
        <translation>Taille du paquet</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delta</source>
        <translation>Delta</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Manifest hash</source>
        <translation>Empreinte du manifeste</translation>
    </message>
</context>
<context>
    <name>DeviceState</name>
    <message>
        <location filename="../qml/components/DeviceState.qml" line="+11"/>
        <source>The state of the device is not known; the update service did not report it.</source>
        <translation>L’état de l’appareil est inconnu&#xa0;; le service de mise à jour ne l’a pas signalé.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The device still runs version %1 from slot %2; slot %3 starts at the next restart.</source>
        <translation>L’appareil exécute toujours la version %1 depuis le slot %2&#xa0;; le slot %3 démarrera au prochain redémarrage.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing changed; the device still runs version %1 from slot %2.</source>
        <translation>Rien n’a changé&#xa0;; l’appareil exécute toujours la version %1 depuis le slot %2.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../qml/pages/DonePage.qml" line="+25"/>
        <source>Update installed</source>
        <translation>Mise à jour installée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Update cancelled</source>
        <translation>Mise à jour annulée</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Update not installed</source>
        <translation>Mise à jour non installée</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Restarting…</source>
        <translation>Redémarrage…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Restart now</source>
        <translation>Redémarrer maintenant</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Later</source>
        <translation>Plus tard</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Add-ons installed</source>
        <translation>Modules installés</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Back to start</source>
        <translation>Retour à l’accueil</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Version %1 is installed.</source>
        <translation>La version %1 est installée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The add-ons are installed and in use.</source>
        <translation>Les modules sont installés et utilisés.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update was cancelled.</source>
        <translation>La mise à jour a été annulée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update could not be installed.</source>
        <translation>La mise à jour n’a pas pu être installée.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>It starts at the next restart, from slot %1. If it does not come up healthy, the device goes back to version %2 by itself.</source>
        <translation>Elle démarre au prochain redémarrage, depuis le slot %1. Si elle ne fonctionne pas correctement, l’appareil revient de lui-même à la version %2.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The device did not restart</source>
        <translation>L’appareil n’a pas redémarré</translation>
    </message>
</context>
<context>
    <name>FileBrowser</name>
    <message>
        <location filename="../app/filebrowser.cpp" line="+149"/>
        <source>You do not have permission to open this folder.</source>
        <translation>Vous n’avez pas l’autorisation d’ouvrir ce dossier.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This folder does not exist.</source>
        <translation>Ce dossier n’existe pas.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is not a folder.</source>
        <translation>Ce n’est pas un dossier.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This folder cannot be opened: %1.</source>
        <translation>Impossible d’ouvrir ce dossier&#xa0;: %1.</translation>
    </message>
</context>
<context>
    <name>FileBrowserPage</name>
    <message>
        <location filename="../qml/pages/FileBrowserPage.qml" line="+27"/>
        <source>Open file</source>
        <translation>Ouvrir un fichier</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Up</source>
        <translation>Remonter</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Folder %1</source>
        <translation>Dossier %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This folder cannot be opened</source>
        <translation>Impossible d’ouvrir ce dossier</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This file is not a usable update bundle</source>
        <translation>Ce fichier n’est pas un paquet de mise à jour utilisable</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Checking the bundle…</source>
        <translation>Contrôle du paquet…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No folders or update bundles here.</source>
        <translation>Aucun dossier ni paquet de mise à jour ici.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Folder</source>
        <translation>Dossier</translation>
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
        <translation>taille inconnue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 GB</source>
        <translation>%1 Go</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 MB</source>
        <translation>%1 Mo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 kB</source>
        <translation>%1 ko</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 bytes</source>
        <translation>%1 octets</translation>
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
        <translation>%1 Mo/s</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>estimating…</source>
        <translation>estimation…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 s left</source>
        <translation>encore %1 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 min %2 s left</source>
        <translation>encore %1 min %2 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h %2 min left</source>
        <translation>encore %1 h %2 min</translation>
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
        <translation>inconnue</translation>
    </message>
    <message>
        <location line="-131"/>
        <source>Upgrade from %1 to %2</source>
        <translation>Mise à niveau de %1 vers %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downgrade from %1 to the older %2</source>
        <translation>Rétrogradation de %1 vers l’ancienne %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reinstall %1, the version running now</source>
        <translation>Réinstaller %1, la version actuelle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add-ons %1 for the running system %2</source>
        <translation>Modules %1 pour le système en cours %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Install %1 (running: %2)</source>
        <translation>Installer %1 (en service&#xa0;: %2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install %1</source>
        <translation>Installer %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Delta update from %1 — %2 instead of %3</source>
        <translation>Mise à jour delta depuis %1 — %2 au lieu de %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delta update from %1 — %2</source>
        <translation>Mise à jour delta depuis %1 — %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Made for this device</source>
        <translation>Conçu pour cet appareil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hardware revision</source>
        <translation>Révision matérielle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimum running version</source>
        <translation>Version minimale en service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs the version this delta needs</source>
        <translation>Exécute la version requise par ce delta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last working system kept</source>
        <translation>Dernier système fonctionnel conservé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fits into the slot</source>
        <translation>Tient dans le slot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target slot not in use</source>
        <translation>Slot cible libre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Free space</source>
        <translation>Espace libre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Power</source>
        <translation>Alimentation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The bundle that was shown</source>
        <translation>Le paquet affiché</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add-on fits this device</source>
        <translation>Le module convient à cet appareil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Installed extensions under the new system</source>
        <translation>Extensions installées sous le nouveau système</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>known good</source>
        <translation>validé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not bootable</source>
        <translation>non amorçable</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>installed, not yet started</source>
        <translation>installé, pas encore démarré</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>incomplete</source>
        <translation>incomplet</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>state unknown</source>
        <translation>état inconnu</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Checking the bundle</source>
        <translation>Contrôle du paquet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verifying</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the new system</source>
        <translation>Écriture du nouveau système</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalising: saving to storage</source>
        <translation>Finalisation&#xa0;: enregistrement sur le support</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalising: switching the boot slot</source>
        <translation>Finalisation&#xa0;: changement du slot de démarrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preparing</source>
        <translation>Préparation</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>No bundle has been read.</source>
        <translation>Aucun paquet n’a été lu.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The bundle is not signed by a trusted key.</source>
        <translation>Le paquet n’est pas signé par une clé de confiance.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>failed</source>
        <translation>échoué</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update service does not allow installing this bundle.</source>
        <translation>Le service de mise à jour n’autorise pas l’installation de ce paquet.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Update installed, waiting for a restart</source>
        <translation>Mise à jour installée, en attente de redémarrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update is running and healthy</source>
        <translation>La mise à jour fonctionne correctement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update failed its health check and was rolled back</source>
        <translation>La mise à jour a échoué au contrôle de fonctionnement&#xa0;; retour arrière effectué</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update did not start and was rolled back</source>
        <translation>La mise à jour n’a pas démarré&#xa0;; retour arrière effectué</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update was interrupted before it was switched on</source>
        <translation>La mise à jour a été interrompue avant son activation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rolled back to the previous system</source>
        <translation>Retour au système précédent effectué</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update failed</source>
        <translation>La mise à jour a échoué</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Update %1 available (%2)</source>
        <translation>Mise à jour %1 disponible (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading update %1 (%2)</source>
        <translation>Téléchargement de la mise à jour %1 (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking the downloaded update %1</source>
        <translation>Vérification de la mise à jour téléchargée %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Update %1 is ready to install</source>
        <translation>La mise à jour %1 est prête à être installée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No news from the update server</source>
        <translation>Aucune nouvelle du serveur de mises à jour</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update server has no channel “%1”</source>
        <translation>Le serveur de mises à jour n’a pas de canal « %1 »</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Update %1 from your fleet server</source>
        <translation>Mise à jour %1 de votre serveur de flotte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading an update from your fleet server</source>
        <translation>Téléchargement d’une mise à jour depuis votre serveur de flotte</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Update %1 from your fleet server is ready</source>
        <translation>La mise à jour %1 de votre serveur de flotte est prête</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No news from the fleet server</source>
        <translation>Aucune nouvelle du serveur de flotte</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Install it? If you agree, it installs in the maintenance window (%1). Not now: the server asks again later.</source>
        <translation>L’installer ? Si vous acceptez, elle s’installe pendant la fenêtre de maintenance (%1). « Pas maintenant » : le serveur redemandera plus tard.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install it now? Not now: the server asks again later.</source>
        <translation>L’installer maintenant ? « Pas maintenant » : le serveur redemandera plus tard.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Downloaded and checked. It installs when the fleet server says so.</source>
        <translation>Téléchargée et vérifiée. Elle s’installe quand le serveur de flotte le demande.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloaded and checked. It installs %1.</source>
        <translation>Téléchargée et vérifiée. Elle s’installe %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The fleet server could not be asked: %1</source>
        <translation>Impossible d’interroger le serveur de flotte : %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>last told the server: %1</source>
        <translation>dernier message au serveur : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 installed; the result follows after the restart</source>
        <translation>%1 installée ; le résultat suit après le redémarrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>installing %1</source>
        <translation>installation de %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connected, nothing to do</source>
        <translation>connecté, rien à faire</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 of %2 · %3 · %4</source>
        <translation>%1 sur %2 · %3 · %4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>when you choose</source>
        <translation>quand vous le choisissez</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>now</source>
        <translation>maintenant</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose another channel; the device keeps running %1.</source>
        <translation>Choisissez un autre canal ; l’appareil continue d’exécuter %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The update server could not be reached since %1; the device keeps running %2.</source>
        <translation>Le serveur de mises à jour est injoignable depuis %1 ; l’appareil continue d’exécuter %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update server could not be reached; the device keeps running %1.</source>
        <translation>Le serveur de mises à jour est injoignable ; l’appareil continue d’exécuter %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update information was refused: %1 The device keeps running %2.</source>
        <translation>Les informations de mise à jour ont été refusées : %1 L’appareil continue d’exécuter %2.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Download: %1 (a delta from %2)</source>
        <translation>Téléchargement : %1 (un delta depuis %2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download: %1</source>
        <translation>Téléchargement : %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The download failed: %1</source>
        <translation>Le téléchargement a échoué : %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Every part is checked against the signed list before it can be installed.</source>
        <translation>Chaque partie est vérifiée par rapport à la liste signée avant de pouvoir être installée.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloaded — installs %1</source>
        <translation>Téléchargée — installation %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installs %1 straight from the update server; every part is checked before it is written.</source>
        <translation>S’installe %1 directement depuis le serveur de mises à jour ; chaque partie est vérifiée avant d’être écrite.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>not configured</source>
        <translation>non configuré</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: not checked yet</source>
        <translation>%1 : pas encore vérifié</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: checking…</source>
        <translation>%1 : vérification…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: up to date (checked %2)</source>
        <translation>%1 : à jour (vérifié le %2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: update installed, restart to use it</source>
        <translation>%1 : mise à jour installée, redémarrez pour l’utiliser</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: checked %2</source>
        <translation>%1 : vérifié le %2</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../app/historymodel.cpp" line="+118"/>
        <source>Installing %1 into slot %2</source>
        <translation>Installation de %1 dans le slot %2 démarrée</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installed %1 into slot %2</source>
        <translation>%1 installé dans le slot %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1 with %2 starts at the next boot</source>
        <translation>Le slot %1 (%2) sera utilisé au prochain démarrage</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installing %1 failed: %2</source>
        <translation>Échec de l’installation de %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installing %1 was interrupted</source>
        <translation>Installation de %1 interrompue</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Health check passed on slot %1</source>
        <translation>Contrôle de fonctionnement réussi sur le slot %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Health check failed on slot %1</source>
        <translation>Échec du contrôle de fonctionnement sur le slot %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Health check failed: %1</source>
        <translation>Échec du contrôle de fonctionnement&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1 marked good by the health check</source>
        <translation>Slot %1 validé par le contrôle de fonctionnement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot %1 marked good</source>
        <translation>Slot %1 validé</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1 marked bad by the health check</source>
        <translation>Slot %1 marqué comme défectueux par le contrôle de fonctionnement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot %1 marked bad</source>
        <translation>Slot %1 marqué comme défectueux</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rollback from slot %1 to slot %2 requested</source>
        <translation>Retour arrière du slot %1 vers le slot %2 demandé</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Version %1 failed its health check; back to slot %2</source>
        <translation>La version %1 a échoué au contrôle de fonctionnement&#xa0;; retour au slot %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Version %1 did not start; back to slot %2</source>
        <translation>La version %1 n’a pas démarré&#xa0;; retour au slot %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rolled back to slot %1</source>
        <translation>Retour arrière vers le slot %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signing keys changed: %1 added, %2 revoked</source>
        <translation>Clés de signature modifiées&#xa0;: %1 ajoutée(s), %2 révoquée(s)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add-on %1 %2 installed</source>
        <translation>Module %1 %2 installé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add-on %1 updated from %2 to %3</source>
        <translation>Module %1 mis à jour de %2 à %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add-on %1 %2 taken out of use</source>
        <translation>Module %1 %2 retiré du service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add-on %1 back at %2 (was %3)</source>
        <translation>Module %1 revenu à %2 (était %3)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installing add-on %1 %2 failed: %3</source>
        <translation>L’installation du module %1 %2 a échoué : %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Event: %1</source>
        <translation>Événement&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../qml/pages/HistoryPage.qml" line="+38"/>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The report was saved on %1 as %2.</source>
        <translation>Le rapport a été enregistré sur %1 sous %2.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>USB stick</source>
        <translation>clé USB</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export report to %1</source>
        <translation>Exporter le rapport vers %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Insert a USB stick to export a report.</source>
        <translation>Insérez une clé USB pour exporter un rapport.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The report could not be saved</source>
        <translation>Le rapport n’a pas pu être enregistré</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Report exported</source>
        <translation>Rapport exporté</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The history could not be read</source>
        <translation>Impossible de lire l’historique</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No entries yet.</source>
        <translation>Aucune entrée pour l’instant.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>History entries</source>
        <translation>Entrées de l’historique</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../qml/pages/HomePage.qml" line="+46"/>
        <source>Seesaw updater</source>
        <translation>Mise à jour Seesaw</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Install an update</source>
        <translation>Installer une mise à jour</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <location line="-15"/>
        <location line="+36"/>
        <source>Roll back</source>
        <translation>Revenir en arrière</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Add-ons</source>
        <translation>Modules</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Roll back to version %1?</source>
        <translation>Revenir à la version %1&#xa0;?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot %1 becomes the system that starts next. It runs after the next restart; until then nothing changes.</source>
        <translation>Le slot %1 démarrera au prochain redémarrage. D’ici là, rien ne change.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The update service is not running</source>
        <translation>Le service de mise à jour est arrêté</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing can be installed until seesawd runs. The system itself is not affected.</source>
        <translation>Rien ne peut être installé tant que seesawd ne fonctionne pas. Le système lui-même n’est pas affecté.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Restart now</source>
        <translation>Redémarrer maintenant</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Acknowledge</source>
        <translation>Acquitter</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>its current version</source>
        <translation>sa version actuelle</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+55"/>
        <source>Install now</source>
        <translation>Installer maintenant</translation>
    </message>
    <message>
        <location line="-46"/>
        <location line="+39"/>
        <source>Not now</source>
        <translation>Pas maintenant</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Download now</source>
        <translation>Télécharger maintenant</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+41"/>
        <source>Check again</source>
        <translation>Vérifier à nouveau</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Install</source>
        <translation>Installer</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Updates wait for the health check</source>
        <translation>Les mises à jour attendent le contrôle de fonctionnement</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>That did not work</source>
        <translation>Cela n’a pas fonctionné</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This device</source>
        <translation>Cet appareil</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Device type</source>
        <translation>Type d’appareil</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Running</source>
        <translation>En service</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>version %1 from slot %2</source>
        <translation>version %1 depuis le slot %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Other slot</source>
        <translation>Autre slot</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>slot %1: %2 (%3)</source>
        <translation>slot %1&#xa0;: %2 (%3)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no system</source>
        <translation>aucun système</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Updates</source>
        <translation>Mises à jour</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Fleet server</source>
        <translation>Serveur de flotte</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Next start</source>
        <translation>Prochain démarrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>slot %1</source>
        <translation>slot %1</translation>
    </message>
</context>
<context>
    <name>LanguageDialog</name>
    <message>
        <location filename="../qml/components/LanguageDialog.qml" line="+13"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="+113"/>
        <source>Seesaw updater</source>
        <translation>Mise à jour Seesaw</translation>
    </message>
</context>
<context>
    <name>MediaModel</name>
    <message>
        <location filename="../app/mediamodel.cpp" line="+119"/>
        <location line="+179"/>
        <source>The update service is not running.</source>
        <translation>Le service de mise à jour est arrêté.</translation>
    </message>
</context>
<context>
    <name>PageHeader</name>
    <message>
        <location filename="../qml/components/PageHeader.qml" line="+37"/>
        <source>Back</source>
        <translation>Retour</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../qml/pages/ProgressPage.qml" line="+21"/>
        <source>%1 MB of %2 MB</source>
        <translation>%1 Mo sur %2 Mo</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1, %2 percent</source>
        <translation>%1, %2 pour cent</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Installing %1</source>
        <translation>Installation de %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Installing an update</source>
        <translation>Installation d’une mise à jour</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cancel the update?</source>
        <translation>Annuler la mise à jour&#xa0;?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing stops and the partly written slot stays unused. The device keeps running version %1.</source>
        <translation>L’écriture s’arrête et le slot partiellement écrit reste inutilisé. L’appareil continue d’exécuter la version %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel the update</source>
        <translation>Annuler la mise à jour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep installing</source>
        <translation>Poursuivre l’installation</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>%1 %</source>
        <translation>%1&#xa0;%</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Written</source>
        <translation>Écrit</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Speed</source>
        <translation>Vitesse</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Time left</source>
        <translation>Temps restant</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Average speed</source>
        <translation>Vitesse moyenne</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Time taken</source>
        <translation>Durée</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The running system is not touched. You can keep using the device.</source>
        <translation>Le système en cours reste intact. Vous pouvez continuer à utiliser l’appareil.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalising: this cannot be cancelled any more and takes a moment.</source>
        <translation>Finalisation&#xa0;: impossible d’annuler désormais, cela prend un instant.</translation>
    </message>
</context>
<context>
    <name>Screenshotter</name>
    <message>
        <location filename="../app/screenshotter.cpp" line="+80"/>
        <source>nothing to capture (no pages or no sizes)</source>
        <translation>rien à capturer (aucune page ou aucune taille)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cannot create the folder %1</source>
        <translation>impossible de créer le dossier %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cannot write into the folder %1</source>
        <translation>impossible d’écrire dans le dossier %1</translation>
    </message>
</context>
<context>
    <name>SignerKey</name>
    <message>
        <location filename="../qml/components/SignerKey.qml" line="+14"/>
        <source>Key ID: %1</source>
        <translation>ID de clé&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>SlotPicture</name>
    <message>
        <location filename="../qml/components/SlotPicture.qml" line="+38"/>
        <source>Slots of this device</source>
        <translation>Slots de cet appareil</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+7"/>
        <source>Slot %1: version %2</source>
        <translation>Slot %1&#xa0;: version %2</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Slot %1: no system</source>
        <translation>Slot %1&#xa0;: aucun système</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>running now</source>
        <translation>en cours d’exécution</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>starts next</source>
        <translation>démarre ensuite</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1: new system</source>
        <translation>Slot %1&#xa0;: nouveau système</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>being written, %1 percent</source>
        <translation>en cours d’écriture, %1 pour cent</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Being written: %1 %</source>
        <translation>En cours d’écriture&#xa0;: %1 %</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Slot %1</source>
        <translation>Slot %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Running · starts next</source>
        <translation>En cours · démarre ensuite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Starts next</source>
        <translation>Démarre ensuite</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>New system</source>
        <translation>Nouveau système</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty</source>
        <translation>Vide</translation>
    </message>
</context>
<context>
    <name>SourcesPage</name>
    <message>
        <location filename="../qml/pages/SourcesPage.qml" line="+17"/>
        <source>Choose an update</source>
        <translation>Choisir une mise à jour</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open file…</source>
        <translation>Ouvrir un fichier…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No USB stick found</source>
        <translation>Aucune clé USB détectée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insert a USB stick with an update bundle (a .seesaw file). It appears here within a second.</source>
        <translation>Insérez une clé USB contenant un paquet de mise à jour (fichier .seesaw). Elle apparaît ici en une seconde.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>USB stick</source>
        <translation>Clé USB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Looking for update bundles…</source>
        <translation>Recherche de paquets de mise à jour…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This stick cannot be read</source>
        <translation>Impossible de lire cette clé</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No update bundles on this stick.</source>
        <translation>Aucun paquet de mise à jour sur cette clé.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Version %1, %2</source>
        <translation>Version %1, %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot be read: %1</source>
        <translation>Illisible&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>unknown error</source>
        <translation>erreur inconnue</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Scan again</source>
        <translation>Rechercher à nouveau</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../qml/components/StatusLine.qml" line="+23"/>
        <source>passed</source>
        <translation>réussi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>échoué</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>warning</source>
        <translation>avertissement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>note</source>
        <translation>remarque</translation>
    </message>
</context>
<context>
    <name>UpdaterClient</name>
    <message>
        <location filename="../app/updaterclient_calls.cpp" line="+49"/>
        <location line="+36"/>
        <location line="+200"/>
        <source>The update service did not answer.</source>
        <translation>Le service de mise à jour n’a pas répondu.</translation>
    </message>
    <message>
        <location line="-199"/>
        <source>The update service refused the request.</source>
        <translation>Le service de mise à jour a refusé la demande.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Choose a bundle file.</source>
        <translation>Choisissez un fichier de paquet.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 is a symbolic link; choose the file it points to.</source>
        <translation>%1 est un lien symbolique&#xa0;; choisissez le fichier vers lequel il pointe.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 no longer exists.</source>
        <translation>%1 n’existe plus.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You may not read %1.</source>
        <translation>Vous n’avez pas le droit de lire %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 cannot be opened: %2.</source>
        <translation>Impossible d’ouvrir %1&#xa0;: %2.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 is not a regular file.</source>
        <translation>%1 n’est pas un fichier ordinaire.</translation>
    </message>
</context>
</TS>
