/* SPDX-License-Identifier: GPL-3.0-or-later */
/* calibrate.c: the model as the simulator of a calibration, its target
 * statistics, and calibration files (vol_calibrate.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "vol_calibrate.h"
#include "vol_h5read.h"
#include "vol_h5write.h"
#include "vol_rng.h"
#include <gsl/gsl_rng.h>

/* ---- the statistics ------------------------------------------------------- */
static double window_sum(const double *m, long days, int metric, long from, long to, long *k)
{
    double s = 0;
    *k = 0;
    for (long d = from; d <= to && d <= days; d++) {
        double x = m[(size_t)metric * (size_t)days + (size_t)(d - 1)];
        if (!isnan(x)) { s += x; (*k)++; }
    }
    return s;
}

static double first_year_dropout(const vol_sim *sim, long from, long to)
{
    vol_volunteer_record *v;
    size_t n;
    if (vol_sim_export(sim, VOL_TABLE_VOLUNTEERS, (void **)&v, &n) != VOL_OK) return NAN;
    double started = 0, gone = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i].kind == VOL_VOL_CORPORATE || v[i].recruited_day < from - 1 || v[i].recruited_day > to - 1) continue;
        started++;
        gone += v[i].gone_day >= 0 && v[i].gone_day - v[i].recruited_day < 365;
    }
    free(v);
    return started > 0 ? gone / started : NAN;
}

static double match_closure(const vol_sim *sim, long from, long to)
{
    vol_relationship_record *r;
    size_t n;
    if (vol_sim_export(sim, VOL_TABLE_RELATIONSHIPS, (void **)&r, &n) != VOL_OK) return NAN;
    double started = 0, closed = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].kind != VOL_REL_REGULAR || r[i].planned_end >= 0 || r[i].start_day < from - 1 || r[i].start_day > to - 1)
            continue;
        started++;
        closed += r[i].end_day >= 0 && r[i].end_day - r[i].start_day < 365;
    }
    free(r);
    return started > 0 ? closed / started : NAN;
}

/* Client outcomes on the last day (day index last, 0-based): the mean of
 * wellbeing - base wellbeing of a group minus that of the controls, in SDs
 * of the wellbeing of all clients. The controls are clients without a
 * relationship in the last 730 days, as the unmatched arm of a two-year
 * trial (in a two-year record: never matched since day 0; in a longer one
 * most clients are matched some time, so "never" would leave none). short_match
 * 0: clients whose current relationship began 90 or more days ago; 1:
 * clients without one whose last relationship ended in the last 182 days
 * after less than 91 days. */
#define CONTROL_DAYS 730
static double client_effect(const vol_sim *sim, long last, int short_match)
{
    vol_client_record *c;
    vol_relationship_record *r;
    size_t nc, nr;
    if (vol_sim_export(sim, VOL_TABLE_CLIENTS, (void **)&c, &nc) != VOL_OK) return NAN;
    if (vol_sim_export(sim, VOL_TABLE_RELATIONSHIPS, (void **)&r, &nr) != VOL_OK) { free(c); return NAN; }
    /* each client's most recently ended relationship */
    int32_t *recent = malloc((nc + 1) * sizeof *recent);
    if (!recent) { free(c); free(r); return NAN; }
    for (size_t i = 0; i < nc; i++) recent[i] = -1;
    for (size_t j = 0; j < nr; j++) {
        int32_t ci = r[j].client;
        if (ci < 0 || (size_t)ci >= nc || r[j].end_day < 0) continue;
        if (recent[ci] < 0 || r[j].end_day > r[recent[ci]].end_day) recent[ci] = (int32_t)j;
    }
    double s1 = 0, s0 = 0, n1 = 0, n0 = 0, sw = 0, sw2 = 0;
    for (size_t i = 0; i < nc; i++) {
        double x = c[i].wellbeing - c[i].base_wellbeing;
        sw += c[i].wellbeing;
        sw2 += c[i].wellbeing * c[i].wellbeing;
        int cur = c[i].relationship;
        if (cur < 0 && (recent[i] < 0 || r[recent[i]].end_day <= last - CONTROL_DAYS)) {
            s0 += x;
            n0++;
            continue;
        }
        int in = 0;
        if (!short_match) in = cur >= 0 && (size_t)cur < nr && r[cur].start_day <= last - 90;
        else if (cur < 0 && recent[i] >= 0) {
            const vol_relationship_record *e = &r[recent[i]];
            in = e->end_day > last - 182 && e->end_day - e->start_day < 91;
        }
        if (in) { s1 += x; n1++; }
    }
    double var = nc > 1 ? (sw2 - sw * sw / (double)nc) / (double)(nc - 1) : NAN;
    free(recent);
    free(c);
    free(r);
    return n0 > 0 && n1 > 0 && var > 0 ? (s1 / n1 - s0 / n0) / sqrt(var) : NAN;
}

void vol_calibrate_stats(const vol_calib_spec *c, const vol_sim *sim, const double *m, long days, double *stats)
{
    static const int exits[] = {VOL_M_DROPOUT_CIRCUMSTANCES, VOL_M_DROPOUT_OTHER_PERSONAL, VOL_M_DROPOUT_STRESS,
                                VOL_M_DROPOUT_UNMET};
    for (size_t t = 0; t < c->ntargets; t++) {
        const vol_calib_target *g = &c->targets[t];
        long k;
        double x = NAN;
        switch (g->stat) {
        case VOL_TS_METRIC: {
            double s = window_sum(m, days, g->metric, g->from, g->to, &k);
            x = k ? s / (double)k : NAN;
            break;
        }
        case VOL_TS_EXIT_SHARE: {
            double all = 0;
            for (size_t e = 0; e < 4; e++) all += window_sum(m, days, exits[e], g->from, g->to, &k);
            x = all > 0 ? window_sum(m, days, g->metric, g->from, g->to, &k) / all : NAN;
            break;
        }
        case VOL_TS_FIRST_YEAR_DROPOUT: x = first_year_dropout(sim, g->from, g->to); break;
        case VOL_TS_MATCH_CLOSURE: x = match_closure(sim, g->from, g->to); break;
        case VOL_TS_BEFRIENDING: x = client_effect(sim, days - 1, 0); break;
        case VOL_TS_SHORT_MATCH: x = client_effect(sim, days - 1, 1); break;
        default: break;
        }
        stats[t] = x;
    }
}

