#!/usr/bin/env python3
"""tests/machines/console.py — drive a guest's serial console on a pipe.

Starts COMMAND (an emulator whose serial console is its stdin/stdout), waits for
the shell prompt, types each --check command and waits for its expected output
line, then types `poweroff -f` and waits for the emulator to exit with the
expected status. One implementation for tests/machines/pc-linux.test.sh and
bench/boot-pc/run.

  tests/machines/console.py [options] -- COMMAND [ARG...]

Prints one line on stdout at the end, key=value, times in seconds since the
process was started:
  result=ok first_byte=0.081 prompt=4.512 checked=4.540 done=4.580 cpu=4.400 rc=0
  result=fail stage=prompt first_byte=0.081 cpu=120.000 rc=-9 reason: no prompt ... (exit 1)
cpu is the user+sys seconds of the emulator (steadier than wall time on a shared
machine); --mark NAME=REGEX adds NAME=seconds of REGEX's first appearance.
With --log FILE the console transcript is written there; on failure its last
lines go to stderr with the emulator's stderr.
"""
import argparse, os, re, resource, select, signal, subprocess, sys, tempfile, time


def main():
    ap = argparse.ArgumentParser(prog='tests/machines/console.py')
    ap.add_argument('--prompt', default='ww-guest# ',
                    help='the shell prompt to wait for (default: %(default)r)')
    ap.add_argument('--boot-timeout', type=float, default=120,
                    help='seconds from start to the prompt')
    ap.add_argument('--timeout', type=float, default=30,
                    help='seconds for each later step (a command, the exit)')
    ap.add_argument('--check', nargs=2, action='append', metavar=('COMMAND', 'REGEX'),
                    help='type COMMAND, expect a whole output line matching REGEX '
                         '(default: "echo $((6*7))" expecting 42)')
    ap.add_argument('--no-check', action='store_true', help='type no command')
    ap.add_argument('--inline', action='store_true',
                    help='a --check REGEX may match anywhere after the command (a Forth '
                         'prompt answers on the command\'s own line: "0 > 1 2 + . 3  ok")')
    ap.add_argument('--poweroff', default='poweroff -f',
                    help='the command that ends the guest (default: %(default)r); '
                         '"" to kill the emulator after the checks instead')
    ap.add_argument('--exit-status', type=int, default=0,
                    help='the exit status the emulator must end with after the poweroff')
    ap.add_argument('--mark', action='append', default=[], metavar='NAME=REGEX',
                    help='also report NAME=seconds when REGEX first appears in the output')
    ap.add_argument('--log', help='write the console transcript to this file')
    ap.add_argument('cmd', nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ['--'] else a.cmd
    if not cmd:
        ap.error('no COMMAND given')
    checks = [] if a.no_check else (a.check or [['echo $((6*7))', '42']])
    marks = []
    for m in a.mark:
        name, sep, rx = m.partition('=')
        if not sep or not re.fullmatch(r'[a-z_0-9]+', name):
            ap.error(f'--mark {m!r}: expected NAME=REGEX')
        marks.append((name, re.compile(rx.encode())))

    errf = tempfile.TemporaryFile()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    try:
        p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errf,
                             start_new_session=True)
    except OSError as e:
        print(f"result=fail stage=start reason: {e}")
        return 1
    log = open(a.log, 'wb') if a.log else None
    fd = p.stdout.fileno()
    os.set_blocking(fd, False)
    buf = bytearray()        # everything received
    pos = 0                  # where the current step starts looking
    times = {}
    eof = False

    def now():
        return time.monotonic() - t0

    def pump(deadline):
        """Read what is there (waiting until deadline at most); False at EOF."""
        nonlocal eof
        if eof:
            return False
        r, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not r:
            return True
        try:
            data = os.read(fd, 65536)
        except BlockingIOError:
            return True
        if not data:
            eof = True
            return False
        if 'first_byte' not in times:
            times['first_byte'] = now()
        start = max(0, len(buf) - 256)
        buf.extend(data)
        for name, rx in marks:
            if name not in times and rx.search(buf, start):
                times[name] = now()
        if log:
            log.write(data)
            log.flush()
        return True

    def wait_for(pattern, secs):
        """Wait for a regex (bytes) in the output after pos; move pos past it."""
        nonlocal pos
        rx = re.compile(pattern)
        deadline = time.monotonic() + secs
        while True:
            m = rx.search(buf, pos)
            if m:
                pos = m.end()
                return True
            if time.monotonic() >= deadline or not pump(deadline):
                m = rx.search(buf, pos)
                if m:
                    pos = m.end()
                    return True
                return False

    def send(line):
        try:
            p.stdin.write(line.encode() + b'\n')
            p.stdin.flush()
        except BrokenPipeError:
            pass

    def kill():
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait()

    def fields():
        f = dict(times)
        if p.returncode is not None:   # CPU time (user+sys) the emulator used
            ru = resource.getrusage(resource.RUSAGE_CHILDREN)
            f['cpu'] = ru.ru_utime - ru0.ru_utime + ru.ru_stime - ru0.ru_stime
        return ' '.join(f'{k}={v:.3f}' for k, v in f.items())

    def fail(stage, reason):
        if p.poll() is None:
            kill()
        rc = p.returncode
        tail = bytes(buf[-3000:]).decode('utf-8', 'replace')
        errf.seek(0)
        err = errf.read()[-3000:].decode('utf-8', 'replace')
        sys.stderr.write(f'--- console (last bytes) ---\n{tail}\n--- emulator stderr ---\n{err}\n'
                         f'--- end (exit status {rc}) ---\n')
        print(f"result=fail stage={stage} {fields()} rc={rc} reason: {reason}")
        return 1

    prompt = re.escape(a.prompt.encode())
    if not wait_for(prompt, a.boot_timeout):
        why = 'the emulator exited before the prompt' if eof or p.poll() is not None else \
              f'no prompt {a.prompt!r} within {a.boot_timeout:g} s'
        return fail('prompt', why)
    times['prompt'] = now()
    for command, want in checks:
        send(command)
        # the echoed command line, then a line matching want, then the prompt again
        rx = want.encode() if a.inline else rb'(?m)^' + want.encode() + rb'\r?$'
        if not wait_for(rx, a.timeout):
            return fail('check', f'{command!r}: no output line matching {want!r}')
        if not wait_for(prompt, a.timeout):
            return fail('check', f'{command!r}: no prompt after it')
    times['checked'] = now()
    if a.poweroff:
        send(a.poweroff)
        deadline = time.monotonic() + a.timeout
        while p.poll() is None and time.monotonic() < deadline:
            if not pump(min(deadline, time.monotonic() + 0.05)):
                try:
                    p.wait(timeout=max(0.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    pass
        if p.poll() is None:
            return fail('exit', f'still running {a.timeout:g} s after {a.poweroff!r}')
        while pump(time.monotonic()):   # drain
            pass
        times['done'] = now()
        if p.returncode != a.exit_status:
            return fail('exit', f'exit status {p.returncode}, expected {a.exit_status}')
    else:
        kill()
        times['done'] = now()
    print(f'result=ok {fields()} rc={p.returncode}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
