#!/usr/bin/env bash
# `wirewrap run --screenshot FILE.png@TIME`: repeatable, in time order, the
# same picture for the same time; the run ends after the last one; a machine
# without a <display>, a bad FILE@TIME and an unwritable file are refused
# with a message (exit 2 for usage, 1 for a failed write). The machine here
# is a VGA with nothing driving it (no CPU): the picture is the card's at
# reset; tests/machines/pc-*.test.sh take real ones.
set -u
bin=${WIREWRAP_BIN:?WIREWRAP_BIN not set}
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/vga.xml" <<'XML'
<machine name="test/vga-only">
  <space name="cpu.mem" bits="32"/>
  <space name="cpu.io" bits="16"/>
  <chip id="video" type="vga"/>
  <space name="video.io" alias="cpu.io"/>
  <space name="video.mem" alias="cpu.mem"/>
  <display from="video"/>
</machine>
XML
sed '/<display/d' "$tmp/vga.xml" > "$tmp/nodisplay.xml"

"$bin" run "$tmp/vga.xml" --serial none --screenshot "$tmp/b.png@20ms" \
    --screenshot "$tmp/a.png@10ms" 2>"$tmp/err" || fail "run exited $?: $(cat "$tmp/err")"
for f in a b; do
    [ -s "$tmp/$f.png" ] || fail "$f.png not written"
    [ "$(head -c 8 "$tmp/$f.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] ||
        fail "$f.png is not a PNG"
done
ls -a "$tmp" | grep -q '\.tmp-' && fail "a temporary file was left behind"
# Same time, same picture.
"$bin" run "$tmp/vga.xml" --serial none --screenshot "$tmp/a2.png@10ms" 2>/dev/null ||
    fail "second run exited $?"
cmp -s "$tmp/a.png" "$tmp/a2.png" || fail "the same time gave another picture"

# No display to take it from.
"$bin" run "$tmp/nodisplay.xml" --serial none --screenshot "$tmp/x.png@1ms" 2>"$tmp/err"
rc=$?; [ $rc -eq 2 ] || fail "no display: exit $rc, expected 2"
grep -q "display" "$tmp/err" || fail "no display: $(cat "$tmp/err")"
# FILE@TIME spelled wrong.
for bad in "$tmp/x.png" "$tmp/x.png@" "$tmp/x.png@5" "@1s" "$tmp/x.png@-1ms"; do
    "$bin" run "$tmp/vga.xml" --serial none --screenshot "$bad" 2>"$tmp/err"
    rc=$?; [ $rc -eq 2 ] || fail "--screenshot '$bad': exit $rc, expected 2"
    grep -q -- "--screenshot" "$tmp/err" || fail "--screenshot '$bad': $(cat "$tmp/err")"
done
# A file that cannot be written: exit 1, the path in the message.
"$bin" run "$tmp/vga.xml" --serial none --screenshot "$tmp/nodir/x.png@1ms" 2>"$tmp/err"
rc=$?; [ $rc -eq 1 ] || fail "unwritable: exit $rc, expected 1"
grep -q "nodir/x.png" "$tmp/err" || fail "unwritable: $(cat "$tmp/err")"
# A screenshot after --until is never taken: said so, exit 1.
"$bin" run "$tmp/vga.xml" --serial none --until 5ms --screenshot "$tmp/late.png@10ms" 2>"$tmp/err"
rc=$?; [ $rc -eq 1 ] || fail "late screenshot: exit $rc, expected 1"
[ -e "$tmp/late.png" ] && fail "late screenshot written"
exit 0
