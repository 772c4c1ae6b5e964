/* SPDX-License-Identifier: GPL-3.0-or-later */
/* calib_file.c: calibration target files (vol_calib_file.h): loading and
 * validation with diagnostics naming file, line and setting. */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libconfig.h>
#include "vol_calib_file.h"
#include "io_internal.h"

#define PROBLEM(...)                      \
    do {                                  \
        vol_diag_add(diag, __VA_ARGS__);  \
        problems++;                       \
    } while (0)

static const char *const stat_names[VOL_TS_COUNT] = {"metric", "exit_share", "first_year_dropout",
                                                     "match_closure_first_year", "befriending_effect",
                                                     "short_match_effect"};

const char *vol_target_stat_name(vol_target_stat s) { return (unsigned)s < VOL_TS_COUNT ? stat_names[s] : "?"; }

static int line_of(const config_setting_t *s) { return s ? (int)config_setting_source_line(s) : 1; }

int vol_calib_is_target_file(const char *path)
{
    /* a pipe is read once, by the loader that takes it: never a target file here */
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    config_t cfg;
    config_init(&cfg);
    char *msg = NULL;
    int yes = vol_config_read(&cfg, path, &msg) == 1 && config_lookup(&cfg, "targets") != NULL;
    free(msg);
    config_destroy(&cfg);
    return yes;
}

/* A finite number (int or float) to *x; else what was found into why. */
static int number(const config_setting_t *s, double *x, char *why, size_t n)
{
    int t = config_setting_type(s);
    if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) *x = (double)config_setting_get_int64(s);
    else if (t == CONFIG_TYPE_FLOAT) *x = config_setting_get_float(s);
    else {
        vol_config_describe(s, why, n);
        return 0;
    }
    if (!isfinite(*x)) {
        snprintf(why, n, "%g", *x);
        return 0;
    }
    return 1;
}

/* Member key of group g, a number in [lo, hi] (integer when integral): *x
 * keeps its default when absent. */
static size_t get_number(const char *path, const config_setting_t *g, const char *group, const char *key, double lo,
                         double hi, int integral, double *x, vol_diag *diag)
{
    size_t problems = 0;
    const config_setting_t *s = g ? config_setting_get_member(g, key) : NULL;
    if (!s) return 0;
    char why[256];
    double v;
    if (!number(s, &v, why, sizeof why)) {
        PROBLEM("%s:%d: %s%s%s: expected %s in [%g, %g], found %s", path, line_of(s), group, *group ? "." : "", key,
                integral ? "an integer" : "a number", lo, hi, why);
    } else if (!(v >= lo && v <= hi) || (integral && v != floor(v))) {
        PROBLEM("%s:%d: %s%s%s: expected %s in [%g, %g], found %g", path, line_of(s), group, *group ? "." : "", key,
                integral ? "an integer" : "a number", lo, hi, v);
    } else {
        *x = v;
    }
    return problems;
}

static size_t known_members(const char *path, const config_setting_t *g, const char *what,
                            const char *const *known, size_t nknown, vol_diag *diag)
{
    size_t problems = 0;
    for (int i = 0; g && i < config_setting_length(g); i++) {
        const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
        const char *key = config_setting_name(m);
        int ok = 0;
        for (size_t k = 0; key && k < nknown; k++) ok |= strcmp(key, known[k]) == 0;
        if (!ok) {
            char list[512] = "";
            for (size_t k = 0; k < nknown; k++) {
                strncat(list, known[k], sizeof list - strlen(list) - 1);
                if (k + 1 < nknown) strncat(list, ", ", sizeof list - strlen(list) - 1);
            }
            PROBLEM("%s:%d: %s%s%s: unknown setting (expected one of %s)", path, line_of(m), what, *what ? "." : "",
                    key ? key : "?", list);
        }
    }
    return problems;
}

