#!/usr/bin/env bash
# `wirewrap chips` and the command-line basics, as a user meets them.
set -u
bin=${WIREWRAP_BIN:?WIREWRAP_BIN not set}
fail() { echo "FAIL: $*"; exit 1; }
out=$(mktemp); err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

# The list names the PC chips.
"$bin" chips >"$out" 2>"$err" || fail "chips exited $?"
for c in i8259 i8254 ns16550; do
    grep -q "^$c " "$out" || fail "chips does not list $c"
done

# One chip: its register table with decoded fields, from the descriptor.
"$bin" chips i8259 >"$out" 2>"$err" || fail "chips i8259 exited $?"
for r in IRR ISR IMR ICW1 ICW4 OCW3; do
    grep -Eq "^  $r +" "$out" || fail "chips i8259 lacks register $r"
done
grep -Eq "^ +IR7 +\[7\]" "$out" || fail "chips i8259 lacks field IR7"
grep -Eq "^ +LTIM +\[3\]" "$out" || fail "chips i8259 lacks ICW1.LTIM"
grep -Eq "^ +SFNM +\[4\]" "$out" || fail "chips i8259 lacks ICW4.SFNM"
grep -q "variant" "$out" || fail "chips i8259 lacks the variant property"
"$bin" chips i8254 | grep -Eq "^ +RW +\[5:4\]" || fail "chips i8254 lacks CW.RW"
"$bin" chips ns16550 | grep -Eq "^ +DLAB +\[7\]" || fail "chips ns16550 lacks LCR.DLAB"

# Unknown chips exit 2; a near miss gets a suggestion.
"$bin" chips nosuch >"$out" 2>"$err"; rc=$?
[ $rc -eq 2 ] || fail "chips nosuch exited $rc, expected 2"
grep -q "unknown chip 'nosuch'" "$err" || fail "chips nosuch: no error message"
grep -q "wirewrap chips. lists the" "$err" || fail "chips nosuch: no hint where the list is"
"$bin" chips i8259a >"$out" 2>"$err"; rc=$?
[ $rc -eq 2 ] || fail "chips i8259a exited $rc, expected 2"
grep -q "did you mean 'i8259'" "$err" || fail "chips i8259a: no 'did you mean' line: $(cat "$err")"

# Unknown commands exit 2 with usage on stderr.
"$bin" frobnicate >"$out" 2>"$err"; rc=$?
[ $rc -eq 2 ] || fail "frobnicate exited $rc, expected 2"
grep -q "^usage: wirewrap" "$err" || fail "frobnicate: no usage on stderr"

# --help lists the commands.
"$bin" --help >"$out" 2>"$err" || fail "--help exited $?"
grep -q "Commands:" "$out" || fail "--help has no command list"
grep -Eq "^  chips " "$out" || fail "--help does not list chips"
exit 0
