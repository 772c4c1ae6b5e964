/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stats.c: summary statistics (replicate control, the analysis commands). */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include "vol_stats.h"

long vol_mean_ci95(const double *x, size_t stride, long n, double *mean, double *half)
{
    double sum = 0, ss = 0;
    long k = 0;
    for (long i = 0; i < n; i++) {
        double v = x[(size_t)i * stride];
        if (isnan(v)) continue;
        sum += v;
        k++;
    }
    *mean = k ? sum / (double)k : NAN;
    for (long i = 0; i < n; i++) {
        double v = x[(size_t)i * stride];
        if (!isnan(v)) ss += (v - *mean) * (v - *mean);
    }
    *half = k > 1 ? gsl_cdf_tdist_Pinv(0.975, (double)(k - 1)) * sqrt(ss / (double)(k - 1) / (double)k) : NAN;
    return k;
}
