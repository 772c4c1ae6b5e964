/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sweep.c: sweep files, their designs, and crash-safe resumable execution
 * with a journal and atomic HDF5 snapshots (see sweep.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <hdf5.h>
#include <libconfig.h>
#include <omp.h>
#include "sweep.h"
#include "vol_results.h"
#include "resources.h"
#include "vol_stats.h"
#include "vol_gitinfo.h"

/* ---- loading ------------------------------------------------------------ */
static char *read_text(const char *path)
{
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

static char *join_dir(const char *file, const char *rel)
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

/* From scenario.c, which reads scenario files the same way (declared here
 * because scenario.h is not part of this change). */
int vol_config_read(config_t *cfg, const char *path, char **msg);
void vol_config_describe(const config_setting_t *s, char *buf, size_t n);

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
        *v = config_setting_get_int64(s);
        if (*v >= lo && *v <= hi) return 1;
        snprintf(found, sizeof found, "%lld", *v);
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
            SWEEP_PROBLEM("%s:%d: parameters: expected groups { name = \"dotted.path\"; values = [...]; } or "
                          "{ name = ...; min = ...; max = ...; }, found an entry without a name", path, line);
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
        } else {
            SWEEP_PROBLEM("%s:%d: %s: expected values = [...] or min and max, found %s", path, line, name,
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
    sw->text = read_text(path);
    {
        const char *b = strrchr(path, '/');
        sw->name = strdup(b ? b + 1 : path);
        char *dot = sw->name ? strrchr(sw->name, '.') : NULL;
        if (dot && dot != sw->name) *dot = '\0';
    }
    const config_setting_t *root = config_root_setting(&cfg);
    static const char *const known[] = {"base", "policies", "set", "design", "samples", "levels", "replicates",
                                        "seed", "parameters", "name", "description"};
    for (int i = 0; i < config_setting_length(root); i++) {
        const config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
        int ok = 0;
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) ok |= strcmp(config_setting_name(s), known[k]) == 0;
        if (!ok)
            SWEEP_PROBLEM("%s:%d: %s: unknown sweep setting (expected one of base, policies, set, design, samples, "
                          "levels, replicates, seed, parameters, name, description)", path,
                          (int)config_setting_source_line(s), config_setting_name(s));
    }
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
        if (sweep_integer(path, sw->text, ss, "samples", 1, SWEEP_MAX_SAMPLES, &iv, diag)) sw->samples = (size_t)iv;
        else problems++;
    }
    if (ls) {
        if (!sweep_integer(path, sw->text, ls, "levels", 2, 1000, &iv, diag)) problems++;
        else if (iv % 2 && sw->design == VOL_DESIGN_MORRIS)
            SWEEP_PROBLEM("%s:%d: levels: expected an even number of levels for a morris design, found %lld", path,
                          line_of(ls), iv);
        else sw->levels = (size_t)iv;
    }
    if (rs) {
        if (sweep_integer(path, sw->text, rs, "replicates", 1, 100000, &iv, diag)) sw->replicates = (long)iv;
        else problems++;
    }
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
    const char *fixed[256];
    int fixed_line[256], fixed_pos[256];
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
    for (size_t k = 0; k < nsets && nfixed < 250; k++) fixed[nfixed++] = sets[k];
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
        char *p = join_dir(path, rel);
        struct stat pst;
        int err = !p ? ENOMEM : stat(p, &pst) != 0 ? errno : S_ISDIR(pst.st_mode) ? EISDIR : 0;
        if (err) {
            SWEEP_PROBLEM("%s:%d: %s: cannot read '%s': %s", path, line_of(pe), what, rel, strerror(err));
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
    /* the design's limits: GSL's Sobol dimensions, 32-bit run numbers */
    int dline = ds ? line_of(ds) : params ? line_of(params) : 1;
    if (!problems && sw->design == VOL_DESIGN_SALTELLI && sw->k > 20)
        SWEEP_PROBLEM("%s:%d: design: expected at most 20 parameters for a saltelli design, found %zu", path, dline,
                      sw->k);
    if (!problems && sw->design == VOL_DESIGN_SOBOL && sw->k > 40)
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
    config_destroy(&cfg);
    if (problems) return problems;

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
    sw->nruns = sw->npoints * sw->npolicies * (size_t)sw->replicates;
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
}

void vol_sweep_run_index(const vol_sweep *sw, size_t r, size_t *point, size_t *policy, long *replicate)
{
    *replicate = (long)(r % (size_t)sw->replicates);
    size_t pp = r / (size_t)sw->replicates;
    *policy = pp % sw->npolicies;
    *point = pp / sw->npolicies;
}

/* ---- the journal -------------------------------------------------------- */
#define J_MAGIC "volsim-sweep-journal-1\n"
#define R_MAGIC 0x31534552u /* "RES1" */

typedef struct {
    uint32_t magic, run;
    int32_t status;   /* 1 done, 2 failed */
    uint32_t msglen;
} rec_head;

static uint64_t fnv64(const void *data, size_t n, uint64_t h)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

/* What a journal belongs to: the sweep's text, resolved policies, run count,
 * metrics and library version. */
static uint64_t fingerprint(const vol_sweep *sw)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv64(sw->text, strlen(sw->text), h);
    for (size_t i = 0; i < sw->npolicies; i++) h = fnv64(&sw->policies[i].params, sizeof sw->policies[i].params, h);
    h = fnv64(&sw->nruns, sizeof sw->nruns, h);
    uint64_t m = VOL_M_COUNT;
    h = fnv64(&m, sizeof m, h);
    h = fnv64(vol_version(), strlen(vol_version()), h);
    if (sw->auto_on) {
        h = fnv64(&sw->auto_width, sizeof sw->auto_width, h);
        h = fnv64(&sw->auto_metric, sizeof sw->auto_metric, h);
        h = fnv64(&sw->auto_batch, sizeof sw->auto_batch, h);
    }
    return h;
}

