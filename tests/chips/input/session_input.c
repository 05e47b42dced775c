/* tests/chips/input/session_input.c — host input through the session's queue
 * (core/session.h) into the PC's PS/2 keyboard and mouse behind the 8042:
 * one event per WW_SESSION_INPUT_GAP of virtual time, in order; mouse motion
 * waiting behind motion is merged into one report; a full queue and a
 * missing device refuse the event with a message and queue nothing. */
#include "tests/chips/input/kbcrig.h"
#include "core/session.h"

static void rig_both(kbcrig *k, bool mouse)
{
    GString *x = g_string_new("<machine name='test/kbc'>\n" PCXML_PICS);
    g_string_append(x, "  <chip id='kbc' type='i8042'/>\n"
                       "  <map space='cpu.io' at='0x60' size='1' to='kbc.io'/>\n"
                       "  <map space='cpu.io' at='0x64' size='1' to='kbc.io' offset='1'/>\n"
                       "  <wire from='kbc.irq1' to='pic0.ir@1,probe.in@0'/>\n"
                       "  <wire from='kbc.irq12' to='pic1.ir@4,probe.in@1'/>\n"
                       "  <chip id='kbd' type='ps2' variant='keyboard'/>\n"
                       "  <map space='kbc.kbd' at='0' to='kbd.port'/>\n"
                       "  <wire from='kbd.ready' to='kbc.kbd-ready'/>\n"
                       "  <input to='kbd'/>\n");
    if (mouse)
        g_string_append(x, "  <chip id='mouse' type='ps2' variant='mouse'/>\n"
                           "  <map space='kbc.aux' at='0' to='mouse.port'/>\n"
                           "  <wire from='mouse.ready' to='kbc.aux-ready'/>\n"
                           "  <input to='mouse'/>\n");
    g_string_append(x, "</machine>\n");
    memset(k, 0, sizeof *k);
    rig_xml(&k->r, x->str);
    g_string_free(x, TRUE);
}

WW_TEST("chips/ps2/session-queue-paced", t_paced)
{
    kbcrig k;
    rig_both(&k, true);
    ww_session *s = ww_session_new(k.r.m, NULL);
    WW_CHECK(ww_session_keyboard(s) && ww_session_mouse(s));
    GError *err = NULL;
    /* 'a' down, 'a' up, 'b' down: queued, nothing delivered yet. */
    WW_CHECK_NOERR(ww_session_key(s, 0x04, true, &err), err);
    WW_CHECK_NOERR(ww_session_key(s, 0x04, false, &err), err);
    WW_CHECK_NOERR(ww_session_key(s, 0x05, true, &err), err);
    WW_CHECK_EQ(ww_session_input_pending(s), 3);
    WW_CHECK(!(kstatus(&k) & ST_OBF));
    /* The first goes at once, then one per millisecond of virtual time. */
    ww_time t0 = know(&k);
    ww_session_run(s, t0 + 500 * KUS);
    WW_CHECK_EQ(ww_session_input_pending(s), 2);
    ww_session_run(s, t0 + 1500 * KUS);
    WW_CHECK_EQ(ww_session_input_pending(s), 1);
    ww_session_run(s, t0 + 2500 * KUS);
    WW_CHECK_EQ(ww_session_input_pending(s), 0);
    /* Set 2 (translation off in this rig): 1C, F0 1C, 32 — in order. */
    static const uint8_t want[] = { 0x1C, 0xF0, 0x1C, 0x32 };
    for (unsigned i = 0; i < sizeof want; i++)
        KEXPECT(&k, want[i], false);
    KQUIET(&k);
    ww_session_free(s);
    kbc_free(&k);
}

WW_TEST("chips/ps2/session-mouse-merge", t_merge)
{
    kbcrig k;
    rig_both(&k, true);
    ww_session *s = ww_session_new(k.r.m, NULL);
    GError *err = NULL;
    /* Motion behind motion with the same buttons: one event. */
    WW_CHECK_NOERR(ww_session_mouse_event(s, 3, -2, 0, 0, &err), err);
    WW_CHECK_NOERR(ww_session_mouse_event(s, 4, 1, 0, 0, &err), err);
    WW_CHECK_EQ(ww_session_input_pending(s), 1);
    /* A button change is an event of its own, and so is motion after it. */
    WW_CHECK_NOERR(ww_session_mouse_event(s, 0, 0, 0, 1, &err), err);
    WW_CHECK_NOERR(ww_session_mouse_event(s, 1, 0, 0, 1, &err), err);
    WW_CHECK_EQ(ww_session_input_pending(s), 2);
    /* A key between motions keeps them apart. */
    WW_CHECK_NOERR(ww_session_key(s, 0x04, true, &err), err);
    WW_CHECK_NOERR(ww_session_mouse_event(s, 1, 0, 0, 1, &err), err);
    WW_CHECK_EQ(ww_session_input_pending(s), 4);
    ww_session_free(s);     /* frees what is still queued */
    kbc_free(&k);
}

WW_TEST("chips/ps2/session-queue-limits", t_limits)
{
    kbcrig k;
    rig_both(&k, false);
    ww_session *s = ww_session_new(k.r.m, NULL);
    GError *err = NULL;
    /* No mouse: refused with a message. */
    WW_CHECK(!ww_session_mouse(s));
    WW_CHECK(!ww_session_mouse_event(s, 1, 1, 0, 0, &err));
    WW_CHECK(err && strstr(err->message, "mouse"));
    g_clear_error(&err);
    WW_CHECK_EQ(ww_session_input_pending(s), 0);
    /* A flood: WW_SESSION_INPUT_MAX wait, the next is refused. */
    for (unsigned i = 0; i < WW_SESSION_INPUT_MAX; i++)
        WW_CHECK(ww_session_key(s, 0x04, i & 1, NULL));
    WW_CHECK(!ww_session_key(s, 0x04, true, &err));
    WW_CHECK(err && strstr(err->message, "dropped"));
    g_clear_error(&err);
    WW_CHECK_EQ(ww_session_input_pending(s), WW_SESSION_INPUT_MAX);
    ww_session_free(s);
    kbc_free(&k);
}
