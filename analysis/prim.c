/* SPDX-License-Identifier: GPL-3.0-or-later */
/* prim.c: PRIM (Patient Rule Induction Method) with the rules of EMA
 * Workbench's Prim (commit 26fdc16: objective LENIENT1, peel_alpha and
 * paste_alpha 0.05, mass_min 0.05, default update), so that trajectories
 * match EMA's bit for bit. Written from a description of those rules
 * (tests/data/prim/README.md names the reference), not from EMA's code.
 *
 * Quantile (EMA's, after sdtoolkit): sort the box's m values, i = (m-1) q,
 * lo = floor(i), hi = ceil(i); for q > 0.5 move lo down while v[lo] ==
 * v[hi] (and lo > 0), else move hi up while equal (and hi < m-1); the
 * quantile is (v[lo] + v[hi]) / 2. The upper quantile is q = 1 - alpha.
 *
 * Peeling: candidates in the order real inputs (column order), then
 * discrete ones; for each, the upper peel then the lower peel. A real peel
 * moves the limit to the quantile (0.95 upper, 0.05 lower) of the box's
 * values and keeps the points on the inner side (<= or >=). A discrete
 * peel truncates the quantile to an integer t; the upper peel keeps the
 * values < upper limit when t equals it, else the values <= t, and the
 * limit becomes the largest kept value (the box's largest when none is
 * kept); the lower peel is its mirror. LENIENT1 scores a candidate:
 * (mean_new - mean_old) / |n_old - n_new|, 0 when the means are equal, the
 * mean of an empty box being 0. The best score wins; exact ties go to the
 * candidate leaving more dimensions unrestricted, then to the first in
 * order. It is taken when its mass (n / whole-data n) is >= mass_min and
 * below the current mass, and its score is > 0; otherwise peeling ends.
 *
 * Pasting, on the dimensions restricted now (none real: no pasting), real
 * ones first, lower side then upper: the available points inside the box
 * on the other dimensions with x_u between the whole-data limit and the
 * box's limit (inclusive) give the new limit, their quantile 0.95 (lower
 * side) or 0.05 (upper), or the whole-data limit when there are none. The
 * pasted box holds every available point inside the new limits. Same
 * choice as peeling; taken when mass >= mass_min, mass rises, score > 0
 * and mean rises. A discrete limit is pasted as a real one (not truncated,
 * as at that EMA commit).
 *
 * Restricted: a limit differs from the whole-data minimum or maximum (of
 * every point, also for later boxes). Counts are exact integers and every
 * ratio is one IEEE division of two of them, as in EMA. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include "vol_prim.h"

#define PRIM_STREAM 102 /* purpose of vol_rng_select for the resampling subsamples */

enum { LOWER = 0, UPPER = 1 };

/* The box being grown. */
typedef struct {
    const vol_prim_data *data;
    vol_prim_options opt;
    vol_prim_box *box;
    size_t N;             /* points in the whole data set */
    size_t *avail, na;    /* the available points */
    size_t *in, m, k;     /* the points of the current box, and how many have y = 1 */
    double *lim;          /* current limits: lower[d], then upper[d] */
    size_t *order;        /* d * N: order[j * N + i], i < m: the box's points sorted by x_j */
    size_t *perm;         /* scratch, N indices */
    double *vals;         /* scratch, N values */
    size_t cap;           /* steps allocated in box */
} prim_run;

/* A candidate move: one limit of one dimension. */
typedef struct {
    int valid;
    size_t dim;
    int side;
    double limit;
    size_t n, k;          /* the candidate box's counts */
    double obj;
    size_t free_dims;     /* dimensions left unrestricted */
} prim_cand;

vol_prim_options vol_prim_defaults(void)
{
    vol_prim_options o = {0.05, 0.05, 0.05, 1};
    return o;
}

static int is_discrete(const vol_prim_data *data, size_t j)
{
    return data->discrete != NULL && data->discrete[j] != 0;
}

/* EMA's quantile of m >= 1 sorted values (see the top of the file). */
static double quantile(const double *v, size_t m, double q)
{
    double i = (double)(m - 1) * q;
    size_t lo = (size_t)floor(i), hi = (size_t)ceil(i);
    if (q > 0.5) {
        while (v[lo] == v[hi] && lo > 0) lo--;
    } else {
        while (v[lo] == v[hi] && hi < m - 1) hi++;
    }
    return (v[lo] + v[hi]) / 2;
}

/* LENIENT1: change of mean per point removed (or added). */
static double lenient1(size_t n_old, size_t k_old, size_t n_new, size_t k_new)
{
    double mean_old = (double)k_old / (double)n_old;
    double mean_new = n_new > 0 ? (double)k_new / (double)n_new : 0.0;
    if (mean_new == mean_old) return 0.0;
    size_t diff = n_old > n_new ? n_old - n_new : n_new - n_old;
    if (diff == 0) return 0.0; /* the same points cannot have two means */
    return (mean_new - mean_old) / (double)diff;
}

/* Restricted dimensions of limits lim (lower[d], upper[d]) against the
 * whole-data limits of box. */
