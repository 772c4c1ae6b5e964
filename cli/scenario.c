/* scenario.c: scenario files (libconfig) to resolved parameters, with every
 * problem reported in one pass as FILE:LINE: SETTING: expected ..., found ... */
#define _GNU_SOURCE
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libconfig.h>
#include "scenario.h"

/* ---- diagnostics -------------------------------------------------------- */
void vcli_diag_init(vcli_diag *d) { memset(d, 0, sizeof *d); }

void vcli_diag_add(vcli_diag *d, const char *fmt, ...)
{
    char *line = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&line, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if (d->count == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 16;
        char **q = realloc(d->lines, cap * sizeof *q);
        if (!q) { free(line); return; }
        d->lines = q;
        d->cap = cap;
    }
    d->lines[d->count++] = line;
}

void vcli_diag_print(const vcli_diag *d, FILE *out)
{
    for (size_t i = 0; i < d->count; i++) fprintf(out, "%s\n", d->lines[i]);
}

void vcli_diag_free(vcli_diag *d)
{
    for (size_t i = 0; i < d->count; i++) free(d->lines[i]);
    free(d->lines);
    memset(d, 0, sizeof *d);
}

/* ---- loading state ------------------------------------------------------ */
#define MAX_DEPTH 32

typedef struct {
    vol_params *p;
    vcli_diag *diag;
    size_t problems;
    /* where each parameter was last set: file (owned by files[]) and line */
    const char **src_file;
    int *src_line;
    long *src_order;
    long order;
    char *files[MAX_DEPTH * 4]; /* paths read, kept for src_file */
    size_t nfiles;
    char *labels[256];          /* "--set #k (...)" labels, kept for src_file */
    size_t nlabels;
    char *stack[MAX_DEPTH];     /* real paths of the base chain being read */
    size_t depth;
    char *name, *description;
    const char *last_file;      /* for problems with no better location */
    int last_line;
} loader;

static void problem(loader *L, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(loader *L, const char *fmt, ...)
{
    char *line = NULL;
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(&line, fmt, ap);
    va_end(ap);
    if (n >= 0) {
        vcli_diag_add(L->diag, "%s", line);
        free(line);
    }
    L->problems++;
}

static size_t param_index(const vol_param_info *info)
{
    for (size_t i = 0; i < vol_params_count(); i++)
        if (vol_params_info(i) == info) return i;
    return 0;
}

/* Whether some parameter lives under the group `path.` */
static int is_group(const char *path)
{
    size_t l = strlen(path);
    for (size_t i = 0; i < vol_params_count(); i++) {
        const char *n = vol_params_info(i)->name;
        if (strncmp(n, path, l) == 0 && n[l] == '.') return 1;
    }
    return 0;
}

static const char *type_word(vol_ptype t)
{
    switch (t) {
    case VOL_PT_REAL: return "a number";
    case VOL_PT_INT: return "an integer";
    case VOL_PT_BOOL: return "true or false";
    case VOL_PT_CHOICE: return "one of";
    }
    return "a value";
}

/* How a libconfig value looked, for messages. */
static void describe(const config_setting_t *s, char *buf, size_t n)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT: snprintf(buf, n, "%d", config_setting_get_int(s)); break;
    case CONFIG_TYPE_INT64: snprintf(buf, n, "%lld", config_setting_get_int64(s)); break;
    case CONFIG_TYPE_FLOAT: snprintf(buf, n, "%.10g", config_setting_get_float(s)); break;
    case CONFIG_TYPE_BOOL: snprintf(buf, n, "%s", config_setting_get_bool(s) ? "true" : "false"); break;
    case CONFIG_TYPE_STRING: snprintf(buf, n, "\"%s\"", config_setting_get_string(s)); break;
    case CONFIG_TYPE_GROUP: snprintf(buf, n, "a group"); break;
    case CONFIG_TYPE_ARRAY: snprintf(buf, n, "an array"); break;
    case CONFIG_TYPE_LIST: snprintf(buf, n, "a list"); break;
    default: snprintf(buf, n, "nothing"); break;
    }
}

