<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AddonsPage</name>
    <message>
        <location filename="../qml/pages/AddonsPage.qml" line="+24"/>
        <source>System extension</source>
        <translation>Extensión del sistema</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Configuration extension</source>
        <translation>Extensión de configuración</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files</source>
        <translation>Archivos</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+74"/>
        <source>Add-ons</source>
        <translation>Complementos</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>%1 is back at version %2.</source>
        <translation>%1 ha vuelto a la versión %2.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Roll %1 back to version %2?</source>
        <translation>¿Revertir %1 a la versión %2?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Version %1 is replaced by %2 at once, without a restart. The health check runs afterwards; if it fails, %1 comes back.</source>
        <translation>La versión %1 se sustituye por %2 al instante, sin reiniciar. Después se ejecuta la comprobación de estado; si falla, vuelve %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Roll back</source>
        <translation>Revertir</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The add-on was not rolled back</source>
        <translation>El complemento no se ha revertido</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add-on rolled back</source>
        <translation>Complemento revertido</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No add-ons are installed.</source>
        <translation>No hay complementos instalados.</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>%1 · version %2 · %3</source>
        <translation>%1 · versión %2 · %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 · not in use</source>
        <translation>%1 · sin usar</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Back to %1</source>
        <translation>Volver a %1</translation>
    </message>
</context>
<context>
    <name>BundleDetailsPage</name>
    <message>
        <location filename="../qml/pages/BundleDetailsPage.qml" line="+32"/>
        <source>Update details</source>
        <translation>Detalles de la actualización</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No bundle chosen</source>
        <translation>Ningún paquete elegido</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 on the USB stick %2</source>
        <translation>%1 en la memoria USB %2</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>This bundle cannot be installed</source>
        <translation>Este paquete no se puede instalar</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Choose a bundle on a USB stick or open a file.</source>
        <translation>Elija un paquete de una memoria USB o abra un archivo.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Installed only if you ask for it below</source>
        <translation>Solo se instala si lo pide abajo</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Install an older version?</source>
        <translation>¿Instalar una versión anterior?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install the same version again?</source>
        <translation>¿Volver a instalar la misma versión?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This device only installs older versions when asked to. An older system may not understand data or settings written by the newer one; downgrade only when you were told to.</source>
        <translation>Este dispositivo solo instala versiones anteriores si se pide expresamente. Un sistema anterior puede no entender los datos o ajustes escritos por el más nuevo; vuelva a una versión anterior solo si se lo han indicado.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version %1 is running already. Reinstalling it writes the same system into the other slot again, for example to repair it.</source>
        <translation>La versión %1 ya se está ejecutando. Reinstalarla vuelve a escribir el mismo sistema en la otra ranura, por ejemplo para repararla.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Yes, install the older version %1</source>
        <translation>Sí, instalar la versión anterior %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yes, reinstall version %1</source>
        <translation>Sí, reinstalar la versión %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Signature</source>
        <translation>Firma</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Signed by a trusted key</source>
        <translation>Firmado con una clave de confianza</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not signed by a trusted key</source>
        <translation>No firmado con una clave de confianza</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Compatibility checks</source>
        <translation>Comprobaciones de compatibilidad</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Requirements</source>
        <translation>Requisitos</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Release notes</source>
        <translation>Notas de la versión</translation>
    </message>
