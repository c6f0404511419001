/*
 * options.c: the system-mode command line (see options.h).
 */
#include "common.h"
#include "softmmu/options.h"

bool options_parse_size(const char *s, uint64_t *out)
{
    char *end;
    uint64_t v, mult = 1ull << 20;      /* QEMU's default unit for -m: MiB */
    double d;

    errno = 0;
    d = strtod(s, &end);
    if (errno || end == s || d < 0) {
        return false;
    }
    switch (*end) {
    case 0: break;
    case 'b': case 'B': mult = 1; end++; break;
    case 'k': case 'K': mult = 1ull << 10; end++; break;
    case 'm': case 'M': mult = 1ull << 20; end++; break;
    case 'g': case 'G': mult = 1ull << 30; end++; break;
    case 't': case 'T': mult = 1ull << 40; end++; break;
    default: return false;
    }
    if (*end || d * mult > (double)(1ull << 46)) {
        return false;
    }
    v = (uint64_t)(d * mult);
    *out = v;
    return true;
}

GHashTable *options_parse_keyval(const char *s, const char *first_key, GError **errp)
{
    GHashTable *t = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_auto(GStrv) parts = g_strsplit(s, ",", -1);

    for (unsigned i = 0; parts[i]; i++) {
        char *eq = strchr(parts[i], '=');
        if (!*parts[i]) {
            continue;
        }
        if (!eq) {
            if (i == 0 && first_key) {
                g_hash_table_insert(t, g_strdup(first_key), g_strdup(parts[i]));
                continue;
            }
            /* a bare flag such as "server" or "readonly" */
            g_hash_table_insert(t, g_strdup(parts[i]), g_strdup("on"));
            continue;
        }
        if (eq == parts[i]) {
            g_set_error(errp, CROSSEMU_ERROR, 0, "'%s': empty key in '%s'", s, parts[i]);
            g_hash_table_destroy(t);
            return NULL;
        }
        g_hash_table_insert(t, g_strndup(parts[i], eq - parts[i]), g_strdup(eq + 1));
    }
    return t;
}

static bool options_only_keys(GHashTable *t, const char *what, const char *const *allowed,
                              GError **errp)
{
    GHashTableIter it;
    gpointer k;

    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        if (!g_strv_contains(allowed, k)) {
            g_set_error(errp, CROSSEMU_ERROR, 0, "%s: unknown parameter '%s'", what,
                        (char *)k);
            return false;
        }
    }
    return true;
}

static bool options_bool(const char *v)
{
    return v && (!strcmp(v, "on") || !strcmp(v, "yes") || !strcmp(v, "true"));
}

static bool options_drive(MachineOptions *o, const char *arg, GError **errp)
{
    static const char *const keys[] = { "file", "format", "if", "readonly", "id",
                                        "cache", "media", NULL };
    g_autoptr(GHashTable) t = options_parse_keyval(arg, NULL, errp);
    const char *v;
    DriveOptions *d;

    if (!t || !options_only_keys(t, "-drive", keys, errp)) {
        return false;
    }
    if (!(v = g_hash_table_lookup(t, "file")) || !*v) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-drive %s: missing file=", arg);
        return false;
    }
    if ((v = g_hash_table_lookup(t, "format")) && strcmp(v, "raw")) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-drive: format '%s' not supported (only raw)", v);
        return false;
    }
    if ((v = g_hash_table_lookup(t, "if")) && strcmp(v, "virtio")) {
        g_set_error(errp, CROSSEMU_ERROR, 0,
                    "-drive: if=%s not supported on this machine (only if=virtio)", v);
        return false;
    }
    if ((v = g_hash_table_lookup(t, "media")) && strcmp(v, "disk")) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-drive: media=%s not supported", v);
        return false;
    }
    d = g_new0(DriveOptions, 1);
    d->file = g_strdup(g_hash_table_lookup(t, "file"));
    d->readonly = options_bool(g_hash_table_lookup(t, "readonly"));
    g_ptr_array_add(o->drives, d);
    return true;
}

static void options_netdev_free(gpointer p)
{
    NetdevOptions *n = p;
    g_free(n->type);
    g_free(n->id);
    g_free(n->ifname);
    g_ptr_array_free(n->hostfwd, TRUE);
    g_free(n);
}

