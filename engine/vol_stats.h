/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stats.h: summary statistics shared by the analysis commands. */
#ifndef VOL_STATS_H
#define VOL_STATS_H
#include <stddef.h>
#include "vol_api.h"

/* Mean and half-width of the 95% t interval (GSL's t quantile) of the n
 * values x[0], x[stride], x[2 stride], ..., NaN values skipped. Returns the
 * number of values used; *half is NaN below two values, *mean below one. */
VOL_API long vol_mean_ci95(const double *x, size_t stride, long n, double *mean, double *half);

#endif