</context>
<context>
    <name>BundleFacts</name>
    <message>
        <location filename="../qml/components/BundleFacts.qml" line="+13"/>
        <source>About this bundle</source>
        <translation>Acerca de este paquete</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Build</source>
        <translation>Compilación</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Built on</source>
        <translation>Creado el</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Bundle size</source>
        <translation>Tamaño del paquete</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>System size</source>
        <translation>Tamaño del sistema</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add-ons</source>
        <translation>Complementos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 %2 (%3)</source>
        <translation>%1 %2 (%3)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Restart</source>
        <translation>Reinicio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not needed: the add-ons are in use as soon as they are installed</source>
        <translation>No es necesario: los complementos se usan en cuanto se instalan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needed: the new system starts after a restart</source>
        <translation>Necesario: el nuevo sistema arranca tras reiniciar</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>For devices</source>
        <translation>Para dispositivos</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Hardware revisions</source>
        <translation>Revisiones de hardware</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Needs at least</source>
        <translation>Requiere al menos</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Manifest hash</source>
        <translation>Hash del manifiesto</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../qml/components/ConfirmDialog.qml" line="+13"/>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back</source>
        <translation>Volver</translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <location filename="../qml/pages/ConfirmPage.qml" line="+43"/>
        <source>Confirm the update</source>
        <translation>Confirmar la actualización</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Install %1</source>
        <translation>Instalar %1</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Install the add-ons %1?</source>
        <translation>¿Instalar los complementos %1?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install version %1?</source>
        <translation>¿Instalar la versión %1?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version %1 cannot be installed</source>
        <translation>La versión %1 no se puede instalar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No bundle chosen</source>
        <translation>Ningún paquete elegido</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>This bundle cannot be installed</source>
        <translation>Este paquete no se puede instalar</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The update did not start</source>
        <translation>La actualización no se inició</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>What happens</source>
        <translation>Qué ocurrirá</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Each add-on is written and checked beside the version in use, then all are switched at once and the health check runs. If it fails, they go back to the versions they replace. The system is not touched and nothing restarts.</source>
        <translation>Cada complemento se escribe y se comprueba junto a la versión en uso; después se cambian todos a la vez y se ejecuta la comprobación de estado. Si falla, vuelven a las versiones que sustituyen. El sistema no se toca y nada se reinicia.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new system is written into slot %1 while this one keeps running. You can cancel until the last step. The device only changes when you restart it; if the new system does not come up healthy, it goes back to this one by itself.</source>
        <translation>El nuevo sistema se escribe en el slot %1 mientras este sigue funcionando. Puede cancelar hasta el último paso. El dispositivo solo cambia al reiniciarlo; si el nuevo sistema no arranca correctamente, vuelve a este por sí solo.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(the other slot)</source>
        <translation>(el otro slot)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Bundle size</source>
        <translation>Tamaño del paquete</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delta</source>
        <translation>Delta</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Manifest hash</source>
        <translation>Hash del manifiesto</translation>
    </message>
</context>
<context>
    <name>DeviceState</name>
    <message>
        <location filename="../qml/components/DeviceState.qml" line="+11"/>
        <source>The state of the device is not known; the update service did not report it.</source>
        <translation>Se desconoce el estado del dispositivo; el servicio de actualización no lo ha informado.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The device still runs version %1 from slot %2; slot %3 starts at the next restart.</source>
        <translation>El dispositivo sigue ejecutando la versión %1 desde el slot %2; el slot %3 arrancará en el próximo reinicio.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing changed; the device still runs version %1 from slot %2.</source>
        <translation>No ha cambiado nada; el dispositivo sigue ejecutando la versión %1 desde el slot %2.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../qml/pages/DonePage.qml" line="+25"/>
        <source>Update installed</source>
        <translation>Actualización instalada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Update cancelled</source>
        <translation>Actualización cancelada</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Update not installed</source>
        <translation>Actualización no instalada</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Restarting…</source>
        <translation>Reiniciando…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Restart now</source>
        <translation>Reiniciar ahora</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Later</source>
        <translation>Más tarde</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>Add-ons installed</source>
        <translation>Complementos instalados</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Back to start</source>
        <translation>Volver al inicio</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Version %1 is installed.</source>
        <translation>La versión %1 está instalada.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The add-ons are installed and in use.</source>
        <translation>Los complementos están instalados y en uso.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update was cancelled.</source>
        <translation>La actualización se ha cancelado.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update could not be installed.</source>
        <translation>No se ha podido instalar la actualización.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>It starts at the next restart, from slot %1. If it does not come up healthy, the device goes back to version %2 by itself.</source>
        <translation>Arrancará en el próximo reinicio, desde el slot %1. Si no funciona correctamente, el dispositivo vuelve por sí solo a la versión %2.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>The device did not restart</source>
        <translation>El dispositivo no se ha reiniciado</translation>
    </message>
