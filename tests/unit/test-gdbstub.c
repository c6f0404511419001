/*
 * test-gdbstub.c: the GDB stub's packet layer and commands, byte by byte.
 *
 * The stub serves one end of a socketpair from a thread, against a fake
 * target (three 8-byte registers, 4 KiB of memory at 0x1000); the test
 * writes raw bytes to the other end and checks the exact bytes that come
 * back.  Malformed input must get a NAK or an error and leave the stub
 * serving; nothing may crash it.
 */
#include "common.h"
#include <check.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdbstub/gdbstub.h"
#include "gdbstub/packet.h"
#include "debug.h"

/* ---- the fake target ---- */

typedef struct FakeCPU {
    CPUCommon common;
    uint64_t regs[3];       /* reg 2 is the pc */
} FakeCPU;

#define MEM_BASE 0x1000u
#define MEM_SIZE 0x1000u

static FakeCPU fake_cpu;
static uint8_t fake_mem[MEM_SIZE];
static GMutex irq_lock;
static GCond irq_cond;
static bool irq_requested;

static uint64_t fake_get_pc(CPUCommon *c) { return ((FakeCPU *)c)->regs[2]; }
static void fake_set_pc(CPUCommon *c, uint64_t pc) { ((FakeCPU *)c)->regs[2] = pc; }

static const GuestOps fake_ops = {
    .name = "fake",
    .get_pc = fake_get_pc,
    .set_pc = fake_set_pc,
};

static const char *fake_xml(const char *annex)
{
    return strcmp(annex, "target.xml") == 0 ? "<target><architecture>fake</architecture></target>"
                                            : NULL;
}

static int fake_read_reg(CPUCommon *c, GByteArray *buf, int reg)
{
    if (reg < 0 || reg > 2) {
        return 0;
    }
    /* Little-endian bytes. */
    for (int i = 0; i < 8; i++) {
        uint8_t b = (uint8_t)(((FakeCPU *)c)->regs[reg] >> (8 * i));
        g_byte_array_append(buf, &b, 1);
    }
    return 8;
}

static int fake_write_reg(CPUCommon *c, const uint8_t *buf, int reg)
{
    uint64_t v = 0;

    if (reg < 0 || reg > 2) {
        return 0;
    }
    for (int i = 7; i >= 0; i--) {
        v = v << 8 | buf[i];
    }
    ((FakeCPU *)c)->regs[reg] = v;
    return 8;
}

static const GdbArch fake_arch = {
    .arch_name = "fake",
    .num_regs = 3,
    .get_xml = fake_xml,
    .read_register = fake_read_reg,
    .write_register = fake_write_reg,
};

static GPtrArray *fake_list_cpus(void)
{
    GPtrArray *a = g_ptr_array_new();
    g_ptr_array_add(a, &fake_cpu.common);
    return a;
}

static int64_t fake_tid(CPUCommon *c) { return 0x65; }
static int64_t fake_pid(void) { return 0x64; }
static char *fake_name(CPUCommon *c) { return g_strdup("fake<1>"); }

static size_t fake_read_mem(CPUCommon *c, uint64_t addr, uint8_t *buf, size_t len)
{
    if (addr < MEM_BASE || addr >= MEM_BASE + MEM_SIZE) {
        return 0;
    }
    if (len > MEM_BASE + MEM_SIZE - addr) {
        len = MEM_BASE + MEM_SIZE - addr;
    }
    memcpy(buf, fake_mem + (addr - MEM_BASE), len);
    return len;
}

static bool fake_write_mem(CPUCommon *c, uint64_t addr, const uint8_t *buf, size_t len)
{
    if (addr < MEM_BASE || addr >= MEM_BASE + MEM_SIZE || len > MEM_BASE + MEM_SIZE - addr) {
        return false;
    }
    memcpy(fake_mem + (addr - MEM_BASE), buf, len);
    return true;
}