/* Sets parameter info from libconfig value s. where: "file:line" or the
 * --set description. Returns 1 when set. */
static int assign(loader *L, const vol_param_info *info, const config_setting_t *s, const char *where,
                  const char *bare)
{
    int t = config_setting_type(s);
    char found[256], expected[300];
    if (bare) snprintf(found, sizeof found, "%s", bare);
    else describe(s, found, sizeof found);
    switch (info->type) {
    case VOL_PT_REAL:
        if (t == CONFIG_TYPE_FLOAT) { vol_params_set(L->p, info, config_setting_get_float(s)); return 1; }
        if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) {
            vol_params_set(L->p, info, (double)config_setting_get_int64(s));
            return 1;
        }
        break;
    case VOL_PT_INT:
        if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64) {
            vol_params_set_long(L->p, info, (long)config_setting_get_int64(s));
            return 1;
        }
        break;
    case VOL_PT_BOOL:
        if (t == CONFIG_TYPE_BOOL) { vol_params_set_long(L->p, info, config_setting_get_bool(s)); return 1; }
        break;
    case VOL_PT_CHOICE: {
        const char *str = t == CONFIG_TYPE_STRING ? config_setting_get_string(s) : bare;
        int idx = str ? vol_params_choice_index(info, str) : -1;
        if (idx >= 0) { vol_params_set_long(L->p, info, idx); return 1; }
        break;
    }
    }
    if (info->type == VOL_PT_CHOICE) snprintf(expected, sizeof expected, "one of %s", info->choices);
    else snprintf(expected, sizeof expected, "%s", type_word(info->type));
    problem(L, "%s: %s: expected %s, found %s", where, info->name, expected, found);
    return 0;
}

static void record(loader *L, const vol_param_info *info, const char *file, int line)
{
    size_t i = param_index(info);
    L->src_file[i] = file;
    L->src_line[i] = line;
    L->src_order[i] = ++L->order;
    L->last_file = file;
    L->last_line = line;
}

static void unknown(loader *L, const char *file, int line, const char *path)
{
    const char *hint = vol_params_suggest(path);
    if (hint) problem(L, "%s:%d: %s: unknown setting; did you mean %s?", file, line, path, hint);
    else problem(L, "%s:%d: %s: unknown setting (see 'volsim params' for the list)", file, line, path);
}

static void walk(loader *L, const char *file, const config_setting_t *group, const char *prefix)
{
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
        const char *nm = config_setting_name(s);
        int line = (int)config_setting_source_line(s);
        if (!nm) continue;
        if (!*prefix && (strcmp(nm, "base") == 0 || strcmp(nm, "name") == 0 || strcmp(nm, "description") == 0))
            continue; /* handled by the caller */
        char path[512];
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", nm);
        const vol_param_info *info = vol_params_find(path);
        int t = config_setting_type(s);
        if (t == CONFIG_TYPE_GROUP) {
            if (info) {
                problem(L, "%s:%d: %s: expected %s%s, found a group", file, line, path, type_word(info->type),
                        info->type == VOL_PT_CHOICE ? " the choices of volsim params" : "");
            } else if (!is_group(path)) {
                unknown(L, file, line, path);
            } else {
                walk(L, file, s, path);
            }
            continue;
        }
        if (!info) {
            if (is_group(path)) {
                char found[256];
                describe(s, found, sizeof found);
                problem(L, "%s:%d: %s: expected a group of settings ({ ... }), found %s", file, line, path, found);
            } else {
                unknown(L, file, line, path);
            }
            continue;
        }
        if (t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST) {
            problem(L, "%s:%d: %s: expected %s, found %s", file, line, path, type_word(info->type),
                    t == CONFIG_TYPE_ARRAY ? "an array" : "a list");
            continue;
        }
        char where[600];
        snprintf(where, sizeof where, "%s:%d", file, line);
        if (assign(L, info, s, where, NULL)) record(L, info, file, line);
    }
}

