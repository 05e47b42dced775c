#!/usr/bin/env bash
# tests/guests/debian-i386.sh — build the Linux i386 guest the PC machine boots:
# Debian's non-PAE 686 kernel and a busybox initramfs whose /init mounts proc,
# sys and devtmpfs, prints a banner and starts a shell on the console
# (`setsid cttyhack sh`: with console=ttyS0 the prompt is on the serial line).
# Nothing is installed into the host: the .debs are fetched with
# `apt-get download` and unpacked with `dpkg-deb -x`.
#
#   tests/guests/debian-i386.sh [--print] [--with-modules NAME[,NAME…]] [--force]
#
# Output, in ${XDG_CACHE_HOME:-~/.cache}/wirewrap/guests/debian-i386/:
#   vmlinuz-<abi>          the kernel (bzImage)
#   initrd.cpio.gz         busybox, /init; no modules
#   modules-<set>.cpio.gz  with --with-modules: those modules and their dependencies
#                          under /lib/modules/<abi>/ (+ modules.dep, wirewrap/<name>.order)
#   initrd-<set>.cpio.gz   initrd.cpio.gz followed by modules-<set>.cpio.gz (the kernel
#                          unpacks concatenated archives); nothing is loaded unless the
#                          kernel command line says wwmodules=NAME[,NAME…]
#   stamp, stamp-<set>     package versions, the hash of this script, output hashes
# --print writes KERNEL=… INITRD=… (and MODULES_INITRD=…, KERNEL_PACKAGE=…,
# KERNEL_VERSION=…, BUSYBOX_VERSION=…) on stdout, shell-quoted, for
#   eval "$(tests/guests/debian-i386.sh --print)"
# Progress goes to stderr. The cache is reused when the candidate package versions,
# the module set and this script are unchanged (the stamp records them); --force
# rebuilds. Exit 0 built or reused; 2 the host needs set-up (the commands are printed:
# `dpkg --add-architecture i386`, `apt-get update`, a missing tool); 1 anything else.
set -Eeuo pipefail
trap 'echo "debian-i386: error: a command failed (line $LINENO, exit $?)" >&2' ERR

me=$(readlink -f "$0")
prog=tests/guests/debian-i386.sh
say() { echo "debian-i386: $*" >&2; }
die() { echo "debian-i386: error: $*" >&2; exit 1; }
need_setup() { echo "debian-i386: $1; run as root:" >&2; shift; printf '  %s\n' "$@" >&2; exit 2; }

print=0 force=0 mods=()
while [ $# -gt 0 ]; do
    case "$1" in
    --print) print=1 ;;
    --force) force=1 ;;
    --with-modules) [ $# -ge 2 ] || die "--with-modules needs a module name (e.g. s3fb)"
                    IFS=, read -r -a m <<<"$2"; mods+=("${m[@]}"); shift ;;
    --with-modules=*) IFS=, read -r -a m <<<"${1#*=}"; mods+=("${m[@]}") ;;
    -h|--help) sed -n '2,/^set -Eeuo/{/^set -Eeuo/d;s/^# \{0,1\}//;p}' "$me"; exit 0 ;;
    *) echo "usage: $prog [--print] [--with-modules NAME[,NAME…]] [--force]" >&2; exit 2 ;;
    esac
    shift
