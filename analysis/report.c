/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.c: the HTML report of run and sweep results files (vol_report.h).
 *
 * The page opens with the bottom line of each comparison in plain words,
 * then the clients with particular needs, the key outcomes, the figures,
 * the answer across a sweep's assumptions, and a technical appendix with
 * metric names, commands, seeds and the provenance. Every user-facing
 * string goes through T() (gettext, domain "volsim"; the catalogues are in
 * po/ and are compiled at build time). Numbers of the bottom line are those
 * of volsim compare for the same files and window; each item carries them
 * in data- attributes (full precision) for checks. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "vol_report.h"
#include "vol_outfile.h"
#include "vol_compare.h"
#include "vol_figures.h"
#include "vol_stats.h"
#include "vol_sweep_stats.h"

#define N_(s) (s) /* marks a string for the catalogue; translated where it is shown */

typedef struct {
    vol_run_file *file;
    size_t index;
} scenario_ref;

typedef struct {
    FILE *o;
    int nl;
    scenario_ref *sc;
    size_t nsc;
    const vol_sweep_file *sweeps;
    size_t nsweeps;
    const vol_report_prediction *pred;
    size_t npred;
    const vol_report_discovery *disc;
    size_t ndisc;
    const char *tmpdir;
    char fig_error[1024]; /* the first figure that could not be written or read back, "" when none */
    char nbuf[16][64];
    int nb;
    char ebuf[8][1024];
    int eb;
} rp;

static const char *T(const rp *r, const char *s) { return r->nl ? dgettext(VOL_TEXT_DOMAIN, s) : s; }

/* The HTML entity of a character that needs one, else NULL. */
static const char *entity(char c)
{
    switch (c) {
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '&': return "&amp;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
    }
}

static void html(FILE *o, const char *s)
{
    for (; s && *s; s++) {
        const char *e = entity(*s);
        if (e) fputs(e, o);
        else fputc(*s, o);
    }
}

/* s escaped for HTML, from a ring of buffers (for %s in a translated
 * sentence; truncated beyond 1023 bytes). */
static const char *esc(rp *r, const char *s)
{
    char *b = r->ebuf[r->eb++ % 8];
    size_t n = 0;
    for (; s && *s && n + 7 < 1024; s++) {
        const char *e = entity(*s);
        if (e) {
            memcpy(b + n, e, strlen(e));
            n += strlen(e);
        } else {
            b[n++] = *s;
        }
    }
    b[n] = 0;
    return b;
}

/* A number with dec decimals in the page's language (a decimal comma in
 * Dutch), from a ring of buffers so that several can stand in one call. */
static const char *num(rp *r, double v, int dec)
{
    char *b = r->nbuf[r->nb++ % 16];
    if (isnan(v)) return T(r, "n/a");
    snprintf(b, 64, "%.*f", dec, v);
    if (b[0] == '-' && strspn(b + 1, "0.") == strlen(b + 1)) memmove(b, b + 1, strlen(b)); /* no "-0.0" */
    if (r->nl)
        for (char *p = b; *p; p++)
            if (*p == '.') *p = ',';
    return b;
}

/* Decimals that show an interval [lo, hi] without false precision. */
static int decimals(double lo, double hi)
{
    double span = fabs(hi - lo), m = fmax(fabs(lo), fabs(hi));
    if (!(m > 0)) return 0;
    if (!(span > 0)) span = m;
    int d = span >= 5 || m >= 1000 ? 0 : span >= 0.5 ? 1 : span >= 0.05 ? 2 : 3;
    /* a bound that is not zero is not shown as zero ("between 0.0 and 2.3") */
    const double small = fmin(fabs(lo), fabs(hi));
    while (d < 3 && small > 0 && small < 0.5 * pow(10, -d)) d++;
    return d;
}

/* The page's name of scenario i (its name, escaped by the caller's html). */
static const char *sc_name(const rp *r, size_t i) { return r->sc[i].file->sc[r->sc[i].index].name; }
static const vol_run_scenario *sc_of(const rp *r, size_t i) { return &r->sc[i].file->sc[r->sc[i].index]; }

/* ---- the outcomes the page speaks of ---- */
enum { K_COUNT, K_LEVEL };
enum { G_CLIENTS, G_NEEDS, G_VOLUNTEERS, G_PROFESSIONALS, G_COMPANIES, G_COSTS, G_COUNT };
enum { W_LAST_DAY, W_LAST_YEAR };

typedef struct {
    const char *metric;
    int window; /* W_LAST_DAY, or W_LAST_YEAR: the mean of the last 365 days */
    double scale; /* 100 per 100 (shares) or on 0-100 (indices), 365 per year, 7 per week */
    int kind;     /* K_COUNT: more / fewer; K_LEVEL: higher / lower */
    int better;   /* +1 more is better, -1 fewer is better, 0 neither (a cost, a reach) */
    int group;
    int per_client; /* 1: per 100 clients, also for the whole client population */
    const char *label, *brief;
} outcome;

static const outcome outcomes[] = {
    {"clients_lasting_6m_share", W_LAST_DAY, 100, K_COUNT, 1, G_CLIENTS, 1,
     N_("Clients whose relationship with a volunteer has lasted 6 months or more, per 100 clients"),
     N_("lasting relationships")},
    {"clients_durable_share", W_LAST_DAY, 100, K_COUNT, 1, G_CLIENTS, 1,
     N_("Clients with a close bond with a volunteer, per 100 clients"), N_("close bonds")},
    {"clients_with_volunteer_share", W_LAST_DAY, 100, K_COUNT, 1, G_CLIENTS, 0,
     N_("Clients with a volunteer at all, per 100 clients"), N_("clients with a volunteer")},
    {"client_wellbeing", W_LAST_DAY, 100, K_LEVEL, 1, G_CLIENTS, 0,
     N_("Average wellbeing of all clients, on a scale of 0 to 100"), N_("average wellbeing")},
    {"company_contacted_share", W_LAST_DAY, 100, K_COUNT, 0, G_CLIENTS, 0,
     N_("Clients who have met a company volunteer so far, per 100 clients"), N_("clients reached by companies")},
    {"client_wellbeing_routine_sensitive", W_LAST_DAY, 100, K_LEVEL, 1, G_NEEDS, 0,
     N_("Wellbeing of routine-sensitive clients (0 to 100)"), N_("wellbeing of routine-sensitive clients")},
    {"client_wellbeing_isolated", W_LAST_DAY, 100, K_LEVEL, 1, G_NEEDS, 0,
     N_("Wellbeing of isolated clients with multiple problems (0 to 100)"), N_("wellbeing of isolated clients")},
    {"volunteers_active_regular", W_LAST_DAY, 1, K_COUNT, 1, G_VOLUNTEERS, 0, N_("Active regular volunteers"),
     N_("active volunteers")},
    {"volunteer_yearly_dropout", W_LAST_DAY, 100, K_COUNT, -1, G_VOLUNTEERS, 0,
     N_("Volunteers who stopped within the last year, per 100 volunteers"), N_("volunteers stopping")},
    {"burnouts_new", W_LAST_YEAR, 365, K_COUNT, -1, G_VOLUNTEERS, 0, N_("Volunteers burning out, per year"),
     N_("burn-out")},
    {"handovers", W_LAST_YEAR, 365, K_COUNT, 1, G_PROFESSIONALS, 0,
     N_("Clients that professionals hand over to a volunteer, per year"), N_("hand-overs by professionals")},
    {"professional_trust", W_LAST_DAY, 100, K_LEVEL, 1, G_PROFESSIONALS, 0,
     N_("Professionals' trust in the volunteers they know (0 to 100)"), N_("professionals' trust")},
    {"corporate_stayed_on", W_LAST_DAY, 1, K_COUNT, 1, G_COMPANIES, 0,
     N_("Employees who went on volunteering after their company programme (so far)"), N_("employees staying on")},
    {"company_hours", W_LAST_YEAR, 365, K_COUNT, 0, G_COSTS, 0, N_("Employee hours given, per year"),
     N_("employee hours")},
    {"supervision_given", W_LAST_YEAR, 7, K_COUNT, 0, G_COSTS, 0,
     N_("Hours of supervision of volunteers by professionals and coordinators, per week"), N_("supervision hours")},
};
#define NOUTCOMES (sizeof outcomes / sizeof outcomes[0])

