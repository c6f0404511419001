/*
 * ns16550.c: 16550A UART.
 *
 * Transmission is instantaneous (the chardev write is synchronous), so THR
 * is always empty and the "THR empty" interrupt fires as soon as it is
 * enabled or a byte is sent, exactly as drivers expect.  Loopback mode
 * (MCR bit 4) is modelled because Linux's 8250 probe relies on it.
 */
#include "common.h"
#include "softmmu/hw/ns16550.h"
#include "softmmu/main-loop.h"

#define UART_FIFO_SIZE 16

enum {
    IER_RDI = 0x01, IER_THRI = 0x02, IER_RLSI = 0x04, IER_MSI = 0x08,
    IIR_NO_INT = 0x01, IIR_MSI = 0x00, IIR_THRI = 0x02, IIR_RDI = 0x04,
    IIR_RLSI = 0x06, IIR_FIFO = 0xc0,
    FCR_ENABLE = 0x01, FCR_CLEAR_RX = 0x02,
    LCR_DLAB = 0x80,
    MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08, MCR_LOOP = 0x10,
    LSR_DR = 0x01, LSR_OE = 0x02, LSR_THRE = 0x20, LSR_TEMT = 0x40,
    MSR_DCTS = 0x01, MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40, MSR_DCD = 0x80,
};

struct NS16550 {
    Chardev *chr;
    IrqLine irq;
    uint8_t rx[UART_FIFO_SIZE];
    unsigned rx_head, rx_count;
    uint8_t ier, lcr, mcr, lsr, msr, scr, fcr, dll, dlm;
    bool thr_ipending;
    int irq_level;
};

static void ns16550_update_irq(NS16550 *s)
{
    int level = ((s->ier & IER_RDI) && s->rx_count) ||
                ((s->ier & IER_THRI) && s->thr_ipending) ||
                ((s->ier & IER_RLSI) && (s->lsr & LSR_OE));

    if (level != s->irq_level) {
        s->irq_level = level;
        irq_set_level(&s->irq, level);
    }
}

static uint8_t ns16550_iir(NS16550 *s)
{
    uint8_t fifo = (s->fcr & FCR_ENABLE) ? IIR_FIFO : 0;

    if ((s->ier & IER_RLSI) && (s->lsr & LSR_OE)) {
        return fifo | IIR_RLSI;
    }
    if ((s->ier & IER_RDI) && s->rx_count) {
        return fifo | IIR_RDI;
    }
    if ((s->ier & IER_THRI) && s->thr_ipending) {
        return fifo | IIR_THRI;
    }
    if ((s->ier & IER_MSI) && (s->msr & 0x0f)) {
        return fifo | IIR_MSI;
    }
    return fifo | IIR_NO_INT;
}

static void ns16550_push_rx(NS16550 *s, uint8_t c)
{
    if (s->rx_count == UART_FIFO_SIZE) {
        s->lsr |= LSR_OE;
        return;
    }
    s->rx[(s->rx_head + s->rx_count) % UART_FIFO_SIZE] = c;
    s->rx_count++;
}

static void ns16550_update_msr(NS16550 *s)
{
    uint8_t old = s->msr, m;

    if (s->mcr & MCR_LOOP) {
        m = ((s->mcr & MCR_RTS) ? MSR_CTS : 0) | ((s->mcr & MCR_DTR) ? MSR_DSR : 0) |
            ((s->mcr & MCR_OUT1) ? MSR_RI : 0) | ((s->mcr & MCR_OUT2) ? MSR_DCD : 0);
    } else {
        m = MSR_DCD | MSR_DSR | MSR_CTS;
    }
    /* delta bits accumulate until MSR is read */
    s->msr = m | (old & 0x0f) | (((old ^ m) & MSR_CTS) ? MSR_DCTS : 0) |
             (((old ^ m) & MSR_DSR) ? 0x02 : 0) | (((old ^ m) & MSR_DCD) ? 0x08 : 0);
}

