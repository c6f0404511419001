/*
 * compressed-c.S: every RV64C instruction, written with explicit c.*
 * mnemonics so that the assembler cannot choose the 32-bit form, plus a
 * 32-bit instruction straddling a page boundary behind 16-bit ones.
 * Built with -march=rv64gc.  Exit status 0 = pass; each failed check prints
 * "FAIL: compressed check N got X expected Y" (N numbers the CHECK below).
 */
    .option rvc

/* CHECK reg, value, id: compare and report; clobbers t6, a0-a2 and caller-saved regs on failure. */
.macro CHECK reg, val, id
    li      t6, \val
    beq     \reg, t6, .Lok\@
    mv      a1, \reg
    li      a2, \val
    li      a0, \id
    call    fail
.Lok\@:
.endm

    .text
    .globl  main
    .type   main, @function
main:
    addi    sp, sp, -64
    sd      ra, 56(sp)
    sd      s0, 48(sp)
    sd      s1, 40(sp)

    /* c.li, c.lui */
    c.li    a0, -32
    CHECK   a0, -32, 1
    c.li    a0, 31
    CHECK   a0, 31, 2
    c.lui   a1, 0x1f
    CHECK   a1, 0x1f000, 3
    c.lui   a1, 0xfffe0
    CHECK   a1, 0xfffffffffffe0000, 4
    c.lui   a1, 0xfffff
    CHECK   a1, 0xfffffffffffff000, 5

    /* c.addi, c.addiw (sign-extends the word), c.nop */
    li      a0, 100
    c.addi  a0, -32
    CHECK   a0, 68, 6
    c.nop
    li      a0, 0x7fffffff
    c.addiw a0, 1
    CHECK   a0, 0xffffffff80000000, 7
    li      a0, 0x100000005
    c.addiw a0, 0
    CHECK   a0, 5, 8

    /* c.addi16sp, c.addi4spn */
    mv      s0, sp
    c.addi16sp sp, -512
    sub     a0, s0, sp
    CHECK   a0, 512, 9
    c.addi16sp sp, 496
    c.addi16sp sp, 16
    sub     a0, s0, sp
    CHECK   a0, 0, 10
    c.addi4spn a2, sp, 1020
    sub     a0, a2, sp
    CHECK   a0, 1020, 11
    c.addi4spn a2, sp, 4
    sub     a0, a2, sp
    CHECK   a0, 4, 12

    /* Shifts: c.slli on any register, c.srli/c.srai on x8-x15, 6-bit amounts */
    li      t0, 1
    c.slli  t0, 63
    CHECK   t0, 0x8000000000000000, 13
    mv      a0, t0
    c.srai  a0, 62
    CHECK   a0, 0xfffffffffffffffe, 14
    mv      a0, t0
    c.srli  a0, 33
    CHECK   a0, 0x40000000, 15

    /* c.andi, c.mv, c.add and the CA-format arithmetic */
    li      a0, 0xff
    c.andi  a0, -16
    CHECK   a0, 0xf0, 16
    li      a0, -1
    c.andi  a0, 5
    CHECK   a0, 5, 17
    li      t1, 0x1234
    c.mv    t2, t1
    CHECK   t2, 0x1234, 18
    c.add   t2, t1
    CHECK   t2, 0x2468, 19
    li      a3, 10
    li      a4, 3
    c.sub   a3, a4
    CHECK   a3, 7, 20
    c.xor   a3, a4
    CHECK   a3, 4, 21
    c.or    a3, a4
    CHECK   a3, 7, 22
    li      a4, 0xc
    c.and   a3, a4
    CHECK   a3, 4, 23
    li      a3, 0x80000000
    li      a4, 1
    c.subw  a3, a4
    CHECK   a3, 0x7fffffff, 24
    c.addw  a3, a4
    CHECK   a3, 0xffffffff80000000, 25

    /* Loads and stores: CL/CS with x8-x15 bases, CI/CSS with sp, largest offsets */
    la      s1, data
    c.lw    a0, 124(s1)
    CHECK   a0, 0xfffffffff1e2d3c4, 26
    c.ld    a0, 248(s1)
    CHECK   a0, 0x0102030405060708, 27
    li      a5, 0x1122334455667788
    c.sw    a5, 4(s1)
    c.sd    a5, 8(s1)
    lwu     a0, 4(s1)
    CHECK   a0, 0x55667788, 28
    ld      a0, 8(s1)
    CHECK   a0, 0x1122334455667788, 29

    addi    sp, sp, -512
    li      a5, 0x8877665544332211
    c.sdsp  a5, 504(sp)
    c.swsp  a5, 252(sp)
    c.ldsp  t3, 504(sp)
    CHECK   t3, 0x8877665544332211, 30
    c.lwsp  t3, 252(sp)
    CHECK   t3, 0x44332211, 31
    c.sdsp  a5, 0(sp)
    c.lwsp  t3, 4(sp)
    CHECK   t3, 0xffffffff88776655, 32

    /* c.fld/c.fsd/c.fldsp/c.fsdsp (RV64DC) */
    la      s1, data
    c.fld   fa0, 16(s1)
    c.fsdsp fa0, 496(sp)
    c.fldsp fa1, 496(sp)
    fmv.x.d a0, fa1
    CHECK   a0, 0x400921fb54442d18, 33
    c.fsd   fa1, 24(s1)
    ld      a0, 24(s1)
    CHECK   a0, 0x400921fb54442d18, 34
    addi    sp, sp, 512

    /* c.j, c.beqz, c.bnez */
    li      a0, 0
    c.j     1f
    li      a0, 99
