/*
 * commands.c: the packets that read and change the stopped target, and the
 * ones that resume it (gdb manual, "Packets").
 *
 * Every packet gets exactly one reply (or none for the ones that resume,
 * which answer with the next stop), malformed ones an "Exx" error, unknown
 * ones the empty packet.  Lengths from gdb are never trusted: memory
 * transfers are capped by what fits in a packet, register writes by the
 * register's real size.
 */
#include "common.h"
#include "internal.h"
#include "debug.h"

/* The most memory one 'm' reply carries: hex doubles it, keep room for framing. */
#define GDB_MAX_MEM_XFER ((GDB_MAX_PACKET - 32) / 2)

enum { GDB_EINVAL = 0x16, GDB_EFAULT = 0x0e, GDB_ENOENT = 0x02, GDB_ESRCH = 0x03 };

static const GdbArch *arch(GdbStub *s)
{
    return s->target->arch;
}

/* Register reg's bytes into buf (cleared first); 0 if there is no such register. */
static int read_reg(GdbStub *s, CPUCommon *cpu, GByteArray *buf, int reg)
{
    g_byte_array_set_size(buf, 0);
    if (reg < 0) {
        return 0;
    }
    return arch(s)->read_register(cpu, buf, reg);
}

static void cmd_read_registers(GdbStub *s)
{
    GByteArray *buf = g_byte_array_new();
    GString *r = g_string_new(NULL);

    for (unsigned reg = 0; reg < arch(s)->num_regs; reg++) {
        if (read_reg(s, s->g_cpu, buf, (int)reg) == 0) {
            break;
        }
        gdb_hex_append(r, buf->data, buf->len);
    }
    gdb_reply(s, r->str);
    g_string_free(r, true);
    g_byte_array_free(buf, true);
}

static void cmd_write_registers(GdbStub *s, const char *p)
{
    GByteArray *buf = g_byte_array_new();
    size_t hex_len = strlen(p);
    bool ok = (hex_len % 2) == 0;

    /* Registers in order, as far as the data goes; each must be whole. */
    for (unsigned reg = 0; ok && reg < arch(s)->num_regs && *p; reg++) {
        int n = read_reg(s, s->g_cpu, buf, (int)reg);
        if (n == 0 || strlen(p) < (size_t)n * 2 || !gdb_hex_decode(p, buf->data, (size_t)n)) {
            ok = false;
            break;
        }
        arch(s)->write_register(s->g_cpu, buf->data, (int)reg);
        p += n * 2;
    }
    if (ok) {
        gdb_reply(s, "OK");
    } else {
        gdb_reply_error(s, GDB_EINVAL);
    }
    g_byte_array_free(buf, true);
}

static void cmd_read_register(GdbStub *s, const char *p)
{
    GByteArray *buf = g_byte_array_new();
    uint64_t reg;
    GString *r;

    if (!gdb_parse_hex(&p, &reg) || *p || reg > INT32_MAX ||
        read_reg(s, s->g_cpu, buf, (int)reg) == 0) {
        gdb_reply_error(s, GDB_EINVAL);
    } else {
        r = g_string_new(NULL);
        gdb_hex_append(r, buf->data, buf->len);
        gdb_reply(s, r->str);
        g_string_free(r, true);
    }
    g_byte_array_free(buf, true);
}

static void cmd_write_register(GdbStub *s, const char *p)
{
    GByteArray *buf = g_byte_array_new();
    uint64_t reg;
    int n;

    if (!gdb_parse_hex(&p, &reg) || *p++ != '=' || reg > INT32_MAX ||
        (n = read_reg(s, s->g_cpu, buf, (int)reg)) == 0 || strlen(p) != (size_t)n * 2 ||
        !gdb_hex_decode(p, buf->data, (size_t)n)) {
        gdb_reply_error(s, GDB_EINVAL);
    } else {
        arch(s)->write_register(s->g_cpu, buf->data, (int)reg);
        gdb_reply(s, "OK");
    }
    g_byte_array_free(buf, true);
}

/* "ADDR,LEN" followed by `term` (0: end of packet). */
static bool parse_addr_len(const char **p, char term, uint64_t *addr, uint64_t *len)
{
    if (!gdb_parse_hex(p, addr) || *(*p)++ != ',' || !gdb_parse_hex(p, len)) {
        return false;
    }
    if (term ? **p != term : **p != 0) {
        return false;
    }
    if (term) {
        (*p)++;
    }
    return true;
}

static void cmd_read_memory(GdbStub *s, const char *p)
{
    uint64_t addr, len;
    uint8_t *buf;
    size_t got;
    GString *r;

    if (!parse_addr_len(&p, 0, &addr, &len)) {
        gdb_reply_error(s, GDB_EINVAL);
        return;
    }
    if (len == 0) {
        gdb_reply(s, "");
        return;
    }
    /* A short read is allowed by the protocol; gdb asks again for the rest. */
    if (len > GDB_MAX_MEM_XFER) {
        len = GDB_MAX_MEM_XFER;
    }
    if (addr + len < addr) {
        len = -addr;
    }
    buf = g_malloc(len);
    got = s->target->read_memory(s->g_cpu, addr, buf, len);
    if (got == 0) {
        gdb_reply_error(s, GDB_EFAULT);
    } else {
        r = g_string_sized_new(got * 2);
        gdb_hex_append(r, buf, got);
        gdb_reply(s, r->str);
        g_string_free(r, true);
    }
    g_free(buf);
}

