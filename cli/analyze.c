/* SPDX-License-Identifier: GPL-3.0-or-later */
/* analyze.c: the analysis commands: volsim summary, compare, export,
 * sensitivity. They read results files (docs/results-format.md). */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
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
#include "analyze.h"
#include "vol_h5read.h"
#include "vol_sensitivity.h"
#include "vol_stats.h"
#include "tables.h"
#include "vol_figures.h"
#include <limits.h>

static int usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "volsim %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'volsim %s --help'.\n", cmd);
    return 2;
}

static int parse_fmt(const char *s, vcli_format *f)
{
    if (strcmp(s, "text") == 0) *f = VCLI_FORMAT_TEXT;
    else if (strcmp(s, "csv") == 0) *f = VCLI_FORMAT_CSV;
    else if (strcmp(s, "markdown") == 0) *f = VCLI_FORMAT_MARKDOWN;
    else return 0;
    return 1;
}

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

/* Handles --metric, --day and --mean-over: 0 when taken, 2 on a bad value
 * (after the usage message), -1 when c is another option. */
static int selection_option(selection *sel, const char *cmd, int c, const char *arg)
{
    switch (c) {
    case 'm':
        if (vol_metrics_find(arg) < 0) return usage(cmd, "--metric: expected a metric of 'volsim metrics', found '%s'", arg);
        sel->want[sel->nwant++] = arg;
        return 0;
    case 'd':
        sel->day = strtol(arg, NULL, 10);
        if (sel->day < 1) return usage(cmd, "--day: expected a day >= 1, found '%s'", arg);
        return 0;
    case 'w':
        if (sscanf(arg, "%ld:%ld", &sel->a, &sel->b) != 2 || sel->a < 1 || sel->b < sel->a)
            return usage(cmd, "--mean-over: expected A:B with 1 <= A <= B, found '%s'", arg);
        return 0;
    }
    return -1;
}

/* After option parsing: the default of every metric, and the exclusion of
 * --day and --mean-over. 0 or 2. */
static int selection_finish(selection *sel, const char *cmd)
{
    if (sel->day > 0 && sel->a > 0) return usage(cmd, "--day and --mean-over exclude each other");
    if (sel->nwant == 0) {
        sel->all = 1;
        for (size_t m = 0; m < vol_metrics_count(); m++) sel->want[sel->nwant++] = vol_metrics_info(m)->name;
    }
    return 0;
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
static const char summary_usage[] =
    "Usage: volsim summary FILE.h5 [--metric M]... [--day D | --mean-over A:B] [--format text|csv|markdown]\n"
    "Per scenario and metric, over replicates: mean, sd, 95% interval (t), median and quartiles.\n"
    "The value of a replicate is the metric on day D (1-based; default the last day) or its mean\n"
    "over days A to B. Default: every metric.\n";

/* value of each replicate: the day's value or the mean over [a, b] (1-based) */
static void per_replicate(const double *data, long reps, long days, long a, long b, double *out)
{
    for (long r = 0; r < reps; r++) {
        double sum = 0;
        long n = 0;
        for (long d = a - 1; d < b; d++) {
            double v = data[(size_t)r * (size_t)days + (size_t)d];
            if (!isnan(v)) { sum += v; n++; }
        }
        out[r] = n ? sum / (double)n : NAN;
    }
}

int vcli_cmd_summary(int argc, char **argv)
{
    static const struct option opts[] = {{"metric", required_argument, 0, 'm'}, {"day", required_argument, 0, 'd'},
                                         {"mean-over", required_argument, 0, 'w'}, {"format", required_argument, 0, 'F'},
                                         {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    selection sel;
    if (!selection_init(&sel, argc)) return 1;
    vcli_format fmt = VCLI_FORMAT_TEXT;
    int c, rc = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:h", opts, NULL)) != -1) {
        int taken = selection_option(&sel, "summary", c, optarg);
        if (taken >= 0) {
            if (taken) { rc = taken; goto done; }
            continue;
        }
        switch (c) {
        case 'F': if (!parse_fmt(optarg, &fmt)) { rc = usage("summary", "--format: expected text, csv or markdown, found '%s'", optarg); goto done; } break;
        case 'h': fputs(summary_usage, stdout); goto done;
        default: rc = usage("summary", "unknown option or missing value '%s'", argv[optind - 1]); goto done;
        }
    }
    if (optind != argc - 1) { rc = usage("summary", "expected one results file"); goto done; }
    if ((rc = selection_finish(&sel, "summary")) != 0) goto done;
    vol_run_file f;
    if (vol_run_file_open(argv[optind], &f) != VOL_OK) { fprintf(stderr, "volsim summary: %s\n", vol_error_message()); rc = 2; goto done; }
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
            per_replicate(data, reps, days, lo, hi, x);
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
                argv[optind], missing);
    vol_run_file_close(&f);
done:
    free(sel.want);
    return rc;
}

/* ---- compare ------------------------------------------------------------ */
static const char compare_usage[] =
    "Usage: volsim compare A.h5 B.h5 | volsim compare FILE.h5 --scenarios A,B\n"
    "                      [--metric M]... [--day D | --mean-over A:B] [--format text|markdown]\n"
    "Per metric the difference B - A with a 95% interval: paired over replicates when the two\n"
    "share their random streams (same seed: common random numbers), Welch otherwise; the\n"
    "precision of the simulated difference (paired d_z or Cohen's d over replicates: it grows with\n"
    "the population and is not an effect size) and how much narrower pairing made the interval;\n"
    "then, when the runs hold a client panel (run.client_panel_days), per-client effects on the\n"
    "clients each scenario reaches at the end of the engagement and 3, 6 and 12 months after the\n"
    "first company contact, as differences and standardised mean differences (SMD) with 95%\n"
    "intervals; costs (employee hours per extra client with a lasting relationship, supervision\n"
    "hours per extra active volunteer); and one plain-language line per key outcome.\n";

static const struct { const char *metric, *phrase; } key_outcomes[] = {
    {"clients_lasting_6m_share", "the share of clients whose relationship has lasted 6 months or more"},
    {"clients_lasting_12m_share", "the share of clients whose relationship has lasted 12 months or more"},
    {"clients_durable_share", "the share of clients with a strong bond (at or above bond.durable_threshold)"},
    {"clients_with_volunteer_share", "the share of clients with a volunteer"},
    {"client_wellbeing", "mean client wellbeing"},
    {"client_trust_npo", "clients' trust in their NPO"},
    {"client_scepticism", "clients' scepticism about company involvement"},
    {"volunteer_yearly_dropout", "the share of volunteers who stop within a year"},
    {"premature_endings", "premature endings of relationships"},
};

typedef struct {
    double mean_a, mean_b, diff, lo, hi, effect, welch_lo, welch_hi;
    long n;
    int paired;
} comparison;

static void compare_values(const double *xa, long na, const double *xb, long nb, int paired, comparison *c)
{
    double ma, ha, mb, hb;
    long ka = vol_mean_ci95(xa, 1, na, &ma, &ha), kb = vol_mean_ci95(xb, 1, nb, &mb, &hb);
    c->mean_a = ma;
    c->mean_b = mb;
    c->diff = mb - ma;
    double va = 0, vb = 0;
    for (long r = 0; r < na; r++) if (!isnan(xa[r])) va += (xa[r] - ma) * (xa[r] - ma);
    for (long r = 0; r < nb; r++) if (!isnan(xb[r])) vb += (xb[r] - mb) * (xb[r] - mb);
    va = ka > 1 ? va / (double)(ka - 1) : NAN;
    vb = kb > 1 ? vb / (double)(kb - 1) : NAN;
    /* Welch */
    double se = sqrt(va / (double)ka + vb / (double)kb);
    double df = pow(va / ka + vb / kb, 2) / (pow(va / ka, 2) / (ka - 1) + pow(vb / kb, 2) / (kb - 1));
    double tq = se > 0 && df > 0 ? gsl_cdf_tdist_Pinv(0.975, df) : NAN;
    c->welch_lo = c->diff - tq * se;
    c->welch_hi = c->diff + tq * se;
    c->paired = paired;
    if (paired) {
        long n = na < nb ? na : nb;
        double *d = malloc((size_t)(n + 1) * sizeof *d), md, hd;
        for (long r = 0; d && r < n; r++) d[r] = xb[r] - xa[r];
        c->n = d ? vol_mean_ci95(d, 1, n, &md, &hd) : 0;
        double sd = 0;
        for (long r = 0; d && r < n; r++) if (!isnan(d[r])) sd += (d[r] - md) * (d[r] - md);
        sd = c->n > 1 ? sqrt(sd / (double)(c->n - 1)) : NAN;
        c->diff = md;
        c->lo = md - hd;
        c->hi = md + hd;
        c->effect = sd > 0 ? md / sd : (md == 0 ? 0 : INFINITY);
        free(d);
    } else {
        c->n = ka < kb ? ka : kb;
        c->lo = c->welch_lo;
        c->hi = c->welch_hi;
        double sp = sqrt(((ka - 1) * va + (kb - 1) * vb) / (double)(ka + kb - 2));
        c->effect = sp > 0 ? c->diff / sp : NAN;
    }
}

static int is_share(const char *unit) { return strcmp(unit, "share") == 0; }

/* ---- per-client effects (issue 11) ----
 * On the clients scenario R reaches (first company contact on day t0 in R),
 * the outcome (wellbeing) at t0 + lag in R minus the same client's on the
 * same day in O (common random numbers: the same population and streams),
 * read from the client panels at the first panel day at or after t0 + lag
 * (clients whose lag falls beyond the run are left out). Per replicate the
 * mean over its reached clients; the difference and its 95% interval are
 * taken over replicates (clients of one replicate are not independent). The
 * SMD divides by the SD of the outcome across the same clients in O (pooled
 * over replicates), as studies divide by the SD of their comparison group. */
typedef struct {
    double diff, lo, hi, sd;
    long clients;
} client_effect;

#define N_LAGS 4

static const char *const lag_names[N_LAGS] = {"end of the engagement", "3 months after", "6 months after",
                                              "12 months after"};

/* lags (out): the last day of the engagement (companies.duration_days of
 * ir) and 91, 182 and 365 days after the first company contact */
static vol_status client_effects(const vol_run_file *f, int ir, int io, long lags[N_LAGS], client_effect out[N_LAGS])
{
    double dur = 1;
    if (vol_run_file_parameter(f, (size_t)ir, "companies.duration_days", &dur) != VOL_OK) dur = 1;
    lags[0] = (long)dur - 1;
    lags[1] = 91;
    lags[2] = 182;
    lags[3] = 365;
    const vol_run_scenario *R = &f->sc[ir];
    long reps = R->replicates < f->sc[io].replicates ? R->replicates : f->sc[io].replicates;
    double *m = calloc((size_t)(N_LAGS * reps + 1), sizeof *m);
    double ss[N_LAGS] = {0}, s1[N_LAGS] = {0};
    long cnt[N_LAGS] = {0}, nrep[N_LAGS] = {0};
    if (!m) VOL_ERROR(VOL_ENOMEM, "out of memory for per-client effects");
    vol_status st = VOL_OK;
    for (long r = 0; r < reps && st == VOL_OK; r++) {
        float *wr = NULL, *wo = NULL;
        int32_t *fr = NULL, *fo = NULL, *dr = NULL, *dd = NULL;
        size_t ncr, ntr, nco, nto;
        st = vol_run_file_panel(f, (size_t)ir, r, &wr, &fr, &dr, &ncr, &ntr);
        if (st == VOL_OK) st = vol_run_file_panel(f, (size_t)io, r, &wo, &fo, &dd, &nco, &nto);
        if (st == VOL_OK && (ncr != nco || ntr != nto || (ntr > 0 && dr[0] != dd[0])))
            st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__,
                               "%s: the client panels of %s and %s differ in size (not the same population?)", f->path,
                               R->name, f->sc[io].name);
        long every = st == VOL_OK && ntr > 0 ? dr[0] : 1;
        for (int l = 0; st == VOL_OK && l < N_LAGS; l++) {
            double sum = 0, sq = 0, so = 0;
            long n = 0;
            for (size_t i = 0; i < ncr; i++) {
                if (fr[i] < 0) continue;
                long t = fr[i] + lags[l];                  /* 0-based day */
                long k = (t + 1 + every - 1) / every - 1;  /* first panel day >= t */
                if (k < 0 || (size_t)k >= ntr) continue;
                double a = wr[i * ntr + (size_t)k], b = wo[i * ntr + (size_t)k];
                sum += a - b;
                so += b;
                sq += b * b;
                n++;
            }
            if (n > 0) {
                m[(size_t)l * (size_t)reps + (size_t)nrep[l]++] = sum / (double)n;
                s1[l] += so;
                ss[l] += sq;
                cnt[l] += n;
            }
        }
        free(wr); free(wo); free(fr); free(fo); free(dr); free(dd);
    }
    for (int l = 0; st == VOL_OK && l < N_LAGS; l++) {
        double mean, half;
        long k = vol_mean_ci95(m + (size_t)l * (size_t)reps, 1, nrep[l], &mean, &half);
        out[l].clients = cnt[l];
        out[l].diff = k > 0 ? mean : NAN;
        out[l].lo = k > 1 ? mean - half : NAN;
        out[l].hi = k > 1 ? mean + half : NAN;
        double var = cnt[l] > 1 ? (ss[l] - s1[l] * s1[l] / (double)cnt[l]) / (double)(cnt[l] - 1) : NAN;
        out[l].sd = var > 0 ? sqrt(var) : NAN;
    }
    free(m);
    return st;
}

