/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scenario.c: scenario files (libconfig) to resolved parameters, with every
 * problem reported in one pass as FILE:LINE: SETTING: expected ..., found ...
 *
 * Invariant of a load: each parameter remembers where it was last assigned
 * (file and line, or the --set label with line 0), so that problems found
 * only on the resolved parameters (ranges, shares, combinations) point at
 * the line a user has to change. */
#define _GNU_SOURCE /* asprintf, vasprintf, realpath, getline */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libconfig.h>
#include "vol_scenario.h"
#include "io_internal.h"

/* ---- diagnostics -------------------------------------------------------- */
void vol_diag_init(vol_diag *d) { memset(d, 0, sizeof *d); }

void vol_diag_add(vol_diag *d, const char *fmt, ...)
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

void vol_diag_print(const vol_diag *d, FILE *out)
{
    for (size_t i = 0; i < d->count; i++) fprintf(out, "%s\n", d->lines[i]);
}

void vol_diag_free(vol_diag *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->count; i++) free(d->lines[i]);
    free(d->lines);
    memset(d, 0, sizeof *d);
}

/* ---- reading a libconfig file ------------------------------------------- */

/* Scenario and sweep files are a few kilobytes; libconfig needs time
 * quadratic in the number of settings of a group (a duplicate check) and
 * about half a second per megabyte of string, so a bigger file is refused
 * before it is parsed. */
#define VOL_MAX_FILE_BYTES (64 * 1024)
/* bases deeper than this are refused: the loader recurses once per file */
#define VOL_MAX_BASE_DEPTH 64

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 when invalid
 * (overlong forms, surrogates and code points beyond U+10FFFF included). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0], cp, min;
    size_t len;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    return cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? 0 : len;
}

/* Line no (1-based) of path as a short printable excerpt (blanks trimmed,
 * other bytes escaped); 0 when the file has fewer lines. */
/* Line no of text, trimmed and shown printable (at most 72 characters),
 * into buf; 0 when text has fewer lines. */
static int text_excerpt(const char *text, int no, char *buf, size_t n)
{
    buf[0] = '\0';
    if (!text || no < 1) return 0;
    const char *line = text;
    for (int k = 1; k < no; k++) {
        line = strchr(line, '\n');
        if (!line) return 0;
        line++;
    }
    if (!*line) return 0;
    const unsigned char *p = (const unsigned char *)line;
    while (*p == ' ' || *p == '\t') p++;
    size_t len = strcspn((const char *)p, "\r\n");
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t')) len--;
    size_t o = 0;
    for (size_t i = 0; i < len && o + 8 < n; i++) {
        if (o + 12 >= n || i >= 72) { snprintf(buf + o, n - o, "..."); o += 3; break; }
        if (p[i] >= 0x20 && p[i] < 0x7f) buf[o++] = (char)p[i];
        else o += (size_t)snprintf(buf + o, n - o, "\\x%02x", p[i]);
    }
    buf[o < n ? o : n - 1] = '\0';
    return 1;
}

/* The same from a file: only a regular file of at most VOL_MAX_FILE_BYTES
 * (a pipe read again would block, a device never ends). */
static int line_excerpt(const char *path, int no, char *buf, size_t n)
{
    buf[0] = '\0';
    struct stat st;
    if (!path || no < 1 || stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > VOL_MAX_FILE_BYTES) return 0;
    FILE *f = fopen(path, "rb");
    char *text = f ? calloc((size_t)st.st_size + 1, 1) : NULL;
    size_t len = text ? fread(text, 1, (size_t)st.st_size, f) : 0;
    if (f) fclose(f);
    if (!text) return 0;
    text[len] = '\0';
    int ok = text_excerpt(text, no, buf, n);
    free(text);
    return ok;
}

