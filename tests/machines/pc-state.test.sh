#!/usr/bin/env bash
# tests/machines/pc-state.test.sh — state files on the booting PC (pc/q35,
# the i386 guest of tests/guests/debian-i386.sh), one boot for three checks:
#  1. determinism: run A boots to 20 s of virtual time saving at 5 s (mid-boot,
#     devices probing) and at 20 s (past the busybox prompt, ~14 s); run B, a
#     fresh process, loads the 5 s state and runs to 20 s saving there: the
#     two 20 s states are byte-identical (every chip's state walk, the timer
#     order and the zstd stream of every RAM block: equal streams mean equal
#     RAM), and B printed exactly what A printed after 5 s;
#  2. damage: run C loads the 20 s state (saved at the prompt) with the JSON
#     monitor; copies with one bit flipped at spread-out places and cut short
#     at several lengths are refused by `loadvm`, each with a message naming
#     what is wrong, and a state saved after all of them equals one saved
#     before (the machine is unchanged);
#  3. the restored machine works: over the serial line `echo $((6*7))`
#     answers 42.
# Skipped under ASan (the release pass boots the PC).
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
if [ "${WIREWRAP_BUILD:-}" = build/asan ]; then
    echo "Linux boots are run by the release pass (under ASan a boot takes over 10 minutes)"
    exit 77
fi
why=$(tests/machines/pc-ready.sh "$bin") || { echo "$why"; exit 77; }
tmp=$(mktemp -d); chmod 700 "$tmp"
mon_pid=
trap '[ -n "$mon_pid" ] && kill "$mon_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
guest=$(tests/guests/debian-i386.sh --print 2>"$tmp/guest.err")
rc=$?
if [ $rc -eq 2 ]; then cat "$tmp/guest.err"; echo "the i386 guest cannot be built here (set-up above)"; exit 77; fi
[ $rc -eq 0 ] || { cat "$tmp/guest.err"; echo "tests/guests/debian-i386.sh failed (exit $rc)"; exit 1; }
eval "$guest"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
pc=(pc/q35 --kernel "$KERNEL" --initrd "$INITRD" --append "console=ttyS0 cryptomgr.notests")

# 1. determinism
"$bin" run "${pc[@]}" --serial file:"$tmp/a.ser" --save-state "$tmp/t5.wws@5s" \
    --save-state "$tmp/t20.wws@20s" --until 20s 2>"$tmp/a.err" || { cat "$tmp/a.err"; bad "run A exited $?"; }
grep -q "ww-guest# " "$tmp/a.ser" || bad "run A never showed the busybox prompt by 20 s"
"$bin" run "${pc[@]}" --serial file:"$tmp/b.ser" --load-state "$tmp/t5.wws" \
    --save-state "$tmp/t20b.wws@20s" --until 20s 2>"$tmp/b.err" || { cat "$tmp/b.err"; bad "run B exited $?"; }
if cmp -s "$tmp/t20.wws" "$tmp/t20b.wws"; then
    echo "determinism: the 20 s states of A and of B (loaded at 5 s) are identical," \
         "$(stat -c %s "$tmp/t20.wws") bytes compared"
else
    bad "the 20 s state of B (loaded at 5 s) differs from A's: $(cmp "$tmp/t20.wws" "$tmp/t20b.wws")"
fi
a=$(cat "$tmp/a.ser"); b=$(cat "$tmp/b.ser")
[ -n "$b" ] && [ "${a%"$b"}" != "$a" ] || bad "B's serial output is not the tail of A's"

# 2. damaged copies are refused, the machine stays as it was
"$bin" run "${pc[@]}" --serial file:"$tmp/c.ser" --load-state "$tmp/t20.wws" \
    --monitor unix:"$tmp/m.sock" 2>"$tmp/c.err" &
mon_pid=$!
for i in $(seq 1 100); do [ -S "$tmp/m.sock" ] && break; sleep 0.1; done
ctl() { "$bin" ctl "$tmp/m.sock" "$@"; }
ctl stop >/dev/null || bad "stop"
ctl savevm "$tmp/before.wws" >/dev/null || bad "savevm before"
python3 - "$tmp/t20.wws" "$tmp" <<'PY'
import sys
src, d = sys.argv[1], sys.argv[2]
data = bytearray(open(src, 'rb').read())
n = len(data)
# one bit flipped: in the header, the first chip section, spread through the
# file (the RAM sections are most of it), and in the last CRC
spots = [3, 9, 40, 200, 5000] + [n * k // 9 for k in range(1, 9)] + [n - 2]
for i, at in enumerate(spots):
    b = bytearray(data); b[at] ^= 1 << (i % 8)
    open(f"{d}/flip{i}.wws", 'wb').write(b)
for i, cut in enumerate([0, 7, 30, 300, n // 3, n // 2, n - 5, n - 1]):
    open(f"{d}/cut{i}.wws", 'wb').write(data[:cut])
PY
refused=0
for f in "$tmp"/flip*.wws "$tmp"/cut*.wws; do
    msg=$(ctl loadvm "$f" 2>&1) && { bad "$(basename "$f") was accepted"; continue; }
    if grep -Eq "damaged|truncated|bad magic|format|bytes after" <<<"$msg"; then
        refused=$((refused + 1))
        echo "refused $(basename "$f"): ${msg##*wws: }"
    else
        bad "$(basename "$f"): unclear error: $msg"
    fi
done
ctl savevm "$tmp/after.wws" >/dev/null || bad "savevm after"
cmp -s "$tmp/before.wws" "$tmp/after.wws" && echo "unchanged: $refused damaged files refused, the state" \
    "saved after them equals the one saved before" || bad "the machine changed while refusing damaged files"

# 3. the restored machine answers over serial
ctl cont >/dev/null || bad "cont"
ctl type 'echo $((6*7))
' >/dev/null || bad "type"
ctl wait-serial "42" 10s >/dev/null && echo "restored at the prompt: 'echo \$((6*7))' answered 42" \
    || bad "no answer 42 after the restore: $(tail -c 300 "$tmp/c.ser")"
ctl quit >/dev/null
wait "$mon_pid"; mon_pid=
exit $fail
