/* SPDX-License-Identifier: GPL-3.0-or-later */
/* abc.c: history matching by direct simulation and ABC-SMC (vol_abc.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "vol_abc.h"
#include "vol_designs.h"
#include "vol_rng.h"

#define ABC_STREAM 105 /* purpose of vol_rng_select: (seed, stage, 105, proposal, 0) */

void vol_abc_state_init(vol_abc_state *s, size_t k, size_t ntargets)
{
    memset(s, 0, sizeof *s);
    s->k = k;
    s->ntargets = ntargets;
}

static void wave_free(vol_hm_wave *w)
{
    free(w->lo);
    free(w->hi);
    free(w->theta);
    free(w->mean);
    free(w->sd);
    free(w->impl);
    free(w->imax);
    free(w->nroy);
}

static void gen_free(vol_abc_gen *g)
{
    free(g->theta);
    free(g->weight);
    free(g->dist);
    free(g->stats);
}

void vol_abc_state_free(vol_abc_state *s)
{
    for (size_t i = 0; i < s->nwaves; i++) wave_free(&s->waves[i]);
    for (size_t i = 0; i < s->ngens; i++) gen_free(&s->gens[i]);
    free(s->waves);
    free(s->gens);
    free(s->box_lo);
    free(s->box_hi);
    memset(s, 0, sizeof *s);
}

uint32_t vol_abc_next_stage(const vol_abc_state *s) { return (uint32_t)(s->nwaves + s->ngens); }

const vol_abc_gen *vol_abc_posterior(const vol_abc_state *s)
{
    for (size_t i = s->ngens; i-- > 0;)
        if (s->gens[i].complete) return &s->gens[i];
    return NULL;
}

/* ---- weighted statistics ---------------------------------------------- */
typedef struct { double x, w; } wx;

static int cmp_wx(const void *a, const void *b)
{
    double x = ((const wx *)a)->x, y = ((const wx *)b)->x;
    return x < y ? -1 : x > y ? 1 : 0;
}

double vol_abc_wquantile(const double *x, const double *w, size_t n, size_t stride, double q)
{
    wx *v = malloc((n ? n : 1) * sizeof *v);
    if (!v || n == 0) { free(v); return NAN; }
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        v[i].x = x[i * stride];
        v[i].w = w ? w[i] : 1.0;
        total += v[i].w;
    }
    qsort(v, n, sizeof *v, cmp_wx);
    /* the smallest x whose cumulative weight reaches q of the total */
    double c = 0, r = v[n - 1].x;
    for (size_t i = 0; i < n; i++) {
        c += v[i].w;
        if (c >= q * total) { r = v[i].x; break; }
    }
    free(v);
    return r;
}

void vol_abc_wmoments(const double *x, const double *w, size_t n, size_t stride, double *mean, double *var)
{
    double sw = 0, m = 0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0;
        sw += wi;
        m += wi * x[i * stride];
    }
    m = sw > 0 ? m / sw : NAN;
    double v = 0;
    for (size_t i = 0; i < n; i++) {
        double d = x[i * stride] - m;
        v += (w ? w[i] : 1.0) * d * d;
    }
    *mean = m;
    *var = sw > 0 ? v / sw : NAN;
}

void vol_abc_resample(const double *w, size_t n, size_t m, double u, size_t *idx)
{
    double total = 0;
    for (size_t i = 0; i < n; i++) total += w[i];
    double c = w[0] / total;
    size_t j = 0;
    for (size_t i = 0; i < m; i++) {
        double t = ((double)i + u) / (double)m;
        while (t > c && j + 1 < n) c += w[++j] / total;
        idx[i] = j;
    }
}

