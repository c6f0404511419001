#!/usr/bin/env python3
"""cross-cc.py: compile one guest test program, without breaking the build.

usage: cross-cc.py OUTPUT COMPILER [ARGS...]

Runs COMPILER ARGS -o OUTPUT.  Several engineers add programs to
tests/guest/ at the same time; one that does not compile must fail its own
tests, not stop the build of everything else.  So on a compiler error this
prints the diagnostics (the build log shows them) and writes OUTPUT as a
marker file that run-guest.py reports as a failed test.
"""
import os
import subprocess
import sys

MARKER = b"CROSSEMU-GUEST-BUILD-FAILED\n"


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.argv[1]
    cmd = sys.argv[2:] + ["-o", out]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    log = proc.stdout
    if proc.returncode == 0:
        if log:
            sys.stderr.buffer.write(log)
        return 0
    sys.stderr.write("cross-cc: compile failed (the tests using %s will fail):\n" % out)
    sys.stderr.buffer.write(log)
    if os.path.exists(out):
        os.unlink(out)
    with open(out, "wb") as f:
        f.write(MARKER)
        f.write(("$ " + " ".join(cmd) + "\n").encode())
        f.write(log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