static const char *const group_names[G_COUNT] = {N_("Clients"), N_("Clients with particular needs"),
                                                 N_("Volunteers"), N_("Professionals"), N_("Companies"),
                                                 N_("What it takes")};

/* The client profiles of the subgroup table. */
static const struct {
    const char *metric, *label;
} profiles[] = {
    {"client_wellbeing_routine_sensitive", N_("Routine-sensitive clients (autism, psychiatric conditions)")},
    {"client_wellbeing_isolated", N_("Isolated clients with multiple problems")},
    {"client_wellbeing_elderly", N_("Older clients")},
    {"client_wellbeing_youth", N_("Young clients")},
    {"client_wellbeing_disability", N_("Clients with a disability")},
    {"client_wellbeing_refugee", N_("Refugees")},
};
#define NPROFILES (sizeof profiles / sizeof profiles[0])

/* The days an outcome is read over in scenario s: [*a, *b], 1-based. */
static void window_days(const outcome *q, const vol_run_scenario *s, long *a, long *b)
{
    *b = s->days;
    *a = q->window == W_LAST_YEAR ? (s->days > 365 ? s->days - 364 : 1) : s->days;
}

/* Per replicate of scenario i, metric over [a, b] (reps + 1 values); NULL
 * when the file has no such metric. */
static double *replicate_values(const rp *r, size_t i, const char *metric, long a, long b)
{
    const vol_run_scenario *s = sc_of(r, i);
    if (!vol_run_file_has_metric(r->sc[i].file, r->sc[i].index, metric)) return NULL;
    double *data, *x = malloc((size_t)(s->replicates + 1) * sizeof *x);
    if (!x || vol_run_file_metric(r->sc[i].file, r->sc[i].index, metric, &data, NULL, 0) != VOL_OK) {
        free(x);
        return NULL;
    }
    vol_per_replicate(data, s->replicates, s->days, a, b, x);
    free(data);
    return x;
}

static int paired(const rp *r, size_t ia, size_t ib) { return vol_run_scenarios_paired(sc_of(r, ia), sc_of(r, ib)); }

/* Scenario ib against ia on outcome q (ib - ia), as volsim compare gives
 * it over q's window; 0 when not defined for these runs. */
static int compare_outcome(const rp *r, size_t ia, size_t ib, const char *metric, const outcome *q,
                           vol_comparison *c)
{
    long a, b;
    window_days(q, sc_of(r, ia), &a, &b);
    double *xa = replicate_values(r, ia, metric, a, b), *xb = replicate_values(r, ib, metric, a, b);
    int ok = xa && xb;
    if (ok) {
        vol_compare_values(xa, sc_of(r, ia)->replicates, xb, sc_of(r, ib)->replicates, paired(r, ia, ib), c);
        ok = !isnan(c->diff);
    }
    free(xa);
    free(xb);
    return ok;
}

/* "between 2 and 5 more", "no clear difference (between 1 fewer and 3
 * more)": an interval of a difference in words, into buf. */
static const char *range_text(rp *r, int kind, double lo, double hi, char *buf, size_t n)
{
    const int d = decimals(lo, hi);
    if (isnan(lo) || isnan(hi)) snprintf(buf, n, "%s", T(r, "how sure cannot be said (a single repetition)"));
    else if (lo == 0 && hi == 0) snprintf(buf, n, "%s", T(r, "the same in every repetition"));
    else if (lo == hi) /* the same difference in every repetition: no interval to speak of */
        snprintf(buf, n,
                 kind == K_COUNT ? (lo > 0 ? T(r, "%s more in every repetition") : T(r, "%s fewer in every repetition"))
                                 : (lo > 0 ? T(r, "%s higher in every repetition") : T(r, "%s lower in every repetition")),
                 num(r, fabs(lo), decimals(lo, lo)));
    else if (lo > 0)
        snprintf(buf, n, kind == K_COUNT ? T(r, "between %s and %s more") : T(r, "between %s and %s higher"),
                 num(r, lo, d), num(r, hi, d));
    else if (hi < 0)
        snprintf(buf, n, kind == K_COUNT ? T(r, "between %s and %s fewer") : T(r, "between %s and %s lower"),
                 num(r, -hi, d), num(r, -lo, d));
    else
        snprintf(buf, n,
                 kind == K_COUNT ? T(r, "no clear difference (between %s fewer and %s more)")
                                 : T(r, "no clear difference (between %s lower and %s higher)"),
                 num(r, -lo, d), num(r, hi, d));
    return buf;
}

static void range_words(rp *r, int kind, double lo, double hi)
{
    char buf[300];
    fputs(range_text(r, kind, lo, hi, buf, sizeof buf), r->o);
}

/* The data- attributes of a compared outcome: what volsim compare gives. */
static void data_attributes(rp *r, const char *metric, const vol_run_scenario *s, const outcome *q,
                            const vol_comparison *c)
{
    long a, b;
    window_days(q, s, &a, &b);
    fprintf(r->o, " data-metric=\"%s\" data-days=\"%ld:%ld\" data-diff=\"%.17g\" data-lo=\"%.17g\" data-hi=\"%.17g\"",
            metric, a, b, c->diff, c->lo, c->hi);
}

/* inline a figure as a base64 data URI: self-contained, and the glyph ids
 * of several SVGs cannot collide as they would in inline <svg> elements */
/* Whether figure st was drawn; the first failure is kept for the report's
 * status (a figure left out on a full disk must not pass silently). */
static int drawn(rp *r, vol_status st)
{
    if (st != VOL_OK && !r->fig_error[0]) snprintf(r->fig_error, sizeof r->fig_error, "%s", vol_error_message());
    return st == VOL_OK;
}

static int inline_figure(rp *r, FILE *o, const char *path, const char *alt)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (!r->fig_error[0]) snprintf(r->fig_error, sizeof r->fig_error, "cannot read the figure %s back: %s", path, strerror(errno));
        return 0;
    }
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
    int bad = ferror(f);
    fclose(f);
    if (bad && !r->fig_error[0]) snprintf(r->fig_error, sizeof r->fig_error, "cannot read the figure %s back", path);
    return !bad;
}

/* The main figure of a comparison: the paired difference B - A of a
 * metric over time (per day, the mean over replicates of the replicate's
 * difference, with its 95% interval), with a line at zero. Only for paired
 * scenarios of one file; 0 when not drawn. */
static int difference_figure(rp *r, size_t ia, size_t ib, const char *metric, double scale, const char *what,
                             const char *title, const char *axis, int number)
{
    const vol_run_scenario *A = sc_of(r, ia), *B = sc_of(r, ib);
    if (!paired(r, ia, ib) || !vol_run_file_has_metric(r->sc[ia].file, r->sc[ia].index, metric) ||
        !vol_run_file_has_metric(r->sc[ib].file, r->sc[ib].index, metric))
        return 0;
    const long n = A->replicates < B->replicates ? A->replicates : B->replicates, days = A->days;
    double *da = NULL, *db = NULL, *x = malloc((size_t)(n + 1) * sizeof *x), *m = malloc((size_t)days * sizeof *m),
           *lo = malloc((size_t)days * sizeof *lo), *hi = malloc((size_t)days * sizeof *hi);
    int ok = n >= 2 && x && m && lo && hi &&
             vol_run_file_metric(r->sc[ia].file, r->sc[ia].index, metric, &da, NULL, 0) == VOL_OK &&
             vol_run_file_metric(r->sc[ib].file, r->sc[ib].index, metric, &db, NULL, 0) == VOL_OK;
    for (long d = 0; ok && d < days; d++) {
        for (long k = 0; k < n; k++) x[k] = scale * (db[k * days + d] - da[k * days + d]);
        double mean, half;
        vol_mean_ci95(x, 1, n, &mean, &half);
        m[d] = mean;
        lo[d] = isnan(half) ? mean : mean - half;
        hi[d] = isnan(half) ? mean : mean + half;
    }
    char path[600], name[300], alt[1400];
    snprintf(path, sizeof path, "%s/diff%d-%s.svg", r->tmpdir, number, metric);
    snprintf(name, sizeof name, "%s - %s", B->name, A->name);
    vol_series sr = {name, m, lo, hi};
    const vol_figure_style style = {T(r, "day"), 0, r->nl};
    const int slot = vol_tmp_register(path); /* removed on a signal too */
    ok = ok && drawn(r, vol_figure_timeseries_styled(path, T(r, title), T(r, axis), &sr, 1, (size_t)days, &style));
    if (ok) {
        /* the last day's difference in words ends the alt text */
        char words[300];
        range_text(r, K_LEVEL, lo[days - 1], hi[days - 1], words, sizeof words);
        snprintf(alt, sizeof alt,
                 T(r, "Line chart over %ld days of the difference in %s between %s and %s, with its 95%% interval "
                      "as a band and a dashed line at no difference. On the last day: %s."),
                 days, T(r, what), B->name, A->name, words);
        fprintf(r->o, "<figure class=\"difference\">");
        inline_figure(r, r->o, path, alt);
        fprintf(r->o, "<figcaption>");
        fprintf(r->o, T(r, "%s: %s minus %s per day, with its 95%% interval (band); the dashed line is no difference."),
                T(r, title), esc(r, B->name), esc(r, A->name));
        fprintf(r->o, "</figcaption></figure>\n");
    }
    unlink(path);
    vol_tmp_unregister(slot);
    free(da);
    free(db);
    free(x);
    free(m);
    free(lo);
    free(hi);
    return ok;
}

