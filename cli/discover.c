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
#include "vol_prim.h"
#include "vol_sweep_stats.h"
#include "vol_table.h"

/* Labels the sweep's points: 1 when A beats B by more than min_effect
 * (the lower end of the 95% interval of the paired difference, oriented so
 * that better is positive, above min_effect), 2 when B beats A likewise,
 * 0 unclear. */
static int label_points(const vol_sweep_file *s, const vcli_args *a, double min_effect, unsigned char *label,
                        size_t count[3], char *what, size_t nwhat)
{
    const char *metric = vcli_text(a, "metric"), *better = vcli_text(a, "better"), *than = vcli_text(a, "than");
    const int lower = vcli_given(a, "lower-is-better") > 0;
    int m = vol_sweep_metric(s, metric), pa = vol_sweep_policy(s, better), pb = vol_sweep_policy(s, than);
    if (m < 0 || pa < 0 || pb < 0 || pa == pb) {
        fprintf(stderr, "volsim discover: %s%s%s; %s has the policies", m < 0 ? "--metric: no such metric " : "",
                m < 0 ? metric : "", m < 0 ? "" : "--better and --than: expected two different policies of the sweep",
                s->path);
        for (size_t i = 0; i < s->npolicies; i++) fprintf(stderr, " %s", s->policies[i]);
        fprintf(stderr, "\n");
        return 2;
    }
    vol_point_stat *ps = calloc(s->npoints, sizeof *ps);
    if (!ps || vol_sweep_points(s, (size_t)m, VOL_SWEEP_FINAL, (size_t)pa, pb, ps) != VOL_OK) {
        fprintf(stderr, "volsim discover: %s\n", ps ? vol_error_message() : "out of memory");
        free(ps);
        return 1;
    }
    count[0] = count[1] = count[2] = 0;
    for (size_t p = 0; p < s->npoints; p++) {
        double lo = lower ? -ps[p].hi : ps[p].lo, hi = lower ? -ps[p].lo : ps[p].hi;
        label[p] = !isnan(lo) && lo > min_effect ? 1 : !isnan(hi) && hi < -min_effect ? 2 : 0;
        count[label[p]]++;
    }
    free(ps);
    snprintf(what, nwhat, "%s better than %s on %s (%s is better; paired 95%% interval beyond %g)", better, than, metric,
             lower ? "lower" : "higher", min_effect);
    return 0;
}

/* A quasi-p value for text ("-" for a side that is not restricted). */
static const char *qp_text(double v, char *buf, size_t n)
{
    if (isnan(v)) snprintf(buf, n, "-");
    else snprintf(buf, n, "%.2g", v);
    return buf;
}

/* Prints box b (its chosen step) in the chosen format, with the quasi-p
 * values and the resampling shares of its restricted dimensions. */
static void print_box(const vol_prim_data *d, const vol_prim_box *box, size_t step, size_t b, const double *qpl,
                      const double *qpu, const double *share, vcli_format fmt)
{
    const vol_prim_step *st = &box->steps[step];
    if (fmt == VCLI_FORMAT_TEXT)
        printf("box %zu: step %zu of %zu (coverage %.3f, density %.3f, mass %.3f, %zu points, %zu restricted)\n", b, step,
               box->n_steps - 1, st->coverage, st->density, st->mass, st->n, st->res_dim);
    else if (fmt == VCLI_FORMAT_MARKDOWN)
        printf("\n**Box %zu** (step %zu of %zu): coverage %.3f, density %.3f, mass %.3f\n\n"
               "| dimension | lower | upper | quasi-p lower | quasi-p upper | resampled |\n|---|---|---|---|---|---|\n",
               b, step, box->n_steps - 1, st->coverage, st->density, st->mass);
    char q1[32], q2[32];
    for (size_t j = 0; j < d->d; j++) {
        if (!vol_prim_restricted(box, step, j)) continue;
        qp_text(qpl[j], q1, sizeof q1);
        qp_text(qpu[j], q2, sizeof q2);
        double qp = fmax(isnan(qpl[j]) ? 0 : qpl[j], isnan(qpu[j]) ? 0 : qpu[j]);
        if (fmt == VCLI_FORMAT_CSV)
            printf("%zu,%s,%.6g,%.6g,%.6g,%.6g,%.3g\n", b, d->names[j], st->lower[j], st->upper[j], st->coverage,
                   st->density, qp);
        else if (fmt == VCLI_FORMAT_MARKDOWN)
            printf("| `%s` | %.4g | %.4g | %s | %s | %.0f%% |\n", d->names[j], st->lower[j], st->upper[j], q1, q2,
                   100 * share[j]);
        else
            printf("  %-36s %10.4g to %-10.4g quasi-p %8s %8s  in %3.0f%% of resamples\n", d->names[j], st->lower[j],
                   st->upper[j], q1, q2, 100 * share[j]);
    }
}

