#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check_faults.sh: volsim run and volsim sweep under faults (issue 7, point 4):
# a full disk, an unwritable directory, an output path that is a directory,
# SIGINT and SIGKILL. Each check_* function proves one guarantee, named in its
# comment; the script runs them all and fails if one fails.
#
# Usage: check_faults.sh VOLSIM SOURCE_DIR
#
# How the faults are made, as root in a container:
# - full disk: `ulimit -f` (RLIMIT_FSIZE) in a subshell; volsim ignores
#   SIGXFSZ, so its writes fail with EFBIG as on a full disk (ENOSPC takes
#   the same path). Messages are piped out (cat), since the limit also
#   applies to a regular file standing for stderr.
# - unwritable directory: root ignores permissions, so (1) a path under
#   /proc, where no one can create a file; (2) a parent that does not exist;
#   (3) a directory made immutable with chattr +i, when the file system
#   supports it (ext4, xfs; not tmpfs or overlayfs: then that part is skipped
#   and says so).
# - signals: the command runs on a pseudo-terminal (script(1)) so that it
#   shows its progress; the signal goes once the progress reports completed
#   replicates or runs, so what was reported done is known before the signal
#   and no sleep decides the timing. The command runs at nice 19, so that on
#   a busy machine the watching loop still sees its first progress early.
set -u
exe=$1
src=$2
for tool in script h5dump h5diff h5ls; do
    command -v $tool >/dev/null || { echo "skipped: $tool not found (script: util-linux; h5*: hdf5-tools)"; exit 77; }
done
top=$(mktemp -d /tmp/volsim_faults_XXXXXX)
immutable=""
cleanup() {
    [ -n "$immutable" ] && chattr -i "$immutable" 2>/dev/null
    rm -rf "$top"
}
trap cleanup EXIT

scen="$src/scenarios/baseline.cfg"
small=(--set clients.count=100 --set volunteers.initial=40 --set run.burn_in_days=0 -d 60)
failures=0
check=""
fail() { echo "FAIL $check: $*" >&2; failures=$((failures + 1)); }
note() { echo "  $check: $*"; }

# a fresh, empty directory for one check
fresh() { local d="$top/$1"; mkdir -p "$d"; echo "$d"; }
# the entries of a directory, hidden ones included, one line
entries() { ls -A "$1" | tr '\n' ' '; }
# a scalar attribute's value (h5dump), e.g. attr FILE /complete
attr() { h5dump -a "$2" "$1" 2>/dev/null | sed -n 's/^ *(0): //p' | head -1; }

# start_on_tty LOG CMD...: runs CMD in the background on a pseudo-terminal
# (its standard output and error go to LOG as a terminal shows them); sets
# bg to the pid of script(1) (wait $bg gives CMD's exit status) and cmd_pid
# to CMD's own pid.
start_on_tty() {
    local log=$1 pidfile=$1.pid cmd
    shift
    printf -v cmd '%q ' "$@"
    rm -f "$pidfile"
    SHELL=/bin/sh script -q -e -f -c "echo \$\$ > $(printf %q "$pidfile"); exec nice -n 19 $cmd" "$log" \
        </dev/null >/dev/null 2>&1 &
    bg=$!
    cmd_pid=""
    for _ in $(seq 1000); do
        [ -s "$pidfile" ] && cmd_pid=$(cat "$pidfile") && [ -n "$cmd_pid" ] && return 0
        sleep 0.01
    done
    return 1
}
# wait_for LOG REGEX: until the log matches (10 s at most)
wait_for() {
    for _ in $(seq 1000); do
        tr '\r' '\n' <"$1" 2>/dev/null | grep -Eq "$2" && return 0
        sleep 0.01
    done
    return 1
}
# last_count LOG WORD: the N of the last "N/M WORD" progress report
last_count() { tr '\r' '\n' <"$1" | grep -Eo "[0-9]+/[0-9]+ $2" | tail -1 | cut -d/ -f1; }

