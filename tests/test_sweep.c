/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_sweep.c: experimental designs and volsim sweep (thread independence,
 * kill -9 and --resume, no overwriting). */
#define _GNU_SOURCE
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include "command_test.h"
#include <gsl/gsl_qrng.h>
#include "vol_designs.h"
#include "vol_h5read.h"
#include "vol_sweep.h"
#include "vol_sweep_stats.h"


Test(designs, saltelli_shape_and_sobol_halves)
{
    const size_t k = 3, N = 16, n = N * (k + 2);
    cr_assert_eq(vol_design_size(VOL_DESIGN_SALTELLI, k, N, NULL), n);
    double *x = malloc(n * k * sizeof *x);
    int32_t *b = malloc(n * sizeof *b), *f = malloc(n * sizeof *f);
    cr_assert_eq(vol_design_fill(VOL_DESIGN_SALTELLI, k, N, NULL, 1, x, b, f), VOL_OK);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 2 * k);
    double ab[6];
    for (size_t j = 0; j < N; j++) {
        gsl_qrng_get(q, ab);
        const double *A = x + j * (k + 2) * k, *B = A + k;
        cr_assert_eq(b[j * (k + 2)], 0);
        cr_assert_eq(b[j * (k + 2) + 1], 1);
        for (size_t i = 0; i < k; i++) {
            cr_assert_eq(A[i], ab[i], "A row %zu column %zu is not GSL's Sobol point", j, i);
            cr_assert_eq(B[i], ab[k + i]);
        }
        for (size_t i = 0; i < k; i++) {
            const double *ABi = A + (2 + i) * k;
            cr_assert_eq(b[j * (k + 2) + 2 + i], (int32_t)(2 + i));
            for (size_t c = 0; c < k; c++) cr_assert_eq(ABi[c], c == i ? B[c] : A[c]);
        }
    }
    gsl_qrng_free(q);
    free(x); free(b); free(f);
}

Test(designs, sobol_equals_gsl)
{
    const size_t k = 5, n = 100;
    double *x = malloc(n * k * sizeof *x), p[5];
    int32_t *b = malloc(n * sizeof *b), *f = malloc(n * sizeof *f);
    cr_assert_eq(vol_design_fill(VOL_DESIGN_SOBOL, k, n, NULL, 1, x, b, f), VOL_OK);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, k);
    for (size_t i = 0; i < n; i++) {
        gsl_qrng_get(q, p);
        for (size_t c = 0; c < k; c++) cr_assert_eq(x[i * k + c], p[c]);
    }
    gsl_qrng_free(q);
    free(x); free(b); free(f);
}

Test(designs, grid_lhs_and_morris)
{
    size_t levels[2] = {3, 4};
    double x[12 * 2];
    int32_t b[12], f[12];
    cr_assert_eq(vol_design_size(VOL_DESIGN_GRID, 2, 0, levels), 12);
    cr_assert_eq(vol_design_fill(VOL_DESIGN_GRID, 2, 0, levels, 1, x, b, f), VOL_OK);
    for (size_t i = 0; i < 12; i++) {
        cr_assert_eq(x[i * 2], (double)(i / 4));
        cr_assert_eq(x[i * 2 + 1], (double)(i % 4));
    }
    /* LHS: exactly one point in each of the n strata of every factor */
    const size_t n = 50, k = 3;
    double *l = malloc(n * k * sizeof *l);
    int32_t *lb = malloc(n * sizeof *lb), *lf = malloc(n * sizeof *lf);
    cr_assert_eq(vol_design_fill(VOL_DESIGN_LHS, k, n, NULL, 9, l, lb, lf), VOL_OK);
    for (size_t c = 0; c < k; c++) {
        int seen[50] = {0};
        for (size_t i = 0; i < n; i++) seen[(int)floor(l[i * k + c] * n)]++;
        for (size_t s = 0; s < n; s++) cr_assert_eq(seen[s], 1, "factor %zu stratum %zu", c, s);
    }
    free(l); free(lb); free(lf);
    /* Morris: each step moves exactly one factor by delta, each factor once per trajectory */
    size_t p = 4, r = 10, mk = 4, mn = r * (mk + 1);
    double delta = (double)p / (2.0 * (double)(p - 1));
    double *m = malloc(mn * mk * sizeof *m);
    int32_t *mb = malloc(mn * sizeof *mb), *mf = malloc(mn * sizeof *mf);
    cr_assert_eq(vol_design_fill(VOL_DESIGN_MORRIS, mk, r, &p, 3, m, mb, mf), VOL_OK);
    for (size_t t = 0; t < r; t++) {
        int moved[4] = {0};
        cr_assert_eq(mf[t * (mk + 1)], -1);
        for (size_t s = 1; s <= mk; s++) {
            const double *a = m + (t * (mk + 1) + s - 1) * mk, *c = a + mk;
            int changed = 0;
            for (size_t i = 0; i < mk; i++) {
                cr_assert(c[i] >= -1e-12 && c[i] <= 1 + 1e-12);
                if (fabs(c[i] - a[i]) > 1e-12) {
                    changed++;
                    cr_assert(fabs(fabs(c[i] - a[i]) - delta) < 1e-12);
                    cr_assert_eq(mf[t * (mk + 1) + s], (int32_t)i);
                    moved[i]++;
                }
            }
            cr_assert_eq(changed, 1);
        }
        for (size_t i = 0; i < mk; i++) cr_assert_eq(moved[i], 1);
    }
    free(m); free(mb); free(mf);
}

