# tests/machines/g3-openbios.test.sh — powermac/g3beige boots OpenBIOS (Debian's
# qemu-system-data openbios-ppc) to the Forth prompt `0 >` on the ESCC channel A
# serial line, and `1 2 + .` answers 3 (issue 19). Skips (77) only when
# /usr/share/qemu/openbios-ppc is missing (apt-get install qemu-system-data).
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
[ -f /usr/share/qemu/openbios-ppc ] || { echo "openbios-ppc missing (apt-get install qemu-system-data)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 tests/machines/console.py --prompt '0 > ' --boot-timeout 120 --timeout 30 \
    --inline --check '1 2 + .' ' 3 +ok' --poweroff '' --log "$tmp/console" \
    --mark banner='Welcome to OpenBIOS' \
    -- "$bin" run powermac/g3beige --serial stdio > "$tmp/result" 2>&1
rc=$?
cat "$tmp/result"
[ $rc -eq 0 ] || { echo "--- console ---"; tail -c 2000 "$tmp/console"; exit 1; }
grep -q 'result=ok' "$tmp/result" || exit 1
exit 0