/* ---- the simulator -------------------------------------------------------- */
int vol_calibrate_params(const vol_calib_spec *c, const double *theta, uint32_t stage, uint64_t run, vol_params *p,
                         uint32_t *replicate)
{
    *p = c->base.params;
    for (size_t f = 0; f < c->k; f++) {
        double v = theta[f];
        if (c->params[f].info->type == VOL_PT_INT) v = floor(v + 0.5);
        vol_params_set(p, c->params[f].info, v);
    }
    /* a seed of its own per stage (and per 2^32 runs): with the run as the
     * replicate number, no two simulations share a random stream */
    uint64_t h = c->seed + 0x9E3779B97F4A7C15ULL * ((uint64_t)stage + 1) + 0xBF58476D1CE4E5B9ULL * (run >> 32);
    h ^= h >> 31;
    p->run_seed = (long)(h & 0x3FFFFFFFFFFFFFFFULL);
    *replicate = (uint32_t)run;
    return vol_params_validate(p, NULL, NULL) != 0;
}

static int simulate(void *ctx, const double *theta, uint32_t stage, uint64_t run, double *stats, char *msg, size_t n)
{
    const vol_calib_spec *c = ctx;
    vol_params p;
    uint32_t rep;
    if (vol_calibrate_params(c, theta, stage, run, &p, &rep)) return 1;
    long days = p.run_days;
    double *buf = malloc((size_t)days * VOL_M_COUNT * sizeof *buf);
    if (!buf) {
        snprintf(msg, n, "out of memory for %ld days of metrics", days);
        return 2;
    }
    vol_sim *s = NULL;
    vol_status st = vol_sim_create(&p, rep, 0, &s);
    if (st == VOL_OK) st = vol_sim_run(s, days, buf);
    if (st == VOL_OK) vol_calibrate_stats(c, s, buf, days, stats);
    else snprintf(msg, n, "stage %u, run %llu: %s", stage, (unsigned long long)run, vol_error_message());
    vol_sim_free(s);
    free(buf);
    return st == VOL_OK ? 0 : 2;
}

void vol_calibrate_problem(const vol_calib_spec *c, double *arrays, vol_abc_problem *p)
{
    double *lo = arrays, *hi = lo + c->k, *value = hi + c->k, *scale = value + c->ntargets;
    for (size_t f = 0; f < c->k; f++) {
        lo[f] = c->params[f].min;
        hi[f] = c->params[f].max;
    }
    for (size_t t = 0; t < c->ntargets; t++) {
        value[t] = c->targets[t].value;
        scale[t] = sqrt(c->targets[t].sd * c->targets[t].sd + c->targets[t].discrepancy * c->targets[t].discrepancy);
    }
    *p = (vol_abc_problem){.k = c->k, .ntargets = c->ntargets, .lo = lo, .hi = hi, .value = value, .scale = scale,
                           .simulate = simulate, .ctx = (void *)c, .seed = c->seed, .hm_waves = c->hm_waves,
                           .hm_points = c->hm_points, .hm_replicates = c->hm_replicates, .hm_cutoff = c->hm_cutoff,
                           .particles = c->particles, .abc_replicates = c->abc_replicates, .quantile = c->quantile,
                           .min_acceptance = c->min_acceptance, .max_generations = c->max_generations,
                           .abc_prior_box = c->prior_box, .max_simulations = c->max_simulations};
}

/* ---- calibration files ------------------------------------------------------ */
#define CALIB_FORMAT "volsim-calibration"
#define CALIB_SCHEMA 1

static vol_status write_wave(vol_h5out *w, const vol_calib_spec *c, const vol_hm_wave *v, size_t i)
{
    char g[64], p[128];
    snprintf(g, sizeof g, "/history_matching/wave_%zu", i);
    vol_status st = VOL_OK;
#define W(call) do { if (st == VOL_OK) st = (call); } while (0)
    W(vol_h5out_attr_long(w, g, "points", (long long)v->n));
    W(vol_h5out_attr_long(w, g, "valid", (long long)v->valid));
    W(vol_h5out_attr_long(w, g, "not_implausible", (long long)v->count));
    W(vol_h5out_attr_double(w, g, "share_not_ruled_out", v->share));
    W(vol_h5out_attr_double(w, g, "box_share_of_prior", v->box_share));
    snprintf(p, sizeof p, "%s/box_low", g);
    W(vol_h5out_doubles(w, p, c->k, 0, v->lo));
    snprintf(p, sizeof p, "%s/box_high", g);
    W(vol_h5out_doubles(w, p, c->k, 0, v->hi));
    snprintf(p, sizeof p, "%s/theta", g);
    W(vol_h5out_doubles(w, p, v->n, c->k, v->theta));
    snprintf(p, sizeof p, "%s/mean", g);
    W(vol_h5out_doubles(w, p, v->n, c->ntargets, v->mean));
    snprintf(p, sizeof p, "%s/sd", g);
    W(vol_h5out_doubles(w, p, v->n, c->ntargets, v->sd));
    snprintf(p, sizeof p, "%s/implausibility", g);
    W(vol_h5out_doubles(w, p, v->n, c->ntargets, v->impl));
    snprintf(p, sizeof p, "%s/max_implausibility", g);
    W(vol_h5out_doubles(w, p, v->n, 0, v->imax));
    snprintf(p, sizeof p, "%s/not_implausible", g);
    W(vol_h5out_bytes(w, p, v->n, v->nroy));
    return st;
}

