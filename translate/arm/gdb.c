/*
 * gdb.c: the AArch64 registers as gdb sees them.
 *
 * Register numbers are gdb's own for AArch64 (aarch64-tdep): x0..x30 = 0..30,
 * sp = 31, pc = 32, cpsr = 33 (32 bits), v0..v31 = 34..65 (128 bits),
 * fpsr = 66, fpcr = 67 (32 bits each).  The 'g' packet carries the core
 * feature (0..33); gdb reads the rest with 'p'.  gdb builds the q/d/s/h/b
 * views of the V registers itself from the raw 16 bytes.
 *
 * Features: org.gnu.gdb.aarch64.core and org.gnu.gdb.aarch64.fpu, with the
 * vector union type gdb's own descriptions use, so `p $v0.d.f` works.
 */
#include "common.h"
#include "cpu.h"
#include "gdb-arch.h"

enum {
    A64_GDB_SP = 31,
    A64_GDB_PC = 32,
    A64_GDB_CPSR = 33,
    A64_GDB_V0 = 34,
    A64_GDB_FPSR = 66,
    A64_GDB_FPCR = 67,
};

static const char a64_target_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "  <architecture>aarch64</architecture>\n"
    "  <osabi>GNU/Linux</osabi>\n"
    "  <xi:include href=\"aarch64-core.xml\"/>\n"
    "  <xi:include href=\"aarch64-fpu.xml\"/>\n"
    "</target>\n";

static char *a64_core_xml, *a64_fpu_xml;

static void a64_build_xml(void)
{
    GString *x;

    if (a64_core_xml) {
        return;
    }
    x = g_string_new("<?xml version=\"1.0\"?>\n"
                     "<!DOCTYPE feature SYSTEM \"gdb-target.dtd\">\n"
                     "<feature name=\"org.gnu.gdb.aarch64.core\">\n"
                     "  <flags id=\"cpsr_flags\" size=\"4\">\n"
                     "    <field name=\"SP\" start=\"0\" end=\"0\"/>\n"
                     "    <field name=\"EL\" start=\"2\" end=\"3\"/>\n"
                     "    <field name=\"nRW\" start=\"4\" end=\"4\"/>\n"
                     "    <field name=\"F\" start=\"6\" end=\"6\"/>\n"
                     "    <field name=\"I\" start=\"7\" end=\"7\"/>\n"
                     "    <field name=\"A\" start=\"8\" end=\"8\"/>\n"
                     "    <field name=\"D\" start=\"9\" end=\"9\"/>\n"
                     "    <field name=\"V\" start=\"28\" end=\"28\"/>\n"
                     "    <field name=\"C\" start=\"29\" end=\"29\"/>\n"
                     "    <field name=\"Z\" start=\"30\" end=\"30\"/>\n"
                     "    <field name=\"N\" start=\"31\" end=\"31\"/>\n"
                     "  </flags>\n");
    for (int i = 0; i < 31; i++) {
        g_string_append_printf(x, "  <reg name=\"x%d\" bitsize=\"64\" type=\"int\" regnum=\"%d\"/>\n",
                               i, i);
    }
    g_string_append(x, "  <reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\" regnum=\"31\"/>\n"
                       "  <reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"32\"/>\n"
                       "  <reg name=\"cpsr\" bitsize=\"32\" type=\"cpsr_flags\" regnum=\"33\"/>\n"
                       "</feature>\n");
    a64_core_xml = g_string_free(x, false);

    /* The vector views: every lane width as float (where one exists), unsigned and signed. */
    x = g_string_new("<?xml version=\"1.0\"?>\n"
                     "<!DOCTYPE feature SYSTEM \"gdb-target.dtd\">\n"
                     "<feature name=\"org.gnu.gdb.aarch64.fpu\">\n"
                     "  <vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
                     "  <vector id=\"v2u\" type=\"uint64\" count=\"2\"/>\n"
                     "  <vector id=\"v2i\" type=\"int64\" count=\"2\"/>\n"
                     "  <vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
                     "  <vector id=\"v4u\" type=\"uint32\" count=\"4\"/>\n"
                     "  <vector id=\"v4i\" type=\"int32\" count=\"4\"/>\n"
                     "  <vector id=\"v8f\" type=\"ieee_half\" count=\"8\"/>\n"
                     "  <vector id=\"v8u\" type=\"uint16\" count=\"8\"/>\n"
                     "  <vector id=\"v8i\" type=\"int16\" count=\"8\"/>\n"
                     "  <vector id=\"v16u\" type=\"uint8\" count=\"16\"/>\n"
                     "  <vector id=\"v16i\" type=\"int8\" count=\"16\"/>\n"
                     "  <vector id=\"v1u\" type=\"uint128\" count=\"1\"/>\n"
                     "  <vector id=\"v1i\" type=\"int128\" count=\"1\"/>\n"
                     "  <union id=\"vnd\"><field name=\"f\" type=\"v2d\"/>"
                     "<field name=\"u\" type=\"v2u\"/><field name=\"s\" type=\"v2i\"/></union>\n"
                     "  <union id=\"vns\"><field name=\"f\" type=\"v4f\"/>"
                     "<field name=\"u\" type=\"v4u\"/><field name=\"s\" type=\"v4i\"/></union>\n"
                     "  <union id=\"vnh\"><field name=\"f\" type=\"v8f\"/>"
                     "<field name=\"u\" type=\"v8u\"/><field name=\"s\" type=\"v8i\"/></union>\n"
                     "  <union id=\"vnb\"><field name=\"u\" type=\"v16u\"/>"
                     "<field name=\"s\" type=\"v16i\"/></union>\n"
                     "  <union id=\"vnq\"><field name=\"u\" type=\"v1u\"/>"
                     "<field name=\"s\" type=\"v1i\"/></union>\n"
                     "  <union id=\"aarch64v\"><field name=\"d\" type=\"vnd\"/>"
                     "<field name=\"s\" type=\"vns\"/><field name=\"h\" type=\"vnh\"/>"
                     "<field name=\"b\" type=\"vnb\"/><field name=\"q\" type=\"vnq\"/></union>\n");
    for (int i = 0; i < 32; i++) {
        g_string_append_printf(x, "  <reg name=\"v%d\" bitsize=\"128\" type=\"aarch64v\""
                               " regnum=\"%d\"/>\n", i, A64_GDB_V0 + i);
    }
    g_string_append(x, "  <reg name=\"fpsr\" bitsize=\"32\" type=\"int\" regnum=\"66\"/>\n"
                       "  <reg name=\"fpcr\" bitsize=\"32\" type=\"int\" regnum=\"67\"/>\n"
                       "</feature>\n");
    a64_fpu_xml = g_string_free(x, false);
}

