/*
 * gdb.c: the RISC-V (RV64) registers as gdb sees them.
 *
 * Register numbers are gdb's own for RISC-V (riscv-tdep: x0..x31 = 0..31,
 * pc = 32, f0..f31 = 33..64, CSR n = 65 + n), so fflags, frm and fcsr are
 * 66, 67 and 68; the target description gives them explicitly.  The 'g'
 * packet carries x0..x31 and pc; gdb reads the rest with 'p'.
 *
 * Features use gdb's standard names: org.gnu.gdb.riscv.cpu (required),
 * org.gnu.gdb.riscv.fpu (f registers, NaN-boxed 64-bit values) and
 * org.gnu.gdb.riscv.csr (the floating-point CSRs, which gdb accepts there
 * or in the fpu feature).
 */
#include "common.h"
#include "cpu.h"
#include "gdb-arch.h"

enum {
    RV_GDB_PC = 32,
    RV_GDB_F0 = 33,
    RV_GDB_FFLAGS = 66,
    RV_GDB_FRM = 67,
    RV_GDB_FCSR = 68,
};

static const char rv_target_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
    "<target version=\"1.0\">\n"
    "  <architecture>riscv:rv64</architecture>\n"
    "  <osabi>GNU/Linux</osabi>\n"
    "  <xi:include href=\"riscv-64bit-cpu.xml\"/>\n"
    "  <xi:include href=\"riscv-64bit-fpu.xml\"/>\n"
    "  <xi:include href=\"riscv-64bit-csr.xml\"/>\n"
    "</target>\n";

/* Built once: the register lists are long and regular. */
static char *rv_cpu_xml, *rv_fpu_xml;

static const char rv_csr_xml[] =
    "<?xml version=\"1.0\"?>\n"
    "<!DOCTYPE feature SYSTEM \"gdb-target.dtd\">\n"
    "<feature name=\"org.gnu.gdb.riscv.csr\">\n"
    "  <reg name=\"fflags\" bitsize=\"64\" type=\"int\" regnum=\"66\" group=\"float\"/>\n"
    "  <reg name=\"frm\" bitsize=\"64\" type=\"int\" regnum=\"67\" group=\"float\"/>\n"
    "  <reg name=\"fcsr\" bitsize=\"64\" type=\"int\" regnum=\"68\" group=\"float\"/>\n"
    "</feature>\n";

static void rv_build_xml(void)
{
    GString *x;

    if (rv_cpu_xml) {
        return;
    }
    x = g_string_new("<?xml version=\"1.0\"?>\n"
                     "<!DOCTYPE feature SYSTEM \"gdb-target.dtd\">\n"
                     "<feature name=\"org.gnu.gdb.riscv.cpu\">\n");
    for (int i = 0; i < 32; i++) {
        /* ra holds code addresses, sp/gp/tp/s0 data addresses: typed so gdb prints them well. */
        const char *type = i == 1 ? "code_ptr" : (i == 2 || i == 3 || i == 4 || i == 8) ?
                           "data_ptr" : "int";
        g_string_append_printf(x, "  <reg name=\"%s\" bitsize=\"64\" type=\"%s\" regnum=\"%d\"/>\n",
                               rv_gpr_names[i], type, i);
    }
    g_string_append_printf(x, "  <reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"%d\"/>\n"
                           "</feature>\n", RV_GDB_PC);
    rv_cpu_xml = g_string_free(x, false);

    x = g_string_new("<?xml version=\"1.0\"?>\n"
                     "<!DOCTYPE feature SYSTEM \"gdb-target.dtd\">\n"
                     "<feature name=\"org.gnu.gdb.riscv.fpu\">\n");
    for (int i = 0; i < 32; i++) {
        g_string_append_printf(x, "  <reg name=\"%s\" bitsize=\"64\" type=\"ieee_double\""
                               " regnum=\"%d\"/>\n", rv_fpr_names[i], RV_GDB_F0 + i);
    }
    g_string_append(x, "</feature>\n");
    rv_fpu_xml = g_string_free(x, false);
}

static const char *rv_gdb_get_xml(const char *annex)
{
    rv_build_xml();
    if (strcmp(annex, "target.xml") == 0) {
        return rv_target_xml;
    }
    if (strcmp(annex, "riscv-64bit-cpu.xml") == 0) {
        return rv_cpu_xml;
    }
    if (strcmp(annex, "riscv-64bit-fpu.xml") == 0) {
        return rv_fpu_xml;
    }
    if (strcmp(annex, "riscv-64bit-csr.xml") == 0) {
        return rv_csr_xml;
    }
    return NULL;
}

static int rv_put64(GByteArray *buf, uint64_t v)
{
    uint8_t b[8];

    for (int i = 0; i < 8; i++) {
        b[i] = (uint8_t)(v >> (8 * i));     /* RISC-V is little-endian */
    }
    g_byte_array_append(buf, b, 8);
    return 8;
}

static uint64_t rv_get64(const uint8_t *b)
{
    uint64_t v = 0;

    for (int i = 7; i >= 0; i--) {
        v = v << 8 | b[i];
    }
    return v;
}

static int rv_gdb_read_register(CPUCommon *cs, GByteArray *buf, int reg)
{
    RISCVCPU *cpu = rv_cpu(cs);

    if (reg >= 0 && reg < 32) {
        return rv_put64(buf, reg == 0 ? 0 : cpu->gpr[reg]);
    }
    if (reg == RV_GDB_PC) {
        return rv_put64(buf, cpu->pc);
    }
    if (reg >= RV_GDB_F0 && reg < RV_GDB_F0 + 32) {
        return rv_put64(buf, cpu->fpr[reg - RV_GDB_F0]);
    }
    switch (reg) {
    case RV_GDB_FFLAGS:
        return rv_put64(buf, cpu->fflags & 0x1f);
    case RV_GDB_FRM:
        return rv_put64(buf, cpu->frm & 7);
    case RV_GDB_FCSR:
        return rv_put64(buf, (cpu->frm & 7) << 5 | (cpu->fflags & 0x1f));
    default:
        return 0;
    }
}

static int rv_gdb_write_register(CPUCommon *cs, const uint8_t *buf, int reg)
{
    RISCVCPU *cpu = rv_cpu(cs);
    uint64_t v = rv_get64(buf);

    if (reg >= 0 && reg < 32) {
        /* x0 is hard-wired to zero: a write is accepted and has no effect. */
        if (reg != 0) {
            cpu->gpr[reg] = v;
        }
        return 8;
    }
    if (reg == RV_GDB_PC) {
        cpu->pc = v;
        return 8;
    }
    if (reg >= RV_GDB_F0 && reg < RV_GDB_F0 + 32) {
        cpu->fpr[reg - RV_GDB_F0] = v;
        return 8;
    }
    /* The CSR fields keep only their defined bits (fcsr: frm 7:5, fflags 4:0). */
    switch (reg) {
    case RV_GDB_FFLAGS:
        cpu->fflags = v & 0x1f;
        return 8;
    case RV_GDB_FRM:
        cpu->frm = v & 7;
        return 8;
    case RV_GDB_FCSR:
        cpu->fflags = v & 0x1f;
        cpu->frm = (v >> 5) & 7;
        return 8;
    default:
        return 0;
    }
}

const GdbArch riscv64_gdb_arch = {
    .arch_name = "riscv:rv64",
    .num_regs = 33,
    .get_xml = rv_gdb_get_xml,
    .read_register = rv_gdb_read_register,
    .write_register = rv_gdb_write_register,
};
