/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_prim.c: PRIM (analysis/prim.c) against EMA Workbench, and the CSV
 * table reader (analysis/table.c).
 *
 * tests/data/prim/ holds three data sets and EMA Workbench's outputs on
 * them (tests/data/prim/README.md). Stated comparisons:
 * - trajectories (phase, n, k, coverage, density, mass, mean, res_dim and
 *   every limit) equal EMA's exactly (doubles compared with ==), for A box
 *   1, B box 1, C box 1, C box 2 (covering after box 1's last step) and
 *   Csel box 2 (after box 1's step 38);
 * - quasi-p values within 1e-9 relative of EMA's at every step of the qp
 *   files, NaN exactly where EMA has none;
 * - the peel_end, last and chosen boxes of the inspect files;
 * - resampling (100 subsamples of half the points; EMA: 10 with numpy's
 *   generator, so only the pattern is compared): a dimension EMA restricted
 *   in >= 90% of its subsamples has a share >= 0.9 here, one EMA restricted
 *   in <= 30% has a share <= 0.5. Measured (coverage-nearest step):
 *   A x0 1.00, x1 0.97, x2 0.25, x3 0.20, x4 0.03, x5 0.06; B x0 and x3
 *   1.00, x1 0.01, x2 0.09; C x4 and x5 1.00, the others 0.02 to 0.12
 *   (the log of the resample_pattern tests lists them all);
 * - a null data set (labels independent of the inputs) gives no box by
 *   volsim's rule (density >= 0.8, every quasi-p <= 0.05) while A does;
 * - the rule with restrictions dropped (vol_prim_simplify, quasi-p > 0.05
 *   put back) picks EMA's chosen steps on A, B and C with nothing dropped
 *   (A step 39, coverage 0.703, density 0.813; B 20, 0.751, 0.828; C 38,
 *   0.641, 0.811), drops 11 restrictions over A's 47 steps, and finds no
 *   restricted box on the ten null data sets. */
#define _GNU_SOURCE /* mkdtemp, strdup */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include <gsl/gsl_rng.h>
#include "volsim.h"
#include "vol_prim.h"
#include "vol_table.h"

#define DATA VOLSIM_SOURCE_DIR "/tests/data/prim/"
#define QP_RTOL 1e-9
#define MAX_REPORTS 10

/* ---- a small reader of the reference CSV files (strings) ---- */

typedef struct {
    size_t rows, cols;
    char **head;   /* cols names */
    char **cell;   /* rows * cols fields */
} ref_csv;

static size_t split(char *line, char **out, size_t cap)
{
    size_t n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *p = line;; p++) {
        char *c = strchr(p, ',');
        if (n < cap) out[n] = p;
        n++;
        if (!c) break;
        *c = '\0';
        p = c;
    }
    return n;
}

static void ref_read(const char *name, ref_csv *r)
{
    char path[512], line[8192], *f[64];
    snprintf(path, sizeof path, DATA "%s", name);
    FILE *fp = fopen(path, "r");
    cr_assert_not_null(fp, "cannot open %s", path);
    memset(r, 0, sizeof *r);
    cr_assert_not_null(fgets(line, sizeof line, fp), "%s: empty", path);
    r->cols = split(line, f, 64);
    r->head = malloc(r->cols * sizeof *r->head);
    for (size_t c = 0; c < r->cols; c++) r->head[c] = strdup(f[c]);
    size_t cap = 0;
    while (fgets(line, sizeof line, fp)) {
        if (line[0] == '\n') continue;
        cr_assert_eq(split(line, f, 64), r->cols, "%s: ragged row %zu", path, r->rows + 1);
        if (r->rows == cap) {
            cap = cap ? 2 * cap : 64;
            r->cell = realloc(r->cell, cap * r->cols * sizeof *r->cell);
        }
        for (size_t c = 0; c < r->cols; c++) r->cell[r->rows * r->cols + c] = strdup(f[c]);
        r->rows++;
    }
    fclose(fp);
}

static void ref_free(ref_csv *r)
{
    for (size_t c = 0; c < r->cols; c++) free(r->head[c]);
    for (size_t i = 0; i < r->rows * r->cols; i++) free(r->cell[i]);
    free(r->head);
    free(r->cell);
}

static const char *ref_s(const ref_csv *r, size_t row, const char *col)
{
    for (size_t c = 0; c < r->cols; c++)
        if (strcmp(r->head[c], col) == 0) return r->cell[row * r->cols + c];
    cr_assert_fail("no column %s in a reference file", col);
    return NULL;
}

/* the field as a double: strtod, exact; NaN for an empty field */
static double ref_d(const ref_csv *r, size_t row, const char *col)
{
    const char *s = ref_s(r, row, col);
    return *s ? strtod(s, NULL) : NAN;
}

/* ---- running PRIM on the reference data ---- */

static void load(const char *set, vol_data_table *t)
{
    char path[512];
    snprintf(path, sizeof path, DATA "%s.csv", set);
    cr_assert_eq(vol_table_read_csv(path, "y", t), VOL_OK, "%s", vol_error_message());
}

static size_t dim_index(const vol_data_table *t, const char *name)
{
    for (size_t j = 0; j < t->d; j++)
        if (strcmp(t->names[j], name) == 0) return j;
    cr_assert_fail("no input %s", name);
    return 0;
}

/* box 1 of a set, or box 2 after box 1's step `after` (-1: its last step) */
static void find(const vol_data_table *t, int box2, long after, vol_prim_box *out)
{
    vol_prim_data data = vol_table_prim_data(t);
    vol_prim_options o = vol_prim_defaults();
    cr_assert_eq(vol_prim_find(&data, &o, NULL, out), VOL_OK, "%s", vol_error_message());
    if (!box2) return;
    unsigned char *avail = malloc(t->n);
    memset(avail, 1, t->n);
    size_t step = after < 0 ? out->n_steps - 1 : (size_t)after;
    cr_assert_eq(vol_prim_exclude(&data, out, step, avail), VOL_OK, "%s", vol_error_message());
    vol_prim_box_free(out);
    cr_assert_eq(vol_prim_find(&data, &o, avail, out), VOL_OK, "%s", vol_error_message());
    free(avail);
}

static const char *phase_name(vol_prim_phase p)
{
    return p == VOL_PRIM_INIT ? "init" : p == VOL_PRIM_PEEL ? "peel" : "paste";
}

/* one mismatch: logged (the first few) and counted */
static void mismatch(int *bad, const char *what, size_t step, const char *col, double got, double want)
{
    if ((*bad)++ < MAX_REPORTS)
        cr_log_error("%s step %zu, %s: %.17g, EMA %.17g", what, step, col, got, want);
}

static void check_step_stats(const char *what, const vol_prim_step *s, size_t step, const ref_csv *r, size_t row,
                             int *bad)
{
    if (s->coverage != ref_d(r, row, "coverage")) mismatch(bad, what, step, "coverage", s->coverage, ref_d(r, row, "coverage"));
    if (s->density != ref_d(r, row, "density")) mismatch(bad, what, step, "density", s->density, ref_d(r, row, "density"));
    if (s->density != ref_d(r, row, "mean")) mismatch(bad, what, step, "mean", s->density, ref_d(r, row, "mean"));
    if (s->mass != ref_d(r, row, "mass")) mismatch(bad, what, step, "mass", s->mass, ref_d(r, row, "mass"));
    if ((double)s->n != ref_d(r, row, "n")) mismatch(bad, what, step, "n", (double)s->n, ref_d(r, row, "n"));
    if ((double)s->k != ref_d(r, row, "k")) mismatch(bad, what, step, "k", (double)s->k, ref_d(r, row, "k"));
    if ((double)s->res_dim != ref_d(r, row, "res_dim"))
        mismatch(bad, what, step, "res_dim", (double)s->res_dim, ref_d(r, row, "res_dim"));
}

static void check_trajectory(const char *run, const vol_data_table *t, const vol_prim_box *b)
{
    char name[128], col[64];
    ref_csv r;
    snprintf(name, sizeof name, "%s_trajectory.csv", run);
    ref_read(name, &r);
    cr_assert_eq(b->n_steps, r.rows, "%s: %zu steps, EMA %zu", run, b->n_steps, r.rows);
    int bad = 0;
    for (size_t s = 0; s < r.rows; s++) {
        const vol_prim_step *st = &b->steps[s];
        cr_assert_eq(ref_d(&r, s, "step"), (double)s, "%s: row %zu is not step %zu", run, s, s);
        if (strcmp(ref_s(&r, s, "phase"), phase_name(st->phase)) != 0) {
            cr_log_error("%s step %zu: phase %s, EMA %s", run, s, phase_name(st->phase), ref_s(&r, s, "phase"));
            bad++;
        }
        check_step_stats(run, st, s, &r, s, &bad);
        for (size_t j = 0; j < t->d; j++) {
            snprintf(col, sizeof col, "%s_lower", t->names[j]);
            if (st->lower[j] != ref_d(&r, s, col)) mismatch(&bad, run, s, col, st->lower[j], ref_d(&r, s, col));
            snprintf(col, sizeof col, "%s_upper", t->names[j]);
            if (st->upper[j] != ref_d(&r, s, col)) mismatch(&bad, run, s, col, st->upper[j], ref_d(&r, s, col));
        }
    }
    size_t peel_end = 0;
    for (size_t s = 0; s < r.rows; s++)
        if (strcmp(ref_s(&r, s, "phase"), "paste") != 0) peel_end = s;
    cr_expect_eq(b->peel_end, peel_end, "%s: peel_end %zu, EMA %zu", run, b->peel_end, peel_end);
    ref_free(&r);
    cr_assert_eq(bad, 0, "%s: %d mismatches with EMA's trajectory (first %d logged)", run, bad, MAX_REPORTS);
}

/* a quasi-p value against EMA's (NaN: none) */
static int qp_matches(double got, double want)
{
    if (isnan(want)) return isnan(got);
    return fabs(got - want) <= QP_RTOL * fabs(want);
}

static void check_qp(const char *run, const vol_data_table *t, const vol_prim_box *b)
{
    char name[128];
    ref_csv r;
    snprintf(name, sizeof name, "%s_qp.csv", run);
    ref_read(name, &r);
    vol_prim_data data = vol_table_prim_data(t);
    double *lo = malloc(t->d * sizeof *lo), *hi = malloc(t->d * sizeof *hi);
    size_t *rows_per_step = calloc(b->n_steps, sizeof *rows_per_step);
    int bad = 0;
    double worst = 0;
    for (size_t i = 0; i < r.rows; i++) {
        size_t s = (size_t)ref_d(&r, i, "step"), j = dim_index(t, ref_s(&r, i, "dim"));
        cr_assert_lt(s, b->n_steps, "%s: qp row for step %zu beyond the trajectory", run, s);
        rows_per_step[s]++;
        cr_assert_eq(vol_prim_quasi_p(&data, b, s, lo, hi), VOL_OK, "%s", vol_error_message());
        cr_expect(vol_prim_restricted(b, s, j), "%s step %zu: %s has a qp row but is not restricted", run, s, t->names[j]);
        if (b->steps[s].lower[j] != ref_d(&r, i, "lower")) mismatch(&bad, run, s, "qp-file lower", b->steps[s].lower[j], ref_d(&r, i, "lower"));
        if (b->steps[s].upper[j] != ref_d(&r, i, "upper")) mismatch(&bad, run, s, "qp-file upper", b->steps[s].upper[j], ref_d(&r, i, "upper"));
        double wl = ref_d(&r, i, "qp_lower"), wu = ref_d(&r, i, "qp_upper");
        if (!qp_matches(lo[j], wl)) mismatch(&bad, run, s, "qp_lower", lo[j], wl);
        if (!qp_matches(hi[j], wu)) mismatch(&bad, run, s, "qp_upper", hi[j], wu);
        if (!isnan(wl)) worst = fmax(worst, fabs(lo[j] - wl) / wl);
        if (!isnan(wu)) worst = fmax(worst, fabs(hi[j] - wu) / wu);
    }
    for (size_t s = 1; s < b->n_steps; s++)
        cr_expect_eq(rows_per_step[s], b->steps[s].res_dim, "%s step %zu: %zu qp rows, %zu restricted dimensions",
                     run, s, rows_per_step[s], b->steps[s].res_dim);
    cr_log_info("%s: %zu quasi-p rows, largest relative difference from EMA %.3g", run, r.rows, worst);
    free(lo); free(hi); free(rows_per_step);
    ref_free(&r);
    cr_assert_eq(bad, 0, "%s: %d quasi-p mismatches (first %d logged)", run, bad, MAX_REPORTS);
}

/* the step of an inspect row kind (peel_end, last, chosen); -1: no such row */
static long inspect_step(const ref_csv *r, const char *which)
{
    for (size_t i = 0; i < r->rows; i++)
        if (strcmp(ref_s(r, i, "which"), which) == 0) return (long)ref_d(r, i, "step");
    return -1;
}

static void check_inspect(const char *run, const vol_data_table *t, const vol_prim_box *b)
{
    char name[128];
    ref_csv r;
    snprintf(name, sizeof name, "%s_inspect.csv", run);
    ref_read(name, &r);
    vol_prim_data data = vol_table_prim_data(t);
    long chosen;
    cr_assert_eq(vol_prim_choose(b, 0.8, &chosen), VOL_OK);
    cr_expect_eq(chosen, inspect_step(&r, "chosen"), "%s: chosen step %ld, EMA %ld", run, chosen, inspect_step(&r, "chosen"));
    cr_expect_eq((long)b->peel_end, inspect_step(&r, "peel_end"), "%s: peel_end %zu", run, b->peel_end);
    cr_expect_eq((long)b->n_steps - 1, inspect_step(&r, "last"), "%s: last step %zu", run, b->n_steps - 1);
    double *lo = malloc(t->d * sizeof *lo), *hi = malloc(t->d * sizeof *hi);
    int bad = 0;
    for (size_t i = 0; i < r.rows; i++) {
        const char *which = ref_s(&r, i, "which");
        size_t s = strcmp(which, "chosen") == 0 ? (size_t)chosen
                 : strcmp(which, "peel_end") == 0 ? b->peel_end : b->n_steps - 1;
        size_t j = dim_index(t, ref_s(&r, i, "dim"));
        cr_assert_lt(s, b->n_steps);
        cr_assert_eq(vol_prim_quasi_p(&data, b, s, lo, hi), VOL_OK);
        check_step_stats(which, &b->steps[s], s, &r, i, &bad);
        if (b->steps[s].lower[j] != ref_d(&r, i, "min")) mismatch(&bad, which, s, "min", b->steps[s].lower[j], ref_d(&r, i, "min"));
        if (b->steps[s].upper[j] != ref_d(&r, i, "max")) mismatch(&bad, which, s, "max", b->steps[s].upper[j], ref_d(&r, i, "max"));
        if (!qp_matches(lo[j], ref_d(&r, i, "qp_lower"))) mismatch(&bad, which, s, "qp_lower", lo[j], ref_d(&r, i, "qp_lower"));
        if (!qp_matches(hi[j], ref_d(&r, i, "qp_upper"))) mismatch(&bad, which, s, "qp_upper", hi[j], ref_d(&r, i, "qp_upper"));
    }
    free(lo); free(hi);
    ref_free(&r);
    cr_assert_eq(bad, 0, "%s: %d mismatches with EMA's inspect rows", run, bad);
}

static void check_run(const char *set, const char *run, int box2, long after)
{
    vol_data_table t;
    vol_prim_box b;
    load(set, &t);
    find(&t, box2, after, &b);
    check_trajectory(run, &t, &b);
    check_qp(run, &t, &b);
    check_inspect(run, &t, &b);
    vol_prim_box_free(&b);
    vol_table_free(&t);
}

Test(prim, A_box1_matches_ema) { check_run("A", "A_box1", 0, 0); }
Test(prim, B_box1_matches_ema) { check_run("B", "B_box1", 0, 0); }
Test(prim, C_box1_matches_ema) { check_run("C", "C_box1", 0, 0); }
Test(prim, C_box2_after_last_step_matches_ema) { check_run("C", "C_box2", 1, -1); }
Test(prim, Csel_box2_after_step_38_matches_ema) { check_run("C", "Csel_box2", 1, 38); }

/* ---- resampling: EMA's pattern ---- */

static void check_resample(const char *set, const char *run, uint64_t seed)
{
    char name[128];
    vol_data_table t;
    vol_prim_box b;
    ref_csv r;
    load(set, &t);
    find(&t, 0, 0, &b);
    snprintf(name, sizeof name, "%s_resample.csv", run);
    ref_read(name, &r);
    vol_prim_data data = vol_table_prim_data(&t);
    long chosen;
    cr_assert_eq(vol_prim_choose(&b, 0.8, &chosen), VOL_OK);
    cr_assert_eq(chosen, (long)ref_d(&r, 0, "step"), "%s: chosen %ld, EMA resampled step %g", run, chosen,
                 ref_d(&r, 0, "step"));
    double *cov = malloc(t.d * sizeof *cov), *den = malloc(t.d * sizeof *den);
    cr_assert_eq(vol_prim_resample(&data, NULL, &b, (size_t)chosen, VOL_PRIM_RESAMPLE_DEFAULT, 0.5, seed, cov, den),
                 VOL_OK, "%s", vol_error_message());
    cr_assert_eq(r.rows, t.d, "%s: %zu resample rows for %zu inputs", run, r.rows, t.d);
    for (size_t i = 0; i < r.rows; i++) {
        size_t j = dim_index(&t, ref_s(&r, i, "dim"));
        double ema_c = ref_d(&r, i, "reproduce_coverage_pct") / 100, ema_d = ref_d(&r, i, "reproduce_density_pct") / 100;
        cr_log_info("%s %s: restricted in %.2f (coverage) and %.2f (density) of %d subsamples; EMA %.1f and %.1f of 10",
                    run, t.names[j], cov[j], den[j], VOL_PRIM_RESAMPLE_DEFAULT, ema_c, ema_d);
        if (ema_c >= 0.9) cr_expect_geq(cov[j], 0.9, "%s %s: coverage share %g, EMA %g", run, t.names[j], cov[j], ema_c);
        if (ema_c <= 0.3) cr_expect_leq(cov[j], 0.5, "%s %s: coverage share %g, EMA %g", run, t.names[j], cov[j], ema_c);
        if (ema_d >= 0.9) cr_expect_geq(den[j], 0.9, "%s %s: density share %g, EMA %g", run, t.names[j], den[j], ema_d);
        if (ema_d <= 0.3) cr_expect_leq(den[j], 0.5, "%s %s: density share %g, EMA %g", run, t.names[j], den[j], ema_d);
    }
    /* the same seed gives the same shares */
    double *again = malloc(t.d * sizeof *again);
    cr_assert_eq(vol_prim_resample(&data, NULL, &b, (size_t)chosen, 10, 0.5, seed, again, NULL), VOL_OK);
    double *again2 = malloc(t.d * sizeof *again2);
    cr_assert_eq(vol_prim_resample(&data, NULL, &b, (size_t)chosen, 10, 0.5, seed, again2, NULL), VOL_OK);
    for (size_t j = 0; j < t.d; j++) cr_expect_eq(again[j], again2[j], "%s: resampling not reproducible", run);
    free(cov); free(den); free(again); free(again2);
    ref_free(&r);
    vol_prim_box_free(&b);
    vol_table_free(&t);
}

Test(prim, resample_pattern_A) { check_resample("A", "A_box1", 111); }
Test(prim, resample_pattern_B) { check_resample("B", "B_box1", 121); }
Test(prim, resample_pattern_C) { check_resample("C", "C_box1", 131); }

/* ---- volsim's rule (density >= 0.8, every quasi-p <= 0.05) ---- */

/* the step volsim's rule picks on A, B and C is EMA's chosen step, with
 * exactly the true box's dimensions restricted */
Test(prim, significant_rule_finds_the_true_boxes)
{
    const char *sets[3] = {"A", "B", "C"}, *dims[3][2] = {{"x0", "x1"}, {"x0", "x3"}, {"x4", "x5"}};
    const long chosen[3] = {39, 20, 38};
    for (int i = 0; i < 3; i++) {
        vol_data_table t;
        vol_prim_box b;
        long s;
        load(sets[i], &t);
        find(&t, 0, 0, &b);
        vol_prim_data data = vol_table_prim_data(&t);
        cr_assert_eq(vol_prim_choose_significant(&data, &b, 0.8, 0.05, &s), VOL_OK, "%s", vol_error_message());
        cr_expect_eq(s, chosen[i], "%s: significant step %ld, expected %ld", sets[i], s, chosen[i]);
        cr_assert_geq(s, 0);
        cr_expect_eq(b.steps[s].res_dim, 2, "%s: %zu dimensions restricted", sets[i], b.steps[s].res_dim);
        for (int k = 0; k < 2; k++)
            cr_expect(vol_prim_restricted(&b, (size_t)s, dim_index(&t, dims[i][k])), "%s: %s not restricted", sets[i], dims[i][k]);
        /* a strict enough bound on the quasi-p values rejects every step
         * that restricts something: the rule does look at them */
        cr_assert_eq(vol_prim_choose_significant(&data, &b, 0.8, 1e-300, &s), VOL_OK);
        cr_expect(s < 0 || b.steps[s].res_dim == 0, "%s: step %ld passes quasi-p <= 1e-300", sets[i], s);
        vol_prim_box_free(&b);
        vol_table_free(&t);
    }
}

/* A null data set: n points of d uniform inputs and labels 1 with
 * probability 0.75, independent of the inputs, from stream (seed, 0, 1). */
static vol_prim_data null_data(gsl_rng *r, uint64_t seed, size_t n, size_t d, double *x, unsigned char *y)
{
    vol_rng_select(r, seed, 0, 1, 0, 0);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < d; j++) x[i * d + j] = gsl_rng_uniform(r);
        y[i] = gsl_rng_uniform(r) < 0.75;
    }
    return (vol_prim_data){n, d, x, NULL, y, NULL};
}

