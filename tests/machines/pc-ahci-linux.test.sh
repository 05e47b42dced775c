#!/usr/bin/env bash
# tests/machines/pc-ahci-linux.test.sh — Linux on the AHCI controller of pc/q35.
# One boot of the i386 guest (tests/guests/debian-i386.sh with the ahci, sd_mod,
# sr_mod and isofs modules) with four devices: sata0 a raw image, sata1 a qcow2
# image (qemu-img create), sata2 an ISO 9660 image (xorriso) as the ATAPI
# DVD-ROM, sata3 a qcow2 image with snapshot=on. In the guest: a 16 MiB random
# pattern is written to each disk with O_DIRECT and fsync (FLUSH CACHE), the page
# cache is dropped, and the disk is read back with O_DIRECT: the MD5 must be the
# pattern's. The ISO is mounted from /dev/sr0 and a file read from it. After the
# guest powers off: the raw image holds the pattern, the qcow2 image passes
# `qemu-img check` and holds the pattern (`qemu-img convert`), and the snapshot
# image's SHA-256 is unchanged.
# Skips (77) like pc-linux.test.sh (under ASan, pc/q35 not ready, no guest), and
# without qemu-img or xorriso. WW_PC_BOOT_TIMEOUT bounds the boot (default 600 s).
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
if [ "${WIREWRAP_BUILD:-}" = build/asan ]; then
    echo "Linux boots are run by the release pass (under ASan a boot takes over 10 minutes)"
    exit 77
fi
why=$(tests/machines/pc-ready.sh "$bin") || { echo "$why"; exit 77; }
for t in qemu-img:qemu-utils xorriso:xorriso; do
    command -v "${t%%:*}" >/dev/null || { echo "${t%%:*} is missing (Debian ${t#*:})"; exit 77; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mods=ahci,sd_mod,sr_mod,isofs
guest=$(tests/guests/debian-i386.sh --with-modules "$mods" --print 2>"$tmp/guest.err")
rc=$?
if [ $rc -eq 2 ]; then cat "$tmp/guest.err"; echo "the i386 guest cannot be built here (set-up above)"; exit 77; fi
[ $rc -eq 0 ] || { cat "$tmp/guest.err"; echo "tests/guests/debian-i386.sh failed (exit $rc)"; exit 1; }
eval "$guest"

truncate -s 32M "$tmp/raw.img"
qemu-img create -q -f qcow2 "$tmp/disk.qcow2" 32M || exit 1
qemu-img create -q -f qcow2 "$tmp/snap.qcow2" 32M || exit 1
mkdir -p "$tmp/cd" && echo "wirewrap-iso: hello from the CD" > "$tmp/cd/hello.txt"
xorriso -as mkisofs -quiet -V WWTEST -o "$tmp/data.iso" "$tmp/cd" 2>"$tmp/xorriso.err" ||
    { cat "$tmp/xorriso.err"; exit 1; }
snap_before=$(sha256sum < "$tmp/snap.qcow2")

# dev N: the sd device of ATA port N (ata1 = sata0); waits for the CD (last probed).
setup='dev() { for b in /sys/block/sd*; do case $(readlink $b) in */ata$1/*) echo /dev/${b##*/};; esac; done; }; i=0; while [ ! -b /dev/sr0 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done; A=$(dev 1) B=$(dev 2) C=$(dev 4); echo "disks $A $B $C"'
pattern='dd if=/dev/urandom of=/tmp/p bs=1M count=16 2>/dev/null; md5sum /tmp/p'
writes='for d in $A $B $C; do dd if=/tmp/p of=$d bs=1M oflag=direct conv=fsync 2>/dev/null; echo 3 > /proc/sys/vm/drop_caches; echo "readback $d $(dd if=$d bs=1M count=16 iflag=direct 2>/dev/null | md5sum)"; done; echo writes-done'
mount='mkdir -p /mnt && mount -t iso9660 -o ro /dev/sr0 /mnt && cat /mnt/hello.txt && umount /mnt'
out=$(python3 tests/machines/console.py --boot-timeout "${WW_PC_BOOT_TIMEOUT:-600}" \
      --timeout 600 --log "$tmp/console.log" \
      --check "$setup" '^disks /dev/sd[a-z] /dev/sd[a-z] /dev/sd[a-z]' \
      --check "$pattern" '[0-9a-f]{32}  /tmp/p' \
      --check "$writes" 'writes-done' \
      --check "$mount" 'wirewrap-iso: hello from the CD' -- \
      "$bin" run pc/q35 --kernel "$KERNEL" --initrd "$INITRD" \
      --append "console=ttyS0 cryptomgr.notests wwmodules=${mods//_/-}" \
      --disk "sata0=$tmp/raw.img" --disk "sata1=$tmp/disk.qcow2,format=qcow2" \
      --disk "sata2=$tmp/data.iso" --disk "sata3=$tmp/snap.qcow2,snapshot=on" \
      --headless --serial stdio 2>"$tmp/run.err")
echo "boot: $out"
fail=0
if [[ $out != result=ok* ]]; then
    cat "$tmp/run.err"; tail -c 3000 "$tmp/console.log"; exit 1
fi
log=$(tr -d '\r' < "$tmp/console.log")
want=$(grep -a -o -E '^[0-9a-f]{32}  /tmp/p' <<<"$log" | head -1 | cut -c1-32)
n=$(grep -a -c -E "^readback /dev/sd[a-z] $want  -" <<<"$log")
echo "pattern $want; disks read back with it in the guest: $n of 3"
[ "$n" = 3 ] || { grep -a '^readback' <<<"$log"; fail=1; }
got=$(head -c 16M "$tmp/raw.img" | md5sum | cut -c1-32)
echo "raw image: $got"
[ "$got" = "$want" ] || fail=1
if qemu-img check -q "$tmp/disk.qcow2"; then echo "qcow2 image: qemu-img check: no errors"
else echo "qcow2 image: qemu-img check FAILED"; qemu-img check "$tmp/disk.qcow2"; fail=1; fi
qemu-img convert -O raw "$tmp/disk.qcow2" "$tmp/disk.raw" || fail=1
got=$(head -c 16M "$tmp/disk.raw" | md5sum | cut -c1-32)
echo "qcow2 image: $got"
[ "$got" = "$want" ] || fail=1
if [ "$(sha256sum < "$tmp/snap.qcow2")" = "$snap_before" ]; then echo "snapshot=on image: unchanged"
else echo "snapshot=on image: CHANGED"; fail=1; fi
grep -a -q 'wirewrap-iso: hello from the CD' <<<"$log" && echo "ISO: mounted, file read" || fail=1
if grep -a -E 'exception Emask|failed command|hard resetting link|I/O error' <<<"$log"; then
    echo "the guest logged ATA errors"; fail=1
fi
exit $fail
