/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sweep_file.c: sweep files (libconfig) and their designs: loading,
 * validation with diagnostics naming file, line and setting, the design's
 * points and parameter values, and the run plan the engine executes (see
 * vol_sweep.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libconfig.h>
#include "vol_sweep.h"
#include "vol_resources.h"
#include "io_internal.h"

/* ---- loading ------------------------------------------------------------ */
char *vol_io_read_text(const char *path)
{
    /* the file's text for the results file, read again after parsing: only
     * a regular file of a size the loader accepted (a pipe read twice
     * blocks, a device never ends) */
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > 1024 * 1024) return NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = (cap + 4096) * 2;
            char *q = realloc(buf, cap);
            if (!q) { free(buf); fclose(f); return NULL; }
            buf = q;
        }
        size_t got = fread(buf + len, 1, 4096, f);
        len += got;
        if (got < 4096) break;
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

char *vol_io_join_dir(const char *file, const char *rel)
{
    char *copy = strdup(file), *out = NULL;
    if (!copy) return NULL;
    const char *dir = dirname(copy);
    if (rel[0] == '/' || strcmp(dir, ".") == 0) out = strdup(rel);
    else if (asprintf(&out, "%s/%s", dir, rel) < 0) out = NULL;
    free(copy);
    return out;
}

#define SWEEP_PROBLEM(...)                    \
    do {                                      \
        vol_diag_add(diag, __VA_ARGS__);     \
        problems++;                           \
    } while (0)

/* Runs are numbered in 32 bits (the journal) and design points are int32
 * blocks: a sweep has at most this many runs. */
#define SWEEP_MAX_RUNS 2147483647.0
#define SWEEP_MAX_SAMPLES 1000000

static int line_of(const config_setting_t *s) { return s ? (int)config_setting_source_line(s) : 1; }

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_word(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

/* libconfig 1.5 reads an integer literal beyond 32 bits without the L
 * suffix modulo 2^32, silently (samples = 4294967297 would be 1). Whether
 * line `line` of text has such a literal outside strings and comments: after
 * `key =` up to the next ';' or ',' when key is on the line, else anywhere
 * on it. The literal goes to lit. */
static int big_literal(const char *text, int line, const char *key, char *lit, size_t n)
{
    const char *p = text, *end;
    for (int l = 1; p && l < line; l++) {
        p = strchr(p, '\n');
        if (p) p++;
    }
    if (!p) return 0;
    end = strchr(p, '\n');
    if (!end) end = p + strlen(p);
    int stop_at_end = 0;
    if (key) {
        size_t kl = strlen(key);
        for (const char *q = p; q < end && (q = strstr(q, key)) && q < end; q++) {
            const char *r = q + kl;
            if ((q > text && is_word(q[-1])) || is_word(*r)) continue;
            while (*r == ' ' || *r == '\t') r++;
            if (*r == '=' || *r == ':') { p = r + 1; stop_at_end = 1; break; }
        }
    }
    int in_str = 0;
    for (; p < end; p++) {
        if (in_str) {
            if (*p == '\\' && p + 1 < end) p++;
            else if (*p == '"') in_str = 0;
            continue;
        }
        if (*p == '"') { in_str = 1; continue; }
        if ((*p == '/' && (p[1] == '/' || p[1] == '*')) || *p == '#') break;
        if (stop_at_end && (*p == ';' || *p == ',')) break;
        if (!is_digit(*p) || (p > text && (is_word(p[-1]) || p[-1] == '.'))) continue;
        int hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
        char *e;
        errno = 0;
        unsigned long long v = strtoull(p, &e, hex ? 16 : 10);
        int neg = p > text && p[-1] == '-';
        if (*e == 'L' || *e == 'l' || *e == '.' || *e == 'e' || *e == 'E' || e == p) { p = e > p ? e - 1 : p; continue; }
        if (errno == ERANGE || v > (neg ? 2147483648ULL : 2147483647ULL)) {
            snprintf(lit, n, "%s%.*s", neg ? "-" : "", (int)(e - p), p);
            return 1;
        }
        p = e - 1;
    }
    return 0;
}

/* Integer setting s (named name in messages) in [lo, hi] to *v; 0 after
 * reporting when it is not one. */
static int sweep_integer(const char *path, const char *text, const config_setting_t *s, const char *name,
                         long long lo, long long hi, long long *v, vol_diag *diag)
{
    int t = config_setting_type(s), line = line_of(s);
    char found[256], lit[128];
    if (t == CONFIG_TYPE_INT && text && big_literal(text, line, config_setting_name(s), lit, sizeof lit)) {
        vol_diag_add(diag, "%s:%d: %s: expected the L suffix on an integer beyond 32 bits (%sL), found %s", path,
                      line, name, lit, lit);
        return 0;
    }
    if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) {
        /* *v is set only to a value in range: a caller that goes on after
         * the problem keeps its default (series_every = 0 divided by zero) */
        const long long x = config_setting_get_int64(s);
        if (x >= lo && x <= hi) {
            *v = x;
            return 1;
        }
        snprintf(found, sizeof found, "%lld", x);
    } else {
        vol_config_describe(s, found, sizeof found);
    }
    vol_diag_add(diag, "%s:%d: %s: expected an integer in [%lld, %lld], found %s", path, line, name, lo, hi, found);
    return 0;
}