static void fake_interrupt(void)
{
    g_mutex_lock(&irq_lock);
    irq_requested = true;
    g_cond_broadcast(&irq_cond);
    g_mutex_unlock(&irq_lock);
}

/* The fake CPU "stopped with a signal" while fake_siginfo_valid: 4 bytes of siginfo. */
static bool fake_siginfo_valid;

static GBytes *fake_read_siginfo(CPUCommon *c)
{
    static const uint8_t si[4] = { 0x0b, 0x01, 0x02, 0x03 };   /* no NUL: expect_reply is text */
    return fake_siginfo_valid ? g_bytes_new_static(si, sizeof(si)) : NULL;
}

static const GdbTarget fake_target = {
    .arch = &fake_arch,
    .list_cpus = fake_list_cpus,
    .thread_id = fake_tid,
    .process_id = fake_pid,
    .thread_name = fake_name,
    .read_memory = fake_read_mem,
    .write_memory = fake_write_mem,
    .interrupt = fake_interrupt,
    .read_siginfo = fake_read_siginfo,
};

/* ---- the harness ---- */

static GdbStub *stub;
static int peer = -1;           /* our end: we play gdb */
static GThread *server;
static GdbServeResult last_result;

/* Serve like a mode would: stop, serve, "run" until Ctrl-C, stop again. */
static gpointer serve_main(gpointer opaque)
{
    GdbStop stop = { .kind = GDB_STOP_SIGNAL, .sig = SIGTRAP };

    for (;;) {
        last_result = gdb_stub_stopped(stub, &fake_cpu.common, &stop);
        if (last_result != GDB_SERVE_RESUME) {
            break;
        }
        g_mutex_lock(&irq_lock);
        gint64 end = g_get_monotonic_time() + 5 * G_TIME_SPAN_SECOND;
        while (!irq_requested && g_cond_wait_until(&irq_cond, &irq_lock, end)) {
        }
        bool got = irq_requested;
        irq_requested = false;
        g_mutex_unlock(&irq_lock);
        if (!got || !gdb_stub_take_interrupt(stub)) {
            break;
        }
        stop.sig = SIGINT;
    }
    return NULL;
}

static void setup(void)
{
    int sv[2];

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    memset(&fake_cpu, 0, sizeof(fake_cpu));
    fake_cpu.common.ops = &fake_ops;
    fake_cpu.regs[0] = 0x1122334455667788ull;
    fake_cpu.regs[2] = 0x1000;
    for (unsigned i = 0; i < MEM_SIZE; i++) {
        fake_mem[i] = (uint8_t)i;
    }
    stub = gdb_stub_new(&fake_target);
    gdb_stub_set_fd(stub, sv[0]);
    peer = sv[1];
    server = g_thread_new("serve", serve_main, NULL);
}

static void teardown(void)
{
    close(peer);
    g_thread_join(server);
    gdb_stub_free(stub);
}

static void send_bytes(const void *data, size_t len)
{
    ck_assert_int_eq(write(peer, data, len), (ssize_t)len);
}

static void send_str(const char *s)
{
    send_bytes(s, strlen(s));
}

static char *frame(const char *payload, size_t len)
{
    GString *g = g_string_new(NULL);
    gdb_packet_frame(g, (const uint8_t *)payload, len);
    return g_string_free(g, false);
}

static void send_packet(const char *payload)
{
    char *f = frame(payload, strlen(payload));
    send_str(f);
    g_free(f);
}

/* Read exactly n bytes (2 s timeout each). */
static char *recv_n(size_t n)
{
    char *buf = g_malloc0(n + 1);
    size_t got = 0;

    while (got < n) {
        struct pollfd p = { .fd = peer, .events = POLLIN };
        ck_assert_msg(poll(&p, 1, 2000) == 1, "timeout: got '%.*s' of %zu bytes", (int)got, buf, n);
        ssize_t r = read(peer, buf + got, n - got);
        ck_assert_msg(r > 0, "connection closed");
        got += (size_t)r;
    }
    return buf;
}

