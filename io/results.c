/* SPDX-License-Identifier: GPL-3.0-or-later */
/* results.c: the HDF5 results file (schema in docs/results-format.md).
 *
 * Written under a temporary name in the target directory and renamed when
 * complete, never replacing an existing file unless forced. Every HDF5 call
 * is checked; helpers return a negative value on failure after closing what
 * they opened, and HDF5's own error printing is off (messages go through
 * VOL_ERROR and name the file). */
#define _GNU_SOURCE /* renameat2, asprintf */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include "vol_gitinfo.h"
#include "vol_outfile.h"
#include "vol_results.h"
#include "vol_h5read.h"
#include "vol_h5write.h"

#define NO_ID H5I_INVALID_HID

const char *vol_build_id(void)
{
    static char id[160];
    if (id[0]) return id;
    /* for the tests: pose as another build (a resume must refuse it) */
    const char *test_id = getenv("VOLSIM_TEST_BUILD_ID");
    if (test_id && *test_id) {
        snprintf(id, sizeof id, "%s", test_id);
        return id;
    }
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < vol_params_count(); i++) {
        const vol_param_info *p = vol_params_info(i);
        char row[1024];
        int n = snprintf(row, sizeof row, "%s|%d|%.17g|%.17g|%.17g|%s|%.17g|%.17g;", p->name, (int)p->type, p->def, p->min,
                         p->max, p->choices ? p->choices : "", p->plausible_min, p->plausible_max);
        for (int k = 0; k < n && k < (int)sizeof row - 1; k++) h = (h ^ (unsigned char)row[k]) * 0x100000001b3ULL;
    }
    snprintf(id, sizeof id, "commit %s; model sources %s; parameters %016llx", VOLSIM_GIT_COMMIT, VOLSIM_MODEL_SOURCES,
             (unsigned long long)h);
    return id;
}

const char *vol_io_reason(int e, char *buf, size_t n)
{
    const char *hint = e == ENOSPC || e == EDQUOT ? " (free some space, or write elsewhere with -o)"
                       : e == EFBIG ? " (over the file size limit, see ulimit -f; raise it, or write elsewhere with -o)"
                       : e == EROFS || e == EACCES || e == EPERM ? " (choose a writable directory with -o)"
                                                                  : "";
    if (e) snprintf(buf, n, ": %s%s", strerror(e), hint);
    else snprintf(buf, n, "%s", "");
    return buf;
}

/* VOL_ERROR(VOL_EIO, ...) with the system's reason appended: callers set
 * errno to 0 before the HDF5 calls, so a non-zero errno comes from them. */
#define IO_ERROR(fmt, ...)                                                              \
    do {                                                                                \
        char io_why_[256];                                                              \
        vol_io_reason(errno, io_why_, sizeof io_why_);                                 \
        return vol_error_set(VOL_EIO, __FILE__, __LINE__, fmt "%s", __VA_ARGS__, io_why_); \
    } while (0)

/* Tables are compressed in chunks of this many records. */
#define TABLE_CHUNK 4096

typedef struct {
    char *name;
    hid_t group, metrics;
    hid_t dset[VOL_M_COUNT];
    long reps, days; /* current extent of the metric datasets */
    uint64_t seed;
    int finished;
} scenario_out;

struct vol_results {
    hid_t file, scenarios;
    char *final_path, *tmp_path, *dir;
    char *interrupted; /* why and how far, for an interrupted run (NULL: complete) */
    int force, tmp_slot; /* tmp_slot: vol_tmp_register's, -1 when none */
    scenario_out *sc;
    size_t nsc;
};

/* ---- small HDF5 helpers (each returns < 0 on failure, leaks nothing) ---- */

/* Closes any identifier we created; 0 for NO_ID. */
static herr_t close_id(hid_t id)
{
    if (id < 0) return 0;
    switch (H5Iget_type(id)) {
    case H5I_FILE: return H5Fclose(id);
    case H5I_GROUP: return H5Gclose(id);
    case H5I_DATATYPE: return H5Tclose(id);
    case H5I_DATASPACE: return H5Sclose(id);
    case H5I_DATASET: return H5Dclose(id);
    case H5I_ATTR: return H5Aclose(id);
    case H5I_GENPROP_LST: return H5Pclose(id);
    default: return -1;
    }
}

/* Variable-length UTF-8 string: h5py reads it as str. */
static hid_t str_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return NO_ID;
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        close_id(t);
        return NO_ID;
    }
    return t;
}

/* Attribute of n values (scalar when n is 0 and scalar is set). */
static herr_t attr_write(hid_t loc, const char *name, hid_t type, int scalar, hsize_t n, const void *value)
{
    hid_t space = scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, NULL);
    hid_t a = space < 0 ? NO_ID : H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a < 0 ? -1 : H5Awrite(a, type, value);
    if (close_id(a) < 0) rc = -1;
    if (close_id(space) < 0) rc = -1;
    return rc;
}

static herr_t attr_str(hid_t loc, const char *name, const char *value)
{
    hid_t t = str_type();
    if (t < 0) return -1;
    const char *v = value ? value : "";
    herr_t rc = attr_write(loc, name, t, 1, 0, &v);
    if (close_id(t) < 0) rc = -1;
    return rc;
}

/* Only when value is not NULL (optional provenance). */
static herr_t attr_str_opt(hid_t loc, const char *name, const char *value)
{
    return value ? attr_str(loc, name, value) : 0;
}

static herr_t attr_strs(hid_t loc, const char *name, const char *const *values, size_t n)
{
    hid_t t = str_type();
    if (t < 0) return -1;
    const char *dummy = "";
    herr_t rc = attr_write(loc, name, t, 0, n, n ? (const void *)values : (const void *)&dummy);
    if (close_id(t) < 0) rc = -1;
    return rc;
}