/* A number (not a bool, string or list) for min, max or an element of
 * values; *why describes what was found otherwise. */
static int sweep_number(const char *text, const config_setting_t *s, double *x, char *why, size_t n)
{
    int t = config_setting_type(s);
    char lit[128];
    if (t == CONFIG_TYPE_INT && text && big_literal(text, line_of(s), config_setting_name(s), lit, sizeof lit)) {
        snprintf(why, n, "%s (an integer beyond 32 bits needs the L suffix)", lit);
        return 0;
    }
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

static size_t parse_params(const char *path, const char *text, const config_setting_t *list, vol_sweep *sw,
                           vol_diag *diag)
{
    size_t problems = 0;
    int n = config_setting_length(list);
    sw->params = calloc((size_t)(n > 0 ? n : 1), sizeof *sw->params);
    if (!sw->params) { vol_diag_add(diag, "%s: out of memory", path); return 1; }
    for (int i = 0; i < n; i++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
        int line = (int)config_setting_source_line(g);
        const char *name = NULL;
        if (config_setting_type(g) != CONFIG_TYPE_GROUP || !config_setting_lookup_string(g, "name", &name)) {
            SWEEP_PROBLEM("%s:%d: parameters: expected groups { name = \"dotted.path\"; values = [...]; }, "
                          "{ name = ...; min = ...; max = ...; } or { name = ...; } (its plausible range), found an "
                          "entry without a name", path, line);
            continue;
        }
        for (int j = 0; j < config_setting_length(g); j++) {
            const config_setting_t *m = config_setting_get_elem(g, (unsigned)j);
            const char *key = config_setting_name(m);
            if (key && strcmp(key, "name") && strcmp(key, "values") && strcmp(key, "min") && strcmp(key, "max"))
                SWEEP_PROBLEM("%s:%d: parameters: %s: unknown setting of %s (expected name, values, or min and max)",
                              path, line_of(m), key, name);
        }
        vol_sweep_param *sp = &sw->params[sw->k];
        sp->info = vol_params_find(name);
        if (!sp->info) {
            const char *hint = vol_params_suggest(name);
            SWEEP_PROBLEM("%s:%d: parameters: expected a parameter of the table, found \"%s\"%s%s%s", path, line, name,
                          hint ? " (did you mean " : "", hint ? hint : "", hint ? "?)" : "");
            continue;
        }
        if (strncmp(name, "run.", 4) == 0) {
            SWEEP_PROBLEM("%s:%d: parameters: expected a model parameter, found %s (set days, replicates and seed "
                          "in the sweep itself)", path, line, name);
            continue;
        }
        int dup = 0;
        for (size_t f = 0; f < sw->k && !dup; f++) dup = strcmp(sw->params[f].name, name) == 0;
        if (dup) {
            SWEEP_PROBLEM("%s:%d: parameters: expected each parameter once, found %s again", path, line, name);
            continue;
        }
        sp->name = strdup(name);
        const config_setting_t *vals = config_setting_get_member(g, "values");
        const config_setting_t *mn = config_setting_get_member(g, "min"), *mx = config_setting_get_member(g, "max");
        char why[300];
        if (vals && (mn || mx)) {
            SWEEP_PROBLEM("%s:%d: %s: expected values = [...] or min and max, found both", path, line, name);
        } else if (vals && (config_setting_type(vals) == CONFIG_TYPE_ARRAY || config_setting_type(vals) == CONFIG_TYPE_LIST)) {
            int nv = config_setting_length(vals);
            sp->values = calloc((size_t)(nv > 0 ? nv : 1), sizeof *sp->values);
            for (int v = 0; sp->values && v < nv; v++) {
                const config_setting_t *e = config_setting_get_elem(vals, (unsigned)v);
                double x = NAN;
                int ok = config_setting_type(e) == CONFIG_TYPE_BOOL && sp->info->type == VOL_PT_BOOL;
                if (ok) x = config_setting_get_bool(e);
                else if (config_setting_type(e) == CONFIG_TYPE_STRING && sp->info->type == VOL_PT_CHOICE) {
                    int idx = vol_params_choice_index(sp->info, config_setting_get_string(e));
                    ok = idx >= 0;
                    x = idx;
                    vol_config_describe(e, why, sizeof why);
                } else {
                    ok = sweep_number(text, e, &x, why, sizeof why);
                    if (ok && !(x >= sp->info->min && x <= sp->info->max)) {
                        snprintf(why, sizeof why, "%g", x);
                        ok = 0;
                    } else if (ok && sp->info->type != VOL_PT_REAL && x != floor(x)) {
                        snprintf(why, sizeof why, "%g (not an integer)", x);
                        ok = 0;
                    }
                }
                if (!ok) {
                    SWEEP_PROBLEM("%s:%d: %s: expected values in [%g, %g]%s, found %s at position %d", path,
                                  line_of(e), name, sp->info->min, sp->info->max,
                                  sp->info->choices ? " or choice names" : sp->info->type == VOL_PT_INT ? " (integers)" : "",
                                  why, v + 1);
                    continue;
                }
                sp->values[sp->nvalues++] = x;
            }
            if (sp->nvalues == 0 && nv == 0)
                SWEEP_PROBLEM("%s:%d: %s: expected at least one value, found none", path, line_of(vals), name);
        } else if (vals) {
            vol_config_describe(vals, why, sizeof why);
            SWEEP_PROBLEM("%s:%d: %s: values: expected a list [a, b, ...], found %s", path, line_of(vals), name, why);
        } else if (mn && mx) {
            int ok1 = sweep_number(text, mn, &sp->min, why, sizeof why);
            if (!ok1) SWEEP_PROBLEM("%s:%d: %s: min: expected a finite number, found %s", path, line_of(mn), name, why);
            int ok2 = sweep_number(text, mx, &sp->max, why, sizeof why);
            if (!ok2) SWEEP_PROBLEM("%s:%d: %s: max: expected a finite number, found %s", path, line_of(mx), name, why);
            if (ok1 && ok2 && (!(sp->min < sp->max) || sp->min < sp->info->min || sp->max > sp->info->max))
                SWEEP_PROBLEM("%s:%d: %s: expected min < max within [%g, %g], found [%g, %g]", path, line, name,
                              sp->info->min, sp->info->max, sp->min, sp->max);
            if (sp->info->type == VOL_PT_CHOICE || sp->info->type == VOL_PT_BOOL)
                SWEEP_PROBLEM("%s:%d: %s: expected values = [...] for a %s, found a range", path, line, name,
                              sp->info->type == VOL_PT_BOOL ? "bool" : "choice");
            else if (sw->design == VOL_DESIGN_GRID)
                SWEEP_PROBLEM("%s:%d: %s: expected values = [...] in a grid design, found a range", path, line, name);
        } else if (!mn && !mx && sw->design != VOL_DESIGN_GRID && sp->info->type != VOL_PT_CHOICE &&
                   sp->info->type != VOL_PT_BOOL && sp->info->plausible_min < sp->info->plausible_max) {
            /* neither: the parameter table's plausible range (docs/parameters.md) */
            sp->min = sp->info->plausible_min;
            sp->max = sp->info->plausible_max;
        } else {
            SWEEP_PROBLEM("%s:%d: %s: expected values = [...] or min and max%s, found %s", path, line, name,
                          sw->design == VOL_DESIGN_GRID || mn || mx ? "" : " (a choice or bool needs values)",
                          mn ? "only min" : mx ? "only max" : "neither");
        }
        sw->k++;
    }
    return problems;
}

/* The problems a policy's load added to diag from index from on: those of
 * the file's `set` entries ("--set #k (...)" for k <= nfile) are put at the
 * entry's line, the command line's are renumbered from 1, and lines already
 * reported (for an earlier policy) are dropped. Returns the number of lines
 * kept; *own: whether some problem is the policy file's own. */
static size_t attribute(vol_diag *diag, size_t from, const char *path, const char *const *fixed,
                        const int *fixed_line, const int *fixed_pos, size_t nfile, size_t nfixed, int *own)
{
    size_t out = from;
    *own = 0;
    for (size_t i = from; i < diag->count; i++) {
        char *l = diag->lines[i], *nl = NULL;
        size_t k = 0;
        if (strncmp(l, "--set #", 7) == 0) k = strtoul(l + 7, NULL, 10);
        if (k >= 1 && k <= nfixed) {
            char *label = NULL;
            if (asprintf(&label, "--set #%zu (%s)", k, fixed[k - 1]) >= 0 && strncmp(l, label, strlen(label)) == 0) {
                const char *rest = l + strlen(label);
                int r = k <= nfile ? asprintf(&nl, "%s:%d: set #%d (%s)%s", path, fixed_line[k - 1], fixed_pos[k - 1],
                                              fixed[k - 1], rest)
                                   : asprintf(&nl, "--set #%zu (%s)%s", k - nfile, fixed[k - 1], rest);
                if (r < 0) nl = NULL;
            }
            free(label);
        } else {
            *own = 1;
        }
        if (nl) {
            free(l);
            l = nl;
        }
        int seen = 0;
        for (size_t j = 0; j < out && !seen; j++) seen = strcmp(diag->lines[j], l) == 0;
        if (seen) free(l);
        else diag->lines[out++] = l;
    }
    size_t kept = out - from;
    diag->count = out;
    return kept;
}

/* The plan the engine runs: the fields of sw, the parameters' table rows
 * and the policies' parameters and names as arrays of pointers. */
static int fill_plan(vol_sweep *sw)
{
    free(sw->plan_params);
    free(sw->plan_policies);
    free(sw->plan_names);
    sw->plan_params = calloc(sw->k + 1, sizeof *sw->plan_params);
    sw->plan_policies = calloc(sw->npolicies + 1, sizeof *sw->plan_policies);
    sw->plan_names = calloc(sw->npolicies + 1, sizeof *sw->plan_names);
    if (!sw->plan_params || !sw->plan_policies || !sw->plan_names) return 0;
    for (size_t f = 0; f < sw->k; f++) sw->plan_params[f] = sw->params[f].info;
    for (size_t i = 0; i < sw->npolicies; i++) {
        sw->plan_policies[i] = &sw->policies[i].params;
        sw->plan_names[i] = sw->policies[i].name;
    }
    sw->plan = (vol_sweep_plan){.k = sw->k, .params = sw->plan_params, .values = sw->values,
                                .npoints = sw->npoints, .npolicies = sw->npolicies,
                                .policies = sw->plan_policies, .policy_names = sw->plan_names,
                                .replicates = sw->replicates, .seed = sw->seed, .auto_on = sw->auto_on,
                                .auto_width = sw->auto_width, .auto_metric = sw->auto_metric,
                                .auto_batch = sw->auto_batch, .nfollow = sw->nfollow,
                                .follow_days = sw->follow_days, .nseries = sw->nseries, .series = sw->series,
                                .series_every = sw->series_every};
    return 1;
}

/* Every top-level setting is one of the known ones. */
static size_t check_known_settings(const char *path, const config_setting_t *root, vol_diag *diag)
{
    size_t problems = 0;
    static const char *const known[] = {"base", "policies", "set", "design", "samples", "levels", "replicates",
                                        "seed", "parameters", "name", "description", "follow_up_days", "series",
                                        "series_every"};
    for (int i = 0; i < config_setting_length(root); i++) {
        const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
        int ok = 0;
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) ok |= strcmp(config_setting_name(s), known[k]) == 0;
        if (!ok)
            SWEEP_PROBLEM("%s:%d: %s: unknown sweep setting (expected one of base, policies, set, design, samples, "
                          "levels, replicates, seed, parameters, name, description, follow_up_days, series, "
                          "series_every)", path,
                          (int)config_setting_source_line(s), config_setting_name(s));
    }
    return problems;
}

