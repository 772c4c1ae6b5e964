/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_prim.h: PRIM, the Patient Rule Induction Method (Friedman and Fisher
 * 1999), for scenario discovery: boxes in the space of the inputs where a
 * 0/1 outcome is mostly 1.
 *
 * The rules are those of EMA Workbench's PRIM (commit 26fdc16, objective
 * LENIENT1, default update), and the trajectories match EMA's bit for bit
 * (tests/test_prim.c; the rules are written out in analysis/prim.c). A box
 * is found by peeling (removing a slice of 5% of the points from one side
 * of one dimension at a time) and then pasting (adding a slice back); every
 * step is kept on the trajectory, and a step is then picked from it
 * (vol_prim_choose). Quasi-p values say which restrictions matter, and
 * resampling says which dimensions a box needs.
 *
 * Further boxes (covering): vol_prim_exclude marks the points of a chosen
 * step as unavailable, and vol_prim_find is called again with that mask.
 * Coverage and mass keep the whole data set as denominators, and the
 * whole-data limits stay the reference for "restricted", as in EMA.
 *
 * Nothing here keeps global state; the functions are thread-safe on
 * distinct outputs. */
#ifndef VOL_PRIM_H
#define VOL_PRIM_H

#include <stddef.h>
#include <stdint.h>
#include "volsim.h"

/* volsim's default number of subsamples of vol_prim_resample (EMA's own is 10) */
#define VOL_PRIM_RESAMPLE_DEFAULT 100

/* The data: n points of d inputs and a 0/1 outcome. Nothing is copied:
 * the arrays must outlive the calls that use them. */
typedef struct {
    size_t n, d;
    const double *x;               /* n * d values, row-major (point i, input j at x[i * d + j]); finite */
    const unsigned char *discrete; /* d flags, 1 = integer-valued (or ordered codes), peeled the
                                    * discrete way (limits stay data values); NULL = every input
                                    * real. EMA's peel of unordered categories is not provided. */
    const unsigned char *y;        /* n outcomes, each 0 or 1 (1 = case of interest) */
    const char *const *names;      /* d input names for messages; NULL = x0, x1, ... */
} vol_prim_data;

typedef struct {
    double peel_alpha;   /* share of a box's points peeled per step, in (0, 0.5); EMA 0.05 */
    double paste_alpha;  /* share of a slice's points pasted per step, in (0, 0.5); EMA 0.05 */
    double mass_min;     /* smallest box, as a share of the whole data set, in [0, 1]; EMA 0.05 */
    int paste;           /* 1 = paste after peeling (EMA), 0 = peel only */
} vol_prim_options;

/* EMA's defaults: peel_alpha 0.05, paste_alpha 0.05, mass_min 0.05, paste 1. */
VOL_API vol_prim_options vol_prim_defaults(void);

typedef enum { VOL_PRIM_INIT = 0, VOL_PRIM_PEEL = 1, VOL_PRIM_PASTE = 2 } vol_prim_phase;

/* One box of the trajectory. */
typedef struct {
    vol_prim_phase phase;
    size_t n, k;         /* points, and points with y = 1, in the box */
    double coverage;     /* k / (y = 1 points in the whole data set, or 1 when there are none) */
    double density;      /* k / n */
    double mass;         /* n / (points in the whole data set) */
    size_t res_dim;      /* dimensions whose limits differ from the whole-data limits */
    const double *lower; /* d limits (into the box's storage); a point is inside when */
    const double *upper; /* lower[j] <= x_j <= upper[j] for every j (inclusive) */
} vol_prim_step;

/* A box: its whole trajectory, step 0 being the start (every available
 * point, whole-data limits). */
typedef struct {
    size_t n_points, d;      /* of the data it was found on */
    size_t n_steps;
    size_t peel_end;         /* the last peeling step (steps after it are pastes) */
    vol_prim_step *steps;    /* n_steps steps */
    double *init_lower;      /* d whole-data minima */
    double *init_upper;      /* d whole-data maxima */
    size_t total_k;          /* y = 1 points in the whole data set */
    unsigned char *available;/* n_points flags: the points this box started from */
    double *limits;          /* storage of the steps' limits */
} vol_prim_box;

/* Finds one box: peeling then (when opts->paste) pasting, from the points
 * flagged in available (n flags, 1 = available; NULL = all points). opts
 * NULL = vol_prim_defaults(). Fills out (free with vol_prim_box_free; it is
 * zeroed first, so freeing after a failure is safe). */
VOL_API vol_status vol_prim_find(const vol_prim_data *data, const vol_prim_options *opts,
                                 const unsigned char *available, vol_prim_box *out);

/* Whether dimension j is restricted at a step (a limit differs from the
 * whole-data limit); 0 for a step or dimension out of range. */
VOL_API int vol_prim_restricted(const vol_prim_box *box, size_t step, size_t j);

