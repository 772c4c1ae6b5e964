/* SPDX-License-Identifier: GPL-3.0-or-later */
/* h5read.c: reading volsim's HDF5 files back for analysis. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <errno.h>
#include <hdf5.h>
#include "vol_h5read.h"

/* the variable-length UTF-8 string type volsim writes */
static hid_t vstr_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

static char *attr_string(hid_t loc, const char *name)
{
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    if (a < 0) return NULL;
    hid_t t = vstr_type();
    char *v = NULL, *out = NULL;
    if (H5Aread(a, t, &v) >= 0 && v) {
        out = strdup(v);
        H5free_memory(v);
    }
    H5Tclose(t);
    H5Aclose(a);
    return out;
}

static int attr_long(hid_t loc, const char *name, long long *v)
{
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    if (a < 0) return 0;
    int64_t x = 0;
    int ok = H5Aread(a, H5T_NATIVE_INT64, &x) >= 0;
    H5Aclose(a);
    *v = x;
    return ok;
}

/* string array attribute -> malloc'd array of strdup'd strings */
static char **attr_strings(hid_t loc, const char *name, size_t *n)
{
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    if (a < 0) return NULL;
    hid_t sp = H5Aget_space(a);
    hssize_t cnt = H5Sget_simple_extent_npoints(sp);
    H5Sclose(sp);
    hid_t t = vstr_type();
    char **raw = calloc((size_t)(cnt > 0 ? cnt : 1), sizeof *raw), **out = NULL;
    if (raw && H5Aread(a, t, raw) >= 0) {
        out = calloc((size_t)(cnt > 0 ? cnt : 1), sizeof *out);
        for (hssize_t i = 0; out && i < cnt; i++) out[i] = strdup(raw[i] ? raw[i] : "");
        for (hssize_t i = 0; i < cnt; i++) H5free_memory(raw[i]);
        *n = (size_t)cnt;
    }
    free(raw);
    H5Tclose(t);
    H5Aclose(a);
    return out;
}

/* Values a dataset does not have (a share of nobody) are written as its
 * attribute undefined_value, a finite number outside the valid range, so
 * that no NaN reaches a file (docs/results-format.md); in memory they are
 * NaN again. */
static void undefined_to_nan(hid_t loc, const char *name, double *x, size_t n)
{
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    if (d < 0) return;
    double u;
    hid_t a = H5Aexists(d, "undefined_value") > 0 ? H5Aopen(d, "undefined_value", H5P_DEFAULT) : -1;
    if (a >= 0 && H5Aread(a, H5T_NATIVE_DOUBLE, &u) >= 0)
        for (size_t i = 0; i < n; i++)
            if (x[i] == u) x[i] = NAN;
    if (a >= 0) H5Aclose(a);
    H5Dclose(d);
}

static void *read_dataset(hid_t loc, const char *name, hid_t memtype, size_t elem, size_t *count)
{
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    if (d < 0) return NULL;
    hid_t sp = H5Dget_space(d);
    hssize_t n = H5Sget_simple_extent_npoints(sp);
    H5Sclose(sp);
    void *buf = malloc((size_t)(n > 0 ? n : 1) * elem);
    if (buf && H5Dread(d, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        free(buf);
        buf = NULL;
    }
    H5Dclose(d);
    if (count) *count = (size_t)n;
    return buf;
}

static herr_t collect(hid_t g, const char *name, const H5L_info_t *info, void *ctx)
{
    (void)info;
    vol_run_file *f = ctx;
    vol_run_scenario *q = realloc(f->sc, (f->nsc + 1) * sizeof *q);
    if (!q) return -1;
    f->sc = q;
    vol_run_scenario *s = &f->sc[f->nsc++];
    memset(s, 0, sizeof *s);
    s->name = strdup(name);
    hid_t sg = H5Gopen2(g, name, H5P_DEFAULT);
    long long v;
    if (sg >= 0) {
        if (attr_long(sg, "replicates", &v)) s->replicates = (long)v;
        if (attr_long(sg, "days", &v)) s->days = (long)v;
        hid_t a = H5Aopen(sg, "seed", H5P_DEFAULT);
        if (a >= 0) {
            H5Aread(a, H5T_NATIVE_UINT64, &s->seed);
            H5Aclose(a);
        }
        H5Gclose(sg);
    }
    return 0;
}

/* ---- structure checks: a damaged or foreign file is refused when opened,
 * with what was expected, before any command reads from it ---- */
typedef struct {
    long rows, cols;          /* expected shape */
    char problem[512];        /* first problem found, "" when none */
} shape_check;

/* A dataset of floating-point values of shape rows x cols. */
static herr_t check_metric(hid_t g, const char *name, const H5L_info_t *info, void *ctx)
{
    (void)info;
    shape_check *c = ctx;
    H5O_info_t oi;
    if (H5Oget_info_by_name(g, name, &oi, H5P_DEFAULT) < 0 || oi.type != H5O_TYPE_DATASET) {
        snprintf(c->problem, sizeof c->problem, "%s is not a dataset", name);
        return 1;
    }
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0) {
        snprintf(c->problem, sizeof c->problem, "%s cannot be opened", name);
        return 1;
    }
    hid_t sp = H5Dget_space(d), t = H5Dget_type(d);
    hsize_t dims[2] = {0, 0};
    int rank = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    if (rank == 2) H5Sget_simple_extent_dims(sp, dims, NULL);
    int is_float = t >= 0 && H5Tget_class(t) == H5T_FLOAT;
    if (t >= 0) H5Tclose(t);
    if (sp >= 0) H5Sclose(sp);
    H5Dclose(d);
    if (rank != 2 || !is_float || dims[0] != (hsize_t)c->rows || dims[1] != (hsize_t)c->cols) {
        char shape[64];
        if (rank == 2) snprintf(shape, sizeof shape, "%llu x %llu", (unsigned long long)dims[0], (unsigned long long)dims[1]);
        else snprintf(shape, sizeof shape, "of rank %d", rank);
        snprintf(c->problem, sizeof c->problem, "%s is %s %s, expected %ld x %ld floating-point values (replicates x days)",
                 name, is_float ? "floating-point" : "non-floating-point", shape, c->rows, c->cols);
        return 1;
    }
    return 0;
}

