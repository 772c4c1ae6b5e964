#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The data of a sweep are the same with 1 thread and with mpirun -n 1, 2 and
# 3 (oversubscribed on small machines), also with follow-up days, series and
# paired replicate control: runs are handed out dynamically, so
# each rank does different runs every time, yet every run's numbers depend
# only on its (point, policy, replicate).
set -eu
mpirun="$1"; exe="$2"; src="$3"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
sweep="$src/tests/data/sweeps/small.cfg"
"$exe" sweep "$sweep" -t 1 -q -o "$dir/threads1.h5"
for n in 1 2 3; do
  "$mpirun" --oversubscribe -n $n "$exe" sweep "$sweep" -t 1 -q -o "$dir/mpi$n.h5"
  if ! h5diff "$dir/threads1.h5" "$dir/mpi$n.h5" /sweep /sweep >"$dir/diff" 2>&1; then
    echo "mpirun -n $n gives different data:" >&2
    head -20 "$dir/diff" >&2
    exit 1
  fi
  echo "mpirun -n $n: same data as 1 thread"
done
# replicate control in rounds: the same under MPI
auto="--replicates auto --ci-width 0.03 --metric client_wellbeing --batch 3 --max-replicates 12"
"$exe" sweep "$sweep" -t 1 -q $auto -o "$dir/auto1.h5"
"$mpirun" --oversubscribe -n 3 "$exe" sweep "$sweep" -t 1 -q $auto -o "$dir/auto3.h5"
h5diff "$dir/auto1.h5" "$dir/auto3.h5" /sweep /sweep >/dev/null 2>&1 || { echo "replicate control differs under MPI" >&2; exit 1; }
echo "replicate control, mpirun -n 3: same data as 1 thread"
# follow-up days and series (longer result messages), and paired control
fu="$src/tests/data/sweeps/follow_up.cfg"
"$exe" sweep "$fu" -t 1 -q -o "$dir/fu1.h5"
"$mpirun" --oversubscribe -n 2 "$exe" sweep "$fu" -t 1 -q -o "$dir/fu2.h5"
h5diff "$dir/fu1.h5" "$dir/fu2.h5" /sweep /sweep >/dev/null 2>&1 || { echo "follow-up days and series differ under MPI" >&2; exit 1; }
echo "follow-up days and series, mpirun -n 2: same data as 1 thread"
paired="$auto --paired three_month,one_off"
"$exe" sweep "$sweep" -t 1 -q $paired -o "$dir/paired1.h5"
"$mpirun" --oversubscribe -n 2 "$exe" sweep "$sweep" -t 1 -q $paired -o "$dir/paired2.h5"
h5diff "$dir/paired1.h5" "$dir/paired2.h5" /sweep /sweep >/dev/null 2>&1 || { echo "paired control differs under MPI" >&2; exit 1; }
echo "paired replicate control, mpirun -n 2: same data as 1 thread"