static size_t parse_params(const char *path, const config_setting_t *list, vol_calib_spec *c, vol_diag *diag)
{
    size_t problems = 0;
    if (!list || (config_setting_type(list) != CONFIG_TYPE_LIST && config_setting_type(list) != CONFIG_TYPE_ARRAY) ||
        config_setting_length(list) == 0) {
        PROBLEM("%s:%d: parameters: expected a list of groups ( { name = \"dotted.path\"; min = ...; max = ...; }, "
                "... ), found %s", path, line_of(list), list ? "an empty or other setting" : "none");
        return problems;
    }
    int n = config_setting_length(list);
    c->params = calloc((size_t)n, sizeof *c->params);
    if (!c->params) { PROBLEM("%s: out of memory", path); return problems; }
    static const char *const known[] = {"name", "min", "max"};
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        const char *name = NULL;
        int line = line_of(g);
        if (config_setting_type(g) != CONFIG_TYPE_GROUP || !config_setting_lookup_string(g, "name", &name)) {
            PROBLEM("%s:%d: parameters: expected { name = \"dotted.path\"; min = ...; max = ...; }, found an entry "
                    "without a name at position %d", path, line, i + 1);
            continue;
        }
        problems += known_members(path, g, "parameters", known, 3, diag);
        const vol_param_info *info = vol_params_find(name);
        if (!info) {
            const char *hint = vol_params_suggest(name);
            PROBLEM("%s:%d: parameters: expected a parameter of the table, found \"%s\"%s%s%s", path, line, name,
                    hint ? " (did you mean " : "", hint ? hint : "", hint ? "?)" : "");
            continue;
        }
        if (info->type != VOL_PT_REAL && info->type != VOL_PT_INT) {
            PROBLEM("%s:%d: parameters: %s: expected a number parameter (a prior is a range), found a %s", path, line,
                    name, info->type == VOL_PT_BOOL ? "bool" : "choice");
            continue;
        }
        if (strncmp(name, "run.", 4) == 0) {
            PROBLEM("%s:%d: parameters: expected a model parameter, found %s", path, line, name);
            continue;
        }
        int dup = 0;
        for (size_t f = 0; f < c->k && !dup; f++) dup = strcmp(c->params[f].name, name) == 0;
        if (dup) {
            PROBLEM("%s:%d: parameters: expected each parameter once, found %s again", path, line, name);
            continue;
        }
        vol_calib_param *cp = &c->params[c->k];
        cp->info = info;
        cp->min = info->plausible_min;
        cp->max = info->plausible_max;
        size_t before = problems;
        problems += get_number(path, g, name, "min", info->min, info->max, 0, &cp->min, diag);
        problems += get_number(path, g, name, "max", info->min, info->max, 0, &cp->max, diag);
        if (problems == before && !(cp->min < cp->max))
            PROBLEM("%s:%d: %s: expected min < max, found [%g, %g]%s", path, line, name, cp->min, cp->max,
                    config_setting_get_member(g, "min") || config_setting_get_member(g, "max")
                        ? "" : " (the table's plausible range is a point: give min and max)");
        cp->name = strdup(name);
        c->k++;
    }
    return problems;
}

