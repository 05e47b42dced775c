/* tests/fuzz/video.c — a hostile guest against the S3 family and the display
 * pipeline: what the generic tests/fuzz/chips.c cannot reach, because it
 * takes unlock sequences, a placed BAR0 and an enabled linear window or MMIO
 * to get there — the 8514/A engine fed coordinates, sizes and pitches, the
 * ViRGE S3d engine and its image port, the linear framebuffer and the legacy
 * window, CRTC values that give huge, zero or misplaced pictures, the
 * hardware cursor anywhere, and a display converting all of it.
 *
 * One machine per process (a PCI bus with mechanism #1 and the card at
 * 00:02.0, as tests/chips/video/vgarig.c builds it), reset and its video
 * memory cleared for every input. The first byte picks the variant; then
 * 8-byte records:
 *   op 0  indexed register write: CR/SR/GR/AR (arg & 3) index arg >> 8
 *   op 1  VGA port write (or read when bit 3 of p[0]) at 3B0h + arg % 30h
 *   op 2  A0000h window access, width 1/2/4
 *   op 3  BAR0 access (linear window or, ViRGE, MMIO at +16 MiB)
 *   op 4  8514/A engine port write (a port from the engine's list)
 *   op 5  S3d engine register or image port write (ViRGE MMIO)
 *   op 6  display update after a time step
 *   op 7  PCI configuration write (command, BAR0)
 * At the end: a display update, a state save -> load round trip.
 * Run: tests/fuzz/run video 60. */
#include "tests/fuzz/fuzz.h"
#include "core/machine.h"
#include "core/mdl.h"
#include "core/display.h"
#include <string.h>

static const char *const variants[] = { "trio64", "virge", "vision864" };

typedef struct {
    ww_machine *m;
    ww_space *io, *mem;
    ww_chip *chip;
    uint8_t *vram;
    uint64_t vram_size;
} rig;

static rig rigs[3];

static void out8(rig *r, uint16_t port, uint8_t v) { ww_space_write(r->io, port, 1, v); }
static void out32(rig *r, uint16_t port, uint32_t v) { ww_space_write(r->io, port, 4, v); }

static void cfg_w(rig *r, unsigned reg, uint32_t v)
{
    out32(r, 0xcf8, 0x80000000u | 2u << 11 | (reg & 0xfc));
    out32(r, 0xcfc, v);
}

static rig *get_rig(unsigned k)
{
    rig *r = &rigs[k];
    if (r->m)
        return r;
    char *xml = g_strdup_printf(
        "<machine name='fuzz/video'>\n"
        "  <space name='cpu.mem' bits='32' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
        "  <space name='cpu.io' bits='16' endian='little' unmapped='open-bus' open-bus='0xffffffff'/>\n"
        "  <pcibus id='pci' mem='cpu.mem' io='cpu.io' dma='cpu.mem'/>\n"
        "  <chip id='conf' type='pci-conf1'/>\n"
        "  <space name='conf.cfg' alias='pci.cfg'/>\n"
        "  <map space='cpu.io' at='0xcf8' to='conf'/>\n"
        "  <chip id='video' type='s3' variant='%s'/>\n"
        "  <pci chip='video' slot='2'/>\n"
        "  <space name='video.io' alias='cpu.io'/>\n"
        "  <space name='video.mem' alias='cpu.mem'/>\n"
        "  <display from='video'/>\n"
        "</machine>\n", variants[k]);
    GError *err = NULL;
    ww_mdl_desc *d = ww_mdl_parse_buffer("fuzz/video", xml, strlen(xml), ".", NULL, NULL, &err);
    FUZZ_CHECK(d);
    r->m = ww_mdl_instantiate(d, NULL, &err);
    ww_mdl_desc_free(d);
    g_free(xml);
    FUZZ_CHECK(r->m);
    r->io = ww_machine_find_space(r->m, "cpu.io");
    r->mem = ww_machine_find_space(r->m, "cpu.mem");
    r->chip = ww_machine_find_chip(r->m, "video");
    r->vram = ww_machine_find_memory(r->m, "video-vram", &r->vram_size);
    FUZZ_CHECK(r->io && r->mem && r->chip && r->vram);
    return r;
}

#define BAR 0xe0000000u

