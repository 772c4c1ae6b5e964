/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sensitivity.c: Sobol indices (Saltelli 2010 first order, Jansen 1999
 * total) with bootstrap intervals, and Morris elementary effects. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "vol_sensitivity.h"

#define BOOT_STREAM 101

/* Estimates from the base samples idx[0..m) of y. The outputs are centred
 * on the mean of the chosen A and B outputs first, as SALib does: Saltelli's
 * first-order estimator mean(yB (yABi - yA)) is not invariant to a constant
 * added to y, and on an output with a large mean and a small spread (client
 * wellbeing: mean 0.48, sd 0.01) the sampling noise of mean(yABi - yA),
 * multiplied by that mean, swamps the index (intervals like [-6, 8] at 64
 * base samples, before issue 13). Centred, the estimator is unchanged in
 * expectation and shift-invariant. Jansen's total index uses differences
 * only. s1sum gets the sum of the first-order indices. */
static void estimate(const double *y, size_t k, const size_t *idx, size_t m, double *s1, double *st, double *s1sum)
{
    double mean = 0, var = 0;
    for (size_t j = 0; j < m; j++) {
        const double *row = y + idx[j] * (k + 2);
        mean += row[0] + row[1];
    }
    mean /= (double)(2 * m);
    for (size_t j = 0; j < m; j++) {
        const double *row = y + idx[j] * (k + 2);
        var += (row[0] - mean) * (row[0] - mean) + (row[1] - mean) * (row[1] - mean);
    }
    var /= (double)(2 * m - 1);
    *s1sum = 0;
    for (size_t i = 0; i < k; i++) {
        double a = 0, b = 0;
        for (size_t j = 0; j < m; j++) {
            const double *row = y + idx[j] * (k + 2);
            double yA = row[0] - mean, yB = row[1] - mean, yABi = row[2 + i] - mean;
            a += yB * (yABi - yA);
            b += (yA - yABi) * (yA - yABi);
        }
        s1[i] = var > 0 ? a / (double)m / var : NAN;
        st[i] = var > 0 ? b / (2.0 * (double)m) / var : NAN;
        *s1sum += s1[i];
    }
}

/* Percentile 95% interval of v[0..n) (sorted in place). */
static void interval95(double *v, size_t n, double *lo, double *hi)
{
    gsl_sort(v, 1, n);
    *lo = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.025);
    *hi = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.975);
}

vol_status vol_sobol_indices(const double *y, size_t N, size_t k, size_t boot, uint64_t seed,
                             vol_sobol_index *out, vol_sobol_summary *sum)
{
    size_t *idx = malloc((N + 1) * sizeof *idx), m = 0;
    double *s1 = malloc((k + 1) * sizeof *s1), *st = malloc((k + 1) * sizeof *st);
    double *bs1 = malloc((boot * k + 1) * sizeof *bs1), *bst = malloc((boot * k + 1) * sizeof *bst);
    double *bsum = malloc((boot + 1) * sizeof *bsum), *col = malloc((boot + 1) * sizeof *col), s1sum = NAN;
    size_t *res = malloc((N + 1) * sizeof *res);
    vol_status st_ = VOL_OK;
    if (!idx || !s1 || !st || !bs1 || !bst || !res || !bsum || !col) {
        st_ = vol_error_set(VOL_ENOMEM, __FILE__, __LINE__, "out of memory");
        goto done;
    }
    for (size_t j = 0; j < N; j++) {
        int ok = 1;
        for (size_t c = 0; c < k + 2; c++) ok &= !isnan(y[j * (k + 2) + c]);
        if (ok) idx[m++] = j;
    }
    if (m < 2) {
        st_ = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "fewer than two complete base samples");
        goto done;
    }
    estimate(y, k, idx, m, s1, st, &s1sum);
    gsl_rng *r = gsl_rng_alloc(vol_rng_philox);
    vol_rng_select(r, seed, 0, BOOT_STREAM, 0, 0);
    for (size_t b = 0; b < boot; b++) {
        for (size_t j = 0; j < m; j++) res[j] = idx[gsl_rng_uniform_int(r, m)];
        estimate(y, k, res, m, bs1 + b * k, bst + b * k, bsum + b);
    }
    gsl_rng_free(r);
    for (size_t i = 0; i < k; i++) {
        out[i].s1 = s1[i];
        out[i].st = st[i];
        out[i].s1_lo = out[i].s1_hi = out[i].st_lo = out[i].st_hi = NAN;
        if (boot < 2) continue;
        for (size_t b = 0; b < boot; b++) col[b] = bs1[b * k + i];
        interval95(col, boot, &out[i].s1_lo, &out[i].s1_hi);
        for (size_t b = 0; b < boot; b++) col[b] = bst[b * k + i];
        interval95(col, boot, &out[i].st_lo, &out[i].st_hi);
    }
    if (sum) {
        sum->s1_sum = s1sum;
        sum->s1_sum_lo = sum->s1_sum_hi = NAN;
        if (boot >= 2) interval95(bsum, boot, &sum->s1_sum_lo, &sum->s1_sum_hi);
        sum->used = m;
    }
done:
    free(idx); free(s1); free(st); free(bs1); free(bst); free(res); free(bsum); free(col);
    return st_;
}