/* Labels drawn independently of the inputs (1 with probability 0.75, n =
 * 1000, five uniform inputs, ten seeds): peeling still finds restricted
 * steps of density >= 0.8 in some data sets (EMA's chosen rule takes
 * them), but none passes volsim's rule, which then keeps at most the
 * unrestricted step 0. Resampling shares do not tell these boxes apart:
 * peeling noise restricts some dimensions at any coverage, and shares up
 * to 0.99 were seen, so the quasi-p values are the test here. */
Test(prim, null_data_gives_no_significant_box)
{
    size_t n = 1000, d = 5;
    double *x = malloc(n * d * sizeof *x);
    unsigned char *y = malloc(n);
    gsl_rng *r = gsl_rng_alloc(vol_rng_philox);
    int density_only = 0;
    for (uint64_t seed = 1; seed <= 10; seed++) {
        vol_prim_data data = null_data(r, seed, n, d, x, y);
        vol_prim_box b;
        long c, s;
        cr_assert_eq(vol_prim_find(&data, NULL, NULL, &b), VOL_OK, "%s", vol_error_message());
        cr_assert_eq(vol_prim_choose(&b, 0.8, &c), VOL_OK);
        cr_assert_eq(vol_prim_choose_significant(&data, &b, 0.8, 0.05, &s), VOL_OK);
        density_only += c >= 0 && b.steps[c].res_dim > 0;
        cr_expect(s < 0 || b.steps[s].res_dim == 0,
                  "seed %d: noise box at step %ld (%zu dimensions, density %g) passes the rule", (int)seed, s,
                  b.steps[s].res_dim, b.steps[s].density);
        vol_prim_box_free(&b);
    }
    cr_log_info("null data: %d of 10 seeds give a restricted box of density >= 0.8", density_only);
    cr_expect_geq(density_only, 1, "the null data never tempts the density rule: the test shows nothing");
    gsl_rng_free(r);
    free(x);
    free(y);
}

