/*
 * query.c: the general query packets (q..., Q...): features, threads,
 * qXfer objects (target description, auxv, exec file, thread list) and
 * monitor commands.
 */
#include "common.h"
#include "internal.h"
#include "debug.h"
#include "log.h"

/* qXfer:OBJECT:read:ANNEX:OFFSET,LENGTH -> 'm' + data if more follows, 'l' + data if last. */
static void xfer_reply(GdbStub *s, const uint8_t *doc, size_t doc_len, const char *args)
{
    uint64_t off, len;
    uint8_t *r;
    size_t n;

    if (!gdb_parse_hex(&args, &off) || *args++ != ',' || !gdb_parse_hex(&args, &len) || *args) {
        gdb_reply_error(s, 0x16);
        return;
    }
    if (off >= doc_len) {
        gdb_reply(s, "l");
        return;
    }
    /* Room for escapes (each byte may double) within the packet size gdb was told. */
    if (len > GDB_MAX_PACKET / 2 - 16) {
        len = GDB_MAX_PACKET / 2 - 16;
    }
    n = doc_len - off < len ? doc_len - off : len;
    r = g_malloc(n + 1);
    r[0] = off + n < doc_len ? 'm' : 'l';
    memcpy(r + 1, doc + off, n);
    gdb_reply_bin(s, r, n + 1);
    g_free(r);
}

static char *threads_xml(GdbStub *s)
{
    GPtrArray *cpus = s->target->list_cpus();
    GString *x = g_string_new("<?xml version=\"1.0\"?>\n<threads>\n");

    for (guint i = 0; i < cpus->len; i++) {
        CPUCommon *cpu = g_ptr_array_index(cpus, i);
        char *name = s->target->thread_name ? s->target->thread_name(cpu) : NULL;
        g_string_append(x, "<thread id=\"");
        gdb_append_thread_id(s, x, cpu);
        g_string_append(x, "\"");
        if (name) {
            char *esc = g_markup_escape_text(name, -1);
            g_string_append_printf(x, " name=\"%s\"", esc);
            g_free(esc);
            g_free(name);
        }
        g_string_append(x, "/>\n");
    }
    g_string_append(x, "</threads>\n");
    g_ptr_array_free(cpus, true);
    return g_string_free(x, false);
}

static void cmd_xfer(GdbStub *s, char *p)
{
    char *object = p, *annex, *args, *colon;

    /* p: OBJECT:read:ANNEX:OFFSET,LENGTH */
    colon = strchr(object, ':');
    if (!colon || !g_str_has_prefix(colon + 1, "read:")) {
        gdb_reply(s, "");
        return;
    }
    *colon = 0;
    annex = colon + 1 + strlen("read:");
    colon = strchr(annex, ':');
    if (!colon) {
        gdb_reply_error(s, 0x16);
        return;
    }
    *colon = 0;
    args = colon + 1;

    if (strcmp(object, "features") == 0) {
        const char *xml = s->target->arch->get_xml ? s->target->arch->get_xml(annex) : NULL;
        if (!xml) {
            gdb_reply_error(s, 0x02);
            return;
        }
        xfer_reply(s, (const uint8_t *)xml, strlen(xml), args);
    } else if (strcmp(object, "auxv") == 0 && s->target->read_auxv) {
        GBytes *b = s->target->read_auxv();
        gsize n;
        const uint8_t *d;
        if (!b) {
            gdb_reply_error(s, 0x02);
            return;
        }
        d = g_bytes_get_data(b, &n);
        xfer_reply(s, d, n, args);
        g_bytes_unref(b);
    } else if (strcmp(object, "exec-file") == 0 && s->target->exec_file) {
        char *f = s->target->exec_file();
        if (!f) {
            gdb_reply_error(s, 0x02);
            return;
        }
        xfer_reply(s, (const uint8_t *)f, strlen(f), args);
        g_free(f);
    } else if (strcmp(object, "siginfo") == 0 && s->target->read_siginfo) {
        GBytes *b = s->target->read_siginfo(s->g_cpu);
        gsize n;
        const uint8_t *d;
        if (!b) {
            gdb_reply_error(s, 0x02);
            return;
        }
        d = g_bytes_get_data(b, &n);
        xfer_reply(s, d, n, args);
        g_bytes_unref(b);
    } else if (strcmp(object, "threads") == 0) {
        char *x = threads_xml(s);
        xfer_reply(s, (const uint8_t *)x, strlen(x), args);
        g_free(x);
    } else {
        gdb_reply(s, "");
    }
}

static void cmd_supported(GdbStub *s, const char *features)
{
    GString *r = g_string_new(NULL);
    gchar **f = g_strsplit(features, ";", -1);

    s->multiprocess = false;
    for (gchar **p = f; *p; p++) {
        if (strcmp(*p, "multiprocess+") == 0) {
            s->multiprocess = true;
        }
    }
    g_strfreev(f);
    g_string_append_printf(r, "PacketSize=%x;QStartNoAckMode+;vContSupported+;"
                           "qXfer:features:read+;qXfer:threads:read+;swbreak+;hwbreak+",
                           GDB_MAX_PACKET);
    if (s->target->read_auxv) {
        g_string_append(r, ";qXfer:auxv:read+");
    }
    if (s->target->exec_file) {
        g_string_append(r, ";qXfer:exec-file:read+");
    }
    if (s->target->read_siginfo) {
        g_string_append(r, ";qXfer:siginfo:read+");
    }
    if (s->multiprocess) {
        g_string_append(r, ";multiprocess+");
    }
    gdb_reply(s, r->str);
    g_string_free(r, true);
}

