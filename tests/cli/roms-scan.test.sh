#!/usr/bin/env bash
# tests/cli/roms-scan.test.sh — `wirewrap roms scan` on what a new user
# points it at (issue 20): a missing path is an error, and every file it does
# not hash is reported with the reason and counted in the summary.
set -u
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'chmod -R u+rwx "$tmp"; rm -rf "$tmp"' EXIT

err=$("$bin" roms scan /nonexistent/dir 2>&1); rc=$?
[ $rc -eq 2 ] || fail "scan of a missing directory: exit $rc, expected 2: $err"
[ "$err" = "wirewrap roms scan: /nonexistent/dir: No such file or directory" ] || fail "$err"
"$bin" roms scan "$tmp" /nonexistent >/dev/null 2>&1; [ $? -eq 2 ] || fail "one missing of two"

# One file to hash, then one of each reason to skip.
printf 'not a rom' >"$tmp/a.bin"
: >"$tmp/empty.bin"
mkfifo "$tmp/fifo"
ln -s /nonexistent "$tmp/broken"
mkdir "$tmp/real"; ln -s "$tmp/real" "$tmp/dirlink"
deep=$tmp/d1/d2/d3/d4/d5/d6/d7/d8/d9
mkdir -p "$deep"; printf x >"$deep/deep.bin"
skips=5
if [ "$(id -u)" -ne 0 ]; then   # root reads anything
    printf x >"$tmp/secret.bin"; chmod 000 "$tmp/secret.bin"
    mkdir "$tmp/closed"; chmod 000 "$tmp/closed"
    skips=7
fi
out=$("$bin" roms scan "$tmp" 2>"$tmp.err"); rc=$?
err=$(cat "$tmp.err"); rm -f "$tmp.err"
[ $rc -eq 0 ] || fail "scan: exit $rc: $err"
want() { case "$err" in *"$1"*) ;; *) fail "no skip report '$1' in: $err" ;; esac; }
want "$tmp/empty.bin: skipped: empty"
want "$tmp/fifo: skipped: a FIFO"
want "$tmp/broken: skipped: broken symbolic link"
want "$tmp/dirlink: skipped: symbolic link to a directory, not followed"
want "$tmp/d1/d2/d3/d4/d5/d6/d7/d8/d9: skipped: directory more than 8 levels deep, not scanned"
if [ $skips -eq 7 ]; then
    want "$tmp/secret.bin: skipped: unreadable"
    want "$tmp/closed: skipped: unreadable directory"
fi
[ "$(printf '%s\n' "$err" | grep -c ': skipped: ')" -eq $skips ] || fail "skips: $err"
case "$out" in *"0 of 1 files identified; $skips skipped (reasons above)") ;;
*) fail "summary: $out" ;; esac
exit 0
