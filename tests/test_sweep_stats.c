/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_sweep_stats.c: per-point outputs and paired policy differences of a
 * sweep file (analysis/sweep_stats.c) on a hand-made table with known
 * answers: two points, two policies, three replicates, one failed run. */
#include <math.h>
#include <criterion/criterion.h>
#include "vol_sweep_stats.h"

/* runs ordered point, policy, replicate; one metric */
static int32_t point[12] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1};
static int32_t policy[12] = {0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1};
static int32_t rep[12] = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2};
static int8_t status[12] = {1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1};
/* point 0: A = 1, 2, 3; B = 0.5, 1.5, 2.0 -> differences 0.5, 0.5, 1.0
 * point 1: A = 4, (failed), 6; B = 3, 3, 3 -> differences 1, 3 */
static double final[12] = {1, 2, 3, 0.5, 1.5, 2.0, 4, 99, 6, 3, 3, 3};
static char *metrics[1] = {"m"}, *policies[2] = {"a", "b"}, *params[1] = {"x"};

static vol_sweep_file table(void)
{
    vol_sweep_file s = {0};
    s.path = "hand-made";
    s.k = 1, s.npoints = 2, s.npolicies = 2, s.nruns = 12, s.nmetrics = 1, s.replicates = 3;
    s.metrics = metrics, s.policies = policies, s.parameters = params;
    s.point = point, s.policy = policy, s.replicate = rep, s.status = status;
    s.final = final, s.last_year = final;
    return s;
}

Test(sweep_stats, policy_means_skip_failed_runs)
{
    vol_sweep_file s = table();
    vol_point_stat p[2];
    cr_assert_eq(vol_sweep_points(&s, 0, VOL_SWEEP_FINAL, 0, -1, p), VOL_OK);
    cr_assert_float_eq(p[0].mean, 2.0, 1e-12);
    cr_assert_eq(p[0].n, 3);
    cr_assert_float_eq(p[0].sd, 1.0, 1e-12);
    cr_assert_float_eq(p[1].mean, 5.0, 1e-12, "the failed run (99) must not count: %g", p[1].mean);
    cr_assert_eq(p[1].n, 2);
    /* t interval: 2 +- t(0.975, 2) * 1 / sqrt(3) */
    cr_assert_float_eq(p[0].hi - p[0].mean, 4.302652729911275 / sqrt(3.0), 1e-9);
}

Test(sweep_stats, paired_differences_use_replicates_done_for_both)
{
    vol_sweep_file s = table();
    vol_point_stat p[2];
    cr_assert_eq(vol_sweep_points(&s, 0, VOL_SWEEP_FINAL, 0, 1, p), VOL_OK);
    cr_assert_float_eq(p[0].mean, 2.0 / 3.0, 1e-12);
    cr_assert_eq(p[0].n, 3);
    cr_assert_float_eq(p[1].mean, 2.0, 1e-12, "replicate 1 of point 1 failed for a: %g", p[1].mean);
    cr_assert_eq(p[1].n, 2);
    double v[6];
    cr_assert_eq(vol_sweep_run_values(&s, 0, VOL_SWEEP_FINAL, 1, 0, v), VOL_OK);
    cr_assert_float_eq(v[0], -0.5, 1e-12);
    cr_assert(isnan(v[4]), "the pair with a failed run is NaN");
    cr_assert_float_eq(v[5], -3.0, 1e-12);
}

Test(sweep_stats, names_and_bad_indices)
{
    vol_sweep_file s = table();
    cr_assert_eq(vol_sweep_policy(&s, "b"), 1);
    cr_assert_eq(vol_sweep_policy(&s, "c"), -1);
    cr_assert_eq(vol_sweep_metric(&s, "m"), 0);
    cr_assert_eq(vol_sweep_parameter(&s, "x"), 0);
    vol_point_stat p[2];
    cr_assert_eq(vol_sweep_points(&s, 1, VOL_SWEEP_FINAL, 0, -1, p), VOL_EINVAL);
    cr_assert_eq(vol_sweep_points(&s, 0, VOL_SWEEP_FINAL, 0, 2, p), VOL_EINVAL);
}

/* The whole design: a's runs 1, 2, 3, 4, 6 (mean 16/5), its points' means
 * 2 and 5 (quantiles by linear interpolation: 2.075, 3.5, 4.925); a - b
 * over the points: (2/3 + 2) / 2, with a t interval over two points;
 * neither point's own interval excludes 0 (point 0: 2/3 +- 0.717, point
 * 1: 2 +- 12.7), so both are unclear. */
Test(sweep_stats, summary_and_comparison_over_the_design)
{
    vol_sweep_file s = table();
    vol_sweep_summary x;
    cr_assert_eq(vol_sweep_summarize(&s, 0, VOL_SWEEP_FINAL, 0, &x), VOL_OK);
    cr_expect_eq(x.runs, 5);
    cr_expect_eq(x.points, 2);
    cr_expect_float_eq(x.mean, 16.0 / 5.0, 1e-12);
    cr_expect_float_eq(x.q025, 2.075, 1e-12);
    cr_expect_float_eq(x.q50, 3.5, 1e-12);
    cr_expect_float_eq(x.q975, 4.925, 1e-12);
    vol_sweep_comparison c;
    cr_assert_eq(vol_sweep_compare(&s, 0, VOL_SWEEP_FINAL, 0, 1, &c), VOL_OK);
    cr_expect_eq(c.points, 2);
    cr_expect_float_eq(c.mean, 4.0 / 3.0, 1e-12);
    /* sd of (2/3, 2) is (4/3) / sqrt(2); t(0.975, 1) = 12.7062 */
    cr_expect_float_eq(c.hi - c.mean, 12.706204736174707 * (4.0 / 3.0) / sqrt(2.0) / sqrt(2.0), 1e-9);
    cr_expect_eq(c.higher, 0);
    cr_expect_eq(c.unclear, 2);
    cr_expect_eq(c.lower, 0);
    cr_assert_eq(vol_sweep_compare(&s, 0, VOL_SWEEP_FINAL, 1, 1, &c), VOL_EINVAL);
}