static const uint16_t gp_ports[] = {
    0x42e8, 0x4ae8, 0x82e8, 0x86e8, 0x8ae8, 0x8ee8, 0x92e8, 0x96e8, 0x9ae8, 0x9ee8,
    0xa2e8, 0xa6e8, 0xaae8, 0xaee8, 0xb2e8, 0xb6e8, 0xbae8, 0xbee8, 0xe2e8,
};
static const uint16_t s3d_regs[] = {
    0xa4d4, 0xa4d8, 0xa4dc, 0xa4e0, 0xa4e4, 0xa4e8, 0xa4ec, 0xa4f0, 0xa4f4, 0xa4f8,
    0xa4fc, 0xa500, 0xa504, 0xa508, 0xa50c, 0x8504, 0x850c, 0xff20, 0x83d4, 0x83d5,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    unsigned k = data[0] % 3;
    rig *r = get_rig(k);
    ww_machine_reset(r->m, WW_RESET_POWER);
    memset(r->vram, 0, r->vram_size);
    ww_display *disp = ww_display_new();
    GError *err = NULL;
    FUZZ_CHECK(ww_machine_bind(r->m, WW_BACKEND_DISPLAY, 0, disp, &err));
    /* What firmware and s3fb's probe leave: BAR0 placed, decode on, colour
     * ports, the extensions unlocked, the linear window and MMIO on. */
    cfg_w(r, 0x10, BAR);
    cfg_w(r, 0x04, 3);
    out8(r, 0x3c2, 0x67);
    static const uint8_t unlock[][3] = {
        { 0xc4, 0x08, 0x06 }, { 0xd4, 0x38, 0x48 }, { 0xd4, 0x39, 0xa5 },
        { 0xd4, 0x58, 0x13 }, { 0xd4, 0x53, 0x08 }, { 0xd4, 0x40, 0x31 }, { 0xd4, 0x3a, 0x15 },
    };
    for (unsigned i = 0; i < G_N_ELEMENTS(unlock); i++) {
        out8(r, (uint16_t)(0x300 | unlock[i][0]), unlock[i][1]);
        out8(r, (uint16_t)(0x301 | unlock[i][0]), unlock[i][2]);
    }
    ww_sched *sched = ww_machine_sched(r->m);
    for (size_t i = 1; i + 8 <= size; i += 8) {
        const uint8_t *p = data + i;
        unsigned op = p[0] & 7;
        uint32_t arg = (uint32_t)p[1] | (uint32_t)p[2] << 8 | (uint32_t)p[3] << 16;
        uint32_t val = (uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 |
                       (uint32_t)p[7] << 24;
        unsigned w = 1u << ((p[0] >> 4) % 3);
        bool rd = p[0] & 8;
        uint64_t v;
        switch (op) {
        case 0: {
            static const uint16_t idx[4] = { 0x3d4, 0x3c4, 0x3ce, 0x3c0 };
            unsigned which = arg & 3;
            uint8_t index = (uint8_t)(arg >> 8);
            if (which == 3) {
                ww_space_read(r->io, 0x3da, 1, &v);
                out8(r, 0x3c0, index);
                out8(r, 0x3c0, (uint8_t)val);
            } else {
                out8(r, idx[which], index);
                out8(r, (uint16_t)(idx[which] + 1), (uint8_t)val);
            }
            break;
        }
        case 1:
            if (rd)
                ww_space_read(r->io, 0x3b0 + arg % 0x30, 1, &v);
            else
                out8(r, (uint16_t)(0x3b0 + arg % 0x30), (uint8_t)val);
            break;
        case 2:
            if (rd)
                ww_space_read(r->mem, 0xa0000 + arg % 0x20000, w, &v);
            else
                ww_space_write(r->mem, 0xa0000 + arg % 0x20000, w, val);
            break;
        case 3: {
            uint64_t off = ((uint64_t)arg << 3 | (p[0] >> 6)) % (r->vram_size + 0x1010000);
            if (off >= r->vram_size)
                off = 0x1000000 + (off - r->vram_size) % 0x10000;
            if (rd)
                ww_space_read(r->mem, BAR + off, w, &v);
            else
                ww_space_write(r->mem, BAR + off, w, val);
            break;
        }
        case 4: {
            uint16_t port = (uint16_t)(gp_ports[arg % G_N_ELEMENTS(gp_ports)] + ((arg >> 8) & 2));
            if (rd)
                ww_space_read(r->io, port, w, &v);
            else
                ww_space_write(r->io, port, w == 1 ? 2 : w, val);
            break;
        }
        case 5: {
            uint32_t off = (arg >> 8) & 1 ? (arg & 0x7ffc) : s3d_regs[arg % G_N_ELEMENTS(s3d_regs)];
            if (rd)
                ww_space_read(r->mem, BAR + 0x1000000 + off, 4, &v);
            else
                ww_space_write(r->mem, BAR + 0x1000000 + off, 4, val);
            break;
        }
        case 6:
            ww_sched_advance(sched, ww_sched_now(sched) + (uint64_t)arg * 1000);
            ww_display_update(disp);
            break;
        default:
            cfg_w(r, arg & 1 ? 0x10 : 0x04, arg & 1 ? val : (val & 0xffff));
            break;
        }
    }
    ww_display_update(disp);
    GByteArray *b = g_byte_array_new();
    ww_chip_state_save(r->chip, b);
    FUZZ_CHECK(ww_chip_state_load(r->chip, b->data, b->len, &err));
    g_byte_array_free(b, TRUE);
    ww_display_update(disp);
    FUZZ_CHECK(ww_machine_bind(r->m, WW_BACKEND_DISPLAY, 0, NULL, &err));
    ww_display_free(disp);
    return 0;
}
