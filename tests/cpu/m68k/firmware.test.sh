#!/usr/bin/env bash
# tests/cpu/m68k/firmware.test.sh — the 68020/68030/68040 test firmware
# (tests/firmware/m68k/cpu020.S, mmu030.S, mmu040.S) on the XML-only test
# machine machines/test/m68k-32.xml, headless: every test line and
# "all tests passed" must reach the UART.
#   cpu020 on m68020, m68030, m68040   MOVEC, frames, faults, FPU
#   mmu030 on m68030                   PMMU walks, PTEST, bus error frames, ATC
#   mmu040 on m68040                   MMU walks, PTEST, access error frames, FPSP
# Skips (77) while the firmware is not built (m68k cross binutils missing).
set -u
bin=${WIREWRAP_BIN:-build/release/wirewrap}
build=${WIREWRAP_BUILD:-build/release}
[ -x "$bin" ] || { echo "no wirewrap binary at $bin"; exit 77; }
for fw in cpu020 mmu030 mmu040; do
    [ -f "$build/tests/firmware/m68k/$fw.bin" ] || {
        echo "firmware $fw not built (m68k-linux-gnu binutils missing?)"; exit 77; }
done
fail=0
run() {   # run MODEL FW LINE...
    local model=$1 fw=$2 out rc
    shift 2
    out=$(timeout 60 "$bin" run test/m68k-32 -p model="$model" -p fw="$fw" --headless \
          --serial stdio --until 5s --expect "all tests passed" 2>&1)
    rc=$?
    for line in "$@" "all tests passed"; do
        if ! grep -qF "$line" <<<"$out"; then
            echo "$fw on $model: missing '$line'"
            fail=1
        fi
    done
    if [ $rc -ne 0 ]; then
        echo "$fw on $model: wirewrap run exited $rc"
        fail=1
    fi
    [ $fail -eq 0 ] || echo "$out"
    echo "$fw on $model: $(grep -c ' ok' <<<"$out") tests ok"
}
common=("movec ok" "frames ok" "throwaway ok" "format error ok" "faults ok" "misc ok" "fpu ok")
run m68020 cpu020 "model 00000002" "${common[@]}"
run m68030 cpu020 "model 00000003" "${common[@]}"
run m68040 cpu020 "model 00000004" "${common[@]}"
run m68030 mmu030 "pmove ok" "translation on ok" "table walk ok" "ptest ok" \
    "bus error frames ok" "atc ok" "limit and configuration ok"
run m68040 mmu040 "movec ok" "translation on ok" "table walk ok" "ptest ok" \
    "access error frames ok" "global ok" "move16 ok" "fpu unimplemented ok"
exit $fail