static uint64_t ns16550_read(void *opaque, uint64_t offset, unsigned size)
{
    NS16550 *s = opaque;
    uint8_t v = 0;

    switch (offset) {
    case 0:
        if (s->lcr & LCR_DLAB) {
            v = s->dll;
        } else if (s->rx_count) {
            v = s->rx[s->rx_head];
            s->rx_head = (s->rx_head + 1) % UART_FIFO_SIZE;
            s->rx_count--;
            if (s->rx_count == UART_FIFO_SIZE - 1 && s->chr) {
                chardev_accept_input(s->chr);
            }
        }
        break;
    case 1:
        v = (s->lcr & LCR_DLAB) ? s->dlm : s->ier;
        break;
    case 2:
        v = ns16550_iir(s);
        /* reading IIR acknowledges a THR-empty interrupt (16550 datasheet) */
        if ((v & 0x0f) == IIR_THRI) {
            s->thr_ipending = false;
        }
        break;
    case 3:
        v = s->lcr;
        break;
    case 4:
        v = s->mcr;
        break;
    case 5:
        v = s->lsr | (s->rx_count ? LSR_DR : 0) | LSR_THRE | LSR_TEMT;
        s->lsr &= ~LSR_OE;
        break;
    case 6:
        v = s->msr;
        s->msr &= 0xf0;
        break;
    case 7:
        v = s->scr;
        break;
    }
    ns16550_update_irq(s);
    return v;
}

static void ns16550_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
    NS16550 *s = opaque;
    uint8_t v = value;

    switch (offset) {
    case 0:
        if (s->lcr & LCR_DLAB) {
            s->dll = v;
            break;
        }
        if (s->mcr & MCR_LOOP) {
            ns16550_push_rx(s, v);
        } else if (s->chr) {
            chardev_write(s->chr, &v, 1);
        }
        s->thr_ipending = true;
        break;
    case 1:
        if (s->lcr & LCR_DLAB) {
            s->dlm = v;
            break;
        }
        /* enabling THRI with THR empty raises the interrupt at once */
        if ((v & IER_THRI) && !(s->ier & IER_THRI)) {
            s->thr_ipending = true;
        }
        s->ier = v & 0x0f;
        break;
    case 2:
        s->fcr = v & 0xc9;
        if (v & FCR_CLEAR_RX) {
            s->rx_count = 0;
            if (s->chr) {
                chardev_accept_input(s->chr);
            }
        }
        break;
    case 3:
        s->lcr = v;
        break;
    case 4:
        s->mcr = v & 0x1f;
        ns16550_update_msr(s);
        break;
    case 7:
        s->scr = v;
        break;
    }
    ns16550_update_irq(s);
}

const MemRegionOps ns16550_ops = {
    .read = ns16550_read,
    .write = ns16550_write,
};

/* Chardev callbacks run in the main loop with the big lock held. */
static size_t ns16550_can_receive(void *opaque)
{
    NS16550 *s = opaque;
    return (s->mcr & MCR_LOOP) ? 0 : UART_FIFO_SIZE - s->rx_count;
}

static void ns16550_receive(void *opaque, const uint8_t *buf, size_t len)
{
    NS16550 *s = opaque;

    for (size_t i = 0; i < len; i++) {
        ns16550_push_rx(s, buf[i]);
    }
    ns16550_update_irq(s);
}

void ns16550_reset(NS16550 *s)
{
    s->rx_head = s->rx_count = 0;
    s->ier = s->lcr = s->mcr = s->lsr = s->scr = s->fcr = 0;
    s->dll = 12;        /* 9600 baud */
    s->dlm = 0;
    s->msr = MSR_DCD | MSR_DSR | MSR_CTS;
    s->thr_ipending = false;
    s->irq_level = 0;
    irq_set_level(&s->irq, 0);
}

NS16550 *ns16550_new(Chardev *chr, IrqLine irq)
{
    NS16550 *s = g_new0(NS16550, 1);

    s->chr = chr;
    s->irq = irq;
    ns16550_reset(s);
    if (chr) {
        chardev_set_frontend(chr, ns16550_can_receive, ns16550_receive, s);
    }
    return s;
}

void ns16550_free(NS16550 *s)
{
    g_free(s);
}