static vol_status write_gen(vol_h5out *w, const vol_calib_spec *c, const vol_abc_gen *v, const char *g)
{
    char p[128];
    vol_status st = VOL_OK;
    W(vol_h5out_attr_long(w, g, "particles", (long long)v->n));
    W(vol_h5out_attr_double(w, g, "tolerance", isfinite(v->eps) ? v->eps : -1));
    W(vol_h5out_attr_long(w, g, "proposals", (long long)v->proposals));
    W(vol_h5out_attr_long(w, g, "invalid", (long long)v->invalid));
    W(vol_h5out_attr_double(w, g, "acceptance", v->acceptance));
    W(vol_h5out_attr_double(w, g, "ess", v->ess));
    W(vol_h5out_attr_long(w, g, "complete", v->complete));
    snprintf(p, sizeof p, "%s/theta", g);
    W(vol_h5out_doubles(w, p, v->n, c->k, v->theta));
    snprintf(p, sizeof p, "%s/weight", g);
    W(vol_h5out_doubles(w, p, v->n, 0, v->weight));
    snprintf(p, sizeof p, "%s/distance", g);
    W(vol_h5out_doubles(w, p, v->n, 0, v->dist));
    snprintf(p, sizeof p, "%s/stats", g);
    W(vol_h5out_doubles(w, p, v->n, c->ntargets, v->stats));
    return st;
}

vol_status vol_calibrate_write(const char *path, int force, const vol_calib_spec *c, const vol_abc_state *s,
                               const vol_provenance *prov)
{
    vol_h5out *w;
    vol_status st = vol_h5out_create(path, force, CALIB_FORMAT, CALIB_SCHEMA, prov, &w);
    if (st != VOL_OK) return st;
    const size_t k = c->k, T = c->ntargets;
    const char **names = calloc(k + T + 1, sizeof *names), **sources = calloc(T + 1, sizeof *sources);
    const char **informs = calloc(T + 1, sizeof *informs);
    double *lo = malloc((k + 1) * sizeof *lo), *hi = malloc((k + 1) * sizeof *hi);
    double *tv = malloc((5 * T + 1) * sizeof *tv);
    char *resolved = vol_scenario_resolved_text(&c->base);
    if (!names || !sources || !informs || !lo || !hi || !tv || !resolved) st = VOL_ENOMEM;
    for (size_t f = 0; st == VOL_OK && f < k; f++) {
        names[f] = c->params[f].name;
        lo[f] = c->params[f].min;
        hi[f] = c->params[f].max;
    }
    for (size_t t = 0; st == VOL_OK && t < T; t++) {
        const vol_calib_target *g = &c->targets[t];
        names[k + t] = g->label;
        sources[t] = g->source;
        char *joined = NULL;
        size_t len = 1;
        for (size_t i = 0; i < g->ninforms; i++) len += strlen(g->informs[i]) + 1;
        joined = calloc(len, 1);
        for (size_t i = 0; joined && i < g->ninforms; i++) {
            if (i) strcat(joined, ",");
            strcat(joined, g->informs[i]);
        }
        informs[t] = joined ? joined : "";
        tv[t] = g->value;
        tv[T + t] = g->sd;
        tv[2 * T + t] = g->discrepancy;
        tv[3 * T + t] = (double)g->from;
        tv[4 * T + t] = (double)g->to;
    }
    W(vol_h5out_attr_text(w, "/", "name", c->name));
    W(vol_h5out_attr_long(w, "/", "seed", (long long)c->seed));
    W(vol_h5out_attr_long(w, "/", "complete", s->done));
    W(vol_h5out_attr_text(w, "/", "reason", s->done ? s->reason : "not finished: volsim calibrate --resume goes on"));
    W(vol_h5out_attr_long(w, "/", "simulations", (long long)s->sims));
    W(vol_h5out_attr_long(w, "/", "failures", (long long)s->failures));
    W(vol_h5out_attr_long(w, "/", "waves", (long long)s->nwaves));
    W(vol_h5out_attr_long(w, "/", "generations", (long long)s->ngens));
    /* the settings run (--quick changes them): --resume must go on with the same */
    W(vol_h5out_attr_long(w, "/settings", "hm_waves", (long long)c->hm_waves));
    W(vol_h5out_attr_long(w, "/settings", "hm_points", (long long)c->hm_points));
    W(vol_h5out_attr_long(w, "/settings", "hm_replicates", (long long)c->hm_replicates));
    W(vol_h5out_attr_double(w, "/settings", "hm_cutoff", c->hm_cutoff));
    W(vol_h5out_attr_long(w, "/settings", "particles", (long long)c->particles));
    W(vol_h5out_attr_long(w, "/settings", "abc_replicates", (long long)c->abc_replicates));
    W(vol_h5out_attr_double(w, "/settings", "quantile", c->quantile));
    W(vol_h5out_attr_double(w, "/settings", "min_acceptance", c->min_acceptance));
    W(vol_h5out_attr_long(w, "/settings", "max_generations", (long long)c->max_generations));
    W(vol_h5out_attr_long(w, "/settings", "prior_history_matching", c->prior_box));
    W(vol_h5out_attr_long(w, "/settings", "max_simulations", (long long)c->max_simulations));
    const char *cfg[1] = {c->text ? c->text : ""}, *base[1] = {resolved ? resolved : ""};
    W(vol_h5out_texts(w, "/config/target_file", 1, cfg));
    W(vol_h5out_texts(w, "/config/base_scenario", 1, base));
    W(vol_h5out_texts(w, "/parameters/names", k, names));
    W(vol_h5out_doubles(w, "/parameters/prior_low", k, 0, lo));
    W(vol_h5out_doubles(w, "/parameters/prior_high", k, 0, hi));
    W(vol_h5out_texts(w, "/targets/names", T, names + k));
    W(vol_h5out_texts(w, "/targets/sources", T, sources));
    W(vol_h5out_texts(w, "/targets/informs", T, informs));
    W(vol_h5out_doubles(w, "/targets/value", T, 0, tv));
    W(vol_h5out_doubles(w, "/targets/sd", T, 0, tv + T));
    W(vol_h5out_doubles(w, "/targets/discrepancy", T, 0, tv + 2 * T));
    W(vol_h5out_doubles(w, "/targets/first_day", T, 0, tv + 3 * T));
    W(vol_h5out_doubles(w, "/targets/last_day", T, 0, tv + 4 * T));
    for (size_t i = 0; i < s->nwaves; i++) W(write_wave(w, c, &s->waves[i], i));
    if (s->box_lo) {
        W(vol_h5out_doubles(w, "/abc/box_low", k, 0, s->box_lo));
        W(vol_h5out_doubles(w, "/abc/box_high", k, 0, s->box_hi));
    }
    for (size_t i = 0; i < s->ngens; i++) {
        char g[64];
        snprintf(g, sizeof g, "/abc/generation_%zu", i);
        W(write_gen(w, c, &s->gens[i], g));
    }
    const vol_abc_gen *post = vol_abc_posterior(s);
    if (post) {
        W(write_gen(w, c, post, "/posterior"));
        W(vol_h5out_attr_long(w, "/posterior", "generation", (long long)(post - s->gens)));
    }
#undef W
    for (size_t t = 0; informs && t < T; t++)
        if (informs[t] && *informs[t]) free((char *)informs[t]);
    free(names);
    free(sources);
    free(informs);
    free(lo);
    free(hi);
    free(tv);
    free(resolved);
    if (st != VOL_OK) {
        vol_h5out_abort(w);
        if (st == VOL_ENOMEM) VOL_ERROR(VOL_ENOMEM, "out of memory writing %s", path);
        return st;
    }
    return vol_h5out_commit(w);
}

