#!/usr/bin/env bash
# tests/gdb/pc.test.sh — the real gdb-multiarch against pc/q35's gdbstub
# (i386 core feature, st0..st7 through the x87 rotation): the machine starts
# stopped at the reset vector; SeaBIOS and the linuxboot option ROM load the
# project's i386 guest (tests/guests/debian-i386.sh); the breakpoint is the
# kernel's 32-bit entry at 0x100000 (the x86 boot protocol's code32_start),
# whose bytes are compared with the bzImage file; registers, x87 registers,
# a single step (cld: eip + 1), a write watchpoint on boot_params' scratch
# word ($esi + 0x1E4, where startup_32's first `call` pushes its return
# address), a memory read where nothing is mapped (an error, not a crash);
# then (not under ASan: a whole boot) on to the busybox prompt, where a
# monitor client stops the machine (gdb sees SIGINT): paging is on, and the
# kernel's virtual 0xC1000000 read through the CPU's view (x86 translate)
# holds the bytes of physical 0x01000000 (`monitor xp`, Linux's direct map);
# qRcmd, `monitor quit`.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
why=$(tests/machines/pc-ready.sh "$bin") || { echo "$why"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
guest=$(tests/guests/debian-i386.sh --print 2>"$tmp/guest.err")
rc=$?
if [ $rc -eq 2 ]; then cat "$tmp/guest.err"; echo "the i386 guest cannot be built here (set-up above)"; exit 77; fi
[ $rc -eq 0 ] || { cat "$tmp/guest.err"; echo "tests/guests/debian-i386.sh failed (exit $rc)"; exit 1; }
eval "$guest"
. tests/gdb/lib.sh
linux=1
[ "${WIREWRAP_BUILD:-}" = build/asan ] && linux=0
if [ $linux = 1 ]; then
    cp tests/gdb/pc.gdb "$tmp/pc.gdb"
    # Stop the machine from the monitor once the prompt is on the serial line.
    ( for i in $(seq 1 9000); do
          grep -q "ww-guest# " "$tmp/serial" 2>/dev/null && break
          sleep 0.1
      done
      "$bin" ctl "$tmp/m.sock" stop >/dev/null ) &
    watcher=$!
else
    sed '/^# LINUX/,/^# END LINUX/d' tests/gdb/pc.gdb >"$tmp/pc.gdb"
fi
chmod 700 "$tmp"
WW_GDB_TIMEOUT=${WW_GDB_TIMEOUT:-1200} gdb_run pc/q35 "$tmp/pc.gdb" "$tmp/out" --kernel "$KERNEL" \
    --initrd "$INITRD" --append "console=ttyS0 cryptomgr.notests" --serial file:"$tmp/serial" \
    --monitor unix:"$tmp/m.sock"
[ $linux = 1 ] && { kill "$watcher" 2>/dev/null; wait "$watcher" 2>/dev/null; }
setup=$(od -An -tu1 -j $((0x1f1)) -N1 "$KERNEL" | tr -d ' ')
[ "$setup" -eq 0 ] && setup=4
bytes=$(od -An -tx1 -j $(( (setup + 1) * 512 )) -N8 "$KERNEL" | sed 's/ \([0-9a-f][0-9a-f]\)/\t0x\1/g')
expect "$tmp/out" "^START eip=fff0 cs=f000$" "stopped at the reset vector (F000:FFF0)"
expect "$tmp/out" "^BREAK eip=100000 cs=10$" "breakpoint at the kernel's 32-bit entry 0x100000"
expect "$tmp/out" "^0x100000:$bytes$" "memory at 0x100000 is the bzImage's protected-mode code"
expect "$tmp/out" "^\\\$[0-9]+ = 0x[0-9a-f]+$" "eflags reads"
expect "$tmp/out" "^\\\$[0-9]+ = 0$" "st0 (x87 rotation) reads as an i387 extended"
expect "$tmp/out" "^\\\$[0-9]+ = 895$" "fctrl reads 0x37F (x87 reset control word)"
expect "$tmp/out" "^STEP eip=100001$" "stepi executed cld"
expect "$tmp/out" "New value = 10[0-9]+$" "write watchpoint on \$esi+0x1E4 fired"
expect "$tmp/out" "^WATCH eip=10000d value=10000d$" "the watched word holds startup_32's return address"
expect "$tmp/out" "^0xfffffff0:.0x" "the BIOS ROM reads at the top of 4 GiB"
expect "$tmp/out" "ERROR Cannot access memory at address 0xe0000000" "an address nothing decodes is an error reply"
if [ $linux = 1 ]; then
    expect "$tmp/out" "SIGINT" "the monitor's stop reached gdb as SIGINT"
    expect "$tmp/out" "^LINUX cr0=8[0-9a-f]{7} eip=c[0-9a-f]{7}$" "at the prompt: paging on, eip in the kernel"
    v=$(grep -A2 "^0xc1000000" "$tmp/out" | grep -o "0x[0-9a-f][0-9a-f]\b" | sed 's/0x//' | tr '\n' ' ')
    p=$(grep -A1 "^01000000:" "$tmp/out" | head -1 | cut -d' ' -f2-17 | tr -s ' ')
    echo "virtual 0xc1000000: $v"
    echo "physical 0x1000000: $p"
    [ -n "$p" ] && [ "$(echo $v)" = "$(echo $p)" ] && [ "$(echo $p | tr -d '0 ')" != "" ] \
        && echo "ok: kernel virtual memory reads through the page tables" \
        || { echo "FAIL: virtual 0xc1000000 does not read as physical 0x1000000"; fail=1; }
fi
expect "$tmp/out" "paused at [0-9]+ ns of virtual time" "monitor info status through qRcmd"
[ $fail -eq 0 ] && [ -z "${WW_GDB_SHOW:-}" ] || { echo "--- gdb output"; cat "$tmp/out"; echo "--- wirewrap stderr"; cat "$tmp/run.err"; }
exit $fail