/* ---- the bottom line of one comparison ---- */
typedef struct {
    const char *items[NOUTCOMES];
    size_t n;
} brief_list;

static void join(rp *r, const brief_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        if (i) fputs(i + 1 == l->n ? T(r, " and ") : ", ", r->o);
        fputs(T(r, l->items[i]), r->o);
    }
}

static double parameter(const rp *r, size_t i, const char *name)
{
    double v = NAN;
    if (vol_run_file_parameter(r->sc[i].file, r->sc[i].index, name, &v) != VOL_OK) v = NAN;
    return v;
}

static const outcome *outcome_of(const char *metric)
{
    for (size_t j = 0; j < NOUTCOMES; j++)
        if (strcmp(outcomes[j].metric, metric) == 0) return &outcomes[j];
    return NULL;
}

/* How robust the comparison is across the sweeps that hold both scenarios
 * as policies: for two client outcomes, at which share of the design's
 * points (plausible combinations of assumptions) B does better. */
static int robustness(rp *r, size_t ia, size_t ib)
{
    int said = 0;
    static const char *const metrics[] = {"client_wellbeing", "clients_durable_share"};
    for (size_t k = 0; k < r->nsweeps; k++) {
        const vol_sweep_file *s = &r->sweeps[k];
        int pa = vol_sweep_policy(s, sc_name(r, ia)), pb = vol_sweep_policy(s, sc_name(r, ib));
        if (pa < 0 || pb < 0) continue;
        for (size_t m = 0; m < 2; m++) {
            int mi = vol_sweep_metric(s, metrics[m]);
            vol_sweep_comparison c;
            if (mi < 0 || vol_sweep_compare(s, (size_t)mi, VOL_SWEEP_FINAL, (size_t)pb, (size_t)pa, &c) != VOL_OK ||
                c.points == 0)
                continue;
            const double n = (double)c.points;
            fprintf(r->o, "<li data-sweep=\"%zu\" data-metric=\"%s\" data-points=\"%zu\" data-higher=\"%zu\" "
                          "data-lower=\"%zu\">",
                    k, metrics[m], c.points, c.higher, c.lower);
            fprintf(r->o,
                    T(r, "Across %zu plausible combinations of the model's uncertain assumptions, <b>%s</b> does "
                         "better on %s at %s%% of them, worse at %s%% and not clearly either at %s%%."),
                    c.points, esc(r, sc_name(r, ib)), T(r, outcome_of(metrics[m])->brief), num(r, 100.0 * (double)c.higher / n, 0),
                    num(r, 100.0 * (double)c.lower / n, 0), num(r, 100.0 * (double)c.unclear / n, 0));
            fputs("</li>\n", r->o);
            said = 1;
        }
    }
    return said;
}

/* Parameters in plain words, for what decides an answer. */
static const struct {
    const char *parameter, *words;
} plain_parameters[] = {
    {"endings.planned_harm", N_("the harm the planned end of a programme does to its client")},
    {"wellbeing.disruption_harm", N_("the harm the disruption of a company day does to routine-sensitive clients")},
    {"companies.clients_per_employee", N_("the number of clients each employee meets")},
    {"wellbeing.event_boost", N_("the lift a company day gives clients' wellbeing")},
    {"wellbeing.event_halflife_days", N_("the days that lift lasts")},
    {"companies.dropout_per_year", N_("the rate at which employees leave a programme early")},
    {"companies.visit_attendance", N_("the share of their visits employees come to")},
    {"companies.stay_on_probability", N_("the chance that employees stay on as volunteers")},
    {"bond.gain_per_visit", N_("the growth of a bond with each visit")},
    {"bond.decay_per_day", N_("the fading of a bond without visits")},
    {"dropout.circumstances_per_year", N_("the rate at which volunteers stop because of their circumstances")},
    {"wellbeing.bond_gain", N_("what a close bond adds to a client's wellbeing")},
    {"wellbeing.loss_harm", N_("the harm of losing a volunteer to a client")},
    {"municipality.coordinator_share", N_("the share of organisations with a coordinator")},
};

static const char *plain_parameter(const rp *r, const char *name)
{
    for (size_t i = 0; i < sizeof plain_parameters / sizeof plain_parameters[0]; i++)
        if (strcmp(plain_parameters[i].parameter, name) == 0) return T(r, plain_parameters[i].words);
    return T(r, "another of the model's assumptions");
}


/* What decides the comparison of B with A, from the discovery files of
 * the same two policies: the two parameters with the highest feature
 * scores, and the box where one of them wins, when one passed the rule. */
static int flips(rp *r, size_t ia, size_t ib)
{
    int said = 0;
    for (size_t k = 0; k < r->ndisc; k++) {
        const vol_report_discovery *d = &r->disc[k];
        const int forward = strcmp(d->better, sc_name(r, ib)) == 0 && strcmp(d->than, sc_name(r, ia)) == 0,
                  backward = strcmp(d->better, sc_name(r, ia)) == 0 && strcmp(d->than, sc_name(r, ib)) == 0;
        if ((!forward && !backward) || d->k == 0) continue;
        const outcome *q = outcome_of(d->metric);
        const char *what = q ? T(r, q->brief) : esc(r, d->metric);
        size_t first = 0;
        for (size_t j = 0; j < d->k; j++)
            if (d->score[j] > d->score[first]) first = j;
        size_t second = first == 0 ? 1 : 0; /* used only when k > 1 */
        for (size_t j = 0; j < d->k; j++)
            if (j != first && d->score[j] > d->score[second]) second = j;
        fprintf(r->o, "<li data-discovery=\"%zu\">", k);
        if (d->k > 1)
            fprintf(r->o, T(r, "Which of the two does better on %s depends most on %s, and then on %s."), what,
                    plain_parameter(r, d->parameters[first]), plain_parameter(r, d->parameters[second]));
        else
            fprintf(r->o, T(r, "Which of the two does better on %s depends on %s."), what,
                    plain_parameter(r, d->parameters[first]));
        fputc(' ', r->o);
        if (d->box) {
            fprintf(r->o, T(r, "<b>%s</b> does better mostly where"), esc(r, d->better));
            int n = 0;
            for (size_t j = 0; j < d->k; j++) {
                const int lo = !isnan(d->lower[j]), hi = !isnan(d->upper[j]);
                if (!lo && !hi) continue;
                fputs(n++ ? T(r, " and") : "", r->o);
                fputc(' ', r->o);
                fputs(plain_parameter(r, d->parameters[j]), r->o);
                fputc(' ', r->o);
                const int dec = decimals(lo ? d->lower[j] : d->upper[j], hi ? d->upper[j] : d->lower[j]);
                if (lo && hi)
                    fprintf(r->o, T(r, "is between %s and %s"), num(r, d->lower[j], dec), num(r, d->upper[j], dec));
                else if (lo) fprintf(r->o, T(r, "is above %s"), num(r, d->lower[j], dec));
                else fprintf(r->o, T(r, "is below %s"), num(r, d->upper[j], dec));
            }
            fputs(" (", r->o);
            fprintf(r->o, T(r, "it does there in %s%% of the combinations"), num(r, 100 * d->density, 0));
            fputs(").", r->o);
        } else {
            fprintf(r->o, T(r, "No simple region of the assumptions was found where <b>%s</b> reliably does better."),
                    esc(r, d->better));
        }
        fputs("</li>\n", r->o);
        said = 1;
    }
    return said;
}

