#!/usr/bin/env bash
# tests/machines/quadra-scsi.test.sh — the Quadra 800's SCSI: an 8 MiB raw
# image on the disk at ID 0 (the NCR 53C96 with the IOSB's pseudo-DMA, the
# scsi-disk target). Linux's mac_esp finds it: /proc/partitions lists sda with
# 8192 KiB; the guest reads a pattern this test wrote into sector 2048 and
# writes its own into sector 4096, which the test finds in the image after the
# power-off (writes reach the medium).
# Skips (77) under ASan or when the guest cannot be built without set-up.
cd "$(dirname "$0")/../.." || exit 1
. tests/machines/quadra-guest.sh
img=$tmp/disk.img
pat="WIREWRAP-SCSI-$$-PATTERN"
python3 - "$img" "$pat" <<'PY'
import sys
img, pat = sys.argv[1], sys.argv[2].encode()
b = bytearray(8 << 20)
b[2048 * 512:2048 * 512 + len(pat)] = pat
open(img, 'wb').write(b)
PY
quadra_boot scsi console=ttyS0 --disk "hd0=$img" -- \
    --check 'grep -w sda /proc/partitions' ' *8 +0 +8192 sda' \
    --check 'dd if=/dev/sda bs=512 skip=2048 count=1 status=none | head -c 40; echo' "$pat.*" \
    --check 'echo GUEST-WROTE-THIS | dd of=/dev/sda bs=512 seek=4096 conv=sync status=none; sync; echo w-ok' w-ok \
    || exit 1
python3 - "$img" <<'PY' || { echo "scsi: the guest's write is not in the image"; exit 1; }
import sys
b = open(sys.argv[1], 'rb').read()
sys.exit(0 if b[4096 * 512:4096 * 512 + 16] == b'GUEST-WROTE-THIS' else 1)
PY
echo "scsi: the guest's write reached the image"
