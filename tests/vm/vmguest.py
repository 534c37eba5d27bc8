"""The host side of the VM tests: assembles a guest disk from tests/vm/build-image's pieces,
runs QEMU (q35, OVMF, TCG) and talks to the in-guest agent over a virtio-serial port.

Every wait has a deadline. Only one QEMU runs at a time on this machine: each Guest holds
/tmp/seesaw-qemu.lock (flock) while its QEMU process lives."""

import base64
import fcntl
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import time

OVMF_CODE = "/usr/share/OVMF/OVMF_CODE_4M.fd"
OVMF_VARS = "/usr/share/OVMF/OVMF_VARS_4M.fd"
QEMU_LOCK = "/tmp/seesaw-qemu.lock"
# A guest reset that has not started a kernel after this long hung in the firmware (see
# Guest.recover_hung_reset): the machine is power-cycled, and the run says so.
RESET_HANG_S = 120
# What the kernel prints as it resets the machine: a reboot, and a panic's reboot (panic=10).
RESET_LINES = (b"reboot: machine restart", b"Rebooting in ")
ESP_MIB = 64
DATA_MIB = 64
PORT_NAME = "org.seesaw.vmtest.0"
# reboot=pci: reset through the chipset (port CF9). Through OVMF's ResetSystem (the default on
# EFI) the firmware took about 80 s to start again after a warm reset under TCG; with this, 12 s.
KERNEL_EXTRA = "console=ttyS0,115200 panic=10 reboot=pci"
ROOT_OPTIONS = "ro rootwait " + KERNEL_EXTRA
GPT_ESP = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
GPT_LINUX = "0FC63DAF-8483-4772-8E79-3D69D8477DE4"


class StoryFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise StoryFailed(message)


def run(argv, **kw):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kw).stdout


def documented_grub_cfg(docs_page):
    """The grub.cfg printed in docs/bootloader-grub.md, with this guest's kernel command line
    appended after seesaw.slot= (serial console, restart 10 s after a panic, reset method)."""
    text = open(docs_page, encoding="utf-8").read()
    section = text.split("\n## grub.cfg\n", 1)[1]
    cfg = section.split("```\n", 2)[1]
    check("load_env" in cfg and "menuentry" in cfg, "no grub.cfg found in " + docs_page)
    return re.sub(r"(seesaw\.slot=[AB])\n", r"\1 %s\n" % KERNEL_EXTRA, cfg)


def make_esp(path, flavour, image, docs_dir):
    """The ESP as a FAT file system made with mtools, with the factory state: slot A good and
    primary, slot B empty and not bootable."""
    sectors = ESP_MIB * 2048
    with open(path, "wb") as f:
        f.truncate(ESP_MIB << 20)
    run(["mformat", "-i", path, "-v", "ESP", "-T", str(sectors), "-h", "64", "-s", "32", "::"])
    tmp = path + ".d"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp + "/EFI/BOOT")
    if flavour == "systemd-boot":
        shutil.copy(image + "/systemd-bootx64.efi", tmp + "/EFI/BOOT/BOOTX64.EFI")
        os.makedirs(tmp + "/loader/entries")
        # docs/bootloader-systemd-boot.md, "Provisioning".
        with open(tmp + "/loader/loader.conf", "w") as f:
            f.write("timeout 0\ndefault seesaw-A[.+][c1-9]*\n")
        for slot, name in (("A", "seesaw-A.conf"), ("B", "seesaw-B+0.conf")):
            os.makedirs(tmp + "/" + slot)
            shutil.copy(image + "/vmlinuz", tmp + "/" + slot + "/vmlinuz")
            shutil.copy(image + "/initrd.img", tmp + "/" + slot + "/initrd.img")
            with open(tmp + "/loader/entries/" + name, "w") as f:
                f.write("title      Seesaw VM test (slot %s)\nlinux      /%s/vmlinuz\n"
                        "initrd     /%s/initrd.img\noptions    root=PARTLABEL=rootfs-%s %s "
                        "seesaw.slot=%s\n" % (slot, slot, slot, slot.lower(), ROOT_OPTIONS, slot))
    else:
        shutil.copy(image + "/grubx64.efi", tmp + "/EFI/BOOT/BOOTX64.EFI")
        with open(tmp + "/EFI/BOOT/grub.cfg", "w") as f:
            f.write(documented_grub_cfg(docs_dir + "/bootloader-grub.md"))
        # docs/bootloader-grub.md, "Provisioning".
        env = tmp + "/EFI/BOOT/grubenv"
        run(["grub-editenv", env, "create"])
        run(["grub-editenv", env, "set", "ORDER=A B", "A_OK=1", "A_TRY=0", "B_OK=0", "B_TRY=0"])
    run(["mcopy", "-s", "-i", path] + [tmp + "/" + n for n in sorted(os.listdir(tmp))] + ["::/"])
    shutil.rmtree(tmp)


