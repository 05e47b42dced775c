#!/usr/bin/env bash
# Closing the window ends the run cleanly: under Xvfb (xvfb-run) `wirewrap
# run` opens a window for a machine with a display (a VGA with no CPU: it
# waits for the person), the title names the machine, and a close request
# as a window manager sends it (WM_DELETE_WINDOW, tests/cli/xclose.py) ends
# the run with status 0 within 10 s. Skips (77) without xvfb-run or xdotool.
set -u
bin=${WIREWRAP_BIN:?WIREWRAP_BIN not set}
for t in xvfb-run xdotool; do
    command -v $t >/dev/null || { echo "no $t (Debian packages xvfb, xdotool)"; exit 77; }
done
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
export WW_BIN=$bin WW_TMP=$tmp WW_XCLOSE=$(cd "$(dirname "$0")" && pwd)/xclose.py
# Under ASan, leak checking is off for this run only: the X11 and GL driver
# libraries SDL loads and unloads leak in frames ASan cannot name (the dummy
# driver in tests/cli/window.test.sh runs the window code with leak checks).
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
cat > "$tmp/inner.sh" <<'INNER'
"$WW_BIN" run "$WW_TMP/vga.xml" --serial none 2>"$WW_TMP/err" & pid=$!
wid=
for i in $(seq 1 100); do
    wid=$(xdotool search --name '^wirewrap: ' 2>/dev/null | head -1); [ -n "$wid" ] && break; sleep 0.2
done
[ -n "$wid" ] || { echo "FAIL: no window named 'wirewrap: …': $(cat "$WW_TMP/err")"; kill $pid; exit 1; }
title=$(xdotool getwindowname "$wid")
case "$title" in *test/vga-only*) ;; *) echo "FAIL: title '$title' lacks the machine"; kill $pid; exit 1 ;; esac
python3 "$WW_XCLOSE" "$wid" || { echo "FAIL: could not send the close request"; kill $pid; exit 1; }
for i in $(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.2; done
if kill -0 $pid 2>/dev/null; then echo "FAIL: still running 10 s after the close request"; kill $pid; exit 1; fi
wait $pid; rc=$?
[ $rc -eq 0 ] || { echo "FAIL: exit $rc after the close request: $(cat "$WW_TMP/err")"; exit 1; }
echo "ok: '$title' closed, exit 0"
INNER
env -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER xvfb-run -a bash "$tmp/inner.sh"