/* Quasi-p values of one step, per dimension and side (qp_lower[d],
 * qp_upper[d]; NaN where that side is not restricted). For one side: put
 * that limit back to the whole-data limit, count the available points Tj
 * and y = 1 points Hj in the relaxed box, and take P[X >= k] for X ~
 * Binomial(n, Hj / Tj), n and k the step's counts: small when the
 * restriction is unlikely to hold its density by chance. */
VOL_API vol_status vol_prim_quasi_p(const vol_prim_data *data, const vol_prim_box *box, size_t step,
                                    double *qp_lower, double *qp_upper);

/* EMA's choice of step: the largest coverage among steps with density >=
 * min_density (EMA's inspect uses 0.8); ties go to the higher density,
 * then the lower step. *step = -1 when no step qualifies. */
VOL_API vol_status vol_prim_choose(const vol_prim_box *box, double min_density, long *step);

/* As vol_prim_choose, among the steps whose every quasi-p value is also
 * <= max_qp (volsim's rule: density >= 0.8 and every quasi-p <= 0.05).
 * Step 0 restricts nothing and qualifies by its density alone. */
VOL_API vol_status vol_prim_choose_significant(const vol_prim_data *data, const vol_prim_box *box,
                                               double min_density, double max_qp, long *step);

/* A box simplified by dropping restrictions (vol_prim_simplify): its
 * limits, counts and quasi-p values. The caller gives the four arrays of d
 * values each. */
typedef struct {
    size_t step;         /* the trajectory step it started from */
    size_t dropped;      /* restricted sides put back to the whole-data limit */
    size_t n, k, res_dim;
    double coverage, density, mass;
    double *lower, *upper;       /* d limits each (caller's storage) */
    double *qp_lower, *qp_upper; /* d quasi-p values each (NaN: side not restricted) */
} vol_prim_simple;

/* Drops the restrictions of a step that do not matter: while the largest
 * quasi-p value of the box's restricted sides (computed on the current
 * limits, as vol_prim_quasi_p) is above max_qp, that side is put back to
 * the whole-data limit, and the quasi-p values are computed again. EMA
 * Workbench leaves this to the analyst (drop_restriction, one dimension at
 * a time); here it is done by the rule, one side at a time, worst first.
 * Every quasi-p value of the result is <= max_qp. */
VOL_API vol_status vol_prim_simplify(const vol_prim_data *data, const vol_prim_box *box, size_t step,
                                     double max_qp, vol_prim_simple *out);

/* volsim's rule for the box it reports: every step with density >=
 * min_density is simplified (vol_prim_simplify with max_qp); among the
 * simplified boxes whose density is still >= min_density, the largest
 * coverage, then the higher density, then the lower step. *step = -1 (out
 * unchanged) when none qualifies. volsim uses 0.8 and 0.05. */
VOL_API vol_status vol_prim_choose_simplified(const vol_prim_data *data, const vol_prim_box *box,
                                              double min_density, double max_qp, vol_prim_simple *out,
                                              long *step);

/* Covering with explicit limits: available[i] = 0 for every point inside
 * [lower, upper] (inclusive, every dimension). */
VOL_API vol_status vol_prim_exclude_limits(const vol_prim_data *data, const double *lower, const double *upper,
                                           unsigned char *available);

/* Resampling: iterations subsamples (VOL_PRIM_RESAMPLE_DEFAULT in volsim)
 * of floor(fraction * m) of the m points the box started from, drawn
 * without replacement (x and y of the same points: EMA pairs them wrongly
 * for a second box); a fresh PRIM on each, with every setting of opts
 * (NULL = defaults; EMA keeps only the alphas, mass_min default); on
 * each resampled trajectory, the step nearest in coverage to the given
 * step (first on ties), and separately the one nearest in density. Fills
 * share_coverage[d] and share_density[d] (either may be NULL) with the
 * share of subsamples whose step restricts each dimension: near 1 for the
 * dimensions the box needs. Subsample i draws from volsim's counter-based
 * stream (seed, 0, purpose 102, agent i), so the result depends only on
 * seed, not on threads or on the order of the subsamples. */
VOL_API vol_status vol_prim_resample(const vol_prim_data *data, const vol_prim_options *opts,
                                     const vol_prim_box *box, size_t step, size_t iterations,
                                     double fraction, uint64_t seed,
                                     double *share_coverage, double *share_density);

/* Covering: sets available[i] = 0 for every point inside the box at step
 * (inclusive limits on the restricted dimensions), before the next
 * vol_prim_find. available has data->n flags. */
VOL_API vol_status vol_prim_exclude(const vol_prim_data *data, const vol_prim_box *box, size_t step,
                                    unsigned char *available);

/* Frees what vol_prim_find allocated and zeroes the box; NULL is a no-op. */
VOL_API void vol_prim_box_free(vol_prim_box *box);

#endif