/* ---- volsim's rule with restrictions dropped (vol_prim_simplify) ---- */

/* Every step of A's trajectory, simplified: each limit is the step's or
 * the whole-data one, the counts are those of a brute-force count inside
 * the limits, every quasi-p left is <= 0.05, and the number of sides put
 * back is what the limits show. */
Test(prim, simplify_keeps_only_significant_restrictions)
{
    vol_data_table t;
    vol_prim_box b;
    load("A", &t);
    find(&t, 0, 0, &b);
    vol_prim_data data = vol_table_prim_data(&t);
    size_t d = data.d, drops = 0;
    double *m = malloc(4 * d * sizeof *m);
    vol_prim_simple x = {.lower = m, .upper = m + d, .qp_lower = m + 2 * d, .qp_upper = m + 3 * d};
    for (size_t s = 0; s < b.n_steps; s++) {
        cr_assert_eq(vol_prim_simplify(&data, &b, s, 0.05, &x), VOL_OK, "%s", vol_error_message());
        size_t n = 0, k = 0, reset = 0;
        for (size_t j = 0; j < d; j++) {
            cr_expect(x.lower[j] == b.steps[s].lower[j] || x.lower[j] == b.init_lower[j], "step %zu x%zu", s, j);
            cr_expect(x.upper[j] == b.steps[s].upper[j] || x.upper[j] == b.init_upper[j], "step %zu x%zu", s, j);
            reset += (x.lower[j] != b.steps[s].lower[j]) + (x.upper[j] != b.steps[s].upper[j]);
            cr_expect(isnan(x.qp_lower[j]) || x.qp_lower[j] <= 0.05, "step %zu x%zu qp %g", s, j, x.qp_lower[j]);
            cr_expect(isnan(x.qp_upper[j]) || x.qp_upper[j] <= 0.05, "step %zu x%zu qp %g", s, j, x.qp_upper[j]);
        }
        for (size_t i = 0; i < data.n; i++) {
            size_t j = 0;
            while (j < d && data.x[i * d + j] >= x.lower[j] && data.x[i * d + j] <= x.upper[j]) j++;
            n += j == d;
            k += j == d && data.y[i];
        }
        cr_expect_eq(x.n, n, "step %zu: %zu points, counted %zu", s, x.n, n);
        cr_expect_eq(x.k, k, "step %zu: %zu cases, counted %zu", s, x.k, k);
        cr_expect_eq(x.dropped, reset, "step %zu: %zu dropped, %zu sides reset", s, x.dropped, reset);
        drops += x.dropped;
    }
    cr_log_info("A: %zu restrictions dropped over %zu steps", drops, b.n_steps);
    cr_expect_gt(drops, 0, "nothing was ever dropped on A: the test shows nothing");
    free(m);
    vol_prim_box_free(&b);
    vol_table_free(&t);
}

