#!/usr/bin/env python3
"""debian-e2e.py: boot Debian's linux-image-amd64 under crossemu-system-x86_64.

usage: debian-e2e.py EMU
       debian-e2e.py --fetch-only      (fetch and print the assets, boot nothing)

Builds a busybox initramfs at test time whose /init prints a marker, counts
the CPUs (-smp 2), reads the virtio disk and writes a marker on it, reads
/dev/hwrng, brings up eth0 through slirp (udhcpc) and reboots; crossemu runs
with -no-reboot so the reboot ends it with status 0.

Skips (exit 77) with the reason when the host's KVM cannot boot a stock
kernel (the paravirtualised kvm_pvm module) -- decided before anything is
downloaded -- or when the assets cannot be had.  The kernel and busybox come
from /boot and /bin when the machine has them installed, else through
scripts/fetch-assets.sh (bookworm, amd64: linux-image-amd64, which is a
metapackage, then the linux-image-VERSION-amd64 it depends on, and
busybox-static; cached and checksummed).
"""
import glob
import gzip
import re
import io
import os
import stat
import subprocess
import sys
import tempfile
import time

INIT = r"""#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo "E2E-MARKER: init running"
echo "E2E-CPUS: $(grep -c ^processor /proc/cpuinfo)"
dd if=/dev/vda bs=512 count=1 2>/dev/null | head -c 17; echo
echo GUEST-WROTE-THIS | dd of=/dev/vda bs=512 seek=1 conv=sync,fsync 2>/dev/null
echo "E2E-RNG: $(dd if=/dev/hwrng bs=16 count=1 2>/dev/null | od -An -tx1 | tr -d ' \n')"
ip link set eth0 up && udhcpc -i eth0 -n -q -t 5 >/dev/null 2>&1 && \
    echo "E2E-NET: $(ip -4 addr show eth0 | grep -o 'inet [0-9.]*')"
sync
echo "E2E-MARKER: done"
reboot -f
"""


def skip(why):
    print("SKIP: " + why)
    sys.exit(77)


def cpio_newc(entries):
    """entries: (name, mode, data) -> a newc archive."""
    out = io.BytesIO()
    ino = 1
    for name, mode, data in entries + [("TRAILER!!!", 0, b"")]:
        nb = name.encode() + b"\0"
        hdr = "070701" + "".join("%08X" % v for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(nb), 0))
        out.write(hdr.encode() + nb)
        out.write(b"\0" * ((4 - (110 + len(nb)) % 4) % 4))
        out.write(data)
        out.write(b"\0" * ((4 - len(data) % 4) % 4))
        ino += 1
    return out.getvalue()


HERE = os.path.dirname(os.path.abspath(__file__))
FETCH = os.path.join(HERE, "..", "..", "scripts", "fetch-assets.sh")


def fetch(*pkgs):
    """scripts/fetch-assets.sh bookworm amd64 PKG...: the unpacked dirs, or skip."""
    p = subprocess.run(["sh", FETCH, "bookworm", "amd64"] + list(pkgs),
                       capture_output=True, text=True)
    if p.returncode:
        skip("Debian assets unavailable: " + (p.stderr.strip().splitlines() or
                                              ["fetch-assets.sh status %d" % p.returncode])[-1])
    return p.stdout.split()


def fetched_assets():
    """(vmlinuz, busybox) from the asset cache."""
    meta, bb = fetch("linux-image-amd64", "busybox-static")
    # the metapackage holds no kernel: follow its Depends to the versioned one
    cache = os.path.dirname(os.path.dirname(os.path.dirname(meta)))
    debs = glob.glob(os.path.join(cache, "debs", "bookworm-amd64", "linux-image-amd64_*.deb"))
    dep = subprocess.run(["dpkg-deb", "-f", debs[0], "Depends"], capture_output=True,
                         text=True).stdout if debs else ""
    m = re.search(r"(linux-image-[0-9][^ ,(]*-amd64)\b", dep)
    if not m:
        skip("cannot tell which kernel linux-image-amd64 depends on (%r)" % dep.strip())
    (kdir,) = fetch(m.group(1))
    kernels = sorted(glob.glob(os.path.join(kdir, "boot", "vmlinuz-*")))
    busybox = os.path.join(bb, "bin", "busybox")
    if not kernels or not os.path.exists(busybox):
        skip("fetched packages lack boot/vmlinuz-* or bin/busybox")
    return kernels[-1], busybox


def local_assets():
    kernels = sorted(glob.glob("/boot/vmlinuz-*-amd64"))
    if kernels and os.path.exists("/bin/busybox") and b"static" in subprocess.run(
            ["file", "-L", "/bin/busybox"], capture_output=True).stdout:
        return kernels[-1], "/bin/busybox"
    return None


def main():
    if sys.argv[1:] == ["--fetch-only"]:
        print("\n".join(fetched_assets()))
        return 0
    emu = sys.argv[1]
    # every reason to skip that needs no download comes first
    if os.path.exists("/sys/module/kvm_pvm"):
        skip("the host's /dev/kvm is the paravirtualised kvm_pvm module, which cannot "
             "boot a stock Linux kernel (it emulates guest kernel mode); the test "
             "guests in tests/kvm cover this host")
    try:
        os.close(os.open("/dev/kvm", os.O_RDWR))
    except OSError as e:
        skip("/dev/kvm: %s" % e.strerror)
    kernel, busybox = local_assets() or fetched_assets()

    tmp = tempfile.TemporaryDirectory()
    initrd = os.path.join(tmp.name, "initrd.gz")
    disk = os.path.join(tmp.name, "disk.img")
    dirs = [(d, stat.S_IFDIR | 0o755, b"") for d in ("bin", "proc", "sys", "dev")]
    files = [("bin/busybox", stat.S_IFREG | 0o755, open(busybox, "rb").read()),
             ("init", stat.S_IFREG | 0o755, INIT.encode())]
    with open(initrd, "wb") as f:
        f.write(gzip.compress(cpio_newc(dirs + files)))
    with open(disk, "wb") as f:
        f.write(b"CROSSEMU-E2E-DISK".ljust(512, b"\0") + bytes(1 << 20))

    cmd = [emu, "-M", "microvm", "-accel", "kvm", "-m", "512", "-smp", "2", "-nographic",
           "-no-reboot", "-kernel", kernel, "-initrd", initrd,
           "-append", "console=ttyS0 reboot=k panic=-1 quiet",
           "-drive", "file=%s,format=raw,if=virtio" % disk,
           "-device", "virtio-rng-device",
           "-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0"]
    print("+ " + " ".join(cmd), flush=True)
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
    out = p.stdout.decode(errors="replace")
    print(out[-4000:])
    print("exit status %d after %.2f s" % (p.returncode, time.monotonic() - t0))
    ok = p.returncode == 0
    for want in ("E2E-MARKER: init running", "E2E-CPUS: 2", "CROSSEMU-E2E-DISK",
                 "E2E-NET: inet 10.0.2.15", "E2E-MARKER: done"):
        if want not in out:
            print("FAIL: no %r" % want)
            ok = False
    rng = [l for l in out.splitlines() if l.startswith("E2E-RNG: ")]
    if not rng or len(rng[0]) < 9 + 32:
        print("FAIL: no random bytes from /dev/hwrng")
        ok = False
    if open(disk, "rb").read()[512:528] != b"GUEST-WROTE-THIS":
        print("FAIL: the guest's write is not on the disk image")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
