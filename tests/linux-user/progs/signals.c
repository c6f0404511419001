/*
 * signals.c: guest signal delivery under crossemu, self-checking (exit 0 = pass).
 * Handlers that read and rewrite the interrupted context, SIGSEGV with si_addr
 * and si_code, SIGILL, SIGTRAP, sigaltstack, nested signals, masks,
 * sigsuspend, alarm/setitimer, SA_RESETHAND, sigtimedwait.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); failures++; } } while (0)

static volatile sig_atomic_t got_usr1, got_usr2, nested_depth, max_depth;
static volatile uintptr_t seen_addr;
static volatile int seen_code, seen_sig;
static sigjmp_buf jb;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
    got_usr1++;
    CHECK(sig == SIGUSR1);
    CHECK(si->si_signo == SIGUSR1);
    CHECK(si->si_code == SI_TKILL || si->si_code == SI_USER);
    CHECK(si->si_pid == getpid());
}

/* SIGSEGV: record si_addr/si_code and skip the faulting 4-byte load by editing the pc. */
static void on_segv_skip(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    seen_sig = sig;
    seen_addr = (uintptr_t)si->si_addr;
    seen_code = si->si_code;
    uc->uc_mcontext.__gregs[REG_PC] += 4;
    /* And change a0 in the interrupted context: the function returns it. */
    uc->uc_mcontext.__gregs[REG_A0] = 1234;
}

/* ld a0, 0(a0); ret -- a plain 4-byte load (no compression) so the handler can skip it. */
long faulting_load(volatile long *p);
__asm__(".text\n.globl faulting_load\nfaulting_load:\n.option push\n.option norvc\n"
        "ld a0, 0(a0)\n.option pop\nret\n");

static void on_segv_jump(int sig, siginfo_t *si, void *uc)
{
    seen_addr = (uintptr_t)si->si_addr;
    seen_code = si->si_code;
    seen_sig = sig;
    siglongjmp(jb, 1);
}

static void on_ill(int sig, siginfo_t *si, void *uc)
{
    seen_sig = sig;
    seen_code = si->si_code;
    seen_addr = (uintptr_t)si->si_addr;
    siglongjmp(jb, 1);
}

static char altstack[64 * 1024];
static volatile uintptr_t handler_sp;

static void on_usr2_alt(int sig)
{
    stack_t ss;
    volatile char here;
    handler_sp = (uintptr_t)&here;
    got_usr2++;
    CHECK(sigaltstack(NULL, &ss) == 0);
    CHECK(ss.ss_flags & SS_ONSTACK);
}

static void on_nested(int sig)
{
    nested_depth++;
    if (nested_depth > max_depth) {
        max_depth = nested_depth;
    }
    if (sig == SIGUSR1) {
        /* SIGUSR2 is not blocked here (no SA_NODEFER needed for another signal). */
        raise(SIGUSR2);
    }
    nested_depth--;
}

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { alarms++; }

static void on_fp_clobber(int sig)
{
    /* The interrupted code's FP registers and fcsr must survive this. */
    volatile double x = 3.0;
    x = x / 7.0;
    __asm__ volatile("fsrmi 3" ::: "memory");   /* round up */
    got_usr1++;
}

static volatile long spin_stop;
static void on_alarm_stop(int sig) { spin_stop = 1; }

