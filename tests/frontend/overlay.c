/* tests/frontend/overlay.c — the debugger overlay rendered headless on the
 * PC (pc/q35 running SeaBIOS for a second of virtual time), checked through
 * its model (frontend/overlay/model.h), never through pixels alone:
 *   pic        the registers panel of pic0 shows IMR, IRR and ISR by name,
 *              and each value and each decoded bit IR0..IR7 equals the
 *              chip's register as the core reads it (ww_chip_reg_get);
 *   disasm     the line marked "=>" is the CPU's PC and every line's text is
 *              the CPU's disassembler's at that address, each line starting
 *              where the previous instruction ended;
 *   break      F9 on the disassembly line after the PC's sets a breakpoint
 *              (the breakpoints panel lists it), the run stops with the PC
 *              there, F5 resumes, Enter in the breakpoints panel deletes it;
 *   identity   opening the overlay, moving about in every panel, choosing
 *              chips and memory, drawing it and closing it leaves every
 *              chip's state walk and all memory (ww_snapshot_build) byte
 *              for byte as they were;
 *   screenshot the PNG with the overlay differs from the one without, and
 *              only where the layout says panels are;
 *   timeline   the IRQ/DMA panel has a waveform for the PIT's output 0 (the
 *              timer SeaBIOS runs on) whose changes match the timeline's
 *              count in its span, and the fw_cfg device's DMA transfers.
 * Skipped when pc/q35 cannot be built here (no SeaBIOS image) or the
 * overlay's font is missing. */
#include "tests/harness.h"
#include "core/mdl.h"
#include "core/cpu.h"
#include "core/snapshot.h"
#include "core/display.h"
#include "firmware-loaders/prepare.h"
#include "frontend/overlay/overlay.h"
#include "frontend/overlay/render.h"
#include "frontend/overlay/font.h"
#include "core/timeline.h"
#include <glib/gstdio.h>

typedef struct {
    ww_chardev *cd;
    ww_machine *m;
    ww_display *d;
    ww_session *s;
    ww_overlay *ov;
    ww_cpu *cpu;
} pc;

#define RUN_NS 1000000000ull    /* SeaBIOS has set up the PICs and waits in its idle loop */

static void pc_open(pc *p)
{
    GError *err = NULL;
    if (!g_file_test(ww_font_path(), G_FILE_TEST_IS_REGULAR))
        ww_test_skip("no font %s (fonts-dejavu-core)", ww_font_path());
    p->cd = ww_chardev_new_buffer();
    ww_mdl_opts opts = { .serial = p->cd };
    p->m = ww_mdl_load("pc/q35", NULL, &opts, &err);
    if (!p->m)
        ww_test_skip("pc/q35: %s", err->message);
    /* fw_cfg's content (ACPI, e820, the VGA BIOS), as `wirewrap run` prepares it */
    WW_CHECK_NOERR(ww_firmware_prepare(p->m, &opts, &err), err);
    p->d = ww_display_new();
    WW_CHECK_NOERR(ww_machine_bind(p->m, WW_BACKEND_DISPLAY, 0, p->d, &err), err);
    p->s = ww_session_new(p->m, p->cd);
    ww_session_run(p->s, RUN_NS);
    WW_CHECK(ww_session_running(p->s));
    ww_chip *c = ww_machine_find_chip(p->m, "cpu");
    WW_CHECK(c);
    p->cpu = ww_cpu_of(c);
    WW_CHECK(p->cpu);
    p->ov = ww_overlay_new(p->s);
}

static void pc_close(pc *p)
{
    ww_overlay_free(p->ov);
    ww_session_free(p->s);
    ww_machine_free(p->m);
    ww_display_free(p->d);
    ww_chardev_free(p->cd);
}

static ww_ov_line *line_of(ww_overlay *ov, ww_ov_panel_id id, const char *key)
{
    ww_ov_panel *p = &ww_overlay_model(ov)->panels[id];
    ww_ov_line *l = ww_ov_find_line(p, key);
    WW_CHECK_MSG(l, "panel %s has no line '%s'", p->name, key);
    return l;
}

static const char *cell(const ww_ov_line *l, unsigned i)
{
    return i < l->cells->len ? ((ww_ov_cell *)l->cells->pdata[i])->text : "";
}