# a sweep of 600 short runs (about 2 s on one core), for the sweep checks
sweepcfg="$top/faults.cfg"
cat >"$sweepcfg" <<EOF
// faults: a sweep long enough to interrupt, quick enough for a test
policies = ["$src/scenarios/one_off.cfg"];
set = ["clients.count=100", "npo.count=4", "volunteers.initial=40", "companies.pool_size=40", "run.days=150", "run.burn_in_days=0"];
design = "lhs";
samples = 300;
replicates = 2;
seed = 11;
parameters = ( { name = "bond.gain_per_visit"; min = 0.15; max = 0.35; } );
EOF
whole="$top/whole.h5"
"$exe" sweep "$sweepcfg" -t 2 -q -o "$whole" || { echo "FAIL: the uninterrupted sweep failed" >&2; exit 1; }
nruns=$(attr "$whole" /sweep/runs)

# ---- volsim run -----------------------------------------------------------

# Full disk: a clear error naming the file and the cause, exit 1, nothing
# under the final name and no temporary file left.
check_run_full_disk() {
    check=run_full_disk
    local d out rc
    d=$(fresh run_full_disk)
    out="$d/full.h5"
    (ulimit -f 100; exec "$exe" run "$scen" "${small[@]}" -r 40 -t 2 -q -o "$out") 2>&1 | cat >"$top/run_full_disk.err"
    rc=${PIPESTATUS[0]}
    [ "$rc" = 1 ] || fail "exit $rc, expected 1"
    grep -q "$out" "$top/run_full_disk.err" || fail "the message does not name $out: $(cat "$top/run_full_disk.err")"
    grep -q "File too large" "$top/run_full_disk.err" || fail "the message does not give the cause: $(cat "$top/run_full_disk.err")"
    [ -z "$(entries "$d")" ] || fail "left behind: $(entries "$d")"
    note "$(cat "$top/run_full_disk.err")"
}

# Unwritable directory, for the command in "$@" (its output option comes
# last): /proc (no one can create a file there, not even root) gives exit 1
# naming the file; a missing parent gives exit 2; an immutable directory
# (chattr +i, where supported) exit 1. Nothing is written in any case.
unwritable_dir_cases() {
    local d err="$top/$check.err" rc
    "$@" /proc/volsim_faults_$$.h5 2>"$err"
    rc=$?
    [ "$rc" = 1 ] || fail "/proc: exit $rc, expected 1"
    grep -q "/proc/volsim_faults_$$.h5" "$err" || fail "/proc: the message does not name the file: $(cat "$err")"
    [ -e /proc/volsim_faults_$$.h5 ] && fail "/proc: a file was created"
    note "$(cat "$err")"
    d=$(fresh "$check")
    "$@" "$d/missing/out.h5" 2>"$err"
    rc=$?
    [ "$rc" = 2 ] || fail "missing parent: exit $rc, expected 2"
    grep -q "does not exist" "$err" || fail "missing parent: $(cat "$err")"
    [ -z "$(entries "$d")" ] || fail "missing parent: left behind: $(entries "$d")"
    if chattr +i "$d" 2>/dev/null; then
        immutable=$d
        "$@" "$d/out.h5" 2>"$err"
        rc=$?
        chattr -i "$d"
        immutable=""
        [ "$rc" = 1 ] || fail "immutable directory: exit $rc, expected 1"
        grep -q "$d/out.h5" "$err" || fail "immutable directory: the message does not name the file: $(cat "$err")"
        [ -z "$(entries "$d")" ] || fail "immutable directory: left behind: $(entries "$d")"
        note "$(cat "$err")"
    else
        note "chattr +i is not supported here: the immutable-directory case is skipped"
    fi
}

# Output path that is a directory, for the command in "$@" (output option
# last): exit 2 with and without --force, a message saying so, the
# directory untouched and nothing (no journal) next to it.
output_is_directory_cases() {
    local d before err="$top/$check.err" rc
    d=$(fresh "$check")
    mkdir "$d/out.h5" && echo keep >"$d/out.h5/inside"
    before=$(ls -lA --time-style=full-iso "$d" "$d/out.h5"; md5sum "$d/out.h5/inside")
    for force in "" --force; do
        # shellcheck disable=SC2086
        "${@:1:$#-1}" $force "${@: -1}" "$d/out.h5" 2>"$err"
        rc=$?
        [ "$rc" = 2 ] || fail "exit $rc with '$force', expected 2"
        grep -q "$d/out.h5 is a directory" "$err" || fail "message: $(cat "$err")"
    done
    [ "$before" = "$(ls -lA --time-style=full-iso "$d" "$d/out.h5"; md5sum "$d/out.h5/inside")" ] ||
        fail "the directory changed"
    note "$(cat "$err")"
}

