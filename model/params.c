/* SPDX-License-Identifier: GPL-3.0-or-later */
/* params.c: the parameter table (rows from vol_param_table.h) and the generic
 * access, lookup and validation built on it. */
#include <limits.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vol_params.h"
#include "params_internal.h"
#include "sim_internal.h" /* vol_state_bytes */

static const vol_param_info param_rows[] = {
#define VOL_CLASS_BEHAVIOURAL 1
#define VOL_CLASS_SETTING 0
#define VOL_PARAM(T, field, path, def, mn, mx, unit, choices, group, desc, cls, pmn, pmx, \
                  source, reason)                                                 \
    {path, VOL_PT_##T, offsetof(vol_params, field), (double)(def), (double)(mn), \
     (double)(mx), unit, choices, group, desc, VOL_CLASS_##cls, (double)(pmn),    \
     (double)(pmx), source, reason},
#include "vol_param_table.h"
#undef VOL_PARAM
};

#define N_PARAMS (sizeof param_rows / sizeof param_rows[0])

size_t vol_params_count(void) { return N_PARAMS; }

const vol_param_info *vol_params_info(size_t i)
{
    return i < N_PARAMS ? &param_rows[i] : NULL;
}

const vol_param_info *vol_params_find(const char *name)
{
    if (!name) return NULL;
    for (size_t i = 0; i < N_PARAMS; i++)
        if (strcmp(param_rows[i].name, name) == 0) return &param_rows[i];
    return NULL;
}

/* Levenshtein distance, capped at 64 characters per string. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64) la = 64;
    if (lb > 64) lb = 64;
    size_t prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
    }
    return prev[lb];
}

static const char *last_component(const char *s)
{
    const char *dot = strrchr(s, '.');
    return dot ? dot + 1 : s;
}

static size_t count_dots(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) n += s[i] == '.';
    return n;
}

const char *vol_params_suggest(const char *name)
{
    if (!name) return NULL;
    /* Candidates: every parameter name and every group in it (its prefixes
     * ending before a dot), at the same depth as name. Group names are
     * returned from a static copy (the table's strings hold them as
     * prefixes only). */
    static _Thread_local char group[128];
    const char *best = NULL;
    size_t best_d = (size_t)-1, depth = count_dots(name, strlen(name));
    for (size_t i = 0; i < N_PARAMS; i++) {
        const char *full = param_rows[i].name;
        size_t len = strlen(full);
        for (size_t end = 0; end <= len; end++) {
            if (full[end] != '.' && full[end] != '\0') continue;
            if (count_dots(full, end) != depth) continue;
            char cand[128];
            snprintf(cand, sizeof cand, "%.*s", (int)end, full);
            size_t d = edit_distance(name, cand);
            /* a right leaf under a wrong group ("client.count") is also close */
            size_t dl = edit_distance(last_component(name), last_component(cand)) + 2;
            if (dl < d) d = dl;
            if (d < best_d) {
                best_d = d;
                if (end == len) best = full;
                else {
                    snprintf(group, sizeof group, "%s", cand);
                    best = group;
                }
            }
        }
    }
    size_t len = strlen(name);
    size_t limit = len < 8 ? 2 : len / 3;
    return best_d <= limit && best_d > 0 ? best : NULL;
}

#define FIELD(p, info, T) ((T *)(void *)((char *)(p) + (info)->offset))
#define CFIELD(p, info, T) ((const T *)(const void *)((const char *)(p) + (info)->offset))

size_t vol_params_size(void) { return sizeof(vol_params); }

vol_params *vol_params_new(void)
{
    vol_params *p = malloc(sizeof *p);
    if (p) vol_params_defaults(p);
    return p;
}

void vol_params_delete(vol_params *p) { free(p); }

void vol_params_defaults(vol_params *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < N_PARAMS; i++) vol_params_set(p, &param_rows[i], param_rows[i].def);
}

double vol_params_get(const vol_params *p, const vol_param_info *info)
{
    switch (info->type) {
    case VOL_PT_REAL: return *CFIELD(p, info, double);
    case VOL_PT_INT: return (double)*CFIELD(p, info, long);
    case VOL_PT_BOOL:
    case VOL_PT_CHOICE: return (double)*CFIELD(p, info, int);
    }
    return NAN;
}

/* double -> long without undefined behaviour: NaN gives 0, values beyond
 * the range of long give LONG_MIN or LONG_MAX */
static long saturate_long(double v)
{
    if (isnan(v)) return 0;
    if (v >= (double)LONG_MAX) return LONG_MAX;
    if (v <= (double)LONG_MIN) return LONG_MIN;
    return (long)v;
}

