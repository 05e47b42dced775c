#!/usr/bin/env bash
# tests/machines/pc-monitor.test.sh — the monitor's protocol test on pc/q35:
# boot the i386 Linux guest (tests/guests/debian-i386.sh) with the JSON
# monitor on a unix socket and run the C test monitor/protocol/pc-linux
# (tests/monitor/protocol.c) against it through libwirewrap-client:
# wait-serial sees the busybox prompt, `type` runs `echo $((6*7))` and 42 is
# read back, `info chip pic0` matches the human view, STOP/RESUME/RESET arrive.
# Skips (77) while pc/q35 cannot boot (tests/machines/pc-ready.sh says why), or
# when the guest cannot be built on this host without set-up as root.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
build=${WIREWRAP_BUILD:-build/release}
why=$(tests/machines/pc-ready.sh "$bin") || { echo "$why"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
guest=$(tests/guests/debian-i386.sh --print 2>"$tmp/guest.err")
rc=$?
if [ $rc -eq 2 ]; then cat "$tmp/guest.err"; echo "the i386 guest cannot be built here (set-up above)"; exit 77; fi
[ $rc -eq 0 ] || { cat "$tmp/guest.err"; echo "tests/guests/debian-i386.sh failed (exit $rc)"; exit 1; }
eval "$guest"
WW_PC_KERNEL=$KERNEL WW_PC_INITRD=$INITRD WIREWRAP_BIN=$bin \
    "$build/tests/wwtest" -v -k monitor/protocol/pc-linux >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
grep -q "^PASS monitor/protocol/pc-linux" "$tmp/out" || exit 1
exit $rc