/* Whether text has the word w (a whole identifier). */
static int has_word(const char *text, const char *w)
{
    size_t l = strlen(w);
    for (const char *p = text; (p = strstr(p, w)); p++)
        if ((p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
            !(isalnum((unsigned char)p[l]) || p[l] == '_'))
            return 1;
    return 0;
}

/* libconfig 1.5 ends the whole process ("input in flex scanner failed",
 * exit status 2) on an @include of a directory, such as "" (the include
 * directory itself): its scanner opens it, then cannot read it. Finds such
 * an @include the way libconfig reads them (a line starting with @include
 * "name", outside comments and strings; name relative to dir when there is
 * one, its leading '/' dropped) in file and, depth-first, in the files it
 * includes (libconfig stops at 10 deep). Returns 1 with *msg (malloc'd, NULL
 * when out of memory) when one names something else than a regular file.
 * Found by fuzz/fuzz_scenario (fuzz/corpus/scenario/crash-include-directory.cfg). */
static int include_problem(const char *file, const char *dir, int depth, int *stop, char **msg)
{
    struct stat st;
    FILE *f = stat(file, &st) == 0 && S_ISREG(st.st_mode) ? fopen(file, "rb") : NULL;
    char *text = f ? malloc((size_t)st.st_size + 1) : NULL;
    size_t len = text ? fread(text, 1, (size_t)st.st_size, f) : 0;
    if (f) fclose(f);
    int found = 0, line = 1;
    for (size_t i = 0; text && i < len && !found && !*stop; i++) {
        char c = text[i];
        if (c == '\n') line++;
        if (c == '#' || (c == '/' && i + 1 < len && text[i + 1] == '/')) { /* a line comment */
            while (i + 1 < len && text[i + 1] != '\n') i++;
        } else if (c == '/' && i + 1 < len && text[i + 1] == '*') { /* a block comment */
            for (i += 2; i + 1 < len && !(text[i] == '*' && text[i + 1] == '/'); i++) line += text[i] == '\n';
            i++;
        } else if (c == '"') { /* a string */
            for (i++; i < len && text[i] != '"'; i++) {
                if (text[i] == '\\' && i + 1 < len) i++;
                line += text[i] == '\n';
            }
        } else if (c == '@' && len - i > 9 && memcmp(text + i, "@include", 8) == 0 &&
                   (text[i + 8] == ' ' || text[i + 8] == '\t')) {
            size_t b = i;
            while (b > 0 && (text[b - 1] == ' ' || text[b - 1] == '\t')) b--;
            size_t j = i + 8;
            while (j < len && (text[j] == ' ' || text[j] == '\t')) j++;
            if ((b > 0 && text[b - 1] != '\n') || j >= len || text[j] != '"') continue;
            /* the name: a NUL ends a run of plain characters (libconfig appends each with strlen) */
            char name[PATH_MAX];
            size_t n = 0;
            int cut = 0, at = line;
            for (j++; j < len && text[j] != '"'; j++) {
                if (text[j] == '\\') {
                    cut = 0;
                    if (j + 1 < len && (text[j + 1] == '\\' || text[j + 1] == '"')) name[n++] = text[++j];
                } else if (text[j] == '\0') {
                    cut = 1;
                } else if (!cut) {
                    name[n++] = text[j];
                }
                line += text[j] == '\n';
                if (n + 1 >= sizeof name) break;
            }
            i = j;
            if (j >= len || text[j] != '"') continue; /* unterminated or too long: libconfig says so */
            name[n] = '\0';
            char *full = NULL;
            int r = dir ? asprintf(&full, "%s/%s", dir, name[0] == '/' ? name + 1 : name) : asprintf(&full, "%s", name);
            if (r < 0) full = NULL;
            struct stat ist;
            if (depth > 10) {
                *stop = 1; /* libconfig: include file nesting too deep */
            } else if (full && stat(full, &ist) == 0) {
                if (S_ISREG(ist.st_mode) && ist.st_size > VOL_MAX_FILE_BYTES) { /* libconfig would read it all */
                    if (asprintf(msg, "%s:%d: @include: expected a file of at most %d KiB, found %lld bytes in \"%s\"",
                                 file, at, VOL_MAX_FILE_BYTES / 1024, (long long)ist.st_size, name) < 0)
                        *msg = NULL;
                    found = 1;
                } else if (S_ISREG(ist.st_mode)) {
                    found = include_problem(full, dir, depth + 1, stop, msg);
                } else {
                    if (asprintf(msg, "%s:%d: @include: expected a file, found %s \"%s\"", file, at,
                                 S_ISDIR(ist.st_mode) ? "a directory" : "a special file", name) < 0)
                        *msg = NULL;
                    found = 1;
                }
            }
            free(full);
        }
    }
    free(text);
    return found;
}

/* Reads path into cfg. Before libconfig sees it, a file of any kind must be
 * at most VOL_MAX_FILE_BYTES of UTF-8 text without NUL bytes or byte-order
 * mark (the text reaches results files and reports; libconfig itself stops at
 * a NUL and says only "syntax error" about the rest). Returns 1 when read;
 * 0 with *msg (malloc'd) "FILE[:LINE]: ..." on bad content; -1 with errno
 * set when the file cannot be read (EISDIR for a directory). */
int vol_config_read(config_t *cfg, const char *path, char **msg)
{
    *msg = NULL;
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    if (S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return -1;
    }
    /* every kind of file (regular, pipe, device: /dev/zero never ends) is
     * read once, at most VOL_MAX_FILE_BYTES + 1 bytes, and parsed from
     * memory */
    if (S_ISREG(st.st_mode) && st.st_size > VOL_MAX_FILE_BYTES) {
        if (asprintf(msg, "%s: expected a file of at most %d KiB, found %lld bytes (is it the right file?)", path,
                     VOL_MAX_FILE_BYTES / 1024, (long long)st.st_size) < 0)
            *msg = NULL;
        return 0;
    }
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    unsigned char *text = malloc(VOL_MAX_FILE_BYTES + 2);
    if (!text) {
        fclose(f);
        errno = ENOMEM;
        return -1;
    }
    const size_t len = fread(text, 1, VOL_MAX_FILE_BYTES + 1, f);
    int bad = ferror(f), err = errno;
    fclose(f);
    if (bad) {
        free(text);
        errno = err ? err : EIO;
        return -1;
    }
    int line = 1, r = 0;
    if (len > VOL_MAX_FILE_BYTES)
        r = asprintf(msg, "%s: expected a file of at most %d KiB, found more (is it the right file?)", path,
                     VOL_MAX_FILE_BYTES / 1024);
    else if (len >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF)
        r = asprintf(msg, "%s:1: syntax error: expected a setting, found a UTF-8 byte-order mark (save the "
                          "file as UTF-8 without BOM)", path);
    else if (len >= 2 && ((text[0] == 0xFF && text[1] == 0xFE) || (text[0] == 0xFE && text[1] == 0xFF)))
        r = asprintf(msg, "%s:1: syntax error: expected UTF-8 text, found a UTF-16 byte-order mark (save the "
                          "file as UTF-8)", path);
    for (size_t i = 0; i < len && !*msg && r >= 0;) {
        size_t l = text[i] ? utf8_len(text + i, len - i) : 0;
        if (text[i] == 0)
            r = asprintf(msg, "%s:%d: syntax error: expected text, found a NUL byte (a binary file?)", path, line);
        else if (!l)
            r = asprintf(msg, "%s:%d: syntax error: expected UTF-8 text, found the byte 0x%02x (a Latin-1 "
                              "file? iconv -f latin1 -t utf-8 converts it)", path, line, text[i]);
        if (text[i] == '\n') line++;
        i += l ? l : 1;
    }
    if (r < 0) *msg = NULL;
    if (*msg || r < 0) {
        free(text);
        if (!*msg) errno = ENOMEM;
        return *msg ? 0 : -1;
    }
    text[len] = 0;
    int stop = 0;
    if (S_ISREG(st.st_mode) && include_problem(path, config_get_include_dir(cfg), 0, &stop, msg)) {
        free(text);
        if (!*msg) errno = ENOMEM;
        return *msg ? 0 : -1;
    }
    if (config_read_string(cfg, (const char *)text) == CONFIG_TRUE) {
        free(text);
        return 1;
    }
    if (config_error_type(cfg) == CONFIG_ERR_FILE_IO) {
        free(text);
        return -1;
    }
    /* libconfig 1.5 says "syntax error" and the line, no more: add what
     * was expected and the line it stopped at (the file's own line from
     * what was read; an included file's from that file) */
    const char *efile = config_error_file(cfg) ? config_error_file(cfg) : path;
    const char *etext = config_error_text(cfg) ? config_error_text(cfg) : "syntax error";
    line = config_error_line(cfg);
    char found[128];
    int at = config_error_file(cfg) ? line_excerpt(efile, line, found, sizeof found)
                                    : text_excerpt((const char *)text, line, found, sizeof found);
    free(text);
    const char *expected;
    if (strcmp(etext, "duplicate setting name") == 0) expected = "each setting once in its group";
    else if (strcmp(etext, "memory exhausted") == 0) expected = "groups and lists nested fewer than about 2000 levels deep";
    else if (strcmp(etext, "mismatched element type in array") == 0)
        expected = "array elements of one type, e.g. [1, 2] or [0.5, 1.5] (a list ( ) may mix them)";
    else if (strstr(etext, "include")) expected = "an @include of a readable file, nested at most 10 deep";
    else if (strcmp(etext, "syntax error") != 0) expected = "valid libconfig syntax";
    else if (!at) expected = "the end of a group { }, list ( ), array [ ] or string \" opened before";
    else if (has_word(found, "nan") || has_word(found, "inf") || has_word(found, "infinity"))
        expected = "a finite number (libconfig has no nan or inf)";
    else
        expected = "NAME = VALUE; with VALUE a number, \"string\", true, false, [array], (list) or { group }";
    if (strcmp(etext, "syntax error") == 0) etext = "";
    if (at) r = asprintf(msg, "%s:%d: syntax error: %s%sexpected %s, found `%s`", efile, line, etext, *etext ? "; " : "",
                         expected, found);
    else r = asprintf(msg, "%s:%d: syntax error: %s%sexpected %s, found the end of the file", efile, line, etext,
                      *etext ? "; " : "", expected);
    if (r < 0) *msg = NULL;
    if (!*msg) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

/* ---- a growable list of owned strings ----------------------------------- */
typedef struct {
    char **v;
    size_t n, cap;
} strlist;

/* Appends s (taking ownership); returns s, or NULL (s freed) when out of memory. */
static char *sl_push(strlist *l, char *s)
{
    if (!s) return NULL;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        char **q = realloc(l->v, cap * sizeof *q);
        if (!q) { free(s); return NULL; }
        l->v = q;
        l->cap = cap;
    }
    l->v[l->n++] = s;
    return s;
}

static void sl_pop(strlist *l)
{
    if (l->n) free(l->v[--l->n]);
}

static void sl_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* ---- loading state ------------------------------------------------------ */
typedef struct {
    vol_params *p;
    vol_diag *diag;
    size_t problems;
    /* where each parameter was last set: file or --set label (interned in
     * places) and line (0 for --set); src_order -1 when never set */
    const char **src_file;
    int *src_line;
    long *src_order;
    long order;
    strlist places;     /* interned file names and --set labels */
    strlist chain;      /* files read, in reading order (scenario first) */
    strlist real_stack; /* real paths of the base chain being read, for cycles */
    strlist shown_stack;/* the same as named, for the cycle message */
    int incomplete;     /* some file of the chain could not be read entirely */
    char *name, *description;
    const char *last_file; /* most recent assignment, for problems with no better place */
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
        vol_diag_add(L->diag, "%s", line);
        free(line);
    }
    L->problems++;
}

