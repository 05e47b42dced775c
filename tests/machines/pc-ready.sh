#!/usr/bin/env bash
# tests/machines/pc-ready.sh — can this wirewrap boot a Linux kernel on pc/q35?
# Exit 0 if `wirewrap run pc/q35 --help` offers --kernel and the machine has a CPU
# (a chip whose type `wirewrap chips` describes as a CPU appears in `wirewrap graph
# pc/q35`); else print the reason on one line and exit 1. Shared by
# tests/machines/pc-linux.test.sh and bench/boot-pc/run.
#   tests/machines/pc-ready.sh [WIREWRAP_BINARY]
bin=${1:-${WIREWRAP_BIN:-build/release/wirewrap}}
[ -x "$bin" ] || { echo "pc/q35 does not boot yet: no wirewrap binary at $bin"; exit 1; }
help=$("$bin" run pc/q35 --help 2>&1) ||
    { echo "pc/q35 does not boot yet: 'wirewrap run pc/q35 --help' failed"; exit 1; }
grep -q -- '--kernel' <<<"$help" ||
    { echo "pc/q35 does not boot yet: 'wirewrap run' has no --kernel option"; exit 1; }
cpus=$("$bin" chips 2>/dev/null | awk '/ CPU/ { print $1 }')
graph=$("$bin" graph pc/q35 2>&1) ||
    { echo "pc/q35 does not boot yet: 'wirewrap graph pc/q35' failed: ${graph##*$'\n'}"; exit 1; }
for t in $cpus; do
    grep -qE "label=\"[^\"]*\\\\n$t\"" <<<"$graph" && exit 0
done
echo "pc/q35 does not boot yet: the machine has no CPU (no chip of type ${cpus//$'\n'/, })"
exit 1