/* Every scenario has its replicates and days and a metrics group whose
 * datasets are replicates x days floating-point values. */
static vol_status check_run_scenario(hid_t file, const char *path, const vol_run_scenario *s)
{
    if (s->replicates < 1 || s->days < 1)
        VOL_ERROR(VOL_EINVAL, "%s: scenario %s lacks valid 'replicates' and 'days' attributes (a damaged or foreign file?)",
                  path, s->name);
    char gp[1024];
    snprintf(gp, sizeof gp, "scenarios/%s/metrics", s->name);
    hid_t g = H5Gopen2(file, gp, H5P_DEFAULT);
    if (g < 0) VOL_ERROR(VOL_EINVAL, "%s: scenario %s has no metrics group (a damaged or foreign file?)", path, s->name);
    shape_check c = {s->replicates, s->days, ""};
    herr_t r = H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, check_metric, &c);
    H5Gclose(g);
    if (c.problem[0]) VOL_ERROR(VOL_EINVAL, "%s: scenario %s: metric %s", path, s->name, c.problem);
    if (r < 0) VOL_ERROR(VOL_EINVAL, "%s: the metrics of scenario %s cannot be listed (a damaged file?)", path, s->name);
    return VOL_OK;
}

/* Opens path read-only and checks its root attribute format. */
/* HDF5 needs a regular file: a FIFO would block the open (and a device is
 * no file); refused with what was found. */
static vol_status check_regular(const char *path, const char *command)
{
    struct stat st;
    if (stat(path, &st) != 0) VOL_ERROR(VOL_EINVAL, "%s: cannot open: %s", path, strerror(errno));
    if (S_ISREG(st.st_mode)) return VOL_OK;
    VOL_ERROR(VOL_EINVAL, "%s: expected a file written by %s, found %s", path, command,
              S_ISDIR(st.st_mode) ? "a directory" : S_ISFIFO(st.st_mode) ? "a pipe (HDF5 files cannot be streamed)"
                                                                         : "a device or other special file");
}

static vol_status open_volsim_file(const char *path, const char *format, const char *command, hid_t *out)
{
    vol_status rs = check_regular(path, command);
    if (rs != VOL_OK) return rs;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) VOL_ERROR(VOL_EINVAL, "%s: cannot open as an HDF5 file", path);
    char *got = attr_string(file, "format");
    int ok = got && strcmp(got, format) == 0;
    free(got);
    if (!ok) {
        H5Fclose(file);
        VOL_ERROR(VOL_EINVAL, "%s: expected a file written by %s (format \"%s\")", path, command, format);
    }
    *out = file;
    return VOL_OK;
}

char *vol_h5_file_format(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return NULL;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file < 0) return NULL;
    char *got = attr_string(file, "format");
    H5Fclose(file);
    return got;
}

