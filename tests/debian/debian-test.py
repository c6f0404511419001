#!/usr/bin/env python3
"""debian-test.py: run one real Debian program case under crossemu.

usage:
  debian-test.py --emu build/crossemu-aarch64 --arch aarch64 [--backend jit|interp] CASE
  debian-test.py --native CASE        run the amd64 build natively, print its output
  debian-test.py --list ARCH          "CASE BACKENDS" per line, for meson

The sysroot (the case's packages and their dependency closure, from Debian)
comes from make-sysroot.py; if the archive cannot be reached the test skips
(exit 77) saying so.  Every other problem is a failure: a wrong output, an
exit status other than the expected one, a signal, a timeout.  On failure
the test prints the difference, the guest's stderr and the emulator's
-d unimp log, so that the missing feature is visible in the test log.
"""
import argparse
import difflib
import os
import re
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cases as C           # noqa: E402
import expected as X        # noqa: E402

SKIP = 77


def sysroot_for(arch, fetch):
    a = C.ARCHES[arch]
    cmd = [sys.executable, os.path.join(HERE, 'make-sysroot.py')]
    if fetch:
        cmd += ['--fetch', fetch]
    cmd += [a['suite'], a['debarch']] + a['packages']
    p = subprocess.run(cmd, stdout=subprocess.PIPE, universal_newlines=True)
    if p.returncode == 2:
        print('SKIP: the Debian archive cannot be reached (or a package is missing '
              'from %s/%s); see the messages above' % (a['suite'], a['debarch']))
        sys.exit(SKIP)
    if p.returncode != 0:
        print('make-sysroot.py failed (exit status %d)' % p.returncode)
        sys.exit(1)
    return p.stdout.strip()


def make_files(case, d):
    for name, content in case.get('files', {}).items():
        if callable(content):
            content = content()
        with open(os.path.join(d, name), 'wb') as f:
            f.write(content)


def guest_env(case, workdir):
    env = {
        'PATH': '/usr/bin:/bin',
        'HOME': workdir,
        'LC_ALL': 'C',
        'TZ': 'UTC',
        'TERM': 'dumb',
        # The sysroot is shared by every test (and hard-linked to the
        # unpacked packages): python must not write bytecode into it.
        'PYTHONDONTWRITEBYTECODE': '1',
    }
    env.update(case.get('env', {}))
    return env


def expected_for(name, arch):
    per_arch = getattr(X, 'EXPECTED_' + arch.upper(), {})
    if name in per_arch:
        return per_arch[name]
    return X.EXPECTED.get(name)


class Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run_group(cmd, stdin, cwd, env, timeout):
    """Run cmd in its own process group; on a timeout, and afterwards in any
    case, kill the whole group, so that a guest child that hangs or spins
    does not outlive the test (or hold its pipes open).  None on timeout."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, cwd=cwd, env=env, start_new_session=True)
    try:
        out, err = p.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(p.pid)
        p.communicate()
        return None
    kill_group(p.pid)
    return Result(p.returncode, out, err)


def kill_group(pgid):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass


def run_case(name, case, arch, argv_prefix, env_extra, sysroot, timeout, native):
    py = C.ARCHES[arch]['python']
    out = b''
    problems = []
    logs = []
    with tempfile.TemporaryDirectory(prefix='crossemu-debian-') as work:
        make_files(case, work)
        env = guest_env(case, work)
        env.update(env_extra)
        if native:
            # Run the amd64 programs of the sysroot through its own dynamic
            # linker; python finds its library through PYTHONHOME.
            env['PYTHONHOME'] = os.path.join(sysroot, 'usr')
        for i, step in enumerate(case['steps']):
            if 'cat' in step:
                with open(os.path.join(work, step['cat']), 'rb') as f:
                    out += f.read()
                continue
            argv = [a.replace('{python}', py) for a in step['argv']]
            prog = os.path.join(sysroot, argv[0].lstrip('/'))
            log = os.path.join(work, '.unimp-%d.log' % i)
            if native:
                ld = os.path.join(sysroot, 'lib64', 'ld-linux-x86-64.so.2')
                libs = os.path.join(sysroot, 'usr', 'lib', 'x86_64-linux-gnu')
                cmd = [prog] + argv[1:]
                with open(prog, 'rb') as f:
                    if b'ld-linux-x86-64' in f.read(4096):
                        cmd = [ld, '--library-path', libs] + cmd
            else:
                cmd = argv_prefix + ['-L', sysroot, '-d', 'unimp', '-D', log, prog] + argv[1:]
            p = run_group(cmd, step.get('stdin', b''), work, env, timeout)
            if p is None:
                problems.append('step %d: %s: timed out after %d s' % (i, ' '.join(argv), timeout))
                break
            want_rc = step.get('rc', 0)
            if not step.get('no_stdout'):
                out += p.stdout
            if p.returncode != want_rc:
                if p.returncode < 0:
                    what = 'killed by signal %d' % -p.returncode
                else:
                    what = 'exit status %d' % p.returncode
                problems.append('step %d: %s: %s (expected %d)' % (i, ' '.join(argv), what, want_rc))
            if p.stderr and (p.returncode != want_rc or want_rc == 0):
                logs.append('--- step %d stderr:\n%s' % (i, p.stderr.decode(errors='replace')[-3000:]))
            if os.path.exists(log) and os.path.getsize(log):
                with open(log, errors='replace') as f:
                    logs.append('--- step %d -d unimp log:\n%s' % (i, f.read()[-3000:]))
            if p.returncode != want_rc:
                break
    return out.decode(errors='replace'), problems, logs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--emu')
    ap.add_argument('--arch', default='aarch64')
    ap.add_argument('--backend', default='jit', choices=['jit', 'interp'])
    ap.add_argument('--fetch', help='scripts/fetch-assets.sh')
    ap.add_argument('--timeout', type=int, default=90, help='per step, seconds')
    ap.add_argument('--native', action='store_true')
    ap.add_argument('--list', metavar='ARCH')
    ap.add_argument('case', nargs='?')
    a = ap.parse_args()

    if a.list:
        for name, case in C.CASES.items():
            if a.list not in case.get('arches', C.ARCHES):
                continue
            backends = ['jit'] + (['interp'] if case.get('interp', True) else [])
            print(name, ','.join(backends))
        return 0

    if a.case not in C.CASES:
        print('unknown case %r' % a.case)
        return 1
    case = C.CASES[a.case]
    arch = 'x86_64' if a.native else a.arch
    sysroot = sysroot_for(arch, a.fetch)
    env_extra = {}
    prefix = []
    if not a.native:
        if not a.emu or not os.path.exists(a.emu):
            print('no emulator: %r' % a.emu)
            return 1
        prefix = [os.path.abspath(a.emu)]
        if a.backend == 'interp':
            env_extra['CROSSEMU_BACKEND'] = 'interp'
    out, problems, logs = run_case(a.case, case, arch, prefix, env_extra, sysroot,
                                   a.timeout, a.native)
    if a.native:
        sys.stdout.write(out)
        for p in problems:
            print('PROBLEM:', p, file=sys.stderr)
        for l in logs:
            print(l, file=sys.stderr)
        return 1 if problems else 0

    ok = not problems
    if 'match' in case:
        for rx in case['match']:
            if not re.search(rx, out):
                problems.append('output does not match %r' % rx)
        ok = not problems
    else:
        want = expected_for(a.case, arch)
        if want is None:
            problems.append('no expected output recorded for %s on %s' % (a.case, arch))
        elif out != want:
            problems.append('output differs from the expected text')
            sys.stdout.writelines(difflib.unified_diff(
                want.splitlines(True), out.splitlines(True), 'expected', 'got'))
            print()
        ok = not problems
    print('%s on %s (%s), sysroot %s' % (a.case, arch, a.backend, sysroot))
    for p in problems:
        print('FAIL:', p)
    for l in logs:
        print(l)
    if ok:
        print('PASS')
        return 0
    if not ('match' in case) and out and 'differs' not in ' '.join(problems):
        print('--- output so far:\n' + out[-3000:])
    return 1


if __name__ == '__main__':
    sys.exit(main())
