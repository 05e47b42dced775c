# tests/guests/busybox-initramfs.sh — the part the kernel-building guest scripts
# share (tests/guests/linux-ppc-g3.sh, tests/guests/linux-m68k-quadra.sh): the
# busybox source from Debian (apt source, with a deb-src entry for bookworm main), a
# static busybox built with a cross compiler, and the initramfs around it — /init
# mounts proc, sys, devtmpfs and devpts, prints
#   wirewrap-guest: NAME up (Linux VERSION, UPTIME s)
# and runs `setsid cttyhack sh` in a loop with PS1='ww-guest# ' (as the PC's
# tests/guests/debian-i386.sh does).
#
# Sourced, not run. The caller defines say, die and need_setup (message, then the
# commands to run as root; exits 2), sets `cache` (its cache directory), `force`
# (0/1) and `jobs`, and then calls:
#   bb_source_version        sets bb_ver (the busybox source version apt offers; with
#                            no deb-src entry, adds one as root, else need_setup; falls
#                            back on "busybox V" in $cache/stamp when apt knows none)
#   bb_build DIR ARCH CROSS FILE_RE
#                            fetches the source into DIR (once per version), builds a
#                            static busybox (defconfig without tc), checks `file -b`
#                            against FILE_RE; sets busybox_bin
#   initramfs_build NAME BUSYBOX OUT.cpio.gz
#                            the root tree and /init above, packed by mkcpio
#   mkcpio DIR OUT.cpio.gz   newc, root-owned, mtime 0, sorted, gzip -n: reproducible
# bb_helper_hash is this file's SHA-256, for the callers' stamps.

bb_helper=$(readlink -f "${BASH_SOURCE[0]}")
bb_helper_hash=$(sha256sum "$bb_helper" | cut -d' ' -f1)

bb_source_version() {
    local srcfile=/etc/apt/sources.list.d/wirewrap-src.sources
    bb_ver=$(apt-cache showsrc busybox 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -1 || true)
    if [ -z "$bb_ver" ] && [ "$(id -u)" -eq 0 ]; then
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
    if [ -z "$bb_ver" ]; then
        if [ -f "$cache/stamp" ] && [ "$force" = 0 ]; then
            bb_ver=$(sed -n 's/^busybox //p' "$cache/stamp")
            say "apt knows no busybox source; using the cache as it is"
        else
            need_setup "apt knows no busybox source package (no deb-src line)" \
                "printf 'Types: deb-src\\nURIs: http://deb.debian.org/debian\\nSuites: bookworm\\nComponents: main\\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\\n' > $srcfile" \
                "apt-get update"
        fi
    fi
}

bb_build() {   # $1 build dir, $2 ARCH, $3 CROSS_COMPILE, $4 regex on `file -b`
    local build=$1 arch=$2 cross=$3 re=$4 bsrc=$1/busybox-src bdir
    if [ ! -f "$build/.busybox-$bb_ver" ]; then
        say "fetching the busybox source $bb_ver (apt source)"
        rm -rf "$bsrc" "$build"/.busybox-* && mkdir -p "$bsrc"
        ( cd "$bsrc" && apt source -q "busybox=$bb_ver" ) >&2 \
            2> >(grep -v 'does not have a stable CLI\|unsandboxed' >&2) \
            || die "apt source busybox=$bb_ver failed"
        touch "$build/.busybox-$bb_ver"
    fi
    bdir=$(find "$bsrc" -maxdepth 1 -mindepth 1 -type d -name 'busybox-*' | head -1)
    [ -n "$bdir" ] || die "no busybox-* directory after apt source"
    bmake() { make -s -C "$bdir" ARCH="$arch" CROSS_COMPILE="$cross" "$@"; }
    say "building a static busybox ($cross)"
    bmake distclean >/dev/null 2>&1 || true
    bmake defconfig >&2
    sed -i -e 's/^# CONFIG_STATIC is not set/CONFIG_STATIC=y/' \
           -e 's/^CONFIG_TC=y/# CONFIG_TC is not set/' \
           -e 's/^CONFIG_FEATURE_TC_INGRESS=y/# CONFIG_FEATURE_TC_INGRESS is not set/' "$bdir/.config"
    yes '' | bmake oldconfig >/dev/null 2>&1 || true
    bmake -j"$jobs" busybox >&2 2> >(grep -v 'warning\|^  ' >&2)
    file -b "$bdir/busybox" | grep -Eq "$re" || die "busybox is not a static binary of the target ($(file -b "$bdir/busybox"))"
    busybox_bin=$bdir/busybox
}

mkcpio() {   # $1 = directory, $2 = output .cpio.gz: newc, root-owned, reproducible
    ( cd "$1" && find . -mindepth 1 -exec touch -h -d @0 {} + &&
      find . -mindepth 1 | LC_ALL=C sort |
      cpio --quiet -o -H newc -R 0:0 --reproducible ) | gzip -n -9 > "$2.tmp"
    mv "$2.tmp" "$2"
}

initramfs_build() {   # $1 guest name, $2 busybox binary, $3 output .cpio.gz
    local name=$1 bb=$2 out=$3 work r a
    say "assembling the initramfs"
    work=$(mktemp -d "$cache/.work.XXXXXX")
    r=$work/root
    mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc}
    cp "$bb" "$r/bin/busybox"
    # the few applets /init needs before `busybox --install -s` makes the rest
    for a in sh mount mkdir cat echo uname sleep ln cut cttyhack; do ln -s /bin/busybox "$r/bin/$a"; done
    ln -s /bin/busybox "$r/usr/bin/setsid"
    sed "s/@NAME@/$name/g" > "$r/init" <<'EOF'
#!/bin/sh
# /init of the wirewrap @NAME@ guest (tests/guests/busybox-initramfs.sh)
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
exec </dev/console >/dev/console 2>&1
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts
echo "wirewrap-guest: @NAME@ up (Linux $(uname -r), $(cut -d' ' -f1 /proc/uptime) s)"
export PS1='ww-guest# '
while :; do
    setsid cttyhack sh
    sleep 1
done
EOF
    chmod 755 "$r/init"
    echo 'root:x:0:0:root:/root:/bin/sh' > "$r/etc/passwd"
    echo 'root:x:0:' > "$r/etc/group"
    mkcpio "$r" "$out"
    rm -rf "$work"
}
