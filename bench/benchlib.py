"""benchlib.py: timing and reporting shared by bench/run-bench.py and
bench/aarch64/run-a64-bench.py.

Every run is timed twice: wall-clock time, and the CPU time (user + system)
the child and its threads used, from getrusage(RUSAGE_CHILDREN) around the
run (runs are sequential, so the difference is exactly that child).  The
reference machine is shared by many jobs on two cores, where wall time
measures the neighbours as much as the program; CPU time is the default
figure for that reason (--clock wall switches).  Both are printed per
configuration.
"""
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import time


class BenchError(RuntimeError):
    pass


def _child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def clean_env(extra=None, base=None):
    """The environment a run gets: ours (or base) without crossemu knobs, plus extra."""
    e = dict(os.environ if base is None else base)
    for k in ('CROSSEMU_BACKEND', 'CROSSEMU_PERFMAP', 'QEMU_LD_PREFIX'):
        e.pop(k, None)
    if extra:
        e.update(extra)
    return e


def run_once(cmd, env=None, stdin_data=None):
    """Run cmd once; (wall s, cpu s, stdout bytes).  A non-zero exit raises BenchError."""
    c0 = _child_cpu()
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, input=stdin_data,
                       stdin=None if stdin_data is not None else subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    cpu = _child_cpu() - c0
    if p.returncode != 0:
        sys.stderr.write(p.stderr.decode(errors='replace')[-2000:])
        raise BenchError('%s: exit status %d' % (' '.join(cmd), p.returncode))
    return wall, cpu, p.stdout


class Result:
    """Medians of several runs of one configuration."""

    def __init__(self, walls, cpus, out):
        self.wall = statistics.median(walls)
        self.cpu = statistics.median(cpus)
        self.walls, self.cpus = walls, cpus
        self.out = out

    def scaled(self, factor):
        r = Result([w * factor for w in self.walls], [c * factor for c in self.cpus], self.out)
        return r

    def get(self, clock):
        return self.cpu if clock == 'cpu' else self.wall


def median_run(label, cmd, runs, env=None, stdin_data=None, warmup=0, unit='s'):
    """Run cmd warmup + runs times; every timed run must print the same output."""
    for _ in range(warmup):
        run_once(cmd, env, stdin_data)
    walls, cpus, digests, out = [], [], set(), b''
    for _ in range(runs):
        w, c, out = run_once(cmd, env, stdin_data)
        walls.append(w)
        cpus.append(c)
        digests.add(hashlib.sha256(out).hexdigest())
    if len(digests) != 1:
        raise BenchError('%s: output differs between runs' % label)
    r = Result(walls, cpus, out)
    if unit == 'ms':
        print('  %-30s cpu %8.2f ms  wall %8.2f ms  (median of %d)'
              % (label, r.cpu * 1000, r.wall * 1000, runs), flush=True)
    else:
        print('  %-30s cpu %8.3f s  wall %8.3f s  (median of %d; wall min %.3f max %.3f)'
              % (label, r.cpu, r.wall, runs, min(walls), max(walls)), flush=True)
    return r


def print_table(title, rows, clock):
    """rows: (workload, native Result|None, crossemu Result|None, qemu Result|None, unit).

    Ratios: crossemu/native and qemu/native are slowdowns; qemu/crossemu above
    1 means crossemu is that many times faster than QEMU.
    """
    print()
    print('%s (%s time, median)' % (title, 'CPU' if clock == 'cpu' else 'wall'))
    hdr = '%-32s %10s %10s %10s %10s %10s %10s' % ('workload', 'native', 'crossemu', 'qemu',
                                                  'ce/native', 'qemu/nat', 'qemu/ce')
    print(hdr)
    print('-' * len(hdr))
    for name, n, c, q, unit in rows:
        scale, fmt = (1000.0, '%10.2f') if unit == 'ms' else (1.0, '%10.3f')

        def cell(r):
            return fmt % (r.get(clock) * scale) if r else '%10s' % '-'

        def ratio(a, b):
            if a is None or b is None or b.get(clock) <= 0:
                return '%10s' % '-'
            return '%9.2fx' % (a.get(clock) / b.get(clock))
        print('%-32s %s %s %s %s %s %s' % (name + (' (ms)' if unit == 'ms' else ' (s)'),
                                           cell(n), cell(c), cell(q), ratio(c, n),
                                           ratio(q, n), ratio(q, c)))
    print('(qemu/ce above 1.00x: crossemu is faster than QEMU by that factor)')
