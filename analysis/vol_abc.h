/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_abc.h: calibration by simulation, independent of what is simulated:
 * history matching by direct simulation, then ABC-SMC (volsim calibrate;
 * the method is in docs/calibration.md).
 *
 * A problem has k parameters with uniform priors on [lo, hi] and T targets,
 * each an observed value with a scale: sqrt(observation SD^2 + model
 * discrepancy^2). A simulator maps a parameter vector and a random stream
 * to T statistics.
 *
 * History matching (Craig et al. 1997; Vernon et al. 2010), wave by wave:
 * a Latin hypercube of `points` points over the current box, `replicates`
 * runs each; the implausibility of target t at a point is
 * |value - mean| / sqrt(scale^2 + replicate variance / replicates), and a
 * point is not implausible when its largest implausibility is at most the
 * cut-off (3). The next wave's box is the bounding box of the points not
 * ruled out, widened by one design spacing and kept within the last box;
 * the share of the prior not ruled out is estimated as the box's share of
 * the prior's volume times the share of its points not ruled out.
 *
 * ABC-SMC (Beaumont et al. 2009, with the adaptive tolerance of Del Moral
 * et al. 2012): a particle is accepted with probability
 * exp(-d^2 / (2 eps^2)), d the distance sqrt(sum_t ((stat_t - value_t) /
 * scale_t)^2). Under this Gaussian acceptance kernel ABC is exact for the
 * model with Gaussian observation error of the targets' scales when
 * eps = 1 (Wilkinson 2013), so eps = 1 is the tolerance that ends the
 * sequence. Generation 0 draws from the prior (the uniform prior on the
 * last history-matching box when abc_prior_box is set), accepting all
 * (eps infinite); generation g draws an ancestor by weight, perturbs it
 * with a multivariate Gaussian kernel of twice the weighted covariance
 * (Filippi et al. 2013), draws both again until the point is inside the
 * prior box, accepts it at eps_g, and weighs it by prior / (sum of
 * ancestor weight x kernel density). eps_g is
 * the tolerance at which the last generation, reweighted to the new
 * kernel, keeps the share `quantile` of its effective sample size (Del
 * Moral et al. 2012; under a hard threshold this is the quantile of the
 * distances), never above the last tolerance and never below 1.
 * Generations stop at eps = 1, when the acceptance rate falls below
 * min_acceptance, or after max_generations.
 *
 * Determinism: proposal i of stage s (a wave or a generation) draws from
 * its own random stream and is simulated on its own stream key (s, i x
 * replicates + r); accepted particles are the first in proposal order.
 * Results do not depend on the number of threads or on batch sizes. */
#ifndef VOL_ABC_H
#define VOL_ABC_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "volsim.h"
#include "vol_engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Simulates parameter vector theta [k] on random stream key (stage, run):
 * fills stats [T]. Returns 0 when simulated, 1 when theta lies outside the
 * model's valid region (zero prior density: not a failure), 2 on failure
 * (why in msg). Called from several threads at once. */
typedef int (*vol_abc_simulator)(void *ctx, const double *theta, uint32_t stage, uint64_t run, double *stats,
                                 char *msg, size_t msgsize);

/* Spreading the runs over processes (MPI ranks): every process runs the
 * same calibration; of each batch of n runs, process r simulates runs
 * [n r / size, n (r + 1) / size), and gather gives every process all of
 * them. */
typedef struct {
    int rank, size;
    /* stats: n x T doubles, status: n bytes, each process's block filled;
     * on return every block on every process. *ok in: this process ran
     * its block; out: every process did. Returns 0, or not 0 when the
     * exchange failed. */
    int (*gather)(void *ctx, double *stats, size_t T, int8_t *status, size_t n, int *ok);
    void *ctx;
} vol_abc_split;

/* Process rank's block [*lo, *hi) of n runs shared by size processes: the
 * one rule run_batch and every gather follow. */
static inline void vol_abc_split_block(size_t n, int rank, int size, size_t *lo, size_t *hi)
{
    *lo = n * (size_t)rank / (size_t)size;
    *hi = n * ((size_t)rank + 1) / (size_t)size;
}

