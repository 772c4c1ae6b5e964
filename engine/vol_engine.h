/* SPDX-License-Identifier: GPL-3.0-or-later */
/* engine.h: runs of replicates on OpenMP threads, for every caller that
 * runs a scenario (volsim run, sweeps, patterns, calibration, embedding
 * programs). No files, no output, no signals: results go to a sink, a stop
 * flag ends the run between replicates, failures come back as vol_status
 * with the message in vol_error_message() of the calling thread. */
#ifndef VOL_ENGINE_H
#define VOL_ENGINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "volsim.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Called once for each completed replicate, one call at a time (in a
 * critical section) unless the job says concurrent_sink, in completion
 * order, which depends on the threads.
 * metrics: days x VOL_M_COUNT values, metric m of day d at [m * days + d];
 * sim: the replicate after its last day (agent tables, events), freed when
 * the call returns. A status other than VOL_OK stops the run with it. */
typedef vol_status (*vol_engine_sink)(void *ctx, long replicate, const vol_sim *sim, const double *metrics,
                                      long days);

/* Progress: called after each completed run or replicate (one call at a
 * time, after its sink), with how many of the job's total are done. */
typedef void (*vol_engine_progress)(void *ctx, long done, long total);

typedef struct {
    const vol_params *params;   /* validated parameters; run.days days each */
    long first, count;          /* replicates first .. first + count - 1 */
    int log_events;             /* keep the event log (vol_sim_create) */
    const char *label;          /* failures read "<label> replicate <r>: ..." (NULL: "replicate <r>: ...") */
    vol_engine_sink sink;       /* may be NULL */
    void *ctx;
    /* the sink may run for several replicates at once (it touches only what
     * belongs to its replicate): no critical section around it */
    int concurrent_sink;
    /* when it becomes non-zero no further replicate starts (those running
     * finish); may be NULL */
    const volatile sig_atomic_t *stop;
    vol_engine_progress progress; /* may be NULL */
    void *progress_ctx;
} vol_engine_replicates;

/* Runs the replicates on the current OpenMP team size. They are claimed in
 * order and a claimed one runs to its end, so the ones completed are
 * first .. first + *done - 1, with no gap, whether the run ended, was
 * stopped or failed (on failure, *done counts those whose sink call
 * succeeded before it). Each replicate's results depend only on the
 * parameters and its number: bit-identical for any number of threads. */
VOL_API vol_status vol_engine_run_replicates(const vol_engine_replicates *job, long *done);

/* ---- sweeps: every run its own parameters --------------------------------
 * Run r of a sweep is (point, policy, replicate), numbered replicate
 * fastest, then policy, then point. Its parameters are the policy's with
 * the point's values of the swept parameters and the sweep's seed; its
 * replicate number keys its random streams, so a run's results depend only
 * on the plan and r (bit-identical for any thread count or MPI rank). */
typedef struct {
    size_t k;                            /* swept parameters */
    const vol_param_info *const *params; /* [k] */
    const double *values;                /* [npoints * k] parameter values per point */
    size_t npoints, npolicies;
    const vol_params *const *policies;   /* [npolicies] validated parameters */
    const char *const *policy_names;     /* [npolicies] */
    long replicates;                     /* per (point, policy) cell; the maximum under replicate control */
    uint64_t seed;
    /* replicate control: batches are added to a cell until the 95% interval
     * of metric auto_metric (last day) is narrower than auto_width */
    int auto_on;
    double auto_width;
    int auto_metric;
    long auto_batch;
    /* paired replicate control (with auto_on): the cells of a point grow
     * together, until the 95% interval of the paired difference
     * auto_a - auto_b (policies; same replicate, common random numbers) is
     * narrower than auto_width */
    int auto_paired;
    size_t auto_a, auto_b;
    /* further outputs of each run: every metric on each follow-up day
     * (1-based; NaN past a run's last day), and the daily values of the
     * series metrics every series_every days (days series_every,
     * 2 series_every, ... up to vol_sweep_plan_days) */
    size_t nfollow;
    const long *follow_days;    /* [nfollow] */
    size_t nseries;
    const int *series;          /* [nseries] metric ids */
    long series_every;          /* >= 1 when nseries > 0 */
    /* 0: replicate r of every point runs on the same random streams (common
     * random numbers across points and policies); 1: each point its own
     * streams (replicate key point x replicates + r, shared only by the
     * point's policies), e.g. draws of a posterior */
    int independent_points;
} vol_sweep_plan;

/* Values kept per run: the final day and the mean of the last 365 days (of
 * the days with a value) of every metric. */
