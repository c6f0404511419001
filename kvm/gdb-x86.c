/*
 * gdb-x86.c: the x86-64 register map of the KVM GDB target.
 *
 * gdb's i386:x86-64 layout: the org.gnu.gdb.i386.core feature (16 general
 * registers, rip, eflags, 6 segment selectors, the x87 stack and its 8
 * control registers), org.gnu.gdb.i386.sse (xmm0-15, mxcsr),
 * org.gnu.gdb.i386.segments (fs_base, gs_base), then the system registers
 * gdb has no standard feature for (cr0, cr2, cr3, cr4, cr8, efer), which it
 * shows as ordinary registers ("p $cr3").  The values come from
 * KVM_GET_REGS, KVM_GET_SREGS and KVM_GET_FPU, cached for one stop.
 */
#include "common.h"
#include "kvm/gdb-kvm.h"
#include <sys/ioctl.h>

enum {
    R_GPR0 = 0,             /* rax rbx rcx rdx rsi rdi rbp rsp r8..r15 */
    R_RIP = 16,
    R_EFLAGS = 17,
    R_SEG0 = 18,            /* cs ss ds es fs gs */
    R_ST0 = 24,
    R_FCTRL = 32,           /* fctrl fstat ftag fiseg fioff foseg fooff fop */
    R_XMM0 = 40,
    R_MXCSR = 56,
    R_FS_BASE = 57,
    R_GS_BASE = 58,
    R_CR0 = 59,             /* cr0 cr2 cr3 cr4 cr8 efer */
    R_NUM = 65,
};