/* volsim's rule on A, B and C: the box restricts exactly the true
 * dimensions; on the null data of null_data_gives_no_significant_box no
 * box restricts anything. */
Test(prim, simplified_rule_finds_true_boxes_and_no_null_box)
{
    const char *sets[3] = {"A", "B", "C"}, *dims[3][2] = {{"x0", "x1"}, {"x0", "x3"}, {"x4", "x5"}};
    double m[40];
    vol_prim_simple x = {.lower = m, .upper = m + 10, .qp_lower = m + 20, .qp_upper = m + 30};
    for (int i = 0; i < 3; i++) {
        vol_data_table t;
        vol_prim_box b;
        long s;
        load(sets[i], &t);
        find(&t, 0, 0, &b);
        vol_prim_data data = vol_table_prim_data(&t);
        cr_assert_leq(data.d, 10);
        cr_assert_eq(vol_prim_choose_simplified(&data, &b, 0.8, 0.05, &x, &s), VOL_OK, "%s", vol_error_message());
        cr_assert_geq(s, 0, "%s: no box", sets[i]);
        cr_log_info("%s: step %ld, %zu dropped, coverage %.3f, density %.3f", sets[i], s, x.dropped, x.coverage,
                    x.density);
        cr_expect_eq(x.res_dim, 2, "%s: %zu dimensions restricted", sets[i], x.res_dim);
        for (int k = 0; k < 2; k++) {
            size_t j = dim_index(&t, dims[i][k]);
            cr_expect(x.lower[j] != b.init_lower[j] || x.upper[j] != b.init_upper[j], "%s: %s not restricted",
                      sets[i], dims[i][k]);
        }
        cr_expect_geq(x.density, 0.8);
        vol_prim_box_free(&b);
        vol_table_free(&t);
    }
    size_t n = 1000, d = 5;
    double *xs = malloc(n * d * sizeof *xs);
    unsigned char *y = malloc(n);
    gsl_rng *r = gsl_rng_alloc(vol_rng_philox);
    for (uint64_t seed = 1; seed <= 10; seed++) {
        vol_prim_data data = null_data(r, seed, n, d, xs, y);
        vol_prim_box b;
        long s;
        cr_assert_eq(vol_prim_find(&data, NULL, NULL, &b), VOL_OK, "%s", vol_error_message());
        cr_assert_eq(vol_prim_choose_simplified(&data, &b, 0.8, 0.05, &x, &s), VOL_OK);
        cr_expect(s < 0 || x.res_dim == 0, "seed %d: noise box from step %ld (%zu dimensions, density %g) passes",
                  (int)seed, s, x.res_dim, x.density);
        vol_prim_box_free(&b);
    }
    gsl_rng_free(r);
    free(xs);
    free(y);
}

