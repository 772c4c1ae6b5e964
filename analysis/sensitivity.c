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

/* Estimates from the base samples idx[0..m) of y. */
static void estimate(const double *y, size_t k, const size_t *idx, size_t m, double *s1, double *st)
{
    /* variance of all A and B outputs of the chosen samples */
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
    for (size_t i = 0; i < k; i++) {
        double a = 0, b = 0;
        for (size_t j = 0; j < m; j++) {
            const double *row = y + idx[j] * (k + 2);
            double yA = row[0], yB = row[1], yABi = row[2 + i];
            a += yB * (yABi - yA);
            b += (yA - yABi) * (yA - yABi);
        }
        s1[i] = var > 0 ? a / (double)m / var : NAN;
        st[i] = var > 0 ? b / (2.0 * (double)m) / var : NAN;
    }
}

vol_status vol_sobol_indices(const double *y, size_t N, size_t k, size_t boot, uint64_t seed,
                              vol_sobol_index *out)
{
    size_t *idx = malloc((N + 1) * sizeof *idx), m = 0;
    double *s1 = malloc((k + 1) * sizeof *s1), *st = malloc((k + 1) * sizeof *st);
    double *bs1 = malloc((boot * k + 1) * sizeof *bs1), *bst = malloc((boot * k + 1) * sizeof *bst);
    size_t *res = malloc((N + 1) * sizeof *res);
    if (!idx || !s1 || !st || !bs1 || !bst || !res) {
        free(idx); free(s1); free(st); free(bs1); free(bst); free(res);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    for (size_t j = 0; j < N; j++) {
        int ok = 1;
        for (size_t c = 0; c < k + 2; c++) ok &= !isnan(y[j * (k + 2) + c]);
        if (ok) idx[m++] = j;
    }
    if (m < 2) {
        free(idx); free(s1); free(st); free(bs1); free(bst); free(res);
        VOL_ERROR(VOL_EINVAL, "fewer than two complete base samples");
    }
    estimate(y, k, idx, m, s1, st);
    gsl_rng *r = gsl_rng_alloc(vol_rng_philox);
    vol_rng_select(r, seed, 0, BOOT_STREAM, 0, 0);
    for (size_t b = 0; b < boot; b++) {
        for (size_t j = 0; j < m; j++) res[j] = idx[gsl_rng_uniform_int(r, m)];
        estimate(y, k, res, m, bs1 + b * k, bst + b * k);
    }
    gsl_rng_free(r);
    double *col = malloc((boot + 1) * sizeof *col);
    for (size_t i = 0; i < k; i++) {
        out[i].s1 = s1[i];
        out[i].st = st[i];
        out[i].s1_lo = out[i].s1_hi = out[i].st_lo = out[i].st_hi = NAN;
        if (!col || boot < 2) continue;
        /* percentile intervals */
        for (size_t b = 0; b < boot; b++) col[b] = bs1[b * k + i];
        gsl_sort(col, 1, boot);
        out[i].s1_lo = gsl_stats_quantile_from_sorted_data(col, 1, boot, 0.025);
        out[i].s1_hi = gsl_stats_quantile_from_sorted_data(col, 1, boot, 0.975);
        for (size_t b = 0; b < boot; b++) col[b] = bst[b * k + i];
        gsl_sort(col, 1, boot);
        out[i].st_lo = gsl_stats_quantile_from_sorted_data(col, 1, boot, 0.025);
        out[i].st_hi = gsl_stats_quantile_from_sorted_data(col, 1, boot, 0.975);
    }
    free(col);
    free(idx); free(s1); free(st); free(bs1); free(bst); free(res);
    return VOL_OK;
}

vol_status vol_morris_indices(const double *y, const double *x, const int32_t *factor, size_t r, size_t k,
                               vol_morris_index *out)
{
    double *sum = calloc(k + 1, sizeof *sum), *sabs = calloc(k + 1, sizeof *sabs), *ssq = calloc(k + 1, sizeof *ssq);
    size_t *n = calloc(k + 1, sizeof *n);
    if (!sum || !sabs || !ssq || !n) {
        free(sum); free(sabs); free(ssq); free(n);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    for (size_t t = 0; t < r; t++)
        for (size_t s = 1; s <= k; s++) {
            size_t at = t * (k + 1) + s;
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
    for (size_t i = 0; i < k; i++) {
        double m = n[i] ? sum[i] / (double)n[i] : NAN;
        out[i].mu = m;
        out[i].mu_star = n[i] ? sabs[i] / (double)n[i] : NAN;
        out[i].sigma = n[i] > 1 ? sqrt(fmax(0.0, (ssq[i] - (double)n[i] * m * m) / (double)(n[i] - 1))) : NAN;
        out[i].n = n[i];
    }
    free(sum); free(sabs); free(ssq); free(n);
    return VOL_OK;
}