/* A stable copy of s for src_file (lives until the end of the load). */
static const char *intern(loader *L, const char *s)
{
    for (size_t i = 0; i < L->places.n; i++)
        if (strcmp(L->places.v[i], s) == 0) return L->places.v[i];
    return sl_push(&L->places, strdup(s));
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

/* "expected ..." phrase of a parameter's type. */
static void type_phrase(const vol_param_info *info, char *buf, size_t n)
{
    switch (info->type) {
    case VOL_PT_REAL: snprintf(buf, n, "a number"); return;
    case VOL_PT_INT: snprintf(buf, n, "an integer"); return;
    case VOL_PT_BOOL: snprintf(buf, n, "true or false"); return;
    case VOL_PT_CHOICE: snprintf(buf, n, "one of %s", info->choices); return;
    }
    snprintf(buf, n, "a value");
}

/* How a libconfig value looked, for messages. */
static void describe(const config_setting_t *s, char *buf, size_t n)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT: snprintf(buf, n, "%d", config_setting_get_int(s)); break;
    case CONFIG_TYPE_INT64: snprintf(buf, n, "%lldL", config_setting_get_int64(s)); break;
    case CONFIG_TYPE_FLOAT: /* with a decimal point: 1.0 is not the integer 1 */
        snprintf(buf, n, "%.10g", config_setting_get_float(s));
        if (!strpbrk(buf, ".eEn")) strncat(buf, ".0", n - strlen(buf) - 1);
        break;
    case CONFIG_TYPE_BOOL: snprintf(buf, n, "%s", config_setting_get_bool(s) ? "true" : "false"); break;
    case CONFIG_TYPE_STRING: snprintf(buf, n, "\"%s\"", config_setting_get_string(s)); break;
    case CONFIG_TYPE_GROUP: snprintf(buf, n, "a group"); break;
    case CONFIG_TYPE_ARRAY: snprintf(buf, n, "an array"); break;
    case CONFIG_TYPE_LIST: snprintf(buf, n, "a list"); break;
    default: snprintf(buf, n, "nothing"); break;
    }
}

