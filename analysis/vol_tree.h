/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_tree.h: companions of PRIM for scenario discovery (vol_prim.h's data
 * type): a shallow classification tree whose leaves read as boxes, and
 * feature scores from extremely randomised trees.
 *
 * The tree is CART (Breiman et al. 1984) with the Gini impurity: at each
 * node the split x_j <= t with the largest decrease of n * Gini (over the
 * dimensions in order, the thresholds at midpoints between consecutive
 * distinct values, ascending; the first of equal decreases is kept), each
 * child holding at least min_leaf points; a node is a leaf at max_depth,
 * when pure, or when no split decreases the impurity by more than 1e-12.
 *
 * The feature scores are the mean decrease in impurity of extra-trees
 * (Geurts, Ernst and Wehenkel 2006): trees grown to purity on all points,
 * at each node K = round(sqrt(d)) candidate dimensions (among those not
 * constant in the node) each with one threshold drawn uniformly between
 * the node's minimum and maximum, the best kept. A dimension's score is its
 * share of a tree's total decrease, averaged over the trees. Tree t draws
 * from volsim's stream (seed, 0, purpose 103, t): the scores depend only
 * on the data and the seed. */
#ifndef VOL_TREE_H
#define VOL_TREE_H
#include <stddef.h>
#include <stdint.h>
#include "volsim.h"
#include "vol_prim.h"
#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    size_t max_depth; /* 3 */
    size_t min_leaf;  /* points per child at least; 0 = ceil(5% of the points) */
} vol_tree_options;

typedef struct {
    long dim;          /* split dimension, -1 for a leaf */
    double threshold;  /* points with x[dim] <= threshold go left */
    long left, right;  /* children (node indices), -1 for a leaf */
    size_t n, k;       /* points and y = 1 points in the node */
    size_t depth;      /* 0 at the root */
} vol_tree_node;

typedef struct {
    size_t n, d, total_k, min_leaf;
    size_t n_nodes;
    vol_tree_node *nodes;  /* nodes[0] is the root */
} vol_tree;

/* Grows the tree (opts NULL: depth 3, min leaf 5%). Free with
 * vol_tree_free (zeroed first, so freeing after a failure is safe). */
VOL_API vol_status vol_tree_grow(const vol_prim_data *data, const vol_tree_options *opts, vol_tree *out);
VOL_API void vol_tree_free(vol_tree *t);

/* A leaf as a box: for each dimension, lower (exclusive: x > lower) and
 * upper (inclusive: x <= upper), -INFINITY / INFINITY where the path to the
 * leaf sets none. */
VOL_API vol_status vol_tree_leaf_box(const vol_tree *t, size_t node, double *lower, double *upper);

/* The leaf's rule in words into buf: "x0 > 0.2 and x0 <= 0.6 and x1 > 0.7"
 * (names from data->names, else x0, x1, ...); "everywhere" for the root. */
VOL_API vol_status vol_tree_leaf_words(const vol_tree *t, const vol_prim_data *data, size_t node, char *buf,
                                       size_t n);

/* Extra-trees feature scores: score[d] (summing to 1, or all 0 when no
 * tree splits), and optionally sd[d], the standard deviation over the trees
 * of each dimension's share (how stable the ranking is). trees >= 1. */
VOL_API vol_status vol_tree_scores(const vol_prim_data *data, size_t trees, uint64_t seed, double *score, double *sd);

#ifdef __cplusplus
}
#endif
#endif
