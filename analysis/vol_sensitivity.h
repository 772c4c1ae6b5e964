/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sensitivity.h: variance-based (Sobol) and elementary-effects (Morris)
 * sensitivity indices from the designs of designs.h. */
#ifndef VOL_SENSITIVITY_H
#define VOL_SENSITIVITY_H

#include <stddef.h>
#include <stdint.h>
#include "volsim.h"

typedef struct {
    double s1, s1_lo, s1_hi;   /* first order (Saltelli 2010) and bootstrap 95% interval */
    double st, st_lo, st_hi;   /* total (Jansen 1999) and bootstrap 95% interval */
} vol_sobol_index;

typedef struct {
    double s1_sum, s1_sum_lo, s1_sum_hi; /* sum of the first-order indices and its bootstrap 95% interval */
    size_t used;                         /* complete base samples used */
} vol_sobol_summary;

/* y: outputs of a Saltelli design with N base samples and k factors, rows
 * in the layout of designs.h (A, B, AB^1..AB^k per base sample). NaN rows
 * drop their base sample. The outputs are centred before the estimators,
 * so the indices do not change when a constant is added to y. boot:
 * bootstrap resamples of the base samples (e.g. 1000), seed keys them.
 * Fills out[k], and sum when not NULL. */
VOL_API vol_status vol_sobol_indices(const double *y, size_t N, size_t k, size_t boot, uint64_t seed,
                                     vol_sobol_index *out, vol_sobol_summary *sum);

/* How far a first-order interval may reach outside [0, 1] before the
 * estimates are called imprecise. */
#define VOL_SOBOL_SLACK 0.1

/* Warnings about indices that cannot be trusted, one sentence per line
 * into buf (size n): a first-order interval reaching outside
 * [-VOL_SOBOL_SLACK, 1 + VOL_SOBOL_SLACK]; first-order indices whose sum
 * is above 1 by more than its own bootstrap interval allows (its lower end
 * above 1). Returns the number of warnings (0: none). sum may be NULL. */
VOL_API size_t vol_sobol_warnings(const vol_sobol_index *ix, size_t k, const vol_sobol_summary *sum, char *buf,
                                  size_t n);

typedef struct {
    double mu, mu_star, sigma; /* mean, mean of absolute values, sd of elementary effects */
    size_t n;                  /* elementary effects used */
    double mu_star_lo, mu_star_hi; /* bootstrap 95% interval of mu* (trajectories resampled) */
} vol_morris_index;

/* y and x: outputs and unit-cube points of a Morris design (r trajectories
 * of k + 1 points; factor[] as in designs.h). Elementary effect of the
 * factor moved at a step: (y_after - y_before) / (x_after - x_before).
 * boot resamples of the r trajectories (keyed by seed) give the interval
 * of mu*; boot < 2 leaves it NaN. */
VOL_API vol_status vol_morris_indices(const double *y, const double *x, const int32_t *factor, size_t r, size_t k,
                                      size_t boot, uint64_t seed, vol_morris_index *out);

#endif
