/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_engine.c: the engine in process (vol_engine.h). Replicates: the
 * sink sees every replicate once with the metrics vol_sim_run gives alone;
 * results do not depend on the number of threads; a stop flag ends the run
 * between replicates with a gapless count; a failing sink stops the run
 * with its status and message; a failing replicate is named; progress
 * counts each completed replicate. Sweeps: a run is its policy at its point
 * and replicate, independent of threads, order and resumption, and the
 * sweep stops on its sink or flag; replicate control closes narrow cells,
 * stops wide ones at the maximum and skips runs done before. */
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

/* ---- progress ---------------------------------------------------------- */
typedef struct {
    long calls, last, total, backwards;
} ticks;

static void tick(void *ctx, long done, long total)
{
    ticks *t = ctx;
    t->calls++;
    if (done != t->last + 1) t->backwards++;
    t->last = done;
    t->total = total;
}

Test(engine, progress_counts_every_completed_replicate_once)
{
    vol_params p;
    params(&p);
    omp_set_num_threads(2);
    ticks t = {0};
    long done = -1;
    vol_engine_replicates job = {.params = &p, .first = 3, .count = 5, .progress = tick, .progress_ctx = &t};
    cr_assert_eq(vol_engine_run_replicates(&job, &done), VOL_OK, "%s", vol_error_message());
    cr_assert_eq(done, 5);
    cr_assert_eq(t.calls, 5, "progress called %ld times for 5 replicates", t.calls);
    cr_assert_eq(t.last, 5);
    cr_assert_eq(t.total, 5);
    cr_assert_eq(t.backwards, 0, "the count went up by one at each call");
}

/* ---- sweeps ------------------------------------------------------------ */
#define SW_POINTS 3
#define SW_POLICIES 2
#define SW_REPS 4
#define SW_RUNS (SW_POINTS * SW_POLICIES * SW_REPS)

typedef struct {
    vol_params pol[SW_POLICIES];
    const vol_params *pols[SW_POLICIES];
    const char *names[SW_POLICIES];
    const vol_param_info *info[1];
    double values[SW_POINTS];
    vol_sweep_plan plan;
} sweep_fixture;

/* Two policies (one_off-like and three_month) at three values of
 * companies.duration_days. */
static void sweep_setup(sweep_fixture *f)
{
    small(&f->pol[0]);
    f->pol[0].run_days = DAYS;
    f->pol[1] = f->pol[0];
    three_month(&f->pol[1]);
    f->pol[1].run_days = DAYS;
    f->info[0] = vol_params_find("companies.duration_days");
    cr_assert_not_null(f->info[0]);
    f->values[0] = 1;
    f->values[1] = 30;
    f->values[2] = 90;
    for (int i = 0; i < SW_POLICIES; i++) f->pols[i] = &f->pol[i];
    f->names[0] = "a";
    f->names[1] = "b";
    f->plan = (vol_sweep_plan){.k = 1, .params = f->info, .values = f->values, .npoints = SW_POINTS,
                               .npolicies = SW_POLICIES, .policies = f->pols, .policy_names = f->names,
                               .replicates = SW_REPS, .seed = 77};
}

typedef struct {
    double v[SW_RUNS][VOL_SWEEP_VALUES];
    int seen[SW_RUNS], status[SW_RUNS];
    long calls, halt_after;
} sweep_collect;

static int keep_run(void *ctx, size_t run, int status, const double *v, const char *msg)
{
    sweep_collect *c = ctx;
    cr_assert(run < SW_RUNS);
    cr_assert(status == 1, "run %zu failed: %s", run, msg);
    c->seen[run]++;
    c->status[run] = status;
    memcpy(c->v[run], v, sizeof c->v[run]);
    c->calls++;
    return c->halt_after > 0 && c->calls >= c->halt_after;
}

static sweep_collect *run_sweep(const sweep_fixture *f, int threads, const size_t *todo, size_t ntodo,
                                long halt_after)
{
    sweep_collect *c = calloc(1, sizeof *c);
    c->halt_after = halt_after;
    omp_set_num_threads(threads);
    vol_engine_sweep job = {.plan = &f->plan, .todo = todo, .ntodo = ntodo, .sink = keep_run, .ctx = c};
    cr_assert_eq(vol_engine_run_sweep(&job), VOL_OK, "%s", vol_error_message());
    return c;
}