static void thread_list_reply(GdbStub *s)
{
    GString *r = g_string_new(NULL);

    /* All ids in one reply (a few hundred threads fit); then 'l'. */
    if (s->thread_iter_pos < s->thread_iter->len) {
        g_string_append_c(r, 'm');
        while (s->thread_iter_pos < s->thread_iter->len && r->len < GDB_MAX_PACKET / 2) {
            if (r->len > 1) {
                g_string_append_c(r, ',');
            }
            gdb_append_thread_id(s, r, g_ptr_array_index(s->thread_iter, s->thread_iter_pos++));
        }
    } else {
        g_string_append_c(r, 'l');
    }
    gdb_reply(s, r->str);
    g_string_free(r, true);
}

static void cmd_thread_extra_info(GdbStub *s, const char *p)
{
    int64_t tid;
    CPUCommon *cpu;
    char *name;
    GString *r;

    if (!gdb_parse_thread_id(s, &p, &tid) || *p || !(cpu = gdb_find_cpu(s, tid))) {
        gdb_reply_error(s, 0x03);
        return;
    }
    name = s->target->thread_name ? s->target->thread_name(cpu) : NULL;
    if (!name) {
        name = g_strdup("running");
    }
    r = g_string_new(NULL);
    gdb_hex_append(r, (const uint8_t *)name, strlen(name));
    gdb_reply(s, r->str);
    g_string_free(r, true);
    g_free(name);
}

/* ---- monitor commands (qRcmd) ---- */

/* Console output for gdb: an 'O' packet with hex text. */
static void monitor_print(GdbStub *s, const char *fmt, ...) PRINTF_FMT(2, 3);
static void monitor_print(GdbStub *s, const char *fmt, ...)
{
    va_list ap;
    char *text;
    GString *r = g_string_new("O");

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    gdb_hex_append(r, (const uint8_t *)text, strlen(text));
    gdb_reply(s, r->str);
    g_string_free(r, true);
    g_free(text);
}

static void cmd_monitor(GdbStub *s, const char *hex)
{
    size_t n = strlen(hex) / 2;
    char *cmd = g_malloc0(n + 1);
    GPtrArray *cpus;

    if (strlen(hex) % 2 || !gdb_hex_decode(hex, (uint8_t *)cmd, n) || memchr(cmd, 0, n)) {
        g_free(cmd);
        gdb_reply_error(s, 0x16);
        return;
    }
    g_strstrip(cmd);
    if (strcmp(cmd, "help") == 0 || cmd[0] == 0) {
        monitor_print(s, "crossemu monitor commands:\n"
                         "  help          this list\n"
                         "  info          threads, breakpoints and watchpoints\n"
                         "  log ITEMS     enable -d log items (log help: the list)\n");
    } else if (strcmp(cmd, "info") == 0) {
        cpus = s->target->list_cpus();
        monitor_print(s, "process %" PRId64 ", %u thread(s), %u breakpoint(s), %u watchpoint(s)\n",
                      s->target->process_id(), cpus->len, debug_nb_breakpoints,
                      s->watches->len);
        g_ptr_array_free(cpus, true);
    } else if (strcmp(cmd, "log help") == 0) {
        char *buf = NULL;
        size_t sz = 0;
        FILE *f = open_memstream(&buf, &sz);
        if (f) {
            log_print_help(f);
            fclose(f);
            monitor_print(s, "%s", buf);
            free(buf);
        }
    } else if (g_str_has_prefix(cmd, "log ")) {
        GError *err = NULL;
        unsigned mask;
        if (log_parse_mask(g_strstrip(cmd + 4), &mask, &err)) {
            log_mask |= mask;
            monitor_print(s, "log items enabled\n");
        } else {
            monitor_print(s, "%s\n", err->message);
            g_error_free(err);
        }
    } else {
        monitor_print(s, "unknown monitor command '%s' (try 'monitor help')\n", cmd);
    }
    gdb_reply(s, "OK");
    g_free(cmd);
}

bool gdb_handle_query(GdbStub *s, char *pkt, size_t len)
{
    if (g_str_has_prefix(pkt, "qSupported")) {
        cmd_supported(s, pkt[10] == ':' ? pkt + 11 : "");
    } else if (strcmp(pkt, "QStartNoAckMode") == 0) {
        gdb_reply(s, "OK");
        s->no_ack = true;
    } else if (g_str_has_prefix(pkt, "qXfer:")) {
        cmd_xfer(s, pkt + strlen("qXfer:"));
    } else if (strcmp(pkt, "qC") == 0) {
        GString *r = g_string_new("QC");
        gdb_append_thread_id(s, r, s->stop_cpu);
        gdb_reply(s, r->str);
        g_string_free(r, true);
    } else if (strcmp(pkt, "qfThreadInfo") == 0) {
        if (s->thread_iter) {
            g_ptr_array_free(s->thread_iter, true);
        }
        s->thread_iter = s->target->list_cpus();
        s->thread_iter_pos = 0;
        thread_list_reply(s);
    } else if (strcmp(pkt, "qsThreadInfo") == 0) {
        if (!s->thread_iter) {
            gdb_reply(s, "l");
        } else {
            thread_list_reply(s);
        }
    } else if (g_str_has_prefix(pkt, "qThreadExtraInfo,")) {
        cmd_thread_extra_info(s, pkt + strlen("qThreadExtraInfo,"));
    } else if (g_str_has_prefix(pkt, "qAttached")) {
        gdb_reply(s, s->target->attached ? "1" : "0");
    } else if (g_str_has_prefix(pkt, "qRcmd,")) {
        cmd_monitor(s, pkt + strlen("qRcmd,"));
    } else if (strcmp(pkt, "qSymbol::") == 0) {
        gdb_reply(s, "OK");     /* no symbols wanted */
    } else {
        return false;
    }
    return true;
}