static bool options_netdev(MachineOptions *o, const char *arg, GError **errp)
{
    g_auto(GStrv) parts = g_strsplit(arg, ",", -1);
    NetdevOptions *n = g_new0(NetdevOptions, 1);

    n->type = g_strdup(parts[0]);
    n->hostfwd = g_ptr_array_new_with_free_func(g_free);
    if (strcmp(n->type, "user") && strcmp(n->type, "tap")) {
        g_set_error(errp, CROSSEMU_ERROR, 0,
                    "-netdev %s: unknown type '%s' (user or tap)", arg, n->type);
        goto fail;
    }
    for (unsigned i = 1; parts[i]; i++) {
        char *eq = strchr(parts[i], '=');
        const char *val = eq ? eq + 1 : "";
        size_t klen = eq ? (size_t)(eq - parts[i]) : strlen(parts[i]);

#define KEY(k) (klen == strlen(k) && !strncmp(parts[i], k, klen))
        if (KEY("id")) {
            g_free(n->id);
            n->id = g_strdup(val);
        } else if (KEY("hostfwd") && !strcmp(n->type, "user")) {
            g_ptr_array_add(n->hostfwd, g_strdup(val));
        } else if (KEY("ifname") && !strcmp(n->type, "tap")) {
            g_free(n->ifname);
            n->ifname = g_strdup(val);
        } else if ((KEY("script") || KEY("downscript")) && !strcmp(n->type, "tap")) {
            if (strcmp(val, "no")) {
                g_set_error(errp, CROSSEMU_ERROR, 0,
                            "-netdev tap: only %.*s=no is supported", (int)klen, parts[i]);
                goto fail;
            }
        } else if (KEY("restrict") && !strcmp(n->type, "user")) {
            /* accepted; libslirp's restricted mode is the default below */
        } else {
            g_set_error(errp, CROSSEMU_ERROR, 0, "-netdev %s: unknown parameter '%.*s'",
                        n->type, (int)klen, parts[i]);
            goto fail;
        }
#undef KEY
    }
    if (!n->id || !*n->id) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-netdev %s: missing id=", arg);
        goto fail;
    }
    if (options_find_netdev(o, n->id)) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-netdev: duplicate id '%s'", n->id);
        goto fail;
    }
    g_ptr_array_add(o->netdevs, n);
    return true;
fail:
    options_netdev_free(n);
    return false;
}

static void options_device_free(gpointer p)
{
    DeviceOptions *d = p;
    g_free(d->driver);
    g_free(d->netdev);
    g_free(d->chardev);
    g_free(d);
}

static bool options_device(MachineOptions *o, const char *arg, GError **errp)
{
    static const char *const keys[] = { "driver", "netdev", "chardev", "id", "mac", NULL };
    g_autoptr(GHashTable) t = options_parse_keyval(arg, "driver", errp);
    DeviceOptions *d;

    if (!t || !options_only_keys(t, "-device", keys, errp)) {
        return false;
    }
    d = g_new0(DeviceOptions, 1);
    d->driver = g_strdup(g_hash_table_lookup(t, "driver"));
    d->netdev = g_strdup(g_hash_table_lookup(t, "netdev"));
    d->chardev = g_strdup(g_hash_table_lookup(t, "chardev"));
    g_ptr_array_add(o->devices, d);
    return true;
}

static void options_chardev_free(gpointer p)
{
    ChardevOptions *c = p;
    g_free(c->id);
    g_free(c->spec);
    g_free(c);
}

/* -chardev stdio,id=X | file,id=X,path=F | socket,id=X,port=P,server=on[,wait=off] | null,id=X */
static bool options_chardev(MachineOptions *o, const char *arg, GError **errp)
{
    static const char *const keys[] = { "backend", "id", "path", "port", "host",
                                        "server", "wait", "signal", "mux", NULL };
    g_autoptr(GHashTable) t = options_parse_keyval(arg, "backend", errp);
    const char *b, *id;
    ChardevOptions *c;

    if (!t || !options_only_keys(t, "-chardev", keys, errp)) {
        return false;
    }
    b = g_hash_table_lookup(t, "backend");
    id = g_hash_table_lookup(t, "id");
    if (!b || !id) {
        g_set_error(errp, CROSSEMU_ERROR, 0, "-chardev %s: needs a backend and id=", arg);
        return false;
    }
    c = g_new0(ChardevOptions, 1);
    c->id = g_strdup(id);
    if (!strcmp(b, "file")) {
        const char *path = g_hash_table_lookup(t, "path");
        c->spec = g_strdup_printf("file:%s", path ? path : "");
    } else if (!strcmp(b, "socket")) {
        const char *port = g_hash_table_lookup(t, "port");
        const char *host = g_hash_table_lookup(t, "host");
        const char *wait = g_hash_table_lookup(t, "wait");
        c->spec = g_strdup_printf("tcp:%s:%s,server%s", host ? host : "", port ? port : "",
                                  wait && !options_bool(wait) ? ",nowait" : "");
    } else {
        c->spec = g_strdup(b);
    }
    g_ptr_array_add(o->chardevs, c);
    return true;
}

