#!/usr/bin/env python3
"""run-bench.py: crossemu's benchmark, side by side with native and QEMU.

One run, every guest architecture of the build (riscv64, aarch64):

  cpubench   bench/cpubench.c (an integer mix) natively, under
             crossemu-<arch> with the JIT, with the interpreter
             (CROSSEMU_BACKEND=interp, on a shorter run, scaled) and under
             qemu-<arch> when it is installed (its column is skipped, with a
             message, when it is not);
  start-up   a static hello world, the median of --startup runs;
  real       aarch64 only: xz, sqlite3 and python3 from Debian's arm64 and
             amd64 packages (bench/aarch64/run-a64-bench.py; skipped when
             the Debian archive cannot be reached, or with --no-real).

Medians of --runs runs; every run must print what the native program prints.
Ends with one table of times and ratios (crossemu/native, qemu/native and
qemu/crossemu, the speed-up over QEMU).  Times are CPU time (user + system)
by default, robust on a busy machine; --clock wall uses wall-clock time.
Both are printed per configuration.

usage: bench/run-bench.py [--build DIR] [--runs 5] [--rounds 40]
                          [--interp-rounds 4] [--startup 200]
                          [--arch riscv64,aarch64] [--no-real] [--real-runs N]
                          [--interp-real] [--clock cpu|wall]
"""
import argparse
import importlib.util
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, HERE)
import benchlib  # noqa: E402

ARCHES = ('riscv64', 'aarch64')


def load_a64():
    spec = importlib.util.spec_from_file_location(
        'run_a64_bench', os.path.join(HERE, 'aarch64', 'run-a64-bench.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--build', default='build')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--rounds', type=int, default=40)
    ap.add_argument('--interp-rounds', type=int, default=4)
    ap.add_argument('--startup', type=int, default=200)
    ap.add_argument('--arch', default=','.join(ARCHES))
    ap.add_argument('--no-real', action='store_true', help='skip the Debian workloads')
    ap.add_argument('--real-runs', type=int, default=None, help='runs of each real workload')
    ap.add_argument('--interp-real', action='store_true',
                    help='also run the real workloads on the interpreter (minutes)')
    ap.add_argument('--clock', choices=('cpu', 'wall'), default='cpu')
    a = ap.parse_args()

    b = a.build
    native = os.path.join(b, 'bench', 'cpubench-native')
    hello_native = os.path.join(b, 'bench', 'hello-native')
    arches = []
    for arch in a.arch.split(','):
        if arch not in ARCHES:
            print('run-bench: unknown architecture %r (have: %s)' % (arch, ', '.join(ARCHES)),
                  file=sys.stderr)
            return 1
        files = [os.path.join(b, 'crossemu-' + arch),
                 os.path.join(b, 'bench', 'cpubench-' + arch),
                 os.path.join(b, 'bench', 'hello-' + arch)]
        missing = [f for f in files if not os.path.exists(f)]
        if missing:
            print('run-bench: %s: %s missing (no cross compiler or emulator in this build?); '
                  'skipped' % (arch, ', '.join(missing)))
            continue
        arches.append(arch)
    for f in (native, hello_native):
        if not os.path.exists(f):
            print('run-bench: %s is missing; run `make bench` (or meson compile -C %s '
                  'bench-programs)' % (f, b), file=sys.stderr)
            return 1
    if not arches:
        print('run-bench: no guest architecture to measure', file=sys.stderr)
        return 1

    rounds, irounds = str(a.rounds), str(a.interp_rounds)
    ok = True
    rows = []
    env = benchlib.clean_env()
    env_interp = benchlib.clean_env({'CROSSEMU_BACKEND': 'interp'})

    def guarded(label, cmd, runs, env, want, **kw):
        """median_run, but a failing configuration is reported, not fatal."""
        nonlocal ok
        try:
            r = benchlib.median_run(label, cmd, runs, env, **kw)
        except benchlib.BenchError as e:
            print('  %-30s FAILED: %s' % (label, e))
            ok = False
            return None
        if want is not None and r.out != want:
            print('  MISMATCH: %s prints %r, native %r' % (label, r.out[:200], want[:200]))
            ok = False
        return r

    print('cpubench: %s rounds (interpreter: %s rounds, scaled), %d runs each'
          % (rounds, irounds, a.runs), flush=True)
    n_cpu = benchlib.median_run('native x86-64', [native, rounds], a.runs, env)
    n_small = benchlib.median_run('native x86-64 (short)', [native, irounds], 1, env)
    for arch in arches:
        emu = os.path.join(b, 'crossemu-' + arch)
        guest = os.path.join(b, 'bench', 'cpubench-' + arch)
        qemu_path = shutil.which('qemu-' + arch)
        jit = guarded('crossemu-%s (jit)' % arch, [emu, guest, rounds], a.runs, env, n_cpu.out)
        it = guarded('crossemu-%s (interp)' % arch, [emu, guest, irounds], a.runs, env_interp,
                     n_small.out)
        q = None
        if qemu_path:
            q = guarded('qemu-' + arch, [qemu_path, guest, rounds], a.runs, env, n_cpu.out)
        else:
            print('  qemu-%s is not installed: its column is skipped (`make deps-bench` '
                  'installs it)' % arch)
        rows.append(('%s cpubench' % arch, n_cpu, jit, q, 's'))
        rows.append(('%s cpubench interp*' % arch, n_cpu,
                     it.scaled(a.rounds / a.interp_rounds) if it else None, q, 's'))

    print('start-up: static hello world, %d runs each' % a.startup, flush=True)
    n_hello = benchlib.median_run('native x86-64', [hello_native], a.startup, env, warmup=3,
                                  unit='ms')
    for arch in arches:
        emu = os.path.join(b, 'crossemu-' + arch)
        hello = os.path.join(b, 'bench', 'hello-' + arch)
        qemu_path = shutil.which('qemu-' + arch)
        ce = guarded('crossemu-' + arch, [emu, hello], a.startup, env, n_hello.out,
                     warmup=3, unit='ms')
        q = None
        if qemu_path:
            q = guarded('qemu-' + arch, [qemu_path, hello], a.startup, env, n_hello.out,
                        warmup=3, unit='ms')
        rows.append(('%s start-up hello' % arch, n_hello, ce, q, 'ms'))

    if 'aarch64' in arches and not a.no_real:
        print('aarch64 real workloads (Debian bookworm arm64 vs amd64):', flush=True)
        try:
            real = load_a64().run_real(b, a.real_runs or a.runs, 20, a.interp_real)
            rows += real or []
        except benchlib.BenchError as e:
            print('  aarch64 real workloads FAILED: %s' % e)
            ok = False

    benchlib.print_table('crossemu benchmark', rows, a.clock)
    print('  * interpreter: %s rounds, time scaled to %s' % (irounds, rounds))
    print()
    print('outputs: %s' % ('all agree with native' if ok else 'MISMATCH or FAILURE (see above)'))
    return 0 if ok else 1


if __name__ == '__main__':
    try:
        sys.exit(main())
    except benchlib.BenchError as e:
        print('run-bench: %s' % e, file=sys.stderr)
        sys.exit(1)
