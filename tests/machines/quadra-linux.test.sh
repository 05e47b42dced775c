#!/usr/bin/env bash
# tests/machines/quadra-linux.test.sh — boot Linux 6.1 (mac_defconfig) with a
# busybox initramfs on mac68k/quadra800, direct kernel boot (the linux-m68k
# preparer's bootinfo), console on the SCC channel A (console=ttyS0): wait for
# the shell prompt, `echo $((6*7))` answers 42, /proc/cpuinfo names the 68040
# as CPU, MMU and FPU, and the bootinfo's machine is the Quadra 800; then
# `poweroff -f` (VIA2 PB2, the soft power switch) ends wirewrap with status 0.
# Skips (77) under ASan or when the guest cannot be built without set-up.
cd "$(dirname "$0")/../.." || exit 1
. tests/machines/quadra-guest.sh
quadra_boot linux console=ttyS0 -- \
    --check 'echo $((6*7))' 42 \
    --check 'grep -c "^\(CPU\|MMU\|FPU\):.*68040" /proc/cpuinfo' 3 \
    --check 'dmesg | grep -q "Apple Macintosh Quadra 800" && echo q800-ok' q800-ok