static size_t parse_target(const char *path, const config_setting_t *g, int pos, const vol_calib_spec *c,
                           vol_calib_target *t, vol_diag *diag)
{
    size_t problems = 0;
    const int line = line_of(g);
    t->line = line;
    static const char *const known[] = {"metric", "statistic", "reason", "day", "window", "value", "sd", "low",
                                        "high", "discrepancy", "source", "informs"};
    char what[64];
    snprintf(what, sizeof what, "targets[%d]", pos);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
        PROBLEM("%s:%d: %s: expected a group { metric = ...; day = ...; value = ...; sd = ...; source = ...; }",
                path, line, what);
        return problems;
    }
    problems += known_members(path, g, what, known, sizeof known / sizeof known[0], diag);
    const char *metric = NULL, *statistic = NULL, *reason = NULL, *source = NULL;
    config_setting_lookup_string(g, "metric", &metric);
    config_setting_lookup_string(g, "statistic", &statistic);
    config_setting_lookup_string(g, "reason", &reason);
    config_setting_lookup_string(g, "source", &source);
    t->stat = VOL_TS_COUNT;
    t->metric = -1;
    if (metric && statistic) {
        PROBLEM("%s:%d: %s: expected metric or statistic, found both", path, line, what);
    } else if (metric) {
        t->stat = VOL_TS_METRIC;
        t->metric = vol_metrics_find(metric);
        if (t->metric < 0) PROBLEM("%s:%d: %s.metric: expected a metric of `volsim metrics`, found \"%s\"", path, line,
                                   what, metric);
    } else if (statistic) {
        for (int s = 1; s < VOL_TS_COUNT; s++)
            if (strcmp(statistic, stat_names[s]) == 0) t->stat = (vol_target_stat)s;
        if (t->stat == VOL_TS_COUNT)
            PROBLEM("%s:%d: %s.statistic: expected one of exit_share, first_year_dropout, match_closure_first_year, "
                    "befriending_effect, short_match_effect, found \"%s\"", path, line, what, statistic);
    } else {
        PROBLEM("%s:%d: %s: expected metric = \"name\" or statistic = \"name\", found neither", path, line, what);
    }
    if (t->stat == VOL_TS_EXIT_SHARE) {
        static const struct { const char *name; int metric; } reasons[] = {
            {"circumstances", VOL_M_DROPOUT_CIRCUMSTANCES}, {"other_personal", VOL_M_DROPOUT_OTHER_PERSONAL},
            {"stress", VOL_M_DROPOUT_STRESS}, {"unmet_expectations", VOL_M_DROPOUT_UNMET}};
        for (size_t r = 0; reason && r < 4; r++)
            if (strcmp(reason, reasons[r].name) == 0) t->metric = reasons[r].metric;
        if (t->metric < 0)
            PROBLEM("%s:%d: %s.reason: expected one of circumstances, other_personal, stress, unmet_expectations, "
                    "found %s%s%s", path, line, what, reason ? "\"" : "", reason ? reason : "none", reason ? "\"" : "");
    } else if (reason) {
        PROBLEM("%s:%d: %s.reason: expected only with statistic = \"exit_share\"", path, line, what);
    }
    if (asprintf(&t->label, "%s%s%s", metric ? metric : statistic ? statistic : "?", reason ? " " : "",
                 reason ? reason : "") < 0)
        t->label = NULL;
    /* where to read it */
    const long days = c->base.params.run_days;
    const config_setting_t *ds = config_setting_get_member(g, "day"), *ws = config_setting_get_member(g, "window");
    double a = NAN, b = NAN;
    if (ds && ws) {
        PROBLEM("%s:%d: %s: expected day or window, found both", path, line, what);
    } else if (ds) {
        size_t before = problems;
        problems += get_number(path, g, what, "day", 1, (double)days, 1, &a, diag);
        if (problems == before) b = a;
    } else if (ws && (config_setting_type(ws) == CONFIG_TYPE_ARRAY || config_setting_type(ws) == CONFIG_TYPE_LIST) &&
               config_setting_length(ws) == 2) {
        char why[256];
        if (!number(config_setting_get_elem(ws, 0), &a, why, sizeof why) ||
            !number(config_setting_get_elem(ws, 1), &b, why, sizeof why) || a != floor(a) || b != floor(b) ||
            !(a >= 1 && a <= b && b <= (double)days))
            PROBLEM("%s:%d: %s.window: expected [a, b], whole days with 1 <= a <= b <= %ld (run.days of the base), "
                    "found other values", path, line_of(ws), what, days);
    } else if (ws) {
        PROBLEM("%s:%d: %s.window: expected [a, b] (two days), found another setting", path, line_of(ws), what);
    } else if (t->stat != VOL_TS_COUNT) {
        PROBLEM("%s:%d: %s: expected day = D or window = [a, b], found neither", path, line, what);
    }
    if (isfinite(a) && isfinite(b)) {
        t->from = (long)a;
        t->to = (long)b;
        if ((t->stat == VOL_TS_FIRST_YEAR_DROPOUT || t->stat == VOL_TS_MATCH_CLOSURE) && t->to + 365 > days)
            PROBLEM("%s:%d: %s.window: expected a window ending at least 365 days before the last day (%ld): a start "
                    "on day %ld is followed for a year, to day %ld", path, line, what, days, t->to, t->to + 365);
        if ((t->stat == VOL_TS_BEFRIENDING || t->stat == VOL_TS_SHORT_MATCH) && (t->from != days || t->to != days))
            PROBLEM("%s:%d: %s: expected day = %ld (run.days of the base) for the statistic %s, computed from the "
                    "clients on the last day, found %s", path, line, what, days, stat_names[t->stat],
                    ds ? "another day" : "a window");
        if (t->stat == VOL_TS_FIRST_YEAR_DROPOUT || t->stat == VOL_TS_MATCH_CLOSURE || t->stat == VOL_TS_EXIT_SHARE) {
            if (t->from == t->to && ds)
                PROBLEM("%s:%d: %s: expected window = [a, b] for the statistic %s, found day", path, line, what,
                        stat_names[t->stat]);
        }
    }
    /* the value */
    const config_setting_t *vs = config_setting_get_member(g, "value"), *ss = config_setting_get_member(g, "sd");
    const config_setting_t *ls = config_setting_get_member(g, "low"), *hs = config_setting_get_member(g, "high");
    t->value = t->sd = NAN;
    if ((vs || ss) && (ls || hs)) {
        PROBLEM("%s:%d: %s: expected value and sd, or low and high, found both", path, line, what);
    } else if (vs && ss) {
        problems += get_number(path, g, what, "value", -1e300, 1e300, 0, &t->value, diag);
        problems += get_number(path, g, what, "sd", 1e-300, 1e300, 0, &t->sd, diag);
    } else if (ls && hs) {
        double lo = NAN, hi = NAN;
        size_t before = problems;
        problems += get_number(path, g, what, "low", -1e300, 1e300, 0, &lo, diag);
        problems += get_number(path, g, what, "high", -1e300, 1e300, 0, &hi, diag);
        if (problems == before && !(lo < hi)) PROBLEM("%s:%d: %s: expected low < high, found %g and %g", path, line, what, lo, hi);
        t->value = (lo + hi) / 2;
        t->sd = (hi - lo) / 4;
    } else {
        PROBLEM("%s:%d: %s: expected value and sd (observation SD > 0), or low and high, found %s", path, line, what,
                vs ? "value without sd" : ss ? "sd without value" : ls ? "low without high" : hs ? "high without low"
                                                                                                   : "neither");
    }
    t->discrepancy = 0;
    problems += get_number(path, g, what, "discrepancy", 0, 1e300, 0, &t->discrepancy, diag);
    if (!source || !*source) PROBLEM("%s:%d: %s.source: expected the target's source in quotes (a publication, a seed "
                                     "document), found none", path, line, what);
    t->source = strdup(source ? source : "");
    const config_setting_t *is = config_setting_get_member(g, "informs");
    if (!is || (config_setting_type(is) != CONFIG_TYPE_ARRAY && config_setting_type(is) != CONFIG_TYPE_LIST) ||
        config_setting_length(is) == 0) {
        PROBLEM("%s:%d: %s.informs: expected the calibrated parameters the target informs, [\"dotted.path\", ...], "
                "found %s", path, line_of(is ? is : g), what, is ? "another setting" : "none");
    } else {
        int n = config_setting_length(is);
        t->informs = calloc((size_t)n, sizeof *t->informs);
        for (int i = 0; t->informs && i < n; i++) {
            const char *nm = config_setting_get_string(config_setting_get_elem(is, (unsigned)i));
            int found = 0;
            for (size_t f = 0; nm && f < c->k; f++) found |= strcmp(c->params[f].name, nm) == 0;
            if (!found) {
                PROBLEM("%s:%d: %s.informs: expected names of the file's parameters, found %s%s%s at position %d", path,
                        line_of(is), what, nm ? "\"" : "", nm ? nm : "a non-string", nm ? "\"" : "", i + 1);
                continue;
            }
            t->informs[t->ninforms++] = strdup(nm);
        }
    }
    return problems;
}