/* The box's restrictions in words: "x0 between 0.2 and 0.6 and x1 above
 * 0.65". */
static void box_words(const vol_prim_data *d, const vol_prim_box *box, size_t step, char *buf, size_t n)
{
    const vol_prim_step *st = &box->steps[step];
    size_t used = 0;
    buf[0] = '\0';
    for (size_t j = 0; j < d->d && used < n; j++) {
        int lo = st->lower[j] != box->init_lower[j], hi = st->upper[j] != box->init_upper[j];
        if (!lo && !hi) continue;
        int w = lo && hi ? snprintf(buf + used, n - used, "%s%s between %.3g and %.3g", used ? " and " : "", d->names[j],
                                    st->lower[j], st->upper[j])
                : lo     ? snprintf(buf + used, n - used, "%s%s above %.3g", used ? " and " : "", d->names[j], st->lower[j])
                         : snprintf(buf + used, n - used, "%s%s below %.3g", used ? " and " : "", d->names[j], st->upper[j]);
        used += w > 0 ? (size_t)w : 0;
    }
}

/* One box: find, choose (the highest coverage with density >= 0.8 and every
 * quasi-p <= 0.05, or --step), print, exclude its points for the next. */
static int one_box(const vol_prim_data *d, unsigned char *avail, size_t b, long want_step, vcli_format fmt,
                   long resamples, char *words, size_t nwords)
{
    vol_prim_options opt = vol_prim_defaults();
    vol_prim_box box;
    long step = -1;
    if (vol_prim_find(d, &opt, avail, &box) != VOL_OK) {
        fprintf(stderr, "volsim discover: %s\n", vol_error_message());
        return 1;
    }
    if (want_step >= 0 && (size_t)want_step >= box.n_steps) {
        fprintf(stderr, "volsim discover: --step: box %zu has steps 0 to %zu, found %ld\n", b, box.n_steps - 1, want_step);
        vol_prim_box_free(&box);
        return 2;
    }
    if (want_step >= 0) step = want_step;
    else if (vol_prim_choose_significant(d, &box, 0.8, 0.05, &step) != VOL_OK) step = -1;
    if (step < 0) {
        if (fmt != VCLI_FORMAT_CSV)
            printf("box %zu: no step of %zu has density >= 0.8 with every quasi-p <= 0.05: no box found\n", b,
                   box.n_steps - 1);
        vol_prim_box_free(&box);
        return 3; /* no box: stop covering */
    }
    double *qpl = calloc(d->d, sizeof *qpl), *qpu = calloc(d->d, sizeof *qpu), *sc = calloc(d->d, sizeof *sc),
           *sd = calloc(d->d, sizeof *sd);
    int rc = 0;
    if (!qpl || !qpu || !sc || !sd || vol_prim_quasi_p(d, &box, (size_t)step, qpl, qpu) != VOL_OK ||
        vol_prim_resample(d, &opt, &box, (size_t)step, (size_t)resamples, 0.5, 20261203, sc, sd) != VOL_OK) {
        fprintf(stderr, "volsim discover: %s\n", vol_error_message());
        rc = 1;
    } else {
        print_box(d, &box, (size_t)step, b, qpl, qpu, sc, fmt);
        char w[600];
        box_words(d, &box, (size_t)step, w, sizeof w);
        size_t len = strlen(words);
        if (len < nwords)
            snprintf(words + len, nwords - len, "%s%s (coverage %.2f, density %.2f)", len ? "; or where " : "", w,
                     box.steps[step].coverage, box.steps[step].density);
        if (vol_prim_exclude(d, &box, (size_t)step, avail) != VOL_OK) rc = 1;
    }
    free(qpl); free(qpu); free(sc); free(sd);
    vol_prim_box_free(&box);
    return rc;
}

