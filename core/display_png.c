/* core/display_png.c — PNG files of XRGB8888 pictures (libpng): screenshots
 * (`wirewrap run --screenshot`), and reading them back in tests. A file is
 * written under a temporary name and renamed, so it is whole or absent. */
#include "core/display.h"
#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

typedef struct {
    char msg[200];
} png_err_ctx;

static void on_png_error(png_structp png, png_const_charp msg)
{
    png_err_ctx *e = png_get_error_ptr(png);
    g_strlcpy(e->msg, msg, sizeof e->msg);
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* The libpng part, apart so that no automatic variable lives across setjmp. */
static bool write_rows(FILE *f, const uint32_t *px, unsigned w, unsigned h, unsigned pitch,
                       uint8_t *row, png_err_ctx *e)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, e, on_png_error,
                                              on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        g_strlcpy(e->msg, "out of memory", sizeof e->msg);
        png_destroy_write_struct(&png, &info);
        return false;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return false;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, w, h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (unsigned y = 0; y < h; y++) {
        const uint32_t *s = (const uint32_t *)((const uint8_t *)px + (size_t)y * pitch);
        for (unsigned x = 0; x < w; x++) {
            row[3 * x] = (uint8_t)(s[x] >> 16);
            row[3 * x + 1] = (uint8_t)(s[x] >> 8);
            row[3 * x + 2] = (uint8_t)s[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return true;
}

bool ww_png_write_xrgb(const char *path, const uint32_t *px, unsigned w, unsigned h,
                       unsigned pitch, GError **err)
{
    if (!w || !h || w > WW_DISPLAY_MAX_W || h > WW_DISPLAY_MAX_H) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: picture of %ux%u pixels; expected "
                    "1x1 to %ux%u", path, w, h, WW_DISPLAY_MAX_W, WW_DISPLAY_MAX_H);
        return false;
    }
    char *tmp = g_strdup_printf("%s.tmp-XXXXXX", path);
    int fd = g_mkstemp(tmp);
    if (fd < 0) {
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "%s: %s", path, g_strerror(errno));
        g_free(tmp);
        return false;
    }
    FILE *f = fdopen(fd, "wb");
    uint8_t *row = g_malloc((size_t)w * 3);
    png_err_ctx e = { "" };
    bool ok = f && write_rows(f, px, w, h, pitch, row, &e);
    int saved = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = false;
        saved = errno;
        g_strlcpy(e.msg, g_strerror(saved), sizeof e.msg);
    } else if (!f) {
        close(fd);
        g_strlcpy(e.msg, g_strerror(saved), sizeof e.msg);
    }
    g_free(row);
    if (ok && g_rename(tmp, path) != 0) {
        ok = false;
        g_strlcpy(e.msg, g_strerror(errno), sizeof e.msg);
    }
    if (!ok) {
        g_unlink(tmp);
        g_set_error(err, WW_ERROR, WW_ERROR_FAILED, "%s: cannot write the PNG: %s", path,
                    e.msg[0] ? e.msg : "write failed");
    }
    g_free(tmp);
    return ok;
}

static bool read_rows(FILE *f, uint32_t **out, unsigned *w, unsigned *h, png_err_ctx *e)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, e, on_png_error,
                                             on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        g_strlcpy(e->msg, "out of memory", sizeof e->msg);
        png_destroy_read_struct(&png, &info, NULL);
        return false;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, NULL);
        g_free(*out);
        *out = NULL;
        return false;
    }
    png_init_io(png, f);
    png_set_user_limits(png, WW_DISPLAY_MAX_W, WW_DISPLAY_MAX_H);
    png_read_info(png, info);
    png_set_strip_16(png);
    png_set_palette_to_rgb(png);
    png_set_gray_to_rgb(png);
    png_set_strip_alpha(png);
    png_set_expand(png);
    png_read_update_info(png, info);
    *w = png_get_image_width(png, info);
    *h = png_get_image_height(png, info);
    size_t rb = png_get_rowbytes(png, info);
    if (rb != (size_t)*w * 3) {
        g_strlcpy(e->msg, "unexpected PNG layout", sizeof e->msg);
        png_destroy_read_struct(&png, &info, NULL);
        return false;
    }
    *out = g_new(uint32_t, (size_t)*w * *h);
    uint8_t *row = g_malloc(rb);
    for (unsigned y = 0; y < *h; y++) {
        png_read_row(png, row, NULL);
        for (unsigned x = 0; x < *w; x++)
            (*out)[(size_t)y * *w + x] = (uint32_t)row[3 * x] << 16 | row[3 * x + 1] << 8 |
                                         row[3 * x + 2];
    }
    g_free(row);
    png_destroy_read_struct(&png, &info, NULL);
    return true;
}

uint32_t *ww_png_read_xrgb(const char *path, unsigned *w, unsigned *h, GError **err)
{
    FILE *f = g_fopen(path, "rb");
    if (!f) {
        g_set_error(err, WW_ERROR, WW_ERROR_NOT_FOUND, "%s: %s", path, g_strerror(errno));
        return NULL;
    }
    uint32_t *px = NULL;
    png_err_ctx e = { "" };
    bool ok = read_rows(f, &px, w, h, &e);
    fclose(f);
    if (!ok) {
        g_set_error(err, WW_ERROR, WW_ERROR_INVALID, "%s: not a readable PNG: %s", path, e.msg);
        return NULL;
    }
    return px;
}