/* The answers under the calibrated evidence (prediction files) for the
 * comparison of B with A: the posterior probability that B does better and
 * the credible interval of B - A. */
static int calibrated(rp *r, size_t ia, size_t ib)
{
    int said = 0;
    for (size_t k = 0; k < r->npred; k++) {
        const vol_report_prediction *p = &r->pred[k];
        const int same = strcmp(p->a, sc_name(r, ib)) == 0 && strcmp(p->b, sc_name(r, ia)) == 0,
                  swapped = strcmp(p->a, sc_name(r, ia)) == 0 && strcmp(p->b, sc_name(r, ib)) == 0;
        if (!same && !swapped) continue;
        /* B - A and the probability that B is better */
        const double lo = same ? p->lo : -p->hi, hi = same ? p->hi : -p->lo,
                     prob = same ? p->p_a_better : 1 - p->p_a_better;
        const outcome *q = outcome_of(p->metric);
        const double scale = q && q->window == W_LAST_DAY ? q->scale : 1; /* the prediction reads one day */
        fprintf(r->o, "<li data-prediction=\"%zu\" data-metric=\"%s\" data-probability=\"%.17g\" data-lo=\"%.17g\" "
                      "data-hi=\"%.17g\">",
                k, esc(r, p->metric), prob, lo, hi);
        fprintf(r->o,
                T(r, "Under the calibrated evidence (%s combinations of the model's assumptions drawn in proportion "
                     "to how well they reproduce the published figures), the probability that <b>%s</b> does better "
                     "on %s is %s;"),
                num(r, (double)p->draws, 0), esc(r, sc_name(r, ib)), q ? T(r, q->brief) : esc(r, p->metric),
                num(r, prob, 2));
        fputc(' ', r->o);
        fputs(/* xgettext:no-c-format */ T(r, "its 95% credible interval:"), r->o);
        fputc(' ', r->o);
        if (q) range_words(r, q->kind, scale * lo, scale * hi);
        else fprintf(r->o, "[%s, %s]", num(r, lo, decimals(lo, hi)), num(r, hi, decimals(lo, hi)));
        fputs(".</li>\n", r->o);
        said = 1;
    }
    return said;
}

/* The verdict: on which outcomes B is clearly better or worse than A
 * (c, have: each outcome's comparison). */
static void verdict(rp *r, size_t ia, size_t ib, const vol_comparison *c, const int *have)
{
    FILE *o = r->o;
    const vol_run_scenario *A = sc_of(r, ia), *B = sc_of(r, ib);
    brief_list better = {{0}, 0}, worse = {{0}, 0}, same = {{0}, 0};
    for (size_t q = 0; q < NOUTCOMES; q++) {
        if (!have[q] || outcomes[q].better == 0) continue;
        int clear = c[q].lo > 0 || c[q].hi < 0;
        if (!clear) same.items[same.n++] = outcomes[q].brief;
        else if ((c[q].diff > 0) == (outcomes[q].better > 0)) better.items[better.n++] = outcomes[q].brief;
        else worse.items[worse.n++] = outcomes[q].brief;
    }
    const double years = (double)B->days / 365.0;
    fprintf(o, "<p class=\"verdict\">");
    fprintf(o, T(r, "After %s years, compared with %s:"), num(r, years, years == floor(years) ? 0 : 1), esc(r, A->name));
    fputs(" <b>", o);
    html(o, B->name);
    fputs("</b> ", o);
    if (better.n) {
        fputs(T(r, "does clearly better on"), o);
        fputc(' ', o);
        join(r, &better);
        fputs(worse.n ? "; " : ". ", o);
    }
    if (worse.n) {
        fputs(T(r, "does clearly worse on"), o);
        fputc(' ', o);
        join(r, &worse);
        fputs(". ", o);
    }
    if (!better.n && !worse.n) fputs(T(r, "is not clearly better or worse on any of these outcomes. "), o);
    if (same.n) {
        fputs(T(r, "No clear difference on"), o);
        fputc(' ', o);
        join(r, &same);
        fputs(".", o);
    }
    fprintf(o, "</p>\n");
}

/* One outcome's sentence: its interval in words, both levels, and for
 * shares of clients the whole client population. */
static void outcome_item(rp *r, size_t ia, size_t ib, const outcome *x, const vol_comparison *c)
{
    FILE *o = r->o;
    const vol_run_scenario *A = sc_of(r, ia), *B = sc_of(r, ib);
    const double k = x->scale, clients = parameter(r, ib, "clients.count");
    fprintf(o, "<li");
    data_attributes(r, x->metric, A, x, c);
    fprintf(o, "><b>%s</b>: ", T(r, x->label));
    range_words(r, x->kind, k * c->lo, k * c->hi);
    const int d = c->hi > c->lo ? decimals(k * c->lo, k * c->hi) : decimals(k * c->mean_a, k * c->mean_b);
    fputs(" (", o);
    fprintf(o, T(r, "%s with %s, %s with %s"), num(r, k * c->mean_a, d), esc(r, A->name), num(r, k * c->mean_b, d),
            esc(r, B->name));
    fputs(")", o);
    if (x->per_client && clients > 0) {
        fputs("; ", o);
        fprintf(o, T(r, "for all %s clients:"), num(r, clients, 0));
        fputc(' ', o);
        range_words(r, K_COUNT, clients / 100 * k * c->lo, clients / 100 * k * c->hi);
    }
    fputs(".</li>\n", o);
}

/* The coordinators, where the two scenarios differ in them. */
static void coordinators_item(rp *r, size_t ia, size_t ib, int *opened)
{
    double ca = parameter(r, ia, "municipality.coordinator_share"), cb = parameter(r, ib, "municipality.coordinator_share"),
           h = parameter(r, ib, "supervision.hours_per_coordinator");
    if (isnan(ca) || isnan(cb) || ca == cb) return;
    if (!*opened) {
        fprintf(r->o, "<h3>%s</h3>\n<ul>\n", T(r, group_names[G_COSTS]));
        *opened = 1;
    }
    fprintf(r->o, "<li><b>%s</b>: ", T(r, "Volunteer coordinators"));
    fprintf(r->o, T(r, "in %s%% of the welfare organisations with %s, in %s%% with %s; a coordinator "
                       "gives about %s hours a week to supervising volunteers"),
            num(r, 100 * ca, 0), esc(r, sc_name(r, ia)), num(r, 100 * cb, 0), esc(r, sc_name(r, ib)), num(r, h, 0));
    fputs(".</li>\n", r->o);
}

/* The clients B's company volunteers reach, followed up against the same
 * clients under A (needs client panels in one file). */
static void reached_clients(rp *r, size_t ia, size_t ib)
{
    if (r->sc[ia].file != r->sc[ib].file || !vol_run_file_has_panel(r->sc[ia].file, r->sc[ia].index, 0) ||
        !vol_run_file_has_panel(r->sc[ib].file, r->sc[ib].index, 0))
        return;
    FILE *o = r->o;
    long lags[VOL_N_LAGS];
    vol_client_effect e[VOL_N_LAGS];
    if (vol_client_effects(r->sc[ib].file, (int)r->sc[ib].index, (int)r->sc[ia].index, lags, e) != VOL_OK) return;
    int l = 2; /* six months after the first contact, else the latest with clients */
    while (l > 0 && e[l].clients == 0) l--;
    if (e[l].clients == 0) return;
    fprintf(o, "<h3>%s</h3>\n<ul><li data-lag=\"%ld\" data-diff=\"%.17g\" data-lo=\"%.17g\" data-hi=\"%.17g\">",
            T(r, "The clients its company volunteers reach"), lags[l], e[l].diff, e[l].lo, e[l].hi);
    fprintf(o, T(r, "<b>Wellbeing %s days after their first company contact</b>, against the same "
                    "clients under %s (0 to 100):"),
            num(r, (double)lags[l], 0), esc(r, sc_name(r, ia)));
    fputc(' ', o);
    range_words(r, K_LEVEL, 100 * e[l].lo, 100 * e[l].hi);
    fputs(" (", o);
    fprintf(o, T(r, "%s clients followed up"), num(r, (double)e[l].clients, 0));
    fputs(").</li></ul>\n", o);
}

