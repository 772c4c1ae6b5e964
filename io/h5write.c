/* SPDX-License-Identifier: GPL-3.0-or-later */
/* h5write.c: the small HDF5 writer of vol_h5write.h. */
#define _GNU_SOURCE /* renameat2, asprintf */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <hdf5.h>
#include "vol_h5write.h"
#include "vol_outfile.h"

#define NO_ID H5I_INVALID_HID
#define UNDEFINED (-1.0) /* stored for a value that has none (NaN) */

struct vol_h5out {
    hid_t file;
    char *final_path, *tmp_path, *dir;
    int force, tmp_slot; /* tmp_slot: vol_tmp_register's, -1 when none */
};

/* VOL_ERROR(VOL_EIO, ...) naming the final file, with the system's reason */
static vol_status io_error(const vol_h5out *w, const char *what)
{
    char why[256];
    vol_io_reason(errno, why, sizeof why);
    return vol_error_set(VOL_EIO, __FILE__, __LINE__, "cannot write %s of %s%s", what, w->final_path, why);
}

vol_status vol_h5_move_into_place(const char *tmp_path, const char *final_path, int force)
{
    int ok;
    if (force) {
        ok = rename(tmp_path, final_path) == 0;
    } else {
        ok = renameat2(AT_FDCWD, tmp_path, AT_FDCWD, final_path, RENAME_NOREPLACE) == 0;
        if (!ok && (errno == EINVAL || errno == ENOSYS)) {
            /* no RENAME_NOREPLACE here: link() refuses an existing name too */
            ok = link(tmp_path, final_path) == 0;
            if (ok) unlink(tmp_path);
        }
    }
    if (ok) { /* the rename itself made durable */
        char *d = strdup(final_path);
        if (d) vol_sync_path(dirname(d), 1);
        free(d);
        return VOL_OK;
    }
    int e = errno;
    unlink(tmp_path);
    vol_status code = e == EEXIST ? VOL_EINVAL : VOL_EIO;
    return vol_error_set(code, __FILE__, __LINE__, "cannot move the results to %s: %s%s", final_path, strerror(e),
                         e == EEXIST ? " (it appeared meanwhile; use --force to overwrite it)" : "");
}

static void free_writer(vol_h5out *w)
{
    if (!w) return;
    vol_tmp_unregister(w->tmp_slot);
    free(w->final_path);
    free(w->tmp_path);
    free(w->dir);
    free(w);
}

static herr_t attr_raw(hid_t loc, const char *name, hid_t type, const void *v)
{
    hid_t sp = H5Screate(H5S_SCALAR);
    if (sp < 0) return -1;
    if (H5Aexists(loc, name) > 0) H5Adelete(loc, name);
    hid_t a = H5Acreate2(loc, name, type, sp, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a >= 0 ? H5Awrite(a, type, v) : -1;
    if (a >= 0 && H5Aclose(a) < 0) rc = -1;
    H5Sclose(sp);
    return rc;
}

static hid_t text_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t >= 0 && (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0)) {
        H5Tclose(t);
        return NO_ID;
    }
    return t;
}

static herr_t attr_text(hid_t loc, const char *name, const char *value)
{
    hid_t t = text_type();
    if (t < 0) return -1;
    herr_t rc = attr_raw(loc, name, t, &value);
    H5Tclose(t);
    return rc;
}

static herr_t write_root(hid_t f, const char *format, int schema, const vol_provenance *prov)
{
    char created[32] = "";
    time_t now = time(NULL);
    struct tm tmv;
    if (now == (time_t)-1 || !gmtime_r(&now, &tmv) || !strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tmv))
        return -1;
    int32_t sv = schema;
    return attr_text(f, "format", format) < 0 || attr_raw(f, "schema_version", H5T_NATIVE_INT32, &sv) < 0 ||
                   attr_text(f, "volsim_version", prov->version) < 0 ||
                   attr_text(f, "git_commit", prov->git_commit) < 0 || attr_text(f, "build", vol_build_id()) < 0 ||
                   attr_text(f, "created", created) < 0 ||
                   attr_text(f, "command_line", prov->command_line) < 0
               ? -1
               : 0;
}

