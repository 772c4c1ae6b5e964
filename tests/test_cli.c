/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_cli.c: the volsim command as a user meets it: exit codes, results
 * files never overwritten without --force, nothing left by a failed run,
 * an interrupted one marked as such, and data independent of the thread
 * count. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "command_test.h"


TestSuite(cli, .init = make_dir, .fini = remove_dir);

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

Test(cli, help_version_and_usage_errors)
{
    cr_assert_eq(sh("'%s' --help >/dev/null", VOLSIM_EXE), 0);
    cr_assert_eq(sh("'%s' run --help | grep -q -- --replicates", VOLSIM_EXE), 0);
    cr_assert_eq(sh("'%s' check --help >/dev/null", VOLSIM_EXE), 0);
    cr_assert_eq(sh("'%s' --version | grep -q '^volsim [0-9]'", VOLSIM_EXE), 0);
    cr_assert_eq(sh("'%s' frobnicate 2>/dev/null", VOLSIM_EXE), 2);
    cr_assert_eq(sh("'%s' 2>/dev/null", VOLSIM_EXE), 2);
    cr_assert_eq(sh("'%s' run 2>/dev/null", VOLSIM_EXE), 2);
    cr_assert_eq(sh("'%s' run %s/baseline.cfg --replicates zero 2>/dev/null", VOLSIM_EXE, SCEN), 2);
    cr_assert_eq(sh("'%s' run %s/baseline.cfg --bogus 2>/dev/null", VOLSIM_EXE, SCEN), 2);
    cr_assert_eq(sh("'%s' params --format yaml 2>/dev/null", VOLSIM_EXE), 2);
    cr_assert_eq(sh("'%s' params --format csv | head -1 | grep -q '^name,type,default,min,max,unit'", VOLSIM_EXE), 0);
}

Test(cli, data_identical_for_1_2_and_4_threads)
{
    for (int t = 1; t <= 4; t *= 2)
        cr_assert_eq(sh("'%s' run %s/three_month.cfg -r 6 -d 200 -t %d -o %s/t%d.h5 " SMALL, VOLSIM_EXE, SCEN, t, dir, t), 0);
    /* the provenance (command line, time) differs; everything under
     * /scenarios (data, resolved config, keys) must not */
    cr_assert_eq(sh("h5diff %s/t1.h5 %s/t2.h5 /scenarios /scenarios", dir, dir), 0);
    cr_assert_eq(sh("h5diff %s/t1.h5 %s/t4.h5 /scenarios /scenarios", dir, dir), 0);
}

Test(cli, existing_results_never_overwritten_without_force)
{
    cr_assert_eq(sh("'%s' run %s/baseline.cfg -r 2 -d 50 -o %s/a.h5 " SMALL, VOLSIM_EXE, SCEN, dir), 0);
    cr_assert_eq(sh("cp %s/a.h5 %s/copy.h5", dir, dir), 0);
    cr_assert_eq(sh("'%s' run %s/baseline.cfg -r 3 -d 60 -o %s/a.h5 " SMALL " 2>%s/err", VOLSIM_EXE, SCEN, dir, dir), 2);
    cr_assert_eq(sh("cmp -s %s/a.h5 %s/copy.h5", dir, dir), 0, "the first file changed");
    cr_assert_eq(sh("grep -q -- --force %s/err", dir), 0, "the message does not mention --force");
    cr_assert_eq(sh("'%s' run %s/baseline.cfg -r 3 -d 60 -o %s/a.h5 --force " SMALL, VOLSIM_EXE, SCEN, dir), 0);
    cr_assert_neq(sh("cmp -s %s/a.h5 %s/copy.h5", dir, dir), 0, "--force did not replace the file");
}

Test(cli, failed_runs_leave_nothing)
{
    char out[512];
    snprintf(out, sizeof out, "%s/bad.h5", dir);
    /* bad scenario: exit 2, no file */
    cr_assert_eq(sh("'%s' run %s/tests/data/bad/10_negative_count.cfg -o %s 2>/dev/null", VOLSIM_EXE, VOLSIM_SOURCE_DIR, out), 2);
    cr_assert(!exists(out));
    /* missing output directory: exit 2 */
    cr_assert_eq(sh("'%s' run %s/baseline.cfg -r 1 -d 10 -o %s/nodir/x.h5 " SMALL " 2>/dev/null", VOLSIM_EXE, SCEN, dir), 2);
    /* interrupted run: exit 130, no temporary file, and a file marked
     * interrupted with the completed replicates (tests/check_faults.sh
     * checks their data, timing the signal by the progress shown). A small
     * replicate takes a few milliseconds, 5000 of them several seconds: a
     * second in, some are complete and most are not. */
    cr_assert_eq(sh("'%s' run %s/baseline.cfg -r 5000 -t 2 -o %s " SMALL " 2>/dev/null & pid=$!; sleep 1; kill -INT $pid; wait $pid",
                    VOLSIM_EXE, SCEN, out), 130);
    cr_assert(exists(out), "an interrupted run kept no file of its completed replicates");
    cr_assert_eq(sh("h5dump -a /complete %s | grep -q '(0): 0'", out), 0, "%s is not marked interrupted", out);
    cr_assert_eq(sh("h5dump -a /scenarios/baseline/replicates_requested %s | grep -q '(0): 5000'", out), 0,
                 "%s does not say 5000 replicates were requested", out);
    cr_assert_eq(sh("ls -A %s | grep -q tmp", dir), 1, "an interrupted run left a temporary file");
}