NetdevOptions *options_find_netdev(MachineOptions *opts, const char *id)
{
    for (guint i = 0; id && i < opts->netdevs->len; i++) {
        NetdevOptions *n = g_ptr_array_index(opts->netdevs, i);
        if (!strcmp(n->id, id)) {
            return n;
        }
    }
    return NULL;
}

ChardevOptions *options_find_chardev(MachineOptions *opts, const char *id)
{
    for (guint i = 0; id && i < opts->chardevs->len; i++) {
        ChardevOptions *c = g_ptr_array_index(opts->chardevs, i);
        if (!strcmp(c->id, id)) {
            return c;
        }
    }
    return NULL;
}

static void options_usage(const char *prog)
{
    printf("usage: %s [options]\n"
           "  -accel kvm            use KVM (the only accelerator for this target)\n"
           "  -M microvm[,acpi=on|off] the machine (default and only board); acpi=off\n"
           "                        drops the ACPI tables (MP table, virtio on the cmdline)\n"
           "  -m SIZE               guest RAM, MiB or with a K/M/G suffix (default 128M)\n"
           "  -smp N                number of vCPUs\n"
           "  -cpu host             the CPU model (host only)\n"
           "  -kernel FILE          a Linux bzImage or a PVH ELF kernel\n"
           "  -initrd FILE          initial ramdisk\n"
           "  -append CMDLINE       kernel command line\n"
           "  -nographic            serial on stdio, Ctrl-A x quits\n"
           "  -serial stdio|file:F|tcp::PORT,server[,nowait]|null\n"
           "  -drive file=IMG,format=raw,if=virtio[,readonly=on]\n"
           "  -netdev user,id=ID[,hostfwd=tcp::HOSTPORT-:GUESTPORT]\n"
           "  -netdev tap,id=ID,ifname=TAP[,script=no,downscript=no]\n"
           "  -device virtio-net-device,netdev=ID | virtio-rng-device |\n"
           "          virtio-blk-device | virtconsole,chardev=ID\n"
           "  -chardev stdio|file|socket|null,id=ID[,path=F][,port=P,server=on]\n"
           "  -no-reboot            exit instead of rebooting\n"
           "  -d guest_errors,unimp log categories\n", prog);
}

