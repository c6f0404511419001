#!/usr/bin/env python3
"""run-guest.py: boot a KVM test guest under crossemu-system-x86_64 and check it.

usage: run-guest.py EMU KERNEL [options] -- [extra crossemu args]
  --append STR        kernel command line (the guest's "test=NAME ...")
  --expect STR        a line the serial output must contain (repeatable)
  --status N          the exit status crossemu must end with (default 0)
  --input STR         bytes to send to the serial port once --input-after appears
  --input-after STR   wait for this output before sending --input
  --disk              create a disk image with a known sector 0, add it as
                      -drive, and check sector 1 as the guest wrote it
  --timeout S         seconds before the run counts as hung (default 20)
  --bad-input MSG     no guest: expect status 1 and MSG on stderr (runs
                      without /dev/kvm too)
  --serial-tcp        the UART on "-serial tcp:127.0.0.1:PORT,server": this
                      script is the client (--expect/--input go through it)
  --serial-file       the UART on "-serial file:F": --expect checks F after exit
  --vcon              a virtconsole on "-chardev socket,...,server=on", this
                      script the client; --vcon-expect / --vcon-input /
                      --vcon-input-after work on it like the serial ones
  --signal SIG        send SIGTERM/SIGINT/SIGHUP once --signal-after appears
                      (without it: after 0.5 s); crossemu must exit within 5 s
                      with --status
  --no-client         with --serial-tcp: never connect
  --stderr-expect STR a line crossemu's stderr must contain
  --tap               run crossemu in a new network namespace holding a TAP
                      interface with the address 10.0.2.2/24 (the host kernel
                      answers the guest's ARP), attached as -netdev tap;
                      skipped without CAP_NET_ADMIN or /dev/net/tun

Exits 77 (meson: skipped) with the reason when /dev/kvm is missing or unusable.
"""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time


def kvm_unusable():
    if not os.path.exists("/dev/kvm"):
        return "/dev/kvm does not exist (no KVM on this host)"
    try:
        fd = os.open("/dev/kvm", os.O_RDWR)
        os.close(fd)
    except OSError as e:
        return "/dev/kvm: %s" % e.strerror
    return None


def tap_unusable():
    if not os.path.exists("/dev/net/tun"):
        return "/dev/net/tun does not exist"
    try:
        os.close(os.open("/dev/net/tun", os.O_RDWR))
    except OSError as e:
        return "/dev/net/tun: " + e.strerror
    if not shutil.which("unshare") or not shutil.which("ip"):
        return "needs unshare(1) and ip(8) to build a private network namespace"
    p = subprocess.run(["unshare", "--net", "--", "ip", "tuntap", "add", "dev", "cetap0",
                        "mode", "tap"], capture_output=True, text=True)
    if p.returncode:
        return "cannot create a TAP in a new network namespace (needs CAP_SYS_ADMIN and " \
               "CAP_NET_ADMIN): " + (p.stderr.strip() or "status %d" % p.returncode)
    return None


def no_kvm_unusable(mode):
    if os.geteuid() != 0:
        return "needs root to hide /dev/kvm or to drop to an unprivileged user"
    if mode == "missing":
        p = subprocess.run(["unshare", "--mount", "--", "sh", "-ec",
                            "mount -t tmpfs none /dev; test ! -e /dev/kvm"],
                           capture_output=True, text=True)
        if p.returncode:
            return "cannot mount a private /dev: " + (p.stderr.strip() or "status %d"
                                                       % p.returncode)
        return None
    if not os.path.exists("/dev/kvm"):
        return "no /dev/kvm to be denied"
    if os.stat("/dev/kvm").st_mode & 0o006:
        return "/dev/kvm is accessible to every user here"
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(port, proc, timeout=10):
    """Connect to crossemu's listening chardev, retrying until it listens."""
    t0 = time.monotonic()
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=1)
        except OSError:
            if proc.poll() is not None or time.monotonic() - t0 > timeout:
                raise
            time.sleep(0.01)