static size_t count_restricted(const vol_prim_box *box, const double *lim)
{
    size_t r = 0, d = box->d;
    for (size_t j = 0; j < d; j++)
        r += lim[j] != box->init_lower[j] || lim[d + j] != box->init_upper[j];
    return r;
}

/* Unrestricted dimensions once limit `side` of `dim` is set to `limit`. */
static size_t free_after(const prim_run *R, size_t dim, int side, double limit)
{
    const vol_prim_box *b = R->box;
    size_t d = b->d, free_dims = 0;
    for (size_t j = 0; j < d; j++) {
        double lo = j == dim && side == LOWER ? limit : R->lim[j];
        double hi = j == dim && side == UPPER ? limit : R->lim[d + j];
        free_dims += lo == b->init_lower[j] && hi == b->init_upper[j];
    }
    return free_dims;
}

/* Keeps c when it beats *best: higher score, or the same score and more
 * unrestricted dimensions; the first candidate wins remaining ties. */
static void consider(prim_cand *best, const prim_cand *c)
{
    if (!best->valid || c->obj > best->obj || (c->obj == best->obj && c->free_dims > best->free_dims))
        *best = *c;
}

/* Appends the current box to the trajectory. */
static vol_status record_step(prim_run *R, vol_prim_phase phase)
{
    vol_prim_box *b = R->box;
    size_t d = b->d;
    if (b->n_steps == R->cap) {
        size_t cap = R->cap ? 2 * R->cap : 64;
        vol_prim_step *s = realloc(b->steps, cap * sizeof *s);
        if (!s) VOL_ERROR(VOL_ENOMEM, "out of memory (PRIM trajectory)");
        b->steps = s;
        double *l = realloc(b->limits, cap * 2 * d * sizeof *l);
        if (!l) VOL_ERROR(VOL_ENOMEM, "out of memory (PRIM trajectory)");
        b->limits = l;
        R->cap = cap;
    }
    vol_prim_step *s = &b->steps[b->n_steps];
    memcpy(b->limits + b->n_steps * 2 * d, R->lim, 2 * d * sizeof *R->lim);
    s->phase = phase;
    s->n = R->m;
    s->k = R->k;
    s->coverage = (double)R->k / (double)(b->total_k > 0 ? b->total_k : 1);
    s->density = (double)R->k / (double)R->m;
    s->mass = (double)R->m / (double)R->N;
    s->res_dim = count_restricted(b, R->lim);
    s->lower = s->upper = NULL; /* set when the trajectory is complete */
    b->n_steps++;
    return VOL_OK;
}

/* Sorts the box's points by each dimension into R->order (at the start
 * and after a paste; a peel only filters the sorted lists). */
static void sort_box(prim_run *R)
{
    size_t d = R->box->d, N = R->N;
    for (size_t j = 0; j < d; j++) {
        for (size_t i = 0; i < R->m; i++) R->vals[i] = R->data->x[R->in[i] * d + j];
        gsl_sort_index(R->perm, R->vals, 1, R->m);
        for (size_t i = 0; i < R->m; i++) R->order[j * N + i] = R->in[R->perm[i]];
    }
}

/* The values of dimension j of the box's points, sorted, into R->vals. */
static void sorted_box_values(prim_run *R, size_t j)
{
    size_t d = R->box->d;
    const size_t *o = R->order + j * R->N;
    for (size_t i = 0; i < R->m; i++) R->vals[i] = R->data->x[o[i] * d + j];
}

/* Keeps, in the box's point lists, the points with x_u on the inner side
 * of the new limit (side) of u. */
static void apply_peel(prim_run *R, size_t u, int side, double limit)
{
    size_t d = R->box->d, N = R->N, m = 0;
    const double *x = R->data->x;
    for (size_t j = 0; j <= d; j++) {
        size_t *list = j < d ? R->order + j * N : R->in;
        m = 0;
        for (size_t i = 0; i < R->m; i++) {
            double v = x[list[i] * d + u];
            if (side == UPPER ? v <= limit : v >= limit) list[m++] = list[i];
        }
    }
    R->m = m;
}

/* Counts the box's points kept by a peel of dimension j: on the upper
 * side those with x < thr (strict) or x <= thr, on the lower side x > thr
 * or x >= thr. *extreme: the largest (upper) or smallest (lower) kept value. */
static void count_kept(const prim_run *R, size_t j, int side, int strict, double thr,
                       size_t *n, size_t *k, double *extreme)
{
    size_t d = R->box->d, nn = 0, kk = 0;
    double ext = 0;
    for (size_t i = 0; i < R->m; i++) {
        size_t p = R->in[i];
        double v = R->data->x[p * d + j];
        int keep = side == UPPER ? (strict ? v < thr : v <= thr) : (strict ? v > thr : v >= thr);
        if (!keep) continue;
        if (nn == 0 || (side == UPPER ? v > ext : v < ext)) ext = v;
        nn++;
        kk += R->data->y[p];
    }
    *n = nn;
    *k = kk;
    *extreme = ext;
}

