/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_compare.h: statistics of run results files (vol_h5read.h) for the
 * analysis commands and the report: a replicate's value of a metric, paired
 * and Welch comparisons of two scenarios, per-client effects, outcomes by
 * realised match duration, and daily means with 95% bands. */
#ifndef VOL_COMPARE_H
#define VOL_COMPARE_H
#include <stddef.h>
#include "volsim.h"
#include "vol_h5read.h"
#ifdef __cplusplus
extern "C" {
#endif

/* The value of each of reps replicates of data[r * days + d]: the mean over
 * days a to b (1-based, NaN skipped; a == b: that day), NaN when none. */
VOL_API void vol_per_replicate(const double *data, long reps, long days, long a, long b, double *out);

/* The key outcomes the plain-language lines speak of: a metric and a phrase
 * ("the share of clients with a volunteer"). */
typedef struct {
    const char *metric, *phrase;
} vol_key_outcome;
VOL_API size_t vol_key_outcome_count(void);
VOL_API const vol_key_outcome *vol_key_outcome_get(size_t i);

/* B - A over replicates: paired (common random numbers: replicate r of
 * both, the first min(na, nb)) or Welch; the means, the difference and its
 * 95% interval, the Welch interval, and the precision of the simulated
 * difference (paired d_z, or Cohen's d unpaired). */
typedef struct {
    double mean_a, mean_b, diff, lo, hi, effect, welch_lo, welch_hi;
    long n;
    int paired;
} vol_comparison;
VOL_API void vol_compare_values(const double *xa, long na, const double *xb, long nb, int paired, vol_comparison *c);

/* Whether two scenarios' replicates pair (common random numbers): the same
 * seed and the same days. */
VOL_API int vol_run_scenarios_paired(const vol_run_scenario *a, const vol_run_scenario *b);

/* Whether a metric's unit is "share" (shown as percentages). */
VOL_API int vol_unit_is_share(const char *unit);

/* ---- per-client effects ----
 * On the clients scenario R (index ir) reaches (first company contact on
 * day t0 in R), the outcome (wellbeing) at t0 + lag in R minus the same
 * client's on the same day in O (index io; common random numbers: the same
 * population and streams), read from the client panels at the first panel
 * day at or after t0 + lag (clients whose lag falls beyond the run are left
 * out). Per replicate the mean over its reached clients; the difference and
 * its 95% interval are taken over replicates (clients of one replicate are
 * not independent). The SMD divides by the SD of the outcome across the
 * same clients in O (pooled over replicates), as studies divide by the SD
 * of their comparison group. lags (out): the last day of the engagement
 * (companies.duration_days of R) and 91, 182 and 365 days after the first
 * contact. */
#define VOL_N_LAGS 4
typedef struct {
    double diff, lo, hi, sd;
    long clients;
} vol_client_effect;
VOL_API const char *vol_lag_name(int l);
VOL_API vol_status vol_client_effects(const vol_run_file *f, int ir, int io, long lags[VOL_N_LAGS],
                                      vol_client_effect out[VOL_N_LAGS]);

/* ---- outcome by realised match duration ----
 * Regular (not corporate) matches begun in the recorded period, grouped by
 * how long they lasted: ended within 3 months, ended after 3-6 or 6-12
 * months, and 12 months or more (ended or still running); matches still
 * running under 12 months are left out (their duration is not known yet).
 * The outcome is the client's wellbeing at the end (or on the last day)
 * minus at the start of the match. Per replicate the mean over its matches
 * of the group; the mean and its 95% interval are over replicates. This is
 * the analysis of Grossman & Rhodes (2002), who found youth in matches of a
 * year or more improved and those in matches ended within three months
 * declined. Needs the agent tables (volsim run --agents). */
#define VOL_N_DUR 4
VOL_API const char *vol_duration_name(int g);
VOL_API vol_status vol_duration_outcome(const vol_run_file *f, size_t i, double mean[VOL_N_DUR], double lo[VOL_N_DUR],
                                        double hi[VOL_N_DUR], long matches[VOL_N_DUR]);

/* Per day of scenario i, the mean of metric over replicates and its 95%
 * band (new arrays of days values; the band is the mean where it has no
 * width); unit gets the metric's unit. */
VOL_API vol_status vol_day_bands(const vol_run_file *f, size_t i, const char *metric, double **mean, double **lo,
                                 double **hi, char *unit, size_t un);

#ifdef __cplusplus
}
#endif
#endif