/* Sets parameter info from libconfig value s. where: "file:line" or the
 * --set label; bare: the --set text when it is not libconfig syntax.
 * Returns 1 when set, 0 after reporting a type problem. */
static int assign(loader *L, const vol_param_info *info, const config_setting_t *s, const char *where,
                  const char *bare)
{
    int t = config_setting_type(s);
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
    char found[256], expected[300];
    if (bare) snprintf(found, sizeof found, "%s", bare);
    else describe(s, found, sizeof found);
    type_phrase(info, expected, sizeof expected);
    problem(L, "%s: %s: expected %s, found %s%s", where, info->name, expected, found,
            info->type == VOL_PT_INT && t == CONFIG_TYPE_FLOAT ? " (a real number)" : "");
    return 0;
}

void vol_config_describe(const config_setting_t *s, char *buf, size_t n) { describe(s, buf, n); }

static void record(loader *L, const vol_param_info *info, const char *place, int line)
{
    size_t i = param_index(info);
    L->src_file[i] = place;
    L->src_line[i] = line;
    L->src_order[i] = ++L->order;
    L->last_file = place;
    L->last_line = line;
}

static void unknown(loader *L, const char *where, const char *path)
{
    const char *hint = vol_params_suggest(path);
    if (hint) problem(L, "%s: %s: unknown setting; did you mean %s?", where, path, hint);
    else problem(L, "%s: %s: unknown setting", where, path);
}

/* Parses an integer literal as libconfig writes it (decimal or 0x hex, with
 * an optional sign); *end after it. Returns 0 when there is none. */
static int int_literal(const char *s, long long *v, const char **end)
{
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    int hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
    if (hex ? !isxdigit((unsigned char)p[2]) : !isdigit((unsigned char)p[0])) return 0;
    char *e;
    errno = 0;
    *v = strtoll(s, &e, hex ? 16 : 10);
    if (errno == ERANGE) *v = *v < 0 ? LLONG_MIN : LLONG_MAX;
    *end = e;
    return 1;
}

static int is_ident(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '*';
}

/* libconfig 1.5 reads an integer literal beyond 32 bits without the L
 * suffix as its value modulo 2^32, silently, and one beyond 64 bits as the
 * 64-bit limit. Looks at `key = literal` on the setting's source line; when
 * the literal is such a number (beyond64: one beyond 64 bits, with or
 * without the suffix), copies it to lit and returns 1. */
static int truncated_literal(const char *file, int line, const char *key, int beyond64, char *lit, size_t litsize)
{
    struct stat st; /* read again: only a regular file (a pipe read twice blocks) */
    FILE *f = file && stat(file, &st) == 0 && S_ISREG(st.st_mode) ? fopen(file, "r") : NULL;
    if (!f) return 0;
    char *text = NULL;
    size_t cap = 0;
    int found = 0;
    for (int no = 1; getline(&text, &cap, f) >= 0; no++) {
        if (no < line) continue;
        size_t kl = strlen(key);
        for (const char *p = strstr(text, key); p; p = strstr(p + 1, key)) {
            if ((p > text && is_ident(p[-1])) || is_ident(p[kl])) continue;
            const char *q = p + kl;
            while (*q == ' ' || *q == '\t') q++;
            if (*q != '=' && *q != ':') continue;
            q++;
            while (*q == ' ' || *q == '\t') q++;
            long long v;
            const char *end;
            errno = 0;
            if (!int_literal(q, &v, &end) || (!beyond64 && (*end == 'L' || *end == 'l')) || *end == '.' ||
                *end == 'e' || *end == 'E')
                continue;
            if (beyond64 ? errno == ERANGE : (v > INT32_MAX || v < INT32_MIN)) {
                snprintf(lit, litsize, "%.*s", (int)(end - q), q);
                found = 1;
            }
        }
        break;
    }
    free(text);
    fclose(f);
    return found;
}

static void walk(loader *L, const char *file, const config_setting_t *group, const char *prefix)
{
    int n = config_setting_length(group);
    for (int i = 0; i < n; i++) {
        const config_setting_t *s = config_setting_get_elem(group, (unsigned)i);
        const char *nm = config_setting_name(s);
        if (!nm) continue;
        if (!*prefix && (strcmp(nm, "base") == 0 || strcmp(nm, "name") == 0 || strcmp(nm, "description") == 0))
            continue; /* handled by the caller */
        /* the file the setting comes from (another one after @include) */
        const char *src = config_setting_source_file(s);
        const char *place = src ? intern(L, src) : file;
        if (!place) place = file;
        int line = (int)config_setting_source_line(s);
        char where[1200], path[512];
        snprintf(where, sizeof where, "%s:%d", place, line);
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", nm);
        const vol_param_info *info = vol_params_find(path);
        int t = config_setting_type(s);
        char expected[300], found[256];
        if (t == CONFIG_TYPE_GROUP) {
            if (info) {
                type_phrase(info, expected, sizeof expected);
                problem(L, "%s: %s: expected %s, found a group", where, path, expected);
            } else if (!is_group(path)) {
                unknown(L, where, path);
            } else {
                walk(L, file, s, path);
            }
            continue;
        }
        if (!info) {
            if (is_group(path)) {
                describe(s, found, sizeof found);
                problem(L, "%s: %s: expected a group of settings ({ ... }), found %s", where, path, found);
            } else {
                unknown(L, where, path);
            }
            continue;
        }
        if (t == CONFIG_TYPE_INT && (info->type == VOL_PT_INT || info->type == VOL_PT_REAL) &&
            truncated_literal(place, line, nm, 0, found, sizeof found)) {
            long long v;
            const char *end;
            errno = 0;
            if (int_literal(found, &v, &end) && errno == ERANGE && info->type == VOL_PT_INT)
                problem(L, "%s: %s: expected an integer in [%.0f, %.0f], found %s (beyond the 64-bit range)", where,
                        path, info->min, info->max, found);
            else if (errno == ERANGE)
                problem(L, "%s: %s: expected a number in [%.10g, %.10g], found %s (an integer beyond the 64-bit range)",
                        where, path, info->min, info->max, found);
            else
                problem(L, "%s: %s: expected the L suffix on an integer beyond 32 bits (%sL), found %s", where, path,
                        found, found);
            continue;
        }
        if (t == CONFIG_TYPE_INT64 && info->type == VOL_PT_INT &&
            (config_setting_get_int64(s) == LLONG_MAX || config_setting_get_int64(s) == LLONG_MIN) &&
            truncated_literal(place, line, nm, 1, found, sizeof found)) {
            problem(L, "%s: %s: expected an integer in [%.0f, %.0f], found %s (beyond the 64-bit range)", where, path,
                    info->min, info->max, found);
            continue;
        }
        if (assign(L, info, s, where, NULL)) record(L, info, place, line);
    }
}

