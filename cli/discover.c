/* SPDX-License-Identifier: GPL-3.0-or-later */
/* discover.c: volsim discover, scenario discovery with PRIM (vol_prim.h)
 * on the design points of a sweep labelled from paired policy differences,
 * or on a CSV table of inputs and a 0/1 outcome (--table). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "tables.h"
#include "vol_h5read.h"
#include <omp.h>
#include <unistd.h>
#include "vol_discover.h"
#include "vol_figures.h"
#include "vol_gitinfo.h"
#include "vol_tree.h"
#include "vol_prim.h"
#include "vol_sweep_stats.h"
#include "vol_table.h"

/* Reads the label's settings (--metric, --better, --than,
 * --lower-is-better, --min-effect) against the sweep; 2 with a message
 * listing the sweep's policies when one does not fit. */
static int label_spec(const vol_sweep_file *s, const vcli_args *a, double min_effect, vol_discover_label_spec *sp)
{
    const char *metric = vcli_text(a, "metric"), *better = vcli_text(a, "better"), *than = vcli_text(a, "than");
    int m = vol_sweep_metric(s, metric), pa = vol_sweep_policy(s, better), pb = vol_sweep_policy(s, than);
    if (m < 0) {
        fprintf(stderr, "volsim discover: --metric: expected a metric of %s, found '%s'\n", s->path, metric);
        return 2;
    }
    if (pa < 0 || pb < 0 || pa == pb) {
        fprintf(stderr, "volsim discover: --better and --than: expected two different policies of %s, which has",
                s->path);
        for (size_t i = 0; i < s->npolicies; i++) fprintf(stderr, " %s", s->policies[i]);
        fprintf(stderr, "\n");
        return 2;
    }
    vol_sweep_output out;
    char what[64];
    int rc = vcli_sweep_output("discover", s, a, 0, &out, what, sizeof what);
    *sp = (vol_discover_label_spec){(size_t)m, out, (size_t)pa, (size_t)pb, vcli_given(a, "lower-is-better") > 0,
                                    min_effect};
    return rc;
}

/* A quasi-p value for text ("-" for a side that is not restricted). */
static const char *qp_text(double v, char *buf, size_t n)
{
    if (isnan(v)) snprintf(buf, n, "-");
    else snprintf(buf, n, "%.2g", v);
    return buf;
}

/* Prints box b (attempt x) in the chosen format: each restricted
 * dimension with its limits, quasi-p values and resampling share. */
static void print_box(const vol_prim_data *d, const vol_discover_box *x, size_t b, vcli_format fmt)
{
    const vol_prim_simple *bx = &x->box;
    const vol_prim_box *t = &x->trajectory;
    char how[160];
    if (!x->by_rule) snprintf(how, sizeof how, "step %zu of %zu, as asked", bx->step, t->n_steps - 1);
    else snprintf(how, sizeof how, "step %zu of %zu, %zu restriction%s dropped", bx->step, t->n_steps - 1, bx->dropped,
                  bx->dropped == 1 ? "" : "s");
    if (fmt == VCLI_FORMAT_TEXT)
        printf("box %zu (%s): coverage %.3f, density %.3f, mass %.3f, %zu points, %zu restricted\n", b, how,
               bx->coverage, bx->density, bx->mass, bx->n, bx->res_dim);
    else if (fmt == VCLI_FORMAT_MARKDOWN)
        printf("\n**Box %zu** (%s): coverage %.3f, density %.3f, mass %.3f\n\n"
               "| dimension | lower | upper | quasi-p lower | quasi-p upper | resamples (coverage; density) |\n"
               "|---|---|---|---|---|---|\n",
               b, how, bx->coverage, bx->density, bx->mass);
    char q1[32], q2[32];
    for (size_t j = 0; j < d->d; j++) {
        if (bx->lower[j] == t->init_lower[j] && bx->upper[j] == t->init_upper[j]) continue;
        double ql = bx->qp_lower[j], qu = bx->qp_upper[j], qp = fmax(isnan(ql) ? 0 : ql, isnan(qu) ? 0 : qu);
        qp_text(ql, q1, sizeof q1);
        qp_text(qu, q2, sizeof q2);
        if (fmt == VCLI_FORMAT_CSV)
            printf("%zu,%s,%.6g,%.6g,%.6g,%.6g,%.3g\n", b, d->names[j], bx->lower[j], bx->upper[j], bx->coverage,
                   bx->density, qp);
        else if (fmt == VCLI_FORMAT_MARKDOWN)
            printf("| `%s` | %.4g | %.4g | %s | %s | %.0f%%; %.0f%% |\n", d->names[j], bx->lower[j], bx->upper[j], q1,
                   q2, 100 * x->share[j], 100 * x->share_density[j]);
        else
            printf("  %-36s %10.4g to %-10.4g quasi-p %8s %8s  resamples %3.0f%% %3.0f%%\n", d->names[j],
                   bx->lower[j], bx->upper[j], q1, q2, 100 * x->share[j], 100 * x->share_density[j]);
    }
}

