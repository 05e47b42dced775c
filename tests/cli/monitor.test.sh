#!/usr/bin/env bash
# tests/cli/monitor.test.sh — `wirewrap run --monitor` and `wirewrap ctl` as a
# person or a script uses them: ctl against a running machine (typed
# arguments, the human layout, --json, errors and exit codes, events), the
# human monitor on stdin (a pipe), the TCP endpoint on 127.0.0.1 (and the
# warning for another address), refusal of a socket directory others can
# write, and `scons install` of libwirewrap-client with a program built
# against it through pkg-config.
set -u
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
build=${WIREWRAP_BUILD:-build/release}
fail() { echo "FAIL: $*"; exit 1; }
[ -f "$build/tests/firmware/m68k/shell.bin" ] || { echo "m68k shell firmware not built (m68k cross tools missing?)"; exit 77; }
tmp=$(mktemp -d); chmod 700 "$tmp"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$tmp"; }
trap cleanup EXIT
sock=$tmp/m.sock

wait_sock() {   # $1 = path
    for _ in $(seq 200); do [ -S "$1" ] && return 0; sleep 0.05; done
    fail "no socket $1: $(cat "$tmp/run.err" 2>/dev/null)"
}

# 1. ctl against a running machine.
"$bin" run test/m68k-shell --serial "file:$tmp/serial" --monitor "unix:$sock" 2>"$tmp/run.err" &
pids+=($!); run=$!
wait_sock "$sock"
[ "$(stat -c %a "$sock")" = 600 ] || fail "socket mode $(stat -c %a "$sock")"
out=$("$bin" ctl "$sock" wait-serial "/ # " 60s) || fail "wait-serial: $out"
case "$out" in "'/ # ' seen at "*) ;; *) fail "wait-serial printed: $out" ;; esac
"$bin" ctl "$sock" type $'uname\r' >/dev/null || fail "type"
"$bin" ctl "$sock" wait-serial text="wirewrap-m68k" timeout=60s >/dev/null || fail "wait for uname"
out=$("$bin" ctl "$sock" info chips) || fail "info chips"
grep -q "^pic0 *i8259" <<<"$out" || fail "info chips: $out"
out=$("$bin" ctl "$sock" info chip uart) || fail "info chip"
grep -q "^  LCR " <<<"$out" && grep -q "DLAB *\[7\] *= 0" <<<"$out" || fail "info chip uart: $out"
out=$("$bin" ctl --json "$sock" x 0x400 4) || fail "x --json"
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["bytes"]==[0x46,0xfc,0x27,0x00], d' <<<"$out" \
    || fail "x --json: $out"
out=$("$bin" ctl "$sock" xp 0x400 16) || fail "xp"
grep -q "^00000400: 46 fc 27 00" <<<"$out" || fail "xp: $out"
# Events: a second ctl collects STOP and RESUME.
"$bin" ctl --timeout 20000 "$sock" --events 2 >"$tmp/events" &
ev=$!
sleep 0.3
"$bin" ctl "$sock" stop || fail "stop"
[ "$("$bin" ctl "$sock" info status | cut -d' ' -f1)" = paused ] || fail "not paused"
"$bin" ctl "$sock" cont || fail "cont"
wait $ev || fail "--events: exit $?: $(cat "$tmp/events")"
grep -q '^STOP {.*"reason":"user"' "$tmp/events" && grep -q '^RESUME ' "$tmp/events" \
    || fail "events: $(cat "$tmp/events")"
# Errors: the class and description, exit 1; usage errors exit 2.
out=$("$bin" ctl "$sock" info chip nosuch 2>&1); rc=$?
[ $rc -eq 1 ] || fail "info chip nosuch: exit $rc"
case "$out" in "wirewrap ctl: DeviceNotFound: no chip 'nosuch'"*) ;; *) fail "error: $out" ;; esac
out=$("$bin" ctl "$sock" x 1 2 3 4 2>&1); [ $? -eq 2 ] || fail "too many arguments: $out"
out=$("$bin" ctl "$sock" x notanumber 2>&1); [ $? -eq 2 ] || fail "bad number: $out"
out=$("$bin" ctl "$sock" frobnicate 2>&1); [ $? -eq 1 ] || fail "unknown command: $out"
grep -q CommandNotFound <<<"$out" || fail "unknown command: $out"
out=$("$bin" ctl "$tmp/nosuch.sock" info status 2>&1); [ $? -eq 2 ] || fail "no server: $out"
"$bin" ctl "$sock" quit || fail "quit"
wait $run; rc=$?
[ $rc -eq 0 ] || fail "run after quit: exit $rc: $(cat "$tmp/run.err")"
[ -e "$sock" ] && fail "socket left behind"

# 2. The human monitor on stdin (a pipe: no prompt, no echo).
printf 'info status\nhelp info chip\nwait-serial "/ # " 60s\ntype "echo piped\\r"\nwait-serial piped\nregs\ninfo chip nosuch\nbogus\nquit\n' |
    timeout 60 "$bin" run test/m68k-shell --serial "file:$tmp/serial2" --monitor stdio >"$tmp/human" 2>"$tmp/human.err"