static void write_memory(GdbStub *s, uint64_t addr, const uint8_t *data, uint64_t len)
{
    if (len && (addr + len < addr || !s->target->write_memory(s->g_cpu, addr, data, len))) {
        gdb_reply_error(s, GDB_EFAULT);
    } else {
        gdb_reply(s, "OK");
    }
}

static void cmd_write_memory_hex(GdbStub *s, const char *p)
{
    uint64_t addr, len;
    uint8_t *buf;

    /* The packet size bounds a valid length; anything longer cannot match its data. */
    if (!parse_addr_len(&p, ':', &addr, &len) || len > GDB_MAX_PACKET ||
        strlen(p) != len * 2) {
        gdb_reply_error(s, GDB_EINVAL);
        return;
    }
    buf = g_malloc(len + 1);
    if (!gdb_hex_decode(p, buf, len)) {
        gdb_reply_error(s, GDB_EINVAL);
    } else {
        write_memory(s, addr, buf, len);
    }
    g_free(buf);
}

static void cmd_write_memory_bin(GdbStub *s, char *pkt, size_t pkt_len)
{
    const char *p = pkt + 1;
    uint64_t addr, len;

    /* The data is binary (escapes already undone): its length is the packet's rest. */
    if (!parse_addr_len(&p, ':', &addr, &len) ||
        len != pkt_len - (size_t)(p - pkt)) {
        gdb_reply_error(s, GDB_EINVAL);
        return;
    }
    write_memory(s, addr, (const uint8_t *)p, len);
}

/* ---- breakpoints and watchpoints ---- */

static void cmd_point(GdbStub *s, const char *p, bool insert)
{
    uint64_t type, addr, kind;
    bool ok;
    int flags;

    if (!gdb_parse_hex(&p, &type) || *p++ != ',' || !gdb_parse_hex(&p, &addr) ||
        *p++ != ',' || !gdb_parse_hex(&p, &kind) || (*p && *p != ';')) {
        gdb_reply_error(s, GDB_EINVAL);
        return;
    }
    switch (type) {
    case 0: /* software breakpoint: translated code checks the pc, memory is untouched */
    case 1: /* hardware breakpoint: the same thing for us */
        ok = insert ? debug_breakpoint_insert(addr) : debug_breakpoint_remove(addr);
        break;
    case 2: case 3: case 4:
        flags = type == 2 ? BP_MEM_WRITE : type == 3 ? BP_MEM_READ : BP_MEM_ACCESS;
        if (kind == 0 || kind > 4096) {
            ok = false;
            break;
        }
        if (insert) {
            ok = debug_watchpoint_insert(addr, kind, flags);
            if (ok) {
                GdbWatch w = { addr, kind, flags };
                g_array_append_val(s->watches, w);
            }
        } else {
            ok = debug_watchpoint_remove(addr, kind, flags);
            for (guint i = 0; i < s->watches->len; i++) {
                GdbWatch *w = &g_array_index(s->watches, GdbWatch, i);
                if (w->addr == addr && w->len == kind && w->flags == flags) {
                    g_array_remove_index(s->watches, i);
                    break;
                }
            }
        }
        break;
    default:
        gdb_reply(s, "");   /* not supported */
        return;
    }
    if (ok) {
        gdb_reply(s, "OK");
    } else {
        gdb_reply_error(s, GDB_EINVAL);
    }
}

void gdb_remove_all_points(GdbStub *s)
{
    debug_breakpoint_remove_all();
    if (s->watches->len) {
        debug_watchpoint_remove_all();
        g_array_set_size(s->watches, 0);
    }
}

/* ---- resuming ---- */

static void resume(GdbStub *s)
{
    s->result = GDB_SERVE_RESUME;
    s->done = true;
}

static void add_action(GdbStub *s, int64_t tid, bool step, int sig)
{
    GdbAction a = { tid, step, sig };
    g_array_append_val(s->actions, a);
}

/*
 * c [addr], s [addr], C sig[;addr], S sig[;addr]: the legacy forms.  A step
 * moves only the Hc thread; a continue moves every thread.
 */
