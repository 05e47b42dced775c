#!/usr/bin/env bash
# `wirewrap run` and its window/overlay options on a machine with a display
# but no CPU (a VGA at reset, no ROM needed): --help names F12 and the
# options; bad --speed/--scale values are usage errors; with no display to
# open a window on, run says so once and goes on headless (exit 0), and
# --headless does so silently; SDL's dummy video driver opens a window and
# the run ends normally; --overlay works headless, on a 9x1 picture too; a
# missing or broken font file is a clear start-up error (exit 2), never a
# crash.
set -u
bin=${WIREWRAP_BIN:?WIREWRAP_BIN not set}
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/vga.xml" <<'XML'
<machine name="test/vga-only">
  <space name="cpu.mem" bits="32"/>
  <space name="cpu.io" bits="16"/>
  <chip id="video" type="vga"/>
  <space name="video.io" alias="cpu.io"/>
  <space name="video.mem" alias="cpu.mem"/>
  <display from="video"/>
</machine>
XML
help=$("$bin" run --help) || fail "run --help exited $?"
for w in F12 --headless "--speed realtime" --overlay --scale --fullscreen Ctrl+Alt; do
    grep -qF -- "$w" <<<"$help" || fail "run --help does not mention $w"
done
for bad in "--speed fast" "--scale 3"; do
    "$bin" run "$tmp/vga.xml" $bad --until 1ms 2>"$tmp/err"
    rc=$?; [ $rc -eq 2 ] || fail "$bad: exit $rc, expected 2"
    grep -q "expected" "$tmp/err" || fail "$bad: $(cat "$tmp/err")"
done
# No display: one line, then headless.
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$bin" run "$tmp/vga.xml" --until 5ms \
    --serial none 2>"$tmp/err" || fail "no display: exit $?: $(cat "$tmp/err")"
grep -q "running headless" "$tmp/err" || fail "no display: no message: $(cat "$tmp/err")"
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$bin" run "$tmp/vga.xml" --until 5ms \
    --serial none --headless 2>"$tmp/err" || fail "--headless: exit $?"
grep -q "window" "$tmp/err" && fail "--headless talked about a window: $(cat "$tmp/err")"
# SDL's dummy driver: a window nobody sees; the run ends at --until with 0.
SDL_VIDEODRIVER=dummy "$bin" run "$tmp/vga.xml" --until 50ms --serial none --overlay \
    2>"$tmp/err" || fail "dummy window: exit $?: $(cat "$tmp/err")"
grep -q "no window" "$tmp/err" && fail "dummy window did not open: $(cat "$tmp/err")"
# --overlay headless over a picture far too small for it (the VGA at reset
# is 9x1): a screenshot all the same (tests/frontend/overlay.c checks the
# overlay's pixels on the PC's 720x400).
"$bin" run "$tmp/vga.xml" --headless --overlay --serial none --screenshot "$tmp/b.png@1ms" \
    2>"$tmp/err" || fail "overlay screenshot: exit $?: $(cat "$tmp/err")"
[ -s "$tmp/b.png" ] || fail "overlay screenshot not written"
# Fonts: missing, and not a font.
WIREWRAP_FONT=/nonexistent/font.ttf "$bin" run "$tmp/vga.xml" --headless --overlay \
    --until 1ms --serial none 2>"$tmp/err"
rc=$?; [ $rc -eq 2 ] || fail "missing font: exit $rc, expected 2"
grep -q "fonts-dejavu-core" "$tmp/err" || fail "missing font: $(cat "$tmp/err")"
printf 'not a font' > "$tmp/bad.ttf"
WIREWRAP_FONT=$tmp/bad.ttf "$bin" run "$tmp/vga.xml" --headless --overlay --until 1ms \
    --serial none 2>"$tmp/err"
rc=$?; [ $rc -eq 2 ] || fail "broken font: exit $rc, expected 2"
grep -q "bad.ttf" "$tmp/err" || fail "broken font: $(cat "$tmp/err")"
exit 0