/* design, samples, levels and replicates (with their defaults); *ds: the
 * design setting (NULL when absent). */
static size_t load_design_settings(const char *path, const char *text, const config_setting_t *root, vol_sweep *sw,
                                   vol_diag *diag, const config_setting_t **ds_out)
{
    size_t problems = 0;
    char found[256];
    /* design */
    const char *design = "grid";
    const config_setting_t *ds = config_setting_get_member(root, "design");
    if (ds && config_setting_type(ds) == CONFIG_TYPE_STRING) design = config_setting_get_string(ds);
    else if (ds) {
        vol_config_describe(ds, found, sizeof found);
        design = found;
    }
    int d = vol_design_find(design);
    if (d < 0) {
        SWEEP_PROBLEM("%s:%d: design: expected one of grid, lhs, sobol, saltelli, morris, found %s%s%s", path,
                      ds ? (int)config_setting_source_line(ds) : 1, design == found ? "" : "\"", design,
                      design == found ? "" : "\"");
        d = VOL_DESIGN_COUNT; /* no checks of a design that is not there */
    }
    sw->design = (vol_design_kind)d;
    long long iv;
    const config_setting_t *ss = config_setting_get_member(root, "samples");
    const config_setting_t *ls = config_setting_get_member(root, "levels");
    const config_setting_t *rs = config_setting_get_member(root, "replicates");
    sw->samples = 16;
    sw->levels = 4;
    sw->replicates = 1;
    if (ss) {
        if (sweep_integer(path, text, ss, "samples", 1, SWEEP_MAX_SAMPLES, &iv, diag)) sw->samples = (size_t)iv;
        else problems++;
    }
    if (ls) {
        if (!sweep_integer(path, text, ls, "levels", 2, 1000, &iv, diag)) problems++;
        else if (iv % 2 && sw->design == VOL_DESIGN_MORRIS)
            SWEEP_PROBLEM("%s:%d: levels: expected an even number of levels for a morris design, found %lld", path,
                          line_of(ls), iv);
        else sw->levels = (size_t)iv;
    }
    if (rs) {
        if (sweep_integer(path, text, rs, "replicates", 1, 100000, &iv, diag)) sw->replicates = (long)iv;
        else problems++;
    }
    *ds_out = ds;
    return problems;
}