/* ---- running a batch of simulations ------------------------------------ */
typedef struct {
    const vol_abc_problem *p;
    uint32_t stage;
    const double *theta;     /* [n * k] */
    long reps;
    double *stats;           /* [n * reps * T] */
    int8_t *status;          /* [n * reps] */
    uint64_t first;          /* index of the first proposal of the batch in the stage */
    size_t offset;           /* this process's first run of the batch (vol_abc_split) */
    char msg[512];
    int failed;
} batch;

static int batch_task(void *ctx, size_t i)
{
    batch *b = ctx;
    const vol_abc_problem *p = b->p;
    i += b->offset;
    size_t point = i / (size_t)b->reps;
    long r = (long)(i % (size_t)b->reps);
    char msg[512] = "";
    uint64_t run = (b->first + point) * (uint64_t)b->reps + (uint64_t)r;
    int st = p->simulate(p->ctx, b->theta + point * p->k, b->stage, run, b->stats + i * p->ntargets, msg, sizeof msg);
    b->status[i] = (int8_t)st;
    if (st == 0)
        for (size_t t = 0; t < p->ntargets; t++)
            if (!isfinite(b->stats[i * p->ntargets + t])) b->status[i] = 3; /* a statistic without a value */
    if (st == 2) {
        #pragma omp critical(volsim_abc_failure)
        {
            if (!b->failed) {
                b->failed = 1;
                snprintf(b->msg, sizeof b->msg, "%s", msg);
            }
        }
        return 1;
    }
    return 0;
}

/* Simulates n parameter vectors reps times each; fills per-point mean and
 * sd of each statistic (NaN for points outside the valid region or with a
 * statistic without a value: *valid[i] = 0). */
static vol_status run_batch(const vol_abc_problem *p, vol_abc_state *s, uint32_t stage, uint64_t first,
                            const double *theta, size_t n, long reps, double *mean, double *sd, int8_t *valid)
{
    const size_t T = p->ntargets, runs = n * (size_t)reps;
    batch b = {.p = p, .stage = stage, .theta = theta, .reps = reps, .first = first};
    b.stats = malloc((runs * T + 1) * sizeof *b.stats);
    b.status = calloc(runs + 1, 1);
    if (!b.stats || !b.status) {
        free(b.stats);
        free(b.status);
        VOL_ERROR(VOL_ENOMEM, "out of memory for %zu runs of %zu statistics", runs, T);
    }
    /* under a split, this process runs its block [lo, hi) and the gather
     * brings every block to every process (each run's numbers depend only
     * on its stage and number, so the split changes nothing in them) */
    const vol_abc_split *sp = p->split && p->split->size > 1 ? p->split : NULL;
    size_t lo = 0, hi = runs;
    if (sp) vol_abc_split_block(runs, sp->rank, sp->size, &lo, &hi);
    b.offset = lo;
    size_t ran = vol_engine_run_tasks(hi - lo, batch_task, &b, p->stop, p->progress, p->progress_ctx);
    int all = ran == hi - lo && !b.failed;
    if (sp && sp->gather(sp->ctx, b.stats, T, b.status, runs, &all) != 0) {
        free(b.stats);
        free(b.status);
        VOL_ERROR(VOL_EFAILED, "the processes could not exchange their runs");
    }
    int failed_elsewhere = 0;
    if (sp && !all && !b.failed)
        for (size_t i = 0; i < runs; i++) failed_elsewhere |= b.status[i] == 2;
    s->sims += all ? runs : ran;
    if (b.failed || failed_elsewhere) {
        s->failures++;
        free(b.stats);
        free(b.status);
        if (b.failed) VOL_ERROR(VOL_EFAILED, "%s", b.msg);
        VOL_ERROR(VOL_EFAILED, "a simulation failed on another process (runs do not depend on the processes: one process repeats it with its message)");
    }
    if (!all) {
        free(b.stats);
        free(b.status);
        VOL_ERROR(VOL_EINVAL, "stopped");
    }
    for (size_t i = 0; i < n; i++) {
        int ok = 1;
        for (long r = 0; r < reps; r++) ok &= b.status[i * (size_t)reps + (size_t)r] == 0;
        valid[i] = (int8_t)ok;
        for (size_t t = 0; t < T; t++) {
            double m = NAN, v = NAN;
            if (ok) {
                double sum = 0;
                for (long r = 0; r < reps; r++) sum += b.stats[(i * (size_t)reps + (size_t)r) * T + t];
                m = sum / (double)reps;
                double ss = 0;
                for (long r = 0; r < reps; r++) {
                    double d = b.stats[(i * (size_t)reps + (size_t)r) * T + t] - m;
                    ss += d * d;
                }
                v = reps > 1 ? sqrt(ss / (double)(reps - 1)) : 0;
            }
            mean[i * T + t] = m;
            if (sd) sd[i * T + t] = v;
        }
    }
    free(b.stats);
    free(b.status);
    return VOL_OK;
}

