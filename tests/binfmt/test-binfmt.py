#!/usr/bin/env python3
"""test-binfmt.py: end-to-end tests of crossemu-binfmt and binfmt_misc.

usage: test-binfmt.py CASE --tool CROSSEMU-BINFMT --emu-dir DIR
                       [--probe ARCH=ELF ...] [--static-dir DIR --static-suffix S]
                       [--busybox-fetch SUITE:DEBARCH --busybox-arch ARCH]
                       [--log FILE --suite S --debarch D --arch A --mirror URL]

Cases (each one meson test; they share the kernel's binfmt_misc, so they run
one at a time):
  cli          without root: the exact magic and mask of every architecture,
               usage errors (exit 2), a missing interpreter and a binfmt_misc
               that is not mounted (exit 1), status of nothing (exit 3)
  register     (root) register under the test-only name crossemu-test, run a
               foreign program by its path and from a shell script and check
               that crossemu ran it; argv[0] with and without P; O with an
               execute-only program; C with a setuid program; registering
               twice, unregistering what is not there, no root, a failure
               half-way and --persistent; then nothing may be left
  chroot       (root) a foreign busybox-static rootfs with the static
               crossemu registered with F, /proc mounted as in any chroot: a
               shell pipeline of foreign programs inside it
  chroot-noproc  the same without /proc in the chroot (forked children must
               still get their own JIT code buffer)
  debootstrap  (root, network; make check-long) debootstrap --foreign of a
               minimal arm64 Debian, its second stage run in the chroot by
               the static crossemu through binfmt_misc, then dpkg, apt and
               shell pipelines in it; every command logged to --log

Root cases skip (exit 77) without root or without binfmt_misc, mounting it
first if needed.  They hold LOCK while they run: binfmt_misc is one table
for the whole machine.  Debian's qemu-user registers qemu-<arch> handlers that
claim the same binaries: the root cases disable them (echo 0) and leave them
disabled, so that nothing here runs through QEMU by accident.
Exit status: 0 pass, 1 fail, 77 skip.
"""
import argparse
import fcntl
import glob
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

BINFMT = "/proc/sys/fs/binfmt_misc"
NAME = "crossemu-test"
SKIP = 77

# Independent of the tool: (ELF class, data, e_machine) from the ELF gABI.
ARCHES = {
    "aarch64": (2, 1, 183), "arm": (1, 1, 40), "riscv64": (2, 1, 243),
    "riscv32": (1, 1, 243), "ppc64le": (2, 1, 21), "ppc64": (2, 2, 21),
    "ppc": (1, 2, 20), "sparc64": (2, 2, 43), "sparc32plus": (1, 2, 18),
    "sparc": (1, 2, 2),
}