long vol_params_get_long(const vol_params *p, const vol_param_info *info)
{
    switch (info->type) {
    case VOL_PT_REAL: return saturate_long(*CFIELD(p, info, double));
    case VOL_PT_INT: return *CFIELD(p, info, long);
    case VOL_PT_BOOL:
    case VOL_PT_CHOICE: return (long)*CFIELD(p, info, int);
    }
    return 0;
}

void vol_params_set(vol_params *p, const vol_param_info *info, double v)
{
    switch (info->type) {
    case VOL_PT_REAL: *FIELD(p, info, double) = v; break;
    case VOL_PT_INT: *FIELD(p, info, long) = (long)llround(v); break;
    case VOL_PT_BOOL: *FIELD(p, info, int) = v != 0.0; break;
    case VOL_PT_CHOICE: *FIELD(p, info, int) = (int)lround(v); break;
    }
}

void vol_params_set_long(vol_params *p, const vol_param_info *info, long v)
{
    switch (info->type) {
    case VOL_PT_REAL: *FIELD(p, info, double) = (double)v; break;
    case VOL_PT_INT: *FIELD(p, info, long) = v; break;
    case VOL_PT_BOOL: *FIELD(p, info, int) = v != 0; break;
    case VOL_PT_CHOICE: *FIELD(p, info, int) = (int)v; break;
    }
}

int vol_params_choice_index(const vol_param_info *info, const char *s)
{
    if (info->type != VOL_PT_CHOICE || !s) return -1;
    const char *c = info->choices;
    size_t n = strlen(s);
    for (int idx = 0; c && *c; idx++) {
        const char *bar = strchr(c, '|');
        size_t len = bar ? (size_t)(bar - c) : strlen(c);
        if (len == n && strncmp(c, s, n) == 0) return idx;
        c = bar ? bar + 1 : NULL;
    }
    return -1;
}

const char *vol_params_choice_name(const vol_param_info *info, int idx,
                                   char *buf, size_t bufsize)
{
    if (info->type != VOL_PT_CHOICE || idx < 0 || bufsize == 0) return NULL;
    const char *c = info->choices;
    for (int i = 0; c && *c; i++) {
        const char *bar = strchr(c, '|');
        size_t len = bar ? (size_t)(bar - c) : strlen(c);
        if (i == idx) {
            if (len >= bufsize) len = bufsize - 1;
            memcpy(buf, c, len);
            buf[len] = '\0';
            return buf;
        }
        c = bar ? bar + 1 : NULL;
    }
    return NULL;
}

void vol_params_format(const vol_params *p, const vol_param_info *info,
                       char *buf, size_t bufsize)
{
    char name[64];
    switch (info->type) {
    case VOL_PT_REAL: {
        double v = *CFIELD(p, info, double);
        snprintf(buf, bufsize, "%.17g", v);
        /* libconfig needs a decimal point or exponent to read a float. */
        if (!strpbrk(buf, ".eEn")) strncat(buf, ".0", bufsize - strlen(buf) - 1);
        break;
    }
    case VOL_PT_INT: {
        long v = *CFIELD(p, info, long);
        /* libconfig reads values beyond 32 bits only with the L suffix. */
        snprintf(buf, bufsize, (v > 2147483647L || v < -2147483647L) ? "%ldL" : "%ld", v);
        break;
    }
    case VOL_PT_BOOL: snprintf(buf, bufsize, "%s", *CFIELD(p, info, int) ? "true" : "false"); break;
    case VOL_PT_CHOICE: {
        const char *s = vol_params_choice_name(info, *CFIELD(p, info, int), name, sizeof name);
        snprintf(buf, bufsize, "\"%s\"", s ? s : "?");
        break;
    }
    }
}

/* Formats a number for messages without trailing noise. */
static void fmt_num(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%.10g", v);
}

/* " (unit)" after a range, nothing for a unitless value ("-"): three
 * strings for "%s%s%s" */
#define HAS_UNIT(u) ((u) && *(u) && strcmp((u), "-") != 0)
#define UNIT_TEXT(u) HAS_UNIT(u) ? " (" : "", HAS_UNIT(u) ? (u) : "", HAS_UNIT(u) ? ")" : ""

