/*
 * main.c: crossemu-system-x86_64, the KVM accelerator's entry point.
 *
 * Order matters for error reporting: the command line and every host
 * resource the board needs (kernel, initrd, images, sockets) are checked
 * before /dev/kvm is touched, so bad input gets its own clear message on
 * any host.  Then each boot: board reset (load the kernel), a fresh KVM VM,
 * vCPU threads, the main loop until poweroff or reboot.
 */
#include "common.h"
#include "kvm/kvm.h"
#include "kvm/gdb-kvm.h"
#include "softmmu/main-loop.h"
#include "softmmu/hw/virtio.h"
#include "softmmu/chardev/chardev.h"

static bool kvm_main_check_options(MachineOptions *o, GError **errp)
{
    if (o->accel && strcmp(o->accel, "kvm")) {
        if (!strcmp(o->accel, "tcg")) {
            g_set_error(errp, CROSSEMU_ERROR, 0,
                        "-accel tcg: x86_64 guests are not supported by TCG in crossemu "
                        "(use -accel kvm)");
        } else {
            g_set_error(errp, CROSSEMU_ERROR, 0, "-accel %s: unknown accelerator (kvm)",
                        o->accel);
        }
        return false;
    }
    if (o->gdb && !strcmp(o->gdb, "none")) {
        g_free(o->gdb);
        o->gdb = NULL;
    }
    if (o->freeze_cpu && !o->gdb) {
        /* QEMU would wait for "cont" on its monitor; we have none */
        g_set_error(errp, CROSSEMU_ERROR, 0,
                    "-S: nothing could start the vCPUs (use it with -s or -gdb tcp::PORT)");
        return false;
    }
    if (o->cpu && strcmp(o->cpu, "host") && strcmp(o->cpu, "max") &&
        !g_str_has_prefix(o->cpu, "host,")) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-cpu %s: only -cpu host is supported with KVM",
                    o->cpu);
        return false;
    }
    if (o->machine && !strcmp(o->machine, "help")) {
        printf("Supported machines are:\n%-10s %s (default)\n", microvm_board.name,
               microvm_board.desc);
        return true;
    }
    if (o->machine && !board_find(o->machine)) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-M %s: unknown machine (-M help lists them)",
                    o->machine);
        return false;
    }
    return true;
}

/* The board was reset (kernel loaded) for the first boot by the caller. */
static int kvm_main_run(Machine *m, KvmVm *vm, GError **errp)
{
    for (bool first = true;; first = false) {
        MainLoopEvent ev;

        if ((!first && !m->board->reset(m, errp)) ||
            !kvm_vm_create(vm, m, m->opts->smp, errp)) {
            kvm_vcpus_stop(vm);
            kvm_vm_destroy(vm);
            return -1;
        }
        if (vm->gdb) {
            kvm_gdb_vm_started(vm);
        }
        if (!kvm_vcpus_start(vm, errp)) {
            kvm_vcpus_stop(vm);
            kvm_vm_destroy(vm);
            return -1;
        }
        ev = main_loop_run();
        kvm_vcpus_stop(vm);
        kvm_vm_destroy(vm);
        if (ev == MAIN_LOOP_SHUTDOWN) {
            return main_loop_status();
        }
        if (m->opts->no_reboot) {
            return 0;
        }
    }
}

int main(int argc, char **argv)
{
    MachineOptions opts;
    Machine machine = { 0 };
    KvmVm vm = { .kvm_fd = -1, .vm_fd = -1 };
    GError *err = NULL;
    bool exit_now;
    int status = 1;

    crossemu_progname = "crossemu-system-x86_64";
    if (!options_parse(&opts, argc, argv, &exit_now, &err)) {
        goto fail;
    }
    if (exit_now) {
        options_free(&opts);
        return 0;
    }
    if (!kvm_main_check_options(&opts, &err)) {
        goto fail;
    }
    if (opts.machine && !strcmp(opts.machine, "help")) {
        options_free(&opts);
        return 0;
    }
    as_log_unassigned = opts.log_guest_errors;
    virtio_log_guest_errors = opts.log_guest_errors;
    if (!main_loop_init(&err)) {
        goto fail;
    }

    machine.board = opts.machine ? board_find(opts.machine) : &microvm_board;
    machine.opts = &opts;
    machine.irq_set = kvm_set_irq;
    machine.irq_opaque = &vm;
    /* all bad input (kernel format, initrd size) is reported before KVM */
    if (!machine.board->init(&machine, &err) || !machine.board->reset(&machine, &err)) {
        goto fail;
    }
    /* a port in use is bad input too: reported before KVM */
    vm.machine = &machine;
    if (opts.gdb && !kvm_gdb_start(&vm, opts.gdb, opts.freeze_cpu, &err)) {
        goto fail;
    }
    if (!kvm_open(&vm, &err)) {
        goto fail;
    }
    vm.log_unimp = opts.log_unimp;
    vm.gdb = opts.gdb != NULL;      /* kvm_open cleared it */
    status = kvm_main_run(&machine, &vm, &err);
    kvm_gdb_end(status < 0 ? 1 : status);
    if (status < 0) {
        status = 1;
        goto fail;
    }
    goto out;

fail:
    chardev_restore_tty();
    error_report("%s", err->message);
    g_error_free(err);
    status = 1;
out:
    kvm_close(&vm);
    if (machine.board) {
        machine.board->cleanup(&machine);
    }
    if (opts.serials) {
        options_free(&opts);
    }
    return status;
}
