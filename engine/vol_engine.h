/* SPDX-License-Identifier: GPL-3.0-or-later */
/* engine.h: runs of replicates on OpenMP threads, for every caller that
 * runs a scenario (volsim run, sweeps, patterns, calibration, embedding
 * programs). No files, no output, no signals: results go to a sink, a stop
 * flag ends the run between replicates, failures come back as vol_status
 * with the message in vol_error_message() of the calling thread. */
#ifndef VOL_ENGINE_H
#define VOL_ENGINE_H

#include <signal.h>
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
} vol_engine_replicates;

/* Runs the replicates on the current OpenMP team size. They are claimed in
 * order and a claimed one runs to its end, so the ones completed are
 * first .. first + *done - 1, with no gap, whether the run ended, was
 * stopped or failed (on failure, *done counts those whose sink call
 * succeeded before it). Each replicate's results depend only on the
 * parameters and its number: bit-identical for any number of threads. */
vol_status vol_engine_run_replicates(const vol_engine_replicates *job, long *done);

#ifdef __cplusplus
}
#endif
#endif