/* The longest run.days of the policies. */
static long longest_run(const vol_sweep *sw)
{
    long days = 1;
    for (size_t i = 0; sw->policies && i < sw->npolicies; i++)
        if (sw->policies[i].params.run_days > days) days = sw->policies[i].params.run_days;
    return days;
}

/* follow_up_days = [D, ...]: distinct days in [1, the longest run.days]. */
static size_t load_follow_up(const char *path, const char *text, const config_setting_t *root, vol_sweep *sw,
                             vol_diag *diag)
{
    size_t problems = 0;
    const config_setting_t *fs = config_setting_get_member(root, "follow_up_days");
    if (!fs) return 0;
    int n = config_setting_type(fs) == CONFIG_TYPE_ARRAY || config_setting_type(fs) == CONFIG_TYPE_LIST
                ? config_setting_length(fs) : -1;
    long days = longest_run(sw);
    if (n < 1 || n > VOL_SWEEP_MAX_FOLLOW) {
        char found[256];
        vol_config_describe(fs, found, sizeof found);
        SWEEP_PROBLEM("%s:%d: follow_up_days: expected a list of 1 to %d days [D, ...], found %s", path, line_of(fs),
                      VOL_SWEEP_MAX_FOLLOW, found);
        return problems;
    }
    sw->follow_days = calloc((size_t)n, sizeof *sw->follow_days);
    if (!sw->follow_days) SWEEP_PROBLEM("%s: out of memory", path);
    for (int i = 0; sw->follow_days && i < n; i++) {
        long long d;
        const config_setting_t *e = config_setting_get_elem(fs, (unsigned)i);
        if (!sweep_integer(path, text, e, "follow_up_days", 1, days, &d, diag)) { problems++; continue; }
        for (size_t j = 0; j < sw->nfollow; j++)
            if (sw->follow_days[j] == d) SWEEP_PROBLEM("%s:%d: follow_up_days: day %lld is listed twice", path,
                                                       line_of(fs), d);
        sw->follow_days[sw->nfollow++] = (long)d;
    }
    return problems;
}