static size_t parse_settings(const char *path, const config_setting_t *root, vol_calib_spec *c, vol_diag *diag)
{
    size_t problems = 0;
    double x;
    const config_setting_t *hm = config_setting_get_member(root, "history_matching");
    const config_setting_t *abc = config_setting_get_member(root, "abc");
    static const char *const hk[] = {"waves", "points", "replicates", "cutoff"};
    static const char *const ak[] = {"particles", "replicates", "quantile", "min_acceptance", "max_generations", "prior",
                                     "max_simulations"};
    if (hm && config_setting_type(hm) != CONFIG_TYPE_GROUP) PROBLEM("%s:%d: history_matching: expected a group { waves = ...; }", path, line_of(hm));
    else problems += known_members(path, hm, "history_matching", hk, 4, diag);
    if (abc && config_setting_type(abc) != CONFIG_TYPE_GROUP) PROBLEM("%s:%d: abc: expected a group { particles = ...; }", path, line_of(abc));
    else problems += known_members(path, abc, "abc", ak, 7, diag);
    x = 2;
    problems += get_number(path, hm, "history_matching", "waves", 0, 20, 1, &x, diag);
    c->hm_waves = (size_t)x;
    x = 200;
    problems += get_number(path, hm, "history_matching", "points", 2, 1000000, 1, &x, diag);
    c->hm_points = (size_t)x;
    x = 4;
    problems += get_number(path, hm, "history_matching", "replicates", 1, 10000, 1, &x, diag);
    c->hm_replicates = (long)x;
    c->hm_cutoff = 3;
    problems += get_number(path, hm, "history_matching", "cutoff", 0.1, 100, 0, &c->hm_cutoff, diag);
    x = 1000;
    problems += get_number(path, abc, "abc", "particles", 10, 1000000, 1, &x, diag);
    c->particles = (size_t)x;
    x = 1;
    problems += get_number(path, abc, "abc", "replicates", 1, 10000, 1, &x, diag);
    c->abc_replicates = (long)x;
    c->quantile = 0.5;
    problems += get_number(path, abc, "abc", "quantile", 0.05, 0.95, 0, &c->quantile, diag);
    c->min_acceptance = 0.02;
    problems += get_number(path, abc, "abc", "min_acceptance", 1e-6, 1, 0, &c->min_acceptance, diag);
    x = 10;
    problems += get_number(path, abc, "abc", "max_generations", 0, 1000, 1, &x, diag);
    c->max_generations = (size_t)x;
    x = 0;
    problems += get_number(path, abc, "abc", "max_simulations", 0, 1e12, 1, &x, diag);
    c->max_simulations = (size_t)x;
    c->prior_box = 1;
    const config_setting_t *pr = abc ? config_setting_get_member(abc, "prior") : NULL;
    if (pr) {
        const char *v = config_setting_get_string(pr);
        if (v && strcmp(v, "history_matching") == 0) c->prior_box = 1;
        else if (v && strcmp(v, "prior") == 0) c->prior_box = 0;
        else PROBLEM("%s:%d: abc.prior: expected \"history_matching\" (the box history matching kept) or \"prior\", "
                     "found another value", path, line_of(pr));
    }
    x = 20261207;
    const config_setting_t *sd = config_setting_get_member(root, "seed");
    if (sd) {
        int t = config_setting_type(sd);
        if ((t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) && config_setting_get_int64(sd) >= 0) x = (double)config_setting_get_int64(sd);
        else PROBLEM("%s:%d: seed: expected a non-negative integer, found another value", path, line_of(sd));
    }
    c->seed = (uint64_t)x;
    return problems;
}