vol_status vol_run_file_open(const char *path, vol_run_file *f)
{
    memset(f, 0, sizeof *f);
    hid_t file;
    vol_status st = open_volsim_file(path, "volsim-results", "volsim run", &file);
    if (st != VOL_OK) return st;
    f->file = file;
    f->path = strdup(path);
    hid_t g = H5Gopen2(file, "scenarios", H5P_DEFAULT);
    if (g < 0 || H5Literate(g, H5_INDEX_CRT_ORDER, H5_ITER_INC, NULL, collect, f) < 0) {
        /* creation order is not tracked by default: fall back to names */
        if (g >= 0) H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, collect, f);
    }
    if (g >= 0) H5Gclose(g);
    if (f->nsc == 0) {
        vol_run_file_close(f);
        VOL_ERROR(VOL_EINVAL, "%s: no scenarios in the file", path);
    }
    for (size_t i = 0; i < f->nsc; i++) {
        if (!f->sc[i].name) {
            vol_run_file_close(f);
            VOL_ERROR(VOL_ENOMEM, "%s: out of memory", path);
        }
        st = check_run_scenario(file, path, &f->sc[i]);
        if (st != VOL_OK) {
            vol_run_file_close(f);
            return st;
        }
    }
    return VOL_OK;
}

void vol_run_file_close(vol_run_file *f)
{
    for (size_t i = 0; i < f->nsc; i++) free(f->sc[i].name);
    free(f->sc);
    free(f->path);
    if (f->file > 0) H5Fclose((hid_t)f->file);
    memset(f, 0, sizeof *f);
}

int vol_run_file_find(const vol_run_file *f, const char *name)
{
    for (size_t i = 0; i < f->nsc; i++)
        if (strcmp(f->sc[i].name, name) == 0) return (int)i;
    return -1;
}

int vol_run_file_has_metric(const vol_run_file *f, size_t i, const char *metric)
{
    char path[512];
    snprintf(path, sizeof path, "scenarios/%s/metrics", f->sc[i].name);
    hid_t g = H5Gopen2((hid_t)f->file, path, H5P_DEFAULT);
    int e = g >= 0 && H5Lexists(g, metric, H5P_DEFAULT) > 0;
    if (g >= 0) H5Gclose(g);
    return e;
}

vol_status vol_run_file_metric(const vol_run_file *f, size_t i, const char *metric, double **data, char *unit,
                                size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "scenarios/%s/metrics", f->sc[i].name);
    hid_t g = H5Gopen2((hid_t)f->file, path, H5P_DEFAULT);
    if (g < 0) VOL_ERROR(VOL_EINVAL, "%s: no %s", f->path, path);
    size_t cnt;
    *data = read_dataset(g, metric, H5T_NATIVE_DOUBLE, sizeof(double), &cnt);
    if (*data) undefined_to_nan(g, metric, *data, cnt);
    if (*data && unit && n) {
        hid_t d = H5Dopen2(g, metric, H5P_DEFAULT);
        char *u = attr_string(d, "units");
        snprintf(unit, n, "%s", u ? u : "");
        free(u);
        H5Dclose(d);
    }
    int exists = *data || H5Lexists(g, metric, H5P_DEFAULT) > 0;
    H5Gclose(g);
    if (!*data) {
        if (!exists)
            VOL_ERROR(VOL_EINVAL, "%s: scenario %s has no metric %s (see 'volsim metrics')", f->path, f->sc[i].name,
                      metric);
        VOL_ERROR(VOL_EIO, "%s: metric %s of scenario %s cannot be read (a damaged or truncated file?)", f->path,
                  metric, f->sc[i].name);
    }
    if (cnt != (size_t)f->sc[i].replicates * (size_t)f->sc[i].days) {
        free(*data);
        *data = NULL;
        VOL_ERROR(VOL_EINVAL, "%s: %s/%s has %zu values, expected replicates x days", f->path, f->sc[i].name, metric, cnt);
    }
    return VOL_OK;
}

vol_status vol_run_file_parameter(const vol_run_file *f, size_t i, const char *name, double *value)
{
    char path[512];
    snprintf(path, sizeof path, "scenarios/%s/parameters", f->sc[i].name);
    hid_t g = H5Gopen2((hid_t)f->file, path, H5P_DEFAULT);
    if (g < 0) VOL_ERROR(VOL_EINVAL, "%s: no %s", f->path, path);
    int ok = 0;
    if (H5Aexists(g, name) > 0) {
        hid_t a = H5Aopen(g, name, H5P_DEFAULT);
        hid_t t = a >= 0 ? H5Aget_type(a) : -1;
        ok = t >= 0 && H5Tget_class(t) != H5T_STRING && H5Aread(a, H5T_NATIVE_DOUBLE, value) >= 0;
        if (t >= 0) H5Tclose(t);
        if (a >= 0) H5Aclose(a);
    }
    H5Gclose(g);
    if (!ok) VOL_ERROR(VOL_EINVAL, "%s: scenario %s has no numeric parameter %s", f->path, f->sc[i].name, name);
    return VOL_OK;
}