static const char *a64_gdb_get_xml(const char *annex)
{
    a64_build_xml();
    if (strcmp(annex, "target.xml") == 0) {
        return a64_target_xml;
    }
    if (strcmp(annex, "aarch64-core.xml") == 0) {
        return a64_core_xml;
    }
    if (strcmp(annex, "aarch64-fpu.xml") == 0) {
        return a64_fpu_xml;
    }
    return NULL;
}

/* Little-endian bytes (user mode runs AArch64 little-endian only). */
static int a64_put(GByteArray *buf, uint64_t v, int bytes)
{
    uint8_t b[8];

    for (int i = 0; i < bytes; i++) {
        b[i] = (uint8_t)(v >> (8 * i));
    }
    g_byte_array_append(buf, b, (guint)bytes);
    return bytes;
}

static uint64_t a64_get(const uint8_t *b, int bytes)
{
    uint64_t v = 0;

    for (int i = bytes - 1; i >= 0; i--) {
        v = v << 8 | b[i];
    }
    return v;
}

static int a64_gdb_read_register(CPUCommon *cs, GByteArray *buf, int reg)
{
    ARMCPU *cpu = arm_cpu(cs);

    if (reg >= 0 && reg <= A64_GDB_SP) {
        return a64_put(buf, cpu->xregs[reg], 8);    /* xregs[31] is SP */
    }
    if (reg >= A64_GDB_V0 && reg < A64_GDB_V0 + 32) {
        const ARMVReg *v = &cpu->vregs[reg - A64_GDB_V0];
        a64_put(buf, v->d[0], 8);
        return 8 + a64_put(buf, v->d[1], 8);
    }
    switch (reg) {
    case A64_GDB_PC:
        return a64_put(buf, cpu->pc, 8);
    case A64_GDB_CPSR:
        /* EL0t, AArch64: only NZCV is visible. */
        return a64_put(buf, arm_get_nzcv(cpu), 4);
    case A64_GDB_FPSR:
        return a64_put(buf, cpu->fpsr, 4);
    case A64_GDB_FPCR:
        return a64_put(buf, cpu->fpcr, 4);
    default:
        return 0;
    }
}

static int a64_gdb_write_register(CPUCommon *cs, const uint8_t *buf, int reg)
{
    ARMCPU *cpu = arm_cpu(cs);

    if (reg >= 0 && reg <= A64_GDB_SP) {
        cpu->xregs[reg] = a64_get(buf, 8);
        return 8;
    }
    if (reg >= A64_GDB_V0 && reg < A64_GDB_V0 + 32) {
        ARMVReg *v = &cpu->vregs[reg - A64_GDB_V0];
        v->d[0] = a64_get(buf, 8);
        v->d[1] = a64_get(buf + 8, 8);
        return 16;
    }
    /* Only the bits EL0 could set itself: the rest of these registers is not ours. */
    switch (reg) {
    case A64_GDB_PC:
        cpu->pc = a64_get(buf, 8);
        return 8;
    case A64_GDB_CPSR:
        arm_set_nzcv(cpu, (uint32_t)a64_get(buf, 4) & 0xf0000000u);
        return 4;
    case A64_GDB_FPSR:
        cpu->fpsr = (uint32_t)a64_get(buf, 4) & FPSR_WRITABLE;
        return 4;
    case A64_GDB_FPCR:
        cpu->fpcr = (uint32_t)a64_get(buf, 4) & FPCR_WRITABLE;
        return 4;
    default:
        return 0;
    }
}

const GdbArch aarch64_gdb_arch = {
    .arch_name = "aarch64",
    .num_regs = 34,
    .get_xml = a64_gdb_get_xml,
    .read_register = a64_gdb_read_register,
    .write_register = a64_gdb_write_register,
};
