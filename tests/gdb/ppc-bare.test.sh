#!/usr/bin/env bash
# tests/gdb/ppc-bare.test.sh — the real gdb-multiarch against test/ppc-bare's
# gdbstub: the firmware's symbols (tests/firmware/ppc/bare.S, linked at
# 0xFFF00000) give the breakpoint: `break puts`, continue, read registers
# (r1 is the firmware's stack 0x7FF0, r3 the banner string read through
# memory), single-step one instruction, then a write watchpoint on the
# hashed page table entry the firmware writes (0x00100040: 0x80000080),
# then `break virt` (translation on: MSR IR|DR) and a read of the virtual
# page 0x10000000 through the hashed page table (the firmware's 0xCAFEF00D
# at physical 0x00200000, which is not mapped virtually: an error), a
# monitor command through qRcmd, and `monitor quit`.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
build=${WIREWRAP_BUILD:-build/release}
elf=$build/tests/firmware/ppc/bare.bin.elf
[ -f "$elf" ] || { echo "ppc test firmware not built"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. tests/gdb/lib.sh
sed "s|^target remote|file $elf\ntarget remote|" tests/gdb/ppc-bare.gdb >"$tmp/in.gdb"
gdb_run test/ppc-bare "$tmp/in.gdb" "$tmp/out" --serial none
puts=$(nm "$elf" | awk '$3 == "puts" { print $1 }' | sed 's/^0*//')
expect "$tmp/out" "^START pc=fff00100$" "stopped at the reset vector when gdb attached"
expect "$tmp/out" "Thread 1 \(cpu \(ppc\)\)" "the CPU is thread 1"
expect "$tmp/out" "^BREAK pc=$puts r1=7ff0$" "breakpoint at puts (0x$puts), r1 = the firmware's stack"
expect "$tmp/out" "^BANNER wirewrap" "r3 points at the banner (memory read)"
word=$(od -An -tx1 -j $((0x$puts - 0xfff00000)) -N4 "$build/tests/firmware/ppc/bare.bin" | tr -d ' ')
expect "$tmp/out" "<puts>:.0x$word" "memory at puts reads as the ROM image (0x$word)"
expect "$tmp/out" "^STEP pc=$(printf %x $((0x$puts + 4)))$" "stepi moved one instruction"
expect "$tmp/out" "^\\\$1 = 0$" "f0 (power-fpu feature) reads as a double"
expect "$tmp/out" "New value = 2147483776" "write watchpoint: the PTE word became 0x80000080"
expect "$tmp/out" "^WATCH value=80000080$" "the watched word reads back"
expect "$tmp/out" "^VIRT msr=[0-9a-f]*[37bf][0-9a-f]$" "at virt: translation on (MSR IR|DR)"
expect "$tmp/out" "^0x10000000:.0xcafef00d$" "virtual 0x10000000 reads through the page table (translate)"
expect "$tmp/out" "ERROR Cannot access memory at address 0x200000" "an untranslated virtual address is an error"
expect "$tmp/out" "paused at [0-9]+ ns of virtual time" "monitor info status through qRcmd"
[ $fail -eq 0 ] && [ -z "${WW_GDB_SHOW:-}" ] || { echo "--- gdb output"; cat "$tmp/out"; echo "--- wirewrap stderr"; cat "$tmp/run.err"; }
exit $fail