int vol_run_file_has_panel(const vol_run_file *f, size_t i, long rep)
{
    char sc[400], rname[32];
    snprintf(sc, sizeof sc, "scenarios/%s", f->sc[i].name);
    snprintf(rname, sizeof rname, "r%04ld", rep);
    int e = 0;
    hid_t sg = H5Gopen2((hid_t)f->file, sc, H5P_DEFAULT);
    if (sg >= 0 && H5Lexists(sg, "panel", H5P_DEFAULT) > 0) {
        hid_t pg = H5Gopen2(sg, "panel", H5P_DEFAULT);
        e = pg >= 0 && H5Lexists(pg, rname, H5P_DEFAULT) > 0;
        if (pg >= 0) H5Gclose(pg);
    }
    if (sg >= 0) H5Gclose(sg);
    return e;
}

vol_status vol_run_file_panel(const vol_run_file *f, size_t i, long rep, float **wellbeing, int32_t **first,
                               int32_t **day, size_t *clients, size_t *times)
{
    *wellbeing = NULL;
    *first = *day = NULL;
    *clients = *times = 0;
    char path[512];
    snprintf(path, sizeof path, "scenarios/%s/panel/r%04ld", f->sc[i].name, rep);
    if (!vol_run_file_has_panel(f, i, rep))
        VOL_ERROR(VOL_EINVAL, "%s: scenario %s has no client panel for replicate %ld (run with --set "
                  "run.client_panel_days=7 to record one)", f->path, f->sc[i].name, rep);
    hid_t g = H5Gopen2((hid_t)f->file, path, H5P_DEFAULT);
    if (g < 0) VOL_ERROR(VOL_EIO, "%s: cannot open %s", f->path, path);
    size_t nw = 0, nf = 0, nd = 0;
    *wellbeing = read_dataset(g, "wellbeing", H5T_NATIVE_FLOAT, sizeof(float), &nw);
    *first = read_dataset(g, "first_company_contact_day", H5T_NATIVE_INT32, sizeof(int32_t), &nf);
    *day = read_dataset(g, "day", H5T_NATIVE_INT32, sizeof(int32_t), &nd);
    H5Gclose(g);
    if (!*wellbeing || !*first || !*day || nf * nd != nw) {
        free(*wellbeing);
        free(*first);
        free(*day);
        *wellbeing = NULL;
        *first = *day = NULL;
        VOL_ERROR(VOL_EIO, "%s: the client panel %s cannot be read or its sizes disagree (a damaged file?)", f->path,
                  path);
    }
    *clients = nf;
    *times = nd;
    return VOL_OK;
}

/* HDF5 enumeration over int32 with the names of vol_enum(id). */
static hid_t enum_type(vol_enum_id id)
{
    const vol_enum_info *e = vol_enum(id);
    if (!e) return -1;
    hid_t t = H5Tenum_create(H5T_NATIVE_INT32);
    for (int i = 0; t >= 0 && i < e->count; i++) {
        int32_t v = i;
        if (H5Tenum_insert(t, e->names[i], &v) < 0) {
            H5Tclose(t);
            return -1;
        }
    }
    return t;
}

int64_t vol_table_h5type(const vol_table_info *ti)
{
    hid_t ct = H5Tcreate(H5T_COMPOUND, ti->record_size);
    for (size_t k = 0; ct >= 0 && k < ti->nfields; k++) {
        const vol_field *fd = &ti->fields[k];
        hid_t ft = fd->type == VOL_FT_F64    ? H5Tcopy(H5T_NATIVE_DOUBLE)
                   : fd->type == VOL_FT_I32  ? H5Tcopy(H5T_NATIVE_INT32)
                   : fd->type == VOL_FT_ENUM ? enum_type(fd->enum_id)
                                             : -1;
        herr_t rc = ft < 0 ? -1 : H5Tinsert(ct, fd->name, fd->offset, ft);
        if (ft >= 0 && H5Tclose(ft) < 0) rc = -1;
        if (rc < 0) {
            H5Tclose(ct);
            ct = -1;
        }
    }
    return ct;
}

static void table_path(const vol_run_file *f, size_t i, long rep, vol_table_id t, char *path, size_t size)
{
    snprintf(path, size, "scenarios/%s/agents/r%04ld/%s", f->sc[i].name, rep, vol_table(t)->name);
}

