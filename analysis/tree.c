/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tree.c: a CART classification tree and extra-trees feature scores for
 * scenario discovery (the rules are in vol_tree.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "vol_rng.h"
#include "vol_tree.h"

#define TREE_STREAM 103 /* purpose of vol_rng_select for the extra-trees */
#define MIN_DECREASE 1e-12

typedef struct {
    double v;
    unsigned char y;
} pair;

static int by_value(const void *a, const void *b)
{
    double x = ((const pair *)a)->v, y = ((const pair *)b)->v;
    return x < y ? -1 : x > y;
}

/* n * Gini impurity of a node of n points, k of them cases */
static double weighted_gini(size_t n, size_t k)
{
    if (n == 0) return 0;
    double p = (double)k / (double)n;
    return (double)n * 2.0 * p * (1.0 - p);
}

static vol_status check_data(const vol_prim_data *d)
{
    if (!d || !d->x || !d->y || d->n == 0 || d->d == 0) VOL_ERROR(VOL_EINVAL, "tree: no data (no points or inputs)");
    for (size_t i = 0; i < d->n; i++) {
        if (d->y[i] > 1) VOL_ERROR(VOL_EINVAL, "tree: outcome of point %zu is %d, expected 0 or 1", i, d->y[i]);
        for (size_t j = 0; j < d->d; j++)
            if (!isfinite(d->x[i * d->d + j])) VOL_ERROR(VOL_EINVAL, "tree: input %zu of point %zu is not finite", j, i);
    }
    return VOL_OK;
}

/* ---- CART ---- */

typedef struct {
    const vol_prim_data *data;
    size_t min_leaf, max_depth;
    vol_tree *t;
    size_t cap;
    pair *scratch; /* n */
} grower;

static long add_node(grower *g, size_t n, size_t k, size_t depth)
{
    vol_tree *t = g->t;
    if (t->n_nodes == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 16;
        vol_tree_node *m = realloc(t->nodes, cap * sizeof *m);
        if (!m) return -1;
        t->nodes = m;
        g->cap = cap;
    }
    t->nodes[t->n_nodes] = (vol_tree_node){-1, 0, -1, -1, n, k, depth};
    return (long)t->n_nodes++;
}

/* The best split of the points idx[0..m) (see vol_tree.h); *dim = -1 when none. */
static void best_split(grower *g, const size_t *idx, size_t m, size_t k, long *dim, double *thr)
{
    const vol_prim_data *d = g->data;
    double parent = weighted_gini(m, k), best = MIN_DECREASE;
    *dim = -1;
    for (size_t j = 0; j < d->d; j++) {
        for (size_t i = 0; i < m; i++) g->scratch[i] = (pair){d->x[idx[i] * d->d + j], d->y[idx[i]]};
        qsort(g->scratch, m, sizeof *g->scratch, by_value);
        size_t kl = 0;
        for (size_t i = 0; i + 1 < m; i++) {
            kl += g->scratch[i].y;
            size_t nl = i + 1;
            if (g->scratch[i].v == g->scratch[i + 1].v || nl < g->min_leaf || m - nl < g->min_leaf) continue;
            double dec = parent - weighted_gini(nl, kl) - weighted_gini(m - nl, k - kl);
            if (dec > best) {
                best = dec;
                *dim = (long)j;
                *thr = g->scratch[i].v + (g->scratch[i + 1].v - g->scratch[i].v) / 2;
            }
        }
    }
}

/* Grows node `node` over idx[0..m) (reordered: left points first). */
static vol_status grow(grower *g, long node, size_t *idx, size_t m, size_t depth)
{
    size_t k = g->t->nodes[node].k;
    if (depth >= g->max_depth || k == 0 || k == m || m < 2 * g->min_leaf) return VOL_OK;
    long dim;
    double thr = 0;
    best_split(g, idx, m, k, &dim, &thr);
    if (dim < 0) return VOL_OK;
    const vol_prim_data *d = g->data;
    size_t a = 0, kl = 0;
    for (size_t i = 0; i < m; i++)
        if (d->x[idx[i] * d->d + (size_t)dim] <= thr) {
            size_t s = idx[a];
            idx[a++] = idx[i];
            idx[i] = s;
            kl += d->y[idx[a - 1]];
        }
    long l = add_node(g, a, kl, depth + 1), r = l < 0 ? -1 : add_node(g, m - a, k - kl, depth + 1);
    if (l < 0 || r < 0) VOL_ERROR(VOL_ENOMEM, "out of memory (tree)");
    vol_tree_node *nd = &g->t->nodes[node];
    nd->dim = dim;
    nd->threshold = thr;
    nd->left = l;
    nd->right = r;
    vol_status st = grow(g, l, idx, a, depth + 1);
    return st == VOL_OK ? grow(g, r, idx + a, m - a, depth + 1) : st;
}

vol_status vol_tree_grow(const vol_prim_data *data, const vol_tree_options *opts, vol_tree *out)
{
    if (!out) VOL_ERROR(VOL_EINVAL, "tree: no output");
    memset(out, 0, sizeof *out);
    vol_status st = check_data(data);
    if (st != VOL_OK) return st;
    vol_tree_options o = opts ? *opts : (vol_tree_options){3, 0};
    if (o.min_leaf == 0) o.min_leaf = (size_t)ceil(0.05 * (double)data->n);
    if (o.min_leaf == 0) o.min_leaf = 1;
    out->n = data->n;
    out->d = data->d;
    out->min_leaf = o.min_leaf;
    for (size_t i = 0; i < data->n; i++) out->total_k += data->y[i];
    grower g = {data, o.min_leaf, o.max_depth, out, 0, malloc(data->n * sizeof(pair))};
    size_t *idx = malloc(data->n * sizeof *idx);
    if (!g.scratch || !idx || add_node(&g, data->n, out->total_k, 0) < 0) st = VOL_ENOMEM;
    for (size_t i = 0; idx && i < data->n; i++) idx[i] = i;
    if (st == VOL_OK) st = grow(&g, 0, idx, data->n, 0);
    free(g.scratch);
    free(idx);
    if (st != VOL_OK) {
        vol_tree_free(out);
        VOL_ERROR(VOL_ENOMEM, "out of memory (tree of %zu points)", data->n);
    }
    return VOL_OK;
}

void vol_tree_free(vol_tree *t)
{
    if (!t) return;
    free(t->nodes);
    memset(t, 0, sizeof *t);
}

/* The parent of node c, -1 for the root. */
static long parent_of(const vol_tree *t, size_t c)
{
    for (size_t i = 0; i < t->n_nodes; i++)
        if (t->nodes[i].left == (long)c || t->nodes[i].right == (long)c) return (long)i;
    return -1;
}

vol_status vol_tree_leaf_box(const vol_tree *t, size_t node, double *lower, double *upper)
{
    if (!t || node >= t->n_nodes || !lower || !upper) VOL_ERROR(VOL_EINVAL, "tree: no such node");
    for (size_t j = 0; j < t->d; j++) {
        lower[j] = -INFINITY;
        upper[j] = INFINITY;
    }
    for (long c = (long)node, p = parent_of(t, node); p >= 0; c = p, p = parent_of(t, (size_t)p)) {
        const vol_tree_node *nd = &t->nodes[p];
        size_t j = (size_t)nd->dim;
        if (nd->left == c) upper[j] = fmin(upper[j], nd->threshold);
        else lower[j] = fmax(lower[j], nd->threshold);
    }
    return VOL_OK;
}

vol_status vol_tree_leaf_words(const vol_tree *t, const vol_prim_data *data, size_t node, char *buf, size_t n)
{
    if (!buf || n == 0) VOL_ERROR(VOL_EINVAL, "tree: no buffer");
    double *lim = t ? malloc(2 * t->d * sizeof *lim + 1) : NULL;
    if (!lim) VOL_ERROR(VOL_ENOMEM, "out of memory");
    vol_status st = vol_tree_leaf_box(t, node, lim, lim + t->d);
    size_t used = 0;
    buf[0] = '\0';
    for (size_t j = 0; st == VOL_OK && j < t->d && used < n; j++) {
        char nm[32];
        const char *name = data && data->names ? data->names[j] : (snprintf(nm, sizeof nm, "x%zu", j), nm);
        int w = 0;
        if (isfinite(lim[j]))
            w = snprintf(buf + used, n - used, "%s%s > %.4g", used ? " and " : "", name, lim[j]);
        used += w > 0 ? (size_t)w : 0;
        if (used < n && isfinite(lim[t->d + j]))
            w = snprintf(buf + used, n - used, "%s%s <= %.4g", used ? " and " : "", name, lim[t->d + j]);
        else w = 0;
        used += w > 0 ? (size_t)w : 0;
    }
    if (st == VOL_OK && !buf[0]) snprintf(buf, n, "everywhere");
    free(lim);
    return st;
}

/* ---- extra-trees ---- */

typedef struct {
    const vol_prim_data *data;
    gsl_rng *r;
    size_t K;
    double *gain;   /* d: this tree's impurity decreases */
    size_t *cand;   /* d: scratch */
} forest;

/* The node's min and max of dimension j over idx[0..m). */
static void node_range(const vol_prim_data *d, const size_t *idx, size_t m, size_t j, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < m; i++) {
        double v = d->x[idx[i] * d->d + j];
        *lo = fmin(*lo, v);
        *hi = fmax(*hi, v);
    }
}