static int valid_name(const char *s)
{
    if (!*s || *s == '.' || strlen(s) > 100) return 0;
    for (; *s; s++)
        if (!(('a' <= *s && *s <= 'z') || ('A' <= *s && *s <= 'Z') || ('0' <= *s && *s <= '9') || *s == '_' ||
              *s == '-' || *s == '.'))
            return 0;
    return 1;
}

static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* rel relative to the directory of path (rel itself when it is absolute or
 * path has no directory part). malloc'd. */
static char *join_dir(const char *path, const char *rel)
{
    const char *slash = strrchr(path, '/');
    if (rel[0] == '/' || !slash) return strdup(rel);
    char *out = NULL;
    if (slash == path) return asprintf(&out, "/%s", rel) < 0 ? NULL : out;
    return asprintf(&out, "%.*s/%s", (int)(slash - path), path, rel) < 0 ? NULL : out;
}

/* Reads path (and, first, its bases). from/from_line: where it was named
 * (NULL for the scenario itself), shown: the name as written there.
 * Returns 1 when the file was read. */
static int load_file(loader *L, const char *path, const char *from, int from_line, const char *shown, int top)
{
    char real[PATH_MAX];
    struct stat pst;
    int resolved = realpath(path, real) != NULL;
    /* a pipe (<(...), /dev/fd/N) has no real path; it is its own name */
    if (!resolved && stat(path, &pst) == 0 && !S_ISDIR(pst.st_mode) && strlen(path) < sizeof real) {
        strcpy(real, path);
        resolved = 1;
    }
    if (!resolved) {
        if (from) problem(L, "%s:%d: base: cannot read '%s': %s", from, from_line, shown, strerror(errno));
        else problem(L, "%s: cannot read the scenario file: %s", path, strerror(errno));
        L->incomplete = 1;
        return 0;
    }
    if (L->real_stack.n >= VOL_MAX_BASE_DEPTH) {
        problem(L, "%s:%d: base: expected a chain of at most %d files, found a longer one (at '%s')", from, from_line,
                VOL_MAX_BASE_DEPTH, shown);
        L->incomplete = 1;
        return 0;
    }
    for (size_t i = 0; i < L->real_stack.n; i++)
        if (strcmp(L->real_stack.v[i], real) == 0) {
            char *chain = NULL;
            size_t clen = 0;
            FILE *m = open_memstream(&chain, &clen);
            if (m) {
                for (size_t j = i; j < L->shown_stack.n; j++) fprintf(m, "%s -> ", L->shown_stack.v[j]);
                fprintf(m, "%s", shown);
                fclose(m);
            }
            problem(L, "%s:%d: base: cycle: %s", from, from_line, chain ? chain : shown);
            free(chain);
            L->incomplete = 1;
            return 0;
        }
    const char *file = intern(L, path);
    if (!file || !sl_push(&L->chain, strdup(path))) {
        problem(L, "%s: out of memory", path);
        L->incomplete = 1;
        return 0;
    }
    config_t cfg;
    config_init(&cfg);
    /* @include directives are relative to the file, as bases are */
    char *dir = join_dir(path, ".");
    if (dir) config_set_include_dir(&cfg, dir);
    char *msg = NULL;
    int ok = vol_config_read(&cfg, path, &msg);
    int err = errno;
    free(dir);
    if (ok != 1) {
        if (ok < 0) {
            if (from) problem(L, "%s:%d: base: cannot read '%s': %s", from, from_line, shown, strerror(err));
            else problem(L, "%s: cannot read the scenario file: %s", path, strerror(err));
        } else {
            problem(L, "%s", msg);
        }
        free(msg);
        config_destroy(&cfg);
        L->incomplete = 1;
        return 0;
    }
    if (!sl_push(&L->real_stack, strdup(real)) || !sl_push(&L->shown_stack, strdup(shown))) {
        if (L->real_stack.n > L->shown_stack.n) sl_pop(&L->real_stack);
        problem(L, "%s: out of memory", path);
        config_destroy(&cfg);
        L->incomplete = 1;
        return 0;
    }
    const config_setting_t *root = config_root_setting(&cfg);
    if (config_setting_length(root) == 0) /* an empty file, /dev/null, a truncated copy */
        problem(L, "%s: expected at least one setting (NAME = VALUE;) or a base, found none (an empty file or "
                   "only comments)", file);
    const config_setting_t *b = config_setting_get_member(root, "base");
    if (b) {
        int line = (int)config_setting_source_line(b);
        if (config_setting_type(b) != CONFIG_TYPE_STRING || !*config_setting_get_string(b)) {
            char found[256];
            describe(b, found, sizeof found);
            problem(L, "%s:%d: base: expected a file name in quotes, found %s", file, line, found);
            L->incomplete = 1;
        } else {
            const char *bn = config_setting_get_string(b);
            char *bpath = join_dir(path, bn);
            if (bpath) load_file(L, bpath, file, line, bn, 0);
            else problem(L, "%s: out of memory", path);
            free(bpath);
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
        /* a \x escape can make what the UTF-8 check of the file let through
         * (the resolved text, written from it, would not load back; found by
         * fuzz/fuzz_scenario, fuzz/corpus/scenario/crash-description-hex-escape.cfg) */
        size_t vlen = strlen(v), at = 0, ul;
        while (at < vlen && (ul = utf8_len((const unsigned char *)v + at, vlen - at))) at += ul;
        if (at < vlen) {
            problem(L, "%s:%d: %s: expected UTF-8 text, found the byte 0x%02x (from a \\x escape)", file, line,
                    strings[k], (unsigned char)v[at]);
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
    sl_pop(&L->real_stack);
    sl_pop(&L->shown_stack);
    return 1;
}

/* ---- --set overrides ---------------------------------------------------- */
/* Whether a value holds an @include (an @ outside strings and comments):
 * libconfig would read the named file or folder. */
static int has_directive(const char *v)
{
    for (const char *p = v; *p; p++) {
        if (*p == '"') {
            for (p++; *p && *p != '"'; p++)
                if (*p == '\\' && p[1]) p++;
            if (!*p) return 0;
        } else if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
            p += strcspn(p, "\n");
            if (!*p) return 0;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            if (!e) return 0;
            p = e + 1;
        } else if (*p == '@') {
            return 1;
        }
    }
    return 0;
}

/* Override k of a scenario: "--set #k (PATH=VALUE)", or "--with #k" for a
 * variant's own ones (with). */
static void apply_set(loader *L, const char *set, size_t k, int with)
{
    char *label = NULL;
    const char *opt = with ? "--with" : "--set";
    if (asprintf(&label, "%s #%zu (%s)", opt, k + 1, set) < 0) { problem(L, "%s: out of memory", opt); return; }
    const char *where = intern(L, label);
    free(label);
    if (!where) { problem(L, "%s: out of memory", opt); return; }
    const char *eq = strchr(set, '=');
    if (!eq || eq == set) {
        problem(L, "%s: expected PATH=VALUE, found %s", where, eq ? "no path before '='" : "no '='");
        return;
    }
    char path[512];
    const char *ps = set, *pe = eq;
    while (*ps == ' ' || *ps == '\t') ps++;
    while (pe > ps && (pe[-1] == ' ' || pe[-1] == '\t')) pe--;
    snprintf(path, sizeof path, "%.*s", (int)(pe - ps), ps);
    const char *value = eq + 1;
    while (*value == ' ' || *value == '\t') value++;
    const vol_param_info *info = vol_params_find(path);
    if (!info) {
        if (is_group(path)) problem(L, "%s: %s: expected a setting of this group, found the group itself", where, path);
        else unknown(L, where, path);
        return;
    }
    if (has_directive(value)) {
        problem(L, "%s: %s: expected a value (an @include reads files, not allowed here), found %s", where, info->name,
                value);
        return;
    }
    /* On the command line an integer beyond 32 bits needs no L suffix: the
     * literal is the whole value, so it is unambiguous. */
    long long big;
    const char *end;
    const char *suffix = "";
    errno = 0;
    if (int_literal(value, &big, &end) && (big > INT32_MAX || big < INT32_MIN)) {
        const char *e = end;
        while (*e == ' ' || *e == '\t') e++;
        if (!*e && errno == ERANGE && info->type == VOL_PT_INT) {
            problem(L, "%s: %s: expected an integer in [%.0f, %.0f], found %s (beyond the 64-bit range)", where,
                    info->name, info->min, info->max, value);
            return;
        }
        if (!*e) suffix = errno == ERANGE ? ".0" : "L";
    }
    char *text = NULL;
    if (asprintf(&text, "v = %s%s;", value, suffix) < 0) { problem(L, "%s: out of memory", where); return; }
    config_t cfg;
    config_init(&cfg);
    const config_setting_t *s = NULL;
    /* exactly one setting: "1; run.days = 3" must not sneak in a second one */
    if (config_read_string(&cfg, text) == CONFIG_TRUE && config_setting_length(config_root_setting(&cfg)) == 1)
        s = config_lookup(&cfg, "v");
    free(text);
    if (s && config_setting_type(s) != CONFIG_TYPE_GROUP && config_setting_type(s) != CONFIG_TYPE_LIST &&
        config_setting_type(s) != CONFIG_TYPE_ARRAY) {
        if (assign(L, info, s, where, value)) record(L, info, where, 0);
    } else if (info->type == VOL_PT_CHOICE && vol_params_choice_index(info, value) >= 0) {
        /* a bare word names a choice */
        vol_params_set_long(L->p, info, vol_params_choice_index(info, value));
        record(L, info, where, 0);
    } else {
        char expected[300];
        type_phrase(info, expected, sizeof expected);
        problem(L, "%s: %s: expected %s, found %s", where, info->name, expected, *value ? value : "nothing");
    }
    config_destroy(&cfg);
}

/* ---- validation with locations ------------------------------------------ */
typedef struct {
    loader *L;
    const char *top_file;
} vctx;

/* Index of the row last assigned among name (a dotted path) or, when name
 * has no dot, the row `group.name`; -1 when neither was assigned. */
static long last_set(const loader *L, const char *name, size_t len, const char *group, size_t glen, size_t *at)
{
    char full[512];
    int has_dot = memchr(name, '.', len) != NULL;
    if (has_dot) snprintf(full, sizeof full, "%.*s", (int)len, name);
    else if (glen) snprintf(full, sizeof full, "%.*s.%.*s", (int)glen, group, (int)len, name);
    else return -1;
    const vol_param_info *info = vol_params_find(full);
    if (!info) return -1;
    size_t i = param_index(info);
    if (L->src_order[i] < 0) return -1;
    *at = i;
    return L->src_order[i];
}

static void located_problem(void *ctx, const char *setting, const char *expected, const char *found)
{
    vctx *v = ctx;
    loader *L = v->L;
    char key[512];
    snprintf(key, sizeof key, "%s", setting);
    char *paren = strstr(key, " (");
    if (paren) *paren = '\0';
    long best = -1;
    size_t at = 0;
    /* 1. the setting itself; for a share group the member set last */
    for (size_t i = 0; i < vol_params_count(); i++) {
        const vol_param_info *info = vol_params_info(i);
        int match = strcmp(info->name, key) == 0 || (info->share_group && strcmp(info->share_group, key) == 0);
        if (match && L->src_order[i] > best) { best = L->src_order[i]; at = i; }
    }
    /* 2. a combination whose named setting kept its default: the setting the
     * message mentions (by dotted path, or by last component within the same
     * group) that was set last */
    if (best < 0) {
        const char *dot = strrchr(key, '.');
        size_t glen = dot ? (size_t)(dot - key) : 0;
        const char *texts[2] = {expected, found};
        for (int t = 0; t < 2; t++)
            for (const char *p = texts[t]; *p;) {
                size_t len = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.");
                if (!len) { p++; continue; }
                size_t i;
                long o = last_set(L, p, len, key, glen, &i);
                if (o > best) { best = o; at = i; }
                p += len;
            }
    }
    const char *file;
    int line;
    if (best >= 0 && L->src_file[at]) {
        file = L->src_file[at];
        line = L->src_line[at];
    } else if (L->last_file) { /* the most recent setting: the likely culprit */
        file = L->last_file;
        line = L->last_line;
    } else {
        file = v->top_file;
        line = 0;
    }
    if (line > 0) problem(L, "%s:%d: %s: expected %s, found %s", file, line, setting, expected, found);
    else problem(L, "%s: %s: expected %s, found %s", file, setting, expected, found);
}

/* The opening comment lines of a file, or NULL. */
static char *read_question(const char *path)
{
    /* read again: only a regular file (a pipe read twice blocks; its text
     * was already parsed) */
    struct stat st;
    FILE *f = stat(path, &st) == 0 && S_ISREG(st.st_mode) ? fopen(path, "r") : NULL;
    if (!f) return NULL;
    char *line = NULL, *out = NULL;
    size_t lcap = 0, cap = 0, len = 0;
    int in_block = 0, started = 0;
    while (getline(&line, &lcap, f) >= 0) {
        char *s = line;
        while (*s == ' ' || *s == '\t') s++;
        char *text;
        if (in_block) {
            char *end = strstr(s, "*/");
            if (end) { *end = '\0'; in_block = 0; }
            text = s;
            if (*text == '*') text++; /* " * text" style */
        } else if (s[0] == '/' && s[1] == '/') {
            text = s + 2;
        } else if (s[0] == '#') {
            text = s + 1;
        } else if (s[0] == '/' && s[1] == '*') {
            text = s + 2;
            while (*text == '*') text++; /* a doc-comment opener */
            char *end = strstr(text, "*/");
            if (end) *end = '\0';
            else in_block = 1;
        } else if ((*s == '\n' || *s == '\r' || *s == '\0') && !started) {
            continue;
        } else {
            break;
        }
        started = 1;
        if (*text == ' ') text++;
        size_t l = strcspn(text, "\r\n");
        if (len + l + 2 > cap) {
            size_t ncap = (len + l + 2) * 2;
            char *q = realloc(out, ncap);
            if (!q) break;
            out = q;
            cap = ncap;
        }
        memcpy(out + len, text, l);
        len += l;
        out[len++] = '\n';
        out[len] = '\0';
    }
    free(line);
    fclose(f);
    /* no leading or trailing empty lines (a comment opener alone on its line) */
    while (out && len && (out[len - 1] == '\n' || out[len - 1] == ' ')) out[--len] = '\0';
    if (out) {
        size_t skip = strspn(out, "\n");
        memmove(out, out + skip, len - skip + 1);
        if (!*out) { free(out); out = NULL; }
    }
    return out;
}

static char *file_stem(const char *path)
{
    char *s = strdup(base_name(path));
    if (!s) return NULL;
    char *dot = strrchr(s, '.');
    if (dot && dot != s) *dot = '\0';
    return s;
}

size_t vol_scenario_load(const char *path, const char *const *sets, size_t nsets,
                          vol_scenario *out, vol_diag *diag)
{
    return vol_scenario_load_variant(path, sets, nsets, NULL, 0, out, diag);
}

size_t vol_scenario_load_variant(const char *path, const char *const *sets, size_t nsets, const char *const *with,
                                 size_t nwith, vol_scenario *out, vol_diag *diag)
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
        vol_diag_add(diag, "%s: out of memory", path);
        free(L.src_file); free(L.src_line); free(L.src_order);
        return 1;
    }
    for (size_t i = 0; i < np; i++) L.src_order[i] = -1;
    load_file(&L, path, NULL, 0, base_name(path), 1);
    for (size_t k = 0; k < nsets; k++) apply_set(&L, sets[k], k, 0);
    for (size_t k = 0; k < nwith; k++) apply_set(&L, with[k], k, 1);
    /* Parameters resolved from a chain that could not be read entirely are
     * not the ones the user wrote; checking them would report problems that
     * are not there (a share group half in a broken base). */
    if (!L.incomplete) {
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
            vol_diag_add(diag, "%s:1: name: expected a file name of letters, digits, '_', '-' or '.', or a name setting, found \"%s\"",
                          path, out->name);
            problems++;
        }
        out->description = L.description;
        L.description = NULL;
        out->question = read_question(path);
        /* the chain in the order its settings apply: root base first */
        out->chain = calloc(L.chain.n ? L.chain.n : 1, sizeof *out->chain);
        if (out->chain) {
            for (size_t i = 0; i < L.chain.n; i++) out->chain[i] = L.chain.v[L.chain.n - 1 - i];
            out->chain_len = L.chain.n;
            L.chain.n = 0;
        }
        out->overrides = calloc(nsets + nwith + 1, sizeof *out->overrides);
        int oom = !out->path || !out->name || !out->chain || !out->overrides;
        for (size_t k = 0; out->overrides && k < nsets + nwith; k++) {
            out->overrides[k] = strdup(k < nsets ? sets[k] : with[k - nsets]);
            out->noverrides = k + 1;
            oom |= !out->overrides[k];
        }
        if (oom) {
            vol_diag_add(diag, "%s: out of memory", path);
            problems++;
        }
        if (problems) vol_scenario_free(out);
    }
    sl_free(&L.places);
    sl_free(&L.chain);
    sl_free(&L.real_stack);
    sl_free(&L.shown_stack);
    free(L.name);
    free(L.description);
    free(L.src_file);
    free(L.src_line);
    free(L.src_order);
    return problems;
}

