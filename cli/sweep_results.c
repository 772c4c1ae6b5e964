/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sweep_results.c: volsim summary, compare and export on sweep files (the
 * statistics are analysis/sweep_stats.c's). */
#define _GNU_SOURCE /* asprintf */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "commands.h"
#include "tables.h"
#include "vol_h5read.h"
#include "vol_sweep_stats.h"

int vcli_is_sweep_file(const char *path)
{
    char *f = vol_h5_file_format(path);
    int yes = f && strcmp(f, "volsim-sweep") == 0;
    free(f);
    return yes;
}

/* The metrics asked for with --metric (each one of the file's), or all. */
static int pick_metrics(const char *cmd, const vol_sweep_file *s, const vcli_args *a, size_t **out, size_t *n)
{
    size_t nm;
    const char **ms = vcli_list(a, "metric", &nm);
    *out = malloc((s->nmetrics + nm + 1) * sizeof **out);
    if (!*out) return 1;
    *n = 0;
    for (size_t i = 0; i < nm; i++) {
        int m = vol_sweep_metric(s, ms[i]);
        if (m < 0) {
            fprintf(stderr, "volsim %s: --metric: expected a metric of %s, found '%s'\n", cmd, s->path, ms[i]);
            return 2;
        }
        (*out)[(*n)++] = (size_t)m;
    }
    for (size_t m = 0; nm == 0 && m < s->nmetrics; m++) (*out)[(*n)++] = m;
    return 0;
}

/* The unit of metric name ("" when this volsim does not know it). */
static const char *unit_of(const char *name)
{
    int m = vol_metrics_find(name);
    return m >= 0 ? vol_metrics_info((size_t)m)->unit : "";
}

static void sweep_header(const vol_sweep_file *s)
{
    size_t done = 0, failed = 0, pending = 0;
    for (size_t r = 0; r < s->nruns; r++) {
        done += s->status[r] == 1;
        failed += s->status[r] == 2;
        pending += s->status[r] == 0;
    }
    printf("%s: a %s sweep of %zu points x %zu policies x up to %ld replicates; %zu runs done, %zu failed, %zu not "
           "done%s\n", s->path, s->design, s->npoints, s->npolicies, s->replicates, done, failed, pending,
           pending ? " (an interrupted sweep: finish it with volsim sweep --resume)" : "");
    printf("parameters:");
    for (size_t j = 0; j < s->k; j++) printf("%s %s [%g, %g]", j ? "," : "", s->parameters[j], s->low[j], s->high[j]);
    printf("\npolicies:");
    for (size_t i = 0; i < s->npolicies; i++) printf(" %s", s->policies[i]);
    printf("\n");
}

int vcli_sweep_summary(const vcli_args *a)
{
    const vcli_format fmt = (vcli_format)vcli_choice(a, "format", VCLI_FORMAT_TEXT);
    if (vcli_text(a, "mean-over")) return vcli_usage_error("summary", "--mean-over goes with run files; for a sweep, "
                                                                      "the last day or --day D (one of its follow_up_days)");
    vol_sweep_file s;
    if (vol_sweep_file_read(a->pos[0], &s) != VOL_OK) {
        fprintf(stderr, "volsim summary: %s\n", vol_error_message());
        return 2;
    }
    vol_sweep_output out;
    char window[64];
    size_t *ms = NULL, nm = 0;
    int rc = vcli_sweep_output("summary", &s, a, 0, &out, window, sizeof window);
    if (rc == 0) rc = pick_metrics("summary", &s, a, &ms, &nm);
    if (rc == 0 && fmt == VCLI_FORMAT_TEXT) {
        sweep_header(&s);
        printf("%s of each run; mean over the runs, and the spread of the points' means across the design\n", window);
    }
    if (rc == 0 && fmt == VCLI_FORMAT_CSV) printf("policy,metric,unit,output,runs,points,mean,p2.5,median,p97.5\n");
    if (rc == 0 && fmt == VCLI_FORMAT_MARKDOWN)
        printf("| policy | metric | unit | output | runs | points | mean | 2.5%% | median | 97.5%% |\n"
               "|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t p = 0; rc == 0 && p < s.npolicies; p++) {
        if (fmt == VCLI_FORMAT_TEXT) printf("%s\n", s.policies[p]);
        for (size_t i = 0; rc == 0 && i < nm; i++) {
            vol_sweep_summary x;
            const char *name = s.metrics[ms[i]];
            if (vol_sweep_summarize(&s, ms[i], out, p, &x) != VOL_OK) {
                fprintf(stderr, "volsim summary: %s\n", vol_error_message());
                rc = 1;
            } else if (fmt == VCLI_FORMAT_CSV) {
                printf("%s,%s,%s,%s,%ld,%zu,%.10g,%.10g,%.10g,%.10g\n", s.policies[p], name, unit_of(name), window,
                       x.runs, x.points, x.mean, x.q025, x.q50, x.q975);
            } else if (fmt == VCLI_FORMAT_MARKDOWN) {
                printf("| %s | `%s` | %s | %s | %ld | %zu | %.4g | %.4g | %.4g | %.4g |\n", s.policies[p], name,
                       unit_of(name), window, x.runs, x.points, x.mean, x.q025, x.q50, x.q975);
            } else {
                printf("  %-36s %11.4g  across the design %.4g to %.4g (median %.4g)  %ld runs  %s\n", name, x.mean,
                       x.q025, x.q975, x.q50, x.runs, unit_of(name));
            }
        }
    }
    free(ms);
    vol_sweep_file_free(&s);
    return rc;
}

/* --scenarios A,B as two different policies of the sweep; 2 with the
 * policies listed otherwise. */
static int pick_pair(const vol_sweep_file *s, const char *pair, size_t *a, size_t *b)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", pair ? pair : "");
    char *comma = strchr(buf, ',');
    if (comma) *comma = '\0';
    int ia = comma ? vol_sweep_policy(s, buf) : -1, ib = comma ? vol_sweep_policy(s, comma + 1) : -1;
    if (ia < 0 || ib < 0 || ia == ib) {
        fprintf(stderr, "volsim compare: --scenarios: expected two different policies of %s as A,B, found '%s'; it "
                        "has", s->path, pair ? pair : "");
        for (size_t i = 0; i < s->npolicies; i++) fprintf(stderr, " %s", s->policies[i]);
        fprintf(stderr, "\n");
        return 2;
    }
    *a = (size_t)ia;
    *b = (size_t)ib;
    return 0;
}