/* series = ["metric", ...] and series_every = N: metrics kept day by day
 * (every N days); at most VOL_SWEEP_MAX_SERIES_VALUES values per run. */
static size_t load_series(const char *path, const char *text, const config_setting_t *root, vol_sweep *sw,
                          vol_diag *diag)
{
    size_t problems = 0;
    const config_setting_t *ss = config_setting_get_member(root, "series"), *es = config_setting_get_member(root,
                                                                                                          "series_every");
    long long every = 1;
    if (es && !sweep_integer(path, text, es, "series_every", 1, 36500, &every, diag)) problems++;
    if (!ss) {
        if (es) SWEEP_PROBLEM("%s:%d: series_every: goes with series = [\"metric\", ...], found no series", path,
                              line_of(es));
        return problems;
    }
    int n = config_setting_type(ss) == CONFIG_TYPE_ARRAY || config_setting_type(ss) == CONFIG_TYPE_LIST
                ? config_setting_length(ss) : -1;
    if (n < 1 || n > VOL_M_COUNT) {
        char found[256];
        vol_config_describe(ss, found, sizeof found);
        SWEEP_PROBLEM("%s:%d: series: expected a list of metric names [\"client_wellbeing\", ...], found %s", path,
                      line_of(ss), found);
        return problems;
    }
    sw->series = calloc((size_t)n, sizeof *sw->series);
    if (!sw->series) SWEEP_PROBLEM("%s: out of memory", path);
    for (int i = 0; sw->series && i < n; i++) {
        const config_setting_t *e = config_setting_get_elem(ss, (unsigned)i);
        const char *name = config_setting_type(e) == CONFIG_TYPE_STRING ? config_setting_get_string(e) : NULL;
        int m = name ? vol_metrics_find(name) : -1;
        if (m < 0) {
            char found[256];
            vol_config_describe(e, found, sizeof found);
            SWEEP_PROBLEM("%s:%d: series: expected a metric name (see volsim metrics), found %s", path, line_of(e),
                          found);
            continue;
        }
        sw->series[sw->nseries++] = m;
    }
    sw->series_every = (long)every;
    size_t values = sw->nseries * (size_t)(longest_run(sw) / sw->series_every);
    if (!problems && values > VOL_SWEEP_MAX_SERIES_VALUES)
        SWEEP_PROBLEM("%s:%d: series: %zu values per run (metrics x days / series_every) is more than %d; keep fewer "
                      "metrics or raise series_every", path, line_of(ss), values, VOL_SWEEP_MAX_SERIES_VALUES);
    return problems;
}

/* base or policies (the scenarios every design point is run under) and
 * the sweep's set list, each policy loaded with them and the overrides. */