/* The peel of one side of dimension j (values sorted in R->vals). */
static void peel_candidate(const prim_run *R, size_t j, int side, prim_cand *c)
{
    double alpha = R->opt.peel_alpha, extreme;
    double q = quantile(R->vals, R->m, side == UPPER ? 1 - alpha : alpha);
    c->valid = 1;
    c->dim = j;
    c->side = side;
    if (!is_discrete(R->data, j)) {
        c->limit = q;
        count_kept(R, j, side, 0, q, &c->n, &c->k, &extreme);
    } else {
        double t = trunc(q), cur = R->lim[side * R->box->d + j];
        count_kept(R, j, side, t == cur, t == cur ? cur : t, &c->n, &c->k, &extreme);
        /* nothing kept: the box's own extreme value */
        c->limit = c->n > 0 ? extreme : R->vals[side == UPPER ? R->m - 1 : 0];
    }
    c->obj = lenient1(R->m, R->k, c->n, c->k);
    c->free_dims = free_after(R, j, side, c->limit);
}

/* The best peel of the current box: real dimensions, then discrete ones. */
static prim_cand best_peel(prim_run *R)
{
    prim_cand best = {0}, c;
    size_t d = R->box->d;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t j = 0; j < d; j++) {
            if (is_discrete(R->data, j) != pass) continue;
            sorted_box_values(R, j);
            peel_candidate(R, j, UPPER, &c);
            consider(&best, &c);
            peel_candidate(R, j, LOWER, &c);
            consider(&best, &c);
        }
    }
    return best;
}

/* Whether available point p lies inside limits lim (inclusive). */
static int inside(const prim_run *R, const double *lim, size_t p)
{
    size_t d = R->box->d;
    const double *x = R->data->x + p * d;
    for (size_t j = 0; j < d; j++)
        if (x[j] < lim[j] || x[j] > lim[d + j]) return 0;
    return 1;
}

/* Recomputes the box's points from the available ones and R->lim. */
static void refill_box(prim_run *R)
{
    R->m = R->k = 0;
    for (size_t i = 0; i < R->na; i++) {
        size_t p = R->avail[i];
        if (!inside(R, R->lim, p)) continue;
        R->in[R->m++] = p;
        R->k += R->data->y[p];
    }
}

/* Peels until no candidate is accepted. */
static vol_status peel(prim_run *R)
{
    for (;;) {
        prim_cand c = best_peel(R);
        double mass_old = (double)R->m / (double)R->N, mass_new = (double)c.n / (double)R->N;
        if (!c.valid || !(mass_new >= R->opt.mass_min && mass_new < mass_old && c.obj > 0)) break;
        R->lim[c.side * R->box->d + c.dim] = c.limit;
        /* the kept points are exactly those inside the new limit */
        apply_peel(R, c.dim, c.side, c.limit);
        R->k = c.k;
        vol_status st = record_step(R, VOL_PRIM_PEEL);
        if (st != VOL_OK) return st;
    }
    return VOL_OK;
}

/* The paste of one side of restricted dimension j. */
static void paste_candidate(prim_run *R, size_t j, int side, prim_cand *c)
{
    vol_prim_box *b = R->box;
    size_t d = b->d, nv = 0;
    double cur = R->lim[side * d + j], init = side == LOWER ? b->init_lower[j] : b->init_upper[j];
    /* the slice between the whole-data limit and the box's limit */
    R->lim[side * d + j] = init;
    for (size_t i = 0; i < R->na; i++) {
        size_t p = R->avail[i];
        double v = R->data->x[p * d + j];
        if ((side == LOWER ? v <= cur : v >= cur) && inside(R, R->lim, p)) R->vals[nv++] = v;
    }
    double limit = init;
    if (nv > 0) {
        gsl_sort(R->vals, 1, nv);
        limit = quantile(R->vals, nv, side == LOWER ? 1 - R->opt.paste_alpha : R->opt.paste_alpha);
    }
    /* the pasted box */
    R->lim[side * d + j] = limit;
    c->n = c->k = 0;
    for (size_t i = 0; i < R->na; i++) {
        size_t p = R->avail[i];
        if (!inside(R, R->lim, p)) continue;
        c->n++;
        c->k += R->data->y[p];
    }
    R->lim[side * d + j] = cur;
    c->valid = 1;
    c->dim = j;
    c->side = side;
    c->limit = limit;
    c->obj = lenient1(R->m, R->k, c->n, c->k);
    c->free_dims = free_after(R, j, side, limit);
}

/* The best paste, or an invalid candidate when no real dimension is
 * restricted (EMA gives up on such boxes before the discrete ones). */
