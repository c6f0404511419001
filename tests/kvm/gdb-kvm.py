#!/usr/bin/env python3
"""gdb-kvm.py: the system-mode GDB stub of crossemu-system-x86_64, end to end.

usage: gdb-kvm.py EMU GUEST_ELF SCENARIO

Scenarios (each boots the tests/kvm guest with -gdb on a free port):
  break      -S: gdb-multiarch in batch mode reads the registers at the
             first instruction, breaks at cmdline_get (debug registers),
             reads the stack and memory, steps, continues to the guest's
             poweroff and sees its exit status
  int3       five breakpoints: the fifth is an int3 in guest memory; gdb
             stops there, steps off it and the guest still runs correctly
  smp        -smp 2: a breakpoint in the AP's code stops thread 2 ("CPU#1")
  lifecycle  SIGTERM while -S waits for gdb, while gdb inspects a stop, and
             while the guest runs under gdb (gdb hears "W00"); gdb's kill:
             each ends crossemu with status 0 at once
  busy       -gdb on a port already in use: one line naming it, status 1
  protocol   no -S: a raw client connects while the guest waits for serial
             input, reads registers and memory (an unmapped address is an
             error), continues, interrupts with Ctrl-C (stop reply SIGINT),
             detaches, and the guest runs on to its end

Exit status 0 pass, 1 fail, 77 skip (no usable /dev/kvm, no gdb-multiarch).
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

SKIP = 77


def kvm_unusable():
    try:
        os.close(os.open("/dev/kvm", os.O_RDWR))
    except OSError as e:
        return "/dev/kvm: " + e.strerror
    return None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_emu(emu, elf, port, append, extra, stdin=subprocess.DEVNULL, probe=True):
    cmd = [emu, "-M", "microvm", "-nographic", "-kernel", elf, "-append", append,
           "-gdb", "tcp::%d" % port] + extra
    print("+ " + " ".join(cmd), flush=True)
    p = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if not probe:
        return p
    # the port is listening before the guest runs (or crossemu failed)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and p.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            break
        except OSError:
            time.sleep(0.02)
    return p


def probe_listening(port):
    """Connect as soon as the stub listens."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        s = socket.socket()
        try:
            s.connect(("127.0.0.1", port))
            return s
        except OSError:
            s.close()
            time.sleep(0.02)
    return None


def finish(p, timeout=20):
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        print("FAIL: crossemu still running after %d s" % timeout)
        return None, out.decode(errors="replace"), err.decode(errors="replace")
    return p.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def run_gdb(gdb, elf, port, cmds):
    # gdb retries a refused connection until the stub listens (tcp auto-retry)
    args = [gdb, "-nx", "-batch", "-ex", "set pagination off",
            "-ex", "target remote 127.0.0.1:%d" % port]
    for c in cmds:
        args += ["-ex", c]
    args.append(elf)
    p = subprocess.run(args, capture_output=True, text=True, timeout=60)
    out = p.stdout + p.stderr
    print("--- gdb ---\n" + out)
    return out


def check_all(text, patterns, what):
    ok = True
    for pat in patterns:
        if not re.search(pat, text, re.M):
            print("FAIL: %s lacks /%s/" % (what, pat))
            ok = False
    return ok


