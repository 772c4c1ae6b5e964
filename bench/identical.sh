#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that an optimisation left the results bit-identical: runs every
# shipped scenario and bench/town.cfg (3 replicates, with agent tables and
# event logs) and compares the /scenarios group of each results file with
# the one in REF_DIR (made the same way before the change) using h5diff.
#   bench/identical.sh make REF_DIR     # before the change
#   bench/identical.sh check REF_DIR    # after it; exit 1 on any difference
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:?usage: identical.sh make|check DIR}
dir=${2:?usage: identical.sh make|check DIR}
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for f in "$root"/scenarios/*.cfg "$root"/bench/town.cfg; do
  n=$(basename "$f" .cfg)
  out="$tmp/$n.h5"
  [ "$mode" = make ] && out="$dir/$n.h5"
  "$root/build/volsim" run "$f" -r 3 -o "$out" --force -q --events --agents
  if [ "$mode" = check ]; then
    if h5diff "$dir/$n.h5" "$out" /scenarios /scenarios >/dev/null; then
      echo "identical: $n"
    else
      echo "DIFFERENT: $n"; fail=1
    fi
  fi
done
exit $fail