typedef struct {
    size_t k, ntargets;
    const double *lo, *hi;   /* [k] uniform prior */
    const double *value;     /* [T] observed values */
    const double *scale;     /* [T] sqrt(sd^2 + discrepancy^2), > 0 */
    vol_abc_simulator simulate;
    void *ctx;
    uint64_t seed;           /* proposals' random streams */
    /* history matching */
    size_t hm_waves, hm_points;
    long hm_replicates;
    double hm_cutoff;
    /* ABC-SMC */
    size_t particles;
    long abc_replicates;     /* runs per proposal; its statistics are their mean */
    double quantile, min_acceptance;
    size_t max_generations;
    int abc_prior_box;       /* 1: the prior is the last wave's box */
    size_t max_simulations;  /* 0, or the runs of the whole calibration at most: a generation that would go
                                beyond stops there unfinished (not used; the posterior is the one before) */
    /* run control (may be NULL) */
    const volatile sig_atomic_t *stop;
    vol_engine_progress progress;
    void *progress_ctx;
    const vol_abc_split *split; /* NULL: one process */
} vol_abc_problem;

typedef struct {
    size_t n, valid, count;   /* points, points simulated without falling outside the valid region, not implausible */
    double *lo, *hi;          /* [k] the box sampled */
    double *theta;            /* [n * k] */
    double *mean, *sd;        /* [n * T] over the replicates (NaN for points not valid) */
    double *impl;             /* [n * T] implausibility */
    double *imax;             /* [n] largest implausibility (infinite when not valid) */
    int8_t *nroy;             /* [n] 1: not implausible */
    double share;             /* of the prior's volume, not ruled out: box_share x count / n */
    double box_share;         /* the box's share of the prior's volume */
} vol_hm_wave;

/* The 95% interval of a wave's share (Wilson's interval of count / n,
 * times the box's share of the prior). */
VOL_API void vol_hm_share_interval(const vol_hm_wave *w, double *lo, double *hi);

typedef struct {
    size_t n;                 /* particles (the requested count, or fewer when the generation stopped) */
    double eps;               /* tolerance (INFINITY in generation 0) */
    size_t proposals;         /* proposals up to the last accepted one (in order) */
    size_t invalid;           /* of those, outside the model's valid region */
    double acceptance;        /* n / proposals */
    double ess;               /* effective sample size 1 / sum w^2 */
    int complete;             /* 1: n reached; 0: stopped at the proposal limit */
    double *theta;            /* [n * k] */
    double *weight;           /* [n], summing to 1 */
    double *dist;             /* [n] */
    double *stats;            /* [n * T] */
} vol_abc_gen;

typedef struct {
    size_t k, ntargets;
    size_t nwaves;
    vol_hm_wave *waves;
    size_t ngens;
    vol_abc_gen *gens;
    double *box_lo, *box_hi;  /* [k] the ABC prior */
    int done;                 /* 1: no further stage */
    char reason[256];         /* why it ended */
    size_t sims;              /* runs simulated (all stages, including those beyond the last acceptance) */
    size_t failures;          /* runs that failed (stage 2 of the simulator) */
} vol_abc_state;

VOL_API void vol_abc_state_init(vol_abc_state *s, size_t k, size_t ntargets);
VOL_API void vol_abc_state_free(vol_abc_state *s);
/* The stage number of the next step: waves first, then generations. */
VOL_API uint32_t vol_abc_next_stage(const vol_abc_state *s);
/* Runs the next stage (a wave, or a generation) into s; sets s->done when
 * no stage follows. VOL_EINTR-like VOL_EINVAL "stopped" when *stop was
 * set (s unchanged); a simulator failure stops the calibration with its
 * message. */
VOL_API vol_status vol_abc_step(const vol_abc_problem *p, vol_abc_state *s);
/* The posterior: the last complete generation (NULL before there is one). */
VOL_API const vol_abc_gen *vol_abc_posterior(const vol_abc_state *s);

/* Weighted statistics of a population. */
VOL_API double vol_abc_wquantile(const double *x, const double *w, size_t n, size_t stride, double q);
VOL_API void vol_abc_wmoments(const double *x, const double *w, size_t n, size_t stride, double *mean, double *var);
/* Systematic resampling: m indices into idx from the weights, with
 * uniform u in [0, 1). */
VOL_API void vol_abc_resample(const double *w, size_t n, size_t m, double u, size_t *idx);

#ifdef __cplusplus
}
#endif
#endif
