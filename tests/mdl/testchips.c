/* tests/mdl/testchips.c — see testchips.h. */
#include "tests/mdl/testchips.h"
#include "core/space.h"
#include <string.h>

/* ---- mdltest ---------------------------------------------------------------- */

static const char *const modes[] = { "alpha", "beta", "gamma", NULL };
#define T(m) WW_AT(mdltest, m)

static const ww_prop_desc mdltest_props[] = {
    { "clock", WW_PROP_UINT, T(clock), "1MHz", 0, 0, NULL, WW_UNIT_HZ, "input clock" },
    { "mem",   WW_PROP_UINT, T(mem), "4KiB", 1, 1ull << 30, NULL, WW_UNIT_BYTES, "buffer size" },
    { "delay", WW_PROP_UINT, T(delay), "10us", 0, 0, NULL, WW_UNIT_NS, "latency" },
    { "count", WW_PROP_UINT, T(count), "4", 1, 16, NULL, WW_UNIT_NONE, "channels" },
    { "flag",  WW_PROP_BOOL, T(flag), "false", 0, 0, NULL, WW_UNIT_NONE, "a switch" },
    { "mode",  WW_PROP_ENUM, T(mode), "alpha", 0, 0, modes, WW_UNIT_NONE, "operating mode" },
    { "label", WW_PROP_STRING, T(label), NULL, 0, 0, NULL, WW_UNIT_NONE, "free text" },
    { NULL },
};
static const ww_region_desc mdltest_regions[] = {
    { "regs", 16, 1, 1, WW_LITTLE_ENDIAN, false, "control registers" },
    { "data", 256, 1, 4, WW_LITTLE_ENDIAN, false, "buffer" },
    { NULL },
};
static const ww_field_desc ctrl_fields[] = {
    { "EN", 0, 1, "enable" }, { "MODE", 1, 2, "mode select" }, { NULL },
};
static const ww_reg_desc mdltest_regs[] = {
    { "CTRL", 0, 0, 1, WW_RW, .at = T(regs[0]), .fields = ctrl_fields, .doc = "control" },
    { "STAT", 0, 1, 1, WW_REG_RO, .reset = 0x80, .at = T(regs[1]), .doc = "status" },
    { NULL },
};
static const ww_port_desc mdltest_ports[] = {
    { "irq",   WW_PORT_IN,  4, 0, 0, "interrupt inputs" },
    { "reset", WW_PORT_IN,  1, WW_PORT_REQUIRED, 0, "reset input (required)" },
    { "int",   WW_PORT_OUT, 1, 0, offsetof(mdltest, out_int), "interrupt output" },
    { "out",   WW_PORT_OUT, 2, 0, offsetof(mdltest, out), "outputs" },
    { NULL },
};

static uint64_t mdltest_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                             ww_access how)
{
    mdltest *t = (mdltest *)c;
    if (region == 0)
        return off < sizeof t->regs ? t->regs[off] : 0;
    uint64_t v = 0;
    for (unsigned i = 0; i < size && off + i < sizeof t->data; i++)
        v |= (uint64_t)t->data[off + i] << (8 * i);
    return v;
}

static void mdltest_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val, unsigned size)
{
    mdltest *t = (mdltest *)c;
    if (region == 0) {
        if (off < sizeof t->regs)
            t->regs[off] = (uint8_t)val;
        return;
    }
    for (unsigned i = 0; i < size && off + i < sizeof t->data; i++)
        t->data[off + i] = (uint8_t)(val >> (8 * i));
}

static void mdltest_signal(ww_chip *c, unsigned port, unsigned index, int level) {}

static const ww_chip_class mdltest_class = {
    .type = "mdltest", .summary = "test chip for the machine-description tests",
    .size = sizeof(mdltest), .props = mdltest_props, .regions = mdltest_regions,
    .regs = mdltest_regs, .ports = mdltest_ports, .read = mdltest_read,
    .write = mdltest_write, .signal = mdltest_signal,
};
WW_CHIP_REGISTER(mdltest_class)