/* How sure the simulation is, and how robust the answer across sweeps,
 * discoveries and the calibrated evidence. */
static void how_sure(rp *r, size_t ia, size_t ib)
{
    FILE *o = r->o;
    const vol_run_scenario *A = sc_of(r, ia), *B = sc_of(r, ib);
    fprintf(o, "<h3>%s</h3>\n<p>", T(r, "How sure is this?"));
    long n = A->replicates < B->replicates ? A->replicates : B->replicates;
    if (paired(r, ia, ib))
        fprintf(o, T(r, "The ranges are 95%% intervals over %s simulated repetitions, each with the same people and "
                        "chance events under both scenarios, so that a difference comes from the scenarios, not "
                        "from luck. A range that includes no change is called no clear difference. The ranges say "
                        "how sure the simulation is; they do not say whether the model's assumptions are right."),
                num(r, (double)n, 0));
    else
        fprintf(o, T(r, "The ranges are 95%% intervals over %s simulated repetitions. The two scenarios were not "
                        "simulated with the same chance events, so the ranges are wider than they need to be. The "
                        "ranges say how sure the simulation is; they do not say whether the model's assumptions "
                        "are right."),
                num(r, (double)n, 0));
    fprintf(o, "</p>\n<ul class=\"robust\">\n");
    const int across = robustness(r, ia, ib), where = flips(r, ia, ib), evidence = calibrated(r, ia, ib);
    if (!across && !where && !evidence)
        fprintf(o, "<li>%s</li>\n",
                T(r, "How robust this answer is across the model's uncertain assumptions is not part of this "
                     "report: that needs a sweep of both scenarios."));
    fprintf(o, "</ul>\n");
}

/* The descriptions of the shipped scenarios and of the demo's variants,
 * so that the page shows them in its language (a description matching
 * none is shown as written; tests/test_report.py checks that every
 * shipped scenario's description is here). */
static const char *const shipped_descriptions[] = {
    /* xgettext:no-c-format */ N_("30% of new volunteers vulnerable, no chain cooperation"),
    N_("Every NPO has a volunteer coordinator"),
    N_("Four one-off company days a year (group activities and maintenance)"),
    N_("Half of the clients isolated with multiple problems; complex clients only to skilled volunteers"),
    N_("NPOs share their volunteers after municipal cooperation sessions"),
    N_("Regular volunteers only, no corporate programme, few coordinators"),
    N_("Three-month one-to-one programmes, a visit every two weeks, same hours as one_off"),
    N_("isolated_clients without handover by professionals"),
    N_("one_off with clients informed, asked for feedback and involved in design"),
    N_("three_month with employees chosen by the NPO's needs instead of by the company"),
    N_("vulnerable_volunteers with chain cooperation"),
    N_("Four one-off company days a year, and a volunteer coordinator in every welfare NPO"),
    N_("Three-month programmes, and a volunteer coordinator in every welfare NPO"),
};

/* A scenario's description in the page's language. */
static const char *description_text(const rp *r, const char *d)
{
    for (size_t i = 0; d && i < sizeof shipped_descriptions / sizeof shipped_descriptions[0]; i++)
        if (strcmp(shipped_descriptions[i], d) == 0) return T(r, shipped_descriptions[i]);
    return d;
}

static void bottom_line(rp *r, size_t ia, size_t ib, int number)
{
    FILE *o = r->o;
    const vol_run_scenario *A = sc_of(r, ia), *B = sc_of(r, ib);
    fprintf(o, "<section class=\"bottom-line\" id=\"bottom-line-%d\">\n<h2>", number);
    fprintf(o, T(r, "Bottom line: %s compared with %s"), esc(r, B->name), esc(r, A->name));
    fputs("</h2>\n", o);
    for (int k = 0; k < 2; k++) {
        size_t i = k ? ia : ib;
        char obj[400];
        snprintf(obj, sizeof obj, "scenarios/%s", sc_name(r, i));
        char *d = vol_run_file_string(r->sc[i].file, obj, "description");
        fprintf(o, "<p class=\"what\"><b>");
        html(o, sc_name(r, i));
        fprintf(o, "</b>: ");
        html(o, d && *d ? description_text(r, d) : T(r, "(no description)"));
        fprintf(o, "</p>\n");
        free(d);
    }
    vol_comparison c[NOUTCOMES];
    int have[NOUTCOMES];
    for (size_t q = 0; q < NOUTCOMES; q++) have[q] = compare_outcome(r, ia, ib, outcomes[q].metric, &outcomes[q], &c[q]);
    verdict(r, ia, ib, c, have);
    for (int g = 0; g < G_COUNT; g++) {
        int opened = 0;
        for (size_t q = 0; q < NOUTCOMES; q++) {
            if (outcomes[q].group != g || !have[q]) continue;
            if (!opened) {
                fprintf(o, "<h3>%s</h3>\n<ul>\n", T(r, group_names[g]));
                opened = 1;
            }
            outcome_item(r, ia, ib, &outcomes[q], &c[q]);
        }
        if (g == G_COSTS) coordinators_item(r, ia, ib, &opened);
        if (opened) fprintf(o, "</ul>\n");
    }
    reached_clients(r, ia, ib);
    /* the main figures: the paired difference over time */
    difference_figure(r, ia, ib, "client_wellbeing", 100, N_("average wellbeing"),
                      N_("Difference in average wellbeing (0 to 100)"), N_("difference in wellbeing"), number);
    difference_figure(r, ia, ib, "clients_durable_share", 100, N_("close bonds"),
                      N_("Difference in clients with a close bond, per 100 clients"), N_("difference per 100 clients"),
                      number);
    how_sure(r, ia, ib);
    fprintf(o, "</section>\n");
}

/* ---- the other sections ---- */

static void needs_section(rp *r, const size_t *pairs, size_t npairs)
{
    FILE *o = r->o;
    fprintf(o, "<section id=\"needs\"><h2>%s</h2>\n<p>%s</p>\n", T(r, "Clients with particular needs"),
            /* xgettext:no-c-format */ T(r, "A policy can help some clients and harm others. Wellbeing of each group of clients on the last "
                 "day, on a scale of 0 to 100: the difference between the two scenarios with its 95% interval."));
    for (size_t p = 0; p < npairs; p++) {
        size_t ia = pairs[2 * p], ib = pairs[2 * p + 1];
        fprintf(o, "<div class=\"wide\"><table class=\"needs\"><caption>");
        fprintf(o, T(r, "%s compared with %s"), esc(r, sc_name(r, ib)), esc(r, sc_name(r, ia)));
        fprintf(o, "</caption>\n<tr><th>%s</th><th>", T(r, "clients"));
        html(o, sc_name(r, ia));
        fprintf(o, "</th><th>");
        html(o, sc_name(r, ib));
        fprintf(o, "</th><th>%s</th></tr>\n", T(r, "difference"));
        const outcome q = {NULL, W_LAST_DAY, 100, K_LEVEL, 1, G_NEEDS, 0, NULL, NULL};
        for (size_t g = 0; g < NPROFILES; g++) {
            vol_comparison c;
            if (!compare_outcome(r, ia, ib, profiles[g].metric, &q, &c)) continue;
            const int d = c.hi > c.lo ? decimals(100 * c.lo, 100 * c.hi) : decimals(100 * c.mean_a, 100 * c.mean_b);
            fprintf(o, "<tr");
            data_attributes(r, profiles[g].metric, sc_of(r, ia), &q, &c);
            fprintf(o, "><td>%s</td><td>%s</td><td>%s</td><td>", T(r, profiles[g].label), num(r, 100 * c.mean_a, d),
                    num(r, 100 * c.mean_b, d));
            range_words(r, K_LEVEL, 100 * c.lo, 100 * c.hi);
            fprintf(o, "</td></tr>\n");
        }
        fprintf(o, "</table></div>\n");
    }
    fprintf(o, "</section>\n");
}

