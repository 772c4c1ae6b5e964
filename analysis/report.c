/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.c: the HTML report of one or more run results files (vol_report.h). */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vol_report.h"
#include "vol_compare.h"
#include "vol_figures.h"
#include "vol_stats.h"
#include "vol_sweep_stats.h"

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

/* The report's table of per-client effects of scenario ir on the clients it
 * reaches, against the same clients in io (see client_effects). */
static void report_client_effects(FILE *o, const vol_run_file *f, int ir, int io, int *header)
{
    long lags[VOL_N_LAGS];
    vol_client_effect e[VOL_N_LAGS];
    if (vol_client_effects(f, ir, io, lags, e) != VOL_OK || e[0].clients == 0) return;
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
    for (int l = 0; l < VOL_N_LAGS; l++) {
        if (e[l].clients == 0) {
            fprintf(o, "<tr><td>%s (day %ld)</td><td>0</td><td colspan=\"4\">no client followed up this long</td></tr>\n",
                    vol_lag_name(l), lags[l]);
            continue;
        }
        fprintf(o, "<tr><td>%s (day %ld)</td><td>%ld</td><td>%+.4f</td><td>%+.4f to %+.4f</td><td>%+.3f</td>"
                   "<td>%+.3f to %+.3f</td></tr>\n",
                vol_lag_name(l), lags[l], e[l].clients, e[l].diff, e[l].lo, e[l].hi, e[l].diff / e[l].sd, e[l].lo / e[l].sd,
                e[l].hi / e[l].sd);
    }
    fprintf(o, "</table>\n");
}

typedef struct {
    vol_run_file *file;
    size_t index;
} scenario_ref;

/* The page's head and title. */
static void page_head(FILE *o)
{
    fprintf(o, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>volsim report</title>\n"
               "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222;line-height:1.45}"
               "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;text-align:right}"
               "th:first-child,td:first-child{text-align:left}th{background:#eef}"
               ".q{font-style:italic;white-space:pre-wrap}figure{margin:1.5em 0}img{max-width:100%%;height:auto}"
               "pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:80%%}</style></head><body>\n");
    fprintf(o, "<h1>volsim report</h1>\n");
}