static double distance(const vol_abc_problem *p, const double *stats)
{
    double d2 = 0;
    for (size_t t = 0; t < p->ntargets; t++) {
        double z = (stats[t] - p->value[t]) / p->scale[t];
        d2 += z * z;
    }
    return sqrt(d2);
}

/* ---- history matching --------------------------------------------------- */
static vol_status hm_wave(const vol_abc_problem *p, vol_abc_state *s)
{
    const size_t k = p->k, T = p->ntargets, n = p->hm_points;
    const uint32_t stage = vol_abc_next_stage(s);
    vol_hm_wave w = {.n = n};
    w.lo = malloc(k * sizeof *w.lo);
    w.hi = malloc(k * sizeof *w.hi);
    w.theta = malloc(n * k * sizeof *w.theta);
    w.mean = malloc(n * T * sizeof *w.mean);
    w.sd = malloc(n * T * sizeof *w.sd);
    w.impl = malloc(n * T * sizeof *w.impl);
    w.imax = malloc(n * sizeof *w.imax);
    w.nroy = calloc(n, 1);
    int8_t *valid = calloc(n, 1);
    int32_t *block = malloc(n * sizeof *block), *factor = malloc(n * sizeof *factor);
    vol_hm_wave *grown = realloc(s->waves, (s->nwaves + 1) * sizeof *s->waves);
    if (grown) s->waves = grown;
    if (!w.lo || !w.hi || !w.theta || !w.mean || !w.sd || !w.impl || !w.imax || !w.nroy || !valid || !block ||
        !factor || !grown) {
        wave_free(&w);
        free(valid);
        free(block);
        free(factor);
        VOL_ERROR(VOL_ENOMEM, "out of memory for a wave of %zu points", n);
    }
    /* the box: the prior, or the last wave's points not ruled out */
    for (size_t f = 0; f < k; f++) {
        w.lo[f] = s->nwaves ? s->box_lo[f] : p->lo[f];
        w.hi[f] = s->nwaves ? s->box_hi[f] : p->hi[f];
    }
    vol_status st = vol_design_fill(VOL_DESIGN_LHS, k, n, NULL, p->seed + stage, w.theta, block, factor);
    free(block);
    free(factor);
    if (st == VOL_OK) {
        for (size_t i = 0; i < n; i++)
            for (size_t f = 0; f < k; f++) w.theta[i * k + f] = w.lo[f] + w.theta[i * k + f] * (w.hi[f] - w.lo[f]);
        st = run_batch(p, s, stage, 0, w.theta, n, p->hm_replicates, w.mean, w.sd, valid);
    }
    if (st != VOL_OK) {
        wave_free(&w);
        free(valid);
        return st;
    }
    for (size_t i = 0; i < n; i++) {
        w.imax[i] = INFINITY;
        for (size_t t = 0; t < T; t++) w.impl[i * T + t] = INFINITY;
        if (!valid[i]) continue;
        w.valid++;
        double mx = 0;
        for (size_t t = 0; t < T; t++) {
            double sd = w.sd[i * T + t];
            double v = p->scale[t] * p->scale[t] + sd * sd / (double)p->hm_replicates;
            double im = fabs(p->value[t] - w.mean[i * T + t]) / sqrt(v);
            w.impl[i * T + t] = im;
            if (im > mx) mx = im;
        }
        w.imax[i] = mx;
        w.nroy[i] = mx <= p->hm_cutoff;
        w.count += w.nroy[i];
    }
    free(valid);
    /* the share of the prior not ruled out, and the next box */
    double vol = 1;
    for (size_t f = 0; f < k; f++) vol *= (w.hi[f] - w.lo[f]) / (p->hi[f] - p->lo[f]);
    w.share = w.valid ? vol * (double)w.count / (double)n : 0;
    w.box_share = vol;
    if (!s->box_lo) {
        s->box_lo = malloc(k * sizeof *s->box_lo);
        s->box_hi = malloc(k * sizeof *s->box_hi);
        if (!s->box_lo || !s->box_hi) {
            wave_free(&w);
            VOL_ERROR(VOL_ENOMEM, "out of memory");
        }
    }
    if (w.count) {
        double spacing = pow((double)n, -1.0 / (double)k);
        for (size_t f = 0; f < k; f++) {
            double lo = INFINITY, hi = -INFINITY;
            for (size_t i = 0; i < n; i++)
                if (w.nroy[i]) {
                    lo = fmin(lo, w.theta[i * k + f]);
                    hi = fmax(hi, w.theta[i * k + f]);
                }
            double m = spacing * (w.hi[f] - w.lo[f]);
            s->box_lo[f] = fmax(w.lo[f], lo - m);
            s->box_hi[f] = fmin(w.hi[f], hi + m);
        }
    } else {
        memcpy(s->box_lo, w.lo, k * sizeof *w.lo);
        memcpy(s->box_hi, w.hi, k * sizeof *w.hi);
    }
    s->waves[s->nwaves++] = w;
    if (!w.count) {
        s->done = 1;
        snprintf(s->reason, sizeof s->reason,
                 "no point of wave %zu is not implausible: the targets cannot all be met within the priors "
                 "(see each target's smallest implausibility)", s->nwaves);
    }
    return VOL_OK;
}

