#!/usr/bin/env bash
# tests/machines/pc-window.test.sh — pc/q35 (SeaBIOS only, no kernel) in its
# SDL window under Xvfb (xvfb-run), driven with xdotool, checked through the
# window's title: it names the machine and, after a second, the emulated
# speed in %; a click in the window grabs the mouse for the guest's PS/2
# mouse (the title says so) and Ctrl+Alt releases it; F12 opens and closes
# the debugger overlay (the title says which); a window shrunk to 1x1 with
# the overlay open lives on; a window manager's close request
# (tests/cli/xclose.py) ends the run with status 0.
# Skips (77) without xvfb-run or xdotool, or while pc/q35 cannot start here.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
for t in xvfb-run xdotool; do
    command -v $t >/dev/null || { echo "no $t (Debian packages xvfb, xdotool)"; exit 77; }
done
why=$(tests/machines/pc-ready.sh "$bin") || { echo "$why"; exit 77; }
"$bin" run pc/q35 --headless --until 1ms --serial none >/dev/null 2>&1 ||
    { echo "pc/q35 does not start here (its ROMs?)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export WW_BIN=$bin WW_TMP=$tmp WW_XCLOSE=$PWD/tests/cli/xclose.py
# see tests/cli/window-close.test.sh: X and GL driver libraries leak in unnamed frames
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
cat > "$tmp/inner.sh" <<'INNER'
"$WW_BIN" run pc/q35 --serial none 2>"$WW_TMP/err" & pid=$!
bad() { echo "FAIL: $*"; echo "stderr: $(cat "$WW_TMP/err")"; kill $pid 2>/dev/null; exit 1; }
wid=
for i in $(seq 1 150); do
    wid=$(xdotool search --name '^wirewrap: ' 2>/dev/null | head -1); [ -n "$wid" ] && break; sleep 0.2
done
[ -n "$wid" ] || bad "no window named 'wirewrap: …'"
title() { xdotool getwindowname "$wid"; }
# wait up to 10 s for the title to match an extended regex
want() {
    for i in $(seq 1 50); do title | grep -qE "$1" && return 0; sleep 0.2; done
    bad "title '$(title)' never matched /$1/ ($2)"
}
want 'pc/q35' "the machine's name"
want '[0-9]+%' "the emulated speed"
want 'click to grab' "the mouse is offered"
xdotool windowfocus --sync "$wid"
xdotool mousemove --window "$wid" 40 40 click 1
want 'mouse grabbed' "a click grabs the mouse"
xdotool key ctrl+alt
want 'click to grab' "Ctrl+Alt releases it"
xdotool key F12
want 'F12 closes' "F12 opens the overlay"
geo=$(xdotool getwindowgeometry "$wid" | sed -n 's/.*Geometry: //p')
xdotool windowsize "$wid" 1 1; sleep 1
kill -0 $pid 2>/dev/null || bad "the emulator ended on a 1x1 window with the overlay open"
xdotool windowsize "$wid" "${geo%x*}" "${geo#*x}"; sleep 0.5
xdotool key F12
want 'F12 debugger' "F12 closes the overlay"
echo "ok: $(title)"
python3 "$WW_XCLOSE" "$wid" || bad "could not send the close request"
for i in $(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.2; done
kill -0 $pid 2>/dev/null && bad "still running 10 s after the close request"
wait $pid; rc=$?
[ $rc -eq 0 ] || bad "exit $rc after the close request"
INNER
env -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER xvfb-run -a -s "-screen 0 1280x1024x24" bash "$tmp/inner.sh"
