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
#include <sys/stat.h>
#include <unistd.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "analyze.h"
#include "h5read.h"
#include "sensitivity.h"
#include "stats.h"
#include "tables.h"

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
    const char **want = calloc((size_t)argc + vol_metrics_count() + 1, sizeof *want);
    if (!want) return 1;
    size_t nwant = 0;
    long day = -1, a = -1, b = -1;
    vcli_format fmt = VCLI_FORMAT_TEXT;
    int c, rc = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'm':
            if (vol_metrics_find(optarg) < 0) { rc = usage("summary", "--metric: expected a metric of 'volsim metrics', found '%s'", optarg); goto done; }
            want[nwant++] = optarg;
            break;
        case 'd': day = strtol(optarg, NULL, 10); if (day < 1) { rc = usage("summary", "--day: expected a day >= 1, found '%s'", optarg); goto done; } break;
        case 'w':
            if (sscanf(optarg, "%ld:%ld", &a, &b) != 2 || a < 1 || b < a) { rc = usage("summary", "--mean-over: expected A:B with 1 <= A <= B, found '%s'", optarg); goto done; }
            break;
        case 'F': if (!parse_fmt(optarg, &fmt)) { rc = usage("summary", "--format: expected text, csv or markdown, found '%s'", optarg); goto done; } break;
        case 'h': fputs(summary_usage, stdout); goto done;
        default: rc = usage("summary", "unknown option or missing value '%s'", argv[optind - 1]); goto done;
        }
    }
    if (optind != argc - 1) { rc = usage("summary", "expected one results file"); goto done; }
    if (day > 0 && a > 0) { rc = usage("summary", "--day and --mean-over exclude each other"); goto done; }
    vcli_run_file f;
    if (vcli_run_file_open(argv[optind], &f) != VOL_OK) { fprintf(stderr, "volsim summary: %s\n", vol_error_message()); rc = 2; goto done; }
    if (nwant == 0)
        for (size_t m = 0; m < vol_metrics_count(); m++) want[nwant++] = vol_metrics_info(m)->name;
    if (fmt == VCLI_FORMAT_CSV) printf("scenario,metric,unit,window,n,mean,sd,ci_low,ci_high,median,q1,q3\n");
    if (fmt == VCLI_FORMAT_MARKDOWN)
        printf("| scenario | metric | unit | window | n | mean | sd | 95%% interval | median | quartiles |\n"
               "|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < f.nsc && rc == 0; i++) {
        long reps = f.sc[i].replicates, days = f.sc[i].days;
        long lo = a > 0 ? a : (day > 0 ? day : days), hi = a > 0 ? b : lo;
        if (hi > days) { fprintf(stderr, "volsim summary: %s has %ld days, asked for day %ld\n", f.sc[i].name, days, hi); rc = 2; break; }
        char window[64];
        if (lo == hi) snprintf(window, sizeof window, "day %ld", lo);
        else snprintf(window, sizeof window, "days %ld-%ld", lo, hi);
        if (fmt == VCLI_FORMAT_TEXT) printf("%s (%ld replicates, %s)\n", f.sc[i].name, reps, window);
        double *x = malloc((size_t)(reps + 1) * sizeof *x), *sorted = malloc((size_t)(reps + 1) * sizeof *sorted);
        for (size_t k = 0; k < nwant && x && sorted; k++) {
            double *data;
            char unit[64];
            if (vcli_run_file_metric(&f, i, want[k], &data, unit, sizeof unit) != VOL_OK) {
                fprintf(stderr, "volsim summary: %s\n", vol_error_message());
                rc = 1;
                break;
            }
            per_replicate(data, reps, days, lo, hi, x);
            free(data);
            double mean, half;
            long n = vcli_mean_ci95(x, 1, reps, &mean, &half);
            size_t ns = 0;
            for (long r = 0; r < reps; r++)
                if (!isnan(x[r])) sorted[ns++] = x[r];
            gsl_sort(sorted, 1, ns);
            double sd = ns > 1 ? gsl_stats_sd(sorted, 1, ns) : NAN;
            double med = ns ? gsl_stats_median_from_sorted_data(sorted, 1, ns) : NAN;
            double q1 = ns ? gsl_stats_quantile_from_sorted_data(sorted, 1, ns, 0.25) : NAN;
            double q3 = ns ? gsl_stats_quantile_from_sorted_data(sorted, 1, ns, 0.75) : NAN;
            if (fmt == VCLI_FORMAT_CSV)
                printf("%s,%s,%s,%s,%ld,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g\n", f.sc[i].name, want[k], unit, window,
                       n, mean, sd, mean - half, mean + half, med, q1, q3);
            else if (fmt == VCLI_FORMAT_MARKDOWN)
                printf("| %s | `%s` | %s | %s | %ld | %.4g | %.4g | [%.4g, %.4g] | %.4g | %.4g - %.4g |\n", f.sc[i].name,
                       want[k], unit, window, n, mean, sd, mean - half, mean + half, med, q1, q3);
            else
                printf("  %-36s %11.4g  sd %-9.4g [%.4g, %.4g]  median %.4g (%.4g - %.4g)  %s\n", want[k], mean, sd,
                       mean - half, mean + half, med, q1, q3, unit);
        }
        free(x);
        free(sorted);
    }
    vcli_run_file_close(&f);