static herr_t attr_i64(hid_t loc, const char *name, int64_t v)
{
    return attr_write(loc, name, H5T_NATIVE_INT64, 1, 0, &v);
}

static herr_t attr_u64(hid_t loc, const char *name, uint64_t v)
{
    return attr_write(loc, name, H5T_NATIVE_UINT64, 1, 0, &v);
}

static herr_t attr_i32(hid_t loc, const char *name, int32_t v)
{
    return attr_write(loc, name, H5T_NATIVE_INT32, 1, 0, &v);
}

static herr_t dataset_str(hid_t loc, const char *name, const char *value)
{
    hid_t t = str_type(), space = t < 0 ? NO_ID : H5Screate(H5S_SCALAR);
    hid_t d = space < 0 ? NO_ID : H5Dcreate2(loc, name, t, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = d < 0 ? -1 : H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value);
    if (close_id(d) < 0) rc = -1;
    if (close_id(space) < 0) rc = -1;
    if (close_id(t) < 0) rc = -1;
    return rc;
}

/* 1-D dataset of n elements of memory type mtype, stored as ftype (mtype
 * when ftype is NO_ID); chunked and compressed when chunked is set and n > 0.
 * Returns the open dataset (the caller closes it) or NO_ID. */
static hid_t dataset_1d(hid_t loc, const char *name, hid_t mtype, hid_t ftype, size_t n, const void *data,
                        int chunked)
{
    hsize_t dim = n, chunk = n < TABLE_CHUNK ? n : TABLE_CHUNK;
    hid_t space = H5Screate_simple(1, &dim, NULL), dcpl = NO_ID, d = NO_ID;
    herr_t rc = space < 0 ? -1 : 0;
    if (rc >= 0 && chunked && n > 0) {
        dcpl = H5Pcreate(H5P_DATASET_CREATE);
        if (dcpl < 0 || H5Pset_chunk(dcpl, 1, &chunk) < 0 || H5Pset_shuffle(dcpl) < 0 || H5Pset_deflate(dcpl, 4) < 0)
            rc = -1;
    }
    if (rc >= 0)
        d = H5Dcreate2(loc, name, ftype >= 0 ? ftype : mtype, space, H5P_DEFAULT, dcpl >= 0 ? dcpl : H5P_DEFAULT,
                       H5P_DEFAULT);
    if (d < 0) rc = -1;
    if (rc >= 0 && n > 0) rc = H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data);
    if (close_id(dcpl) < 0) rc = -1;
    if (close_id(space) < 0) rc = -1;
    if (rc < 0) {
        close_id(d);
        return NO_ID;
    }
    return d;
}

/* A group whose links are listed in creation order (readers see scenarios
 * in the order of the command line). */
static hid_t group_ordered(hid_t loc, const char *name)
{
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (gcpl < 0) return NO_ID;
    hid_t g = NO_ID;
    if (H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) >= 0)
        g = H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    if (close_id(gcpl) < 0) {
        close_id(g);
        return NO_ID;
    }
    return g;
}

static hid_t group_open_or_create(hid_t loc, const char *name)
{
    htri_t e = H5Lexists(loc, name, H5P_DEFAULT);
    if (e < 0) return NO_ID;
    return e ? H5Gopen2(loc, name, H5P_DEFAULT) : group_ordered(loc, name);
}

/* ---- create ------------------------------------------------------------ */
static void free_results(vol_results *r)
{
    vol_tmp_unregister(r->tmp_slot);
    for (size_t i = 0; i < r->nsc; i++) free(r->sc[i].name);
    free(r->sc);
    free(r->tmp_path);
    free(r->final_path);
    free(r->dir);
    free(r->interrupted);
    free(r);
}

/* Closes every open id and the file (the temporary file stays). */
static herr_t close_all(vol_results *r)
{
    herr_t rc = 0;
    for (size_t i = 0; i < r->nsc; i++) {
        scenario_out *o = &r->sc[i];
        for (int m = 0; m < VOL_M_COUNT; m++)
            if (close_id(o->dset[m]) < 0) rc = -1;
        if (close_id(o->metrics) < 0) rc = -1;
        if (close_id(o->group) < 0) rc = -1;
        for (int m = 0; m < VOL_M_COUNT; m++) o->dset[m] = NO_ID;
        o->metrics = o->group = NO_ID;
    }
    if (close_id(r->scenarios) < 0) rc = -1;
    r->scenarios = NO_ID;
    if (r->file >= 0 && H5Fflush(r->file, H5F_SCOPE_GLOBAL) < 0) rc = -1;
    if (close_id(r->file) < 0) rc = -1;
    r->file = NO_ID;
    return rc;
}

static herr_t write_root(vol_results *r, const vol_provenance *prov)
{
    char created[32] = "";
    time_t now = time(NULL);
    struct tm tmv;
    if (now == (time_t)-1 || !gmtime_r(&now, &tmv) || !strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tmv))
        return -1;
    if (attr_str(r->file, "format", "volsim-results") < 0 ||
        attr_i32(r->file, "schema_version", VOL_SCHEMA_VERSION) < 0 ||
        attr_str(r->file, "volsim_version", prov->version) < 0 ||
        attr_str(r->file, "git_commit", prov->git_commit) < 0 || attr_str(r->file, "build", vol_build_id()) < 0 ||
        attr_str(r->file, "created", created) < 0 ||
        attr_str(r->file, "command_line", prov->command_line) < 0)
        return -1;
    r->scenarios = group_ordered(r->file, "scenarios");
    return r->scenarios < 0 ? -1 : 0;
}

/* Creates the temporary file: latest format features of HDF5 1.8 and 1.10
 * only (readable by HDF5 >= 1.8 and every h5py); closing the file closes
 * everything in it, so that the renamed file is complete. */
static hid_t create_file(const char *path)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0) return NO_ID;
    hid_t f = NO_ID;
    if (H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V110) >= 0 &&
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) >= 0)
        f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    if (close_id(fapl) < 0) {
        close_id(f);
        return NO_ID;
    }
    return f;
}

