#!/usr/bin/env python3
"""acpi-iasl.py: check the board's ACPI tables with ACPICA's own tools.

usage: acpi-iasl.py TEST-X86-BOOT

Runs the boot unit test with CROSSEMU_ACPI_DUMP set (it writes the FADT,
MADT and DSDT it built), disassembles each with `iasl -d` and compiles the
disassembled DSDT back: any error or warning from ACPICA fails the test.
Skips (77) where iasl (Debian's acpica-tools) is not installed.
"""
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    iasl = shutil.which("iasl")
    if not iasl:
        print("SKIP: iasl not installed (apt-get install acpica-tools)")
        return 77
    with tempfile.TemporaryDirectory() as d:
        env = dict(os.environ, CROSSEMU_ACPI_DUMP=d, CK_FORK="no")
        subprocess.run([sys.argv[1]], env=env, check=True, stdout=subprocess.DEVNULL)
        ok = True
        for name in ("FACP", "APIC", "DSDT"):
            p = subprocess.run([iasl, "-d", name + ".dat"], cwd=d, capture_output=True,
                               text=True)
            dsl = os.path.join(d, name + ".dsl")
            out = p.stdout + p.stderr
            if p.returncode or not os.path.exists(dsl) or "Error" in out or \
                    "Warning" in out:
                print("FAIL: iasl -d %s:\n%s" % (name, out))
                ok = False
                continue
            text = open(dsl).read()
            print("ok: %s disassembles (%d lines)" % (name, text.count("\n")))
        # the DSDT must compile back without complaints
        p = subprocess.run([iasl, "-p", os.path.join(d, "re"), "DSDT.dsl"], cwd=d,
                           capture_output=True, text=True)
        out = p.stdout + p.stderr
        if p.returncode or "0 Errors, 0 Warnings" not in out:
            print("FAIL: DSDT does not recompile cleanly:\n" + out)
            ok = False
        else:
            print("ok: DSDT recompiles: 0 errors, 0 warnings")
        for must in ('"LNRO0005"', 'EisaId ("PNP0501")', "Name (\\_S5, Package (0x04)",
                     '"ACPI0007"'):
            if must not in open(os.path.join(d, "DSDT.dsl")).read():
                print("FAIL: DSDT lacks %s" % must)
                ok = False
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
