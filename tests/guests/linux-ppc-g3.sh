#!/usr/bin/env bash
# tests/guests/linux-ppc-g3.sh — build the Linux/ppc guest the Power Macintosh G3
# (powermac/g3beige) boots: a Linux 6.1 kernel from Debian's linux-source-6.1 with
# pmac32_defconfig plus the SCC serial console built in (SERIAL_PMACZILOG,
# SERIAL_PMACZILOG_TTYS, SERIAL_PMACZILOG_CONSOLE = y; DEVTMPFS for /init), and a
# static busybox built from Debian's busybox source with the powerpc cross
# compiler, in a busybox initramfs like the PC's (tests/guests/debian-i386.sh):
# /init mounts proc, sys and devtmpfs, prints a banner and runs a shell on the
# console (`setsid cttyhack sh`, PS1='ww-guest# ').
#
#   tests/guests/linux-ppc-g3.sh [--print] [--force]
#
# Output, in ${XDG_CACHE_HOME:-~/.cache}/wirewrap/guests/linux-ppc-g3/:
#   vmlinux              the kernel (ELF, as OpenBIOS and QEMU's -kernel load it)
#   initrd.cpio.gz       busybox, /init
#   config               the kernel's .config
#   stamp                inputs (package versions, this script's hash) and output hashes
# --print writes KERNEL=… INITRD=… KERNEL_VERSION=… BUSYBOX_VERSION=… on stdout,
# shell-quoted, for  eval "$(tests/guests/linux-ppc-g3.sh --print)".
# Progress goes to stderr. The cache is reused while linux-source-6.1, the busybox
# source version and this script are unchanged; --force rebuilds. The kernel build
# takes about 6 minutes on 2 cores, busybox under a minute.
# Needs (as root they are installed): linux-source-6.1, gcc-powerpc-linux-gnu,
# libc6-dev-powerpc-cross, make, flex, bison, bc, cpio, dpkg-dev (apt source), and a
# deb-src entry for bookworm main (added as /etc/apt/sources.list.d/wirewrap-src.sources).
# Exit 0 built or reused; 2 the host needs set-up (the commands are printed); 1 else.
set -Eeuo pipefail
trap 'echo "linux-ppc-g3: error: a command failed (line $LINENO, exit $?)" >&2' ERR

me=$(readlink -f "$0")
say() { echo "linux-ppc-g3: $*" >&2; }
die() { echo "linux-ppc-g3: error: $*" >&2; exit 1; }
need_setup() { echo "linux-ppc-g3: $1; run as root:" >&2; shift; printf '  %s\n' "$@" >&2; exit 2; }

print=0 force=0
while [ $# -gt 0 ]; do
    case "$1" in
    --print) print=1 ;;
    --force) force=1 ;;
    -h|--help) sed -n '2,/^set -Eeuo/{/^set -Eeuo/d;s/^# \{0,1\}//;p}' "$me"; exit 0 ;;
    *) echo "usage: tests/guests/linux-ppc-g3.sh [--print] [--force]" >&2; exit 2 ;;
    esac
    shift
done

cache=${XDG_CACHE_HOME:-$HOME/.cache}/wirewrap/guests/linux-ppc-g3
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9 || die "cannot lock $cache/.lock"

# --- tools ------------------------------------------------------------------------
pkgs=(linux-source-6.1 gcc-powerpc-linux-gnu libc6-dev-powerpc-cross make flex bison bc
      cpio dpkg-dev xz-utils libelf-dev libssl-dev)
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

# busybox source: needs a deb-src line
srcfile=/etc/apt/sources.list.d/wirewrap-src.sources
bb_ver=$(apt-cache showsrc busybox 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -1 || true)
if [ -z "$bb_ver" ]; then
    if [ "$(id -u)" -eq 0 ]; then
        say "adding a deb-src entry for bookworm main ($srcfile) and updating the lists"
        cat > "$srcfile" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
        apt update -q >&2 2> >(grep -v 'does not have a stable CLI' >&2) || say "apt update failed"
        bb_ver=$(apt-cache showsrc busybox 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -1 || true)
    fi
fi
if [ -z "$bb_ver" ]; then
    if [ -f "$cache/stamp" ] && [ $force = 0 ]; then
        bb_ver=$(sed -n 's/^busybox //p' "$cache/stamp")
        say "apt knows no busybox source; using the cache as it is"
    else
        need_setup "apt knows no busybox source package (no deb-src line)" \
            "printf 'Types: deb-src\\nURIs: http://deb.debian.org/debian\\nSuites: bookworm\\nComponents: main\\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\\n' > $srcfile" \
            "apt-get update"
    fi
fi
script_hash=$(sha256sum "$me" | cut -d' ' -f1)

