/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_engine.c: the engine's runs of replicates, in process (engine.h):
 * the sink sees every replicate once with the metrics vol_sim_run gives
 * alone; results do not depend on the number of threads; a stop flag ends
 * the run between replicates with a gapless count; a failing sink stops the
 * run with its status and message; a failing replicate is named. */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "vol_engine.h"
#include "population_test.h"

#define DAYS 60
#define REPS 12

typedef struct {
    double metrics[REPS][DAYS * VOL_M_COUNT];
    int seen[REPS];
    long calls, fail_at;
    volatile sig_atomic_t *stop;
    long stop_after;
} collect;

static vol_status keep(void *ctx_, long r, const vol_sim *sim, const double *m, long days)
{
    collect *c = ctx_;
    cr_assert_not_null(sim);
    cr_assert_eq(days, DAYS);
    cr_assert(r >= 0 && r < REPS);
    if (c->fail_at >= 0 && c->calls == c->fail_at) {
        c->calls++;
        VOL_ERROR(VOL_EIO, "the sink could not write replicate %ld", r);
    }
    c->calls++;
    c->seen[r]++;
    memcpy(c->metrics[r], m, sizeof c->metrics[r]);
    if (c->stop && c->calls >= c->stop_after) *c->stop = 1;
    return VOL_OK;
}

static void params(vol_params *p)
{
    small(p);
    three_month(p);
    p->run_days = DAYS;
}

static collect *run_with(int threads, long first, long count, vol_status want, long *done)
{
    vol_params p;
    params(&p);
    collect *c = calloc(1, sizeof *c);
    c->fail_at = -1;
    omp_set_num_threads(threads);
    vol_engine_replicates job = {.params = &p, .first = first, .count = count, .sink = keep, .ctx = c};
    cr_assert_eq(vol_engine_run_replicates(&job, done), want, "%s", vol_error_message());
    return c;
}

Test(engine, every_replicate_once_with_its_own_metrics)
{
    long done = -1;
    collect *c = run_with(2, 0, REPS, VOL_OK, &done);
    cr_assert_eq(done, REPS);
    vol_params p;
    params(&p);
    static double alone[DAYS * VOL_M_COUNT];
    for (int r = 0; r < REPS; r++) {
        cr_assert_eq(c->seen[r], 1, "replicate %d seen %d times", r, c->seen[r]);
        vol_sim *s;
        cr_assert_eq(vol_sim_create(&p, (uint32_t)r, 0, &s), VOL_OK);
        cr_assert_eq(vol_sim_run(s, DAYS, alone), VOL_OK);
        vol_sim_free(s);
        cr_assert_eq(memcmp(alone, c->metrics[r], sizeof alone), 0, "replicate %d differs from a run alone", r);
    }
    free(c);
}

Test(engine, results_do_not_depend_on_the_threads)
{
    long d1, d2;
    collect *a = run_with(1, 0, REPS, VOL_OK, &d1), *b = run_with(3, 0, REPS, VOL_OK, &d2);
    cr_assert_eq(d1, REPS);
    cr_assert_eq(d2, REPS);
    cr_assert_eq(memcmp(a->metrics, b->metrics, sizeof a->metrics), 0);
    free(a);
    free(b);
}

Test(engine, a_range_of_replicates_starts_at_first)
{
    long done;
    collect *c = run_with(2, 4, 3, VOL_OK, &done);
    cr_assert_eq(done, 3);
    for (int r = 0; r < REPS; r++) cr_assert_eq(c->seen[r], r >= 4 && r < 7, "replicate %d", r);
    free(c);
}

Test(engine, stop_ends_the_run_between_replicates_without_gaps)
{
    vol_params p;
    params(&p);
    collect *c = calloc(1, sizeof *c);
    c->fail_at = -1;
    static volatile sig_atomic_t stop = 0;
    c->stop = &stop;
    c->stop_after = 3;
    omp_set_num_threads(2);
    long done = -1;
    vol_engine_replicates job = {.params = &p, .first = 0, .count = REPS, .sink = keep, .ctx = c, .stop = &stop};
    cr_assert_eq(vol_engine_run_replicates(&job, &done), VOL_OK);
    /* the stop came after 3 replicates; at most one more was running */
    cr_assert(done >= 3 && done <= 4, "%ld replicates done", done);
    for (int r = 0; r < REPS; r++) cr_assert_eq(c->seen[r], r < done, "replicate %d", r);
    free(c);
    /* stopped before it starts: nothing runs */
    stop = 1;
    collect *d = calloc(1, sizeof *d);
    d->fail_at = -1;
    job.ctx = d;
    cr_assert_eq(vol_engine_run_replicates(&job, &done), VOL_OK);
    cr_assert_eq(done, 0);
    cr_assert_eq(d->calls, 0);
    free(d);
}

Test(engine, a_failing_sink_stops_the_run_with_its_status)
{
    vol_params p;
    params(&p);
    collect *c = calloc(1, sizeof *c);
    c->fail_at = 2;
    omp_set_num_threads(1);
    long done = -1;
    vol_engine_replicates job = {.params = &p, .first = 0, .count = REPS, .sink = keep, .ctx = c};
    cr_assert_eq(vol_engine_run_replicates(&job, &done), VOL_EIO);
    cr_assert_not_null(strstr(vol_error_message(), "the sink could not write replicate 2"), "%s", vol_error_message());
    cr_assert_eq(done, 2, "the replicates before the failure count: %ld", done);
    cr_assert_eq(c->calls, 3, "no replicate is given to the sink after a failure");
    free(c);
}

Test(engine, a_failing_replicate_is_named)
{
    vol_params p;
    params(&p);
    p.clients_count = 0; /* invalid: vol_sim_create refuses it */
    omp_set_num_threads(2);
    long done = -1;
    vol_engine_replicates job = {.params = &p, .first = 5, .count = 1, .label = "broken"};
    cr_assert_neq(vol_engine_run_replicates(&job, &done), VOL_OK);
    cr_assert_eq(strncmp(vol_error_message(), "broken replicate 5: ", 20), 0, "%s", vol_error_message());
    cr_assert_eq(done, 0);
}
