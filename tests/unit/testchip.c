/* tests/unit/testchip.c — a test-only chip with every descriptor feature:
 * props of each type and unit, two regions (byte-wide and 32-bit
 * big-endian), registers with fields and flags, input and output ports,
 * internal state. Registered here and nowhere else. */
#include "tests/unit/testchip.h"

static const char *const modes[] = { "fast", "slow", "off", NULL };

static const ww_prop_desc props[] = {
    { "size",  WW_PROP_UINT, WW_AT(testchip_t, size_prop), "4KiB", 1, 1ull << 32, NULL, WW_UNIT_BYTES, "buffer size" },
    { "clock", WW_PROP_UINT, WW_AT(testchip_t, freq), "1MHz", 0, 0, NULL, WW_UNIT_HZ, "input clock" },
    { "delay", WW_PROP_UINT, WW_AT(testchip_t, delay), "10us", 0, 0, NULL, WW_UNIT_NS, "latency" },
    { "mode",  WW_PROP_ENUM, WW_AT(testchip_t, mode), "fast", 0, 0, modes, WW_UNIT_NONE, "speed" },
    { "flag",  WW_PROP_BOOL, WW_AT(testchip_t, flag), "false", 0, 0, NULL, WW_UNIT_NONE, "a switch" },
    { "label", WW_PROP_STRING, WW_AT(testchip_t, label), "none", 0, 0, NULL, WW_UNIT_NONE, "a name" },
    { NULL }
};

enum { R_BYTES, R_WIDE };
static const ww_region_desc regions[] = {
    { "bytes", 16, 1, 1, WW_LITTLE_ENDIAN, false, "byte registers" },
    { "wide",  8, 4, 4, WW_BIG_ENDIAN, true, "32-bit registers, strict" },
    { NULL }
};

static const ww_field_desc ctrl_fields[] = {
    { "EN", 0, 1, "enable" }, { "MODE", 1, 2, "mode" }, { "IRQ", 7, 1, "interrupt" }, { NULL } };

enum { CTRL = 0, STATUS = 1, COUNT = 2 };
static const ww_reg_desc regs[] = {
    { "CTRL",   R_BYTES, CTRL,   1, WW_RW,   0x05, WW_AT(testchip_t, ctrl), ctrl_fields, "control" },
    { "STATUS", R_BYTES, STATUS, 1, WW_REG_RC, 0x80, WW_AT(testchip_t, status), NULL, "read clears" },
    { "COUNT",  R_BYTES, COUNT,  1, WW_REG_RO, 0,    0, 0, NULL, "computed: low byte of counter" },
    { "WIDE",   R_WIDE,  0,      4, WW_RW,   0x11223344, WW_AT(testchip_t, wide), NULL, "wide register" },
    { NULL }
};

static const ww_state_desc state[] = {
    { "counter", WW_STATE_U32, WW_AT(testchip_t, counter), 1, "ticks" },
    { "hist",    WW_STATE_U16, WW_AT(testchip_t, hist), 2, "history" },
    { NULL }
};

static const ww_port_desc ports[] = {
    { "in",  WW_PORT_IN,  4, WW_PORT_EDGE, 0, "inputs" },
    { "out", WW_PORT_OUT, 2, 0, offsetof(testchip_t, out), "outputs" },
    { "req", WW_PORT_IN,  0, WW_PORT_REQUIRED, 0, "a required input" },
    { NULL }
};

static uint64_t tc_read(ww_chip *c, unsigned region, uint64_t off, unsigned size, ww_access how)
{
    testchip_t *t = (testchip_t *)c;
    if (how != WW_PEEK)
        t->reads++;
    if (region == R_WIDE)
        return off == 0 ? t->wide : 0xCAFEF00D;
    switch (off) {
    case CTRL:
        return t->ctrl;
    case STATUS: {
        uint8_t v = t->status;
        if (how != WW_PEEK)
            t->status = 0;   /* read clears */
        return v;
    }
    case COUNT:
        return t->counter & 0xff;
    default:
        return t->bytes[off & 15];
    }
}

static void tc_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    testchip_t *t = (testchip_t *)c;
    t->writes++;
    if (region == R_WIDE) {
        if (off == 0)
            t->wide = (uint32_t)val;
        return;
    }
    switch (off) {
    case CTRL:
        t->ctrl = (uint8_t)val;
        ww_line_set(&t->out[0], val & 1);
        ww_line_set(&t->out[1], (val >> 7) & 1);
        break;
    case COUNT:
        break;
    default:
        t->bytes[off & 15] = (uint8_t)val;
    }
}

static void tc_signal(ww_chip *c, unsigned port, unsigned index, int level)
{
    testchip_t *t = (testchip_t *)c;
    if (port == 0 && index < 4) {
        t->last_level[index] = level;
        t->edges++;
    }
}

static void tc_reset(ww_chip *c, ww_reset_kind kind)
{
    testchip_t *t = (testchip_t *)c;
    t->counter = 0x1234;
}

static const ww_chip_class testchip_class = {
    .type = "wwtestchip",
    .summary = "test-only chip exercising every descriptor feature",
    .size = sizeof(testchip_t),
    .version = 1,
    .props = props, .regions = regions, .regs = regs, .state = state, .ports = ports,
    .reset = tc_reset, .read = tc_read, .write = tc_write, .signal = tc_signal,
};
WW_CHIP_REGISTER(testchip_class)
