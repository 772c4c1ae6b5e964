/* SPDX-License-Identifier: GPL-3.0-or-later */
/* figures.h: figures with PLplot (SVG or PNG by the file name's extension). */
#ifndef VOL_FIGURES_H
#define VOL_FIGURES_H

#include <stddef.h>
#include "volsim.h"

typedef struct {
    const char *name;       /* legend label */
    const double *mean, *lo, *hi; /* [n] */
} vol_series;

/* Time series with 95% bands, one line per series, x = 1..n days. */
VOL_API vol_status vol_figure_timeseries(const char *path, const char *title, const char *ylabel, const vol_series *s,
                                  size_t nseries, size_t n);

/* One point with a 95% interval per label (scenarios, or parameters). */
VOL_API vol_status vol_figure_intervals(const char *path, const char *title, const char *ylabel, const char *const *labels,
                                 const double *mean, const double *lo, const double *hi, size_t n);

/* Two bars per label (e.g. first-order and total indices) with intervals. */
VOL_API vol_status vol_figure_bars2(const char *path, const char *title, const char *ylabel, const char *const *labels,
                             const char *name_a, const double *a, const double *a_lo, const double *a_hi,
                             const char *name_b, const double *b, const double *b_lo, const double *b_hi, size_t n);

/* Scatter of y against x (a response to a swept parameter). */
VOL_API vol_status vol_figure_scatter(const char *path, const char *title, const char *xlabel, const char *ylabel,
                               const double *x, const double *y, size_t n);

#endif
