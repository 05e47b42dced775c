/* chips/misc/debugcon.c — the Bochs/QEMU debug console port ("isa-debugcon"):
 * one I/O port (0x402 where SeaBIOS prints its debug log, 0xe9 for Bochs)
 * whose writes are characters for the host, and whose reads return a fixed
 * "readback" byte so that software can detect it.
 *
 * Source: QEMU hw/char/debugcon.c (iobase 0xe9, readback 0xe9 by default,
 * 1-byte region); SeaBIOS src/hw/serialio.c qemu_debug_preinit (CONFIG_DEBUG_IO,
 * DebugOutputPort 0x402 in Debian's build): SeaBIOS writes its log there only
 * when a read of the port gives QEMU_DEBUGCON_READBACK (0xe9, src/fw/paravirt.h)
 * and it believes it runs on QEMU (the host bridge's subsystem IDs 1af4:1100).
 *
 * Every byte goes to the log under the category named by the `category`
 * property (default "seabios": `wirewrap -d seabios run …` shows SeaBIOS's
 * output, one log line per line of text) and, raw, to the chardev backend
 * "console" when one is bound. A line waits in the chip until its newline (or
 * until 255 bytes, a reset, or the end of the run); carriage returns are
 * dropped and other control characters are shown as '.'.
 *
 *          +---------+
 *  io.0   ⇄| console |→ log (category)
 *          |         |→ chardev "console" (optional)
 *          +---------+
 * Test: tests/chips/misc/debugcon.c
 */
#include "core/chip.h"
#include "core/chardev.h"
#include <string.h>

#define LINE_BYTES 256

typedef struct {
    ww_chip chip;
    char *category;            /* prop */
    uint8_t readback;          /* prop */
    /* internal state: the current line, not yet logged */
    uint8_t line[LINE_BYTES];
    uint16_t len;
    ww_chardev *chr;           /* backend (not state) */
} debugcon_t;

enum { REGION_IO, REGION__COUNT };
enum { BACKEND_CONSOLE, BACKEND__COUNT };

#define AT(m) WW_AT(debugcon_t, m)

static const ww_reg_desc debugcon_regs[] = {
    /* name      region     off w  flags */
    { "CONSOLE", REGION_IO, 0,  1, WW_REG_SIDE,
      .doc = "write: a character for the host; read: the readback byte" },
    { 0 }
};

/* The pending line survives a reset as text, so reset() can log it first. */
static const ww_state_desc debugcon_state[] = {
    { "line", WW_STATE_U8,  AT(line), "text of the current line", .flags = WW_STATE_NORESET },
    { "len",  WW_STATE_U16, AT(len),  "bytes in line", .flags = WW_STATE_NORESET },
    { 0 }
};

static void flush_line(debugcon_t *d)
{
    if (!d->len)
        return;
    unsigned n = MIN(d->len, (unsigned)LINE_BYTES - 1);
    ww_log(WW_LOG_TRACE, d->category, "%.*s", (int)n, (const char *)d->line);
    memset(d->line, 0, sizeof d->line);
    d->len = 0;
}

static void put_char(debugcon_t *d, uint8_t b)
{
    ww_chardev_write(d->chr, &b, 1);
    if (b == '\n') {
        flush_line(d);
        return;
    }
    if (b == '\r')
        return;
    if ((b < 0x20 && b != '\t') || b == 0x7f)
        b = '.';
    if (d->len >= LINE_BYTES - 1)
        flush_line(d);
    d->line[d->len++] = b;
}

static uint64_t debugcon_read(ww_chip *c, unsigned region, uint64_t off, unsigned size,
                              ww_access how)
{
    return ((debugcon_t *)c)->readback;
}

static void debugcon_write(ww_chip *c, unsigned region, uint64_t off, uint64_t val,
                           unsigned size)
{
    put_char((debugcon_t *)c, (uint8_t)val);
}

static bool debugcon_realize(ww_chip *c, GError **err)
{
    debugcon_t *d = (debugcon_t *)c;
    if (!d->category || !*d->category) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: category=\"\"; expected a log "
                    "category name (e.g. seabios)", c->id);
        return false;
    }
    return true;
}

static void debugcon_reset(ww_chip *c, ww_reset_kind kind)
{
    flush_line((debugcon_t *)c);
}

static void debugcon_unrealize(ww_chip *c)
{
    flush_line((debugcon_t *)c);
}

static bool debugcon_post_load(ww_chip *c, GError **err)
{
    debugcon_t *d = (debugcon_t *)c;
    if (d->len >= LINE_BYTES)
        d->len = LINE_BYTES - 1;
    return true;
}

static const ww_prop_desc debugcon_props[] = {
    { "category", WW_PROP_STRING, AT(category), "seabios", 0, 0, NULL, WW_UNIT_NONE,
      "log category of the output (-d CATEGORY shows it)" },
    { "readback", WW_PROP_UINT, AT(readback), "0xe9", 0, 255, NULL, WW_UNIT_NONE,
      "value reads return (QEMU: 0xe9; SeaBIOS checks it)" },
    { 0 }
};

static const ww_region_desc debugcon_regions[] = {
    [REGION_IO] = { "io", 1, 1, 1, WW_LITTLE_ENDIAN, 0, "the console port (PC: 0x402)" },
    [REGION__COUNT] = { 0 }
};

static const ww_backend_desc debugcon_backends[] = {
    [BACKEND_CONSOLE] = { "console", WW_BACKEND_CHARDEV, offsetof(debugcon_t, chr),
                          .doc = "a host stream that gets every byte (optional)" },
    [BACKEND__COUNT] = { 0 }
};

static const ww_chip_class debugcon_class = {
    .type = "debugcon",
    .summary = "QEMU/Bochs debug console port (isa-debugcon): bytes to the log",
    .doc = "QEMU hw/char/debugcon.c: writes are characters, reads return `readback`. "
           "Output goes to the log category `category` (default seabios) line by line, "
           "and to an optional chardev.",
    .size = sizeof(debugcon_t),
    .version = 1,
    .props = debugcon_props,
    .regions = debugcon_regions,
    .regs = debugcon_regs,
    .state = debugcon_state,
    .backends = debugcon_backends,
    .log_categories = (const char *const[]){ "seabios", NULL },
    .realize = debugcon_realize,
    .unrealize = debugcon_unrealize,
    .reset = debugcon_reset,
    .read = debugcon_read,
    .write = debugcon_write,
    .post_load = debugcon_post_load,
};
WW_CHIP_REGISTER(debugcon_class)