/* The box's restrictions in words: "x0 between 0.2 and 0.6 and x1 above
 * 0.65". */
static void box_words(const vol_prim_data *d, const vol_discover_box *x, char *buf, size_t n)
{
    const vol_prim_simple *bx = &x->box;
    size_t used = 0;
    buf[0] = '\0';
    for (size_t j = 0; j < d->d && used < n; j++) {
        int lo = bx->lower[j] != x->trajectory.init_lower[j], hi = bx->upper[j] != x->trajectory.init_upper[j];
        if (!lo && !hi) continue;
        const char *and = used ? " and " : "";
        int w = lo && hi ? snprintf(buf + used, n - used, "%s%s between %.3g and %.3g", and, d->names[j], bx->lower[j],
                                    bx->upper[j])
                : lo     ? snprintf(buf + used, n - used, "%s%s above %.3g", and, d->names[j], bx->lower[j])
                         : snprintf(buf + used, n - used, "%s%s below %.3g", and, d->names[j], bx->upper[j]);
        used += w > 0 ? (size_t)w : 0;
    }
}

/* The progress of a check on a terminal. */
static void verify_progress(void *ctx, long done, long total)
{
    (void)ctx;
    if (done == total || done % 20 == 0) fprintf(stderr, "\rchecking the box: %ld of %ld runs", done, total);
    if (done == total) fprintf(stderr, "\n");
}

/* --verify N: fresh points inside and outside box 1, simulated and
 * labelled; prints how often the label holds there. */
static int verify_box(const vol_sweep_file *s, const vol_discover_label_spec *sp, const vol_discovery *dv, long n,
                      vcli_format fmt, vol_discover_check *c_out)
{
    const vol_discover_box *x = &dv->attempts[0];
    if (x->box.res_dim == 0) {
        fprintf(stderr, "volsim discover: --verify: box 1 restricts no parameter, so nothing lies outside it\n");
        return 2;
    }
    double *lim = malloc(2 * s->k * sizeof *lim);
    if (!lim) return 1;
    vol_discover_open_limits(x, lim, lim + s->k);
    vol_discover_verify_options o = {(size_t)n, s->seed + 1, isatty(STDERR_FILENO) ? verify_progress : NULL, NULL,
                                     NULL};
    vol_discover_check *cp = c_out, c;
    vol_status st = vol_discover_verify(s, sp, lim, lim + s->k, &o, cp);
    free(lim);
    if (st != VOL_OK) {
        fprintf(stderr, "volsim discover: --verify: %s\n", vol_error_message());
        vol_discover_check_free(cp);
        return st == VOL_EINVAL ? 2 : 1;
    }
    c = *cp;
    const double in = (double)c.inside[VOL_LABEL_A] / (double)c.n, out = (double)c.outside[VOL_LABEL_A] / (double)c.n;
    const double out_sample = dv->n > x->box.n ? (double)(dv->total_k - x->box.k) / (double)(dv->n - x->box.n) : 0;
    if (fmt == VCLI_FORMAT_CSV) {
        printf("\ncheck,points,a_better,b_better,unclear\ninside,%zu,%zu,%zu,%zu\noutside,%zu,%zu,%zu,%zu\n", c.n,
               c.inside[1], c.inside[2], c.inside[0], c.n, c.outside[1], c.outside[2], c.outside[0]);
    } else {
        printf("\nCheck of box 1 on %zu fresh points inside and %zu outside (seed %llu, %zu runs, %zu failed):\n", c.n,
               c.n, (unsigned long long)o.seed, c.runs, c.failed);
        printf("  inside:  %s better at %zu (%.0f%%; the box's density in the sweep %.0f%%), %s better at %zu, "
               "unclear at %zu\n", s->policies[sp->a], c.inside[1], 100 * in, 100 * x->box.density, s->policies[sp->b],
               c.inside[2], c.inside[0]);
        printf("  outside: %s better at %zu (%.0f%%; in the sweep %.0f%%), %s better at %zu, unclear at %zu\n",
               s->policies[sp->a], c.outside[1], 100 * out, 100 * out_sample, s->policies[sp->b], c.outside[2],
               c.outside[0]);
    }
    return 0;
}

