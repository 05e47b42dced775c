#!/usr/bin/env bash
# tests/gdb/m68k-bare.test.sh — the real gdb-multiarch against
# test/m68k-bare's gdbstub (m68k core + coldfire fp features): with the
# firmware's symbols (tests/firmware/m68k/bare.S, ROM at 0) `break puts`,
# continue, read registers (a0 is the banner, read through memory; sp the
# firmware's stack), single-step, a write watchpoint on FLAG (0x00100100,
# which the level-4 interrupt handler sets to 1), qRcmd, `monitor quit`.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
build=${WIREWRAP_BUILD:-build/release}
elf=$build/tests/firmware/m68k/bare.elf
[ -f "$elf" ] || { echo "m68k test firmware not built"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. tests/gdb/lib.sh
sed "s|^target remote|file $elf\ntarget remote|" tests/gdb/m68k-bare.gdb >"$tmp/in.gdb"
gdb_run test/m68k-bare "$tmp/in.gdb" "$tmp/out" --serial none
sym() { nm "$elf" | awk -v s="$1" '$3 == s { print $1 }' | sed 's/^0*//'; }
puts=$(sym puts); start=$(sym start)
expect "$tmp/out" "^START pc=$start sp=110000$" "stopped at the reset PC (start) with the reset SSP"
expect "$tmp/out" "^BREAK pc=$puts a0=[0-9a-f]+ sp=10fff[0-9a-f]$" "breakpoint at puts (0x$puts)"
expect "$tmp/out" "^BANNER wirewrap" "a0 points at the banner (memory read)"
half=$(od -An -tx1 -j $((0x$puts)) -N2 "$build/tests/firmware/m68k/bare.bin" | tr -d ' ')
expect "$tmp/out" "<puts>:.0x$half" "memory at puts reads as the ROM image (0x$half)"
expect "$tmp/out" "^STEP pc=[0-9a-f]+$" "stepi reports a PC"
grep -q "^STEP pc=$puts$" "$tmp/out" && { echo "FAIL: stepi did not move"; fail=1; }
expect "$tmp/out" "^\\\$1 = (nan|-?nan)" "fp0 (reset: a NaN) reads as a 96-bit extended"
expect "$tmp/out" "New value = 1$" "write watchpoint: FLAG became 1 (level-4 interrupt handler)"
expect "$tmp/out" "^WATCH value=1$" "the watched word reads back"
expect "$tmp/out" "paused at [0-9]+ ns of virtual time" "monitor info status through qRcmd"
[ $fail -eq 0 ] && [ -z "${WW_GDB_SHOW:-}" ] || { echo "--- gdb output"; cat "$tmp/out"; echo "--- wirewrap stderr"; cat "$tmp/run.err"; }
exit $fail