static size_t load_policies(const char *path, const config_setting_t *root, const char *const *sets, size_t nsets,
                            vol_sweep *sw, vol_diag *diag)
{
    size_t problems = 0;
    char found[256];
    /* policies: the scenarios every design point is run under */
    const config_setting_t *pol = config_setting_get_member(root, "policies");
    const config_setting_t *bs = config_setting_get_member(root, "base");
    const char *base = NULL;
    int bad_pol = 0;
    if (bs && (config_setting_type(bs) != CONFIG_TYPE_STRING || !*config_setting_get_string(bs))) {
        vol_config_describe(bs, found, sizeof found);
        SWEEP_PROBLEM("%s:%d: base: expected a scenario file name in quotes, found %s", path, line_of(bs), found);
        bad_pol = 1;
    } else if (bs) {
        base = config_setting_get_string(bs);
    }
    if (pol && config_setting_type(pol) != CONFIG_TYPE_ARRAY && config_setting_type(pol) != CONFIG_TYPE_LIST) {
        vol_config_describe(pol, found, sizeof found);
        SWEEP_PROBLEM("%s:%d: policies: expected a list of scenario files [\"a.cfg\", ...], found %s", path,
                      line_of(pol), found);
        pol = NULL;
        bad_pol = 1;
    } else if (pol && config_setting_length(pol) == 0) {
        SWEEP_PROBLEM("%s:%d: policies: expected at least one scenario file, found an empty list", path, line_of(pol));
        pol = NULL;
        bad_pol = 1;
    }
    if (pol && bs) {
        SWEEP_PROBLEM("%s:%d: policies: expected either base or policies, found both (base at line %d)", path,
                      line_of(pol), line_of(bs));
        bad_pol = 1;
    }
    int npol = pol ? config_setting_length(pol) : 0;
    if (!base && npol == 0 && !bad_pol)
        SWEEP_PROBLEM("%s:1: base: expected a base scenario (base = \"...\") or policies = [...], found neither", path);
    sw->npolicies = npol > 0 ? (size_t)npol : 1;
    sw->policies = calloc(sw->npolicies, sizeof *sw->policies);
    size_t nfixed = 0, nfile;
    const config_setting_t *set = config_setting_get_member(root, "set");
    if (set && config_setting_type(set) != CONFIG_TYPE_ARRAY && config_setting_type(set) != CONFIG_TYPE_LIST) {
        vol_config_describe(set, found, sizeof found);
        SWEEP_PROBLEM("%s:%d: set: expected a list of strings [\"path=value\", ...], found %s", path, line_of(set),
                      found);
        set = NULL;
    } else if (set && config_setting_length(set) > 200) {
        SWEEP_PROBLEM("%s:%d: set: expected at most 200 entries, found %d", path, line_of(set),
                      config_setting_length(set));
        set = NULL;
    }
    /* the file's set entries, then every --set of the command line */
    size_t cap = (set ? (size_t)config_setting_length(set) : 0) + nsets + 1;
    const char **fixed = calloc(cap, sizeof *fixed);
    int *fixed_line = calloc(cap, sizeof *fixed_line), *fixed_pos = calloc(cap, sizeof *fixed_pos);
    if (!fixed || !fixed_line || !fixed_pos) {
        free(fixed);
        free(fixed_line);
        free(fixed_pos);
        SWEEP_PROBLEM("%s: out of memory for %zu overrides", path, cap);
        return problems;
    }
    for (int i = 0; set && i < config_setting_length(set); i++) {
        const config_setting_t *e = config_setting_get_elem(set, (unsigned)i);
        const char *str = config_setting_get_string(e);
        if (str) {
            fixed_line[nfixed] = line_of(e);
            fixed_pos[nfixed] = i + 1;
            fixed[nfixed++] = str;
        } else {
            vol_config_describe(e, found, sizeof found);
            SWEEP_PROBLEM("%s:%d: set: expected strings \"path=value\", found %s at position %d", path, line_of(e),
                          found, i + 1);
        }
    }
    nfile = nfixed;
    for (size_t k = 0; k < nsets; k++) fixed[nfixed++] = sets[k];
    for (size_t i = 0; sw->policies && (base || npol > 0) && i < sw->npolicies; i++) {
        const config_setting_t *pe = npol > 0 ? config_setting_get_elem(pol, (unsigned)i) : bs;
        const char *what = npol > 0 ? "policies" : "base";
        const char *rel = config_setting_get_string(pe);
        if (!rel || !*rel) {
            vol_config_describe(pe, found, sizeof found);
            SWEEP_PROBLEM("%s:%d: %s: expected scenario file names in quotes, found %s at position %zu", path,
                          line_of(pe), what, found, i + 1);
            continue;
        }
        char *p = vol_io_join_dir(path, rel);
        struct stat pst;
        int err = !p ? ENOMEM : stat(p, &pst) != 0 ? errno : S_ISDIR(pst.st_mode) ? EISDIR : 0;
        if (err) {
            /* the path tried too, for a name relative to the sweep file's folder */
            int other = p && strcmp(p, rel) != 0;
            SWEEP_PROBLEM("%s:%d: %s: cannot read '%s'%s%s%s: %s", path, line_of(pe), what, rel, other ? " (" : "",
                          other ? p : "", other ? ")" : "", strerror(err));
        } else {
            size_t before = diag->count;
            if (vol_scenario_load(p, fixed, nfixed, &sw->policies[i], diag)) {
                int own;
                problems += attribute(diag, before, path, fixed, fixed_line, fixed_pos, nfile, nfixed, &own);
                if (own)
                    vol_diag_add(diag, "%s:%d: %s: expected a valid scenario, found problems in '%s' (above)", path,
                                  line_of(pe), what, rel);
            }
        }
        free(p);
    }
    free(fixed);
    free(fixed_line);
    free(fixed_pos);
    return problems;
}

