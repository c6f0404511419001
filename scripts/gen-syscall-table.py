#!/usr/bin/env python3
"""gen-syscall-table.py: turn a guest's kernel uapi <asm/unistd.h> into a C table
of {number, name} rows for crossemu's syscall layer.

The kernel headers are the only source of truth for syscall numbers, and they
are full of conditionals (__ARCH_WANT_*, __BITS_PER_LONG, the __NR3264_ names
of asm-generic), so we do not parse them ourselves: the host C preprocessor
runs with no host macros (-undef -nostdinc), only the guest's predefined
macros given on our command line, and dumps the resulting #defines (-dM).
Every __NR_<name> that evaluates to a number is a syscall; helper macros such
as __NR3264_fcntl resolve through the final 64-bit names (__NR_fcntl).
"""

import argparse
import re
import subprocess
import sys

# Macros named __NR_* that are bases, masks or counts, not syscalls.
NOT_SYSCALLS = {"syscalls", "arch_specific_syscall", "SYSCALL_BASE", "OABI_SYSCALL_BASE",
                "SYSCALL_MASK"}

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SAFE_EXPR = re.compile(r"^[0-9xXa-fA-F+\-*()<>| \t]*$")


def read_macros(cpp, include, defines, header):
    cmd = list(cpp) + ["-E", "-dM", "-undef", "-nostdinc", "-x", "c", "-I", include]
    cmd += ["-D" + d for d in defines]
    cmd += ["-"]
    src = "#include <%s>\n" % header
    try:
        out = subprocess.run(cmd, input=src, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        err = getattr(e, "stderr", "") or str(e)
        sys.exit("gen-syscall-table: preprocessing %s/%s failed: %s" % (include, header, err.strip()))
    macros = {}
    for line in out.splitlines():
        m = re.match(r"#define ([A-Za-z_][A-Za-z0-9_]*)(\(.*?\))? ?(.*)$", line)
        if m and not m.group(2):
            macros[m.group(1)] = m.group(3).strip()
    return macros


def evaluate(name, macros, depth=0):
    if depth > 32:
        return None
    text = macros.get(name)
    if text is None:
        return None

    def subst(m):
        word = m.group(0)
        if word in macros:
            v = evaluate(word, macros, depth + 1)
            return "(%d)" % v if v is not None else "@"
        return word

    expr = IDENT.sub(subst, text)
    # Integer suffixes (UL etc.) are not valid Python.
    expr = re.sub(r"\b(0[xX][0-9a-fA-F]+|[0-9]+)[uUlL]+\b", r"\1", expr)
    if "@" in expr or not SAFE_EXPR.match(expr) or not expr.strip():
        return None
    try:
        v = eval(expr, {"__builtins__": {}}, {})
    except Exception:
        return None
    return v if isinstance(v, int) else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arch", required=True, help="guest name, used in the C symbol")
    ap.add_argument("--include", required=True, help="the guest uapi include directory")
    ap.add_argument("--header", default="asm/unistd.h")
    ap.add_argument("--cpp", default="cpp", help="preprocessor command (split on spaces)")
    ap.add_argument("-D", dest="defines", action="append", default=[],
                    help="a macro the guest compiler predefines")
    ap.add_argument("--private", action="append", default=[], metavar="PREFIX=NAME_PREFIX",
                    help="also take the architecture's private calls: macros PREFIX<name> "
                         "become rows NAME_PREFIX<name> (arm: __ARM_NR_=arm_)")
    ap.add_argument("--extra", action="append", default=[], metavar="NAME=NR",
                    help="a syscall newer than the installed headers, with the number the "
                         "kernel gave it (riscv64: riscv_hwprobe=258); an error if the "
                         "headers define it with another number")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()

    macros = read_macros(args.cpp.split(), args.include, args.defines, args.header)
    rows = {}
    for mname in macros:
        if not mname.startswith("__NR_"):
            continue
        name = mname[len("__NR_"):]
        if name in NOT_SYSCALLS:
            continue
        nr = evaluate(mname, macros)
        if nr is None or nr < 0:
            continue
        rows[name] = nr
    for spec in args.private:
        prefix, _, rename = spec.partition("=")
        for mname in macros:
            if mname.startswith(prefix) and mname != prefix + "BASE":
                nr = evaluate(mname, macros)
                if nr is not None and nr >= 0:
                    rows[rename + mname[len(prefix):]] = nr
    for spec in args.extra:
        name, _, nr = spec.partition("=")
        if not name or not nr.isdigit():
            sys.exit("gen-syscall-table: --extra %r: expected NAME=NUMBER" % spec)
        if name in rows and rows[name] != int(nr):
            sys.exit("gen-syscall-table: --extra %s=%s but %s/%s says %d"
                     % (name, nr, args.include, args.header, rows[name]))
        clash = [n for n, v in rows.items() if v == int(nr) and n != name]
        if clash:
            sys.exit("gen-syscall-table: --extra %s=%s: number taken by %s in %s/%s"
                     % (name, nr, clash[0], args.include, args.header))
        rows[name] = int(nr)
    if len(rows) < 50:
        sys.exit("gen-syscall-table: only %d syscalls found in %s/%s: wrong headers or defines?"
                 % (len(rows), args.include, args.header))

    sym = re.sub(r"[^A-Za-z0-9_]", "_", args.arch)
    ordered = sorted(rows.items(), key=lambda kv: (kv[1], kv[0]))
    with open(args.output, "w") as f:
        f.write("/* Generated by scripts/gen-syscall-table.py from %s/%s; do not edit. */\n"
                % (args.include, args.header))
        f.write('#include "common.h"\n#include "syscalls/abi/abi.h"\n\n')
        f.write("const SyscallName syscall_names_%s[] = {\n" % sym)
        for name, nr in ordered:
            f.write('    { %d, "%s" },\n' % (nr, name))
        f.write("};\n")
        f.write("const unsigned syscall_names_%s_count = %d;\n" % (sym, len(ordered)))


if __name__ == "__main__":
    main()
