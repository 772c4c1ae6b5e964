#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The benchmark harness works (no timing is checked here: speed and memory
# are measured by bench/run, never in tests). A small scenario runs twice
# with the same metrics hash, the hash equals that of the same run in a
# larger bench binary's sibling (volsim run's metrics are checked elsewhere),
# the figures are positive, the floor runs, and bad input is refused with
# the file named and exit status 2.
set -eu
bench="$1"; src="$2"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cfg="$src/scenarios/three_month.cfg"
set -- --set clients.count=300 --set volunteers.initial=120 --set run.days=60 --csv
"$bench" run "$cfg" "$@" --label a >"$dir/a.csv"
"$bench" run "$cfg" "$@" --label b --no-header >"$dir/b.csv"
head -n 1 "$dir/a.csv" | grep -q '^label,' || { echo "no CSV header" >&2; cat "$dir/a.csv" >&2; exit 1; }
col() { # file column-name -> value of the last row
  awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next } { v = $c } END { print v }' "$1"
}
hash_a=$(col "$dir/a.csv" hash)
hash_b=$(awk -F, -v c="$(head -n 1 "$dir/a.csv" | tr ',' '\n' | grep -n '^hash$' | cut -d: -f1)" '{ print $c }' "$dir/b.csv")
[ -n "$hash_a" ] && [ "$hash_a" = "$hash_b" ] || { echo "same run, different hashes: '$hash_a' '$hash_b'" >&2; exit 1; }
for name in agents ns_per_agent_day peak_rss_mib floor_ns_per_agent_day ratio; do
  v=$(col "$dir/a.csv" "$name")
  awk -v v="$v" 'BEGIN { exit !(v + 0 > 0) }' || { echo "$name is '$v', expected a positive number" >&2; exit 1; }
done
agents=$(col "$dir/a.csv" agents)
[ "$agents" -ge 420 ] || { echo "agents $agents: fewer than clients + volunteers" >&2; exit 1; }
echo "run: agents $agents, hash $hash_a twice"
"$bench" floor --agents 1000 --days 5 >"$dir/floor.txt"
grep -q 'ns' "$dir/floor.txt" || { echo "floor printed nothing useful" >&2; cat "$dir/floor.txt" >&2; exit 1; }
echo "floor: ok"
status=0
"$bench" run "$dir/missing.cfg" >"$dir/out" 2>"$dir/err" || status=$?
[ "$status" -eq 2 ] && grep -q "missing.cfg" "$dir/err" || { echo "missing file: status $status" >&2; cat "$dir/err" >&2; exit 1; }
status=0
"$bench" run "$cfg" --set clients.count=-5 >"$dir/out" 2>"$dir/err" || status=$?
[ "$status" -eq 2 ] && grep -q "clients.count" "$dir/err" || { echo "bad --set: status $status" >&2; cat "$dir/err" >&2; exit 1; }
echo "bad input: refused with status 2"
