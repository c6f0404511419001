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

Exits 77 (meson: skipped) with the reason when /dev/kvm is missing or unusable.
"""
import argparse
import os
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
    print("+ " + " ".join(cmd), flush=True)

    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    out = bytearray()
    sent = a.input is None

    def reader():
        while True:
            b = p.stdout.read1(4096)
            if not b:
                break
            out.extend(b)

    th = threading.Thread(target=reader)
    th.start()
    try:
        while p.poll() is None:
            if not sent and (a.input_after is None or a.input_after.encode() in out):
                p.stdin.write(a.input.encode())
                p.stdin.flush()
                sent = True
            if time.monotonic() - t0 > a.timeout:
                p.kill()
                print("FAIL: timed out after %.0f s" % a.timeout)
                break
            time.sleep(0.01)
    finally:
        p.wait()
        th.join()
    err = p.stderr.read().decode(errors="replace")
    text = out.decode(errors="replace")
    sys.stdout.write(text)
    sys.stdout.write(err)
    print("exit status %d after %.3f s" % (p.returncode, time.monotonic() - t0))
    ok = p.returncode == a.status
    if not ok:
        print("FAIL: exit status %d, expected %d" % (p.returncode, a.status))
    for e in a.expect:
        if e not in text:
            print("FAIL: output lacks %r" % e)
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
