/* tests/chips/misc/debugcon.c — the debug console port at 0x402 as SeaBIOS
 * uses it (src/hw/serialio.c: qemu_debug_preinit reads the port and expects
 * 0xe9, then qemu_debug_putc writes every character of the log). */
#include "tests/harness.h"
#include "core/machine.h"
#include "core/chardev.h"

typedef struct {
    GPtrArray *lines;   /* "category: text" */
} capture;

static void on_log(ww_log_kind kind, const char *cat, const char *msg, void *opaque)
{
    capture *c = opaque;
    if (kind == WW_LOG_TRACE)
        g_ptr_array_add(c->lines, g_strdup_printf("%s: %s", cat, msg));
}

typedef struct {
    ww_machine *m;
    ww_space *io;
    ww_chip *dc;
    capture cap;
} rig;

static void rig_init(rig *r, const char *attrs, const char *enable)
{
    char *xml = g_strdup_printf(
        "<machine name=\"test/debugcon\">\n"
        "  <space name=\"cpu.io\" bits=\"16\" endian=\"little\" open-bus=\"0xffffffff\"/>\n"
        "  <chip id=\"debugcon\" type=\"debugcon\" %s/>\n"
        "  <map space=\"cpu.io\" at=\"0x402\" to=\"debugcon\"/>\n"
        "</machine>\n", attrs);
    r->m = ww_test_machine_xml(xml);
    g_free(xml);
    r->io = ww_machine_find_space(r->m, "cpu.io");
    r->dc = ww_machine_find_chip(r->m, "debugcon");
    r->cap.lines = g_ptr_array_new_with_free_func(g_free);
    ww_log_set_handler(on_log, &r->cap);
    ww_log_enable(enable);
}

static void rig_free(rig *r)
{
    ww_machine_free(r->m);
    ww_log_set_handler(NULL, NULL);
    ww_log_enable(NULL);
    g_ptr_array_free(r->cap.lines, TRUE);
}

static void puts_port(rig *r, const char *s)
{
    for (; *s; s++)
        ww_space_write(r->io, 0x402, 1, (uint8_t)*s);
}

static const char *line(rig *r, unsigned i)
{
    return i < r->cap.lines->len ? r->cap.lines->pdata[i] : "(none)";
}

WW_TEST("chips/debugcon/readback", t_readback)
{
    rig r;
    rig_init(&r, "", "seabios");
    /* qemu_debug_preinit: inb(0x402) must give QEMU_DEBUGCON_READBACK (0xe9). */
    uint64_t v;
    ww_space_read(r.io, 0x402, 1, &v);
    WW_CHECK_EQ(v, 0xe9);
    rig_free(&r);
    /* The value is a property (Bochs' port 0xe9 convention is the default). */
    rig_init(&r, "readback=\"0x42\"", "seabios");
    ww_space_read(r.io, 0x402, 1, &v);
    WW_CHECK_EQ(v, 0x42);
    rig_free(&r);
}

WW_TEST("chips/debugcon/lines-to-log", t_lines)
{
    rig r;
    rig_init(&r, "", "seabios");
    /* SeaBIOS's banner, CR LF as its printf ends lines on the debug port. */
    puts_port(&r, "SeaBIOS (version 1.16.2-debian-1.16.2-1)\r\n");
    puts_port(&r, "BUILD: gcc\n");
    puts_port(&r, "partial");
    WW_CHECK_EQ(r.cap.lines->len, 2);
    WW_CHECK_STR(line(&r, 0), "seabios: SeaBIOS (version 1.16.2-debian-1.16.2-1)");
    WW_CHECK_STR(line(&r, 1), "seabios: BUILD: gcc");
    /* The unfinished line is logged when the machine goes away. */
    ww_machine_free(r.m);
    r.m = NULL;
    WW_CHECK_STR(line(&r, 2), "seabios: partial");
    rig_free(&r);
}

WW_TEST("chips/debugcon/category-property", t_category)
{
    rig r;
    rig_init(&r, "category=\"biosdbg\"", "biosdbg");
    puts_port(&r, "hello\n");
    WW_CHECK_STR(line(&r, 0), "biosdbg: hello");
    rig_free(&r);
    /* Not enabled: nothing reaches the handler. */
    rig_init(&r, "category=\"biosdbg\"", "seabios");
    puts_port(&r, "hello\n");
    WW_CHECK_EQ(r.cap.lines->len, 0);
    rig_free(&r);
}

WW_TEST("chips/debugcon/empty-category-refused", t_empty_cat)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_chip *c = ww_machine_add_chip(m, "debugcon", "dc", &err);
    WW_CHECK_NOERR(c, err);
    WW_CHECK_NOERR(ww_chip_set_prop(c, "category", "", &err), err);
    WW_CHECK_ERR(ww_machine_realize(m, &err), err, "category");
    ww_machine_free(m);
}

WW_TEST("chips/debugcon/long-line-and-controls", t_long)
{
    rig r;
    rig_init(&r, "", "seabios");
    /* 300 characters: a line is logged every 255, the rest waits. */
    char buf[301];
    memset(buf, 'a', 300);
    buf[300] = 0;
    puts_port(&r, buf);
    WW_CHECK_EQ(r.cap.lines->len, 1);
    WW_CHECK_EQ(strlen(line(&r, 0)), strlen("seabios: ") + 255);
    /* Control characters (a NUL, an escape) are shown as '.'. */
    ww_space_write(r.io, 0x402, 1, 0x00);
    ww_space_write(r.io, 0x402, 1, 0x1b);
    puts_port(&r, "\tend\n");
    const char *l = line(&r, 1);
    WW_CHECK(g_str_has_suffix(l, "a..\tend"));
    rig_free(&r);
}

WW_TEST("chips/debugcon/chardev-gets-raw-bytes", t_chardev)
{
    rig r;
    rig_init(&r, "", "seabios");
    GError *err = NULL;
    ww_chardev *cd = ww_chardev_new_buffer();
    WW_CHECK_NOERR(ww_chip_bind_backend(r.dc, WW_BACKEND_CHARDEV, "console", 0, cd, &err), err);
    puts_port(&r, "a\r\nb");
    ww_space_write(r.io, 0x402, 1, 0x00);
    /* The stream sees every byte as written, CR and NUL included. */
    WW_CHECK_EQ(cd->captured->len, 5);
    WW_CHECK(!memcmp(cd->captured->str, "a\r\nb\0", 5));
    WW_CHECK_NOERR(ww_chip_bind_backend(r.dc, WW_BACKEND_CHARDEV, "console", 0, NULL, &err), err);
    rig_free(&r);
    ww_chardev_free(cd);
}

WW_TEST("chips/debugcon/reset-flushes", t_reset)
{
    rig r;
    rig_init(&r, "", "seabios");
    puts_port(&r, "before reset");
    WW_CHECK_EQ(r.cap.lines->len, 0);
    /* A reset logs the pending text, so nothing the firmware printed is lost. */
    ww_machine_reset(r.m, WW_RESET_HARD);
    WW_CHECK_STR(line(&r, 0), "seabios: before reset");
    puts_port(&r, "after\n");
    WW_CHECK_STR(line(&r, 1), "seabios: after");
    rig_free(&r);
}