int vcli_cmd_discover(const vcli_args *a)
{
    const char *table = vcli_text(a, "table"), *outcome = vcli_text(a, "outcome"), *me = vcli_text(a, "min-effect");
    const vcli_format fmt = (vcli_format)vcli_choice(a, "format", VCLI_FORMAT_TEXT);
    const long nbox = vcli_int(a, "boxes", 1), want_step = vcli_int(a, "step", -1), res = vcli_int(a, "resamples", 100);
    char *end = NULL;
    double min_effect = me ? strtod(me, &end) : 0;
    if (me && (end == me || *end || !(min_effect >= 0) || isinf(min_effect)))
        return vcli_usage_error("discover", "--min-effect: expected a number >= 0, found '%s'", me);
    if (table ? (a->npos != 0 || !outcome) : (a->npos != 1 || !vcli_text(a, "metric") || !vcli_text(a, "better") ||
                                              !vcli_text(a, "than")))
        return vcli_usage_error("discover", "expected SWEEP.h5 --metric M --better A --than B, or --table FILE.csv "
                                            "--outcome COLUMN");
    vol_data_table t = {0};
    vol_sweep_file s = {0};
    vol_prim_data d = {0};
    unsigned char *lab = NULL, *disc = NULL;
    char what[400];
    int rc = 0;
    if (table) {
        if (vol_table_read_csv(table, outcome, &t) != VOL_OK) {
            fprintf(stderr, "volsim discover: %s\n", vol_error_message());
            return 2;
        }
        d = vol_table_prim_data(&t);
        snprintf(what, sizeof what, "%s = 1", outcome);
    } else {
        if (vol_sweep_file_read(a->pos[0], &s) != VOL_OK) {
            fprintf(stderr, "volsim discover: %s\n", vol_error_message());
            return 2;
        }
        size_t count[3];
        lab = calloc(s.npoints, 1);
        disc = calloc(s.k, 1);
        rc = lab && disc ? label_points(&s, a, min_effect, lab, count, what, sizeof what) : 1;
        for (size_t j = 0; rc == 0 && j < s.k; j++) {
            const vol_param_info *pi = vol_params_find(s.parameters[j]);
            disc[j] = pi && pi->type != VOL_PT_REAL;
        }
        if (rc == 0 && fmt != VCLI_FORMAT_CSV)
            printf("%s: %zu points: %s better at %zu, %s better at %zu, unclear at %zu\n", s.path, s.npoints,
                   vcli_text(a, "better"), count[1], vcli_text(a, "than"), count[2], count[0]);
        for (size_t p = 0; rc == 0 && p < s.npoints; p++) lab[p] = lab[p] == 1;
        d = (vol_prim_data){s.npoints, s.k, s.values, disc, lab, (const char *const *)s.parameters};
    }
    size_t k = 0;
    for (size_t i = 0; rc == 0 && i < d.n; i++) k += d.y[i];
    if (rc == 0 && fmt != VCLI_FORMAT_CSV)
        printf("PRIM on %s: %zu of %zu points (%.1f%%); EMA Workbench's rules (LENIENT1, peel and paste alpha 0.05, "
               "minimum mass 0.05)\n", what, k, d.n, d.n ? 100.0 * (double)k / (double)d.n : 0.0);
    if (rc == 0 && fmt == VCLI_FORMAT_CSV) printf("box,dimension,lower,upper,coverage,density,quasi_p\n");
    unsigned char *avail = rc == 0 ? malloc(d.n + 1) : NULL;
    if (rc == 0 && !avail) rc = 1;
    if (avail) memset(avail, 1, d.n);
    char words[2000] = "";
    for (long b = 1; rc == 0 && b <= nbox; b++) {
        int r = one_box(&d, avail, (size_t)b, b == 1 ? want_step : -1, fmt, res, words, sizeof words);
        if (r == 3) break;
        rc = r;
    }
    if (rc == 0 && fmt != VCLI_FORMAT_CSV) {
        double share = d.n ? 100.0 * (double)k / (double)d.n : 0;
        if (table) printf("\nIn words: %s is 1 at %.0f%% of the rows", outcome, share);
        else printf("\nIn words: %s beats %s at %.0f%% of the design's points (by the paired 95%% interval of %s)",
                    vcli_text(a, "better"), vcli_text(a, "than"), share, vcli_text(a, "metric"));
        if (*words) printf("; mostly where %s.\n", words);
        else printf("; no region of the parameters where it mostly is passes the rule.\n");
        printf("(coverage: the share of those points inside the box; density: the share of the box's points that are "
               "among them)\n");
    }
    free(avail); free(lab); free(disc);
    vol_table_free(&t);
    if (!table) vol_sweep_file_free(&s);
    return rc;
}
