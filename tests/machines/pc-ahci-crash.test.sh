#!/usr/bin/env bash
# tests/machines/pc-ahci-crash.test.sh — crash safety through the real path:
# tests/machines/ahci_crash.py boots the i386 Linux guest once with a qcow2
# image on the AHCI disk, saves the machine at the prompt, and runs trials from
# that state: the guest writes and flushes 4 KiB blocks, wirewrap is killed
# with SIGKILL at a random moment, then `qemu-img check` must report no
# corruption (leaks allowed) and every flushed block must read back.
# WW_CRASH_GUEST_TRIALS sets the number of trials (default 10, about 1 minute
# after the boot; 100 for the full run). The host-side trials of the block
# layer (100 by default) are the C test unit/qcow2/crash_sigkill_trials.
# Skips (77) like pc-linux.test.sh (ASan, pc/q35 not ready, no guest) and
# without qemu-img.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
if [ "${WIREWRAP_BUILD:-}" = build/asan ]; then
    echo "Linux boots are run by the release pass (under ASan a boot takes over 10 minutes)"
    exit 77
fi
why=$(tests/machines/pc-ready.sh "$bin") || { echo "$why"; exit 77; }
command -v qemu-img >/dev/null || { echo "qemu-img is missing (Debian qemu-utils)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mods=ahci,sd_mod
guest=$(tests/guests/debian-i386.sh --with-modules "$mods" --print 2>"$tmp/guest.err")
rc=$?
if [ $rc -eq 2 ]; then cat "$tmp/guest.err"; echo "the i386 guest cannot be built here (set-up above)"; exit 77; fi
[ $rc -eq 0 ] || { cat "$tmp/guest.err"; echo "tests/guests/debian-i386.sh failed (exit $rc)"; exit 1; }
eval "$guest"
# Private copies: the guest cache is shared by every checkout, and another
# version of tests/guests/debian-i386.sh rebuilding it deletes the module sets.
cp "$KERNEL" "$tmp/vmlinuz" && cp "$INITRD" "$tmp/initrd.cpio.gz" || exit 1
KERNEL=$tmp/vmlinuz INITRD=$tmp/initrd.cpio.gz
out=$(python3 tests/machines/ahci_crash.py --trials "${WW_CRASH_GUEST_TRIALS:-10}" \
      --boot-timeout "${WW_PC_BOOT_TIMEOUT:-600}" --workdir "$tmp" -- \
      "$bin" run pc/q35 -p ram=64MiB --kernel "$KERNEL" --initrd "$INITRD" \
      --append "console=ttyS0 cryptomgr.notests wwmodules=${mods//_/-}" --headless --serial stdio)
rc=$?
echo "$out"
if [ $rc -ne 0 ]; then
    tail -c 3000 "$tmp/console.log"; tail -c 2000 "$tmp/console.log.err"
fi
exit $rc