class Failed(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failed(msg)


def run(cmd, timeout=60, **kw):
    """Run cmd in its own process group, so that a hang is killed whole."""
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    p = subprocess.Popen(cmd, start_new_session=True, **kw)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        raise Failed("timed out after %ds: %s" % (timeout, " ".join(map(str, cmd))))
    out = out.decode(errors="replace") if out is not None else ""
    err = err.decode(errors="replace") if err is not None else ""
    return p.returncode, out, err


def expect_magic(arch):
    cls, data, machine = ARCHES[arch]
    fmt = "<H" if data == 1 else ">H"
    magic = b"\x7fELF" + bytes([cls, data, 1]) + bytes(9) + struct.pack(fmt, 2) + \
        struct.pack(fmt, machine)
    mask = b"\xff" * 7 + bytes(9) + struct.pack(fmt, 0xfffe) + b"\xff\xff"
    return magic, mask


def esc(b):
    return "".join("\\x%02x" % c for c in b)


def elf_arch(path):
    """The ARCHES name of an ELF file's (class, data, e_machine), or None."""
    with open(path, "rb") as f:
        h = f.read(20)
    if len(h) < 20 or h[:4] != b"\x7fELF":
        return None
    machine = struct.unpack("<H" if h[5] == 1 else ">H", h[18:20])[0]
    for name, key in ARCHES.items():
        if key == (h[4], h[5], machine):
            return name
    return None


def tool(a, *args, **kw):
    return run([a.tool] + list(args), **kw)


# ---------------------------------------------------------------- cli

def case_cli(a):
    tmp = tempfile.mkdtemp(prefix="binfmt-cli-")
    try:
        # Fake interpreters: any host ELF will do for `list`.
        for arch in ARCHES:
            os.symlink("/bin/true", os.path.join(tmp, "crossemu-" + arch))
        rc, out, err = tool(a, "list", "--path", tmp, "--flags", "PF")
        check(rc == 0, "list: exit %d: %s" % (rc, err))
        lines = out.splitlines()
        check(len(lines) == len(ARCHES), "list: %d lines for %d arches" % (len(lines), len(ARCHES)))
        for arch in ARCHES:
            magic, mask = expect_magic(arch)
            want = ":crossemu-%s:M:0:%s:%s:%s:PF" % (arch, esc(magic), esc(mask),
                                                    os.path.join(tmp, "crossemu-" + arch))
            check(want in lines, "list: no line %s in:\n%s" % (want, out))
        # Flags are normalised; C implies O.
        rc, out, _ = tool(a, "list", "--path", tmp, "--arch", "ppc", "--flags", "fc")
        check(rc == 0 and out.strip().endswith(":OCF"), "flags fc: %r" % out)
        rc, out, _ = tool(a, "list", "--path", tmp, "--arch", "sparc", "--suffix", "-x")
        check(rc == 1, "missing suffixed interpreter: exit %d" % rc)
        # Usage errors: exit 2, one clear line.
        for args, what in [(["frob"], "unknown command"), (["register", "--arch", "m68k"], "unknown"),
                           (["register", "--arch", "x86_64"], "unknown"),
                           (["register", "--flags", "PX"], "unknown flag"),
                           (["register", "--name", "a/b"], "--name"),
                           (["status", "--flags", "P"], "--flags"),
                           (["register", "--path"], "missing argument"), ([], "usage")]:
            rc, out, err = tool(a, *args)
            check(rc == 2, "%s: exit %d, want 2" % (args, rc))
            check(what in err, "%s: stderr %r lacks %r" % (args, err, what))
        rc, out, err = tool(a, "--help")
        check(rc == 0 and "register" in out and "sparc32plus" in out, "--help")
        # Interpreter missing for an explicit --arch: exit 1, names the file.
        empty = os.path.join(tmp, "empty")
        os.mkdir(empty)
        rc, out, err = tool(a, "register", "--path", empty, "--arch", "aarch64",
                            "--binfmt-dir", empty)
        check(rc == 1 and "crossemu-aarch64" in err, "missing interpreter: %d %r" % (rc, err))
        # binfmt_misc not mounted (a plain directory): exit 1, says so; nothing created.
        rc, out, err = tool(a, "register", "--path", tmp, "--arch", "aarch64",
                            "--binfmt-dir", empty)
        check(rc == 1 and "not mounted" in err, "not mounted: %d %r" % (rc, err))
        check(os.listdir(empty) == [], "files left in the fake binfmt_misc dir")
        rc, out, err = tool(a, "status", "--binfmt-dir", empty)
        check(rc == 3 and "not mounted" in out, "status not mounted: %d %r" % (rc, out))
        rc, out, err = tool(a, "unregister", "--binfmt-dir", empty, "--name", NAME)
        check(rc == 3 and "registered" in err and "not mounted" in err,
              "unregister not mounted: %d %r" % (rc, err))
        # An interpreter that is itself a foreign binary would loop in the kernel.
        probe = a.probes.get("aarch64")
        if probe:
            loop = os.path.join(tmp, "loop")
            os.mkdir(loop)
            shutil.copy(probe, os.path.join(loop, "crossemu-aarch64"))
            rc, out, err = tool(a, "list", "--path", loop, "--arch", "aarch64")
            check(rc == 1 and "itself" in err, "foreign interpreter: %d %r" % (rc, err))
    finally:
        shutil.rmtree(tmp)
    return 0


# ---------------------------------------------------------------- root set-up

# binfmt_misc is one table for the whole machine, and several build trees
# (or `make check` beside `make check-long`) may run these tests at once:
# meson's is_parallel only orders the tests of one `meson test`.  Every root
# case holds this lock from set-up to exit.
LOCK = "/run/lock/crossemu-binfmt-tests.lock"
LOCK_WAIT = 180
_lock_fd = None


def take_lock(wait=LOCK_WAIT):
    global _lock_fd
    os.makedirs(os.path.dirname(LOCK), exist_ok=True)
    fd = os.open(LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = os.pread(fd, 64, 0).decode(errors="replace").strip()
                os.close(fd)
                print("SKIP: binfmt_misc is busy: another crossemu binfmt test (pid %s) has held "
                      "%s for %ds" % (holder or "?", LOCK, wait))
                sys.exit(SKIP)
            time.sleep(1)
    os.ftruncate(fd, 0)
    os.pwrite(fd, ("%d\n" % os.getpid()).encode(), 0)
    _lock_fd = fd


def root_setup():
    """Skip without root or binfmt_misc; mount it; disable qemu-*; clean up old runs."""
    if os.geteuid() != 0:
        print("SKIP: needs root (binfmt_misc registration)")
        sys.exit(SKIP)
    take_lock()
    if not os.path.exists(os.path.join(BINFMT, "register")):
        if subprocess.run(["mount", "-t", "binfmt_misc", "binfmt_misc", BINFMT],
                          stderr=subprocess.DEVNULL).returncode != 0 or \
                not os.path.exists(os.path.join(BINFMT, "register")):
            print("SKIP: binfmt_misc is not available (mount -t binfmt_misc binfmt_misc %s failed)"
                  % BINFMT)
            sys.exit(SKIP)
    for e in glob.glob(os.path.join(BINFMT, "qemu-*")):
        with open(e, "w") as f:
            f.write("0")
    leftovers()


def leftovers(remove=True):
    """Entries of this test still registered (removed when remove)."""
    names = [os.path.basename(p) for p in glob.glob(os.path.join(BINFMT, NAME + "-*"))]
    if remove:
        for n in names:
            with open(os.path.join(BINFMT, n), "w") as f:
                f.write("-1")
    return names


def entry(arch):
    p = os.path.join(BINFMT, "%s-%s" % (NAME, arch))
    if not os.path.exists(p):
        return None
    d = {}
    with open(p) as f:
        for line in f.read().splitlines():
            if line in ("enabled", "disabled"):
                d["state"] = line
            elif line.startswith("flags:"):
                d["flags"] = line[6:].strip()
            elif " " in line:
                k, v = line.split(" ", 1)
                d[k] = v
    return d


def register(a, arch, flags, path=None, suffix="", extra=()):
    args = ["register", "--name", NAME, "--arch", arch, "--flags", flags,
            "--path", path or a.emu_dir] + (["--suffix", suffix] if suffix else []) + list(extra)
    rc, out, err = tool(a, *args)
    check(rc == 0, "register %s %s: exit %d: %s" % (arch, flags, rc, err))
    return out


def unregister(a, *extra):
    rc, out, err = tool(a, "unregister", "--name", NAME, *extra)
    check(rc == 0, "unregister: exit %d: %s" % (rc, err))


def probe_run(cmd, argv0=None, env=None, log=None, **kw):
    """Run a foreign probe directly (the kernel must send it to crossemu)."""
    e = dict(os.environ if env is None else env)
    if log:
        # crossemu's own -d page line: QEMU prints a different page table.
        e["QEMU_LOG"] = "page"
        e["QEMU_LOG_FILENAME"] = log
    if argv0 is not None:
        return run([argv0] + cmd[1:], executable=cmd[0], env=e, **kw)
    return run(cmd, env=e, **kw)


def parse_probe(out):
    d = {}
    for line in out.splitlines():
        for kv in line.split(" "):
            if "=" in kv:
                k, v = kv.split("=", 1)
                d[k] = v
    # argv entries may hold spaces: take them whole.
    for line in out.splitlines():
        if line.startswith("argv["):
            k, v = line.split("=", 1)
            d[k] = v
    return d


def ran_crossemu(log):
    try:
        with open(log) as f:
            text = f.read()
    except OSError:
        return False
    return "entry 0x" in text and "bias 0x" in text


# ---------------------------------------------------------------- register

def case_register(a):
    root_setup()
    if not a.probes:
        print("SKIP: no foreign probe program was built (cross compilers missing)")
        return SKIP
    tmp = tempfile.mkdtemp(prefix="binfmt-reg-")
    os.chmod(tmp, 0o755)
    try:
        do_register(a, tmp)
    finally:
        left = leftovers()
        shutil.rmtree(tmp)
    check(not left, "left registered: %s" % left)
    return 0


def do_register(a, tmp):
    log = os.path.join(tmp, "log")
    for arch, probe in sorted(a.probes.items()):
        # --- no flags: argv[0] is the path the kernel was given
        out = register(a, arch, "")
        e = entry(arch)
        magic, mask = expect_magic(arch)
        check(e and e["state"] == "enabled", "%s: not enabled: %s" % (arch, e))
        check(e["interpreter"] == os.path.join(os.path.realpath(a.emu_dir), "crossemu-" + arch),
              "%s: interpreter %s" % (arch, e["interpreter"]))
        check(e["magic"] == magic.hex() and e["mask"] == mask.hex() and e["flags"] == "",
              "%s: entry %s" % (arch, e))
        rc, out, err = probe_run([probe, "one", "two words"], argv0="custom0", log=log)
        d = parse_probe(out)
        check(rc == 0, "%s: probe exit %d: %s" % (arch, rc, err))
        check(ran_crossemu(log), "%s: crossemu's log is missing: not run by crossemu?" % arch)
        check(d.get("argv[0]") == probe and d.get("argv[1]") == "one" and
              d.get("argv[2]") == "two words" and d.get("argc") == "3",
              "%s: without P, argv %r" % (arch, out))
        os.unlink(log)
        # From a shell script (the host shell execs the foreign program).
        script = os.path.join(tmp, "script.sh")
        with open(script, "w") as f:
            f.write("#!/bin/sh\nexec %s from-script \"$@\"\n" % probe)
        os.chmod(script, 0o755)
        rc, out, err = probe_run([script, "x"], log=log)
        check(rc == 0 and "argv[1]=from-script" in out and "argv[2]=x" in out,
              "%s: from a script: %d %r %r" % (arch, rc, out, err))
        check(ran_crossemu(log), "%s: script: not run by crossemu" % arch)
        os.unlink(log)
        # Registering twice: exit 3, the entry unchanged.
        rc, out, err = tool(a, "register", "--name", NAME, "--arch", arch, "--flags", "P",
                            "--path", a.emu_dir)
        check(rc == 3 and "already registered" in err, "%s: twice: %d %r" % (arch, rc, err))
        check(entry(arch)["flags"] == "", "%s: second register changed the entry" % arch)
        unregister(a, "--arch", arch)
        check(entry(arch) is None, "%s: still there after unregister" % arch)
        rc, out, err = tool(a, "unregister", "--name", NAME, "--arch", arch)
        check(rc == 3 and "not registered" in err, "%s: unregister twice: %d %r" % (arch, rc, err))

        # --- P: the guest sees the argv[0] it was started with
        register(a, arch, "P")
        rc, out, err = probe_run([probe, "a"], argv0="custom0", log=log)
        d = parse_probe(out)
        check(rc == 0 and d.get("argv[0]") == "custom0" and d.get("argv[1]") == "a" and
              d.get("argc") == "2", "%s: with P, argv %r %r" % (arch, out, err))
        check(ran_crossemu(log), "%s: P: not run by crossemu" % arch)
        os.unlink(log)
        # An argv[0] that looks like an option is the guest's, not crossemu's.
        rc, out, err = probe_run([probe, "-d", "x"], argv0="-strace")
        d = parse_probe(out)
        check(rc == 0 and d.get("argv[0]") == "-strace" and d.get("argv[1]") == "-d",
              "%s: P with option-like args: %r %r" % (arch, out, err))
        unregister(a, "--arch", arch)

        # --- O and C, seen by an unprivileged user
        nobody = shutil.which("setpriv")
        if nobody:
            as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            xonly = os.path.join(tmp, "xonly-" + arch)
            suid = os.path.join(tmp, "suid-" + arch)
            shutil.copy(probe, xonly)
            os.chmod(xonly, 0o711)
            shutil.copy(probe, suid)
            os.chown(suid, 0, 0)
            os.chmod(suid, 0o4755)
            register(a, arch, "P")
            rc, out, err = run(as_nobody + [xonly])
            check(rc != 0, "%s: execute-only program ran without O" % arch)
            rc, out, err = run(as_nobody + [suid])
            d = parse_probe(out)
            check(rc == 0 and d.get("euid") == "65534" and d.get("secure") == "0",
                  "%s: setuid without C: %r %r" % (arch, out, err))
            unregister(a, "--arch", arch)
            register(a, arch, "PO")
            rc, out, err = run(as_nobody + [xonly, "q"])
            check(rc == 0 and "argv[1]=q" in out, "%s: O, execute-only: %d %r %r" %
                  (arch, rc, out, err))
            unregister(a, "--arch", arch)
            register(a, arch, "POC")
            check(entry(arch)["flags"] == "POC", "%s: flags %s" % (arch, entry(arch)))
            rc, out, err = run(as_nobody + [suid])
            d = parse_probe(out)
            check(rc == 0 and d.get("uid") == "65534" and d.get("euid") == "0" and
                  d.get("secure") == "1", "%s: setuid with C: %r %r" % (arch, out, err))
            # Running setuid, QEMU_LOG_FILENAME from the caller is ignored.
            victim = os.path.join(tmp, "victim")
            env = dict(os.environ, QEMU_LOG="page", QEMU_LOG_FILENAME=victim)
            rc, out, err = run(as_nobody + [suid], env=env)
            check(rc == 0 and not os.path.exists(victim),
                  "%s: setuid crossemu wrote the caller's log file" % arch)
            # No permission: a clear message, exit 1, nothing changed.
            rc, out, err = run(as_nobody + [a.tool, "unregister", "--name", NAME, "--arch", arch])
            check(rc == 1 and "root" in err, "%s: unregister as nobody: %d %r" % (arch, rc, err))
            check(entry(arch) is not None, "%s: removed by nobody" % arch)
            unregister(a, "--arch", arch)
            rc, out, err = run(as_nobody + [a.tool, "register", "--name", NAME, "--arch", arch,
                                            "--path", a.emu_dir])
            check(rc == 1 and "root" in err, "%s: register as nobody: %d %r" % (arch, rc, err))
            check(entry(arch) is None, "%s: registered by nobody" % arch)
        else:
            print("note: setpriv missing: O, C and permission checks not run")

    arches = sorted(a.probes)
    # --- a failure half-way leaves nothing: the last arch already registered
    if len(arches) >= 2:
        register(a, arches[-1], "P")
        rc, out, err = tool(a, "register", "--name", NAME, "--arch", ",".join(arches),
                            "--path", a.emu_dir)
        check(rc == 3, "partly registered: exit %d" % rc)
        for arch in arches[:-1]:
            check(entry(arch) is None, "%s registered although the command failed" % arch)
        unregister(a)
    # --persistent files cannot be written: the kernel entries are taken back.
    blocker = os.path.join(tmp, "blocker")
    with open(blocker, "w") as f:
        f.write("a file where a directory should be\n")
    rc, out, err = tool(a, "register", "--name", NAME, "--arch", ",".join(arches), "--path",
                        a.emu_dir, "--persistent", "--destdir", blocker)
    check(rc == 1, "persistent into a file: exit %d %r" % (rc, err))
    check(leftovers(remove=False) == [], "entries left after a failed --persistent: %s" %
          leftovers(remove=False))
    # --persistent: the files systemd-binfmt and update-binfmts read.
    dest = os.path.join(tmp, "dest")
    register(a, arches[0], "POC", extra=["--persistent", "--destdir", dest])
    conf = os.path.join(dest, "etc/binfmt.d/%s-%s.conf" % (NAME, arches[0]))
    fmt = os.path.join(dest, "usr/share/binfmts/%s-%s" % (NAME, arches[0]))
    magic, mask = expect_magic(arches[0])
    with open(conf) as f:
        lines = [l for l in f.read().splitlines() if l and not l.startswith("#")]
    check(lines == [":%s-%s:M:0:%s:%s:%s:POC" % (NAME, arches[0], esc(magic), esc(mask),
                                                entry(arches[0])["interpreter"])],
          "binfmt.d file: %r" % lines)
    with open(fmt) as f:
        kv = dict(l.split(" ", 1) for l in f.read().splitlines() if l)
    check(kv.get("magic") == esc(magic) and kv.get("mask") == esc(mask) and
          kv.get("credentials") == "yes" and kv.get("preserve") == "yes" and
          kv.get("fix_binary") == "no" and kv.get("offset") == "0",
          "binfmt-support format file: %r" % kv)
    rc, out, err = tool(a, "status", "--name", NAME, "--arch", arches[0], "--destdir", dest)
    check(rc == 0 and "enabled" in out and "persistent" in out, "status: %d %r" % (rc, out))
    unregister(a, "--persistent", "--destdir", dest)
    check(not os.path.exists(conf) and not os.path.exists(fmt), "persistent files left")
    rc, out, err = tool(a, "status", "--name", NAME, "--arch", arches[0])
    check(rc == 3 and "not registered" in out, "status after: %d %r" % (rc, out))
    # unregister with nothing registered at all: exit 3, says so.
    rc, out, err = tool(a, "unregister", "--name", NAME)
    check(rc == 3 and "nothing is registered" in err, "unregister of nothing: %d %r" % (rc, err))


# ---------------------------------------------------------------- chroot

BUSYBOX_APPLETS = ["sh", "echo", "cat", "tr", "wc", "sort", "uniq", "head", "ls", "seq",
                   "grep", "sed", "mkdir", "rm", "true", "false", "mount", "umount"]


def fetch_busybox(a):
    suite, debarch = a.busybox_fetch.split(":")
    fetch = os.path.join(a.source_root, "scripts", "fetch-assets.sh")
    rc, out, err = run([fetch, suite, debarch, "busybox-static"], timeout=600)
    if rc != 0:
        print("SKIP: cannot fetch %s %s busybox-static: %s" % (suite, debarch, err.strip()))
        sys.exit(SKIP)
    pkg = out.strip().splitlines()[-1]
    # bookworm ships /bin/busybox, trixie (usr-merged) /usr/bin/busybox.
    for rel in ("bin/busybox", "usr/bin/busybox"):
        bb = os.path.join(pkg, rel)
        if os.path.isfile(bb):
            return bb
    raise Failed("no bin/busybox or usr/bin/busybox in %s" % pkg)


def case_chroot(a, with_proc):
    root_setup()
    if not a.static_dir:
        print("SKIP: no static crossemu build (static glib/capstone/libffi archives missing?)")
        return SKIP
    chroot = shutil.which("chroot") or shutil.which("chroot", path="/usr/sbin:/sbin")
    if not chroot:
        print("SKIP: no chroot program")
        return SKIP
    bb = fetch_busybox(a)
    arch = a.busybox_arch
    check(elf_arch(bb) == arch, "%s is a %s program, not %s" % (bb, elf_arch(bb), arch))
    static = os.path.join(a.static_dir, "crossemu-%s%s" % (arch, a.static_suffix))
    check(os.path.exists(static), "missing %s" % static)
    root = tempfile.mkdtemp(prefix="binfmt-chroot-")
    os.chmod(root, 0o755)
    proc = os.path.join(root, "proc")
    mounted = False
    try:
        for d in ("bin", "tmp", "proc", "etc"):
            os.mkdir(os.path.join(root, d))
        shutil.copy(bb, os.path.join(root, "bin", "busybox"))
        for ap in BUSYBOX_APPLETS:
            os.symlink("busybox", os.path.join(root, "bin", ap))
        out = register(a, arch, "POCF", path=a.static_dir, suffix=a.static_suffix)
        check("POCF" in out, "flags: %r" % out)
        # The interpreter is outside the chroot: only F can make this work.
        check(not os.path.exists(os.path.join(root, static.lstrip("/"))), "interpreter visible")
        env = {"PATH": "/bin", "HOME": "/", "QEMU_LOG": "page", "QEMU_LOG_FILENAME": "/tmp/log"}
        if with_proc:
            # As every chroot set-up does it: the foreign mount, inside.
            mounted = True
            rc, out, err = run([chroot, root, "/bin/mount", "-t", "proc", "proc", "/proc"],
                               env=env)
            check(rc == 0 and os.path.ismount(proc),
                  "mount -t proc in the chroot: %d %r %r" % (rc, out, err))
        # Many forks (pipelines, command substitution, a loop of them): the
        # children must get their own JIT code buffer, with or without /proc.
        script = ("echo hello foreign world | tr a-z A-Z | wc -c; "
                  "seq 1 100 | grep 7 | sort -r | head -n 3 | tr '\\n' ' '; echo; "
                  "mkdir -p /tmp/d && echo inside > /tmp/d/f && cat /tmp/d/f; "
                  "echo \"$0\"; ls /bin | wc -l; "
                  "i=0; n=0; while [ $i -lt 40 ]; do i=$((i+1)); "
                  "n=$((n + $(echo $i | tr 0-9 0-9 | wc -c))); done; echo $n; "
                  "if [ -e /proc/1 ]; then echo proc; else echo noproc; fi")
        rc, out, err = run([chroot, root, "/bin/sh", "-c", script], env=env, timeout=120)
        # 40 numbers: 9 of one digit and 31 of two, each with its newline.
        want = ["20", "97 87 79 ", "inside", "/bin/sh", str(len(BUSYBOX_APPLETS) + 1),
                str(9 * 2 + 31 * 3), "proc" if with_proc else "noproc"]
        got = [l.strip(" ") if i != 1 else l for i, l in enumerate(out.splitlines())]
        check(rc == 0 and [g.strip() for g in got] == [w.strip() for w in want],
              "pipeline in the chroot: exit %d\n--- stdout\n%s--- stderr\n%s" % (rc, out, err))
        check(ran_crossemu(os.path.join(root, "tmp", "log")),
              "no crossemu log inside the chroot: not run by crossemu?")
        # A shell script inside the chroot, with a foreign interpreter in its #!.
        with open(os.path.join(root, "bin", "greet"), "w") as f:
            f.write("#!/bin/sh\necho \"greet $1 from $0\"\n")
        os.chmod(os.path.join(root, "bin", "greet"), 0o755)
        rc, out, err = run([chroot, root, "/bin/greet", "you"], env=env, timeout=60)
        check(rc == 0 and out.strip() == "greet you from /bin/greet",
              "script in the chroot: %d %r %r" % (rc, out, err))
        if with_proc:
            rc, out, err = run([chroot, root, "/bin/umount", "/proc"], env=env)
            check(rc == 0 and not os.path.ismount(proc),
                  "umount /proc in the chroot: %d %r %r" % (rc, out, err))
            mounted = False
        unregister(a)
        rc, out, err = tool(a, "status", "--name", NAME)
        # Other handlers (crossemu's own, QEMU's) may be listed as "also handled by".
        ours = re.findall(r"\b%s-[a-z0-9]+: ([^;\n]*)" % NAME, out)
        check(rc == 3 and ours and all(o == "not registered" for o in ours),
              "status after: %d %r" % (rc, out))
    finally:
        if mounted:
            subprocess.run(["umount", proc], stderr=subprocess.DEVNULL)
        left = leftovers()
        if not os.path.ismount(proc):
            shutil.rmtree(root, ignore_errors=True)
    check(not left, "left registered: %s" % left)
    return 0


# ---------------------------------------------------------------- debootstrap (make check-long)

def host_mirror():
    """The Debian archive the machine's own apt sources name (as fetch-assets.sh)."""
    for path, key in (("/etc/apt/sources.list.d/debian.sources", "URIs:"),
                      ("/etc/apt/sources.list", "deb")):
        try:
            with open(path) as f:
                for line in f:
                    w = line.split()
                    if len(w) >= 2 and w[0] == key and w[1].startswith("http"):
                        return w[1]
        except OSError:
            pass
    return "http://deb.debian.org/debian"


def is_static(path):
    """True if the ELF file has no PT_INTERP (no dynamic loader)."""
    with open(path, "rb") as f:
        h = f.read(64)
        if h[:4] != b"\x7fELF" or h[4] != 2:
            return False
        phoff, = struct.unpack("<Q", h[32:40])
        phentsize, phnum = struct.unpack("<HH", h[54:58])
        f.seek(phoff)
        ph = f.read(phentsize * phnum)
    return all(struct.unpack("<I", ph[i * phentsize:i * phentsize + 4])[0] != 3
               for i in range(phnum))


def mounts_under(root):
    """Mount points at or below root, deepest first."""
    root = os.path.realpath(root)
    found = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            mp = line.split()[4].replace("\\040", " ")
            if mp == root or mp.startswith(root + "/"):
                found.append(mp)
    return sorted(found, key=len, reverse=True)


class Log:
    """check-long's log file: every command, its output, and the timings."""

    def __init__(self, path):
        self.path = path = os.path.abspath(path)
        self.f = open(path, "w", buffering=1)
        self.t0 = time.monotonic()

    def say(self, msg):
        line = "[%7.1fs] %s" % (time.monotonic() - self.t0, msg)
        print(line, flush=True)
        self.f.write(line + "\n")

    def run(self, cmd, timeout, env=None):
        """Run cmd with its output into the log; returns (exit, seconds, output)."""
        self.f.write("$ %s\n" % " ".join(cmd))
        t = time.monotonic()
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             start_new_session=True, env=env)
        out = []
        try:
            deadline = t + timeout
            for raw in p.stdout:
                text = raw.decode(errors="replace")
                out.append(text)
                self.f.write(text)
                if time.monotonic() > deadline:
                    raise subprocess.TimeoutExpired(cmd, timeout)
            p.wait(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            self.f.write("(killed after %ds)\n" % timeout)
            raise Failed("timed out after %ds: %s (see %s)" % (timeout, " ".join(cmd), self.path))
        dt = time.monotonic() - t
        self.f.write("(exit %d, %.1fs)\n" % (p.returncode, dt))
        return p.returncode, dt, "".join(out)


def case_debootstrap(a):
    """debootstrap --foreign of a minimal foreign Debian, second stage through binfmt_misc."""
    root_setup()
    log = Log(a.log)
    log.say("make check-long: debootstrap --foreign --arch=%s %s, second stage under crossemu"
            % (a.debarch, a.suite))
    debootstrap = shutil.which("debootstrap", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    chroot = shutil.which("chroot", path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    if not debootstrap or not chroot:
        log.say("SKIP: debootstrap or chroot is missing (scripts/install-deps.sh --long)")
        return SKIP
    # The static emulator: the normal build's crossemu-<arch>-static, or a
    # -Dstatic=true build's crossemu-<arch>.
    static = None
    for cand in (os.path.join(a.emu_dir, "tools", "binfmt", "crossemu-%s-static" % a.arch),
                 os.path.join(a.emu_dir, "crossemu-" + a.arch)):
        if os.path.exists(cand) and is_static(cand):
            static = cand
            break
    if not static:
        log.say("SKIP: no statically linked crossemu-%s in %s (static glib/capstone/libffi "
                "archives missing? try `make static BUILD=...`)" % (a.arch, a.emu_dir))
        return SKIP
    mirror = a.mirror or host_mirror()
    try:
        import urllib.request
        urllib.request.urlopen("%s/dists/%s/Release" % (mirror.rstrip("/"), a.suite),
                               timeout=30).read(1)
    except Exception as e:  # any failure to reach the archive means: no network
        log.say("SKIP: cannot reach the Debian archive %s: %s" % (mirror, e))
        return SKIP
    cache = os.path.join(os.environ.get("CROSSEMU_ASSET_CACHE") or
                         os.path.join(os.environ.get("HOME") or "/root", ".cache",
                                      "crossemu-assets"),
                         "debootstrap-%s-%s" % (a.suite, a.debarch))
    os.makedirs(cache, exist_ok=True)
    work = tempfile.mkdtemp(prefix="crossemu-check-long-", dir=a.workdir)
    os.chmod(work, 0o755)
    target = os.path.join(work, "root")
    registered = False
    ok = False
    try:
        log.say("first stage (host debootstrap, packages cached in %s)" % cache)
        rc, dt, out = log.run([debootstrap, "--foreign", "--arch=" + a.debarch,
                               "--variant=minbase", "--cache-dir=" + cache,
                               "--keyring=/usr/share/keyrings/debian-archive-keyring.gpg",
                               a.suite, target, mirror], timeout=1800)
        if rc != 0:
            # A download that fails half-way is still the network's fault.
            if "Couldn't download" in out or "Failed getting release file" in out:
                log.say("SKIP: the first stage could not download from %s (see %s)"
                        % (mirror, a.log))
                ok = True   # nothing worth keeping
                return SKIP
            raise Failed("first stage: exit %d (see %s)" % (rc, a.log))
        log.say("first stage done in %.0fs" % dt)
        shell = os.path.realpath(os.path.join(target, "bin", "dash"))
        check(elf_arch(shell) == a.arch, "%s is %s, not %s" % (shell, elf_arch(shell), a.arch))

        out = register(a, a.arch, "POCF", path=os.path.dirname(static),
                       suffix=os.path.basename(static)[len("crossemu-" + a.arch):])
        registered = True
        log.say(out.strip())
        check(not os.path.exists(os.path.join(target, static.lstrip("/"))),
              "the interpreter is visible in the chroot")
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root", "LANG": "C.UTF-8",
               "TERM": "dumb", "DEBIAN_FRONTEND": "noninteractive"}
        def crossemu_runs_chroot(when):
            """crossemu's own log proves that it, not another handler, runs the chroot."""
            rc, _, out = log.run([chroot, target, "/bin/sh", "-c", "echo ok"], 60,
                                 dict(env, QEMU_LOG="page",
                                      QEMU_LOG_FILENAME="/crossemu-page.log"))
            check(rc == 0 and out.strip() == "ok", "a shell in the chroot: %d %r" % (rc, out))
            page_log = os.path.join(target, "crossemu-page.log")
            check(ran_crossemu(page_log), "%s: no crossemu log from the chroot: "
                  "another binfmt_misc handler runs it? (%s)" % (when, os.listdir(BINFMT)))
            os.unlink(page_log)

        crossemu_runs_chroot("before the second stage")

        log.say("second stage (chroot %s /debootstrap/debootstrap --second-stage)" % target)
        # -d unimp: every syscall, ioctl or instruction crossemu lacks is
        # named in the output (dpkg's goes to debootstrap.log, kept for that).
        rc, dt, out = log.run([chroot, target, "/debootstrap/debootstrap", "--second-stage",
                               "--keep-debootstrap-dir"], a.timeout, dict(env, QEMU_LOG="unimp"))
        stage_log = os.path.join(target, "debootstrap", "debootstrap.log")
        try:
            with open(stage_log, errors="replace") as f:
                dpkg_out = f.read()
        except OSError:
            dpkg_out = ""
        gaps = {}
        for m in re.finditer(r"^.*(?:Unsupported|unsupported|unimplemented|no struct \w+ layout|"
                             r"for this ABI).*$", out + dpkg_out, re.M):
            gaps[m.group(0).strip()] = gaps.get(m.group(0).strip(), 0) + 1
        for g, n in sorted(gaps.items(), key=lambda x: -x[1]):
            log.say("crossemu -d unimp: %dx %s" % (n, g))
        if rc != 0:
            tail = ""
            if os.path.exists(stage_log):
                with open(stage_log, errors="replace") as f:
                    tail = "".join(f.readlines()[-30:])
                log.f.write("--- the chroot's debootstrap.log, last lines\n" + tail)
            raise Failed("second stage: exit %d after %.0fs; last output:\n%s\n%s"
                         % (rc, dt, "".join(out.splitlines(True)[-15:]), tail))
        check("Base system installed successfully" in out,
              "second stage: no success message (see %s)" % a.log)
        # debootstrap carries on when mounting /proc or /sys fails; the chroot
        # would then be missing them.
        warn = [l for l in out.splitlines() if l.startswith("W: Failure")]
        check(not warn, "second stage: %s (see %s)" % ("; ".join(warn), a.log))
        log.say("second stage done in %.0fs" % dt)
        shutil.rmtree(os.path.join(target, "debootstrap"), ignore_errors=True)
        for mp in mounts_under(target):
            subprocess.run(["umount", mp])

        # The finished system, as a normal chroot.
        checks = [
            (["dpkg", "--print-architecture"], lambda o: o.strip() == a.debarch),
            (["uname", "-m"], lambda o: o.strip() == a.arch),
            (["dpkg-query", "-W", "-f", "${db:Status-Abbrev} ${Package}\\n"],
             lambda o: len(o.splitlines()) > 50 and
             all(l.startswith("ii ") for l in o.splitlines()) and
             log.say("%d packages, every one installed (ii)" % len(o.splitlines())) is None),
            (["dpkg", "-l", "dpkg", "apt", "bash", "coreutils"],
             lambda o: sum(l.startswith("ii ") for l in o.splitlines()) == 4),
            (["apt-get", "--version"],
             lambda o: o.startswith("apt ") and "(%s)" % a.debarch in o.splitlines()[0]),
            (["sh", "-c", "seq 1 1000 | grep 7 | sort -rn | head -n 3 | tr '\\n' ' '"],
             lambda o: o == "997 987 979 "),
            (["bash", "-c", "x=$(ls /usr/bin | wc -l); [ $x -gt 100 ] && echo many; "
              "printf '%s\\n' b a c | sort | paste -sd,"], lambda o: o == "many\na,b,c\n"),
            (["perl", "-e", "print join(',', map { $_ * $_ } 1..5), qq(\\n)"],
             lambda o: o == "1,4,9,16,25\n"),
            (["sh", "-c", "echo data > /tmp/f && gzip -9 /tmp/f && zcat /tmp/f.gz && "
              "rm /tmp/f.gz"], lambda o: o == "data\n"),
            (["apt-cache", "policy", "dpkg"], lambda o: "Installed:" in o),
        ]
        for cmd, good in checks:
            rc, dt, out = log.run([chroot, target] + cmd, 300, env)
            check(rc == 0 and good(out), "in the chroot: %s: exit %d, output:\n%s"
                  % (" ".join(cmd), rc, out[-2000:]))
            log.say("ok (%.1fs): %s" % (dt, " ".join(cmd)))
        # Nothing registered since (QEMU's update-binfmts...) took over.
        crossemu_runs_chroot("after the checks")
        unregister(a)
        registered = False
        check(leftovers(remove=False) == [], "left registered: %s" % leftovers(remove=False))
        log.say("PASS: second stage and every check in the chroot (total %.0fs)"
                % (time.monotonic() - log.t0))
        ok = True
    except Failed as e:
        log.say("FAIL: %s" % e)
        raise
    finally:
        if registered:
            leftovers()
        # What the second stage mounted (/proc, /sys) goes before the tree:
        # rmtree must never descend into a live /proc or /sys.
        for umount in (["umount"], ["umount", "-l"]):
            for mp in mounts_under(work):
                subprocess.run(umount + [mp], stderr=subprocess.DEVNULL)
        if mounts_under(work):
            log.say("mounts left under %s: not removing it" % work)
        elif a.keep or not ok:
            log.say("kept %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case")
    ap.add_argument("--tool", required=True)
    ap.add_argument("--emu-dir", required=True)
    ap.add_argument("--probe", action="append", default=[])
    ap.add_argument("--static-dir")
    ap.add_argument("--static-suffix", default="")
    ap.add_argument("--busybox-fetch", default="bookworm:arm64")
    ap.add_argument("--busybox-arch", default="aarch64")
    ap.add_argument("--source-root", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    # debootstrap (make check-long)
    ap.add_argument("--suite", default="bookworm")
    ap.add_argument("--debarch", default="arm64")
    ap.add_argument("--arch", default="aarch64")
    ap.add_argument("--mirror")
    ap.add_argument("--workdir", default="/var/tmp")
    ap.add_argument("--log", default="check-long.log")
    ap.add_argument("--timeout", type=int, default=7200, help="second stage, seconds")
    ap.add_argument("--keep", action="store_true", help="keep the bootstrapped tree")
    a = ap.parse_args()
    a.probes = dict(p.split("=", 1) for p in a.probe)
    cases = {"cli": case_cli, "register": case_register,
             "chroot": lambda a: case_chroot(a, True),
             "chroot-noproc": lambda a: case_chroot(a, False),
             "debootstrap": case_debootstrap}
    if a.case not in cases:
        print("unknown case " + a.case)
        return 1
    try:
        rc = cases[a.case](a)
    except Failed as e:
        print("FAIL: %s" % e)
        return 1
    if rc == 0:
        print("PASS")
    return rc


if __name__ == "__main__":
    sys.exit(main())
