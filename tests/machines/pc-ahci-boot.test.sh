#!/usr/bin/env bash
# tests/machines/pc-ahci-boot.test.sh — SeaBIOS boots the project's boot sector
# (tests/firmware/pcboot/bootsect.S) from the AHCI controller of pc/q35: from a
# raw disk image on sata0, from the same image as qcow2 (qemu-img convert), and
# from an El Torito ISO (xorriso, no emulation) on the ATAPI drive at sata2.
# The boot sector prints its banner on COM1, reads LBA 1 of its boot drive
# through INT 13h (SeaBIOS's AHCI driver: READ DMA EXT, or ATAPI READ(10) for
# the CD) and prints what it holds: the test expects both lines. A second
# qcow2 run with snapshot=on must leave the image's hash unchanged.
# Skips (77) without the i686 binutils (no boot sector), qemu-img or xorriso.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
build=${WIREWRAP_BUILD:-build/release}
bs=$build/tests/firmware/pcboot/bootsect.bin
[ -f "$bs" ] || { echo "no boot sector ($bs): the i686 cross binutils are missing"; exit 77; }
why=$(tests/machines/pc-ready.sh "$bin") || { echo "$why"; exit 77; }
command -v qemu-img >/dev/null || { echo "qemu-img is missing (Debian qemu-utils)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

python3 - "$bs" "$tmp" <<'PY'
import sys
bs, tmp = sys.argv[1], sys.argv[2]
b = open(bs, 'rb').read()
assert len(b) == 512 and b[510:] == b'\x55\xaa'
msg = b'wirewrap-ahci: sector 1 read through the AHCI disk\0'
open(tmp + '/disk.img', 'wb').write((b + msg.ljust(512, b'\0')).ljust(4 << 20, b'\0'))
sa = bytearray(32768)
msg = b'wirewrap-ahci: CD block 1 read through the ATAPI drive\0'
sa[2048:2048 + len(msg)] = msg
open(tmp + '/sysarea.bin', 'wb').write(bytes(sa))
PY
qemu-img convert -f raw -O qcow2 "$tmp/disk.img" "$tmp/disk.qcow2" || exit 1

fail=0
boot() {   # $1 = name, $2 = --disk argument, $3 = the line sector 1 holds
    local name=$1 disk=$2 want=$3
    "$bin" run pc/q35 --disk "$disk" --serial "file:$tmp/$name.out" --until 60s \
        --expect "wirewrap-bootsect: done" >"$tmp/$name.err" 2>&1
    local rc=$?
    if [ $rc -eq 0 ] && grep -qa "wirewrap-bootsect: booted from the disk" "$tmp/$name.out" &&
       grep -qa "$want" "$tmp/$name.out"; then
        echo "$name: ok ($(grep -a -o "$want" "$tmp/$name.out" | head -1))"
    else
        echo "$name: FAIL (exit $rc)"
        tail -c 2000 "$tmp/$name.out"; cat "$tmp/$name.err"
        fail=1
    fi
}
boot raw "sata0=$tmp/disk.img" "sector 1 read through the AHCI disk"
boot qcow2 "sata0=$tmp/disk.qcow2,format=qcow2" "sector 1 read through the AHCI disk"
before=$(sha256sum < "$tmp/disk.qcow2")
boot qcow2-snapshot "sata0=$tmp/disk.qcow2,snapshot=on" "sector 1 read through the AHCI disk"
[ "$(sha256sum < "$tmp/disk.qcow2")" = "$before" ] || { echo "snapshot=on changed the image"; fail=1; }
qemu-img check -q "$tmp/disk.qcow2" || { echo "qemu-img check failed"; fail=1; }
if command -v xorriso >/dev/null; then
    mkdir -p "$tmp/iso" && cp "$bs" "$tmp/iso/boot.bin"
    xorriso -as mkisofs -quiet -o "$tmp/boot.iso" -G "$tmp/sysarea.bin" -b boot.bin \
        -no-emul-boot -boot-load-size 4 "$tmp/iso" 2>"$tmp/xorriso.err" ||
        { cat "$tmp/xorriso.err"; exit 1; }
    boot cdrom "sata2=$tmp/boot.iso" "CD block 1 read through the ATAPI drive"
else
    echo "cdrom: skipped (xorriso is missing)"
fi
exit $fail