/* ---- the command ---- */
TestSuite(sweep, .init = make_dir, .fini = remove_dir);

Test(sweep, same_data_for_1_and_2_threads)
{
    cr_assert_eq(sh("'%s' sweep %s/small.cfg -t 1 -q -o %s/t1.h5", VOLSIM_EXE, SWEEPS, dir), 0);
    cr_assert_eq(sh("'%s' sweep %s/small.cfg -t 2 -q -o %s/t2.h5", VOLSIM_EXE, SWEEPS, dir), 0);
    cr_assert_eq(sh("h5diff %s/t1.h5 %s/t2.h5 /sweep /sweep", dir, dir), 0);
}

Test(sweep, kill_9_then_resume_equals_uninterrupted, .timeout = 300)
{
    cr_assert_eq(sh("'%s' sweep %s/long.cfg -t 2 -q -o %s/whole.h5", VOLSIM_EXE, SWEEPS, dir), 0);
    /* start again, kill -9 once the journal holds some runs but not all */
    cr_assert_eq(sh("'%s' sweep %s/long.cfg -t 2 -q --checkpoint 0 -o %s/cut.h5 & pid=$!; "
                    "while [ $(stat -c %%s %s/cut.h5.journal 2>/dev/null || echo 0) -lt 60000 ]; do sleep 0.01; done; "
                    "kill -9 $pid; wait $pid; true", VOLSIM_EXE, SWEEPS, dir, dir), 0);
    /* the results file is readable (a snapshot) and the journal is partial */
    cr_assert_eq(sh("h5ls %s/cut.h5/sweep/outputs >/dev/null", dir), 0);
    cr_assert_eq(sh("test -f %s/cut.h5.journal", dir), 0);
    cr_assert_neq(sh("h5diff -q %s/whole.h5 %s/cut.h5 /sweep/runs/status /sweep/runs/status", dir, dir), 0,
                  "the kill came too late to test anything");
    /* without --resume or --force it refuses */
    cr_assert_eq(sh("'%s' sweep %s/long.cfg -q -o %s/cut.h5 2>/dev/null", VOLSIM_EXE, SWEEPS, dir), 2);
    cr_assert_eq(sh("'%s' sweep %s/long.cfg -t 2 -q --resume -o %s/cut.h5", VOLSIM_EXE, SWEEPS, dir), 0);
    cr_assert_eq(sh("test -f %s/cut.h5.journal", dir), 1, "the journal should be gone after completion");
    cr_assert_eq(sh("h5diff %s/whole.h5 %s/cut.h5 /sweep /sweep", dir, dir), 0);
}

