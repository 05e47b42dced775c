#!/usr/bin/env bash
# tests/cli/macos-rom.test.sh — a project-built "Mac OS ROM" file (the bootinfo
# container with its <CHRP-BOOT> script and an LZSS-compressed Toolbox image,
# as Mac OS 8.5+ ship it): `wirewrap roms macos-rom --build` makes it,
# `roms macos-rom FILE -o IMAGE` checks it and gets the image back byte for
# byte with its version and checksum, `roms scan` names it, and truncated or
# foreign files get an error that says what is wrong.
set -u
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# A 128 KiB image: header checksum (sum of the 16-bit words after it), version $077D.
python3 - "$tmp/image" <<'PY'
import struct, sys
b = bytearray((b'wirewrap toolbox image ' * 6000)[:128 * 1024])
b[8:10] = b'\x07\x7d'
s = sum(struct.unpack('>%dH' % ((len(b) - 4) // 2), bytes(b[4:]))) & 0xffffffff
b[0:4] = struct.pack('>I', s)
open(sys.argv[1], 'wb').write(b)
PY
"$bin" roms macos-rom --build "$tmp/image" "$tmp/Mac OS ROM" "Mac OS ROM test 1.0" || fail "build"
head -c 11 "$tmp/Mac OS ROM" | grep -q '<CHRP-BOOT>' || fail "no <CHRP-BOOT> at the start"

out=$("$bin" roms macos-rom "$tmp/Mac OS ROM" -o "$tmp/back") || fail "macos-rom: $out"
cmp -s "$tmp/image" "$tmp/back" || fail "the extracted image differs from the original"
grep -q '^version:      \$077D$' <<<"$out" || fail "version: $out"
grep -q 'matches' <<<"$out" || fail "checksum: $out"
grep -q 'Mac OS ROM test 1.0' <<<"$out" || fail "description: $out"

mkdir "$tmp/scan"; cp "$tmp/Mac OS ROM" "$tmp/scan/"
out=$("$bin" roms scan "$tmp/scan" 2>&1) || fail "scan: $out"
grep -q 'Mac OS ROM: Mac OS ROM file (Mac OS ROM test 1.0), Toolbox image 131072 bytes from LZSS, version \$077D, checksum [0-9A-F]\{8\} (matches)' <<<"$out" \
    || fail "scan did not name the file: $out"
grep -q '^1 of 1 files identified' <<<"$out" || fail "scan summary: $out"

# Truncated and foreign files.
head -c 2000 "$tmp/Mac OS ROM" > "$tmp/cut"
err=$("$bin" roms macos-rom "$tmp/cut" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "truncated file: exit $rc"
grep -q 'truncated Mac OS ROM file: the compressed ROM image' <<<"$err" || fail "truncated: $err"
err=$("$bin" roms macos-rom /usr/bin/env 2>&1); rc=$?
[ $rc -eq 1 ] || fail "foreign file: exit $rc"
grep -q 'not a Mac OS ROM file' <<<"$err" || fail "foreign: $err"
exit 0
