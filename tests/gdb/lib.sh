# tests/gdb/lib.sh — shared by the gdbstub tests: start `wirewrap run MACHINE
# --gdb tcp:127.0.0.1:0 --stopped …` (the port it picked is read from its
# stderr), run gdb-multiarch in batch mode on a command file with @PORT@
# replaced, and check gdb's output against expected lines.
#   gdb_run MACHINE SCRIPT.gdb OUT [wirewrap run arguments…]
#   expect OUT REGEX WHAT
# Needs $bin (the wirewrap binary) and $tmp (a scratch directory).
command -v gdb-multiarch >/dev/null || { echo "gdb-multiarch is not installed (./wirewrap installs it)"; exit 77; }
fail=0
ww_pid=
gdb_run() {
    local machine=$1 script=$2 out=$3
    shift 3
    "$bin" run "$machine" --gdb tcp:127.0.0.1:0 --stopped "$@" 2>"$tmp/run.err" &
    ww_pid=$!
    local port="" i
    for i in $(seq 1 200); do
        port=$(sed -n 's/.*gdb listening on tcp:127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/run.err")
        [ -n "$port" ] && break
        kill -0 "$ww_pid" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$port" ]; then
        echo "FAIL: wirewrap did not start its gdbstub"; cat "$tmp/run.err"; fail=1; return 1
    fi
    sed "s/@PORT@/$port/g" "$script" >"$tmp/script.gdb"
    timeout "${WW_GDB_TIMEOUT:-300}" gdb-multiarch -nx -batch -x "$tmp/script.gdb" >"$out" 2>&1
    echo "gdb exit $?" >>"$out"
    # The script ends with `monitor quit`; wait for the machine to end.
    for i in $(seq 1 100); do kill -0 "$ww_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$ww_pid" 2>/dev/null; then
        kill "$ww_pid"; echo "FAIL: wirewrap did not end after 'monitor quit'"; fail=1
    fi
    wait "$ww_pid" 2>/dev/null
    return 0
}
expect() {   # OUT REGEX WHAT
    if grep -Eq "$2" "$1"; then
        echo "ok: $3"
    else
        echo "FAIL: $3 (no line matching /$2/)"; fail=1
    fi
}
