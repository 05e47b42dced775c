/* tests/chips/input/adb.c — the ADB keyboard and mouse on the ADB space as a
 * host drives them (chips/input/adb.h): Talk (read +8, then the data),
 * Listen (data, then write the count to +9), SendReset/Flush (+0x0E). */
#include "tests/chips/g3rig.h"
#include "chips/input/adb.h"

static ww_space *adb(g3rig *r)
{
    ww_space *s = ww_machine_find_space(r->m, "cuda.adb");
    WW_CHECK(s);
    return s;
}

static unsigned talk(g3rig *r, unsigned addr, unsigned reg, uint8_t *out)
{
    uint64_t n = 0, b;
    ww_space_read(adb(r), ww_adb_reg(addr, reg) + WW_ADB_TALK, 1, &n);
    for (unsigned k = 0; k < n && k < 8; k++) {
        ww_space_read(adb(r), ww_adb_reg(addr, reg) + k, 1, &b);
        out[k] = (uint8_t)b;
    }
    return (unsigned)n;
}

static void listen(g3rig *r, unsigned addr, unsigned reg, const uint8_t *d, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        ww_space_write(adb(r), ww_adb_reg(addr, reg) + k, 1, d[k]);
    ww_space_write(adb(r), ww_adb_reg(addr, reg) + WW_ADB_LISTEN, 1, n);
}

static ww_inputdev *bind_input(ww_chip *c)
{
    ww_inputdev *in = g_new0(ww_inputdev, 1);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_chip_bind_backend(c, WW_BACKEND_INPUT, NULL, 0, in, &err), err);
    return in;
}

static void unbind_input(ww_chip *c, ww_inputdev *in)
{
    ww_chip_bind_backend(c, WW_BACKEND_INPUT, NULL, 0, NULL, NULL);
    g_free(in);
}

WW_TEST("chips/adb/default-addresses", t_defaults)
{
    g3rig r;
    g3rig_init(&r);
    uint8_t d[8];
    /* Keyboard at 2 (handler 1), mouse at 3 (handler 1), nothing elsewhere. */
    WW_CHECK_EQ(talk(&r, 2, 3, d), 2);
    WW_CHECK_EQ(d[0] & 0x0f, 2);
    WW_CHECK_EQ(d[1], 1);
    WW_CHECK_EQ(talk(&r, 3, 3, d), 2);
    WW_CHECK_EQ(d[0] & 0x0f, 3);
    WW_CHECK_EQ(talk(&r, 4, 3, d), 0);
    /* Idle devices answer nothing to Talk R0. */
    WW_CHECK_EQ(talk(&r, 2, 0, d), 0);
    WW_CHECK_EQ(talk(&r, 3, 0, d), 0);
    g3rig_free(&r);
}

WW_TEST("chips/adb/keyboard-keys", t_keys)
{
    g3rig r;
    g3rig_init(&r);
    ww_inputdev *in = bind_input(r.kbd);
    uint8_t d[8];
    /* Three transitions: 'q' down, 'q' up, Return down → two Talk R0s. */
    in->key(in->chip, 0x14, true);
    in->key(in->chip, 0x14, false);
    in->key(in->chip, 0x28, true);
    WW_CHECK_EQ(talk(&r, 2, 0, d), 2);
    WW_CHECK_EQ(d[0], 0x0c);
    WW_CHECK_EQ(d[1], 0x8c);
    WW_CHECK_EQ(talk(&r, 2, 0, d), 2);
    WW_CHECK_EQ(d[0], 0x24);
    WW_CHECK_EQ(d[1], 0xff);
    WW_CHECK_EQ(talk(&r, 2, 0, d), 0);
    /* A key with no ADB code is ignored. */
    in->key(in->chip, 0x9999, true);
    WW_CHECK_EQ(talk(&r, 2, 0, d), 0);
    unbind_input(r.kbd, in);
    g3rig_free(&r);
}