Test(engine, a_sweep_run_is_its_policy_at_its_point_and_replicate)
{
    sweep_fixture f;
    sweep_setup(&f);
    cr_assert_eq(vol_sweep_plan_runs(&f.plan), SW_RUNS);
    size_t todo[SW_RUNS];
    for (size_t r = 0; r < SW_RUNS; r++) todo[r] = r;
    sweep_collect *c = run_sweep(&f, 2, todo, SW_RUNS, 0);
    static double buf[DAYS * VOL_M_COUNT];
    for (size_t r = 0; r < SW_RUNS; r++) {
        cr_assert_eq(c->seen[r], 1, "run %zu seen %d times", r, c->seen[r]);
        size_t pt, pc;
        long rep;
        vol_sweep_plan_index(&f.plan, r, &pt, &pc, &rep);
        cr_assert_eq(r, (pt * SW_POLICIES + pc) * SW_REPS + (size_t)rep);
        /* the same run by hand: the policy, the point's value, the seed */
        vol_params p = f.pol[pc];
        vol_params_set(&p, f.info[0], f.values[pt]);
        p.run_seed = 77;
        vol_sim *s;
        cr_assert_eq(vol_sim_create(&p, (uint32_t)rep, 0, &s), VOL_OK);
        cr_assert_eq(vol_sim_run(s, DAYS, buf), VOL_OK);
        vol_sim_free(s);
        int m = VOL_M_CLIENT_WELLBEING;
        cr_assert_eq(c->v[r][m], buf[(size_t)m * DAYS + DAYS - 1], "run %zu: final value", r);
        double sum = 0;
        for (int d = 0; d < DAYS; d++) sum += buf[(size_t)m * DAYS + (size_t)d];
        cr_assert_float_eq(c->v[r][VOL_M_COUNT + m], sum / DAYS, 1e-12, "run %zu: mean of the last year", r);
    }
    free(c);
}

Test(engine, sweep_results_do_not_depend_on_the_threads_or_the_order)
{
    sweep_fixture f;
    sweep_setup(&f);
    size_t fwd[SW_RUNS], rev[SW_RUNS];
    for (size_t r = 0; r < SW_RUNS; r++) {
        fwd[r] = r;
        rev[r] = SW_RUNS - 1 - r;
    }
    sweep_collect *a = run_sweep(&f, 1, fwd, SW_RUNS, 0), *b = run_sweep(&f, 3, rev, SW_RUNS, 0);
    cr_assert_eq(memcmp(a->v, b->v, sizeof a->v), 0);
    /* resuming: the runs left after the first half give the same values as
     * in one go (a run depends only on the plan and its number) */
    sweep_collect *c = run_sweep(&f, 2, fwd + SW_RUNS / 2, SW_RUNS - SW_RUNS / 2, 0);
    for (size_t r = SW_RUNS / 2; r < SW_RUNS; r++)
        cr_assert_eq(memcmp(a->v[r], c->v[r], sizeof a->v[r]), 0, "run %zu differs when resumed", r);
    for (size_t r = 0; r < SW_RUNS / 2; r++) cr_assert_eq(c->seen[r], 0);
    free(a);
    free(b);
    free(c);
}

Test(engine, a_sweep_stops_when_its_sink_or_its_flag_says_so)
{
    sweep_fixture f;
    sweep_setup(&f);
    size_t todo[SW_RUNS];
    for (size_t r = 0; r < SW_RUNS; r++) todo[r] = r;
    sweep_collect *c = run_sweep(&f, 1, todo, SW_RUNS, 5);
    cr_assert_eq(c->calls, 5, "one thread: no run after the sink asked to stop (%ld)", c->calls);
    free(c);
    static volatile sig_atomic_t stop = 1;
    sweep_collect *d = calloc(1, sizeof *d);
    ticks t = {0};
    vol_engine_sweep job = {.plan = &f.plan, .todo = todo, .ntodo = SW_RUNS, .sink = keep_run, .ctx = d,
                            .progress = tick, .progress_ctx = &t, .stop = &stop};
    cr_assert_eq(vol_engine_run_sweep(&job), VOL_OK);
    cr_assert_eq(d->calls, 0, "stopped before it starts: nothing runs");
    cr_assert_eq(t.calls, 0);
    stop = 0;
    cr_assert_eq(vol_engine_run_sweep(&job), VOL_OK);
    cr_assert_eq(t.calls, SW_RUNS);
    cr_assert_eq(t.last, SW_RUNS);
    cr_assert_eq(t.total, SW_RUNS);
    free(d);
}

