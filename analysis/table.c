/* SPDX-License-Identifier: GPL-3.0-or-later */
/* table.c: reads a CSV table of numeric inputs and a 0/1 outcome
 * (vol_table.h). The whole file is read into memory, then parsed line by
 * line; every error names the file, the line (1-based, counting blank
 * lines) and the column. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vol_table.h"

/* A line being parsed: [p, end), and where it is. */
typedef struct {
    const char *path;
    size_t line;
    const char *p, *end;
} cursor;

#define VOL_TABLE_MAX_BYTES (256 << 20)

/* Reads the whole of path into a NUL-terminated buffer: at most
 * VOL_TABLE_MAX_BYTES of any kind of file (a device such as /dev/zero
 * never ends). */
static vol_status read_file(const char *path, char **text, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) VOL_ERROR(VOL_EIO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - 1 - n, f);
        if (n < cap - 1) break;
        if (cap > VOL_TABLE_MAX_BYTES) {
            fclose(f);
            free(buf);
            VOL_ERROR(VOL_EINVAL, "%s: expected a table of at most %d MiB, found more (is it the right file?)", path,
                      VOL_TABLE_MAX_BYTES >> 20);
        }
        char *more = realloc(buf, 2 * cap);
        if (!more) {
            free(buf);
            buf = NULL;
        } else {
            buf = more;
            cap *= 2;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf) VOL_ERROR(VOL_ENOMEM, "%s: out of memory reading the file", path);
    if (bad) {
        free(buf);
        VOL_ERROR(VOL_EIO, "%s: read error", path);
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return VOL_OK;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The next field of the line (trimmed) in [*fs, *fe); advances past its
 * comma. Returns 0 when the line has no more fields. */
static int next_field(cursor *c, const char **fs, const char **fe, int *more)
{
    if (!*more) return 0;
    const char *s = c->p, *e = s;
    while (e < c->end && *e != ',') e++;
    *more = e < c->end; /* a comma: another field follows */
    c->p = *more ? e + 1 : e;
    while (s < e && is_blank(*s)) s++;
    while (e > s && is_blank(e[-1])) e--;
    *fs = s;
    *fe = e;
    return 1;
}

/* Copies [s, e) for a message, shortened to fit out (64 bytes). */
static const char *show(const char *s, const char *e, char out[64])
{
    size_t n = (size_t)(e - s);
    if (n > 60) {
        memcpy(out, s, 57);
        strcpy(out + 57, "...");
    } else {
        memcpy(out, s, n);
        out[n] = '\0';
    }
    return out;
}

/* Digits with an optional sign: the way an integer is written. */
static int written_as_integer(const char *s, const char *e)
{
    if (s < e && (*s == '+' || *s == '-')) s++;
    if (s == e) return 0;
    for (; s < e; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

/* Parses [s, e) as one finite number, all of it. */
static int parse_number(const char *s, const char *e, double *v)
{
    char small[64], *tmp = small, *end;
    size_t n = (size_t)(e - s);
    if (n == 0) return 0;
    if (n >= sizeof small && !(tmp = malloc(n + 1))) return 0;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    errno = 0;
    *v = strtod(tmp, &end);
    int ok = end == tmp + n && isfinite(*v);
    if (tmp != small) free(tmp);
    return ok;
}

/* "x0, x1, y" (shortened when long), for the unknown-outcome message. */
static void list_columns(char **names, size_t c, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t j = 0; j < c; j++) {
        size_t need = strlen(names[j]) + (j ? 2 : 0);
        if (used + need + 4 >= cap) {
            strcpy(out + used, j ? ", ..." : "...");
            return;
        }
        used += (size_t)sprintf(out + used, "%s%s", j ? ", " : "", names[j]);
    }
}

/* The header's names, allocated, into *names (*ncols of them). */
static vol_status header_names(cursor *c, char ***names, size_t *ncols)
{
    size_t cap = 16, n = 0;
    char **v = malloc(cap * sizeof *v);
    const char *fs, *fe;
    int more = 1;
    vol_status st = v ? VOL_OK : VOL_ENOMEM;
    while (st == VOL_OK && next_field(c, &fs, &fe, &more)) {
        char tmp[64];
        if (fs == fe) {
            st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s:%zu: column %zu of the header has no name",
                               c->path, c->line, n + 1);
            break;
        }
        for (size_t j = 0; j < n && st == VOL_OK; j++)
            if (strlen(v[j]) == (size_t)(fe - fs) && memcmp(v[j], fs, (size_t)(fe - fs)) == 0)
                st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s:%zu: columns %zu and %zu are both named '%s'",
                                   c->path, c->line, j + 1, n + 1, show(fs, fe, tmp));
        if (st != VOL_OK) break;
        if (n == cap) {
            char **w = realloc(v, 2 * cap * sizeof *w);
            if (!w) { st = VOL_ENOMEM; break; }
            v = w;
            cap *= 2;
        }
        if (!(v[n] = malloc((size_t)(fe - fs) + 1))) { st = VOL_ENOMEM; break; }
        memcpy(v[n], fs, (size_t)(fe - fs));
        v[n++][fe - fs] = '\0';
    }
    *names = v;
    *ncols = n;
    if (st == VOL_ENOMEM) VOL_ERROR(VOL_ENOMEM, "%s: out of memory reading the header", c->path);
    return st;
}