WW_TEST("frontend/overlay/pic-registers", t_pic)
{
    pc p = { 0 };
    pc_open(&p);
    ww_overlay_set_open(p.ov, true);
    GError *err = NULL;
    WW_CHECK_NOERR(ww_overlay_select_chip(p.ov, "pic0", &err), err);
    ww_ov_panel *regs = &ww_overlay_model(p.ov)->panels[WW_OV_REGISTERS];
    WW_CHECK(strstr(regs->title, "pic0") && strstr(regs->title, "i8259"));
    ww_chip *pic = ww_machine_find_chip(p.m, "pic0");
    static const char *const names[] = { "IMR", "IRR", "ISR" };
    uint64_t imr = 0;
    for (unsigned i = 0; i < G_N_ELEMENTS(names); i++) {
        unsigned idx;
        const ww_reg_desc *r = ww_chip_find_reg(pic->cls, names[i], &idx);
        WW_CHECK(r);
        uint64_t v = ww_chip_reg_get(pic, r, idx);
        if (i == 0)
            imr = v;
        ww_ov_line *l = line_of(p.ov, WW_OV_REGISTERS, names[i]);
        WW_CHECK_MSG(!strcmp(cell(l, 0), names[i]), "the line is named '%s'", cell(l, 0));
        WW_CHECK_MSG(l->has_value && l->value == v, "%s: the overlay shows 0x%" G_GINT64_MODIFIER
                     "x, the chip holds 0x%" G_GINT64_MODIFIER "x", names[i], l->value, v);
        for (unsigned bit = 0; bit < 8; bit++) {
            char key[16];
            snprintf(key, sizeof key, "%s.IR%u", names[i], bit);
            ww_ov_line *f = line_of(p.ov, WW_OV_REGISTERS, key);
            WW_CHECK_MSG(f->has_value && f->value == ((v >> bit) & 1), "%s: %" G_GUINT64_FORMAT
                         ", the chip's bit is %u", key, f->value, (unsigned)((v >> bit) & 1));
            char name[8];
            snprintf(name, sizeof name, "IR%u", bit);
            WW_CHECK(!strcmp(cell(f, 1), name));
        }
        ww_test_log("pic0 %s = 0x%02" G_GINT64_MODIFIER "x", names[i], v);
    }
    /* SeaBIOS masks the IRQs it does not use: the bits are not all zero. */
    WW_CHECK_MSG(imr != 0, "IMR is 0 at %llu ns: the test would not see wrong bits",
                 (unsigned long long)RUN_NS);
    pc_close(&p);
}

WW_TEST("frontend/overlay/disassembly", t_disasm)
{
    pc p = { 0 };
    pc_open(&p);
    ww_overlay_set_open(p.ov, true);
    const ww_cpu_ops *ops = ww_cpu_ops_of(p.cpu);
    uint64_t pc_addr = ops->get_pc(p.cpu);
    ww_ov_panel *dp = &ww_overlay_model(p.ov)->panels[WW_OV_DISASM];
    WW_CHECK(dp->lines->len >= 4);
    int at_pc = -1;
    uint64_t next = 0;
    for (guint i = 0; i < dp->lines->len; i++) {
        ww_ov_line *l = dp->lines->pdata[i];
        WW_CHECK(l->has_value);
        if (!strcmp(cell(l, 0), "=>")) {
            WW_CHECK_MSG(at_pc < 0, "two lines marked =>");
            at_pc = (int)i;
            WW_CHECK_MSG(l->value == pc_addr, "=> at 0x%" G_GINT64_MODIFIER "x, PC 0x%"
                         G_GINT64_MODIFIER "x", l->value, pc_addr);
        }
        char want[128];
        unsigned len = ops->disasm(p.cpu, l->value, want, sizeof want);
        if (!len)
            break;     /* the last line may be unreadable memory */
        WW_CHECK_MSG(!strcmp(cell(l, 3), want), "0x%" G_GINT64_MODIFIER "x: overlay '%s', "
                     "disassembler '%s'", l->value, cell(l, 3), want);
        if (i)
            WW_CHECK_MSG(l->value == next, "line %u starts at 0x%" G_GINT64_MODIFIER "x, the "
                         "previous instruction ends at 0x%" G_GINT64_MODIFIER "x", i, l->value,
                         next);
        next = l->value + len;
    }
    WW_CHECK_MSG(at_pc > 0, "no => line after the first (lines before the PC are shown)");
    WW_CHECK(dp->selected == at_pc);   /* the selection starts at the PC */
    pc_close(&p);
}