/* HDF5 prints its error stack unless told not to, per thread: the
 * replicates are written from the thread that ran them, so every entry
 * point says it again (volsim reports the error itself, once). */
static void quiet_hdf5(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

void vol_results_library_init(void)
{
    H5dont_atexit();
}

vol_status vol_results_create(const char *final_path, int force, const vol_provenance *prov,
                               vol_results **out)
{
    if (!out) VOL_ERROR(VOL_EINVAL, "vol_results_create: out is NULL");
    *out = NULL;
    if (!final_path || !*final_path || !prov)
        VOL_ERROR(VOL_EINVAL, "vol_results_create: no output file name or provenance");
    if (H5open() < 0 || H5Eset_auto2(H5E_DEFAULT, NULL, NULL) < 0)
        VOL_ERROR(VOL_EFAILED, "cannot initialise the HDF5 library");
    struct stat st;
    if (stat(final_path, &st) == 0 && S_ISDIR(st.st_mode))
        VOL_ERROR(VOL_EINVAL, "%s is a directory; nothing was run and it is untouched (give a file name with -o, "
                              "e.g. -o %s/results.h5)", final_path, final_path);
    if (lstat(final_path, &st) == 0 && !force)
        VOL_ERROR(VOL_EINVAL, "%s already exists; nothing was run and the file is untouched "
                              "(use --force to overwrite it, or -o to write elsewhere)", final_path);
    vol_results *r = calloc(1, sizeof *r);
    char *dcopy = strdup(final_path), *bcopy = strdup(final_path);
    if (!r || !dcopy || !bcopy) {
        free(r); free(dcopy); free(bcopy);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    r->file = r->scenarios = NO_ID;
    r->force = force;
    r->tmp_slot = -1;
    const char *base = basename(bcopy);
    r->dir = strdup(dirname(dcopy));
    r->final_path = strdup(final_path);
    char *tmp = NULL;
    (void)base;
    int ok = r->dir && r->final_path && (tmp = vol_tmp_name(final_path, NULL)) != NULL;
    free(dcopy);
    free(bcopy);
    if (!ok) {
        free_results(r);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    r->tmp_path = tmp;
    if (stat(r->dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "cannot write %s: directory '%s' does not exist", final_path,
                      r->dir);
        free_results(r);
        return VOL_EINVAL;
    }
    vol_tmp_clean_stale_default(final_path);
    r->tmp_slot = vol_tmp_register(r->tmp_path);
    errno = 0;
    r->file = create_file(r->tmp_path);
    if (r->file < 0) {
        char why[256];
        vol_io_reason(errno, why, sizeof why);
        vol_error_set(VOL_EIO, __FILE__, __LINE__, "cannot create %s (as the temporary file %s)%s; nothing was run",
                      final_path, r->tmp_path, why);
        unlink(r->tmp_path); /* in case HDF5 got as far as creating it */
        free_results(r);
        return VOL_EIO;
    }
    if (write_root(r, prov) < 0) {
        char why[256];
        vol_io_reason(errno, why, sizeof why);
        vol_results_abort(r);
        VOL_ERROR(VOL_EIO, "cannot write the root attributes of %s%s; nothing was run", final_path, why);
    }
    *out = r;
    return VOL_OK;
}

const char *vol_results_tmp_path(const vol_results *r)
{
    return r ? r->tmp_path : "";
}

/* ---- scenarios ---------------------------------------------------------- */
typedef struct {
    const char *name, *type, *unit, *description, *value_text;
    double value, min, max;
} param_row;

static hid_t param_row_type(hid_t st)
{
    hid_t ct = H5Tcreate(H5T_COMPOUND, sizeof(param_row));
    if (ct < 0) return NO_ID;
    if (H5Tinsert(ct, "name", HOFFSET(param_row, name), st) < 0 ||
        H5Tinsert(ct, "type", HOFFSET(param_row, type), st) < 0 ||
        H5Tinsert(ct, "value", HOFFSET(param_row, value), H5T_NATIVE_DOUBLE) < 0 ||
        H5Tinsert(ct, "value_text", HOFFSET(param_row, value_text), st) < 0 ||
        H5Tinsert(ct, "min", HOFFSET(param_row, min), H5T_NATIVE_DOUBLE) < 0 ||
        H5Tinsert(ct, "max", HOFFSET(param_row, max), H5T_NATIVE_DOUBLE) < 0 ||
        H5Tinsert(ct, "unit", HOFFSET(param_row, unit), st) < 0 ||
        H5Tinsert(ct, "description", HOFFSET(param_row, description), st) < 0) {
        close_id(ct);
        return NO_ID;
    }
    return ct;
}

/* Group parameters (one attribute per row of the parameter table, named by
 * its dotted path) and the compound dataset parameter_table (with units). */
static herr_t write_parameters(hid_t group, const vol_params *p)
{
    static const char *const types[] = {"real", "integer", "bool", "choice"};
    size_t n = vol_params_count();
    param_row *rows = calloc(n ? n : 1, sizeof *rows);
    char(*texts)[96] = calloc(n ? n : 1, sizeof *texts);
    char(*choices)[64] = calloc(n ? n : 1, sizeof *choices);
    hid_t pg = NO_ID, st = NO_ID, ct = NO_ID, d = NO_ID;
    herr_t rc = (rows && texts && choices) ? 0 : -1;
    if (rc >= 0) {
        pg = group_ordered(group, "parameters");
        if (pg < 0) rc = -1;
    }
    for (size_t i = 0; i < n && rc >= 0; i++) {
        const vol_param_info *info = vol_params_info(i);
        vol_params_format(p, info, texts[i], sizeof texts[i]);
        rows[i] = (param_row){info->name, types[info->type], info->unit ? info->unit : "",
                              info->description ? info->description : "", texts[i], vol_params_get(p, info),
                              info->min, info->max};
        switch (info->type) {
        case VOL_PT_REAL: {
            double v = vol_params_get(p, info);
            rc = attr_write(pg, info->name, H5T_NATIVE_DOUBLE, 1, 0, &v);
            break;
        }
        case VOL_PT_INT: rc = attr_i64(pg, info->name, (int64_t)vol_params_get_long(p, info)); break;
        case VOL_PT_BOOL: {
            uint8_t v = vol_params_get_long(p, info) != 0;
            rc = attr_write(pg, info->name, H5T_NATIVE_UINT8, 1, 0, &v);
            break;
        }
        case VOL_PT_CHOICE: {
            const char *c = vol_params_choice_name(info, (int)vol_params_get_long(p, info), choices[i],
                                                   sizeof choices[i]);
            rc = c ? attr_str(pg, info->name, c) : -1;
            break;
        }
        default: rc = -1; break;
        }
    }
    if (rc >= 0 && ((st = str_type()) < 0 || (ct = param_row_type(st)) < 0)) rc = -1;
    if (rc >= 0 && (d = dataset_1d(group, "parameter_table", ct, NO_ID, n, rows, 0)) < 0) rc = -1;
    if (rc >= 0)
        rc = attr_str(d, "description", "One row per parameter of the parameter table: the value used "
                                        "(value as float64; value_text as in a scenario file), its allowed "
                                        "range [min, max] (indices for a choice), unit and meaning");
    if (close_id(d) < 0) rc = -1;
    if (close_id(ct) < 0) rc = -1;
    if (close_id(st) < 0) rc = -1;
    if (close_id(pg) < 0) rc = -1;
    free(rows);
    free(texts);
    free(choices);
    return rc;
}

size_t vol_finite_copy(double *dst, const double *src, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int bad = !isfinite(src[i]);
        dst[i] = bad ? VOL_UNDEFINED : src[i];
        k += (size_t)bad;
    }
    return k;
}

static herr_t attr_f64(hid_t loc, const char *name, double v)
{
    return attr_write(loc, name, H5T_NATIVE_DOUBLE, 1, 0, &v);
}

static herr_t write_metric_datasets(scenario_out *o, long replicates)
{
    /* replicates can come in batches (replicate control): unlimited rows;
     * a chunk is one replicate's series, written in one piece */
    hsize_t dims[2] = {(hsize_t)replicates, (hsize_t)o->days}, chunk[2] = {1, (hsize_t)o->days},
            maxdims[2] = {H5S_UNLIMITED, (hsize_t)o->days};
    double fill = VOL_UNDEFINED;
    hid_t space = H5Screate_simple(2, dims, maxdims), dcpl = H5Pcreate(H5P_DATASET_CREATE),
          dapl = H5Pcreate(H5P_DATASET_ACCESS);
    herr_t rc = 0;
    /* no chunk cache: every chunk is written whole, once, and HDF5's default
     * (1 MiB per dataset, one dataset per metric) was most of a run's memory */
    if (space < 0 || dcpl < 0 || dapl < 0 || H5Pset_chunk(dcpl, 2, chunk) < 0 || H5Pset_shuffle(dcpl) < 0 ||
        H5Pset_deflate(dcpl, 4) < 0 || H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &fill) < 0 ||
        H5Pset_chunk_cache(dapl, H5D_CHUNK_CACHE_NSLOTS_DEFAULT, 0, H5D_CHUNK_CACHE_W0_DEFAULT) < 0)
        rc = -1;
    for (int m = 0; m < VOL_M_COUNT && rc >= 0; m++) {
        const vol_metric_info *mi = vol_metrics_info((size_t)m);
        o->dset[m] = H5Dcreate2(o->metrics, mi->name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, dcpl, dapl);
        if (o->dset[m] < 0 || attr_str(o->dset[m], "units", mi->unit) < 0 ||
            attr_str(o->dset[m], "description", mi->description) < 0 ||
            attr_str(o->dset[m], "dimensions", "replicate,day") < 0 ||
            attr_f64(o->dset[m], "undefined_value", VOL_UNDEFINED) < 0)
            rc = -1;
    }
    if (close_id(dapl) < 0) rc = -1;
    if (close_id(dcpl) < 0) rc = -1;
    if (close_id(space) < 0) rc = -1;
    return rc;
}

static vol_status check_index(const vol_results *r, size_t index, const char *fn)
{
    if (!r) VOL_ERROR(VOL_EINVAL, "%s: no results file", fn);
    if (index >= r->nsc) VOL_ERROR(VOL_EINVAL, "%s: no scenario %zu in %s", fn, index, r->final_path);
    return VOL_OK;
}

vol_status vol_results_add_scenario(vol_results *r, const vol_scenario *sc, long replicates, long days,
                                     size_t *index)
{
    quiet_hdf5();
    errno = 0;
    if (!r || !sc || !index) VOL_ERROR(VOL_EINVAL, "vol_results_add_scenario: bad arguments");
    const char *name = sc->name;
    if (!name || !*name || strchr(name, '/') || strcmp(name, ".") == 0)
        VOL_ERROR(VOL_EINVAL, "%s: scenario name \"%s\" cannot name an HDF5 group (empty, \".\" or with '/')",
                  sc->path ? sc->path : "?", name ? name : "");
    if (replicates < 0 || days < 1 || days > INT32_MAX)
        VOL_ERROR(VOL_EINVAL, "scenario %s: %ld replicates of %ld days cannot be stored", name, replicates, days);
    htri_t exists = H5Lexists(r->scenarios, name, H5P_DEFAULT);
    if (exists < 0) IO_ERROR("cannot look up scenario %s in %s", name, r->final_path);
    if (exists) VOL_ERROR(VOL_EINVAL, "scenario name %s appears twice in %s; names must differ", name, r->final_path);
    scenario_out *q = realloc(r->sc, (r->nsc + 1) * sizeof *q);
    if (!q) VOL_ERROR(VOL_ENOMEM, "out of memory");
    r->sc = q;
    /* the entry is added at once so that abort closes whatever was opened */
    scenario_out *o = &r->sc[r->nsc];
    memset(o, 0, sizeof *o);
    o->group = o->metrics = NO_ID;
    for (int m = 0; m < VOL_M_COUNT; m++) o->dset[m] = NO_ID;
    o->name = strdup(name);
    if (!o->name) VOL_ERROR(VOL_ENOMEM, "out of memory");
    o->reps = replicates;
    o->days = days;
    o->seed = (uint64_t)sc->params.run_seed;
    size_t at = r->nsc++;
    o->group = group_ordered(r->scenarios, name);
    if (o->group < 0) IO_ERROR("cannot create group /scenarios/%s in %s", name, r->final_path);
    if (attr_str(o->group, "name", name) < 0 || attr_str(o->group, "source_file", sc->path) < 0 ||
        attr_str_opt(o->group, "description", sc->description) < 0 ||
        attr_str_opt(o->group, "question", sc->question) < 0 ||
        attr_strs(o->group, "base_chain", (const char *const *)sc->chain, sc->chain ? sc->chain_len : 0) < 0 ||
        attr_u64(o->group, "seed", o->seed) < 0 || attr_i64(o->group, "days", days) < 0 ||
        write_parameters(o->group, &sc->params) < 0)
        IO_ERROR("cannot write the provenance of scenario %s to %s", name, r->final_path);
    o->metrics = group_ordered(o->group, "metrics");
    if (o->metrics < 0 || write_metric_datasets(o, replicates) < 0)
        IO_ERROR("cannot create the metric datasets of scenario %s in %s", name, r->final_path);
    *index = at;
    return VOL_OK;
}

static herr_t set_reps(scenario_out *o, long reps)
{
    hsize_t ext[2] = {(hsize_t)reps, (hsize_t)o->days};
    for (int m = 0; m < VOL_M_COUNT; m++)
        if (H5Dset_extent(o->dset[m], ext) < 0) return -1;
    o->reps = reps;
    return 0;
}

vol_status vol_results_write_replicate(vol_results *r, size_t index, long rep, const double *metrics)
{
    quiet_hdf5();
    errno = 0;
    vol_status s = check_index(r, index, "vol_results_write_replicate");
    if (s != VOL_OK) return s;
    scenario_out *o = &r->sc[index];
    if (o->finished) VOL_ERROR(VOL_EINVAL, "scenario %s is already finished in %s", o->name, r->final_path);
    if (!metrics) VOL_ERROR(VOL_EINVAL, "vol_results_write_replicate: no metrics");
    if (rep < 0 || rep > (long)UINT32_MAX) VOL_ERROR(VOL_EINVAL, "replicate %ld out of range", rep);
    if (rep >= o->reps && set_reps(o, rep + 1) < 0)
        IO_ERROR("cannot extend the metrics of %s to replicate %ld in %s", o->name, rep, r->final_path);
    hsize_t start[2] = {(hsize_t)rep, 0}, count[2] = {1, (hsize_t)o->days};
    hid_t mem = H5Screate_simple(2, count, NULL);
    double *row = malloc((size_t)o->days * sizeof *row);
    if (!row) {
        close_id(mem);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    herr_t rc = mem < 0 ? -1 : 0;
    for (int m = 0; m < VOL_M_COUNT && rc >= 0; m++) {
        hid_t fs = H5Dget_space(o->dset[m]);
        rc = fs < 0 ? -1 : H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
        /* no NaN in the file: undefined days become undefined_value */
        vol_finite_copy(row, metrics + (size_t)m * (size_t)o->days, (size_t)o->days);
        if (rc >= 0) rc = H5Dwrite(o->dset[m], H5T_NATIVE_DOUBLE, mem, fs, H5P_DEFAULT, row);
        if (close_id(fs) < 0) rc = -1;
    }
    free(row);
    if (close_id(mem) < 0) rc = -1;
    if (rc < 0) IO_ERROR("cannot write replicate %ld of %s to %s", rep, o->name, r->final_path);
    return VOL_OK;
}

typedef struct {
    uint32_t replicate;
    uint64_t key0, key1_base;
} key_row;

/* replicate_keys, replicate [reps] and day [days]. */
static herr_t write_keys(hid_t group, uint64_t seed, long reps, long days)
{
    key_row *k = calloc(reps > 0 ? (size_t)reps : 1, sizeof *k);
    int32_t *rep = calloc(reps > 0 ? (size_t)reps : 1, sizeof *rep);
    int32_t *day = calloc((size_t)days, sizeof *day);
    hid_t ct = NO_ID, d = NO_ID;
    herr_t rc = (k && rep && day) ? 0 : -1;
    for (long i = 0; rc >= 0 && i < reps; i++) {
        k[i] = (key_row){(uint32_t)i, seed, (uint64_t)i << 32};
        rep[i] = (int32_t)i;
    }
    for (long i = 0; rc >= 0 && i < days; i++) day[i] = (int32_t)(i + 1);
    if (rc >= 0) {
        ct = H5Tcreate(H5T_COMPOUND, sizeof(key_row));
        if (ct < 0 || H5Tinsert(ct, "replicate", HOFFSET(key_row, replicate), H5T_NATIVE_UINT32) < 0 ||
            H5Tinsert(ct, "philox_key0", HOFFSET(key_row, key0), H5T_NATIVE_UINT64) < 0 ||
            H5Tinsert(ct, "philox_key1_base", HOFFSET(key_row, key1_base), H5T_NATIVE_UINT64) < 0)
            rc = -1;
    }
    if (rc >= 0 && (d = dataset_1d(group, "replicate_keys", ct, NO_ID, (size_t)reps, k, 0)) < 0) rc = -1;
    if (rc >= 0)
        rc = attr_str(d, "description",
                      "Random streams of replicate r are Philox4x64-10 with key {philox_key0, "
                      "philox_key1_base | purpose} and counter {agent, day, block, 0} (docs/ODD.md)");
    if (close_id(d) < 0) rc = -1;
    d = NO_ID;
    if (rc >= 0 && (d = dataset_1d(group, "replicate", H5T_NATIVE_INT32, NO_ID, (size_t)reps, rep, 0)) < 0) rc = -1;
    if (rc >= 0) rc = attr_str(d, "units", "replicate number (0-based; row of the metric datasets)");
    if (close_id(d) < 0) rc = -1;
    d = NO_ID;
    if (rc >= 0 && (d = dataset_1d(group, "day", H5T_NATIVE_INT32, NO_ID, (size_t)days, day, 0)) < 0) rc = -1;
    if (rc >= 0) rc = attr_str(d, "units", "day (1 = the first simulated day)");
    if (close_id(d) < 0) rc = -1;
    if (close_id(ct) < 0) rc = -1;
    free(k);
    free(rep);
    free(day);
    return rc;
}

/* replicate and day as HDF5 dimension scales of every metric dataset
 * (h5py: d.dims[1][0] is the day). */
static herr_t attach_scales(scenario_out *o)
{
    hid_t rep = H5Dopen2(o->group, "replicate", H5P_DEFAULT), day = H5Dopen2(o->group, "day", H5P_DEFAULT);
    herr_t rc = (rep < 0 || day < 0 || H5DSset_scale(rep, "replicate") < 0 || H5DSset_scale(day, "day") < 0) ? -1 : 0;
    for (int m = 0; m < VOL_M_COUNT && rc >= 0; m++)
        if (H5DSattach_scale(o->dset[m], rep, 0) < 0 || H5DSattach_scale(o->dset[m], day, 1) < 0 ||
            H5DSset_label(o->dset[m], 0, "replicate") < 0 || H5DSset_label(o->dset[m], 1, "day") < 0)
            rc = -1;
    if (close_id(day) < 0) rc = -1;
    if (close_id(rep) < 0) rc = -1;
    return rc;
}

vol_status vol_results_finish_scenario(vol_results *r, size_t index, const vol_scenario *sc, long replicates,
                                        const char *replicate_control)
{
    quiet_hdf5();
    errno = 0;
    vol_status s = check_index(r, index, "vol_results_finish_scenario");
    if (s != VOL_OK) return s;
    scenario_out *o = &r->sc[index];
    if (!sc) VOL_ERROR(VOL_EINVAL, "vol_results_finish_scenario: no scenario");
    if (o->finished) VOL_ERROR(VOL_EINVAL, "scenario %s is already finished in %s", o->name, r->final_path);
    if (replicates < 1 || replicates > (long)UINT32_MAX + 1)
        VOL_ERROR(VOL_EINVAL, "scenario %s: %ld replicates cannot be stored", o->name, replicates);
    if (set_reps(o, replicates) < 0)
        IO_ERROR("cannot size the metrics of %s to %ld replicates in %s", o->name, replicates,
                  r->final_path);
    /* the resolved scenario says how many replicates and days were run, so
     * that running it again reproduces the data */
    vol_scenario copy = *sc;
    copy.params.run_replicates = replicates;
    copy.params.run_days = o->days;
    char *text = vol_scenario_resolved_text(&copy);
    if (!text) VOL_ERROR(VOL_ENOMEM, "out of memory for the resolved scenario %s", o->name);
    herr_t rc = 0;
    if (attr_i64(o->group, "replicates", replicates) < 0 || dataset_str(o->group, "config", text) < 0 ||
        write_keys(o->group, o->seed, replicates, o->days) < 0 ||
        (replicate_control && attr_str(o->group, "replicate_control", replicate_control) < 0))
        rc = -1;
    if (rc >= 0 && attach_scales(o) < 0) rc = -1;
    free(text);
    if (rc < 0) IO_ERROR("cannot write the replicates of scenario %s to %s", o->name, r->final_path);
    o->finished = 1;
    return VOL_OK;
}

/* ---- agent tables and events -------------------------------------------- */
/* The compound memory type of a table, from its field descriptors (shared
 * with the reader: io/h5read.c). */
static hid_t table_type(const vol_table_info *ti) { return (hid_t)vol_table_h5type(ti); }

/* Dataset `name` of n records: chunked, compressed, packed on disk, with
 * attribute field_descriptions ("field: description" per field). */
static herr_t write_table(hid_t loc, const char *name, const vol_table_info *ti, void *records, size_t n)
{
    /* no NaN in the file: a floating-point field without a value becomes
     * undefined_value */
    for (size_t i = 0; i < n; i++)
        for (size_t f = 0; f < ti->nfields; f++)
            if (ti->fields[f].type == VOL_FT_F64) {
                double *x = (double *)(void *)((char *)records + i * ti->record_size + ti->fields[f].offset);
                if (!isfinite(*x)) *x = VOL_UNDEFINED;
            }
    hid_t mt = table_type(ti), ft = NO_ID, d = NO_ID;
    char **desc = calloc(ti->nfields ? ti->nfields : 1, sizeof *desc);
    herr_t rc = (mt >= 0 && desc) ? 0 : -1;
    if (rc >= 0 && ((ft = H5Tcopy(mt)) < 0 || H5Tpack(ft) < 0)) rc = -1;
    if (rc >= 0 && (d = dataset_1d(loc, name, mt, ft, n, records, 1)) < 0) rc = -1;
    for (size_t f = 0; rc >= 0 && f < ti->nfields; f++)
        if (asprintf(&desc[f], "%s: %s", ti->fields[f].name, ti->fields[f].description) < 0) {
            desc[f] = NULL;
            rc = -1;
        }
    if (rc >= 0) rc = attr_strs(d, "field_descriptions", (const char *const *)desc, ti->nfields);
    if (rc >= 0) rc = attr_str(d, "table", ti->name);
    if (rc >= 0) rc = attr_f64(d, "undefined_value", VOL_UNDEFINED);
    for (size_t f = 0; desc && f < ti->nfields; f++) free(desc[f]);
    free(desc);
    if (close_id(d) < 0) rc = -1;
    if (close_id(ft) < 0) rc = -1;
    if (close_id(mt) < 0) rc = -1;
    return rc;
}

/* Exports table t of s and writes it as loc/name. */
static vol_status export_table(vol_results *r, const scenario_out *o, hid_t loc, const char *name,
                               const vol_sim *s, vol_table_id t, long rep)
{
    void *records = NULL;
    size_t n = 0;
    vol_status st = vol_sim_export(s, t, &records, &n);
    if (st != VOL_OK) return st;
    herr_t rc = write_table(loc, name, vol_table(t), records, n);
    free(records);
    if (rc < 0)
        IO_ERROR("cannot write table %s of replicate %ld of %s to %s", vol_table(t)->name, rep, o->name,
                  r->final_path);
    return VOL_OK;
}

/* panel/rNNNN of a scenario: wellbeing float32 [clients, times] (chunked
 * per 256 clients, compressed), day int32 [times] (1-based, as the metrics'
 * day), first_company_contact_day int32 [clients] (0-based recorded day,
 * -1 when never). */
static vol_status write_panel(vol_results *r, const scenario_out *o, const char *rname, const vol_sim *s)
{
    const float *w;
    size_t nc, nt;
    long every;
    vol_status st = vol_sim_client_panel(s, &w, &nc, &nt, &every);
    if (st != VOL_OK || !w || nt == 0) return st;
    size_t nrec;
    vol_client_record *cl = NULL;
    if ((st = vol_sim_export(s, VOL_TABLE_CLIENTS, (void **)&cl, &nrec)) != VOL_OK) return st;
    int32_t *first = malloc((nc + 1) * sizeof *first), *day = malloc((nt + 1) * sizeof *day);
    herr_t rc = first && day && nrec == nc ? 0 : -1;
    for (size_t i = 0; rc >= 0 && i < nc; i++) first[i] = cl[i].first_company_contact_day;
    for (size_t k = 0; rc >= 0 && k < nt; k++) day[k] = (int32_t)((long)(k + 1) * every);
    free(cl);
    hid_t top = rc >= 0 ? group_open_or_create(o->group, "panel") : NO_ID, g = NO_ID, space = NO_ID, dcpl = NO_ID,
          d = NO_ID;
    if (top < 0) rc = -1;
    if (rc >= 0) {
        htri_t e = H5Lexists(top, rname, H5P_DEFAULT);
        if (e != 0) rc = -1;
        else g = group_ordered(top, rname);
    }
    if (g < 0) rc = -1;
    hsize_t dims[2] = {nc, nt}, chunk[2] = {nc < 256 ? nc : 256, nt};
    if (rc >= 0 && ((space = H5Screate_simple(2, dims, NULL)) < 0 || (dcpl = H5Pcreate(H5P_DATASET_CREATE)) < 0 ||
                    H5Pset_chunk(dcpl, 2, chunk) < 0 || H5Pset_shuffle(dcpl) < 0 || H5Pset_deflate(dcpl, 4) < 0))
        rc = -1;
    if (rc >= 0 && (d = H5Dcreate2(g, "wellbeing", H5T_IEEE_F32LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0) rc = -1;
    if (rc >= 0 && H5Dwrite(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, w) < 0) rc = -1;
    if (rc >= 0 && (attr_str(d, "description", "client wellbeing (0-1) at the end of each panel day") < 0 ||
                    attr_str(d, "dimensions", "client,time") < 0))
        rc = -1;
    if (close_id(d) < 0 || close_id(dcpl) < 0 || close_id(space) < 0) rc = -1;
    if (rc >= 0 && close_id(dataset_1d(g, "day", H5T_NATIVE_INT32, H5T_STD_I32LE, nt, day, 0)) < 0) rc = -1;
    if (rc >= 0 && close_id(dataset_1d(g, "first_company_contact_day", H5T_NATIVE_INT32, H5T_STD_I32LE, nc, first, 1)) < 0)
        rc = -1;
    if (rc >= 0 && attr_i64(g, "interval_days", every) < 0) rc = -1;
    if (close_id(g) < 0 || close_id(top) < 0) rc = -1;
    free(first);
    free(day);
    if (rc < 0) IO_ERROR("cannot write the client panel panel/%s of %s in %s", rname, o->name, r->final_path);
    return VOL_OK;
}

vol_status vol_results_write_tables(vol_results *r, size_t index, long rep, const vol_sim *s, int with_agents,
                                     int with_events)
{
    quiet_hdf5();
    errno = 0;
    vol_status st = check_index(r, index, "vol_results_write_tables");
    if (st != VOL_OK) return st;
    scenario_out *o = &r->sc[index];
    if (!s) VOL_ERROR(VOL_EINVAL, "vol_results_write_tables: no simulation");
    if (rep < 0 || rep > (long)UINT32_MAX) VOL_ERROR(VOL_EINVAL, "replicate %ld out of range", rep);
    char rname[32];
    snprintf(rname, sizeof rname, "r%04ld", rep);
    if (with_agents) {
        hid_t top = group_open_or_create(o->group, "agents");
        hid_t g = NO_ID;
        if (top >= 0) {
            htri_t e = H5Lexists(top, rname, H5P_DEFAULT);
            g = e == 0 ? group_ordered(top, rname) : NO_ID;
            if (e > 0) {
                close_id(top);
                VOL_ERROR(VOL_EINVAL, "the agent tables of replicate %ld of %s are already written", rep, o->name);
            }
        }
        if (close_id(top) < 0 || g < 0) {
            close_id(g);
            IO_ERROR("cannot create group agents/%s of %s in %s", rname, o->name, r->final_path);
        }
        for (int t = 0; t < VOL_TABLE_COUNT && st == VOL_OK; t++)
            if (t != VOL_TABLE_EVENTS) st = export_table(r, o, g, vol_table((vol_table_id)t)->name, s, (vol_table_id)t, rep);
        if (close_id(g) < 0 && st == VOL_OK)
            IO_ERROR("cannot close group agents/%s of %s in %s", rname, o->name, r->final_path);
        if (st != VOL_OK) return st;
    }
    if (with_events) {
        hid_t g = group_open_or_create(o->group, "events");
        if (g < 0) IO_ERROR("cannot create group events of %s in %s", o->name, r->final_path);
        htri_t e = H5Lexists(g, rname, H5P_DEFAULT);
        st = e == 0 ? export_table(r, o, g, rname, s, VOL_TABLE_EVENTS, rep)
             : e > 0 ? vol_error_set(VOL_EINVAL, __FILE__, __LINE__,
                                     "the events of replicate %ld of %s are already written", rep, o->name)
                     : vol_error_set(VOL_EIO, __FILE__, __LINE__, "cannot look up events/%s in %s", rname,
                                     r->final_path);
        if (close_id(g) < 0 && st == VOL_OK)
            IO_ERROR("cannot close group events of %s in %s", o->name, r->final_path);
        if (st != VOL_OK) return st;
    }
    return write_panel(r, o, rname, s);
}

/* ---- commit / abort ------------------------------------------------------ */
/* Data on disk before the rename makes it visible (fsync; file systems
 * that cannot sync, e.g. some FUSE ones, answer EINVAL: nothing to do). */
int vol_sync_path(const char *path, int directory)
{
    int fd = open(path, O_RDONLY | (directory ? O_DIRECTORY : 0) | O_CLOEXEC);
    if (fd < 0) return directory ? 0 : -1;
    int rc = fsync(fd) == 0 || errno == EINVAL || errno == EROFS ? 0 : -1;
    int e = errno;
    close(fd);
    errno = e;
    return directory ? 0 : rc;
}

vol_status vol_results_commit(vol_results *r)
{
    quiet_hdf5();
    if (!r) VOL_ERROR(VOL_EINVAL, "vol_results_commit: no results file");
    for (size_t i = 0; i < r->nsc; i++)
        if (!r->sc[i].finished) {
            vol_error_set(VOL_EINVAL, __FILE__, __LINE__,
                          "scenario %s was never finished (vol_results_finish_scenario); nothing was written to %s",
                          r->sc[i].name, r->final_path);
            vol_results_abort(r);
            return VOL_EINVAL;
        }
    errno = 0;
    int rc = attr_i32(r->file, "complete", r->interrupted ? 0 : 1) < 0 ||
                     (r->interrupted && attr_str(r->file, "interrupted", r->interrupted) < 0)
                 ? -1
                 : 0;
    if (rc < 0 || close_all(r) < 0 || vol_sync_path(r->tmp_path, 0) < 0) {
        char why[256];
        vol_io_reason(errno, why, sizeof why);
        close_all(r);
        unlink(r->tmp_path);
        vol_error_set(VOL_EIO, __FILE__, __LINE__, "cannot finish writing %s%s; nothing was written", r->final_path,
                      why);
        free_results(r);
        return VOL_EIO;
    }
    vol_status moved = vol_h5_move_into_place(r->tmp_path, r->final_path, r->force);
    free_results(r);
    return moved;
}

vol_status vol_results_drop_scenario(vol_results *r, size_t index)
{
    quiet_hdf5();
    vol_status s = check_index(r, index, "vol_results_drop_scenario");
    if (s != VOL_OK) return s;
    scenario_out *o = &r->sc[index];
    if (o->finished) VOL_ERROR(VOL_EINVAL, "scenario %s is already finished in %s", o->name, r->final_path);
    errno = 0;
    herr_t rc = 0;
    for (int m = 0; m < VOL_M_COUNT; m++) {
        if (close_id(o->dset[m]) < 0) rc = -1;
        o->dset[m] = NO_ID;
    }
    if (close_id(o->metrics) < 0) rc = -1;
    if (close_id(o->group) < 0) rc = -1;
    o->metrics = o->group = NO_ID;
    if (rc < 0 || H5Ldelete(r->scenarios, o->name, H5P_DEFAULT) < 0)
        IO_ERROR("cannot remove scenario %s from %s", o->name, r->final_path);
    o->finished = 2;
    return VOL_OK;
}

vol_status vol_results_mark_interrupted(vol_results *r, const char *note)
{
    quiet_hdf5();
    if (!r || !note) VOL_ERROR(VOL_EINVAL, "vol_results_mark_interrupted: bad arguments");
    char *copy = strdup(note);
    if (!copy) VOL_ERROR(VOL_ENOMEM, "out of memory");
    free(r->interrupted);
    r->interrupted = copy;
    return VOL_OK;
}

vol_status vol_results_set_requested(vol_results *r, size_t index, long requested)
{
    quiet_hdf5();
    vol_status s = check_index(r, index, "vol_results_set_requested");
    if (s != VOL_OK) return s;
    scenario_out *o = &r->sc[index];
    if (o->finished != 1) VOL_ERROR(VOL_EINVAL, "scenario %s is not finished in %s", o->name, r->final_path);
    errno = 0;
    if (attr_i64(o->group, "replicates_requested", requested) < 0)
        IO_ERROR("cannot write the replicates requested of %s to %s", o->name, r->final_path);
    return VOL_OK;
}

void vol_results_abort(vol_results *r)
{
    quiet_hdf5();
    if (!r) return;
    close_all(r);
    unlink(r->tmp_path);
    free_results(r);
}