/* Reads the header, finds the outcome column (*ycol) and fills the
 * table's names. */
static vol_status parse_header(cursor *c, const char *outcome, vol_data_table *t, size_t *ncols, size_t *ycol)
{
    char **names = NULL;
    size_t n = 0;
    vol_status st = header_names(c, &names, &n);
    size_t y = n;
    for (size_t j = 0; st == VOL_OK && j < n; j++)
        if (strcmp(names[j], outcome) == 0) y = j;
    if (st == VOL_OK && y == n) {
        char list[512];
        list_columns(names, n, list, sizeof list);
        st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s:%zu: no outcome column '%s'; the columns are: %s",
                           c->path, c->line, outcome, list);
    }
    if (st == VOL_OK && n < 2)
        st = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s:%zu: only the outcome column '%s': no inputs",
                           c->path, c->line, outcome);
    if (st == VOL_OK) {
        t->outcome = names[y];
        memmove(names + y, names + y + 1, (n - 1 - y) * sizeof *names);
        t->names = names;
        t->d = n - 1;
        *ncols = n;
        *ycol = y;
        return VOL_OK;
    }
    for (size_t j = 0; j < n; j++) free(names[j]);
    free(names);
    return st;
}

/* Parses one field of a data row into the table (row r, file column col). */
static vol_status parse_cell(cursor *c, vol_data_table *t, size_t r, size_t col, size_t ycol,
                             const char *fs, const char *fe)
{
    char tmp[64];
    double v;
    size_t j = col < ycol ? col : col - 1;
    const char *name = col == ycol ? t->outcome : t->names[j];
    if (!parse_number(fs, fe, &v)) {
        if (fs == fe)
            VOL_ERROR(VOL_EINVAL, "%s:%zu: column %zu (%s): expected a number, found an empty field",
                      c->path, c->line, col + 1, name);
        VOL_ERROR(VOL_EINVAL, "%s:%zu: column %zu (%s): expected a finite number, found '%s'",
                  c->path, c->line, col + 1, name, show(fs, fe, tmp));
    }
    if (col == ycol) {
        if (v != 0 && v != 1)
            VOL_ERROR(VOL_EINVAL, "%s:%zu: column %zu (%s, the outcome): expected 0 or 1, found '%s'",
                      c->path, c->line, col + 1, name, show(fs, fe, tmp));
        t->y[r] = v == 1;
        return VOL_OK;
    }
    t->x[r * t->d + j] = v;
    if (!written_as_integer(fs, fe)) t->discrete[j] = 0;
    return VOL_OK;
}