/* The two dimensions of the box figure: the box's restricted ones, the
 * most often restricted in resamples first; filled up with the others by
 * the same share. */
static void two_dims(const vol_discover_box *x, size_t d, size_t dim[2])
{
    double best[2] = {-1, -1};
    dim[0] = 0;
    dim[1] = d > 1 ? 1 : 0;
    for (size_t j = 0; j < d; j++) {
        int r = x->box.lower[j] != x->trajectory.init_lower[j] || x->box.upper[j] != x->trajectory.init_upper[j];
        double score = 2.0 * r + x->share[j];
        if (score > best[0]) {
            best[1] = best[0];
            dim[1] = dim[0];
            best[0] = score;
            dim[0] = j;
        } else if (score > best[1]) {
            best[1] = score;
            dim[1] = j;
        }
    }
}

/* --figures PREFIX: box 1's peeling trajectory (PREFIX-trajectory.svg) and
 * its points on its two main dimensions (PREFIX-box.svg), each through a
 * temporary; both are refused when one exists without --force. */
static int write_figures(const vol_prim_data *d, const vol_discovery *dv, const char *prefix, int force)
{
    const vol_discover_box *x = &dv->attempts[0];
    const vol_prim_box *t = &x->trajectory;
    char p1[4096], p2[4096], title[256];
    const int two = x->found && d->d > 1;
    snprintf(p1, sizeof p1, "%s-trajectory.svg", prefix);
    snprintf(p2, sizeof p2, "%s-box.svg", prefix);
    vol_outfile *w1 = NULL, *w2 = NULL;
    int rc = vcli_output_begin("discover", p1, force, &w1);
    if (rc == 0 && two) rc = vcli_output_begin("discover", p2, force, &w2);
    if (rc) {
        vol_outfile_abort(w1);
        return rc;
    }
    double *cov = malloc((t->n_steps + 1) * sizeof *cov), *den = malloc((t->n_steps + 1) * sizeof *den);
    size_t *res = malloc((t->n_steps + 1) * sizeof *res);
    vol_status st = cov && den && res ? VOL_OK : VOL_ENOMEM;
    for (size_t i = 0; st == VOL_OK && i < t->n_steps; i++) {
        cov[i] = t->steps[i].coverage;
        den[i] = t->steps[i].density;
        res[i] = t->steps[i].res_dim;
    }
    snprintf(title, sizeof title, "PRIM peeling trajectory (%zu steps)", t->n_steps);
    if (st == VOL_OK)
        st = vol_figure_trajectory(vol_outfile_tmp_path(w1), title, cov, den, res, t->n_steps,
                                   x->found ? x->box.coverage : NAN, x->found ? x->box.density : NAN);
    free(cov); free(den); free(res);
    if (st == VOL_OK && two) {
        size_t j[2];
        two_dims(x, d->d, j);
        double *xs = malloc((d->n + 1) * 2 * sizeof *xs), lim[4];
        double lo[2], up[2];
        for (int k = 0; k < 2; k++) {
            lo[k] = x->box.lower[j[k]] == t->init_lower[j[k]] ? -INFINITY : x->box.lower[j[k]];
            up[k] = x->box.upper[j[k]] == t->init_upper[j[k]] ? INFINITY : x->box.upper[j[k]];
        }
        lim[0] = lo[0]; lim[1] = up[0]; lim[2] = lo[1]; lim[3] = up[1];
        st = xs ? VOL_OK : VOL_ENOMEM;
        for (size_t i = 0; xs && i < d->n; i++) {
            xs[i] = d->x[i * d->d + j[0]];
            xs[d->n + i] = d->x[i * d->d + j[1]];
        }
        snprintf(title, sizeof title, "Box 1: coverage %.2f, density %.2f", x->box.coverage, x->box.density);
        if (st == VOL_OK)
            st = vol_figure_box2d(vol_outfile_tmp_path(w2), title, d->names[j[0]], d->names[j[1]], xs, xs + d->n, d->y,
                                  d->n, lim);
        free(xs);
    }
    if (st != VOL_OK) {
        fprintf(stderr, "volsim discover: --figures: %s\n", st == VOL_ENOMEM ? "out of memory" : vol_error_message());
        rc = 1;
    }
    rc = vcli_output_end("discover", w1, rc);
    if (w2) rc = vcli_output_end("discover", w2, rc);
    if (rc == 0) printf("wrote %s\n", p1);
    if (rc == 0 && w2) printf("wrote %s\n", p2);
    return rc;
}

