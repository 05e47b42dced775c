# `wirewrap lint` exit codes (0 clean, 1 errors, 2 usage) and `wirewrap run`
# start-up failures: a broken machine or a missing ROM → exit 2 with the message.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
fail() { echo "FAIL: $*"; exit 1; }

"$bin" lint >/dev/null 2>&1; [ $? -eq 2 ] || fail "lint without files should exit 2"
"$bin" lint --bogus x.xml >/dev/null 2>&1; [ $? -eq 2 ] || fail "lint --bogus should exit 2"
"$bin" lint tests/mdl/good/missing-rom.xml machines/test/minimal.xml || fail "clean files should exit 0"
err=$("$bin" lint tests/mdl/bad/bad-malformed.xml 2>&1); rc=$?
[ $rc -eq 1 ] || fail "broken file: exit $rc, expected 1"
case "$err" in
*"tests/mdl/bad/bad-malformed.xml:6: error: malformed XML"*) ;;
*) fail "unexpected message: $err" ;;
esac
# one clean and one broken file: still 1
"$bin" lint machines/test/minimal.xml tests/mdl/bad/bad-root.xml >/dev/null 2>&1
[ $? -eq 1 ] || fail "mixed files should exit 1"

# run: a broken machine stops start-up with file:line, exit 2
err=$("$bin" run tests/mdl/bad/bad-root.xml --until 1ms 2>&1); rc=$?
[ $rc -eq 2 ] || fail "run of a broken machine: exit $rc, expected 2"
case "$err" in *"bad-root.xml:2: error: root element is <machin>"*) ;; *) fail "run: $err" ;; esac

# run: a missing user-supplied ROM names id, size, hashes and the directories searched
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
err=$(HOME=$tmp WIREWRAP_ROM_PATH=$tmp/roms "$bin" run tests/mdl/good/missing-rom.xml \
      --rom-path "$tmp/mine" --until 1ms 2>&1); rc=$?
[ $rc -eq 2 ] || fail "missing ROM: exit $rc, expected 2"
for want in "missing-rom.xml:5: error: ROM 'macplus-v3-hi' not found" "expected 65536 bytes" \
            "CRC32 f69697e6" "SHA-1 41317614ac71eb94941e9952f6ea37407e21ffff" \
            "searched $tmp/mine, $tmp/roms, $tmp/.local/share/wirewrap/roms"; do
    case "$err" in *"$want"*) ;; *) fail "missing-ROM message lacks '$want': $err" ;; esac
done

# machines: every machine with its title and ROM status
out=$("$bin" machines 2>&1) || fail "machines: $out"
case "$out" in *"test/minimal"*"Minimal test machine (memory only)"*"ROMs: -"*) ;; *) fail "machines: $out" ;; esac
case "$out" in *"pc/q35"*) ;; *) fail "machines does not list pc/q35: $out" ;; esac
exit 0
