/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_sweep.h: sweep files (volsim sweep): loading and validating one, its
 * design's points and parameter values, and the plan the engine runs
 * (vol_sweep_plan in vol_engine.h). The journal and the HDF5 file of a
 * sweep are in vol_journal.h. */
#ifndef VOL_SWEEP_H
#define VOL_SWEEP_H
#include <stddef.h>
#include <stdint.h>
#include "volsim.h"
#include "vol_engine.h"
#include "vol_designs.h"
#include "vol_scenario.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    char *name;            /* dotted parameter name */
    const vol_param_info *info;
    double *values;        /* explicit values (levels), or NULL for a range */
    size_t nvalues;
    double min, max;       /* range (uniform) when values is NULL */
} vol_sweep_param;

typedef struct {
    char *path, *name, *text;   /* the sweep file, its stem, its text */
    vol_design_kind design;
    size_t samples, levels, k;
    long replicates;
    uint64_t seed;
    vol_sweep_param *params;
    vol_scenario *policies;    /* resolved scenarios (base and overrides applied) */
    size_t npolicies;
    size_t npoints;
    double *unit;               /* [npoints * k] design in [0, 1)^k (grid: level indices) */
    double *values;             /* [npoints * k] parameter values */
    int32_t *block, *factor;    /* [npoints] */
    size_t nruns;               /* npoints * npolicies * replicates */
    /* replicate control: replicates is then the maximum per (point,
     * policy) cell; batches are added to a cell until the 95% interval of
     * metric (last day) is narrower than width */
    /* further outputs per run (follow_up_days, series, series_every) */
    long *follow_days;
    size_t nfollow;
    int *series;                /* metric ids */
    size_t nseries;
    long series_every;
    int auto_on;
    int auto_paired;           /* 1: the interval is of the paired difference auto_a - auto_b (policies) */
    size_t auto_a, auto_b;
    double auto_width;
    int auto_metric;
    long auto_batch;
    /* what the engine runs (vol_engine_run_sweep), kept in step with the
     * fields above by vol_sweep_load and vol_sweep_set_auto */
    vol_sweep_plan plan;
    const vol_param_info **plan_params;
    const vol_params **plan_policies;
    const char **plan_names;
} vol_sweep;

#define VOL_SWEEP_MAX_FOLLOW 64               /* follow-up days of a sweep */
#define VOL_SWEEP_MAX_SERIES_VALUES 100000    /* series values per run */

/* Switches a loaded sweep to replicate control (recomputes nruns). */
VOL_API void vol_sweep_set_auto(vol_sweep *sw, double width, int metric, long batch, long max_replicates);
/* Then makes the control paired: each point's policies grow together until
 * the interval of the paired difference of policies a - b is narrow
 * enough (a != b, both < sw->npolicies). */
VOL_API void vol_sweep_set_auto_paired(vol_sweep *sw, size_t a, size_t b);

/* Loads and validates a sweep file; every problem goes to diag as
 * FILE:LINE: SETTING: expected ..., found ... Returns the problem count. */
VOL_API size_t vol_sweep_load(const char *path, const char *const *sets, size_t nsets, vol_sweep *sw, vol_diag *diag);
VOL_API void vol_sweep_free(vol_sweep *sw);

/* Run r's point, policy and replicate. */
VOL_API void vol_sweep_run_index(const vol_sweep *sw, size_t r, size_t *point, size_t *policy, long *replicate);

#ifdef __cplusplus
}
#endif
#endif