static int valid_name(const char *s)
{
    if (!*s || strlen(s) > 100) return 0;
    for (; *s; s++)
        if (!(('a' <= *s && *s <= 'z') || ('A' <= *s && *s <= 'Z') || ('0' <= *s && *s <= '9') || *s == '_' ||
              *s == '-' || *s == '.'))
            return 0;
    return 1;
}

static char *keep_file(loader *L, const char *path)
{
    char *copy = strdup(path);
    if (copy && L->nfiles < sizeof L->files / sizeof L->files[0]) L->files[L->nfiles++] = copy;
    else { free(copy); copy = NULL; }
    return copy;
}

/* Reads path (and, first, its bases). from/from_line: where it was named
 * (NULL for the scenario itself). Returns 1 when the file was read. */
static int load_file(loader *L, const char *path, const char *from, int from_line, int top)
{
    char real[PATH_MAX];
    if (!realpath(path, real)) {
        if (from) problem(L, "%s:%d: base: cannot read '%s': %s", from, from_line, path, strerror(errno));
        else problem(L, "%s: cannot read the scenario file: %s", path, strerror(errno));
        return 0;
    }
    for (size_t i = 0; i < L->depth; i++)
        if (strcmp(L->stack[i], real) == 0) {
            char chain[2048] = "";
            for (size_t j = i; j < L->depth; j++) {
                strncat(chain, basename(L->stack[j]), sizeof chain - strlen(chain) - 1);
                strncat(chain, " -> ", sizeof chain - strlen(chain) - 1);
            }
            strncat(chain, basename(real), sizeof chain - strlen(chain) - 1);
            problem(L, "%s:%d: base: expected a chain of bases without a cycle, found the cycle %s", from,
                    from_line, chain);
            return 0;
        }
    if (L->depth >= MAX_DEPTH) {
        problem(L, "%s:%d: base: expected at most %d levels of bases, found more", from, from_line, MAX_DEPTH);
        return 0;
    }
    const char *file = keep_file(L, path);
    if (!file) { problem(L, "%s: out of memory", path); return 0; }
    config_t cfg;
    config_init(&cfg);
    if (config_read_file(&cfg, path) != CONFIG_TRUE) {
        if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO) {
            if (from) problem(L, "%s:%d: base: cannot read '%s': %s", from, from_line, path, strerror(errno));
            else problem(L, "%s: cannot read the scenario file", path);
        } else {
            problem(L, "%s:%d: syntax error: %s (expected settings 'name = value;' and groups 'name: { ... };')",
                    config_error_file(&cfg) ? config_error_file(&cfg) : file, config_error_line(&cfg),
                    config_error_text(&cfg));
        }
        config_destroy(&cfg);
        return 0;
    }
    L->stack[L->depth++] = strdup(real);
    const config_setting_t *root = config_root_setting(&cfg);
    const config_setting_t *b = config_setting_get_member(root, "base");
    if (b) {
        int line = (int)config_setting_source_line(b);
        if (config_setting_type(b) != CONFIG_TYPE_STRING) {
            char found[256];
            describe(b, found, sizeof found);
            problem(L, "%s:%d: base: expected a file name in quotes, found %s", file, line, found);
        } else {
            const char *bn = config_setting_get_string(b);
            char *dircopy = strdup(path), *bpath = NULL;
            const char *dir = dircopy ? dirname(dircopy) : ".";
            int absolute = bn[0] == '/' || strcmp(dir, ".") == 0;
            if (dircopy && (absolute ? asprintf(&bpath, "%s", bn) : asprintf(&bpath, "%s/%s", dir, bn)) >= 0) {
                load_file(L, bpath, file, line, 0);
                free(bpath);
            }
            free(dircopy);
        }
    }
    static const char *const strings[] = {"name", "description"};
    for (int k = 0; k < 2; k++) {
        const config_setting_t *s = config_setting_get_member(root, strings[k]);
        if (!s) continue;
        int line = (int)config_setting_source_line(s);
        if (config_setting_type(s) != CONFIG_TYPE_STRING) {
            char found[256];
            describe(s, found, sizeof found);
            problem(L, "%s:%d: %s: expected a string in quotes, found %s", file, line, strings[k], found);
            continue;
        }
        const char *v = config_setting_get_string(s);
        if (k == 0 && !valid_name(v)) {
            problem(L, "%s:%d: name: expected letters, digits, '_', '-' or '.' (at most 100), found \"%s\"", file,
                    line, v);
            continue;
        }
        /* only the scenario itself names the scenario; bases' names are theirs */
        if (top) {
            char **dst = k == 0 ? &L->name : &L->description;
            free(*dst);
            *dst = strdup(v);
        }
    }
    walk(L, file, root, "");
    config_destroy(&cfg);
    free(L->stack[--L->depth]);
    return 1;
}