/* Paths of final_path's directory and its temporary file. */
static vol_status writer_paths(vol_h5out *w, const char *final_path)
{
    char *dcopy = strdup(final_path), *bcopy = strdup(final_path), *tmp = NULL;
    w->final_path = strdup(final_path);
    w->dir = dcopy ? strdup(dirname(dcopy)) : NULL;
    int ok = bcopy && w->dir && w->final_path && (tmp = vol_tmp_name(final_path, NULL)) != NULL;
    free(dcopy);
    free(bcopy);
    w->tmp_path = ok ? tmp : NULL;
    if (!ok) VOL_ERROR(VOL_ENOMEM, "out of memory");
    return VOL_OK;
}

vol_status vol_h5out_create(const char *final_path, int force, const char *format, int schema,
                            const vol_provenance *prov, vol_h5out **out)
{
    if (!out) VOL_ERROR(VOL_EINVAL, "vol_h5out_create: out is NULL");
    *out = NULL;
    if (!final_path || !*final_path || !format || !prov) VOL_ERROR(VOL_EINVAL, "vol_h5out_create: no file name");
    if (H5open() < 0 || H5Eset_auto2(H5E_DEFAULT, NULL, NULL) < 0)
        VOL_ERROR(VOL_EFAILED, "cannot initialise the HDF5 library");
    struct stat st;
    if (stat(final_path, &st) == 0 && S_ISDIR(st.st_mode))
        VOL_ERROR(VOL_EINVAL, "%s is a directory (give a file name)", final_path);
    if (lstat(final_path, &st) == 0 && !force)
        VOL_ERROR(VOL_EINVAL, "%s already exists and is untouched (use --force to overwrite it)", final_path);
    vol_h5out *w = calloc(1, sizeof *w);
    if (!w) VOL_ERROR(VOL_ENOMEM, "out of memory");
    w->file = NO_ID;
    w->force = force;
    w->tmp_slot = -1;
    vol_status s = writer_paths(w, final_path);
    if (s == VOL_OK && (stat(w->dir, &st) != 0 || !S_ISDIR(st.st_mode)))
        s = vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "cannot write %s: directory '%s' does not exist",
                          final_path, w->dir);
    if (s != VOL_OK) {
        free_writer(w);
        return s;
    }
    vol_tmp_clean_stale_default(final_path);
    w->tmp_slot = vol_tmp_register(w->tmp_path);
    errno = 0;
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl >= 0 && H5Pset_libver_bounds(fapl, H5F_LIBVER_V18, H5F_LIBVER_V110) >= 0 &&
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) >= 0)
        w->file = H5Fcreate(w->tmp_path, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    if (fapl >= 0) H5Pclose(fapl);
    if (w->file < 0 || write_root(w->file, format, schema, prov) < 0) {
        s = io_error(w, "the start");
        vol_h5out_abort(w);
        return s;
    }
    *out = w;
    return VOL_OK;
}

/* The group at path, created with its parents when missing (caller closes). */
static hid_t group_at(vol_h5out *w, const char *path)
{
    if (strcmp(path, "/") == 0) return H5Gopen2(w->file, "/", H5P_DEFAULT);
    if (H5Lexists(w->file, path, H5P_DEFAULT) > 0) return H5Gopen2(w->file, path, H5P_DEFAULT);
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE);
    if (lcpl < 0) return NO_ID;
    hid_t g = H5Pset_create_intermediate_group(lcpl, 1) >= 0
                  ? H5Gcreate2(w->file, path, lcpl, H5P_DEFAULT, H5P_DEFAULT)
                  : NO_ID;
    H5Pclose(lcpl);
    return g;
}

static vol_status attr_at(vol_h5out *w, const char *path, const char *name, hid_t type, const void *v, int text)
{
    if (!w || !path || !name) VOL_ERROR(VOL_EINVAL, "vol_h5out: no writer, path or name");
    errno = 0;
    hid_t g = group_at(w, path);
    herr_t rc = g < 0 ? -1 : text ? attr_text(g, name, *(const char *const *)v) : attr_raw(g, name, type, v);
    if (g >= 0 && H5Gclose(g) < 0) rc = -1;
    if (rc < 0) return io_error(w, name);
    return VOL_OK;
}

vol_status vol_h5out_attr_text(vol_h5out *w, const char *path, const char *name, const char *value)
{
    const char *v = value ? value : "";
    return attr_at(w, path, name, NO_ID, &v, 1);
}

vol_status vol_h5out_attr_long(vol_h5out *w, const char *path, const char *name, long long value)
{
    int64_t v = value;
    return attr_at(w, path, name, H5T_NATIVE_INT64, &v, 0);
}

