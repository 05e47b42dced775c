#!/usr/bin/env python3
"""tests/machines/ahci_crash.py — crash trials through the real path: the Linux
guest writes to a qcow2 image on the AHCI disk and wirewrap is killed with
SIGKILL at a random moment; after each kill `qemu-img check` must find no
corruption (leaks allowed) and every block the guest had flushed must read
back as written.

One boot (with -p ram=64MiB) reaches the shell prompt with the image on sata0,
and the machine is saved there (`wirewrap ctl SOCKET savevm`); every trial
starts from that state (`--load-state`) on a fresh copy of the empty image.
In the guest each write is one 4 KiB block, O_DIRECT, with fsync (FLUSH CACHE):
    dd if=/tmp/blk of=/dev/sda bs=4096 seek=$b count=1 oflag=direct conv=notrunc,fsync
and `F<i>` is printed after it returned; block b of write i is
(i * 2654435761) mod 2048 (distinct for 2048 writes), its content the line
"op<i>-blk<b>-" repeated (`yes | head -c 4096`). The kill comes after a random
number (1-30) of F lines and a random delay (0-300 ms). Verification reads the
image with `qemu-img convert -O raw`: the blocks of every write up to the last
F seen hold their content; blocks of the writes just after it (a window of 64)
hold either nothing or their content, sector by sector; every other block is
zero.

  tests/machines/ahci_crash.py --trials N --workdir DIR -- WIREWRAP RUN-ARGS...
Prints one summary line; exit 0 when every trial passed.
"""
import argparse, os, random, re, select, shutil, signal, subprocess, sys, time

BLOCKS = 2048
MULT = 2654435761
WINDOW = 64


def block_of(i):
    return (i * MULT) % BLOCKS