/* ---- --set overrides ---------------------------------------------------- */
static void apply_set(loader *L, const char *set, size_t k)
{
    char where[600];
    snprintf(where, sizeof where, "--set #%zu (%s)", k + 1, set);
    const char *eq = strchr(set, '=');
    if (!eq || eq == set) {
        problem(L, "%s: expected PATH=VALUE, found no '='", where);
        return;
    }
    char path[512];
    size_t len = (size_t)(eq - set) < sizeof path - 1 ? (size_t)(eq - set) : sizeof path - 1;
    memcpy(path, set, len);
    path[len] = '\0';
    while (len && (path[len - 1] == ' ')) path[--len] = '\0';
    const char *value = eq + 1;
    const vol_param_info *info = vol_params_find(path);
    if (!info) {
        const char *hint = vol_params_suggest(path);
        if (hint) problem(L, "%s: %s: unknown setting; did you mean %s?", where, path, hint);
        else problem(L, "%s: %s: unknown setting (see 'volsim params' for the list)", where, path);
        return;
    }
    config_t cfg;
    config_init(&cfg);
    char *text = NULL;
    if (asprintf(&text, "v = %s;", value) < 0) { config_destroy(&cfg); return; }
    const config_setting_t *s = NULL;
    if (config_read_string(&cfg, text) == CONFIG_TRUE) s = config_lookup(&cfg, "v");
    const char *label = NULL;
    if (L->nlabels < sizeof L->labels / sizeof L->labels[0] && (L->labels[L->nlabels] = strdup(where)))
        label = L->labels[L->nlabels++];
    if (s && config_setting_type(s) != CONFIG_TYPE_GROUP) {
        if (assign(L, info, s, where, NULL) && label) record(L, info, label, 0);
    } else {
        /* not libconfig syntax: a bare word can still be a choice */
        config_destroy(&cfg);
        config_init(&cfg);
        config_setting_t *str = config_setting_add(config_root_setting(&cfg), "v", CONFIG_TYPE_STRING);
        if (str && info->type == VOL_PT_CHOICE) {
            config_setting_set_string(str, value);
            if (assign(L, info, str, where, value) && label) record(L, info, label, 0);
        } else {
            char expected[300];
            if (info->type == VOL_PT_CHOICE) snprintf(expected, sizeof expected, "one of %s", info->choices);
            else snprintf(expected, sizeof expected, "%s", type_word(info->type));
            problem(L, "%s: %s: expected %s, found %s", where, info->name, expected, *value ? value : "nothing");
        }
    }
    free(text);
    config_destroy(&cfg);
}

/* ---- validation with locations ------------------------------------------ */
typedef struct {
    loader *L;
    const char *top_file;
} vctx;

static void located_problem(void *ctx, const char *setting, const char *expected, const char *found)
{
    vctx *v = ctx;
    loader *L = v->L;
    /* the setting's own location, or for a share group the member set last,
     * or else the most recent setting of the load (the likely culprit) */
    char key[512];
    snprintf(key, sizeof key, "%s", setting);
    char *paren = strstr(key, " (");
    if (paren) *paren = '\0';
    long best = -1;
    size_t at = 0;
    for (size_t i = 0; i < vol_params_count(); i++) {
        const vol_param_info *info = vol_params_info(i);
        int match = strcmp(info->name, key) == 0 || (info->share_group && strcmp(info->share_group, key) == 0);
        if (match && L->src_order[i] > best) { best = L->src_order[i]; at = i; }
    }
    const char *file;
    int line;
    if (best >= 0 && L->src_file[at]) {
        file = L->src_file[at];
        line = L->src_line[at];
    } else {
        file = L->last_file ? L->last_file : v->top_file;
        line = L->last_file ? L->last_line : 1;
    }
    if (line > 0) problem(L, "%s:%d: %s: expected %s, found %s", file, line, setting, expected, found);
    else problem(L, "%s: %s: expected %s, found %s", file, setting, expected, found);
}

