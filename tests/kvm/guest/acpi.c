/*
 * acpi.c: the test guest's ACPI table reader: find the RSDP the way an OS
 * does (a 16-byte aligned "RSD PTR " in 0xe0000-0xfffff), follow the XSDT,
 * verify every checksum on the way, and pick the virtio-mmio transports
 * out of the DSDT's AML (the LNRO0005 devices and their _CRS buffers).
 */
#include "guest.h"

static uint8_t sum8(const uint8_t *p, size_t n)
{
    uint8_t s = 0;
    while (n--) s += *p++;
    return s;
}

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/*
 * Ring 0 is emulated instruction by instruction on kvm_pvm: compare the
 * signature as one 64-bit load per position and remember the answer.
 */
const uint8_t *acpi_rsdp(void)
{
    static const uint8_t *found;
    static bool scanned;
    uint64_t sig;

    if (scanned) return found;
    scanned = true;
    memcpy(&sig, "RSD PTR ", 8);
    for (uint64_t a = 0xe0000; a < 0x100000; a += 16) {
        const uint8_t *p = (const uint8_t *)a;
        if (*(const volatile uint64_t *)a == sig && !sum8(p, 20) && p[15] >= 2 &&
            rd32(p + 20) >= 36 && !sum8(p, rd32(p + 20))) {
            found = p;
            break;
        }
    }
    return found;
}

/* A table with a valid header checksum, or NULL. */
const uint8_t *acpi_check_table(uint64_t addr, const char *sig)
{
    const uint8_t *t = (const uint8_t *)addr;
    if (!addr || memcmp(t, sig, 4) || rd32(t + 4) < 36 || sum8(t, rd32(t + 4))) return NULL;
    return t;
}

const uint8_t *acpi_find_table(const char *sig)
{
    const uint8_t *rsdp = acpi_rsdp(), *x;
    if (!rsdp || !(x = acpi_check_table(rd64(rsdp + 24), "XSDT"))) return NULL;
    for (uint32_t off = 36; off + 8 <= rd32(x + 4); off += 8) {
        const uint8_t *t = acpi_check_table(rd64(x + off), sig);
        if (t) return t;
    }
    return NULL;
}

const uint8_t *acpi_dsdt(void)
{
    const uint8_t *f = acpi_find_table("FACP");
    if (!f) return NULL;
    return acpi_check_table(rd32(f + 4) >= 148 && rd64(f + 140) ? rd64(f + 140) : rd32(f + 40),
                            "DSDT");
}

/*
 * The n-th "LNRO0005" device of the DSDT: its _HID string is followed,
 * within the same Device, by a Memory32Fixed (0x86) and an extended
 * interrupt (0x89) descriptor.
 */
bool acpi_virtio(unsigned n, uint64_t *base, unsigned *irq)
{
    static const char hid[] = "\x0dLNRO0005";
    const uint8_t *d = acpi_dsdt();
    uint32_t len;

    if (!d) return false;
    len = rd32(d + 4);
    for (uint32_t i = 36; i + sizeof(hid) < len; i++) {
        if (memcmp(d + i, hid, sizeof(hid))) continue;      /* includes the NUL */
        if (n--) continue;
        *base = 0;
        *irq = 0;
        /* both descriptors are at least 9 bytes long */
        for (uint32_t j = i + sizeof(hid); j + 9 <= len && j < i + 96; j++) {
            if (!*base && j + 12 <= len && d[j] == 0x86 && d[j + 1] == 9 && d[j + 2] == 0) {
                *base = rd32(d + j + 4);
                j += 11;
            } else if (*base && d[j] == 0x89 && d[j + 1] == 6 && d[j + 2] == 0 && d[j + 4] == 1) {
                *irq = rd32(d + j + 5);
                return true;
            }
        }
        return false;
    }
    return false;
}
