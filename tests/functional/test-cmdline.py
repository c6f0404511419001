#!/usr/bin/env python3
"""test-cmdline.py: end-to-end tests of the crossemu-<arch> command line.

usage: test-cmdline.py CASE --emu CROSSEMU [--guest-elf ELF] [--native-elf ELF]
                       [--workdir DIR]

Cases (each one meson test):
  missing-file    a path that does not exist
  not-elf         a text file
  truncated-elf   the first 100 bytes of a real guest ELF
  corrupt-phdrs   a real guest ELF with random bytes in its program headers
  wrong-arch      a native x86-64 ELF
    -> each must print exactly ONE line on stderr, mentioning the file name,
       and exit with status 1 (not crash, not be killed by a signal).
  bad-option      an unknown option -> exit status 1
  bad-log-item    -d with an unknown category -> exit status 1
  log-help        -d help lists the log categories
  log-file        -d in_asm,op,out_asm -D FILE writes the guest code, the IR
                  and the host code to FILE; the guest output is unchanged
  accel-interp    -accel tcg,backend=interp runs a guest like the JIT does
  exit-status     the guest's exit status is crossemu's (0, 1, 42, 255)
  guest-segv      a guest killed by SIGSEGV kills crossemu with SIGSEGV
  guest-abort     a guest that calls abort() dies of SIGABRT
  args-env        argv and the environment reach the guest; -0, -E, -U work
  (the last four run tests/functional/guest-probe.c: --probe)
Exit status: 0 pass, 1 fail, 77 skip.
"""
import argparse
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import tempfile


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def describe(rc):
    if rc < 0:
        try:
            return "killed by %s" % signal.Signals(-rc).name
        except ValueError:
            return "killed by signal %d" % -rc
    return "exit status %d" % rc


def run(cmd, env=None, timeout=120):
    print("$ " + " ".join(cmd))
    e = dict(os.environ)
    e.pop("CROSSEMU_BACKEND", None)
    if env:
        e.update(env)
    try:
        p = subprocess.run(cmd, env=e, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        fail("timed out")
    except OSError as e:
        fail("cannot run %s: %s" % (cmd[0], e))
    out = p.stdout.decode(errors="replace")
    err = p.stderr.decode(errors="replace")
    print("--- %s; stdout:\n%s--- stderr:\n%s---" % (describe(p.returncode), out, err))
    return p.returncode, out, err


def expect_one_line_error(emu, path):
    rc, out, err = run([emu, path])
    if rc != 1:
        fail("expected exit status 1, got %s" % describe(rc))
    lines = err.splitlines()
    if len(lines) != 1:
        fail("expected exactly one line on stderr, got %d" % len(lines))
    if path not in lines[0] and os.path.basename(path) not in lines[0]:
        fail("the error message does not mention the file name %s" % path)
    low = lines[0].lower()
    for bad in ("segmentation", "assert", "abort", "core dumped"):
        if bad in low:
            fail("the error looks like a crash: %r" % lines[0])
    print("PASS")


def read_elf_header(data):
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        fail("test input is not a little-endian ELF64 file")
    e_entry, e_phoff = struct.unpack_from("<QQ", data, 24)
    e_phentsize, e_phnum = struct.unpack_from("<HH", data, 54)
    return e_entry, e_phoff, e_phentsize, e_phnum


def case_corrupt_phdrs(emu, elf, work):
    data = bytearray(open(elf, "rb").read())
    _, phoff, phentsize, phnum = read_elf_header(data)
    rng = random.Random(20240601)   # fixed seed: the same bad file every run
    for i in range(phoff, phoff + phentsize * phnum):
        data[i] = rng.randrange(256)
    # Every entry a PT_LOAD (type 1) with random offset/addresses/sizes: the
    # loader must validate them instead of skipping unknown types.
    for k in range(phnum):
        struct.pack_into("<I", data, phoff + k * phentsize, 1)
    path = os.path.join(work, "corrupt-phdrs.elf")
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, 0o755)
    expect_one_line_error(emu, path)