done:
    free(want);
    return rc;
}

/* ---- compare ------------------------------------------------------------ */
static const char compare_usage[] =
    "Usage: volsim compare A.h5 B.h5 | volsim compare FILE.h5 --scenarios A,B\n"
    "                      [--metric M]... [--day D | --mean-over A:B] [--format text|markdown]\n"
    "Per metric the difference B - A with a 95% interval: paired over replicates when the two\n"
    "share their random streams (same seed: common random numbers), Welch otherwise; the\n"
    "effect size (paired d_z or Cohen's d) and how much narrower pairing made the interval;\n"
    "then one plain-language line per key outcome.\n";

static const struct { const char *metric, *phrase; } key_outcomes[] = {
    {"clients_durable_share", "the share of clients with a durable relationship"},
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
    long ka = vcli_mean_ci95(xa, 1, na, &ma, &ha), kb = vcli_mean_ci95(xb, 1, nb, &mb, &hb);
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
        c->n = d ? vcli_mean_ci95(d, 1, n, &md, &hd) : 0;
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

int vcli_cmd_compare(int argc, char **argv)
{
    static const struct option opts[] = {{"metric", required_argument, 0, 'm'}, {"day", required_argument, 0, 'd'},
                                         {"mean-over", required_argument, 0, 'w'}, {"format", required_argument, 0, 'F'},
                                         {"scenarios", required_argument, 0, 's'}, {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char **want = calloc((size_t)argc + vol_metrics_count() + 1, sizeof *want);
    if (!want) return 1;
    size_t nwant = 0;
    long day = -1, wa = -1, wb = -1;
    char *pair = NULL;
    vcli_format fmt = VCLI_FORMAT_TEXT;
    int c, rc = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:h", opts, NULL)) != -1) {
        switch (c) {
        case 'm':
            if (vol_metrics_find(optarg) < 0) { rc = usage("compare", "--metric: expected a metric of 'volsim metrics', found '%s'", optarg); goto done; }
            want[nwant++] = optarg;
            break;
        case 'd': day = strtol(optarg, NULL, 10); if (day < 1) { rc = usage("compare", "--day: expected a day >= 1, found '%s'", optarg); goto done; } break;
        case 'w':
            if (sscanf(optarg, "%ld:%ld", &wa, &wb) != 2 || wa < 1 || wb < wa) { rc = usage("compare", "--mean-over: expected A:B with 1 <= A <= B, found '%s'", optarg); goto done; }
            break;
        case 's': pair = optarg; break;
        case 'F': if (!parse_fmt(optarg, &fmt) || fmt == VCLI_FORMAT_CSV) { rc = usage("compare", "--format: expected text or markdown, found '%s'", optarg); goto done; } break;
        case 'h': fputs(compare_usage, stdout); goto done;
        default: rc = usage("compare", "unknown option or missing value '%s'", argv[optind - 1]); goto done;
        }
    }
    int nfiles = argc - optind;
    if (!((nfiles == 2 && !pair) || (nfiles == 1 && pair))) { rc = usage("compare", "expected two results files, or one with --scenarios A,B"); goto done; }
    vcli_run_file fa, fb;
    if (vcli_run_file_open(argv[optind], &fa) != VOL_OK) { fprintf(stderr, "volsim compare: %s\n", vol_error_message()); rc = 2; goto done; }
    if (nfiles == 2 && vcli_run_file_open(argv[optind + 1], &fb) != VOL_OK) {
        fprintf(stderr, "volsim compare: %s\n", vol_error_message());
        vcli_run_file_close(&fa);
        rc = 2;
        goto done;
    }
    const vcli_run_file *pa = &fa, *pb = nfiles == 2 ? &fb : &fa;
    int ia = 0, ib = 0;
    if (pair) {
        char *comma = strchr(pair, ',');
        if (comma) *comma = '\0';
        ia = vcli_run_file_find(&fa, pair);
        ib = comma ? vcli_run_file_find(&fa, comma + 1) : -1;
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
        const vcli_run_scenario *A = &pa->sc[ia], *B = &pb->sc[ib];
        long days = A->days < B->days ? A->days : B->days;
        long lo = wa > 0 ? wa : (day > 0 ? day : days), hi = wa > 0 ? wb : lo;
        int paired = A->seed == B->seed && A->days == B->days;
        if (hi > days) { fprintf(stderr, "volsim compare: the runs have %ld days, asked for day %ld\n", days, hi); rc = 2; }
        if (nwant == 0)
            for (size_t m = 0; m < vol_metrics_count(); m++) want[nwant++] = vol_metrics_info(m)->name;
        char window[64];
        if (lo == hi) snprintf(window, sizeof window, "day %ld", lo);
        else snprintf(window, sizeof window, "days %ld-%ld", lo, hi);
        if (rc == 0) {
            printf("%s - %s, %s, %s\n", B->name, A->name, window,
                   paired ? "paired over replicates (same seed: common random numbers)"
                          : "Welch (different seeds or lengths: not paired)");
            if (fmt == VCLI_FORMAT_MARKDOWN)
                printf("\n| metric | unit | %s | %s | difference | 95%% interval | effect size | interval narrowed by pairing |\n"
                       "|---|---|---|---|---|---|---|---|\n", A->name, B->name);
        }
        double *xa = malloc((size_t)(A->replicates + 1) * sizeof *xa), *xb = malloc((size_t)(B->replicates + 1) * sizeof *xb);
        comparison *res = calloc(nwant + 1, sizeof *res);
        char (*units)[64] = calloc(nwant + 1, sizeof *units);
        for (size_t k = 0; rc == 0 && k < nwant && xa && xb && res && units; k++) {
            double *da, *db;
            if (vcli_run_file_metric(pa, (size_t)ia, want[k], &da, units[k], sizeof units[k]) != VOL_OK ||
                vcli_run_file_metric(pb, (size_t)ib, want[k], &db, NULL, 0) != VOL_OK) {
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
                printf("| `%s` | %s | %.4g | %.4g | %+.4g | [%+.4g, %+.4g] | %s %.3g | ", want[k], units[k],
                       q->mean_a, q->mean_b, q->diff, q->lo, q->hi, paired ? "d_z" : "d", q->effect);
            if (fmt == VCLI_FORMAT_MARKDOWN) {
                if (isnan(narrowed)) printf("- |\n");
                else printf("%.0f%% |\n", 100 * narrowed);
            }
            if (fmt == VCLI_FORMAT_TEXT)
                printf("  %-36s %+11.4g  [%+.4g, %+.4g]%s  %s %.3g\n", want[k], q->diff, q->lo, q->hi,
                       (q->lo > 0 || q->hi < 0) ? " *" : "  ", paired ? "d_z" : "d", q->effect);
            if (!isnan(narrowed) && fmt == VCLI_FORMAT_TEXT)
                printf("  %-36s (pairing made the interval %.0f%% narrower than Welch's)\n", "", 100 * narrowed);
        }
        if (rc == 0 && fmt == VCLI_FORMAT_TEXT) printf("  (* the 95%% interval excludes zero)\n");
        /* plain language for the key outcomes among those compared */
        if (rc == 0) {
            printf("\nIn words (%s):\n", window);
            for (size_t q = 0; q < sizeof key_outcomes / sizeof key_outcomes[0]; q++)
                for (size_t k = 0; k < nwant; k++) {
                    if (strcmp(want[k], key_outcomes[q].metric) != 0) continue;
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
    vcli_run_file_close(&fa);
    if (nfiles == 2) vcli_run_file_close(&fb);
done:
    free(want);
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
    vcli_run_file f;
    if (vcli_run_file_open(argv[optind], &f) != VOL_OK) { fprintf(stderr, "volsim export: %s\n", vol_error_message()); return 2; }
    char *path = NULL, *tmp = NULL;
    if (asprintf(&path, "%s/metrics.csv", dir) < 0 || asprintf(&tmp, "%s/.metrics.csv.tmp", dir) < 0) { vcli_run_file_close(&f); return 1; }
    FILE *out = fopen(tmp, "w");
    int rc = out ? 0 : 1;
    if (out) fprintf(out, "scenario,replicate,day,metric,value\n");
    for (size_t i = 0; rc == 0 && i < f.nsc; i++)
        for (size_t m = 0; rc == 0 && m < vol_metrics_count(); m++) {
            double *data;
            const char *name = vol_metrics_info(m)->name;
            if (vcli_run_file_metric(&f, i, name, &data, NULL, 0) != VOL_OK) { rc = 1; break; }
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
    vcli_run_file_close(&f);
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
    vcli_sweep_file s;
    if (vcli_sweep_file_read(argv[optind], &s) != VOL_OK) { fprintf(stderr, "volsim sensitivity: %s\n", vol_error_message()); return 2; }
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
            vcli_sobol_index *ix = calloc(s.k, sizeof *ix);
            if (!ix || vcli_sobol_indices(y, s.samples, s.k, (size_t)boot, 2026, ix) != VOL_OK) {
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
            vcli_morris_index *ix = calloc(s.k, sizeof *ix);
            if (!ix || vcli_morris_indices(y, s.unit, s.factor, s.samples, s.k, ix) != VOL_OK) {
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
    vcli_sweep_file_free(&s);
    return rc;
}
