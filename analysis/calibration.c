/* SPDX-License-Identifier: GPL-3.0-or-later */
/* calibration.c: the calibration figures of the model brief (sections 5 and
 * 5b) next to what the baseline scenario produces (docs/calibration.md). */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "vol_calibration.h"
#include "vol_engine.h"
#include "vol_stats.h"

typedef double (*stat_fn)(const vol_sim *s, const double *m, long days);

static double final(const double *m, long days, int k) { return m[(size_t)k * (size_t)days + (size_t)days - 1]; }

static double sum_last_year(const double *m, long days, int k)
{
    double t = 0;
    for (long d = days > 365 ? days - 365 : 0; d < days; d++) t += m[(size_t)k * (size_t)days + (size_t)d];
    return t;
}

static double mean_last_year(const double *m, long days, int k)
{
    long from = days > 365 ? days - 365 : 0;
    return sum_last_year(m, days, k) / (double)(days - from);
}

static double yearly_dropout(const vol_sim *s, const double *m, long d) { (void)s; return final(m, d, VOL_M_VOL_YEARLY_DROPOUT); }
static double closed_within_year(const vol_sim *s, const double *m, long d) { (void)s; return final(m, d, VOL_M_MATCH_CLOSED_YEAR); }
static double occasional(const vol_sim *s, const double *m, long d) { (void)s; return final(m, d, VOL_M_VOL_OCCASIONAL); }
static double no_symptoms(const vol_sim *s, const double *m, long d) { (void)s; return final(m, d, VOL_M_VOL_NO_SYMPTOMS); }
static double hours_week(const vol_sim *s, const double *m, long d) { (void)s; return mean_last_year(m, d, VOL_M_VOL_HOURS_WEEK); }

/* Exit reasons as shares of the last year's exits, read as NCVO's reasons
 * for stopping (docs/ODD.md 7.6): circumstances = changing circumstances or
 * less time, other_personal = NCVO's other reasons, unmet expectations =
 * unhappy with how the organisation is managed, stress = too much stress. */
static const int exit_metrics[] = {VOL_M_DROPOUT_CIRCUMSTANCES, VOL_M_DROPOUT_OTHER_PERSONAL, VOL_M_DROPOUT_STRESS,
                                   VOL_M_DROPOUT_UNMET};

static double exit_share(const double *m, long d, int k)
{
    double e = 0;
    for (size_t i = 0; i < sizeof exit_metrics / sizeof exit_metrics[0]; i++) e += sum_last_year(m, d, exit_metrics[i]);
    return e > 0 ? sum_last_year(m, d, k) / e : NAN;
}

static double stress_share(const vol_sim *s, const double *m, long d) { (void)s; return exit_share(m, d, VOL_M_DROPOUT_STRESS); }
static double circumstances_share(const vol_sim *s, const double *m, long d) { (void)s; return exit_share(m, d, VOL_M_DROPOUT_CIRCUMSTANCES); }
static double other_share(const vol_sim *s, const double *m, long d) { (void)s; return exit_share(m, d, VOL_M_DROPOUT_OTHER_PERSONAL); }
static double unmet_share(const vol_sim *s, const double *m, long d) { (void)s; return exit_share(m, d, VOL_M_DROPOUT_UNMET); }

static double vulnerable_ratio(const vol_sim *s, const double *m, long d)
{
    (void)s;
    double r = final(m, d, VOL_M_REGULAR_PARTICIPATION);
    return r > 0 ? final(m, d, VOL_M_VULNERABLE_PARTICIPATION) / r : NAN;
}

/* meetings per month of the regular one-to-one matches running on the last day */
static double meetings_per_month(const vol_sim *s, const double *m, long d)
{
    (void)m; (void)d;
    vol_relationship_record *r;
    size_t n;
    if (vol_sim_export(s, VOL_TABLE_RELATIONSHIPS, (void **)&r, &n) != VOL_OK) return NAN;
    double sum = 0, k = 0;
    for (size_t i = 0; i < n; i++)
        if (r[i].end_day < 0 && r[i].kind == VOL_REL_REGULAR) {
            sum += 365.25 / 12.0 / r[i].interval;
            k += 1;
        }
    free(r);
    return k > 0 ? sum / k : NAN;
}