def make_disk(path, flavour, image, docs_dir, variant=""):
    """GPT: esp, rootfs-a (the factory 1.0.0), rootfs-b (empty), data. No loop devices.
    VARIANT "-ui" is the UI story's factory image (with seesaw-ui) and its larger slots."""
    slot_mib = int(open(image + "/slot-mib" + variant).read())
    sizes = [("esp", ESP_MIB, GPT_ESP), ("rootfs-a", slot_mib, GPT_LINUX),
             ("rootfs-b", slot_mib, GPT_LINUX), ("data", DATA_MIB, GPT_LINUX)]
    total = 2 + sum(s for _, s, _ in sizes)
    with open(path, "wb") as f:
        f.truncate(total << 20)
    script = "label: gpt\n" + "".join(
        "size=%dMiB, type=%s, name=%s\n" % (mib, kind, name) for name, mib, kind in sizes)
    subprocess.run(["sfdisk", "-q", path], input=script, text=True, check=True,
                   capture_output=True)
    esp = path + ".esp"
    make_esp(esp, flavour, image, docs_dir)
    pieces = {"esp": esp, "rootfs-a": "%s/rootfs-%s-1.0.0%s.ext4" % (image, flavour, variant),
              "data": image + "/data.ext4"}
    offset = 1
    for name, mib, _ in sizes:
        if name in pieces:
            subprocess.run(["dd", "if=" + pieces[name], "of=" + path, "bs=1M",
                            "seek=%d" % offset, "conv=notrunc,sparse", "status=none"], check=True)
        offset += mib
    os.unlink(esp)