size_t vol_sobol_warnings(const vol_sobol_index *ix, size_t k, const vol_sobol_summary *sum, char *buf, size_t n)
{
    size_t count = 0, used = 0, wide = 0;
    if (n) buf[0] = '\0';
    for (size_t i = 0; i < k; i++)
        if (ix[i].s1_lo < -VOL_SOBOL_SLACK || ix[i].s1_hi > 1 + VOL_SOBOL_SLACK) wide++;
    if (wide) {
        int w = snprintf(buf + used, used < n ? n - used : 0,
                         "%zu first-order interval%s reach%s outside [%.2f, %.2f]: the estimates are imprecise; "
                         "use more base samples (samples = in the sweep file)\n",
                         wide, wide == 1 ? "" : "s", wide == 1 ? "es" : "", -VOL_SOBOL_SLACK, 1 + VOL_SOBOL_SLACK);
        used += w > 0 ? (size_t)w : 0;
        count++;
    }
    if (sum && sum->s1_sum_lo > 1) {
        int w = snprintf(buf + used, used < n ? n - used : 0,
                         "the first-order indices sum to %.3f (95%% interval %.3f to %.3f), above 1 beyond their "
                         "uncertainty: the estimates are biased or the output is degenerate; use more base samples\n",
                         sum->s1_sum, sum->s1_sum_lo, sum->s1_sum_hi);
        used += w > 0 ? (size_t)w : 0;
        count++;
    }
    return count;
}

/* Elementary effects of trajectories traj[0..nt) into sum/sabs/ssq/n. */
static void morris_effects(const double *y, const double *x, const int32_t *factor, size_t k, const size_t *traj,
                           size_t nt, double *sum, double *sabs, double *ssq, size_t *n)
{
    for (size_t i = 0; i < k; i++) sum[i] = sabs[i] = ssq[i] = 0, n[i] = 0;
    for (size_t j = 0; j < nt; j++)
        for (size_t s = 1; s <= k; s++) {
            size_t at = traj[j] * (k + 1) + s;
            int32_t f = factor[at];
            if (f < 0 || (size_t)f >= k || isnan(y[at]) || isnan(y[at - 1])) continue;
            double dx = x[at * k + (size_t)f] - x[(at - 1) * k + (size_t)f];
            if (dx == 0) continue;
            double ee = (y[at] - y[at - 1]) / dx;
            sum[f] += ee;
            sabs[f] += fabs(ee);
            ssq[f] += ee * ee;
            n[f]++;
        }
}

vol_status vol_morris_indices(const double *y, const double *x, const int32_t *factor, size_t r, size_t k,
                              size_t boot, uint64_t seed, vol_morris_index *out)
{
    double *sum = calloc(k + 1, sizeof *sum), *sabs = calloc(k + 1, sizeof *sabs), *ssq = calloc(k + 1, sizeof *ssq);
    double *bmu = malloc((boot * k + 1) * sizeof *bmu), *col = malloc((boot + 1) * sizeof *col);
    size_t *n = calloc(k + 1, sizeof *n), *traj = calloc(r + 1, sizeof *traj);
    if (!sum || !sabs || !ssq || !n || !bmu || !col || !traj) {
        free(sum); free(sabs); free(ssq); free(n); free(bmu); free(col); free(traj);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    for (size_t t = 0; t < r; t++) traj[t] = t;
    morris_effects(y, x, factor, k, traj, r, sum, sabs, ssq, n);
    for (size_t i = 0; i < k; i++) {
        double m = n[i] ? sum[i] / (double)n[i] : NAN;
        out[i].mu = m;
        out[i].mu_star = n[i] ? sabs[i] / (double)n[i] : NAN;
        out[i].sigma = n[i] > 1 ? sqrt(fmax(0.0, (ssq[i] - (double)n[i] * m * m) / (double)(n[i] - 1))) : NAN;
        out[i].n = n[i];
        out[i].mu_star_lo = out[i].mu_star_hi = NAN;
    }
    /* bootstrap over whole trajectories (each gives one effect per factor) */
    gsl_rng *rng = boot >= 2 && r >= 2 ? gsl_rng_alloc(vol_rng_philox) : NULL;
    if (rng) {
        vol_rng_select(rng, seed, 0, BOOT_STREAM, 1, 0);
        for (size_t b = 0; b < boot; b++) {
            for (size_t t = 0; t < r; t++) traj[t] = gsl_rng_uniform_int(rng, r);
            morris_effects(y, x, factor, k, traj, r, sum, sabs, ssq, n);
            for (size_t i = 0; i < k; i++) bmu[b * k + i] = n[i] ? sabs[i] / (double)n[i] : NAN;
        }
        gsl_rng_free(rng);
        for (size_t i = 0; i < k; i++) {
            size_t m = 0;
            for (size_t b = 0; b < boot; b++) if (!isnan(bmu[b * k + i])) col[m++] = bmu[b * k + i];
            if (m >= 2) interval95(col, m, &out[i].mu_star_lo, &out[i].mu_star_hi);
        }
    }
    free(sum); free(sabs); free(ssq); free(n); free(bmu); free(col); free(traj);
    return VOL_OK;
}