void vol_hm_share_interval(const vol_hm_wave *w, double *lo, double *hi)
{
    const double z = 1.959963984540054, n = (double)w->n, p = n > 0 ? (double)w->count / n : 0;
    double c = (p + z * z / (2 * n)) / (1 + z * z / n), h = z / (1 + z * z / n) * sqrt(p * (1 - p) / n + z * z / (4 * n * n));
    *lo = w->box_share * fmax(0, c - h);
    *hi = w->box_share * fmin(1, c + h);
}

/* ---- ABC-SMC -------------------------------------------------------------- */
/* The perturbation kernel: a multivariate Gaussian with twice the weighted
 * covariance of the last population (Filippi et al. 2013, section 3.2, the
 * multivariate form of Beaumont et al. 2009's twice the weighted variance),
 * L its lower Cholesky factor [k x k]. Following ridges of correlated
 * parameters, it proposes far fewer points the targets rule out than a
 * kernel with one variance per parameter. Truncated to the box by drawing
 * again, ancestor and perturbation, until the point is inside it: the
 * proposal density is then the mixture times the box's indicator divided
 * by a constant, and constants cancel in the normalised weights. */
static int kernel_factor(const vol_abc_gen *prev, size_t k, const double *lo, const double *hi, double *L)
{
    double *m = calloc(k, sizeof *m);
    if (!m) return 1;
    double sw = 0;
    for (size_t j = 0; j < prev->n; j++) sw += prev->weight[j];
    for (size_t j = 0; j < prev->n; j++)
        for (size_t f = 0; f < k; f++) m[f] += prev->weight[j] / sw * prev->theta[j * k + f];
    for (size_t f = 0; f < k; f++)
        for (size_t g = 0; g <= f; g++) {
            double c = 0;
            for (size_t j = 0; j < prev->n; j++)
                c += prev->weight[j] / sw * (prev->theta[j * k + f] - m[f]) * (prev->theta[j * k + g] - m[g]);
            L[f * k + g] = 2 * c;
        }
    free(m);
    /* Cholesky in place (lower triangle); a direction without spread gets a
     * small variance of its own, so the factor always exists */
    for (size_t f = 0; f < k; f++) {
        double tiny = 1e-18 * (hi[f] - lo[f]) * (hi[f] - lo[f]);
        for (size_t g = 0; g <= f; g++) {
            double x = L[f * k + g];
            for (size_t h = 0; h < g; h++) x -= L[f * k + h] * L[g * k + h];
            if (g == f) L[f * k + f] = sqrt(x > tiny ? x : tiny);
            else L[f * k + g] = x / L[g * k + g];
        }
        for (size_t g = f + 1; g < k; g++) L[f * k + g] = 0;
    }
    return 0;
}

