#!/usr/bin/env python3
"""tests/machines/sdl_window.py — drive `wirewrap run` in a real SDL window.

Run inside an X server (xvfb-run). Starts COMMAND (wirewrap run … with the
serial console on stdin/stdout and no --headless), waits for the shell prompt
on the serial line, finds the window with xdotool, and then:
  1. shrinks the window to 1x1, opens and closes the overlay (F12) there, and
     gives it back its size: the emulator must live through it;
  2. types on the serial line `read -r x </dev/tty1; echo "kbd:[$x]"` (a read
     from the VT, whose input is the PS/2 keyboard), focuses the window and
     types TEXT with xdotool: the serial line must show kbd:[TEXT];
  3. with --idle SECONDS, measures the emulator's CPU time (utime + stime from
     /proc/PID/stat) over that many seconds at the prompt and prints it —
     information, never a pass/fail criterion;
  4. types `poweroff -f` and expects exit status 0.
Prints `result=ok …` or `result=fail stage=… reason` and exits 0 / 1.
"""
import argparse, os, re, select, subprocess, sys, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--prompt', default='ww-guest# ')
    ap.add_argument('--boot-timeout', type=float, default=600)
    ap.add_argument('--text', default='hello ww 42')
    ap.add_argument('--idle', type=float, default=0)
    ap.add_argument('--log')
    ap.add_argument('cmd', nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ['--'] else a.cmd
    err = open(a.log + '.err', 'w') if a.log else subprocess.DEVNULL
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err)
    out = bytearray()
    facts = []

    def fail(stage, why):
        if a.log:
            open(a.log, 'wb').write(out)
        p.kill()
        p.wait()
        print(f'result=fail stage={stage} {" ".join(facts)} reason: {why}')
        sys.exit(1)

    def wait_for(pat, timeout, start=0):
        end = time.monotonic() + timeout
        rx = re.compile(pat)
        while time.monotonic() < end:
            m = rx.search(out, start)
            if m:
                return m
            r, _, _ = select.select([p.stdout], [], [], 0.2)
            if r:
                d = os.read(p.stdout.fileno(), 65536)
                if not d:
                    return None
                out.extend(d)
        return None

    def send(line):
        p.stdin.write(line.encode() + b'\r')
        p.stdin.flush()

    def xdo(*args):
        return subprocess.run(['xdotool'] + list(args), capture_output=True, text=True,
                              timeout=30).stdout.strip()

    if not wait_for(re.escape(a.prompt.encode()), a.boot_timeout):
        fail('prompt', 'no shell prompt on the serial line')
    wid = xdo('search', '--name', '^wirewrap: ').split('\n')[0]
    if not wid:
        fail('window', 'no window named "wirewrap: …"')
    title = xdo('getwindowname', wid)
    facts.append(f'title="{title}"')
    if 'pc/q35' not in title:
        fail('window', f'the title does not name the machine: {title!r}')
    # 1. a 1x1 window, the overlay opened and closed there
    geo = xdo('getwindowgeometry', wid)
    m = re.search(r'Geometry: (\d+)x(\d+)', geo)
    w, h = (m.group(1), m.group(2)) if m else ('1440', '800')
    xdo('windowsize', wid, '1', '1')
    time.sleep(0.5)
    xdo('windowfocus', '--sync', wid)
    xdo('key', '--clearmodifiers', 'F12')
    time.sleep(0.5)
    xdo('key', '--clearmodifiers', 'F12')
    time.sleep(0.3)
    xdo('windowsize', wid, w, h)
    time.sleep(0.5)
    if p.poll() is not None:
        fail('tiny', f'the emulator ended (status {p.returncode}) on a 1x1 window')
    # 2. the PS/2 keyboard, read from the VT by the shell on the serial line
    mark = len(out)
    send('read -r x </dev/tty1; echo "kbd:[$x]"')
    if not wait_for(re.escape(b'echo "kbd:[$x]"'), 30, mark):
        fail('read', 'the shell did not echo the read command')
    time.sleep(1.0)
    xdo('windowfocus', '--sync', wid)
    xdo('type', '--delay', '40', a.text)
    xdo('key', 'Return')
    want = b'kbd:[' + a.text.encode() + b']'
    if not wait_for(re.escape(want), 60, mark):
        fail('keyboard', f'{want.decode()} never appeared on the serial line')
    facts.append('keyboard=ok')
    if not wait_for(re.escape(a.prompt.encode()), 30, out.rindex(want)):
        fail('keyboard', 'no prompt after the read')
    # 3. host CPU while the guest idles at its prompt
    if a.idle:
        def cpu():
            f = open(f'/proc/{p.pid}/stat').read().rsplit(')', 1)[1].split()
            return (int(f[11]) + int(f[12])) / os.sysconf('SC_CLK_TCK')
        c0, t0 = cpu(), time.monotonic()
        time.sleep(a.idle)
        c1, t1 = cpu(), time.monotonic()
        facts.append(f'idle_cpu={100 * (c1 - c0) / (t1 - t0):.1f}% over {t1 - t0:.1f}s')
        title = xdo('getwindowname', wid)
        facts.append(f'title_idle="{title}"')
    # 4. the end
    send('poweroff -f')
    try:
        rc = p.wait(timeout=60)
    except subprocess.TimeoutExpired:
        fail('poweroff', 'the emulator did not end after poweroff -f')
    if rc != 0:
        fail('poweroff', f'exit status {rc}')
    if a.log:
        open(a.log, 'wb').write(out)
    print(f'result=ok {" ".join(facts)}')


if __name__ == '__main__':
    main()