void vol_scenario_free(vol_scenario *sc)
{
    if (!sc) return;
    free(sc->name);
    free(sc->path);
    free(sc->description);
    free(sc->question);
    for (size_t i = 0; i < sc->chain_len; i++) free(sc->chain[i]);
    free(sc->chain);
    for (size_t i = 0; i < sc->noverrides; i++) free(sc->overrides[i]);
    free(sc->overrides);
    memset(sc, 0, sizeof *sc);
}

/* ---- resolved text ------------------------------------------------------ */
/* s as a libconfig string literal (quotes included). */
static void put_string(FILE *m, const char *s)
{
    fputc('"', m);
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c == '"' || *c == '\\') fprintf(m, "\\%c", *c);
        else if (*c == '\n') fputs("\\n", m);
        else if (*c == '\r') fputs("\\r", m);
        else if (*c == '\t') fputs("\\t", m);
        else if (*c < 0x20) fprintf(m, "\\x%02x", *c);
        else fputc(*c, m);
    }
    fputc('"', m);
}

/* s inside a // comment: line breaks would end the comment. */
static void put_comment_text(FILE *m, const char *s)
{
    for (; *s; s++) fputc(*s == '\n' || *s == '\r' ? ' ' : *s, m);
}

/* Whether rows i and j have the same component after prefix (length pl). */
static int same_component(const char *a, const char *b, size_t pl)
{
    a += pl ? pl + 1 : 0;
    b += pl ? pl + 1 : 0;
    size_t la = strcspn(a, "."), lb = strcspn(b, ".");
    return la == lb && strncmp(a, b, la) == 0;
}

