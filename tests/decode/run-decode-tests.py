#!/usr/bin/env python3
#
# run-decode-tests.py: run scripts/decode.py on every err_*.decode (must be
# rejected with the expected FILE:LINE: message) and succ_*.decode (must be
# accepted; with --cc, the generated C must also compile warning-free).
#
# Directives, in comments of the test files:
#   # expect-error: LINE: REGEX   an error expected at LINE whose text matches
#                                 REGEX; every error printed must be expected
#   # decode-args: ARGS...        extra generator arguments (run in the test
#                                 directory, so --decls paths are relative)
#   # c-prelude: C TEXT           a line added before the generated code when
#                                 compiling it
#
# Usage: run-decode-tests.py --generator decode.py [--cc CC] [--tmpdir D] DIR

import argparse
import contextlib
import importlib.util
import io
import os
import re
import shlex
import subprocess
import sys
import tempfile

DIRECTIVE_RE = re.compile(r'#\s*(expect-error|decode-args|c-prelude):\s*(.*)$')
ERROR_RE = re.compile(r'^(.*?):([0-9]+): (.*)$')


def directives(path):
    out = {'expect-error': [], 'decode-args': [], 'c-prelude': []}
    with open(path, encoding='utf-8') as f:
        for line in f:
            m = DIRECTIVE_RE.search(line)
            if m:
                out[m.group(1)].append(m.group(2).strip())
    return out


class Result:
    def __init__(self, returncode, stderr):
        self.returncode = returncode
        self.stderr = stderr


