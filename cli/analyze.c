/* SPDX-License-Identifier: GPL-3.0-or-later */
/* analyze.c: the analysis commands: volsim summary, compare, export,
 * sensitivity. They read results files (docs/results-format.md). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "commands.h"
#include "vol_h5read.h"
#include "vol_results.h"
#include "vol_sensitivity.h"
#include "vol_sweep_stats.h"
#include "vol_stats.h"
#include "tables.h"
#include "vol_figures.h"
#include "vol_compare.h"
#include "vol_report.h"
#include <limits.h>

/* ---- metric and window selection shared by summary and compare ------------ */
typedef struct {
    const char **want; /* metrics asked for (all when none) */
    size_t nwant;
    int all;           /* none asked for: every metric, those a file lacks left out */
    long day, a, b;    /* --day D or --mean-over A:B (1-based); -1 when not given */
} selection;

static int selection_init(selection *sel, int argc)
{
    sel->want = calloc((size_t)argc + vol_metrics_count() + 1, sizeof *sel->want);
    sel->nwant = 0;
    sel->all = 0;
    sel->day = sel->a = sel->b = -1;
    return sel->want != NULL;
}

/* After option parsing: the default of every metric, and the exclusion of
 * --day and --mean-over. 0 or 2. */
static int selection_finish(selection *sel, const char *cmd)
{
    if (sel->day > 0 && sel->a > 0) return vcli_usage_error(cmd, "--day and --mean-over exclude each other");
    if (sel->nwant == 0) {
        sel->all = 1;
        for (size_t m = 0; m < vol_metrics_count(); m++) sel->want[sel->nwant++] = vol_metrics_info(m)->name;
    }
    return 0;
}

/* "A:B", two whole numbers with 1 <= A <= B <= 36500: 1, else 0. */
static int mean_over_parse(const char *w, long *a, long *b)
{
    const char *colon = strchr(w, ':');
    char first[32];
    if (!colon || (size_t)(colon - w) >= sizeof first) return 0;
    snprintf(first, sizeof first, "%.*s", (int)(colon - w), w);
    return vcli_parse_long(first, 1, 36500, a) && vcli_parse_long(colon + 1, *a, 36500, b);
}

/* --metric (each checked), --day and --mean-over of a; 0, 1 (out of
 * memory) or 2 (after the usage message). sel->want is freed by the caller
 * whatever the outcome. */
static int selection_parse(selection *sel, const vcli_args *a)
{
    const char *cmd = a->cmd->name;
    size_t n;
    const char **ms = vcli_list(a, "metric", &n);
    if (!selection_init(sel, (int)n)) return 1;
    for (size_t i = 0; i < n; i++) {
        if (vol_metrics_find(ms[i]) < 0)
            return vcli_usage_error(cmd, "--metric: expected a metric of 'volsim metrics', found '%s'", ms[i]);
        sel->want[sel->nwant++] = ms[i];
    }
    const char *d = vcli_text(a, "day"), *w = vcli_text(a, "mean-over");
    if (d && !vcli_parse_long(d, 1, 36500, &sel->day))
        return vcli_usage_error(cmd, "--day: expected a day in [1, 36500], found '%s'", d);
    if (w && !mean_over_parse(w, &sel->a, &sel->b))
        return vcli_usage_error(cmd, "--mean-over: expected A:B, whole numbers with 1 <= A <= B <= 36500, found '%s'",
                                w);
    return selection_finish(sel, cmd);
}

/* The days [lo, hi] a value is taken over, for runs of `days` days, and a
 * label for it ("day 730", "days 10-20"). */
static void selection_window(const selection *sel, long days, long *lo, long *hi, char *label, size_t n)
{
    *lo = sel->a > 0 ? sel->a : (sel->day > 0 ? sel->day : days);
    *hi = sel->a > 0 ? sel->b : *lo;
    if (*lo == *hi) snprintf(label, n, "day %ld", *lo);
    else snprintf(label, n, "days %ld-%ld", *lo, *hi);
}

/* ---- summary ------------------------------------------------------------ */

int vcli_cmd_summary(const vcli_args *a)
{
    selection sel = {0};
    const vcli_format fmt = (vcli_format)vcli_choice(a, "format", VCLI_FORMAT_TEXT);
    int rc = 0;
    if ((rc = selection_parse(&sel, a)) != 0) goto done;
    if (a->npos != 1) { rc = vcli_usage_error("summary", "expected one results file"); goto done; }
    if (vcli_is_sweep_file(a->pos[0])) { rc = vcli_sweep_summary(a); goto done; }
    char *format = vol_h5_file_format(a->pos[0]);
    int calibration = format && strcmp(format, "volsim-calibration") == 0;
    free(format);
    if (calibration) { rc = vcli_calibration_summary(a->pos[0], 0.3); goto done; }
    vol_run_file f;
    if (vol_run_file_open(a->pos[0], &f) != VOL_OK) { fprintf(stderr, "volsim summary: %s\n", vol_error_message()); rc = 2; goto done; }
    size_t missing = 0;
    if (fmt == VCLI_FORMAT_CSV) printf("scenario,metric,unit,window,n,mean,sd,ci_low,ci_high,median,q1,q3\n");
    if (fmt == VCLI_FORMAT_MARKDOWN)
        printf("| scenario | metric | unit | window | n | mean | sd | 95%% interval | median | quartiles |\n"
               "|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < f.nsc && rc == 0; i++) {
        long reps = f.sc[i].replicates, days = f.sc[i].days, lo, hi;
        char window[64];
        selection_window(&sel, days, &lo, &hi, window, sizeof window);
        if (hi > days) { fprintf(stderr, "volsim summary: %s has %ld days, asked for day %ld\n", f.sc[i].name, days, hi); rc = 2; break; }
        if (fmt == VCLI_FORMAT_TEXT) printf("%s (%ld replicates, %s)\n", f.sc[i].name, reps, window);
        double *x = malloc((size_t)(reps + 1) * sizeof *x), *sorted = malloc((size_t)(reps + 1) * sizeof *sorted);
        for (size_t k = 0; k < sel.nwant && x && sorted; k++) {
            double *data;
            char unit[64];
            if (sel.all && !vol_run_file_has_metric(&f, i, sel.want[k])) {
                missing++; /* a file of an older version */
                continue;
            }
            if (vol_run_file_metric(&f, i, sel.want[k], &data, unit, sizeof unit) != VOL_OK) {
                fprintf(stderr, "volsim summary: %s\n", vol_error_message());
                rc = 1;
                break;
            }
            vol_per_replicate(data, reps, days, lo, hi, x);
            free(data);
            double mean, half;
            long n = vol_mean_ci95(x, 1, reps, &mean, &half);
            size_t ns = 0;
            for (long r = 0; r < reps; r++)
                if (!isnan(x[r])) sorted[ns++] = x[r];
            gsl_sort(sorted, 1, ns);
            double sd = ns > 1 ? gsl_stats_sd(sorted, 1, ns) : NAN;
            double med = ns ? gsl_stats_median_from_sorted_data(sorted, 1, ns) : NAN;
            double q1 = ns ? gsl_stats_quantile_from_sorted_data(sorted, 1, ns, 0.25) : NAN;
            double q3 = ns ? gsl_stats_quantile_from_sorted_data(sorted, 1, ns, 0.75) : NAN;
            if (fmt == VCLI_FORMAT_CSV)
                printf("%s,%s,%s,%s,%ld,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g\n", f.sc[i].name, sel.want[k], unit, window,
                       n, mean, sd, mean - half, mean + half, med, q1, q3);
            else if (fmt == VCLI_FORMAT_MARKDOWN)
                printf("| %s | `%s` | %s | %s | %ld | %.4g | %.4g | [%.4g, %.4g] | %.4g | %.4g - %.4g |\n", f.sc[i].name,
                       sel.want[k], unit, window, n, mean, sd, mean - half, mean + half, med, q1, q3);
            else
                printf("  %-36s %11.4g  sd %-9.4g [%.4g, %.4g]  median %.4g (%.4g - %.4g)  %s\n", sel.want[k], mean, sd,
                       mean - half, mean + half, med, q1, q3, unit);
        }
        free(x);
        free(sorted);
    }
    if (missing)
        fprintf(stderr, "volsim summary: %s lacks %zu metric(s) of this volsim (written by an older version): left out\n",
                a->pos[0], missing);
    vol_run_file_close(&f);
done:
    free(sel.want);
    return rc;
}

/* ---- compare ------------------------------------------------------------ */