int main(void)
{
    struct sigaction sa;
    sigset_t set, old;

    /* 1. A handler with siginfo, raised by the thread itself. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    raise(SIGUSR1);
    CHECK(got_usr1 == 1);
    kill(getpid(), SIGUSR1);
    CHECK(got_usr1 == 2);

    /* 2. The old action reads back. */
    struct sigaction cur;
    CHECK(sigaction(SIGUSR1, NULL, &cur) == 0);
    CHECK(cur.sa_sigaction == on_usr1 && (cur.sa_flags & SA_SIGINFO));

    /* 3. Blocked signals stay pending until unblocked. */
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
    raise(SIGUSR1);
    CHECK(got_usr1 == 2);
    sigset_t pend;
    CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1));
    CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
    CHECK(got_usr1 == 3);

    /* 4. SIGSEGV: si_addr, si_code, and a handler that edits pc and a0. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv_skip;
    sa.sa_flags = SA_SIGINFO;
    CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
    long r = faulting_load((volatile long *)0x1238);
    CHECK(seen_sig == SIGSEGV);
    CHECK(seen_addr == 0x1238);
    CHECK(seen_code == SEGV_MAPERR);
    CHECK(r == 1234);

    /* 5. SEGV_ACCERR on a read-only page, escaping with siglongjmp. */
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(ro != MAP_FAILED);
    sa.sa_sigaction = on_segv_jump;
    CHECK(sigaction(SIGSEGV, &sa, NULL) == 0);
    seen_addr = 0;
    if (sigsetjmp(jb, 1) == 0) {
        *(volatile char *)(ro + 100) = 1;
        CHECK(!"store to a read-only page did not fault");
    }
    CHECK(seen_addr == (uintptr_t)(ro + 100));
    CHECK(seen_code == SEGV_ACCERR);
    /* The mask was restored by siglongjmp(…, savemask=1): SIGSEGV usable again. */
    seen_addr = 0;
    if (sigsetjmp(jb, 1) == 0) {
        *(volatile char *)(ro + 200) = 1;
    }
    CHECK(seen_addr == (uintptr_t)(ro + 200));

    /* 6. SIGILL with ILL_ILLOPC and si_addr = the instruction. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_ill;
    sa.sa_flags = SA_SIGINFO;
    CHECK(sigaction(SIGILL, &sa, NULL) == 0);
    CHECK(sigaction(SIGTRAP, &sa, NULL) == 0);
    if (sigsetjmp(jb, 1) == 0) {
        __asm__ volatile(".word 0");
    }
    CHECK(seen_sig == SIGILL && seen_code == ILL_ILLOPC);

    /* 7. SIGTRAP from ebreak. */
    seen_sig = 0;
    if (sigsetjmp(jb, 1) == 0) {
        __asm__ volatile("ebreak");
    }
    CHECK(seen_sig == SIGTRAP);

    /* 8. sigaltstack: the handler runs on it and sees SS_ONSTACK. */
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 };
    CHECK(sigaltstack(&ss, NULL) == 0);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr2_alt;
    sa.sa_flags = SA_ONSTACK;
    CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
    raise(SIGUSR2);
    CHECK(got_usr2 == 1);
    CHECK(handler_sp >= (uintptr_t)altstack && handler_sp < (uintptr_t)altstack + sizeof(altstack));
    stack_t cur_ss;
    CHECK(sigaltstack(NULL, &cur_ss) == 0);
    CHECK(cur_ss.ss_sp == altstack && !(cur_ss.ss_flags & SS_ONSTACK));
    ss.ss_flags = SS_DISABLE;
    CHECK(sigaltstack(&ss, NULL) == 0);

    /* 9. Nested: a SIGUSR1 handler raising SIGUSR2. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_nested;
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
    raise(SIGUSR1);
    CHECK(max_depth == 2 && nested_depth == 0);

    /* 10. The handler's FP use does not leak into the interrupted code. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_fp_clobber;
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    got_usr1 = 0;
    {
        register double f asm("fs0") = 1.5;
        unsigned frm_before, frm_after;
        __asm__ volatile("frrm %0" : "=r"(frm_before));
        __asm__ volatile("" : "+f"(f));
        raise(SIGUSR1);
        __asm__ volatile("" : "+f"(f));
        __asm__ volatile("frrm %0" : "=r"(frm_after));
        CHECK(got_usr1 == 1);
        CHECK(f == 1.5);
        CHECK(frm_before == frm_after);
    }

    /* 11. sigsuspend waits for an unblocked signal and restores the mask. */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, &old);
    struct itimerval it = { .it_value = { 0, 20000 } };
    CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
    sigset_t waitmask = old;
    sigdelset(&waitmask, SIGALRM);
    CHECK(sigsuspend(&waitmask) == -1 && errno == EINTR);
    CHECK(alarms == 1);
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    CHECK(sigismember(&now, SIGALRM));
    sigprocmask(SIG_SETMASK, &old, NULL);

    /* 12. An asynchronous signal reaches a loop spinning in translated code. */
    sa.sa_handler = on_alarm_stop;
    CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
    alarm(1);
    unsigned long spins = 0;
    while (!spin_stop) {
        spins++;
    }
    CHECK(spin_stop == 1 && spins > 0);

    /* 13. Interrupted read: EINTR without SA_RESTART. */
    int p[2];
    CHECK(pipe(p) == 0);
    sa.sa_handler = on_alarm;
    sa.sa_flags = 0;
    CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
    alarms = 0;
    it.it_value.tv_usec = 20000;
    CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
    char c;
    errno = 0;
    CHECK(read(p[0], &c, 1) == -1 && errno == EINTR);
    CHECK(alarms == 1);

    /* 14. SA_RESTART: the read restarts after the handler and gets the byte. */
    sa.sa_flags = SA_RESTART;
    CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
    pid_t child = fork();
    if (child == 0) {
        usleep(200000);
        write(p[1], "x", 1);
        _exit(0);
    }
    CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
    c = 0;
    CHECK(read(p[0], &c, 1) == 1 && c == 'x');
    CHECK(alarms == 2);
    CHECK(waitpid(child, NULL, 0) == child);

    /* 15. SA_RESETHAND: the second instance takes the default (ignored here: SIGCHLD-like). */
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESETHAND;
    CHECK(sigaction(SIGURG, &sa, NULL) == 0);
    alarms = 0;
    raise(SIGURG);
    raise(SIGURG);
    CHECK(alarms == 1);
    CHECK(sigaction(SIGURG, NULL, &cur) == 0 && cur.sa_handler == SIG_DFL);

    /* 16. sigtimedwait takes a blocked pending signal with its siginfo. */
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    union sigval sv = { .sival_int = 77 };
    CHECK(sigqueue(getpid(), SIGRTMIN + 1, sv) == 0);
    siginfo_t si;
    struct timespec tmo = { 1, 0 };
    CHECK(sigtimedwait(&set, &si, &tmo) == SIGRTMIN + 1);
    CHECK(si.si_code == SI_QUEUE && si.si_value.sival_int == 77 && si.si_pid == getpid());

    /* 17. SIG_IGN for SIGPIPE: write gets EPIPE instead of dying. */
    signal(SIGPIPE, SIG_IGN);
    close(p[0]);
    errno = 0;
    CHECK(write(p[1], "y", 1) == -1 && errno == EPIPE);

    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("signals: all passed\n");
    return 0;
}