1:  CHECK   a0, 0, 35
    li      s0, 0
    c.beqz  s0, 2f
    li      s0, 99
2:  CHECK   s0, 0, 36
    li      s0, 5
    c.beqz  s0, 3f
    li      s0, 6
3:  CHECK   s0, 6, 37
    c.bnez  s0, 4f
    li      s0, 99
4:  CHECK   s0, 6, 38
    li      s0, 0
    c.bnez  s0, 5f
    li      s0, 7
5:  CHECK   s0, 7, 39
    /* a backward c.bnez loop */
    li      s0, 10
    li      a4, 0
6:  c.addi  a4, 3
    c.addi  s0, -1
    c.bnez  s0, 6b
    CHECK   a4, 30, 40

    /* c.jr and c.jalr: the link of c.jalr is pc + 2 */
    la      t0, 7f
    li      a0, 1
    c.jr    t0
    li      a0, 99
7:  CHECK   a0, 1, 41
    la      t0, 8f
    c.jalr  t0
.Lafter_jalr:
    c.nop                       /* skipped */
8:  la      a0, .Lafter_jalr
    sub     a0, ra, a0
    CHECK   a0, 0, 42

    /* A 32-bit instruction straddling a page boundary (see straddle below). */
    call    straddle
    CHECK   a0, 0x12345, 43

    ld      s1, 40(sp)
    ld      s0, 48(sp)
    ld      ra, 56(sp)
    addi    sp, sp, 64
    la      a0, failures
    lw      a0, 0(a0)
    snez    a0, a0
    ret
    .size   main, .-main

/* fail(id, got, expected) */
fail:
    addi    sp, sp, -16
    sd      ra, 8(sp)
    la      t0, failures
    lw      t1, 0(t0)
    addi    t1, t1, 1
    sw      t1, 0(t0)
    mv      a3, a2
    mv      a2, a1
    mv      a1, a0
    la      a0, fmt
    call    printf
    ld      ra, 8(sp)
    addi    sp, sp, 16
    ret

/*
 * straddle: 16-bit instructions up to 2 bytes before a page end, then a
 * 32-bit lui whose second half is on the next page.
 */
    .balign 4096
    .skip   4096 - 10
straddle:
    c.li    a0, 0
    c.li    a1, 5
    c.nop
    c.nop
    .option push
    .option norvc
    lui     a0, 0x12            /* bytes 4094..4097 of the page */
    .option pop
    add     a0, a0, a1
    c.addi  a0, 0x0             /* hint: no change */
    slli    a0, a0, 4           /* 0x12005 << 4 = 0x120050 */
    srli    a0, a0, 4
    addi    a0, a0, 0x340       /* 0x12005 + 0x340 = 0x12345 */
    ret

    .section .rodata
fmt:
    .string "FAIL: compressed check %ld got 0x%lx expected 0x%lx\n"

    .data
    .balign 8
data:
    .dword  0, 0, 0x400921fb54442d18, 0
    .fill   (124 - 32) / 4, 4, 0
    .word   0xf1e2d3c4          /* offset 124 */
    .fill   (248 - 128) / 8, 8, 0
    .dword  0x0102030405060708  /* offset 248 */

    .bss
    .balign 4
failures:
    .word   0

    .section .note.GNU-stack, "", @progbits