static void print_client_effects(const vol_run_file *f, int ir, int io, vcli_format fmt)
{
    long lags[VOL_N_LAGS];
    vol_client_effect e[VOL_N_LAGS];
    if (vol_client_effects(f, ir, io, lags, e) != VOL_OK) {
        printf("  (%s)\n", vol_error_message());
        return;
    }
    if (e[0].clients == 0) {
        printf("  %s reaches no client (no company contact): no per-client effects.\n", f->sc[ir].name);
        return;
    }
    printf("\nClients %s reaches (first company contact), %s - %s, wellbeing:\n", f->sc[ir].name, f->sc[ir].name,
           f->sc[io].name);
    if (fmt == VCLI_FORMAT_MARKDOWN)
        printf("\n| follow-up | day after first contact | clients | difference | 95%% interval | SMD | SMD 95%% interval |\n"
               "|---|---|---|---|---|---|---|\n");
    for (int l = 0; l < VOL_N_LAGS; l++) {
        double smd = e[l].diff / e[l].sd, slo = e[l].lo / e[l].sd, shi = e[l].hi / e[l].sd;
        if (e[l].clients == 0) {
            printf(fmt == VCLI_FORMAT_MARKDOWN ? "| %s | %ld | 0 | - | - | - | - |\n"
                                               : "  %-24s day %-4ld no client followed up this long\n",
                   vol_lag_name(l), lags[l]);
            continue;
        }
        if (fmt == VCLI_FORMAT_MARKDOWN)
            printf("| %s | %ld | %ld | %+.4f | [%+.4f, %+.4f] | %+.3f | [%+.3f, %+.3f] |\n", vol_lag_name(l), lags[l],
                   e[l].clients, e[l].diff, e[l].lo, e[l].hi, smd, slo, shi);
        else
            printf("  %-24s day %-4ld %+.4f [%+.4f, %+.4f]%s  SMD %+.3f [%+.3f, %+.3f]  (%ld clients)\n", vol_lag_name(l),
                   lags[l], e[l].diff, e[l].lo, e[l].hi, (e[l].lo > 0 || e[l].hi < 0) ? " *" : "  ", smd, slo, shi,
                   e[l].clients);
    }
}

static void print_duration_outcome(const vol_run_file *f, size_t i, vcli_format fmt)
{
    double mean[VOL_N_DUR], lo[VOL_N_DUR], hi[VOL_N_DUR];
    long n[VOL_N_DUR];
    if (vol_duration_outcome(f, i, mean, lo, hi, n) != VOL_OK) {
        printf("  (%s)\n", vol_error_message());
        return;
    }
    printf("\n%s: client wellbeing at the end of a regular match minus at its start, by how long it lasted "
           "(matches begun in the run; beside Grossman & Rhodes 2002):\n", f->sc[i].name);
    if (fmt == VCLI_FORMAT_MARKDOWN) printf("\n| realised duration | matches | change | 95%% interval |\n|---|---|---|---|\n");
    for (int g = 0; g < VOL_N_DUR; g++) {
        if (n[g] == 0) {
            printf(fmt == VCLI_FORMAT_MARKDOWN ? "| %s | 0 | - | - |\n" : "  %-26s no match\n", vol_duration_name(g));
            continue;
        }
        if (fmt == VCLI_FORMAT_MARKDOWN)
            printf("| %s | %ld | %+.4f | [%+.4f, %+.4f] |\n", vol_duration_name(g), n[g], mean[g], lo[g], hi[g]);
        else
            printf("  %-26s %+.4f [%+.4f, %+.4f]  (%ld matches)\n", vol_duration_name(g), mean[g], lo[g], hi[g], n[g]);
    }
}

/* Cost-effectiveness from the metrics over the window: employee hours per
 * extra client with a relationship lasting 6 months or more, and
 * supervision (coordinator) hours per extra active regular volunteer. */
static void print_costs(const vol_run_file *pa, int ia, const vol_run_file *pb, int ib, long lo, long hi, int paired)
{
    static const struct { const char *cost, *gain, *what, *per; } rows[] = {
        {"company_hours", "clients_lasting_6m_share", "employee hours", "extra client with a relationship lasting 6 months or more"},
        {"supervision_given", "volunteers_active_regular", "supervision hours", "extra active regular volunteer"},
    };
    const vol_run_scenario *A = &pa->sc[ia], *B = &pb->sc[ib];
    double nclients = 0;
    if (vol_run_file_parameter(pa, (size_t)ia, "clients.count", &nclients) != VOL_OK) return;
    printf("\nCosts over %s (%s - %s):\n", lo == hi ? "the day" : "the window", B->name, A->name);
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        double *ca, *cb, *ga, *gb;
        if (vol_run_file_metric(pa, (size_t)ia, rows[k].cost, &ca, NULL, 0) != VOL_OK) continue;
        if (vol_run_file_metric(pb, (size_t)ib, rows[k].cost, &cb, NULL, 0) != VOL_OK) { free(ca); continue; }
        if (vol_run_file_metric(pa, (size_t)ia, rows[k].gain, &ga, NULL, 0) != VOL_OK) { free(ca); free(cb); continue; }
        if (vol_run_file_metric(pb, (size_t)ib, rows[k].gain, &gb, NULL, 0) != VOL_OK) {
            free(ca); free(cb); free(ga);
            continue;
        }
        double *x[4] = {malloc(((size_t)A->replicates + 1) * sizeof(double)), malloc(((size_t)B->replicates + 1) * sizeof(double)),
                        malloc(((size_t)A->replicates + 1) * sizeof(double)), malloc(((size_t)B->replicates + 1) * sizeof(double))};
        if (x[0] && x[1] && x[2] && x[3]) {
            vol_per_replicate(ca, A->replicates, A->days, lo, hi, x[0]);
            vol_per_replicate(cb, B->replicates, B->days, lo, hi, x[1]);
            vol_per_replicate(ga, A->replicates, A->days, lo, hi, x[2]);
            vol_per_replicate(gb, B->replicates, B->days, lo, hi, x[3]);
            /* costs per year (a daily flow's mean x 365); gains as counts */
            double scale_gain = k == 0 ? nclients : 1.0;
            for (long r = 0; r < A->replicates; r++) { x[0][r] *= 365.0; x[2][r] *= scale_gain; }
            for (long r = 0; r < B->replicates; r++) { x[1][r] *= 365.0; x[3][r] *= scale_gain; }
            vol_comparison dc, dg;
            vol_compare_values(x[0], A->replicates, x[1], B->replicates, paired, &dc);
            vol_compare_values(x[2], A->replicates, x[3], B->replicates, paired, &dg);
            printf("  %s per year %+.4g [%+.4g, %+.4g]; %s %+.4g [%+.4g, %+.4g]\n", rows[k].what, dc.diff, dc.lo, dc.hi,
                   k == 0 ? "clients with a lasting relationship" : "active regular volunteers", dg.diff, dg.lo, dg.hi);
            if (dg.lo > 0 && dc.hi <= 0)
                printf("    %s gains with no more %s: no cost per %s (it dominates)\n", B->name, rows[k].what,
                       rows[k].per);
            else if (dg.hi < 0 && dc.lo >= 0)
                printf("    %s loses with no fewer %s: no cost per %s (it is dominated)\n", B->name, rows[k].what,
                       rows[k].per);
            else if (dg.lo > 0 || dg.hi < 0)
                printf("    = %.4g %s per %s\n", dc.diff / dg.diff, rows[k].what, rows[k].per);
            else
                printf("    no clear difference in the gain: %s per %s not defined\n", rows[k].what, rows[k].per);
        }
        for (int j = 0; j < 4; j++) free(x[j]);
        free(ca); free(cb); free(ga); free(gb);
    }
}

/* compare's per-client effects (one file, paired: needs client panels) and
 * outcomes by realised match duration (needs agent tables). */
static void print_compare_extras(const vol_run_file *pa, int ia, const vol_run_file *pb, int ib, int one_file,
                                 int paired, vcli_format fmt)
{
    if (one_file && paired) {
        if (vol_run_file_has_panel(pa, (size_t)ia, 0) && vol_run_file_has_panel(pa, (size_t)ib, 0)) {
            printf("\nPer-client effects (common random numbers: the same clients in both scenarios; interval "
                   "over replicates; SMD = difference / SD of the outcome across those clients in the other "
                   "scenario, comparable with study effect sizes):\n");
            print_client_effects(pa, ib, ia, fmt);
            print_client_effects(pa, ia, ib, fmt);
        } else {
            printf("\n(no per-client effects: the runs have no client panel; run with --set "
                   "run.client_panel_days=7)\n");
        }
    }
    if (vol_run_file_has_table(pa, (size_t)ia, 0, VOL_TABLE_RELATIONSHIPS) &&
        vol_run_file_has_table(pb, (size_t)ib, 0, VOL_TABLE_RELATIONSHIPS)) {
        print_duration_outcome(pa, (size_t)ia, fmt);
        print_duration_outcome(pb, (size_t)ib, fmt);
    } else {
        printf("\n(no outcome by realised match duration: the runs have no agent tables; run with --agents)\n");
    }
}

