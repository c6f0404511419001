#!/usr/bin/env python3
"""build-guest.py: build the KVM test guest with the host toolchain.

usage: build-guest.py CC OBJCOPY NM OUT.elf OUT.bzImage SOURCES...

OUT.elf is booted through its PVH note, OUT.bzImage (the same code with a
boot protocol header, see mkbzimage.py) through the Linux 64-bit entry.
"""
import os
import subprocess
import sys


def main():
    cc, objcopy, nm, out_elf, out_bz = sys.argv[1:6]
    srcs = sys.argv[6:]
    here = os.path.dirname(os.path.abspath(__file__))
    cflags = ["-O2", "-g0", "-std=gnu11", "-ffreestanding", "-fno-pic", "-fno-pie", "-no-pie",
              "-nostdlib", "-static", "-mno-red-zone", "-mgeneral-regs-only",
              "-fno-stack-protector", "-fno-asynchronous-unwind-tables",
              "-fcf-protection=none", "-Wall", "-Wno-unused-parameter",
              "-Wl,-T," + os.path.join(here, "guest.ld"), "-Wl,--build-id=none",
              "-Wl,--no-warn-rwx-segments"]
    subprocess.check_call(cc.split() + cflags + ["-o", out_elf] + srcs)
    flat = out_bz + ".bin"
    subprocess.check_call([objcopy, "-O", "binary", "--remove-section=.note", out_elf, flat])
    syms = subprocess.check_output([nm, out_elf]).decode()
    end = start = None
    for line in syms.splitlines():
        f = line.split()
        if len(f) == 3 and f[2] == "image_end":
            end = int(f[0], 16)
        if len(f) == 3 and f[2] == "image_start":
            start = int(f[0], 16)
    subprocess.check_call([sys.executable, os.path.join(here, "mkbzimage.py"), flat,
                           str(end - start), out_bz])
    os.unlink(flat)


if __name__ == "__main__":
    main()
