/* bench/display/display.c — what a frame costs in the display pipeline.
 *
 * An S3 Trio64 on a PCI bus (as the PC has it) is set to 1024x768 at 8, 16
 * and 32 bpp through its registers; the frame is written through the linear
 * window the way a CPU does (page table pointers, the slow path for pages the
 * write tracking keeps out of it); then, per depth, in one run:
 *   full    every line converted (the display invalidated first)
 *   1%      8 of the 768 lines written, then an update (tracking collected,
 *           only those lines converted)
 *   idle    nothing written since the last update
 *   memcpy  a plain memcpy of the frame's bytes (the baseline)
 * Printed as ms per frame (the median of N runs) and as a ratio to memcpy.
 * Usage: display-bench [N]   (runs per case, default 50) */
#include "core/machine.h"
#include "core/mdl.h"
#include "core/display.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BAR 0xe0000000u
#define W 1024
#define H 768

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec * 1e-6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, unsigned n)
{
    qsort(v, n, sizeof *v, cmp);
    return v[n / 2];
}

static ww_space *io, *mem;

static void out8(uint16_t port, uint8_t v) { ww_space_write(io, port, 1, v); }
static void cr(uint8_t i, uint8_t v) { out8(0x3d4, i); out8(0x3d5, v); }

static void set_mode(unsigned bpp)
{
    unsigned hc = bpp == 16 ? 2 : 1;               /* CRTC clocks per 8 pixels */
    unsigned hdisp = W * hc / 8 - 1, htotal = 1344 * hc / 8 - 5, offset = W * bpp / 64;
    out8(0x3c2, 0x67);
    out8(0x3c4, 0x08);
    out8(0x3c5, 0x06);
    cr(0x38, 0x48);
    cr(0x39, 0xa5);
    cr(0x11, 0x00);
    cr(0x00, (uint8_t)htotal);
    cr(0x01, (uint8_t)hdisp);
    cr(0x5d, (uint8_t)((htotal >> 8 & 1) | (hdisp >> 8 & 1) << 1));
    cr(0x06, 0x24);                                 /* vertical total 804 */
    cr(0x12, 0xff);                                 /* display end 767 */
    cr(0x07, 0x01 | 0x20 | 0x40);                  /* VT8, VT9, VDE9 */
    cr(0x09, 0x00);
    cr(0x13, (uint8_t)offset);
    cr(0x51, (uint8_t)((offset >> 8) << 4));
    cr(0x17, 0xe3);
    cr(0x31, 0x08);
    cr(0x3a, 0x15);
    cr(0x58, 0x13);
    cr(0x67, bpp == 8 ? 0x00 : bpp == 16 ? 0x50 : 0xd0);
    ww_space_read(io, 0x3da, 1, &(uint64_t){ 0 });
    out8(0x3c0, 0x10);
    out8(0x3c0, 0x01);
    out8(0x3c0, 0x20);
}

/* Write bytes [off, off + len) of the frame as a CPU does: through the page
 * table when it has the page, else the slow path (which tracks the write). */
static void cpu_write(uint64_t off, uint64_t len, uint32_t seed)
{
    uint8_t *const *wt = ww_space_write_table(mem);
    for (uint64_t a = off; a < off + len; a += 4) {
        uint32_t v = (uint32_t)(a * 2654435761u) ^ seed;
        uint8_t *p = ww_space_page_r(wt, 12, BAR + a);
        if (p)
            memcpy(p, &v, 4);
        else
            ww_space_write(mem, BAR + a, 4, v);
    }
}

