/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sweep_stats.c: per-point outputs and paired policy differences of sweep
 * files. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "vol_stats.h"
#include "vol_sweep_stats.h"

static int find(char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; name && i < n; i++)
        if (strcmp(names[i], name) == 0) return (int)i;
    return -1;
}

int vol_sweep_metric(const vol_sweep_file *s, const char *name) { return find(s->metrics, s->nmetrics, name); }
int vol_sweep_policy(const vol_sweep_file *s, const char *name) { return find(s->policies, s->npolicies, name); }
int vol_sweep_parameter(const vol_sweep_file *s, const char *name) { return find(s->parameters, s->k, name); }

vol_status vol_sweep_run_values(const vol_sweep_file *s, size_t metric, vol_sweep_output out, size_t a, long b,
                                double *v)
{
    if (metric >= s->nmetrics || a >= s->npolicies || (b >= 0 && (size_t)b >= s->npolicies) || s->replicates < 1)
        VOL_ERROR(VOL_EINVAL, "%s: no such metric, policy or replicates", s->path);
    const size_t fi = (size_t)out >= 2 ? (size_t)out - 2 : 0;
    if ((int)out < 0 || ((size_t)out >= 2 && (fi >= s->nfollow || !s->at_day)))
        VOL_ERROR(VOL_EINVAL, "%s: no follow-up day %zu (the sweep has %zu)", s->path, fi + 1, s->nfollow);
    const size_t R = (size_t)s->replicates, n = s->npoints * R;
    double *vb = b >= 0 ? malloc(n * sizeof *vb) : NULL;
    if (b >= 0 && !vb) VOL_ERROR(VOL_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        v[i] = NAN;
        if (vb) vb[i] = NAN;
    }
    const double *o = out == VOL_SWEEP_LAST_YEAR ? s->last_year : (size_t)out >= 2 ? s->at_day : s->final;
    const size_t per_run = (size_t)out >= 2 ? s->nfollow * s->nmetrics : s->nmetrics, off = fi * s->nmetrics;
    for (size_t r = 0; r < s->nruns; r++) {
        if (s->status[r] != 1 || (size_t)s->replicate[r] >= R) continue;
        size_t at = (size_t)s->point[r] * R + (size_t)s->replicate[r], k = r * per_run + off + metric;
        if ((size_t)s->policy[r] == a) v[at] = o[k];
        else if (vb && s->policy[r] == b) vb[at] = o[k];
    }
    for (size_t i = 0; vb && i < n; i++) v[i] = v[i] - vb[i]; /* NaN when either is missing */
    free(vb);
    return VOL_OK;
}

vol_status vol_sweep_points(const vol_sweep_file *s, size_t metric, vol_sweep_output out, size_t a, long b,
                            vol_point_stat *stat)
{
    if (s->replicates < 1) VOL_ERROR(VOL_EINVAL, "%s: no replicates", s->path);
    const size_t R = (size_t)s->replicates;
    double *v = malloc(s->npoints * R * sizeof *v);
    if (!v) VOL_ERROR(VOL_ENOMEM, "out of memory");
    vol_status st = vol_sweep_run_values(s, metric, out, a, b, v);
    for (size_t p = 0; st == VOL_OK && p < s->npoints; p++) {
        const double *x = v + p * R;
        double mean, half, ss = 0;
        long n = vol_mean_ci95(x, 1, (long)R, &mean, &half);
        for (size_t r = 0; r < R; r++)
            if (!isnan(x[r])) ss += (x[r] - mean) * (x[r] - mean);
        stat[p].mean = n > 0 ? mean : NAN;
        stat[p].lo = n > 1 ? mean - half : NAN;
        stat[p].hi = n > 1 ? mean + half : NAN;
        stat[p].sd = n > 1 ? sqrt(ss / (double)(n - 1)) : NAN;
        stat[p].n = n;
    }
    free(v);
    return st;
}

int vol_sweep_output_of_day(const vol_sweep_file *s, long day)
{
    for (size_t i = 0; i < s->nfollow; i++)
        if (s->follow_days[i] == day) return (int)VOL_SWEEP_AT_DAY(i);
    return -1;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Quantile q of the n sorted values v (linear between order statistics). */
static double quantile7(const double *v, size_t n, double q)
{
    if (n == 0) return NAN;
    double h = (double)(n - 1) * q;
    size_t i = (size_t)h;
    return i + 1 < n ? v[i] + (h - (double)i) * (v[i + 1] - v[i]) : v[n - 1];
}

vol_status vol_sweep_summarize(const vol_sweep_file *s, size_t metric, vol_sweep_output out, size_t policy,
                               vol_sweep_summary *sum)
{
    if (!s || !sum || s->replicates < 1) VOL_ERROR(VOL_EINVAL, "sweep summary: no sweep");
    const size_t R = (size_t)s->replicates, n = s->npoints * R;
    double *v = malloc((n + 1) * sizeof *v), *pm = malloc((s->npoints + 1) * sizeof *pm);
    if (!v || !pm) {
        free(v); free(pm);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    vol_status st = vol_sweep_run_values(s, metric, out, policy, -1, v);
    memset(sum, 0, sizeof *sum);
    double total = 0;
    for (size_t p = 0; st == VOL_OK && p < s->npoints; p++) {
        double ps = 0;
        long k = 0;
        for (size_t r = 0; r < R; r++)
            if (!isnan(v[p * R + r])) { ps += v[p * R + r]; k++; }
        total += ps;
        sum->runs += k;
        if (k) pm[sum->points++] = ps / (double)k;
    }
    qsort(pm, sum->points, sizeof *pm, by_value);
    sum->mean = sum->runs ? total / (double)sum->runs : NAN;
    sum->q025 = quantile7(pm, sum->points, 0.025);
    sum->q50 = quantile7(pm, sum->points, 0.5);
    sum->q975 = quantile7(pm, sum->points, 0.975);
    free(v);
    free(pm);
    return st;
}

vol_status vol_sweep_compare(const vol_sweep_file *s, size_t metric, vol_sweep_output out, size_t a, size_t b,
                             vol_sweep_comparison *c)
{
    if (!s || !c || a == b) VOL_ERROR(VOL_EINVAL, "sweep comparison: expected two different policies");
    vol_point_stat *ps = calloc(s->npoints + 1, sizeof *ps);
    double *m = malloc((s->npoints + 1) * sizeof *m);
    if (!ps || !m) {
        free(ps); free(m);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    memset(c, 0, sizeof *c);
    vol_status st = vol_sweep_points(s, metric, out, a, (long)b, ps);
    for (size_t p = 0; st == VOL_OK && p < s->npoints; p++) {
        if (ps[p].n < 1) continue;
        m[c->points++] = ps[p].mean;
        if (ps[p].n > 1 && ps[p].lo > 0) c->higher++;
        else if (ps[p].n > 1 && ps[p].hi < 0) c->lower++;
        else c->unclear++;
    }
    double mean = NAN, half = NAN;
    if (st == VOL_OK && c->points) vol_mean_ci95(m, 1, (long)c->points, &mean, &half);
    c->mean = mean;
    c->lo = c->points > 1 ? mean - half : NAN;
    c->hi = c->points > 1 ? mean + half : NAN;
    free(ps);
    free(m);
    return st;
}