Test(sweep, bad_input_exits_2)
{
    cr_assert_eq(sh("'%s' sweep %s/small.cfg -q -o %s/a.h5", VOLSIM_EXE, SWEEPS, dir), 0);
    cr_assert_eq(sh("cp %s/a.h5 %s/b.h5", dir, dir), 0);
    cr_assert_eq(sh("'%s' sweep %s/small.cfg -q -o %s/a.h5 2>/dev/null", VOLSIM_EXE, SWEEPS, dir), 2);
    cr_assert_eq(sh("cmp -s %s/a.h5 %s/b.h5", dir, dir), 0);
    cr_assert_eq(sh("'%s' sweep %s/small.cfg -q --resume -o %s/a.h5 2>/dev/null", VOLSIM_EXE, SWEEPS, dir), 2);
    cr_assert_eq(sh("printf 'design = \"latin\";\\nparameters = ({ name = \"bond.gain_per_vist\"; min = 0; max = 1; });\\n' > %s/bad.cfg",
                    dir), 0);
    cr_assert_eq(sh("'%s' sweep %s/bad.cfg -q -o %s/c.h5 2>%s/err", VOLSIM_EXE, dir, dir, dir), 2);
    cr_assert_eq(sh("grep -q 'bad.cfg:1: design' %s/err && grep -q 'did you mean bond' %s/err", dir, dir), 0);
}

/* Issue 13: a parameter given only by name is swept over the parameter
 * table's plausible range; a choice or a grid design still needs values. */
Test(sweep, a_name_alone_takes_the_plausible_range)
{
    cr_assert_eq(sh("printf 'policies = [\"%s/../../../scenarios/baseline.cfg\"];\ndesign = \"lhs\";\nsamples = 4;\n"
                    "parameters = ({ name = \"endings.planned_harm\"; }, { name = \"bond.gain_per_visit\"; min = 0.2; max = 0.3; });\n'"
                    " > %s/p.cfg", SWEEPS, dir), 0);
    char path[512];
    snprintf(path, sizeof path, "%s/p.cfg", dir);
    vol_sweep sw;
    vol_diag dg;
    vol_diag_init(&dg);
    size_t problems = vol_sweep_load(path, NULL, 0, &sw, &dg);
    if (problems) vol_diag_print(&dg, stderr);
    cr_assert_eq(problems, 0);
    const vol_param_info *pi = vol_params_find("endings.planned_harm");
    cr_assert(pi->plausible_min < pi->plausible_max);
    cr_assert_eq(sw.params[0].min, pi->plausible_min);
    cr_assert_eq(sw.params[0].max, pi->plausible_max);
    cr_assert_eq(sw.params[1].min, 0.2);
    for (size_t p = 0; p < sw.npoints; p++)
        cr_assert(sw.values[p * 2] >= pi->plausible_min && sw.values[p * 2] <= pi->plausible_max);
    vol_sweep_free(&sw);
    vol_diag_free(&dg);
    cr_assert_eq(sh("printf 'policies = [\"%s/../../../scenarios/baseline.cfg\"];\ndesign = \"grid\";\n"
                    "parameters = ({ name = \"endings.planned_harm\"; });\n' > %s/g.cfg", SWEEPS, dir), 0);
    cr_assert_eq(sh("'%s' sweep %s/g.cfg -q -o %s/g.h5 2>%s/err", VOLSIM_EXE, dir, dir, dir), 2);
    cr_assert_eq(sh("grep -q 'endings.planned_harm: expected values = \\[...\\] or min and max, found neither' %s/err", dir), 0);
}

Test(sweep, replicate_control_per_point_and_policy)
{
    cr_assert_eq(sh("'%s' sweep %s/small.cfg -q --replicates auto --ci-width 0.03 --metric client_wellbeing "
                    "--batch 3 --max-replicates 12 -o %s/auto.h5", VOLSIM_EXE, SWEEPS, dir), 0);
    /* every cell stopped, with a reason, and runs beyond a cell's stop were not needed */
    cr_assert_eq(sh("h5dump -y -d /sweep/replicate_control/stop %s/auto.h5 | sed -n '/DATA {/,/}/p' | grep -qw 0", dir), 1,
                 "a cell is still open");
    cr_assert_eq(sh("h5dump -y -d /sweep/runs/status %s/auto.h5 | sed -n '/DATA {/,/}/p' | grep -qw 3", dir), 0,
                 "no run was skipped");
    cr_assert_eq(sh("h5dump -a /sweep/complete %s/auto.h5 | grep -q '(0): 1'", dir), 0);
    /* a 1-thread run of the same gives the same data */
    cr_assert_eq(sh("'%s' sweep %s/small.cfg -q -t 1 --replicates auto --ci-width 0.03 --metric client_wellbeing "
                    "--batch 3 --max-replicates 12 -o %s/auto1.h5", VOLSIM_EXE, SWEEPS, dir), 0);
    cr_assert_eq(sh("h5diff %s/auto.h5 %s/auto1.h5 /sweep /sweep", dir, dir), 0);
}