/* The design's limits: GSL's Sobol dimensions, 32-bit run numbers, and
 * the memory of the design's matrices. */
static size_t check_design_limits(const char *path, const vol_sweep *sw, int dline, vol_diag *diag)
{
    size_t problems = 0;
    if (sw->design == VOL_DESIGN_SALTELLI && sw->k > 20)
        SWEEP_PROBLEM("%s:%d: design: expected at most 20 parameters for a saltelli design, found %zu", path, dline,
                      sw->k);
    if (sw->design == VOL_DESIGN_SOBOL && sw->k > 40)
        SWEEP_PROBLEM("%s:%d: design: expected at most 40 parameters for a sobol design, found %zu", path, dline,
                      sw->k);
    if (!problems) {
        double points = 1;
        if (sw->design == VOL_DESIGN_GRID)
            for (size_t f = 0; f < sw->k; f++) points *= (double)(sw->params[f].nvalues ? sw->params[f].nvalues : 1);
        else
            points = (double)vol_design_size(sw->design, sw->k, sw->samples, NULL);
        double runs = points * (double)sw->npolicies * (double)sw->replicates;
        if (runs > SWEEP_MAX_RUNS)
            SWEEP_PROBLEM("%s:%d: design: expected at most %.0f runs (points x policies x replicates), found %.4g "
                          "(%.4g points x %zu policies x %ld replicates)", path, dline, SWEEP_MAX_RUNS, runs, points,
                          sw->npolicies, sw->replicates);
        /* the design's matrices, before allocating them: a grid within the
         * run limit can need tens of GiB (found by fuzz/fuzz_sweep,
         * fuzz/corpus/sweep/crash-grid-beyond-memory.cfg) */
        double bytes = points * ((double)sw->k * 2 * sizeof(double) + 4 * sizeof(int32_t));
        double avail = (double)vol_memory_available();
        if (bytes > avail)
            SWEEP_PROBLEM("%s:%d: design: expected a design that fits in memory, found %.4g points x %zu parameters "
                          "needing %.3g GiB (%.3g GiB available; VOLSIM_MEMORY_LIMIT sets it)", path, dline, points,
                          sw->k, bytes / 1073741824.0, avail / 1073741824.0);
    }
    return problems;
}

/* The design's points (unit cube, blocks, factors) and the parameter
 * values at each point. */
static size_t fill_design(const char *path, vol_sweep *sw, vol_diag *diag)
{
    size_t problems = 0;
    /* the design */
    size_t *levels = calloc(sw->k, sizeof *levels);
    if (!levels) { vol_diag_add(diag, "out of memory"); return 1; }
    for (size_t f = 0; f < sw->k; f++) {
        if (sw->design == VOL_DESIGN_GRID && !sw->params[f].values) {
            vol_diag_add(diag, "%s: %s: expected values = [...] in a grid design, found a range", path, sw->params[f].name);
            problems++;
        }
        levels[f] = sw->design == VOL_DESIGN_MORRIS ? sw->levels : sw->params[f].nvalues;
    }
    if (!problems) {
        sw->npoints = vol_design_size(sw->design, sw->k, sw->samples, levels);
        sw->unit = calloc(sw->npoints * sw->k + 1, sizeof *sw->unit);
        sw->values = calloc(sw->npoints * sw->k + 1, sizeof *sw->values);
        sw->block = calloc(sw->npoints + 1, sizeof *sw->block);
        sw->factor = calloc(sw->npoints + 1, sizeof *sw->factor);
        if (!sw->unit || !sw->values || !sw->block || !sw->factor) {
            vol_diag_add(diag, "%s: design: out of memory for %zu points of %zu parameters", path, sw->npoints, sw->k);
            problems++;
        } else if (vol_design_fill(sw->design, sw->k, sw->samples, levels, sw->seed, sw->unit, sw->block, sw->factor) != VOL_OK) {
            vol_diag_add(diag, "%s: design: %s", path, vol_error_message());
            problems++;
        }
    }
    free(levels);
    for (size_t i = 0; !problems && i < sw->npoints; i++)
        for (size_t f = 0; f < sw->k; f++) {
            const vol_sweep_param *sp = &sw->params[f];
            double u = sw->unit[i * sw->k + f], v;
            if (sw->design == VOL_DESIGN_GRID) v = sp->values[(size_t)u];
            else if (sp->values) {
                size_t idx = (size_t)floor(u * (double)sp->nvalues);
                v = sp->values[idx < sp->nvalues ? idx : sp->nvalues - 1];
            } else {
                v = sp->min + u * (sp->max - sp->min);
                if (sp->info->type == VOL_PT_INT) v = floor(v + 0.5);
            }
            sw->values[i * sw->k + f] = v;
        }
    return problems;
}

