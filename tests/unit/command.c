/* tests/unit/command.c — the numeric option parser every command shares
 * (ww_command_parse_uint): the whole string, no sign or spaces, units where
 * the option has them (required when it says so), and the range. */
#include "tests/harness.h"
#include "core/command.h"

static const ww_num_option insns = { "--max-insns", WW_UNIT_NONE, false, 1, UINT64_MAX,
                                     "a whole number of instructions, 1 or more" };
static const ww_num_option until = { "--until", WW_UNIT_NS, true, 0, UINT64_MAX - 1,
                                     "a virtual time with a unit" };

#define BAD(opt, text, want) do { uint64_t v_ = 12345; GError *e_ = NULL; \
    WW_CHECK_ERR(ww_command_parse_uint(&(opt), (text), &v_, &e_), e_, (want)); \
    WW_CHECK_EQ(v_, 12345); } while (0)
#define GOOD(opt, text, want) do { uint64_t v_ = 0; GError *e_ = NULL; \
    WW_CHECK_NOERR(ww_command_parse_uint(&(opt), (text), &v_, &e_), e_); \
    WW_CHECK_EQ(v_, (want)); } while (0)

WW_TEST("unit/command/parse_uint_strict", t_strict)
{
    GOOD(insns, "1000", 1000);
    GOOD(insns, "0x10", 16);
    GOOD(insns, "18446744073709551615", UINT64_MAX);
    /* What `user --max-insns` used to take as 0 (= no limit) or a wrap-around. */
    BAD(insns, "abc", "--max-insns 'abc': not a number; expected a whole number of instructions");
    BAD(insns, "-5", "--max-insns '-5': a sign is not allowed");
    BAD(insns, "+5", "a sign is not allowed");
    BAD(insns, "", "--max-insns '': empty");
    BAD(insns, "10x", "--max-insns '10x': trailing characters 'x'");
    BAD(insns, " 10", "spaces are not allowed");
    BAD(insns, "10 ", "spaces are not allowed");
    BAD(insns, "1.5", "trailing characters");
    BAD(insns, "0", "--max-insns '0': out of range; expected a whole number");
    BAD(insns, "18446744073709551616", "too large");
}

WW_TEST("unit/command/parse_uint_units", t_units)
{
    GOOD(until, "2s", 2000000000ull);
    GOOD(until, "500ms", 500000000ull);
    GOOD(until, "1.5us", 1500);
    GOOD(until, "0ns", 0);
    /* A bare number is ambiguous for a time: ns or s? */
    BAD(until, "1", "--until '1': no unit; expected a virtual time with a unit");
    BAD(until, "1.5", "no unit");
    BAD(until, "1q", "--until '1q': unknown unit 'q'; expected one of ns, us, ms, s");
    BAD(until, "1 s", "--until '1 s'");
    BAD(until, "s", "not a number");
    BAD(until, "99999999999s", "too large");
}