/* The companions: the tree's leaves as boxes and the feature scores. */
static void print_companions(const vol_prim_data *d, const vol_discovery *dv, vcli_format fmt)
{
    const vol_tree *t = &dv->tree;
    const double *score = dv->score, *sd = dv->score_sd;
    const int md = fmt == VCLI_FORMAT_MARKDOWN;
    printf(md ? "\n**Classification tree** (CART, Gini, depth 3, leaves of at least %zu points):\n\n"
                "| leaf | points | cases | density | rule |\n|---|---|---|---|---|\n"
              : "\nClassification tree (CART, Gini, depth 3, leaves of at least %zu points), its leaves:\n", t->min_leaf);
    char w[1000];
    for (size_t i = 0; i < t->n_nodes; i++) {
        const vol_tree_node *nd = &t->nodes[i];
        if (nd->dim >= 0 || vol_tree_leaf_words(t, d, i, w, sizeof w) != VOL_OK) continue;
        printf(md ? "| %zu | %zu | %zu | %.2f | %s |\n" : "  leaf %zu: %zu points, %zu cases (density %.2f): %s\n", i,
               nd->n, nd->k, nd->n ? (double)nd->k / (double)nd->n : 0.0, w);
    }
    printf(md ? "\n**Feature scores** (extra-trees, 100 trees, mean decrease in impurity):\n\n"
                "| parameter | score | sd over trees |\n|---|---|---|\n"
              : "\nFeature scores (extra-trees, 100 trees, mean decrease in impurity; sd over trees):\n");
    unsigned char *done = calloc(d->d + 1, 1);
    for (size_t a = 0; done && a < d->d; a++) { /* by score, descending */
        size_t best = d->d;
        for (size_t j = 0; j < d->d; j++)
            if (!done[j] && (best == d->d || score[j] > score[best])) best = j;
        done[best] = 1;
        printf(md ? "| `%s` | %.3f | %.3f |\n" : "  %-36s %.3f  (sd %.3f)\n", d->names[best], score[best], sd[best]);
    }
    free(done);
}

/* -o FILE.h5: the discovery file (vol_discovery_write). */
static int write_discovery(const vcli_args *a, const vol_prim_data *d, const vol_discovery *dv,
                           const vol_discovery_record *rec)
{
    const char *out = vcli_text(a, "output");
    vol_provenance prov = {a->cmdline, VOLSIM_GIT_COMMIT, vol_version()};
    vol_h5out *w;
    vol_status st = vol_h5out_create(out, vcli_given(a, "force") > 0, "volsim-discovery", 1, &prov, &w);
    if (st == VOL_OK && (st = vol_discovery_write(w, d, dv, rec)) != VOL_OK) vol_h5out_abort(w);
    else if (st == VOL_OK) st = vol_h5out_commit(w);
    if (st != VOL_OK) {
        fprintf(stderr, "volsim discover: %s\n", vol_error_message());
        return st == VOL_EINVAL ? 2 : 1;
    }
    if (vcli_choice(a, "format", VCLI_FORMAT_TEXT) != VCLI_FORMAT_CSV) printf("wrote %s\n", out);
    return 0;
}

/* The options of the rule from the command line. */
static vol_discover_options rule_options(const vcli_args *a)
{
    vol_discover_options o = vol_discover_defaults();
    o.max_boxes = (size_t)vcli_int(a, "boxes", 1);
    o.step = vcli_int(a, "step", -1);
    o.resamples = (size_t)vcli_int(a, "resamples", VOL_PRIM_RESAMPLE_DEFAULT);
    return o;
}

