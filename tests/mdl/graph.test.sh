# `wirewrap graph pc/q35 | dot -Tsvg` produces valid SVG.
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
command -v dot >/dev/null || { echo "graphviz (dot) not installed"; exit 77; }
for t in i8259 i8254; do
    "$bin" chips "$t" >/dev/null 2>&1 || { echo "chip type $t not registered yet (branch chips-pc)"; exit 77; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$bin" graph pc/q35 > "$tmp/q35.dot" || exit 1
dot -Tsvg "$tmp/q35.dot" > "$tmp/q35.svg" || exit 1
if command -v xmllint >/dev/null; then xmllint --noout "$tmp/q35.svg" || exit 1; fi
grep -q '<svg' "$tmp/q35.svg" || { echo "no <svg> element"; exit 1; }
grep -q 'pic0' "$tmp/q35.svg" || { echo "pic0 missing from the graph"; exit 1; }
exit 0
