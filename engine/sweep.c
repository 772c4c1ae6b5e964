/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sweep.c: the runs of a sweep and replicate control (vol_engine.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vol_engine.h"
#include "vol_stats.h"

size_t vol_sweep_plan_runs(const vol_sweep_plan *plan)
{
    return plan->npoints * plan->npolicies * (size_t)plan->replicates;
}

void vol_sweep_plan_index(const vol_sweep_plan *plan, size_t r, size_t *point, size_t *policy, long *replicate)
{
    *replicate = (long)(r % (size_t)plan->replicates);
    size_t pp = r / (size_t)plan->replicates;
    *policy = pp % plan->npolicies;
    *point = pp / plan->npolicies;
}

long vol_sweep_plan_days(const vol_sweep_plan *plan)
{
    long days = 1;
    for (size_t i = 0; i < plan->npolicies; i++)
        if (plan->policies[i]->run_days > days) days = plan->policies[i]->run_days;
    return days;
}

size_t vol_sweep_plan_times(const vol_sweep_plan *plan)
{
    return plan->nseries && plan->series_every > 0 ? (size_t)(vol_sweep_plan_days(plan) / plan->series_every) : 0;
}

size_t vol_sweep_plan_values(const vol_sweep_plan *plan)
{
    return (size_t)VOL_SWEEP_VALUES + plan->nfollow * VOL_M_COUNT + plan->nseries * vol_sweep_plan_times(plan);
}

/* The follow-up values and the series of a run of days days (after the
 * finals and the last-year means in v). */
static void extra_values(const vol_sweep_plan *plan, const double *buf, long days, double *v)
{
    double *f = v + VOL_SWEEP_VALUES;
    for (size_t i = 0; i < plan->nfollow; i++)
        for (int m = 0; m < VOL_M_COUNT; m++) {
            long d = plan->follow_days[i];
            f[i * VOL_M_COUNT + (size_t)m] = d >= 1 && d <= days ? buf[(size_t)m * (size_t)days + (size_t)(d - 1)] : NAN;
        }
    double *s = f + plan->nfollow * VOL_M_COUNT;
    size_t nt = vol_sweep_plan_times(plan);
    for (size_t i = 0; i < plan->nseries; i++)
        for (size_t t = 0; t < nt; t++) {
            long d = (long)(t + 1) * plan->series_every;
            s[i * nt + t] = d <= days ? buf[(size_t)plan->series[i] * (size_t)days + (size_t)(d - 1)] : NAN;
        }
}

int vol_sweep_run_one(const vol_sweep_plan *plan, size_t r, double *v, double *buf, char *msg, size_t msgsize)
{
    size_t pt, pc;
    long rep;
    vol_sweep_plan_index(plan, r, &pt, &pc, &rep);
    vol_params p = *plan->policies[pc];
    for (size_t f = 0; f < plan->k; f++) vol_params_set(&p, plan->params[f], plan->values[pt * plan->k + f]);
    p.run_seed = (long)plan->seed;
    long days = p.run_days;
    vol_sim *s = NULL;
    uint32_t key = plan->independent_points ? (uint32_t)(pt * (size_t)plan->replicates + (size_t)rep) : (uint32_t)rep;
    vol_status st = vol_sim_create(&p, key, 0, &s);
    if (st == VOL_OK) st = vol_sim_run(s, days, buf);
    vol_sim_free(s);
    if (st != VOL_OK) {
        snprintf(msg, msgsize, "point %zu, policy %s, replicate %ld: %s", pt, plan->policy_names[pc], rep,
                 vol_error_message());
        for (size_t m = 0; m < vol_sweep_plan_values(plan); m++) v[m] = NAN;
        return 2;
    }
    long from = days > 365 ? days - 365 : 0;
    for (int m = 0; m < VOL_M_COUNT; m++) {
        const double *row = buf + (size_t)m * (size_t)days;
        v[m] = row[days - 1];
        double sum = 0;
        long k = 0;
        for (long d = from; d < days; d++)
            if (!isnan(row[d])) { sum += row[d]; k++; }
        v[VOL_M_COUNT + m] = k ? sum / (double)k : NAN;
    }
    extra_values(plan, buf, days, v);
    msg[0] = '\0';
    return 1;
}

vol_status vol_sweep_control_init(const vol_sweep_plan *plan, vol_sweep_control *c)
{
    memset(c, 0, sizeof *c);
    size_t cells = plan->npoints * plan->npolicies, n = vol_sweep_plan_runs(plan);
    c->needed = malloc((cells + 1) * sizeof *c->needed);
    c->stop = calloc(cells + 1, 1);
    c->width = malloc((cells + 1) * sizeof *c->width);
    if (plan->auto_on) c->metric = malloc((n + 1) * sizeof *c->metric);
    if (plan->auto_on && plan->auto_paired) c->diff = malloc(((size_t)plan->replicates + 1) * sizeof *c->diff);
    if (!c->needed || !c->stop || !c->width || (plan->auto_on && !c->metric) ||
        (plan->auto_on && plan->auto_paired && !c->diff)) {
        vol_sweep_control_free(c);
        VOL_ERROR(VOL_ENOMEM, "out of memory for the replicate control of %zu cells", cells);
    }
    for (size_t i = 0; i < cells; i++) {
        c->needed[i] = plan->auto_on ? plan->auto_batch : plan->replicates;
        c->width[i] = NAN;
    }
    for (size_t r = 0; c->metric && r < n; r++) c->metric[r] = NAN;
    return VOL_OK;
}

void vol_sweep_control_free(vol_sweep_control *c)
{
    free(c->needed);
    free(c->stop);
    free(c->width);
    free(c->metric);
    free(c->diff);
    memset(c, 0, sizeof *c);
}

/* Paired control: the cells of point p share their wanted replicates and
 * close together on the interval of the paired difference a - b. diff:
 * scratch of plan->replicates values. */
static size_t next_paired_point(const vol_sweep_plan *plan, vol_sweep_control *c, const int8_t *status, size_t p,
                                double *diff, size_t *todo)
{
    const size_t np = plan->npolicies, reps = (size_t)plan->replicates, first = p * np;
    size_t ntodo = 0;
    while (!c->stop[first]) {
        long need = c->needed[first];
        for (size_t q = 0; q < np; q++)
            for (long r = 0; r < need; r++)
                if (status[(first + q) * reps + (size_t)r] == 0) todo[ntodo++] = (first + q) * reps + (size_t)r;
        if (ntodo) break;
        const double *ma = c->metric + (first + plan->auto_a) * reps, *mb = c->metric + (first + plan->auto_b) * reps;
        for (long r = 0; r < need; r++) diff[r] = ma[r] - mb[r]; /* NaN when either failed */
        double mean, half;
        vol_mean_ci95(diff, 1, need, &mean, &half);
        int8_t stop = 2 * half < plan->auto_width ? 1 : need >= plan->replicates ? 2 : 0;
        long next = need + plan->auto_batch < plan->replicates ? need + plan->auto_batch : plan->replicates;
        for (size_t q = 0; q < np; q++) {
            c->width[first + q] = 2 * half;
            c->stop[first + q] = stop;
            if (!stop) c->needed[first + q] = next;
        }
    }
    return ntodo;
}

size_t vol_sweep_next_round(const vol_sweep_plan *plan, vol_sweep_control *c, const int8_t *status, size_t *todo)
{
    if (plan->auto_on && plan->auto_paired) {
        size_t ntodo = 0;
        for (size_t p = 0; p < plan->npoints; p++) ntodo += next_paired_point(plan, c, status, p, c->diff, todo + ntodo);
        return ntodo;
    }
    size_t cells = plan->npoints * plan->npolicies, reps = (size_t)plan->replicates, ntodo = 0;
    for (size_t cell = 0; cell < cells; cell++) {
        while (!c->stop[cell]) {
            size_t base = cell * reps, pending = 0;
            for (long q = 0; q < c->needed[cell]; q++) pending += status[base + (size_t)q] == 0;
            if (pending) {
                for (long q = 0; q < c->needed[cell]; q++)
                    if (status[base + (size_t)q] == 0) todo[ntodo++] = base + (size_t)q;
                break;
            }
            if (!plan->auto_on) { c->stop[cell] = 1; break; }
            double mean, half;
            vol_mean_ci95(c->metric + base, 1, c->needed[cell], &mean, &half);
            c->width[cell] = 2 * half;
            if (2 * half < plan->auto_width) c->stop[cell] = 1;
            else if (c->needed[cell] >= plan->replicates) c->stop[cell] = 2;
            else c->needed[cell] = c->needed[cell] + plan->auto_batch < plan->replicates
                                       ? c->needed[cell] + plan->auto_batch : plan->replicates;
        }
    }
    return ntodo;
}

vol_status vol_engine_run_sweep(const vol_engine_sweep *job)
{
    if (!job || !job->plan) VOL_ERROR(VOL_EINVAL, "vol_engine_run_sweep: no plan");
    const vol_sweep_plan *plan = job->plan;
    long days = vol_sweep_plan_days(plan), finished = 0;
    int halt = 0, nomem = 0;
    #pragma omp parallel
    {
        double *buf = malloc((size_t)days * VOL_M_COUNT * sizeof *buf);
        double *v = malloc(vol_sweep_plan_values(plan) * sizeof *v);
        char msg[1024];
        if (!buf || !v) {
            #pragma omp atomic write
            nomem = 1;
        }
        #pragma omp for schedule(dynamic, 1)
        for (size_t t = 0; t < job->ntodo; t++) {
            int h;
            #pragma omp atomic read
            h = halt;
            if (h || (job->stop && *job->stop) || !buf || !v) continue;
            int s = vol_sweep_run_one(plan, job->todo[t], v, buf, msg, sizeof msg);
            #pragma omp critical(volsim_sweep_sink)
            {
                if (job->sink && job->sink(job->ctx, job->todo[t], s, v, msg)) {
                    #pragma omp atomic write
                    halt = 1;
                }
                finished++;
                if (job->progress) job->progress(job->progress_ctx, finished, (long)job->ntodo);
            }
        }
        free(buf);
        free(v);
    }
    if (nomem) VOL_ERROR(VOL_ENOMEM, "out of memory for %ld days of metrics", days);
    return VOL_OK;
}