/* The per-point rows of --per-point for one metric. */
static int per_point(const vol_sweep_file *s, size_t m, vol_sweep_output out, size_t a, size_t b)
{
    vol_point_stat *ps = calloc(s->npoints + 1, sizeof *ps);
    if (!ps || vol_sweep_points(s, m, out, a, (long)b, ps) != VOL_OK) {
        fprintf(stderr, "volsim compare: %s\n", ps ? vol_error_message() : "out of memory");
        free(ps);
        return 1;
    }
    printf("  point");
    for (size_t j = 0; j < s->k; j++) printf(" %s", s->parameters[j]);
    printf(" | difference [95%% interval] replicates\n");
    for (size_t p = 0; p < s->npoints; p++) {
        printf("  %zu", p);
        for (size_t j = 0; j < s->k; j++) printf(" %.4g", s->values[p * s->k + j]);
        printf(" | %+.4g [%+.4g, %+.4g] %ld\n", ps[p].mean, ps[p].lo, ps[p].hi, ps[p].n);
    }
    free(ps);
    return 0;
}

int vcli_sweep_compare(const vcli_args *a)
{
    const int md = vcli_choice(a, "format", 0) == 1;
    if (vcli_text(a, "mean-over")) return vcli_usage_error("compare", "--mean-over goes with run files; for a sweep, "
                                                                      "the last day or --day D (one of its follow_up_days)");
    vol_sweep_file s;
    if (vol_sweep_file_read(a->pos[0], &s) != VOL_OK) {
        fprintf(stderr, "volsim compare: %s\n", vol_error_message());
        return 2;
    }
    size_t pa = 0, pb = 0, *ms = NULL, nm = 0;
    vol_sweep_output out;
    char window[64];
    int rc = pick_pair(&s, vcli_text(a, "scenarios"), &pa, &pb);
    if (rc == 0) rc = vcli_sweep_output("compare", &s, a, 0, &out, window, sizeof window);
    if (rc == 0) rc = pick_metrics("compare", &s, a, &ms, &nm);
    if (rc == 0)
        printf(md ? "%s - %s over the %zu design points of %s (%s; paired: the same point and replicate)\n\n"
                    "| metric | difference | 95%% interval over the points | higher | lower | unclear |\n"
                    "|---|---|---|---|---|---|\n"
                  : "%s - %s over the %zu design points of %s (%s; paired: the same point and replicate)\n",
               s.policies[pa], s.policies[pb], s.npoints, s.path, window);
    for (size_t i = 0; rc == 0 && i < nm; i++) {
        vol_sweep_comparison c;
        const char *name = s.metrics[ms[i]];
        if (vol_sweep_compare(&s, ms[i], out, pa, pb, &c) != VOL_OK) {
            fprintf(stderr, "volsim compare: %s\n", vol_error_message());
            rc = 1;
            break;
        }
        if (md)
            printf("| `%s` | %+.4g | [%+.4g, %+.4g] | %zu | %zu | %zu |\n", name, c.mean, c.lo, c.hi, c.higher, c.lower,
                   c.unclear);
        else
            printf("  %s: %+.4g [%+.4g, %+.4g] %s over %zu points; %s higher at %zu, lower at %zu, unclear at %zu\n",
                   name, c.mean, c.lo, c.hi, unit_of(name), c.points, s.policies[pa], c.higher, c.lower, c.unclear);
        if (vcli_given(a, "per-point") > 0) rc = per_point(&s, ms[i], out, pa, pb);
    }
    free(ms);
    vol_sweep_file_free(&s);
    return rc;
}