/* Reads the journal: marks done/failed runs in status; returns the byte
 * offset after the last good record (0 when the header is bad), calling
 * each(rec, values, msg, ctx) for every good record when each is set. */
typedef void (*rec_fn)(const rec_head *h, const double *v, const char *msg, void *ctx);
static long scan_journal(FILE *f, uint64_t fp, size_t nruns, int8_t *status, rec_fn each, void *ctx)
{
    char magic[sizeof J_MAGIC];
    uint64_t got_fp;
    rewind(f);
    if (fread(magic, 1, sizeof J_MAGIC - 1, f) != sizeof J_MAGIC - 1 || memcmp(magic, J_MAGIC, sizeof J_MAGIC - 1) ||
        fread(&got_fp, sizeof got_fp, 1, f) != 1 || got_fp != fp)
        return 0;
    long good = ftell(f);
    size_t nv = 2 * VOL_M_COUNT;
    double *v = malloc(nv * sizeof *v);
    char *msg = malloc(1025);
    if (!v || !msg) { free(v); free(msg); return 0; }
    for (;;) {
        rec_head h;
        uint64_t sum;
        if (fread(&h, sizeof h, 1, f) != 1 || h.magic != R_MAGIC || h.run >= nruns || h.msglen > 1024) break;
        if (fread(v, sizeof *v, nv, f) != nv) break;
        if (h.msglen && fread(msg, 1, h.msglen, f) != h.msglen) break;
        msg[h.msglen] = '\0';
        if (fread(&sum, sizeof sum, 1, f) != 1) break;
        uint64_t want = fnv64(&h, sizeof h, 0xcbf29ce484222325ULL);
        want = fnv64(v, nv * sizeof *v, want);
        want = fnv64(msg, h.msglen, want);
        if (sum != want) break;
        if (status) status[h.run] = (int8_t)h.status;
        if (each) each(&h, v, msg, ctx);
        good = ftell(f);
    }
    free(v);
    free(msg);
    return good;
}

static int append_record(FILE *f, uint32_t run, int status, const double *v, const char *msg)
{
    rec_head h = {R_MAGIC, run, status, (uint32_t)(msg ? strnlen(msg, 1024) : 0)};
    uint64_t sum = fnv64(&h, sizeof h, 0xcbf29ce484222325ULL);
    sum = fnv64(v, 2 * VOL_M_COUNT * sizeof *v, sum);
    sum = fnv64(msg ? msg : "", h.msglen, sum);
    int ok = fwrite(&h, sizeof h, 1, f) == 1 && fwrite(v, sizeof *v, 2 * VOL_M_COUNT, f) == 2 * VOL_M_COUNT &&
             (h.msglen == 0 || fwrite(msg, 1, h.msglen, f) == h.msglen) && fwrite(&sum, sizeof sum, 1, f) == 1 &&
             fflush(f) == 0;
    return ok;
}

/* ---- the HDF5 snapshot ---------------------------------------------------- */
static hid_t vstr(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

static herr_t a_str(hid_t loc, const char *name, const char *v)
{
    hid_t t = vstr(), sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    const char *x = v ? v : "";
    herr_t rc = a < 0 ? -1 : H5Awrite(a, t, &x);
    if (a >= 0) H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
    return rc;
}

static herr_t a_i64(hid_t loc, const char *name, long long v)
{
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, H5T_NATIVE_INT64, sp, H5P_DEFAULT, H5P_DEFAULT);
    int64_t x = v;
    herr_t rc = a < 0 ? -1 : H5Awrite(a, H5T_NATIVE_INT64, &x);
    if (a >= 0) H5Aclose(a);
    H5Sclose(sp);
    return rc;
}

static herr_t a_f64(hid_t loc, const char *name, double v)
{
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, H5T_NATIVE_DOUBLE, sp, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a < 0 ? -1 : H5Awrite(a, H5T_NATIVE_DOUBLE, &v);
    if (a >= 0) H5Aclose(a);
    H5Sclose(sp);
    return rc;
}

static herr_t a_strs(hid_t loc, const char *name, const char *const *v, size_t n)
{
    hid_t t = vstr();
    hsize_t dim = n;
    hid_t sp = H5Screate_simple(1, &dim, NULL);
    hid_t a = H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a < 0 ? -1 : H5Awrite(a, t, v);
    if (a >= 0) H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
    return rc;
}

static hid_t dset(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, int compress)
{
    hid_t sp = H5Screate_simple(rank, dims, NULL);
    hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
    if (compress && dims[0] > 0) {
        hsize_t chunk[2] = {dims[0] < 1024 ? dims[0] : 1024, rank > 1 ? dims[1] : 1};
        H5Pset_chunk(pl, rank, chunk);
        H5Pset_shuffle(pl);
        H5Pset_deflate(pl, 4);
        if (H5Tequal(type, H5T_NATIVE_DOUBLE) > 0) {
            double fill = VOL_UNDEFINED; /* runs not done yet; never NaN in a file */
            H5Pset_fill_value(pl, H5T_NATIVE_DOUBLE, &fill);
        }
    }
    hid_t d = H5Dcreate2(loc, name, type, sp, H5P_DEFAULT, pl, H5P_DEFAULT);
    H5Pclose(pl);
    H5Sclose(sp);
    return d;
}

static herr_t write_all(hid_t loc, const char *name, hid_t type, int rank, const hsize_t *dims, const void *data)
{
    hid_t d = dset(loc, name, type, rank, dims, 0);
    herr_t rc = d < 0 ? -1 : H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
    if (d >= 0) H5Dclose(d);
    return rc;
}

typedef struct {
    hid_t final, last, msg;
    int failed;
} snap_ctx;

