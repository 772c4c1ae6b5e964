/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_sweep_stats.h: statistics of sweep files (vol_h5read.h) for the
 * analysis commands: each design point's output for one policy, and the
 * paired difference between two policies at each point (the same point and
 * replicate share their random streams, so their difference is paired). */
#ifndef VOL_SWEEP_STATS_H
#define VOL_SWEEP_STATS_H
#include <stddef.h>
#include "volsim.h"
#include "vol_h5read.h"
#ifdef __cplusplus
extern "C" {
#endif

/* Which output of a run: the metric on the last day, its mean over the
 * last year (outputs/final, outputs/mean_last_year), or on follow-up day i
 * of the sweep (outputs/at_day; VOL_SWEEP_AT_DAY(i), i < s->nfollow). */
typedef enum { VOL_SWEEP_FINAL = 0, VOL_SWEEP_LAST_YEAR = 1 } vol_sweep_output;
#define VOL_SWEEP_AT_DAY(i) ((vol_sweep_output)(2 + (int)(i)))

/* The output for --day D: VOL_SWEEP_AT_DAY of follow-up day D, -1 when D
 * is not one of the sweep's follow-up days. */
VOL_API int vol_sweep_output_of_day(const vol_sweep_file *s, long day);

/* Index of a metric, policy or parameter of the sweep by name; -1 when it
 * has none of that name. */
VOL_API int vol_sweep_metric(const vol_sweep_file *s, const char *name);
VOL_API int vol_sweep_policy(const vol_sweep_file *s, const char *name);
VOL_API int vol_sweep_parameter(const vol_sweep_file *s, const char *name);

/* Per design point: the output of policy a over the point's done
 * replicates (b < 0), or the paired difference a - b over the replicates
 * done for both (b >= 0). mean, the 95% t interval lo..hi (NaN below two
 * replicates), sd and n. */
typedef struct {
    double mean, lo, hi, sd;
    long n;
} vol_point_stat;
VOL_API vol_status vol_sweep_points(const vol_sweep_file *s, size_t metric, vol_sweep_output out, size_t a, long b,
                                    vol_point_stat *stat /* [npoints] */);

/* The outputs of every run of policy a (b < 0) or the paired differences
 * a - b (b >= 0), by point and replicate: v[point * replicates + r] (NaN
 * where the run, or one of the pair, is not done). replicates is
 * s->replicates. */
VOL_API vol_status vol_sweep_run_values(const vol_sweep_file *s, size_t metric, vol_sweep_output out, size_t a,
                                        long b, double *v /* [npoints * replicates] */);

/* One policy's output over the whole design: the mean over its done runs,
 * and the spread across the design (quantiles 2.5%, 50%, 97.5% of the
 * per-point means, type 7 as R's default). */
typedef struct {
    long runs;            /* done runs */
    size_t points;        /* points with at least one done run */
    double mean, q025, q50, q975;
} vol_sweep_summary;
VOL_API vol_status vol_sweep_summarize(const vol_sweep_file *s, size_t metric, vol_sweep_output out, size_t policy,
                                       vol_sweep_summary *sum);

/* Policy a against policy b over the whole design: each point's mean
 * paired difference a - b (over the replicates done for both), their mean
 * over the points with a 95% t interval over the points (the design's
 * points are a sample of the assumptions, so this interval holds both the
 * design's and the replicates' chance), and the points whose own 95%
 * interval lies wholly above 0 (higher), wholly below (lower), or neither
 * (unclear; also below two replicates). */
typedef struct {
    size_t points;        /* points with a difference */
    double mean, lo, hi;
    size_t higher, lower, unclear;
} vol_sweep_comparison;
VOL_API vol_status vol_sweep_compare(const vol_sweep_file *s, size_t metric, vol_sweep_output out, size_t a, size_t b,
                                     vol_sweep_comparison *c);

#ifdef __cplusplus
}
#endif
#endif