bool options_parse(MachineOptions *o, int argc, char **argv, bool *exit_now,
                   GError **errp)
{
    memset(o, 0, sizeof(*o));
    o->progname = argv[0];
    o->ram_size = 128ull << 20;
    o->smp = 1;
    o->acpi = -1;
    o->serials = g_ptr_array_new_with_free_func(g_free);
    o->drives = g_ptr_array_new();
    o->netdevs = g_ptr_array_new_with_free_func(options_netdev_free);
    o->devices = g_ptr_array_new_with_free_func(options_device_free);
    o->chardevs = g_ptr_array_new_with_free_func(options_chardev_free);
    *exit_now = false;

    for (int i = 1; i < argc; i++) {
        const char *opt = argv[i];
        const char *arg = i + 1 < argc ? argv[i + 1] : NULL;
        bool takes_arg = true;

        if (opt[0] == '-' && opt[1] == '-') {
            opt++;              /* QEMU accepts --option too */
        }
#define OPT(name) (!strcmp(opt, name))
        if (OPT("-h") || OPT("-help")) {
            options_usage(argv[0]);
            *exit_now = true;
            return true;
        } else if (OPT("-version")) {
            printf("crossemu-system-x86_64 version 0.1.0\n");
            *exit_now = true;
            return true;
        } else if (OPT("-nographic")) {
            o->nographic = true;
            takes_arg = false;
        } else if (OPT("-no-reboot")) {
            o->no_reboot = true;
            takes_arg = false;
        } else if (OPT("-enable-kvm")) {
            g_free(o->accel);
            o->accel = g_strdup("kvm");
            takes_arg = false;
        } else if (OPT("-S")) {
            o->freeze_cpu = true;
            takes_arg = false;
        } else if (OPT("-s")) {
            g_free(o->gdb);
            o->gdb = g_strdup("tcp::1234");
            takes_arg = false;
        } else if (OPT("-no-acpi")) {
            o->acpi = 0;
            takes_arg = false;
        } else if (OPT("-no-hpet") || OPT("-nodefaults")) {
            takes_arg = false;
        }
        if (!takes_arg) {
            continue;
        }
        if (!arg) {
            g_set_error(errp, CROSSEMU_ERROR, 0, "%s: option requires an argument", argv[i]);
            return false;
        }
        i++;
        if (OPT("-accel")) {
            g_autoptr(GHashTable) t = options_parse_keyval(arg, "accel", errp);
            if (!t) {
                return false;
            }
            g_free(o->accel);
            o->accel = g_strdup(g_hash_table_lookup(t, "accel"));
        } else if (OPT("-M") || OPT("-machine")) {
            g_autoptr(GHashTable) t = options_parse_keyval(arg, "type", errp);
            const char *a;
            if (!t) {
                return false;
            }
            if ((a = g_hash_table_lookup(t, "accel"))) {
                g_free(o->accel);
                o->accel = g_strdup(a);
            }
            if ((a = g_hash_table_lookup(t, "acpi"))) {
                if (!strcmp(a, "on") || !strcmp(a, "auto")) {
                    o->acpi = 1;
                } else if (!strcmp(a, "off")) {
                    o->acpi = 0;
                } else {
                    g_set_error(errp, CROSSEMU_ERROR, 0, "-M acpi=%s: expected on or off", a);
                    return false;
                }
            }
            /* "-M acpi=off" alone keeps the default board */
            if (g_hash_table_lookup(t, "type")) {
                g_free(o->machine);
                o->machine = g_strdup(g_hash_table_lookup(t, "type"));
            }
        } else if (OPT("-m")) {
            const char *s = g_str_has_prefix(arg, "size=") ? arg + 5 : arg;
            if (!options_parse_size(s, &o->ram_size) || o->ram_size < (2u << 20)) {
                g_set_error(errp, CROSSEMU_ERROR, 0,
                            "-m %s: bad memory size (at least 2M; e.g. 512M, 2G)", arg);
                return false;
            }
        } else if (OPT("-smp")) {
            const char *s = g_str_has_prefix(arg, "cpus=") ? arg + 5 : arg;
            char *end;
            long n = strtol(s, &end, 10);
            if ((*end && *end != ',') || n < 1 || n > 255) {
                g_set_error(errp, CROSSEMU_ERROR, 0, "-smp %s: bad CPU count (1-255)", arg);
                return false;
            }
            o->smp = n;
        } else if (OPT("-cpu")) {
            g_free(o->cpu);
            o->cpu = g_strdup(arg);
        } else if (OPT("-kernel")) {
            g_free(o->kernel);
            o->kernel = g_strdup(arg);
        } else if (OPT("-initrd")) {
            g_free(o->initrd);
            o->initrd = g_strdup(arg);
        } else if (OPT("-append")) {
            g_free(o->append);
            o->append = g_strdup(arg);
        } else if (OPT("-serial")) {
            g_ptr_array_add(o->serials, g_strdup(arg));
        } else if (OPT("-drive")) {
            if (!options_drive(o, arg, errp)) {
                return false;
            }
        } else if (OPT("-netdev")) {
            if (!options_netdev(o, arg, errp)) {
                return false;
            }
        } else if (OPT("-nic")) {
            g_set_error(errp, CROSSEMU_ERROR, 0,
                        "-nic: not supported; use -netdev and -device virtio-net-device");
            return false;
        } else if (OPT("-device")) {
            if (!options_device(o, arg, errp)) {
                return false;
            }
        } else if (OPT("-chardev")) {
            if (!options_chardev(o, arg, errp)) {
                return false;
            }
        } else if (OPT("-gdb")) {
            g_free(o->gdb);
            o->gdb = g_strdup(arg);
        } else if (OPT("-d")) {
            g_auto(GStrv) cats = g_strsplit(arg, ",", -1);
            for (unsigned j = 0; cats[j]; j++) {
                if (!strcmp(cats[j], "guest_errors")) {
                    o->log_guest_errors = true;
                } else if (!strcmp(cats[j], "unimp")) {
                    o->log_unimp = true;
                } else {
                    g_set_error(errp, CROSSEMU_ERROR, 0,
                                "-d %s: unknown log category (guest_errors, unimp)", cats[j]);
                    return false;
                }
            }
        } else if (OPT("-display") || OPT("-vga") || OPT("-monitor")) {
            if (strcmp(arg, "none")) {
                g_set_error(errp, CROSSEMU_ERROR, 0, "%s %s: only 'none' is supported",
                            opt, arg);
                return false;
            }
        } else {
            g_set_error(errp, CROSSEMU_ERROR, 0, "%s: unknown option", argv[i - 1]);
            return false;
        }
#undef OPT
    }
    return true;
}

void options_free(MachineOptions *o)
{
    g_free(o->accel);
    g_free(o->machine);
    g_free(o->cpu);
    g_free(o->kernel);
    g_free(o->initrd);
    g_free(o->append);
    g_free(o->gdb);
    g_ptr_array_free(o->serials, TRUE);
    for (guint i = 0; i < o->drives->len; i++) {
        DriveOptions *d = g_ptr_array_index(o->drives, i);
        g_free(d->file);
        g_free(d);
    }
    g_ptr_array_free(o->drives, TRUE);
    g_ptr_array_free(o->netdevs, TRUE);
    g_ptr_array_free(o->devices, TRUE);
    g_ptr_array_free(o->chardevs, TRUE);
}