/* Plain language for the key outcomes among those compared. */
static void print_in_words(const selection *sel, const vol_comparison *res, char (*units)[64], const char *a,
                           const char *b, const char *window)
{
    printf("\nIn words (%s):\n", window);
    for (size_t q = 0; q < vol_key_outcome_count(); q++)
        for (size_t k = 0; k < sel->nwant; k++) {
            if (strcmp(sel->want[k], vol_key_outcome_get(q)->metric) != 0 || isnan(res[k].diff)) continue;
            const vol_comparison *x = &res[k];
            int clear = x->lo > 0 || x->hi < 0;
            const char *verb = !clear ? "does not clearly change" : (x->diff > 0 ? "raises" : "lowers");
            if (vol_unit_is_share(units[k]))
                printf("- %s %s %s compared with %s: from %.1f%% to %.1f%% (difference %+.1f points, 95%% "
                       "interval %+.1f to %+.1f).\n", b, verb, vol_key_outcome_get(q)->phrase, a,
                       100 * x->mean_a, 100 * x->mean_b, 100 * x->diff, 100 * x->lo, 100 * x->hi);
            else
                printf("- %s %s %s compared with %s: from %.3g to %.3g (%s; difference %+.3g, 95%% interval "
                       "%+.3g to %+.3g).\n", b, verb, vol_key_outcome_get(q)->phrase, a, x->mean_a,
                       x->mean_b, units[k], x->diff, x->lo, x->hi);
        }
}

int vcli_cmd_compare(const vcli_args *a)
{
    selection sel = {0};
    const char *pair = vcli_text(a, "scenarios");
    /* text|markdown: the table's order of VCLI_FORMAT_TEXT, VCLI_FORMAT_MARKDOWN */
    const vcli_format fmt = vcli_choice(a, "format", 0) == 1 ? VCLI_FORMAT_MARKDOWN : VCLI_FORMAT_TEXT;
    int rc = 0;
    if ((rc = selection_parse(&sel, a)) != 0) goto done;
    int nfiles = a->npos;
    if (nfiles == 1 && vcli_is_sweep_file(a->pos[0])) { rc = vcli_sweep_compare(a); goto done; }
    if (!((nfiles == 2 && !pair) || (nfiles == 1 && pair))) { rc = vcli_usage_error("compare", "expected two results files, or one with --scenarios A,B"); goto done; }
    vol_run_file fa, fb;
    if (vol_run_file_open(a->pos[0], &fa) != VOL_OK) { fprintf(stderr, "volsim compare: %s\n", vol_error_message()); rc = 2; goto done; }
    if (nfiles == 2 && vol_run_file_open(a->pos[1], &fb) != VOL_OK) {
        fprintf(stderr, "volsim compare: %s\n", vol_error_message());
        vol_run_file_close(&fa);
        rc = 2;
        goto done;
    }
    const vol_run_file *pa = &fa, *pb = nfiles == 2 ? &fb : &fa;
    int ia = 0, ib = 0;
    if (pair) {
        /* A,B split in a copy: the message shows the text given */
        char *first = strdup(pair), *comma = first ? strchr(first, ',') : NULL;
        if (comma) *comma = '\0';
        ia = comma ? vol_run_file_find(&fa, first) : -1;
        ib = comma ? vol_run_file_find(&fa, comma + 1) : -1;
        free(first);
        if (ia < 0 || ib < 0) {
            fprintf(stderr, "volsim compare: --scenarios: expected two scenarios A,B of %s (", fa.path);
            for (size_t i = 0; i < fa.nsc; i++) fprintf(stderr, "%s%s", i ? ", " : "", fa.sc[i].name);
            fprintf(stderr, "), found '%s'\n", pair);
            rc = 2;
        }
    } else if (fa.nsc != 1 || fb.nsc != 1) {
        fprintf(stderr, "volsim compare: %s holds several scenarios; name two with --scenarios A,B\n",
                fa.nsc != 1 ? fa.path : fb.path);
        rc = 2;
    }
    if (rc == 0) {
        const vol_run_scenario *A = &pa->sc[ia], *B = &pb->sc[ib];
        long days = A->days < B->days ? A->days : B->days, lo, hi;
        int paired = vol_run_scenarios_paired(A, B);
        char window[64];
        selection_window(&sel, days, &lo, &hi, window, sizeof window);
        if (hi > days) { fprintf(stderr, "volsim compare: the runs have %ld days, asked for day %ld\n", days, hi); rc = 2; }
        if (rc == 0 && paired && A->replicates != B->replicates) {
            long n = A->replicates < B->replicates ? A->replicates : B->replicates;
            fprintf(stderr, "volsim compare: note: %s has %ld replicates and %s %ld; the first %ld of each are paired\n",
                    A->name, A->replicates, B->name, B->replicates, n);
        }
        if (rc == 0) {
            printf("%s - %s, %s, %s\n", B->name, A->name, window,
                   paired ? "paired over replicates (same seed: common random numbers)"
                          : "Welch (different seeds or lengths: not paired)");
            if (fmt == VCLI_FORMAT_MARKDOWN)
                printf("\n| metric | unit | %s | %s | difference | 95%% interval | precision of the simulated difference | interval narrowed by pairing |\n"
                       "|---|---|---|---|---|---|---|---|\n", A->name, B->name);
        }
        double *xa = malloc((size_t)(A->replicates + 1) * sizeof *xa), *xb = malloc((size_t)(B->replicates + 1) * sizeof *xb);
        vol_comparison *res = calloc(sel.nwant + 1, sizeof *res);
        char (*units)[64] = calloc(sel.nwant + 1, sizeof *units);
        for (size_t k = 0; rc == 0 && k < sel.nwant && xa && xb && res && units; k++) {
            double *da, *db;
            if (sel.all && (!vol_run_file_has_metric(pa, (size_t)ia, sel.want[k]) ||
                            !vol_run_file_has_metric(pb, (size_t)ib, sel.want[k]))) {
                res[k].diff = res[k].lo = res[k].hi = NAN; /* a file of an older version */
                continue;
            }
            if (vol_run_file_metric(pa, (size_t)ia, sel.want[k], &da, units[k], sizeof units[k]) != VOL_OK ||
                vol_run_file_metric(pb, (size_t)ib, sel.want[k], &db, NULL, 0) != VOL_OK) {
                fprintf(stderr, "volsim compare: %s\n", vol_error_message());
                rc = 1;
                break;
            }
            vol_per_replicate(da, A->replicates, A->days, lo, hi, xa);
            vol_per_replicate(db, B->replicates, B->days, lo, hi, xb);
            free(da);
            free(db);
            vol_compare_values(xa, A->replicates, xb, B->replicates, paired, &res[k]);
            vol_comparison *q = &res[k];
            double narrowed = paired && q->welch_hi > q->welch_lo ? 1 - (q->hi - q->lo) / (q->welch_hi - q->welch_lo) : NAN;
            if (fmt == VCLI_FORMAT_MARKDOWN)
                printf("| `%s` | %s | %.4g | %.4g | %+.4g | [%+.4g, %+.4g] | %s %.3g | ", sel.want[k], units[k],
                       q->mean_a, q->mean_b, q->diff, q->lo, q->hi, paired ? "d_z" : "d", q->effect);
            if (fmt == VCLI_FORMAT_MARKDOWN) {
                if (isnan(narrowed)) printf("- |\n");
                else printf("%.0f%% |\n", 100 * narrowed);
            }
            if (fmt == VCLI_FORMAT_TEXT)
                printf("  %-36s %+11.4g  [%+.4g, %+.4g]%s  precision %s %.3g\n", sel.want[k], q->diff, q->lo, q->hi,
                       (q->lo > 0 || q->hi < 0) ? " *" : "  ", paired ? "d_z" : "d", q->effect);
            if (!isnan(narrowed) && fmt == VCLI_FORMAT_TEXT)
                printf("  %-36s (pairing made the interval %.0f%% %s than Welch's)\n", "", 100 * fabs(narrowed),
                       narrowed < 0 ? "wider" : "narrower");
        }
        if (rc == 0 && fmt == VCLI_FORMAT_TEXT)
            printf("  (* the 95%% interval excludes zero. precision %s = mean difference / SD over replicates: the "
                   "precision of the simulated difference, which grows with the population; not an effect size: "
                   "see the per-client SMDs)\n",
                   paired ? "d_z" : "d");
        if (rc == 0) print_compare_extras(pa, ia, pb, ib, nfiles == 1, paired, fmt);
        if (rc == 0) print_costs(pa, ia, pb, ib, lo, hi, paired);
        if (rc == 0) print_in_words(&sel, res, units, A->name, B->name, window);
        free(xa);
        free(xb);
        free(res);
        free(units);
    }
    vol_run_file_close(&fa);
    if (nfiles == 2) vol_run_file_close(&fb);
done:
    free(sel.want);
    return rc;
}

