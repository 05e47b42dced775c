#!/usr/bin/env bash
# tests/machines/quadra-fb.test.sh — the Quadra 800's built-in video: Linux's
# macfb takes the frame buffer from the bootinfo (0xF9000000, 640x480x8,
# "DAFB"), fbcon draws the boot log on it (console=tty0 as well), and a PNG
# screenshot of the display at 10 s of virtual time (the shell is up by then)
# is not blank: several colours, and the text covers a fair share of it.
# Skips (77) under ASan or when the guest cannot be built without set-up.
cd "$(dirname "$0")/../.." || exit 1
. tests/machines/quadra-guest.sh
png=$tmp/console.png
quadra_boot fb "console=tty0 console=ttyS0" --until 600s --screenshot "$png@10s" -- \
    --check 'cat /proc/fb' '0 DAFB' \
    --check 'dmesg | grep -c "macfb: mode is 640x480x8"' 1 \
    --check 'sleep 6; echo slept' slept \
    || exit 1
# pngstat: the picture's size, its distinct colours, and how much of it is
# not the background (black; fbcon's text is grey on it).
stat=$(python3 tests/machines/pngstat.py "$png" --color 000000) || { echo "fb: not a PNG"; exit 1; }
black=$(sed -n 's/^color_000000=//p' <<<"$stat")
distinct=$(sed -n 's/.*distinct=//p' <<<"$stat")
echo "fb: $(head -1 <<<"$stat"), $distinct colours, $(( (640 * 480 - ${black:-0}) * 100 / (640 * 480) ))% off the background"
if ! grep -q '^width=640 height=480$' <<<"$stat" || [ "${distinct:-0}" -lt 2 ] ||
   [ "${black:-0}" -gt $(( 640 * 480 * 99 / 100 )) ]; then
    echo "fb: FAIL: the screenshot is blank:"; echo "$stat"; exit 1
fi
[ -n "${WW_TEST_SHOTS:-}" ] && cp "$png" "$WW_TEST_SHOTS/quadra-fb.png"
exit 0
