#!/usr/bin/env python3
"""run-gdb-test.py: one end-to-end GDB stub test with gdb-multiarch.

usage: run-gdb-test.py --emu CROSSEMU --gdb GDB --prog GUEST_ELF --script TEST.gdb
                      [--dynamic-prog GUEST_ELF --sysroot DIR]

Starts `CROSSEMU -g unix:SOCKET GUEST_ELF ARGS` (or -g PORT over TCP), runs
`GDB -batch` with the script against it, and checks what the script's header
comments ask for:

  # args: WORD...          arguments of the guest program
  # transport: tcp         connect over TCP on a free port (default: Unix socket;
                           env: a Unix socket given through QEMU_GDB, not -g;
                           tcp-host: -g localhost:PORT)
  # expect: REGEX          must match gdb's output (each line is one check)
  # reject: REGEX          must not match gdb's output
  # stdout: REGEX          must match the guest program's output
  # exit: N                the emulator exits with status N
  # signal: NAME           the emulator dies of signal NAME (SEGV, KILL...)
  # interrupt-after: SEC   send gdb a SIGINT (Ctrl-C) after SEC seconds
  # kill-gdb-after: SEC    SIGKILL gdb after SEC seconds (a debugger that dies)
  # interrupt-when: REGEX  send gdb a SIGINT once the program's output matches
                           (then after interrupt-after seconds, default 0.2)
  # requires: threads      skip unless guest threads work (probed by running
                           the program with that argument, without gdb)
  # program: dynamic       debug the dynamically linked build: the emulator
                           gets -L SYSROOT and gdb `set sysroot SYSROOT`
  # before-connect: CMD    a gdb command run before `target remote`
  # gdb-file: none         start gdb without the program file: it must learn
                           it from the stub (qXfer:exec-file:read)

Tokens replaced in the script and in the checks, per guest (--arch):
  @ARG0@ @ARG1@ @ARG2@  the first argument registers (a0 / x0 ...)
  @SYSCALL@             the system call instruction (ecall / svc)
  @FPCSR@ @FPREG@       an FP status register and an FP/SIMD register
  @SYSROOT@             the guest's sysroot (--sysroot)

Exit status 0 = pass, 1 = fail, 77 = skipped (gdb-multiarch not installed,
or a feature the test needs is missing).  Every step has a timeout, so a hung
gdb or emulator fails the test instead of hanging `make check`.
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77

ARCH_TOKENS = {
    "riscv64": {"@ARG0@": "a0", "@ARG1@": "a1", "@ARG2@": "a2", "@SYSCALL@": "ecall",
                "@FPCSR@": "fflags", "@FPREG@": "ft0"},
    "aarch64": {"@ARG0@": "x0", "@ARG1@": "x1", "@ARG2@": "x2", "@SYSCALL@": "svc",
                "@FPCSR@": "fpsr", "@FPREG@": "v0"},
}


SYSROOT = ""


def subst(text, arch, regex=False):
    for k, v in ARCH_TOKENS[arch].items():
        text = text.replace(k, v)
    return text.replace("@SYSROOT@", re.escape(SYSROOT) if regex else SYSROOT)


def parse_header(path, arch):
    h = {"args": [], "expect": [], "reject": [], "stdout": [], "exit": None,
         "signal": None, "transport": "unix", "interrupt-after": None, "kill-gdb-after": None, "interrupt-when": None, "requires": [],
         "program": "static", "gdb-file": "program", "before-connect": []}
    with open(path) as f:
        for line in f:
            m = re.match(r"#\s*([a-z-]+):\s?(.*)$", line.rstrip("\n"))
            if not m:
                continue
            key = m.group(1)
            val = subst(m.group(2), arch, key in ("expect", "reject", "stdout"))
            if key in ("expect", "reject", "stdout", "before-connect"):
                h[key].append(val)
            elif key == "args":
                h["args"] = val.split()
            elif key == "exit":
                h["exit"] = int(val)
            elif key == "signal":
                h["signal"] = getattr(signal, "SIG" + val.strip())
            elif key in ("interrupt-after", "kill-gdb-after"):
                h[key] = float(val)
            elif key == "requires":
                h["requires"].append(val.strip())
            elif key in ("transport", "program", "gdb-file", "interrupt-when"):
                h[key] = val.strip()
    return h


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_listening(spec, emu, timeout=20):
    """Until the emulator accepts connections (or dies)."""
    end = time.time() + timeout
    while time.time() < end:
        if emu.poll() is not None:
            return False
        if spec.startswith("unix:"):
            if os.path.exists(spec[5:]):
                return True
        else:
            hexport = ":%04X" % int(spec.split(":")[-1])
            for table in ("/proc/net/tcp", "/proc/net/tcp6"):
                try:
                    with open(table) as f:
                        # state 0A = LISTEN
                        if any(l.split()[1].endswith(hexport) and l.split()[3] == "0A"
                               for l in f.readlines()[1:]):
                            return True
                except OSError:
                    return True
        time.sleep(0.05)
    return False


def probe(emu, emu_opts, prog, feature, backend):
    """Whether the emulator supports what the test needs (e.g. threads)."""
    env = dict(os.environ)
    if backend:
        env["CROSSEMU_BACKEND"] = backend
    try:
        p = subprocess.run([emu] + emu_opts + [prog, feature], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=60, env=env)
    except subprocess.TimeoutExpired:
        return False, "the probe run timed out"
    if p.returncode != 0:
        return False, "the program's %s run fails without gdb (status %d): %s" % (
            feature, p.returncode, p.stdout.decode(errors="replace").strip()[-200:])
    return True, ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--emu", required=True)
    ap.add_argument("--gdb", default="")
    ap.add_argument("--prog", required=True)
    ap.add_argument("--script", required=True)
    ap.add_argument("--backend", default="", help="CROSSEMU_BACKEND for the emulator")
    ap.add_argument("--arch", default="riscv64", choices=sorted(ARCH_TOKENS))
    ap.add_argument("--dynamic-prog", default="", help="the program linked dynamically")
    ap.add_argument("--sysroot", default="", help="where its libraries are (-L)")
    a = ap.parse_args()
    global SYSROOT
    SYSROOT = a.sysroot

    gdb = a.gdb or shutil.which("gdb-multiarch")
    if not gdb or not os.path.exists(gdb):
        print("SKIP: gdb-multiarch is not installed (apt-get install gdb-multiarch)")
        return SKIP
    h = parse_header(a.script, a.arch)
    emu_opts = []
    if h["program"] == "dynamic":
        if not a.dynamic_prog or not os.path.isdir(os.path.join(a.sysroot, "lib")):
            print("SKIP: no dynamically linked program or no sysroot (%s)" % a.sysroot)
            return SKIP
        a.prog = a.dynamic_prog
        emu_opts = ["-L", a.sysroot]
    for feature in h["requires"]:
        ok, why = probe(a.emu, emu_opts, a.prog, feature, a.backend)
        if not ok:
            print("SKIP: needs guest %s: %s" % (feature, why))
            return SKIP

    tmp = tempfile.mkdtemp(prefix="crossemu-gdb-")
    try:
        if h["transport"] in ("tcp", "tcp-host"):
            port = str(free_port())
            spec = port if h["transport"] == "tcp" else "localhost:" + port
            target = "localhost:" + port
        else:
            spec = "unix:" + os.path.join(tmp, "gdb.sock")
            target = spec[5:]
        env = dict(os.environ)
        if a.backend:
            env["CROSSEMU_BACKEND"] = a.backend
        if h["transport"] == "env":
            env["QEMU_GDB"] = spec
            emu_cmd = [a.emu] + emu_opts + [a.prog] + h["args"]
        else:
            emu_cmd = [a.emu, "-g", spec] + emu_opts + [a.prog] + h["args"]
        emu_out = open(os.path.join(tmp, "emu.out"), "w+b")
        emu = subprocess.Popen(emu_cmd, stdout=emu_out, stderr=subprocess.STDOUT, env=env)
        if not wait_listening(spec, emu):
            emu.kill()
            emu.wait()
            emu_out.seek(0)
            text = emu_out.read().decode(errors="replace")
            if "GDB stub does not support" in text:
                print("SKIP: " + text.strip())
                return SKIP
            print("FAIL: the emulator never listened on %s" % spec)
            print(text)
            return 1

        script = os.path.join(tmp, "test.gdb")
        with open(a.script) as src, open(script, "w") as dst:
            dst.write("set pagination off\nset confirm off\nset width 0\nset height 0\n")
            if h["program"] == "dynamic":
                # gdb reads the libraries the emulator maps from the same place.
                dst.write("set sysroot %s\n" % a.sysroot)
            for c in h["before-connect"]:
                dst.write(c + "\n")
            dst.write("target remote %s\n" % target)
            dst.write(subst(src.read(), a.arch))
        cmd = [gdb, "-nx", "-batch", "-x", script]
        if h["gdb-file"] != "none":
            cmd.append(a.prog)
        gdbp = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
        if h["interrupt-when"] is not None:
            end = time.time() + 60
            while time.time() < end and gdbp.poll() is None:
                with open(emu_out.name, "rb") as f:
                    if re.search(h["interrupt-when"], f.read().decode(errors="replace"), re.M):
                        break
                time.sleep(0.05)
            time.sleep(h["interrupt-after"] if h["interrupt-after"] is not None else 0.2)
            gdbp.send_signal(signal.SIGINT)
        elif h["interrupt-after"] is not None:
            time.sleep(h["interrupt-after"])
            gdbp.send_signal(signal.SIGINT)
        if h["kill-gdb-after"] is not None:
            time.sleep(h["kill-gdb-after"])
            gdbp.kill()
        try:
            out, _ = gdbp.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            gdbp.kill()
            out, _ = gdbp.communicate()
            print("FAIL: gdb timed out; its output:")
            print(out.decode(errors="replace"))
            emu.kill()
            return 1
        out = out.decode(errors="replace")
        try:
            status = emu.wait(timeout=30)
        except subprocess.TimeoutExpired:
            emu.kill()
            emu.wait()
            status = "hung"
        emu_out.seek(0)
        prog_out = emu_out.read().decode(errors="replace")

        failures = []
        for rx in h["expect"]:
            if not re.search(rx, out, re.M):
                failures.append("gdb output lacks /%s/" % rx)
        for rx in h["reject"]:
            if re.search(rx, out, re.M):
                failures.append("gdb output has /%s/" % rx)
        for rx in h["stdout"]:
            if not re.search(rx, prog_out, re.M):
                failures.append("program output lacks /%s/" % rx)
        if h["exit"] is not None and status != h["exit"]:
            failures.append("emulator status %s, expected exit %d" % (status, h["exit"]))
        if h["signal"] is not None and status != -h["signal"]:
            failures.append("emulator status %s, expected death by %s" %
                            (status, signal.Signals(h["signal"]).name))
        print("---- gdb ----\n" + out)
        print("---- program (status %s) ----\n%s" % (status, prog_out))
        if failures:
            print("FAIL:\n  " + "\n  ".join(failures))
            return 1
        print("PASS")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