/* ---- export ------------------------------------------------------------- */

static int export_into(const vcli_args *a, const char *dir);

int vcli_cmd_export(const vcli_args *a)
{
    const char *dir = vcli_text(a, "csv");
    if (a->npos != 1 || !dir) return vcli_usage_error("export", "expected one results file and --csv DIR");
    struct stat st;
    int made = 0;
    if (stat(dir, &st) != 0) {
        if (mkdir(dir, 0777) != 0) {
            fprintf(stderr, "volsim export: cannot create directory %s: %s\n", dir, strerror(errno));
            return 2;
        }
        made = 1;
    } else if (!S_ISDIR(st.st_mode)) {
        fprintf(stderr, "volsim export: --csv: %s is not a directory\n", dir);
        return 2;
    }
    int rc = export_into(a, dir);
    if (rc != 0 && made) rmdir(dir); /* a failed export leaves nothing, not even the folder it made */
    return rc;
}

static int export_into(const vcli_args *a, const char *dir)
{
    if (vcli_is_sweep_file(a->pos[0])) return vcli_sweep_export(a, dir);
    char *format = vol_h5_file_format(a->pos[0]);
    int calibration = format && strcmp(format, "volsim-calibration") == 0;
    free(format);
    if (calibration) return vcli_calibration_export(a->pos[0], dir, vcli_given(a, "force") > 0);
    vol_run_file f;
    if (vol_run_file_open(a->pos[0], &f) != VOL_OK) { fprintf(stderr, "volsim export: %s\n", vol_error_message()); return 2; }
    char *path = NULL;
    vol_outfile *w = NULL;
    if (asprintf(&path, "%s/metrics.csv", dir) < 0) { vol_run_file_close(&f); return 1; }
    int rc = vcli_output_begin("export", path, vcli_given(a, "force") > 0, &w);
    FILE *out = rc ? NULL : vol_outfile_stream(w);
    if (out) fprintf(out, "scenario,replicate,day,metric,value\n");
    for (size_t i = 0; out && rc == 0 && i < f.nsc; i++)
        for (size_t m = 0; rc == 0 && m < vol_metrics_count(); m++) {
            double *data;
            const char *name = vol_metrics_info(m)->name;
            if (!vol_run_file_has_metric(&f, i, name)) continue; /* a file of an older version */
            if (vol_run_file_metric(&f, i, name, &data, NULL, 0) != VOL_OK) {
                fprintf(stderr, "volsim export: %s\n", vol_error_message());
                rc = 1;
                break;
            }
            for (long r = 0; r < f.sc[i].replicates; r++)
                for (long d = 0; d < f.sc[i].days; d++) {
                    double v = data[(size_t)r * (size_t)f.sc[i].days + (size_t)d];
                    if (isnan(v)) fprintf(out, "%s,%ld,%ld,%s,NA\n", f.sc[i].name, r, d + 1, name);
                    else fprintf(out, "%s,%ld,%ld,%s,%.17g\n", f.sc[i].name, r, d + 1, name, v);
                }
            free(data);
        }
    if (w) rc = vcli_output_end("export", w, rc);
    if (rc == 0) printf("wrote %s\n", path);
    free(path);
    vol_run_file_close(&f);
    return rc;
}

/* ---- sensitivity ---------------------------------------------------------- */

/* The output of each design point that sensitivity and plot analyse: the
 * metric of --policy (needed when the sweep has several) averaged over the
 * point's replicates, or with --versus the paired difference policy -
 * versus. Errors name the setting; returns 2 on a usage problem. */
typedef struct {
    int metric, policy, versus;
    double *y;           /* [npoints] */
    char what[320];      /* "last-day value of M (unit), policy A - B" */
} sweep_output;

int vcli_sweep_output(const char *cmd, const vol_sweep_file *s, const vcli_args *a, int last_year,
                      vol_sweep_output *out, char *what, size_t n)
{
    const char *d = vcli_text(a, "day");
    *out = last_year ? VOL_SWEEP_LAST_YEAR : VOL_SWEEP_FINAL;
    snprintf(what, n, "%s", last_year ? "last-year mean" : "last-day value");
    if (!d) return 0;
    if (last_year) return vcli_usage_error(cmd, "--day and the last year's mean exclude each other");
    long day;
    int o = vcli_parse_long(d, 1, LONG_MAX, &day) ? vol_sweep_output_of_day(s, day) : -1;
    if (o < 0) {
        fprintf(stderr, "volsim %s: --day: %s has no follow-up day '%s' (its follow_up_days:", cmd, s->path, d);
        for (size_t i = 0; i < s->nfollow; i++) fprintf(stderr, " %ld", s->follow_days[i]);
        fprintf(stderr, "%s); list the day in the sweep file's follow_up_days and run it again\n",
                s->nfollow ? "" : " none");
        return 2;
    }
    *out = (vol_sweep_output)o;
    snprintf(what, n, "value on day %ld", day);
    return 0;
}

static int sweep_output_get(const char *cmd, const vol_sweep_file *s, const vcli_args *a, int last_year, sweep_output *o)
{
    const char *metric = vcli_text(a, "metric"), *policy = vcli_text(a, "policy"), *versus = vcli_text(a, "versus");
    memset(o, 0, sizeof *o);
    o->metric = vol_sweep_metric(s, metric);
    o->policy = policy ? vol_sweep_policy(s, policy) : 0;
    o->versus = versus ? vol_sweep_policy(s, versus) : -1;
    if (o->metric < 0) {
        fprintf(stderr, "volsim %s: --metric: expected a metric of %s, found '%s'\n", cmd, s->path, metric);
        return 2;
    }
    if (o->policy < 0 || (versus && o->versus < 0)) {
        fprintf(stderr, "volsim %s: --%s: expected a policy of %s (", cmd, o->policy < 0 ? "policy" : "versus", s->path);
        for (size_t i = 0; i < s->npolicies; i++) fprintf(stderr, "%s%s", i ? ", " : "", s->policies[i]);
        fprintf(stderr, "), found '%s'\n", o->policy < 0 ? policy : versus);
        return 2;
    }
    if (!policy && s->npolicies > 1) {
        fprintf(stderr, "volsim %s: %s has %zu policies; choose one with --policy (and --versus for a difference)\n", cmd,
                s->path, s->npolicies);
        return 2;
    }
    if (versus && o->versus == o->policy) {
        fprintf(stderr, "volsim %s: --versus: '%s' is the policy itself; name another policy of %s\n", cmd, versus, s->path);
        return 2;
    }
    vol_sweep_output which;
    char window[64];
    int rc = vcli_sweep_output(cmd, s, a, last_year, &which, window, sizeof window);
    if (rc) return rc;
    vol_point_stat *ps = calloc(s->npoints, sizeof *ps);
    o->y = calloc(s->npoints + 1, sizeof *o->y);
    vol_status st = ps && o->y ? vol_sweep_points(s, (size_t)o->metric, which, (size_t)o->policy, o->versus, ps)
                               : VOL_ENOMEM;
    for (size_t p = 0; st == VOL_OK && p < s->npoints; p++) o->y[p] = ps[p].mean;
    free(ps);
    if (st != VOL_OK) {
        fprintf(stderr, "volsim %s: %s\n", cmd, st == VOL_ENOMEM ? "out of memory" : vol_error_message());
        free(o->y);
        o->y = NULL;
        return 1;
    }
    int n = snprintf(o->what, sizeof o->what, "%s of %s (%s)", window, metric,
                     vol_metrics_info((size_t)vol_metrics_find(metric))->unit);
    if (policy && n > 0 && (size_t)n < sizeof o->what)
        snprintf(o->what + n, sizeof o->what - (size_t)n, versus ? ", %s - %s (paired)" : ", policy %s", policy, versus);
    return 0;
}

