#!/usr/bin/env python3
"""run-a64-bench.py: real arm64 workloads, native vs crossemu vs QEMU.

Workloads from Debian bookworm, each run by the same Debian version's
programs built for amd64 (natively, through their own dynamic linker) and
for arm64 (under crossemu-aarch64 and, when installed, qemu-aarch64, both
with -L on the same sysroot):

  xz -9    xz -9 -T1 compressing a fixed 2 MiB generated input
  sqlite3  200,000 rows inserted, indexed, aggregated and joined (:memory:)
  python3  an interpreter loop: integer arithmetic, dicts, strings, sorting
  xz start `xz --version`: one short run, where dynamic linking and start-up
           dominate

Median of --runs runs each (5 by default).  Every run's output is checked:
all runs of a workload must print the same thing (the same compressed bytes
for xz), natively and emulated, or the benchmark fails.  The sysroots come
from tests/debian/make-sysroot.py (scripts/fetch-assets.sh underneath,
cached); without the Debian archive the benchmark says so and exits 0.
bench/run-bench.py (`make bench`) runs this too, next to cpubench.

usage: bench/aarch64/run-a64-bench.py [--build build] [--runs 5]
                                      [--startup 20] [--interp] [--clock cpu|wall]
--interp also times crossemu's interpreter back end (slow: minutes).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(ROOT, 'bench'))
import benchlib  # noqa: E402

MAKE_SYSROOT = os.path.join(ROOT, 'tests', 'debian', 'make-sysroot.py')
PACKAGES = ['xz-utils', 'sqlite3', 'python3.11-minimal']

SQL = r'''
CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, name TEXT, v REAL);
BEGIN;
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000)
INSERT INTO t(k, name, v) SELECT (x * 7919) % 1000, printf('name-%08d', x), x * 0.25 FROM c;
COMMIT;
CREATE INDEX tk ON t(k);
CREATE TABLE u AS SELECT k, count(*) AS n, sum(v) AS s FROM t GROUP BY k;
SELECT count(*), sum(v), min(name), max(name) FROM t;
SELECT sum(u.n * t.k) FROM t JOIN u ON u.k = t.k WHERE t.id % 10 = 0;
SELECT k, n, printf('%.2f', s) FROM u ORDER BY s DESC LIMIT 3;
SELECT count(*) FROM t WHERE name LIKE '%77%';
SELECT group_concat(id) FROM (SELECT id FROM t WHERE k = 123 ORDER BY v DESC LIMIT 5);
'''

PY = r'''
def work(n):
    d = {}
    acc = 0
    for i in range(n):
        k = (i * 2654435761) & 0xffff
        d[k] = d.get(k, 0) + i
        acc = (acc * 31 + (i ^ (i >> 3))) % 1000000007
    words = sorted("%x" % ((j * 40503) & 0xfffff) for j in range(n // 10))
    s = "".join(words[::97])
    return acc, len(d), sum(d.values()) % 99991, len(s), s[:16]
print(*work(1500000))
'''


def make_input(path, size=2 << 20):
    """Semi-compressible text: words from a small vocabulary, chosen by an LCG."""
    vocab = [b'alpha', b'beta', b'gamma', b'delta', b'epsilon', b'zeta', b'eta', b'theta',
             b'iota', b'kappa', b'lambda', b'mu', b'crossemu', b'aarch64', b'0123', b'\n']
    out = bytearray()
    x = 12345
    while len(out) < size:
        x = (x * 1103515245 + 12345) & 0x7fffffff
        out += vocab[(x >> 16) & 15]
        out += b' ' if x & 0x100 else b''
        if (x >> 8) & 0xff == 7:
            out += b'%d' % x
    with open(path, 'wb') as f:
        f.write(bytes(out[:size]))


def sysroot(suite, arch):
    p = subprocess.run([sys.executable, MAKE_SYSROOT, suite, arch] + PACKAGES,
                       stdout=subprocess.PIPE, universal_newlines=True)
    if p.returncode == 2:
        return None
    if p.returncode != 0:
        raise benchlib.BenchError('make-sysroot.py %s %s failed' % (suite, arch))
    return p.stdout.strip()


def run_real(build, runs=5, startup=20, interp=False):
    """Run the workloads; a list of table rows for benchlib.print_table
    (None when the Debian archive cannot be reached)."""
    emu = os.path.abspath(os.path.join(build, 'crossemu-aarch64'))
    if not os.path.exists(emu):
        raise benchlib.BenchError('%s is not built' % emu)
    qemu = shutil.which('qemu-aarch64')
    guest = sysroot('bookworm', 'arm64')
    native = sysroot('bookworm', 'amd64')
    if guest is None or native is None:
        print('aarch64 real workloads: SKIPPED (the Debian archive cannot be reached)')
        return None
    if not qemu:
        print('aarch64 real workloads: qemu-aarch64 is not installed, its column is '
              'skipped (`make deps-bench` installs it)')

    ld = os.path.join(native, 'lib64', 'ld-linux-x86-64.so.2')
    libs = os.path.join(native, 'usr', 'lib', 'x86_64-linux-gnu')
    base_env = {'PATH': '/usr/bin:/bin', 'LC_ALL': 'C', 'HOME': '/tmp',
                'PYTHONDONTWRITEBYTECODE': '1'}

    def variants(prog):
        """(key, label, argv prefix, env) for each way of running prog."""
        out = [('native', 'native x86-64',
                [ld, '--library-path', libs, os.path.join(native, prog)],
                dict(base_env, PYTHONHOME=os.path.join(native, 'usr')))]
        out.append(('crossemu', 'crossemu-aarch64 (jit)',
                    [emu, '-L', guest, os.path.join(guest, prog)], dict(base_env)))
        if interp:
            out.append(('interp', 'crossemu-aarch64 (interp)',
                        [emu, '-L', guest, os.path.join(guest, prog)],
                        dict(base_env, CROSSEMU_BACKEND='interp')))
        if qemu:
            out.append(('qemu', 'qemu-aarch64',
                        [qemu, '-L', guest, os.path.join(guest, prog)], dict(base_env)))
        return out

    tmp = tempfile.mkdtemp(prefix='crossemu-a64-bench-')
    try:
        data = os.path.join(tmp, 'input.txt')
        make_input(data)
        script = os.path.join(tmp, 'loop.py')
        with open(script, 'w') as f:
            f.write(PY)
        workloads = [
            ('a64 xz -9', 'usr/bin/xz', ['-9', '-T1', '-c', data], None, runs, 's'),
            ('a64 sqlite3', 'usr/bin/sqlite3', [':memory:'], SQL.encode(), runs, 's'),
            ('a64 python3', 'usr/bin/python3.11', [script], None, runs, 's'),
            ('a64 start-up xz --version', 'usr/bin/xz', ['--version'], None, startup, 'ms'),
        ]
        rows = []
        for name, prog, args, stdin_data, n, unit in workloads:
            print('%s (%d runs, median):' % (name, n), flush=True)
            res = {}
            ref = None
            for key, label, prefix, env in variants(prog):
                r = benchlib.median_run(label, prefix + args, n, env, stdin_data,
                                        warmup=1 if unit == 'ms' else 0, unit=unit)
                if ref is None:
                    ref = r.out
                elif r.out != ref and unit != 'ms':
                    raise benchlib.BenchError('%s under %s: output differs from native:\n'
                                              '%r\n%r' % (name, label, r.out[:300], ref[:300]))
                res[key] = r
            rows.append((name, res.get('native'), res.get('crossemu'), res.get('qemu'), unit))
            if 'interp' in res:
                rows.append((name + ' interp', res.get('native'), res['interp'],
                             res.get('qemu'), unit))
        return rows
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--build', default='build')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--startup', type=int, default=20)
    ap.add_argument('--interp', action='store_true')
    ap.add_argument('--clock', choices=('cpu', 'wall'), default='cpu')
    a = ap.parse_args()
    try:
        rows = run_real(a.build, a.runs, a.startup, a.interp)
    except benchlib.BenchError as e:
        print('run-a64-bench: %s' % e, file=sys.stderr)
        return 1
    if rows:
        benchlib.print_table('aarch64 real workloads', rows, a.clock)
    return 0


if __name__ == '__main__':
    sys.exit(main())