static prim_cand best_paste(prim_run *R)
{
    prim_cand best = {0}, c;
    vol_prim_box *b = R->box;
    size_t d = b->d, real_restricted = 0;
    for (size_t j = 0; j < d; j++) {
        int res = R->lim[j] != b->init_lower[j] || R->lim[d + j] != b->init_upper[j];
        real_restricted += res && !is_discrete(R->data, j);
    }
    if (real_restricted == 0) return best;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t j = 0; j < d; j++) {
            if (is_discrete(R->data, j) != pass) continue;
            if (R->lim[j] == b->init_lower[j] && R->lim[d + j] == b->init_upper[j]) continue;
            paste_candidate(R, j, LOWER, &c);
            consider(&best, &c);
            paste_candidate(R, j, UPPER, &c);
            consider(&best, &c);
        }
    }
    return best;
}

/* Pastes until no candidate is accepted. */
static vol_status paste(prim_run *R)
{
    for (;;) {
        prim_cand c = best_paste(R);
        if (!c.valid) break;
        double mass_old = (double)R->m / (double)R->N, mass_new = (double)c.n / (double)R->N;
        double mean_old = (double)R->k / (double)R->m;
        double mean_new = c.n > 0 ? (double)c.k / (double)c.n : 0.0;
        if (!(mass_new >= R->opt.mass_min && mass_new > mass_old && c.obj > 0 && mean_new > mean_old))
            break;
        R->lim[c.side * R->box->d + c.dim] = c.limit;
        refill_box(R);
        sort_box(R);
        vol_status st = record_step(R, VOL_PRIM_PASTE);
        if (st != VOL_OK) return st;
    }
    return VOL_OK;
}

/* Checks the data and the options. */
static vol_status check_input(const vol_prim_data *data, const vol_prim_options *o)
{
    if (!data || !data->x || !data->y) VOL_ERROR(VOL_EINVAL, "PRIM: no data (x or y is NULL)");
    if (data->n == 0 || data->d == 0)
        VOL_ERROR(VOL_EINVAL, "PRIM: the data has %zu points of %zu inputs; at least one of each is needed",
                  data->n, data->d);
    if (!(o->peel_alpha > 0 && o->peel_alpha < 0.5))
        VOL_ERROR(VOL_EINVAL, "PRIM: peel_alpha %g outside (0, 0.5)", o->peel_alpha);
    if (!(o->paste_alpha > 0 && o->paste_alpha < 0.5))
        VOL_ERROR(VOL_EINVAL, "PRIM: paste_alpha %g outside (0, 0.5)", o->paste_alpha);
    if (!(o->mass_min >= 0 && o->mass_min <= 1))
        VOL_ERROR(VOL_EINVAL, "PRIM: mass_min %g outside [0, 1]", o->mass_min);
    for (size_t i = 0; i < data->n; i++) {
        if (data->y[i] > 1)
            VOL_ERROR(VOL_EINVAL, "PRIM: outcome of point %zu is %u, not 0 or 1", i, (unsigned)data->y[i]);
        for (size_t j = 0; j < data->d; j++) {
            if (!isfinite(data->x[i * data->d + j])) {
                const char *name = data->names ? data->names[j] : NULL;
                if (name)
                    VOL_ERROR(VOL_EINVAL, "PRIM: input '%s' of point %zu is not finite", name, i);
                VOL_ERROR(VOL_EINVAL, "PRIM: input x%zu of point %zu is not finite", j, i);
            }
        }
    }
    return VOL_OK;
}

/* Whole-data limits, the available points and the start box. */
static vol_status start_box(prim_run *R, const unsigned char *available)
{
    const vol_prim_data *data = R->data;
    vol_prim_box *b = R->box;
    size_t n = data->n, d = data->d;
    for (size_t j = 0; j < d; j++) b->init_lower[j] = b->init_upper[j] = data->x[j];
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < d; j++) {
            double v = data->x[i * d + j];
            if (v < b->init_lower[j]) b->init_lower[j] = v;
            if (v > b->init_upper[j]) b->init_upper[j] = v;
        }
        b->total_k += data->y[i];
        b->available[i] = available ? available[i] != 0 : 1;
        if (b->available[i]) R->avail[R->na++] = i;
    }
    if (R->na == 0) VOL_ERROR(VOL_EINVAL, "PRIM: no point is available for a new box");
    memcpy(R->lim, b->init_lower, d * sizeof *R->lim);
    memcpy(R->lim + d, b->init_upper, d * sizeof *R->lim);
    refill_box(R);
    sort_box(R);
    return record_step(R, VOL_PRIM_INIT);
}

/* Peeling, pasting, and the steps' limit pointers. */
static vol_status grow(prim_run *R, const unsigned char *available)
{
    vol_status st = start_box(R, available);
    if (st == VOL_OK) st = peel(R);
    if (st != VOL_OK) return st;
    R->box->peel_end = R->box->n_steps - 1;
    if (R->opt.paste) st = paste(R);
    if (st != VOL_OK) return st;
    vol_prim_box *b = R->box;
    for (size_t s = 0; s < b->n_steps; s++) {
        b->steps[s].lower = b->limits + s * 2 * b->d;
        b->steps[s].upper = b->limits + s * 2 * b->d + b->d;
    }
    return VOL_OK;
}

