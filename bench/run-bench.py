#!/usr/bin/env python3
"""run-bench.py: crossemu's benchmark, side by side with native and QEMU.

Runs bench/cpubench (an integer mix) natively, under crossemu-riscv64 with the
JIT, under crossemu-riscv64 with the interpreter (CROSSEMU_BACKEND=interp, on a
shorter run, scaled), and under qemu-riscv64 when it is installed: the median
of --runs runs each.  Then start-up: a static hello world run --startup times
under crossemu and QEMU, median per run.  Checks that every run prints the
same checksum as the native program, and prints a table of times and ratios.

usage: bench/run-bench.py [--build DIR] [--runs 5] [--rounds 40]
                          [--interp-rounds 4] [--startup 200]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time


def run_once(cmd, env=None):
    e = dict(os.environ)
    e.pop("CROSSEMU_BACKEND", None)
    if env:
        e.update(env)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=e, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    t = time.perf_counter() - t0
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode(errors="replace")[-2000:])
        raise RuntimeError("%s: exit status %d" % (" ".join(cmd), p.returncode))
    return t, p.stdout


def median_run(label, cmd, runs, env=None):
    times, outs = [], set()
    for _ in range(runs):
        t, out = run_once(cmd, env)
        times.append(t)
        outs.add(out)
    if len(outs) != 1:
        raise RuntimeError("%s: output differs between runs" % label)
    m = statistics.median(times)
    print("  %-28s median %8.3f s  (min %.3f, max %.3f)" % (label, m, min(times), max(times)),
          flush=True)
    return m, outs.pop()


def startup(label, cmd, count, env=None):
    """Median wall time per run of `count` sequential runs (a few warm-up runs first)."""
    for _ in range(3):
        run_once(cmd, env)
    times = []
    for _ in range(count):
        t, _ = run_once(cmd, env)
        times.append(t)
    m = statistics.median(times)
    print("  %-28s median %8.2f ms per run" % (label, m * 1000), flush=True)
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--interp-rounds", type=int, default=4)
    ap.add_argument("--startup", type=int, default=200)
    a = ap.parse_args()

    b = a.build
    emu = os.path.join(b, "crossemu-riscv64")
    native = os.path.join(b, "bench", "cpubench-native")
    guest = os.path.join(b, "bench", "cpubench-riscv64")
    hello_guest = os.path.join(b, "bench", "hello-riscv64")
    hello_native = os.path.join(b, "bench", "hello-native")
    for f in (emu, native, guest, hello_guest, hello_native):
        if not os.path.exists(f):
            print("run-bench: %s is missing; run `make bench` (or meson compile -C %s "
                  "bench-programs)" % (f, b), file=sys.stderr)
            return 1
    qemu = shutil.which("qemu-riscv64")
    rounds, irounds = str(a.rounds), str(a.interp_rounds)
    ok = True

    print("cpubench: %s rounds (interpreter: %s rounds, scaled), %d runs each"
          % (rounds, irounds, a.runs))
    t_native, ref = median_run("native x86-64", [native, rounds], a.runs)
    _, ref_small = median_run("native x86-64 (short)", [native, irounds], 1)
    def guarded(label, cmd, runs, env, want, scale=1.0):
        """median_run, but a failing configuration is reported, not fatal."""
        nonlocal ok
        try:
            t, out = median_run(label, cmd, runs, env)
        except RuntimeError as e:
            print("  %-28s FAILED: %s" % (label, e))
            ok = False
            return None
        if out != want:
            print("  MISMATCH: %s checksum differs from native" % label)
            ok = False
        return t * scale

    t_jit = guarded("crossemu-riscv64 (jit)", [emu, guest, rounds], a.runs, None, ref)
    t_interp = guarded("crossemu-riscv64 (interp)", [emu, guest, irounds], a.runs,
                       {"CROSSEMU_BACKEND": "interp"}, ref_small, a.rounds / a.interp_rounds)
    t_qemu = None
    if qemu:
        t_qemu = guarded("qemu-riscv64", [qemu, guest, rounds], a.runs, None, ref)
    else:
        print("  qemu-riscv64 not installed: skipped (make deps-bench installs it)")

    print("start-up: static hello world, %d runs each" % a.startup)
    s_native = startup("native x86-64", [hello_native], a.startup)
    try:
        s_emu = startup("crossemu-riscv64 (jit)", [emu, hello_guest], a.startup)
    except RuntimeError as e:
        print("  crossemu-riscv64 start-up FAILED: %s" % e)
        s_emu, ok = None, False
    s_qemu = startup("qemu-riscv64", [qemu, hello_guest], a.startup) if qemu else None

    print()
    print("%-30s %12s %12s %12s" % ("cpubench", "time (s)", "vs native", "vs qemu"))
    rows = [("native x86-64", t_native), ("crossemu-riscv64 jit", t_jit),
            ("crossemu-riscv64 interp*", t_interp)]
    if t_qemu:
        rows.append(("qemu-riscv64", t_qemu))
    for name, t in rows:
        if t is None:
            print("%-30s %12s" % (name, "failed"))
            continue
        print("%-30s %12.3f %11.2fx %12s" % (name, t, t / t_native,
                                             "%.2fx" % (t / t_qemu) if t_qemu else "-"))
    print("  * interpreter time scaled from %s to %s rounds" % (irounds, rounds))
    if t_interp and t_jit:
        print("%-30s %11.2fx" % ("interp vs jit", t_interp / t_jit))
    print()
    print("%-30s %12s %12s" % ("start-up (hello)", "ms per run", "vs qemu"))
    print("%-30s %12.2f %12s" % ("native x86-64", s_native * 1000, "-"))
    if s_emu is not None:
        print("%-30s %12.2f %12s" % ("crossemu-riscv64", s_emu * 1000,
                                     "%.2fx" % (s_emu / s_qemu) if s_qemu else "-"))
    if s_qemu:
        print("%-30s %12.2f %12s" % ("qemu-riscv64", s_qemu * 1000, "1.00x"))
    print()
    print("outputs: %s" % ("all checksums agree" if ok else "MISMATCH (see above)"))
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as e:
        print("run-bench: %s" % e, file=sys.stderr)
        sys.exit(1)