# Base mnemonics of RV64GC (+ Zba/Zbb) and the usual assembler aliases.
RISCV_MNEMONICS = set("""
lui auipc jal jalr beq bne blt bge bltu bgeu lb lh lw ld lbu lhu lwu sb sh sw sd
addi slti sltiu xori ori andi slli srli srai add sub sll slt sltu xor srl sra or and
addiw slliw srliw sraiw addw subw sllw srlw sraw fence ecall ebreak
mul mulh mulhsu mulhu div divu rem remu mulw divw divuw remw remuw
lr sc amoswap amoadd amoxor amoand amoor amomin amomax amominu amomaxu
flw fsw fld fsd fmadd fmsub fnmsub fnmadd fadd fsub fmul fdiv fsqrt fsgnj fsgnjn
fsgnjx fmin fmax fcvt fmv feq flt fle fclass csrrw csrrs csrrc csrrwi csrrsi csrrci
sh1add sh2add sh3add add.uw sh1add.uw sh2add.uw sh3add.uw slli.uw andn orn xnor clz
clzw ctz ctzw cpop cpopw max maxu min minu sext sext.b sext.h zext zext.h zext.w rol
rolw ror rori roriw rorw orc.b rev8
li mv not neg negw sext.w seqz snez sltz sgtz beqz bnez blez bgez bltz bgtz bgt ble
bgtu bleu j jr ret call tail nop la lla fmv.s fmv.d fabs fneg frcsr fscsr frrm fsrm
frflags fsflags csrr csrw csrs csrc rdcycle rdtime rdinstret unimp lwsp ldsp swsp sdsp
fldsp fsdsp addi4spn addi16sp
""".split())


def in_asm_mnemonics(text):
    """The mnemonic of every instruction line in the IN: sections of a log."""
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith("IN:"):
            inside = True
            continue
        if not line.strip() or line.startswith(("OP", "OUT", "----")):
            inside = False
            continue
        if inside:
            # "0x...:  mnemonic operands" (capstone style) or "addr: bytes mnemonic".
            parts = line.split(":", 1)
            words = parts[1].split() if len(parts) == 2 else []
            # Drop raw encodings ("00050513"): hex with a digit ("add" is hex too).
            words = [w for w in words
                     if not (all(c in "0123456789abcdefABCDEF" for c in w)
                             and any(c.isdigit() for c in w))]
            if words:
                out.append(words[0].lower())
    return out