/* The opening comment lines of a file, or NULL. */
static char *read_question(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    char line[1024];
    size_t cap = 0, len = 0;
    char *out = NULL;
    int in_block = 0, started = 0;
    while (fgets(line, sizeof line, f)) {
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        char *text;
        if (in_block) {
            char *end = strstr(s, "*/");
            if (end) { *end = '\0'; in_block = 0; }
            text = s;
            while (*text == '*' && text[1] != '/') text++;
        } else if (s[0] == '/' && s[1] == '/') {
            text = s + 2;
        } else if (s[0] == '#') {
            text = s + 1;
        } else if (s[0] == '/' && s[1] == '*') {
            text = s + 2;
            char *end = strstr(text, "*/");
            if (end) *end = '\0';
            else in_block = 1;
        } else if (*s == '\n' && !started) {
            continue;
        } else {
            break;
        }
        started = 1;
        if (*text == ' ') text++;
        size_t l = strcspn(text, "\r\n");
        if (len + l + 2 > cap) {
            cap = (len + l + 2) * 2;
            char *q = realloc(out, cap);
            if (!q) break;
            out = q;
        }
        memcpy(out + len, text, l);
        len += l;
        out[len++] = '\n';
        out[len] = '\0';
    }
    fclose(f);
    while (out && len && (out[len - 1] == '\n' || out[len - 1] == ' ')) out[--len] = '\0';
    if (out && !*out) { free(out); out = NULL; }
    return out;
}

static char *file_stem(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    char *s = strdup(b);
    if (!s) return NULL;
    char *dot = strrchr(s, '.');
    if (dot && dot != s) *dot = '\0';
    return s;
}

size_t vcli_scenario_load(const char *path, const char *const *sets, size_t nsets,
                          vcli_scenario *out, vcli_diag *diag)
{
    memset(out, 0, sizeof *out);
    size_t np = vol_params_count();
    loader L;
    memset(&L, 0, sizeof L);
    vol_params params;
    vol_params_defaults(&params);
    L.p = &params;
    L.diag = diag;
    L.src_file = calloc(np, sizeof *L.src_file);
    L.src_line = calloc(np, sizeof *L.src_line);
    L.src_order = calloc(np, sizeof *L.src_order);
    if (!L.src_file || !L.src_line || !L.src_order) {
        vcli_diag_add(diag, "%s: out of memory", path);
        free(L.src_file); free(L.src_line); free(L.src_order);
        return 1;
    }
    for (size_t i = 0; i < np; i++) L.src_order[i] = -1;
    int read = load_file(&L, path, NULL, 0, 1);
    for (size_t k = 0; k < nsets; k++) apply_set(&L, sets[k], k);
    if (read) {
        vctx v = {&L, path};
        vol_params_validate(&params, located_problem, &v);
    }
    size_t problems = L.problems;
    if (!problems) {
        out->params = params;
        out->path = strdup(path);
        out->name = L.name ? L.name : file_stem(path);
        L.name = NULL;
        if (out->name && !valid_name(out->name)) {
            vcli_diag_add(diag, "%s:1: name: expected a file name of letters, digits, '_', '-' or '.', or a name setting, found \"%s\"",
                          path, out->name);
            problems++;
        }
        out->description = L.description;
        L.description = NULL;
        out->question = read_question(path);
        /* the chain: files in the order their settings apply (root base first) */
        out->chain = calloc(L.nfiles ? L.nfiles : 1, sizeof *out->chain);
        if (out->chain) {
            /* files[] holds them in reading order: scenario, base, base's base, ... */
            for (size_t i = 0; i < L.nfiles; i++) out->chain[i] = strdup(L.files[L.nfiles - 1 - i]);
            out->chain_len = L.nfiles;
        }
        if (!out->path || !out->name || !out->chain) {
            vcli_diag_add(diag, "%s: out of memory", path);
            problems++;
        }
        if (problems) vcli_scenario_free(out);
    }
    for (size_t i = 0; i < L.nfiles; i++) free(L.files[i]);
    for (size_t i = 0; i < L.nlabels; i++) free(L.labels[i]);
    free(L.name);
    free(L.description);
    free(L.src_file);
    free(L.src_line);
    free(L.src_order);
    return problems;
}