/* ---- reading back (--resume) ------------------------------------------------ */
static double *need(const vol_h5in *r, const char *path, size_t n, vol_status *st)
{
    size_t got = 0;
    double *x = *st == VOL_OK ? vol_h5in_doubles(r, path, &got) : NULL;
    if (*st == VOL_OK && (!x || got != n)) {
        free(x);
        x = NULL;
        *st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s: expected %zu values, found %zu", path, n, got);
    }
    return x;
}

static long long attr_or(const vol_h5in *r, const char *g, const char *name, vol_status *st)
{
    long long v = 0;
    if (*st == VOL_OK) *st = vol_h5in_attr_long(r, g, name, &v);
    return v;
}

static double attr_d(const vol_h5in *r, const char *g, const char *name, vol_status *st)
{
    double v = 0;
    if (*st == VOL_OK) *st = vol_h5in_attr_double(r, g, name, &v);
    return v;
}

vol_status vol_calibrate_read(const char *path, const vol_calib_spec *c, vol_abc_state *s)
{
    vol_h5in *r;
    vol_status st = vol_h5in_open(path, CALIB_FORMAT, "volsim calibrate", &r);
    if (st != VOL_OK) return st;
    size_t n, k = 0, T = 0;
    if (c) {
        char **cfg = vol_h5in_texts(r, "/config/target_file", &n), **base = vol_h5in_texts(r, "/config/base_scenario", &n);
        char *resolved = vol_scenario_resolved_text(&c->base);
        int same = cfg && base && resolved && strcmp(cfg[0], c->text ? c->text : "") == 0 && strcmp(base[0], resolved) == 0;
        if (cfg) { free(cfg[0]); free(cfg); }
        if (base) { free(base[0]); free(base); }
        free(resolved);
        if (!same) {
            vol_h5in_close(r);
            VOL_ERROR(VOL_EINVAL, "%s: written for another target file or base scenario than %s (resume only the "
                                  "calibration it was started with, or start again with --force)", path, c->path);
        }
        k = c->k;
        T = c->ntargets;
        long long a[8];
        double x[3];
        const char *ln[8] = {"hm_waves", "hm_points", "hm_replicates", "particles", "abc_replicates", "max_generations",
                             "prior_history_matching", "max_simulations"};
        const char *dn[3] = {"hm_cutoff", "quantile", "min_acceptance"};
        long long want[8] = {(long long)c->hm_waves, (long long)c->hm_points, c->hm_replicates, (long long)c->particles,
                             c->abc_replicates, (long long)c->max_generations, c->prior_box,
                             (long long)c->max_simulations};
        double dwant[3] = {c->hm_cutoff, c->quantile, c->min_acceptance};
        int differ = 0;
        for (int i = 0; i < 8; i++) differ |= vol_h5in_attr_long(r, "/settings", ln[i], &a[i]) != VOL_OK || a[i] != want[i];
        for (int i = 0; i < 3; i++) differ |= vol_h5in_attr_double(r, "/settings", dn[i], &x[i]) != VOL_OK || x[i] != dwant[i];
        if (differ) {
            vol_h5in_close(r);
            VOL_ERROR(VOL_EINVAL, "%s: written with other settings (history_matching, abc, or --quick) than this run's: "
                                  "resume with the same options, or start again with --force", path);
        }
    } else {
        double *lo = vol_h5in_doubles(r, "/parameters/prior_low", &k), *tv = vol_h5in_doubles(r, "/targets/value", &T);
        free(lo);
        free(tv);
        if (!lo || !tv || k == 0 || T == 0) {
            vol_h5in_close(r);
            VOL_ERROR(VOL_EINVAL, "%s: expected /parameters and /targets, found none", path);
        }
    }
    vol_abc_state_init(s, k, T);
    size_t nw = (size_t)attr_or(r, "/", "waves", &st), ng = (size_t)attr_or(r, "/", "generations", &st);
    s->sims = (size_t)attr_or(r, "/", "simulations", &st);
    s->failures = (size_t)attr_or(r, "/", "failures", &st);
    if (st == VOL_OK && (nw > 1000 || ng > 100000)) st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s: %zu waves, %zu generations: not a file volsim wrote", path, nw, ng);
    if (st == VOL_OK) {
        s->waves = calloc(nw + 1, sizeof *s->waves);
        s->gens = calloc(ng + 1, sizeof *s->gens);
        if (!s->waves || !s->gens) st = vol_error_set(VOL_ENOMEM, __FILE__, __LINE__, "out of memory");
    }
    char g[64], p[128];
    for (size_t i = 0; st == VOL_OK && i < nw; i++) {
        vol_hm_wave *w = &s->waves[i];
        snprintf(g, sizeof g, "/history_matching/wave_%zu", i);
        w->n = (size_t)attr_or(r, g, "points", &st);
        w->valid = (size_t)attr_or(r, g, "valid", &st);
        w->count = (size_t)attr_or(r, g, "not_implausible", &st);
        w->share = attr_d(r, g, "share_not_ruled_out", &st);
        if (st == VOL_OK && vol_h5in_attr_double(r, g, "box_share_of_prior", &w->box_share) != VOL_OK)
            w->box_share = w->count ? w->share * (double)w->n / (double)w->count : NAN; /* files of the first builds */
        if (st == VOL_OK && w->n > 100000000) st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s: %s: %zu points", path, g, w->n);
        s->nwaves = i + 1;
#define RD(field, name, count) do { snprintf(p, sizeof p, "%s/" name, g); w->field = need(r, p, count, &st); } while (0)
        RD(lo, "box_low", k);
        RD(hi, "box_high", k);
        RD(theta, "theta", w->n * k);
        RD(mean, "mean", w->n * T);
        RD(sd, "sd", w->n * T);
        RD(impl, "implausibility", w->n * T);
        RD(imax, "max_implausibility", w->n);
#undef RD
        snprintf(p, sizeof p, "%s/not_implausible", g);
        size_t nb = 0;
        if (st == VOL_OK && (!(w->nroy = vol_h5in_bytes(r, p, &nb)) || nb != w->n))
            st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s: %s: expected %zu values", path, p, w->n);
        /* infinities were written as the undefined value */
        for (size_t j = 0; st == VOL_OK && j < w->n * T; j++) if (isnan(w->impl[j])) w->impl[j] = INFINITY;
        for (size_t j = 0; st == VOL_OK && j < w->n; j++) if (isnan(w->imax[j])) w->imax[j] = INFINITY;
    }
    if (st == VOL_OK && (nw || ng)) {
        s->box_lo = need(r, "/abc/box_low", k, &st);
        s->box_hi = need(r, "/abc/box_high", k, &st);
    }
    for (size_t i = 0; st == VOL_OK && i < ng; i++) {
        vol_abc_gen *v = &s->gens[i];
        snprintf(g, sizeof g, "/abc/generation_%zu", i);
        v->n = (size_t)attr_or(r, g, "particles", &st);
        double eps = attr_d(r, g, "tolerance", &st);
        v->eps = eps < 0 ? INFINITY : eps;
        v->proposals = (size_t)attr_or(r, g, "proposals", &st);
        v->invalid = (size_t)attr_or(r, g, "invalid", &st);
        v->acceptance = attr_d(r, g, "acceptance", &st);
        v->ess = attr_d(r, g, "ess", &st);
        v->complete = (int)attr_or(r, g, "complete", &st);
        if (st == VOL_OK && v->n > 100000000) st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s: %s: %zu particles", path, g, v->n);
        s->ngens = i + 1;
#define RD(field, name, count) do { snprintf(p, sizeof p, "%s/" name, g); v->field = need(r, p, count, &st); } while (0)
        RD(theta, "theta", v->n * k);
        RD(weight, "weight", v->n);
        RD(dist, "distance", v->n);
        RD(stats, "stats", v->n * T);
#undef RD
    }
    long long done = attr_or(r, "/", "complete", &st);
    char *reason = vol_h5in_attr_text(r, "/", "reason");
    s->done = (int)done;
    if (reason) snprintf(s->reason, sizeof s->reason, "%s", reason);
    free(reason);
    vol_h5in_close(r);
    if (st != VOL_OK) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", vol_error_message());
        vol_abc_state_free(s);
        VOL_ERROR(st, "%s: cannot read the calibration: %s", path, msg);
    }
    return VOL_OK;
}


