/* tests/chips/pcxml.h — a pcrig (tests/chips/pcrig.h) built from inline XML,
 * so a chip test can describe its small PC as the machine file would and still
 * use the rig's outb/inb/peekb/iack/line/rises/drive helpers. The XML names the
 * CPU's I/O space "cpu.io"; optional pieces are found by their usual ids:
 * pic0, pic1, pit, uart, the probe (type pcrig-probe, id "probe") and a space
 * "intack" holding pic0.iack at 0 for INTA cycles. */
#ifndef WW_TESTS_PCXML_H
#define WW_TESTS_PCXML_H
#include "tests/chips/pcrig.h"

static inline void rig_xml(pcrig *r, const char *xml)
{
    memset(r, 0, sizeof *r);
    r->m = ww_test_machine_xml(xml);
    r->sched = ww_machine_sched(r->m);
    r->io = ww_machine_find_space(r->m, "cpu.io");
    r->intack = ww_machine_find_space(r->m, "intack");
    r->pic0 = ww_machine_find_chip(r->m, "pic0");
    r->pic1 = ww_machine_find_chip(r->m, "pic1");
    r->pit = ww_machine_find_chip(r->m, "pit");
    r->uart = ww_machine_find_chip(r->m, "uart");
    r->probe = (pcrig_probe *)ww_machine_find_chip(r->m, "probe");
    WW_CHECK(r->io);
}

/* The PIC pair as a PC wires it, for inline machines (master 0x20, slave 0xA0
 * on IR2, INTA through "intack", pic0.int on probe.in@7). */
#define PCXML_PICS \
    "  <space name='cpu.io' bits='16' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n" \
    "  <space name='intack' bits='8' endian='little' unmapped='open-bus' open-bus='0xff'/>\n" \
    "  <chip id='pic0' type='i8259' variant='master'/>\n" \
    "  <chip id='pic1' type='i8259' variant='slave'/>\n" \
    "  <chip id='probe' type='pcrig-probe'/>\n" \
    "  <map space='cpu.io' at='0x20' size='2' to='pic0.io'/>\n" \
    "  <map space='cpu.io' at='0xa0' size='2' to='pic1.io'/>\n" \
    "  <map space='intack' at='0' to='pic0.iack'/>\n" \
    "  <map space='pic0.cas' at='2' to='pic1.iack'/>\n" \
    "  <wire from='pic1.int' to='pic0.ir@2'/>\n" \
    "  <wire from='pic0.int' to='probe.in@7'/>\n"
enum { PX_PIC0_INT = 7 };

#endif