static void print_client_effects(const vol_run_file *f, int ir, int io, vcli_format fmt)
{
    long lags[N_LAGS];
    client_effect e[N_LAGS];
    if (client_effects(f, ir, io, lags, e) != VOL_OK) {
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
    for (int l = 0; l < N_LAGS; l++) {
        double smd = e[l].diff / e[l].sd, slo = e[l].lo / e[l].sd, shi = e[l].hi / e[l].sd;
        if (e[l].clients == 0) {
            printf(fmt == VCLI_FORMAT_MARKDOWN ? "| %s | %ld | 0 | - | - | - | - |\n"
                                               : "  %-24s day %-4ld no client followed up this long\n",
                   lag_names[l], lags[l]);
            continue;
        }
        if (fmt == VCLI_FORMAT_MARKDOWN)
            printf("| %s | %ld | %ld | %+.4f | [%+.4f, %+.4f] | %+.3f | [%+.3f, %+.3f] |\n", lag_names[l], lags[l],
                   e[l].clients, e[l].diff, e[l].lo, e[l].hi, smd, slo, shi);
        else
            printf("  %-24s day %-4ld %+.4f [%+.4f, %+.4f]%s  SMD %+.3f [%+.3f, %+.3f]  (%ld clients)\n", lag_names[l],
                   lags[l], e[l].diff, e[l].lo, e[l].hi, (e[l].lo > 0 || e[l].hi < 0) ? " *" : "  ", smd, slo, shi,
                   e[l].clients);
    }
}

static void html(FILE *o, const char *s);

/* The report's table of per-client effects of scenario ir on the clients it
 * reaches, against the same clients in io (see client_effects). */
static void report_client_effects(FILE *o, const vol_run_file *f, int ir, int io, int *header)
{
    long lags[N_LAGS];
    client_effect e[N_LAGS];
    if (client_effects(f, ir, io, lags, e) != VOL_OK || e[0].clients == 0) return;
    if (!*header) {
        fprintf(o, "<h2>What it does for the clients it reaches</h2>\n<p>Wellbeing (0-1) of the clients a scenario "
                   "reaches (from their first company contact), minus the same clients on the same day in <b>");
        html(o, f->sc[io].name);
        fprintf(o, "</b> (the same people and background events). The difference and its 95%% interval are over "
                   "replicates; the <b>standardised mean difference</b> (SMD) divides it by the spread of wellbeing "
                   "across those clients, so that it can be set beside the effect sizes of studies (0.2 is "
                   "conventionally small). Follow-ups beyond the end of the run are left out.</p>\n");
        *header = 1;
    }
    fprintf(o, "<h3>");
    html(o, f->sc[ir].name);
    fprintf(o, "</h3>\n<table><tr><th>follow-up</th><th>clients</th><th>difference</th><th>95%% interval</th><th>SMD</th>"
               "<th>SMD 95%% interval</th></tr>\n");
    for (int l = 0; l < N_LAGS; l++) {
        if (e[l].clients == 0) {
            fprintf(o, "<tr><td>%s (day %ld)</td><td>0</td><td colspan=\"4\">no client followed up this long</td></tr>\n",
                    lag_names[l], lags[l]);
            continue;
        }
        fprintf(o, "<tr><td>%s (day %ld)</td><td>%ld</td><td>%+.4f</td><td>%+.4f to %+.4f</td><td>%+.3f</td>"
                   "<td>%+.3f to %+.3f</td></tr>\n",
                lag_names[l], lags[l], e[l].clients, e[l].diff, e[l].lo, e[l].hi, e[l].diff / e[l].sd, e[l].lo / e[l].sd,
                e[l].hi / e[l].sd);
    }
    fprintf(o, "</table>\n");
}

/* ---- outcome by realised match duration (issue 11) ----
 * Regular (not corporate) matches begun in the recorded period, grouped by
 * how long they lasted: ended within 3 months, ended after 3-6 or 6-12
 * months, and 12 months or more (ended or still running); matches still
 * running under 12 months are left out (their duration is not known yet).
 * The outcome is the client's wellbeing at the end (or on the last day)
 * minus at the start of the match. Per replicate the mean over its matches
 * of the group; the mean and its 95% interval are over replicates. This is
 * the analysis of Grossman & Rhodes (2002), who found youth in matches of a
 * year or more improved and those in matches ended within three months
 * declined. Needs the agent tables (volsim run --agents). */
#define N_DUR 4
static const char *const dur_names[N_DUR] = {"ended within 3 months", "ended after 3-6 months",
                                             "ended after 6-12 months", "lasted 12 months or more"};

static vol_status duration_outcome(const vol_run_file *f, size_t i, double mean[N_DUR], double lo[N_DUR],
                                   double hi[N_DUR], long matches[N_DUR])
{
    const vol_run_scenario *S = &f->sc[i];
    double *m = calloc((size_t)(N_DUR * S->replicates + 1), sizeof *m);
    long nrep[N_DUR] = {0};
    if (!m) VOL_ERROR(VOL_ENOMEM, "out of memory");
    vol_status st = VOL_OK;
    for (int g = 0; g < N_DUR; g++) matches[g] = 0;
    for (long r = 0; r < S->replicates && st == VOL_OK; r++) {
        vol_relationship_record *rel = NULL;
        vol_client_record *cl = NULL;
        size_t nrel = 0, ncl = 0;
        st = vol_run_file_table(f, i, r, VOL_TABLE_RELATIONSHIPS, (void **)&rel, &nrel);
        if (st == VOL_OK) st = vol_run_file_table(f, i, r, VOL_TABLE_CLIENTS, (void **)&cl, &ncl);
        double sum[N_DUR] = {0};
        long k[N_DUR] = {0};
        for (size_t j = 0; st == VOL_OK && j < nrel; j++) {
            const vol_relationship_record *x = &rel[j];
            if (x->kind != VOL_REL_REGULAR || x->start_day < 0 || x->client < 0 || (size_t)x->client >= ncl) continue;
            int ended = x->end_day >= 0;
            long len = (ended ? x->end_day : S->days - 1) - x->start_day;
            int g = len >= 365 ? 3 : !ended ? -1 : len < 91 ? 0 : len < 183 ? 1 : 2;
            if (g < 0) continue;
            sum[g] += (ended ? x->wellbeing_end : cl[x->client].wellbeing) - x->wellbeing_start;
            k[g]++;
        }
        for (int g = 0; st == VOL_OK && g < N_DUR; g++)
            if (k[g] > 0) {
                m[(size_t)g * (size_t)S->replicates + (size_t)nrep[g]++] = sum[g] / (double)k[g];
                matches[g] += k[g];
            }
        free(rel);
        free(cl);
    }
    for (int g = 0; st == VOL_OK && g < N_DUR; g++) {
        double mu, half;
        long n = vol_mean_ci95(m + (size_t)g * (size_t)S->replicates, 1, nrep[g], &mu, &half);
        mean[g] = n > 0 ? mu : NAN;
        lo[g] = n > 1 ? mu - half : NAN;
        hi[g] = n > 1 ? mu + half : NAN;
    }
    free(m);
    return st;
}

static void print_duration_outcome(const vol_run_file *f, size_t i, vcli_format fmt)
{
    double mean[N_DUR], lo[N_DUR], hi[N_DUR];
    long n[N_DUR];
    if (duration_outcome(f, i, mean, lo, hi, n) != VOL_OK) {
        printf("  (%s)\n", vol_error_message());
        return;
    }
    printf("\n%s: client wellbeing at the end of a regular match minus at its start, by how long it lasted "
           "(matches begun in the run; beside Grossman & Rhodes 2002):\n", f->sc[i].name);
    if (fmt == VCLI_FORMAT_MARKDOWN) printf("\n| realised duration | matches | change | 95%% interval |\n|---|---|---|---|\n");
    for (int g = 0; g < N_DUR; g++) {
        if (n[g] == 0) {
            printf(fmt == VCLI_FORMAT_MARKDOWN ? "| %s | 0 | - | - |\n" : "  %-26s no match\n", dur_names[g]);
            continue;
        }
        if (fmt == VCLI_FORMAT_MARKDOWN)
            printf("| %s | %ld | %+.4f | [%+.4f, %+.4f] |\n", dur_names[g], n[g], mean[g], lo[g], hi[g]);
        else
            printf("  %-26s %+.4f [%+.4f, %+.4f]  (%ld matches)\n", dur_names[g], mean[g], lo[g], hi[g], n[g]);
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
            per_replicate(ca, A->replicates, A->days, lo, hi, x[0]);
            per_replicate(cb, B->replicates, B->days, lo, hi, x[1]);
            per_replicate(ga, A->replicates, A->days, lo, hi, x[2]);
            per_replicate(gb, B->replicates, B->days, lo, hi, x[3]);
            /* costs per year (a daily flow's mean x 365); gains as counts */
            double scale_gain = k == 0 ? nclients : 1.0;
            for (long r = 0; r < A->replicates; r++) { x[0][r] *= 365.0; x[2][r] *= scale_gain; }
            for (long r = 0; r < B->replicates; r++) { x[1][r] *= 365.0; x[3][r] *= scale_gain; }
            comparison dc, dg;
            compare_values(x[0], A->replicates, x[1], B->replicates, paired, &dc);
            compare_values(x[2], A->replicates, x[3], B->replicates, paired, &dg);
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

int vcli_cmd_compare(int argc, char **argv)
{
    static const struct option opts[] = {{"metric", required_argument, 0, 'm'}, {"day", required_argument, 0, 'd'},
                                         {"mean-over", required_argument, 0, 'w'}, {"format", required_argument, 0, 'F'},
                                         {"scenarios", required_argument, 0, 's'}, {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    selection sel;
    if (!selection_init(&sel, argc)) return 1;
    char *pair = NULL;
    vcli_format fmt = VCLI_FORMAT_TEXT;
    int c, rc = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:h", opts, NULL)) != -1) {
        int taken = selection_option(&sel, "compare", c, optarg);
        if (taken >= 0) {
            if (taken) { rc = taken; goto done; }
            continue;
        }
        switch (c) {
        case 's': pair = optarg; break;
        case 'F': if (!parse_fmt(optarg, &fmt) || fmt == VCLI_FORMAT_CSV) { rc = usage("compare", "--format: expected text or markdown, found '%s'", optarg); goto done; } break;
        case 'h': fputs(compare_usage, stdout); goto done;
        default: rc = usage("compare", "unknown option or missing value '%s'", argv[optind - 1]); goto done;
        }
    }
    if ((rc = selection_finish(&sel, "compare")) != 0) goto done;
    int nfiles = argc - optind;
    if (!((nfiles == 2 && !pair) || (nfiles == 1 && pair))) { rc = usage("compare", "expected two results files, or one with --scenarios A,B"); goto done; }
    vol_run_file fa, fb;
    if (vol_run_file_open(argv[optind], &fa) != VOL_OK) { fprintf(stderr, "volsim compare: %s\n", vol_error_message()); rc = 2; goto done; }
    if (nfiles == 2 && vol_run_file_open(argv[optind + 1], &fb) != VOL_OK) {
        fprintf(stderr, "volsim compare: %s\n", vol_error_message());
        vol_run_file_close(&fa);
        rc = 2;
        goto done;
    }
    const vol_run_file *pa = &fa, *pb = nfiles == 2 ? &fb : &fa;
    int ia = 0, ib = 0;
    if (pair) {
        char *comma = strchr(pair, ',');
        if (comma) *comma = '\0';
        ia = vol_run_file_find(&fa, pair);
        ib = comma ? vol_run_file_find(&fa, comma + 1) : -1;
        if (ia < 0 || ib < 0) {
            fprintf(stderr, "volsim compare: --scenarios: expected two scenarios of %s, found '%s'\n", fa.path, pair);
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
        int paired = A->seed == B->seed && A->days == B->days;
        char window[64];
        selection_window(&sel, days, &lo, &hi, window, sizeof window);
        if (hi > days) { fprintf(stderr, "volsim compare: the runs have %ld days, asked for day %ld\n", days, hi); rc = 2; }
        if (rc == 0) {
            printf("%s - %s, %s, %s\n", B->name, A->name, window,
                   paired ? "paired over replicates (same seed: common random numbers)"
                          : "Welch (different seeds or lengths: not paired)");
            if (fmt == VCLI_FORMAT_MARKDOWN)
                printf("\n| metric | unit | %s | %s | difference | 95%% interval | precision of the simulated difference | interval narrowed by pairing |\n"
                       "|---|---|---|---|---|---|---|---|\n", A->name, B->name);
        }
        double *xa = malloc((size_t)(A->replicates + 1) * sizeof *xa), *xb = malloc((size_t)(B->replicates + 1) * sizeof *xb);
        comparison *res = calloc(sel.nwant + 1, sizeof *res);
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
            per_replicate(da, A->replicates, A->days, lo, hi, xa);
            per_replicate(db, B->replicates, B->days, lo, hi, xb);
            free(da);
            free(db);
            compare_values(xa, A->replicates, xb, B->replicates, paired, &res[k]);
            comparison *q = &res[k];
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
        if (rc == 0 && nfiles == 1 && paired) {
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
        if (rc == 0) {
            if (vol_run_file_has_table(pa, (size_t)ia, 0, VOL_TABLE_RELATIONSHIPS) &&
                vol_run_file_has_table(pb, (size_t)ib, 0, VOL_TABLE_RELATIONSHIPS)) {
                print_duration_outcome(pa, (size_t)ia, fmt);
                print_duration_outcome(pb, (size_t)ib, fmt);
            } else {
                printf("\n(no outcome by realised match duration: the runs have no agent tables; run with --agents)\n");
            }
        }
        if (rc == 0) print_costs(pa, ia, pb, ib, lo, hi, paired);
        /* plain language for the key outcomes among those compared */
        if (rc == 0) {
            printf("\nIn words (%s):\n", window);
            for (size_t q = 0; q < sizeof key_outcomes / sizeof key_outcomes[0]; q++)
                for (size_t k = 0; k < sel.nwant; k++) {
                    if (strcmp(sel.want[k], key_outcomes[q].metric) != 0 || isnan(res[k].diff)) continue;
                    const comparison *x = &res[k];
                    int clear = x->lo > 0 || x->hi < 0;
                    const char *verb = !clear ? "does not clearly change" : (x->diff > 0 ? "raises" : "lowers");
                    if (is_share(units[k]))
                        printf("- %s %s %s compared with %s: from %.1f%% to %.1f%% (difference %+.1f points, 95%% "
                               "interval %+.1f to %+.1f).\n", B->name, verb, key_outcomes[q].phrase, A->name,
                               100 * x->mean_a, 100 * x->mean_b, 100 * x->diff, 100 * x->lo, 100 * x->hi);
                    else
                        printf("- %s %s %s compared with %s: from %.3g to %.3g (%s; difference %+.3g, 95%% interval "
                               "%+.3g to %+.3g).\n", B->name, verb, key_outcomes[q].phrase, A->name, x->mean_a,
                               x->mean_b, units[k], x->diff, x->lo, x->hi);
                }
        }
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
static const char export_usage[] =
    "Usage: volsim export FILE.h5 --csv DIR\n"
    "Writes DIR/metrics.csv in tidy form (scenario, replicate, day, metric, value; one row per\n"
    "value) for spreadsheets and R. Days are 1-based; replicates 0-based.\n";

int vcli_cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {{"csv", required_argument, 0, 'c'}, {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *dir = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'c') dir = optarg;
        else if (c == 'h') { fputs(export_usage, stdout); return 0; }
        else return usage("export", "unknown option or missing value '%s'", argv[optind - 1]);
    }
    if (optind != argc - 1 || !dir) return usage("export", "expected one results file and --csv DIR");
    struct stat st;
    if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0) {
        fprintf(stderr, "volsim export: cannot create directory %s: %s\n", dir, strerror(errno));
        return 2;
    }
    vol_run_file f;
    if (vol_run_file_open(argv[optind], &f) != VOL_OK) { fprintf(stderr, "volsim export: %s\n", vol_error_message()); return 2; }
    char *path = NULL, *tmp = NULL;
    if (asprintf(&path, "%s/metrics.csv", dir) < 0 || asprintf(&tmp, "%s/.metrics.csv.tmp", dir) < 0) { vol_run_file_close(&f); return 1; }
    FILE *out = fopen(tmp, "w");
    int rc = out ? 0 : 1;
    if (out) fprintf(out, "scenario,replicate,day,metric,value\n");
    for (size_t i = 0; rc == 0 && i < f.nsc; i++)
        for (size_t m = 0; rc == 0 && m < vol_metrics_count(); m++) {
            double *data;
            const char *name = vol_metrics_info(m)->name;
            if (!vol_run_file_has_metric(&f, i, name)) continue; /* a file of an older version */
            if (vol_run_file_metric(&f, i, name, &data, NULL, 0) != VOL_OK) { rc = 1; break; }
            for (long r = 0; r < f.sc[i].replicates; r++)
                for (long d = 0; d < f.sc[i].days; d++) {
                    double v = data[(size_t)r * (size_t)f.sc[i].days + (size_t)d];
                    if (isnan(v)) fprintf(out, "%s,%ld,%ld,%s,NA\n", f.sc[i].name, r, d + 1, name);
                    else fprintf(out, "%s,%ld,%ld,%s,%.17g\n", f.sc[i].name, r, d + 1, name, v);
                }
            free(data);
        }
    if (out && fclose(out) != 0) rc = 1;
    if (rc == 0 && rename(tmp, path) != 0) rc = 1;
    if (rc) {
        unlink(tmp);
        fprintf(stderr, "volsim export: cannot write %s: %s\n", path, vol_error_message()[0] ? vol_error_message() : strerror(errno));
    } else {
        printf("wrote %s\n", path);
    }
    free(path);
    free(tmp);
    vol_run_file_close(&f);
    return rc;
}

/* ---- sensitivity ---------------------------------------------------------- */
static const char sensitivity_usage[] =
    "Usage: volsim sensitivity SWEEP.h5 --metric M [--output final|last_year] [--bootstrap B]\n"
    "                          [--policy NAME] [--format text|markdown]\n"
    "Saltelli designs: first-order (Saltelli 2010) and total (Jansen 1999) Sobol indices with\n"
    "bootstrap 95% intervals. Morris designs: mu*, mu and sigma of the elementary effects. The\n"
    "output of a design point is the metric (last day, or mean of the last year) averaged over\n"
    "its replicates.\n";

int vcli_cmd_sensitivity(int argc, char **argv)
{
    static const struct option opts[] = {{"metric", required_argument, 0, 'm'}, {"output", required_argument, 0, 'o'},
                                         {"bootstrap", required_argument, 0, 'b'}, {"policy", required_argument, 0, 'p'},
                                         {"format", required_argument, 0, 'F'}, {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *metric = NULL, *policy = NULL;
    int last_year = 0, c;
    long boot = 1000;
    vcli_format fmt = VCLI_FORMAT_TEXT;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'm': metric = optarg; break;
        case 'o':
            if (strcmp(optarg, "last_year") == 0) last_year = 1;
            else if (strcmp(optarg, "final") != 0) return usage("sensitivity", "--output: expected final or last_year, found '%s'", optarg);
            break;
        case 'b': boot = strtol(optarg, NULL, 10); if (boot < 0 || boot > 100000) return usage("sensitivity", "--bootstrap: expected 0 to 100000, found '%s'", optarg); break;
        case 'p': policy = optarg; break;
        case 'F': if (!parse_fmt(optarg, &fmt) || fmt == VCLI_FORMAT_CSV) return usage("sensitivity", "--format: expected text or markdown, found '%s'", optarg); break;
        case 'h': fputs(sensitivity_usage, stdout); return 0;
        default: return usage("sensitivity", "unknown option or missing value '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1 || !metric) return usage("sensitivity", "expected one sweep file and --metric M");
    vol_sweep_file s;
    if (vol_sweep_file_read(argv[optind], &s) != VOL_OK) { fprintf(stderr, "volsim sensitivity: %s\n", vol_error_message()); return 2; }
    int rc = 0;
    size_t mi = s.nmetrics, pol = 0;
    for (size_t i = 0; i < s.nmetrics; i++) if (strcmp(s.metrics[i], metric) == 0) mi = i;
    if (mi == s.nmetrics) { fprintf(stderr, "volsim sensitivity: --metric: %s has no metric '%s'\n", s.path, metric); rc = 2; }
    if (policy) {
        pol = s.npolicies;
        for (size_t i = 0; i < s.npolicies; i++) if (strcmp(s.policies[i], policy) == 0) pol = i;
        if (pol == s.npolicies) { fprintf(stderr, "volsim sensitivity: --policy: %s has no policy '%s'\n", s.path, policy); rc = 2; }
    } else if (s.npolicies > 1 && rc == 0) {
        fprintf(stderr, "volsim sensitivity: %s has %zu policies; choose one with --policy\n", s.path, s.npolicies);
        rc = 2;
    }
    int saltelli = strcmp(s.design, "saltelli") == 0, morris = strcmp(s.design, "morris") == 0;
    if (rc == 0 && !saltelli && !morris) {
        fprintf(stderr, "volsim sensitivity: %s is a %s design; indices need a saltelli or morris design\n", s.path, s.design);
        rc = 2;
    }
    double *y = rc == 0 ? calloc(s.npoints + 1, sizeof *y) : NULL;
    long *cnt = rc == 0 ? calloc(s.npoints + 1, sizeof *cnt) : NULL;
    if (rc == 0 && (!y || !cnt)) rc = 1;
    if (rc == 0) {
        const double *out = last_year ? s.last_year : s.final;
        for (size_t r = 0; r < s.nruns; r++) {
            if (s.status[r] != 1 || (size_t)s.policy[r] != pol) continue;
            double v = out[r * s.nmetrics + mi];
            if (isnan(v)) continue;
            y[s.point[r]] += v;
            cnt[s.point[r]]++;
        }
        for (size_t p = 0; p < s.npoints; p++) y[p] = cnt[p] ? y[p] / (double)cnt[p] : NAN;
        printf("%s: %s of %s (%s), %s design, %zu parameters%s%s\n", s.path, last_year ? "last-year mean" : "last-day value",
               metric, vol_metrics_info((size_t)vol_metrics_find(metric))->unit, s.design, s.k,
               policy ? ", policy " : "", policy ? policy : "");
        if (saltelli) {
            vol_sobol_index *ix = calloc(s.k, sizeof *ix);
            if (!ix || vol_sobol_indices(y, s.samples, s.k, (size_t)boot, 2026, ix) != VOL_OK) {
                fprintf(stderr, "volsim sensitivity: %s\n", vol_error_message());
                rc = 1;
            } else {
                if (fmt == VCLI_FORMAT_MARKDOWN)
                    printf("\n| parameter | S1 | 95%% interval | ST | 95%% interval |\n|---|---|---|---|---|\n");
                for (size_t i = 0; i < s.k; i++) {
                    if (fmt == VCLI_FORMAT_MARKDOWN)
                        printf("| `%s` | %.3f | [%.3f, %.3f] | %.3f | [%.3f, %.3f] |\n", s.parameters[i], ix[i].s1,
                               ix[i].s1_lo, ix[i].s1_hi, ix[i].st, ix[i].st_lo, ix[i].st_hi);
                    else
                        printf("  %-34s S1 %6.3f [%6.3f, %6.3f]   ST %6.3f [%6.3f, %6.3f]\n", s.parameters[i], ix[i].s1,
                               ix[i].s1_lo, ix[i].s1_hi, ix[i].st, ix[i].st_lo, ix[i].st_hi);
                }
                printf("(N = %zu base samples, %ld bootstrap resamples)\n", s.samples, boot);
            }
            free(ix);
        } else {
            vol_morris_index *ix = calloc(s.k, sizeof *ix);
            if (!ix || vol_morris_indices(y, s.unit, s.factor, s.samples, s.k, ix) != VOL_OK) {
                fprintf(stderr, "volsim sensitivity: %s\n", vol_error_message());
                rc = 1;
            } else {
                if (fmt == VCLI_FORMAT_MARKDOWN) printf("\n| parameter | mu* | mu | sigma | effects |\n|---|---|---|---|---|\n");
                for (size_t i = 0; i < s.k; i++) {
                    if (fmt == VCLI_FORMAT_MARKDOWN)
                        printf("| `%s` | %.4g | %.4g | %.4g | %zu |\n", s.parameters[i], ix[i].mu_star, ix[i].mu, ix[i].sigma, ix[i].n);
                    else
                        printf("  %-34s mu* %10.4g  mu %10.4g  sigma %10.4g  (%zu effects)\n", s.parameters[i],
                               ix[i].mu_star, ix[i].mu, ix[i].sigma, ix[i].n);
                }
                printf("(elementary effects per unit of the parameter's range in the design)\n");
            }
            free(ix);
        }
    }
    free(y);
    free(cnt);
    vol_sweep_file_free(&s);
    return rc;
}

/* ---- plot ---------------------------------------------------------------- */
static const char plot_usage[] =
    "Usage: volsim plot FILE.h5 --metric M [--kind timeseries|scenarios] -o FIGURE.svg|.png\n"
    "       volsim plot SWEEP.h5 --metric M --kind sensitivity|response [--parameter P]\n"
    "                   [--policy NAME] -o FIGURE.svg|.png\n"
    "Figures with PLplot: a metric over time with 95% bands per scenario (timeseries); the\n"
    "scenarios' last-day means with 95% intervals (scenarios); first-order and total Sobol\n"
    "indices as bars (sensitivity, Saltelli sweeps); a metric against a swept parameter\n"
    "(response). Axis labels carry the units of the metrics table.\n";

/* mean and 95% band per day over replicates */
static vol_status day_bands(const vol_run_file *f, size_t i, const char *metric, double **mean, double **lo,
                            double **hi, char *unit, size_t un)
{
    double *data;
    vol_status st = vol_run_file_metric(f, i, metric, &data, unit, un);
    if (st != VOL_OK) return st;
    long reps = f->sc[i].replicates, days = f->sc[i].days;
    *mean = malloc((size_t)days * sizeof **mean);
    *lo = malloc((size_t)days * sizeof **lo);
    *hi = malloc((size_t)days * sizeof **hi);
    if (!*mean || !*lo || !*hi) { free(data); VOL_ERROR(VOL_ENOMEM, "out of memory"); }
    for (long d = 0; d < days; d++) {
        double m, h;
        vol_mean_ci95(data + d, (size_t)days, reps, &m, &h);
        (*mean)[d] = m;
        (*lo)[d] = isnan(h) ? m : m - h;
        (*hi)[d] = isnan(h) ? m : m + h;
    }
    free(data);
    return VOL_OK;
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
        st = day_bands(f, i, metric, &mean[i], &lo[i], &hi[i], unit, sizeof unit);
        if (f->sc[i].days < days) days = f->sc[i].days;
    }
    snprintf(ylabel, sizeof ylabel, "%s (%s)", metric, unit);
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

static vol_status plot_sweep(const char *path, const char *metric, int sensitivity, const char *param,
                             const char *policy, const char *out)
{
    vol_sweep_file s;
    vol_status st = vol_sweep_file_read(path, &s);
    if (st != VOL_OK) return st;
    size_t mi = s.nmetrics, pol = 0, pi = s.k;
    for (size_t i = 0; i < s.nmetrics; i++) if (strcmp(s.metrics[i], metric) == 0) mi = i;
    for (size_t i = 0; policy && i < s.npolicies; i++) if (strcmp(s.policies[i], policy) == 0) pol = i;
    for (size_t i = 0; param && i < s.k; i++) if (strcmp(s.parameters[i], param) == 0) pi = i;
    char unit[64];
    snprintf(unit, sizeof unit, "%s", vol_metrics_info((size_t)vol_metrics_find(metric))->unit);
    double *y = calloc(s.npoints + 1, sizeof *y);
    long *cnt = calloc(s.npoints + 1, sizeof *cnt);
    if (mi == s.nmetrics) st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s has no metric %s", path, metric);
    else if (!sensitivity && pi == s.k)
        st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "--parameter: expected one of the sweep's parameters, found %s",
                           param ? param : "none");
    else if (sensitivity && strcmp(s.design, "saltelli") != 0)
        st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s is a %s design; sensitivity bars need a saltelli design",
                           path, s.design);
    else if (!y || !cnt) st = vol_error_set(VOL_ENOMEM, __FILE__, __LINE__, "out of memory");
    if (st == VOL_OK) {
        for (size_t r = 0; r < s.nruns; r++) {
            if (s.status[r] != 1 || (size_t)s.policy[r] != pol) continue;
            double v = s.final[r * s.nmetrics + mi];
            if (!isnan(v)) { y[s.point[r]] += v; cnt[s.point[r]]++; }
        }
        for (size_t p = 0; p < s.npoints; p++) y[p] = cnt[p] ? y[p] / (double)cnt[p] : NAN;
        char ylabel[160], title[200];
        if (sensitivity) {
            vol_sobol_index *ix = calloc(s.k, sizeof *ix);
            double *v[6];
            for (int j = 0; j < 6; j++) v[j] = calloc(s.k, sizeof(double));
            st = ix ? vol_sobol_indices(y, s.samples, s.k, 500, 2026, ix) : VOL_ENOMEM;
            for (size_t i = 0; st == VOL_OK && i < s.k; i++) {
                v[0][i] = ix[i].s1; v[1][i] = ix[i].s1_lo; v[2][i] = ix[i].s1_hi;
                v[3][i] = ix[i].st; v[4][i] = ix[i].st_lo; v[5][i] = ix[i].st_hi;
            }
            snprintf(title, sizeof title, "Sobol indices of %s (last day)", metric);
            if (st == VOL_OK)
                st = vol_figure_bars2(out, title, "index", (const char *const *)s.parameters, "first order S1", v[0],
                                       v[1], v[2], "total ST", v[3], v[4], v[5], s.k);
            free(ix);
            for (int j = 0; j < 6; j++) free(v[j]);
        } else {
            /* the parameter's value at each point */
            double *x = calloc(s.npoints + 1, sizeof *x);
            for (size_t p = 0; x && p < s.npoints; p++) x[p] = s.unit[p * s.k + pi];
            snprintf(ylabel, sizeof ylabel, "%s (%s)", metric, unit);
            char xlabel[200];
            snprintf(xlabel, sizeof xlabel, "%s (position in its swept range, 0-1)", s.parameters[pi]);
            snprintf(title, sizeof title, "%s against %s (last day, mean over replicates)", metric, s.parameters[pi]);
            st = x ? vol_figure_scatter(out, title, xlabel, ylabel, x, y, s.npoints) : VOL_ENOMEM;
            free(x);
        }
    }
    free(y);
    free(cnt);
    vol_sweep_file_free(&s);
    return st;
}

int vcli_cmd_plot(int argc, char **argv)
{
    static const struct option opts[] = {{"metric", required_argument, 0, 'm'}, {"kind", required_argument, 0, 'k'},
                                         {"parameter", required_argument, 0, 'p'}, {"policy", required_argument, 0, 'P'},
                                         {"output", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *metric = NULL, *kind = "timeseries", *param = NULL, *policy = NULL, *out = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'm': metric = optarg; break;
        case 'k': kind = optarg; break;
        case 'p': param = optarg; break;
        case 'P': policy = optarg; break;
        case 'o': out = optarg; break;
        case 'h': fputs(plot_usage, stdout); return 0;
        default: return usage("plot", "unknown option or missing value '%s'", argv[optind - 1]);
        }
    }
    if (optind != argc - 1 || !metric || !out) return usage("plot", "expected one file, --metric M and -o FIGURE");
    if (vol_metrics_find(metric) < 0) return usage("plot", "--metric: expected a metric of 'volsim metrics', found '%s'", metric);
    vol_status st;
    if (strcmp(kind, "timeseries") == 0 || strcmp(kind, "scenarios") == 0) {
        vol_run_file f;
        st = vol_run_file_open(argv[optind], &f);
        if (st == VOL_OK) {
            st = plot_run(&f, metric, strcmp(kind, "scenarios") == 0, out);
            vol_run_file_close(&f);
        }
    } else if (strcmp(kind, "sensitivity") == 0 || strcmp(kind, "response") == 0) {
        st = plot_sweep(argv[optind], metric, strcmp(kind, "sensitivity") == 0, param, policy, out);
    } else {
        return usage("plot", "--kind: expected timeseries, scenarios, sensitivity or response, found '%s'", kind);
    }
    if (st != VOL_OK) {
        fprintf(stderr, "volsim plot: %s\n", vol_error_message());
        return st == VOL_EINVAL ? 2 : 1;
    }
    printf("wrote %s\n", out);
    return 0;
}

/* ---- report ---------------------------------------------------------------- */
static const char report_usage[] =
    "Usage: volsim report FILE.h5... -o REPORT.html [--force]\n"
    "Writes one self-contained HTML page for policy makers (figures inline, no external files\n"
    "or scripts): what each scenario asks, the key outcomes with 95% intervals, each scenario\n"
    "compared with the first in plain language, figures, and the provenance (version, seed,\n"
    "resolved configuration).\n";

static void html(FILE *o, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", o); break;
        case '>': fputs("&gt;", o); break;
        case '&': fputs("&amp;", o); break;
        case '"': fputs("&quot;", o); break;
        default: fputc(*s, o);
        }
    }
}

/* inline a figure as a base64 data URI: self-contained, and the glyph ids
 * of several SVGs cannot collide as they would in inline <svg> elements */
static int inline_figure(FILE *o, const char *path, const char *alt)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    fprintf(o, "<img alt=\"");
    html(o, alt);
    fprintf(o, "\" src=\"data:image/svg+xml;base64,");
    unsigned char in[3];
    size_t n;
    while ((n = fread(in, 1, 3, f)) > 0) {
        unsigned v = (unsigned)in[0] << 16 | (n > 1 ? (unsigned)in[1] << 8 : 0) | (n > 2 ? in[2] : 0);
        fputc(b64[v >> 18 & 63], o);
        fputc(b64[v >> 12 & 63], o);
        fputc(n > 1 ? b64[v >> 6 & 63] : '=', o);
        fputc(n > 2 ? b64[v & 63] : '=', o);
    }
    fprintf(o, "\">");
    fclose(f);
    return 1;
}

typedef struct {
    vol_run_file *file;
    size_t index;
} scenario_ref;

int vcli_cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'}, {"force", no_argument, 0, 'f'},
                                         {"help", no_argument, 0, 'h'}, {0, 0, 0, 0}};
    const char *out = NULL;
    int force = 0, c, rc = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:fh", opts, NULL)) != -1) {
        if (c == 'o') out = optarg;
        else if (c == 'f') force = 1;
        else if (c == 'h') { fputs(report_usage, stdout); return 0; }
        else return usage("report", "unknown option or missing value '%s'", argv[optind - 1]);
    }
    int nfiles = argc - optind;
    if (nfiles < 1 || !out) return usage("report", "expected results files and -o REPORT.html");
    struct stat stt;
    if (!force && stat(out, &stt) == 0) {
        fprintf(stderr, "volsim report: %s already exists; nothing was written (use --force to overwrite it)\n", out);
        return 2;
    }
    vol_run_file *files = calloc((size_t)nfiles, sizeof *files);
    scenario_ref *sc = NULL;
    size_t nsc = 0;
    for (int i = 0; files && i < nfiles; i++) {
        if (vol_run_file_open(argv[optind + i], &files[i]) != VOL_OK) {
            fprintf(stderr, "volsim report: %s\n", vol_error_message());
            for (int j = 0; j < i; j++) vol_run_file_close(&files[j]);
            free(files);
            return 2;
        }
        scenario_ref *q = realloc(sc, (nsc + files[i].nsc) * sizeof *q);
        if (!q) { rc = 1; break; }
        sc = q;
        for (size_t k = 0; k < files[i].nsc; k++) sc[nsc++] = (scenario_ref){&files[i], k};
    }
    char tmpdir[] = "/tmp/volsim_report_XXXXXX";
    char *tmp = NULL;
    FILE *o = NULL;
    if (rc == 0 && (!mkdtemp(tmpdir) || asprintf(&tmp, "%s.tmp.%ld", out, (long)getpid()) < 0 || !(o = fopen(tmp, "w")))) {
        fprintf(stderr, "volsim report: cannot write %s: %s\n", out, strerror(errno));
        rc = 1;
    }
    static const char *const keys[] = {"clients_durable_share", "clients_with_volunteer_share", "client_wellbeing",
                                       "client_trust_npo", "client_scepticism", "volunteer_yearly_dropout",
                                       "matches_closed_within_year", "volunteers_active_regular",
                                       "corporate_durable_bonds"};
    const size_t nkeys = sizeof keys / sizeof keys[0];
    if (rc == 0) {
        fprintf(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>volsim report</title>\n"
                   "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222;line-height:1.45}"
                   "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}"
                   "th:first-child,td:first-child{text-align:left}th{background:#eef}"
                   ".q{font-style:italic;white-space:pre-wrap}figure{margin:1.5em 0}img{max-width:100%%;height:auto}"
                   "pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:80%%}</style></head><body>\n");
        fprintf(o, "<h1>volsim report</h1>\n<p>What happens to clients, volunteers, professionals and companies under "
                   "each scenario, simulated with the volsim agent-based model. Numbers are means over replicates with "
                   "95%% intervals (t distribution); comparisons are with <b>");
        html(o, sc[0].file->sc[sc[0].index].name);
        fprintf(o, "</b>, paired over replicates when the scenarios share their random streams.</p>\n");
        /* what each scenario asks */
        fprintf(o, "<h2>What each scenario asks</h2>\n");
        for (size_t i = 0; i < nsc; i++) {
            const vol_run_scenario *s = &sc[i].file->sc[sc[i].index];
            char obj[400];
            snprintf(obj, sizeof obj, "scenarios/%s", s->name);
            char *q = vol_run_file_string(sc[i].file, obj, "question");
            char *d = vol_run_file_string(sc[i].file, obj, "description");
            fprintf(o, "<h3>");
            html(o, s->name);
            fprintf(o, "</h3>\n<p class=\"q\">");
            html(o, q && *q ? q : "(no question stated in the scenario file)");
            fprintf(o, "</p>\n<p>");
            html(o, d);
            fprintf(o, " (%ld replicates, %ld days, seed %llu)</p>\n", s->replicates, s->days, (unsigned long long)s->seed);
            free(q);
            free(d);
        }
        /* key outcomes */
        fprintf(o, "<h2>Key outcomes on the last day</h2>\n<table><tr><th>outcome (unit)</th>");
        for (size_t i = 0; i < nsc; i++) {
            fprintf(o, "<th>");
            html(o, sc[i].file->sc[sc[i].index].name);
            fprintf(o, "</th>");
        }
        fprintf(o, "</tr>\n");
        for (size_t k = 0; k < nkeys; k++) {
            fprintf(o, "<tr><td>%s (%s)</td>", keys[k], vol_metrics_info((size_t)vol_metrics_find(keys[k]))->unit);
            for (size_t i = 0; i < nsc; i++) {
                const vol_run_scenario *s = &sc[i].file->sc[sc[i].index];
                double *data, *x = malloc((size_t)(s->replicates + 1) * sizeof *x), m, h;
                if (x && vol_run_file_metric(sc[i].file, sc[i].index, keys[k], &data, NULL, 0) == VOL_OK) {
                    per_replicate(data, s->replicates, s->days, s->days, s->days, x);
                    vol_mean_ci95(x, 1, s->replicates, &m, &h);
                    if (isnan(m)) fprintf(o, "<td>n/a</td>");
                    else if (isnan(h)) fprintf(o, "<td>%.4g</td>", m);
                    else fprintf(o, "<td>%.4g<br><small>[%.4g, %.4g]</small></td>", m, m - h, m + h);
                    free(data);
                } else {
                    fprintf(o, "<td>n/a</td>");
                }
                free(x);
            }
            fprintf(o, "</tr>\n");
        }
        fprintf(o, "</table>\n");
        /* comparisons in plain language */
        fprintf(o, "<h2>Compared with %s</h2>\n<ul>\n", sc[0].file->sc[sc[0].index].name);
        const vol_run_scenario *A = &sc[0].file->sc[sc[0].index];
        for (size_t i = 1; i < nsc; i++) {
            const vol_run_scenario *B = &sc[i].file->sc[sc[i].index];
            int paired = A->seed == B->seed && A->days == B->days;
            for (size_t q = 0; q < sizeof key_outcomes / sizeof key_outcomes[0]; q++) {
                double *da, *db, *xa = malloc((size_t)(A->replicates + 1) * sizeof *xa),
                                   *xb = malloc((size_t)(B->replicates + 1) * sizeof *xb);
                char unit[64];
                if (xa && xb && vol_run_file_metric(sc[0].file, sc[0].index, key_outcomes[q].metric, &da, unit, sizeof unit) == VOL_OK) {
                    if (vol_run_file_metric(sc[i].file, sc[i].index, key_outcomes[q].metric, &db, NULL, 0) == VOL_OK) {
                        per_replicate(da, A->replicates, A->days, A->days, A->days, xa);
                        per_replicate(db, B->replicates, B->days, B->days, B->days, xb);
                        comparison x;
                        compare_values(xa, A->replicates, xb, B->replicates, paired, &x);
                        if (isnan(x.diff)) {
                            free(db);
                            free(da);
                            free(xa);
                            free(xb);
                            continue; /* not defined for these runs (e.g. yearly figures of a short run) */
                        }
                        int clear = x.lo > 0 || x.hi < 0;
                        const char *verb = !clear ? "does not clearly change" : (x.diff > 0 ? "raises" : "lowers");
                        fprintf(o, "<li><b>");
                        html(o, B->name);
                        fprintf(o, "</b> %s %s: ", verb, key_outcomes[q].phrase);
                        if (is_share(unit))
                            fprintf(o, "from %.1f%% to %.1f%% (difference %+.1f points, 95%% interval %+.1f to %+.1f)",
                                    100 * x.mean_a, 100 * x.mean_b, 100 * x.diff, 100 * x.lo, 100 * x.hi);
                        else
                            fprintf(o, "from %.3g to %.3g (%s; difference %+.3g, 95%% interval %+.3g to %+.3g)", x.mean_a,
                                    x.mean_b, unit, x.diff, x.lo, x.hi);
                        fprintf(o, "%s.</li>\n", paired ? "" : " (not paired: different seeds)");
                        free(db);
                    }
                    free(da);
                }
                free(xa);
                free(xb);
            }
        }
        fprintf(o, "</ul>\n");
        /* per-client effects on the clients each scenario reaches, against
         * the same clients in the first scenario (needs client panels:
         * run.client_panel_days) */
        int header = 0;
        for (size_t i = 1; i < nsc; i++)
            if (sc[i].file == sc[0].file && vol_run_file_has_panel(sc[0].file, sc[0].index, 0) &&
                vol_run_file_has_panel(sc[i].file, sc[i].index, 0))
                report_client_effects(o, sc[0].file, (int)sc[i].index, (int)sc[0].index, &header);
        fprintf(o, "<h2>Figures</h2>\n");
        /* figures: time series with bands across every scenario, and the last-day comparison */
        static const char *const figs[] = {"clients_durable_share", "client_wellbeing", "client_trust_npo",
                                           "volunteers_active_regular"};
        for (size_t fgi = 0; fgi < sizeof figs / sizeof figs[0]; fgi++) {
            vol_series *s = calloc(nsc, sizeof *s);
            double **arr = calloc(3 * nsc, sizeof *arr);
            long days = LONG_MAX;
            char unit[64] = "", path[600], ylabel[160];
            int ok = s && arr;
            for (size_t i = 0; ok && i < nsc; i++) {
                ok = day_bands(sc[i].file, sc[i].index, figs[fgi], &arr[3 * i], &arr[3 * i + 1], &arr[3 * i + 2], unit,
                               sizeof unit) == VOL_OK;
                if (ok) s[i] = (vol_series){sc[i].file->sc[sc[i].index].name, arr[3 * i], arr[3 * i + 1], arr[3 * i + 2]};
                if (sc[i].file->sc[sc[i].index].days < days) days = sc[i].file->sc[sc[i].index].days;
            }
            snprintf(path, sizeof path, "%s/fig%zu.svg", tmpdir, fgi);
            snprintf(ylabel, sizeof ylabel, "%s (%s)", figs[fgi], unit);
            if (ok && vol_figure_timeseries(path, vol_metrics_info((size_t)vol_metrics_find(figs[fgi]))->description,
                                             ylabel, s, nsc, (size_t)days) == VOL_OK) {
                fprintf(o, "<figure>");
                inline_figure(o, path, figs[fgi]);
                fprintf(o, "<figcaption>%s over time: mean over replicates (line) and 95%% interval (band).</figcaption></figure>\n",
                        figs[fgi]);
                unlink(path);
            }
            for (size_t i = 0; arr && i < 3 * nsc; i++) free(arr[i]);
            free(arr);
            free(s);
        }
        /* provenance */
        fprintf(o, "<h2>Provenance</h2>\n");
        for (int i = 0; i < nfiles; i++) {
            static const char *const attrs[] = {"volsim_version", "git_commit", "created", "command_line"};
            fprintf(o, "<h3>");
            html(o, files[i].path);
            fprintf(o, "</h3>\n<table>");
            for (size_t k = 0; k < 4; k++) {
                char *v = vol_run_file_string(&files[i], "/", attrs[k]);
                fprintf(o, "<tr><td>%s</td><td style=\"text-align:left\">", attrs[k]);
                html(o, v);
                fprintf(o, "</td></tr>");
                free(v);
            }
            fprintf(o, "</table>\n");
            for (size_t k = 0; k < files[i].nsc; k++) {
                char obj[400];
                snprintf(obj, sizeof obj, "scenarios/%s/config", files[i].sc[k].name);
                char *cfg = vol_run_file_string(&files[i], obj, NULL);
                fprintf(o, "<details><summary>resolved scenario %s (seed %llu)</summary><pre>", files[i].sc[k].name,
                        (unsigned long long)files[i].sc[k].seed);
                html(o, cfg);
                fprintf(o, "</pre></details>\n");
                free(cfg);
            }
        }
        fprintf(o, "</body></html>\n");
        if (fclose(o) != 0) rc = 1;
        o = NULL;
        if (rc == 0 && rename(tmp, out) != 0) rc = 1;
        if (rc) {
            unlink(tmp);
            fprintf(stderr, "volsim report: cannot write %s\n", out);
        } else {
            printf("wrote %s\n", out);
        }
    }
    if (o) fclose(o);
    rmdir(tmpdir);
    free(tmp);
    for (int i = 0; files && i < nfiles; i++) vol_run_file_close(&files[i]);
    free(files);
    free(sc);
    return rc;
}

/* ---- the guard of the reading commands ------------------------------------ */
int vcli_run_guarded(int (*command)(int, char **), int argc, char **argv)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) return command(argc, argv);
    if (pid == 0) exit(command(argc, argv)); /* exit, not _exit: flushes and lets leak checks run */
    /* Ctrl-C reaches the child too (same process group); the parent waits
     * for it and reports */
    struct sigaction ign = {0}, old_int, old_term;
    ign.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ign, &old_int);
    sigaction(SIGTERM, &ign, &old_term);
    int status = 0;
    pid_t w;
    while ((w = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {}
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (w < 0) {
        fprintf(stderr, "volsim %s: lost its worker process: %s\n", argv[0], strerror(errno));
        return 1;
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
    if (sig == SIGINT || sig == SIGTERM) {
        fprintf(stderr, "volsim %s: interrupted; nothing was written\n", argv[0]);
        return 130;
    }
    if (sig == SIGPIPE) return 128 + SIGPIPE; /* the reader of stdout stopped (| head, | grep -q): not a fault */
    fprintf(stderr, "volsim %s: reading the input crashed the HDF5 library (%s): a damaged file?", argv[0],
            sig ? strsignal(sig) : "abnormal end");
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (argv[i][0] != '-' && stat(argv[i], &st) == 0 && S_ISREG(st.st_mode)) fprintf(stderr, " %s", argv[i]);
    }
    fprintf(stderr, "; nothing was written\n");
    return 2;
}
