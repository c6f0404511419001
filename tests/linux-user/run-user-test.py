#!/usr/bin/env python3
"""run-user-test.py: run one self-checking guest program under crossemu.

usage: run-user-test.py --emu CROSSEMU [--backend jit|interp] [--sysroot DIR]
                        [--expect-stdout TEXT] PROG [ARGS...]

Pass = exit status 0 (and TEXT in stdout if given).  --sysroot runs the
program with -L DIR (dynamic programs); it skips (77) when DIR has no
dynamic linker.  Exit status: 0 pass, 1 fail, 77 skip (meson's convention).
"""
import argparse
import glob
import os
import subprocess
import sys

MARKER = b"CROSSEMU-GUEST-BUILD-FAILED\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emu", required=True)
    ap.add_argument("--backend", choices=["jit", "interp"], default="jit")
    ap.add_argument("--sysroot")
    ap.add_argument("--expect-stdout")
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("prog")
    ap.add_argument("args", nargs="*")
    a = ap.parse_args()

    prog = os.path.abspath(a.prog)
    with open(prog, "rb") as f:
        if f.read(len(MARKER)) == MARKER:
            print("FAIL: %s did not compile:\n%s" % (prog, f.read().decode(errors="replace")))
            return 1
    env = dict(os.environ)
    env.pop("CROSSEMU_BACKEND", None)
    if a.backend == "interp":
        env["CROSSEMU_BACKEND"] = "interp"
    cmd = [os.path.abspath(a.emu)]
    if a.sysroot:
        if not glob.glob(os.path.join(a.sysroot, "lib", "ld-linux-*")):
            print("SKIP: no dynamic linker under %s/lib" % a.sysroot)
            return 77
        cmd += ["-L", a.sysroot]
    cmd += [prog] + a.args
    print("$ %s%s" % ("CROSSEMU_BACKEND=interp " if a.backend == "interp" else "", " ".join(cmd)))
    try:
        p = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=a.timeout)
    except subprocess.TimeoutExpired:
        print("FAIL: timed out after %d s" % a.timeout)
        return 1
    sys.stdout.write(p.stdout.decode(errors="replace"))
    sys.stdout.write(p.stderr.decode(errors="replace"))
    if p.returncode != 0:
        print("FAIL: exit status %d" % p.returncode)
        return 1
    if a.expect_stdout and a.expect_stdout not in p.stdout.decode(errors="replace"):
        print("FAIL: stdout lacks %r" % a.expect_stdout)
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