void vol_calib_view_of(const vol_calib_spec *c, vol_calib_view *v)
{
    memset(v, 0, sizeof *v);
    v->k = c->k;
    v->ntargets = c->ntargets;
    v->names = calloc(c->k + 1, sizeof *v->names);
    v->lo = calloc(c->k + 1, sizeof *v->lo);
    v->hi = calloc(c->k + 1, sizeof *v->hi);
    v->tnames = calloc(c->ntargets + 1, sizeof *v->tnames);
    v->tsources = calloc(c->ntargets + 1, sizeof *v->tsources);
    v->tvalue = calloc(c->ntargets + 1, sizeof *v->tvalue);
    v->tsd = calloc(c->ntargets + 1, sizeof *v->tsd);
    v->tscale = calloc(c->ntargets + 1, sizeof *v->tscale);
    v->min_correlation = 0.5;
    if (!v->names || !v->lo || !v->hi || !v->tnames || !v->tsources || !v->tvalue || !v->tsd || !v->tscale) {
        vol_calib_view_free(v);
        return;
    }
    for (size_t f = 0; f < c->k; f++) {
        v->names[f] = strdup(c->params[f].name);
        v->lo[f] = c->params[f].min;
        v->hi[f] = c->params[f].max;
    }
    for (size_t t = 0; t < c->ntargets; t++) {
        v->tnames[t] = strdup(c->targets[t].label ? c->targets[t].label : "?");
        v->tsources[t] = strdup(c->targets[t].source ? c->targets[t].source : "");
        v->tvalue[t] = c->targets[t].value;
        v->tsd[t] = c->targets[t].sd;
        v->tscale[t] = sqrt(c->targets[t].sd * c->targets[t].sd + c->targets[t].discrepancy * c->targets[t].discrepancy);
    }
}

vol_status vol_calib_view_read(const char *path, vol_calib_view *v)
{
    memset(v, 0, sizeof *v);
    vol_h5in *r;
    vol_status st = vol_h5in_open(path, CALIB_FORMAT, "volsim calibrate", &r);
    if (st != VOL_OK) return st;
    size_t k1 = 0, k2 = 0, k3 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0;
    v->names = vol_h5in_texts(r, "/parameters/names", &k1);
    v->lo = vol_h5in_doubles(r, "/parameters/prior_low", &k2);
    v->hi = vol_h5in_doubles(r, "/parameters/prior_high", &k3);
    v->tnames = vol_h5in_texts(r, "/targets/names", &t1);
    v->tsources = vol_h5in_texts(r, "/targets/sources", &t2);
    v->tvalue = vol_h5in_doubles(r, "/targets/value", &t3);
    v->tsd = vol_h5in_doubles(r, "/targets/sd", &t4);
    double *disc = vol_h5in_doubles(r, "/targets/discrepancy", &t5);
    vol_h5in_close(r);
    v->k = k1;
    v->ntargets = t1;
    v->min_correlation = 0.5;
    v->tscale = calloc(t1 + 1, sizeof *v->tscale);
    int ok = v->names && v->lo && v->hi && v->tnames && v->tsources && v->tvalue && v->tsd && disc && v->tscale &&
             k1 && k1 == k2 && k1 == k3 && t1 && t1 == t2 && t1 == t3 && t1 == t4 && t1 == t5;
    for (size_t t = 0; ok && t < t1; t++) v->tscale[t] = sqrt(v->tsd[t] * v->tsd[t] + disc[t] * disc[t]);
    free(disc);
    if (!ok) {
        vol_calib_view_free(v);
        VOL_ERROR(VOL_EINVAL, "%s: the parameters and targets do not fit together (not a file volsim wrote?)", path);
    }
    return VOL_OK;
}

