#!/usr/bin/env bash
# The CI share of fuzzing: the harnesses share WW_FUZZ_BUDGET seconds of wall
# time (default 300), two at a time (2 cores), under ASan+UBSan; each gets
# an equal slice (WW_FUZZ_SECONDS overrides the slice). Longer runs:
# tests/fuzz/run NAME SECS.
# Skipped in the --asan pass: the harnesses are sanitizer builds already.
set -u
cd "$(dirname "$0")/../.."
if [ "${WIREWRAP_BUILD:-}" = build/asan ]; then
    echo "fuzz harnesses already run under ASan in the release pass"; exit 77
fi
scons -Q -j"$(nproc)" variant=fuzz >/tmp/wirewrap-fuzz-build.log 2>&1 || {
    cat /tmp/wirewrap-fuzz-build.log; echo "fuzz build failed"; exit 1; }
names=$(tests/fuzz/run)
[ -n "$names" ] || { echo "no fuzz harnesses yet"; exit 77; }
count=$(echo $names | wc -w)
rounds=$(( (count + 1) / 2 ))
secs=${WW_FUZZ_SECONDS:-$(( ${WW_FUZZ_BUDGET:-300} / rounds ))}
[ "$secs" -ge 5 ] || secs=5
rc=0
pids=()
set -- $names
while [ $# -gt 0 ]; do
    tests/fuzz/run "$1" "$secs" & pids+=($!)
    if [ $# -gt 1 ]; then tests/fuzz/run "$2" "$secs" & pids+=($!); shift; fi
    shift
    for p in "${pids[@]}"; do wait "$p" || rc=1; done
    pids=()
done
exit $rc
