SUMMARY = "Seesaw: A/B system updater with a D-Bus service and a Qt Quick user interface"
DESCRIPTION = "Seesaw installs signed update bundles into the inactive slot of an A/B \
system, switches the boot loader (U-Boot, GRUB, systemd-boot or a custom backend) \
atomically, checks the new system after the reboot and rolls back when it fails. \
seesaw is the command-line tool, seesawd the privileged D-Bus service, seesaw-ui the \
unprivileged touch-screen application."
HOMEPAGE = "https://example.com/acme/seesaw"
SECTION = "admin"
LICENSE = "Apache-2.0"
LIC_FILES_CHKSUM = "file://LICENSE;md5=3b83ef96387f14655fc854ddc3c6bd57"

# Example only: point SRC_URI at your copy of the repository and pin SRCREV to a commit.
SRC_URI = "git://example.com/acme/seesaw.git;protocol=https;branch=main"
SRCREV = "${AUTOREV}"
# Yocto before 4.3 (nanbield): PV = "0.1.0+git${SRCPV}". From 5.1 (styhead): S = "${UNPACKDIR}/git".
PV = "0.1.0+git"
S = "${WORKDIR}/git"

inherit cmake qt6-cmake pkgconfig systemd

# qttools: Qt Linguist (qt_add_translations); qtdeclarative: Qt Quick, Controls, QuickTest
# (find_package asks for QuickTest even with the tests off). quazip must be built against Qt 6
# (it must provide QuaZip-Qt6Config.cmake). udev: libudev, provided by systemd.
DEPENDS = "qtbase qtdeclarative qttools qtbase-native qtdeclarative-native qttools-native \
           openssl zstd zlib quazip libubootenv systemd udev"

EXTRA_OECMAKE += " \
    -DSEESAW_BUILD_TESTS=OFF \
    -DSEESAW_WERROR=OFF \
    -DSEESAW_FAULT_INJECTION=OFF \
    -DSEESAW_SANITIZE=OFF \
"

do_install:append() {
    # packaging/CMakeLists.txt asks pkg-config for systemd's unit directory. Should the answer
    # carry the sysroot prefix, move the units to where systemd.bbclass expects them.
    if [ -e ${D}${STAGING_DIR_HOST}${systemd_system_unitdir}/seesawd.service ]; then
        install -d ${D}${systemd_system_unitdir}
        mv ${D}${STAGING_DIR_HOST}${systemd_system_unitdir}/*.service ${D}${systemd_system_unitdir}/
        rm -rf ${D}${STAGING_DIR_HOST}
    fi
    # The device's trusted keys come from the image (a bbappend or another recipe installs
    # them); the directory itself must exist for seesawd to start.
    install -d -m 0755 ${D}${sysconfdir}/seesaw/keys
}

# PN (seesaw) takes what the others leave: put seesawd and seesaw-ui first.
PACKAGES =+ "seesawd seesaw-ui"

FILES:${PN} = " \
    ${bindir}/seesaw \
    ${datadir}/bash-completion/completions/seesaw \
    ${sysconfdir}/seesaw \
"

# The unit runs /usr/libexec/seesawd, whatever ${libexecdir} says.
FILES:seesawd = " \
    ${prefix}/libexec/seesawd \
    ${systemd_system_unitdir}/seesawd.service \
    ${systemd_system_unitdir}/seesaw-health.service \
    ${datadir}/dbus-1/system-services/org.seesaw.Updater1.service \
    ${datadir}/dbus-1/system.d/org.seesaw.Updater1.conf \
    ${datadir}/polkit-1/actions/org.seesaw.policy \
    ${datadir}/seesaw/examples \
"

FILES:seesaw-ui = " \
    ${bindir}/seesaw-ui \
    ${datadir}/applications/org.seesaw.Updater.desktop \
    ${datadir}/icons/hicolor/scalable/apps/seesaw.svg \
"

SYSTEMD_PACKAGES = "seesawd"
# seesaw-health.service runs `seesaw health` (package seesaw) once per boot.
SYSTEMD_SERVICE:seesawd = "seesawd.service seesaw-health.service"
SYSTEMD_AUTO_ENABLE:seesawd = "enable"

# The U-Boot backend links libubootenv; fw_printenv/fw_setenv (libubootenv-bin, or
# u-boot-fw-utils) are for provisioning the environment and for checking it by hand.
RDEPENDS:seesawd = "${PN} dbus polkit libubootenv-bin"
RRECOMMENDS:seesawd = "kernel-module-vfat kernel-module-nls-cp437 kernel-module-nls-iso8859-1"
RDEPENDS:seesaw-ui = "seesawd qtdeclarative-qmlplugins qtbase-plugins"
# Qt's VNC platform plugin (QT_QPA_PLATFORM=vnc:...) is part of qtbase-plugins when qtbase is
# built with its "vnc" PACKAGECONFIG.
