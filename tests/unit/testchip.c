/* tests/unit/testchip.c — a test-only chip with every descriptor feature:
 * props of each type and unit, two regions (byte-wide and 32-bit
 * big-endian), registers with fields (from mask constants) and flags, a
 * register array inside an array of records, records with a timer each,
 * input and output ports, a chardev backend and a window. Registered here
 * and nowhere else. */
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

enum { R_BYTES, R_WIDE, R__COUNT };
static const ww_region_desc regions[] = {
    [R_BYTES] = { "bytes", 16, 1, 1, WW_LITTLE_ENDIAN, 0, "byte registers" },
    [R_WIDE]  = { "wide",  8, 4, 4, WW_BIG_ENDIAN, WW_REGION_STRICT, "32-bit registers, strict" },
    [R__COUNT] = { NULL }
};

static const ww_field_desc ctrl_fields[] = {
    WW_FIELD(TC_CTRL_, EN, "enable"), WW_FIELD(TC_CTRL_, MODE, "mode"),
    WW_FIELD(TC_CTRL_, IRQ, "interrupt"), { NULL } };

#define AT(m) WW_AT(testchip_t, m)
enum { CTRL = 0, STATUS = 1, COUNT = 2 };
static const ww_reg_desc regs[] = {
    { "CTRL",   R_BYTES, CTRL,   1, WW_RW,     .reset = 0x05, .at = AT(ctrl), .fields = ctrl_fields, .doc = "control" },
    { "STATUS", R_BYTES, STATUS, 1, WW_REG_RC, .reset = 0x80, .at = AT(status), .doc = "read clears" },
    { "COUNT",  R_BYTES, COUNT,  1, WW_REG_RO, .doc = "computed: low byte of counter" },
    { "WIDE",   R_WIDE,  0,      4, WW_RW,     .reset = 0x11223344, .at = AT(wide), .doc = "wide register" },
    { "CFG", .flags = WW_REG_INTERNAL, .reset = 0x3c, .at = AT(chan[0].cfg), .count = 2,
      .stride = sizeof(testchip_chan), .doc = "channel configuration (in the channel records)" },
    { NULL }
};

static void chan_fire(ww_chip *c, unsigned index);

static const ww_state_desc chan_state[] = {
    { "ticks", WW_STATE_U32, WW_AT(testchip_chan, ticks), "timer callbacks", .reset = 7 },
    { "t", WW_STATE_TIMER, WW_AT(testchip_chan, t), "channel timer", .fire = chan_fire },
    { NULL }
};
static const ww_record_desc chan_record = { "channel", sizeof(testchip_chan), chan_state };
const ww_record_desc *ww_testchip_chan_record(void);
const ww_record_desc *ww_testchip_chan_record(void) { return &chan_record; }

static const ww_state_desc state[] = {
    { "counter", WW_STATE_U32, AT(counter), "ticks", .flags = WW_STATE_CHIP_RESET },
    { "hist",    WW_STATE_U16, AT(hist), "history" },
    { "chan",    WW_STATE_RECORD, AT(chan), "channels", .record = &chan_record },
    { NULL }
};

enum { P_IN, P_OUT, P_REQ, P__COUNT };
static const ww_port_desc ports[] = {
    [P_IN]  = { "in",  WW_PORT_IN,  4, WW_PORT_EDGE, 0, "inputs" },
    [P_OUT] = { "out", WW_PORT_OUT, 2, 0, offsetof(testchip_t, out), "outputs" },
    [P_REQ] = { "req", WW_PORT_IN,  0, WW_PORT_REQUIRED, 0, "a required input" },
    [P__COUNT] = { NULL }
};

static const ww_backend_desc backends[] = {
    { "line", WW_BACKEND_CHARDEV, offsetof(testchip_t, line), .doc = "a byte stream" },
    { NULL }
};

static const ww_window_desc windows[] = {
    { "overlay", offsetof(testchip_t, overlay), .doc = "a mapping the chip hides on CTRL.IRQ" },
    { NULL }
};

static void chan_fire(ww_chip *c, unsigned index)
{
    testchip_t *t = (testchip_t *)c;
    t->fired[index]++;
    t->chan[index].ticks++;
}

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
        ww_line_set(&t->out[0], val & TC_CTRL_EN);
        ww_line_set(&t->out[1], !!(val & TC_CTRL_IRQ));
        if (t->overlay && (val & TC_CTRL_IRQ))
            ww_window_hide(t->overlay);
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
    .backends = backends, .windows = windows,
    .reset = tc_reset, .read = tc_read, .write = tc_write, .signal = tc_signal,
};
WW_CHIP_REGISTER(testchip_class)
