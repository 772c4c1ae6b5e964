/* SPDX-License-Identifier: GPL-3.0-or-later */
/* compare.c: statistics of results files for the analysis commands and the
 * report: per-replicate values, paired and Welch comparisons, per-client
 * effects, outcomes by match duration, daily bands (vol_compare.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "vol_compare.h"
#include "vol_stats.h"

void vol_per_replicate(const double *data, long reps, long days, long a, long b, double *out)
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

static const vol_key_outcome key_outcomes[] = {
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

size_t vol_key_outcome_count(void) { return sizeof key_outcomes / sizeof key_outcomes[0]; }
const vol_key_outcome *vol_key_outcome_get(size_t i) { return i < vol_key_outcome_count() ? &key_outcomes[i] : NULL; }

void vol_compare_values(const double *xa, long na, const double *xb, long nb, int paired, vol_comparison *c)
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

int vol_unit_is_share(const char *unit) { return strcmp(unit, "share") == 0; }

int vol_run_scenarios_paired(const vol_run_scenario *a, const vol_run_scenario *b)
{
    return a->seed == b->seed && a->days == b->days;
}

static const char *const lag_names[VOL_N_LAGS] = {"end of the engagement", "3 months after", "6 months after",
                                                  "12 months after"};
const char *vol_lag_name(int l) { return l >= 0 && l < VOL_N_LAGS ? lag_names[l] : ""; }

vol_status vol_client_effects(const vol_run_file *f, int ir, int io, long lags[VOL_N_LAGS], vol_client_effect out[VOL_N_LAGS])
{
    double dur = 1;
    if (vol_run_file_parameter(f, (size_t)ir, "companies.duration_days", &dur) != VOL_OK) dur = 1;
    lags[0] = (long)dur - 1;
    lags[1] = 91;
    lags[2] = 182;
    lags[3] = 365;
    const vol_run_scenario *R = &f->sc[ir];
    long reps = R->replicates < f->sc[io].replicates ? R->replicates : f->sc[io].replicates;
    double *m = calloc((size_t)(VOL_N_LAGS * reps + 1), sizeof *m);
    double ss[VOL_N_LAGS] = {0}, s1[VOL_N_LAGS] = {0};
    long cnt[VOL_N_LAGS] = {0}, nrep[VOL_N_LAGS] = {0};
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
        for (int l = 0; st == VOL_OK && l < VOL_N_LAGS; l++) {
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
    for (int l = 0; st == VOL_OK && l < VOL_N_LAGS; l++) {
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

static const char *const dur_names[VOL_N_DUR] = {"ended within 3 months", "ended after 3-6 months",
                                                 "ended after 6-12 months", "lasted 12 months or more"};
const char *vol_duration_name(int g) { return g >= 0 && g < VOL_N_DUR ? dur_names[g] : ""; }

vol_status vol_duration_outcome(const vol_run_file *f, size_t i, double mean[VOL_N_DUR], double lo[VOL_N_DUR],
                                   double hi[VOL_N_DUR], long matches[VOL_N_DUR])
{
    const vol_run_scenario *S = &f->sc[i];
    double *m = calloc((size_t)(VOL_N_DUR * S->replicates + 1), sizeof *m);
    long nrep[VOL_N_DUR] = {0};
    if (!m) VOL_ERROR(VOL_ENOMEM, "out of memory");
    vol_status st = VOL_OK;
    for (int g = 0; g < VOL_N_DUR; g++) matches[g] = 0;
    for (long r = 0; r < S->replicates && st == VOL_OK; r++) {
        vol_relationship_record *rel = NULL;
        vol_client_record *cl = NULL;
        size_t nrel = 0, ncl = 0;
        st = vol_run_file_table(f, i, r, VOL_TABLE_RELATIONSHIPS, (void **)&rel, &nrel);
        if (st == VOL_OK) st = vol_run_file_table(f, i, r, VOL_TABLE_CLIENTS, (void **)&cl, &ncl);
        double sum[VOL_N_DUR] = {0};
        long k[VOL_N_DUR] = {0};
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
        for (int g = 0; st == VOL_OK && g < VOL_N_DUR; g++)
            if (k[g] > 0) {
                m[(size_t)g * (size_t)S->replicates + (size_t)nrep[g]++] = sum[g] / (double)k[g];
                matches[g] += k[g];
            }
        free(rel);
        free(cl);
    }
    for (int g = 0; st == VOL_OK && g < VOL_N_DUR; g++) {
        double mu, half;
        long n = vol_mean_ci95(m + (size_t)g * (size_t)S->replicates, 1, nrep[g], &mu, &half);
        mean[g] = n > 0 ? mu : NAN;
        lo[g] = n > 1 ? mu - half : NAN;
        hi[g] = n > 1 ? mu + half : NAN;
    }
    free(m);
    return st;
}

vol_status vol_day_bands(const vol_run_file *f, size_t i, const char *metric, double **mean, double **lo,
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

