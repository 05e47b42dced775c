#!/usr/bin/env bash
# tests/machines/pc-sdl.test.sh — pc/q35 in a real SDL window under Xvfb
# (xvfb-run), driven by tests/machines/sdl_window.py: Debian's i386 kernel
# with the busybox initramfs boots with `wirewrap run` and no --headless (so
# a window opens and --speed realtime is the default); once the shell prompt
# is on the serial line the window is shrunk to 1x1 and the overlay opened
# and closed there (the emulator must live through it), then the shell reads
# a line from /dev/tty1 while xdotool types it into the window through the X
# server: the serial line must echo what the PS/2 keyboard received. With
# WW_SDL_IDLE=SECONDS (default 10) the emulator's CPU time while the guest
# idles at its prompt is printed (utime+stime from /proc, information only:
# timings are never a pass criterion). `poweroff -f` must end it with 0.
# Skips (77) while pc/q35 cannot boot, without xvfb-run or xdotool, under
# ASan (a boot takes too long), or when the guest cannot be built here.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
if [ "${WIREWRAP_BUILD:-}" = build/asan ]; then
    echo "Linux boots are run by the release pass (under ASan a boot takes over 10 minutes)"
    exit 77
fi
why=$(tests/machines/pc-ready.sh "$bin") || { echo "$why"; exit 77; }
for t in xvfb-run xdotool; do
    command -v $t >/dev/null || { echo "no $t (Debian packages xvfb, xdotool)"; exit 77; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
guest=$(tests/guests/debian-i386.sh --print 2>"$tmp/guest.err")
rc=$?
if [ $rc -eq 2 ]; then cat "$tmp/guest.err"; echo "the i386 guest cannot be built here (set-up above)"; exit 77; fi
[ $rc -eq 0 ] || { cat "$tmp/guest.err"; echo "tests/guests/debian-i386.sh failed (exit $rc)"; exit 1; }
eval "$guest"
# console=tty0 before ttyS0: the kernel log shows in the window, the shell is on the serial line
append="console=tty0 console=ttyS0 cryptomgr.notests noisapnp"
out=$(env -u SDL_VIDEODRIVER -u WAYLAND_DISPLAY xvfb-run -a -s "-screen 0 1280x1024x24" \
      python3 tests/machines/sdl_window.py --boot-timeout "${WW_PC_BOOT_TIMEOUT:-600}" \
      --idle "${WW_SDL_IDLE:-10}" --log "$tmp/sdl.log" -- \
      "$bin" run pc/q35 --kernel "$KERNEL" --initrd "$INITRD" --append "$append" \
      --serial stdio 2>"$tmp/xvfb.err")
if [[ $out != result=ok* ]]; then
    echo "FAIL: $out"
    cat "$tmp/sdl.log.err" "$tmp/xvfb.err" 2>/dev/null | tail -20
    tail -c 2000 "$tmp/sdl.log" 2>/dev/null
    exit 1
fi
echo "$out"
exit 0