WW_TEST("chips/adb/mouse-movement", t_mouse)
{
    g3rig r;
    g3rig_init(&r);
    ww_inputdev *in = bind_input(r.mouse);
    uint8_t d[8];
    /* Movement and the button: bit 7 of byte 0 is 0 while pressed. */
    in->mouse(in->chip, 5, -3, 0, 1);
    WW_CHECK_EQ(talk(&r, 3, 0, d), 2);
    WW_CHECK_EQ(d[0], 0x7d);           /* button down, Y = -3 */
    WW_CHECK_EQ(d[1], 0x85);           /* X = +5 */
    /* Large movement is reported in 7-bit steps, the rest later. */
    in->mouse(in->chip, 100, 0, 0, 1);
    WW_CHECK_EQ(talk(&r, 3, 0, d), 2);
    WW_CHECK_EQ(d[1] & 0x7f, 63);
    WW_CHECK_EQ(talk(&r, 3, 0, d), 2);
    WW_CHECK_EQ(d[1] & 0x7f, 37);
    /* Releasing the button is a change too; then nothing. */
    in->mouse(in->chip, 0, 0, 0, 0);
    WW_CHECK_EQ(talk(&r, 3, 0, d), 2);
    WW_CHECK_EQ(d[0] & 0x80, 0x80);
    WW_CHECK_EQ(talk(&r, 3, 0, d), 0);
    unbind_input(r.mouse, in);
    g3rig_free(&r);
}

WW_TEST("chips/adb/listen-r3-handler-and-address", t_r3)
{
    g3rig r;
    g3rig_init(&r);
    uint8_t d[8];
    /* adbhid asks the keyboard for handler 3 (extended): accepted. */
    const uint8_t h3[2] = { 0x02, 0x03 };
    listen(&r, 2, 3, h3, 2);
    WW_CHECK_EQ(chip_reg(r.kbd, "HANDLER"), 3);
    /* Handler 4 on the mouse (extended protocol) is refused: stays 1. */
    const uint8_t h4[2] = { 0x03, 0x04 };
    listen(&r, 3, 3, h4, 2);
    WW_CHECK_EQ(chip_reg(r.mouse, "HANDLER"), 1);
    /* 0xFE moves the keyboard to address 7; address 2 answers no more. */
    const uint8_t mv[2] = { 0x07, 0xfe };
    listen(&r, 2, 3, mv, 2);
    WW_CHECK_EQ(talk(&r, 2, 3, d), 0);
    WW_CHECK_EQ(talk(&r, 7, 3, d), 2);
    /* Flush and SendReset through the control byte: back at 2, handler 1. */
    ww_space_write(adb(&r), ww_adb_reg(7, 0) + WW_ADB_CONTROL, 1, WW_ADB_CTRL_RESET);
    WW_CHECK_EQ(talk(&r, 2, 3, d), 2);
    WW_CHECK_EQ(d[1], 1);
    g3rig_free(&r);
}

WW_TEST("chips/adb/keyboard-queue-bounded", t_queue)
{
    g3rig r;
    g3rig_init(&r);
    ww_inputdev *in = bind_input(r.kbd);
    uint8_t d[8];
    /* A flood of host keys fills the 16-entry queue and no more. */
    for (int i = 0; i < 1000; i++)
        in->key(in->chip, 0x04, i & 1);
    unsigned talks = 0;
    while (talk(&r, 2, 0, d) && talks < 100)
        talks++;
    WW_CHECK_EQ(talks, 8);
    /* Flush empties it. */
    in->key(in->chip, 0x04, true);
    ww_space_write(adb(&r), ww_adb_reg(2, 0) + WW_ADB_CONTROL, 1, WW_ADB_CTRL_FLUSH);
    WW_CHECK_EQ(talk(&r, 2, 0, d), 0);
    unbind_input(r.kbd, in);
    g3rig_free(&r);
}
