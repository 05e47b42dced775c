#!/usr/bin/env bash
# `wirewrap run --save-state FILE@TIME` and `--load-state FILE`: a run resumed
# from a state saved at T prints exactly what the uninterrupted run printed
# after T; a damaged or foreign state is refused with exit 2 and a message
# naming the problem; a failed save leaves no file behind.
set -u
bin=${WIREWRAP_BIN:?WIREWRAP_BIN not set}
build=${WIREWRAP_BUILD:-build/release}
fail() { echo "FAIL: $*"; exit 1; }
[ -f "$build/tests/firmware/ppc/bare.bin" ] || { echo "ppc test firmware not built"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

"$bin" run test/ppc-bare --until 3ms --serial file:"$tmp/full" --save-state "$tmp/s.wws@150us" \
    || fail "save run exited $?"
[ -s "$tmp/s.wws" ] || fail "no state file written"
ls -a "$tmp" | grep -q '\.tmp-' && fail "a temporary file was left behind"
"$bin" run test/ppc-bare --until 3ms --serial file:"$tmp/resumed" --load-state "$tmp/s.wws" \
    || fail "load run exited $?"
[ -s "$tmp/resumed" ] || fail "the resumed run printed nothing"
# The resumed output is the uninterrupted run's tail.
full=$(cat "$tmp/full"); resumed=$(cat "$tmp/resumed")
[ "${full%"$resumed"}" != "$full" ] || fail "resumed output is not the tail of the full run"

# Damaged: one byte changed in the middle.
cp "$tmp/s.wws" "$tmp/bad.wws"
size=$(stat -c %s "$tmp/bad.wws")
printf '\xff' | dd of="$tmp/bad.wws" bs=1 seek=$((size / 2)) conv=notrunc status=none
"$bin" run test/ppc-bare --until 1ms --serial none --load-state "$tmp/bad.wws" 2>"$tmp/err"
rc=$?; [ $rc -eq 2 ] || fail "damaged state: exit $rc, expected 2"
grep -q "damaged" "$tmp/err" || fail "damaged state: no message: $(cat "$tmp/err")"
# Another machine's state.
"$bin" run test/m68k-bare --until 1ms --serial none --load-state "$tmp/s.wws" 2>"$tmp/err"
rc=$?; [ $rc -eq 2 ] || fail "foreign state: exit $rc, expected 2"
grep -q "of machine 'test/ppc-bare'" "$tmp/err" || fail "foreign state: $(cat "$tmp/err")"
# The same machine with other parameters is another machine too.
"$bin" run test/ppc-bare -p ram=8MiB --until 1ms --serial none --load-state "$tmp/s.wws" 2>"$tmp/err"
rc=$?; [ $rc -eq 2 ] || fail "other parameters: exit $rc, expected 2"
# A save into a directory that does not exist fails and says so.
"$bin" run test/ppc-bare --until 1ms --serial none --save-state "$tmp/nodir/s.wws@100us" 2>"$tmp/err"
rc=$?; [ $rc -ne 0 ] || fail "save into a missing directory succeeded"
grep -q "nodir" "$tmp/err" || fail "save failure: $(cat "$tmp/err")"
"$bin" run test/ppc-bare --save-state nonsense 2>/dev/null; [ $? -eq 2 ] || fail "--save-state without @TIME accepted"
exit 0