WW_TEST("frontend/overlay/breakpoint", t_break)
{
    pc p = { 0 };
    pc_open(&p);
    ww_overlay_set_open(p.ov, true);
    const ww_cpu_ops *ops = ww_cpu_ops_of(p.cpu);
    /* The line after the PC's, in the disassembly panel: Tab to it, Down, F9. */
    while (ww_overlay_focused(p.ov) != WW_OV_DISASM)
        WW_CHECK(ww_overlay_key(p.ov, WW_HID_TAB, 0));
    ww_overlay_key(p.ov, WW_HID_DOWN, 0);
    ww_ov_panel *dp = &ww_overlay_model(p.ov)->panels[WW_OV_DISASM];
    ww_ov_line *sel = dp->lines->pdata[dp->selected];
    uint64_t addr = sel->value;
    WW_CHECK(addr != ops->get_pc(p.cpu));
    ww_overlay_key(p.ov, WW_HID_F9, 0);
    WW_CHECK(ww_cpu_break_has(p.cpu, addr));
    ww_ov_panel *bp = &ww_overlay_model(p.ov)->panels[WW_OV_BREAKPOINTS];
    bool listed = false;
    for (guint i = 0; i < bp->lines->len; i++) {
        ww_ov_line *l = bp->lines->pdata[i];
        listed |= l->selectable && l->has_value && l->value == addr;
    }
    WW_CHECK_MSG(listed, "the breakpoints panel does not list 0x%" G_GINT64_MODIFIER "x", addr);
    /* The line shows its mark after the rebuild. */
    char key[32];
    snprintf(key, sizeof key, "0x%" G_GINT64_MODIFIER "x", addr);
    WW_CHECK(!strcmp(cell(line_of(p.ov, WW_OV_DISASM, key), 1), "*"));
    /* Run: the CPU stops there (SeaBIOS's idle loop comes back to it). */
    ww_time t0 = ww_sched_now(ww_machine_sched(p.m));
    ww_session_result r = WW_SESSION_RAN;
    while (ww_session_running(p.s) && ww_sched_now(ww_machine_sched(p.m)) < t0 + RUN_NS)
        r = ww_session_run(p.s, t0 + RUN_NS);
    WW_CHECK_MSG(r == WW_SESSION_HIT, "the run did not stop at the breakpoint (result %d)", r);
    WW_CHECK(ww_session_state_get(p.s) == WW_SESSION_STOPPED);
    WW_CHECK_MSG(ops->get_pc(p.cpu) == addr, "stopped at 0x%" G_GINT64_MODIFIER "x, not 0x%"
                 G_GINT64_MODIFIER "x", ops->get_pc(p.cpu), addr);
    ww_overlay_refresh(p.ov);
    const char *status = cell(line_of(p.ov, WW_OV_BREAKPOINTS, "status"), 0);
    WW_CHECK_MSG(strcmp(status, "running"), "the breakpoints panel says '%s'", status);
    /* F10 steps one instruction: the PC moves on, the session stays stopped. */
    ww_overlay_key(p.ov, WW_HID_F10, 0);
    WW_CHECK(ops->get_pc(p.cpu) != addr);
    WW_CHECK(!ww_session_running(p.s));
    /* F5 resumes. */
    ww_overlay_key(p.ov, WW_HID_F5, 0);
    WW_CHECK(ww_session_running(p.s));
    /* Enter on the breakpoint in its panel deletes it. */
    while (ww_overlay_focused(p.ov) != WW_OV_BREAKPOINTS)
        ww_overlay_key(p.ov, WW_HID_TAB, 0);
    bp = &ww_overlay_model(p.ov)->panels[WW_OV_BREAKPOINTS];
    WW_CHECK(bp->selected >= 0 && ((ww_ov_line *)bp->lines->pdata[bp->selected])->value == addr);
    ww_overlay_key(p.ov, WW_HID_ENTER, 0);
    WW_CHECK(!ww_cpu_break_has(p.cpu, addr));
    pc_close(&p);
}

/* Every chip's state walk and every memory block, as the snapshot holds them. */
static GByteArray *state_of(pc *p)
{
    GError *err = NULL;
    GByteArray *b = ww_snapshot_build(p->m, &err);
    WW_CHECK_NOERR(b, err);
    return b;
}

