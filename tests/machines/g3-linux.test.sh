#!/usr/bin/env bash
# tests/machines/g3-linux.test.sh — boot Linux 6.1 (pmac32_defconfig with the SCC
# console built in) with a busybox initramfs (tests/guests/linux-ppc-g3.sh) on
# powermac/g3beige through OpenBIOS, as QEMU's -kernel/-initrd/-append: wait for
# the shell prompt on the SCC channel A, check `echo $((6*7))` → 42 and that
# /proc/cpuinfo names the 750 ("740/750") and the PowerMac G3, then `poweroff -f`
# (CUDA's POWERDOWN ends the run with status 0).
# Skips (77) only when a prerequisite is missing: OpenBIOS (qemu-system-data) or a
# guest that cannot be built on this host without set-up as root (the script
# prints the commands). Building the guest the first time takes ~6-25 min (the
# kernel); it is cached in ~/.cache/wirewrap/guests/linux-ppc-g3.
# WW_G3_BOOT_TIMEOUT (default 600 s) bounds the boot to the prompt.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
[ -f /usr/share/qemu/openbios-ppc ] || { echo "openbios-ppc missing (apt-get install qemu-system-data)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
guest=$(tests/guests/linux-ppc-g3.sh --print 2>"$tmp/guest.err")
rc=$?
if [ $rc -eq 2 ]; then cat "$tmp/guest.err"; echo "the ppc guest cannot be built here (set-up above)"; exit 77; fi
[ $rc -eq 0 ] || { tail -20 "$tmp/guest.err"; echo "tests/guests/linux-ppc-g3.sh failed (exit $rc)"; exit 1; }
eval "$guest"
out=$(python3 tests/machines/console.py --boot-timeout "${WW_G3_BOOT_TIMEOUT:-600}" --timeout 60 \
      --check 'echo $((6*7))' 42 \
      --check 'grep -q 740/750 /proc/cpuinfo && grep -q "PowerMac G3" /proc/cpuinfo && echo cpuinfo-ok' cpuinfo-ok \
      --log "$tmp/console.log" -- \
      "$bin" run powermac/g3beige --kernel "$KERNEL" --initrd "$INITRD" --append "console=ttyS0" \
      --serial stdio 2>"$tmp/err")
if [[ $out == result=ok* ]]; then
    echo "g3-linux: $out"
    exit 0
fi
echo "g3-linux: FAIL: $out"
cat "$tmp/err"
tail -c 3000 "$tmp/console.log"
exit 1
