/* tests/unit/props.c — number/unit parsing and typed properties, with the
 * error messages a machine author sees. */
#include "tests/harness.h"
#include "tests/unit/testchip.h"

static uint64_t parse(const char *s, ww_unit u)
{
    uint64_t v = 0;
    GError *err = NULL;
    WW_CHECK_NOERR(ww_parse_uint(s, u, &v, &err), err);
    return v;
}

WW_TEST("unit/props/parse_units", t_units)
{
    WW_CHECK_EQ(parse("0x1F", WW_UNIT_NONE), 0x1f);
    WW_CHECK_EQ(parse("64MiB", WW_UNIT_BYTES), 64ull << 20);
    WW_CHECK_EQ(parse("4 KiB", WW_UNIT_BYTES), 4096);
    WW_CHECK_EQ(parse("2G", WW_UNIT_BYTES), 2ull << 30);
    WW_CHECK_EQ(parse("783.36kHz", WW_UNIT_HZ), 783360);      /* Mac VIA E clock */
    WW_CHECK_EQ(parse("1.193182MHz", WW_UNIT_HZ), 1193182);   /* PC PIT clock */
    WW_CHECK_EQ(parse("33MHz", WW_UNIT_HZ), 33000000);
    WW_CHECK_EQ(parse("10us", WW_UNIT_NS), 10000);
    WW_CHECK_EQ(parse("2s", WW_UNIT_NS), 2000000000ull);
    WW_CHECK_EQ(parse("18446744073709551615", WW_UNIT_NONE), UINT64_MAX);
}

WW_TEST("unit/props/parse_errors", t_parse_errors)
{
    uint64_t v;
    GError *err = NULL;
    WW_CHECK_ERR(ww_parse_uint("12 parsecs", WW_UNIT_BYTES, &v, &err), err,
                 "unknown unit 'parsecs'; expected one of KiB, MiB, GiB");
    WW_CHECK_ERR(ww_parse_uint("18446744073709551616", WW_UNIT_NONE, &v, &err), err, "too large");
    WW_CHECK_ERR(ww_parse_uint("99999999999GiB", WW_UNIT_BYTES, &v, &err), err, "too large");
    WW_CHECK_ERR(ww_parse_uint("-5", WW_UNIT_NONE, &v, &err), err, "negative");
    WW_CHECK_ERR(ww_parse_uint("", WW_UNIT_NONE, &v, &err), err, "empty");
    WW_CHECK_ERR(ww_parse_uint("MHz", WW_UNIT_HZ, &v, &err), err, "not a number");
    WW_CHECK_ERR(ww_parse_uint("1.5", WW_UNIT_NONE, &v, &err), err, "expected a plain number");
}

WW_TEST("unit/props/defaults_and_types", t_prop_types)
{
    GError *err = NULL;
    ww_chip *c = ww_chip_new("wwtestchip", "t0", NULL, &err);
    WW_CHECK_NOERR(c, err);
    testchip_t *t = (testchip_t *)c;
    /* Defaults come from the descriptor's text, parsed like XML input. */
    WW_CHECK_EQ(t->size_prop, 4096);
    WW_CHECK_EQ(t->freq, 1000000);
    WW_CHECK_EQ(t->delay, 10000);
    WW_CHECK_EQ(t->mode, 0);
    WW_CHECK_STR(t->label, "none");
    WW_CHECK_NOERR(ww_chip_set_prop(c, "mode", "off", &err), err);
    WW_CHECK_EQ(t->mode, 2);
    WW_CHECK_NOERR(ww_chip_set_prop(c, "flag", "yes", &err), err);
    WW_CHECK(t->flag);
    WW_CHECK_NOERR(ww_chip_set_prop(c, "label", "hello", &err), err);
    char *s = ww_chip_get_prop(c, "label");
    WW_CHECK_STR(s, "hello");
    g_free(s);
    s = ww_chip_get_prop(c, "mode");
    WW_CHECK_STR(s, "off");
    g_free(s);
    WW_CHECK_EQ(ww_chip_prop_uint(c, "size"), 4096);
    ww_chip_free(c);
}

WW_TEST("unit/props/bad_values", t_prop_bad)
{
    GError *err = NULL;
    ww_chip *c = ww_chip_new("wwtestchip", "t0", NULL, &err);
    WW_CHECK_NOERR(c, err);
    WW_CHECK_ERR(ww_chip_set_prop(c, "mode", "fsat", &err), err,
                 "'fsat' is not allowed; expected one of fast, slow, off (did you mean 'fast'?)");
    WW_CHECK_ERR(ww_chip_set_prop(c, "size", "0", &err), err, "out of range");
    WW_CHECK_ERR(ww_chip_set_prop(c, "size", "8GiB", &err), err, "out of range");
    WW_CHECK_ERR(ww_chip_set_prop(c, "clock", "fast", &err), err, "property 'clock'");
    WW_CHECK_ERR(ww_chip_set_prop(c, "flag", "maybe", &err), err, "not a boolean");
    WW_CHECK_ERR(ww_chip_set_prop(c, "sise", "1", &err), err,
                 "chip type 'wwtestchip' has no property 'sise'; did you mean 'size'?");
    WW_CHECK_NOERR(ww_chip_realize(c, &err), err);
    WW_CHECK_ERR(ww_chip_set_prop(c, "size", "8", &err), err, "cannot change after realize");
    ww_chip_free(c);
}
