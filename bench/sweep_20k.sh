#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Times a 20,000-run sweep and reports its peak memory (GNU time's maximum
# resident set size). Usage: bench/sweep_20k.sh [threads]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)/sweep_20k.h5
/usr/bin/time -v "$root/build/volsim" sweep "$root/bench/sweep_20k.cfg" -t "${1:-2}" -o "$out" 2>"$out.time"
grep -E "Elapsed|Maximum resident" "$out.time"
ls -l "$out"
rm -rf "$(dirname "$out")"