/* ---- discrete inputs ---- */

/* x0 in {0..4} (each level about a fifth), x1 uniform; y = 1 when x0 is 2
 * or 3, 5% of labels flipped. Treated as discrete, every x0 limit is a
 * level and moves one level per peel: the lower one 0, 1, 2 (the quantile
 * 0.5 truncates to the current limit 0, so the values above it are kept
 * and the limit becomes the smallest kept level: B's x3), the upper one 4,
 * 3 (the quantile 3.5 truncates to 3, the values <= 3 are kept). Treated
 * as real, the limits are midpoints (0.5, ...). */
Test(prim, discrete_dimension_peels_by_levels)
{
    size_t n = 1000, d = 2;
    double *x = malloc(n * d * sizeof *x);
    unsigned char *y = malloc(n), discrete[2] = {1, 0};
    gsl_rng *r = gsl_rng_alloc(vol_rng_philox);
    vol_rng_select(r, 42, 0, 2, 0, 0);
    for (size_t i = 0; i < n; i++) {
        x[i * d] = (double)gsl_rng_uniform_int(r, 5);
        x[i * d + 1] = gsl_rng_uniform(r);
        y[i] = (x[i * d] == 2 || x[i * d] == 3) ^ (gsl_rng_uniform(r) < 0.05);
    }
    gsl_rng_free(r);
    vol_prim_data data = {n, d, x, discrete, y, NULL};
    vol_prim_box b;
    cr_assert_eq(vol_prim_find(&data, NULL, NULL, &b), VOL_OK, "%s", vol_error_message());
    int found = 0;
    for (size_t s = 0; s < b.n_steps; s++) {
        double lo = b.steps[s].lower[0], hi = b.steps[s].upper[0];
        cr_log_info("discrete x0: step %zu [%g, %g], x1 [%.3f, %.3f], n %zu, density %.3f", s, lo, hi,
                    b.steps[s].lower[1], b.steps[s].upper[1], b.steps[s].n, b.steps[s].density);
        cr_expect(lo == floor(lo) && hi == floor(hi) && lo >= 0 && hi <= 4, "step %zu: x0 limits %g %g are not levels", s, lo, hi);
        if (s > 0) {
            double dlo = lo - b.steps[s - 1].lower[0], dhi = b.steps[s - 1].upper[0] - hi;
            cr_expect((dlo == 0 || dlo == 1) && (dhi == 0 || dhi == 1), "step %zu: x0 limits jump to [%g, %g]", s, lo, hi);
        }
        found |= lo == 2 && hi == 3;
    }
    cr_expect(found, "x0 never reaches [2, 3]");
    /* the step of the true box: exactly the points with x0 in {2, 3} */
    size_t n23 = 0;
    for (size_t i = 0; i < n; i++) n23 += x[i * d] == 2 || x[i * d] == 3;
    long c;
    cr_assert_eq(vol_prim_choose(&b, 0.8, &c), VOL_OK);
    cr_assert_geq(c, 0);
    cr_expect(b.steps[c].lower[0] == 2 && b.steps[c].upper[0] == 3 && b.steps[c].n == n23,
              "chosen step %ld: x0 in [%g, %g], %zu points, expected [2, 3] and %zu", c, b.steps[c].lower[0],
              b.steps[c].upper[0], b.steps[c].n, n23);
    vol_prim_box_free(&b);
    /* the same column as a real input: midpoints of levels */
    data.discrete = NULL;
    cr_assert_eq(vol_prim_find(&data, NULL, NULL, &b), VOL_OK);
    int midpoints = 0;
    for (size_t s = 0; s < b.n_steps; s++)
        midpoints += b.steps[s].lower[0] != floor(b.steps[s].lower[0]) || b.steps[s].upper[0] != floor(b.steps[s].upper[0]);
    cr_expect_gt(midpoints, 0, "as a real input x0 still has only integer limits");
    cr_expect(b.steps[1].lower[0] == 0.5 || b.steps[1].upper[0] == 3.5, "real x0: first limits [%g, %g]",
              b.steps[1].lower[0], b.steps[1].upper[0]);
    vol_prim_box_free(&b);
    free(x);
    free(y);
}

