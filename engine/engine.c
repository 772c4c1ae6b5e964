/* SPDX-License-Identifier: GPL-3.0-or-later */
/* engine.c: runs of replicates on OpenMP threads (engine.h). */
#include <stdio.h>
#include <stdlib.h>
#include "vol_engine.h"

vol_status vol_engine_run_replicates(const vol_engine_replicates *job, long *done)
{
    if (done) *done = 0;
    if (!job || !job->params) VOL_ERROR(VOL_EINVAL, "vol_engine_run_replicates: no parameters");
    if (job->count < 0 || job->first < 0) VOL_ERROR(VOL_EINVAL, "vol_engine_run_replicates: negative replicates");
    const vol_params *p = job->params;
    const long days = p->run_days, end = job->first + job->count;
    long next = job->first, completed = job->first, nfinished = 0;
    vol_status failed = VOL_OK;
    char failure[1024] = "";
    /* the replicates that finished, by number: the run's count is the
     * longest gapless prefix (a replicate finishing early on one thread
     * waits for the ones before it) */
    unsigned char *finished = calloc((size_t)(job->count > 0 ? job->count : 1), 1);
    if (!finished) VOL_ERROR(VOL_ENOMEM, "out of memory for %ld replicates", job->count);
    #pragma omp parallel
    {
        double *buf = malloc((size_t)days * VOL_M_COUNT * sizeof *buf);
        if (!buf) {
            #pragma omp critical(volsim_engine)
            {
                if (failed == VOL_OK) {
                    snprintf(failure, sizeof failure, "out of memory for %ld days of metrics", days);
                    failed = VOL_ENOMEM;
                }
            }
        }
        for (;;) {
            long r;
            #pragma omp critical(volsim_engine)
            r = (failed != VOL_OK || !buf || next >= end || (job->stop && *job->stop)) ? -1 : next++;
            if (r < 0) break;
            vol_sim *sim = NULL;
            vol_status st = vol_sim_create(p, (uint32_t)r, job->log_events, &sim);
            if (st == VOL_OK) st = vol_sim_run(sim, days, buf);
            char msg[1024] = "";
            if (st != VOL_OK) {
                if (job->label)
                    snprintf(msg, sizeof msg, "%s replicate %ld: %s", job->label, r, vol_error_message());
                else
                    snprintf(msg, sizeof msg, "replicate %ld: %s", r, vol_error_message());
            }
            if (st == VOL_OK && job->sink && job->concurrent_sink) {
                st = job->sink(job->ctx, r, sim, buf, days);
                if (st != VOL_OK) snprintf(msg, sizeof msg, "%s", vol_error_message());
            }
            #pragma omp critical(volsim_engine)
            {
                if (st == VOL_OK && failed == VOL_OK && job->sink && !job->concurrent_sink) {
                    st = job->sink(job->ctx, r, sim, buf, days);
                    if (st != VOL_OK) snprintf(msg, sizeof msg, "%s", vol_error_message());
                }
                if (st != VOL_OK && failed == VOL_OK) {
                    snprintf(failure, sizeof failure, "%s", msg);
                    failed = st;
                }
                if (st == VOL_OK && failed == VOL_OK) {
                    finished[r - job->first] = 1;
                    while (completed < end && finished[completed - job->first]) completed++;
                    nfinished++;
                    if (job->progress) job->progress(job->progress_ctx, nfinished, job->count);
                }
            }
            vol_sim_free(sim);
        }
        free(buf);
    }
    free(finished);
    if (done) *done = completed - job->first;
    if (failed != VOL_OK) VOL_ERROR(failed, "%s", failure);
    return VOL_OK;
}

size_t vol_engine_run_tasks(size_t n, vol_engine_task task, void *ctx, const volatile sig_atomic_t *stop,
                            vol_engine_progress progress, void *progress_ctx)
{
    size_t ran = 0;
    int halt = 0;
    #pragma omp parallel for schedule(dynamic, 1)
    for (size_t i = 0; i < n; i++) {
        int h;
        #pragma omp atomic read
        h = halt;
        if (h || (stop && *stop)) continue;
        int r = task(ctx, i);
        #pragma omp critical(volsim_tasks)
        {
            ran++;
            if (r) {
                #pragma omp atomic write
                halt = 1;
            }
            if (progress) progress(progress_ctx, (long)ran, (long)n);
        }
    }
    return ran;
}
