/* tests/unit/statever.c — chip state versions across builds: a chip class at
 * version 2 adds a field (.version = 2) to its version-1 layout. A state
 * saved by the version-1 class loads into the version-2 class (the new field
 * keeps its declared reset value), through the chip loader and through a
 * whole machine snapshot; a version-2 state is refused by the version-1
 * class ("newer"), naming the section; a version-1 state that lacks a field
 * version 1 already had is refused. Two classes stand for the two builds. */
#include "tests/harness.h"
#include "core/machine.h"
#include "core/snapshot.h"

typedef struct {
    ww_chip chip;
    uint32_t a;
    uint16_t b;      /* version 2 */
    uint8_t c[4];
} statever;

#define AT(m) WW_AT(statever, m)
static const ww_state_desc v1_state[] = {
    { "a", WW_STATE_U32, AT(a), "there from version 1" },
    { "c", WW_STATE_U8, AT(c), "an array, version 1" },
    { NULL }
};
static const ww_state_desc v2_state[] = {
    { "a", WW_STATE_U32, AT(a), "there from version 1" },
    { "b", WW_STATE_U16, AT(b), "added in version 2", .reset = 0x1234, .version = 2 },
    { "c", WW_STATE_U8, AT(c), "an array, version 1" },
    { NULL }
};
static const ww_state_desc v2_no_c[] = {   /* a version-1 build that lost 'c': bad data */
    { "a", WW_STATE_U32, AT(a), "there from version 1" },
    { NULL }
};
static const ww_chip_class v1_class = {
    .type = "wwtest-state-v1", .summary = "state versions: the version-1 build",
    .size = sizeof(statever), .version = 1, .state = v1_state,
};
static const ww_chip_class v2_class = {
    .type = "wwtest-state-v2", .summary = "state versions: the version-2 build",
    .size = sizeof(statever), .version = 2, .state = v2_state,
};
static const ww_chip_class v1_broken_class = {
    .type = "wwtest-state-v1-broken", .summary = "state versions: a version-1 state missing a field",
    .size = sizeof(statever), .version = 1, .state = v2_no_c,
};
WW_CHIP_REGISTER(v1_class)
WW_CHIP_REGISTER(v2_class)
WW_CHIP_REGISTER(v1_broken_class)

static ww_machine *machine_with(const char *type)
{
    GError *err = NULL;
    ww_machine *m = ww_machine_new();
    ww_machine_set_identity(m, "test/statever", "same-description");
    WW_CHECK_NOERR(ww_machine_add_chip(m, type, "dev", &err), err);
    WW_CHECK_NOERR(ww_machine_realize(m, &err), err);
    ww_machine_reset(m, WW_RESET_POWER);
    return m;
}

static statever *dev(ww_machine *m) { return (statever *)ww_machine_find_chip(m, "dev"); }

WW_TEST("unit/snapshot/older_chip_version", t_older)
{
    GError *err = NULL;
    /* The version-1 build saves. */
    ww_machine *old = machine_with("wwtest-state-v1");
    dev(old)->a = 0xCAFEF00D;
    memcpy(dev(old)->c, "\1\2\3\4", 4);
    GByteArray *chip1 = g_byte_array_new();
    ww_chip_state_save(&dev(old)->chip, chip1);
    GByteArray *snap1 = ww_snapshot_build(old, &err);
    WW_CHECK_NOERR(snap1, err);

    /* The version-2 build loads it: 'b' keeps its reset value. */
    ww_machine *cur = machine_with("wwtest-state-v2");
    WW_CHECK_EQ(dev(cur)->b, 0x1234);
    dev(cur)->b = 0x5555;   /* not what reset left: the load must not touch it … */
    WW_CHECK_NOERR(ww_chip_state_load(&dev(cur)->chip, chip1->data, chip1->len, &err), err);
    WW_CHECK_EQ(dev(cur)->a, 0xCAFEF00D);
    WW_CHECK(!memcmp(dev(cur)->c, "\1\2\3\4", 4));
    WW_CHECK_EQ(dev(cur)->b, 0x5555);   /* … the field is absent from the old state */
    ww_machine_reset(cur, WW_RESET_POWER);
    WW_CHECK_EQ(dev(cur)->b, 0x1234);
    WW_CHECK_NOERR(ww_snapshot_restore(cur, snap1->data, snap1->len, &err), err);
    WW_CHECK_EQ(dev(cur)->a, 0xCAFEF00D);
    WW_CHECK_EQ(dev(cur)->b, 0x1234);   /* the default of a field added later */

    /* The version-1 build refuses a version-2 state, naming the section. */
    GByteArray *snap2 = ww_snapshot_build(cur, &err);
    WW_CHECK_NOERR(snap2, err);
    dev(old)->a = 77;
    WW_CHECK_ERR(ww_snapshot_restore(old, snap2->data, snap2->len, &err), err,
                 "section chip 'dev'");
    WW_CHECK_ERR(ww_snapshot_restore(old, snap2->data, snap2->len, &err), err,
                 "state version 2 is newer than this build's 1");
    WW_CHECK_EQ(dev(old)->a, 77);   /* unchanged */

    /* A version-1 state without a version-1 field is refused by version 2. */
    ww_machine *broken = machine_with("wwtest-state-v1-broken");
    GByteArray *chipb = g_byte_array_new();
    ww_chip_state_save(&dev(broken)->chip, chipb);
    dev(cur)->a = 99;
    WW_CHECK_ERR(ww_chip_state_load(&dev(cur)->chip, chipb->data, chipb->len, &err), err,
                 "state has no field 'c'");
    WW_CHECK_EQ(dev(cur)->a, 99);

    g_byte_array_free(chip1, TRUE);
    g_byte_array_free(chipb, TRUE);
    g_byte_array_free(snap1, TRUE);
    g_byte_array_free(snap2, TRUE);
    ww_machine_free(old);
    ww_machine_free(cur);
    ww_machine_free(broken);
}
