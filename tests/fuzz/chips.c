/* tests/fuzz/chips.c — libFuzzer harness for the PC chips (i8259 pair,
 * i8254, ns16550) on a 16-bit I/O space, the way a hostile guest would drive
 * them. The input is a sequence of 4-byte records (op, chip, offset, value):
 *   op 0-2  write value to chip register offset      op 3  read it
 *   op 4    INTA cycle at the master                  op 5  advance time
 *   op 6    drive IR/GATE line (offset) to value&1    op 7  host sends a byte, or peek
 * No crash, no sanitizer report, no leak. */
#include "tests/fuzz/fuzz.h"
#include "core/machine.h"
#include "core/chardev.h"
#include <stdint.h>
#include <stddef.h>

typedef struct {
    ww_chip chip;
    ww_line drv[8];
} fuzz_drv;

static const ww_port_desc drv_ports[] = {
    { "drv", WW_PORT_OUT, 8, 0, offsetof(fuzz_drv, drv), "driven lines" },
    { 0 }
};
static const ww_chip_class fuzz_drv_class = {
    .type = "fuzz-chips-drv", .summary = "fuzz harness line driver",
    .size = sizeof(fuzz_drv), .ports = drv_ports,
};
WW_CHIP_REGISTER(fuzz_drv_class)

static const uint16_t bases[4] = { 0x20, 0xA0, 0x40, 0x3F8 };
static const uint16_t sizes[4] = { 2, 2, 4, 8 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_chip *pic0 = ww_machine_add_chip(m, "i8259", "pic0", &err);
    ww_chip *pic1 = ww_machine_add_chip(m, "i8259", "pic1", &err);
    ww_chip *pit = ww_machine_add_chip(m, "i8254", "pit", &err);
    ww_chip *uart = ww_machine_add_chip(m, "ns16550", "uart", &err);
    ww_chip *drvc = ww_machine_add_chip(m, "fuzz-chips-drv", "drv", &err);
    FUZZ_CHECK(pic0 && pic1 && pit && uart && drvc);
    ww_chip_set_prop(pic1, "variant", "slave", NULL);
    ww_space_config io = { .addr_bits = 16, .page_bits = 12, .open_bus = 0xff };
    ww_space_config small = { .addr_bits = 8, .page_bits = 8, .open_bus = 0xff };
    ww_space *s = ww_machine_add_space(m, "io", &io, NULL);
    ww_space *ia = ww_machine_add_space(m, "intack", &small, NULL);
    ww_space *cas = ww_machine_add_space(m, "pic0.cas", &small, NULL);
    ww_chip_bind_bus(pic0, "cas", cas, NULL);
    ww_space_map_chip(s, "pic0", 0x20, 2, pic0, 0, 1, 0, 0, NULL);
    ww_space_map_chip(s, "pic1", 0xA0, 2, pic1, 0, 1, 0, 0, NULL);
    ww_space_map_chip(s, "pit", 0x40, 4, pit, 0, 1, 0, 0, NULL);
    ww_space_map_chip(s, "uart", 0x3F8, 8, uart, 0, 1, 0, 0, NULL);
    ww_space_map_chip(ia, "iack", 0, 1, pic0, 1, 1, 0, 0, NULL);
    ww_space_map_chip(cas, "pic1.iack", 2, 1, pic1, 1, 1, 0, 0, NULL);
    ww_machine_connect(m, "pit.out@0", "pic0.ir@0", false, NULL);
    ww_machine_connect(m, "pic1.int", "pic0.ir@2", false, NULL);
    ww_machine_connect(m, "uart.irq", "pic0.ir@4", false, NULL);
    ww_machine_connect(m, "drv.drv@0", "pic1.ir@0", false, NULL);
    ww_machine_connect(m, "drv.drv@1", "pic0.ir@1", false, NULL);
    ww_machine_connect(m, "drv.drv@2", "pic1.ir@4", false, NULL);
    ww_machine_connect(m, "drv.drv@3", "pic0.ir@3", false, NULL);
    ww_machine_connect(m, "drv.drv@4", "pit.gate@2", false, NULL);
    ww_machine_connect(m, "drv.drv@5", "pit.gate@0", false, NULL);
    ww_machine_connect(m, "drv.drv@6", "pic0.ir@6", false, NULL);
    ww_machine_connect(m, "drv.drv@7", "pic0.ir@7", false, NULL);
    FUZZ_CHECK(ww_machine_realize(m, &err));
    ww_chardev *chr = ww_chardev_new_buffer();
    uart->cls->attach_chardev(uart, chr);
    fuzz_drv *d = (fuzz_drv *)drvc;
    ww_sched *sched = ww_machine_sched(m);

    for (size_t i = 0; i + 4 <= size; i += 4) {
        uint8_t op = data[i] & 7, chip = data[i + 1] & 3, off = data[i + 2], val = data[i + 3];
        uint16_t port = (uint16_t)(bases[chip] + off % sizes[chip]);
        uint64_t v = 0;
        switch (op) {
        case 0: case 1: case 2:
            ww_space_write(s, port, 1, val);
            break;
        case 3:
            ww_space_read(s, port, 1, &v);
            break;
        case 4:
            ww_space_read(ia, 0, 1, &v);
            break;
        case 5:
            ww_sched_advance(sched, ww_sched_now(sched) + ((uint64_t)off << 8 | val) * 37);
            break;
        case 6:
            ww_line_set(&d->drv[off & 7], val & 1);
            break;
        default:
            if (off & 1) {
                ww_chardev_receive(chr, &val, 1);
            } else {
                ww_space_peek(s, port, 1, &v);
                ww_space_peek(ia, 0, 1, &v);
            }
            break;
        }
    }
    GString *dump = g_string_new(NULL);
    ww_chip_dump(pic0, dump);
    ww_chip_dump(pit, dump);
    ww_chip_dump(uart, dump);
    g_string_free(dump, TRUE);
    ww_machine_free(m);
    ww_chardev_free(chr);
    return 0;
}