vol_status vol_prim_find(const vol_prim_data *data, const vol_prim_options *opts,
                         const unsigned char *available, vol_prim_box *out)
{
    if (!out) VOL_ERROR(VOL_EINVAL, "PRIM: no output box");
    memset(out, 0, sizeof *out);
    prim_run R = {0};
    R.opt = opts ? *opts : vol_prim_defaults();
    vol_status st = check_input(data, &R.opt);
    if (st != VOL_OK) return st;
    size_t n = data->n, d = data->d;
    R.data = data;
    R.box = out;
    R.N = n;
    out->n_points = n;
    out->d = d;
    out->init_lower = malloc(d * sizeof *out->init_lower);
    out->init_upper = malloc(d * sizeof *out->init_upper);
    out->available = malloc(n);
    R.avail = malloc(n * sizeof *R.avail);
    R.in = malloc(n * sizeof *R.in);
    R.lim = malloc(2 * d * sizeof *R.lim);
    R.vals = malloc(n * sizeof *R.vals);
    R.perm = malloc(n * sizeof *R.perm);
    R.order = n <= SIZE_MAX / sizeof *R.order / d ? malloc(n * d * sizeof *R.order) : NULL;
    if (!out->init_lower || !out->init_upper || !out->available || !R.avail || !R.in || !R.lim || !R.vals
        || !R.perm || !R.order)
        st = vol_error_set(VOL_ENOMEM, __FILE__, __LINE__, "out of memory (PRIM on %zu points)", n);
    else
        st = grow(&R, available);
    free(R.avail);
    free(R.in);
    free(R.lim);
    free(R.vals);
    free(R.perm);
    free(R.order);
    if (st != VOL_OK) vol_prim_box_free(out);
    return st;
}

void vol_prim_box_free(vol_prim_box *box)
{
    if (!box) return;
    free(box->steps);
    free(box->limits);
    free(box->init_lower);
    free(box->init_upper);
    free(box->available);
    memset(box, 0, sizeof *box);
}

int vol_prim_restricted(const vol_prim_box *box, size_t step, size_t j)
{
    if (!box || step >= box->n_steps || j >= box->d) return 0;
    const vol_prim_step *s = &box->steps[step];
    return s->lower[j] != box->init_lower[j] || s->upper[j] != box->init_upper[j];
}

/* Checks that box was found on data and step is on its trajectory. */
static vol_status check_box(const vol_prim_data *data, const vol_prim_box *box, size_t step)
{
    if (!data || !data->x || !data->y || !box || !box->steps)
        VOL_ERROR(VOL_EINVAL, "PRIM: no data or no box");
    if (box->n_points != data->n || box->d != data->d)
        VOL_ERROR(VOL_EINVAL, "PRIM: the box was found on %zu points of %zu inputs, the data has %zu of %zu",
                  box->n_points, box->d, data->n, data->d);
    if (step >= box->n_steps)
        VOL_ERROR(VOL_EINVAL, "PRIM: step %zu beyond the trajectory's last step %zu", step, box->n_steps - 1);
    return VOL_OK;
}

/* Points inclusive-inside limits lim (lower[d], upper[d]). */
static int point_inside(const vol_prim_data *data, const double *lim, size_t p)
{
    size_t d = data->d;
    const double *x = data->x + p * d;
    for (size_t j = 0; j < d; j++)
        if (x[j] < lim[j] || x[j] > lim[d + j]) return 0;
    return 1;
}

/* P[X >= k] for X ~ Binomial(n, p): scipy's binomtest(k, n, p,
 * alternative="greater"). GSL's Q(k - 1) = P[X > k - 1] is the regularized
 * incomplete beta I_p(k, n - k + 1), accurate to a few ulp also far in the
 * tail (checked against the reference values down to 1e-95). */
static double binom_tail(size_t k, size_t n, double p)
{
    if (k == 0) return 1.0;
    if (k > n) return 0.0;
    double q = gsl_cdf_binomial_Q((unsigned)(k - 1), p, (unsigned)n);
    return q > 1.0 ? 1.0 : q < 0.0 ? 0.0 : q;
}

/* The quasi-p value of one side of dimension j at step s. lim: scratch of
 * 2d holding the step's limits, restored on return. */
static double one_quasi_p(const vol_prim_data *data, const vol_prim_box *box, size_t s, size_t j,
                          int side, double *lim)
{
    size_t d = data->d, T = 0, H = 0;
    double save = lim[side * d + j];
    lim[side * d + j] = side == LOWER ? box->init_lower[j] : box->init_upper[j];
    for (size_t p = 0; p < data->n; p++) {
        if (!box->available[p] || !point_inside(data, lim, p)) continue;
        T++;
        H += data->y[p];
    }
    lim[side * d + j] = save;
    /* T >= n: the relaxed box holds the step's box */
    return binom_tail(box->steps[s].k, box->steps[s].n, (double)H / (double)T);
}

