#!/usr/bin/env python3
"""run-kvm-bench.py: crossemu-system-x86_64 -accel kvm against QEMU microvm.

For the KVM test guest (tests/kvm/guest, test=hello): time from process
start to the first byte of serial output, time to exit, and the VMM's
peak RSS (VmHWM once the guest idles at a prompt; guest RAM it never
touched is not resident, so this is the VMM plus the guest's few pages), the
median of --runs runs each, under crossemu and, when installed, Debian's
qemu-system-x86_64 -M microvm -accel kvm (-cpu host,-arch-capabilities on
kvm_pvm).  Then the ring-3 compute kernel: its TSC ticks inside the guest
against the same kernel run natively (bench/kvm/compute-native).

usage: bench/kvm/run-kvm-bench.py [--build DIR] [--runs 5] [--iterations N]
Exits 0 with a "skipped" line when /dev/kvm is unusable.
"""
import argparse
import os
import re
import select
import shutil
import statistics
import subprocess
import sys
import time


def run_guest(cmd, ok_status=(0,)):
    """(seconds to first output, seconds to exit, peak RSS KiB, output)"""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    first = None
    out = b""
    while True:
        r, _, _ = select.select([p.stdout], [], [], 30)
        if not r:
            p.kill()
            raise RuntimeError("%s: no output for 30 s" % cmd[0])
        b = os.read(p.stdout.fileno(), 65536)
        if not b:
            break
        if first is None and not b.strip():
            continue
        if first is None:
            first = time.perf_counter() - t0
        out += b
    _, status, ru = os.wait4(p.pid, 0)
    t_exit = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in ok_status:
        raise RuntimeError("%s: exit status %d\n%s" % (cmd[0], code, out.decode(errors="replace")))
    return first, t_exit, ru.ru_maxrss, out.decode(errors="replace")


def steady_rss(cmd):
    """VmHWM (KiB) of a guest waiting for serial input after it booted.

    ru_maxrss cannot be used: it includes the forked Python parent's pages
    from before exec.  The echo test idles once it printed its prompt, so
    the high-water mark read then is the VMM's peak.
    """
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    out = b""
    while b"type a line" not in out:
        r, _, _ = select.select([p.stdout], [], [], 30)
        if not r:
            p.kill()
            raise RuntimeError("%s: no prompt" % cmd[0])
        out += os.read(p.stdout.fileno(), 65536)
    time.sleep(0.05)
    hwm = 0
    with open("/proc/%d/status" % p.pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    p.stdin.write(b"bench\n")
    p.stdin.flush()
    p.communicate(timeout=30)
    return hwm


def median_of(label, cmd, runs, ok_status=(0,)):
    res = [run_guest(cmd, ok_status) for _ in range(runs)]
    first = statistics.median(r[0] for r in res)
    total = statistics.median(r[1] for r in res)
    echo_cmd = [x if x != "test=hello" else "test=echo" for x in cmd]
    rss = statistics.median(steady_rss(echo_cmd) for _ in range(runs))
    print("  %-34s first output %7.1f ms   exit %7.1f ms   peak RSS %7.1f MiB"
          % (label, first * 1000, total * 1000, rss / 1024), flush=True)
    return first, total, rss, res[0][3]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--iterations", type=int, default=200000000)
    a = ap.parse_args()

    emu = os.path.join(a.build, "kvm", "crossemu-system-x86_64")
    # the PVH entry: QEMU's microvm boots an ELF kernel through it directly,
    # while its bzImage path needs the real-mode setup code the guest lacks
    guest = os.path.join(a.build, "tests", "kvm", "kvm-guest.elf")
    native = os.path.join(a.build, "bench", "kvm", "compute-native")
    for f in (emu, guest, native):
        if not os.path.exists(f):
            sys.exit("run-kvm-bench: %s missing (meson compile -C %s kvm-bench-programs)"
                     % (f, a.build))
    try:
        os.close(os.open("/dev/kvm", os.O_RDWR))
    except OSError as e:
        print("kvm bench: skipped: /dev/kvm: %s" % e.strerror)
        return 0

    print("KVM: start-up of the test guest (PVH, test=hello, -m 128), median of %d runs" % a.runs)
    ours = median_of("crossemu-system-x86_64 microvm",
                     [emu, "-M", "microvm", "-accel", "kvm", "-m", "128", "-nographic",
                      "-kernel", guest, "-append", "test=hello"], a.runs)
    qemu = shutil.which("qemu-system-x86_64")
    if qemu:
        theirs = median_of("qemu-system-x86_64 -M microvm",
                           [qemu, "-M", "microvm", "-accel", "kvm",
                            "-cpu", "host,-arch-capabilities", "-m", "128", "-nographic",
                            "-no-reboot", "-nodefaults", "-serial", "stdio",
                            "-device", "isa-debug-exit,iobase=0x602,iosize=1",
                            "-kernel", guest, "-append", "test=hello"], a.runs,
                           ok_status=(1,))     # isa-debug-exit: (0 << 1) | 1
        print("  crossemu/QEMU: first output %.2fx, exit %.2fx, RSS %.2fx"
              % (ours[0] / theirs[0], ours[1] / theirs[1], ours[2] / theirs[2]))
    else:
        print("  qemu-system-x86_64 not installed (apt-get install qemu-system-x86): "
              "no comparison")

    print("KVM: ring-3 compute kernel, %d iterations, median of %d runs" %
          (a.iterations, a.runs))
    ticks, sums = [], set()
    for _ in range(a.runs):
        _, _, _, out = run_guest([emu, "-m", "64", "-nographic", "-kernel", guest, "-append",
                                  "test=ring3 iterations=%d" % a.iterations])
        ticks.append(int(re.search(r"ring3 ticks: (\d+)", out).group(1)))
        sums.add(re.search(r"ring3 checksum: (0x[0-9a-f]+)", out).group(1))
    nticks, nsums = [], set()
    for _ in range(a.runs):
        out = subprocess.check_output([native, str(a.iterations)]).decode()
        t, s = out.split()
        nticks.append(int(t))
        nsums.add(s)
    if sums != nsums or len(sums) != 1:
        print("  FAIL: checksums differ: guest %s native %s" % (sums, nsums))
        return 1
    g, n = statistics.median(ticks), statistics.median(nticks)
    print("  %-34s %12d TSC ticks" % ("guest ring 3 (crossemu KVM)", g))
    print("  %-34s %12d TSC ticks" % ("native", n))
    print("  guest/native: %.3fx" % (g / n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
