/* tests/fuzz/snapshot.c — libFuzzer harness for the state loader
 * (core/snapshot.c, core/state.c): a small machine that really runs (a
 * 68000 executing zeroed RAM, an 8259 pair, an 8254 with its timers armed, a
 * 16550 with a serial line) is run a little and saved; the input is either a
 * whole state file (first byte even) or a list of edits to that valid file
 * (first byte odd: then pairs of a 24-bit offset and a byte, and a last
 * 24-bit length to cut the file to), so the fuzzer reaches the checks past
 * the CRCs as well as the framing. Whatever the file, nothing may crash or
 * leak, and a refused file must leave the machine exactly as it was (its
 * state built again is byte-identical). Run: tests/fuzz/run snapshot 60. */
#include "core/mdl.h"
#include "core/snapshot.h"
#include "tests/fuzz/fuzz.h"
#include <string.h>

static const char machine_xml[] =
    "<machine name='fuzz/snapshot' title='snapshot fuzz machine'>\n"
    "  <cpu id='cpu' type='m68k' model='m68000' clock='8MHz'/>\n"
    "  <ram id='ram' size='64KiB'/>\n"
    "  <chip id='pic0' type='i8259' variant='master'/>\n"
    "  <chip id='pic1' type='i8259' variant='slave'/>\n"
    "  <chip id='pit' type='i8254' clock='1.193182MHz'/>\n"
    "  <chip id='uart' type='ns16550' clock='1.8432MHz'/>\n"
    "  <map space='cpu.mem' at='0x000000' to='ram'/>\n"
    "  <map space='cpu.mem' at='0xF00000' size='2' to='pic0.io'/>\n"
    "  <map space='cpu.mem' at='0xF00010' size='2' to='pic1.io'/>\n"
    "  <map space='cpu.mem' at='0xF00020' size='4' to='pit.io'/>\n"
    "  <map space='cpu.mem' at='0xF00031' size='16' to='uart.regs' stride='2'/>\n"
    "  <map space='pic0.cas' at='2' to='pic1.iack'/>\n"
    "  <wire from='pic1.int' to='pic0.ir@2'/>\n"
    "  <wire from='uart.irq' to='pic0.ir@4'/>\n"
    "  <wire from='pit.out@0' to='pic0.ir@0'/>\n"
    "  <serial from='uart'/>\n"
    "</machine>\n";

static ww_machine *build(ww_chardev *cd)
{
    ww_mdl_opts opts = { .serial = cd };
    GError *err = NULL;
    ww_mdl_desc *d = ww_mdl_parse_buffer("fuzz-snapshot.xml", machine_xml,
                                         sizeof machine_xml - 1, NULL, NULL, &opts, &err);
    if (!d)
        fprintf(stderr, "fuzz machine: %s\n", err->message);
    FUZZ_CHECK(d);
    ww_machine *m = ww_mdl_instantiate(d, &opts, &err);
    if (!m)
        fprintf(stderr, "fuzz machine: %s\n", err->message);
    FUZZ_CHECK(m);
    ww_mdl_desc_free(d);
    ww_machine_reset(m, WW_RESET_POWER);
    /* Program the 8254's counter 0 (mode 2, divisor 1000) so a timer is armed. */
    ww_space *mem = ww_machine_find_space(m, "cpu.mem");
    ww_space_write(mem, 0xF00023, 1, 0x34);
    ww_space_write(mem, 0xF00020, 1, 0xE8);
    ww_space_write(mem, 0xF00020, 1, 0x03);
    ww_machine_run_until(m, 200000);
    return m;
}

static uint32_t u24(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    ww_chardev *cd = ww_chardev_new_buffer();
    ww_machine *m = build(cd);
    GError *err = NULL;
    GByteArray *valid = ww_snapshot_build(m, &err);
    FUZZ_CHECK(valid);
    GByteArray *file = g_byte_array_new();
    if (data[0] & 1) {
        g_byte_array_append(file, valid->data, valid->len);
        size_t i = 1;
        for (; i + 4 <= size; i += 4)
            if (file->len)
                file->data[u24(data + i) % file->len] = data[i + 3];
        if (i + 3 <= size && file->len)
            g_byte_array_set_size(file, u24(data + i) % (file->len + 1));
    } else {
        g_byte_array_append(file, data + 1, (guint)(size - 1));
    }
    bool ok = ww_snapshot_restore(m, file->data, file->len, &err);
    if (!ok) {
        FUZZ_CHECK(err && err->message[0]);
        g_clear_error(&err);
        GByteArray *again = ww_snapshot_build(m, &err);
        FUZZ_CHECK(again);
        FUZZ_CHECK(again->len == valid->len && !memcmp(again->data, valid->data, valid->len));
        g_byte_array_free(again, TRUE);
    } else {
        /* Whatever loaded must run and save again. */
        ww_machine_run_until(m, ww_sched_now(ww_machine_sched(m)) + 100000);
        GByteArray *again = ww_snapshot_build(m, &err);
        FUZZ_CHECK(again);
        g_byte_array_free(again, TRUE);
    }
    g_byte_array_free(file, TRUE);
    g_byte_array_free(valid, TRUE);
    ww_machine_free(m);
    ww_chardev_free(cd);
    return 0;
}
