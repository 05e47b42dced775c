#!/usr/bin/env bash
# tests/cli/run-input.test.sh — `wirewrap run` with the input a new user
# gives it (issue 20): a failed start-up leaves the --serial file alone,
# numeric options are checked, a machine with nothing to run ends, and a
# serial file that cannot be written fails the run.
set -u
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
build=${WIREWRAP_BUILD:-build/release}
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# 1. The serial file is opened only once the machine has loaded.
for m in nosuch/machine tests/mdl/bad/bad-malformed.xml tests/mdl/good/missing-rom.xml; do
    echo keep >"$tmp/F"
    err=$(HOME=$tmp WIREWRAP_ROM_PATH=$tmp/roms "$bin" run "$m" --serial "file:$tmp/F" \
          --until 1ms 2>&1); rc=$?
    [ $rc -eq 2 ] || fail "run $m: exit $rc, expected 2: $err"
    [ "$(cat "$tmp/F")" = keep ] || fail "run $m truncated the --serial file"
done

# 3. Numeric options: one line naming the option, exit 2.
for v in 1 abc -5 '' 10x; do
    err=$("$bin" run test/minimal --until "$v" 2>&1); rc=$?
    [ $rc -eq 2 ] || fail "--until '$v': exit $rc, expected 2"
    case "$err" in "wirewrap run: --until '$v': "*) ;; *) fail "--until '$v': $err" ;; esac
    [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "--until '$v': more than one line: $err"
done
"$bin" run test/minimal --until >/dev/null 2>&1; [ $? -eq 2 ] || fail "--until without a value"

# 6. No CPU, no timer: say so and stop (it used to spin forever).
for m in test/minimal; do
    err=$(timeout 20 "$bin" run "$m" 2>&1); rc=$?
    [ $rc -eq 0 ] || fail "run $m: exit $rc, expected 0: $err"
    case "$err" in *"nothing can run"*) ;; *) fail "run $m: no explanation: $err" ;; esac
done
err=$(timeout 20 "$bin" run test/minimal --until 100000s 2>&1) || fail "--until 100000s: $err"
timeout 20 "$bin" run test/minimal --expect never >/dev/null 2>&1
[ $? -eq 1 ] || fail "--expect on a machine that can never print should exit 1"

# 6, 8 with a CPU: needs the 68000 test firmware.
if [ -f "$build/tests/firmware/m68k/bare.bin" ]; then
    # The firmware ends in STOP with interrupts masked: nothing can wake it.
    out=$(timeout 60 "$bin" run test/m68k-bare 2>"$tmp/err"); rc=$?
    [ $rc -eq 0 ] || fail "m68k-bare without --until: exit $rc: $(cat "$tmp/err")"
    grep -q "every CPU is halted" "$tmp/err" || fail "m68k-bare: $(cat "$tmp/err")"
    case "$out" in *"all tests passed"*) ;; *) fail "m68k-bare output: $out" ;; esac
    # 8. A serial file that refuses writes: reported once, exit 1.
    if [ -e /dev/full ]; then
        timeout 60 "$bin" run test/m68k-bare --serial file:/dev/full --until 1s 2>"$tmp/err"
        rc=$?
        [ $rc -eq 1 ] || fail "--serial file:/dev/full: exit $rc, expected 1"
        [ "$(grep -c "write failed" "$tmp/err")" -eq 1 ] || fail "/dev/full: $(cat "$tmp/err")"
    fi
    # A machine that loads writes the file.
    echo keep >"$tmp/F"
    timeout 60 "$bin" run test/m68k-bare --serial "file:$tmp/F" --expect "all tests passed" \
        --until 1s 2>/dev/null || fail "m68k-bare --serial file: exit $?"
    grep -q "all tests passed" "$tmp/F" || fail "serial file: $(cat "$tmp/F")"
    grep -q keep "$tmp/F" && fail "serial file not truncated by a run that loaded"
fi
exit 0