static int under(const char *name, const char *prefix, size_t pl)
{
    return !pl || (strncmp(name, prefix, pl) == 0 && name[pl] == '.');
}

/* Prints the settings under prefix ("" for the root) as nested groups, each
 * group once (all its rows merged), in the order of its first row. */
static void print_group(FILE *m, const vol_params *p, const char *prefix, int indent)
{
    size_t np = vol_params_count(), pl = strlen(prefix);
    for (size_t i = 0; i < np; i++) {
        const vol_param_info *info = vol_params_info(i);
        if (!under(info->name, prefix, pl)) continue;
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++) {
            const char *other = vol_params_info(j)->name;
            seen = under(other, prefix, pl) && same_component(other, info->name, pl);
        }
        if (seen) continue;
        const char *rest = info->name + (pl ? pl + 1 : 0);
        int cl = (int)strcspn(rest, ".");
        if (rest[cl] == '\0') {
            char value[128];
            vol_params_format(p, info, value, sizeof value);
            fprintf(m, "%*s%s = %s;\n", indent, "", rest, value);
        } else {
            char sub[512];
            snprintf(sub, sizeof sub, "%.*s", (int)(pl + (pl ? 1 : 0)) + cl, info->name);
            fprintf(m, "%*s%.*s: {\n", indent, "", cl, rest);
            print_group(m, p, sub, indent + 2);
            fprintf(m, "%*s};\n", indent, "");
        }
    }
}

