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
# calibrate: every rank runs the same calibration and simulates its block of
# each batch; the file (waves, generations, posterior) is the same
small="--set run.burn_in_days=300 --set clients.count=150 --set volunteers.initial=60 --set npo.count=5 --set companies.pool_size=60"
cal="$src/tests/data/calibration/small.cfg"
"$exe" calibrate "$cal" $small -t 1 -q -o "$dir/cal1.h5" >/dev/null
for n in 2 3; do
  "$mpirun" --oversubscribe -n $n "$exe" calibrate "$cal" $small -t 1 -q -o "$dir/cal$n.h5" >/dev/null
  for g in /history_matching /abc /posterior; do
    if ! h5diff "$dir/cal1.h5" "$dir/cal$n.h5" $g $g >"$dir/diff" 2>&1; then
      echo "calibrate under mpirun -n $n gives different $g:" >&2
      head -20 "$dir/diff" >&2
      exit 1
    fi
  done
  echo "calibrate, mpirun -n $n: same waves, generations and posterior as 1 thread"
done
# --predict is one process: refused under several
if "$mpirun" --oversubscribe -n 2 "$exe" calibrate --predict "$src/scenarios/three_month.cfg" \
     --against "$src/scenarios/one_off.cfg" --metric client_wellbeing 2>"$dir/err"; then
  echo "calibrate --predict under mpirun -n 2 was not refused" >&2; exit 1
fi
grep -q "runs on one process" "$dir/err" || { echo "calibrate --predict under MPI: unclear message:" >&2; cat "$dir/err" >&2; exit 1; }
echo "calibrate --predict under mpirun -n 2: refused"
