#!/usr/bin/env bash
# tests/machines/pc-vga.test.sh — SeaBIOS with its VGA BIOS (vgabios.bin from
# fw_cfg, firmware-loaders/vga_rom.c) on pc/q35 with each S3 variant (-p
# video=trio64|virge|vision864): the screenshot at 1 s of virtual time is the
# 720x400 text screen and its first line is the banner
# "SeaBIOS (version …)" (checked cell by cell: 40 characters, the spaces after
# "SeaBIOS" and "(version"); the screen is drawn in the VGA's light grey.
# Skips (77) while pc/q35 cannot boot (tests/machines/pc-ready.sh) or has no
# S3 display yet (the snippet is in docs/video.md).
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
why=$(tests/machines/pc-ready.sh "$bin") || { echo "$why"; exit 77; }
"$bin" lint pc/q35 -p video=trio64 >/dev/null 2>&1 ||
    { echo "pc/q35 has no S3 display with a 'video' parameter yet (docs/video.md has the snippet)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
for v in trio64 virge vision864; do
    "$bin" run pc/q35 -p video=$v --serial file:"$tmp/$v.serial" \
        --screenshot "$tmp/$v.png@1s" 2>"$tmp/$v.err"
    rc=$?
    if [ $rc -ne 0 ]; then echo "$v: run exited $rc"; cat "$tmp/$v.err"; fail=1; continue; fi
    stat=$(python3 tests/machines/pngstat.py "$tmp/$v.png" --cells 0,0,9,16,45 --color aaaaaa)
    want="#######.########.#######################....."
    if ! grep -q '^width=720 height=400$' <<<"$stat" || ! grep -q "^cells=$want\$" <<<"$stat"; then
        echo "$v: FAIL: the screen is not the SeaBIOS banner in 80x25 text:"; echo "$stat"; fail=1
        continue
    fi
    echo "$v: ok ($(grep color_ <<<"$stat"))"
done
exit $fail