/* The boxes found (or why none), and the sentence in words. */
static void print_discovery(const vol_prim_data *d, const vol_discovery *dv, const char *subject, vcli_format fmt)
{
    char words[2000] = "", w[600];
    if (fmt == VCLI_FORMAT_TEXT && dv->nboxes)
        printf("(resamples: the share of subsamples of half the points whose PRIM step nearest in coverage, and "
               "nearest in density, restricts the dimension)\n");
    for (size_t b = 0; b < dv->nattempts; b++) {
        const vol_discover_box *x = &dv->attempts[b];
        if (!x->found) {
            if (fmt != VCLI_FORMAT_CSV)
                printf("box %zu: none of the %zu steps reaches density 0.8 with every quasi-p <= 0.05 (after dropping "
                       "the restrictions above it): no box\n", b + 1, x->trajectory.n_steps);
            break;
        }
        print_box(d, x, b + 1, fmt);
        box_words(d, x, w, sizeof w);
        if (!*w) snprintf(w, sizeof w, "anywhere (the box restricts nothing)");
        size_t len = strlen(words);
        snprintf(words + len, sizeof words - len, "%s%s (coverage %.2f, density %.2f)", len ? "; or where " : "", w,
                 x->box.coverage, x->box.density);
    }
    if (fmt == VCLI_FORMAT_CSV) return;
    printf("\nIn words: %s at %.0f%% of the %s", subject, d->n ? 100.0 * (double)dv->total_k / (double)d->n : 0.0,
           subject[0] && strstr(subject, " is 1") ? "rows" : "design's points");
    if (*words) printf("; mostly where %s.\n", words);
    else printf("; no region of the parameters where it mostly is passes the rule.\n");
    printf("(coverage: the share of those points inside the box; density: the share of the box's points that are "
           "among them)\n");
}

/* Reads the sweep or the table into d (labels and flags into *lab, *disc). */
static int load_data(const vcli_args *a, double min_effect, vol_data_table *t, vol_sweep_file *s,
                     vol_discover_label_spec *sp, vol_prim_data *d, unsigned char **lab, unsigned char **disc,
                     unsigned char **label3, vcli_format fmt)
{
    const char *table = vcli_text(a, "table"), *outcome = vcli_text(a, "outcome");
    if (table) {
        if (vol_table_read_csv(table, outcome, t) != VOL_OK) {
            fprintf(stderr, "volsim discover: %s\n", vol_error_message());
            return 2;
        }
        *d = vol_table_prim_data(t);
        return 0;
    }
    if (vol_sweep_file_read(a->pos[0], s) != VOL_OK) {
        fprintf(stderr, "volsim discover: %s\n", vol_error_message());
        return 2;
    }
    int rc = label_spec(s, a, min_effect, sp);
    size_t count[3];
    *lab = calloc(s->npoints, 1);
    *disc = calloc(s->k, 1);
    if (rc == 0 && (!*lab || !*disc || vol_discover_label(s, sp, *lab, count) != VOL_OK)) {
        fprintf(stderr, "volsim discover: %s\n", vol_error_message());
        rc = 1;
    }
    for (size_t j = 0; rc == 0 && j < s->k; j++) {
        const vol_param_info *pi = vol_params_find(s->parameters[j]);
        (*disc)[j] = pi && pi->type != VOL_PT_REAL;
    }
    if (rc == 0 && fmt != VCLI_FORMAT_CSV)
        printf("%s: %zu points: %s better at %zu, %s better at %zu, unclear at %zu\n", s->path, s->npoints,
               s->policies[sp->a], count[1], s->policies[sp->b], count[2], count[0]);
    *label3 = rc == 0 ? malloc(s->npoints) : NULL;
    if (*label3) memcpy(*label3, *lab, s->npoints);
    else if (rc == 0) rc = 1;
    for (size_t p = 0; rc == 0 && p < s->npoints; p++) (*lab)[p] = (*lab)[p] == VOL_LABEL_A;
    *d = (vol_prim_data){s->npoints, s->k, s->values, *disc, *lab, (const char *const *)s->parameters};
    return rc;
}