size_t vol_sweep_load(const char *path, const char *const *sets, size_t nsets, vol_sweep *sw, vol_diag *diag)
{
    memset(sw, 0, sizeof *sw);
    size_t problems = 0;
    config_t cfg;
    config_init(&cfg);
    char *msg = NULL;
    int rd = vol_config_read(&cfg, path, &msg);
    if (rd != 1) {
        if (rd < 0) vol_diag_add(diag, "%s: cannot read the sweep file: %s", path, strerror(errno));
        else vol_diag_add(diag, "%s", msg);
        free(msg);
        config_destroy(&cfg);
        return 1;
    }
    sw->path = strdup(path);
    sw->text = vol_io_read_text(path);
    {
        const char *b = strrchr(path, '/');
        sw->name = strdup(b ? b + 1 : path);
        char *dot = sw->name ? strrchr(sw->name, '.') : NULL;
        if (dot && dot != sw->name) *dot = '\0';
    }
    const config_setting_t *root = config_root_setting(&cfg), *ds = NULL;
    problems += check_known_settings(path, root, diag);
    problems += load_design_settings(path, sw->text, root, sw, diag, &ds);
    problems += load_policies(path, root, sets, nsets, sw, diag);
    long long iv;
    char found[256];
    /* seed: the sweep's, else the first policy's run.seed */
    const config_setting_t *sd = config_setting_get_member(root, "seed");
    const vol_param_info *seed_info = vol_params_find("run.seed");
    if (sd) {
        if (sweep_integer(path, sw->text, sd, "seed", seed_info ? (long long)seed_info->min : 0,
                          seed_info ? (long long)seed_info->max : INT64_MAX, &iv, diag))
            sw->seed = (uint64_t)iv;
        else problems++;
    } else if (sw->policies && !problems) {
        sw->seed = (uint64_t)sw->policies[0].params.run_seed;
    }
    const config_setting_t *params = config_setting_get_member(root, "parameters");
    if (params && config_setting_type(params) != CONFIG_TYPE_LIST && config_setting_type(params) != CONFIG_TYPE_ARRAY) {
        vol_config_describe(params, found, sizeof found);
        SWEEP_PROBLEM("%s:%d: parameters: expected a list ( { name = ...; ... }, ... ), found %s", path,
                      line_of(params), found);
    } else if (!params || config_setting_length(params) == 0) {
        SWEEP_PROBLEM("%s:%d: parameters: expected a list of parameters to vary, found none", path,
                      params ? line_of(params) : 1);
    } else {
        problems += parse_params(path, sw->text, params, sw, diag);
    }
    if (!problems) {
        problems += load_follow_up(path, sw->text, root, sw, diag);
        problems += load_series(path, sw->text, root, sw, diag);
    }
    int dline = ds ? line_of(ds) : params ? line_of(params) : 1;
    if (!problems) problems += check_design_limits(path, sw, dline, diag);
    config_destroy(&cfg);
    if (problems) return problems;
    problems += fill_design(path, sw, diag);
    sw->nruns = sw->npoints * sw->npolicies * (size_t)sw->replicates;
    if (!problems && !fill_plan(sw)) {
        vol_diag_add(diag, "%s: out of memory for the plan of %zu policies", path, sw->npolicies);
        problems++;
    }
    return problems;
}

void vol_sweep_free(vol_sweep *sw)
{
    for (size_t i = 0; sw->policies && i < sw->npolicies; i++) vol_scenario_free(&sw->policies[i]);
    for (size_t f = 0; sw->params && f < sw->k; f++) {
        free(sw->params[f].name);
        free(sw->params[f].values);
    }
    free(sw->params);
    free(sw->policies);
    free(sw->unit);
    free(sw->values);
    free(sw->block);
    free(sw->factor);
    free(sw->plan_params);
    free(sw->plan_policies);
    free(sw->plan_names);
    free(sw->follow_days);
    free(sw->series);
    free(sw->path);
    free(sw->name);
    free(sw->text);
    memset(sw, 0, sizeof *sw);
}

void vol_sweep_set_auto(vol_sweep *sw, double width, int metric, long batch, long max_replicates)
{
    sw->auto_on = 1;
    sw->auto_width = width;
    sw->auto_metric = metric;
    sw->auto_batch = batch < max_replicates ? batch : max_replicates;
    sw->replicates = max_replicates;
    sw->nruns = sw->npoints * sw->npolicies * (size_t)sw->replicates;
    sw->plan.replicates = sw->replicates;
    sw->plan.auto_on = 1;
    sw->plan.auto_width = width;
    sw->plan.auto_metric = metric;
    sw->plan.auto_batch = sw->auto_batch;
}

void vol_sweep_set_auto_paired(vol_sweep *sw, size_t a, size_t b)
{
    sw->auto_paired = sw->plan.auto_paired = 1;
    sw->auto_a = sw->plan.auto_a = a;
    sw->auto_b = sw->plan.auto_b = b;
}

void vol_sweep_run_index(const vol_sweep *sw, size_t r, size_t *point, size_t *policy, long *replicate)
{
    *replicate = (long)(r % (size_t)sw->replicates);
    size_t pp = r / (size_t)sw->replicates;
    *policy = pp % sw->npolicies;
    *point = pp / sw->npolicies;
}
