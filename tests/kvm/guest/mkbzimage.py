#!/usr/bin/env python3
"""mkbzimage.py: wrap a flat 64-bit kernel image in a bzImage setup header.

usage: mkbzimage.py FLAT.bin MEMSIZE OUT.bzImage

The setup part is 2 sectors (setup_sects = 1) holding only the boot
protocol 2.15 header; the protected-mode image follows and must have its
64-bit entry at offset 0x200 (XLF_KERNEL_64).  MEMSIZE (bytes of memory
the image needs from its load address, .bss included) becomes init_size.
"""
import struct
import sys


def main():
    flat = open(sys.argv[1], "rb").read()
    init_size = int(sys.argv[2], 0)
    setup = bytearray(1024)
    struct.pack_into("<B", setup, 0x1f1, 1)             # setup_sects
    struct.pack_into("<I", setup, 0x1f4, (len(flat) + 15) // 16)  # syssize (16-byte units)
    struct.pack_into("<H", setup, 0x1fa, 0xffff)        # vid_mode
    struct.pack_into("<H", setup, 0x1fe, 0xaa55)        # boot_flag
    setup[0x200] = 0xeb                                 # jmp short: header length
    setup[0x201] = 0x268 - 0x202
    setup[0x202:0x206] = b"HdrS"
    struct.pack_into("<H", setup, 0x206, 0x020f)        # version 2.15
    struct.pack_into("<B", setup, 0x211, 0x01)          # loadflags: LOADED_HIGH
    struct.pack_into("<I", setup, 0x214, 0x100000)      # code32_start
    struct.pack_into("<I", setup, 0x22c, 0x7fffffff)    # initrd_addr_max
    struct.pack_into("<I", setup, 0x230, 0x200000)      # kernel_alignment
    struct.pack_into("<H", setup, 0x236, 0x0003)        # XLF_KERNEL_64 | CAN_BE_LOADED_ABOVE_4G
    struct.pack_into("<I", setup, 0x238, 2047)          # cmdline_size
    struct.pack_into("<Q", setup, 0x258, 0x100000)      # pref_address
    struct.pack_into("<I", setup, 0x260, max(init_size, len(flat)))
    with open(sys.argv[3], "wb") as f:
        f.write(setup)
        f.write(flat)


if __name__ == "__main__":
    main()
