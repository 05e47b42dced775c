/* tests/chips/qrig.c — the shared Quadra 800 test machine (qrig.h). */
#include "tests/chips/qrig.h"

typedef struct {
    ww_chip chip;
    ww_line drv[8];
} qprobe;

static const ww_port_desc probe_ports[] = {
    { "drv", WW_PORT_OUT, 8, 0, offsetof(qprobe, drv), "driven lines" },
    { 0 }
};

static const ww_chip_class probe_class = {
    .type = "qrig-probe",
    .summary = "test-only line driver (Quadra rig)",
    .size = sizeof(qprobe),
    .ports = probe_ports,
};
WW_CHIP_REGISTER(probe_class)

ww_chip *qrig_chip(qrig *r, const char *id)
{
    ww_chip *c = ww_machine_find_chip(r->m, id);
    if (!c)
        ww_test_fail_at(__FILE__, __LINE__, "rig has no chip %s", id);
    return c;
}

void qrig_init_with(qrig *r, const char *extra)
{
    memset(r, 0, sizeof *r);
    char *xml = g_strdup_printf(
        "<machine name='test/qrig' title='Quadra chip test rig' extends='mac68k/quadra800.xml'>\n"
        "  <chip id='probe' type='qrig-probe'/>\n"
        "  <wire from='probe.drv@0' to='via2.pa_in@1,via2.ca1'/>\n"
        "  <wire from='probe.drv@1' to='via1.ca1'/>\n"
        "  <wire from='probe.drv@2' to='dj.nmi'/>\n"
        "  <wire from='probe.drv@3' to='dj.asc'/>\n"
        "  <wire from='probe.drv@4' to='via2.cb2'/>\n"
        "%s"
        "</machine>\n", extra ? extra : "");
    r->m = ww_test_machine_xml(xml);
    g_free(xml);
    r->sched = ww_machine_sched(r->m);
    r->mem = ww_machine_find_space(r->m, "cpu.mem");
    WW_CHECK(r->mem);
    r->cpu = qrig_chip(r, "cpu");
    r->via1 = qrig_chip(r, "via1");
    r->via2 = qrig_chip(r, "via2");
    r->rtc = qrig_chip(r, "rtc");
    r->adb = qrig_chip(r, "adb");
    r->dj = qrig_chip(r, "dj");
    r->iosb = qrig_chip(r, "iosb");
    r->scc = qrig_chip(r, "scc");
    r->kbd = qrig_chip(r, "kbd");
    r->mouse = qrig_chip(r, "mouse");
    r->probe = qrig_chip(r, "probe");
    GError *err = NULL;
    r->chr_a = ww_chardev_new_buffer();
    WW_CHECK_NOERR(ww_machine_bind(r->m, WW_BACKEND_CHARDEV, 0, r->chr_a, &err), err);
}

void qrig_free(qrig *r)
{
    ww_machine_free(r->m);
    ww_chardev_free(r->chr_a);
}

static uint64_t rd(qrig *r, uint32_t a, unsigned size)
{
    uint64_t v = 0;
    ww_space_read(r->mem, a, size, &v);
    return v;
}

uint8_t q_rd8(qrig *r, uint32_t a) { return (uint8_t)rd(r, a, 1); }
void q_wr8(qrig *r, uint32_t a, uint8_t v) { ww_space_write(r->mem, a, 1, v); }
uint16_t q_rd16(qrig *r, uint32_t a) { return (uint16_t)rd(r, a, 2); }
void q_wr16(qrig *r, uint32_t a, uint16_t v) { ww_space_write(r->mem, a, 2, v); }
uint32_t q_rd32(qrig *r, uint32_t a) { return (uint32_t)rd(r, a, 4); }
void q_wr32(qrig *r, uint32_t a, uint32_t v) { ww_space_write(r->mem, a, 4, v); }
uint8_t q_peek8(qrig *r, uint32_t a)
{
    uint64_t v = 0;
    ww_space_peek(r->mem, a, 1, &v);
    return (uint8_t)v;
}

unsigned q_ipl(qrig *r)
{
    int port = ww_chip_find_port(r->cpu->cls, "irq");
    for (unsigned l = 7; l > 0; l--)
        if (ww_input_level(r->cpu, (unsigned)port, l))
            return l;
    return 0;
}

void q_drive(qrig *r, unsigned n, int level)
{
    ww_line_set(&((qprobe *)r->probe)->drv[n], level);
}

void q_advance(qrig *r, ww_time dt)
{
    ww_sched_advance(r->sched, ww_sched_now(r->sched) + dt);
}