int vol_run_file_has_table(const vol_run_file *f, size_t i, long rep, vol_table_id t)
{
    if (i >= f->nsc || t == VOL_TABLE_EVENTS || t < 0 || t >= VOL_TABLE_COUNT) return 0;
    /* each link of the path in turn (H5Lexists needs its parents) */
    char path[600];
    table_path(f, i, rep, t, path, sizeof path);
    int ok = 1;
    for (char *p = path; ok && (p = strchr(p + 1, '/')) != NULL;) {
        *p = '\0';
        ok = H5Lexists((hid_t)f->file, path, H5P_DEFAULT) > 0;
        *p = '/';
    }
    return ok && H5Lexists((hid_t)f->file, path, H5P_DEFAULT) > 0;
}

vol_status vol_run_file_table(const vol_run_file *f, size_t i, long rep, vol_table_id t, void **records, size_t *n)
{
    *records = NULL;
    *n = 0;
    if (!vol_run_file_has_table(f, i, rep, t))
        VOL_ERROR(VOL_EINVAL, "%s: scenario %s has no agent tables for replicate %ld (run with --agents to write them)",
                  f->path, i < f->nsc ? f->sc[i].name : "?", rep);
    char path[600];
    table_path(f, i, rep, t, path, sizeof path);
    const vol_table_info *ti = vol_table(t);
    hid_t mt = (hid_t)vol_table_h5type(ti);
    if (mt < 0) VOL_ERROR(VOL_EIO, "cannot build the type of table %s", ti->name);
    hid_t d = H5Dopen2((hid_t)f->file, path, H5P_DEFAULT), sp = d >= 0 ? H5Dget_space(d) : -1;
    hssize_t cnt = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    void *buf = cnt >= 0 ? malloc(((size_t)cnt + 1) * ti->record_size) : NULL;
    int ok = buf && (cnt == 0 || H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
    if (sp >= 0) H5Sclose(sp);
    if (d >= 0) H5Dclose(d);
    H5Tclose(mt);
    if (!ok) {
        free(buf);
        VOL_ERROR(VOL_EIO, "%s: cannot read %s (a damaged file, or one written by another volsim version?)", f->path,
                  path);
    }
    *records = buf;
    *n = (size_t)cnt;
    return VOL_OK;
}

char *vol_run_file_string(const vol_run_file *f, const char *object, const char *attr)
{
    if (attr) {
        hid_t o = H5Oopen((hid_t)f->file, object, H5P_DEFAULT);
        if (o < 0) return NULL;
        char *v = attr_string(o, attr);
        H5Oclose(o);
        return v;
    }
    hid_t d = H5Dopen2((hid_t)f->file, object, H5P_DEFAULT);
    if (d < 0) return NULL;
    hid_t t = vstr_type();
    char *v = NULL, *out = NULL;
    if (H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v) >= 0 && v) {
        out = strdup(v);
        H5free_memory(v);
    }
    H5Tclose(t);
    H5Dclose(d);
    return out;
}

/* String back of a string attribute (scalar or an array): back 1 is the
 * last, 2 the one before; malloc'd; NULL when absent, empty or unreadable. */
static char *attr_string_from_end(hid_t loc, const char *name, hssize_t back)
{
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    if (a < 0) return NULL;
    hid_t sp = H5Aget_space(a), t = vstr_type();
    hssize_t n = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    char *out = NULL;
    char **v = n > 0 && n <= 100000 ? calloc((size_t)n, sizeof *v) : NULL;
    if (v && H5Aread(a, t, v) >= 0) {
        if (n >= back && v[n - back] && *v[n - back]) out = strdup(v[n - back]);
        for (hssize_t i = 0; i < n; i++)
            if (v[i]) H5free_memory(v[i]);
    }
    free(v);
    H5Tclose(t);
    if (sp >= 0) H5Sclose(sp);
    H5Aclose(a);
    return out;
}

char *vol_run_file_base(const vol_run_file *f, size_t i)
{
    if (i >= f->nsc) return NULL;
    char obj[600];
    snprintf(obj, sizeof obj, "scenarios/%s", f->sc[i].name);
    hid_t o = H5Oopen((hid_t)f->file, obj, H5P_DEFAULT);
    if (o < 0) return NULL;
    char *v = attr_string_from_end(o, "base_chain", 2); /* root base first, the scenario itself last */
    H5Oclose(o);
    return v;
}

/* A one-dimensional dataset of variable-length strings, as malloc'd
 * strings (*n of them); NULL when absent or unreadable. */
