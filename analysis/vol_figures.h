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

/* Time series with 95% bands (up to three series), one line per series, x = 1..n days; axis
 * labels in plain decimals; the legend right of the data area (up to about
 * 20 series; none for a single series, whose caption names it). A series' colour follows from its name (the same in every
 * figure); a line equal to an earlier one is drawn dotted over it and
 * marked "(=)" in the legend. */
VOL_API vol_status vol_figure_timeseries(const char *path, const char *title, const char *ylabel, const vol_series *s,
                                  size_t nseries, size_t n);
/* How a time series figure is drawn beyond its data. */
typedef struct {
    const char *xlabel; /* NULL: "day" */
    double reference;   /* a dashed horizontal line at y = reference (e.g. 0 under a difference); NaN: none */
    int decimal_comma;  /* tick labels with a decimal comma (a Dutch page) */
} vol_figure_style;

/* vol_figure_timeseries with a style (NULL: as vol_figure_timeseries). */
VOL_API vol_status vol_figure_timeseries_styled(const char *path, const char *title, const char *ylabel,
                                                const vol_series *s, size_t nseries, size_t n,
                                                const vol_figure_style *style);

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

/* A PRIM peeling trajectory: density against coverage at each step, the
 * colour giving the number of restricted dimensions, and the box reported
 * (chosen_coverage, chosen_density; NaN for none) ringed. */
VOL_API vol_status vol_figure_trajectory(const char *path, const char *title, const double *coverage,
                                         const double *density, const size_t *res_dim, size_t n,
                                         double chosen_coverage, double chosen_density);

/* Points on two dimensions, cases (label != 0) and the others in two
 * colours, with the box box[4] = {x lower, x upper, y lower, y upper}
 * drawn (infinite sides at the plot's edge). */
VOL_API vol_status vol_figure_box2d(const char *path, const char *title, const char *xlabel, const char *ylabel,
                                    const double *x, const double *y, const unsigned char *label, size_t n,
                                    const double box[4]);

/* Calibration figures: the posterior's marginal densities (weighted
 * histograms) against the uniform priors on [lo, hi]; a pairs plot of
 * particles (equal weights: resample first); each target's posterior
 * predictive range, standardised by its scale, against the published
 * value's +-2 band. */
VOL_API vol_status vol_figure_marginals(const char *path, const char *title, size_t k, const char *const *names,
                                        const double *lo, const double *hi, const double *theta,
                                        const double *weight, size_t n);
VOL_API vol_status vol_figure_pairs(const char *path, const char *title, size_t k, const char *const *names,
                                    const double *lo, const double *hi, const double *theta, size_t n);
VOL_API vol_status vol_figure_predictive(const char *path, const char *title, size_t T, const char *const *names,
                                         const double *value, const double *scale, const double *stats,
                                         const double *weight, size_t n);

#endif