/* Proposal i of generation g (g > 0) from population prev, into theta [k];
 * u_accept: the uniform of its acceptance. */
static void propose(const vol_abc_problem *p, const vol_abc_state *s, uint32_t stage, const vol_abc_gen *prev,
                    const double *cum, const double *L, uint64_t i, gsl_rng *r, double *theta, double *u_accept,
                    double *e)
{
    const size_t k = p->k;
    vol_rng_select(r, p->seed, stage, ABC_STREAM, i, 0);
    *u_accept = gsl_rng_uniform(r);
    if (!prev) {
        for (size_t f = 0; f < k; f++) theta[f] = s->box_lo[f] + gsl_rng_uniform(r) * (s->box_hi[f] - s->box_lo[f]);
        return;
    }
    const double *a = NULL;
    for (int tries = 0; tries < 100000; tries++) {
        double u = gsl_rng_uniform(r);
        size_t lo = 0, hi = prev->n - 1; /* the first j with cum[j] > u */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (cum[mid] > u) hi = mid;
            else lo = mid + 1;
        }
        a = prev->theta + lo * k;
        for (size_t f = 0; f < k; f++) e[f] = gsl_ran_ugaussian(r);
        int inside = 1;
        for (size_t f = 0; f < k; f++) {
            double x = a[f];
            for (size_t g = 0; g <= f; g++) x += L[f * k + g] * e[g];
            theta[f] = x;
            inside &= x >= s->box_lo[f] && x <= s->box_hi[f];
        }
        if (inside) return;
    }
    /* after 100000 tries (a population pressed into a corner of the box),
     * the last ancestor itself */
    memcpy(theta, a, k * sizeof *theta);
}

/* The importance weight of theta: prior / sum_j W_j K(theta | a_j), as a
 * log (the prior is uniform; constants cancel when the weights are
 * normalised). */
static double weight_of(const vol_abc_problem *p, const vol_abc_gen *prev, const double *L, const double *theta,
                        double *lg, double *e)
{
    const size_t k = p->k;
    double top = -INFINITY;
    for (size_t j = 0; j < prev->n; j++) {
        /* e = L^-1 (theta - a_j), by forward substitution */
        double q = 0;
        for (size_t f = 0; f < k; f++) {
            double x = theta[f] - prev->theta[j * k + f];
            for (size_t g = 0; g < f; g++) x -= L[f * k + g] * e[g];
            e[f] = x / L[f * k + f];
            q += e[f] * e[f];
        }
        double l = log(prev->weight[j]) - 0.5 * q;
        lg[j] = l;
        if (l > top) top = l;
    }
    if (!isfinite(top)) return 0;
    double q = 0;
    for (size_t j = 0; j < prev->n; j++) q += exp(lg[j] - top);
    /* 1 / (e^top q), kept finite: the weights are normalised afterwards, so
     * only their ratios matter; they are stored as logs until then */
    return -(top + log(q));
}