static const struct {
    const char *quantity, *published, *source;
    double lo, hi;      /* published range; NaN: no range to be inside */
    const char *note;
    stat_fn fn;
} targets[] = {
    {"volunteers who stop within a year", "25% - 35.5%", "Vecina et al. 2010 (Spain); CNCS 2009 (US)", 0.25, 0.355,
     "volunteer_yearly_dropout on the last day: of volunteers present a year earlier, the share gone since",
     yearly_dropout},
    {"one-to-one matches closed within the first year", "about 30% - 38%",
     "STAR Project 2018; Kupersmidt et al. 2017 (6,468 matches)", 0.30, 0.38,
     "matches_closed_within_year on the last day: open-ended regular matches begun in the first year",
     closed_within_year},
    {"match meeting frequency", "2 - 4 a month", "Grossman & Tierney 1998 (Big Brothers Big Sisters)", 2.0, 4.0,
     "30.4 / visit interval, regular matches running on the last day", meetings_per_month},
    {"volunteers active occasionally (vs weekly or monthly)", "37% (social assistance 45%)", "CBS 2020", 0.37, 0.45,
     "volunteers_occasional_share: episodic volunteers among the active (volunteers.episodic_share)", occasional},
    {"hospice volunteers without burnout symptoms", "76%", "Phillips et al. 2014 (Australia, n = 97)", 0.70, 0.82,
     "volunteers_without_symptoms_share on the last day (energy above burnout.symptom_threshold); range: 76% +- 6 points",
     no_symptoms},
    {"stopping because of too much stress", "9% (2019) - 14% (2023)", "NCVO Time Well Spent", 0.09, 0.14,
     "share of exits in the last year with reason stress (after a burnout)", stress_share},
    {"stopping for changing circumstances or less time", "33% - 37%", "NCVO Time Well Spent", 0.33, 0.37,
     "share of exits in the last year with reason circumstances: the circumstances hazard's exits less "
     "dropout.other_personal_share of them",
     circumstances_share},
    {"stopping unhappy with how the organisation is managed", "about 10%", "NCVO Time Well Spent", 0.08, 0.12,
     "share of exits in the last year with reason unmet_expectations (too little reward, recognition or "
     "supervision for what the volunteer expected); range: 10% +- 2 points",
     unmet_share},
    {"stopping for other reasons (health, age, moving, no longer needed)", "the rest (no single figure)",
     "NCVO Time Well Spent", NAN, NAN,
     "share of exits in the last year with reason other_personal: dropout.other_personal_share of the "
     "circumstances hazard's exits",
     other_share},
    {"hours volunteered per week", "about 4 on average, most under 1", "CBS", NAN, NAN,
     "volunteer_hours_per_week over the last year: one-to-one visits only (2.5 h a visit); other volunteering is "
     "not in the model",
     hours_week},
    {"participation of people with a disability relative to the population", "24-28% vs 38%: ratio 0.63 - 0.74",
     "Nivel 2014/2018", NAN, NAN,
     "vulnerable_participation / regular_participation on the last day (baseline, no chain cooperation): a "
     "different denominator (people who offered) than the survey's (the population)",
     vulnerable_ratio},
};

#define NT (sizeof targets / sizeof targets[0])

size_t vol_calibration_count(void) { return NT; }

/* each replicate's simulated figures, in its own row of vals */
static vol_status measure_targets(void *ctx, long r, const vol_sim *s, const double *m, long days)
{
    double *vals = ctx;
    for (size_t t = 0; t < NT; t++) vals[(size_t)r * NT + t] = targets[t].fn(s, m, days);
    return VOL_OK;
}

vol_status vol_calibration_eval(const vol_params *p, long reps, vol_calibration_row *rows)
{
    double *vals = malloc((size_t)reps * NT * sizeof *vals);
    if (!vals) VOL_ERROR(VOL_ENOMEM, "out of memory");
    vol_engine_replicates job = {.params = p, .first = 0, .count = reps, .label = "calibration: baseline",
                                 .sink = measure_targets, .ctx = vals, .concurrent_sink = 1};
    vol_status st = vol_engine_run_replicates(&job, NULL);
    if (st != VOL_OK) {
        free(vals);
        return st; /* the engine's message names the replicate */
    }
    for (size_t t = 0; t < NT; t++) {
        double mean, half;
        long n = vol_mean_ci95(vals + t, NT, reps, &mean, &half);
        rows[t] = (vol_calibration_row){targets[t].quantity, targets[t].published, targets[t].source,
                                         targets[t].note, targets[t].lo, targets[t].hi, mean, mean - half,
                                         mean + half, n,
                                         !isnan(targets[t].lo) && mean >= targets[t].lo && mean <= targets[t].hi};
    }
    free(vals);
    return VOL_OK;
}

static void fmt(char *buf, size_t n, double v, int pct)
{
    if (isnan(v)) snprintf(buf, n, "n/a");
    else if (pct) snprintf(buf, n, "%.1f%%", 100 * v);
    else snprintf(buf, n, "%.2f", v);
}

void vol_calibration_print(FILE *out, int markdown, const vol_calibration_row *rows, size_t n, long reps,
                            const char *scenario)
{
    if (markdown)
        fprintf(out,
                "| quantity | published | source | simulated mean | 95%% interval | inside the range | how it is measured |\n"
                "|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        const vol_calibration_row *r = &rows[i];
        int pct = !(strstr(r->quantity, "hours") || strstr(r->quantity, "frequency") || strstr(r->quantity, "relative"));
        char m[32], lo[32], hi[32];
        fmt(m, sizeof m, r->mean, pct);
        fmt(lo, sizeof lo, r->lo, pct);
        fmt(hi, sizeof hi, r->hi, pct);
        const char *inside = isnan(r->range_lo) ? "(not a target)" : (r->inside ? "yes" : "**no**");
        if (markdown)
            fprintf(out, "| %s | %s | %s | %s | [%s, %s] | %s | %s |\n", r->quantity, r->published, r->source, m, lo,
                    hi, inside, r->note);
        else
            fprintf(out, "%-60s %10s  [%s, %s]  published %s  %s\n", r->quantity, m, lo, hi, r->published, inside);
    }
    if (!markdown) fprintf(out, "(%s, %ld replicates)\n", scenario, reps);
}