int main(int argc, char **argv)
{
    unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 50;
    if (n < 3)
        n = 3;
    const char *xml =
        "<machine name='bench/display'>\n"
        "  <space name='cpu.mem' bits='32' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
        "  <space name='cpu.io' bits='16' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
        "  <pcibus id='pci' mem='cpu.mem' io='cpu.io' dma='cpu.mem'/>\n"
        "  <chip id='conf' type='pci-conf1'/>\n"
        "  <space name='conf.cfg' alias='pci.cfg'/>\n"
        "  <map space='cpu.io' at='0xcf8' to='conf'/>\n"
        "  <chip id='video' type='s3' variant='trio64'/>\n"
        "  <pci chip='video' slot='2'/>\n"
        "  <space name='video.io' alias='cpu.io'/>\n"
        "  <space name='video.mem' alias='cpu.mem'/>\n"
        "  <display from='video'/>\n"
        "</machine>\n";
    GError *err = NULL;
    ww_mdl_desc *d = ww_mdl_parse_buffer("bench/display", xml, strlen(xml), ".", NULL, NULL, &err);
    ww_machine *m = d ? ww_mdl_instantiate(d, NULL, &err) : NULL;
    if (!m) {
        fprintf(stderr, "display-bench: %s\n", err ? err->message : "set-up failed");
        return 2;
    }
    ww_mdl_desc_free(d);
    io = ww_machine_find_space(m, "cpu.io");
    mem = ww_machine_find_space(m, "cpu.mem");
    ww_display *disp = ww_display_new();
    if (!ww_machine_bind(m, WW_BACKEND_DISPLAY, 0, disp, &err)) {
        fprintf(stderr, "display-bench: %s\n", err->message);
        return 2;
    }
    ww_space_write(io, 0xcf8, 4, 0x80000000u | 2u << 11 | 0x10);
    ww_space_write(io, 0xcfc, 4, BAR);
    ww_space_write(io, 0xcf8, 4, 0x80000000u | 2u << 11 | 0x04);
    ww_space_write(io, 0xcfc, 4, 3);
    uint8_t *copy = g_malloc((size_t)W * H * 4);
    double *t = g_new(double, n);
    printf("1024x768 frame, ms (median of %u)   full    1%% dirty   idle    memcpy   full/memcpy\n", n);
    static const unsigned depths[] = { 8, 16, 32 };
    for (unsigned k = 0; k < 3; k++) {
        unsigned bpp = depths[k];
        uint64_t frame = (uint64_t)W * H * bpp / 8, pitch = (uint64_t)W * bpp / 8;
        set_mode(bpp);
        cpu_write(0, frame, 0);
        ww_display_update(disp);
        if (ww_display_width(disp) != W || ww_display_height(disp) != H) {
            fprintf(stderr, "display-bench: the picture is %ux%u, expected 1024x768\n",
                    ww_display_width(disp), ww_display_height(disp));
            return 1;
        }
        double full, part, idle, mc;
        for (unsigned i = 0; i < n; i++) {
            ww_display_invalidate(disp);
            double a = now();
            ww_display_update(disp);
            t[i] = now() - a;
        }
        full = median(t, n);
        unsigned lines = 0;
        for (unsigned i = 0; i < n; i++) {
            for (unsigned j = 0; j < 8; j++)     /* 8 lines of 768 spread over the frame */
                cpu_write((uint64_t)(j * 96 + i % 96) * pitch, pitch, i + 1);
            double a = now();
            lines = ww_display_update(disp);
            t[i] = now() - a;
        }
        part = median(t, n);
        for (unsigned i = 0; i < n; i++) {
            double a = now();
            ww_display_update(disp);
            t[i] = now() - a;
        }
        idle = median(t, n);
        const uint8_t *src = ww_machine_find_memory(m, "video-vram", NULL);
        for (unsigned i = 0; i < n; i++) {
            double a = now();
            memcpy(copy, src, frame);
            __asm__ volatile("" ::"r"(copy) : "memory");
            t[i] = now() - a;
        }
        mc = median(t, n);
        printf("%2u bpp                              %7.3f %7.3f (%u lines) %7.4f %7.3f   %5.1fx\n",
               bpp, full, part, lines, idle, mc, full / mc);
    }
    g_free(copy);
    g_free(t);
    ww_display_free(disp);
    ww_machine_free(m);
    return 0;
}
