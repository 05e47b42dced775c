#!/usr/bin/env bash
# tests/cli/debug-categories.test.sh — `-d LIST` (issue 20): a name that is
# no chip type or log category was accepted silently; now it is a warning
# with the nearest name (it may still be a chip id, so the command runs).
set -u
bin=${WIREWRAP_BIN:?WIREWRAP_BIN not set}
fail() { echo "FAIL: $*"; exit 1; }
err=$("$bin" -d i8529 chips 2>&1 >/dev/null); rc=$?
[ $rc -eq 0 ] || fail "-d i8529 chips: exit $rc"
case "$err" in "wirewrap: warning: -d i8529: no chip type or log category"*"did you mean 'i8259'?") ;;
*) fail "-d i8529: $err" ;; esac
err=$("$bin" -d nosuchcat chips 2>&1 >/dev/null)
case "$err" in *"-d nosuchcat: no chip type or log category"*) ;; *) fail "-d nosuchcat: $err" ;; esac
# Known names are quiet: chip types, core categories, kinds.
err=$("$bin" -d i8259,bus,guest,unimp,all chips 2>&1 >/dev/null)
[ -z "$err" ] || fail "known categories warned: $err"
"$bin" -d >/dev/null 2>&1; [ $? -eq 2 ] || fail "-d without a list should exit 2"
exit 0