/* Makes room for row r. */
static vol_status grow_rows(vol_data_table *t, size_t r, size_t *cap, const char *path)
{
    if (r < *cap) return VOL_OK;
    size_t nc = *cap ? 2 * *cap : 1024;
    double *x = realloc(t->x, nc * t->d * sizeof *x);
    if (x) t->x = x;
    unsigned char *y = realloc(t->y, nc);
    if (y) t->y = y;
    if (!x || !y) VOL_ERROR(VOL_ENOMEM, "%s: out of memory at row %zu", path, r + 1);
    *cap = nc;
    return VOL_OK;
}

/* Parses one data row (line c) as row t->n. */
static vol_status parse_row(cursor *c, vol_data_table *t, size_t ncols, size_t ycol, size_t *cap)
{
    size_t fields = 1;
    for (const char *q = c->p; q < c->end; q++) fields += *q == ',';
    if (fields != ncols)
        VOL_ERROR(VOL_EINVAL, "%s:%zu: %zu fields, expected %zu as in the header", c->path, c->line, fields, ncols);
    vol_status st = grow_rows(t, t->n, cap, c->path);
    if (st != VOL_OK) return st;
    const char *fs, *fe;
    int more = 1;
    for (size_t col = 0; next_field(c, &fs, &fe, &more); col++) {
        st = parse_cell(c, t, t->n, col, ycol, fs, fe);
        if (st != VOL_OK) return st;
    }
    t->n++;
    return VOL_OK;
}

/* Moves c to the next line that is not blank; 0 at the end of the text. */
static int next_line(cursor *c, const char **text, const char *stop)
{
    while (*text < stop) {
        const char *s = *text, *e = memchr(s, '\n', (size_t)(stop - s));
        if (!e) e = stop;
        *text = e < stop ? e + 1 : stop;
        c->line++;
        if (e > s && e[-1] == '\r') e--;
        const char *q = s;
        while (q < e && is_blank(*q)) q++;
        if (q == e) continue;
        c->p = s;
        c->end = e;
        return 1;
    }
    return 0;
}

/* Parses text (len bytes) into t. */
static vol_status parse_text(const char *path, const char *text, size_t len, const char *outcome,
                             vol_data_table *t)
{
    cursor c = {path, 0, NULL, NULL};
    const char *at = text, *stop = text + len;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) at += 3; /* a UTF-8 byte order mark */
    size_t ncols = 0, ycol = 0, cap = 0;
    if (!next_line(&c, &at, stop))
        VOL_ERROR(VOL_EINVAL, "%s: empty file: expected a header line of column names", path);
    vol_status st = parse_header(&c, outcome, t, &ncols, &ycol);
    if (st != VOL_OK) return st;
    t->discrete = malloc(t->d);
    if (!t->discrete) VOL_ERROR(VOL_ENOMEM, "%s: out of memory", path);
    memset(t->discrete, 1, t->d);
    size_t header_line = c.line;
    while (st == VOL_OK && next_line(&c, &at, stop)) st = parse_row(&c, t, ncols, ycol, &cap);
    if (st == VOL_OK && t->n == 0)
        VOL_ERROR(VOL_EINVAL, "%s: no data rows after the header (line %zu)", path, header_line);
    return st;
}

vol_status vol_table_read_csv(const char *path, const char *outcome_column, vol_data_table *out)
{
    if (!out) VOL_ERROR(VOL_EINVAL, "no output table");
    memset(out, 0, sizeof *out);
    if (!path || !outcome_column) VOL_ERROR(VOL_EINVAL, "no file name or no outcome column");
    char *text = NULL;
    size_t len = 0;
    vol_status st = read_file(path, &text, &len);
    if (st != VOL_OK) return st;
    st = parse_text(path, text, len, outcome_column, out);
    free(text);
    if (st != VOL_OK) vol_table_free(out);
    return st;
}

vol_prim_data vol_table_prim_data(const vol_data_table *t)
{
    vol_prim_data d = {t->n, t->d, t->x, t->discrete, t->y, (const char *const *)t->names};
    return d;
}

void vol_table_free(vol_data_table *t)
{
    if (!t) return;
    for (size_t j = 0; t->names && j < t->d; j++) free(t->names[j]);
    free(t->names);
    free(t->x);
    free(t->discrete);
    free(t->y);
    free(t->outcome);
    memset(t, 0, sizeof *t);
}
