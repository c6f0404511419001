#!/usr/bin/env python3
"""run-guest.py: run one guest program under crossemu and judge the result.

usage:
  run-guest.py --emu CROSSEMU [--backend jit|interp] --expect exit0 PROG [ARGS...]
  run-guest.py --emu CROSSEMU [--backend ...] --expect sigill PROG
  run-guest.py --emu CROSSEMU [--backend ...] --native NATIVE_PROG PROG
      (multiarch: run NATIVE_PROG on the host and PROG under crossemu, and
       compare stdout byte for byte and the exit status)

--backend interp sets CROSSEMU_BACKEND=interp; jit (the default back end)
removes CROSSEMU_BACKEND from the environment.
Exit status: 0 pass, 1 fail, 77 skip (meson's convention).
"""
import argparse
import difflib
import os
import signal
import subprocess
import sys

MARKER = b"CROSSEMU-GUEST-BUILD-FAILED\n"


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def check_built(path):
    try:
        with open(path, "rb") as f:
            head = f.read(len(MARKER))
            if head == MARKER:
                sys.stdout.write(f.read().decode(errors="replace"))
                fail("%s did not compile (see above)" % path)
    except OSError as e:
        fail("cannot open %s: %s" % (path, e))


def describe(rc):
    if rc < 0:
        try:
            return "killed by %s" % signal.Signals(-rc).name
        except ValueError:
            return "killed by signal %d" % -rc
    return "exit status %d" % rc


def show(label, data):
    text = data.decode(errors="replace")
    if len(text) > 8000:
        text = text[:4000] + "\n[... %d bytes elided ...]\n" % (len(text) - 8000) + text[-4000:]
    print("--- %s ---" % label)
    sys.stdout.write(text)
    if text and not text.endswith("\n"):
        print()


def run(cmd, env, timeout):
    try:
        return subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        fail("timed out after %d s: %s" % (timeout, " ".join(cmd)))
    except OSError as e:
        fail("cannot run %s: %s" % (cmd[0], e))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emu", required=True)
    ap.add_argument("--backend", choices=["jit", "interp"], default="jit")
    ap.add_argument("--expect", choices=["exit0", "sigill"], default="exit0")
    ap.add_argument("--native")
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("prog")
    ap.add_argument("args", nargs="*")
    a = ap.parse_args()

    env = dict(os.environ)
    env.pop("CROSSEMU_BACKEND", None)
    if a.backend == "interp":
        env["CROSSEMU_BACKEND"] = "interp"

    # meson passes build targets relative to the build directory; a bare name
    # like "crossemu-riscv64" would otherwise be looked up in $PATH.
    a.emu = os.path.abspath(a.emu)
    a.prog = os.path.abspath(a.prog)
    if a.native:
        a.native = os.path.abspath(a.native)
    check_built(a.prog)
    cmd = [a.emu, a.prog] + a.args
    print("$ %s%s" % ("CROSSEMU_BACKEND=interp " if a.backend == "interp" else "",
                      " ".join(cmd)))

    if a.native:
        check_built(a.native)
        nat = run([a.native] + a.args, None, a.timeout)
        emu = run(cmd, env, a.timeout)
        if emu.returncode != nat.returncode:
            show("stderr under crossemu", emu.stderr)
            fail("status differs: native %s, crossemu %s"
                 % (describe(nat.returncode), describe(emu.returncode)))
        if emu.stdout != nat.stdout:
            diff = difflib.unified_diff(
                nat.stdout.decode(errors="replace").splitlines(True),
                emu.stdout.decode(errors="replace").splitlines(True),
                "native", "crossemu")
            show("diff native -> crossemu", "".join(list(diff)[:200]).encode())
            show("stderr under crossemu", emu.stderr)
            fail("stdout differs from the native build")
        sys.stdout.write("stdout identical to native (%d bytes), %s\n"
                         % (len(nat.stdout), describe(nat.returncode)))
        return 0

    emu = run(cmd, env, a.timeout)
    show("stdout", emu.stdout)
    show("stderr", emu.stderr)
    if a.expect == "sigill":
        if emu.returncode != -signal.SIGILL:
            fail("expected death by SIGILL, got %s" % describe(emu.returncode))
    elif emu.returncode != 0:
        fail("expected exit status 0, got %s" % describe(emu.returncode))
    print("PASS (%s)" % describe(emu.returncode))
    return 0


if __name__ == "__main__":
    sys.exit(main())
