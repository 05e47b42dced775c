#!/usr/bin/env bash
# tests/guests/linux-m68k-quadra.sh — build the Linux/m68k guest the Macintosh Quadra
# 800 (mac68k/quadra800) boots: a Linux 6.1 kernel from Debian's linux-source-6.1
# with mac_defconfig as it is (the SCC serial console, the ESP SCSI driver, macfb,
# ADB, DEVTMPFS and initrd support are already built in), and a static busybox built
# from Debian's busybox source with gcc-m68k-linux-gnu (glibc for the 68020+, which
# the 68040 runs), in the initramfs every guest uses (tests/guests/busybox-initramfs.sh:
# /init mounts proc, sys and devtmpfs, prints a banner, runs `setsid cttyhack sh` with
# PS1='ww-guest# ').
#
#   tests/guests/linux-m68k-quadra.sh [--print] [--force]
#
# Output, in ${XDG_CACHE_HOME:-~/.cache}/wirewrap/guests/linux-m68k-quadra/:
#   vmlinux              the kernel (ELF, stripped; as QEMU's -kernel and wirewrap's
#                        --kernel load it)
#   initrd.cpio.gz       busybox, /init
#   config               the kernel's .config
#   stamp                inputs (package versions, the scripts' hashes) and output hashes
# --print writes KERNEL=… INITRD=… KERNEL_VERSION=… BUSYBOX_VERSION=… on stdout,
# shell-quoted, for  eval "$(tests/guests/linux-m68k-quadra.sh --print)".
# Progress goes to stderr. The cache is reused while linux-source-6.1, the busybox
# source version and the scripts are unchanged; --force rebuilds. The kernel build
# takes about 4 minutes on 2 idle cores, busybox under a minute.
# Needs (as root they are installed): linux-source-6.1, gcc-m68k-linux-gnu,
# libc6-dev-m68k-cross, make, flex, bison, bc, cpio, dpkg-dev (apt source), and a
# deb-src entry for bookworm main (added as /etc/apt/sources.list.d/wirewrap-src.sources).
# Exit 0 built or reused; 2 the host needs set-up (the commands are printed); 1 else.
set -Eeuo pipefail
trap 'echo "linux-m68k-quadra: error: a command failed (line $LINENO, exit $?)" >&2' ERR

me=$(readlink -f "$0")
say() { echo "linux-m68k-quadra: $*" >&2; }
die() { echo "linux-m68k-quadra: error: $*" >&2; exit 1; }
need_setup() { echo "linux-m68k-quadra: $1; run as root:" >&2; shift; printf '  %s\n' "$@" >&2; exit 2; }

print=0 force=0
while [ $# -gt 0 ]; do
    case "$1" in
    --print) print=1 ;;
    --force) force=1 ;;
    -h|--help) sed -n '2,/^set -Eeuo/{/^set -Eeuo/d;s/^# \{0,1\}//;p}' "$me"; exit 0 ;;
    *) echo "usage: tests/guests/linux-m68k-quadra.sh [--print] [--force]" >&2; exit 2 ;;
    esac
    shift
done

cache=${XDG_CACHE_HOME:-$HOME/.cache}/wirewrap/guests/linux-m68k-quadra
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9 || die "cannot lock $cache/.lock"
jobs=$(nproc)
# shellcheck source=busybox-initramfs.sh
. "$(dirname "$me")/busybox-initramfs.sh"

# --- tools ------------------------------------------------------------------------
pkgs=(linux-source-6.1 gcc-m68k-linux-gnu libc6-dev-m68k-cross make flex bison bc
      cpio dpkg-dev xz-utils file)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || need_setup "missing packages ${missing[*]}" \
        "apt-get install -y --no-install-recommends ${missing[*]}"
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt install -y -q --no-install-recommends "${missing[@]}" \
        >&2 2> >(grep -v 'does not have a stable CLI' >&2) || die "installing ${missing[*]} failed"