static char **read_strings(hid_t g, const char *name, size_t *n)
{
    *n = 0;
    if (H5Lexists(g, name, H5P_DEFAULT) <= 0) return NULL;
    hid_t t = vstr_type();
    char **raw = read_dataset(g, name, t, sizeof(char *), n), **out = NULL;
    if (raw) {
        out = calloc(*n ? *n : 1, sizeof *out);
        for (size_t i = 0; out && i < *n; i++) out[i] = strdup(raw[i] ? raw[i] : "");
        for (size_t i = 0; i < *n; i++) H5free_memory(raw[i]);
        free(raw);
    }
    H5Tclose(t);
    if (!out) *n = 0;
    return out;
}

/* outputs/at_day and its days, when the sweep has follow-up days; 0 when
 * they are there but unreadable. *n: the values read. */
static int read_follow_up(hid_t og, vol_sweep_file *s, size_t *n)
{
    if (H5Lexists(og, "at_day", H5P_DEFAULT) <= 0) return 1;
    s->at_day = read_dataset(og, "at_day", H5T_NATIVE_DOUBLE, sizeof(double), n);
    if (!s->at_day) return 0;
    undefined_to_nan(og, "at_day", s->at_day, *n);
    hid_t d = H5Dopen2(og, "at_day", H5P_DEFAULT);
    hid_t a = d >= 0 ? H5Aopen(d, "days", H5P_DEFAULT) : -1, sp = a >= 0 ? H5Aget_space(a) : -1;
    hssize_t nd = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    int ok = nd > 0 && nd <= 100000;
    if (ok) s->follow_days = malloc((size_t)nd * sizeof *s->follow_days);
    ok = ok && s->follow_days && H5Aread(a, H5T_NATIVE_LONG, s->follow_days) >= 0;
    if (ok) s->nfollow = (size_t)nd;
    if (sp >= 0) H5Sclose(sp);
    if (a >= 0) H5Aclose(a);
    if (d >= 0) H5Dclose(d);
    return ok;
}