static void expect_raw(const char *want)
{
    char *got = recv_n(strlen(want));
    ck_assert_str_eq(got, want);
    g_free(got);
}

/* The ack, then exactly the framed reply. */
static void expect_reply(const char *payload)
{
    char *f = frame(payload, strlen(payload));
    char *want = g_strconcat("+", f, NULL);
    expect_raw(want);
    g_free(want);
    g_free(f);
}

/* Nothing arrives within 200 ms. */
static void expect_silence(void)
{
    struct pollfd p = { .fd = peer, .events = POLLIN };
    char c;

    if (poll(&p, 1, 200) == 1) {
        ck_assert_msg(read(peer, &c, 1) <= 0, "unexpected byte '%c'", c);
    }
}

/* Read a framed reply of unknown length (after its '+'); returns the payload. */
static char *recv_reply(void)
{
    GString *g = g_string_new(NULL);
    char *c;

    c = recv_n(1);
    ck_assert_str_eq(c, "+");
    g_free(c);
    c = recv_n(1);
    ck_assert_str_eq(c, "$");
    g_free(c);
    for (;;) {
        c = recv_n(1);
        if (c[0] == '#') {
            g_free(c);
            break;
        }
        g_string_append_c(g, c[0]);
        g_free(c);
    }
    g_free(recv_n(2));
    return g_string_free(g, false);
}

/* ---- tests ---- */

START_TEST(test_framing_and_ack)
{
    send_packet("?");
    expect_reply("T05thread:65;");
    send_packet("qSupported:multiprocess+;swbreak+");
    char *r = recv_reply();
    ck_assert_msg(strstr(r, "PacketSize=4000") != NULL, "%s", r);
    ck_assert_msg(strstr(r, "multiprocess+") != NULL, "%s", r);
    ck_assert_msg(strstr(r, "qXfer:siginfo:read+") != NULL, "%s", r);
    g_free(r);
    /* With multiprocess, thread ids are pPID.TID. */
    send_packet("qC");
    expect_reply("QCp64.65");
    /* A '-' from gdb: the last packet again. */
    send_str("-");
    expect_raw("$QCp64.65#" );
    g_free(recv_n(2));
}
END_TEST

START_TEST(test_bad_checksum_nak)
{
    send_str("$g#00");
    expect_raw("-");
    send_str("$g#zz");
    expect_raw("-");
    send_str("$g#");
    send_str("q");      /* a non-hex digit where the checksum goes */
    expect_raw("-");
    /* Still serving. */
    send_packet("p0");
    expect_reply("8877665544332211");
}
END_TEST

START_TEST(test_overlong_packet)
{
    size_t n = GDB_MAX_PACKET * 3;
    char *big = g_malloc(n + 1);

    memset(big, 'a', n);
    big[0] = 'm';
    big[n] = 0;
    send_packet(big);
    g_free(big);
    expect_reply("E07");
    send_packet("p2");
    expect_reply("0010000000000000");
}
END_TEST

START_TEST(test_garbage_between_packets)
{
    uint8_t junk[4096];
    GRand *r = g_rand_new_with_seed(1234);

    /* Anything but the bytes that mean something between packets. */
    for (size_t i = 0; i < sizeof(junk); i++) {
        uint8_t b;
        do {
            b = (uint8_t)g_rand_int(r);
        } while (b == '$' || b == '+' || b == '-' || b == 3);
        junk[i] = b;
    }
    g_rand_free(r);
    send_bytes(junk, sizeof(junk));
    send_packet("m1000,4");
    expect_reply("00010203");
}
END_TEST