/* ---- EMA's choice rule on hand-made trajectories ---- */

Test(prim, choose_breaks_ties_by_density_then_step)
{
    vol_prim_step st[4] = {
        {VOL_PRIM_INIT, 100, 50, 1.0, 0.5, 1.0, 0, NULL, NULL},
        {VOL_PRIM_PEEL, 50, 40, 0.8, 0.8, 0.5, 1, NULL, NULL},
        {VOL_PRIM_PEEL, 45, 40, 0.8, 0.8888, 0.45, 1, NULL, NULL},
        {VOL_PRIM_PEEL, 44, 40, 0.8, 0.8888, 0.44, 1, NULL, NULL},
    };
    vol_prim_box b = {0};
    b.steps = st;
    b.n_steps = 4;
    long s;
    cr_assert_eq(vol_prim_choose(&b, 0.8, &s), VOL_OK);
    cr_expect_eq(s, 2, "equal coverage: the higher density, then the lower step; got %ld", s);
    cr_assert_eq(vol_prim_choose(&b, 0.9, &s), VOL_OK);
    cr_expect_eq(s, -1, "no step reaches 0.9; got %ld", s);
    cr_assert_eq(vol_prim_choose(&b, 0.5, &s), VOL_OK);
    cr_expect_eq(s, 0, "density 0.5 admits step 0; got %ld", s);
}