vol_status vol_prim_quasi_p(const vol_prim_data *data, const vol_prim_box *box, size_t step,
                            double *qp_lower, double *qp_upper)
{
    vol_status st = check_box(data, box, step);
    if (st != VOL_OK) return st;
    if (data->n > 0xffffffffu) VOL_ERROR(VOL_EINVAL, "PRIM: quasi-p values need fewer than 2^32 points");
    size_t d = data->d;
    /* a copy of the step's limits, relaxed one side at a time */
    double *work = malloc(2 * d * sizeof *work);
    if (!work) VOL_ERROR(VOL_ENOMEM, "out of memory (quasi-p)");
    memcpy(work, box->limits + step * 2 * d, 2 * d * sizeof *work);
    for (size_t j = 0; j < d; j++) {
        double lo = NAN, hi = NAN;
        if (work[j] != box->init_lower[j]) lo = one_quasi_p(data, box, step, j, LOWER, work);
        if (work[d + j] != box->init_upper[j]) hi = one_quasi_p(data, box, step, j, UPPER, work);
        if (qp_lower) qp_lower[j] = lo;
        if (qp_upper) qp_upper[j] = hi;
    }
    free(work);
    return VOL_OK;
}

/* Whether step s beats the best so far (*best < 0: none): larger
 * coverage, then higher density; the lower step keeps remaining ties. */
static int beats(const vol_prim_box *box, size_t s, long best)
{
    if (best < 0) return 1;
    const vol_prim_step *a = &box->steps[s], *b = &box->steps[best];
    return a->coverage > b->coverage || (a->coverage == b->coverage && a->density > b->density);
}

vol_status vol_prim_choose(const vol_prim_box *box, double min_density, long *step)
{
    if (!box || !box->steps || !step) VOL_ERROR(VOL_EINVAL, "PRIM: no box or no output");
    long best = -1;
    for (size_t s = 0; s < box->n_steps; s++)
        if (box->steps[s].density >= min_density && beats(box, s, best)) best = (long)s;
    *step = best;
    return VOL_OK;
}

/* Whether every quasi-p value of step s is <= max_qp. */
static vol_status significant(const vol_prim_data *data, const vol_prim_box *box, size_t s, double max_qp,
                              double *qp, int *ok)
{
    size_t d = box->d;
    vol_status st = vol_prim_quasi_p(data, box, s, qp, qp + d);
    if (st != VOL_OK) return st;
    *ok = 1;
    for (size_t j = 0; j < 2 * d; j++)
        if (!isnan(qp[j]) && !(qp[j] <= max_qp)) *ok = 0;
    return VOL_OK;
}

vol_status vol_prim_choose_significant(const vol_prim_data *data, const vol_prim_box *box,
                                       double min_density, double max_qp, long *step)
{
    if (!step) VOL_ERROR(VOL_EINVAL, "PRIM: no output");
    vol_status st = check_box(data, box, 0);
    if (st != VOL_OK) return st;
    double *qp = malloc(2 * box->d * sizeof *qp);
    if (!qp) VOL_ERROR(VOL_ENOMEM, "out of memory (quasi-p)");
    long best = -1;
    for (size_t s = 0; s < box->n_steps && st == VOL_OK; s++) {
        int ok = 0;
        if (box->steps[s].density < min_density || !beats(box, s, best)) continue;
        st = significant(data, box, s, max_qp, qp, &ok);
        if (ok) best = (long)s;
    }
    free(qp);
    *step = st == VOL_OK ? best : -1;
    return st;
}

/* ---- dropping restrictions that do not matter ---- */

/* Counts the available points (T) and y = 1 points (H) inside limits lim. */
static void count_inside(const vol_prim_data *data, const unsigned char *available, const double *lim,
                         size_t *T, size_t *H)
{
    *T = *H = 0;
    for (size_t p = 0; p < data->n; p++) {
        if (!available[p] || !point_inside(data, lim, p)) continue;
        (*T)++;
        *H += data->y[p];
    }
}

/* Fills out's counts and shares for limits lim (2d), and the quasi-p value
 * of every restricted side into qp (2d; NaN where not restricted); returns
 * the index (side * d + j) of the largest quasi-p, or -1 when none. */
static long limits_quasi_p(const vol_prim_data *data, const vol_prim_box *box, double *lim,
                           vol_prim_simple *out, double *qp)
{
    size_t d = data->d, T, H;
    count_inside(data, box->available, lim, &out->n, &out->k);
    out->res_dim = 0;
    long worst = -1;
    for (size_t i = 0; i < 2 * d; i++) {
        const double init = i < d ? box->init_lower[i] : box->init_upper[i - d];
        qp[i] = NAN;
        if (lim[i] == init) continue;
        double save = lim[i];
        lim[i] = init;
        count_inside(data, box->available, lim, &T, &H);
        lim[i] = save;
        qp[i] = binom_tail(out->k, out->n, (double)H / (double)T);
        if (worst < 0 || qp[i] > qp[worst]) worst = (long)i;
    }
    for (size_t j = 0; j < d; j++) out->res_dim += lim[j] != box->init_lower[j] || lim[d + j] != box->init_upper[j];
    out->density = out->n ? (double)out->k / (double)out->n : 0.0;
    out->coverage = box->total_k ? (double)out->k / (double)box->total_k : 1.0;
    out->mass = data->n ? (double)out->n / (double)data->n : 0.0;
    return worst;
}