static void problem_range(const vol_params *p, const vol_param_info *info,
                          vol_problem_fn fn, void *ctx, size_t *count)
{
    double v = vol_params_get(p, info);
    char expected[160], found[64], lo[32], hi[32];
    if (info->type == VOL_PT_CHOICE) {
        int n = (int)info->max + 1;
        if (v < 0 || v >= n) {
            snprintf(expected, sizeof expected, "one of \"%s\"", info->choices);
            snprintf(found, sizeof found, "choice #%g", v);
            fn(ctx, info->name, expected, found);
            (*count)++;
        }
        return;
    }
    if (info->type == VOL_PT_BOOL) return;
    if (info->type == VOL_PT_INT) {
        /* as integers: through doubles 2^62 + 1 would equal 2^62 */
        long l = vol_params_get_long(p, info), lo_l = saturate_long(ceil(info->min)),
             hi_l = saturate_long(floor(info->max));
        if (l >= lo_l && l <= hi_l) return;
        snprintf(expected, sizeof expected, "an integer in [%ld, %ld]%s%s%s", lo_l, hi_l, UNIT_TEXT(info->unit));
        snprintf(found, sizeof found, "%ld", l);
        fn(ctx, info->name, expected, found);
        (*count)++;
        return;
    }
    if (isnan(v) || v < info->min || v > info->max) {
        fmt_num(lo, sizeof lo, info->min);
        fmt_num(hi, sizeof hi, info->max);
        snprintf(expected, sizeof expected, "a number in [%s, %s]%s%s%s", lo, hi, UNIT_TEXT(info->unit));
        fmt_num(found, sizeof found, v);
        fn(ctx, info->name, expected, found);
        (*count)++;
    }
}

static void problem_shares(const vol_params *p, vol_problem_fn fn, void *ctx, size_t *count)
{
    for (size_t i = 0; i < N_PARAMS; i++) {
        const char *g = param_rows[i].share_group;
        if (!g) continue;
        /* Handle each group once, at its first row. */
        int first = 1;
        for (size_t j = 0; j < i; j++)
            if (param_rows[j].share_group && strcmp(param_rows[j].share_group, g) == 0) first = 0;
        if (!first) continue;
        double sum = 0;
        char names[512] = "";
        for (size_t j = i; j < N_PARAMS; j++) {
            if (!param_rows[j].share_group || strcmp(param_rows[j].share_group, g) != 0) continue;
            sum += vol_params_get(p, &param_rows[j]);
            if (names[0]) strncat(names, " + ", sizeof names - strlen(names) - 1);
            strncat(names, last_component(param_rows[j].name), sizeof names - strlen(names) - 1);
        }
        if (fabs(sum - 1.0) > 1e-6) {
            char setting[600], found[64];
            snprintf(setting, sizeof setting, "%s (%s)", g, names);
            snprintf(found, sizeof found, "a sum of %.6g", sum);
            fn(ctx, setting, "shares that sum to 1", found);
            (*count)++;
        }
    }
}

long vol_params_employees_per_round(const vol_params *p)
{
    double visits = vol_params_visits_per_engagement(p);
    double per_round = p->co_rounds * visits * p->co_hours_visit;
    if (p->co_format == VOL_FORMAT_NONE || per_round <= 0) return 0;
    /* validation calls this before it knows the hours are in range: a huge
     * or infinite value saturates instead of overflowing the conversion */
    return saturate_long(floor(p->co_hours / per_round + 0.5));
}

long vol_params_visits_per_engagement(const vol_params *p)
{
    if (p->co_duration <= 1) return 1;
    return 1 + (p->co_duration - 1) / (p->co_interval > 0 ? p->co_interval : 1);
}