vol_status vol_sweep_file_read(const char *path, vol_sweep_file *s)
{
    memset(s, 0, sizeof *s);
    hid_t f;
    vol_status st = open_volsim_file(path, "volsim-sweep", "volsim sweep", &f);
    if (st != VOL_OK) return st;
    s->path = strdup(path);
    hid_t g = H5Gopen2(f, "sweep", H5P_DEFAULT), dg = H5Gopen2(g, "design", H5P_DEFAULT),
          rg = H5Gopen2(g, "runs", H5P_DEFAULT), og = H5Gopen2(g, "outputs", H5P_DEFAULT);
    long long v;
    s->design = attr_string(dg, "design");
    if (attr_long(dg, "samples", &v)) s->samples = (size_t)v;
    if (attr_long(dg, "levels", &v)) s->levels = (size_t)v;
    if (attr_long(g, "replicates", &v)) s->replicates = (long)v;
    s->parameters = attr_strings(dg, "parameters", &s->k);
    s->metrics = attr_strings(og, "metrics", &s->nmetrics);
    if (attr_long(g, "seed", &v)) s->seed = (uint64_t)v;
    size_t np = 0, nconf = 0;
    s->policies = read_strings(g, "policies", &np);
    s->npolicies = np;
    s->policy_configs = read_strings(g, "policy_configs", &nconf);
    if (s->policy_configs && nconf != np) {
        for (size_t i = 0; i < nconf; i++) free(s->policy_configs[i]);
        free(s->policy_configs);
        s->policy_configs = NULL; /* not one per policy: treated as absent */
    }
    size_t n_unit = 0, n_factor = 0, n_policy = 0, n_rep = 0, n_status = 0, n_final = 0, n_last = 0;
    s->unit = read_dataset(dg, "unit", H5T_NATIVE_DOUBLE, sizeof(double), &n_unit);
    size_t n_values = 0, n_low = 0, n_high = 0;
    s->values = read_dataset(dg, "values", H5T_NATIVE_DOUBLE, sizeof(double), &n_values);
    s->low = read_dataset(dg, "parameter_low", H5T_NATIVE_DOUBLE, sizeof(double), &n_low);
    s->high = read_dataset(dg, "parameter_high", H5T_NATIVE_DOUBLE, sizeof(double), &n_high);
    s->block = read_dataset(dg, "block", H5T_NATIVE_INT32, sizeof(int32_t), &s->npoints);
    s->factor = read_dataset(dg, "factor", H5T_NATIVE_INT32, sizeof(int32_t), &n_factor);
    s->point = read_dataset(rg, "point", H5T_NATIVE_INT32, sizeof(int32_t), &s->nruns);
    s->policy = read_dataset(rg, "policy", H5T_NATIVE_INT32, sizeof(int32_t), &n_policy);
    s->replicate = read_dataset(rg, "replicate", H5T_NATIVE_INT32, sizeof(int32_t), &n_rep);
    s->status = read_dataset(rg, "status", H5T_NATIVE_INT8, sizeof(int8_t), &n_status);
    s->final = read_dataset(og, "final", H5T_NATIVE_DOUBLE, sizeof(double), &n_final);
    s->last_year = read_dataset(og, "mean_last_year", H5T_NATIVE_DOUBLE, sizeof(double), &n_last);
    if (s->final) undefined_to_nan(og, "final", s->final, n_final);
    if (s->last_year) undefined_to_nan(og, "mean_last_year", s->last_year, n_last);
    size_t n_at = 0;
    int at_ok = read_follow_up(og, s, &n_at);
    H5Gclose(og);
    H5Gclose(rg);
    H5Gclose(dg);
    H5Gclose(g);
    H5Fclose(f);
    if (!s->design || !s->parameters || !s->metrics || !s->policies || !s->unit || !s->values || !s->low ||
        !s->high || !s->block || !s->factor ||
        !s->point || !s->policy || !s->replicate || !s->status || !s->final || !s->last_year) {
        vol_sweep_file_free(s);
        VOL_ERROR(VOL_EINVAL, "%s: a part of the sweep schema is missing or unreadable", path);
    }
    /* sizes agree with each other, and every index points into its table
     * (a damaged or hand-made file must not make a command read past an
     * array) */
    const char *bad = NULL;
    if (s->k == 0 || s->nmetrics == 0 || s->npolicies == 0 || s->npoints == 0 || s->nruns == 0) bad = "an empty table";
    else if (n_unit != s->npoints * s->k) bad = "design/unit is not points x parameters";
    else if (n_values != s->npoints * s->k) bad = "design/values is not points x parameters";
    else if (n_low != s->k || n_high != s->k) bad = "design/parameter_low and parameter_high are not one value per parameter";
    else if (n_factor != s->npoints) bad = "design/factor is not one value per point";
    else if (strcmp(s->design, "saltelli") == 0 && s->npoints != s->samples * (s->k + 2))
        bad = "a saltelli design's points are not samples x (parameters + 2)";
    else if (strcmp(s->design, "morris") == 0 && s->npoints != s->samples * (s->k + 1))
        bad = "a morris design's points are not trajectories x (parameters + 1)";
    else if ((strcmp(s->design, "lhs") == 0 || strcmp(s->design, "sobol") == 0) && s->npoints != s->samples)
        bad = "the design's points are not its samples attribute";
    else if (n_policy != s->nruns || n_rep != s->nruns || n_status != s->nruns)
        bad = "runs/policy, runs/replicate and runs/status are not one value per run";
    else if (n_final != s->nruns * s->nmetrics || n_last != s->nruns * s->nmetrics)
        bad = "outputs/final and outputs/mean_last_year are not runs x metrics";
    else if (!at_ok || (s->at_day && n_at != s->nruns * s->nfollow * s->nmetrics))
        bad = "outputs/at_day is not runs x follow-up days x metrics, or its days attribute is unreadable";
    else if (s->replicates < 1 || s->replicates > 100000)
        bad = "the replicates attribute is not in [1, 100000], the range a sweep file allows";
    /* names are used as labels and looked up: none empty, none twice */
    for (size_t i = 0; !bad && i < s->npolicies; i++) {
        if (!s->policies[i][0]) bad = "a policy has no name (sweep/policies unwritten?)";
        for (size_t j = 0; !bad && j < i; j++)
            if (strcmp(s->policies[i], s->policies[j]) == 0) bad = "two policies have the same name";
    }
    for (size_t i = 0; !bad && i < s->k; i++) {
        if (!s->parameters[i][0]) bad = "a parameter has no name";
        for (size_t j = 0; !bad && j < i; j++)
            if (strcmp(s->parameters[i], s->parameters[j]) == 0) bad = "two parameters have the same name";
    }
    for (size_t r = 0; !bad && r < s->nruns; r++)
        if (s->point[r] < 0 || (size_t)s->point[r] >= s->npoints || s->policy[r] < 0 ||
            (size_t)s->policy[r] >= s->npolicies || s->replicate[r] < 0 || s->replicate[r] >= s->replicates)
            bad = "a run's point, policy or replicate number is out of range";
    if (bad) {
        vol_sweep_file_free(s);
        VOL_ERROR(VOL_EINVAL, "%s: %s (a damaged or foreign sweep file?)", path, bad);
    }
    return VOL_OK;
}

