#!/usr/bin/env bash
# tests/cli/user-input.test.sh — `wirewrap user` with the input a new user
# gives it (issue 20): devices and FIFOs are refused before they are read,
# --max-insns is checked, truncated files are named, and an unmapped access
# is SIGSEGV (status 139) in every family, as under qemu-user.
set -u
cd "$(dirname "$0")/../.." || exit 1
bin=${WIREWRAP_BIN:-build/release/wirewrap}
build=${WIREWRAP_BUILD:-build/release}
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Should the refusal regress, /dev/zero is read at GB/s: bound the damage
# (not under ASan, whose shadow memory needs the address space).
case "$build" in *asan*) ;; *) ulimit -v 4000000 ;; esac

# 2. A character device, a FIFO and a directory are not programs.
mkfifo "$tmp/fifo"
for f in /dev/zero "$tmp/fifo" "$tmp"; do
    err=$(timeout 20 "$bin" user "$f" 2>&1); rc=$?
    [ $rc -eq 2 ] || fail "user $f: exit $rc, expected 2: $err"
    case "$err" in "wirewrap user: $f: "*"; expected a static ELF executable"*) ;;
    *) fail "user $f: $err" ;; esac
done

# 3. --max-insns takes a whole number of instructions, nothing else.
prog=$build/tests/cpu/x86/progs/exit_code.elf
for v in abc -5 '' 10x 0 '1 0'; do
    err=$("$bin" user --max-insns "$v" "${prog}" 2>&1); rc=$?
    [ $rc -eq 2 ] || fail "--max-insns '$v': exit $rc, expected 2"
    case "$err" in "wirewrap user: --max-insns '$v': "*) ;; *) fail "--max-insns '$v': $err" ;; esac
done
"$bin" user --max-insns >/dev/null 2>&1; [ $? -eq 2 ] || fail "--max-insns without a value"

# Truncated headers: the message names the file.
printf '\177ELF\1\2\1' >"$tmp/short.elf"
err=$("$bin" user "$tmp/short.elf" 2>&1)
case "$err" in "wirewrap user: $tmp/short.elf: truncated"*) ;; *) fail "short ELF: $err" ;; esac

# 4. Null pointer and stack overflow: SIGSEGV (139) in every family.
ran=0
for fam in ppc x86 m68k; do
    for p in segv_null segv_stack; do
        elf=$build/tests/cpu/$fam/progs/$p.elf
        [ -f "$elf" ] || continue
        ran=1
        timeout 60 "$bin" user "$elf" >/dev/null 2>"$tmp/err"; rc=$?
        [ $rc -eq 139 ] || fail "$fam $p: exit $rc, expected 139 (SIGSEGV): $(cat "$tmp/err")"
        grep -q "signal 11" "$tmp/err" || fail "$fam $p: $(cat "$tmp/err")"
    done
done
[ $ran -eq 1 ] || { echo "no cross-built test programs (cross compilers missing)"; exit 77; }
exit 0