static void print_sobol(const vol_sweep_file *s, const vol_sobol_index *ix, const vol_sobol_summary *sum, long boot,
                        vcli_format fmt)
{
    if (fmt == VCLI_FORMAT_CSV) {
        printf("parameter,S1,S1_low,S1_high,ST,ST_low,ST_high\n");
        for (size_t i = 0; i < s->k; i++)
            printf("%s,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n", s->parameters[i], ix[i].s1, ix[i].s1_lo, ix[i].s1_hi, ix[i].st,
                   ix[i].st_lo, ix[i].st_hi);
        return;
    }
    if (fmt == VCLI_FORMAT_MARKDOWN) printf("\n| parameter | S1 | 95%% interval | ST | 95%% interval |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < s->k; i++) {
        if (fmt == VCLI_FORMAT_MARKDOWN)
            printf("| `%s` | %.3f | [%.3f, %.3f] | %.3f | [%.3f, %.3f] |\n", s->parameters[i], ix[i].s1, ix[i].s1_lo,
                   ix[i].s1_hi, ix[i].st, ix[i].st_lo, ix[i].st_hi);
        else
            printf("  %-34s S1 %6.3f [%6.3f, %6.3f]   ST %6.3f [%6.3f, %6.3f]\n", s->parameters[i], ix[i].s1,
                   ix[i].s1_lo, ix[i].s1_hi, ix[i].st, ix[i].st_lo, ix[i].st_hi);
    }
    printf("%ssum of S1 %.3f [%.3f, %.3f] (N = %zu base samples used of %zu, %ld bootstrap resamples)\n",
           fmt == VCLI_FORMAT_MARKDOWN ? "\n" : "", sum->s1_sum, sum->s1_sum_lo, sum->s1_sum_hi, sum->used, s->samples,
           boot);
}

static void print_morris(const vol_sweep_file *s, const vol_morris_index *ix, vcli_format fmt)
{
    if (fmt == VCLI_FORMAT_CSV) {
        printf("parameter,mu_star,mu_star_low,mu_star_high,mu,sigma,effects\n");
        for (size_t i = 0; i < s->k; i++)
            printf("%s,%.6g,%.6g,%.6g,%.6g,%.6g,%zu\n", s->parameters[i], ix[i].mu_star, ix[i].mu_star_lo,
                   ix[i].mu_star_hi, ix[i].mu, ix[i].sigma, ix[i].n);
        return;
    }
    if (fmt == VCLI_FORMAT_MARKDOWN)
        printf("\n| parameter | mu* | 95%% interval | mu | sigma | effects |\n|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < s->k; i++) {
        if (fmt == VCLI_FORMAT_MARKDOWN)
            printf("| `%s` | %.4g | [%.4g, %.4g] | %.4g | %.4g | %zu |\n", s->parameters[i], ix[i].mu_star,
                   ix[i].mu_star_lo, ix[i].mu_star_hi, ix[i].mu, ix[i].sigma, ix[i].n);
        else
            printf("  %-34s mu* %10.4g [%10.4g, %10.4g]  mu %10.4g  sigma %10.4g  (%zu effects)\n", s->parameters[i],
                   ix[i].mu_star, ix[i].mu_star_lo, ix[i].mu_star_hi, ix[i].mu, ix[i].sigma, ix[i].n);
    }
    printf("(elementary effects per unit of the parameter's range in the design)\n");
}

int vcli_cmd_sensitivity(const vcli_args *a)
{
    const long boot = vcli_int(a, "bootstrap", 1000);
    const vcli_format fmt = (vcli_format)vcli_choice(a, "format", VCLI_FORMAT_TEXT);
    if (a->npos != 1 || !vcli_text(a, "metric")) return vcli_usage_error("sensitivity", "expected one sweep file and --metric M");
    vol_sweep_file s;
    if (vol_sweep_file_read(a->pos[0], &s) != VOL_OK) { fprintf(stderr, "volsim sensitivity: %s\n", vol_error_message()); return 2; }
    const int saltelli = strcmp(s.design, "saltelli") == 0, morris = strcmp(s.design, "morris") == 0;
    sweep_output o = {0};
    int rc = 0;
    if (!saltelli && !morris) {
        fprintf(stderr, "volsim sensitivity: %s is a %s design; indices need a saltelli or morris design\n", s.path, s.design);
        rc = 2;
    }
    if (rc == 0) rc = sweep_output_get("sensitivity", &s, a, vcli_choice(a, "output", 0) == 1, &o);
    if (rc == 0 && fmt != VCLI_FORMAT_CSV)
        printf("%s: %s, %s design, %zu parameters\n", s.path, o.what, s.design, s.k);
    if (rc == 0 && saltelli) {
        vol_sobol_index *ix = calloc(s.k, sizeof *ix);
        vol_sobol_summary sum;
        char warn[1024];
        if (!ix || vol_sobol_indices(o.y, s.samples, s.k, (size_t)boot, 2026, ix, &sum) != VOL_OK) {
            fprintf(stderr, "volsim sensitivity: %s\n", ix ? vol_error_message() : "out of memory");
            rc = 1;
        } else {
            print_sobol(&s, ix, &sum, boot, fmt);
            if (vol_sobol_warnings(ix, s.k, &sum, warn, sizeof warn)) {
                fflush(stdout);
                for (char *line = strtok(warn, "\n"); line; line = strtok(NULL, "\n"))
                    fprintf(stderr, "volsim sensitivity: warning: %s\n", line);
            }
        }
        free(ix);
    } else if (rc == 0) {
        vol_morris_index *ix = calloc(s.k, sizeof *ix);
        if (!ix || vol_morris_indices(o.y, s.unit, s.factor, s.samples, s.k, (size_t)boot, 2026, ix) != VOL_OK) {
            fprintf(stderr, "volsim sensitivity: %s\n", ix ? vol_error_message() : "out of memory");
            rc = 1;
        } else {
            print_morris(&s, ix, fmt);
        }
        free(ix);
    }
    free(o.y);
    vol_sweep_file_free(&s);
    return rc;
}

/* ---- plot ---------------------------------------------------------------- */

/* Natural units for a figure: shares in percent (points for a difference)
 * and indices 0-1 on 0-100. Returns the factor the values are multiplied by
 * and writes the unit to show into label. */
static double natural_unit(const char *unit, int difference, char *label, size_t n)
{
    const char *idx = strstr(unit, "0-1");
    if (vol_unit_is_share(unit)) {
        snprintf(label, n, "%s", difference ? "percentage points" : "%");
        return 100;
    }
    if (idx && idx[3] == 0) {
        snprintf(label, n, "%.*s0-100", (int)(idx - unit), unit);
        return 100;
    }
    snprintf(label, n, "%s", unit);
    return 1;
}

static vol_status plot_run(const vol_run_file *f, const char *metric, int kind_scenarios, const char *out)
{
    const vol_metric_info *mi = vol_metrics_info((size_t)vol_metrics_find(metric));
    char ylabel[160], unit[64] = "";
    vol_status st = VOL_OK;
    size_t n = f->nsc;
    double **mean = calloc(n, sizeof *mean), **lo = calloc(n, sizeof *lo), **hi = calloc(n, sizeof *hi);
    if (!mean || !lo || !hi) { free(mean); free(lo); free(hi); VOL_ERROR(VOL_ENOMEM, "out of memory"); }
    long days = LONG_MAX;
    for (size_t i = 0; i < n && st == VOL_OK; i++) {
        st = vol_day_bands(f, i, metric, &mean[i], &lo[i], &hi[i], unit, sizeof unit);
        if (f->sc[i].days < days) days = f->sc[i].days;
    }
    char shown[64];
    const double k = natural_unit(unit, 0, shown, sizeof shown);
    for (size_t i = 0; st == VOL_OK && k != 1 && i < n; i++)
        for (long d = 0; d < f->sc[i].days; d++) {
            mean[i][d] *= k;
            lo[i][d] *= k;
            hi[i][d] *= k;
        }
    snprintf(ylabel, sizeof ylabel, "%s (%s)", metric, shown);
    if (st == VOL_OK && !kind_scenarios) {
        vol_series *s = calloc(n, sizeof *s);
        for (size_t i = 0; s && i < n; i++) s[i] = (vol_series){f->sc[i].name, mean[i], lo[i], hi[i]};
        st = s ? vol_figure_timeseries(out, mi->description, ylabel, s, n, (size_t)days) : VOL_ENOMEM;
        free(s);
    } else if (st == VOL_OK) {
        const char **labels = calloc(n, sizeof *labels);
        double *m = calloc(n, sizeof *m), *l = calloc(n, sizeof *l), *h = calloc(n, sizeof *h);
        for (size_t i = 0; labels && m && l && h && i < n; i++) {
            long last = f->sc[i].days - 1;
            labels[i] = f->sc[i].name;
            m[i] = mean[i][last];
            l[i] = lo[i][last];
            h[i] = hi[i][last];
        }
        char title[200];
        snprintf(title, sizeof title, "%s on the last day (mean and 95%% interval)", metric);
        st = labels && m && l && h ? vol_figure_intervals(out, title, ylabel, labels, m, l, h, n) : VOL_ENOMEM;
        free(labels); free(m); free(l); free(h);
    }
    for (size_t i = 0; i < n; i++) { free(mean[i]); free(lo[i]); free(hi[i]); }
    free(mean); free(lo); free(hi);
    return st;
}

