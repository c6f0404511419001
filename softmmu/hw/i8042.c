/*
 * i8042.c: the PC keyboard controller without a keyboard.
 *
 * Enough for Linux's probe (controller self test, command byte, interface
 * tests answer "no device") and for reset: command 0xfe, or an output port
 * write with bit 0 clear, pulses the CPU reset line, which ends up as
 * main_loop_request_reset().
 */
#include "common.h"
#include "softmmu/hw/i8042.h"
#include "softmmu/main-loop.h"

enum {
    I8042_STS_OBF = 0x01, I8042_STS_SYS = 0x04, I8042_STS_CMD = 0x08,
    I8042_CMD_READ_CTR = 0x20, I8042_CMD_WRITE_CTR = 0x60,
    I8042_CMD_AUX_DISABLE = 0xa7, I8042_CMD_AUX_ENABLE = 0xa8,
    I8042_CMD_AUX_TEST = 0xa9, I8042_CMD_SELF_TEST = 0xaa, I8042_CMD_KBD_TEST = 0xab,
    I8042_CMD_KBD_DISABLE = 0xad, I8042_CMD_KBD_ENABLE = 0xae,
    I8042_CMD_READ_OUTPORT = 0xd0, I8042_CMD_WRITE_OUTPORT = 0xd1,
    I8042_CMD_RESET = 0xfe,
};

struct I8042 {
    uint8_t status, ctr, out, pending_cmd, outport;
};

static void i8042_push(I8042 *s, uint8_t v)
{
    s->out = v;
    s->status |= I8042_STS_OBF;
}

static uint64_t i8042_read(void *opaque, uint64_t offset, unsigned size)
{
    I8042 *s = opaque;

    if (offset == 0) {
        s->status &= ~I8042_STS_OBF;
        return s->out;
    }
    if (offset == 4) {
        return s->status;
    }
    return 0xff;
}

static void i8042_command(I8042 *s, uint8_t cmd)
{
    switch (cmd) {
    case I8042_CMD_READ_CTR:
        i8042_push(s, s->ctr);
        break;
    case I8042_CMD_WRITE_CTR:
    case I8042_CMD_WRITE_OUTPORT:
        s->pending_cmd = cmd;
        break;
    case I8042_CMD_SELF_TEST:
        i8042_push(s, 0x55);
        break;
    case I8042_CMD_KBD_TEST:
    case I8042_CMD_AUX_TEST:
        /* 0x00 would claim a working port; report "clock line stuck low" */
        i8042_push(s, 0x01);
        break;
    case I8042_CMD_READ_OUTPORT:
        i8042_push(s, s->outport);
        break;
    case I8042_CMD_RESET:
        main_loop_request_reset();
        break;
    default:
        break;
    }
}

static void i8042_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
    I8042 *s = opaque;
    uint8_t v = value;

    if (offset == 4) {
        s->status |= I8042_STS_CMD;
        i8042_command(s, v);
        return;
    }
    if (offset != 0) {
        return;
    }
    s->status &= ~I8042_STS_CMD;
    switch (s->pending_cmd) {
    case I8042_CMD_WRITE_CTR:
        s->ctr = v;
        break;
    case I8042_CMD_WRITE_OUTPORT:
        s->outport = v;
        if (!(v & 1)) {
            main_loop_request_reset();
        }
        break;
    default:
        /* a byte for the keyboard, which is absent: no answer */
        break;
    }
    s->pending_cmd = 0;
}

const MemRegionOps i8042_ops = {
    .read = i8042_read,
    .write = i8042_write,
};

void i8042_reset(I8042 *s)
{
    s->status = I8042_STS_SYS;
    s->ctr = 0x30;      /* both ports disabled, no interrupts */
    s->out = 0;
    s->pending_cmd = 0;
    s->outport = 0x01;
}

I8042 *i8042_new(void)
{
    I8042 *s = g_new0(I8042, 1);
    i8042_reset(s);
    return s;
}

void i8042_free(I8042 *s)
{
    g_free(s);
}
