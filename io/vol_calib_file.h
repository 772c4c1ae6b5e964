/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_calib_file.h: calibration target files (volsim calibrate; the format
 * is in docs/calibration.md):
 *
 *     base = "../baseline.cfg";        // the scenario calibrated
 *     seed = 20261207;
 *     parameters = (                   // uniform priors; default: the table's plausible range
 *       { name = "dropout.circumstances_per_year"; min = 0.05; max = 0.6; }
 *     );
 *     targets = (
 *       { metric = "volunteer_yearly_dropout"; window = [366, 730];
 *         value = 0.25; sd = 0.03; discrepancy = 0.02;
 *         source = "..."; informs = ["dropout.circumstances_per_year"]; }
 *     );
 *     history_matching = { waves = 2; points = 200; replicates = 4; cutoff = 3.0; };
 *     abc = { particles = 1000; replicates = 1; quantile = 0.5; min_acceptance = 0.02;
 *             max_generations = 10; prior = "history_matching"; max_simulations = 0; };
 *
 * A target is a metric (`metric`) or a statistic (`statistic`: exit_share
 * with `reason`, first_year_dropout, match_closure_first_year;
 * befriending_effect and short_match_effect on the last day), read on a
 * day (`day`, 1-based) or as the mean over `window = [a, b]` (days a..b);
 * its value with an observation `sd`, or a range `low`/`high` (read as a
 * 95% interval: value the midpoint, sd a quarter of its width). */
#ifndef VOL_CALIB_FILE_H
#define VOL_CALIB_FILE_H
#include <stddef.h>
#include <stdint.h>
#include "volsim.h"
#include "vol_scenario.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    VOL_TS_METRIC,              /* a metric on a day, or its mean over a window */
    VOL_TS_EXIT_SHARE,          /* exits in the window with the reason, of all exits in it */
    VOL_TS_FIRST_YEAR_DROPOUT,  /* of regular and vulnerable volunteers recruited in the window, the share gone within 365 days */
    VOL_TS_MATCH_CLOSURE,       /* of open-ended regular matches begun in the window, the share closed within 365 days */
    VOL_TS_BEFRIENDING,         /* last day: wellbeing above base of clients in a relationship of 90+ days minus that of
                                   clients without a relationship in the last 730 days, in SDs of client wellbeing */
    VOL_TS_SHORT_MATCH,         /* last day: the same for clients whose last relationship lasted under 91 days and ended
                                   in the last 182 days, without a new one */
    VOL_TS_COUNT
} vol_target_stat;

typedef struct {
    char *label;                /* "metric volunteer_yearly_dropout", "exit_share stress", ... */
    vol_target_stat stat;
    int metric;                 /* VOL_TS_METRIC, VOL_TS_EXIT_SHARE: a metric id */
    long from, to;              /* days, 1-based, inclusive (from == to: one day) */
    double value, sd, discrepancy;
    char *source;
    char **informs;             /* parameter names */
    size_t ninforms;
    int line;
} vol_calib_target;

typedef struct {
    char *name;
    const vol_param_info *info;
    double min, max;
} vol_calib_param;

typedef struct {
    char *path, *name, *text;   /* the file, its stem, its text */
    vol_scenario base;
    size_t k, ntargets;
    vol_calib_param *params;
    vol_calib_target *targets;
    uint64_t seed;
    size_t hm_waves, hm_points;
    long hm_replicates;
    double hm_cutoff;
    size_t particles;
    long abc_replicates;
    double quantile, min_acceptance;
    size_t max_generations;
    int prior_box;              /* 1: ABC's prior is history matching's last box */
    size_t max_simulations;     /* 0: no budget */
} vol_calib_spec;

VOL_API const char *vol_target_stat_name(vol_target_stat s);
/* 1 when path is a libconfig file with a top-level `targets` setting. */
VOL_API int vol_calib_is_target_file(const char *path);
/* Loads and validates a target file; the overrides sets go to its base
 * scenario. Every problem goes to diag as FILE:LINE: SETTING: expected ...,
 * found ... Returns the problem count (0: c filled, free it). */
VOL_API size_t vol_calib_load(const char *path, const char *const *sets, size_t nsets, vol_calib_spec *c, vol_diag *diag);
VOL_API void vol_calib_free(vol_calib_spec *c);

#ifdef __cplusplus
}
#endif
#endif
