#!/usr/bin/env bash
# tests/machines/quadra-linux.test.sh — boot Linux 6.1 (mac_defconfig) with a
# busybox initramfs on mac68k/quadra800, direct kernel boot (the linux-m68k
# preparer's bootinfo), console on the SCC channel A (console=ttyS0): wait for
# the shell prompt, `echo $((6*7))` answers 42, /proc/cpuinfo names the 68040
# as CPU, MMU and FPU, and the bootinfo's machine is the Quadra 800; the
# instructions the 68040 lacks (FSIN, FETOX, FINTRZ in awk and in dd's rate)
# trap with the unimp frame and Linux's FPSP emulates them; then
# `poweroff -f` (VIA2 PB2, the soft power switch) ends wirewrap with status 0.
# Skips (77) under ASan or when the guest cannot be built without set-up.
cd "$(dirname "$0")/../.." || exit 1
. tests/machines/quadra-guest.sh
quadra_boot linux console=ttyS0 -- \
    --check 'echo $((6*7))' 42 \
    --check 'grep -c "^\(CPU\|MMU\|FPU\):.*68040" /proc/cpuinfo' 3 \
    --check 'dmesg | grep -q "Apple Macintosh Quadra 800" && echo q800-ok' q800-ok \
    --check "awk 'BEGIN { printf \"%d %.6f %.6f\\n\", int(-7.9), sin(1), exp(1) }'" '-7 0.841471 2.718282' \
    --check 'dd if=/dev/zero of=/dev/null bs=512 count=4 2>&1 | grep -c "2048 bytes .* copied, .* seconds"' 1
