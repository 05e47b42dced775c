#!/usr/bin/env bash
# tests/cli/disk-options.test.sh — `wirewrap run --disk` with what users get
# wrong (issue 21): each mistake is one line naming the option, exit 2, and
# nothing runs. A malformed spec; a slot the machine lacks (the line lists
# the slots it has); one slot given twice; a missing file; an unknown option
# (with a suggestion); and one image attached twice for writing, which the
# image lock refuses (core/media.h, ww_media_lock_fd) while two read-only
# attachments of it are fine. Skips (77) when pc/q35 cannot load (no SeaBIOS).
set -u
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
truncate -s 1M "$tmp/a.img"
out=$("$bin" run pc/q35 --until 1ms 2>&1) ||
    { echo "pc/q35 does not load here: ${out##*$'\n'}"; exit 77; }

expect() {   # $1 = what the line must contain, then the --disk arguments
    local want=$1; shift
    local args=() a
    for a in "$@"; do args+=(--disk "$a"); done
    err=$("$bin" run pc/q35 "${args[@]}" --until 1ms 2>&1); rc=$?
    [ $rc -eq 2 ] || fail "--disk $*: exit $rc, expected 2: $err"
    case "$err" in "wirewrap run: --disk "*"$want"*) ;; *) fail "--disk $*: '$err' lacks '$want'" ;; esac
    [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "--disk $*: more than one line: $err"
    echo "ok: --disk $* -> ${err#wirewrap run: }"
}
expect "expected ID=PATH" "$tmp/a.img"
expect "expected ID=PATH" "sata0="
expect "no disk slot 'hda' (it has sata0, sata1, sata2, sata3, sata4, sata5)" "hda=$tmp/a.img"
expect "sata0 is given twice" "sata0=$tmp/a.img" "sata0=$tmp/b.img"
expect "No such file or directory" "sata0=$tmp/none.img"
expect "did you mean 'snapshot'" "sata0=$tmp/a.img,snapshoot=on"
expect "the image is in use: something else is writing it" "sata0=$tmp/a.img" "sata1=$tmp/a.img"
expect "readers allow no writer" "sata0=$tmp/a.img,readonly=on" "sata1=$tmp/a.img"
err=$("$bin" run pc/q35 --disk "sata0=$tmp/a.img,readonly=on" --disk "sata1=$tmp/a.img,snapshot=on" \
      --until 1ms 2>&1) || fail "two read-only attachments of one image: $err"
echo "ok: one image read-only on sata0 and under snapshot=on on sata1"
"$bin" run --help | grep -q -- "--disk ID=PATH" || fail "run --help does not mention --disk"
exit 0