void vcli_scenario_free(vcli_scenario *sc)
{
    if (!sc) return;
    free(sc->name);
    free(sc->path);
    free(sc->description);
    free(sc->question);
    for (size_t i = 0; i < sc->chain_len; i++) free(sc->chain[i]);
    free(sc->chain);
    memset(sc, 0, sizeof *sc);
}

/* ---- resolved text ------------------------------------------------------ */
typedef struct {
    char *buf;
    size_t len, cap;
    int ok;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    if (!b->ok) return;
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) { b->ok = 0; return; }
        if ((size_t)n < b->cap - b->len) { b->len += (size_t)n; return; }
        size_t cap = (b->cap + (size_t)n + 1) * 2;
        char *q = realloc(b->buf, cap);
        if (!q) { b->ok = 0; return; }
        b->buf = q;
        b->cap = cap;
    }
}

/* Prints the settings under prefix ("" for the root) as nested groups, in
 * the order their first parameter appears in the table. */
static void print_group(sbuf *b, const vol_params *p, const char *prefix, int indent)
{
    size_t np = vol_params_count(), pl = strlen(prefix);
    char done[64][64];
    int ndone = 0;
    for (size_t i = 0; i < np; i++) {
        const vol_param_info *info = vol_params_info(i);
        if (pl && !(strncmp(info->name, prefix, pl) == 0 && info->name[pl] == '.')) continue;
        const char *rest = info->name + (pl ? pl + 1 : 0);
        size_t cl = strcspn(rest, ".");
        char comp[64];
        snprintf(comp, sizeof comp, "%.*s", (int)cl, rest);
        int seen = 0;
        for (int k = 0; k < ndone; k++) seen |= strcmp(done[k], comp) == 0;
        if (seen || ndone >= 64) continue;
        snprintf(done[ndone++], sizeof done[0], "%s", comp);
        if (rest[cl] == '\0') {
            char value[128];
            vol_params_format(p, info, value, sizeof value);
            sb_printf(b, "%*s%s = %s;\n", indent, "", comp, value);
        } else {
            char sub[512];
            snprintf(sub, sizeof sub, "%s%s%s", prefix, pl ? "." : "", comp);
            sb_printf(b, "%*s%s: {\n", indent, "", comp);
            print_group(b, p, sub, indent + 2);
            sb_printf(b, "%*s};\n", indent, "");
        }
    }
}

char *vcli_scenario_resolved_text(const vcli_scenario *sc)
{
    sbuf b = {malloc(4096), 0, 4096, 1};
    if (!b.buf) return NULL;
    b.buf[0] = '\0';
    sb_printf(&b, "// Resolved scenario '%s', written by volsim %s: every parameter, with the\n", sc->name,
              vol_version());
    sb_printf(&b, "// bases and overrides applied. 'volsim run' on this file reproduces the data.\n");
    sb_printf(&b, "// Read from:");
    for (size_t i = 0; i < sc->chain_len; i++) sb_printf(&b, " %s", sc->chain[i]);
    sb_printf(&b, "\nname = \"%s\";\n", sc->name);
    if (sc->description) {
        sb_printf(&b, "description = \"");
        for (const char *c = sc->description; *c; c++) sb_printf(&b, (*c == '"' || *c == '\\') ? "\\%c" : "%c", *c);
        sb_printf(&b, "\";\n");
    }
    print_group(&b, &sc->params, "", 0);
    if (!b.ok) {
        free(b.buf);
        return NULL;
    }
    return b.buf;
}