void vol_calib_view_free(vol_calib_view *v)
{
    for (size_t f = 0; v->names && f < v->k; f++) free(v->names[f]);
    for (size_t t = 0; v->tnames && t < v->ntargets; t++) free(v->tnames[t]);
    for (size_t t = 0; v->tsources && t < v->ntargets; t++) free(v->tsources[t]);
    free(v->names);
    free(v->lo);
    free(v->hi);
    free(v->tnames);
    free(v->tsources);
    free(v->tvalue);
    free(v->tsd);
    free(v->tscale);
    memset(v, 0, sizeof *v);
}

/* ---- the posterior table ------------------------------------------------------ */
void vol_calibrate_print(FILE *out, const vol_calib_view *c, const vol_abc_state *s)
{
    const size_t k = c->k, T = c->ntargets;
    for (size_t i = 0; i < s->nwaves; i++) {
        double lo, hi;
        vol_hm_share_interval(&s->waves[i], &lo, &hi);
        fprintf(out, "history matching wave %zu: %zu points, %zu not implausible; share of the prior not ruled out %.4g "
                     "(95%% interval %.3g-%.3g)\n", i + 1, s->waves[i].n, s->waves[i].count, s->waves[i].share, lo, hi);
    }
    for (size_t i = 0; i < s->ngens; i++)
    {
        char tol[32];
        if (isfinite(s->gens[i].eps)) snprintf(tol, sizeof tol, "%.3g", s->gens[i].eps);
        else snprintf(tol, sizeof tol, "none (the prior)");
        fprintf(out, "ABC generation %zu: tolerance %s, %zu particles from %zu proposals (acceptance %.3f), ESS %.0f%s\n",
                i, tol, s->gens[i].n, s->gens[i].proposals, s->gens[i].acceptance, s->gens[i].ess,
                s->gens[i].complete ? "" : " (stopped at the proposal limit: not used)");
    }
    fprintf(out, "%s\n", s->done ? s->reason : "not finished");
    const vol_abc_gen *g = vol_abc_posterior(s);
    if (!g) return;
    fprintf(out, "\n%-40s %10s %10s %10s %10s %10s %10s  %s\n", "parameter", "prior lo", "prior hi", "mean", "median",
            "2.5%", "97.5%", "width/prior");
    for (size_t f = 0; f < k; f++) {
        double m, v;
        vol_abc_wmoments(g->theta + f, g->weight, g->n, k, &m, &v);
        double q1 = vol_abc_wquantile(g->theta + f, g->weight, g->n, k, 0.025);
        double q2 = vol_abc_wquantile(g->theta + f, g->weight, g->n, k, 0.5);
        double q3 = vol_abc_wquantile(g->theta + f, g->weight, g->n, k, 0.975);
        double ratio = (q3 - q1) / (0.95 * (c->hi[f] - c->lo[f]));
        fprintf(out, "%-40s %10.4g %10.4g %10.4g %10.4g %10.4g %10.4g  %.2f %s\n", c->names[f], c->lo[f],
                c->hi[f], m, q2, q1, q3, ratio,
                ratio < 0.5 ? "identified" : ratio < 0.8 ? "weakly identified" : "not identified");
    }
    int any = 0;
    for (size_t a = 0; a < k; a++)
        for (size_t b = a + 1; b < k; b++) {
            double ma, va, mb, vb, cov = 0;
            vol_abc_wmoments(g->theta + a, g->weight, g->n, k, &ma, &va);
            vol_abc_wmoments(g->theta + b, g->weight, g->n, k, &mb, &vb);
            for (size_t i = 0; i < g->n; i++) cov += g->weight[i] * (g->theta[i * k + a] - ma) * (g->theta[i * k + b] - mb);
            double r = va > 0 && vb > 0 ? cov / sqrt(va * vb) : 0;
            if (fabs(r) > c->min_correlation) {
                if (!any) fprintf(out, "\nposterior correlations beyond +-%.1f:\n", c->min_correlation);
                any = 1;
                fprintf(out, "  %s ~ %s: %+.2f\n", c->names[a], c->names[b], r);
            }
        }
    fprintf(out, "\n%-44s %10s %10s %10s %10s  %s\n", "target", "published", "sd", "predicted", "95% range", "source");
    for (size_t t = 0; t < T; t++) {
        double m, v;
        vol_abc_wmoments(g->stats + t, g->weight, g->n, T, &m, &v);
        double q1 = vol_abc_wquantile(g->stats + t, g->weight, g->n, T, 0.025);
        double q3 = vol_abc_wquantile(g->stats + t, g->weight, g->n, T, 0.975);
        char range[64];
        snprintf(range, sizeof range, "%.3g-%.3g", q1, q3);
        fprintf(out, "%-44s %10.4g %10.4g %10.4g %10s  %s\n", c->tnames[t], c->tvalue[t],
                c->tsd[t], m, range, c->tsources[t]);
    }
}

/* ---- posteriors ------------------------------------------------------------ */
void vol_posterior_free(vol_posterior *post)
{
    for (size_t f = 0; post->names && f < post->k; f++) free(post->names[f]);
    free(post->names);
    free(post->info);
    free(post->theta);
    free(post->weight);
    free(post->source);
    memset(post, 0, sizeof *post);
}

