#!/usr/bin/env bash
# tests/machines/pc-s3fb.test.sh — Linux's s3fb on pc/q35's S3 card at
# 1024x768, 8 bpp (the guest loads s3fb with s3fb.mode_option=1024x768-8@60:
# a modular s3fb ignores video=, tests/guests/README.md), for the variants
# s3fb drives (trio64, virge; the vision864 is not in s3fb's device table, so
# it stays in VGA text mode, which tests/machines/pc-vga.test.sh covers).
#  1. Interactive boot (tests/machines/console.py): /proc/fb lists the card
#     ("0 S3 Trio64" / "0 S3 Virge"), fb0's driver is s3fb, the virtual size
#     is 1024 wide, the mode is 1024x768.
#  2. A run to a screenshot at WW_S3FB_SHOT (default 30 s of virtual time: the guest is up after about 20 s):
#     the kernel said "fb0: S3 … on 0000:00:02.0" and fbcon took the console
#     ("frame buffer device 128x48"); the picture is 1024x768 and holds
#     fbcon's text (light grey dots, character cells with ink on the top
#     lines) — pixels, not just the size.
# Skips (77) while pc/q35 cannot boot or has no S3 display, or when the guest
# cannot be built here.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
why=$(tests/machines/pc-ready.sh "$bin") || { echo "$why"; exit 77; }
"$bin" lint pc/q35 -p video=trio64 >/dev/null 2>&1 ||
    { echo "pc/q35 has no S3 display with a 'video' parameter yet (docs/video.md has the snippet)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
guest=$(tests/guests/debian-i386.sh --with-modules s3fb --print 2>"$tmp/guest.err")
rc=$?
if [ $rc -eq 2 ]; then cat "$tmp/guest.err"; echo "the i386 guest cannot be built here (set-up above)"; exit 77; fi
[ $rc -eq 0 ] || { cat "$tmp/guest.err"; echo "tests/guests/debian-i386.sh failed (exit $rc)"; exit 1; }
eval "$guest"
# cryptomgr.notests noisapnp: skip the crypto self-tests and the ISA PnP probe (tests/guests/README.md)
append="console=tty0 console=ttyS0 wwmodules=s3fb s3fb.mode_option=1024x768-8@60 cryptomgr.notests noisapnp"
shot_at=${WW_S3FB_SHOT:-30s}
fail=0
for v in trio64 virge; do
    case $v in trio64) name="S3 Trio64" ;; virge) name="S3 Virge" ;; esac
    out=$(python3 tests/machines/console.py --boot-timeout "${WW_PC_BOOT_TIMEOUT:-300}" \
          --timeout 60 --log "$tmp/$v.log" \
          --check "cat /proc/fb" "0 $name" \
          --check "basename \$(readlink /sys/class/graphics/fb0/device/driver)" "s3fb" \
          --check "cut -d, -f1 /sys/class/graphics/fb0/virtual_size" "1024" \
          --check "cat /sys/class/graphics/fb0/modes" "U:1024x768p-[0-9]+" -- \
          "$bin" run pc/q35 -p video=$v --kernel "$KERNEL" --initrd "$INITRD" \
          --append "$append" --headless --serial stdio 2>"$tmp/$v.err")
    if [[ $out != result=ok* ]]; then
        echo "$v: FAIL (console): $out"; cat "$tmp/$v.err"; fail=1; continue
    fi
    "$bin" run pc/q35 -p video=$v --kernel "$KERNEL" --initrd "$INITRD" --append "$append" \
        --serial file:"$tmp/$v.serial" --screenshot "$tmp/$v.png@$shot_at" 2>"$tmp/$v.err2"
    rc=$?
    if [ $rc -ne 0 ]; then echo "$v: FAIL: screenshot run exited $rc"; cat "$tmp/$v.err2"; fail=1; continue; fi
    grep -q "fb0: $name on 0000:00:02.0" "$tmp/$v.serial" ||
        { echo "$v: FAIL: no 'fb0: $name on 0000:00:02.0' in the kernel log"; fail=1; continue; }
    grep -q "frame buffer device 128x48" "$tmp/$v.serial" ||
        { echo "$v: FAIL: fbcon did not take the console (no 128x48 frame buffer device)"; fail=1; continue; }
    stat=$(python3 tests/machines/pngstat.py "$tmp/$v.png" --region 0,0,1024,160 \
           --color aaaaaa --cells 0,0,8,16,60)
    grey=$(sed -n 's/^color_aaaaaa=//p' <<<"$stat")
    cells=$(sed -n 's/^cells=//p' <<<"$stat" | tr -cd '#' | wc -c)
    if ! grep -q '^width=1024 height=768$' <<<"$stat" || [ "${grey:-0}" -lt 500 ] ||
       [ "$cells" -lt 10 ]; then
        echo "$v: FAIL: the screenshot does not show fbcon's text:"; echo "$stat"; fail=1; continue
    fi
    [ -n "${WW_TEST_SHOTS:-}" ] && cp "$tmp/$v.png" "$WW_TEST_SHOTS/s3fb-$v.png"
    echo "$v: ok (console $out; grey dots $grey, cells with ink on the first row $cells of 60)"
done
exit $fail