static void snap_record(const rec_head *h, const double *v, const char *msg, void *ctx)
{
    snap_ctx *c = ctx;
    hsize_t start[2] = {h->run, 0}, count[2] = {1, VOL_M_COUNT};
    hid_t mem = H5Screate_simple(2, count, NULL);
    /* a metric without a value is written as undefined_value, not NaN */
    double row[2 * VOL_M_COUNT];
    vol_finite_copy(row, v, 2 * VOL_M_COUNT);
    for (int which = 0; which < 2; which++) {
        hid_t d = which ? c->last : c->final;
        hid_t fs = H5Dget_space(d);
        if (H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) < 0 ||
            H5Dwrite(d, H5T_NATIVE_DOUBLE, mem, fs, H5P_DEFAULT, row + which * VOL_M_COUNT) < 0)
            c->failed = 1;
        H5Sclose(fs);
    }
    H5Sclose(mem);
    if (h->msglen) {
        hsize_t one = 1, at = h->run;
        hid_t m1 = H5Screate_simple(1, &one, NULL), fs = H5Dget_space(c->msg), t = vstr();
        H5Sselect_hyperslab(fs, H5S_SELECT_SET, &at, NULL, &one, NULL);
        if (H5Dwrite(c->msg, t, m1, fs, H5P_DEFAULT, &msg) < 0) c->failed = 1;
        H5Tclose(t);
        H5Sclose(fs);
        H5Sclose(m1);
    }
}

/* Writes the whole file from the design and the journal (read from jpath,
 * as it is on disk), under a temporary name, synced, then renames it over
 * out. Returns 1, or 0 with errno telling why when known; the temporary
 * file is then removed and out is untouched. */
/* needed, stop, width: per (point, policy) cell, the replicates wanted, why
 * the cell stopped (0 open, 1 interval narrow enough or fixed replicates
 * done, 2 maximum reached) and the interval width at the stop. *complete:
 * every cell stopped. */
