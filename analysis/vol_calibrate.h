/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_calibrate.h: volsim calibrate: the model as the simulator of
 * vol_abc.h (a target file's base scenario with the calibrated parameters
 * set, its targets computed from a run), and calibration files (HDF5,
 * format "volsim-calibration", docs/results-format.md): written after
 * every stage, so that each wave and generation is a checkpoint that
 * --resume continues from, bit for bit. */
#ifndef VOL_CALIBRATE_H
#define VOL_CALIBRATE_H
#include <signal.h>
#include <stdio.h>
#include "volsim.h"
#include "vol_abc.h"
#include "vol_calib_file.h"
#include "vol_results.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The problem of a target file; its prior bounds, values and scales go to
 * arrays [2 k + 2 T], which must live as long as p. The run control fields
 * are left for the caller. */
VOL_API void vol_calibrate_problem(const vol_calib_spec *c, double *arrays, vol_abc_problem *p);
/* The target statistics of one finished run (metrics [VOL_M_COUNT x days])
 * into stats [c->ntargets]; NaN where a statistic has no value. */
VOL_API void vol_calibrate_stats(const vol_calib_spec *c, const vol_sim *sim, const double *metrics, long days,
                                 double *stats);
/* The parameters of stage/run's simulation of theta (the base with theta
 * set, its own seed); 0 when they are valid. */
VOL_API int vol_calibrate_params(const vol_calib_spec *c, const double *theta, uint32_t stage, uint64_t run,
                                 vol_params *p, uint32_t *replicate);

/* Writes state s of c to path (over an existing file only with force):
 * complete = s->done. */
VOL_API vol_status vol_calibrate_write(const char *path, int force, const vol_calib_spec *c, const vol_abc_state *s,
                                       const vol_provenance *prov);
/* Reads the state of a calibration file written for c (its target file and
 * base scenario must be the same text), for --resume; c NULL: any
 * calibration file, without that check (summary, figures). */
VOL_API vol_status vol_calibrate_read(const char *path, const vol_calib_spec *c, vol_abc_state *s);

/* What a calibration's tables and figures need to know of its parameters
 * and targets: from a target file, or from a calibration file. */
typedef struct {
    size_t k, ntargets;
    char **names;               /* [k] */
    double *lo, *hi;            /* [k] the priors */
    char **tnames, **tsources;  /* [T] */
    double *tvalue, *tsd, *tscale; /* [T]; scale sqrt(sd^2 + discrepancy^2) */
    double min_correlation;     /* correlations printed beyond it (0.5) */
} vol_calib_view;
VOL_API void vol_calib_view_of(const vol_calib_spec *c, vol_calib_view *v);
VOL_API vol_status vol_calib_view_read(const char *path, vol_calib_view *v);
VOL_API void vol_calib_view_free(vol_calib_view *v);

/* The posterior table: the waves and generations, for each parameter the
 * prior, the posterior mean, median, 95% credible interval and its width
 * relative to the prior's (identified below 0.5), the correlations beyond
 * v->min_correlation, and each target's posterior predictive range. */
VOL_API void vol_calibrate_print(FILE *out, const vol_calib_view *v, const vol_abc_state *s);

/* ---- the evidence-weighted policy answer (volsim calibrate --predict) ----
 * A posterior: n particles of k parameters with weights. */
typedef struct {
    size_t k, n;
    char **names;               /* [k] */
    const vol_param_info **info; /* [k] */
    double *theta;              /* [n * k] */
    double *weight;             /* [n] */
    char *source;               /* the file it came from */
} vol_posterior;

/* Reads the posterior of a calibration file (.h5) or of its CSV export
 * (posterior.csv: particle, weight, then one column per parameter). */
VOL_API vol_status vol_posterior_read(const char *path, vol_posterior *post);
VOL_API void vol_posterior_free(vol_posterior *post);
/* Writes post as CSV (full precision: reading it back gives the same
 * doubles). */
VOL_API vol_status vol_posterior_write_csv(const vol_posterior *post, FILE *out);

typedef struct {
    size_t draws;               /* posterior draws (systematic resampling by weight) */
    long replicates;            /* paired replicates of A and B per draw */
    uint64_t seed;
    int metric;
    long day;                   /* 1-based day read; 0: the last day */
    const volatile sig_atomic_t *stop;
    vol_engine_progress progress;
    void *progress_ctx;
} vol_predict_spec;

typedef struct {
    size_t draws, failed;       /* draws, and runs that failed */
    double *theta;              /* [draws * k] the draws */
    double *diff;               /* [draws] mean over replicates of A - B (same draw, same replicate) */
    double *a, *b;              /* [draws] means of A and of B */
    double mean, lo, hi;        /* posterior mean and 95% credible interval of the difference */
    double p_positive;          /* share of draws with A - B > 0 */
    double mc_se;               /* the replicates' standard error of a draw's difference (root mean square) */
} vol_predict_result;

/* The paired difference A - B of metric under the posterior: for each draw
 * both scenarios with the draw's parameters, replicates on common random
 * numbers within the draw and streams of their own across draws. */
VOL_API vol_status vol_calibrate_predict(const vol_posterior *post, const vol_params *a, const vol_params *b,
                                         const vol_predict_spec *sp, vol_predict_result *r);
VOL_API void vol_predict_result_free(vol_predict_result *r);

#ifdef __cplusplus
}
#endif
#endif