</context>
<context>
    <name>FileBrowser</name>
    <message>
        <location filename="../app/filebrowser.cpp" line="+149"/>
        <source>You do not have permission to open this folder.</source>
        <translation>No tiene permiso para abrir esta carpeta.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This folder does not exist.</source>
        <translation>Esta carpeta no existe.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This is not a folder.</source>
        <translation>Esto no es una carpeta.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This folder cannot be opened: %1.</source>
        <translation>No se puede abrir esta carpeta: %1.</translation>
    </message>
</context>
<context>
    <name>FileBrowserPage</name>
    <message>
        <location filename="../qml/pages/FileBrowserPage.qml" line="+27"/>
        <source>Open file</source>
        <translation>Abrir archivo</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Up</source>
        <translation>Subir</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Folder %1</source>
        <translation>Carpeta %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This folder cannot be opened</source>
        <translation>No se puede abrir esta carpeta</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>This file is not a usable update bundle</source>
        <translation>Este archivo no es un paquete de actualización válido</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Checking the bundle…</source>
        <translation>Comprobando el paquete…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No folders or update bundles here.</source>
        <translation>Aquí no hay carpetas ni paquetes de actualización.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Folder</source>
        <translation>Carpeta</translation>
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
        <translation>tamaño desconocido</translation>
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
        <translation>%1 bytes</translation>
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
        <translation>calculando…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 s left</source>
        <translation>quedan %1 s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 min %2 s left</source>
        <translation>quedan %1 min %2 s</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 h %2 min left</source>
        <translation>quedan %1 h %2 min</translation>
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
        <translation>desconocida</translation>
    </message>
    <message>
        <location line="-131"/>
        <source>Upgrade from %1 to %2</source>
        <translation>Actualizar de %1 a %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downgrade from %1 to the older %2</source>
        <translation>Volver de %1 a la versión más antigua %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reinstall %1, the version running now</source>
        <translation>Reinstalar %1, la versión en ejecución</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add-ons %1 for the running system %2</source>
        <translation>Complementos %1 para el sistema en ejecución %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Install %1 (running: %2)</source>
        <translation>Instalar %1 (actual: %2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install %1</source>
        <translation>Instalar %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Delta update from %1 — %2 instead of %3</source>
        <translation>Actualización delta desde %1 — %2 en lugar de %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delta update from %1 — %2</source>
        <translation>Actualización delta desde %1 — %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Made for this device</source>
        <translation>Hecho para este dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hardware revision</source>
        <translation>Revisión de hardware</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>Versión</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimum running version</source>
        <translation>Versión mínima en ejecución</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Runs the version this delta needs</source>
        <translation>Ejecuta la versión que necesita este delta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last working system kept</source>
        <translation>Se conserva el último sistema que funciona</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fits into the slot</source>
        <translation>Cabe en el slot</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target slot not in use</source>
        <translation>Slot de destino libre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Free space</source>
        <translation>Espacio libre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Power</source>
        <translation>Alimentación</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The bundle that was shown</source>
        <translation>El paquete mostrado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add-on fits this device</source>
        <translation>El complemento es apto para este dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Installed extensions under the new system</source>
        <translation>Extensiones instaladas con el nuevo sistema</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>known good</source>
        <translation>confirmado como correcto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not bootable</source>
        <translation>no arrancable</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>installed, not yet started</source>
        <translation>instalado, aún no iniciado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>incomplete</source>
        <translation>incompleto</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>state unknown</source>
        <translation>estado desconocido</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Checking the bundle</source>
        <translation>Comprobando el paquete</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verifying</source>
        <translation>Verificando</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing the new system</source>
        <translation>Escribiendo el nuevo sistema</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalising: saving to storage</source>
        <translation>Finalizando: guardando en el almacenamiento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalising: switching the boot slot</source>
        <translation>Finalizando: cambiando el slot de arranque</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished</source>
        <translation>Terminado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Error</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preparing</source>
        <translation>Preparando</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>No bundle has been read.</source>
        <translation>No se ha leído ningún paquete.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The bundle is not signed by a trusted key.</source>
        <translation>El paquete no está firmado con una clave de confianza.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update service does not allow installing this bundle.</source>
        <translation>El servicio de actualización no permite instalar este paquete.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Update installed, waiting for a restart</source>
        <translation>Actualización instalada, pendiente de reinicio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update is running and healthy</source>
        <translation>La actualización funciona correctamente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update failed its health check and was rolled back</source>
        <translation>La actualización no superó la comprobación de estado y se revirtió</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update did not start and was rolled back</source>
        <translation>La actualización no arrancó y se revirtió</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update was interrupted before it was switched on</source>
        <translation>La actualización se interrumpió antes de activarse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rolled back to the previous system</source>
        <translation>Se revirtió al sistema anterior</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The update failed</source>
        <translation>La actualización ha fallado</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Update %1 available (%2)</source>
        <translation>Actualización %1 disponible (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading update %1 (%2)</source>
        <translation>Descargando la actualización %1 (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking the downloaded update %1</source>
        <translation>Comprobando la actualización descargada %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Update %1 is ready to install</source>
        <translation>La actualización %1 está lista para instalarse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No news from the update server</source>
        <translation>Sin noticias del servidor de actualizaciones</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update server has no channel “%1”</source>
        <translation>El servidor de actualizaciones no tiene el canal «%1»</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Update %1 from your fleet server</source>
        <translation>Actualización %1 de su servidor de flota</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading an update from your fleet server</source>
        <translation>Descargando una actualización de su servidor de flota</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Update %1 from your fleet server is ready</source>
        <translation>La actualización %1 de su servidor de flota está lista</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No news from the fleet server</source>
        <translation>Sin noticias del servidor de flota</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Install it? If you agree, it installs in the maintenance window (%1). Not now: the server asks again later.</source>
        <translation>¿Instalarla? Si acepta, se instala en la ventana de mantenimiento (%1). «Ahora no»: el servidor volverá a preguntar más tarde.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Install it now? Not now: the server asks again later.</source>
        <translation>¿Instalarla ahora? «Ahora no»: el servidor volverá a preguntar más tarde.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Downloaded and checked. It installs when the fleet server says so.</source>
        <translation>Descargada y comprobada. Se instala cuando lo indique el servidor de flota.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloaded and checked. It installs %1.</source>
        <translation>Descargada y comprobada. Se instala %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The fleet server could not be asked: %1</source>
        <translation>No se pudo consultar al servidor de flota: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>last told the server: %1</source>
        <translation>último aviso al servidor: %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 installed; the result follows after the restart</source>
        <translation>%1 instalada; el resultado llega tras el reinicio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>installing %1</source>
        <translation>instalando %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connected, nothing to do</source>
        <translation>conectado, nada que hacer</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 of %2 · %3 · %4</source>
        <translation>%1 de %2 · %3 · %4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>when you choose</source>
        <translation>cuando usted lo elija</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>now</source>
        <translation>ahora</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Choose another channel; the device keeps running %1.</source>
        <translation>Elija otro canal; el dispositivo sigue ejecutando %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The update server could not be reached since %1; the device keeps running %2.</source>
        <translation>No se ha podido contactar con el servidor de actualizaciones desde %1; el dispositivo sigue ejecutando %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update server could not be reached; the device keeps running %1.</source>
        <translation>No se ha podido contactar con el servidor de actualizaciones; el dispositivo sigue ejecutando %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The update information was refused: %1 The device keeps running %2.</source>
        <translation>Se rechazó la información de actualización: %1 El dispositivo sigue ejecutando %2.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Download: %1 (a delta from %2)</source>
        <translation>Descarga: %1 (un delta desde %2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download: %1</source>
        <translation>Descarga: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The download failed: %1</source>
        <translation>La descarga falló: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Every part is checked against the signed list before it can be installed.</source>
        <translation>Cada parte se comprueba con la lista firmada antes de poder instalarse.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloaded — installs %1</source>
        <translation>Descargada — se instala %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installs %1 straight from the update server; every part is checked before it is written.</source>
        <translation>Se instala %1 directamente desde el servidor de actualizaciones; cada parte se comprueba antes de escribirla.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>not configured</source>
        <translation>no configurado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: not checked yet</source>
        <translation>%1: aún no comprobado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: checking…</source>
        <translation>%1: comprobando…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: up to date (checked %2)</source>
        <translation>%1: al día (comprobado el %2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: update installed, restart to use it</source>
        <translation>%1: actualización instalada, reinicie para usarla</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: checked %2</source>
        <translation>%1: comprobado el %2</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <location filename="../app/historymodel.cpp" line="+118"/>
        <source>Installing %1 into slot %2</source>
        <translation>Instalación de %1 en el slot %2 iniciada</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installed %1 into slot %2</source>
        <translation>%1 instalado en el slot %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1 with %2 starts at the next boot</source>
        <translation>El slot %1 con %2 arrancará en el próximo inicio</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installing %1 failed: %2</source>
        <translation>Error al instalar %1: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installing %1 was interrupted</source>
        <translation>Se interrumpió la instalación de %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Health check passed on slot %1</source>
        <translation>Comprobación de estado superada en el slot %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Health check failed on slot %1</source>
        <translation>Comprobación de estado fallida en el slot %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Health check failed: %1</source>
        <translation>Comprobación de estado fallida: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1 marked good by the health check</source>
        <translation>Slot %1 marcado como correcto por la comprobación de estado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot %1 marked good</source>
        <translation>Slot %1 marcado como correcto</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1 marked bad by the health check</source>
        <translation>Slot %1 marcado como defectuoso por la comprobación de estado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot %1 marked bad</source>
        <translation>Slot %1 marcado como defectuoso</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rollback from slot %1 to slot %2 requested</source>
        <translation>Reversión del slot %1 al slot %2 solicitada</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Version %1 failed its health check; back to slot %2</source>
        <translation>La versión %1 no superó la comprobación de estado; vuelta al slot %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Version %1 did not start; back to slot %2</source>
        <translation>La versión %1 no arrancó; vuelta al slot %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rolled back to slot %1</source>
        <translation>Revertido al slot %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signing keys changed: %1 added, %2 revoked</source>
        <translation>Claves de firma cambiadas: %1 añadidas, %2 revocadas</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add-on %1 %2 installed</source>
        <translation>Complemento %1 %2 instalado</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add-on %1 updated from %2 to %3</source>
        <translation>Complemento %1 actualizado de %2 a %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add-on %1 %2 taken out of use</source>
        <translation>Complemento %1 %2 retirado de uso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add-on %1 back at %2 (was %3)</source>
        <translation>Complemento %1 de vuelta a %2 (era %3)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Installing add-on %1 %2 failed: %3</source>
        <translation>Falló la instalación del complemento %1 %2: %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Event: %1</source>
        <translation>Evento: %1</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <location filename="../qml/pages/HistoryPage.qml" line="+38"/>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The report was saved on %1 as %2.</source>
        <translation>El informe se guardó en %1 como %2.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>USB stick</source>
        <translation>memoria USB</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export report to %1</source>
        <translation>Exportar informe a %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Insert a USB stick to export a report.</source>
        <translation>Inserte una memoria USB para exportar un informe.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The report could not be saved</source>
        <translation>No se pudo guardar el informe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Report exported</source>
        <translation>Informe exportado</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The history could not be read</source>
        <translation>No se pudo leer el historial</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No entries yet.</source>
        <translation>Aún no hay entradas.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>History entries</source>
        <translation>Entradas del historial</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../qml/pages/HomePage.qml" line="+46"/>
        <source>Seesaw updater</source>
        <translation>Actualizador Seesaw</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Install an update</source>
        <translation>Instalar una actualización</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>History</source>
        <translation>Historial</translation>
    </message>
    <message>
        <location line="-15"/>
        <location line="+36"/>
        <source>Roll back</source>
        <translation>Revertir</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Add-ons</source>
        <translation>Complementos</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Roll back to version %1?</source>
        <translation>¿Revertir a la versión %1?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slot %1 becomes the system that starts next. It runs after the next restart; until then nothing changes.</source>
        <translation>El slot %1 arrancará en el próximo reinicio. Hasta entonces, no cambia nada.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The update service is not running</source>
        <translation>El servicio de actualización no está en ejecución</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing can be installed until seesawd runs. The system itself is not affected.</source>
        <translation>No se puede instalar nada hasta que seesawd esté en ejecución. El sistema en sí no se ve afectado.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Version %1</source>
        <translation>Versión %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Restart now</source>
        <translation>Reiniciar ahora</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Acknowledge</source>
        <translation>Entendido</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>its current version</source>
        <translation>su versión actual</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+55"/>
        <source>Install now</source>
        <translation>Instalar ahora</translation>
    </message>
    <message>
        <location line="-46"/>
        <location line="+39"/>
        <source>Not now</source>
        <translation>Ahora no</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>Download now</source>
        <translation>Descargar ahora</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+41"/>
        <source>Check again</source>
        <translation>Volver a comprobar</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Install</source>
        <translation>Instalar</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Updates wait for the health check</source>
        <translation>Las actualizaciones esperan a la comprobación de estado</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>That did not work</source>
        <translation>No ha funcionado</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This device</source>
        <translation>Este dispositivo</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Device type</source>
        <translation>Tipo de dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Running</source>
        <translation>En ejecución</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>version %1 from slot %2</source>
        <translation>versión %1 desde el slot %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Other slot</source>
        <translation>Otro slot</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>slot %1: %2 (%3)</source>
        <translation>slot %1: %2 (%3)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no system</source>
        <translation>sin sistema</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Updates</source>
        <translation>Actualizaciones</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Fleet server</source>
        <translation>Servidor de flota</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Next start</source>
        <translation>Próximo arranque</translation>
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
        <translation>Idioma</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="+113"/>
        <source>Seesaw updater</source>
        <translation>Actualizador Seesaw</translation>
    </message>
</context>
<context>
    <name>MediaModel</name>
    <message>
        <location filename="../app/mediamodel.cpp" line="+119"/>
        <location line="+179"/>
        <source>The update service is not running.</source>
        <translation>El servicio de actualización no está en ejecución.</translation>
    </message>
</context>
<context>
    <name>PageHeader</name>
    <message>
        <location filename="../qml/components/PageHeader.qml" line="+37"/>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../qml/pages/ProgressPage.qml" line="+21"/>
        <source>%1 MB of %2 MB</source>
        <translation>%1 MB de %2 MB</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1, %2 percent</source>
        <translation>%1, %2 por ciento</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Installing %1</source>
        <translation>Instalando %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Installing an update</source>
        <translation>Instalando una actualización</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cancel the update?</source>
        <translation>¿Cancelar la actualización?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing stops and the partly written slot stays unused. The device keeps running version %1.</source>
        <translation>La escritura se detiene y el slot escrito parcialmente queda sin usar. El dispositivo sigue ejecutando la versión %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel the update</source>
        <translation>Cancelar la actualización</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep installing</source>
        <translation>Seguir instalando</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>%1 %</source>
        <translation>%1&#xa0;%</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Written</source>
        <translation>Escrito</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Speed</source>
        <translation>Velocidad</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Time left</source>
        <translation>Tiempo restante</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Average speed</source>
        <translation>Velocidad media</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Time taken</source>
        <translation>Duración</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The running system is not touched. You can keep using the device.</source>
        <translation>El sistema en ejecución no se modifica. Puede seguir usando el dispositivo.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finalising: this cannot be cancelled any more and takes a moment.</source>
        <translation>Finalizando: ya no se puede cancelar y tardará un momento.</translation>
    </message>
</context>
<context>
    <name>Screenshotter</name>
    <message>
        <location filename="../app/screenshotter.cpp" line="+80"/>
        <source>nothing to capture (no pages or no sizes)</source>
        <translation>nada que capturar (sin páginas o sin tamaños)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cannot create the folder %1</source>
        <translation>no se puede crear la carpeta %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>cannot write into the folder %1</source>
        <translation>no se puede escribir en la carpeta %1</translation>
    </message>
</context>
<context>
    <name>SignerKey</name>
    <message>
        <location filename="../qml/components/SignerKey.qml" line="+14"/>
        <source>Key ID: %1</source>
        <translation>ID de clave: %1</translation>
    </message>
</context>
<context>
    <name>SlotPicture</name>
    <message>
        <location filename="../qml/components/SlotPicture.qml" line="+38"/>
        <source>Slots of this device</source>
        <translation>Ranuras de este dispositivo</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+7"/>
        <source>Slot %1: version %2</source>
        <translation>Ranura %1: versión %2</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Slot %1: no system</source>
        <translation>Ranura %1: sin sistema</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>running now</source>
        <translation>en ejecución</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>starts next</source>
        <translation>arranca a continuación</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Slot %1: new system</source>
        <translation>Ranura %1: sistema nuevo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>being written, %1 percent</source>
        <translation>escribiéndose, %1 por ciento</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>Being written: %1 %</source>
        <translation>Escribiéndose: %1 %</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Slot %1</source>
        <translation>Ranura %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Running · starts next</source>
        <translation>En ejecución · arranca a continuación</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Running</source>
        <translation>En ejecución</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Starts next</source>
        <translation>Arranca a continuación</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>New system</source>
        <translation>Sistema nuevo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empty</source>
        <translation>Vacía</translation>
    </message>
</context>
<context>
    <name>SourcesPage</name>
    <message>
        <location filename="../qml/pages/SourcesPage.qml" line="+17"/>
        <source>Choose an update</source>
        <translation>Elegir una actualización</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open file…</source>
        <translation>Abrir archivo…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No USB stick found</source>
        <translation>No se encontró ninguna memoria USB</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Insert a USB stick with an update bundle (a .seesaw file). It appears here within a second.</source>
        <translation>Inserte una memoria USB con un paquete de actualización (un archivo .seesaw). Aparecerá aquí en un segundo.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>USB stick</source>
        <translation>Memoria USB</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Looking for update bundles…</source>
        <translation>Buscando paquetes de actualización…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>This stick cannot be read</source>
        <translation>No se puede leer esta memoria</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No update bundles on this stick.</source>
        <translation>No hay paquetes de actualización en esta memoria.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Version %1, %2</source>
        <translation>Versión %1, %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot be read: %1</source>
        <translation>No se puede leer: %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>unknown error</source>
        <translation>error desconocido</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Scan again</source>
        <translation>Volver a buscar</translation>
    </message>
</context>
<context>
    <name>StatusLine</name>
    <message>
        <location filename="../qml/components/StatusLine.qml" line="+23"/>
        <source>passed</source>
        <translation>correcto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>warning</source>
        <translation>advertencia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>note</source>
        <translation>nota</translation>
    </message>
</context>
<context>
    <name>UpdaterClient</name>
    <message>
        <location filename="../app/updaterclient_calls.cpp" line="+49"/>
        <location line="+36"/>
        <location line="+200"/>
        <source>The update service did not answer.</source>
        <translation>El servicio de actualización no respondió.</translation>
    </message>
    <message>
        <location line="-199"/>
        <source>The update service refused the request.</source>
        <translation>El servicio de actualización rechazó la solicitud.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Choose a bundle file.</source>
        <translation>Elija un archivo de paquete.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 is a symbolic link; choose the file it points to.</source>
        <translation>%1 es un enlace simbólico; elija el archivo al que apunta.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 no longer exists.</source>
        <translation>%1 ya no existe.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You may not read %1.</source>
        <translation>No tiene permiso para leer %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 cannot be opened: %2.</source>
        <translation>No se puede abrir %1: %2.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 is not a regular file.</source>
        <translation>%1 no es un archivo normal.</translation>
    </message>
</context>
</TS>