stamp_inputs() {
    echo "script $script_hash"
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

mkcpio() {   # $1 = directory, $2 = output .cpio.gz: newc, root-owned, reproducible
    ( cd "$1" && find . -mindepth 1 -exec touch -h -d @0 {} + &&
      find . -mindepth 1 | LC_ALL=C sort |
      cpio --quiet -o -H newc -R 0:0 --reproducible ) | gzip -n -9 > "$2.tmp"
    mv "$2.tmp" "$2"
}

jobs=$(nproc)
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
    kmake() { make -s -C "$ksrc" ARCH=powerpc CROSS_COMPILE=powerpc-linux-gnu- "$@"; }
    say "configuring: pmac32_defconfig + SCC serial console built in"
    kmake pmac32_defconfig >&2
    "$ksrc/scripts/config" --file "$ksrc/.config" \
        -e SERIAL_PMACZILOG -e SERIAL_PMACZILOG_TTYS -e SERIAL_PMACZILOG_CONSOLE \
        -e BLK_DEV_INITRD -e RD_GZIP -e DEVTMPFS -e DEVTMPFS_MOUNT -e TTY -e UNIX98_PTYS
    kmake olddefconfig >&2
    for o in SERIAL_PMACZILOG SERIAL_PMACZILOG_TTYS SERIAL_PMACZILOG_CONSOLE DEVTMPFS BLK_DEV_INITRD; do
        grep -qx "CONFIG_$o=y" "$ksrc/.config" || die "CONFIG_$o=y did not stick"
    done
    say "building vmlinux (about 6 minutes on 2 cores; -j$jobs)"
    t0=$(date +%s)
    kmake -j"$jobs" vmlinux >&2 2> >(grep -v '^  ' >&2)
    say "vmlinux built in $(( $(date +%s) - t0 )) s"

    # --- busybox --------------------------------------------------------------------
    bsrc=$build/busybox-src
    if [ ! -f "$build/.busybox-$bb_ver" ]; then
        say "fetching the busybox source $bb_ver (apt source)"
        rm -rf "$bsrc" "$build"/.busybox-* && mkdir -p "$bsrc"
        ( cd "$bsrc" && apt source -q "busybox=$bb_ver" ) >&2 2> >(grep -v 'does not have a stable CLI\|unsandboxed' >&2) \
            || die "apt source busybox=$bb_ver failed"
        touch "$build/.busybox-$bb_ver"
    fi
    bdir=$(find "$bsrc" -maxdepth 1 -mindepth 1 -type d -name 'busybox-*' | head -1)
    [ -n "$bdir" ] || die "no busybox-* directory after apt source"
    bmake() { make -s -C "$bdir" ARCH=powerpc CROSS_COMPILE=powerpc-linux-gnu- "$@"; }
    say "building a static busybox"
    bmake distclean >/dev/null 2>&1 || true
    bmake defconfig >&2
    sed -i -e 's/^# CONFIG_STATIC is not set/CONFIG_STATIC=y/' \
           -e 's/^CONFIG_TC=y/# CONFIG_TC is not set/' \
           -e 's/^CONFIG_FEATURE_TC_INGRESS=y/# CONFIG_FEATURE_TC_INGRESS is not set/' "$bdir/.config"
    yes '' | bmake oldconfig >/dev/null 2>&1 || true
    bmake -j"$jobs" busybox >&2 2> >(grep -v 'warning\|^  ' >&2)
    file -b "$bdir/busybox" | grep -q 'PowerPC.*statically' || die "busybox is not a static PowerPC binary"

    say "assembling the initramfs"
    work=$(mktemp -d "$cache/.work.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    r=$work/root
    mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc}
    cp "$bdir/busybox" "$r/bin/busybox"
    # the few applets /init needs before `busybox --install -s` makes the rest
    for a in sh mount mkdir cat echo uname sleep ln cut cttyhack; do ln -s /bin/busybox "$r/bin/$a"; done
    ln -s /bin/busybox "$r/usr/bin/setsid"
    cat > "$r/init" <<'EOF'
#!/bin/sh
# /init of the wirewrap linux-ppc-g3 guest (built by tests/guests/linux-ppc-g3.sh)
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts
echo "wirewrap-guest: linux-ppc-g3 up (Linux $(uname -r), $(cut -d' ' -f1 /proc/uptime) s)"
export PS1='ww-guest# '
while :; do
    setsid cttyhack sh
    sleep 1
done
EOF
    chmod 755 "$r/init"
    echo 'root:x:0:0:root:/root:/bin/sh' > "$r/etc/passwd"
    echo 'root:x:0:' > "$r/etc/group"
    mkcpio "$r" "$work/initrd.cpio.gz"
    cp "$ksrc/vmlinux" "$work/vmlinux"
    powerpc-linux-gnu-strip -o "$work/vmlinux.stripped" "$work/vmlinux" 2>/dev/null \
        && mv "$work/vmlinux.stripped" "$work/vmlinux"
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