char *vol_scenario_resolved_text(const vol_scenario *sc)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) return NULL;
    fputs("// Generated by volsim: the resolved scenario, every parameter of the table\n"
          "// with the bases and overrides applied (no base). Loading this file gives\n"
          "// exactly the same parameters.\n// Files, root base first:",
          m);
    for (size_t i = 0; i < sc->chain_len; i++) {
        fputs(i ? " -> " : " ", m);
        put_comment_text(m, sc->chain[i]);
    }
    if (!sc->chain_len) fputs(" (none)", m);
    fputs("\n// Overrides:", m);
    for (size_t i = 0; i < sc->noverrides; i++) {
        fputs(" --set ", m);
        put_comment_text(m, sc->overrides[i]);
    }
    if (!sc->noverrides) fputs(" (none)", m);
    fputs("\nname = ", m);
    put_string(m, sc->name ? sc->name : "");
    fputs(";\n", m);
    if (sc->description) {
        fputs("description = ", m);
        put_string(m, sc->description);
        fputs(";\n", m);
    }
    print_group(m, &sc->params, "", 0);
    int bad = ferror(m);
    if (fclose(m) != 0 || bad) {
        free(buf);
        return NULL;
    }
    return buf;
}

int vol_scenario_valid_name(const char *name) { return name && valid_name(name); }

vol_status vol_scenario_rename(vol_scenario *sc, const char *name, const char *description)
{
    char *n = name ? strdup(name) : NULL, *d = description ? strdup(description) : NULL;
    if ((name && !n) || (description && !d)) {
        free(n);
        free(d);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    if (n) {
        free(sc->name);
        sc->name = n;
    }
    if (d) {
        free(sc->description);
        sc->description = d;
    }
    return VOL_OK;
}