check_run_unwritable_dir() {
    check=run_unwritable_dir
    unwritable_dir_cases "$exe" run "$scen" "${small[@]}" -r 2 -q -o
}

check_run_output_is_directory() {
    check=run_output_is_directory
    output_is_directory_cases "$exe" run "$scen" "${small[@]}" -r 2 -q -o
}

check_sweep_unwritable_dir() {
    check=sweep_unwritable_dir
    unwritable_dir_cases "$exe" sweep "$sweepcfg" -q -o
}

check_sweep_output_is_directory() {
    check=sweep_output_is_directory
    output_is_directory_cases "$exe" sweep "$sweepcfg" -q -o
}

# SIGINT during a run: exit 130, the completed replicates (at least those
# the progress reported before the signal) kept in a valid file marked
# interrupted (complete = 0, interrupted, replicates_requested), and they
# are the same data as an uninterrupted run of that many replicates.
check_run_sigint_keeps_completed() {
    check=run_sigint_keeps_completed
    local d out log reported rc kept
    d=$(fresh run_sigint)
    out="$d/int.h5"
    log="$top/run_sigint.log"
    start_on_tty "$log" "$exe" run "$scen" "${small[@]}" -r 1000 -t 1 -o "$out" || { fail "did not start"; return; }
    wait_for "$log" "[0-9]+/1000 replicates" || fail "no progress shown"
    reported=$(last_count "$log" replicates)
    kill -INT "$cmd_pid"
    wait "$bg"
    rc=$?
    [ "$rc" = 130 ] || fail "exit $rc, expected 130"
    kept=$(tr '\r' '\n' <"$log" | sed -n "s|.*kept the \([0-9]*\) completed replicates\{0,1\} of 1000 in $out.*|\1|p")
    [ -n "$kept" ] || { fail "no message saying what was kept: $(tr '\r' '\n' <"$log" | tail -2)"; return; }
    [ "$kept" -ge "$reported" ] || fail "kept $kept replicates, but $reported were reported done"
    [ "$kept" -lt 1000 ] || fail "the signal came too late to test anything"
    [ "$(attr "$out" /complete)" = 0 ] || fail "root attribute complete is not 0"
    attr "$out" /interrupted | grep -q "interrupted by SIGINT after $kept of 1000" || fail "no attribute interrupted"
    [ "$(attr "$out" /scenarios/baseline/replicates)" = "$kept" ] || fail "replicates is not $kept"
    [ "$(attr "$out" /scenarios/baseline/replicates_requested)" = 1000 ] || fail "replicates_requested is not 1000"
    [ "$(entries "$d")" = "int.h5 " ] || fail "left behind: $(entries "$d")"
    # the kept replicates are replicates 0..kept-1, whole
    "$exe" run "$scen" "${small[@]}" -r "$kept" -t 2 -q -o "$d/first.h5" || fail "the comparison run failed"
    h5diff -q "$out" "$d/first.h5" /scenarios/baseline/metrics /scenarios/baseline/metrics >/dev/null 2>&1 ||
        fail "the metrics differ from a run of $kept replicates"
    # the resolved scenario says how many were run (its comment keeps the command's -r)
    h5dump -d /scenarios/baseline/config "$out" | grep -q "replicates = $kept;" ||
        fail "the resolved scenario does not say replicates = $kept"
    note "reported $reported before SIGINT, kept $kept; $(tr '\r' '\n' <"$log" | grep 'volsim run:')"
}