START_TEST(test_fuzzed_packets)
{
    /* Random payloads behind command letters that do not resume or end the session. */
    static const char safe[] = "?gGpPmMXHTqQZz!_";
    GRand *r = g_rand_new_with_seed(99);

    for (int k = 0; k < 2000; k++) {
        char payload[64];
        size_t len = 1 + g_rand_int_range(r, 0, sizeof(payload) - 1);
        payload[0] = safe[g_rand_int_range(r, 0, sizeof(safe) - 1)];
        for (size_t i = 1; i < len; i++) {
            /* Mostly hex digits and separators, so the parsers get far. */
            static const char alpha[] = "0123456789abcdefABCDEF,:;=.-p}xffffffff";
            payload[i] = g_rand_boolean(r) ? alpha[g_rand_int_range(r, 0, sizeof(alpha) - 1)]
                                           : (char)g_rand_int_range(r, 1, 256);
        }
        char *f = frame(payload, len);
        send_str(f);
        g_free(f);
        g_free(recv_reply());
    }
    g_rand_free(r);
    /* Breakpoints the fuzz may have set do not matter; the stub still answers. */
    send_packet("qC");
    expect_reply("QC65");
}
END_TEST

START_TEST(test_truncated_escape)
{
    /* "}" right before '#': the escape has no byte to apply to. */
    char raw[] = "$X1000,1:}#00";
    uint8_t cs = 0;
    for (char *p = raw + 1; *p != '#'; p++) {
        cs += (uint8_t)*p;
    }
    snprintf(strchr(raw, '#') + 1, 3, "%02x", cs);
    send_str(raw);
    expect_reply("E16");
    send_packet("m1000,1");
    expect_reply("00");
}
END_TEST