fi
src_tar=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -1)
[ -n "$src_tar" ] || die "linux-source-6.1 is installed but /usr/src/linux-source-6.1.tar.* is missing"
kver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
bb_source_version
script_hash=$(sha256sum "$me" | cut -d' ' -f1)

stamp_inputs() {
    echo "script $script_hash"
    echo "helper $bb_helper_hash"
    echo "linux-source $kver"
    echo "busybox $bb_ver"
}
stamp_ok() {
    local name sum
    [ -f "$cache/stamp" ] || return 1
    diff -q <(stamp_inputs) <(grep -v '^out ' "$cache/stamp") >/dev/null || return 1
    while read -r _ name sum; do
        [ -f "$cache/$name" ] || return 1
        [ "$(sha256sum "$cache/$name" | cut -d' ' -f1)" = "$sum" ] || return 1
    done < <(grep '^out ' "$cache/stamp")
    grep -q '^out ' "$cache/stamp"
}

if [ $force = 1 ] || ! stamp_ok; then
    build=$cache/build
    mkdir -p "$build"
    # --- kernel ---------------------------------------------------------------------
    ksrc=$build/linux-source-6.1
    if [ ! -f "$build/.extracted-$kver" ]; then
        say "extracting $src_tar (linux-source-6.1 $kver)"
        rm -rf "$ksrc" "$build"/.extracted-*
        tar -xf "$src_tar" -C "$build"
        touch "$build/.extracted-$kver"
    fi
    kmake() { make -s -C "$ksrc" ARCH=m68k CROSS_COMPILE=m68k-linux-gnu- "$@"; }
    say "configuring: mac_defconfig"
    kmake mac_defconfig >&2
    for o in MAC M68040 SERIAL_PMACZILOG SERIAL_PMACZILOG_TTYS SERIAL_PMACZILOG_CONSOLE \
             SCSI_MAC_ESP BLK_DEV_SD FB_MAC ADB_MACII DEVTMPFS BLK_DEV_INITRD RD_GZIP; do
        grep -qx "CONFIG_$o=y" "$ksrc/.config" || die "CONFIG_$o=y is not in mac_defconfig"
    done
    say "building vmlinux (about 4 minutes on 2 idle cores; -j$jobs)"
    t0=$(date +%s)
    kmake -j"$jobs" vmlinux >&2 2> >(grep -v '^  ' >&2)
    say "vmlinux built in $(( $(date +%s) - t0 )) s"

    # --- busybox and the initramfs --------------------------------------------------
    bb_build "$build" m68k m68k-linux-gnu- '68k.*statically'
    work=$(mktemp -d "$cache/.out.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    initramfs_build linux-m68k-quadra "$busybox_bin" "$work/initrd.cpio.gz"
    m68k-linux-gnu-strip -o "$work/vmlinux" "$ksrc/vmlinux"
    cp "$ksrc/.config" "$cache/config"
    mv "$work/vmlinux" "$cache/vmlinux"
    mv "$work/initrd.cpio.gz" "$cache/initrd.cpio.gz"
    { stamp_inputs
      for o in vmlinux initrd.cpio.gz; do echo "out $o $(sha256sum "$cache/$o" | cut -d' ' -f1)"; done
    } > "$cache/stamp.tmp"
    mv "$cache/stamp.tmp" "$cache/stamp"
    say "built $cache/vmlinux ($(stat -c %s "$cache/vmlinux") bytes), $cache/initrd.cpio.gz ($(stat -c %s "$cache/initrd.cpio.gz") bytes)"
else
    say "up to date: linux-source-6.1 $kver, busybox $bb_ver (cache $cache)"
fi

if [ $print = 1 ]; then
    printf 'KERNEL=%q\nINITRD=%q\n' "$cache/vmlinux" "$cache/initrd.cpio.gz"
    printf 'KERNEL_VERSION=%q\nBUSYBOX_VERSION=%q\n' "$kver" "$bb_ver"
fi
exit 0