static GPtrArray *chip_states(pc *p)
{
    GPtrArray *a = g_ptr_array_new_with_free_func((GDestroyNotify)g_byte_array_unref);
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(p->m, &chips);
    for (unsigned i = 0; i < n; i++) {
        GByteArray *b = g_byte_array_new();
        ww_chip_state_save(chips[i], b);
        g_ptr_array_add(a, b);
    }
    return a;
}

WW_TEST("frontend/overlay/open-close-identity", t_identity)
{
    pc p = { 0 };
    pc_open(&p);
    GByteArray *before = state_of(&p);
    GPtrArray *chips0 = chip_states(&p);
    ww_ov_renderer *r = ww_ov_renderer_new();
    unsigned w = 1024, h = 768;
    uint32_t *canvas = g_new(uint32_t, (gsize)w * h);
    GError *err = NULL;
    ww_overlay_set_open(p.ov, true);
    WW_CHECK_NOERR(ww_ov_render(r, p.ov, canvas, w, h, w * 4, NULL, &err), err);
    /* Every panel, every line: selection moves, Enter on each chip shows its
     * registers (the chip tree's Enter), the memory view of each space. */
    for (unsigned k = 0; k < WW_OV_NPANELS; k++) {
        ww_overlay_key(p.ov, WW_HID_TAB, 0);
        if (ww_overlay_focused(p.ov) == WW_OV_BREAKPOINTS)
            continue;   /* Enter there deletes a breakpoint: a command, not a look */
        for (unsigned i = 0; i < 40; i++) {
            ww_overlay_key(p.ov, WW_HID_DOWN, 0);
            if (ww_overlay_focused(p.ov) == WW_OV_CHIPS) {
                ww_overlay_key(p.ov, WW_HID_ENTER, 0);      /* moves focus to registers */
                ww_overlay_focus(p.ov, WW_OV_CHIPS);
            }
        }
        ww_overlay_key(p.ov, WW_HID_PAGEUP, 0);
    }
    ww_chip *const *chips;
    unsigned n = ww_machine_chips(p.m, &chips);
    for (unsigned i = 0; i < n; i++) {
        WW_CHECK_NOERR(ww_overlay_select_chip(p.ov, chips[i]->id, &err), err);
        WW_CHECK_NOERR(ww_ov_render(r, p.ov, canvas, w, h, w * 4, NULL, &err), err);
    }
    /* The memory view over the chipset's registers and the legacy VGA window. */
    ww_overlay_command(p.ov, "mem cpu.mem 0xfec00000");
    ww_overlay_command(p.ov, "mem cpu.io 0x20");
    ww_overlay_command(p.ov, "mem cpu.mem 0xa0000");
    ww_overlay_command(p.ov, "info chip pic0");       /* any peeking command from the prompt */
    WW_CHECK_NOERR(ww_ov_render(r, p.ov, canvas, w, h, w * 4, NULL, &err), err);
    ww_overlay_set_open(p.ov, false);
    GByteArray *after = state_of(&p);
    GPtrArray *chips1 = chip_states(&p);
    for (unsigned i = 0; i < n; i++) {
        GByteArray *a = chips0->pdata[i], *b = chips1->pdata[i];
        WW_CHECK_MSG(a->len == b->len && !memcmp(a->data, b->data, a->len),
                     "%s: its state walk changed while the overlay was open", chips[i]->id);
    }
    WW_CHECK_MSG(before->len == after->len && !memcmp(before->data, after->data, before->len),
                 "the machine's snapshot (%u bytes) changed while the overlay was open",
                 before->len);
    ww_test_log("%u chips, snapshot of %u bytes, identical", n, before->len);
    /* The machine runs on as before. */
    WW_CHECK(ww_session_running(p.s));
    g_ptr_array_free(chips0, TRUE);
    g_ptr_array_free(chips1, TRUE);
    g_byte_array_unref(before);
    g_byte_array_unref(after);
    g_free(canvas);
    ww_ov_renderer_free(r);
    pc_close(&p);
}

