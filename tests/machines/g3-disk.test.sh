#!/usr/bin/env bash
# tests/machines/g3-disk.test.sh — a raw disk image on powermac/g3beige's first
# ATA bus (`<disk id="hd0">`, the macio-ata master on Mac I/O +0x20000):
#  1. OpenBIOS (Debian's qemu-system-data openbios-ppc) probes it (drivers/ide.c
#     macio_ide_init: show-devs lists …/ata-3@20000/disk@0) and reads sector 1
#     through the disk node's seek/read methods: the marker comes back;
#  2. Linux 6.1 (tests/guests/linux-ppc-g3.sh; pata_macio, DBDMA at MWDMA2)
#     sees 16384 sectors, reads the marker, reads the whole 8 MiB image (md5sum
#     equal to the host's), writes one sector and copies 1 MiB inside the disk
#     (dd), then `poweroff -f`; the host finds both writes in the image file.
# Needs `wirewrap run --disk ID=PATH[,format=raw]` (the block layer of issue 21);
# skips (77) while run has no --disk, without OpenBIOS, or when the guest
# cannot be built here (tests/guests/linux-ppc-g3.sh prints the set-up).
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
[ -f /usr/share/qemu/openbios-ppc ] || { echo "openbios-ppc missing (apt-get install qemu-system-data)"; exit 77; }
if "$bin" run --disk 2>&1 | grep -q "unexpected argument '--disk'"; then
    echo "wirewrap run has no --disk yet"; exit 77
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
img=$tmp/hd0.img
# 8 MiB of seeded pseudo-random bytes, "WIREWRAP-SECTOR1" at the start of sector 1.
python3 - "$img" <<'PY' || exit 1
import random, sys
b = bytearray(random.Random(19).randbytes(8 << 20))
b[512:528] = b'WIREWRAP-SECTOR1'
open(sys.argv[1], 'wb').write(b)
PY
md5=$(md5sum < "$img" | cut -d' ' -f1)
fail() { echo "g3-disk: FAIL: $1"; [ -f "$tmp/err" ] && cat "$tmp/err"; [ -f "$2" ] && tail -c 3000 "$2"; exit 1; }

# 1. OpenBIOS: the probe and a read through the disk's package (numbers are hex:
#    seek to 0x200, read 0x10 bytes).
node=/pci@80000000/mac-io@10/ata-3@20000/disk@0
out=$(python3 tests/machines/console.py --prompt '0 > ' --boot-timeout 120 --timeout 30 --inline \
      --check 'show-devs' "ata-3@20000/disk@0 \\(block\\)" \
      --check "\" $node\" open-dev value ih  ih 0<> ." ' -1 +ok' \
      --check '200 0 " seek" ih $call-method . here 10 " read" ih $call-method . here 10 type' \
              ' 0 10 WIREWRAP-SECTOR1 ok' \
      --poweroff '' --log "$tmp/ob.log" -- \
      "$bin" run powermac/g3beige --disk "hd0=$img,format=raw" --serial stdio 2>"$tmp/err")
[[ $out == result=ok* ]] || fail "OpenBIOS: $out" "$tmp/ob.log"
echo "g3-disk: openbios: $out"

# 2. Linux.
guest=$(tests/guests/linux-ppc-g3.sh --print 2>"$tmp/guest.err")
rc=$?
if [ $rc -eq 2 ]; then cat "$tmp/guest.err"; echo "the ppc guest cannot be built here (set-up above)"; exit 77; fi
[ $rc -eq 0 ] || { tail -20 "$tmp/guest.err"; echo "tests/guests/linux-ppc-g3.sh failed (exit $rc)"; exit 1; }
eval "$guest"
out=$(python3 tests/machines/console.py --boot-timeout "${WW_G3_BOOT_TIMEOUT:-600}" --timeout 120 \
      --check 'cat /sys/block/sda/size' 16384 \
      --check 'dd if=/dev/sda bs=512 skip=1 count=1 2>/dev/null | head -c 16; echo' WIREWRAP-SECTOR1 \
      --check 'md5sum /dev/sda' "$md5  /dev/sda" \
      --check 'echo wirewrap-wrote | dd of=/dev/sda bs=512 seek=3 conv=sync' '1\+0 records out' \
      --check 'dd if=/dev/sda of=/dev/sda bs=64k skip=64 seek=1 count=16' '16\+0 records out' \
      --check 'sync; echo synced' synced \
      --log "$tmp/lx.log" -- \
      "$bin" run powermac/g3beige --kernel "$KERNEL" --initrd "$INITRD" --append "console=ttyS0" \
      --disk "hd0=$img,format=raw" --serial stdio 2>"$tmp/err")
[[ $out == result=ok* ]] || fail "Linux: $out" "$tmp/lx.log"
# Both writes reached the image: sector 3, and 4 MiB..5 MiB copied to 64 KiB.
python3 - "$img" <<'PY' || fail "the image does not hold Linux's writes" "$tmp/lx.log"
import random, sys
want = bytearray(random.Random(19).randbytes(8 << 20))
want[512:528] = b'WIREWRAP-SECTOR1'
want[1536:2048] = b'wirewrap-wrote\n'.ljust(512, b'\0')
want[65536:65536 + (1 << 20)] = want[4 << 20:(4 << 20) + (1 << 20)]
got = open(sys.argv[1], 'rb').read()
if got != want:
    bad = next(i for i in range(len(want)) if i >= len(got) or got[i] != want[i])
    print(f"first difference at byte {bad} (sector {bad // 512})")
    sys.exit(1)
PY
echo "g3-disk: linux: $out"
exit 0
