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

/* y: outputs of a Saltelli design with N base samples and k factors, rows
 * in the layout of designs.h (A, B, AB^1..AB^k per base sample). NaN rows
 * drop their base sample. boot: bootstrap resamples (e.g. 1000), seed keys
 * them. Fills out[k]. */
VOL_API vol_status vol_sobol_indices(const double *y, size_t N, size_t k, size_t boot, uint64_t seed,
                              vol_sobol_index *out);

typedef struct {
    double mu, mu_star, sigma; /* mean, mean of absolute values, sd of elementary effects */
    size_t n;                  /* elementary effects used */
} vol_morris_index;

/* y and x: outputs and unit-cube points of a Morris design (r trajectories
 * of k + 1 points; factor[] as in designs.h). Elementary effect of the
 * factor moved at a step: (y_after - y_before) / (x_after - x_before). */
VOL_API vol_status vol_morris_indices(const double *y, const double *x, const int32_t *factor, size_t r, size_t k,
                               vol_morris_index *out);

#endif