/* ---- input checks ---- */

Test(prim, rejects_bad_input)
{
    double x[4] = {0.1, 0.2, 0.3, NAN};
    unsigned char y[4] = {0, 1, 2, 0}, none[4] = {0};
    vol_prim_data data = {4, 1, x, NULL, y, NULL};
    vol_prim_box b;
    cr_expect_eq(vol_prim_find(&data, NULL, NULL, &b), VOL_EINVAL);
    y[2] = 1;
    cr_expect_eq(vol_prim_find(&data, NULL, NULL, &b), VOL_EINVAL, "NaN input accepted");
    cr_expect(strstr(vol_error_message(), "not finite") != NULL, "%s", vol_error_message());
    x[3] = 0.4;
    vol_prim_options o = vol_prim_defaults();
    o.peel_alpha = 0.5;
    cr_expect_eq(vol_prim_find(&data, &o, NULL, &b), VOL_EINVAL, "peel_alpha 0.5 accepted");
    cr_expect_eq(vol_prim_find(&data, NULL, none, &b), VOL_EINVAL, "a box from no points");
    cr_assert_eq(vol_prim_find(&data, NULL, NULL, &b), VOL_OK, "%s", vol_error_message());
    double qp[2];
    cr_expect_eq(vol_prim_quasi_p(&data, &b, b.n_steps, qp, qp + 1), VOL_EINVAL, "a step beyond the trajectory");
    cr_expect_eq(vol_prim_resample(&data, NULL, &b, 0, 0, 0.5, 1, qp, NULL), VOL_EINVAL, "no iterations");
    vol_prim_box_free(&b);
    vol_prim_box_free(&b); /* twice is harmless */
}