static vol_status posterior_names(vol_posterior *post)
{
    post->info = calloc(post->k + 1, sizeof *post->info);
    if (!post->info) VOL_ERROR(VOL_ENOMEM, "out of memory");
    for (size_t f = 0; f < post->k; f++) {
        post->info[f] = vol_params_find(post->names[f]);
        if (!post->info[f]) VOL_ERROR(VOL_EINVAL, "%s: %s: not a parameter of this volsim", post->source, post->names[f]);
    }
    return VOL_OK;
}

static vol_status read_csv_posterior(const char *path, vol_posterior *post)
{
    struct stat fst;
    if (stat(path, &fst) == 0 && !S_ISREG(fst.st_mode) && !S_ISFIFO(fst.st_mode))
        VOL_ERROR(VOL_EINVAL, "%s: expected a posterior table (CSV), found %s", path,
                  S_ISDIR(fst.st_mode) ? "a directory" : "a device or other special file");
    FILE *f = fopen(path, "r");
    if (!f) VOL_ERROR(VOL_EIO, "%s: cannot read: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    ssize_t len = getline(&line, &cap, f);
    vol_status st = VOL_OK;
    if (len <= 0 || strncmp(line, "particle,weight,", 16) != 0) {
        st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s:1: expected the header particle,weight,<parameters>", path);
    } else {
        line[strcspn(line, "\r\n")] = '\0';
        for (char *tok = strtok(line + 16, ","); tok && st == VOL_OK; tok = strtok(NULL, ",")) {
            char **q = realloc(post->names, (post->k + 1) * sizeof *q);
            if (!q) { st = VOL_ENOMEM; break; }
            post->names = q;
            post->names[post->k++] = strdup(tok);
        }
    }
    size_t rows = 0, rcap = 0;
    long ln = 1;
    size_t total = len > 0 ? (size_t)len : 0;
    while (st == VOL_OK && (len = getline(&line, &cap, f)) > 0) {
        ln++;
        if ((total += (size_t)len) > (256u << 20)) { /* a device never ends */
            st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s: expected a posterior table of at most 256 MiB, "
                               "found more (is it the right file?)", path);
            break;
        }
        if (line[strspn(line, " \t\r\n")] == '\0') continue;
        if (rows == rcap) {
            rcap = rcap ? 2 * rcap : 256;
            double *t = realloc(post->theta, rcap * post->k * sizeof *t), *w = realloc(post->weight, rcap * sizeof *w);
            if (t) post->theta = t;
            if (w) post->weight = w;
            if (!t || !w) { st = VOL_ENOMEM; break; }
        }
        char *p = line, *e;
        strtol(p, &e, 10);
        size_t got = 0;
        if (*e == ',') {
            post->weight[rows] = strtod(e + 1, &e);
            for (got = 0; got < post->k && *e == ','; got++) post->theta[rows * post->k + got] = strtod(e + 1, &e);
        }
        if (got != post->k || (*e != '\0' && *e != '\n' && *e != '\r') || !(post->weight[rows] >= 0))
            st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s:%ld: expected particle, weight and %zu numbers", path, ln, post->k);
        rows++;
    }
    free(line);
    fclose(f);
    post->n = rows;
    if (st == VOL_ENOMEM) VOL_ERROR(VOL_ENOMEM, "out of memory reading %s", path);
    if (st == VOL_OK && rows == 0) VOL_ERROR(VOL_EINVAL, "%s: expected particles, found none", path);
    return st;
}

vol_status vol_posterior_read(const char *path, vol_posterior *post)
{
    memset(post, 0, sizeof *post);
    post->source = strdup(path);
    size_t len = strlen(path);
    vol_status st;
    if (len > 4 && strcmp(path + len - 4, ".csv") == 0) {
        st = read_csv_posterior(path, post);
    } else {
        vol_h5in *r;
        st = vol_h5in_open(path, CALIB_FORMAT, "volsim calibrate", &r);
        if (st != VOL_OK) { vol_posterior_free(post); return st; }
        long long gen;
        if (vol_h5in_attr_long(r, "/posterior", "generation", &gen) != VOL_OK) {
            vol_h5in_close(r);
            vol_posterior_free(post);
            VOL_ERROR(VOL_EINVAL, "%s: no posterior yet (the calibration has no complete generation; finish it with "
                                  "volsim calibrate --resume)", path);
        }
        size_t nt = 0, nw = 0;
        post->names = vol_h5in_texts(r, "/parameters/names", &post->k);
        post->theta = vol_h5in_doubles(r, "/posterior/theta", &nt);
        post->weight = vol_h5in_doubles(r, "/posterior/weight", &nw);
        post->n = nw;
        st = post->names && post->theta && post->weight && post->k && nt == nw * post->k
                 ? VOL_OK : vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s: the posterior's datasets do not fit together", path);
        vol_h5in_close(r);
    }
    if (st == VOL_OK) st = posterior_names(post);
    if (st != VOL_OK) vol_posterior_free(post);
    return st;
}

vol_status vol_posterior_write_csv(const vol_posterior *post, FILE *out)
{
    fprintf(out, "particle,weight");
    for (size_t f = 0; f < post->k; f++) fprintf(out, ",%s", post->names[f]);
    fprintf(out, "\n");
    for (size_t i = 0; i < post->n; i++) {
        fprintf(out, "%zu,%.17g", i, post->weight[i]);
        for (size_t f = 0; f < post->k; f++) fprintf(out, ",%.17g", post->theta[i * post->k + f]);
        fprintf(out, "\n");
    }
    if (fflush(out) != 0 || ferror(out)) VOL_ERROR(VOL_EIO, "cannot write the posterior: %s", strerror(errno));
    return VOL_OK;
}

/* ---- predict -------------------------------------------------------------------- */
#define PREDICT_STREAM 106 /* purpose of vol_rng_select: the draws' resampling */

typedef struct {
    vol_predict_result *r;
    const vol_sweep_plan *plan;
    size_t vidx;            /* index of the value read within a run's values */
    double *va, *vb;        /* [draws * replicates] */
} predict_ctx;

