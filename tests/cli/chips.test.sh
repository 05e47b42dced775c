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

# CPUs list their registers from the same descriptor tables: bits and gdb numbers.
"$bin" chips x86 >"$out" || fail "chips x86 exited $?"
grep -Eq "^  eax\.\.edi +32 .* 0\.\.7 +general" "$out" || fail "chips x86 lacks eax..edi with gdb 0..7"
grep -Eq "^  eip +32 .* 8 +general" "$out" || fail "chips x86 lacks eip (gdb 8)"
grep -Eq "^  fpr0\.\.fpr7 +80 " "$out" || fail "chips x86 lacks the 80-bit x87 registers"
grep -Eq "^      IF +\[9\]" "$out" || fail "chips x86 lacks EFLAGS.IF"
"$bin" chips ppc >"$out" || fail "chips ppc exited $?"
grep -Eq "^  r0\.\.r31 +32 .* 0\.\.31 +general" "$out" || fail "chips ppc lacks r0..r31"
grep -Eq "^  f0\.\.f31 +64 .* 32\.\.63 +float" "$out" || fail "chips ppc lacks f0..f31"
grep -Eq "^  msr +32 .* 65 +general" "$out" || fail "chips ppc lacks msr (gdb 65)"
grep -Eq "^  ibat0u\.\.dbat3l +32 " "$out" || fail "chips ppc lacks the BATs"
"$bin" chips m68k >"$out" || fail "chips m68k exited $?"
grep -Eq "^  d0\.\.d7 +32 .* 0\.\.7 +general" "$out" || fail "chips m68k lacks d0..d7"
grep -Eq "^  pc +32 .* 17 +general" "$out" || fail "chips m68k lacks pc (gdb 17)"
grep -Eq "^      S +\[13\]" "$out" || fail "chips m68k lacks SR.S"

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
