/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_discover.h: scenario discovery on sweeps (volsim discover): the
 * design points labelled from paired policy differences, PRIM boxes by
 * volsim's rule with covering (vol_prim.h), and the out-of-sample check of
 * a box by fresh simulations inside and outside it (vol_discover_verify).
 *
 * The rule for the box reported: every step of the peeling trajectory is
 * simplified (restrictions whose quasi-p value is above 0.05 are dropped,
 * the worst first; vol_prim_simplify), and among the simplified boxes with
 * density >= 0.8, the one with the highest coverage is taken. Further boxes
 * are found by covering: the points of the boxes found so far are set
 * aside and PRIM is run again. */
#ifndef VOL_DISCOVER_H
#define VOL_DISCOVER_H
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "volsim.h"
#include "vol_engine.h"
#include "vol_h5read.h"
#include "vol_h5write.h"
#include "vol_prim.h"
#include "vol_sweep_stats.h"
#include "vol_tree.h"
#ifdef __cplusplus
extern "C" {
#endif

/* What a label says: policy a better than policy b on a metric. */
typedef struct {
    size_t metric;           /* index into the sweep file's metrics */
    vol_sweep_output output; /* the last day's value or the last year's mean */
    size_t a, b;             /* policies (indices into the sweep file's policies), a != b */
    int lower_is_better;     /* 1 when a lower value of the metric is better */
    double min_effect;       /* a difference that matters, >= 0, in the metric's unit */
} vol_discover_label_spec;

enum { VOL_LABEL_UNCLEAR = 0, VOL_LABEL_A = 1, VOL_LABEL_B = 2 };

/* Labels each design point from the paired differences a - b over its
 * replicates (the same point and replicate share their random streams):
 * VOL_LABEL_A when the 95% t interval of the difference, oriented so that
 * better is positive, lies wholly above min_effect; VOL_LABEL_B when it
 * lies wholly below -min_effect; else unclear (also below two replicates).
 * label has s->npoints entries; count[3] gets the counts per label. */
VOL_API vol_status vol_discover_label(const vol_sweep_file *s, const vol_discover_label_spec *spec,
                                      unsigned char *label, size_t count[3]);

typedef struct {
    vol_prim_options prim;   /* vol_prim_defaults(): EMA Workbench's */
    double min_density;      /* 0.8 */
    double max_qp;           /* 0.05 */
    size_t max_boxes;        /* 1: boxes to look for by covering */
    long step;               /* -1: the rule; else the step of the first box (not simplified) */
    size_t resamples;        /* VOL_PRIM_RESAMPLE_DEFAULT */
    double resample_fraction;/* 0.5 */
    uint64_t seed;           /* 20261203: the resampling's and the extra-trees' streams */
    vol_tree_options tree;   /* {3, 0}: depth 3, leaves of at least 5% of the points */
    size_t trees;            /* 100 extra-trees for the feature scores */
} vol_discover_options;

VOL_API vol_discover_options vol_discover_defaults(void);

/* One attempt of the covering: its trajectory, and the box chosen on it
 * (found = 0 when no step passes the rule: the search ends there). */
typedef struct {
    vol_prim_box trajectory;
    int found;
    int by_rule;             /* 1 chosen by the rule, 0 the step asked for */
    vol_prim_simple box;     /* its arrays (d each) belong to the attempt */
    double *share;           /* d: share of resamples whose coverage-nearest step restricts each dimension */
    double *share_density;   /* d: the same with the density-nearest step */
} vol_discover_box;

typedef struct {
    size_t n, d, total_k;    /* points, dimensions, y = 1 points */
    size_t nattempts, nboxes;/* attempts made; boxes found (the first nboxes attempts) */
    vol_discover_box *attempts;
    vol_tree tree;           /* the companion classification tree (vol_tree.h) */
    double *score, *score_sd;/* d each: extra-trees feature scores and their sd over the trees */
} vol_discovery;

/* PRIM with covering by volsim's rule (above), then the companions: the
 * tree and the feature scores on all points. Fills out (free with
 * vol_discovery_free; zeroed first). A step asked for beyond the first
 * trajectory is VOL_EINVAL naming the trajectory's last step. */
VOL_API vol_status vol_discover_run(const vol_prim_data *data, const vol_discover_options *opts, vol_discovery *out);
VOL_API void vol_discovery_free(vol_discovery *d);

/* The out-of-sample check of a box: n fresh points drawn uniformly inside
 * the box and n outside it, within the sweep's parameter ranges (real
 * parameters uniformly on their range, the others among the values the
 * design used), simulated under policies a and b with the sweep's
 * replicates on a new seed, and labelled by vol_discover_label. */
typedef struct {
    size_t n;                    /* points inside, and points outside */
    size_t inside[3], outside[3];/* labels of the fresh points inside and outside */
    size_t runs, failed;         /* runs made, runs that failed (their points are unclear) */
    double *values;              /* [2n * k]: the fresh points, inside first (malloc'd) */
    unsigned char *label;        /* [2n] */
} vol_discover_check;

typedef struct {
    size_t n;                    /* points inside, and as many outside */
    uint64_t seed;               /* points and runs; volsim discover uses the sweep's seed + 1 */
    vol_engine_progress progress;/* may be NULL */
    void *progress_ctx;
    const volatile sig_atomic_t *stop; /* may be NULL: an interrupted check is VOL_EINVAL */
} vol_discover_verify_options;

/* A box's limits for vol_discover_verify: its restricted sides, and
 * -INFINITY / INFINITY for the sides it leaves at the whole-data limits
 * (those are the sample's extremes, not the parameter's range: a fresh
 * point beyond them is inside the box). lower and upper: d each. */
VOL_API void vol_discover_open_limits(const vol_discover_box *x, double *lower, double *upper);

/* Needs the policies' resolved scenarios in the file (policy_configs).
 * lower and upper: the box's limits (s->k each; vol_discover_open_limits),
 * at least one of them finite. Runs on the current OpenMP
 * team; the result depends only on the file, the box and opts->seed. */
VOL_API vol_status vol_discover_verify(const vol_sweep_file *s, const vol_discover_label_spec *spec,
                                       const double *lower, const double *upper,
                                       const vol_discover_verify_options *opts, vol_discover_check *out);
VOL_API void vol_discover_check_free(vol_discover_check *c);

/* What a discovery file records besides the discovery itself. */
typedef struct {
    const char *source;                  /* the sweep or table file analysed */
    const char *subject;                 /* the label in words */
    const vol_sweep_file *sweep;         /* NULL for a table */
    const vol_discover_label_spec *spec; /* with sweep */
    const unsigned char *label3;         /* with sweep: [n] VOL_LABEL_* of each point */
    const char *outcome;                 /* for a table: its 0/1 column */
    const vol_discover_options *opts;
    const vol_discover_check *check;     /* NULL without a check */
} vol_discovery_record;

/* Writes a discovery into w (schema in docs/results-format.md, "Discovery
 * files"): the labels, each attempt's whole trajectory and chosen box with
 * quasi-p values and resampling shares, the tree, the feature scores and
 * the check. */
VOL_API vol_status vol_discovery_write(vol_h5out *w, const vol_prim_data *data, const vol_discovery *dv,
                                       const vol_discovery_record *rec);

#ifdef __cplusplus
}
#endif
#endif