/* The ESS of weights w_i x exp(-d_i^2 / 2 x (1 / eps^2 - 1 / old^2)): how
 * much of the population a move from tolerance old to eps keeps. */
static double ess_at(const vol_abc_gen *g, double old, double eps)
{
    double c = 1 / (eps * eps) - (isfinite(old) ? 1 / (old * old) : 0), top = -INFINITY;
    for (size_t i = 0; i < g->n; i++)
        if (g->weight[i] > 0) top = fmax(top, log(g->weight[i]) - 0.5 * g->dist[i] * g->dist[i] * c);
    double s = 0, s2 = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (!(g->weight[i] > 0)) continue;
        double w = exp(log(g->weight[i]) - 0.5 * g->dist[i] * g->dist[i] * c - top);
        s += w;
        s2 += w * w;
    }
    return s2 > 0 ? s * s / s2 : 0;
}

/* The next tolerance (Del Moral et al. 2012): the eps at which reweighting
 * the last population to the new acceptance kernel keeps alpha of its
 * effective sample size. Under a hard threshold this is the alpha quantile
 * of the distances; under the Gaussian kernel the quantile itself would
 * stall (the accepted distances spread about eps whatever eps is). Never
 * above the last tolerance, never below 1. */
static double next_tolerance(const vol_abc_gen *prev, double alpha)
{
    double old = prev->eps, target = alpha * prev->ess;
    if (ess_at(prev, old, 1.0) >= target) return 1.0;
    double lo = 1.0, hi = isfinite(old) ? old : 0;
    if (!isfinite(old)) {
        for (size_t i = 0; i < prev->n; i++) hi = fmax(hi, prev->dist[i]);
        hi = fmax(2.0, 10 * hi);
    }
    for (int it = 0; it < 200 && hi - lo > 1e-9 * hi; it++) {
        double mid = 0.5 * (lo + hi);
        if (ess_at(prev, old, mid) >= target) hi = mid;
        else lo = mid;
    }
    return fmin(hi, old);
}