void vol_sweep_file_free(vol_sweep_file *s)
{
    for (size_t i = 0; s->parameters && i < s->k; i++) free(s->parameters[i]);
    for (size_t i = 0; s->metrics && i < s->nmetrics; i++) free(s->metrics[i]);
    for (size_t i = 0; s->policies && i < s->npolicies; i++) free(s->policies[i]);
    for (size_t i = 0; s->policy_configs && i < s->npolicies; i++) free(s->policy_configs[i]);
    free(s->policy_configs);
    free(s->parameters);
    free(s->metrics);
    free(s->policies);
    free(s->path);
    free(s->design);
    free(s->unit);
    free(s->values);
    free(s->low);
    free(s->high);
    free(s->block);
    free(s->factor);
    free(s->point);
    free(s->policy);
    free(s->replicate);
    free(s->status);
    free(s->final);
    free(s->last_year);
    free(s->follow_days);
    free(s->at_day);
    memset(s, 0, sizeof *s);
}

/* ---- any volsim file, by path (vol_h5in) -------------------------------- */
struct vol_h5in {
    hid_t file;
    char *path;
};

vol_status vol_h5in_open(const char *path, const char *format, const char *command, vol_h5in **out)
{
    *out = NULL;
    hid_t file;
    vol_status s = open_volsim_file(path, format, command, &file);
    if (s != VOL_OK) return s;
    vol_h5in *r = calloc(1, sizeof *r);
    if (!r || !(r->path = strdup(path))) {
        free(r);
        H5Fclose(file);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    r->file = file;
    *out = r;
    return VOL_OK;
}

void vol_h5in_close(vol_h5in *r)
{
    if (!r) return;
    H5Fclose(r->file);
    free(r->path);
    free(r);
}

int vol_h5in_exists(const vol_h5in *r, const char *path)
{
    return strcmp(path, "/") == 0 || H5Lexists(r->file, path, H5P_DEFAULT) > 0;
}

static hid_t open_object(const vol_h5in *r, const char *path)
{
    if (!vol_h5in_exists(r, path)) return -1;
    return H5Oopen(r->file, path, H5P_DEFAULT);
}

vol_status vol_h5in_attr_long(const vol_h5in *r, const char *path, const char *name, long long *v)
{
    hid_t o = open_object(r, path);
    int ok = o >= 0 && attr_long(o, name, v);
    if (o >= 0) H5Oclose(o);
    if (!ok) VOL_ERROR(VOL_EINVAL, "%s: %s: expected the attribute %s, found none", r->path, path, name);
    return VOL_OK;
}

vol_status vol_h5in_attr_double(const vol_h5in *r, const char *path, const char *name, double *v)
{
    hid_t o = open_object(r, path), a = o >= 0 && H5Aexists(o, name) > 0 ? H5Aopen(o, name, H5P_DEFAULT) : -1;
    int ok = a >= 0 && H5Aread(a, H5T_NATIVE_DOUBLE, v) >= 0;
    if (a >= 0) H5Aclose(a);
    if (o >= 0) H5Oclose(o);
    if (!ok) VOL_ERROR(VOL_EINVAL, "%s: %s: expected the attribute %s, found none", r->path, path, name);
    return VOL_OK;
}

char *vol_h5in_attr_text(const vol_h5in *r, const char *path, const char *name)
{
    hid_t o = open_object(r, path);
    char *v = o >= 0 && H5Aexists(o, name) > 0 ? attr_string(o, name) : NULL;
    if (o >= 0) H5Oclose(o);
    return v;
}

double *vol_h5in_doubles(const vol_h5in *r, const char *path, size_t *n)
{
    *n = 0;
    if (!vol_h5in_exists(r, path)) {
        vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s: expected the dataset %s, found none", r->path, path);
        return NULL;
    }
    double *x = read_dataset(r->file, path, H5T_NATIVE_DOUBLE, sizeof(double), n);
    if (!x) vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s: %s: cannot read it as numbers", r->path, path);
    else undefined_to_nan(r->file, path, x, *n);
    return x;
}

int8_t *vol_h5in_bytes(const vol_h5in *r, const char *path, size_t *n)
{
    *n = 0;
    int8_t *x = vol_h5in_exists(r, path) ? read_dataset(r->file, path, H5T_NATIVE_INT8, 1, n) : NULL;
    if (!x) vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "%s: expected the dataset %s of small integers, found none", r->path, path);
    return x;
}

char **vol_h5in_texts(const vol_h5in *r, const char *path, size_t *n)
{
    *n = 0;
    return vol_h5in_exists(r, path) ? read_strings(r->file, path, n) : NULL;
}