/* ---- mdlcpu ------------------------------------------------------------------ */

static const char *const cpu_models[] = { "m1", "m2", NULL };
static const ww_prop_desc mdlcpu_props[] = {
    { "clock", WW_PROP_UINT, WW_AT(mdlcpu, cpu.clock_hz), "1MHz", 0, 0, NULL, WW_UNIT_HZ,
      "core clock" },
    { "model", WW_PROP_ENUM, WW_AT(mdlcpu, model), "m1", 0, 0, cpu_models, WW_UNIT_NONE,
      "model" },
    { NULL },
};
static const ww_bus_desc mdlcpu_buses[] = {
    { "mem", "memory", 24, WW_BIG_ENDIAN, WW_UNMAPPED_BUS_ERROR, 0 },
    { "io", "I/O ports", 16, WW_LITTLE_ENDIAN, WW_UNMAPPED_OPEN_BUS, 0xff },
    { NULL },
};
static const ww_port_desc mdlcpu_ports[] = {
    { "irq", WW_PORT_IN, 1, 0, 0, "interrupt request" },
    { NULL },
};

static uint64_t mdlcpu_run(ww_cpu *c, uint64_t budget)
{
    c->cycles += budget;
    return budget;
}

static void mdlcpu_reset(ww_chip *c, ww_reset_kind k)
{
    mdlcpu *m = (mdlcpu *)c;
    uint8_t v[4] = { 0 };
    if (c->bus[0] && ww_space_read_buf(c->bus[0], 0, v, 4) == WW_BUS_OK)
        m->reset_vector = ww_ld_be32(v);
}

static const ww_cpu_ops mdlcpu_ops = { .family = "test", .models = cpu_models,
                                       .run = mdlcpu_run };
static const ww_chip_class mdlcpu_class = {
    .type = "mdlcpu", .summary = "test CPU (burns cycles, reads a reset vector)",
    .size = sizeof(mdlcpu), .props = mdlcpu_props, .buses = mdlcpu_buses,
    .ports = mdlcpu_ports, .cpu = &mdlcpu_ops, .reset = mdlcpu_reset,
    .signal = mdltest_signal,
};
WW_CHIP_REGISTER(mdlcpu_class)

/* ---- mdluart ------------------------------------------------------------------ */

typedef struct {
    ww_chip chip;
    char *message;
    uint64_t delay;
    ww_chardev *cd;
    ww_timer t;
} mdluart;

static const ww_prop_desc mdluart_props[] = {
    { "message", WW_PROP_STRING, WW_AT(mdluart, message), "hello", 0, 0, NULL, WW_UNIT_NONE,
      "printed once at `delay`" },
    { "delay", WW_PROP_UINT, WW_AT(mdluart, delay), "1ms", 0, 0, NULL, WW_UNIT_NS, "when" },
    { NULL },
};

static void mdluart_fire(ww_chip *c, unsigned index)
{
    mdluart *u = (mdluart *)c;
    ww_chardev_write(u->cd, (const uint8_t *)u->message, strlen(u->message));
}

static const ww_state_desc mdluart_state[] = {
    { "t", WW_STATE_TIMER, WW_AT(mdluart, t), "when the message is printed",
      .fire = mdluart_fire },
    { NULL },
};

static void mdluart_reset(ww_chip *c, ww_reset_kind k)
{
    mdluart *u = (mdluart *)c;
    ww_timer_mod(&u->t, ww_sched_now(c->sched) + u->delay);
}

static const ww_backend_desc mdluart_backends[] = {
    { "serial", WW_BACKEND_CHARDEV, offsetof(mdluart, cd), .doc = "where the message goes" },
    { NULL },
};

static const ww_chip_class mdluart_class = {
    .type = "mdluart", .summary = "test serial chip: prints a message at a virtual time",
    .size = sizeof(mdluart), .props = mdluart_props, .state = mdluart_state,
    .backends = mdluart_backends, .reset = mdluart_reset,
};
WW_CHIP_REGISTER(mdluart_class)
