# tests/machines/ppc-bare.test.sh — boot machines/test/ppc-bare.xml headless
# and check the test firmware's serial output: the banner and every PASS line
# (page-table-mapped access, DSI with DSISR/DAR, decrementer interrupt), for
# each CPU model. Skips (77) while `wirewrap run` (branch mdl) or the ns16550
# chip (branch chips-pc) are not in this build, or the firmware is not built.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
build=${WIREWRAP_BUILD:-build/release}
"$bin" run --help >/dev/null 2>&1 || { echo "wirewrap run is not in this build"; exit 77; }
"$bin" chips ns16550 >/dev/null 2>&1 || { echo "chip type ns16550 is not registered in this build"; exit 77; }
[ -f "$build/tests/firmware/ppc/bare.bin" ] || { echo "test firmware not built (powerpc-linux-gnu-as missing?)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for model in ppc750 ppc604 ppc603; do
    "$bin" run test/ppc-bare -p model="$model" --headless --serial stdio --until 1s \
        --expect "ALL PASS" > "$tmp/out" 2>&1
    rc=$?
    for want in "wirewrap ppc-bare test firmware" "PASS: page table mapped access" \
                "PASS: DSI load DSISR=40000000 DAR=20000024" \
                "PASS: DSI store DSISR=0A000000 DAR=30000008" "PASS: decrementer interrupt" "ALL PASS"; do
        grep -qF "$want" "$tmp/out" || { echo "$model: missing '$want' (exit $rc):"; cat "$tmp/out"; exit 1; }
    done
    [ $rc -eq 0 ] || { echo "$model: wirewrap run exited $rc"; cat "$tmp/out"; exit 1; }
done
exit 0
