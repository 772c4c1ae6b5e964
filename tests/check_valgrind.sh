#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# valgrind memcheck is clean on short runs of every kind of work (issue 7,
# point 3): a run with two replicates, a sweep, a summary of the results and
# checking every shipped scenario. Any memory error, or a definite leak,
# fails (--error-exitcode). Usage: check_valgrind.sh VALGRIND VOLSIM SRC
set -eu
vg="$1"; exe="$2"; src="$3"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# memcheck EXPECTED_STATUS ARGS...: volsim ARGS under memcheck must exit
# with EXPECTED_STATUS (valgrind's own error status is 99)
memcheck() {
  want=$1; shift
  echo "== valgrind: volsim $* (expected exit $want)"
  status=0
  "$vg" --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite -q "$exe" "$@" \
    >"$dir/out" 2>"$dir/err" || status=$?
  if [ "$status" -ne "$want" ]; then
    cat "$dir/err" >&2
    echo "valgrind memcheck failed (exit $status, expected $want): volsim $*" >&2
    exit 1
  fi
}
memcheck 0 run "$src/scenarios/three_month.cfg" -r 2 -d 30 --set clients.count=200 --set volunteers.initial=80 \
  --set run.burn_in_days=60 \
  -t 1 -q --agents --events -o "$dir/run.h5"
memcheck 0 sweep "$src/tests/data/sweeps/small.cfg" -t 1 -q -o "$dir/sweep.h5"
memcheck 0 summary "$dir/run.h5"
memcheck 0 compare "$dir/run.h5" "$dir/run.h5"
memcheck 0 check "$src"/scenarios/*.cfg
memcheck 2 check "$src/tests/data/bad/26_several_errors.cfg"
echo "valgrind memcheck: clean"
