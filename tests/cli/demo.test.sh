# tests/cli/demo.test.sh — `wirewrap demo` boots the machines that can boot,
# headless, and their firmware banners reach stdout; it exits 0.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
out=$("$bin" demo 2>&1)
rc=$?
for want in "wirewrap ppc-bare test firmware" "ALL PASS" "wirewrap m68k-bare test firmware" \
            "all tests passed" "no screenshot is written"; do
    grep -qF "$want" <<<"$out" || { echo "demo output lacks '$want' (exit $rc):"; echo "$out"; exit 1; }
done
[ $rc -eq 0 ] || { echo "demo exited $rc"; exit 1; }
"$bin" demo extra >/dev/null 2>&1 && { echo "demo accepted a stray argument"; exit 1; }
exit 0
