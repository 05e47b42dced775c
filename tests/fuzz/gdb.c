/* tests/fuzz/gdb.c — libFuzzer harness for the gdb remote protocol
 * (core/gdb.c: framing, checksums, acks, every command and its argument
 * parsing, qXfer, qRcmd into the monitor's table, breakpoints, watchpoints,
 * continue, step, Ctrl-C) on a small machine with a CPU chosen by the first
 * byte (68000, 486, PowerPC 603, 68030 or 68040 executing zeroed RAM;
 * registers, the target description and memory views of all three families,
 * the m68k's through its MMUs), built afresh for each
 * input. The second byte says how the rest is cut into feeds; between feeds
 * a running machine runs 0.1 ms. Every byte sent must be '+', '-' or a
 * packet "$…#xx" with the right checksum; nothing may crash or leak; host
 * files are off (qRcmd savevm is refused). Input packets need no valid
 * checksum after "$QStartNoAckMode#b0", which seeds in tests/fuzz/corpus/gdb
 * use. Run: tests/fuzz/run gdb 60. */
#include "core/gdb.h"
#include "core/mdl.h"
#include "tests/fuzz/fuzz.h"
#include <string.h>

static const char *const machines[] = {
    "<machine name='fuzz/gdb-m68k' title='gdb fuzz machine'>\n"
    "  <cpu id='cpu' type='m68k' model='m68000' clock='8MHz'/>\n"
    "  <ram id='ram' size='64KiB'/>\n"
    "  <chip id='uart' type='ns16550' clock='1.8432MHz'/>\n"
    "  <map space='cpu.mem' at='0x000000' to='ram'/>\n"
    "  <map space='cpu.mem' at='0xF00001' size='16' to='uart.regs' stride='2'/>\n"
    "  <serial from='uart'/>\n"
    "</machine>\n",
    "<machine name='fuzz/gdb-x86' title='gdb fuzz machine'>\n"
    "  <cpu id='cpu' type='x86' model='i486' clock='10MHz'/>\n"
    "  <ram id='ram' size='64KiB'/>\n"
    "  <ram id='top' size='64KiB'/>\n"
    "  <chip id='uart' type='ns16550' clock='1.8432MHz'/>\n"
    "  <map space='cpu.mem' at='0x00000000' to='ram'/>\n"
    "  <map space='cpu.mem' at='0xFFFF0000' to='top'/>\n"
    "  <map space='cpu.io' at='0x3f8' size='8' to='uart.regs'/>\n"
    "  <serial from='uart'/>\n"
    "</machine>\n",
    "<machine name='fuzz/gdb-ppc' title='gdb fuzz machine'>\n"
    "  <cpu id='cpu' type='ppc' model='ppc603' clock='66MHz'/>\n"
    "  <ram id='ram' size='64KiB'/>\n"
    "  <ram id='top' size='1MiB'/>\n"
    "  <chip id='uart' type='ns16550' clock='1.8432MHz'/>\n"
    "  <map space='cpu.mem' at='0x00000000' to='ram'/>\n"
    "  <map space='cpu.mem' at='0xF0000000' to='uart.regs'/>\n"
    "  <map space='cpu.mem' at='0xFFF00000' to='top'/>\n"
    "  <serial from='uart'/>\n"
    "</machine>\n",
    /* The MMUs: memory through m68k_debug_translate's table walks once the
     * input sets TC (the mmu seeds build small tables). */
    "<machine name='fuzz/gdb-m68030' title='gdb fuzz machine'>\n"
    "  <cpu id='cpu' type='m68k' model='m68030' clock='25MHz'/>\n"
    "  <ram id='ram' size='64KiB'/>\n"
    "  <map space='cpu.mem' at='0x00000000' to='ram'/>\n"
    "</machine>\n",
    "<machine name='fuzz/gdb-m68040' title='gdb fuzz machine'>\n"
    "  <cpu id='cpu' type='m68k' model='m68040' clock='25MHz'/>\n"
    "  <ram id='ram' size='64KiB'/>\n"
    "  <map space='cpu.mem' at='0x00000000' to='ram'/>\n"
    "</machine>\n",
};

static int hexv(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void check_output(void *opaque, const char *data, size_t len)
{
    FUZZ_CHECK(len >= 1);
    if (len == 1) {
        FUZZ_CHECK(data[0] == '+' || data[0] == '-');
        return;
    }
    FUZZ_CHECK(len >= 4 && data[0] == '$' && data[len - 3] == '#');
    uint8_t sum = 0;
    for (size_t i = 1; i < len - 3; i++) {
        FUZZ_CHECK(data[i] != '$' && data[i] != '#');
        sum = (uint8_t)(sum + (uint8_t)data[i]);
    }
    int a = hexv(data[len - 2]), b = hexv(data[len - 1]);
    FUZZ_CHECK(a >= 0 && b >= 0 && (uint8_t)(a << 4 | b) == sum);
    FUZZ_CHECK(len <= WW_GDB_MAX_PACKET + 4);
    (*(size_t *)opaque)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const char *xml = machines[data[0] % G_N_ELEMENTS(machines)];
    ww_chardev *cd = ww_chardev_new_buffer();
    ww_mdl_opts opts = { .serial = cd };
    GError *err = NULL;
    ww_mdl_desc *d = ww_mdl_parse_buffer("fuzz-gdb.xml", xml, strlen(xml), NULL, NULL, &opts, &err);
    if (!d)
        fprintf(stderr, "fuzz machine: %s\n", err->message);
    FUZZ_CHECK(d);
    ww_machine *m = ww_mdl_instantiate(d, &opts, &err);
    if (!m)
        fprintf(stderr, "fuzz machine: %s\n", err->message);
    FUZZ_CHECK(m);
    ww_mdl_desc_free(d);
    ww_machine_reset(m, WW_RESET_POWER);
    ww_session *s = ww_session_new(m, cd);
    ww_session_allow_files(s, false);
    size_t packets = 0;
    ww_gdb *g = ww_gdb_new(s, check_output, &packets);
    FUZZ_CHECK(ww_session_state_get(s) == WW_SESSION_STOPPED);
    size_t piece = data[1] ? data[1] : size;
    for (size_t off = 2; off < size && !ww_gdb_done(g); off += piece) {
        ww_gdb_feed(g, data + off, MIN(piece, size - off));
        if (ww_session_running(s))
            ww_session_run(s, ww_sched_now(ww_machine_sched(m)) + 100000);
    }
    ww_gdb_free(g);
    ww_session_free(s);
    ww_machine_free(m);
    ww_chardev_free(cd);
    return 0;
}