/* ---- replicate control --------------------------------------------------- */
Test(engine, replicate_control_closes_narrow_cells_and_stops_wide_ones_at_the_maximum)
{
    sweep_fixture f;
    sweep_setup(&f);
    f.plan.replicates = 10; /* the maximum per cell */
    f.plan.auto_on = 1;
    f.plan.auto_batch = 3;
    f.plan.auto_width = 0.5;
    f.plan.auto_metric = VOL_M_CLIENT_WELLBEING;
    size_t n = vol_sweep_plan_runs(&f.plan), cells = SW_POINTS * SW_POLICIES;
    vol_sweep_control ctl;
    cr_assert_eq(vol_sweep_control_init(&f.plan, &ctl), VOL_OK);
    int8_t *status = calloc(n, 1);
    size_t *todo = calloc(n, sizeof *todo);
    /* first round: the first batch of every cell */
    size_t k = vol_sweep_next_round(&f.plan, &ctl, status, todo);
    cr_assert_eq(k, cells * 3);
    for (size_t i = 0; i < k; i++) cr_assert_lt(todo[i] % 10, 3, "only the first batch of a cell");
    /* fake results: cell 0 agrees exactly (width 0), every other cell is
     * spread wide (0 or 1) */
    for (size_t i = 0; i < k; i++) {
        size_t r = todo[i], cell = r / 10;
        status[r] = 1;
        ctl.metric[r] = cell == 0 ? 0.5 : (double)(r % 2);
    }
    k = vol_sweep_next_round(&f.plan, &ctl, status, todo);
    cr_assert_eq(ctl.stop[0], 1, "a cell narrower than the target is closed");
    cr_assert_float_eq(ctl.width[0], 0.0, 1e-15);
    cr_assert_eq(k, (cells - 1) * 3, "the wide cells want another batch: %zu", k);
    /* every later batch stays wide: the cells end at the maximum of 10 */
    for (int round = 0; round < 10 && k; round++) {
        for (size_t i = 0; i < k; i++) {
            status[todo[i]] = 1;
            ctl.metric[todo[i]] = (double)(todo[i] % 2);
        }
        k = vol_sweep_next_round(&f.plan, &ctl, status, todo);
    }
    cr_assert_eq(k, 0, "every cell closed");
    for (size_t c = 1; c < cells; c++) {
        cr_assert_eq(ctl.stop[c], 2, "cell %zu stopped at the maximum", c);
        cr_assert_eq(ctl.needed[c], 10);
    }
    cr_assert_eq(ctl.needed[0], 3, "the narrow cell kept its first batch only");
    vol_sweep_control_free(&ctl);
    /* fixed replicates: one round of everything pending, then closed */
    f.plan.auto_on = 0;
    cr_assert_eq(vol_sweep_control_init(&f.plan, &ctl), VOL_OK);
    memset(status, 0, n);
    status[7] = 1; /* done before (a resumed sweep) */
    k = vol_sweep_next_round(&f.plan, &ctl, status, todo);
    cr_assert_eq(k, n - 1, "every pending run, the one done before excepted");
    for (size_t i = 0; i < k; i++) cr_assert_neq(todo[i], 7);
    for (size_t i = 0; i < k; i++) status[todo[i]] = 1;
    cr_assert_eq(vol_sweep_next_round(&f.plan, &ctl, status, todo), 0);
    vol_sweep_control_free(&ctl);
    free(status);
    free(todo);
}

/* The plan's independent_points: with it, two points with the same values
 * run on different random streams (a posterior's draws); without it on the
 * same ones (common random numbers across points); the policies of a point
 * share their streams either way. */
Test(engine, independent_points_have_streams_of_their_own)
{
    sweep_fixture f;
    sweep_setup(&f);
    f.values[1] = f.values[0]; /* points 0 and 1 alike */
    size_t todo[SW_RUNS];
    for (size_t i = 0; i < SW_RUNS; i++) todo[i] = i;
    sweep_collect *common = run_sweep(&f, 2, todo, SW_RUNS, 0);
    f.plan.independent_points = 1;
    sweep_collect *own = run_sweep(&f, 2, todo, SW_RUNS, 0);
    const size_t per_point = SW_POLICIES * SW_REPS;
    /* point 0 and point 1, policy 0, replicate 0: the final wellbeing */
    cr_expect_eq(common->v[0][VOL_M_CLIENT_WELLBEING], common->v[per_point][VOL_M_CLIENT_WELLBEING]);
    cr_expect_neq(own->v[0][VOL_M_CLIENT_WELLBEING], own->v[per_point][VOL_M_CLIENT_WELLBEING]);
    /* point 0 keeps its streams (key 0 x replicates + r = r) */
    cr_expect_eq(common->v[1][VOL_M_CLIENT_WELLBEING], own->v[1][VOL_M_CLIENT_WELLBEING]);
    free(common);
    free(own);
}