static vol_status abc_generation(const vol_abc_problem *p, vol_abc_state *s)
{
    const size_t k = p->k, T = p->ntargets, N = p->particles;
    const uint32_t stage = vol_abc_next_stage(s);
    /* room for the new generation first: prev points into s->gens */
    vol_abc_gen *grown = realloc(s->gens, (s->ngens + 1) * sizeof *s->gens);
    if (!grown) VOL_ERROR(VOL_ENOMEM, "out of memory");
    s->gens = grown;
    const vol_abc_gen *prev = vol_abc_posterior(s);
    if (!s->box_lo) {
        s->box_lo = malloc(k * sizeof *s->box_lo);
        s->box_hi = malloc(k * sizeof *s->box_hi);
        if (!s->box_lo || !s->box_hi) VOL_ERROR(VOL_ENOMEM, "out of memory");
        memcpy(s->box_lo, p->lo, k * sizeof *p->lo);
        memcpy(s->box_hi, p->hi, k * sizeof *p->hi);
    } else if (!p->abc_prior_box && s->ngens == 0) {
        memcpy(s->box_lo, p->lo, k * sizeof *p->lo);
        memcpy(s->box_hi, p->hi, k * sizeof *p->hi);
    }
    double eps = INFINITY;
    double *L = calloc(k * k + 1, sizeof *L), *e = malloc((k + 1) * sizeof *e), *cum = NULL;
    double *lgbuf = malloc(((prev ? prev->n : 0) + 1) * sizeof *lgbuf);
    if (!L || !e || !lgbuf) {
        free(L);
        free(e);
        free(lgbuf);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    if (prev) {
        eps = next_tolerance(prev, p->quantile);
        cum = malloc(prev->n * sizeof *cum);
        if (!cum || kernel_factor(prev, k, s->box_lo, s->box_hi, L)) {
            free(lgbuf);
            free(L);
            free(e);
            free(cum);
            VOL_ERROR(VOL_ENOMEM, "out of memory");
        }
        double c = 0;
        for (size_t j = 0; j < prev->n; j++) cum[j] = (c += prev->weight[j]);
        for (size_t j = 0; j < prev->n; j++) cum[j] /= c;
        cum[prev->n - 1] = 1.0;
    }
    vol_abc_gen g = {.eps = eps};
    g.theta = malloc(N * k * sizeof *g.theta);
    g.weight = malloc(N * sizeof *g.weight);
    g.dist = malloc(N * sizeof *g.dist);
    g.stats = malloc(N * T * sizeof *g.stats);
    gsl_rng *r = gsl_rng_alloc(vol_rng_philox);
    const double prev_acc = prev ? (s->gens[s->ngens - 1].acceptance > 0 ? s->gens[s->ngens - 1].acceptance : 1) : 1;
    size_t limit = (size_t)ceil((double)N / p->min_acceptance);
    /* the budget of runs: proposals x replicates within what is left of it */
    if (p->max_simulations) {
        size_t left = p->max_simulations > s->sims ? (p->max_simulations - s->sims) / (size_t)p->abc_replicates : 0;
        if (left < limit) limit = left;
    }
    size_t cap = 0;
    double *bt = NULL, *bm = NULL, *bu = NULL;
    int8_t *bv = NULL;
    vol_status st = VOL_OK;
    if (!g.theta || !g.weight || !g.dist || !g.stats || !r) st = VOL_ENOMEM;
    size_t next = 0; /* proposals made so far */
    while (st == VOL_OK && g.n < N && next < limit) {
        /* a batch sized for the remaining particles at the last rate (it
         * changes only how many runs are wasted past the last acceptance) */
        double rate = prev ? fmax(prev_acc * 0.7, p->min_acceptance) : 1.0;
        size_t want = (size_t)ceil((double)(N - g.n) / rate * 1.05) + 16;
        if (next + want > limit) want = limit - next;
        if (want > cap) {
            cap = want;
            double *t1 = realloc(bt, cap * k * sizeof *bt), *t2 = realloc(bm, cap * T * sizeof *bm),
                   *t3 = realloc(bu, cap * sizeof *bu);
            int8_t *t4 = realloc(bv, cap);
            bt = t1 ? t1 : bt;
            bm = t2 ? t2 : bm;
            bu = t3 ? t3 : bu;
            bv = t4 ? t4 : bv;
            if (!t1 || !t2 || !t3 || !t4) { st = VOL_ENOMEM; break; }
        }
        for (size_t i = 0; i < want; i++) propose(p, s, stage, prev, cum, L, next + i, r, bt + i * k, &bu[i], e);
        st = run_batch(p, s, stage, next, bt, want, p->abc_replicates, bm, NULL, bv);
        if (st != VOL_OK) break;
        for (size_t i = 0; i < want && g.n < N; i++) {
            g.proposals = next + i + 1;
            if (!bv[i]) { g.invalid++; continue; }
            double d = distance(p, bm + i * T);
            if (isfinite(eps) && !(bu[i] < exp(-d * d / (2 * eps * eps)))) continue;
            memcpy(g.theta + g.n * k, bt + i * k, k * sizeof *bt);
            memcpy(g.stats + g.n * T, bm + i * T, T * sizeof *bm);
            g.dist[g.n] = d;
            g.weight[g.n] = prev ? weight_of(p, prev, L, bt + i * k, lgbuf, e) : 0.0; /* log weight */
            g.n++;
        }
        next += want;
    }
    gsl_rng_free(r);
    free(bt);
    free(bm);
    free(bu);
    free(bv);
    free(L);
    free(cum);
    free(e);
    free(lgbuf);
    if (st != VOL_OK) {
        gen_free(&g);
        if (st == VOL_ENOMEM) VOL_ERROR(VOL_ENOMEM, "out of memory for a generation of %zu particles", N);
        return st;
    }
    if (g.n < N) g.proposals = next;
    g.complete = g.n == N;
    g.acceptance = g.proposals ? (double)g.n / (double)g.proposals : 0;
    double sw = 0, sw2 = 0, top = -INFINITY;
    for (size_t i = 0; i < g.n; i++) top = fmax(top, g.weight[i]);
    for (size_t i = 0; i < g.n; i++) g.weight[i] = exp(g.weight[i] - top);
    for (size_t i = 0; i < g.n; i++) sw += g.weight[i];
    for (size_t i = 0; i < g.n; i++) {
        g.weight[i] = sw > 0 ? g.weight[i] / sw : 1.0 / (double)g.n;
        sw2 += g.weight[i] * g.weight[i];
    }
    g.ess = sw2 > 0 ? 1.0 / sw2 : 0;
    s->gens[s->ngens++] = g;
    if (!g.complete && p->max_simulations && s->sims + (size_t)p->abc_replicates > p->max_simulations &&
        g.proposals < (size_t)ceil((double)N / p->min_acceptance)) {
        s->done = 1;
        snprintf(s->reason, sizeof s->reason,
                 "the budget of %zu runs (max_simulations) ran out in generation %zu (%zu of %zu particles at "
                 "tolerance %.3g): the posterior is generation %zu, at tolerance %.3g", p->max_simulations,
                 s->ngens - 1, g.n, N, g.eps, s->ngens >= 2 ? s->ngens - 2 : 0, prev ? prev->eps : INFINITY);
    } else if (!g.complete) {
        s->done = 1;
        snprintf(s->reason, sizeof s->reason,
                 "generation %zu reached the proposal limit (%zu proposals, %zu of %zu particles at tolerance %.3g; "
                 "acceptance below %.3g): the posterior is generation %zu, at tolerance %.3g",
                 s->ngens - 1, g.proposals, g.n, N, g.eps, p->min_acceptance, s->ngens >= 2 ? s->ngens - 2 : 0,
                 prev ? prev->eps : INFINITY);
        if (!prev) snprintf(s->reason, sizeof s->reason, "generation 0 found no valid particle within %zu proposals",
                            g.proposals);
    } else if (g.eps <= 1.0) {
        s->done = 1;
        snprintf(s->reason, sizeof s->reason,
                 "tolerance reached: generation %zu accepts at eps = 1, the targets' own uncertainty", s->ngens - 1);
    } else if (prev && g.acceptance < p->min_acceptance) {
        s->done = 1;
        snprintf(s->reason, sizeof s->reason,
                 "acceptance %.3g below %.3g at generation %zu: the posterior is at tolerance %.3g, wider than the "
                 "targets' own uncertainty (eps = 1)", g.acceptance, p->min_acceptance, s->ngens - 1, g.eps);
    } else if (s->ngens >= p->max_generations) {
        s->done = 1;
        snprintf(s->reason, sizeof s->reason, "%zu generations (max_generations), the last at tolerance %.3g",
                 s->ngens, g.eps);
    }
    return VOL_OK;
}

vol_status vol_abc_step(const vol_abc_problem *p, vol_abc_state *s)
{
    if (s->done) return VOL_OK;
    if (p->k == 0 || p->ntargets == 0 || p->particles == 0 || p->abc_replicates < 1 || p->hm_replicates < 1)
        VOL_ERROR(VOL_EINVAL, "calibration: no parameters, targets or particles");
    if (s->nwaves < p->hm_waves) return hm_wave(p, s);
    if (p->max_generations == 0) {
        s->done = 1;
        snprintf(s->reason, sizeof s->reason, "history matching only (max_generations = 0)");
        return VOL_OK;
    }
    return abc_generation(p, s);
}