/* One random split of idx[0..m) (k cases): the best of K random
 * (dimension, threshold) candidates; returns the points going left (0:
 * none found), with the split applied to idx. */
static size_t random_split(forest *f, size_t *idx, size_t m, size_t k, double *decrease, size_t *dim)
{
    const vol_prim_data *d = f->data;
    size_t nc = 0;
    for (size_t j = 0; j < d->d; j++) {
        double lo, hi;
        node_range(d, idx, m, j, &lo, &hi);
        if (hi > lo) f->cand[nc++] = j;
    }
    double best = -1, best_thr = 0;
    size_t best_j = 0;
    for (size_t c = 0; c < f->K && nc > 0; c++) {
        size_t pick = (size_t)gsl_rng_uniform_int(f->r, (unsigned long)nc), j = f->cand[pick];
        f->cand[pick] = f->cand[--nc];
        double lo, hi;
        node_range(d, idx, m, j, &lo, &hi);
        double thr = lo + gsl_rng_uniform(f->r) * (hi - lo);
        size_t nl = 0, kl = 0;
        for (size_t i = 0; i < m; i++)
            if (d->x[idx[i] * d->d + j] <= thr) {
                nl++;
                kl += d->y[idx[i]];
            }
        double dec = weighted_gini(m, k) - weighted_gini(nl, kl) - weighted_gini(m - nl, k - kl);
        if (nl > 0 && nl < m && dec > best) {
            best = dec;
            best_thr = thr;
            best_j = j;
        }
    }
    if (best < 0) return 0;
    size_t a = 0;
    for (size_t i = 0; i < m; i++)
        if (d->x[idx[i] * d->d + best_j] <= best_thr) {
            size_t s = idx[a];
            idx[a++] = idx[i];
            idx[i] = s;
        }
    *decrease = best;
    *dim = best_j;
    return a;
}