/* ---- the CSV reader ---- */

static char tmpdir[64];

static void make_tmpdir(void)
{
    strcpy(tmpdir, "/tmp/test_prim_XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    cr_assert_eq(system(cmd), 0);
}

/* writes text to a file of the temporary directory; its path into path */
static void write_file(const char *name, const char *text, char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

/* reading text fails with code and a message holding each of the parts */
static void expect_error(const char *name, const char *text, const char *outcome, vol_status code,
                         const char *part1, const char *part2)
{
    char path[256];
    vol_data_table t;
    write_file(name, text, path, sizeof path);
    cr_expect_eq(vol_table_read_csv(path, outcome, &t), code, "%s: wrong status", name);
    const char *m = vol_error_message();
    cr_expect(strstr(m, path) != NULL, "%s: message '%s' does not name the file", name, m);
    cr_expect(strstr(m, part1) != NULL, "%s: message '%s' lacks '%s'", name, m, part1);
    cr_expect(part2 == NULL || strstr(m, part2) != NULL, "%s: message '%s' lacks '%s'", name, m, part2);
    vol_table_free(&t);
}

Test(table, errors_name_file_line_and_column, .init = make_tmpdir, .fini = remove_tmpdir)
{
    vol_data_table t;
    cr_expect_eq(vol_table_read_csv("/nonexistent/prim.csv", "y", &t), VOL_EIO);
    cr_expect(strstr(vol_error_message(), "/nonexistent/prim.csv") != NULL, "%s", vol_error_message());
    expect_error("ragged.csv", "a,b,y\n0.1,0.2,1\n0.3,0\n", "y", VOL_EINVAL, ":3:", "2 fields, expected 3");
    expect_error("nan.csv", "a,b,y\n0.1,abc,1\n", "y", VOL_EINVAL, ":2: column 2 (b)", "'abc'");
    expect_error("inf.csv", "a,b,y\n0.1,inf,1\n", "y", VOL_EINVAL, ":2: column 2 (b)", "finite number");
    expect_error("empty_field.csv", "a,b,y\n0.1,,1\n", "y", VOL_EINVAL, ":2: column 2 (b)", "empty field");
    expect_error("outcome.csv", "a,y,b\n0.1,1,2\n0.2,2,3\n", "y", VOL_EINVAL, ":3: column 2 (y, the outcome)",
                 "expected 0 or 1, found '2'");
    expect_error("unknown.csv", "a,b,y\n0.1,0.2,1\n", "z", VOL_EINVAL, "no outcome column 'z'",
                 "the columns are: a, b, y");
    expect_error("empty.csv", "", "y", VOL_EINVAL, "empty file", NULL);
    expect_error("header_only.csv", "a,b,y\n\n", "y", VOL_EINVAL, "no data rows", NULL);
    expect_error("no_inputs.csv", "y\n1\n", "y", VOL_EINVAL, "no inputs", NULL);
    expect_error("duplicate.csv", "a,a,y\n1,2,0\n", "y", VOL_EINVAL, "columns 1 and 2", "'a'");
}

Test(table, reads_exact_values_and_integer_columns, .init = make_tmpdir, .fini = remove_tmpdir)
{
    char path[256];
    vol_data_table t;
    write_file("good.csv",
               "\xEF\xBB\xBF" "r, i ,y,e\r\n"
               "0.1, 3 ,1,1.0\r\n"
               "\n"
               "0.20568232158180833,-2,0,1e3\r\n"
               "1.3002571677134256e-05,+7,1,2\n",
               path, sizeof path);
    cr_assert_eq(vol_table_read_csv(path, "y", &t), VOL_OK, "%s", vol_error_message());
    cr_assert_eq(t.n, 3);
    cr_assert_eq(t.d, 3);
    cr_expect_str_eq(t.names[0], "r");
    cr_expect_str_eq(t.names[1], "i");
    cr_expect_str_eq(t.names[2], "e");
    cr_expect_str_eq(t.outcome, "y");
    cr_expect_eq(t.x[0], 0.1);
    cr_expect_eq(t.x[3], 0.20568232158180833);
    cr_expect_eq(t.x[6], 1.3002571677134256e-05);
    cr_expect_eq(t.x[4], -2.0);
    cr_expect_eq(t.x[7], 7.0);
    cr_expect_eq(t.x[5], 1000.0);
    cr_expect(!t.discrete[0] && t.discrete[1] && !t.discrete[2], "integer columns: %d %d %d", t.discrete[0],
              t.discrete[1], t.discrete[2]);
    cr_expect(t.y[0] == 1 && t.y[1] == 0 && t.y[2] == 1);
    vol_table_free(&t);
    /* B's x3 is written as integers */
    load("B", &t);
    cr_expect(!t.discrete[0] && !t.discrete[1] && !t.discrete[2] && t.discrete[3], "B: only x3 is discrete");
    cr_expect_eq(t.n, 1000);
    vol_table_free(&t);
}
