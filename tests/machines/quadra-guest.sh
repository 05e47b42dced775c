# tests/machines/quadra-guest.sh — sourced by the Quadra 800 machine tests
# (quadra-*.test.sh): skips under ASan, builds or reuses the Linux/m68k guest
# (tests/guests/linux-m68k-quadra.sh: KERNEL, INITRD), sets bin and tmp, and
# defines quadra_boot NAME APPEND [wirewrap run arguments...] -- [console.py
# arguments...], which boots mac68k/quadra800 with the console on a pipe
# (tests/machines/console.py), prints the result line and returns 0 on success.
# WW_QUADRA_BOOT_TIMEOUT (default 600 s) bounds the boot to the prompt.
bin=${WIREWRAP_BIN:-build/release/wirewrap}
if [ "${WIREWRAP_BUILD:-}" = build/asan ]; then
    echo "Linux boots are run by the release pass (under ASan a boot takes many minutes)"
    exit 77
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
guest=$(tests/guests/linux-m68k-quadra.sh --print 2>"$tmp/guest.err")
rc=$?
if [ $rc -eq 2 ]; then cat "$tmp/guest.err"; echo "the m68k guest cannot be built here (set-up above)"; exit 77; fi
[ $rc -eq 0 ] || { tail -20 "$tmp/guest.err"; echo "tests/guests/linux-m68k-quadra.sh failed (exit $rc)"; exit 1; }
eval "$guest"

quadra_boot() {   # NAME APPEND [run args…] -- [console.py args…]
    local name=$1 append=$2 out
    shift 2
    local run=() con=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do run+=("$1"); shift; done
    [ "${1:-}" = -- ] && shift
    con=("$@")
    out=$(python3 tests/machines/console.py --boot-timeout "${WW_QUADRA_BOOT_TIMEOUT:-600}" \
          --timeout 120 --log "$tmp/$name.log" ${con[@]+"${con[@]}"} -- \
          "$bin" run mac68k/quadra800 --kernel "$KERNEL" --initrd "$INITRD" \
          --append "$append" --serial stdio ${run[@]+"${run[@]}"} 2>"$tmp/$name.err")
    if [[ $out == result=ok* ]]; then
        echo "$name: $out"
        return 0
    fi
    echo "$name: FAIL: $out"
    cat "$tmp/$name.err"
    tail -c 3000 "$tmp/$name.log"
    return 1
}
