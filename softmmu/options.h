/*
 * options.h: the system-mode command line, QEMU's syntax.
 *
 * Parsing only checks syntax and collects values; boards and backends
 * validate what they use.  Shared by every crossemu-system-<arch>.
 */
#ifndef SOFTMMU_OPTIONS_H
#define SOFTMMU_OPTIONS_H

#include "common.h"

typedef struct DriveOptions {
    char *file;
    bool readonly;
} DriveOptions;

typedef struct NetdevOptions {
    char *type;             /* "user" or "tap" */
    char *id;
    char *ifname;           /* tap */
    GPtrArray *hostfwd;     /* user: "tcp::PORT-:GUESTPORT" strings */
} NetdevOptions;

typedef struct DeviceOptions {
    char *driver;           /* "virtio-net-device", "virtio-rng-device", ... */
    char *netdev;
    char *chardev;
} DeviceOptions;

typedef struct ChardevOptions {
    char *id;
    char *spec;             /* in -serial syntax: "stdio", "file:F", ... */
} ChardevOptions;

typedef struct MachineOptions {
    const char *progname;
    char *accel;
    char *machine;
    int acpi;               /* -M ...,acpi=on|off: 1, 0; -1 not given */
    char *cpu;
    uint64_t ram_size;
    unsigned smp;
    char *kernel;
    char *initrd;
    char *append;
    bool nographic;
    bool no_reboot;
    bool freeze_cpu;        /* -S */
    char *gdb;              /* -s / -gdb */
    GPtrArray *serials;     /* char * specs */
    GPtrArray *drives;      /* DriveOptions * */
    GPtrArray *netdevs;     /* NetdevOptions * */
    GPtrArray *devices;     /* DeviceOptions * */
    GPtrArray *chardevs;    /* ChardevOptions * */
    bool log_guest_errors;
    bool log_unimp;
} MachineOptions;

/*
 * Fill opts from argv.  Returns false with errp set on a syntax error;
 * *exit_now is set (status 0) for -h / -version after printing.
 */
bool options_parse(MachineOptions *opts, int argc, char **argv, bool *exit_now,
                   GError **errp);
void options_free(MachineOptions *opts);
bool options_parse_size(const char *s, uint64_t *out);
/* "a=1,b=2" -> table; a leading bare word is stored under first_key */
GHashTable *options_parse_keyval(const char *s, const char *first_key, GError **errp);
NetdevOptions *options_find_netdev(MachineOptions *opts, const char *id);
ChardevOptions *options_find_chardev(MachineOptions *opts, const char *id);

#endif