/* Grows one extra-tree over idx[0..m) to purity, adding its decreases to
 * f->gain (iterative, with an explicit stack of ranges). */
static vol_status extra_tree(forest *f, size_t *idx, size_t n)
{
    size_t cap = 64, top = 0;
    size_t *stack = malloc(2 * cap * sizeof *stack);
    if (!stack) VOL_ERROR(VOL_ENOMEM, "out of memory (extra-trees)");
    stack[top * 2] = 0;
    stack[top * 2 + 1] = n;
    top++;
    while (top > 0) {
        top--;
        size_t from = stack[top * 2], m = stack[top * 2 + 1], k = 0, dim = 0;
        for (size_t i = 0; i < m; i++) k += f->data->y[idx[from + i]];
        if (m < 2 || k == 0 || k == m) continue;
        double dec = 0;
        size_t a = random_split(f, idx + from, m, k, &dec, &dim);
        if (a == 0) continue;
        f->gain[dim] += dec;
        if (top + 2 > cap) {
            cap *= 2;
            size_t *s = realloc(stack, 2 * cap * sizeof *s);
            if (!s) {
                free(stack);
                VOL_ERROR(VOL_ENOMEM, "out of memory (extra-trees)");
            }
            stack = s;
        }
        stack[top * 2] = from;
        stack[top * 2 + 1] = a;
        top++;
        stack[top * 2] = from + a;
        stack[top * 2 + 1] = m - a;
        top++;
    }
    free(stack);
    return VOL_OK;
}

vol_status vol_tree_scores(const vol_prim_data *data, size_t trees, uint64_t seed, double *score, double *sd)
{
    vol_status st = check_data(data);
    if (st != VOL_OK) return st;
    if (trees < 1 || !score) VOL_ERROR(VOL_EINVAL, "tree: scores need at least one tree and room for them");
    const size_t d = data->d, n = data->n;
    double *share = calloc(trees * d, sizeof *share), *gain = calloc(d, sizeof *gain);
    size_t *idx = malloc(n * sizeof *idx), *cand = malloc(d * sizeof *cand);
    gsl_rng *r = gsl_rng_alloc(vol_rng_philox);
    if (!share || !gain || !idx || !cand || !r) st = VOL_ENOMEM;
    size_t K = (size_t)lround(sqrt((double)d));
    forest f = {data, r, K ? K : 1, gain, cand};
    for (size_t t = 0; st == VOL_OK && t < trees; t++) {
        vol_rng_select(r, seed, 0, TREE_STREAM, (uint64_t)t, 0);
        for (size_t i = 0; i < n; i++) idx[i] = i;
        memset(gain, 0, d * sizeof *gain);
        st = extra_tree(&f, idx, n);
        double sum = 0;
        for (size_t j = 0; j < d; j++) sum += gain[j];
        for (size_t j = 0; st == VOL_OK && j < d && sum > 0; j++) share[t * d + j] = gain[j] / sum;
    }
    for (size_t j = 0; st == VOL_OK && j < d; j++) {
        double m = 0, ss = 0;
        for (size_t t = 0; t < trees; t++) m += share[t * d + j];
        m /= (double)trees;
        for (size_t t = 0; t < trees; t++) ss += (share[t * d + j] - m) * (share[t * d + j] - m);
        score[j] = m;
        if (sd) sd[j] = trees > 1 ? sqrt(ss / (double)(trees - 1)) : 0;
    }
    free(share); free(gain); free(idx); free(cand);
    if (r) gsl_rng_free(r);
    if (st == VOL_ENOMEM) VOL_ERROR(VOL_ENOMEM, "out of memory (extra-trees of %zu points)", n);
    return st;
}