/* A value for CSV: NA when it has none. */
static void put_value(FILE *o, double v)
{
    if (isnan(v)) fputs("NA", o);
    else fprintf(o, "%.17g", v);
}

/* DIR/name written to its temporary (*w, committed by the caller once
 * every file is written), refused when it exists unless force. */
static int write_csv(const char *dir, const char *name, int force, const vol_sweep_file *s,
                     int (*body)(FILE *, const vol_sweep_file *), vol_outfile **w)
{
    char *path = NULL;
    if (asprintf(&path, "%s/%s", dir, name) < 0) return 1;
    int rc = vcli_output_begin("export", path, force, w);
    if (!rc && body(vol_outfile_stream(*w), s) != 0) {
        fprintf(stderr, "volsim export: %s: out of memory\n", path);
        rc = 1;
    }
    free(path);
    return rc;
}

static int runs_body(FILE *o, const vol_sweep_file *s)
{
    fprintf(o, "run,point,policy,replicate,status");
    for (size_t j = 0; j < s->k; j++) fprintf(o, ",%s", s->parameters[j]);
    fprintf(o, ",metric,final,mean_last_year");
    for (size_t f = 0; f < s->nfollow; f++) fprintf(o, ",day_%ld", s->follow_days[f]);
    fprintf(o, "\n");
    for (size_t r = 0; r < s->nruns; r++)
        for (size_t m = 0; m < s->nmetrics; m++) {
            size_t p = (size_t)s->point[r];
            fprintf(o, "%zu,%zu,%s,%d,%d", r, p, s->policies[s->policy[r]], s->replicate[r], s->status[r]);
            for (size_t j = 0; j < s->k; j++) fprintf(o, ",%.17g", s->values[p * s->k + j]);
            fprintf(o, ",%s,", s->metrics[m]);
            put_value(o, s->status[r] == 1 ? s->final[r * s->nmetrics + m] : NAN);
            fputc(',', o);
            put_value(o, s->status[r] == 1 ? s->last_year[r * s->nmetrics + m] : NAN);
            for (size_t f = 0; f < s->nfollow; f++) {
                fputc(',', o);
                put_value(o, s->status[r] == 1 ? s->at_day[(r * s->nfollow + f) * s->nmetrics + m] : NAN);
            }
            fputc('\n', o);
        }
    return 0;
}