Test(cli, seed_controls_the_data)
{
    cr_assert_eq(sh("'%s' run %s/baseline.cfg -r 2 -d 60 --seed 5000000000 -o %s/s1.h5 " SMALL, VOLSIM_EXE, SCEN, dir), 0);
    cr_assert_eq(sh("'%s' run %s/baseline.cfg -r 2 -d 60 --seed 5000000000 -o %s/s2.h5 " SMALL, VOLSIM_EXE, SCEN, dir), 0);
    cr_assert_eq(sh("'%s' run %s/baseline.cfg -r 2 -d 60 --seed 7 -o %s/s3.h5 " SMALL, VOLSIM_EXE, SCEN, dir), 0);
    cr_assert_eq(sh("h5diff -q %s/s1.h5 %s/s2.h5 /scenarios/baseline/metrics /scenarios/baseline/metrics", dir, dir), 0);
    cr_assert_neq(sh("h5diff -q %s/s1.h5 %s/s3.h5 /scenarios/baseline/metrics /scenarios/baseline/metrics", dir, dir), 0);
}

Test(cli, default_output_under_results)
{
    /* run in the temporary directory: results/<scenario>.h5 is created */
    cr_assert_eq(sh("cd %s && '%s' run %s/coordinator.cfg -r 1 -d 20 " SMALL, dir, VOLSIM_EXE, SCEN), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/results/coordinator.h5", dir);
    cr_assert(exists(path));
    cr_assert_eq(sh("cd %s && '%s' run %s/baseline.cfg %s/one_off.cfg -r 1 -d 20 " SMALL, dir, VOLSIM_EXE, SCEN, SCEN), 0);
    snprintf(path, sizeof path, "%s/results/baseline_vs_one_off.h5", dir);
    cr_assert(exists(path));
}

Test(cli, check_accepts_shipped_scenarios)
{
    cr_assert_eq(sh("'%s' check %s/*.cfg >/dev/null", VOLSIM_EXE, SCEN), 0);
}

Test(cli, replicate_control_stops_and_says_why)
{
    /* a wide target: the first batch of 4 suffices */
    cr_assert_eq(sh("'%s' run %s/baseline.cfg -d 80 --replicates auto --ci-width 10 --metric client_wellbeing "
                    "--batch 4 -o %s/wide.h5 " SMALL, VOLSIM_EXE, SCEN, dir), 0);
    cr_assert_eq(sh("h5dump -a /scenarios/baseline/replicate_control %s/wide.h5 | grep -q 'stopped at 4 replicates'", dir), 0);
    /* an impossible target: stops at the maximum, in batches */
    cr_assert_eq(sh("'%s' run %s/baseline.cfg -d 80 --replicates auto --ci-width 1e-12 --metric client_wellbeing "
                    "--batch 4 --max-replicates 10 -o %s/max.h5 " SMALL, VOLSIM_EXE, SCEN, dir), 0);
    cr_assert_eq(sh("h5dump -a /scenarios/baseline/replicate_control %s/max.h5 | grep -q 'maximum of 10 replicates'", dir), 0);
    cr_assert_eq(sh("h5ls %s/max.h5/scenarios/baseline/metrics/client_wellbeing | grep -q '{10/Inf, 80}'", dir), 0);
    /* the replicates are the same as those of a fixed-size run */
    cr_assert_eq(sh("'%s' run %s/baseline.cfg -d 80 -r 10 -o %s/fixed.h5 " SMALL, VOLSIM_EXE, SCEN, dir), 0);
    cr_assert_eq(sh("h5diff %s/max.h5 %s/fixed.h5 /scenarios/baseline/metrics /scenarios/baseline/metrics", dir, dir), 0);
    /* auto without its companions is a usage error */
    cr_assert_eq(sh("'%s' run %s/baseline.cfg --replicates auto 2>/dev/null", VOLSIM_EXE, SCEN), 2);
    cr_assert_eq(sh("'%s' run %s/baseline.cfg --replicates auto --ci-width 0.1 --metric nope 2>/dev/null", VOLSIM_EXE, SCEN), 2);
}

/* volsim patterns: a row at its magnitude and knocked out, the robustness
 * line, and usage errors (exit 2, nothing run) */
Test(cli, patterns_knockout_and_robustness)
{
    cr_assert_eq(sh("cd '%s/..' && '%s' patterns --only P4a --replicates 4 --knockout --robustness 2 "
                    "--robustness-replicates 3 --set clients.count=150 --set npo.count=5 --set volunteers.initial=60 "
                    "--set companies.pool_size=60 > '%s/p.txt'",
                    SCEN, VOLSIM_EXE, dir),
                 0);
    cr_assert_eq(sh("grep -q '^P4a  *ok' '%s/p.txt'", dir), 0);
    cr_assert_eq(sh("grep -q 'knocked out (trust.scepticism_growth=0): .*fails, as it should' '%s/p.txt'", dir), 0);
    cr_assert_eq(sh("grep -q 'robustness: holds at [0-9]* of [0-9]* valid points (2 asked' '%s/p.txt'", dir), 0);
    cr_assert_eq(sh("grep -c '' '%s/p.txt' | grep -q '^4$'", dir), 0);
    cr_assert_eq(sh("'%s' patterns --robustness 0 2>/dev/null", VOLSIM_EXE), 2);
    cr_assert_eq(sh("'%s' patterns --robustness-replicates 1 2>/dev/null", VOLSIM_EXE), 2);
    cr_assert_eq(sh("'%s' patterns stray 2>/dev/null", VOLSIM_EXE), 2);
    cr_assert_eq(sh("'%s' patterns --help | grep -q -- --knockout", VOLSIM_EXE), 0);
}