# SIGKILL during a run: nothing under the final name (only a temporary
# .NAME.tmp.PID, never a partial file under the name), and the next run to
# that name needs no --force.
check_run_sigkill_no_partial_file() {
    check=run_sigkill_no_partial_file
    local d out log
    d=$(fresh run_sigkill)
    out="$d/killed.h5"
    log="$top/run_sigkill.log"
    start_on_tty "$log" "$exe" run "$scen" "${small[@]}" -r 1000 -t 2 -o "$out" || { fail "did not start"; return; }
    wait_for "$log" "[0-9]+/1000 replicates" || fail "no progress shown"
    kill -KILL "$cmd_pid"
    wait "$bg"
    [ -e "$out" ] && fail "a file was left under the final name"
    ls -A "$d" | grep -qvE '^\.killed\.h5\.(tmp\.[0-9]+|lock)$' && fail "unexpected files: $(entries "$d")"
    # the next writer of the same file removes the dead process's temporary
    # (and says so) and takes over its lock: nothing hidden is left
    "$exe" run "$scen" "${small[@]}" -r 2 -q -o "$out" 2>"$top/run_sigkill.next" || fail "the next run to $out failed"
    grep -q "removed .*\.killed\.h5\.tmp\.[0-9]*, a temporary file left by process" "$top/run_sigkill.next" ||
        fail "the next run did not report the stale temporary: $(cat "$top/run_sigkill.next")"
    [ "$(entries "$d")" = "killed.h5 " ] || fail "left after the next run: $(entries "$d")"
}

# ---- volsim sweep ---------------------------------------------------------

# Full disk: a clear error naming the file and the cause, exit 1, no
# temporary file; the journal and the snapshot stay consistent: --resume,
# once the limit is gone, starts from the runs the message said were saved
# and gives the data of an uninterrupted sweep. A sweep that cannot even
# start leaves nothing.
check_sweep_full_disk_then_resume() {
    check=sweep_full_disk_then_resume
    local d out err="$top/sweep_full.err" rc saved resumed
    d=$(fresh sweep_full_disk)
    out="$d/full.h5"
    (ulimit -f 100; exec "$exe" sweep "$sweepcfg" -t 2 -q -o "$out") 2>&1 | cat >"$err"
    rc=${PIPESTATUS[0]}
    [ "$rc" = 1 ] || fail "exit $rc, expected 1"
    grep -q "cannot write $out" "$err" || fail "the message does not name the file: $(cat "$err")"
    grep -q "File too large" "$err" || fail "the message does not give the cause: $(cat "$err")"
    ls -A "$d" | grep -q tmp && fail "a temporary file was left: $(entries "$d")"
    [ -f "$out.journal" ] || fail "no journal"
    [ -f "$out" ] && ! h5ls "$out/sweep" >/dev/null 2>&1 && fail "the results file is not readable"
    saved=$(sed -n 's/.*journal holds \([0-9]*\) of.*/\1/p' "$err")
    [ -n "$saved" ] && [ "$saved" -gt 0 ] && [ "$saved" -lt "$nruns" ] || fail "saved '$saved' runs of $nruns"
    "$exe" sweep "$sweepcfg" -t 2 --resume -o "$out" >"$top/sweep_full.out" || fail "--resume failed"
    resumed=$(sed -n 's/^resuming .*: \([0-9]*\) of .*/\1/p' "$top/sweep_full.out")
    [ "$resumed" = "$saved" ] || fail "--resume started from $resumed runs, the message said $saved"
    h5diff -q "$whole" "$out" /sweep /sweep >/dev/null 2>&1 || fail "the data differ from an uninterrupted sweep"
    [ -e "$out.journal" ] && fail "the journal was not removed"
    note "$(cat "$err")"
    # no room for the journal itself: nothing at all is left
    d=$(fresh sweep_full_disk_at_start)
    (ulimit -f 0; exec "$exe" sweep "$sweepcfg" -q -o "$d/none.h5") 2>&1 | cat >"$err"
    rc=${PIPESTATUS[0]}
    [ "$rc" = 1 ] || fail "at start: exit $rc, expected 1"
    grep -q "nothing was run" "$err" || fail "at start: $(cat "$err")"
    [ -z "$(entries "$d")" ] || fail "at start: left behind: $(entries "$d")"
}