/* Sobol bars (sensitivity) or the output against one swept parameter in
 * its own units (response; grid levels at their values). Returns an exit
 * code; messages are printed. */
static int plot_sweep(const vcli_args *a, int sensitivity, const char *out)
{
    const char *param = vcli_text(a, "parameter");
    vol_sweep_file s;
    if (vol_sweep_file_read(a->pos[0], &s) != VOL_OK) { fprintf(stderr, "volsim plot: %s\n", vol_error_message()); return 2; }
    int pi = param ? vol_sweep_parameter(&s, param) : -1, rc = 0;
    sweep_output o = {0};
    if (!sensitivity && pi < 0) {
        fprintf(stderr, "volsim plot: --parameter: expected one of the sweep's parameters (");
        for (size_t i = 0; i < s.k; i++) fprintf(stderr, "%s%s", i ? ", " : "", s.parameters[i]);
        fprintf(stderr, "), found %s\n", param ? param : "none");
        rc = 2;
    } else if (sensitivity && strcmp(s.design, "saltelli") != 0) {
        fprintf(stderr, "volsim plot: %s is a %s design; sensitivity bars need a saltelli design\n", s.path, s.design);
        rc = 2;
    }
    if (rc == 0) rc = sweep_output_get("plot", &s, a, 0, &o);
    vol_status st = VOL_OK;
    char title[400];
    if (rc == 0 && sensitivity) {
        vol_sobol_index *ix = calloc(s.k, sizeof *ix);
        double *v[6];
        for (int j = 0; j < 6; j++) v[j] = calloc(s.k, sizeof(double));
        st = ix && v[0] && v[1] && v[2] && v[3] && v[4] && v[5] ? vol_sobol_indices(o.y, s.samples, s.k, 500, 2026, ix, NULL)
                                                              : VOL_ENOMEM;
        for (size_t i = 0; st == VOL_OK && i < s.k; i++) {
            v[0][i] = ix[i].s1; v[1][i] = ix[i].s1_lo; v[2][i] = ix[i].s1_hi;
            v[3][i] = ix[i].st; v[4][i] = ix[i].st_lo; v[5][i] = ix[i].st_hi;
        }
        snprintf(title, sizeof title, "Sobol indices: %s", o.what);
        if (st == VOL_OK)
            st = vol_figure_bars2(out, title, "index", (const char *const *)s.parameters, "first order S1", v[0], v[1],
                                  v[2], "total ST", v[3], v[4], v[5], s.k);
        free(ix);
        for (int j = 0; j < 6; j++) free(v[j]);
    } else if (rc == 0) {
        double *x = calloc(s.npoints + 1, sizeof *x);
        for (size_t p = 0; x && p < s.npoints; p++) x[p] = s.values[p * s.k + (size_t)pi];
        const vol_param_info *pinfo = vol_params_find(s.parameters[pi]);
        const char *unit = pinfo && pinfo->unit ? pinfo->unit : "";
        char xlabel[200];
        snprintf(xlabel, sizeof xlabel, "%s%s%s%s", s.parameters[pi], *unit ? " (" : "", unit, *unit ? ")" : "");
        snprintf(title, sizeof title, "%s, mean over replicates", o.what);
        const char *mname = vcli_text(a, "metric");
        const int mi = mname ? vol_metrics_find(mname) : -1;
        char shown[64], ylabel[200];
        const double k = natural_unit(mi >= 0 ? vol_metrics_info((size_t)mi)->unit : "", o.versus >= 0, shown,
                                      sizeof shown);
        snprintf(ylabel, sizeof ylabel, "%s%s (%s)", mname ? mname : "", o.versus >= 0 ? ", difference" : "", shown);
        for (size_t p = 0; p < s.npoints; p++) o.y[p] *= k;
        st = x ? vol_figure_scatter(out, title, xlabel, ylabel, x, o.y, s.npoints) : VOL_ENOMEM;
        free(x);
    }
    if (rc == 0 && st != VOL_OK) {
        fprintf(stderr, "volsim plot: %s\n", st == VOL_ENOMEM ? "out of memory" : vol_error_message());
        rc = st == VOL_EINVAL ? 2 : 1;
    }
    free(o.y);
    vol_sweep_file_free(&s);
    return rc;
}

/* The figure of plot, drawn into tmp (the temporary of out); an exit code. */
static int plot_figure(const vcli_args *a, const char *kind, const char *tmp)
{
    const char *metric = vcli_text(a, "metric");
    if (strcmp(kind, "marginals") == 0 || strcmp(kind, "pairs") == 0 || strcmp(kind, "predictive") == 0)
        return vcli_calibration_plot(a->pos[0], kind, tmp, 1);
    if (strcmp(kind, "sensitivity") == 0 || strcmp(kind, "response") == 0)
        return plot_sweep(a, strcmp(kind, "sensitivity") == 0, tmp);
    vol_run_file f;
    vol_status st = vol_run_file_open(a->pos[0], &f);
    if (st == VOL_OK) {
        st = plot_run(&f, metric, strcmp(kind, "scenarios") == 0, tmp);
        vol_run_file_close(&f);
    }
    if (st != VOL_OK) {
        fprintf(stderr, "volsim plot: %s\n", vol_error_message());
        return st == VOL_EINVAL ? 2 : 1;
    }
    return 0;
}

int vcli_cmd_plot(const vcli_args *a)
{
    const char *metric = vcli_text(a, "metric");
    const char *out = vcli_text(a, "output"), *kind = vcli_text(a, "kind") ? vcli_text(a, "kind") : "timeseries";
    if (strcmp(kind, "marginals") == 0 || strcmp(kind, "pairs") == 0 || strcmp(kind, "predictive") == 0) {
        if (a->npos != 1 || !out) return vcli_usage_error("plot", "expected one calibration file and -o FIGURE");
        if (metric) return vcli_usage_error("plot", "--kind %s shows a calibration: no --metric", kind);
    } else {
        if (a->npos != 1 || !metric || !out) return vcli_usage_error("plot", "expected one file, --metric M and -o FIGURE");
        if (strcmp(kind, "timeseries") == 0 || strcmp(kind, "scenarios") == 0) {
            if (vcli_text(a, "day"))
                return vcli_usage_error("plot", "--day goes with the figures of sweeps (--kind sensitivity or response)");
        } else if (strcmp(kind, "sensitivity") != 0 && strcmp(kind, "response") != 0) {
            return vcli_usage_error("plot", "--kind: expected timeseries, scenarios, sensitivity or response, found '%s'", kind);
        }
    }
    size_t n = strlen(out);
    if (n < 4 || (strcmp(out + n - 4, ".svg") != 0 && strcmp(out + n - 4, ".png") != 0))
        return vcli_usage_error("plot", "-o: expected a figure file ending in .svg or .png, found '%s'", out);
    vol_outfile *w;
    int rc = vcli_output_begin("plot", out, vcli_given(a, "force") > 0, &w);
    if (rc) return rc;
    rc = vcli_output_end("plot", w, plot_figure(a, kind, vol_outfile_tmp_path(w)));
    if (rc == 0) printf("wrote %s\n", out);
    else fprintf(stderr, "volsim plot: %s was not written%s\n", out, access(out, F_OK) == 0 ? " (the file there is untouched)" : "");
    return rc;
}

/* ---- report ---------------------------------------------------------------- */

/* The folder of the message catalogues: $VOLSIM_LOCALEDIR, else next to
 * the executable in the build tree (<bin>/locale), else the installed
 * <bin>/../share/locale; NULL when none holds volsim.mo for lang. */