vol_status vol_prim_simplify(const vol_prim_data *data, const vol_prim_box *box, size_t step, double max_qp,
                             vol_prim_simple *out)
{
    vol_status st = check_box(data, box, step);
    if (st != VOL_OK) return st;
    if (!out || !out->lower || !out->upper || !out->qp_lower || !out->qp_upper)
        VOL_ERROR(VOL_EINVAL, "PRIM: no room for the simplified box");
    if (data->n > 0xffffffffu) VOL_ERROR(VOL_EINVAL, "PRIM: quasi-p values need fewer than 2^32 points");
    size_t d = data->d;
    double *lim = malloc(4 * d * sizeof *lim);
    if (!lim) VOL_ERROR(VOL_ENOMEM, "out of memory (simplify)");
    double *qp = lim + 2 * d;
    memcpy(lim, box->limits + step * 2 * d, 2 * d * sizeof *lim);
    out->step = step;
    out->dropped = 0;
    for (;;) {
        long w = limits_quasi_p(data, box, lim, out, qp);
        if (w < 0 || qp[w] <= max_qp) break;
        lim[w] = (size_t)w < d ? box->init_lower[w] : box->init_upper[(size_t)w - d];
        out->dropped++;
    }
    memcpy(out->lower, lim, d * sizeof *lim);
    memcpy(out->upper, lim + d, d * sizeof *lim);
    memcpy(out->qp_lower, qp, d * sizeof *qp);
    memcpy(out->qp_upper, qp + d, d * sizeof *qp);
    free(lim);
    return VOL_OK;
}

vol_status vol_prim_choose_simplified(const vol_prim_data *data, const vol_prim_box *box, double min_density,
                                      double max_qp, vol_prim_simple *out, long *step)
{
    if (!step || !out) VOL_ERROR(VOL_EINVAL, "PRIM: no output");
    vol_status st = check_box(data, box, 0);
    if (st != VOL_OK) return st;
    size_t d = box->d;
    double *keep = malloc(4 * d * sizeof *keep);
    if (!keep) VOL_ERROR(VOL_ENOMEM, "out of memory (simplify)");
    vol_prim_simple best = {0}, cur = *out;
    long found = -1;
    for (size_t s = 0; s < box->n_steps && st == VOL_OK; s++) {
        st = vol_prim_simplify(data, box, s, max_qp, &cur);
        if (st != VOL_OK || cur.density < min_density) continue;
        if (found >= 0 && !(cur.coverage > best.coverage ||
                            (cur.coverage == best.coverage && cur.density > best.density)))
            continue;
        found = (long)s;
        best = cur;
        memcpy(keep, cur.lower, d * sizeof *keep);
        memcpy(keep + d, cur.upper, d * sizeof *keep);
        memcpy(keep + 2 * d, cur.qp_lower, d * sizeof *keep);
        memcpy(keep + 3 * d, cur.qp_upper, d * sizeof *keep);
    }
    if (st == VOL_OK && found >= 0) {
        double *lo = out->lower, *up = out->upper, *ql = out->qp_lower, *qu = out->qp_upper;
        *out = best;
        out->lower = lo; out->upper = up; out->qp_lower = ql; out->qp_upper = qu;
        memcpy(lo, keep, d * sizeof *keep);
        memcpy(up, keep + d, d * sizeof *keep);
        memcpy(ql, keep + 2 * d, d * sizeof *keep);
        memcpy(qu, keep + 3 * d, d * sizeof *keep);
    }
    free(keep);
    *step = st == VOL_OK ? found : -1;
    return st;
}

vol_status vol_prim_exclude_limits(const vol_prim_data *data, const double *lower, const double *upper,
                                   unsigned char *available)
{
    if (!data || !data->x || !lower || !upper || !available) VOL_ERROR(VOL_EINVAL, "PRIM: no data, limits or flags");
    size_t d = data->d;
    for (size_t p = 0; p < data->n; p++) {
        const double *x = data->x + p * d;
        size_t j = 0;
        while (j < d && x[j] >= lower[j] && x[j] <= upper[j]) j++;
        if (j == d) available[p] = 0;
    }
    return VOL_OK;
}

vol_status vol_prim_exclude(const vol_prim_data *data, const vol_prim_box *box, size_t step,
                            unsigned char *available)
{
    vol_status st = check_box(data, box, step);
    if (st != VOL_OK) return st;
    if (!available) VOL_ERROR(VOL_EINVAL, "PRIM: no availability flags");
    /* unrestricted dimensions hold the whole-data limits, which every
     * point lies within, so testing every dimension tests the restricted ones */
    const double *lim = box->limits + step * 2 * box->d;
    for (size_t p = 0; p < data->n; p++)
        if (point_inside(data, lim, p)) available[p] = 0;
    return VOL_OK;
}

/* ---- resampling ---- */

/* Index of the step of b whose value (coverage when by_density is 0, else
 * density) is nearest to target; the first on ties. */