# SIGINT during a sweep: exit 130, a message saying how many runs were kept
# and where; the results file holds them (runs_done, complete = 0), at
# least as many as the progress reported; --resume finishes the rest and
# gives the data of an uninterrupted sweep.
check_sweep_sigint_then_resume() {
    check=sweep_sigint_then_resume
    local d out log reported rc kept
    d=$(fresh sweep_sigint)
    out="$d/int.h5"
    log="$top/sweep_sigint.log"
    start_on_tty "$log" "$exe" sweep "$sweepcfg" -t 1 -o "$out" || { fail "did not start"; return; }
    wait_for "$log" "[0-9]+/$nruns runs" || fail "no progress shown"
    reported=$(last_count "$log" runs)
    kill -INT "$cmd_pid"
    wait "$bg"
    rc=$?
    [ "$rc" = 130 ] || fail "exit $rc, expected 130"
    kept=$(tr '\r' '\n' <"$log" | sed -n "s|.*kept the \([0-9]*\) finished runs of $nruns in $out .*|\1|p")
    [ -n "$kept" ] || { fail "no message saying what was kept: $(tr '\r' '\n' <"$log" | tail -2)"; return; }
    [ "$kept" -ge "$reported" ] || fail "kept $kept runs, but $reported were reported done"
    [ "$kept" -lt "$nruns" ] || fail "the signal came too late to test anything"
    [ "$(attr "$out" /sweep/runs_done)" = "$kept" ] || fail "runs_done in $out is not $kept"
    [ "$(attr "$out" /sweep/complete)" = 0 ] || fail "complete is not 0"
    [ -f "$out.journal" ] || fail "no journal"
    "$exe" sweep "$sweepcfg" -t 2 --resume -o "$out" >"$top/sweep_sigint.out" || fail "--resume failed"
    grep -q "^resuming $out: $kept of $nruns runs already done" "$top/sweep_sigint.out" ||
        fail "--resume did not start from the $kept runs: $(cat "$top/sweep_sigint.out")"
    h5diff -q "$whole" "$out" /sweep /sweep >/dev/null 2>&1 || fail "the data differ from an uninterrupted sweep"
    [ "$(entries "$d")" = "int.h5 " ] || fail "left behind: $(entries "$d")"
    note "reported $reported before SIGINT, kept $kept; $(tr '\r' '\n' <"$log" | grep 'volsim sweep:')"
}

# SIGKILL during a sweep loses nothing reported done: every run the progress
# counted before kill -9 is in the journal (--resume starts from at least
# that many), the results file under its name is a readable snapshot, and
# the final data equal an uninterrupted sweep's.
check_sweep_sigkill_loses_nothing_reported() {
    check=sweep_sigkill_loses_nothing_reported
    local d out log reported resumed
    d=$(fresh sweep_sigkill)
    out="$d/killed.h5"
    log="$top/sweep_sigkill.log"
    start_on_tty "$log" "$exe" sweep "$sweepcfg" -t 2 --checkpoint 0 -o "$out" || { fail "did not start"; return; }
    wait_for "$log" "[0-9]+/$nruns runs" || fail "no progress shown"
    kill -KILL "$cmd_pid"
    wait "$bg"
    reported=$(last_count "$log" runs)   # everything it printed, up to the kill
    h5ls "$out/sweep/outputs" >/dev/null 2>&1 || fail "the results file is not readable"
    [ -f "$out.journal" ] || fail "no journal"
    "$exe" sweep "$sweepcfg" -t 2 --resume -o "$out" >"$top/sweep_sigkill.out" || fail "--resume failed"
    resumed=$(sed -n 's/^resuming .*: \([0-9]*\) of .*/\1/p' "$top/sweep_sigkill.out")
    [ -n "$resumed" ] && [ "$resumed" -ge "$reported" ] || fail "reported $reported runs done, --resume found $resumed"
    [ "$reported" -lt "$nruns" ] || fail "the kill came too late to test anything"
    h5diff -q "$whole" "$out" /sweep /sweep >/dev/null 2>&1 || fail "the data differ from an uninterrupted sweep"
    note "reported $reported before kill -9, the journal held $resumed"
}

for c in check_run_full_disk check_run_unwritable_dir check_run_output_is_directory \
         check_run_sigint_keeps_completed check_run_sigkill_no_partial_file \
         check_sweep_full_disk_then_resume check_sweep_unwritable_dir check_sweep_output_is_directory \
         check_sweep_sigint_then_resume check_sweep_sigkill_loses_nothing_reported; do
    before=$failures
    $c
    if [ "$failures" = "$before" ]; then echo "ok   $check"; else echo "FAIL $check"; fi
done
[ "$failures" = 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "all fault checks passed"