size_t vol_calib_load(const char *path, const char *const *sets, size_t nsets, vol_calib_spec *c, vol_diag *diag)
{
    memset(c, 0, sizeof *c);
    size_t problems = 0;
    config_t cfg;
    config_init(&cfg);
    char *msg = NULL;
    int rd = vol_config_read(&cfg, path, &msg);
    if (rd != 1) {
        if (rd < 0) vol_diag_add(diag, "%s: cannot read the target file: %s", path, strerror(errno));
        else vol_diag_add(diag, "%s", msg);
        free(msg);
        config_destroy(&cfg);
        return 1;
    }
    c->path = strdup(path);
    c->text = vol_io_read_text(path);
    char *copy = strdup(path), *stem = copy ? basename(copy) : NULL, *dot = stem ? strrchr(stem, '.') : NULL;
    if (dot) *dot = '\0';
    c->name = strdup(stem ? stem : "calibration");
    free(copy);
    const config_setting_t *root = config_root_setting(&cfg);
    static const char *const known[] = {"base", "seed", "name", "description", "parameters", "targets",
                                        "history_matching", "abc"};
    problems += known_members(path, root, "", known, sizeof known / sizeof known[0], diag);
    const char *base = NULL;
    const config_setting_t *bs = config_setting_get_member(root, "base");
    int base_ok = 0;
    if (!bs || !(base = config_setting_get_string(bs)) || !*base) {
        PROBLEM("%s:%d: base: expected the scenario to calibrate, base = \"file.cfg\", found %s", path, line_of(bs),
                bs ? "another setting" : "none");
    } else {
        char *p = vol_io_join_dir(path, base);
        struct stat st;
        int err = !p ? ENOMEM : stat(p, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
        if (err) PROBLEM("%s:%d: base: cannot read '%s': %s", path, line_of(bs), base, strerror(err));
        else if (vol_scenario_load(p, sets, nsets, &c->base, diag)) {
            PROBLEM("%s:%d: base: expected a valid scenario, found problems in '%s' (above)", path, line_of(bs), base);
        } else {
            base_ok = 1;
        }
        free(p);
    }
    problems += parse_settings(path, root, c, diag);
    problems += parse_params(path, config_setting_get_member(root, "parameters"), c, diag);
    const config_setting_t *ts = config_setting_get_member(root, "targets");
    if (!ts || (config_setting_type(ts) != CONFIG_TYPE_LIST && config_setting_type(ts) != CONFIG_TYPE_ARRAY) ||
        config_setting_length(ts) == 0) {
        PROBLEM("%s:%d: targets: expected a list of groups ( { metric = ...; day = ...; value = ...; sd = ...; "
                "source = ...; informs = [...]; }, ... ), found %s", path, line_of(ts), ts ? "another setting" : "none");
    } else if (base_ok) {
        int n = config_setting_length(ts);
        c->targets = calloc((size_t)n, sizeof *c->targets);
        for (int i = 0; c->targets && i < n; i++)
            problems += parse_target(path, config_setting_get_elem(ts, (unsigned)i), i + 1, c, &c->targets[c->ntargets++], diag);
    }
    /* every parameter informed by some target */
    for (size_t f = 0; !problems && f < c->k; f++) {
        int informed = 0;
        for (size_t t = 0; t < c->ntargets; t++)
            for (size_t i = 0; i < c->targets[t].ninforms; i++) informed |= strcmp(c->targets[t].informs[i], c->params[f].name) == 0;
        if (!informed)
            PROBLEM("%s:%d: parameters: %s: expected a target that informs it (informs = [...]), found none: a "
                    "parameter no target depends on keeps its prior", path,
                    line_of(config_setting_get_member(root, "parameters")), c->params[f].name);
    }
    config_destroy(&cfg);
    if (problems) vol_calib_free(c);
    return problems;
}

void vol_calib_free(vol_calib_spec *c)
{
    for (size_t f = 0; c->params && f < c->k; f++) free(c->params[f].name);
    for (size_t t = 0; c->targets && t < c->ntargets; t++) {
        free(c->targets[t].label);
        free(c->targets[t].source);
        for (size_t i = 0; i < c->targets[t].ninforms; i++) free(c->targets[t].informs[i]);
        free(c->targets[t].informs);
    }
    free(c->params);
    free(c->targets);
    if (c->base.name) vol_scenario_free(&c->base);
    free(c->path);
    free(c->name);
    free(c->text);
    memset(c, 0, sizeof *c);
}