vol_status vol_h5out_attr_double(vol_h5out *w, const char *path, const char *name, double value)
{
    return attr_at(w, path, name, H5T_NATIVE_DOUBLE, &value, 0);
}

/* A dataset of rank 1 or 2 at path (parents created). */
static vol_status dataset_at(vol_h5out *w, const char *path, hid_t mtype, hid_t ftype, int rank,
                             const hsize_t *dims, const void *v)
{
    if (!w || !path) VOL_ERROR(VOL_EINVAL, "vol_h5out: no writer or path");
    errno = 0;
    hid_t lcpl = H5Pcreate(H5P_LINK_CREATE), sp = H5Screate_simple(rank, dims, NULL), d = NO_ID;
    herr_t rc = -1;
    if (lcpl >= 0 && sp >= 0 && H5Pset_create_intermediate_group(lcpl, 1) >= 0)
        d = H5Dcreate2(w->file, path, ftype, sp, lcpl, H5P_DEFAULT, H5P_DEFAULT);
    if (d >= 0) rc = dims[0] == 0 ? 0 : H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
    if (d >= 0 && H5Dclose(d) < 0) rc = -1;
    if (sp >= 0) H5Sclose(sp);
    if (lcpl >= 0) H5Pclose(lcpl);
    if (rc < 0) return io_error(w, path);
    return VOL_OK;
}

vol_status vol_h5out_doubles(vol_h5out *w, const char *path, size_t rows, size_t cols, const double *v)
{
    hsize_t dims[2] = {rows, cols};
    size_t n = rows * (cols ? cols : 1), bad = 0;
    for (size_t i = 0; v && i < n; i++) bad += !isfinite(v[i]);
    if (!bad) return dataset_at(w, path, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, cols ? 2 : 1, dims, v);
    /* as in results files (schema 2): no NaN or infinity, the dataset's
     * undefined_value (-1.0) instead */
    double *c = malloc(n * sizeof *c);
    if (!c) VOL_ERROR(VOL_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) c[i] = isfinite(v[i]) ? v[i] : UNDEFINED;
    vol_status st = dataset_at(w, path, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, cols ? 2 : 1, dims, c);
    free(c);
    if (st != VOL_OK) return st;
    errno = 0;
    hid_t d = H5Dopen2(w->file, path, H5P_DEFAULT);
    double u = UNDEFINED;
    herr_t rc = d >= 0 ? attr_raw(d, "undefined_value", H5T_NATIVE_DOUBLE, &u) : -1;
    if (d >= 0 && H5Dclose(d) < 0) rc = -1;
    return rc < 0 ? io_error(w, path) : VOL_OK;
}

vol_status vol_h5out_longs(vol_h5out *w, const char *path, size_t n, const int64_t *v)
{
    hsize_t dims[1] = {n};
    return dataset_at(w, path, H5T_NATIVE_INT64, H5T_STD_I64LE, 1, dims, v);
}

vol_status vol_h5out_bytes(vol_h5out *w, const char *path, size_t n, const int8_t *v)
{
    hsize_t dims[1] = {n};
    return dataset_at(w, path, H5T_NATIVE_INT8, H5T_STD_I8LE, 1, dims, v);
}

vol_status vol_h5out_texts(vol_h5out *w, const char *path, size_t n, const char *const *v)
{
    hid_t t = text_type();
    if (t < 0) return io_error(w, path);
    hsize_t dims[1] = {n};
    vol_status s = dataset_at(w, path, t, t, 1, dims, v);
    H5Tclose(t);
    return s;
}

vol_status vol_h5out_commit(vol_h5out *w)
{
    if (!w) VOL_ERROR(VOL_EINVAL, "vol_h5out_commit: no writer");
    errno = 0;
    herr_t rc = H5Fflush(w->file, H5F_SCOPE_GLOBAL);
    if (H5Fclose(w->file) < 0) rc = -1;
    w->file = NO_ID;
    if (rc < 0 || vol_sync_path(w->tmp_path, 0) < 0) {
        vol_status s = io_error(w, "the end");
        vol_h5out_abort(w);
        return s;
    }
    vol_status s = vol_h5_move_into_place(w->tmp_path, w->final_path, w->force);
    free_writer(w);
    return s;
}

void vol_h5out_abort(vol_h5out *w)
{
    if (!w) return;
    if (w->file >= 0) H5Fclose(w->file);
    if (w->tmp_path) unlink(w->tmp_path);
    free_writer(w);
}