static const char *const gpr_names[16] = {
    "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
    "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const seg_names[6] = { "cs", "ss", "ds", "es", "fs", "gs" };
static const char *const fpctl_names[8] = {
    "fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop",
};
static const char *const sys_names[6] = { "cr0", "cr2", "cr3", "cr4", "cr8", "efer" };

/* ---- caches ---- */

bool kvm_gdb_cpu_regs(KvmGdbCpu *c)
{
    int fd = kvm_gdb_cpu_fd(c);

    if (!c->have_regs && fd >= 0 && ioctl(fd, KVM_GET_REGS, &c->regs) == 0) {
        c->have_regs = true;
    }
    return c->have_regs;
}

bool kvm_gdb_cpu_sregs(KvmGdbCpu *c)
{
    int fd = kvm_gdb_cpu_fd(c);

    if (!c->have_sregs && fd >= 0 && ioctl(fd, KVM_GET_SREGS, &c->sregs) == 0) {
        c->have_sregs = true;
    }
    return c->have_sregs;
}

bool kvm_gdb_cpu_fpu(KvmGdbCpu *c)
{
    int fd = kvm_gdb_cpu_fd(c);

    if (!c->have_fpu && fd >= 0 && ioctl(fd, KVM_GET_FPU, &c->fpu) == 0) {
        c->have_fpu = true;
    }
    return c->have_fpu;
}

void kvm_gdb_cpu_invalidate(KvmGdbCpu *c)
{
    c->have_regs = c->have_sregs = c->have_fpu = false;
}

static bool cpu_put(KvmGdbCpu *c, unsigned long req, void *data)
{
    int fd = kvm_gdb_cpu_fd(c);

    if (fd < 0 || ioctl(fd, req, data) < 0) {
        /* the next read shows what KVM really holds */
        kvm_gdb_cpu_invalidate(c);
        return false;
    }
    return true;
}

static __u64 *gpr_slot(struct kvm_regs *r, int n)
{
    __u64 *const slots[16] = {
        &r->rax, &r->rbx, &r->rcx, &r->rdx, &r->rsi, &r->rdi, &r->rbp, &r->rsp,
        &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15,
    };
    return slots[n];
}

static struct kvm_segment *seg_slot(struct kvm_sregs *s, int n)
{
    struct kvm_segment *const slots[6] = { &s->cs, &s->ss, &s->ds, &s->es, &s->fs, &s->gs };
    return slots[n];
}

static __u64 *sys_slot(struct kvm_sregs *s, int n)
{
    __u64 *const slots[6] = { &s->cr0, &s->cr2, &s->cr3, &s->cr4, &s->cr8, &s->efer };
    return slots[n];
}

/*
 * gdb's ftag is the full x87 tag word (2 bits per physical register:
 * 0 valid, 1 zero, 2 special, 3 empty); FXSAVE, and so KVM, keeps only
 * one "not empty" bit each.  The other three are derived from the value.
 */
static uint16_t fpu_full_tag(const struct kvm_fpu *f)
{
    unsigned top = (f->fsw >> 11) & 7;
    uint16_t tag = 0;

    for (unsigned phys = 0; phys < 8; phys++) {
        const uint8_t *v = f->fpr[(phys - top) & 7];
        uint64_t mant;
        unsigned exp = (v[8] | v[9] << 8) & 0x7fff, t;

        memcpy(&mant, v, 8);
        if (!(f->ftwx & (1u << phys))) {
            t = 3;
        } else if (exp == 0 && mant == 0) {
            t = 1;
        } else if (exp == 0x7fff || exp == 0 || !(mant >> 63)) {
            t = 2;
        } else {
            t = 0;
        }
        tag |= t << (2 * phys);
    }
    return tag;
}

static uint8_t fpu_abridged_tag(uint16_t full)
{
    uint8_t t = 0;

    for (unsigned phys = 0; phys < 8; phys++) {
        if (((full >> (2 * phys)) & 3) != 3) {
            t |= 1u << phys;
        }
    }
    return t;
}

static void append_le(GByteArray *buf, uint64_t v, unsigned size)
{
    uint8_t b[8];

    for (unsigned i = 0; i < size; i++) {
        b[i] = v >> (8 * i);
    }
    g_byte_array_append(buf, b, size);
}

static uint64_t get_le(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

static int x86_read_register_locked(CPUCommon *cpu, GByteArray *buf, int reg)
{
    KvmGdbCpu *c = (KvmGdbCpu *)cpu;

    if (reg < 0 || reg >= R_NUM) {
        return 0;
    }
    if (reg <= R_EFLAGS) {
        if (!kvm_gdb_cpu_regs(c)) {
            return 0;
        }
        if (reg == R_RIP) {
            append_le(buf, c->regs.rip, 8);
            return 8;
        }
        if (reg == R_EFLAGS) {
            append_le(buf, c->regs.rflags, 4);
            return 4;
        }
        append_le(buf, *gpr_slot(&c->regs, reg), 8);
        return 8;
    }
    if (reg < R_ST0 || reg >= R_FS_BASE) {
        if (!kvm_gdb_cpu_sregs(c)) {
            return 0;
        }
        if (reg < R_ST0) {
            append_le(buf, seg_slot(&c->sregs, reg - R_SEG0)->selector, 4);
            return 4;
        }
        if (reg == R_FS_BASE || reg == R_GS_BASE) {
            append_le(buf, reg == R_FS_BASE ? c->sregs.fs.base : c->sregs.gs.base, 8);
            return 8;
        }
        append_le(buf, *sys_slot(&c->sregs, reg - R_CR0), 8);
        return 8;
    }
    if (!kvm_gdb_cpu_fpu(c)) {
        return 0;
    }
    if (reg < R_FCTRL) {
        g_byte_array_append(buf, c->fpu.fpr[reg - R_ST0], 10);
        return 10;
    }
    if (reg < R_XMM0) {
        uint64_t v[8] = {
            c->fpu.fcw, c->fpu.fsw, fpu_full_tag(&c->fpu),
            0, (uint32_t)c->fpu.last_ip,        /* 64-bit FXSAVE: offsets only */
            0, (uint32_t)c->fpu.last_dp, c->fpu.last_opcode,
        };
        append_le(buf, v[reg - R_FCTRL], 4);
        return 4;
    }
    if (reg < R_MXCSR) {
        g_byte_array_append(buf, c->fpu.xmm[reg - R_XMM0], 16);
        return 16;
    }
    append_le(buf, c->fpu.mxcsr, 4);
    return 4;
}

static int x86_write_register_locked(CPUCommon *cpu, const uint8_t *buf, int reg)
{
    KvmGdbCpu *c = (KvmGdbCpu *)cpu;

    if (reg < 0 || reg >= R_NUM) {
        return 0;
    }
    if (reg <= R_EFLAGS) {
        if (!kvm_gdb_cpu_regs(c)) {
            return 0;
        }
        if (reg == R_RIP) {
            c->regs.rip = get_le(buf, 8);
        } else if (reg == R_EFLAGS) {
            /* bit 1 always reads as one */
            c->regs.rflags = get_le(buf, 4) | 2;
        } else {
            *gpr_slot(&c->regs, reg) = get_le(buf, 8);
        }
        cpu_put(c, KVM_SET_REGS, &c->regs);
        return reg == R_EFLAGS ? 4 : 8;
    }
    if (reg < R_ST0 || reg >= R_FS_BASE) {
        int size = reg < R_ST0 ? 4 : 8;
        if (!kvm_gdb_cpu_sregs(c)) {
            return 0;
        }
        if (reg < R_ST0) {
            /*
             * Only the selector: the hidden base and limit stay as loaded
             * (gdb writes all of them back with G even when unchanged).
             */
            seg_slot(&c->sregs, reg - R_SEG0)->selector = get_le(buf, 4);
        } else if (reg == R_FS_BASE) {
            c->sregs.fs.base = get_le(buf, 8);
        } else if (reg == R_GS_BASE) {
            c->sregs.gs.base = get_le(buf, 8);
        } else {
            *sys_slot(&c->sregs, reg - R_CR0) = get_le(buf, 8);
        }
        cpu_put(c, KVM_SET_SREGS, &c->sregs);
        return size;
    }
    if (!kvm_gdb_cpu_fpu(c)) {
        return 0;
    }
    if (reg < R_FCTRL) {
        memcpy(c->fpu.fpr[reg - R_ST0], buf, 10);
        cpu_put(c, KVM_SET_FPU, &c->fpu);
        return 10;
    }
    if (reg < R_XMM0) {
        uint32_t v = get_le(buf, 4);
        switch (reg - R_FCTRL) {
        case 0: c->fpu.fcw = v; break;
        case 1: c->fpu.fsw = v; break;
        case 2: c->fpu.ftwx = fpu_abridged_tag(v); break;
        case 4: c->fpu.last_ip = v; break;
        case 6: c->fpu.last_dp = v; break;
        case 7: c->fpu.last_opcode = v; break;
        default: break;     /* fiseg, foseg: not kept in 64-bit FXSAVE */
        }
        cpu_put(c, KVM_SET_FPU, &c->fpu);
        return 4;
    }
    if (reg < R_MXCSR) {
        memcpy(c->fpu.xmm[reg - R_XMM0], buf, 16);
        cpu_put(c, KVM_SET_FPU, &c->fpu);
        return 16;
    }
    c->fpu.mxcsr = get_le(buf, 4);
    cpu_put(c, KVM_SET_FPU, &c->fpu);
    return 4;
}

static int x86_read_register(CPUCommon *cpu, GByteArray *buf, int reg)
{
    int n;

    kvm_gdb_lock();
    n = x86_read_register_locked(cpu, buf, reg);
    kvm_gdb_unlock();
    return n;
}

static int x86_write_register(CPUCommon *cpu, const uint8_t *buf, int reg)
{
    int n;

    kvm_gdb_lock();
    n = x86_write_register_locked(cpu, buf, reg);
    kvm_gdb_unlock();
    return n;
}

/* ---- the target description ---- */

static void xml_reg(GString *x, const char *name, int bits, const char *type, const char *group)
{
    g_string_append_printf(x, "    <reg name=\"%s\" bitsize=\"%d\" type=\"%s\"%s%s%s/>\n",
                           name, bits, type, group ? " group=\"" : "", group ? group : "",
                           group ? "\"" : "");
}

static void xml_flag_fields(GString *x, const char *const *names, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (names[i]) {
            g_string_append_printf(x, "      <field name=\"%s\" start=\"%u\" end=\"%u\"/>\n",
                                   names[i], i, i);
        }
    }
}

static char *x86_build_xml(void)
{
    static const char *const eflags[22] = {
        "CF", "", "PF", NULL, "AF", NULL, "ZF", "SF", "TF", "IF", "DF", "OF",
        NULL, NULL, "NT", NULL, "RF", "VM", "AC", "VIF", "VIP", "ID",
    };
    static const char *const mxcsr[16] = {
        "IE", "DE", "ZE", "OE", "UE", "PE", "DAZ", "IM", "DM", "ZM", "OM", "UM", "PM", NULL,
        NULL, "FZ",
    };
    GString *x = g_string_new("<?xml version=\"1.0\"?>\n"
                              "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                              "<target version=\"1.0\">\n"
                              "  <architecture>i386:x86-64</architecture>\n"
                              "  <feature name=\"org.gnu.gdb.i386.core\">\n"
                              "    <flags id=\"i386_eflags\" size=\"4\">\n");
    char name[16];

    xml_flag_fields(x, eflags, G_N_ELEMENTS(eflags));
    g_string_append(x, "    </flags>\n");
    for (int i = 0; i < 16; i++) {
        xml_reg(x, gpr_names[i], 64, i == 6 || i == 7 ? "data_ptr" : "int64", NULL);
    }
    xml_reg(x, "rip", 64, "code_ptr", NULL);
    xml_reg(x, "eflags", 32, "i386_eflags", NULL);
    for (int i = 0; i < 6; i++) {
        xml_reg(x, seg_names[i], 32, "int32", NULL);
    }
    for (int i = 0; i < 8; i++) {
        snprintf(name, sizeof(name), "st%d", i);
        xml_reg(x, name, 80, "i387_ext", NULL);
    }
    for (int i = 0; i < 8; i++) {
        xml_reg(x, fpctl_names[i], 32, "int", "float");
    }
    g_string_append(x, "  </feature>\n"
                    "  <feature name=\"org.gnu.gdb.i386.sse\">\n"
                    "    <vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
                    "    <vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
                    "    <vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n"
                    "    <vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n"
                    "    <vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n"
                    "    <vector id=\"v2i64\" type=\"int64\" count=\"2\"/>\n"
                    "    <union id=\"vec128\">\n"
                    "      <field name=\"v4_float\" type=\"v4f\"/>\n"
                    "      <field name=\"v2_double\" type=\"v2d\"/>\n"
                    "      <field name=\"v16_int8\" type=\"v16i8\"/>\n"
                    "      <field name=\"v8_int16\" type=\"v8i16\"/>\n"
                    "      <field name=\"v4_int32\" type=\"v4i32\"/>\n"
                    "      <field name=\"v2_int64\" type=\"v2i64\"/>\n"
                    "      <field name=\"uint128\" type=\"uint128\"/>\n"
                    "    </union>\n"
                    "    <flags id=\"i386_mxcsr\" size=\"4\">\n");
    xml_flag_fields(x, mxcsr, G_N_ELEMENTS(mxcsr));
    g_string_append(x, "    </flags>\n");
    for (int i = 0; i < 16; i++) {
        snprintf(name, sizeof(name), "xmm%d", i);
        xml_reg(x, name, 128, "vec128", "vector");
    }
    xml_reg(x, "mxcsr", 32, "i386_mxcsr", "vector");
    g_string_append(x, "  </feature>\n  <feature name=\"org.gnu.gdb.i386.segments\">\n");
    xml_reg(x, "fs_base", 64, "int", NULL);
    xml_reg(x, "gs_base", 64, "int", NULL);
    g_string_append(x, "  </feature>\n  <feature name=\"org.crossemu.x86.sys\">\n");
    for (int i = 0; i < 6; i++) {
        xml_reg(x, sys_names[i], 64, "int", "system");
    }
    g_string_append(x, "  </feature>\n</target>\n");
    return g_string_free(x, false);
}

static const char *x86_get_xml(const char *annex)
{
    static char *xml;

    if (strcmp(annex, "target.xml")) {
        return NULL;
    }
    if (!xml) {
        xml = x86_build_xml();      /* first from the gdb thread only */
    }
    return xml;
}

const GdbArch kvm_gdb_x86_arch = {
    .arch_name = "i386:x86-64",
    .num_regs = R_NUM,
    .get_xml = x86_get_xml,
    .read_register = x86_read_register,
    .write_register = x86_write_register,
};

static uint64_t x86_get_pc(CPUCommon *cpu)
{
    KvmGdbCpu *c = (KvmGdbCpu *)cpu;
    uint64_t pc;

    kvm_gdb_lock();
    pc = kvm_gdb_cpu_regs(c) ? c->regs.rip : 0;
    kvm_gdb_unlock();
    return pc;
}

static void x86_set_pc(CPUCommon *cpu, uint64_t pc)
{
    KvmGdbCpu *c = (KvmGdbCpu *)cpu;

    kvm_gdb_lock();
    if (kvm_gdb_cpu_regs(c)) {
        c->regs.rip = pc;
        cpu_put(c, KVM_SET_REGS, &c->regs);
    }
    kvm_gdb_unlock();
}

/* What the stub asks of CPUCommon.ops: the pc (c ADDR, and the swbreak stop reason). */
const GuestOps kvm_gdb_x86_ops = {
    .name = "x86_64",
    .max_insn_bytes = 15,
    .min_insn_bytes = 1,
    .get_pc = x86_get_pc,
    .set_pc = x86_set_pc,
    .gdb = &kvm_gdb_x86_arch,
};
