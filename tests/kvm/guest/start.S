/*
 * start.S: the test guest's entry points.
 *
 * 0x100000 + 0x000  (unused padding up to the Linux entry)
 * 0x100000 + 0x200  Linux 64-bit entry: long mode, rsi = boot_params
 * pvh_start32       PVH entry: 32-bit protected mode, paging off, ebx = start_info
 * Both switch to the guest's own GDT and page tables (identity map of
 * 4 GiB, user-accessible so that ring 3 can run the compute kernel) and
 * call guest_main(mode, pointer) on the boot stack.
 * ap_trampoline is copied to 0x8000 for the second vCPU's SIPI.
 */
#define PTE_P 1
#define PTE_RW 2
#define PTE_US 4
#define PTE_PWT 8
#define PTE_PCD 0x10
#define PTE_PS 0x80

    .section .text.head, "ax"
    .code64
    .globl image_head
image_head:
    .fill 0x200, 1, 0xcc
linux_entry64:
    cli
    mov %rsi, %rdi              /* boot_params */
    mov $1, %esi                /* mode 1: Linux */
    jmp common64

    .code32
    .globl pvh_start32
pvh_start32:
    cli
    mov %ebx, %edi              /* start_info, survives into 64-bit mode */
    lgdt gdt_desc
    mov %cr4, %eax
    or $0x20, %eax              /* PAE */
    mov %eax, %cr4
    mov $pml4, %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx       /* EFER.LME */
    rdmsr
    or $0x100, %eax
    wrmsr
    mov %cr0, %eax
    or $0x80000001, %eax        /* PG | PE */
    mov %eax, %cr0
    ljmp $0x08, $pvh_long
    .code64
pvh_long:
    mov $2, %esi                /* mode 2: PVH */
    /* rdi: zero-extend the 32-bit start_info pointer */
    mov %edi, %edi

common64:
    lgdt gdt_desc
    mov $pml4, %rax
    mov %rax, %cr3
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    lea boot_stack_top(%rip), %rsp
    pushq $0x08
    lea 1f(%rip), %rax
    pushq %rax
    lretq
1:
    /* clear .bss (which holds this very stack: keep rdi/rsi in registers) */
    mov %rdi, %r12
    mov %rsi, %r13
    lea bss_start(%rip), %rdi
    lea bss_end(%rip), %rcx
    sub %rdi, %rcx
    add $7, %rcx
    shr $3, %rcx                /* quadwords: kvm_pvm emulates ring 0 one iteration at a time */
    xor %eax, %eax
    rep stosq
    mov %r13, %rdi              /* guest_main(mode, ptr) */
    mov %r12, %rsi
    call guest_main
2:  hlt
    jmp 2b

    /* The AP's 64-bit entry, reached from the trampoline. */
    .globl ap_entry64
ap_entry64:
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov ap_stack_top(%rip), %rsp
    call ap_main
3:  hlt
    jmp 3b

/*
 * Real-mode trampoline, copied to AP_TRAMPOLINE (0x8000): straight from
 * real mode to long mode (PE and PG together, then a far jump to the
 * 64-bit code segment).
 */
#define AP_TRAMPOLINE 0x8000
#define TR(x) ((x) - ap_trampoline + AP_TRAMPOLINE)
    .code16
    .globl ap_trampoline, ap_trampoline_end
ap_trampoline:
    cli
    xor %ax, %ax
    mov %ax, %ds
    lgdtl TR(ap_gdt_desc)
    mov %cr4, %eax
    or $0x20, %eax
    mov %eax, %cr4
    mov $pml4, %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx
    rdmsr
    or $0x100, %eax
    wrmsr
    mov $0x80000011, %eax
    mov %eax, %cr0
    ljmpl $0x08, $TR(ap_tramp64)
    .code64
ap_tramp64:
    movabs $ap_entry64, %rax
    jmp *%rax
    .p2align 3
ap_gdt_desc:
    .word gdt_end - gdt - 1
    .long gdt
ap_trampoline_end:

    .data
    .p2align 4
    .globl gdt, tss_desc
gdt:
    .quad 0
    .quad 0x00af9b000000ffff    /* 0x08 kernel code 64 */
    .quad 0x00cf93000000ffff    /* 0x10 kernel data */
    .quad 0x00cff3000000ffff    /* 0x18 user data (DPL 3) */
    .quad 0x00affb000000ffff    /* 0x20 user code 64 (DPL 3) */
tss_desc:
    .quad 0, 0                  /* 0x28 TSS, filled in by C */
gdt_end:
    .p2align 3
    .globl gdt_desc
gdt_desc:
    .word gdt_end - gdt - 1
    .quad gdt

    /* Page tables: identity map of 4 GiB with 2 MiB pages, user bit set;
     * the top GiB (APIC, IOAPIC, virtio-mmio) uncached. */
    .p2align 12
    .globl pml4
pml4:
    .quad pdpt + PTE_P + PTE_RW + PTE_US
    .fill 511, 8, 0
pdpt:
    .quad pd + PTE_P + PTE_RW + PTE_US
    .quad pd + 0x1000 + PTE_P + PTE_RW + PTE_US
    .quad pd + 0x2000 + PTE_P + PTE_RW + PTE_US
    .quad pd + 0x3000 + PTE_P + PTE_RW + PTE_US
    .fill 508, 8, 0
pd:
    .set i, 0
    .rept 1536
    .quad (i << 21) + PTE_P + PTE_RW + PTE_US + PTE_PS
    .set i, i + 1
    .endr
    .rept 512
    .quad (i << 21) + PTE_P + PTE_RW + PTE_US + PTE_PS + PTE_PCD + PTE_PWT
    .set i, i + 1
    .endr

    .bss
    .p2align 12
    .space 16384
boot_stack_top:

    /* The PVH entry note (Xen's ELF note type 18, XEN_ELFNOTE_PHYS32_ENTRY). */
    .section .note.pvh, "a"
    .p2align 2
    .long 4                     /* namesz */
    .long 4                     /* descsz */
    .long 18                    /* type */
    .asciz "Xen"
    .long pvh_start32

    .text
    .code64
/*
 * uint64_t enter_user(void (*fn)(void), uint64_t user_stack): run fn in
 * ring 3; it comes back with ud2 (rdi = result, rsi = its CS and timing),
 * whose #UD gate is user_return, on the TSS's rsp0 stack.
 */
    .globl enter_user, user_return
enter_user:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, kernel_saved_rsp(%rip)
    pushq $0x1b                 /* ss: user data | RPL 3 */
    pushq %rsi                  /* rsp */
    pushq $0x2                  /* rflags: interrupts off */
    pushq $0x23                 /* cs: user code | RPL 3 */
    pushq %rdi                  /* rip */
    iretq
user_return:
    mov kernel_saved_rsp(%rip), %rsp
    mov %rsi, user_cs(%rip)
    mov %rdi, %rax
    mov $0x10, %ecx
    mov %ecx, %ds
    mov %ecx, %es
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret

    .data
    .globl kernel_saved_rsp, user_cs
kernel_saved_rsp: .quad 0
user_cs: .quad 0
    .section .note.GNU-stack, "", @progbits