#define VOL_SWEEP_VALUES (2 * VOL_M_COUNT) /* the values of a run without follow-up days or series */

VOL_API size_t vol_sweep_plan_runs(const vol_sweep_plan *plan);
VOL_API void vol_sweep_plan_index(const vol_sweep_plan *plan, size_t r, size_t *point, size_t *policy, long *replicate);
/* The longest run.days of the policies (the scratch buffer of a run holds
 * that many days of every metric). */
VOL_API long vol_sweep_plan_days(const vol_sweep_plan *plan);

/* The values of one run: VOL_M_COUNT finals, VOL_M_COUNT last-year means,
 * nfollow x VOL_M_COUNT follow-up values (day by day, metric fastest),
 * then nseries x vol_sweep_plan_times values (series by series). */
VOL_API size_t vol_sweep_plan_values(const vol_sweep_plan *plan);
/* The times of a series: vol_sweep_plan_days / series_every (0 without series). */
VOL_API size_t vol_sweep_plan_times(const vol_sweep_plan *plan);

/* One run into v[vol_sweep_plan_values], with buf scratch for
 * vol_sweep_plan_days() x VOL_M_COUNT doubles. Returns 1 (done; msg "") or
 * 2 (failed: v all NaN, msg "point P, policy NAME, replicate R: why"). */
VOL_API int vol_sweep_run_one(const vol_sweep_plan *plan, size_t r, double *v, double *buf, char *msg, size_t msgsize);

/* Replicate control per (point, policy) cell. */
typedef struct {
    long *needed;   /* replicates wanted so far */
    int8_t *stop;   /* 0 open, 1 interval narrow enough (or fixed replicates done), 2 maximum reached */
    double *width;  /* 95% interval width at the stop (NaN before) */
    double *metric; /* auto_on: the control metric's last-day value per run (NaN until run), else NULL */
    double *diff;   /* auto_paired: scratch of replicates values, else NULL */
} vol_sweep_control;

VOL_API vol_status vol_sweep_control_init(const vol_sweep_plan *plan, vol_sweep_control *c);
VOL_API void vol_sweep_control_free(vol_sweep_control *c);
/* The runs to do next into todo (room for every run): each pending run
 * (status[r] == 0; 1 done, 2 failed) of an open cell below its wanted
 * replicates. A cell whose wanted runs are all in is closed when the
 * interval is narrow enough or the maximum is reached, and otherwise
 * wants another batch. Returns the count; 0 when every cell is closed. */
VOL_API size_t vol_sweep_next_round(const vol_sweep_plan *plan, vol_sweep_control *c, const int8_t *status, size_t *todo);

/* Called for each finished run of vol_engine_run_sweep, one call at a time,
 * in completion order: status 1 or 2, v and msg as vol_sweep_run_one. A
 * non-zero return stops the sweep: no further run starts. */
typedef int (*vol_sweep_sink)(void *ctx, size_t run, int status, const double *v, const char *msg);

/* A batch of a sweep's runs. */
typedef struct {
    const vol_sweep_plan *plan;
    const size_t *todo;          /* the runs, in the order they are claimed */
    size_t ntodo;
    vol_sweep_sink sink;         /* may be NULL */
    void *ctx;
    vol_engine_progress progress; /* may be NULL; total is ntodo */
    void *progress_ctx;
    const volatile sig_atomic_t *stop; /* may be NULL */
} vol_engine_sweep;

/* Runs the job's runs on the current OpenMP team; none starts once *stop
 * is non-zero or the sink asked to stop. A run's values depend only on the
 * plan and its number: bit-identical for any number of threads. Fails only
 * when the scratch memory cannot be had (VOL_ENOMEM; no run then). */
VOL_API vol_status vol_engine_run_sweep(const vol_engine_sweep *job);

/* ---- independent tasks ----------------------------------------------------
 * n tasks run on the current OpenMP team, claimed in order; task i writes
 * only what belongs to it (its slot of the caller's arrays), so the results
 * do not depend on the number of threads. A task returns 0, or non-zero to
 * stop: no further task starts (those running finish). */
typedef int (*vol_engine_task)(void *ctx, size_t i);

/* Runs tasks 0 .. n - 1; none starts once *stop is non-zero (stop may be
 * NULL). progress (may be NULL) after each, one call at a time. Returns the
 * number of tasks that ran to their end: all n unless stopped. */
VOL_API size_t vol_engine_run_tasks(size_t n, vol_engine_task task, void *ctx, const volatile sig_atomic_t *stop,
                                    vol_engine_progress progress, void *progress_ctx);

#ifdef __cplusplus
}
#endif
#endif