static int predict_sink(void *ctx, size_t run, int status, const double *v, const char *msg)
{
    (void)msg;
    predict_ctx *c = ctx;
    size_t pt, pc;
    long rep;
    vol_sweep_plan_index(c->plan, run, &pt, &pc, &rep);
    double x = status == 1 ? v[c->vidx] : NAN;
    if (status != 1) c->r->failed++;
    (pc == 0 ? c->va : c->vb)[pt * (size_t)c->plan->replicates + (size_t)rep] = x;
    return 0;
}

vol_status vol_calibrate_predict(const vol_posterior *post, const vol_params *a, const vol_params *b,
                                 const vol_predict_spec *sp, vol_predict_result *r)
{
    memset(r, 0, sizeof *r);
    const size_t D = sp->draws, k = post->k;
    const long R = sp->replicates;
    if (D == 0 || R < 1 || post->n == 0) VOL_ERROR(VOL_EINVAL, "predict: no draws, replicates or particles");
    if ((double)D * (double)R > 4294967295.0) VOL_ERROR(VOL_EINVAL, "predict: draws x replicates beyond 2^32");
    size_t *idx = malloc(D * sizeof *idx);
    r->theta = malloc(D * k * sizeof *r->theta);
    r->diff = malloc(D * sizeof *r->diff);
    r->a = malloc(D * sizeof *r->a);
    r->b = malloc(D * sizeof *r->b);
    predict_ctx c = {.r = r};
    c.va = malloc(D * (size_t)R * sizeof *c.va);
    c.vb = malloc(D * (size_t)R * sizeof *c.vb);
    size_t *todo = NULL;
    if (!idx || !r->theta || !r->diff || !r->a || !r->b || !c.va || !c.vb) {
        free(idx);
        free(c.va);
        free(c.vb);
        vol_predict_result_free(r);
        VOL_ERROR(VOL_ENOMEM, "out of memory for %zu draws", D);
    }
    gsl_rng *g = gsl_rng_alloc(vol_rng_philox);
    vol_rng_select(g, sp->seed, 0, PREDICT_STREAM, 0, 0);
    vol_abc_resample(post->weight, post->n, D, gsl_rng_uniform(g), idx);
    gsl_rng_free(g);
    for (size_t d = 0; d < D; d++) memcpy(r->theta + d * k, post->theta + idx[d] * k, k * sizeof *r->theta);
    free(idx);
    r->draws = D;
    const vol_params *pols[2] = {a, b};
    const char *names[2] = {"A", "B"};
    long follow = sp->day;
    vol_sweep_plan plan = {.k = k, .params = post->info, .values = r->theta, .npoints = D, .npolicies = 2,
                           .policies = pols, .policy_names = names, .replicates = R, .seed = sp->seed,
                           .nfollow = sp->day > 0 ? 1 : 0, .follow_days = &follow, .independent_points = 1};
    c.plan = &plan;
    c.vidx = sp->day > 0 ? (size_t)VOL_SWEEP_VALUES + (size_t)sp->metric : (size_t)sp->metric;
    size_t n = vol_sweep_plan_runs(&plan);
    todo = malloc(n * sizeof *todo);
    if (!todo) {
        free(c.va);
        free(c.vb);
        vol_predict_result_free(r);
        VOL_ERROR(VOL_ENOMEM, "out of memory for %zu runs", n);
    }
    for (size_t i = 0; i < n; i++) todo[i] = i;
    for (size_t i = 0; i < D * (size_t)R; i++) c.va[i] = c.vb[i] = NAN;
    vol_engine_sweep job = {.plan = &plan, .todo = todo, .ntodo = n, .sink = predict_sink, .ctx = &c,
                            .progress = sp->progress, .progress_ctx = sp->progress_ctx, .stop = sp->stop};
    vol_status st = vol_engine_run_sweep(&job);
    free(todo);
    if (st == VOL_OK && sp->stop && *sp->stop) st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "stopped");
    double se2 = 0, npos = 0;
    size_t kept = 0;
    for (size_t d = 0; st == VOL_OK && d < D; d++) {
        double sa = 0, sb = 0, sd = 0, ss = 0;
        long m = 0;
        for (long q = 0; q < R; q++) {
            double x = c.va[d * (size_t)R + (size_t)q], y = c.vb[d * (size_t)R + (size_t)q];
            if (isnan(x) || isnan(y)) continue;
            sa += x;
            sb += y;
            sd += x - y;
            m++;
        }
        r->a[d] = m ? sa / (double)m : NAN;
        r->b[d] = m ? sb / (double)m : NAN;
        r->diff[d] = m ? sd / (double)m : NAN;
        for (long q = 0; m > 1 && q < R; q++) {
            double x = c.va[d * (size_t)R + (size_t)q], y = c.vb[d * (size_t)R + (size_t)q];
            if (isnan(x) || isnan(y)) continue;
            ss += (x - y - r->diff[d]) * (x - y - r->diff[d]);
        }
        if (m > 1) se2 += ss / (double)(m - 1) / (double)m;
        if (m) {
            kept++;
            npos += r->diff[d] > 0;
        }
    }
    free(c.va);
    free(c.vb);
    if (st != VOL_OK) {
        vol_predict_result_free(r);
        return st;
    }
    if (kept == 0) {
        vol_predict_result_free(r);
        VOL_ERROR(VOL_EFAILED, "predict: every draw failed");
    }
    double *ok = malloc(kept * sizeof *ok);
    if (!ok) {
        vol_predict_result_free(r);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    size_t j = 0;
    for (size_t d = 0; d < D; d++)
        if (!isnan(r->diff[d])) ok[j++] = r->diff[d];
    double var;
    vol_abc_wmoments(ok, NULL, kept, 1, &r->mean, &var);
    r->lo = vol_abc_wquantile(ok, NULL, kept, 1, 0.025);
    r->hi = vol_abc_wquantile(ok, NULL, kept, 1, 0.975);
    r->p_positive = npos / (double)kept;
    r->mc_se = sqrt(se2 / (double)kept);
    free(ok);
    return VOL_OK;
}

void vol_predict_result_free(vol_predict_result *r)
{
    free(r->theta);
    free(r->diff);
    free(r->a);
    free(r->b);
    memset(r, 0, sizeof *r);
}