def case_log_file(emu, elf, work):
    log = os.path.join(work, "crossemu.log")
    ref_rc, ref_out, _ = run([emu, elf])
    rc, out, err = run([emu, "-d", "in_asm,op,out_asm", "-D", log, elf])
    if rc != ref_rc or out != ref_out:
        fail("with -d/-D the guest's status or output changed (%s vs %s)"
             % (describe(rc), describe(ref_rc)))
    if not os.path.exists(log):
        fail("-D %s: no log file written" % log)
    text = open(log, errors="replace").read()
    print("log: %d bytes; first lines:\n%s" % (len(text), "\n".join(text.splitlines()[:25])))
    if not text.strip():
        fail("the log file is empty")
    # in_asm: the guest code of the first block, shown at the ELF entry point,
    # disassembled as RISC-V (most mnemonics of the IN: sections must be
    # RISC-V's; a wrong capstone architecture shows up as foreign mnemonics).
    entry = read_elf_header(open(elf, "rb").read())[0]
    low = text.lower()
    if "%x" % entry not in low:
        fail("the log does not show the guest entry point %#x (in_asm)" % entry)
    mnemonics = in_asm_mnemonics(text)
    if not mnemonics:
        fail("the log has no guest disassembly (no instructions under IN:)")
    known = [m for m in mnemonics if m.replace("c.", "", 1).split(".")[0] in RISCV_MNEMONICS]
    print("in_asm: %d instructions, %d with RISC-V mnemonics; first: %s"
          % (len(mnemonics), len(known), " ".join(mnemonics[:12])))
    if len(known) * 2 < len(mnemonics):
        fail("the guest disassembly is not RISC-V (mnemonics: %s ...)"
             % " ".join(mnemonics[:12]))
    # op: the IR of each block; every block ends in exit_tb or goto_ptr.
    if "exit_tb" not in low and "goto_ptr" not in low:
        fail("the log has no IR (op): no exit_tb/goto_ptr")
    # out_asm: x86-64 host code through capstone (JIT is the default).
    if not any(m in low for m in ("mov ", "jmp ", "push ", "ret")):
        fail("the log has no host code (out_asm)")
    print("PASS")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("case")
    ap.add_argument("--emu", required=True)
    ap.add_argument("--guest-elf")
    ap.add_argument("--native-elf")
    ap.add_argument("--probe")
    a = ap.parse_args()
    # meson passes build targets relative to the build directory; a bare name
    # would otherwise be looked up in $PATH.
    emu = os.path.abspath(a.emu)
    for attr in ("guest_elf", "native_elf", "probe"):
        if getattr(a, attr):
            setattr(a, attr, os.path.abspath(getattr(a, attr)))
    work = tempfile.mkdtemp(prefix="crossemu-functional-")
    try:
        c = a.case
        if c == "missing-file":
            expect_one_line_error(emu, os.path.join(work, "no-such-program"))
        elif c == "not-elf":
            path = os.path.join(work, "notes.txt")
            with open(path, "w") as f:
                f.write("This is a text file, not an executable.\n" * 20)
            os.chmod(path, 0o755)
            expect_one_line_error(emu, path)
        elif c == "truncated-elf":
            path = os.path.join(work, "truncated.elf")
            with open(a.guest_elf, "rb") as f:
                head = f.read(100)
            with open(path, "wb") as f:
                f.write(head)
            os.chmod(path, 0o755)
            expect_one_line_error(emu, path)
        elif c == "corrupt-phdrs":
            case_corrupt_phdrs(emu, a.guest_elf, work)
        elif c == "wrong-arch":
            path = os.path.join(work, "native-x86_64")
            shutil.copy(a.native_elf, path)
            expect_one_line_error(emu, path)
        elif c == "bad-option":
            rc, _, err = run([emu, "--no-such-option", a.guest_elf or "/bin/true"])
            if rc != 1:
                fail("expected exit status 1, got %s" % describe(rc))
            if not err.strip():
                fail("no error message on stderr")
            print("PASS")
        elif c == "bad-log-item":
            rc, _, err = run([emu, "-d", "in_asm,no_such_category", a.guest_elf or "/bin/true"])
            if rc != 1:
                fail("expected exit status 1, got %s" % describe(rc))
            print("PASS")
        elif c == "log-help":
            rc, out, err = run([emu, "-d", "help"])
            if rc < 0:
                fail(describe(rc))
            text = out + err
            missing = [n for n in ("in_asm", "op", "op_opt", "out_asm", "exec", "int",
                                   "unimp", "guest_errors", "strace") if n not in text]
            if missing:
                fail("-d help does not list: " + ", ".join(missing))
            print("PASS")
        elif c == "log-file":
            case_log_file(emu, a.guest_elf, work)
        elif c == "accel-interp":
            ref = run([emu, a.guest_elf, "x", "y"])
            got = run([emu, "-accel", "tcg,backend=interp", a.guest_elf, "x", "y"])
            if ref[0] != 0 or got[0] != 0:
                fail("expected exit status 0 from both runs")
            if ref[1] != got[1]:
                fail("the interpreter's output differs from the JIT's")
            print("PASS")
        elif c == "exit-status":
            for n in (0, 1, 42, 255):
                rc, _, _ = run([emu, a.probe, "exit", str(n)])
                if rc != n:
                    fail("guest exit(%d): crossemu %s" % (n, describe(rc)))
            print("PASS")
        elif c in ("guest-segv", "guest-abort"):
            sig = signal.SIGSEGV if c == "guest-segv" else signal.SIGABRT
            rc, _, _ = run([emu, a.probe, c.split("-")[1]])
            if rc != -sig:
                fail("expected death by %s, got %s" % (sig.name, describe(rc)))
            print("PASS")
        elif c == "args-env":
            env = {"CROSSEMU_PROBE_VARS": "PROBE_A,PROBE_B,PROBE_C", "PROBE_A": "from host",
                   "PROBE_B": "to be removed"}
            rc, out, _ = run([emu, "-0", "renamed", "-E", "PROBE_C=set by -E", "-U", "PROBE_B",
                              a.probe, "args", "one", "two words", "", "--three"], env)
            want = ("argc=6\nargv[0]=renamed\nargv[1]=args\nargv[2]=one\n"
                    "argv[3]=two words\nargv[4]=\nargv[5]=--three\n"
                    "env PROBE_A=from host\nenv PROBE_B=(unset)\nenv PROBE_C=set by -E\n")
            if rc != 0 or out != want:
                fail("expected status 0 and output:\n" + want)
            rc, out, _ = run([emu, a.probe, "args"], {"CROSSEMU_PROBE_VARS": "PROBE_A"})
            if "argv[0]=%s\n" % a.probe not in out:
                fail("argv[0] should be the program path as given")
            print("PASS")
        else:
            print("unknown case %s" % c)
            return 2
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