/* Issue 13: replicate control on the paired difference. On small.cfg (40
 * points, target width 0.004 of client wellbeing, batches of 3, at most
 * 15): per policy, every cell reaches the maximum (1200 runs); paired
 * (three_month - one_off on common random numbers), 480 runs, and every
 * point stops with the paired interval narrower than the target or at the
 * maximum, recomputed here from the file's outputs. */
Test(sweep, replicate_control_on_the_paired_difference)
{
    const char *q = "--replicates auto --ci-width 0.004 --metric client_wellbeing --batch 3 --max-replicates 15";
    cr_assert_eq(sh("'%s' sweep %s/small.cfg -q %s -o %s/u.h5", VOLSIM_EXE, SWEEPS, q, dir), 0);
    cr_assert_eq(sh("'%s' sweep %s/small.cfg -q %s --paired three_month,one_off -o %s/p.h5", VOLSIM_EXE, SWEEPS, q,
                    dir), 0);
    cr_assert_eq(sh("'%s' sweep %s/small.cfg -q -t 1 %s --paired three_month,one_off -o %s/p1.h5", VOLSIM_EXE, SWEEPS,
                    q, dir), 0);
    cr_assert_eq(sh("h5diff %s/p.h5 %s/p1.h5 /sweep /sweep", dir, dir), 0, "paired control depends on the threads");
    cr_assert_eq(sh("h5dump -a /sweep/replicate_control/paired %s/p.h5 | grep -q 'three_month - one_off'", dir), 0);
    char path[600];
    vol_sweep_file u, p;
    snprintf(path, sizeof path, "%s/u.h5", dir);
    cr_assert_eq(vol_sweep_file_read(path, &u), VOL_OK, "%s", vol_error_message());
    snprintf(path, sizeof path, "%s/p.h5", dir);
    cr_assert_eq(vol_sweep_file_read(path, &p), VOL_OK, "%s", vol_error_message());
    size_t du = 0, dp = 0;
    for (size_t r = 0; r < u.nruns; r++) du += u.status[r] == 1;
    for (size_t r = 0; r < p.nruns; r++) dp += p.status[r] == 1;
    cr_log_info("runs done: per policy %zu, paired %zu", du, dp);
    cr_expect_lt(dp * 2, du, "paired control saves less than half the runs");
    int m = vol_sweep_metric(&p, "client_wellbeing"), a = vol_sweep_policy(&p, "three_month"),
        b = vol_sweep_policy(&p, "one_off");
    cr_assert(m >= 0 && a >= 0 && b >= 0);
    vol_point_stat *st = calloc(p.npoints, sizeof *st), *sa = calloc(p.npoints, sizeof *sa);
    cr_assert_eq(vol_sweep_points(&p, (size_t)m, VOL_SWEEP_FINAL, (size_t)a, b, st), VOL_OK);
    cr_assert_eq(vol_sweep_points(&p, (size_t)m, VOL_SWEEP_FINAL, (size_t)b, -1, sa), VOL_OK);
    size_t narrow = 0;
    for (size_t i = 0; i < p.npoints; i++) {
        cr_expect_eq(st[i].n, sa[i].n, "point %zu: the policies ran %ld and %ld replicates", i, st[i].n, sa[i].n);
        cr_expect(st[i].hi - st[i].lo < 0.004 || st[i].n == 15, "point %zu: width %g after %ld replicates", i,
                  st[i].hi - st[i].lo, st[i].n);
        narrow += st[i].hi - st[i].lo < 0.004;
    }
    cr_expect_gt(narrow, p.npoints / 2, "only %zu of %zu points reached the target", narrow, p.npoints);
    free(st);
    free(sa);
    vol_sweep_file_free(&u);
    vol_sweep_file_free(&p);
    cr_assert_eq(sh("'%s' sweep %s/small.cfg -q %s --paired three_month,nope -o %s/x.h5 2>%s/err", VOLSIM_EXE, SWEEPS,
                    q, dir, dir), 2);
    cr_assert_eq(sh("grep -q 'it has one_off three_month' %s/err", dir), 0);
    cr_assert_eq(sh("'%s' sweep %s/small.cfg -q --paired three_month,one_off -o %s/x.h5 2>/dev/null", VOLSIM_EXE,
                    SWEEPS, dir), 2);
}

