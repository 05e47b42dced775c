#!/usr/bin/env bash
# tests/mdl/lint-input.test.sh — `wirewrap lint` on files a new user (or
# someone else) hands it (issue 20): one message per problem on one line and
# nothing from libxml2 itself; huge attribute lists and thousands of maps
# lint (no timing here: bench territory); directories and FIFOs are named
# as such; <rom file=> outside the allowed directories is refused.
set -u
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
command -v python3 >/dev/null || { echo "python3 missing (generates the test files)"; exit 77; }

# 9. EBCDIC, declaring Shift_JIS: libxml2 printed "encoding error" lines.
python3 - "$tmp" <<'PY'
import sys, itertools, string
d = sys.argv[1]
s = '<?xml version="1.0" encoding="Shift_JIS"?>\n<machine name="e">\n</machine>\n'
open(d + '/ebcdic.xml', 'wb').write(s.encode('cp037'))
open(d + '/latin.xml', 'wb').write('<machine name="\xe9">\n</machine>\n'.encode('latin-1'))
names = (''.join(t) for t in itertools.product(string.ascii_letters, repeat=3))
attrs = ' '.join('%s=""' % next(names) for _ in range(130000))
open(d + '/attrs.xml', 'w').write('<machine name="a">\n<chip id="c" type="i8259" %s/>\n</machine>\n' % attrs)
m = ['<machine name="m">', '<space name="bus" bits="32"/>']
m += ['<map space="bus" at="0x%x" to="ram"/>' % (i * 0x1000) for i in range(9990)]
m += ['<ram id="ram" size="4KiB"/>', '</machine>']
open(d + '/maps.xml', 'w').write('\n'.join(m) + '\n')
PY
for f in ebcdic latin; do
    "$bin" lint "$tmp/$f.xml" >"$tmp/out" 2>&1; rc=$?
    [ $rc -eq 1 ] || fail "$f.xml: exit $rc, expected 1"
    [ "$(wc -l <"$tmp/out")" -eq 1 ] || fail "$f.xml: not one line: $(cat "$tmp/out")"
    grep -q "^$tmp/$f.xml:1: error: " "$tmp/out" || fail "$f.xml: $(cat "$tmp/out")"
    grep -qi "encoding error\|I/O error" "$tmp/out" && fail "$f.xml: libxml2 spoke: $(cat "$tmp/out")"
done

# 5. 130,000 attributes on one element (1 MiB): a clear error, quickly.
[ "$(stat -c %s "$tmp/attrs.xml")" -lt 1048576 ] || fail "attrs.xml is over 1 MiB"
err=$(timeout 60 "$bin" lint "$tmp/attrs.xml" 2>&1); rc=$?
[ $rc -eq 1 ] || fail "attrs.xml: exit $rc, expected 1: $err"
[ "$err" = "$tmp/attrs.xml:2: error: <chip> has more than 256 attributes; expected at most 256" ] ||
    fail "attrs.xml: $err"
# 9,990 maps of a RAM declared after them: clean.
err=$(timeout 60 "$bin" lint "$tmp/maps.xml" 2>&1) || fail "maps.xml: $err"

# Not a file: said so, not "no such machine file".
mkfifo "$tmp/fifo"
err=$(timeout 20 "$bin" lint "$tmp/fifo" 2>&1); [ $? -eq 1 ] || fail "lint FIFO: $err"
case "$err" in "$tmp/fifo: error: a FIFO; expected a machine file"*) ;; *) fail "FIFO: $err" ;; esac
err=$("$bin" lint "$tmp" 2>&1); [ $? -eq 1 ] || fail "lint directory: $err"
case "$err" in "$tmp: error: a directory; expected a machine file"*) ;; *) fail "dir: $err" ;; esac

# <rom file=> reading a host file: refused by lint and run.
mkdir "$tmp/m"
printf '<machine>\n<rom id="rom" size="1MiB" file="/etc/passwd"/>\n</machine>\n' >"$tmp/m/steal.xml"
for cmd in lint run; do
    err=$("$bin" $cmd "$tmp/m/steal.xml" 2>&1); rc=$?
    [ $rc -ne 0 ] || fail "$cmd accepted a ROM file outside the allowed directories"
    case "$err" in *"steal.xml:2: error: file '/etc/passwd' is outside the directories ROM images may come from"*) ;;
    *) fail "$cmd steal.xml: $err" ;; esac
done
exit 0