static void outcomes_table(rp *r)
{
    FILE *o = r->o;
    fprintf(o, "<section id=\"outcomes\"><h2>%s</h2>\n<p>%s</p>\n<div class=\"wide\"><table><tr><th>%s</th>",
            T(r, "Key outcomes"),
            /* xgettext:no-c-format */ T(r, "Each scenario on the last day (counts per year and per week: over the last year), with the 95% "
                 "interval over the simulated repetitions."),
            T(r, "outcome"));
    for (size_t i = 0; i < r->nsc; i++) {
        fprintf(o, "<th>");
        html(o, sc_name(r, i));
        fprintf(o, "</th>");
    }
    fprintf(o, "</tr>\n");
    for (size_t q = 0; q < NOUTCOMES; q++) {
        fprintf(o, "<tr><td>%s</td>", T(r, outcomes[q].label));
        for (size_t i = 0; i < r->nsc; i++) {
            long a, b;
            window_days(&outcomes[q], sc_of(r, i), &a, &b);
            double *x = replicate_values(r, i, outcomes[q].metric, a, b), m = NAN, h = NAN;
            if (x) vol_mean_ci95(x, 1, sc_of(r, i)->replicates, &m, &h);
            free(x);
            const double k = outcomes[q].scale;
            if (isnan(m)) fprintf(o, "<td>%s</td>", T(r, "n/a"));
            else if (isnan(h)) fprintf(o, "<td>%s</td>", num(r, k * m, decimals(k * m, k * m)));
            else {
                const int d = decimals(k * (m - h), k * (m + h));
                fprintf(o, "<td>%s<br><small>%s&#8211;%s</small></td>", num(r, k * m, d), num(r, k * (m - h), d),
                        num(r, k * (m + h), d));
            }
        }
        fprintf(o, "</tr>\n");
    }
    fprintf(o, "</table></div>\n</section>\n");
}

static void figures_section(rp *r)
{
    FILE *o = r->o;
    static const struct {
        const char *metric, *title, *axis;
        double scale;
    } figs[] = {
        {"clients_durable_share", N_("Clients with a close bond with a volunteer"), N_("per 100 clients"), 100},
        {"client_wellbeing", N_("Average wellbeing of all clients"), N_("wellbeing (0 to 100)"), 100},
        {"client_trust_npo", N_("Clients' trust in their organisation"), N_("trust (0 to 100)"), 100},
        {"volunteers_active_regular", N_("Active regular volunteers"), N_("volunteers"), 1},
    };
    fprintf(o, "<section id=\"figures\"><h2>%s</h2>\n", T(r, "Over time"));
    for (size_t fgi = 0; fgi < sizeof figs / sizeof figs[0]; fgi++) {
        vol_series *s = calloc(r->nsc, sizeof *s);
        double **arr = calloc(3 * r->nsc, sizeof *arr);
        long days = LONG_MAX;
        char unit[64] = "", path[600];
        int ok = s && arr;
        for (size_t i = 0; ok && i < r->nsc; i++) {
            ok = vol_day_bands(r->sc[i].file, r->sc[i].index, figs[fgi].metric, &arr[3 * i], &arr[3 * i + 1],
                               &arr[3 * i + 2], unit, sizeof unit) == VOL_OK;
            if (!ok) break;
            const long nd = sc_of(r, i)->days;
            for (size_t j = 0; j < 3; j++)
                for (long d = 0; d < nd; d++) arr[3 * i + j][d] *= figs[fgi].scale;
            s[i] = (vol_series){sc_name(r, i), arr[3 * i], arr[3 * i + 1], arr[3 * i + 2]};
            if (nd < days) days = nd;
        }
        snprintf(path, sizeof path, "%s/fig%zu.svg", r->tmpdir, fgi);
        const vol_figure_style style = {T(r, "day"), NAN, r->nl};
        const int slot = vol_tmp_register(path); /* removed on a signal too */
        if (ok && drawn(r, vol_figure_timeseries_styled(path, T(r, figs[fgi].title), T(r, figs[fgi].axis), s, r->nsc,
                                                        (size_t)days, &style))) {
            char alt[1200];
            int len = snprintf(alt, sizeof alt, T(r, "Line chart of %s over %ld days, one line per scenario:"),
                               T(r, figs[fgi].title), days);
            for (size_t i = 0; i < r->nsc && len > 0 && (size_t)len < sizeof alt; i++)
                len += snprintf(alt + len, sizeof alt - (size_t)len, "%s %s", i ? "," : "", sc_name(r, i));
            fprintf(o, "<figure>");
            inline_figure(r, o, path, alt);
            fprintf(o, "<figcaption>%s: %s</figcaption></figure>\n", T(r, figs[fgi].title),
                    /* xgettext:no-c-format */ T(r, "the mean over the simulated repetitions (line) and its 95% interval (band)."));
        }
        unlink(path);
        vol_tmp_unregister(slot);
        for (size_t i = 0; arr && i < 3 * r->nsc; i++) free(arr[i]);
        free(arr);
        free(s);
    }
    fprintf(o, "</section>\n");
}

/* Each policy of a sweep against its first across the design. */
static void sweep_section(rp *r, const vol_sweep_file *s, size_t k)
{
    FILE *o = r->o;
    fprintf(o, "<section class=\"sweep\"><h2>%s</h2>\n<p>", T(r, "Across the plausible assumptions"));
    fprintf(o, T(r, "The model's uncertain assumptions were varied over their plausible ranges: %zu combinations, "
                    "%ld simulated repetitions of each, the same for every scenario. At how many of them each "
                    "scenario does better or worse than %s, counting only the clear differences:"),
            s->npoints, s->replicates, esc(r, s->policies[0]));
    fprintf(o, "</p>\n<ul>\n");
    for (size_t b = 1; b < s->npolicies; b++)
        for (size_t q = 0; q < NOUTCOMES; q++) {
            const char *metric = outcomes[q].metric;
            int m = vol_sweep_metric(s, metric);
            vol_sweep_comparison c;
            if (outcomes[q].group != G_CLIENTS || m < 0 ||
                vol_sweep_compare(s, (size_t)m, VOL_SWEEP_FINAL, b, 0, &c) != VOL_OK || c.points == 0 ||
                isnan(c.mean))
                continue;
            const double n = (double)c.points, sc = outcomes[q].scale;
            fprintf(o, "<li data-sweep=\"%zu\" data-policy=\"%s\" data-metric=\"%s\" data-mean=\"%.17g\" "
                       "data-points=\"%zu\" data-higher=\"%zu\" data-lower=\"%zu\"><b>",
                    k, esc(r, s->policies[b]), metric, c.mean, c.points, c.higher, c.lower);
            html(o, s->policies[b]);
            fprintf(o, "</b>, %s: ", T(r, outcomes[q].label));
            fprintf(o, T(r, "higher at %s%% of the combinations, lower at %s%%, no clear difference at %s%%; on "
                            "average over them"),
                    num(r, 100.0 * (double)c.higher / n, 0), num(r, 100.0 * (double)c.lower / n, 0),
                    num(r, 100.0 * (double)c.unclear / n, 0));
            fputc(' ', o);
            range_words(r, outcomes[q].kind, sc * c.lo, sc * c.hi);
            fprintf(o, ".</li>\n");
        }
    fprintf(o, "</ul>\n</section>\n");
}

/* ---- the technical appendix ---- */
static void appendix_scenarios(rp *r)
{
    FILE *o = r->o;
    fprintf(o, "<h3>%s</h3>\n", T(r, "The scenarios"));
    for (size_t i = 0; i < r->nsc; i++) {
        const vol_run_scenario *s = sc_of(r, i);
        char obj[400];
        snprintf(obj, sizeof obj, "scenarios/%s", s->name);
        char *q = vol_run_file_string(r->sc[i].file, obj, "question");
        char *src = vol_run_file_string(r->sc[i].file, obj, "source_file");
        fprintf(o, "<h4>");
        html(o, s->name);
        fprintf(o, "</h4>\n<p class=\"q\">");
        html(o, q && *q ? q : T(r, "(no question stated in the scenario file)"));
        fprintf(o, "</p>\n<p><code>");
        html(o, src);
        fprintf(o, "</code>: ");
        fprintf(o, T(r, "%ld replicates, %ld days, seed %llu, results file %s"), s->replicates, s->days,
                (unsigned long long)s->seed, esc(r, r->sc[i].file->path));
        fprintf(o, "</p>\n");
        free(q);
        free(src);
    }
}