static int snapshot(const vol_sweep *sw, const char *out, const char *jpath, uint64_t fp, const char *cmdline,
                    const long *needed, const int8_t *stop, const double *width, size_t *done, size_t *failed,
                    int *complete)
{
    errno = 0;
    char *tmp = NULL;
    {
        char *d = strdup(out), *b = strdup(out);
        if (!d || !b || asprintf(&tmp, "%s/.%s.tmp.%ld", dirname(d), basename(b), (long)getpid()) < 0) tmp = NULL;
        free(d);
        free(b);
    }
    if (!tmp) return 0;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) {
        int e = errno;
        unlink(tmp); /* in case HDF5 got as far as creating it */
        free(tmp);
        errno = e;
        return 0;
    }
    int ok = 1;
    char created[32];
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tmv);
    ok &= a_str(f, "format", "volsim-sweep") >= 0 && a_i64(f, "schema_version", VOL_SCHEMA_VERSION) >= 0 &&
          a_str(f, "volsim_version", vol_version()) >= 0 && a_str(f, "git_commit", VOLSIM_GIT_COMMIT) >= 0 &&
          a_str(f, "created", created) >= 0 && a_str(f, "command_line", cmdline) >= 0;
    hid_t g = H5Gcreate2(f, "sweep", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ok &= g >= 0;
    /* design */
    hid_t dg = H5Gcreate2(g, "design", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const char **pnames = calloc(sw->k + 1, sizeof *pnames);
    for (size_t i = 0; pnames && i < sw->k; i++) pnames[i] = sw->params[i].name;
    hsize_t dm[2] = {sw->npoints, sw->k}, dn = sw->npoints, dk = sw->k;
    double *lo = calloc(sw->k + 1, sizeof *lo), *hi = calloc(sw->k + 1, sizeof *hi);
    for (size_t i = 0; lo && hi && i < sw->k; i++) {
        const vol_sweep_param *sp = &sw->params[i];
        lo[i] = sp->values ? sp->values[0] : sp->min;
        hi[i] = sp->values ? sp->values[sp->nvalues - 1] : sp->max;
    }
    ok &= pnames && lo && hi && dg >= 0 && a_strs(dg, "parameters", pnames, sw->k) >= 0 &&
          a_str(dg, "design", vol_design_name(sw->design)) >= 0 && a_i64(dg, "samples", (long long)sw->samples) >= 0 &&
          a_i64(dg, "levels", (long long)sw->levels) >= 0 &&
          write_all(dg, "values", H5T_NATIVE_DOUBLE, 2, dm, sw->values) >= 0 &&
          write_all(dg, "unit", H5T_NATIVE_DOUBLE, 2, dm, sw->unit) >= 0 &&
          write_all(dg, "block", H5T_NATIVE_INT32, 1, &dn, sw->block) >= 0 &&
          write_all(dg, "factor", H5T_NATIVE_INT32, 1, &dn, sw->factor) >= 0 &&
          write_all(dg, "parameter_low", H5T_NATIVE_DOUBLE, 1, &dk, lo) >= 0 &&
          write_all(dg, "parameter_high", H5T_NATIVE_DOUBLE, 1, &dk, hi) >= 0;
    free(pnames);
    free(lo);
    free(hi);
    if (dg >= 0) H5Gclose(dg);
    /* policies */
    const char **pol = calloc(sw->npolicies, sizeof *pol), **cfgs = calloc(sw->npolicies, sizeof *cfgs);
    for (size_t i = 0; pol && cfgs && i < sw->npolicies; i++) {
        pol[i] = sw->policies[i].name;
        cfgs[i] = vol_scenario_resolved_text(&sw->policies[i]);
    }
    hsize_t np = sw->npolicies;
    hid_t st = vstr();
    ok &= pol && cfgs && write_all(g, "policies", st, 1, &np, pol) >= 0 && write_all(g, "policy_configs", st, 1, &np, cfgs) >= 0;
    for (size_t i = 0; cfgs && i < sw->npolicies; i++) free((char *)cfgs[i]);
    free(cfgs);
    free(pol);
    const char *text = sw->text ? sw->text : "";
    hid_t sps = H5Screate(H5S_SCALAR);
    hid_t cd = H5Dcreate2(g, "config", st, sps, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ok &= cd >= 0 && H5Dwrite(cd, st, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text) >= 0;
    if (cd >= 0) H5Dclose(cd);
    H5Sclose(sps);
    /* runs */
    size_t n = sw->nruns;
    int32_t *rp = malloc((n + 1) * sizeof *rp), *rq = malloc((n + 1) * sizeof *rq), *rr = malloc((n + 1) * sizeof *rr);
    int8_t *status = calloc(n + 1, 1);
    ok &= rp && rq && rr && status;
    for (size_t r = 0; ok && r < n; r++) {
        size_t pt, pc;
        long rep;
        vol_sweep_run_index(sw, r, &pt, &pc, &rep);
        rp[r] = (int32_t)pt;
        rq[r] = (int32_t)pc;
        rr[r] = (int32_t)rep;
    }
    hsize_t dr = n, dro[2] = {n, VOL_M_COUNT};
    hid_t rg = H5Gcreate2(g, "runs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ok &= rg >= 0 && write_all(rg, "point", H5T_NATIVE_INT32, 1, &dr, rp) >= 0 &&
          write_all(rg, "policy", H5T_NATIVE_INT32, 1, &dr, rq) >= 0 &&
          write_all(rg, "replicate", H5T_NATIVE_INT32, 1, &dr, rr) >= 0;
    free(rp);
    free(rq);
    free(rr);
    snap_ctx c = {-1, -1, -1, 0};
    hid_t og = H5Gcreate2(g, "outputs", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    c.final = dset(og, "final", H5T_NATIVE_DOUBLE, 2, dro, 1);
    c.last = dset(og, "mean_last_year", H5T_NATIVE_DOUBLE, 2, dro, 1);
    c.msg = dset(rg, "message", st, 1, &dr, 0);
    const char *mn[VOL_M_COUNT], *mu[VOL_M_COUNT];
    for (int m = 0; m < VOL_M_COUNT; m++) {
        mn[m] = vol_metrics_info((size_t)m)->name;
        mu[m] = vol_metrics_info((size_t)m)->unit;
    }
    ok &= og >= 0 && c.final >= 0 && c.last >= 0 && c.msg >= 0 && a_strs(og, "metrics", mn, VOL_M_COUNT) >= 0 &&
          a_strs(og, "units", mu, VOL_M_COUNT) >= 0 &&
          a_str(c.final, "description", "each metric on the last simulated day, one row per run") >= 0 &&
          a_f64(c.final, "undefined_value", VOL_UNDEFINED) >= 0 && a_f64(c.last, "undefined_value", VOL_UNDEFINED) >= 0 &&
          a_str(c.last, "description", "each metric averaged over the last 365 days (all days when shorter), one row per run") >= 0;
    if (ok && jpath) {
        FILE *journal = fopen(jpath, "rb");
        ok &= journal != NULL;
        if (journal) {
            scan_journal(journal, fp, n, status, snap_record, &c);
            fclose(journal);
        }
        ok &= !c.failed;
    }
    size_t nd = 0, nf = 0, cells = sw->npoints * sw->npolicies;
    int all_stopped = 1;
    for (size_t cell = 0; cell < cells; cell++) {
        all_stopped &= stop[cell] != 0;
        /* runs of a closed cell beyond what it needed are not needed */
        for (long q = needed[cell]; stop[cell] && status && q < sw->replicates; q++)
            if (status[cell * (size_t)sw->replicates + (size_t)q] == 0) status[cell * (size_t)sw->replicates + (size_t)q] = 3;
    }
    for (size_t r = 0; status && r < n; r++) {
        nd += status[r] == 1;
        nf += status[r] == 2;
    }
    ok &= status && write_all(rg, "status", H5T_NATIVE_INT8, 1, &dr, status) >= 0;
    hid_t sd = ok ? H5Dopen2(rg, "status", H5P_DEFAULT) : -1;
    ok &= sd >= 0 && a_str(sd, "meaning", "0 pending, 1 done, 2 failed (see message), 3 not needed (replicate control)") >= 0;
    if (sw->auto_on) {
        hsize_t dc[2] = {sw->npoints, sw->npolicies};
        hid_t cg = H5Gcreate2(g, "replicate_control", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        int64_t *nr = malloc((cells + 1) * sizeof *nr);
        for (size_t cell = 0; nr && cell < cells; cell++) nr[cell] = stop[cell] ? needed[cell] : -1;
        ok &= nr && cg >= 0 && write_all(cg, "replicates", H5T_NATIVE_INT64, 2, dc, nr) >= 0 &&
              write_all(cg, "interval_width", H5T_NATIVE_DOUBLE, 2, dc, width) >= 0 &&
              write_all(cg, "stop", H5T_NATIVE_INT8, 2, dc, stop) >= 0 &&
              a_str(cg, "metric", vol_metrics_info((size_t)sw->auto_metric)->name) >= 0 &&
              a_i64(cg, "batch", sw->auto_batch) >= 0 && a_i64(cg, "max_replicates", sw->replicates) >= 0 &&
              a_str(cg, "meaning", "per point (row) and policy (column): replicates run (-1 while open), the 95% "
                                   "interval width of the metric on the last day at the stop, and why it stopped: "
                                   "1 the interval was narrower than the target, 2 the maximum was reached") >= 0;
        hid_t wa = H5Screate(H5S_SCALAR);
        hid_t a = cg >= 0 ? H5Acreate2(cg, "target_width", H5T_NATIVE_DOUBLE, wa, H5P_DEFAULT, H5P_DEFAULT) : -1;
        ok &= a >= 0 && H5Awrite(a, H5T_NATIVE_DOUBLE, &sw->auto_width) >= 0;
        if (a >= 0) H5Aclose(a);
        H5Sclose(wa);
        free(nr);
        if (cg >= 0) H5Gclose(cg);
    }
    if (sd >= 0) H5Dclose(sd);
    free(status);
    ok &= a_str(g, "name", sw->name) >= 0 && a_str(g, "sweep_file", sw->path) >= 0 &&
          a_i64(g, "points", (long long)sw->npoints) >= 0 && a_i64(g, "policies_count", (long long)sw->npolicies) >= 0 &&
          a_i64(g, "replicates", sw->replicates) >= 0 && a_i64(g, "runs", (long long)n) >= 0 &&
          a_i64(g, "runs_done", (long long)nd) >= 0 && a_i64(g, "runs_failed", (long long)nf) >= 0 &&
          a_i64(g, "complete", all_stopped) >= 0;
    hid_t sa = H5Screate(H5S_SCALAR);
    hid_t seeda = H5Acreate2(g, "seed", H5T_NATIVE_UINT64, sa, H5P_DEFAULT, H5P_DEFAULT);
    ok &= seeda >= 0 && H5Awrite(seeda, H5T_NATIVE_UINT64, &sw->seed) >= 0;
    if (seeda >= 0) H5Aclose(seeda);
    H5Sclose(sa);
    if (c.final >= 0) H5Dclose(c.final);
    if (c.last >= 0) H5Dclose(c.last);
    if (c.msg >= 0) H5Dclose(c.msg);
    if (og >= 0) H5Gclose(og);
    if (rg >= 0) H5Gclose(rg);
    H5Tclose(st);
    if (g >= 0) H5Gclose(g);
    if (H5Fclose(f) < 0) ok = 0;
    if (ok) ok = vol_sync_path(tmp, 0) == 0 && rename(tmp, out) == 0;
    int e = errno;
    if (!ok) unlink(tmp);
    free(tmp);
    if (ok) {
        char *d = strdup(out);
        if (d) vol_sync_path(dirname(d), 1);
        free(d);
        *done = nd;
        *failed = nf;
        *complete = all_stopped;
    }
    errno = ok ? 0 : e;
    return ok;
}

/* ---- execution ---------------------------------------------------------- */
/* The signal that interrupted the sweep (SIGINT, SIGTERM), 0 if none. */
static volatile sig_atomic_t sweep_interrupted = 0;
static void on_sweep_signal(int sig) { sweep_interrupted = sig; }

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One run: final-day and last-year mean of every metric into v[2 M]. */
static int one_run(const vol_sweep *sw, size_t r, double *v, double *buf, char *msg, size_t msgsize)
{
    size_t pt, pc;
    long rep;
    vol_sweep_run_index(sw, r, &pt, &pc, &rep);
    vol_params p = sw->policies[pc].params;
    for (size_t f = 0; f < sw->k; f++) vol_params_set(&p, sw->params[f].info, sw->values[pt * sw->k + f]);
    p.run_seed = (long)sw->seed;
    long days = p.run_days;
    vol_sim *s = NULL;
    vol_status st = vol_sim_create(&p, (uint32_t)rep, 0, &s);
    if (st == VOL_OK) st = vol_sim_run(s, days, buf);
    vol_sim_free(s);
    if (st != VOL_OK) {
        snprintf(msg, msgsize, "point %zu, policy %s, replicate %ld: %s", pt, sw->policies[pc].name, rep,
                 vol_error_message());
        for (int m = 0; m < 2 * VOL_M_COUNT; m++) v[m] = NAN;
        return 2;
    }
    long from = days > 365 ? days - 365 : 0;
    for (int m = 0; m < VOL_M_COUNT; m++) {
        const double *row = buf + (size_t)m * (size_t)days;
        v[m] = row[days - 1];
        double sum = 0;
        long k = 0;
        for (long d = from; d < days; d++)
            if (!isnan(row[d])) { sum += row[d]; k++; }
        v[VOL_M_COUNT + m] = k ? sum / (double)k : NAN;
    }
    msg[0] = '\0';
    return 1;
}

/* ---- MPI ---------------------------------------------------------------- */
#ifdef VOLSIM_HAVE_MPI
#include <mpi.h>
static int mpi_on = 0, mpi_rank = 0, mpi_size = 1;
#endif

void vcli_mpi_start(int *argc, char ***argv, int *rank, int *size)
{
    *rank = 0;
    *size = 1;
#ifdef VOLSIM_HAVE_MPI
    /* only under a launcher: a plain command needs no MPI at all */
    if (getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_SIZE")) {
        int provided;
        if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) == MPI_SUCCESS) {
            mpi_on = 1;
            MPI_Comm_rank(MPI_COMM_WORLD, &mpi_rank);
            MPI_Comm_size(MPI_COMM_WORLD, &mpi_size);
        }
    }
    *rank = mpi_rank;
    *size = mpi_size;
#else
    (void)argc;
    (void)argv;
#endif
}

int vcli_mpi_all(int ok)
{
#ifdef VOLSIM_HAVE_MPI
    if (mpi_on) {
        int all = ok;
        if (MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD) == MPI_SUCCESS) return all;
    }
#endif
    return ok;
}

void vcli_mpi_stop(void)
{
#ifdef VOLSIM_HAVE_MPI
    if (mpi_on) MPI_Finalize();
    mpi_on = 0;
#endif
}

/* ---- execution state (rank 0) -------------------------------------------- */
typedef struct {
    const vol_sweep *sw;
    const vol_sweep_options *opt;
    char *jpath;
    FILE *j;
    uint64_t fp;
    int8_t *status;
    size_t *todo, ntodo, done, failed, done0, snap_done, snap_failed;
    double t0, last_snap;
    int show, io_failed;
    int io_errno;        /* why the first write failed (0 unknown) */
    const char *io_file; /* and to which file: the journal or the results */
    int created_journal; /* this process created the journal (not --resume) */
    long *needed;        /* replicate control: replicates wanted per cell so far */
    int8_t *cell_stop;   /* 0 open, 1 interval narrow enough, 2 maximum reached */
    double *cell_width;  /* 95% interval width per cell at the stop */
    double *metric;      /* replicate control: the metric's last-day value per run */
    int complete;        /* every cell stopped (at the last snapshot) */
    int *idle, nidle, unseen; /* MPI: idle workers, workers not heard from yet */
} exec_state;

static void keep_metric(const rec_head *h, const double *v, const char *msg, void *ctx)
{
    (void)msg;
    exec_state *x = ctx;
    x->metric[h->run] = v[x->sw->auto_metric];
}

/* The runs to do next: every pending run of an open cell below its wanted
 * replicates. With replicate control a cell whose runs are all in is
 * closed when the 95% interval of the metric is narrow enough or the
 * maximum is reached, and otherwise wants another batch. Returns the
 * number of runs to do. */
static size_t plan_round(exec_state *x)
{
    const vol_sweep *sw = x->sw;
    size_t cells = sw->npoints * sw->npolicies, reps = (size_t)sw->replicates;
    x->ntodo = 0;
    for (size_t c = 0; c < cells; c++) {
        while (!x->cell_stop[c]) {
            size_t base = c * reps, pending = 0;
            for (long q = 0; q < x->needed[c]; q++) pending += x->status[base + (size_t)q] == 0;
            if (pending) {
                for (long q = 0; q < x->needed[c]; q++)
                    if (x->status[base + (size_t)q] == 0) x->todo[x->ntodo++] = base + (size_t)q;
                break;
            }
            if (!sw->auto_on) { x->cell_stop[c] = 1; break; }
            double mean, half;
            vol_mean_ci95(x->metric + base, 1, x->needed[c], &mean, &half);
            x->cell_width[c] = 2 * half;
            if (2 * half < sw->auto_width) x->cell_stop[c] = 1;
            else if (x->needed[c] >= sw->replicates) x->cell_stop[c] = 2;
            else x->needed[c] = x->needed[c] + sw->auto_batch < sw->replicates ? x->needed[c] + sw->auto_batch
                                                                               : sw->replicates;
        }
    }
    return x->ntodo;
}

/* Checks, journal and first snapshot. Returns 0 to go on, else the exit code. */
static int prepare(exec_state *x)
{
    const vol_sweep_options *opt = x->opt;
    const vol_sweep *sw = x->sw;
    if (asprintf(&x->jpath, "%s.journal", opt->output) < 0) return 1;
    struct stat stt, jst;
    int have_out = stat(opt->output, &stt) == 0, have_journal = stat(x->jpath, &jst) == 0;
    if (have_out && S_ISDIR(stt.st_mode)) {
        fprintf(stderr, "volsim sweep: %s is a directory; nothing was run and it is untouched (give a file name with "
                        "-o, e.g. -o %s/%s.h5)\n", opt->output, opt->output, sw->name);
        return 2;
    }
    if (opt->resume) {
        if (!have_journal) {
            fprintf(stderr, "volsim sweep: nothing to resume: %s does not exist%s\n", x->jpath,
                    have_out ? " (the sweep in the results file is complete)" : "");
            return 2;
        }
    } else if ((have_out || have_journal) && !opt->force) {
        fprintf(stderr, "volsim sweep: %s already exists; nothing was run (use --resume to finish an interrupted "
                        "sweep, --force to start again, or -o to write elsewhere)\n",
                have_out ? opt->output : x->jpath);
        return 2;
    }
    char *d = strdup(opt->output);
    int dir_ok = d && stat(dirname(d), &stt) == 0 && S_ISDIR(stt.st_mode);
    free(d);
    if (!dir_ok) {
        fprintf(stderr, "volsim sweep: cannot write %s: its directory does not exist\n", opt->output);
        return 2;
    }
    x->fp = fingerprint(sw);
    size_t n = sw->nruns;
    x->status = calloc(n + 1, 1);
    x->todo = malloc((n + 1) * sizeof *x->todo);
    if (!x->status || !x->todo) return 1;
    if (opt->resume) {
        x->j = fopen(x->jpath, "r+b");
        long good = x->j ? scan_journal(x->j, x->fp, n, x->status, NULL, NULL) : 0;
        if (!x->j || good == 0) {
            fprintf(stderr, "volsim sweep: %s does not belong to this sweep (another sweep file, version or "
                            "override); start again with --force\n", x->jpath);
            return 2;
        }
        /* drop a torn last record */
        if (ftruncate(fileno(x->j), good) != 0 || fseek(x->j, good, SEEK_SET) != 0) {
            fprintf(stderr, "volsim sweep: cannot repair %s: %s\n", x->jpath, strerror(errno));
            return 1;
        }
    } else {
        errno = 0;
        x->j = fopen(x->jpath, "w+b");
        x->created_journal = x->j != NULL;
        if (!x->j || fwrite(J_MAGIC, 1, sizeof J_MAGIC - 1, x->j) != sizeof J_MAGIC - 1 ||
            fwrite(&x->fp, sizeof x->fp, 1, x->j) != 1 || fflush(x->j) != 0) {
            char why[256];
            vol_io_reason(errno, why, sizeof why);
            if (x->j) {
                __fpurge(x->j);
                fclose(x->j);
                x->j = NULL;
                unlink(x->jpath);
            }
            fprintf(stderr, "volsim sweep: cannot create %s%s; nothing was run\n", x->jpath, why);
            return 1;
        }
    }
    for (size_t r = 0; r < n; r++)
        if (x->status[r] == 1) x->done++;
        else if (x->status[r] == 2) x->failed++;
    x->done0 = x->done + x->failed;
    size_t cells = sw->npoints * sw->npolicies;
    x->needed = malloc((cells + 1) * sizeof *x->needed);
    x->cell_stop = calloc(cells + 1, 1);
    x->cell_width = malloc((cells + 1) * sizeof *x->cell_width);
    if (!x->needed || !x->cell_stop || !x->cell_width) return 1;
    for (size_t c = 0; c < cells; c++) {
        x->needed[c] = sw->auto_on ? sw->auto_batch : sw->replicates;
        x->cell_width[c] = NAN;
    }
    if (sw->auto_on) {
        x->metric = malloc((n + 1) * sizeof *x->metric);
        if (!x->metric) return 1;
        for (size_t r = 0; r < n; r++) x->metric[r] = NAN;
        if (opt->resume) {
            scan_journal(x->j, x->fp, n, NULL, keep_metric, x);
            fseek(x->j, 0, SEEK_END);
        }
    }
    if (opt->resume && !opt->quiet)
        printf("resuming %s: %zu of %zu runs already done (from %s)\n", opt->output, x->done + x->failed, n,
               x->jpath);
    if (!snapshot(sw, opt->output, x->jpath, x->fp, opt->command_line, x->needed, x->cell_stop, x->cell_width,
                  &x->snap_done, &x->snap_failed, &x->complete)) {
        char why[256];
        vol_io_reason(errno, why, sizeof why);
        if (x->created_journal) {
            /* nothing was run: leave nothing behind */
            fclose(x->j);
            x->j = NULL;
            unlink(x->jpath);
            fprintf(stderr, "volsim sweep: cannot write %s%s; nothing was run\n", opt->output, why);
        } else {
            fprintf(stderr, "volsim sweep: cannot write %s%s; nothing was run, and %s still holds the %zu runs "
                            "done (--resume again once it can be written)\n", opt->output, why, x->jpath,
                    x->done + x->failed);
        }
        return 1;
    }
    x->show = !opt->quiet && isatty(STDERR_FILENO);
    x->t0 = x->last_snap = mono();
    return 0;
}

/* The first failed write stops the sweep (errno tells why). */
static void io_failure(exec_state *x, const char *file)
{
    if (!x->io_failed) {
        x->io_errno = errno;
        x->io_file = file;
    }
    x->io_failed = 1;
}

/* A finished run: journal, progress, checkpoint (rank 0, serialised). */
static void record_result(exec_state *x, size_t r, int s, const double *v, const char *msg)
{
    const vol_sweep *sw = x->sw;
    /* once a record could not be written the journal takes no more (they
     * would follow a torn record, which ends it): runs not journaled are
     * not done and not reported */
    if (x->io_failed) return;
    errno = 0;
    if (!append_record(x->j, (uint32_t)r, s, v, s == 2 ? msg : NULL)) {
        io_failure(x, x->jpath);
        return;
    }
    x->status[r] = (int8_t)s;
    if (x->metric) x->metric[r] = v[sw->auto_metric];
    if (s == 1) x->done++;
    else x->failed++;
    double now = mono();
    if (x->show) {
        double rate = (double)(x->done + x->failed - x->done0) / (now - x->t0 > 1e-9 ? now - x->t0 : 1e-9);
        fprintf(stderr, "\r%zu/%zu runs, %zu failed, %.1f runs/s, %.0f s left   ", x->done + x->failed, sw->nruns,
                x->failed, rate, rate > 0 ? (double)(sw->nruns - x->done - x->failed) / rate : 0.0);
    }
    if (x->opt->checkpoint_seconds > 0 && now - x->last_snap > x->opt->checkpoint_seconds) {
        if (!snapshot(sw, x->opt->output, x->jpath, x->fp, x->opt->command_line, x->needed, x->cell_stop,
                      x->cell_width, &x->snap_done, &x->snap_failed, &x->complete))
            io_failure(x, x->opt->output);
        x->last_snap = mono();
    }
}

static long max_days(const vol_sweep *sw)
{
    long days = 1;
    for (size_t i = 0; i < sw->npolicies; i++)
        if (sw->policies[i].params.run_days > days) days = sw->policies[i].params.run_days;
    return days;
}

/* All pending runs on this process's OpenMP threads. */
static void run_local(exec_state *x)
{
    const vol_sweep *sw = x->sw;
    long days = max_days(sw);
    #pragma omp parallel
    {
        double *buf = malloc((size_t)days * VOL_M_COUNT * sizeof *buf);
        double v[2 * VOL_M_COUNT];
        char msg[1024];
        #pragma omp for schedule(dynamic, 1)
        for (size_t t = 0; t < x->ntodo; t++) {
            int stop;
            #pragma omp atomic read
            stop = x->io_failed;
            if (stop || sweep_interrupted || !buf) continue;
            int s = one_run(sw, x->todo[t], v, buf, msg, sizeof msg);
            #pragma omp critical(sweep_journal)
            record_result(x, x->todo[t], s, v, msg);
        }
        free(buf);
    }
}

#ifdef VOLSIM_HAVE_MPI
typedef struct {
    int32_t run, status;
    double v[2 * VOL_M_COUNT];
    char msg[1024];
} mpi_result;

enum { TAG_READY = 1, TAG_RESULT = 2, TAG_WORK = 3 };

/* Rank 0 hands out the runs of a round one at a time, as workers become
 * free; workers stay for the next round until told to stop. */
static void mpi_round(exec_state *x)
{
    size_t next = 0;
    int outstanding = 0;
    mpi_result res;
    for (;;) {
        int can_give = next < x->ntodo && !sweep_interrupted && !x->io_failed;
        while (can_give && x->nidle > 0) {
            int64_t work = (int64_t)x->todo[next++];
            MPI_Send(&work, 1, MPI_INT64_T, x->idle[--x->nidle], TAG_WORK, MPI_COMM_WORLD);
            outstanding++;
            can_give = next < x->ntodo && !sweep_interrupted && !x->io_failed;
        }
        if (outstanding == 0 && (!can_give || x->unseen == 0)) break;
        MPI_Status st;
        MPI_Recv(&res, sizeof res, MPI_BYTE, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        if (st.MPI_TAG == TAG_RESULT) {
            record_result(x, (size_t)res.run, res.status, res.v, res.msg);
            outstanding--;
        } else {
            x->unseen--;
        }
        x->idle[x->nidle++] = st.MPI_SOURCE;
    }
}

static void mpi_master(exec_state *x)
{
    x->idle = malloc((size_t)mpi_size * sizeof *x->idle);
    x->nidle = 0;
    x->unseen = mpi_size - 1;
    if (!x->idle) { x->io_failed = 1; return; }
    while (plan_round(x) && !sweep_interrupted && !x->io_failed) mpi_round(x);
    /* stop everyone: the idle now, the unseen when they say they are ready */
    int64_t stop = -1;
    while (x->unseen > 0) {
        MPI_Status st;
        mpi_result res;
        MPI_Recv(&res, sizeof res, MPI_BYTE, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        x->unseen--;
        x->idle[x->nidle++] = st.MPI_SOURCE;
    }
    while (x->nidle > 0) MPI_Send(&stop, 1, MPI_INT64_T, x->idle[--x->nidle], TAG_WORK, MPI_COMM_WORLD);
    free(x->idle);
    x->idle = NULL;
}

static void mpi_worker(const vol_sweep *sw)
{
    long days = max_days(sw);
    double *buf = malloc((size_t)days * VOL_M_COUNT * sizeof *buf);
    mpi_result *res = calloc(1, sizeof *res);
    int tag = TAG_READY;
    for (;;) {
        MPI_Send(res, tag == TAG_READY ? 0 : (int)sizeof *res, MPI_BYTE, 0, tag, MPI_COMM_WORLD);
        int64_t work;
        MPI_Recv(&work, 1, MPI_INT64_T, 0, TAG_WORK, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (work < 0) break;
        res->run = (int32_t)work;
        if (buf) res->status = one_run(sw, (size_t)work, res->v, buf, res->msg, sizeof res->msg);
        else {
            res->status = 2;
            snprintf(res->msg, sizeof res->msg, "out of memory on rank %d", mpi_rank);
        }
        tag = TAG_RESULT;
    }
    free(res);
    free(buf);
}
#endif

int vol_sweep_execute(const vol_sweep *sw, const vol_sweep_options *opt)
{
    exec_state x;
    memset(&x, 0, sizeof x);
    x.sw = sw;
    x.opt = opt;
    int rc = 0, rank = 0, size = 1;
#ifdef VOLSIM_HAVE_MPI
    rank = mpi_rank;
    size = mpi_size;
#endif
    /* SIGINT or SIGTERM: no new run starts, those running finish and go to
     * the journal, and the file is written; a second signal stops at once
     * (SA_RESETHAND), which loses at most the runs in flight, as kill -9 */
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sweep_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    if (rank == 0) rc = prepare(&x);
#ifdef VOLSIM_HAVE_MPI
    if (size > 1) MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
#endif
    if (rc == 0) {
        if (size == 1)
            while (plan_round(&x) && !sweep_interrupted && !x.io_failed) run_local(&x);
#ifdef VOLSIM_HAVE_MPI
        else if (rank == 0) mpi_master(&x);
        else mpi_worker(sw);
#endif
    }
    if (rank == 0 && rc == 0) {
        if (x.show) fputc('\n', stderr);
        if (!snapshot(sw, opt->output, x.jpath, x.fp, opt->command_line, x.needed, x.cell_stop, x.cell_width,
                      &x.snap_done, &x.snap_failed, &x.complete))
            io_failure(&x, opt->output);
        /* after a failed write, buffered bytes are dropped rather than
         * written later: the journal stays a run of whole records (with at
         * most a torn last one, which --resume removes) */
        if (x.io_failed) __fpurge(x.j);
        fclose(x.j);
        x.j = NULL;
        const char *signame = sweep_interrupted == SIGTERM ? "SIGTERM" : "SIGINT";
        if (x.io_failed) {
            char why[256];
            size_t saved = 0;
            FILE *jf = fopen(x.jpath, "rb");
            if (jf) {
                int8_t *st = calloc(sw->nruns + 1, 1);
                if (st && scan_journal(jf, x.fp, sw->nruns, st, NULL, NULL) > 0)
                    for (size_t r = 0; r < sw->nruns; r++) saved += st[r] != 0;
                free(st);
                fclose(jf);
            }
            fprintf(stderr, "volsim sweep: cannot write %s%s; the sweep stopped: %s holds %zu of %zu runs, and %s "
                            "the %zu of its last checkpoint; once there is room, run the same command with --resume "
                            "to finish it\n", x.io_file ? x.io_file : opt->output,
                    vol_io_reason(x.io_errno, why, sizeof why), x.jpath, saved, sw->nruns, opt->output,
                    x.snap_done + x.snap_failed);
            rc = 1;
        } else if (!x.complete) {
            fprintf(stderr, "volsim sweep: interrupted by %s; kept the %zu finished runs of %zu in %s (and its "
                            "journal %s); run the same command with --resume to finish the sweep\n",
                    signame, x.snap_done + x.snap_failed, sw->nruns, opt->output, x.jpath);
            rc = sweep_interrupted ? 128 + sweep_interrupted : 1;
        } else {
            unlink(x.jpath);
            if (!opt->quiet)
                printf("wrote %s: %zu runs (%zu points x %zu policies x %s%ld replicates), %zu failed, %.1f s%s\n",
                       opt->output, x.snap_done + x.snap_failed, sw->npoints, sw->npolicies,
                       sw->auto_on ? "at most " : "", sw->replicates, x.snap_failed, mono() - x.t0,
                       size > 1 ? " (MPI)" : "");
            rc = x.snap_failed ? 1 : 0;
        }
    }
#ifdef VOLSIM_HAVE_MPI
    if (size > 1) MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
#endif
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (x.j) fclose(x.j);
    free(x.todo);
    free(x.status);
    free(x.jpath);
    free(x.needed);
    free(x.cell_stop);
    free(x.cell_width);
    free(x.metric);
    return rc;
}
