#!/usr/bin/env bash
# tests/machines/m68k-bare.test.sh — boot machines/test/m68k-bare.xml
# headless and check its test firmware's output over the 16550: the banner,
# then one line per exercised exception (trap, illegal, address error,
# divide by zero, CHK, privilege, level-4 interrupt).
# Skips (77) while `wirewrap run`, the ns16550 chip or the firmware is missing.
set -u
bin=${WIREWRAP_BIN:-build/release/wirewrap}
build=${WIREWRAP_BUILD:-build/release}
if [ ! -x "$bin" ]; then echo "no wirewrap binary at $bin"; exit 77; fi
if [ ! -f "$build/tests/firmware/m68k/bare.bin" ]; then
    echo "firmware not built (m68k-linux-gnu binutils missing?)"; exit 77
fi
if ! "$bin" run --help >/dev/null 2>&1; then
    echo "'wirewrap run' is not available in this build (machine loader not merged)"; exit 77
fi
if ! "$bin" chips 2>/dev/null | grep -q ns16550; then
    echo "chip type ns16550 is not available in this build (UART not merged)"; exit 77
fi
out=$(timeout 60 "$bin" run test/m68k-bare --headless --serial stdio --until 1s \
      --expect "all tests passed" 2>&1)
rc=$?
echo "$out"
fail=0
for line in "wirewrap m68k-bare test firmware" "trap ok" "illegal ok" "address error ok" \
            "divide by zero ok" "chk ok" "privilege ok" "irq4 ok" "all tests passed"; do
    if ! grep -q "$line" <<<"$out"; then echo "missing: $line"; fail=1; fi
done
if [ $rc -ne 0 ]; then echo "wirewrap run exited $rc"; fail=1; fi
exit $fail