def load_generator(path):
    """Import decode.py once: one Python start-up instead of one per file."""
    spec = importlib.util.spec_from_file_location('decode_gen', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_generator(args, name, extra, outfile):
    argv = ['--decoder', 'decode_test'] + extra + [name, '-o', outfile]
    err = io.StringIO()
    cwd = os.getcwd()
    os.chdir(args.dir)
    try:
        with contextlib.redirect_stderr(err):
            rc = args.gen.main(argv)
    except SystemExit as e:
        rc = e.code
    finally:
        os.chdir(cwd)
    return Result(rc, err.getvalue())


def run_generator_process(args, name, outfile):
    """The command-line path: exit status and stderr of a real process."""
    cmd = [sys.executable, args.generator, name, '-o', outfile]
    r = subprocess.run(cmd, cwd=args.dir, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, universal_newlines=True)
    return Result(r.returncode, r.stderr)


def check_err(args, name, tmp):
    d = directives(os.path.join(args.dir, name))
    extra = [a for x in d['decode-args'] for a in shlex.split(x)]
    expected = []
    for e in d['expect-error']:
        line, _, regex = e.partition(':')
        expected.append((int(line), regex.strip()))
    if not expected:
        return ['%s: no expect-error directive' % name]
    out = os.path.join(tmp, name + '.c.inc')
    r = run_generator(args, name, extra, out)
    problems = []
    if r.returncode != 1:
        problems.append('exit status %d, expected 1' % r.returncode)
    if os.path.exists(out):
        problems.append('output file written despite the error')
    got = []
    for line in r.stderr.splitlines():
        m = ERROR_RE.match(line)
        if not m:
            problems.append('not a FILE:LINE: message: %r' % line)
            continue
        got.append((m.group(1), int(m.group(2)), m.group(3)))
    for line, regex in expected:
        ok = any(os.path.basename(f) == name and ln == line and
                 re.search(regex, msg) for f, ln, msg in got)
        if not ok:
            problems.append('missing error %d: %s' % (line, regex))
    if len(got) != len(expected):
        problems.append('%d errors printed, %d expected' % (len(got),
                                                              len(expected)))
    if problems:
        problems.append('stderr was:\n' + r.stderr)
    return ['%s: %s' % (name, p) for p in problems]


def prelude(path, extra_lines):
    """Declarations the generated code needs: DisasContext, !functions."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    funcs = sorted(set(re.findall(r'!function=([A-Za-z_][A-Za-z0-9_]*)', text)))
    lines = ['#include <stdbool.h>', '#include <stdint.h>',
             'typedef struct DisasContext { int unused; } DisasContext;']
    for fn in funcs:
        lines.append('static inline int %s(DisasContext *ctx, int x) '
                     '{ (void)ctx; return x; }' % fn)
    lines.extend(extra_lines)
    return '\n'.join(lines) + '\n'


def check_succ(args, name, tmp):
    d = directives(os.path.join(args.dir, name))
    extra = [a for x in d['decode-args'] for a in shlex.split(x)]
    out = os.path.join(tmp, name + '.c.inc')
    r = run_generator(args, name, extra, out)
    if r.returncode != 0:
        return ['%s: exit status %d, expected 0; stderr:\n%s'
                % (name, r.returncode, r.stderr)]
    if r.stderr:
        return ['%s: unexpected diagnostics:\n%s' % (name, r.stderr)]
    with open(out, encoding='utf-8') as f:
        first = f.readline()
    if 'Generated' not in first or name not in first:
        return ['%s: first line does not say it is generated from it: %r'
                % (name, first)]
    if not args.cc:
        return []
    # The decls file's functions are part of what the decoder may call.
    text = prelude(os.path.join(args.dir, name), d['c-prelude'])
    for i, a in enumerate(extra):
        if a == '--decls' and i + 1 < len(extra):
            more = prelude(os.path.join(args.dir, extra[i + 1]), [])
            text += '\n'.join(l for l in more.splitlines()
                              if l.startswith('static inline')) + '\n'
    csrc = os.path.join(tmp, name + '.c')
    with open(csrc, 'w', encoding='utf-8') as f:
        f.write(text)
        f.write('#include "%s"\n' % out)
    cmd = shlex.split(args.cc) + ['-std=gnu11', '-Wall', '-Wextra', '-Werror',
                                  '-c', csrc, '-o', csrc + '.o']
    c = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    if c.returncode != 0:
        return ['%s: generated code does not compile cleanly:\n%s'
                % (name, c.stdout)]
    return []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--generator', required=True)
    ap.add_argument('--cc', default=None,
                    help='C compiler command to compile succ_* output with')
    ap.add_argument('dir')
    args = ap.parse_args()
    args.generator = os.path.abspath(args.generator)
    args.dir = os.path.abspath(args.dir)

    names = sorted(os.listdir(args.dir))
    errs = [n for n in names if n.startswith('err_') and n.endswith('.decode')]
    succs = [n for n in names if n.startswith('succ_') and
             n.endswith('.decode')]
    if not errs or not succs:
        print('no err_*/succ_* test files in %s' % args.dir)
        return 1
    args.gen = load_generator(args.generator)
    failures = []
    with tempfile.TemporaryDirectory(prefix='decode-tests-') as tmp:
        # Once through a real process: exit status 1 and FILE:LINE on stderr,
        # exit status 0 and an output file.
        out = os.path.join(tmp, 'process.c.inc')
        r = run_generator_process(args, errs[0], out)
        if r.returncode != 1 or not r.stderr.startswith(errs[0] + ':') \
                or os.path.exists(out):
            failures.append('%s as a process: status %d, stderr %r'
                            % (errs[0], r.returncode, r.stderr))
        r = run_generator_process(args, 'succ_basic.decode', out)
        if r.returncode != 0 or r.stderr or not os.path.exists(out):
            failures.append('succ_basic.decode as a process: status %d, '
                            'stderr %r' % (r.returncode, r.stderr))
        for n in errs:
            f = check_err(args, n, tmp)
            print('%s %s' % ('FAIL' if f else 'ok  ', n))
            failures += f
        for n in succs:
            f = check_succ(args, n, tmp)
            print('%s %s' % ('FAIL' if f else 'ok  ', n))
            failures += f
    for f in failures:
        print(f)
    print('decode-errors: %d files, %d failures' % (len(errs) + len(succs),
                                                    len(failures)))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