static void appendix_numbers(rp *r, const size_t *pairs, size_t npairs)
{
    FILE *o = r->o;
    fprintf(o, "<h3>%s</h3>\n<p>%s</p>\n", T(r, "The numbers of the bottom line"),
            /* xgettext:no-c-format */ T(r, "Each sentence is the difference B - A of one metric with its 95% interval (paired over replicates "
                 "when the two scenarios share their seed, Welch otherwise), on the last day or as the mean of "
                 "the last 365 days, multiplied by the factor shown. volsim compare gives the same numbers:"));
    for (size_t p = 0; p < npairs; p++) {
        size_t ia = pairs[2 * p], ib = pairs[2 * p + 1];
        fprintf(o, "<div class=\"wide\"><table><caption>B - A: ");
        html(o, sc_name(r, ib));
        fprintf(o, " - ");
        html(o, sc_name(r, ia));
        fprintf(o, "</caption><tr><th>metric</th><th>days</th><th>%s</th><th>B - A</th><th>95%%</th></tr>\n",
                T(r, "factor"));
        for (size_t q = 0; q < NOUTCOMES; q++) {
            vol_comparison c;
            if (!compare_outcome(r, ia, ib, outcomes[q].metric, &outcomes[q], &c)) continue;
            long a, b;
            window_days(&outcomes[q], sc_of(r, ia), &a, &b);
            fprintf(o, "<tr><td><code>%s</code></td><td>%ld-%ld</td><td>%g</td><td>%+.4g</td><td>%+.4g to %+.4g</td></tr>\n",
                    outcomes[q].metric, a, b, outcomes[q].scale, c.diff, c.lo, c.hi);
        }
        fprintf(o, "</table></div>\n<pre>volsim compare ");
        html(o, r->sc[ia].file == r->sc[ib].file ? r->sc[ia].file->path : "A.h5 B.h5");
        fprintf(o, " --scenarios ");
        html(o, sc_name(r, ia));
        fputc(',', o);
        html(o, sc_name(r, ib));
        fprintf(o, " --metric M              # last-day metrics\nvolsim compare ... --metric M --mean-over %ld:%ld   # per year and per week</pre>\n",
                sc_of(r, ia)->days > 365 ? sc_of(r, ia)->days - 364 : 1, sc_of(r, ia)->days);
    }
}

static void appendix_effects(rp *r, const size_t *pairs, size_t npairs)
{
    FILE *o = r->o;
    /* per-client effects with standardised mean differences */
    for (size_t p = 0; p < npairs; p++) {
        size_t ia = pairs[2 * p], ib = pairs[2 * p + 1];
        if (r->sc[ia].file != r->sc[ib].file || !vol_run_file_has_panel(r->sc[ia].file, r->sc[ia].index, 0) ||
            !vol_run_file_has_panel(r->sc[ib].file, r->sc[ib].index, 0))
            continue;
        long lags[VOL_N_LAGS];
        vol_client_effect e[VOL_N_LAGS];
        if (vol_client_effects(r->sc[ib].file, (int)r->sc[ib].index, (int)r->sc[ia].index, lags, e) != VOL_OK ||
            e[0].clients == 0)
            continue;
        fprintf(o, "<h4>");
        fprintf(o, T(r, "Per-client effects on the clients %s reaches, against the same clients in %s"),
                esc(r, sc_name(r, ib)), esc(r, sc_name(r, ia)));
        fprintf(o, "</h4>\n<p>%s</p>\n", T(r, "Wellbeing (0-1) of the reached clients minus the same clients on "
                                                 "the same day in the other scenario; the standardised mean "
                                                 "difference (SMD) divides by the spread of wellbeing across those "
                                                 "clients (0.2 is conventionally small)."));
        fprintf(o, "<div class=\"wide\"><table><tr><th>%s</th><th>%s</th><th>%s</th><th>95%%</th><th>SMD</th><th>SMD 95%%</th></tr>\n",
                T(r, "follow-up"), T(r, "clients"), T(r, "difference"));
        for (int l = 0; l < VOL_N_LAGS; l++) {
            if (e[l].clients == 0) continue;
            fprintf(o, "<tr><td>day %ld</td><td>%ld</td><td>%+.4f</td><td>%+.4f to %+.4f</td><td>%+.3f</td>"
                       "<td>%+.3f to %+.3f</td></tr>\n",
                    lags[l], e[l].clients, e[l].diff, e[l].lo, e[l].hi, e[l].diff / e[l].sd, e[l].lo / e[l].sd,
                    e[l].hi / e[l].sd);
        }
        fprintf(o, "</table></div>\n");
    }
}

static void appendix_provenance(rp *r)
{
    FILE *o = r->o;
    fprintf(o, "<h3>%s</h3>\n", T(r, "Provenance"));
    vol_run_file *last = NULL;
    for (size_t i = 0; i < r->nsc; i++) {
        vol_run_file *f = r->sc[i].file;
        if (f == last) continue;
        last = f;
        static const char *const attrs[] = {"volsim_version", "git_commit", "created", "command_line"};
        fprintf(o, "<h4>");
        html(o, f->path);
        fprintf(o, "</h4>\n<div class=\"wide\"><table>");
        for (size_t k = 0; k < 4; k++) {
            char *v = vol_run_file_string(f, "/", attrs[k]);
            fprintf(o, "<tr><td>%s</td><td style=\"text-align:left\">", attrs[k]);
            html(o, v);
            fprintf(o, "</td></tr>");
            free(v);
        }
        fprintf(o, "</table></div>\n");
        for (size_t k = 0; k < f->nsc; k++) {
            char obj[400];
            snprintf(obj, sizeof obj, "scenarios/%s/config", f->sc[k].name);
            char *cfg = vol_run_file_string(f, obj, NULL);
            fprintf(o, "<details><summary>resolved scenario ");
            html(o, f->sc[k].name);
            fprintf(o, " (seed %llu)</summary><pre>", (unsigned long long)f->sc[k].seed);
            html(o, cfg);
            fprintf(o, "</pre></details>\n");
            free(cfg);
        }
    }
    for (size_t i = 0; i < r->nsweeps; i++) {
        fprintf(o, "<h4>");
        html(o, r->sweeps[i].path);
        fprintf(o, "</h4>\n<p>%s design, seed %llu, parameters:", r->sweeps[i].design,
                (unsigned long long)r->sweeps[i].seed);
        for (size_t j = 0; j < r->sweeps[i].k; j++) {
            fprintf(o, "%s <code>", j ? "," : "");
            html(o, r->sweeps[i].parameters[j]);
            fprintf(o, "</code> (%g to %g)", r->sweeps[i].low[j], r->sweeps[i].high[j]);
        }
        fprintf(o, ". The file holds the resolved scenario of every policy.</p>\n");
    }
}

static void appendix(rp *r, const size_t *pairs, size_t npairs)
{
    FILE *o = r->o;
    fprintf(o, "<section id=\"appendix\"><h2>%s</h2>\n<p>%s</p>\n", T(r, "Technical appendix"),
            T(r, "For analysts: the scenarios as run, the metrics behind each sentence, the commands that give the "
                 "same numbers, and where the results come from."));
    appendix_scenarios(r);
    appendix_numbers(r, pairs, npairs);
    appendix_effects(r, pairs, npairs);
    appendix_provenance(r);
    fprintf(o, "</section>\n");
}

/* The page's head: a layout that reflows to a phone's width, and a print
 * stylesheet for A4 (no figure or table cut across pages). */
static void page_head(rp *r)
{
    fprintf(r->o,
            "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n"
            "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222;"
            "line-height:1.45;overflow-wrap:break-word}code,h4{overflow-wrap:anywhere}"
            "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;text-align:right;"
            "vertical-align:top}th:first-child,td:first-child{text-align:left}th{background:#eef}"
            "caption{text-align:left;padding:4px 0}.wide{overflow-x:auto;max-width:100%%}"
            ".q{font-style:italic;white-space:pre-wrap}figure{margin:1.5em 0}img{max-width:100%%;height:auto}"
            "pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:80%%;white-space:pre-wrap}"
            ".bottom-line{border-left:6px solid #0072b2;padding:0.2em 1em;margin:1.5em 0;background:#f4f8fb}"
            ".verdict{font-size:110%%}"
            "@media print{@page{size:A4;margin:15mm}body{max-width:none;margin:0;font-size:10pt}"
            "figure,table,.bottom-line li,h2,h3{break-inside:avoid;page-break-inside:avoid}"
            "h2,h3{break-after:avoid;page-break-after:avoid}details{display:block}details>*{display:block}"
            ".wide{overflow:visible}img{max-height:120mm}}</style></head><body>\n",
            r->nl ? "nl" : "en", T(r, "volsim report"));
    fprintf(r->o, "<h1>%s</h1>\n<p class=\"intro\">%s</p>\n", T(r, "volsim report"),
            T(r, "What happens to clients, volunteers, professionals and companies under each scenario, simulated "
                 "with the volsim agent-based model of a town's volunteering. The bottom line of each comparison "
                 "comes first; the technical appendix at the end holds the details."));
}