int vcli_cmd_discover(const vcli_args *a)
{
    const char *table = vcli_text(a, "table"), *me = vcli_text(a, "min-effect");
    const vcli_format fmt = (vcli_format)vcli_choice(a, "format", VCLI_FORMAT_TEXT);
    const long verify = vcli_int(a, "verify", 0);
    char *end = NULL;
    double min_effect = me ? strtod(me, &end) : 0;
    if (me && (end == me || *end || !(min_effect >= 0) || isinf(min_effect)))
        return vcli_usage_error("discover", "--min-effect: expected a number >= 0, found '%s'", me);
    if (table ? (a->npos != 0 || !vcli_text(a, "outcome"))
              : (a->npos != 1 || !vcli_text(a, "metric") || !vcli_text(a, "better") || !vcli_text(a, "than")))
        return vcli_usage_error("discover", "expected SWEEP.h5 --metric M --better A --than B, or --table FILE.csv "
                                            "--outcome COLUMN");
    if (table && verify) return vcli_usage_error("discover", "--verify simulates, so it needs a sweep, not --table");
    if (table && vcli_text(a, "day")) return vcli_usage_error("discover", "--day goes with a sweep, not --table");
    const long threads = vcli_int(a, "threads", 0);
    if (threads > 0) omp_set_num_threads((int)threads);
    vol_data_table t = {0};
    vol_sweep_file s = {0};
    vol_discover_label_spec sp = {0};
    vol_prim_data d = {0};
    vol_discovery dv = {0};
    unsigned char *lab = NULL, *disc = NULL, *label3 = NULL;
    int rc = load_data(a, min_effect, &t, &s, &sp, &d, &lab, &disc, &label3, fmt);
    char subject[400];
    if (table) snprintf(subject, sizeof subject, "%s is 1", vcli_text(a, "outcome"));
    else if (rc == 0)
        snprintf(subject, sizeof subject, "%s beats %s on %s%s%s (%s is better; paired 95%% interval beyond %g)",
                 s.policies[sp.a], s.policies[sp.b], s.metrics[sp.metric], (int)sp.output >= 2 ? " on day " : "",
                 (int)sp.output >= 2 ? vcli_text(a, "day") : "", sp.lower_is_better ? "lower" : "higher", min_effect);
    size_t k = 0;
    for (size_t i = 0; rc == 0 && i < d.n; i++) k += d.y[i];
    if (rc == 0 && fmt != VCLI_FORMAT_CSV)
        printf("PRIM where %s: %zu of %zu points (%.1f%%); EMA Workbench's rules (LENIENT1, peel and paste alpha 0.05, "
               "minimum mass 0.05)\n", subject, k, d.n, d.n ? 100.0 * (double)k / (double)d.n : 0.0);
    vol_discover_options o = rule_options(a);
    if (rc == 0 && vol_discover_run(&d, &o, &dv) != VOL_OK) {
        fprintf(stderr, "volsim discover: %s\n", vol_error_message());
        rc = strstr(vol_error_message(), "asked for step") ? 2 : 1;
    }
    if (rc == 0 && fmt == VCLI_FORMAT_CSV) printf("box,dimension,lower,upper,coverage,density,quasi_p\n");
    if (rc == 0) print_discovery(&d, &dv, subject, fmt);
    if (rc == 0 && fmt != VCLI_FORMAT_CSV) print_companions(&d, &dv, fmt);
    if (rc == 0 && vcli_text(a, "figures") && fmt != VCLI_FORMAT_CSV)
        rc = write_figures(&d, &dv, vcli_text(a, "figures"), vcli_given(a, "force") > 0);
    vol_discover_check check = {0};
    int checked = 0;
    if (rc == 0 && verify > 0) {
        if (dv.nboxes == 0 && fmt != VCLI_FORMAT_CSV) printf("\n--verify: no box to check\n");
        else if (dv.nboxes > 0 && (rc = verify_box(&s, &sp, &dv, verify, fmt, &check)) == 0) checked = 1;
    }
    if (rc == 0 && vcli_text(a, "output")) {
        vol_discovery_record rec = {table ? table : a->pos[0], subject, table ? NULL : &s, table ? NULL : &sp,
                                    table ? NULL : label3, table ? vcli_text(a, "outcome") : NULL, &o,
                                    checked ? &check : NULL};
        rc = write_discovery(a, &d, &dv, &rec);
    }
    vol_discover_check_free(&check);
    free(label3);
    vol_discovery_free(&dv);
    free(lab);
    free(disc);
    vol_table_free(&t);
    vol_sweep_file_free(&s);
    return rc;
}