/* Each policy against the first at the same point and replicate (common
 * random numbers): one row per point, replicate, policy and metric. */
static int differences_body(FILE *o, const vol_sweep_file *s)
{
    fprintf(o, "point,replicate,policy,versus,metric,final_difference,last_year_difference");
    for (size_t f = 0; f < s->nfollow; f++) fprintf(o, ",day_%ld_difference", s->follow_days[f]);
    fprintf(o, "\n");
    const size_t R = (size_t)s->replicates, n = s->npoints * R, nout = 2 + s->nfollow;
    double *v = malloc((n * nout + 1) * sizeof *v);
    for (size_t b = 1; v && b < s->npolicies; b++)
        for (size_t m = 0; m < s->nmetrics; m++) {
            int ok = 1;
            for (size_t k = 0; k < nout && ok; k++) {
                vol_sweep_output out = k == 0 ? VOL_SWEEP_FINAL : k == 1 ? VOL_SWEEP_LAST_YEAR : VOL_SWEEP_AT_DAY(k - 2);
                ok = vol_sweep_run_values(s, m, out, b, 0, v + k * n) == VOL_OK;
            }
            for (size_t i = 0; ok && i < n; i++) {
                fprintf(o, "%zu,%zu,%s,%s,%s", i / R, i % R, s->policies[b], s->policies[0], s->metrics[m]);
                for (size_t k = 0; k < nout; k++) {
                    fputc(',', o);
                    put_value(o, v[k * n + i]);
                }
                fputc('\n', o);
            }
        }
    int failed = v == NULL;
    free(v);
    return failed;
}

static int points_body(FILE *o, const vol_sweep_file *s)
{
    fprintf(o, "point,block,factor");
    for (size_t j = 0; j < s->k; j++) fprintf(o, ",%s", s->parameters[j]);
    fprintf(o, "\n");
    for (size_t p = 0; p < s->npoints; p++) {
        fprintf(o, "%zu,%d,%d", p, s->block[p], s->factor[p]);
        for (size_t j = 0; j < s->k; j++) fprintf(o, ",%.17g", s->values[p * s->k + j]);
        fprintf(o, "\n");
    }
    return 0;
}

int vcli_sweep_export(const vcli_args *a, const char *dir)
{
    vol_sweep_file s;
    if (vol_sweep_file_read(a->pos[0], &s) != VOL_OK) {
        fprintf(stderr, "volsim export: %s\n", vol_error_message());
        return 2;
    }
    const int force = vcli_given(a, "force") > 0;
    int rc = 0;
    const char *names[3] = {"sweep_runs.csv", "sweep_points.csv", "sweep_differences.csv"};
    for (int i = 0; i < 3 && !force && rc == 0; i++) { /* none is written when one is there */
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (access(path, F_OK) == 0) {
            fprintf(stderr, "volsim export: %s exists; nothing was written (use --force to overwrite)\n", path);
            rc = 2;
        }
    }
    int (*const bodies[3])(FILE *, const vol_sweep_file *) = {runs_body, points_body, differences_body};
    vol_outfile *w[3] = {NULL, NULL, NULL};
    const int nfiles = s.npolicies > 1 ? 3 : 2;
    for (int i = 0; i < nfiles && rc == 0; i++) rc = write_csv(dir, names[i], force, &s, bodies[i], &w[i]);
    /* into place only when all are written: a failure leaves none */
    for (int i = 0; i < nfiles; i++) {
        if (!w[i]) continue;
        char *final = strdup(vol_outfile_path(w[i]));
        rc = vcli_output_end("export", w[i], rc);
        if (rc == 0) printf("wrote %s\n", final);
        free(final);
    }
    vol_sweep_file_free(&s);
    return rc;
}