/* The provenance of each run file. */
static void run_provenance(FILE *o, vol_run_file *files, size_t nfiles)
{
    for (size_t i = 0; i < nfiles; i++) {
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
}

/* The sections about the scenarios of run files. */
static vol_status run_sections(FILE *o, vol_run_file *files, size_t nfiles, const char *tmpdir)
{
    scenario_ref *sc = NULL;
    size_t nsc = 0;
    for (size_t i = 0; i < nfiles; i++) {
        scenario_ref *q = realloc(sc, (nsc + files[i].nsc + 1) * sizeof *q);
        if (!q) { free(sc); VOL_ERROR(VOL_ENOMEM, "out of memory for the report's scenarios"); }
        sc = q;
        for (size_t k = 0; k < files[i].nsc; k++) sc[nsc++] = (scenario_ref){&files[i], k};
    }
    if (nsc == 0) { free(sc); VOL_ERROR(VOL_EINVAL, "no scenario in the results files"); }
    static const char *const keys[] = {"clients_durable_share", "clients_with_volunteer_share", "client_wellbeing",
                                       "client_trust_npo", "client_scepticism", "volunteer_yearly_dropout",
                                       "matches_closed_within_year", "volunteers_active_regular",
                                       "corporate_durable_bonds"};
    const size_t nkeys = sizeof keys / sizeof keys[0];
    fprintf(o, "<p>What happens to clients, volunteers, professionals and companies under "
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
                vol_per_replicate(data, s->replicates, s->days, s->days, s->days, x);
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
        for (size_t q = 0; q < vol_key_outcome_count(); q++) {
            double *da, *db, *xa = malloc((size_t)(A->replicates + 1) * sizeof *xa),
                               *xb = malloc((size_t)(B->replicates + 1) * sizeof *xb);
            char unit[64];
            if (xa && xb && vol_run_file_metric(sc[0].file, sc[0].index, vol_key_outcome_get(q)->metric, &da, unit, sizeof unit) == VOL_OK) {
                if (vol_run_file_metric(sc[i].file, sc[i].index, vol_key_outcome_get(q)->metric, &db, NULL, 0) == VOL_OK) {
                    vol_per_replicate(da, A->replicates, A->days, A->days, A->days, xa);
                    vol_per_replicate(db, B->replicates, B->days, B->days, B->days, xb);
                    vol_comparison x;
                    vol_compare_values(xa, A->replicates, xb, B->replicates, paired, &x);
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
                    fprintf(o, "</b> %s %s: ", verb, vol_key_outcome_get(q)->phrase);
                    if (vol_unit_is_share(unit))
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
    /* figures: time series with bands across every scenario, and the last-day vol_comparison */
    static const char *const figs[] = {"clients_durable_share", "client_wellbeing", "client_trust_npo",
                                       "volunteers_active_regular"};
    for (size_t fgi = 0; fgi < sizeof figs / sizeof figs[0]; fgi++) {
        vol_series *s = calloc(nsc, sizeof *s);
        double **arr = calloc(3 * nsc, sizeof *arr);
        long days = LONG_MAX;
        char unit[64] = "", path[600], ylabel[160];
        int ok = s && arr;
        for (size_t i = 0; ok && i < nsc; i++) {
            ok = vol_day_bands(sc[i].file, sc[i].index, figs[fgi], &arr[3 * i], &arr[3 * i + 1], &arr[3 * i + 2], unit,
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
    free(sc);
    return VOL_OK;
}

/* The robustness of each policy against the sweep's first one across the
 * design: at how many of the design's points (a sample of the assumptions)
 * the key outcomes rise, fall or do not clearly change, and the mean paired
 * difference over the points. */
static void sweep_section(FILE *o, const vol_sweep_file *s)
{
    fprintf(o, "<h2>Across the assumptions: ");
    html(o, s->path);
    fprintf(o, "</h2>\n<p>A %s sweep of %zu points over ", s->design, s->npoints);
    for (size_t j = 0; j < s->k; j++) {
        fprintf(o, "%s<code>", j ? (j + 1 == s->k ? " and " : ", ") : "");
        html(o, s->parameters[j]);
        fprintf(o, "</code> (%g to %g)", s->low[j], s->high[j]);
    }
    fprintf(o, ", with %ld replicates per point and policy. Each policy is compared with <b>", s->replicates);
    html(o, s->policies[0]);
    fprintf(o, "</b> at the same points and replicates (paired); a point counts when the 95%% interval of its "
               "difference excludes zero.</p>\n<ul>\n");
    for (size_t b = 1; b < s->npolicies; b++)
        for (size_t q = 0; q < vol_key_outcome_count(); q++) {
            const char *metric = vol_key_outcome_get(q)->metric;
            int m = vol_sweep_metric(s, metric);
            vol_sweep_comparison c;
            if (m < 0 || vol_sweep_compare(s, (size_t)m, VOL_SWEEP_FINAL, b, 0, &c) != VOL_OK || c.points == 0 ||
                isnan(c.mean))
                continue;
            fprintf(o, "<li><b>");
            html(o, s->policies[b]);
            fprintf(o, "</b> against <b>");
            html(o, s->policies[0]);
            const char *unit = vol_metrics_info((size_t)vol_metrics_find(metric))->unit;
            const int share = vol_unit_is_share(unit);
            const double k = share ? 100 : 1;
            fprintf(o, "</b>, %s: higher at %zu of %zu points (%.0f%%), lower at %zu (%.0f%%), not clearly different "
                       "at %zu; mean difference over the points %+.3g%s (95%% interval %+.3g to %+.3g).</li>\n",
                    vol_key_outcome_get(q)->phrase, c.higher, c.points, 100.0 * (double)c.higher / (double)c.points,
                    c.lower, 100.0 * (double)c.lower / (double)c.points, c.unclear, k * c.mean,
                    share ? " percentage points" : "", k * c.lo, k * c.hi);
        }
    fprintf(o, "</ul>\n");
}

vol_status vol_report_write_all(FILE *o, vol_run_file *files, size_t nfiles, const vol_sweep_file *sweeps,
                                size_t nsweeps, const char *tmpdir)
{
    if (nfiles == 0 && nsweeps == 0) VOL_ERROR(VOL_EINVAL, "no results or sweep file for the report");
    page_head(o);
    vol_status st = nfiles ? run_sections(o, files, nfiles, tmpdir) : VOL_OK;
    if (st != VOL_OK) return st;
    for (size_t i = 0; i < nsweeps; i++) sweep_section(o, &sweeps[i]);
    fprintf(o, "<h2>Provenance</h2>\n");
    run_provenance(o, files, nfiles);
    for (size_t i = 0; i < nsweeps; i++) {
        fprintf(o, "<h3>");
        html(o, sweeps[i].path);
        fprintf(o, "</h3>\n<p>Sweep seed %llu; its file holds the resolved scenario of every policy.</p>\n",
                (unsigned long long)sweeps[i].seed);
    }
    fprintf(o, "</body></html>\n");
    if (ferror(o)) VOL_ERROR(VOL_EIO, "writing the report failed");
    return VOL_OK;
}

vol_status vol_report_write(FILE *o, vol_run_file *files, size_t nfiles, const char *tmpdir)
{
    return vol_report_write_all(o, files, nfiles, NULL, 0, tmpdir);
}
