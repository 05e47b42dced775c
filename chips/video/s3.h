/* chips/video/s3.h — what chips/video/s3.c (the chip) and
 * chips/video/s3_accel.c (its drawing engines) share. Not a public API: no
 * other chip includes it. */
#ifndef WW_CHIPS_S3_H
#define WW_CHIPS_S3_H
#include "chips/video/vga.h"
#include "core/pci.h"

typedef enum { S3_TRIO64, S3_VIRGE, S3_VISION864, S3__VARIANTS } s3_variant;

/* The 8514/A-compatible engine of the Trio64 and Vision864 (I/O ports
 * xxE8h; S3 Trio32/Trio64 data book, "Enhanced Mode Registers"; VGADOC
 * S3.TXT). Registers are 16 bits; coordinates 12 bits. */
typedef struct s3_gp {
    uint16_t cur_x, cur_y, destx, desty, err, maj, min;
    uint16_t cmd, short_stroke;
    uint32_t bkgd_color, frgd_color, wrt_mask, rd_mask, color_cmp;
    uint16_t bkgd_mix, frgd_mix;
    uint16_t scissor_t, scissor_l, scissor_b, scissor_r;
    uint16_t mem_cntl, pix_cntl, read_sel;
    uint16_t subsys_cntl, adv_func;
    uint8_t subsys_stat;
    /* a CPU data transfer in progress (PIX_TRANS) */
    uint8_t xfer;            /* 0 none, else the command waiting for data */
    uint16_t xfer_x, xfer_y, xfer_w, xfer_h, xfer_cx, xfer_cy;
} s3_gp;

/* The ViRGE S3d engine's BitBLT / rectangle fill registers (MMIO A4D4h-A50Ch;
 * S3 ViRGE 86C325 data book, "S3d Engine"; XFree86 s3virge register names). */
typedef struct s3_s3d {
    uint32_t src_base, dest_base, clip_lr, clip_tb, stride;
    uint32_t mono_pat[2], pat_bg, pat_fg, src_bg, src_fg;
    uint32_t cmd, rwh, rsrc, rdest;
    /* a CPU image transfer in progress */
    uint8_t xfer;
    uint32_t xfer_x, xfer_y;
    uint32_t xfer_bits;       /* mono: bits of the current dword left to use */
} s3_s3d;

typedef struct s3_t {
    vga_t vga;                 /* first: the VGA's descriptor rows describe it */
    ww_pci_function pci;
    uint32_t variant;          /* s3_variant (property) */
    /* registers that are not CR/SR array elements */
    uint8_t hwc_fg[3], hwc_bg[3];   /* cursor colour stacks (CR4A/CR4B) */
    uint8_t hwc_fg_pos, hwc_bg_pos;
    uint8_t ddc;               /* serial port (MMIO FF20h) as last written */
    s3_gp gp;
    s3_s3d s3d;
    /* host objects (not state) */
    ww_window *lfb;            /* RAM window over the start of BAR0 (the linear window) */
    ww_window *accel_io[24];   /* the engine's ports xxE8h */
    uint64_t lfb_at, lfb_size; /* where lfb is placed (0: hidden) */
    bool warned_picture;       /* the picture runs past vram (logged once) */
} s3_t;

/* CR/SR register numbers the engines consult. */
enum { S3_CR50 = 0x50, S3_CR40 = 0x40, S3_CR31 = 0x31, S3_CR53 = 0x53 };

/* The engines (s3_accel.c). Offsets of the 8514 port region: (port >> 10) * 4 + (port & 3). */
uint64_t s3_gp_read(s3_t *s, unsigned off, unsigned size, ww_access how);
void s3_gp_write(s3_t *s, unsigned off, uint64_t val, unsigned size);
/* ViRGE MMIO engine registers (offset within the 64 KiB MMIO block). */
uint64_t s3_s3d_read(s3_t *s, unsigned off, unsigned size, ww_access how);
void s3_s3d_write(s3_t *s, unsigned off, uint64_t val, unsigned size);
/* An image-transfer dword written to the MMIO image port (0000h-7FFFh). */
void s3_s3d_data(s3_t *s, uint32_t val);
/* Bytes per pixel of the engine (CR50 pixel length). */
unsigned s3_gp_bpp(const s3_t *s);
/* Engine pitch in pixels (CR50 screen width). */
unsigned s3_gp_width(const s3_t *s);

#endif