/* The scenario (index into r->sc) with the given name, -1 when none. */
static long find_scenario(const rp *r, const char *name)
{
    for (size_t i = 0; i < r->nsc; i++)
        if (strcmp(sc_name(r, i), name) == 0) return (long)i;
    return -1;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static char *source_of(const rp *r, size_t i)
{
    char obj[400];
    snprintf(obj, sizeof obj, "scenarios/%s", sc_name(r, i));
    return vol_run_file_string(r->sc[i].file, obj, "source_file");
}

/* The default comparisons: a variant (volsim run FILE --with ... --name)
 * against the scenario of the same file given before it; else a scenario
 * against the scenario it is based on, when that is in the files; else,
 * but for the first, against the first. */
static size_t default_pairs(const rp *r, size_t *pairs)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nsc; i++) {
        char *src = source_of(r, i);
        int paired_up = 0;
        for (size_t j = 0; src && j < i && !paired_up; j++) {
            char *other = source_of(r, j);
            if (other && strcmp(other, src) == 0) {
                pairs[2 * n] = j;
                pairs[2 * n + 1] = i;
                n++;
                paired_up = 1;
            }
            free(other);
        }
        free(src);
        if (paired_up) continue;
        char *base = vol_run_file_base(r->sc[i].file, r->sc[i].index);
        for (size_t j = 0; base && j < r->nsc && !paired_up; j++) {
            if (j == i) continue;
            char *other = source_of(r, j);
            int match = other && strcmp(base_name(other), base_name(base)) == 0;
            free(other);
            if (match) {
                pairs[2 * n] = j;
                pairs[2 * n + 1] = i;
                n++;
                paired_up = 1;
            }
        }
        free(base);
        if (!paired_up && i > 0) { /* neither: against the first */
            pairs[2 * n] = 0;
            pairs[2 * n + 1] = i;
            n++;
        }
    }
    return n;
}

/* Sets the messages of this process to language lang for the report
 * (gettext reads LANGUAGE only outside the "C" locale; C.UTF-8 is always
 * there in glibc); restored by lang_end. */
typedef struct {
    char *messages, *language;
    int set;
} lang_state;

static vol_status lang_begin(const char *lang, const char *localedir, lang_state *ls)
{
    memset(ls, 0, sizeof *ls);
    if (!lang || strcmp(lang, "en") == 0) return VOL_OK;
    if (strcmp(lang, "nl") != 0) VOL_ERROR(VOL_EINVAL, "language '%s': expected en or nl", lang);
    const char *m = setlocale(LC_MESSAGES, NULL), *l = getenv("LANGUAGE");
    ls->messages = m ? strdup(m) : NULL;
    ls->language = l ? strdup(l) : NULL;
    ls->set = 1;
    if (localedir) bindtextdomain(VOL_TEXT_DOMAIN, localedir);
    bind_textdomain_codeset(VOL_TEXT_DOMAIN, "UTF-8");
    if (!setlocale(LC_MESSAGES, "C.UTF-8")) setlocale(LC_MESSAGES, "C.utf8");
    setenv("LANGUAGE", lang, 1);
    static const char probe[] = "Bottom line: %s compared with %s";
    if (dgettext(VOL_TEXT_DOMAIN, probe) == probe)
        VOL_ERROR(VOL_EINVAL, "no %s message catalogue (%s.mo) in %s", lang, VOL_TEXT_DOMAIN,
                  localedir ? localedir : bindtextdomain(VOL_TEXT_DOMAIN, NULL));
    return VOL_OK;
}

static void lang_end(lang_state *ls)
{
    if (!ls->set) return;
    if (ls->language) setenv("LANGUAGE", ls->language, 1);
    else unsetenv("LANGUAGE");
    setlocale(LC_MESSAGES, ls->messages ? ls->messages : "C");
    free(ls->messages);
    free(ls->language);
}

static vol_status write_page(rp *r, const vol_report_options *opt)
{
    size_t npairs = 0, *pairs = calloc(2 * (r->nsc + opt->ncompare + 1), sizeof *pairs);
    if (!pairs) VOL_ERROR(VOL_ENOMEM, "out of memory for the report's comparisons");
    for (size_t p = 0; p < opt->ncompare; p++) {
        long a = find_scenario(r, opt->compare[2 * p]), b = find_scenario(r, opt->compare[2 * p + 1]);
        if (a < 0 || b < 0 || a == b) {
            const char *bad = a < 0 ? opt->compare[2 * p] : opt->compare[2 * p + 1];
            free(pairs);
            if (a == b && a >= 0)
                VOL_ERROR(VOL_EINVAL, "--compare %s,%s: expected two different scenarios", opt->compare[2 * p],
                          opt->compare[2 * p + 1]);
            VOL_ERROR(VOL_EINVAL, "--compare %s,%s: no scenario named '%s' in the results files",
                      opt->compare[2 * p], opt->compare[2 * p + 1], bad);
        }
        pairs[2 * npairs] = (size_t)a;
        pairs[2 * npairs + 1] = (size_t)b;
        npairs++;
    }
    if (opt->ncompare == 0 && r->nsc > 1) npairs = default_pairs(r, pairs);
    page_head(r);
    for (size_t p = 0; p < npairs; p++) bottom_line(r, pairs[2 * p], pairs[2 * p + 1], (int)p + 1);
    if (r->nsc > 0) {
        if (npairs) needs_section(r, pairs, npairs);
        outcomes_table(r);
        figures_section(r);
    }
    for (size_t i = 0; i < r->nsweeps; i++) sweep_section(r, &r->sweeps[i], i);
    appendix(r, pairs, npairs);
    fprintf(r->o, "</body></html>\n");
    free(pairs);
    return VOL_OK;
}

vol_status vol_report_write_opts(FILE *o, vol_run_file *files, size_t nfiles, const vol_sweep_file *sweeps,
                                 size_t nsweeps, const vol_report_options *opt)
{
    if (nfiles == 0 && nsweeps == 0) VOL_ERROR(VOL_EINVAL, "no results or sweep file for the report");
    rp r = {.o = o, .sweeps = sweeps, .nsweeps = nsweeps, .pred = opt->predictions, .npred = opt->npredictions,
            .disc = opt->discoveries, .ndisc = opt->ndiscoveries, .tmpdir = opt->tmpdir};
    for (size_t i = 0; i < nfiles; i++) r.nsc += files[i].nsc;
    r.sc = calloc(r.nsc + 1, sizeof *r.sc);
    if (!r.sc) VOL_ERROR(VOL_ENOMEM, "out of memory for the report's scenarios");
    r.nsc = 0;
    for (size_t i = 0; i < nfiles; i++)
        for (size_t k = 0; k < files[i].nsc; k++) r.sc[r.nsc++] = (scenario_ref){&files[i], k};
    if (nfiles && r.nsc == 0) {
        free(r.sc);
        VOL_ERROR(VOL_EINVAL, "no scenario in the results files");
    }
    lang_state ls;
    vol_status st = lang_begin(opt->lang, opt->localedir, &ls);
    if (st == VOL_OK) {
        r.nl = ls.set;
        st = write_page(&r, opt);
    }
    lang_end(&ls);
    free(r.sc);
    if (st == VOL_OK && r.fig_error[0]) VOL_ERROR(VOL_EIO, "a figure of the report: %s", r.fig_error);
    if (st == VOL_OK && ferror(o)) VOL_ERROR(VOL_EIO, "writing the report failed");
    return st;
}

vol_status vol_report_write_all(FILE *o, vol_run_file *files, size_t nfiles, const vol_sweep_file *sweeps,
                                size_t nsweeps, const char *tmpdir)
{
    vol_report_options opt = {.tmpdir = tmpdir};
    return vol_report_write_opts(o, files, nfiles, sweeps, nsweeps, &opt);
}

vol_status vol_report_write(FILE *o, vol_run_file *files, size_t nfiles, const char *tmpdir)
{
    return vol_report_write_all(o, files, nfiles, NULL, 0, tmpdir);
}