done
modset=
if [ ${#mods[@]} -gt 0 ]; then
    modset=$(printf '%s\n' "${mods[@]}" | tr _ - | sort -u | paste -sd+ -)
    [[ $modset =~ ^[A-Za-z0-9+-]+$ ]] || die "bad module name in '$modset'"
fi

cache=${XDG_CACHE_HOME:-$HOME/.cache}/wirewrap/guests/debian-i386
mkdir -p "$cache/debs"

missing=()
for t in apt-get:apt apt-cache:apt dpkg:dpkg dpkg-deb:dpkg cpio:cpio gzip:gzip xz:xz-utils \
         sha256sum:coreutils flock:util-linux; do
    command -v "${t%%:*}" >/dev/null || missing+=("${t#*:}")
done
[ ${#missing[@]} -eq 0 ] || need_setup "missing tools (packages ${missing[*]})" \
    "apt-get install -y --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u | paste -sd' ' -)"
exec 9>"$cache/.lock"
flock 9 || die "cannot lock $cache/.lock"

# --- which packages ------------------------------------------------------------
candidate() {   # $1 = package[:arch] -> candidate version or nothing
    apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p' | grep -v '^(none)$' || true
}
have_i386=0 bb_ver= kpkg= kver=
resolve() {
    have_i386=0 bb_ver= kpkg= kver=
    dpkg --print-foreign-architectures | grep -qx i386 && have_i386=1
    [ $have_i386 = 1 ] || return 0
    bb_ver=$(candidate busybox-static:i386)
    # The metapackage names the current ABI; a glob like linux-image-6.1.0-*-686
    # matches every ABI in the archive.
    kpkg=$(apt-cache depends linux-image-686:i386 2>/dev/null |
           sed -n 's/^ *Depends: *\(linux-image-[0-9][^:]*-686\)\(:i386\)\{0,1\}$/\1/p' | head -1)
    if [ -z "$kpkg" ]; then   # no metapackage: the newest ABI by version
        kpkg=$(apt-cache pkgnames linux-image- 2>/dev/null |
               grep -E '^linux-image-[0-9.]+-[0-9]+-686$' | sort -V | tail -1 || true)
    fi
    [ -z "$kpkg" ] || kver=$(candidate "$kpkg:i386")
}
resolve
if { [ -z "$bb_ver" ] || [ -z "$kver" ]; } && [ "$(id -u)" -eq 0 ]; then
    if [ $have_i386 = 0 ]; then
        say "dpkg --add-architecture i386"
        dpkg --add-architecture i386 || die "dpkg --add-architecture i386 failed"
    fi
    say "apt-get update (for the i386 package lists)"
    apt-get update -q=2 >&2 || say "apt-get update failed"
    resolve
fi
offline=0
if [ -z "$bb_ver" ] || [ -z "$kver" ]; then
    # Offline or not set up: a complete cache is still usable.
    if [ $force = 0 ] && [ -f "$cache/stamp" ] && [ -z "$modset" -o -f "$cache/stamp-$modset" ]; then
        say "cannot ask apt for the i386 packages; using the cache as it is"
        offline=1
    elif [ "$(id -u)" -eq 0 ]; then
        die "apt knows no busybox-static:i386 or linux-image-686:i386 even after apt-get update"
    elif [ $have_i386 = 0 ]; then
        need_setup "the i386 architecture is not configured for apt" \
            "dpkg --add-architecture i386" "apt-get update"
    else
        need_setup "apt knows no busybox-static:i386 or linux-image-686:i386 (package lists stale?)" \
            "apt-get update"
    fi
fi
script_hash=$(sha256sum "$me" | cut -d' ' -f1)

# --- stamps ---------------------------------------------------------------------
# A stamp holds the inputs (first lines) then "out NAME SHA256" lines.
stamp_inputs() {   # $1 = module set or ""
    echo "script $script_hash"
    echo "kernel $kpkg $kver"
    echo "busybox busybox-static $bb_ver"
    [ -n "$1" ] && echo "modules $1"
    return 0
}
stamp_ok() {   # $1 = stamp file, $2 = module set; inputs match and outputs intact
    local f=$1 name sum
    [ -f "$f" ] || return 1
    if [ $offline = 0 ]; then
        diff -q <(stamp_inputs "$2") <(grep -v '^out ' "$f") >/dev/null || return 1
    fi
    while read -r _ name sum; do
        [ -f "$cache/$name" ] || return 1
        [ "$(sha256sum "$cache/$name" | cut -d' ' -f1)" = "$sum" ] || return 1
    done < <(grep '^out ' "$f")
    grep -q '^out ' "$f"
}
stamp_val() { sed -n "s/^$2 //p" "$1" | head -1; }   # stamp field

if [ $offline = 1 ]; then
    read -r kpkg kver <<<"$(stamp_val "$cache/stamp" kernel)"
    read -r _ bb_ver <<<"$(stamp_val "$cache/stamp" busybox)"
fi
abi=${kpkg#linux-image-}
kernel=$cache/vmlinuz-$abi

# --- downloads --------------------------------------------------------------------
deb_path() {   # $1 = package, $2 = version -> the file apt-get download writes
    local v=${2//:/%3a}
    echo "$cache/debs/${1}_${v}_i386.deb"
}
fetch() {   # $1 = package, $2 = version
    local f
    f=$(deb_path "$1" "$2")
    if [ -s "$f" ] && dpkg-deb -f "$f" Version >/dev/null 2>&1; then
        return 0
    fi
    say "downloading $1 $2 (apt-get download)"
    ( cd "$cache/debs" && apt-get download -q=2 "$1:i386=$2" ) >&2 2> >(grep -v 'unsandboxed as root' >&2) \
        || die "apt-get download $1:i386=$2 failed"
    [ -s "$f" ] || die "apt-get download did not write $f"
    # keep only the current version of each package
    find "$cache/debs" -name "${1}_*_i386.deb" ! -path "$f" -delete
}

# tmp work directory inside the cache, removed on exit
work=
cleanup() { [ -n "$work" ] && rm -rf "$work"; return 0; }
trap cleanup EXIT
mkwork() { [ -n "$work" ] || work=$(mktemp -d "$cache/.work.XXXXXX"); }

mkcpio() {   # $1 = directory, $2 = output .cpio.gz: newc, root-owned, reproducible
    ( cd "$1" && find . -mindepth 1 -exec touch -h -d @0 {} + &&
      find . -mindepth 1 | LC_ALL=C sort |
      cpio --quiet -o -H newc -R 0:0 --reproducible ) | gzip -n -9 > "$2.tmp"
    mv "$2.tmp" "$2"
}

# --- the base guest ------------------------------------------------------------------
base_built=0
if [ $force = 1 ] || ! stamp_ok "$cache/stamp" ""; then
    [ $offline = 0 ] || die "the cache is incomplete and apt cannot be asked"
    say "building the guest: $kpkg $kver, busybox-static $bb_ver"
    fetch "$kpkg" "$kver"
    fetch busybox-static "$bb_ver"
    mkwork
    say "extracting vmlinuz-$abi"
    mkdir -p "$work/k"
    dpkg-deb --fsys-tarfile "$(deb_path "$kpkg" "$kver")" |
        tar -x -C "$work/k" "./boot/vmlinuz-$abi" || die "no boot/vmlinuz-$abi in $kpkg"
    say "extracting busybox"
    dpkg-deb -x "$(deb_path busybox-static "$bb_ver")" "$work/bb"
    [ -x "$work/bb/bin/busybox" ] || die "no bin/busybox in busybox-static"

    say "assembling the initramfs"
    r=$work/root
    mkdir -p "$r"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc}
    cp "$work/bb/bin/busybox" "$r/bin/busybox"
    # Applet links: every applet when the host can run the i386 binary (x86-64
    # hosts can), else the few /init needs; /init installs the rest at boot.
    if applets=$("$r/bin/busybox" --list-full 2>/dev/null) && [ -n "$applets" ]; then :; else
        applets=$(printf '%s\n' bin/sh bin/mount bin/mkdir bin/cat bin/echo bin/uname \
                  bin/sleep usr/bin/setsid bin/cttyhack bin/ln)
    fi
    while read -r a; do
        [ "$a" = bin/busybox ] || [ -e "$r/$a" ] || ln -s /bin/busybox "$r/$a"
    done <<<"$applets"
    cat > "$r/init" <<'EOF'
#!/bin/sh
# /init of the wirewrap debian-i386 guest (built by tests/guests/debian-i386.sh)
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root
[ -e /bin/ls ] || /bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
# kernel modules are loaded only on request: wwmodules=NAME[,NAME...]; their
# parameters come from the command line as modprobe takes them (NAME.PARAM=VALUE,
# e.g. s3fb.mode_option=1024x768-8@60: a modular fbdev driver ignores video=)
for a in $(cat /proc/cmdline); do
    case "$a" in
    wwmodules=*)
        for m in $(echo "${a#wwmodules=}" | tr , ' '); do
            o=/lib/modules/$(uname -r)/wirewrap/$m.order
            if [ -f "$o" ]; then
                for f in $(cat "$o"); do
                    n=$(basename "$f" .ko | tr - _)
                    args=
                    for p in $(cat /proc/cmdline); do
                        case "$p" in "$n".*=*) args="$args ${p#"$n".}" ;; esac
                    done
                    insmod "/lib/modules/$(uname -r)/$f" $args &&
                        echo "wirewrap-guest: loaded $f$args"
                done
            else
                echo "wirewrap-guest: module $m is not in this initramfs"
            fi
        done ;;
    esac
done
echo "wirewrap-guest: debian-i386 up (Linux $(uname -r), $(cut -d' ' -f1 /proc/uptime) s)"
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

    # install: drop stale kernels, move the new files, then the stamp
    find "$cache" -maxdepth 1 -name 'vmlinuz-*' ! -name "vmlinuz-$abi" -delete
    mv "$work/k/boot/vmlinuz-$abi" "$kernel"
    mv "$work/initrd.cpio.gz" "$cache/initrd.cpio.gz"
    { stamp_inputs ""
      for o in "vmlinuz-$abi" initrd.cpio.gz; do
          echo "out $o $(sha256sum "$cache/$o" | cut -d' ' -f1)"; done
    } > "$cache/stamp.tmp"
    mv "$cache/stamp.tmp" "$cache/stamp"
    # module sets built against the old base are stale now
    find "$cache" -maxdepth 1 \( -name 'stamp-*' -o -name 'modules-*.cpio.gz' \
                                 -o -name 'initrd-*.cpio.gz' \) -delete
    base_built=1
    say "built $kernel ($(stat -c %s "$kernel") bytes), $cache/initrd.cpio.gz ($(stat -c %s "$cache/initrd.cpio.gz") bytes)"
else
    say "up to date: $kpkg $kver, busybox-static $bb_ver (cache $cache)"
fi

# --- optional modules ------------------------------------------------------------------
if [ -n "$modset" ]; then
    if [ $force = 1 ] || [ $base_built = 1 ] || ! stamp_ok "$cache/stamp-$modset" "$modset"; then
        [ $offline = 0 ] || die "the module cache is incomplete and apt cannot be asked"
        fetch "$kpkg" "$kver"
        mkwork
        say "extracting modules ${modset//+/, } and their dependencies"
        rm -rf "$work/m" && mkdir -p "$work/m"
        dpkg-deb --fsys-tarfile "$(deb_path "$kpkg" "$kver")" |
            tar -x -C "$work/m" --wildcards "./lib/modules/$abi/kernel/*" ||
            die "no lib/modules/$abi in $kpkg"
        mroot=$work/m/lib/modules/$abi
        find_mod() {   # $1 = name (- and _ are the same) -> path relative to $mroot
            local n=${1//_/-} re
            re="${n//-/[-_]}\\.ko(\\.xz)?"
            (cd "$mroot" && find kernel -regextype posix-extended -regex ".*/$re" | head -1)
        }
        add_mod() {   # depth-first: dependencies before the module
            local p deps d
            p=$(find_mod "$1")
            [ -n "$p" ] || die "module $1 is not in $kpkg"
            [ -n "${done_[$p]:-}" ] && return 0
            done_[$p]=1
            if [[ $p == *.xz ]]; then
                xz -d "$mroot/$p" && p=${p%.xz}
                done_[$p]=1
            fi
            deps=$(tr '\0' '\n' < "$mroot/$p" | sed -n 's/^depends=//p' | head -1)
            for d in ${deps//,/ }; do add_mod "$d"; done
            order+=("$p")
        }
        out=$work/mods/lib/modules/$abi
        mkdir -p "$out/wirewrap"
        all=()
        for n in ${modset//+/ }; do
            declare -A done_=()
            order=()
            add_mod "$n"
            # this module's load order: its dependencies, then itself
            printf '%s\n' "${order[@]}" > "$out/wirewrap/$n.order"
            for p in "${order[@]}"; do
                [[ " ${all[*]} " == *" $p "* ]] || all+=("$p")
            done
            unset done_
        done
        order=("${all[@]}")
        for p in "${order[@]}"; do
            mkdir -p "$out/$(dirname "$p")"
            cp "$mroot/$p" "$out/$p"
        done
        # modules.dep in the depmod format (every dependency, nearest first), for
        # modprobe inside the guest
        mod_path() { (cd "$out" && find kernel -name "$(echo "$1" | sed 's/[-_]/[-_]/g').ko" | head -1); }
        mod_deps() {   # $1 = path -> its dependencies' paths, transitively
            local d q
            for d in $(tr '\0' '\n' < "$out/$1" | sed -n 's/^depends=//p' | head -1 | tr , ' '); do
                q=$(mod_path "$d")
                echo "$q"
                mod_deps "$q"
            done
        }
        for p in "${order[@]}"; do
            echo "$p:$(mod_deps "$p" | awk '!seen[$0]++ { printf " %s", $0 }')"
        done > "$out/modules.dep"
        mkcpio "$work/mods" "$work/modules.cpio.gz"
        mv "$work/modules.cpio.gz" "$cache/modules-$modset.cpio.gz"
        cat "$cache/initrd.cpio.gz" "$cache/modules-$modset.cpio.gz" > "$cache/initrd-$modset.cpio.gz.tmp"
        mv "$cache/initrd-$modset.cpio.gz.tmp" "$cache/initrd-$modset.cpio.gz"
        { stamp_inputs "$modset"
          for o in "modules-$modset.cpio.gz" "initrd-$modset.cpio.gz"; do
              echo "out $o $(sha256sum "$cache/$o" | cut -d' ' -f1)"; done
        } > "$cache/stamp-$modset.tmp"
        mv "$cache/stamp-$modset.tmp" "$cache/stamp-$modset"
        say "built $cache/initrd-$modset.cpio.gz: ${order[*]} (boot with wwmodules=${modset//+/,} to load)"
    else
        say "up to date: modules ${modset//+/, }"
    fi
fi

if [ $print = 1 ]; then
    printf 'KERNEL=%q\n' "$kernel"
    if [ -n "$modset" ]; then
        printf 'INITRD=%q\n' "$cache/initrd-$modset.cpio.gz"
        printf 'MODULES_INITRD=%q\n' "$cache/modules-$modset.cpio.gz"
    else
        printf 'INITRD=%q\n' "$cache/initrd.cpio.gz"
    fi
    printf 'KERNEL_PACKAGE=%q\nKERNEL_VERSION=%q\nBUSYBOX_VERSION=%q\n' "$kpkg" "$kver" "$bb_ver"
fi
exit 0