WW_TEST("frontend/overlay/screenshot", t_shot)
{
    pc p = { 0 };
    pc_open(&p);
    GError *err = NULL;
    char *dir = g_dir_make_tmp("ww-ovshot-XXXXXX", &err);
    WW_CHECK_NOERR(dir, err);
    char *plain = g_build_filename(dir, "plain.png", NULL);
    char *with = g_build_filename(dir, "overlay.png", NULL);
    ww_display_update(p.d);
    WW_CHECK_NOERR(ww_display_save_png(p.d, plain, &err), err);
    ww_ov_renderer *r = ww_ov_renderer_new();
    ww_ov_layout L;
    ww_overlay_set_open(p.ov, true);
    WW_CHECK_NOERR(ww_ov_screenshot(r, p.ov, p.d, with, &L, &err), err);
    unsigned w0, h0, w1, h1;
    uint32_t *a = ww_png_read_xrgb(plain, &w0, &h0, &err);
    WW_CHECK_NOERR(a, err);
    uint32_t *b = ww_png_read_xrgb(with, &w1, &h1, &err);
    WW_CHECK_NOERR(b, err);
    WW_CHECK(w0 == w1 && h0 == h1);
    WW_CHECK_MSG(!L.too_small, "%ux%u is too small for the overlay's panels", w0, h0);
    unsigned inside = 0, differ = 0, outside_differ = 0, covered = 0;
    for (unsigned y = 0; y < h0; y++)
        for (unsigned x = 0; x < w0; x++) {
            bool cov = ww_ov_layout_covers(&L, (int)x, (int)y);
            bool d = (a[y * w0 + x] & 0xffffff) != (b[y * w0 + x] & 0xffffff);
            covered += cov;
            if (cov) {
                inside++;
                differ += d;
            } else {
                outside_differ += d;
            }
        }
    ww_test_log("%ux%u: %u pixels under the panels, %u of them differ; %u differ elsewhere",
                w0, h0, covered, differ, outside_differ);
    WW_CHECK_MSG(outside_differ == 0, "%u pixels outside the overlay's panels differ",
                 outside_differ);
    /* The panels are opaque: nearly everything under them changed. */
    WW_CHECK_MSG(differ > inside / 2, "only %u of %u pixels under the panels differ", differ,
                 inside);
    /* The gaps between the panels show the guest: not everything is covered. */
    WW_CHECK(covered < w0 * h0);
    g_free(a);
    g_free(b);
    ww_ov_renderer_free(r);
    g_unlink(plain);
    g_unlink(with);
    g_rmdir(dir);
    g_free(plain);
    g_free(with);
    g_free(dir);
    pc_close(&p);
}

WW_TEST("frontend/overlay/timeline", t_timeline)
{
    pc p = { 0 };
    pc_open(&p);
    ww_overlay_set_open(p.ov, true);
    ww_ov_panel *tp = &ww_overlay_model(p.ov)->panels[WW_OV_TIMELINE];
    ww_test_log("%s", tp->title);
    ww_ov_line *pit = line_of(p.ov, WW_OV_TIMELINE, "pit.out@0");
    /* Its value is the number of changes shown; the timeline agrees. */
    WW_CHECK(pit->has_value && pit->value >= 2);
    /* the waveform marks changes: '|' (several in a column) or a high level */
    WW_CHECK_MSG(strchr(cell(pit, 1), '|') || strstr(cell(pit, 1), "\u203e"), "waveform '%s'",
                 cell(pit, 1));
    ww_timeline *tl = ww_machine_timeline(p.m);
    ww_tl_event *ev = g_new(ww_tl_event, WW_TIMELINE_SIZE);
    unsigned n = ww_timeline_recent(tl, ev, 2048), changes = 0;
    ww_time now = ww_sched_now(ww_machine_sched(p.m));
    /* The panel's span is in its title: "the last 1 s", "100 ms", … */
    ww_time span = strstr(tp->title, "last 10 s") ? 10000000000ull : strstr(tp->title, "last 1 s")
                   ? 1000000000ull : strstr(tp->title, "100 ms") ? 100000000ull
                   : strstr(tp->title, "10 ms") ? 10000000ull : strstr(tp->title, "1 ms")
                   ? 1000000ull : 100000ull;
    for (unsigned i = 0; i < n; i++)
        if (ev[i].kind == WW_TL_LINE && ev[i].time + span >= now &&
            !strcmp(ww_timeline_name(tl, ev[i].what), "pit.out@0"))
            changes++;
    WW_CHECK_MSG(pit->value == changes, "the panel counts %" G_GUINT64_FORMAT " changes of "
                 "pit.out@0, the timeline %u", pit->value, changes);
    ww_ov_line *fw = ww_ov_find_line(tp, "fwcfg");
    if (fw)
        WW_CHECK(strstr(cell(fw, 2), "DMA") && strchr(cell(fw, 1), '#'));
    else
        ww_test_log("no fw_cfg DMA in the span");
    g_free(ev);
    pc_close(&p);
}
