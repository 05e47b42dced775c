# `wirewrap chips --markdown DIR` writes one page per registered chip, and the
# i8259 page lists its registers.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$bin" chips --markdown "$tmp/out" >/dev/null || exit 1
chips=$("$bin" chips | wc -l)
pages=$(ls "$tmp/out" | grep -v '^index.md$' | wc -l)
[ "$chips" -eq "$pages" ] || { echo "$chips chips but $pages pages"; exit 1; }
[ -f "$tmp/out/index.md" ] || { echo "no index.md"; exit 1; }
"$bin" chips --markdown >/dev/null 2>&1; [ $? -eq 2 ] || { echo "--markdown without DIR should exit 2"; exit 1; }
"$bin" chips i8259 >/dev/null 2>&1 || { echo "chip type i8259 not registered yet (branch chips-pc)"; exit 77; }
page=$tmp/out/i8259.md
grep -q '^## Registers' "$page" || { echo "i8259.md has no Registers section"; exit 1; }
n=$(grep -c '^### ' "$page")
[ "$n" -ge 4 ] || { echo "i8259.md lists $n registers"; cat "$page"; exit 1; }
exit 0
