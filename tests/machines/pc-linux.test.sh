#!/usr/bin/env bash
# tests/machines/pc-linux.test.sh — boot Debian's i386 kernel with the busybox
# initramfs (tests/guests/debian-i386.sh) on pc/q35 with the serial console on a
# pipe: wait for the shell prompt, type `echo $((6*7))` and expect 42, type
# `poweroff -f` and expect wirewrap to exit with status 0 (ACPI S5). Three boots:
# as is, with -p ram=64MiB, and with noapic on the kernel command line.
# The console is driven by tests/machines/console.py (also used by bench/boot-pc).
# Skips (77) while pc/q35 cannot boot (tests/machines/pc-ready.sh says why), or
# when the guest cannot be built on this host without set-up as root.
# WW_PC_BOOT_TIMEOUT (default 600 s) bounds each boot to the prompt.
# The command line adds cryptomgr.notests: the kernel's crypto self-tests are
# some 3 G instructions (a minute of interpreter time per boot) that test the
# kernel, not the machine (bench/boot-pc boots without it, beside QEMU).
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
if [ "${WIREWRAP_BUILD:-}" = build/asan ]; then
    echo "Linux boots are run by the release pass (under ASan a boot takes over 10 minutes)"
    exit 77
fi
why=$(tests/machines/pc-ready.sh "$bin") || { echo "$why"; exit 77; }

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
guest=$(tests/guests/debian-i386.sh --print 2>"$tmp/guest.err")
rc=$?
if [ $rc -eq 2 ]; then cat "$tmp/guest.err"; echo "the i386 guest cannot be built here (set-up above)"; exit 77; fi
[ $rc -eq 0 ] || { cat "$tmp/guest.err"; echo "tests/guests/debian-i386.sh failed (exit $rc)"; exit 1; }
eval "$guest"

fail=0
boot() {   # $1 = name, $2 = kernel command line, then extra `wirewrap run` arguments
    local name=$1 append=$2 out
    shift 2
    out=$(python3 tests/machines/console.py --boot-timeout "${WW_PC_BOOT_TIMEOUT:-600}" \
          --timeout 60 --log "$tmp/$name.log" -- \
          "$bin" run pc/q35 "$@" --kernel "$KERNEL" --initrd "$INITRD" --append "$append" \
          --headless --serial stdio 2>"$tmp/$name.err")
    if [[ $out == result=ok* ]]; then
        echo "$name: $out"
    else
        echo "$name: FAIL: $out"
        cat "$tmp/$name.err"
        fail=1
    fi
}
boot default "console=ttyS0 cryptomgr.notests"
boot ram64   "console=ttyS0 cryptomgr.notests" -p ram=64MiB
boot noapic  "console=ttyS0 cryptomgr.notests noapic"
exit $fail