size_t vol_params_validate(const vol_params *p, vol_problem_fn fn, void *ctx)
{
    size_t count = 0;
    for (size_t i = 0; i < N_PARAMS; i++) problem_range(p, &param_rows[i], fn, ctx, &count);
    problem_shares(p, fn, ctx, &count);

    char expected[200], found[200];
    /* Impossible combinations. */
    if (p->vol_interval_min > p->vol_interval_max) {
        snprintf(found, sizeof found, "%g (visit_interval_min is %g)", p->vol_interval_max, p->vol_interval_min);
        fn(ctx, "volunteers.visit_interval_max", "a value >= volunteers.visit_interval_min", found);
        count++;
    }
    if (p->bo_symptom < p->bo_threshold) {
        snprintf(found, sizeof found, "%g (burnout.threshold is %g)", p->bo_symptom, p->bo_threshold);
        fn(ctx, "burnout.symptom_threshold", "a value >= burnout.threshold (symptoms come before burnout)", found);
        count++;
    }
    if (p->co_format != VOL_FORMAT_NONE && p->co_duration > 1 && p->co_interval > p->co_duration) {
        snprintf(found, sizeof found, "%ld (duration_days is %ld)", p->co_interval, p->co_duration);
        fn(ctx, "companies.visit_interval_days", "an interval <= companies.duration_days for a multi-day engagement", found);
        count++;
    }
    /* the employees-per-round rules only once the hours themselves are in
     * range (an out-of-range value has been reported above) */
    const vol_param_info *hours = vol_params_find("companies.hours_per_year");
    int hours_ok = hours && p->co_hours >= hours->min && p->co_hours <= hours->max;
    if (p->co_format != VOL_FORMAT_NONE && p->co_count > 0 && hours_ok) {
        long need = vol_params_employees_per_round(p);
        if (need > p->co_pool) {
            snprintf(expected, sizeof expected, "at most companies.pool_size = %ld employees per round", p->co_pool);
            snprintf(found, sizeof found, "%ld employees per round (hours_per_year / (rounds_per_year x visits x hours_per_visit))", need);
            fn(ctx, "companies.hours_per_year", expected, found);
            count++;
        }
        if (need < 1 && p->co_hours > 0) {
            snprintf(found, sizeof found, "%g hours, less than one employee per round", p->co_hours);
            fn(ctx, "companies.hours_per_year", "enough hours for at least one employee per round", found);
            count++;
        }
        if (p->co_rounds * (double)p->co_duration > 365.0 * 1.0001 && p->co_format == VOL_FORMAT_ONE_TO_ONE) {
            /* overlapping programmes are allowed; nothing to report */
        }
    }
    if (p->init_bond_min + p->init_bond_range > 1.0) {
        snprintf(found, sizeof found, "%g (init.bond_min is %g)", p->init_bond_range, p->init_bond_min);
        fn(ctx, "init.bond_range", "a value with init.bond_min + init.bond_range <= 1", found);
        count++;
    }
    if (p->init_trust_min + p->init_bond_range > 1.0) {
        snprintf(found, sizeof found, "%g (init.professional_trust_min is %g)", p->init_bond_range, p->init_trust_min);
        fn(ctx, "init.bond_range", "a value with init.professional_trust_min + init.bond_range <= 1", found);
        count++;
    }
    if (p->vol_vuln_acceptance_chain < p->vol_vuln_acceptance) {
        snprintf(found, sizeof found, "%g (acceptance without chain cooperation is %g)",
                 p->vol_vuln_acceptance_chain, p->vol_vuln_acceptance);
        fn(ctx, "volunteers.vulnerable.acceptance_chain",
           "a value >= volunteers.vulnerable.acceptance (chain cooperation does not lower acceptance)", found);
        count++;
    }
    return count;
}

/* The state a run will hold: the counts of its agents, priced per entry by
 * vol_state_bytes (model/sim.c) from the agents' field lists
 * (model/sim_internal.h), as vol_sim_memory_bytes prices a simulation's.
 * The arrays' capacity is taken as the count (growth by doubling: a
 * quarter on top, below); the volunteers' count is every one who comes,
 * each of whom may leave (observe's list of who left). What does not grow
 * with agents (the simulation itself, the arrays' placement pages, the
 * table of tenures, the generators) is 1 MiB. */
size_t vol_params_memory_estimate(const vol_params *p)
{
    /* the state keeps the burn-in's volunteers and relationships too;
     * companies come only in the recorded days */
    double years = p->run_days / 365.0, all_years = (double)(p->run_days + p->run_burn_in) / 365.0;
    double clients = (double)p->clients_count;
    double volunteers = (double)p->vol_initial + p->vol_arrivals * all_years;
    /* relationships over the run: about one per volunteer a year (those
     * present on day 0 included), corporate ones on top */
    double rel = volunteers * (1.0 + all_years) + (double)p->co_count * p->co_rounds * years *
                 (double)(vol_params_employees_per_round(p) > 0 ? vol_params_employees_per_round(p) : 0);
    const vol_state_size n = {
        .clients = clients,
        .panel_values = p->run_panel > 0 ? clients * (double)(p->run_days / p->run_panel) : 0.0,
        .volunteers = volunteers, .left = volunteers,
        .relationships = rel, .trust_entries = rel, /* a professional's trust in the volunteer of each */
        .professionals = (double)p->npo_count * ((double)p->npo_professionals + 1.0),
        .npos = (double)p->npo_count, .companies = (double)p->co_count,
        .employees = (double)p->co_count * (double)p->co_pool, .pool = (double)p->co_pool,
        .buffers = clients > volunteers ? clients : volunteers};
    /* each replicate's metric series (days x metrics doubles), twice: the
     * run's and the copy handed to the results writer */
    double series = 2.0 * (double)(p->run_days + 1) * VOL_M_COUNT * sizeof(double);
    double bytes = vol_state_bytes(&n) + series + (1 << 20);
    /* growth by doubling leaves unused capacity: count a quarter on top */
    bytes *= 1.25;
    return !(bytes < (double)SIZE_MAX) ? SIZE_MAX : (size_t)bytes; /* NaN too */
}