def content(i):
    line = b'op%d-blk%d-\n' % (i, block_of(i))
    return (line * (4096 // len(line) + 1))[:4096]


class Guest:
    def __init__(self, cmd, log):
        self.err = open(log.name + '.err', 'ab')
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=self.err, start_new_session=True)
        self.buf = bytearray()
        self.pos = 0
        self.log = log
        os.set_blocking(self.p.stdout.fileno(), False)

    def pump(self, timeout):
        r, _, _ = select.select([self.p.stdout], [], [], timeout)
        if not r:
            return True
        try:
            d = os.read(self.p.stdout.fileno(), 65536)
        except BlockingIOError:
            return True
        if not d:
            return False
        self.buf.extend(d)
        self.log.write(d)
        return True

    def wait_for(self, rx, secs):
        rx = re.compile(rx)
        end = time.monotonic() + secs
        while True:
            m = rx.search(self.buf, self.pos)
            if m:
                self.pos = m.end()
                return m
            if time.monotonic() > end or not self.pump(min(0.5, max(0, end - time.monotonic()))):
                return None

    def send(self, line):
        self.p.stdin.write(line.encode() + b'\n')
        self.p.stdin.flush()

    def kill(self):
        try:
            os.killpg(self.p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.p.wait()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--trials', type=int, default=10)
    ap.add_argument('--workdir', required=True)
    ap.add_argument('--seed', type=int, default=None)
    ap.add_argument('--boot-timeout', type=float, default=600)
    ap.add_argument('cmd', nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd[:1] == ['--'] else a.cmd
    wd = a.workdir
    seed = a.seed if a.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    log = open(os.path.join(wd, 'console.log'), 'wb')
    base = os.path.join(wd, 'base.qcow2')
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', base, '16M'], check=True)
    sock = os.path.join(wd, 'm.sock')
    state = os.path.join(wd, 'state.wws')
    wirewrap = cmd[0]

    # --- the boot, saved at the prompt ---
    shutil.copy(base, os.path.join(wd, 'boot.qcow2'))
    g = Guest(cmd + ['--disk', 'sata0=' + os.path.join(wd, 'boot.qcow2'), '--monitor',
                     'unix:' + sock], log)
    t0 = time.monotonic()
    if not g.wait_for(rb'ww-guest# ', a.boot_timeout):
        g.kill()
        print('result=fail stage=boot: no prompt; see', log.name + '.err')
        return 1
    g.send('while [ ! -b /dev/sda ]; do sleep 0.1; done; echo disk-ready')
    if not g.wait_for(rb'(?m)^disk-ready', 120) or not g.wait_for(rb'ww-guest# ', 30):
        g.kill()
        print('result=fail stage=boot: no /dev/sda')
        return 1
    r = subprocess.run([wirewrap, 'ctl', sock, 'savevm', state], capture_output=True, text=True)
    g.kill()
    if r.returncode != 0 or not os.path.exists(state):
        print('result=fail stage=savevm:', r.stdout, r.stderr)
        return 1
    boot_s = time.monotonic() - t0

    # --- the trials ---
    clean = leaks = 0
    flushed_blocks = 0
    t1 = time.monotonic()
    for t in range(a.trials):
        img = os.path.join(wd, 't.qcow2')
        shutil.copy(base, img)
        start = rng.randrange(1000000)
        stop_after = rng.randrange(1, 31)
        delay = rng.random() * 0.3
        g = Guest(cmd + ['--disk', 'sata0=' + img, '--load-state', state], log)
        g.send('i=%d; while :; do b=$(( (i * %d) %% %d )); yes "op$i-blk$b-" | head -c 4096 '
               '> /tmp/blk; dd if=/tmp/blk of=/dev/sda bs=4096 seek=$b count=1 oflag=direct '
               'conv=notrunc,fsync 2>/dev/null && echo F$i; i=$((i+1)); done'
               % (start, MULT, BLOCKS))
        last = None
        seen = 0
        while seen < stop_after:
            m = g.wait_for(rb'(?m)^F(\d+)\r?$', 120)
            if not m:
                break
            last = int(m.group(1))
            seen += 1
        time.sleep(delay)
        g.pump(0)
        for m in re.finditer(rb'(?m)^F(\d+)\r?$', g.buf):
            last = max(last or 0, int(m.group(1)))
        g.kill()
        if last is None:
            print('result=fail trial %d: the guest wrote nothing' % t)
            return 1
        c = subprocess.run(['qemu-img', 'check', img], capture_output=True, text=True)
        if c.returncode not in (0, 3):
            print('result=fail trial %d (seed %d): qemu-img check exit %d\n%s'
                  % (t, seed, c.returncode, c.stdout + c.stderr))
            return 1
        clean += c.returncode == 0
        leaks += c.returncode == 3
        raw = os.path.join(wd, 't.raw')
        if os.path.exists(raw):
            os.unlink(raw)
        subprocess.run(['qemu-img', 'convert', '-O', 'raw', img, raw], check=True)
        data = open(raw, 'rb').read()
        want = {}
        for i in range(start, last + 1):
            want[block_of(i)] = ('flushed', i)
        for i in range(last + 1, last + 1 + WINDOW):
            want.setdefault(block_of(i), ('maybe', i))
        for b in range(BLOCKS):
            got = data[b * 4096:(b + 1) * 4096]
            kind, i = want.get(b, ('zero', None))
            if kind == 'flushed':
                ok = got == content(i)
            elif kind == 'maybe':
                new = content(i)
                ok = all(got[s:s + 512] in (bytes(512), new[s:s + 512]) for s in range(0, 4096, 512))
            else:
                ok = got == bytes(4096)
            if not ok:
                print('result=fail trial %d (seed %d): block %d (%s write %s) reads %r'
                      % (t, seed, b, kind, i, got[:40]))
                return 1
        flushed_blocks += last + 1 - start
    print('result=ok trials=%d clean=%d leaks_only=%d corrupt=0 flushed_blocks_verified=%d '
          'seed=%d boot=%.1fs trials_time=%.1fs' % (a.trials, clean, leaks, flushed_blocks, seed,
                                                    boot_s, time.monotonic() - t1))
    return 0


if __name__ == '__main__':
    sys.exit(main())
