/* SPDX-License-Identifier: GPL-3.0-or-later */
/* designs.h: experimental designs on the unit hypercube [0, 1)^k.
 *
 * Every design fills a row-major matrix of n points x k factors and, per
 * point, a block number whose meaning depends on the design:
 *   grid      point number (values are level indices 0 .. levels_i - 1)
 *   lhs       point number
 *   sobol     point number (GSL's gsl_qrng_sobol sequence from its start)
 *   saltelli  for base sample j = 0 .. N-1 the rows A_j, B_j, AB_j^1, ...,
 *             AB_j^k (k + 2 rows each; N (k + 2) in all); block = 0 for A,
 *             1 for B, 2 + i for AB^i (A with column i taken from B). A and
 *             B are the two halves of a 2k-dimensional Sobol point.
 *   morris    r trajectories of k + 1 points on a p-level grid, each step
 *             moving one factor by delta = p / (2 (p - 1)); block =
 *             trajectory number, factor = the factor moved to reach this
 *             point (-1 for the first point of a trajectory). */
#ifndef VOL_DESIGNS_H
#define VOL_DESIGNS_H

#include <stddef.h>
#include <stdint.h>
#include "volsim.h"

typedef enum { VOL_DESIGN_GRID, VOL_DESIGN_LHS, VOL_DESIGN_SOBOL, VOL_DESIGN_SALTELLI,
               VOL_DESIGN_MORRIS, VOL_DESIGN_COUNT } vol_design_kind;

/* "grid", "lhs", ... and back; -1 when unknown. */
VOL_API const char *vol_design_name(vol_design_kind d);
VOL_API int vol_design_find(const char *name);

/* Number of points: grid prod(levels[i]); lhs, sobol samples; saltelli
 * samples (k + 2); morris samples (k + 1). 0 on bad arguments. */
VOL_API size_t vol_design_size(vol_design_kind d, size_t k, size_t samples, const size_t *levels);

/* Fills x[n * k], block[n] and factor[n] (factor: morris only, else -1).
 * levels: grid levels per factor, or levels[0] = p for morris. seed keys the
 * random parts (lhs permutations, morris starts and orders). Sobol and
 * Saltelli need k <= 40 and k <= 20 (GSL's Sobol dimensions). */
VOL_API vol_status vol_design_fill(vol_design_kind d, size_t k, size_t samples, const size_t *levels, uint64_t seed,
                            double *x, int32_t *block, int32_t *factor);

#endif