static void cmd_legacy_resume(GdbStub *s, char op, const char *p)
{
    bool step = op == 's' || op == 'S';
    uint64_t v, addr;
    int sig = 0;
    CPUCommon *cpu = s->c_cpu ? s->c_cpu : s->stop_cpu;

    if (op == 'C' || op == 'S') {
        if (!gdb_parse_hex(&p, &v) || v > 255) {
            gdb_reply_error(s, GDB_EINVAL);
            return;
        }
        sig = gdb_signal_to_host((int)v);
        if (*p == ';') {
            p++;
        } else if (*p) {
            gdb_reply_error(s, GDB_EINVAL);
            return;
        }
    }
    if (*p) {
        if (!gdb_parse_hex(&p, &addr) || *p) {
            gdb_reply_error(s, GDB_EINVAL);
            return;
        }
        cpu->ops->set_pc(cpu, addr);
    }
    add_action(s, step ? s->target->thread_id(cpu) : -1, step, sig);
    resume(s);
}

/* vCont;ACTION[:TID];...  with ACTION c, C sig, s, S sig. */
static void cmd_vcont(GdbStub *s, const char *p)
{
    g_array_set_size(s->actions, 0);
    while (*p == ';') {
        char op = *++p;
        uint64_t v;
        int sig = 0;
        int64_t tid = -1;

        p++;
        if (op == 'C' || op == 'S') {
            if (!gdb_parse_hex(&p, &v) || v > 255) {
                goto bad;
            }
            sig = gdb_signal_to_host((int)v);
        } else if (op != 'c' && op != 's') {
            goto bad;
        }
        if (*p == ':') {
            p++;
            if (!gdb_parse_thread_id(s, &p, &tid) || (tid > 0 && !gdb_find_cpu(s, tid))) {
                goto bad;
            }
            if (tid == 0) {
                tid = -1;
            }
        }
        add_action(s, tid, op == 's' || op == 'S', sig);
    }
    if (*p || s->actions->len == 0) {
        goto bad;
    }
    resume(s);
    return;
bad:
    g_array_set_size(s->actions, 0);
    gdb_reply_error(s, GDB_EINVAL);
}

static void cmd_v(GdbStub *s, char *pkt)
{
    if (strcmp(pkt, "vCont?") == 0) {
        gdb_reply(s, "vCont;c;C;s;S");
    } else if (g_str_has_prefix(pkt, "vCont;")) {
        cmd_vcont(s, pkt + strlen("vCont"));
    } else if (g_str_has_prefix(pkt, "vKill")) {
        gdb_reply(s, "OK");
        s->result = GDB_SERVE_KILLED;
        s->done = true;
    } else {
        gdb_reply(s, "");   /* vMustReplyEmpty and everything we do not support */
    }
}

/* ---- threads ---- */

static void cmd_set_thread(GdbStub *s, const char *p)
{
    char op = *p++;
    int64_t tid;
    CPUCommon *cpu;

    if ((op != 'g' && op != 'c') || !gdb_parse_thread_id(s, &p, &tid) || *p) {
        gdb_reply_error(s, GDB_EINVAL);
        return;
    }
    cpu = gdb_find_cpu(s, tid);
    if (!cpu) {
        gdb_reply_error(s, GDB_ESRCH);
        return;
    }
    if (op == 'g') {
        s->g_cpu = cpu;
    } else {
        s->c_cpu = cpu;
    }
    gdb_reply(s, "OK");
}

static void cmd_thread_alive(GdbStub *s, const char *p)
{
    int64_t tid;

    if (!gdb_parse_thread_id(s, &p, &tid) || *p || !gdb_find_cpu(s, tid)) {
        gdb_reply_error(s, GDB_ESRCH);
    } else {
        gdb_reply(s, "OK");
    }
}

void gdb_handle_packet(GdbStub *s, char *pkt, size_t len)
{
    switch (pkt[0]) {
    case '?':
        gdb_send_stop_reply(s);
        break;
    case 'g':
        cmd_read_registers(s);
        break;
    case 'G':
        cmd_write_registers(s, pkt + 1);
        break;
    case 'p':
        cmd_read_register(s, pkt + 1);
        break;
    case 'P':
        cmd_write_register(s, pkt + 1);
        break;
    case 'm':
        cmd_read_memory(s, pkt + 1);
        break;
    case 'M':
        cmd_write_memory_hex(s, pkt + 1);
        break;
    case 'X':
        cmd_write_memory_bin(s, pkt, len);
        break;
    case 'c': case 's': case 'C': case 'S':
        cmd_legacy_resume(s, pkt[0], pkt + 1);
        break;
    case 'v':
        cmd_v(s, pkt);
        break;
    case 'H':
        cmd_set_thread(s, pkt + 1);
        break;
    case 'T':
        cmd_thread_alive(s, pkt + 1);
        break;
    case 'Z':
    case 'z':
        cmd_point(s, pkt + 1, pkt[0] == 'Z');
        break;
    case 'D':
        gdb_reply(s, "OK");
        s->result = GDB_SERVE_DETACHED;
        s->done = true;
        break;
    case 'k':
        /* No reply: the program is gone. */
        s->result = GDB_SERVE_KILLED;
        s->done = true;
        break;
    case 'q':
    case 'Q':
        if (!gdb_handle_query(s, pkt, len)) {
            gdb_reply(s, "");
        }
        break;
    default:
        gdb_reply(s, "");
        break;
    }
}