def symbol(elf, name):
    out = subprocess.run(["nm", elf], capture_output=True, text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[2] == name:
            return int(f[0], 16)
    raise SystemExit("FAIL: no symbol %s in %s" % (name, elf))


def scenario_break(emu, elf, gdb):
    port = free_port()
    # the stub must stay quiet before gdb comes: -S holds the vCPUs
    p = start_emu(emu, elf, port, "test=poweroff status=7", ["-S"])
    # the probe connection above counted as a gdb session that went away:
    # the guest must still be held, and the stub listening again
    time.sleep(0.5)
    if p.poll() is not None:
        print("FAIL: the guest ran without gdb (-S)")
        finish(p)
        return 1
    start = symbol(elf, "pvh_start32")
    out = run_gdb(gdb, elf, port, [
        "info registers rip eflags cs ss cr0 cr3 efer fs_base gs_base",
        "p $rsp",
        "break cmdline_get",
        "continue",
        "bt 2",
        "p/x $rip",
        "p $cr0 & 0x80000001",
        "x/s $rdi",
        "x/2i $pc",
        "x/4xb 0xdead00000000",
        "stepi",
        "p/x $rip",
        "set var $rax = 0x1122334455667788",
        "p/x $rax",
        "info registers xmm0 mxcsr st0 fctrl",
        "delete",
        "continue",
    ])
    status, sout, serr = finish(p)
    print("--- serial ---\n" + sout + "--- stderr ---\n" + serr)
    ok = check_all(out, [
        r"^rip\s+0x%x\s+0x%x <pvh_start32>" % (start, start),
        r"^cs\s+0x",
        r"^cr0\s+0x11\b",                       # protected mode, no paging yet (PVH)
        r"^efer\s+0x0\b",
        r"^fs_base\s+0x0\b",
        r"Breakpoint 1 at 0x%x" % symbol(elf, "cmdline_get"),
        r"Breakpoint 1, 0x0*%x in cmdline_get \(\)" % symbol(elf, "cmdline_get"),
        r"#1 .* in guest_main \(\)",
        r"^\$2 = 0x%x$" % symbol(elf, "cmdline_get"),
        r"^\$3 = 2147483649$",                  # PG and PE: the guest's own page tables
        r":\s+\"test=poweroff status=7\"",      # the command line, read through them
        r"<cmdline_get>:\s+\S+",
        r"Cannot access memory at address 0xdead00000000",
        r"^\$5 = 0x1122334455667788$",
        r"^xmm0\s+\{",
        r"^mxcsr\s+0x",
        r"^fctrl\s+0x",
        r"\[Inferior 1 \(process 1\) exited with code 07\]",
    ], "gdb output")
    # stepi lands on the second instruction x/2i showed
    m = re.search(r"^\s+0x([0-9a-f]+) <cmdline_get\+\d+>:", out, re.M)
    if not m or not re.search(r"^\$4 = 0x%s$" % m.group(1), out, re.M):
        print("FAIL: stepi did not stop at the next instruction")
        ok = False
    if status != 7:
        print("FAIL: crossemu exit status %r, expected 7" % status)
        ok = False
    return 0 if ok else 1


def scenario_int3(emu, elf, gdb):
    port = free_port()
    p = start_emu(emu, elf, port, "test=poweroff status=5", ["-S"], probe=False)
    target = symbol(elf, "test_poweroff")
    out = run_gdb(gdb, elf, port, [
        # four debug registers, then an int3
        "break guest_main", "break uart_init", "break strlen", "break memset",
        "break test_poweroff",
        "continue",
        "delete 1 2 3 4",
        "continue",
        "p/x $rip",
        "x/1xb $pc",
        "stepi",
        "p/x $rip",
        "continue",
    ])
    status, sout, serr = finish(p)
    print("--- serial ---\n" + sout + "--- stderr ---\n" + serr)
    ok = check_all(out, [
        r"Breakpoint 1, .* in guest_main \(\)",
        r"Breakpoint 5, 0x0*%x in test_poweroff \(\)" % target,
        r"^\$1 = 0x%x$" % target,
        r"^0x%x <test_poweroff>:\s+0x53$" % target,     # push %rbx, not our int3
        r"^\$2 = 0x%x$" % (target + 1),
        r"exited with code 05\]",
    ], "gdb output")
    if status != 5:
        print("FAIL: crossemu exit status %r, expected 5" % status)
        ok = False
    return 0 if ok else 1


def scenario_smp(emu, elf, gdb):
    port = free_port()
    p = start_emu(emu, elf, port, "test=smp", ["-S", "-smp", "2"], probe=False)
    out = run_gdb(gdb, elf, port, [
        "info threads",
        "break ap_main",
        "continue",
        "info threads",
        "p $_thread",
        "delete",
        "continue",
    ])
    status, sout, serr = finish(p)
    print("--- serial ---\n" + sout + "--- stderr ---\n" + serr)
    ok = check_all(out, [
        r"Thread 1\.1 \"CPU#0\"",
        r"Thread 1\.2 \"CPU#1\"",
        r"Thread 2 \"CPU#1\" hit Breakpoint 1, .* in ap_main \(\)",
        r"^\$1 = 2$",
        r"exited normally\]",
    ], "gdb output") and check_all(sout, [r"APs up: 1 id=1", r"RESULT: PASS"], "serial")
    if status != 0:
        print("FAIL: crossemu exit status %r, expected 0" % status)
        ok = False
    return 0 if ok else 1


class Rsp:
    """A minimal remote-protocol client, for what batch gdb cannot do (Ctrl-C)."""

    def __init__(self, sock):
        self.s = sock
        self.s.settimeout(10)
        self.buf = b""

    def send(self, payload):
        body = payload.encode()
        self.s.sendall(b"$" + body + b"#%02x" % (sum(body) & 0xff))

    def reply(self):
        while True:
            m = re.search(rb"\$([^#]*)#[0-9a-fA-F]{2}", self.buf)
            if m:
                self.buf = self.buf[m.end():]
                self.s.sendall(b"+")
                return m.group(1).decode()
            chunk = self.s.recv(4096)
            if not chunk:
                raise EOFError("connection closed")
            self.buf += chunk

    def cmd(self, payload):
        self.send(payload)
        return self.reply()


def scenario_protocol(emu, elf, gdb):
    port = free_port()
    # two vCPUs: the AP sits in wait-for-SIPI inside KVM_RUN and must still park
    p = start_emu(emu, elf, port, "test=echo", ["-smp", "2"], stdin=subprocess.PIPE,
                  probe=False)
    ok = True
    sk = probe_listening(port)
    if not sk:
        print("FAIL: the stub does not listen")
        p.kill()
        return 1
    r = Rsp(sk)
    stop = r.cmd("?")
    print("? ->", stop)
    ok &= bool(re.match(r"T05", stop))
    regs = r.cmd("g")
    # rax..r15 (16 x 8), rip (8), eflags (4), 6 segments (4): 176 bytes before the x87 stack
    if len(regs) < 2 * 176 or not re.fullmatch(r"[0-9a-fx]+", regs):
        print("FAIL: g reply %r" % regs[:80])
        ok = False
    rip = int.from_bytes(bytes.fromhex(regs[2 * 128:2 * 136]), "little")
    print("rip = %#x" % rip)
    mem = r.cmd("m%x,4" % rip)
    if not re.fullmatch(r"[0-9a-f]{8}", mem):
        print("FAIL: m at rip: %r" % mem)
        ok = False
    bad = r.cmd("mdead00000000,4")
    print("m unmapped ->", bad)
    ok &= bad.startswith("E")
    threads = r.cmd("qfThreadInfo")
    print("qfThreadInfo ->", threads)
    ok &= threads.startswith("m") and "2" in threads
    ok &= r.cmd("Mdead00000000,1:90").startswith("E")
    r.send("c")
    time.sleep(0.3)
    sk.sendall(b"\x03")
    stop = r.reply()
    print("after Ctrl-C ->", stop)
    if not stop.startswith("T02"):
        print("FAIL: Ctrl-C should stop with SIGINT (T02), got %r" % stop)
        ok = False
    ok &= r.cmd("D") == "OK"
    sk.close()
    # detached: the guest runs on and answers its serial port
    time.sleep(0.2)
    p.stdin.write(b"after gdb\n")
    p.stdin.flush()
    status, sout, serr = finish(p)
    print("--- serial ---\n" + sout + "--- stderr ---\n" + serr)
    ok &= check_all(sout, [r"echo: after gdb", r"RESULT: PASS"], "serial")
    if status != 0:
        print("FAIL: crossemu exit status %r, expected 0" % status)
        ok = False
    return 0 if ok else 1


def scenario_lifecycle(emu, elf, gdb):
    ok = True
    for mode in ("waiting", "stopped", "running", "kill"):
        port = free_port()
        p = start_emu(emu, elf, port, "test=echo", [] if mode == "running" else ["-S"],
                      probe=False)
        r = None
        if mode == "waiting":
            time.sleep(0.3)
        else:
            sk = probe_listening(port)
            r = Rsp(sk)
            ok &= r.cmd("?").startswith("T05")
        if mode == "running":
            r.send("c")
            time.sleep(0.3)
        if mode == "kill":
            r.send("k")
        else:
            p.send_signal(signal.SIGTERM)
        status, sout, serr = finish(p, 5)
        print("%s: status %r, stderr %r" % (mode, status, serr))
        if status != 0:
            print("FAIL: %s: crossemu exit status %r, expected 0" % (mode, status))
            ok = False
        if mode == "running":
            try:
                w = r.reply()
            except (EOFError, OSError) as e:
                w = repr(e)
            if w != "W00":
                print("FAIL: gdb should hear the exit (W00), got %r" % w)
                ok = False
    return 0 if ok else 1


def scenario_busy(emu, elf, gdb):
    holder = socket.socket()
    holder.bind(("0.0.0.0", 0))
    holder.listen(1)
    port = holder.getsockname()[1]
    p = subprocess.run([emu, "-M", "microvm", "-kernel", elf, "-gdb", "tcp::%d" % port],
                       capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
    holder.close()
    lines = p.stderr.splitlines()
    print(p.stderr)
    want = "crossemu-system-x86_64: -gdb tcp::%d: Address already in use" % port
    if p.returncode != 1 or lines != [want]:
        print("FAIL: expected status 1 and %r, got status %d" % (want, p.returncode))
        return 1
    return 0


def main():
    emu, elf, scenario = sys.argv[1:4]
    why = kvm_unusable()
    # the port is taken before /dev/kvm is opened: that check runs anywhere
    if why and scenario != "busy":
        print("SKIP: " + why)
        return SKIP
    gdb = shutil.which("gdb-multiarch") or shutil.which("gdb")
    if not gdb and scenario in ("break", "int3", "smp"):
        print("SKIP: gdb-multiarch is not installed")
        return SKIP
    return {"break": scenario_break, "int3": scenario_int3, "smp": scenario_smp,
            "protocol": scenario_protocol, "busy": scenario_busy,
            "lifecycle": scenario_lifecycle}[scenario](emu, elf, gdb)


if __name__ == "__main__":
    sys.exit(main())