static size_t nearest_step(const vol_prim_box *b, double target, int by_density)
{
    size_t best = 0;
    double best_dist = INFINITY;
    for (size_t s = 0; s < b->n_steps; s++) {
        double v = by_density ? b->steps[s].density : b->steps[s].coverage;
        double dist = fabs(v - target);
        if (dist < best_dist) {
            best_dist = dist;
            best = s;
        }
    }
    return best;
}

/* Subsample it: size of the m points pts (shuffled in place, the first
 * size taken: a partial Fisher-Yates shuffle from a fresh stream), copied
 * into sub (x and y arrays of size points). */
static void draw_subsample(const vol_prim_data *data, size_t *pts, size_t m, size_t size, gsl_rng *r,
                           uint64_t seed, size_t it, double *x, unsigned char *y)
{
    size_t d = data->d;
    vol_rng_select(r, seed, 0, PRIM_STREAM, (uint64_t)it, 0);
    for (size_t i = 0; i < size; i++) {
        size_t j = i + (size_t)gsl_rng_uniform_int(r, (unsigned long)(m - i));
        size_t t = pts[i];
        pts[i] = pts[j];
        pts[j] = t;
        memcpy(x + i * d, data->x + pts[i] * d, d * sizeof *x);
        y[i] = data->y[pts[i]];
    }
}

/* Adds the restricted dimensions of step s of b to counts[d]. */
static void add_restricted(const vol_prim_box *b, size_t s, double *counts)
{
    if (!counts) return;
    for (size_t j = 0; j < b->d; j++) counts[j] += vol_prim_restricted(b, s, j);
}

/* The points box started from, in pts (their number in *m). */
static void start_points(const vol_prim_box *box, size_t *pts, size_t *m)
{
    *m = 0;
    for (size_t p = 0; p < box->n_points; p++)
        if (box->available[p]) pts[(*m)++] = p;
}

/* Runs the iterations of vol_prim_resample; pts (room for the start
 * points), x and y (room for size points) are the caller's scratch. */
static vol_status resample_runs(const vol_prim_data *data, const vol_prim_options *opts,
                                const vol_prim_box *box, size_t step, size_t iterations, size_t size,
                                uint64_t seed, size_t *pts, double *x, unsigned char *y,
                                double *share_coverage, double *share_density)
{
    gsl_rng *r = gsl_rng_alloc(vol_rng_philox);
    if (!r) VOL_ERROR(VOL_ENOMEM, "out of memory (random generator)");
    vol_prim_data sub = {size, data->d, x, data->discrete, y, data->names};
    vol_status st = VOL_OK;
    size_t m = 0;
    for (size_t it = 0; it < iterations && st == VOL_OK; it++) {
        start_points(box, pts, &m); /* the same order before every draw */
        draw_subsample(data, pts, m, size, r, seed, it, x, y);
        vol_prim_box b;
        st = vol_prim_find(&sub, opts, NULL, &b);
        if (st != VOL_OK) break;
        add_restricted(&b, nearest_step(&b, box->steps[step].coverage, 0), share_coverage);
        add_restricted(&b, nearest_step(&b, box->steps[step].density, 1), share_density);
        vol_prim_box_free(&b);
    }
    gsl_rng_free(r);
    return st;
}

vol_status vol_prim_resample(const vol_prim_data *data, const vol_prim_options *opts,
                             const vol_prim_box *box, size_t step, size_t iterations,
                             double fraction, uint64_t seed,
                             double *share_coverage, double *share_density)
{
    vol_status st = check_box(data, box, step);
    if (st != VOL_OK) return st;
    if (iterations == 0) VOL_ERROR(VOL_EINVAL, "PRIM resampling: no iterations asked for");
    if (!(fraction > 0 && fraction <= 1))
        VOL_ERROR(VOL_EINVAL, "PRIM resampling: fraction %g outside (0, 1]", fraction);
    size_t d = data->d, m = 0;
    for (size_t p = 0; p < data->n; p++) m += box->available[p] != 0;
    size_t size = (size_t)((double)m * fraction);
    if (size == 0)
        VOL_ERROR(VOL_EINVAL, "PRIM resampling: %g of the box's %zu points is no point", fraction, m);
    size_t *pts = malloc(m * sizeof *pts);
    double *x = malloc(size * d * sizeof *x);
    unsigned char *y = malloc(size);
    if (!pts || !x || !y) {
        free(pts); free(x); free(y);
        VOL_ERROR(VOL_ENOMEM, "out of memory (PRIM resampling of %zu points)", m);
    }
    for (size_t j = 0; j < d; j++) {
        if (share_coverage) share_coverage[j] = 0;
        if (share_density) share_density[j] = 0;
    }
    st = resample_runs(data, opts, box, step, iterations, size, seed, pts, x, y,
                       share_coverage, share_density);
    for (size_t j = 0; j < d; j++) {
        if (share_coverage) share_coverage[j] /= (double)iterations;
        if (share_density) share_density[j] /= (double)iterations;
    }
    free(pts); free(x); free(y);
    return st;
}
