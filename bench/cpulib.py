"""bench/cpulib.py — the body the user-mode CPU benches share (bench/cpu-x86/run,
bench/cpu-ppc/run, bench/cpu-m68k/long): wirewrap, qemu-user (and --before, an older
wirewrap or another engine) run alternately N times on the long programs; medians of
wall and CPU time (user + system, from wait4's rusage); guest instructions from
`wirewrap user --stats`; host instructions per guest instruction from callgrind, the
marginal cost between r and 3r repetitions so start-up cancels; the table, the total
and the start-up figure (the short differential programs as one total).

Each script keeps its docstring (its --help text), options and output; it calls main()
with what differs: the label, the qemu binary and its arguments, wirewrap's extra
arguments, the program folders, the cross compiler the build needs, per-program
repetitions, and the one extra option it has (--ww or --before-engine). Not part of the
pass/fail tests."""
import argparse, os, re, shutil, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, 'build/release')


def timed(cmd):
    """(wall s, CPU s, exit status) of one run, output discarded; CPU time from wait4."""
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            os.execv(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    return wall, ru.ru_utime + ru.ru_stime, os.waitstatus_to_exitcode(status)


def callgrind_ir(cmd):
    """Host instructions of one run under callgrind (0: none reported)."""
    p = subprocess.run(['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null',
                        '--smc-check=all'] + cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    m = re.search(rb'Collected : (\d+)', p.stderr)
    return int(m.group(1)) if m else 0


def fmt(v, spec):
    return format(v, spec) if v is not None else '-'


class Bench:
    """One bench's fixed parts; ww_args go before --engine on every wirewrap command
    line (`--cpu m68000`), qemu_args before the program on every qemu one."""

    def __init__(self, qemu, qemu_args, ww_args):
        self.qemu, self.qemu_args, self.ww_args = qemu, list(qemu_args), list(ww_args)

    def ww_cmd(self, ww, engine, prog, args):
        return [ww, 'user'] + self.ww_args + engine + [prog] + args

    def qemu_cmd(self, prog, args):
        return [self.qemu] + self.qemu_args + [prog] + args

    def guest_insns(self, ww, prog, args, engine):
        """(guest instructions, stdout, exit status) of `wirewrap user --stats`."""
        p = subprocess.run([ww, 'user', '--stats'] + self.ww_args + engine + [prog] + args,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        m = re.search(rb'wirewrap user: (\d+) instructions', p.stderr)
        return (int(m.group(1)) if m else 0), p.stdout, p.returncode

    def marginal(self, ww, prog, engine, per_rep, qemu=False):
        """Host instructions per guest instruction between reps r and 3r (wirewrap's,
        or with qemu, qemu's over the guest instructions wirewrap counts)."""
        r = max(1, int(8e6 / max(per_rep, 1)))
        g1 = self.guest_insns(ww, prog, [str(r)], engine)[0]
        g3 = self.guest_insns(ww, prog, [str(3 * r)], engine)[0]
        if g3 <= g1:
            return None, None
        cmd = (lambda k: self.qemu_cmd(prog, [str(k)])) if qemu else \
            (lambda k: self.ww_cmd(ww, engine, prog, [str(k)]))
        i1, i3 = callgrind_ir(cmd(r)), callgrind_ir(cmd(3 * r))
        return (i3 - i1) / (g3 - g1) if i3 > i1 else None, g3 - g1


def main(doc, label, qemu_name, long_dir, short_dir, gcc, qemu_args=(), ww_args=(),
         reps=None, ww_option=False, before_engine_option=False):
    """The bench: doc is the script's docstring (its first line the --help description);
    label heads the table; long_dir/short_dir are under build/release; reps maps a
    program to the arguments it runs with."""
    reps = reps or {}
    ap = argparse.ArgumentParser(description=doc.split('\n')[0])
    ap.add_argument('-n', type=int, default=5, help='alternating runs per program (median)')
    ap.add_argument('--before', help='an older wirewrap binary to run alongside')
    if before_engine_option:
        ap.add_argument('--before-engine', help='run this engine of the same binary as "before" '
                        '(interp-slow: the uncached interpreter)')
    if ww_option:
        ap.add_argument('--ww', help='the wirewrap binary to measure (default: build/release/wirewrap)')
    ap.add_argument('--engine', help='wirewrap --engine (default: the CPU default)')
    ap.add_argument('--no-callgrind', action='store_true')
    ap.add_argument('--qemu-callgrind', action='store_true',
                    help=f'also count {qemu_name} host instructions per guest instruction')
    ap.add_argument('--no-startup', action='store_true', help='skip the start-up figure')
    ap.add_argument('programs', nargs='*')
    a = ap.parse_args()
    ww = os.path.join(RELEASE, 'wirewrap')
    if ww_option and a.ww:
        ww = os.path.abspath(a.ww)
    long_dir = os.path.join(RELEASE, long_dir)
    short_dir = os.path.join(RELEASE, short_dir)
    qemu = shutil.which(qemu_name)
    if not os.path.exists(ww) or not os.path.isdir(long_dir):
        sys.exit(f'build first: scons -Q -j2 (needs {gcc})')
    if not qemu:
        sys.exit(f'{qemu_name} not installed (Debian package qemu-user)')
    b = Bench(qemu, qemu_args, ww_args)
    engine = ['--engine', a.engine] if a.engine else []
    cg = shutil.which('valgrind') and not a.no_callgrind
    names = a.programs or sorted(f[:-4] for f in os.listdir(long_dir) if f.endswith('.elf'))
    runners = [('wirewrap', lambda p, r: b.ww_cmd(ww, engine, p, r)),
               (qemu_name, lambda p, r: b.qemu_cmd(p, r))]
    before_engine = ['--engine', a.before_engine] if before_engine_option and a.before_engine else []
    if before_engine:
        a.before = ww
    if a.before:
        runners.append(('before', lambda p, r: b.ww_cmd(a.before, before_engine, p, r)))

    print(f'{label}: {a.n} alternating runs each, medians; MIPS = guest instructions / s; '
          f'host/guest from callgrind (marginal)')
    cols = f"{'program':<10} {'Minsn':>7} | {'ww wall':>7} {'ww cpu':>7} {'qemu wall':>9} {'qemu cpu':>8} " \
           f"| {'ratio':>5} {'MIPS wall':>9} {'MIPS cpu':>8} {'host/g':>6}"
    if a.before:
        cols += f" | {'before cpu':>10} {'MIPS':>6} {'host/g':>6}"
    if a.qemu_callgrind:
        cols += f" | {'qemu host/g':>11}"
    print(cols)
    tot = {k: 0.0 for k in ('ins', 'ww_w', 'ww_c', 'q_w', 'q_c', 'b_c')}
    for n in names:
        prog = os.path.join(long_dir, n + '.elf')
        args = reps.get(n, [])
        insns, wout, wrc = b.guest_insns(ww, prog, args, engine)
        qout = subprocess.run(b.qemu_cmd(prog, args), stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
        same = qout.stdout == wout and qout.returncode == wrc
        res = {name: [] for name, _ in runners}
        for _ in range(a.n):
            for name, cmd in runners:
                w, c, _ = timed(cmd(prog, args))
                res[name].append((w, c))
        med = {k: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v))
               for k, v in res.items()}
        (ww_w, ww_c), (q_w, q_c) = med['wirewrap'], med[qemu_name]
        hg = None
        if cg:
            per_rep = b.guest_insns(ww, prog, ['2'], engine)[0] - b.guest_insns(ww, prog, ['1'], engine)[0]
            hg, _ = b.marginal(ww, prog, engine, per_rep)
        line = (f"{n:<10} {insns / 1e6:>7.0f} | {ww_w:>7.2f} {ww_c:>7.2f} {q_w:>9.2f} {q_c:>8.2f} "
                f"| {ww_c / q_c:>5.2f} {insns / ww_w / 1e6:>9.0f} {insns / ww_c / 1e6:>8.0f} {fmt(hg, '6.1f')}")
        if a.before:
            b_c = med['before'][1]
            bhg = None
            if cg:
                bhg, _ = b.marginal(a.before, prog, before_engine, per_rep)
            line += f" | {b_c:>10.2f} {insns / b_c / 1e6:>6.0f} {fmt(bhg, '6.1f')}"
            tot['b_c'] += b_c
        if a.qemu_callgrind and cg:
            qhg, _ = b.marginal(ww, prog, engine, per_rep, qemu=True)
            line += f" | {fmt(qhg, '11.1f')}"
        if not same:
            line += '  OUTPUT DIFFERS'
        print(line, flush=True)
        tot['ins'] += insns
        tot['ww_w'] += ww_w
        tot['ww_c'] += ww_c
        tot['q_w'] += q_w
        tot['q_c'] += q_c
    if len(names) > 1:
        line = (f"{'total':<10} {tot['ins'] / 1e6:>7.0f} | {tot['ww_w']:>7.2f} {tot['ww_c']:>7.2f} "
                f"{tot['q_w']:>9.2f} {tot['q_c']:>8.2f} | {tot['ww_c'] / tot['q_c']:>5.2f} "
                f"{tot['ins'] / tot['ww_w'] / 1e6:>9.0f} {tot['ins'] / tot['ww_c'] / 1e6:>8.0f}")
        if a.before:
            line += f"        | {tot['b_c']:>10.2f} {tot['ins'] / tot['b_c'] / 1e6:>6.0f}"
        print(line)
    print(f'ratio = wirewrap CPU time / {qemu_name} CPU time (lower is better)')

    if a.no_startup or not os.path.isdir(short_dir):
        return
    short = sorted(os.path.join(short_dir, f) for f in os.listdir(short_dir) if f.endswith('.elf'))
    sres = {name: [] for name, _ in runners}
    for _ in range(a.n):
        for name, cmd in runners:
            w = c = 0.0
            for p in short:
                dw, dc, _ = timed(cmd(p, []))
                w += dw
                c += dc
            sres[name].append((w, c))
    ins = sum(b.guest_insns(ww, p, [], engine)[0] for p in short)
    print(f'\nstart-up: the {len(short)} short differential programs ({ins / 1e6:.0f} M guest '
          f'instructions in all), medians of the totals')
    for name in sres:
        w = statistics.median(x[0] for x in sres[name])
        c = statistics.median(x[1] for x in sres[name])
        print(f'  {name:<9} wall {w:6.2f} s  cpu {c:6.2f} s')