def make_stick(path, files, label="VMSTICK"):
    """A USB stick as sold: an MBR partition table and one FAT32 partition (mtools) holding FILES."""
    part = sum(os.path.getsize(f) for f in files) + (48 << 20)
    part = (part + (1 << 20) - 1) >> 20 << 20
    with open(path, "wb") as f:
        f.truncate(part + (1 << 20))
    subprocess.run(["sfdisk", "-q", path], input="label: dos\nstart=2048, type=c\n", text=True,
                   check=True, capture_output=True)
    fs = "%s@@%d" % (path, 1 << 20)
    run(["mformat", "-i", fs, "-F", "-v", label, "-T", str(part // 512), "-h", "64", "-s", "32", "::"])
    run(["mcopy", "-i", fs] + list(files) + ["::/"])


class Guest:
    # One vCPU: with -smp 2 under TCG, a guest reboot ("reboot: machine restart") hung for
    # minutes before OVMF started again (seen with QEMU 7.2, -cpu max).
    def __init__(self, workdir, disk, log=print, smp=1, memory=1024, forward=None):
        """FORWARD: {host port: guest port}, TCP from 127.0.0.1 on the host into the guest
        through QEMU's user network, restricted (the guest reaches nothing else)."""
        self.dir = workdir
        self.forward = forward or {}
        self.disk = disk
        self.log = log
        self.smp = smp
        self.memory = memory
        self.console = os.path.join(workdir, "console.log")
        self.vars = os.path.join(workdir, "OVMF_VARS.fd")
        shutil.copy(OVMF_VARS, self.vars)
        self.proc = None
        self.lock = None
        self.agent = None
        self.buf = b""
        self.next_id = 0
        self.boot_id = None
        self.ready = None
        self.reset_hangs = []      # RIP of each hung reset that was power-cycled
        self._reset_seen = None    # (console offset of the reset line, monotonic time first seen)
        self._reset_checked = 0.0

    # --- power ---------------------------------------------------------------------------
    def power_on(self, timeout=3600):
        """Starts QEMU once no other QEMU of the tests runs (waits at most TIMEOUT for it)."""
        self.lock = open(QEMU_LOCK, "w")
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                check(time.monotonic() < deadline, "another QEMU held %s for %d s" %
                      (QEMU_LOCK, timeout))
                time.sleep(1)
        agent_sock = os.path.join(self.dir, "agent.sock")
        qmp_sock = os.path.join(self.dir, "qmp.sock")
        for s in (agent_sock, qmp_sock):
            if os.path.exists(s):
                os.unlink(s)
        argv = ["qemu-system-x86_64", "-machine", "q35", "-accel", "tcg", "-cpu", "max",
                "-smp", str(self.smp), "-m", str(self.memory), "-nodefaults", "-display", "none",
                "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
                "-drive", "if=pflash,format=raw,unit=1,file=" + self.vars,
                "-drive", "if=none,id=disk0,format=raw,cache=writeback,file=" + self.disk,
                "-device", "virtio-blk-pci,drive=disk0,bootindex=0",
                "-chardev", "file,id=ser0,append=on,path=" + self.console,
                "-serial", "chardev:ser0",
                "-device", "virtio-serial-pci",
                "-chardev", "socket,id=agent,server=on,wait=off,path=" + agent_sock,
                "-device", "virtserialport,chardev=agent,name=" + PORT_NAME,
                "-device", "qemu-xhci,id=xhci",
                "-qmp", "unix:%s,server=on,wait=off" % qmp_sock]
        if self.forward:
            netdev = "user,id=net0,restrict=on" + "".join(
                ",hostfwd=tcp:127.0.0.1:%d-:%d" % hg for hg in sorted(self.forward.items()))
            argv += ["-netdev", netdev, "-device", "virtio-net-pci,netdev=net0"]
        with open(self.console, "a") as f:
            f.write("\n=== vm-test: power on at %s ===\n" % time.strftime("%H:%M:%S"))
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                     stdout=open(os.path.join(self.dir, "qemu.log"), "a"),
                                     stderr=subprocess.STDOUT)
        self.agent = self._connect(agent_sock)
        self.qmp = self._connect(qmp_sock)
        self.qmp_buf = b""
        self._qmp_read_reply()  # greeting
        self.qmp_call("qmp_capabilities")
        self.buf = b""

    def recover_hung_reset(self):
        """Under TCG, QEMU 7.2 with Debian 12's OVMF sometimes never finishes a warm reset: after
        "reboot: machine restart" the vCPU spins in the firmware's DXE phase (the same loop that
        makes other resets take a minute) and no boot loader or kernel ever starts. Not Seesaw's
        doing, and nothing a device sees: the guest had finished its shutdown (its disk is
        synced, the boot loader's state written). When the last reset line of the console has had
        no kernel after it for RESET_HANG_S, this records where the vCPU was, marks the console,
        and power-cycles the machine (a cold start, which has never hung here); the caller's wait
        goes on. Returns whether it power-cycled. Checked at most once a second."""
        now = time.monotonic()
        if self.proc is None or now - self._reset_checked < 1.0:
            return False
        self._reset_checked = now
        with open(self.console, "rb") as f:
            text = f.read()
        reset = max(text.rfind(line) for line in RESET_LINES)
        later = max(text.rfind(b"Linux version "), text.rfind(b"=== vm-test: power on"))
        if reset < 0 or later > reset:
            self._reset_seen = None
            return False
        if not self._reset_seen or self._reset_seen[0] != reset:
            self._reset_seen = (reset, now)
            return False
        if now - self._reset_seen[1] < RESET_HANG_S:
            return False
        try:
            regs = self.qmp_call("human-monitor-command", **{"command-line": "info registers"})
            m = re.search(r"[RE]IP=(\S+)", regs)
            rip = m.group(1) if m else "?"
        except (StoryFailed, OSError):
            rip = "?"
        self.reset_hangs.append(rip)
        self.log("the guest's reset hung in the firmware: no kernel %d s after the reset (vCPU at "
                 "RIP %s); power-cycling it (tests/vm/README.md, \"Resets that hang\")" %
                 (RESET_HANG_S, rip))
        with open(self.console, "a") as f:
            f.write("\n=== vm-test: reset hung in the firmware (RIP %s) for %d s: power cycle ===\n"
                    % (rip, RESET_HANG_S))
        self._reset_seen = None
        self.kill()
        self.power_on()
        return True

    def _connect(self, path, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            check(self.proc.poll() is None, "QEMU exited (%s)" % os.path.join(self.dir, "qemu.log"))
            try:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                s.connect(path)
                return s
            except (FileNotFoundError, ConnectionRefusedError):
                s.close()
                check(time.monotonic() < deadline, "cannot connect to " + path)
                time.sleep(0.2)

    def kill(self):
        """Power cut: SIGKILL, nothing of the guest's page cache reaches the disk image."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=60)
        self._closed()

    def power_off(self, timeout=180):
        if self.proc and self.proc.poll() is None:
            self.send("systemctl poweroff")
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.log("guest did not power off within %d s: killing QEMU" % timeout)
                self.proc.kill()
                self.proc.wait(timeout=60)
        self._closed()

    def _closed(self):
        for s in (self.agent, getattr(self, "qmp", None)):
            if s:
                s.close()
        self.agent = self.qmp = None
        if self.lock:
            self.lock.close()
            self.lock = None
        self.boot_id = None

    def kernel_starts(self):
        """Boots counted on the serial console: every kernel that started."""
        with open(self.console, "rb") as f:
            return f.read().count(b"Linux version ")

    def console_count(self, needle):
        with open(self.console, "rb") as f:
            return f.read().count(needle.encode())

    def console_text(self):
        with open(self.console, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def console_offset(self):
        return os.path.getsize(self.console)

    def console_since(self, offset):
        with open(self.console, "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")

    def wait_console(self, pattern, offset, timeout=900):
        """Waits until the serial console, from OFFSET on, matches the regular expression
        PATTERN; polls every 20 ms (a power cut aimed at a short phase needs to be prompt)."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.console_since(offset))
            if m:
                return m
            check(time.monotonic() < deadline, "%r did not appear on the console within %d s" %
                  (pattern, timeout))
            check(self.proc.poll() is None, "QEMU exited")
            self.recover_hung_reset()
            time.sleep(0.02)

    def slot_starts(self, slot):
        """Kernels started with seesaw.slot=SLOT, from the command line each kernel prints."""
        with open(self.console, "rb") as f:
            return len(re.findall(rb"\] Command line: [^\n]*seesaw\.slot=%s\b" % slot.encode(), f.read()))

    def wait_slot_start(self, slot, before, timeout=600):
        """Waits until more than BEFORE kernels have started on SLOT: the moment to cut the power
        of a boot before its health check (it runs tens of seconds after the kernel starts)."""
        deadline = time.monotonic() + timeout
        while self.slot_starts(slot) <= before:
            check(time.monotonic() < deadline, "no kernel started on slot %s within %d s" % (slot, timeout))
            check(self.proc.poll() is None, "QEMU exited")
            self.recover_hung_reset()
            time.sleep(0.2)

    # --- agent -----------------------------------------------------------------------------
    def _recv_line(self, sock, buf, deadline, what):
        """One line from SOCK (bytes already read in BUF) before DEADLINE: (line, rest)."""
        while b"\n" not in buf:
            left = deadline - time.monotonic()
            check(left > 0, "timed out waiting for " + what)
            check(self.proc.poll() is None, "QEMU exited")
            if sock is self.agent and self.recover_hung_reset():
                sock, buf = self.agent, b""
            r, _, _ = select.select([sock], [], [], min(left, 1.0))
            if r:
                data = sock.recv(65536)
                check(data != b"", what + ": the socket closed")
                buf += data
        line, rest = buf.split(b"\n", 1)
        return line, rest

    def _line(self, deadline):
        line, self.buf = self._recv_line(self.agent, self.buf, deadline, "the guest agent")
        return line.decode("utf-8", "replace").strip()

    def wait_ready(self, timeout=900):
        """Waits for the agent of a new boot whose health check has given its verdict and left
        the system running (a failed check restarts the machine: that boot is skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            line = self._line(deadline)
            if not line.startswith("SSVM READY "):
                continue
            fields = dict(kv.split("=", 1) for kv in line.split()[2:] if "=" in kv)
            self.log("agent: " + line[5:])
            if fields.get("boot") == self.boot_id:
                continue
            self.boot_id = fields.get("boot")
            if fields.get("health") != "active":
                continue
            self.ready = fields
            return fields

    def run(self, command, timeout=600, check_rc=True):
        self.next_id += 1
        rid = str(self.next_id)
        payload = base64.b64encode(command.encode()).decode()
        self.agent.sendall(("SSVM RUN %s %s\n" % (rid, payload)).encode())
        deadline = time.monotonic() + timeout
        while True:
            line = self._line(deadline)
            parts = line.split(" ")
            if len(parts) >= 4 and parts[:3] == ["SSVM", "DONE", rid]:
                rc = int(parts[3])
                out = base64.b64decode(parts[4]).decode("utf-8", "replace") if len(parts) > 4 else ""
                if check_rc and rc != 0:
                    raise StoryFailed("in the guest, `%s` exited %d:\n%s" % (command, rc, out))
                return rc, out

    def send(self, command):
        """Starts a command without waiting for its answer (for power cuts)."""
        self.next_id += 1
        payload = base64.b64encode(command.encode()).decode()
        self.agent.sendall(("SSVM RUN %d %s\n" % (self.next_id, payload)).encode())

    def reboot(self):
        """systemctl reboot; the agent is stopped with everything else, so no answer is awaited."""
        self.send("systemctl reboot")

    # --- QMP: USB stick hot-plug -----------------------------------------------------------
    def _qmp_read_reply(self, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            line, self.qmp_buf = self._recv_line(self.qmp, self.qmp_buf, deadline, "QMP")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def qmp_call(self, command, **arguments):
        msg = {"execute": command}
        if arguments:
            msg["arguments"] = arguments
        self.qmp.sendall(json.dumps(msg).encode() + b"\n")
        reply = self._qmp_read_reply()
        check("error" not in reply, "QMP %s: %s" % (command, reply.get("error")))
        return reply.get("return")

    def plug_stick(self, image):
        self.qmp_call("blockdev-add", **{"node-name": "stick0", "driver": "raw", "read-only": False,
                                         "file": {"driver": "file", "filename": image}})
        self.qmp_call("device_add", driver="usb-storage", id="stick", bus="xhci.0",
                      drive="stick0", removable=True)

    def unplug_stick(self, timeout=60):
        """device_del, then the block node once QEMU has let go of it (both are asynchronous)."""
        self.qmp_call("device_del", id="stick")
        deadline = time.monotonic() + timeout
        while True:
            self.qmp.sendall(b'{"execute": "blockdev-del", "arguments": {"node-name": "stick0"}}\n')
            reply = self._qmp_read_reply()
            if "error" not in reply:
                return
            check(time.monotonic() < deadline, "the stick was not unplugged in %d s: %s" %
                  (timeout, reply["error"]))
            time.sleep(0.5)