static char *find_localedir(const char *lang)
{
    char exe[4096], *dir = NULL;
    const char *env = getenv("VOLSIM_LOCALEDIR");
    const int have_exe = vcli_exe_dir(exe, sizeof exe);
    const char *const fmt[] = {"%s", "%s/locale", "%s/../share/locale"};
    for (int k = env ? 0 : 1; k < 3 && !dir; k++) {
        if (k > 0 && !have_exe) break;
        char *d = NULL, *mo = NULL;
        if (asprintf(&d, fmt[k], k == 0 ? env : exe) < 0) return NULL;
        if (asprintf(&mo, "%s/%s/LC_MESSAGES/%s.mo", d, lang, VOL_TEXT_DOMAIN) >= 0 && access(mo, R_OK) == 0) dir = d;
        else free(d);
        free(mo);
        if (k == 0) break; /* $VOLSIM_LOCALEDIR given: only there */
    }
    return dir;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* A private folder DIR/volsim_WHAT_XXXXXX for temporary files, DIR being
 * $TMPDIR when set, else /tmp; 0 when it cannot be made (errno). */
static int make_tmpdir(const char *what, char *buf, size_t n)
{
    const char *base = getenv("TMPDIR");
    if (!base || !*base) base = "/tmp";
    int len = snprintf(buf, n, "%s/volsim_%s_XXXXXX", base, what);
    if (len < 0 || (size_t)len >= n) {
        buf[0] = '\0';
        errno = ENAMETOOLONG;
        return 0;
    }
    if (mkdtemp(buf)) return 1;
    buf[0] = '\0'; /* nothing made */
    return 0;
}

/* The report printed to PDF by headless Chromium (A4, the page's print
 * stylesheet): written under a temporary name and moved into place. */
static int print_pdf(const char *html_path, const char *pdf, int force)
{
    char profile[4096] = "", *abs = realpath(html_path, NULL), *arg_pdf = NULL, *arg_profile = NULL, *url = NULL;
    vol_outfile *w = NULL;
    int rc = vcli_output_begin("report", pdf, force, &w);
    if (rc) goto done;
    rc = 1;
    if (!abs || !make_tmpdir("chromium", profile, sizeof profile) ||
        asprintf(&arg_pdf, "--print-to-pdf=%s", vol_outfile_tmp_path(w)) < 0 ||
        asprintf(&arg_profile, "--user-data-dir=%s", profile) < 0 || asprintf(&url, "file://%s", abs) < 0) {
        fprintf(stderr, "volsim report: --pdf: %s\n", strerror(errno));
        goto done;
    }
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execlp("chromium", "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-pdf-header-footer", arg_profile, arg_pdf, url, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    struct stat st;
    if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) == 127) {
        fprintf(stderr, "volsim report: --pdf needs Chromium (Debian: apt-get install chromium); %s was written, "
                        "%s was not\n", html_path, pdf);
    } else if (WEXITSTATUS(status) != 0 || stat(vol_outfile_tmp_path(w), &st) != 0 || st.st_size < 100) {
        fprintf(stderr, "volsim report: Chromium could not print %s to PDF (exit status %d); %s was not written\n",
                html_path, WEXITSTATUS(status), pdf);
    } else {
        rc = 0;
    }
    rc = vcli_output_end("report", w, rc);
    w = NULL;
    if (rc == 0) printf("wrote %s\n", pdf);
done:
    vol_outfile_abort(w);
    if (profile[0]) nftw(profile, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(abs);
    free(arg_pdf);
    free(arg_profile);
    free(url);
    return rc;
}

/* A prediction file (volsim calibrate --predict -o) for the report; its
 * strings are malloc'd (free_prediction). */
static vol_status read_prediction(const char *path, vol_report_prediction *p)
{
    memset(p, 0, sizeof *p);
    vol_h5in *r;
    vol_status st = vol_h5in_open(path, "volsim-prediction", "volsim calibrate --predict -o", &r);
    if (st != VOL_OK) return st;
    const char *g = "/prediction";
    long long draws = 0, day = 0, lower = 0;
    p->path = strdup(path);
    p->a = vol_h5in_attr_text(r, g, "scenario_a");
    p->b = vol_h5in_attr_text(r, g, "scenario_b");
    p->metric = vol_h5in_attr_text(r, g, "metric");
    if (!p->path || !p->a || !p->b || !p->metric || vol_h5in_attr_double(r, g, "mean", &p->mean) != VOL_OK ||
        vol_h5in_attr_double(r, g, "lo", &p->lo) != VOL_OK || vol_h5in_attr_double(r, g, "hi", &p->hi) != VOL_OK ||
        vol_h5in_attr_double(r, g, "p_a_better", &p->p_a_better) != VOL_OK ||
        vol_h5in_attr_long(r, g, "draws", &draws) != VOL_OK || vol_h5in_attr_long(r, g, "day", &day) != VOL_OK ||
        vol_h5in_attr_long(r, g, "lower_is_better", &lower) != VOL_OK)
        st = VOL_EINVAL;
    p->draws = (long)draws;
    p->day = (long)day;
    p->lower_is_better = lower != 0;
    vol_h5in_close(r);
    if (st != VOL_OK) VOL_ERROR(VOL_EINVAL, "%s: not a complete prediction file", path);
    return VOL_OK;
}

/* A discovery file (volsim discover -o) for the report: its arrays and
 * strings are malloc'd (free_discovery). */
static vol_status read_discovery(const char *path, vol_report_discovery *d)
{
    memset(d, 0, sizeof *d);
    vol_h5in *r;
    vol_status st = vol_h5in_open(path, "volsim-discovery", "volsim discover -o", &r);
    if (st != VOL_OK) return st;
    const char *g = "/discovery";
    long long points = 0, cases = 0, found = 0;
    size_t k = 0, ks = 0;
    char **names = vol_h5in_texts(r, "/discovery/parameters", &k);
    double *score = vol_h5in_doubles(r, "/discovery/scores/score", &ks);
    d->path = strdup(path);
    d->metric = vol_h5in_attr_text(r, g, "metric");
    d->better = vol_h5in_attr_text(r, g, "better");
    d->than = vol_h5in_attr_text(r, g, "than");
    d->parameters = (const char *const *)names;
    d->score = score;
    d->k = names ? k : 0;
    int ok = d->path && d->metric && d->better && d->than && names && score && ks == k &&
             vol_h5in_attr_long(r, g, "points", &points) == VOL_OK && vol_h5in_attr_long(r, g, "cases", &cases) == VOL_OK;
    d->points = (size_t)points;
    d->cases = (size_t)cases;
    if (ok && vol_h5in_exists(r, "/discovery/box_1/box") &&
        vol_h5in_attr_long(r, "/discovery/box_1", "found", &found) == VOL_OK && found) {
        size_t nl = 0, nu = 0, nql = 0, nqu = 0;
        double *lo = vol_h5in_doubles(r, "/discovery/box_1/box/lower", &nl),
               *hi = vol_h5in_doubles(r, "/discovery/box_1/box/upper", &nu),
               *ql = vol_h5in_doubles(r, "/discovery/box_1/box/quasi_p_lower", &nql),
               *qu = vol_h5in_doubles(r, "/discovery/box_1/box/quasi_p_upper", &nqu);
        ok = lo && hi && ql && qu && nl == k && nu == k && nql == k && nqu == k &&
             vol_h5in_attr_double(r, "/discovery/box_1/box", "coverage", &d->coverage) == VOL_OK &&
             vol_h5in_attr_double(r, "/discovery/box_1/box", "density", &d->density) == VOL_OK;
        /* a side without a quasi-p is not restricted */
        for (size_t j = 0; ok && j < k; j++) {
            if (isnan(ql[j])) lo[j] = NAN;
            if (isnan(qu[j])) hi[j] = NAN;
        }
        free(ql);
        free(qu);
        d->lower = lo;
        d->upper = hi;
        d->box = ok;
    }
    vol_h5in_close(r);
    if (!ok) VOL_ERROR(VOL_EINVAL, "%s: not a complete discovery file", path);
    return VOL_OK;
}

static void free_discovery(vol_report_discovery *d)
{
    for (size_t j = 0; d->parameters && j < d->k; j++) free((char *)d->parameters[j]);
    free((void *)d->parameters);
    free((void *)d->score);
    free((void *)d->lower);
    free((void *)d->upper);
    free((char *)d->path);
    free((char *)d->metric);
    free((char *)d->better);
    free((char *)d->than);
}

static void free_prediction(vol_report_prediction *p)
{
    free((char *)p->path);
    free((char *)p->a);
    free((char *)p->b);
    free((char *)p->metric);
}

int vcli_cmd_report(const vcli_args *a)
{
    const char *out = vcli_text(a, "output");
    const int force = vcli_given(a, "force") > 0;
    int rc = 0;
    int nfiles = a->npos;
    if (nfiles < 1 || !out) return vcli_usage_error("report", "expected results files and -o REPORT.html");
    /* --compare A,B: two scenario names */
    size_t ncmp;
    const char **cmp = vcli_list(a, "compare", &ncmp);
    for (size_t i = 0; i < ncmp; i++) {
        const char *comma = strchr(cmp[i], ',');
        if (!comma || comma == cmp[i] || !comma[1] || strchr(comma + 1, ','))
            return vcli_usage_error("report", "--compare: expected two scenario names A,B, found '%s'", cmp[i]);
    }
    const char *lang = vcli_choice(a, "lang", 0) == 1 ? "nl" : "en";
    char *localedir = NULL;
    if (strcmp(lang, "en") != 0 && !(localedir = find_localedir(lang))) {
        fprintf(stderr,
                "volsim report: --lang %s: the message catalogue %s/LC_MESSAGES/%s.mo is not found (looked in "
                "$VOLSIM_LOCALEDIR, then next to the volsim executable in locale/ and ../share/locale/); nothing "
                "was written\n",
                lang, lang, VOL_TEXT_DOMAIN);
        return 1;
    }
    /* --pdf: REPORT.pdf beside REPORT.html */
    char *pdf = NULL;
    if (vcli_given(a, "pdf")) {
        size_t n = strlen(out);
        int ends = n > 5 && strcmp(out + n - 5, ".html") == 0;
        if (asprintf(&pdf, "%.*s.pdf", (int)(ends ? n - 5 : n), out) < 0) pdf = NULL;
        if (!pdf) { free(localedir); return 1; }
    }
    struct stat stt;
    if (!force && (stat(out, &stt) == 0 || (pdf && stat(pdf, &stt) == 0))) {
        fprintf(stderr, "volsim report: %s already exists; nothing was written (use --force to overwrite it)\n",
                stat(out, &stt) == 0 ? out : pdf);
        free(localedir);
        free(pdf);
        return 2;
    }
    vol_run_file *files = calloc((size_t)nfiles, sizeof *files);
    vol_sweep_file *sweeps = calloc((size_t)nfiles, sizeof *sweeps);
    vol_report_prediction *preds = calloc((size_t)nfiles, sizeof *preds);
    vol_report_discovery *discs = calloc((size_t)nfiles, sizeof *discs);
    size_t nruns = 0, nsweeps = 0, npreds = 0, ndiscs = 0;
    for (int i = 0; files && sweeps && preds && discs && i < nfiles && rc == 0; i++) {
        char *format = vol_h5_file_format(a->pos[i]);
        const int sweep = format && strcmp(format, "volsim-sweep") == 0,
                  pred = format && strcmp(format, "volsim-prediction") == 0,
                  disc = format && strcmp(format, "volsim-discovery") == 0;
        free(format);
        vol_status st = sweep  ? vol_sweep_file_read(a->pos[i], &sweeps[nsweeps])
                        : pred ? read_prediction(a->pos[i], &preds[npreds])
                        : disc ? read_discovery(a->pos[i], &discs[ndiscs])
                               : vol_run_file_open(a->pos[i], &files[nruns]);
        if (st != VOL_OK) {
            fprintf(stderr, "volsim report: %s\n", vol_error_message());
            if (pred) free_prediction(&preds[npreds]);
            if (disc) free_discovery(&discs[ndiscs]);
            rc = 2;
        } else if (sweep) nsweeps++;
        else if (pred) npreds++;
        else if (disc) ndiscs++;
        else nruns++;
    }
    if (!rc && (!files || !sweeps || !preds || !discs)) rc = 1;
    if (rc) goto done;
    /* written under a temporary name and renamed: a failed report leaves
     * nothing under the final name */
    char tmpdir[4096] = "";
    vol_outfile *w = NULL;
    FILE *o = NULL;
    if (!make_tmpdir("report", tmpdir, sizeof tmpdir)) {
        char why[256];
        fprintf(stderr, "volsim report: cannot make a folder for the figures in %s%s; nothing was written\n",
                getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", vol_io_reason(errno, why, sizeof why));
        rc = 1;
    } else if ((rc = vcli_output_begin("report", out, force, &w)) == 0) {
        o = vol_outfile_stream(w);
        char **pairs = calloc(2 * ncmp + 1, sizeof *pairs);
        for (size_t i = 0; pairs && i < ncmp; i++) {
            pairs[2 * i] = strndup(cmp[i], (size_t)(strchr(cmp[i], ',') - cmp[i]));
            pairs[2 * i + 1] = strdup(strchr(cmp[i], ',') + 1);
        }
        vol_report_options ro = {(const char *const *)pairs, pairs ? ncmp : 0, lang, localedir, tmpdir,
                                 preds, npreds, discs, ndiscs};
        vol_status st = pairs ? vol_report_write_opts(o, files, nruns, sweeps, nsweeps, &ro) : VOL_ENOMEM;
        for (size_t i = 0; pairs && i < 2 * ncmp; i++) free(pairs[i]);
        free(pairs);
        if (st != VOL_OK) {
            rc = st == VOL_EINVAL ? 2 : 1;
            if (st == VOL_EINVAL) fprintf(stderr, "volsim report: %s; nothing was written\n", vol_error_message());
            else fprintf(stderr, "volsim report: cannot write %s: %s; nothing was written\n", out, vol_error_message());
        }
        rc = vcli_output_end("report", w, rc);
        if (rc == 0) {
            printf("wrote %s\n", out);
            if (pdf) rc = print_pdf(out, pdf, force);
        }
    }
    if (tmpdir[0]) rmdir(tmpdir);
done:
    free(pdf);
    free(localedir);
    for (size_t i = 0; i < nruns; i++) vol_run_file_close(&files[i]);
    for (size_t i = 0; i < nsweeps; i++) vol_sweep_file_free(&sweeps[i]);
    for (size_t i = 0; i < npreds; i++) free_prediction(&preds[i]);
    for (size_t i = 0; i < ndiscs; i++) free_discovery(&discs[i]);
    free(files);
    free(sweeps);
    free(preds);
    free(discs);
    return rc;
}

/* ---- the guard of the reading commands ------------------------------------ */
static volatile pid_t guard_child;
static void forward_signal(int sig)
{
    if (guard_child > 0) kill(guard_child, sig);
}

int vcli_run_guarded(int (*command)(const vcli_args *), const vcli_args *a)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) return command(a);
    if (pid == 0) exit(command(a)); /* exit, not _exit: flushes and lets leak checks run */
    /* Ctrl-C reaches the child too (same process group); SIGTERM and SIGHUP
     * sent to this process are passed on to it; the parent waits for it and
     * reports */
    guard_child = pid;
    struct sigaction fwd, ign, old_int, old_term, old_hup;
    memset(&fwd, 0, sizeof fwd);
    memset(&ign, 0, sizeof ign);
    fwd.sa_handler = forward_signal;
    ign.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGTERM, &fwd, &old_term);
    sigaction(SIGHUP, &fwd, &old_hup);
    int status = 0;
    pid_t w;
    while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {}
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    guard_child = 0;
    if (w < 0) {
        fprintf(stderr, "volsim %s: lost its worker process: %s\n", a->cmd->name, strerror(errno));
        return 1;
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    if (sig == SIGINT || sig == SIGTERM || sig == SIGHUP) {
        fprintf(stderr, "volsim %s: interrupted by %s; nothing was written\n", a->cmd->name, vcli_signal_name(sig));
        return 128 + sig;
    }
    if (sig == SIGPIPE) return 128 + SIGPIPE; /* the reader of stdout stopped (| head, | grep -q): not a fault */
    /* most often HDF5 itself on damaged metadata, but the worker is all of
     * volsim's reading code: say what is known, not whom to blame */
    fprintf(stderr, "volsim %s: reading the input crashed (%s): a damaged file? (if the file is sound, this is a bug "
                    "in volsim; please report it with the file)", a->cmd->name, sig ? strsignal(sig) : "abnormal end");
    for (int i = 0; i < a->npos; i++) {
        struct stat st;
        if (stat(a->pos[i], &st) == 0 && S_ISREG(st.st_mode)) fprintf(stderr, " %s", a->pos[i]);
    }
    fprintf(stderr, "; nothing was written\n");
    return 2;
}