class Channel(threading.Thread):
    """Collects what crossemu writes on one stream (a pipe or a socket)."""

    def __init__(self, read, sock=None):
        super().__init__(daemon=True)
        self.read, self.sock, self.buf = read, sock, bytearray()
        if sock:
            sock.settimeout(None)

    def run(self):
        while True:
            try:
                b = self.read(4096)
            except OSError:
                break
            if not b:
                break
            self.buf.extend(b)


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser()
    ap.add_argument("emu")
    ap.add_argument("kernel")
    ap.add_argument("--append", default="")
    ap.add_argument("--expect", action="append", default=[])
    ap.add_argument("--status", type=int, default=0)
    ap.add_argument("--input")
    ap.add_argument("--input-after")
    ap.add_argument("--disk", action="store_true")
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--bad-input")
    ap.add_argument("--skip", help="skip with this reason")
    ap.add_argument("--serial-tcp", action="store_true")
    ap.add_argument("--no-client", action="store_true",
                    help="with --serial-tcp: never connect (crossemu keeps waiting)")
    ap.add_argument("--serial-file", action="store_true")
    ap.add_argument("--vcon", action="store_true")
    ap.add_argument("--vcon-expect", action="append", default=[])
    ap.add_argument("--vcon-input")
    ap.add_argument("--vcon-input-after")
    ap.add_argument("--signal", choices=["TERM", "INT", "HUP"])
    ap.add_argument("--signal-after")
    ap.add_argument("--stderr-expect", action="append", default=[])
    ap.add_argument("--tap", action="store_true")
    ap.add_argument("--signal-after-count", type=int, default=1,
                    help="send the signal once --signal-after appeared this many times")
    ap.add_argument("--hostfwd", action="store_true",
                    help="user networking with a hostfwd rule; connect to the host port "
                         "once --input-after appeared, before sending --input")
    ap.add_argument("--truncate", type=int, metavar="BYTES",
                    help="put the first BYTES of the kernel in a file named by @TRUNC@")
    ap.add_argument("--no-kvm", choices=["missing", "denied"],
                    help="with --bad-input: run where /dev/kvm is missing (private /dev) "
                         "or not accessible (as nobody)")
    ap.add_argument("--scratch-file", type=int, metavar="BYTES",
                    help="create a file of BYTES zero bytes and put its path in place of "
                         "@FILE@ in the extra arguments")
    a = ap.parse_args(argv)

    if a.skip:
        print("SKIP: " + a.skip)
        return 77
    tmp = tempfile.TemporaryDirectory()
    if a.scratch_file is not None:
        path = os.path.join(tmp.name, "scratch")
        with open(path, "wb") as f:
            f.truncate(a.scratch_file)
        extra = [x.replace("@FILE@", path) for x in extra]
    if a.truncate is not None:
        path = os.path.join(tmp.name, "truncated")
        with open(a.kernel, "rb") as f, open(path, "wb") as g:
            g.write(f.read(a.truncate))
        # readable by the unprivileged user of --no-kvm denied
        os.chmod(tmp.name, 0o755)
        os.chmod(path, 0o644)
        extra = [x.replace("@TRUNC@", path) for x in extra]
    if a.no_kvm:
        why = no_kvm_unusable(a.no_kvm)
        if why:
            print("SKIP: " + why)
            return 77
        if a.no_kvm == "missing":
            # a private, empty /dev in a private mount namespace
            extra = ["unshare", "--mount", "--", "sh", "-ec",
                     "mount -t tmpfs none /dev; exec \"$@\"", "sh", a.emu] + extra
        else:
            extra = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
                     a.emu] + extra
        a.emu = extra.pop(0)

    if a.bad_input:
        p = subprocess.run([a.emu] + extra, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=a.timeout)
        err = p.stderr.decode(errors="replace")
        sys.stdout.write(err)
        lines = [l for l in err.splitlines() if l.strip()]
        if p.returncode != 1 or len(lines) != 1 or a.bad_input not in lines[0] or \
                not lines[0].startswith("crossemu-system-x86_64: "):
            print("FAIL: expected exit status 1 and one line containing %r, got status %d"
                  % (a.bad_input, p.returncode))
            return 1
        return 0

    why = kvm_unusable()
    if why:
        print("SKIP: %s" % why)
        return 77

    cmd = [a.emu, "-M", "microvm", "-accel", "kvm", "-nographic", "-kernel", a.kernel,
           "-append", a.append] + extra
    disk = None
    if a.disk:
        disk = os.path.join(tmp.name, "disk.img")
        with open(disk, "wb") as f:
            f.write(b"CROSSEMU-BLK-TEST".ljust(512, b"\0") + bytes(1024 * 1024 - 512))
        cmd += ["-drive", "file=%s,format=raw,if=virtio" % disk]
    serial_port = vcon_port = None
    serial_file = None
    if a.serial_tcp:
        serial_port = free_port()
        cmd += ["-serial", "tcp:127.0.0.1:%d,server" % serial_port]
    elif a.serial_file:
        serial_file = os.path.join(tmp.name, "serial.log")
        cmd += ["-serial", "file:" + serial_file]
    if a.vcon:
        vcon_port = free_port()
        cmd += ["-chardev", "socket,id=vc0,host=127.0.0.1,port=%d,server=on" % vcon_port,
                "-device", "virtio-serial-device", "-device", "virtconsole,chardev=vc0"]
    hostfwd_port = None
    if a.hostfwd:
        hostfwd_port = free_port()
        cmd += ["-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:%d-:22" % hostfwd_port,
                "-device", "virtio-net-device,netdev=n0"]
    if a.tap:
        why = tap_unusable()
        if why:
            print("SKIP: TAP backend not testable here: " + why)
            return 77
        cmd += ["-netdev", "tap,id=n0,ifname=cetap0,script=no,downscript=no",
                "-device", "virtio-net-device,netdev=n0"]
        # the namespace disappears with the process: no interface is left behind
        cmd = ["unshare", "--net", "--", "sh", "-ec",
               "ip tuntap add dev cetap0 mode tap; ip addr add 10.0.2.2/24 dev cetap0; "
               "ip link set cetap0 up; exec \"$@\"", "sh"] + cmd
    print("+ " + " ".join(cmd), flush=True)

    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    stdout = Channel(p.stdout.read1)
    stdout.start()
    serial = stdout
    vcon = None
    stdin_send = lambda b: (p.stdin.write(b), p.stdin.flush())
    # sockets with wait=on: crossemu blocks until we connect, serial first
    if serial_port and not a.no_client:
        sk = connect(serial_port, p)
        serial = Channel(sk.recv, sk)
        serial.start()
        stdin_send = sk.sendall
    if vcon_port:
        vk = connect(vcon_port, p)
        vcon = Channel(vk.recv, vk)
        vcon.start()
    sent = a.input is None
    vsent = a.vcon_input is None
    signalled = None
    try:
        while p.poll() is None:
            if not sent and (a.input_after is None or a.input_after.encode() in serial.buf):
                if hostfwd_port:
                    # slirp accepts on the host side before it reaches the guest
                    try:
                        socket.create_connection(("127.0.0.1", hostfwd_port), 5).close()
                        print("ok: hostfwd port %d accepted a connection" % hostfwd_port)
                    except OSError as e:
                        print("FAIL: hostfwd port %d: %s" % (hostfwd_port, e))
                        hostfwd_port = -1
                stdin_send(a.input.encode())
                sent = True
            if vcon and not vsent and (a.vcon_input_after is None or
                                       a.vcon_input_after.encode() in vcon.buf):
                vcon.sock.sendall(a.vcon_input.encode())
                vsent = True
            if a.signal and signalled is None and \
                    (serial.buf.count(a.signal_after.encode()) >= a.signal_after_count
                     if a.signal_after else
                     time.monotonic() - t0 > 0.5):
                p.send_signal(getattr(signal, "SIG" + a.signal))
                signalled = time.monotonic()
            if signalled is not None and time.monotonic() - signalled > 5:
                p.kill()
                print("FAIL: still running 5 s after SIG%s" % a.signal)
                break
            if time.monotonic() - t0 > a.timeout:
                p.kill()
                print("FAIL: timed out after %.0f s" % a.timeout)
                break
            time.sleep(0.01)
    finally:
        p.wait()
        for ch in (stdout, serial, vcon):
            if ch:
                ch.join()
    err = p.stderr.read().decode(errors="replace")
    if serial_file:
        serial.buf = bytearray(open(serial_file, "rb").read())
    text = serial.buf.decode(errors="replace")
    sys.stdout.write(stdout.buf.decode(errors="replace"))
    if serial is not stdout:
        sys.stdout.write("--- serial (%s) ---\n%s" % ("tcp" if serial_port else "file", text))
    if vcon:
        sys.stdout.write("--- virtio console ---\n" + vcon.buf.decode(errors="replace"))
    sys.stdout.write("--- stderr ---\n" + err)
    print("exit status %d after %.3f s" % (p.returncode, time.monotonic() - t0))
    ok = p.returncode == a.status and hostfwd_port != -1
    if not ok:
        print("FAIL: exit status %d, expected %d" % (p.returncode, a.status))
    if serial is not stdout and stdout.buf.strip():
        print("FAIL: guest output leaked to stdout with the serial port elsewhere")
        ok = False
    for e in a.expect:
        if e not in text:
            print("FAIL: output lacks %r" % e)
            ok = False
    for e in a.vcon_expect:
        if not vcon or e not in vcon.buf.decode(errors="replace"):
            print("FAIL: virtio console output lacks %r" % e)
            ok = False
    for e in a.stderr_expect:
        if e not in err:
            print("FAIL: stderr lacks %r" % e)
            ok = False
    if a.signal and a.status == 0 and err.strip():
        print("FAIL: a clean stop must print nothing on stderr")
        ok = False
    if a.signal and signalled is None:
        print("FAIL: never sent SIG%s (%r did not appear)" % (a.signal, a.signal_after))
        ok = False
    if disk:
        data = open(disk, "rb").read()
        want = bytearray((i * 7 + 3) & 0xff for i in range(512))
        want[0:16] = b"WRITTEN-BY-GUEST"
        if data[512:1024] != bytes(want):
            print("FAIL: sector 1 on the host is not what the guest wrote")
            ok = False
        elif data[0:17] != b"CROSSEMU-BLK-TEST" or any(data[1024:]):
            print("FAIL: the image changed outside sector 1")
            ok = False
        else:
            print("ok: host sees the guest's sector 1")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