rc=$?
[ $rc -eq 0 ] || fail "human monitor: exit $rc: $(cat "$tmp/human.err")"
for want in "running at " "info chip ID" "'/ # ' seen at" "'piped' seen at" "general:" \
            "error: no chip 'nosuch' in this machine" "error: unknown command 'bogus'"; do
    grep -qF "$want" "$tmp/human" || fail "human monitor: no '$want' in: $(cat "$tmp/human")"
done
grep -q "echo piped" "$tmp/serial2" || fail "serial: $(cat "$tmp/serial2")"
# Stopped, with no monitor input left (stdin ended, no socket): the run ends.
out=$(printf 'stop\n' | timeout 20 "$bin" run test/m68k-shell --monitor stdio --serial none 2>&1)
[ $? -eq 0 ] || fail "stopped with stdin at its end: exit $?: $out"
case "$out" in *"no monitor input is left"*) ;; *) fail "stopped, no input: $out" ;; esac

# 3. TCP: 127.0.0.1 by default (port 0: the port is printed).
"$bin" run test/m68k-shell --serial none --monitor tcp:0 2>"$tmp/tcp.err" &
pids+=($!); run=$!
for _ in $(seq 200); do grep -q "listening on tcp:" "$tmp/tcp.err" && break; sleep 0.05; done
addr=$(sed -n 's/.*monitor listening on \(tcp:[^ ]*\).*/\1/p' "$tmp/tcp.err")
case "$addr" in tcp:127.0.0.1:[0-9]*) ;; *) fail "tcp: $(cat "$tmp/tcp.err")" ;; esac
"$bin" ctl "$addr" info status >/dev/null || fail "ctl over $addr"
"$bin" ctl "$addr" quit >/dev/null || fail "quit over tcp"
wait $run || fail "tcp run: exit $?"
# An explicit address that is not loopback: a warning (the run still works).
"$bin" run test/m68k-shell --serial none --monitor tcp:0.0.0.0:0 2>"$tmp/any.err" &
pids+=($!); run=$!
for _ in $(seq 200); do grep -q "listening on tcp:" "$tmp/any.err" && break; sleep 0.05; done
grep -q "warning: --monitor tcp:0.0.0.0:0 listens on 0.0.0.0, not only on this machine" "$tmp/any.err" \
    || fail "no warning: $(cat "$tmp/any.err")"
kill "$run"; wait "$run" 2>/dev/null

# 4. A socket directory that others can write is refused (exit 2, one line).
mkdir -m 1777 "$tmp/shared"
out=$("$bin" run test/m68k-shell --monitor "unix:$tmp/shared/m.sock" --until 1ms 2>&1); rc=$?
[ $rc -eq 2 ] || fail "world-writable dir: exit $rc"
case "$out" in *"can be written by others (mode 1777)"*) ;; *) fail "world-writable dir: $out" ;; esac
[ -e "$tmp/shared/m.sock" ] && fail "socket created in a shared directory"
out=$("$bin" run test/m68k-shell --monitor bogus:1 --until 1ms 2>&1); [ $? -eq 2 ] || fail "bogus spec"

# 5. scons install: the library, its header and pkg-config file; a program
#    built against them talks to a running machine.
if command -v pkg-config >/dev/null && [ "${WIREWRAP_BUILD:-build/release}" = build/release ]; then
    scons -Q install PREFIX="$tmp/prefix" >"$tmp/install.log" 2>&1 || fail "scons install: $(cat "$tmp/install.log")"
    for f in lib/libwirewrap-client.so lib/libwirewrap-client.so.0 include/wirewrap-client.h \
             lib/pkgconfig/wirewrap-client.pc bin/wirewrap; do
        [ -e "$tmp/prefix/$f" ] || fail "scons install: no $f"
    done
    cat >"$tmp/prog.c" <<'C'
#include <wirewrap-client.h>
#include <stdio.h>
int main(int argc, char **argv)
{
    GError *err = NULL;
    ww_client *c = ww_client_connect(argv[1], &err);
    if (!c) { fprintf(stderr, "%s\n", err->message); return 1; }
    JsonNode *r = ww_client_call(c, &err, "info-chip", "id", WW_CLIENT_STR, "pic0", NULL);
    if (!r) { fprintf(stderr, "%s\n", err->message); return 1; }
    printf("%s\n", json_object_get_string_member(json_node_get_object(r), "title"));
    json_node_unref(r);
    if (ww_client_call(c, &err, "info-chip", "id", WW_CLIENT_STR, "nope", NULL) ||
        !ww_client_error_class(err)) return 1;
    printf("%s\n", ww_client_error_class(err));
    g_clear_error(&err);
    json_node_unref(ww_client_execute(c, "quit", NULL, &err));
    ww_client_free(c);
    return 0;
}
C
    export PKG_CONFIG_PATH=$tmp/prefix/lib/pkgconfig
    cc -o "$tmp/prog" "$tmp/prog.c" $(pkg-config --cflags --libs wirewrap-client) \
        -Wl,-rpath,"$tmp/prefix/lib" 2>"$tmp/cc.err" || fail "building against the library: $(cat "$tmp/cc.err")"
    "$bin" run test/m68k-shell --serial none --monitor "unix:$sock" 2>"$tmp/run.err" &
    pids+=($!); run=$!
    wait_sock "$sock"
    out=$("$tmp/prog" "unix:$sock") || fail "program: $out"
    [ "$out" = $'pic0\nDeviceNotFound' ] || fail "program printed: $out"
    wait $run || fail "run: exit $?"
fi
exit 0