/* Issue 13: follow-up days and series. On follow_up.cfg (200 days,
 * follow-up days 100 and 200, two series every 50 days): day 200 is the
 * final value exactly, the series' second time is day 100 and its last the
 * final; day 100 differs from day 200; bad settings name file, line and
 * setting. */
Test(sweep, follow_up_days_and_series)
{
    cr_assert_eq(sh("'%s' sweep %s/follow_up.cfg -q -o %s/f.h5", VOLSIM_EXE, SWEEPS, dir), 0);
    char path[600];
    snprintf(path, sizeof path, "%s/f.h5", dir);
    vol_sweep_file s;
    cr_assert_eq(vol_sweep_file_read(path, &s), VOL_OK, "%s", vol_error_message());
    cr_assert_eq(s.nfollow, 2);
    cr_assert(s.follow_days[0] == 100 && s.follow_days[1] == 200);
    size_t M = s.nmetrics, differ = 0;
    for (size_t r = 0; r < s.nruns; r++)
        for (size_t m = 0; m < M; m++) {
            double d100 = s.at_day[(r * 2 + 0) * M + m], d200 = s.at_day[(r * 2 + 1) * M + m], f = s.final[r * M + m];
            cr_expect(d200 == f || (isnan(d200) && isnan(f)), "run %zu metric %zu: day 200 %g, final %g", r, m, d200, f);
            differ += d100 != d200 && !isnan(d100);
        }
    cr_expect_gt(differ, s.nruns, "day 100 equals day 200 almost everywhere");
    int w = vol_sweep_metric(&s, "client_wellbeing");
    cr_assert_geq(w, 0);
    /* the series, read with h5dump: run 0 at times 2 and 4 */
    cr_assert_eq(sh("h5dump -d /sweep/outputs/series/client_wellbeing -s 0,1 -c 1,1 %s/f.h5 | grep -q '(0,1): %.6g'",
                    dir, s.at_day[0 * M + (size_t)w]), 0);
    cr_assert_eq(sh("h5dump -d /sweep/outputs/series/client_wellbeing -s 0,3 -c 1,1 %s/f.h5 | grep -q '(0,3): %.6g'",
                    dir, s.final[(size_t)w]), 0);
    cr_assert_eq(sh("h5dump -a /sweep/outputs/series/every %s/f.h5 | grep -q '(0): 50'", dir), 0);
    /* the follow-up day as the output of discover */
    cr_assert_eq(sh("'%s' discover %s/f.h5 --metric client_wellbeing --better three_month --than one_off --day 100 "
                    "> /dev/null", VOLSIM_EXE, dir), 0);
    cr_assert_eq(sh("'%s' discover %s/f.h5 --metric client_wellbeing --better three_month --than one_off --day 150 "
                    "2> %s/err >/dev/null", VOLSIM_EXE, dir, dir), 2);
    cr_assert_eq(sh("grep -q 'its follow_up_days: 100 200' %s/err", dir), 0);
    vol_sweep_file_free(&s);
    /* bad settings */
    const char *bad[][2] = {
        {"follow_up_days = [0];", "follow_up_days: expected an integer in [1, 200], found 0"},
        {"follow_up_days = [300];", "follow_up_days: expected an integer in [1, 200], found 300"},
        {"follow_up_days = [50, 50];", "follow_up_days: day 50 is listed twice"},
        {"series = [\"nope\"];", "series: expected a metric name (see volsim metrics), found \"nope\""},
        {"series_every = 5;", "series_every: goes with series"},
        /* found by fuzz_sweep: the size check divided by the bad value */
        {"series = [\"client_wellbeing\"]; series_every = 0;", "series_every: expected an integer in [1, 36500], found 0"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(sh("sed -e '/^follow_up_days/d' -e '/^series/d' %s/follow_up.cfg | sed 's|\\.\\./\\.\\./\\.\\./|%s/|g' "
                        "> %s/b.cfg && echo '%s' >> %s/b.cfg", SWEEPS, VOLSIM_SOURCE_DIR, dir, bad[i][0], dir), 0);
        cr_assert_eq(sh("'%s' sweep %s/b.cfg -q -o %s/b.h5 2> %s/err", VOLSIM_EXE, dir, dir, dir), 2, "%s", bad[i][0]);
        cr_expect_eq(sh("grep -q 'b.cfg:1[0-9]: ' %s/err && grep -qF '%s' %s/err", dir, bad[i][1], dir), 0,
                     "%s: stderr lacks '%s'", bad[i][0], bad[i][1]);
    }
}