START_TEST(test_huge_lengths)
{
    /* A read is capped to what fits a packet, and stops at the end of memory. */
    send_packet("mff0,ffffffffffffffff");
    expect_reply("E0e");
    send_packet("m1ff0,ffffffffffffffff");
    expect_reply("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    send_packet("m1000,10000000000000000");     /* more than 64 bits */
    expect_reply("E16");
    send_packet("mffffffffffffffff,ffffffffffffffff");
    expect_reply("E0e");
    send_packet("M1000,ffffffffffffffff:00");
    expect_reply("E16");
    send_packet("M1000,2:00");                  /* data shorter than the length */
    expect_reply("E16");
    send_packet("X1000,ffffffffffffffff:a");
    expect_reply("E16");
    send_packet("Mfffffffffffffffe,4:00000000");
    expect_reply("E0e");
    send_packet("m0,4");
    expect_reply("E0e");
    send_packet("m1000,0");
    expect_reply("");
}
END_TEST

START_TEST(test_memory_writes)
{
    send_packet("M1004,3:aabbcc");
    expect_reply("OK");
    /* X: binary data with escapes for '}' (0x7d) and '#' (0x23). */
    send_str("+");
    char payload[] = "X1008,3:\x7d\x5d\x7d\x03\x01";
    char *f = g_malloc(64);
    uint8_t cs = 0;
    size_t plen = sizeof(payload) - 1;
    for (size_t i = 0; i < plen; i++) {
        cs += (uint8_t)payload[i];
    }
    snprintf(f, 64, "$%s#%02x", payload, cs);
    send_str(f);
    g_free(f);
    expect_reply("OK");
    send_packet("m1004,8");
    expect_reply("aabbcc077d23010b");
}
END_TEST

START_TEST(test_registers)
{
    send_packet("g");
    expect_reply("8877665544332211" "0000000000000000" "0010000000000000");
    send_packet("P1=0102030405060708");
    expect_reply("OK");
    send_packet("p1");
    expect_reply("0102030405060708");
    ck_assert_uint_eq(fake_cpu.regs[1], 0x0807060504030201ull);
    send_packet("P1=01");                   /* too short */
    expect_reply("E16");
    send_packet("P9=0102030405060708");     /* no such register */
    expect_reply("E16");
    send_packet("pffffffffffffffffff");     /* number overflows */
    expect_reply("E16");
    send_packet("G0000");                   /* not a whole register */
    expect_reply("E16");
    send_packet("G" "1100000000000000" "2200000000000000");
    expect_reply("OK");
    ck_assert_uint_eq(fake_cpu.regs[0], 0x11);
    ck_assert_uint_eq(fake_cpu.regs[1], 0x22);
}
END_TEST

START_TEST(test_unknown_and_queries)
{
    send_packet("Jxyz");
    expect_reply("");
    send_packet("vMustReplyEmpty");
    expect_reply("");
    send_packet("qNoSuchQuery");
    expect_reply("");
    send_packet("");
    expect_reply("");
    send_packet("qXfer:features:read:target.xml:0,1000");
    expect_reply("l<target><architecture>fake</architecture></target>");
    send_packet("qXfer:features:read:target.xml:4,5");
    expect_reply("mget><");
    send_packet("qXfer:features:read:nope.xml:0,1000");
    expect_reply("E02");
    send_packet("qXfer:features:read:target.xml:zz");
    expect_reply("E16");
    send_packet("qfThreadInfo");
    expect_reply("m65");
    send_packet("qsThreadInfo");
    expect_reply("l");
    send_packet("qThreadExtraInfo,65");
    expect_reply("66616b653c313e");    /* "fake<1>" */
    send_packet("qXfer:threads:read::0,1000");
    expect_reply("l<?xml version=\"1.0\"?>\n<threads>\n<thread id=\"65\" name=\"fake&lt;1&gt;\"/>\n"
                 "</threads>\n");
    send_packet("Hg65");
    expect_reply("OK");
    send_packet("Hg99");
    expect_reply("E03");
    send_packet("T65");
    expect_reply("OK");
    send_packet("T66");
    expect_reply("E03");
    send_packet("qAttached");
    expect_reply("0");
    /* monitor help: console output, then OK. */
    send_packet("qRcmd,68656c70");
    char *o = recv_reply();
    ck_assert_msg(o[0] == 'O', "%s", o);
    g_free(o);
    expect_raw("$OK#9a");
    send_packet("qRcmd,6");                 /* odd hex */
    expect_reply("E16");
    /* $_siginfo: an error when the thread did not stop for a signal, else its bytes. */
    fake_siginfo_valid = false;
    send_packet("qXfer:siginfo:read::0,80");
    expect_reply("E02");
    fake_siginfo_valid = true;
    send_packet("qXfer:siginfo:read::0,80");
    expect_reply("l\x0b\x01\x02\x03");
    send_packet("qXfer:siginfo:read::1,2");
    expect_reply("m\x01\x02");
    send_packet("qXfer:siginfo:write::0:00");
    expect_reply("");
}
END_TEST

START_TEST(test_no_ack_mode)
{
    send_packet("QStartNoAckMode");
    expect_reply("OK");
    send_str("+");
    send_packet("p2");
    expect_raw("$0010000000000000#");
    g_free(recv_n(2));
    /* A bad checksum is dropped silently without acks. */
    send_str("$p2#00");
    expect_silence();
    send_packet("p0");
    expect_raw("$8877665544332211#");
    g_free(recv_n(2));
}
END_TEST

START_TEST(test_breakpoints)
{
    send_packet("Z0,1000,4");
    expect_reply("OK");
    ck_assert(debug_breakpoint_lookup(0x1000));
    send_packet("z0,1000,4");
    expect_reply("OK");
    ck_assert(!debug_breakpoint_lookup(0x1000));
    send_packet("Z2,1008,0");               /* zero-length watchpoint */
    expect_reply("E16");
    send_packet("Z9,1000,4");               /* unknown type */
    expect_reply("");
    send_packet("Z0,1000");                 /* no kind */
    expect_reply("E16");
    send_packet("Z2,1008,8");
    expect_reply("OK");
    ck_assert(debug_watchpoints_active());
    send_packet("z2,1008,8");
    expect_reply("OK");
    ck_assert(!debug_watchpoints_active());
}
END_TEST

START_TEST(test_resume_and_interrupt)
{
    send_packet("vCont?");
    expect_reply("vCont;c;C;s;S");
    send_packet("vCont;x");
    expect_reply("E16");
    send_packet("vCont;c:99");              /* no such thread */
    expect_reply("E16");
    /* Continue: no reply until the stop; Ctrl-C makes the target stop with SIGINT. */
    send_packet("vCont;c");
    expect_raw("+");
    expect_silence();
    send_bytes("\x03", 1);
    expect_raw("$T02thread:65;#");
    g_free(recv_n(2));
    /* 'c ADDR' sets the pc first. */
    send_str("+");
    send_packet("c2000");
    expect_raw("+");
    ck_assert_uint_eq(fake_cpu.regs[2], 0x2000);
    send_bytes("\x03", 1);
    expect_raw("$T02thread:65;#");
    g_free(recv_n(2));
    send_str("+");
    send_packet("D");
    expect_reply("OK");
}
END_TEST

static gpointer noop_main(gpointer opaque)
{
    return NULL;
}

START_TEST(test_disconnect_mid_packet)
{
    send_str("$m1000,");
    close(peer);
    peer = socket(AF_UNIX, SOCK_STREAM, 0);    /* teardown closes something */
    g_thread_join(server);
    server = g_thread_new("noop", noop_main, NULL);
    ck_assert_int_eq(last_result, GDB_SERVE_DISCONNECTED);
}
END_TEST

START_TEST(test_signal_numbers)
{
    ck_assert_int_eq(gdb_signal_from_host(SIGSEGV), 11);
    ck_assert_int_eq(gdb_signal_from_host(SIGBUS), 10);
    ck_assert_int_eq(gdb_signal_from_host(SIGUSR1), 30);
    ck_assert_int_eq(gdb_signal_from_host(SIGCHLD), 20);
    ck_assert_int_eq(gdb_signal_from_host(34), 46);
    ck_assert_int_eq(gdb_signal_to_host(10), SIGBUS);
    ck_assert_int_eq(gdb_signal_to_host(5), SIGTRAP);
    ck_assert_int_eq(gdb_signal_to_host(46), 34);
    ck_assert_int_eq(gdb_signal_to_host(200), 0);
    for (int s = 1; s < 65; s++) {
        if (s == 32 || s == 33 || gdb_signal_from_host(s) == 143) {
            continue;
        }
        ck_assert_int_eq(gdb_signal_to_host(gdb_signal_from_host(s)), s);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gdbstub");
    TCase *tc = tcase_create("packets");
    SRunner *sr;
    GError *err = NULL;
    int failed;

    /* Breakpoints invalidate translated code: the TB cache must exist. */
    if (!translate_init("interp", 1 << 20, &err)) {
        fprintf(stderr, "translate_init: %s\n", err->message);
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_framing_and_ack);
    tcase_add_test(tc, test_bad_checksum_nak);
    tcase_add_test(tc, test_overlong_packet);
    tcase_add_test(tc, test_garbage_between_packets);
    tcase_add_test(tc, test_fuzzed_packets);
    tcase_add_test(tc, test_truncated_escape);
    tcase_add_test(tc, test_huge_lengths);
    tcase_add_test(tc, test_memory_writes);
    tcase_add_test(tc, test_registers);
    tcase_add_test(tc, test_unknown_and_queries);
    tcase_add_test(tc, test_no_ack_mode);
    tcase_add_test(tc, test_breakpoints);
    tcase_add_test(tc, test_resume_and_interrupt);
    tcase_add_test(tc, test_disconnect_mid_packet);
    suite_add_tcase(s, tc);
    TCase *tc2 = tcase_create("signals");
    tcase_add_test(tc2, test_signal_numbers);
    suite_add_tcase(s, tc2);

    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
