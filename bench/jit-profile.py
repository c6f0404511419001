#!/usr/bin/env python3
"""jit-profile.py: where a crossemu run spends its time, translated blocks included.

perf cannot name the code crossemu generates: the JIT's buffer is a memfd
mapping, which perf treats as a file without symbols, so it ignores
/tmp/perf-PID.map.  This script records with perf's software clock (no
hardware counters needed), then names every sample itself: samples in the
code buffer through the map crossemu writes under CROSSEMU_PERFMAP=1 (one
line per block: start, size, guest_0x<pc>), samples in crossemu itself
through `nm`, the rest by DSO.

usage: bench/jit-profile.py [--top 40] [--freq 2000] -- CROSSEMU ARGS...
Prints the hottest guest blocks and host functions, and the share of time
in generated code, in crossemu's own code, and elsewhere.
"""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile


def load_map(path):
    """perf map: sorted (start, end, name) list (later lines win: code is reused after a flush)."""
    ents = {}
    with open(path) as f:
        for line in f:
            p = line.split(None, 2)
            if len(p) == 3:
                ents[int(p[0], 16)] = (int(p[0], 16) + int(p[1], 16), p[2].strip())
    return sorted((s, e, n) for s, (e, n) in ents.items())


def load_nm(binary):
    out = subprocess.run(['nm', '-n', '--defined-only', binary], stdout=subprocess.PIPE,
                         universal_newlines=True).stdout
    syms = []
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in 'tTwW':
            syms.append((int(p[0], 16), p[2]))
    return syms


def lookup(table, addr):
    """The last entry of a sorted table whose start is <= addr."""
    i = bisect.bisect_right(table, addr, key=lambda e: e[0]) - 1
    return table[i] if i >= 0 else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--top', type=int, default=40)
    ap.add_argument('--freq', type=int, default=2000)
    ap.add_argument('cmd', nargs='+')
    a = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix='crossemu-prof-')
    data = os.path.join(tmp, 'perf.data')
    env = dict(os.environ, CROSSEMU_PERFMAP='1')
    p = subprocess.Popen(['perf', 'record', '-q', '-e', 'cpu-clock', '-F', str(a.freq),
                          '-o', data, '--'] + a.cmd, env=env, stdout=subprocess.DEVNULL)
    p.wait()
    binary = os.path.realpath(a.cmd[0])
    script = subprocess.run(['perf', 'script', '-i', data, '--show-mmap-events',
                             '-F', 'pid,ip,dso'], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, universal_newlines=True).stdout
    # The emulator's text mapping: [start(len) @ pgoff] ... path.
    mm = re.compile(r'PERF_RECORD_MMAP2? (\d+)/\d+: \[0x([0-9a-f]+)\(0x([0-9a-f]+)\) @ '
                    r'0x([0-9a-f]+|0)[^\]]*\]: r-xp (.*)$')
    maps, pids = [], set()
    samples = collections.Counter()
    for line in script.splitlines():
        m = mm.search(line)
        if m:
            if m.group(5).strip() == binary:
                maps.append((int(m.group(2), 16), int(m.group(3), 16), int(m.group(4), 16)))
            pids.add(int(m.group(1)))
            continue
        q = line.split()
        if len(q) >= 3 and q[0].isdigit() and re.fullmatch(r"[0-9a-f]+", q[1]):
            samples[(int(q[0]), int(q[1], 16), ' '.join(q[2:]))] += 1
    blocks = {}
    for pid in pids:
        mp = '/tmp/perf-%d.map' % pid
        if os.path.exists(mp):
            blocks[pid] = load_map(mp)
    syms = load_nm(binary)
    total = sum(samples.values()) or 1
    by_name, by_kind = collections.Counter(), collections.Counter()
    for (pid, ip, dso), n in samples.items():
        name = None
        if 'crossemu-jit' in dso or 'memfd' in dso:
            ent = lookup(blocks.get(pid, []), ip)
            name = ent[2] if ent and ip < ent[1] else 'jit:?'
            kind = 'generated code'
        elif os.path.basename(binary) in dso:
            for start, length, off in maps:
                if start <= ip < start + length:
                    s = lookup(syms, ip - start + off)
                    name = s[1] if s else '?'
            kind = 'crossemu'
        else:
            kind = 'other'
            name = dso
        by_name[(kind, name)] += n
        by_kind[kind] += n
    print('%d samples' % total)
    for k, n in by_kind.most_common():
        print('  %-16s %5.1f%%' % (k, 100.0 * n / total))
    print()
    for (kind, name), n in by_name.most_common(a.top):
        print('%6.2f%%  %-14s %s' % (100.0 * n / total, kind, name))
    for pid in pids:
        try:
            os.unlink('/tmp/perf-%d.map' % pid)
        except OSError:
            pass
    subprocess.run(['rm', '-rf', tmp])
    return p.returncode


if __name__ == '__main__':
    sys.exit(main())
