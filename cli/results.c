/* results.c: the HDF5 results file (schema in docs/results-format.md).
 * Written under a temporary name in the target directory and renamed when
 * complete, never replacing an existing file unless forced. */
#define _GNU_SOURCE
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
#include "results.h"

typedef struct {
    hid_t group, metrics;
    hid_t dset[VOL_M_COUNT];
    long reps, days;
} scenario_out;

struct vcli_results {
    hid_t file;
    char *final_path, *tmp_path;
    int force;
    scenario_out *sc;
    size_t nsc;
};

/* ---- small HDF5 helpers (each returns < 0 on failure) -------------------- */
static hid_t str_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) return t;
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

static herr_t attr_write(hid_t loc, const char *name, hid_t type, const void *value)
{
    hid_t space = H5Screate(H5S_SCALAR);
    if (space < 0) return -1;
    hid_t a = H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a < 0 ? -1 : H5Awrite(a, type, value);
    if (a >= 0) H5Aclose(a);
    H5Sclose(space);
    return rc;
}

static herr_t attr_str(hid_t loc, const char *name, const char *value)
{
    hid_t t = str_type();
    if (t < 0) return -1;
    const char *v = value ? value : "";
    herr_t rc = attr_write(loc, name, t, &v);
    H5Tclose(t);
    return rc;
}

static herr_t attr_strings(hid_t loc, const char *name, const char *const *values, size_t n)
{
    hid_t t = str_type();
    hsize_t dim = n;
    hid_t space = H5Screate_simple(1, &dim, NULL);
    hid_t a = (t < 0 || space < 0) ? -1 : H5Acreate2(loc, name, t, space, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = a < 0 ? -1 : H5Awrite(a, t, values);
    if (a >= 0) H5Aclose(a);
    if (space >= 0) H5Sclose(space);
    if (t >= 0) H5Tclose(t);
    return rc;
}

static herr_t attr_i64(hid_t loc, const char *name, long long v)
{
    int64_t x = v;
    return attr_write(loc, name, H5T_NATIVE_INT64, &x);
}

static herr_t dataset_str(hid_t loc, const char *name, const char *value)
{
    hid_t t = str_type(), space = H5Screate(H5S_SCALAR);
    hid_t d = (t < 0 || space < 0) ? -1 : H5Dcreate2(loc, name, t, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    herr_t rc = d < 0 ? -1 : H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value);
    if (d >= 0) H5Dclose(d);
    if (space >= 0) H5Sclose(space);
    if (t >= 0) H5Tclose(t);
    return rc;
}

#define CHECK(expr, ...)                                          \
    do {                                                          \
        if ((expr) < 0) VOL_ERROR(VOL_EIO, __VA_ARGS__);          \
    } while (0)

/* ---- create ------------------------------------------------------------ */
vol_status vcli_results_create(const char *final_path, int force, const vcli_provenance *prov,
                               vcli_results **out)
{
    *out = NULL;
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    struct stat st;
    if (!force && stat(final_path, &st) == 0)
        VOL_ERROR(VOL_EINVAL, "%s already exists; nothing was run and the file is untouched "
                              "(use --force to overwrite it, or -o to write elsewhere)", final_path);
    char *dcopy = strdup(final_path), *bcopy = strdup(final_path);
    if (!dcopy || !bcopy) {
        free(dcopy); free(bcopy);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    const char *dir = dirname(dcopy), *base = basename(bcopy);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        vol_error_set(VOL_EINVAL, __FILE__, __LINE__, "cannot write %s: directory '%s' does not exist", final_path, dir);
        free(dcopy); free(bcopy);
        return VOL_EINVAL;
    }
    vcli_results *r = calloc(1, sizeof *r);
    if (!r || asprintf(&r->tmp_path, "%s/.%s.tmp.%ld", dir, base, (long)getpid()) < 0) {
        free(r); free(dcopy); free(bcopy);
        VOL_ERROR(VOL_ENOMEM, "out of memory");
    }
    free(dcopy);
    free(bcopy);
    r->final_path = strdup(final_path);
    r->force = force;
    r->file = H5Fcreate(r->tmp_path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (r->file < 0) {
        vol_error_set(VOL_EIO, __FILE__, __LINE__, "cannot create %s (HDF5 could not create the file)", r->tmp_path);
        free(r->tmp_path); free(r->final_path); free(r);
        return VOL_EIO;
    }
    char created[32];
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tmv);
    int32_t schema = VCLI_SCHEMA_VERSION;
    hid_t g;
    if (attr_str(r->file, "format", "volsim-results") < 0 ||
        attr_write(r->file, "schema_version", H5T_NATIVE_INT32, &schema) < 0 ||
        attr_str(r->file, "volsim_version", prov->version) < 0 ||
        attr_str(r->file, "git_commit", prov->git_commit) < 0 || attr_str(r->file, "created", created) < 0 ||
        attr_str(r->file, "command_line", prov->command_line) < 0 ||
        (g = H5Gcreate2(r->file, "scenarios", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) < 0) {
        vcli_results_abort(r);
        VOL_ERROR(VOL_EIO, "cannot write the root attributes of %s", final_path);
    }
    H5Gclose(g);
    *out = r;
    return VOL_OK;
}

/* ---- scenarios ---------------------------------------------------------- */
static herr_t write_parameters(hid_t group, const vol_params *p)
{
    hid_t pg = H5Gcreate2(group, "parameters", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (pg < 0) return -1;
    herr_t rc = 0;
    size_t n = vol_params_count();
    typedef struct {
        const char *name, *type, *unit, *description, *value_text;
        double value, min, max;
    } row;
    row *rows = calloc(n, sizeof *rows);
    char (*texts)[96] = calloc(n, sizeof *texts);
    if (!rows || !texts) rc = -1;
    static const char *types[] = {"real", "integer", "bool", "choice"};
    for (size_t i = 0; i < n && rc >= 0; i++) {
        const vol_param_info *info = vol_params_info(i);
        vol_params_format(p, info, texts[i], sizeof texts[i]);
        rows[i] = (row){info->name, types[info->type], info->unit, info->description, texts[i],
                        vol_params_get(p, info), info->min, info->max};
        switch (info->type) {
        case VOL_PT_REAL: {
            double v = vol_params_get(p, info);
            rc = attr_write(pg, info->name, H5T_NATIVE_DOUBLE, &v);
            break;
        }
        case VOL_PT_INT: rc = attr_i64(pg, info->name, vol_params_get_long(p, info)); break;
        case VOL_PT_BOOL: {
            uint8_t v = (uint8_t)vol_params_get_long(p, info);
            rc = attr_write(pg, info->name, H5T_NATIVE_UINT8, &v);
            break;
        }
        case VOL_PT_CHOICE: {
            char name[64];
            rc = attr_str(pg, info->name, vol_params_choice_name(info, (int)vol_params_get_long(p, info), name, sizeof name));
            break;
        }
        }
    }
    if (rc >= 0) {
        hid_t st = str_type(), ct = H5Tcreate(H5T_COMPOUND, sizeof(row));
        H5Tinsert(ct, "name", HOFFSET(row, name), st);
        H5Tinsert(ct, "type", HOFFSET(row, type), st);
        H5Tinsert(ct, "value", HOFFSET(row, value), H5T_NATIVE_DOUBLE);
        H5Tinsert(ct, "value_text", HOFFSET(row, value_text), st);
        H5Tinsert(ct, "min", HOFFSET(row, min), H5T_NATIVE_DOUBLE);
        H5Tinsert(ct, "max", HOFFSET(row, max), H5T_NATIVE_DOUBLE);
        H5Tinsert(ct, "unit", HOFFSET(row, unit), st);
        H5Tinsert(ct, "description", HOFFSET(row, description), st);
        hsize_t dim = n;
        hid_t space = H5Screate_simple(1, &dim, NULL);
        hid_t d = H5Dcreate2(group, "parameter_table", ct, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        rc = d < 0 ? -1 : H5Dwrite(d, ct, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows);
        if (d >= 0) H5Dclose(d);
        H5Sclose(space);
        H5Tclose(ct);
        H5Tclose(st);
    }
    free(rows);
    free(texts);
    H5Gclose(pg);
    return rc;
}

static herr_t write_keys(hid_t group, uint64_t seed, long reps, long days)
{
    typedef struct { uint32_t replicate; uint64_t key0, key1_base; } keyrow;
    keyrow *k = calloc((size_t)reps, sizeof *k);
    int32_t *day = calloc((size_t)days, sizeof *day);
    herr_t rc = (k && day) ? 0 : -1;
    for (long i = 0; i < reps && k; i++) k[i] = (keyrow){(uint32_t)i, seed, (uint64_t)i << 32};
    for (long i = 0; i < days && day; i++) day[i] = (int32_t)(i + 1);
    if (rc >= 0) {
        hid_t ct = H5Tcreate(H5T_COMPOUND, sizeof(keyrow));
        H5Tinsert(ct, "replicate", HOFFSET(keyrow, replicate), H5T_NATIVE_UINT32);
        H5Tinsert(ct, "philox_key0", HOFFSET(keyrow, key0), H5T_NATIVE_UINT64);
        H5Tinsert(ct, "philox_key1_base", HOFFSET(keyrow, key1_base), H5T_NATIVE_UINT64);
        hsize_t dim = (hsize_t)reps;
        hid_t space = H5Screate_simple(1, &dim, NULL);
        hid_t d = H5Dcreate2(group, "replicate_keys", ct, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        rc = d < 0 ? -1 : H5Dwrite(d, ct, H5S_ALL, H5S_ALL, H5P_DEFAULT, k);
        if (rc >= 0)
            rc = attr_str(d, "description",
                          "Random streams of replicate r are Philox4x64-10 with key {philox_key0, "
                          "philox_key1_base | purpose} and counter {agent, day, block, 0} (docs/ODD.md)");
        if (d >= 0) H5Dclose(d);
        H5Sclose(space);
        H5Tclose(ct);
        dim = (hsize_t)days;
        space = H5Screate_simple(1, &dim, NULL);
        d = rc < 0 ? -1 : H5Dcreate2(group, "day", H5T_NATIVE_INT32, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        rc = d < 0 ? -1 : H5Dwrite(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, day);
        if (rc >= 0) rc = attr_str(d, "units", "day (1 = the first simulated day)");
        if (d >= 0) H5Dclose(d);
        H5Sclose(space);
    }
    free(k);
    free(day);
    return rc;
}

vol_status vcli_results_add_scenario(vcli_results *r, const vcli_scenario *sc, long replicates, long days,
                                     size_t *index)
{
    scenario_out *q = realloc(r->sc, (r->nsc + 1) * sizeof *q);
    if (!q) VOL_ERROR(VOL_ENOMEM, "out of memory");
    r->sc = q;
    scenario_out *o = &r->sc[r->nsc];
    memset(o, 0, sizeof *o);
    o->group = o->metrics = -1;
    for (int m = 0; m < VOL_M_COUNT; m++) o->dset[m] = -1;
    o->reps = replicates;
    o->days = days;
    *index = r->nsc++;
    char path[256];
    snprintf(path, sizeof path, "scenarios/%s", sc->name);
    o->group = H5Gcreate2(r->file, path, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(o->group, "cannot create group /%s in %s", path, r->final_path);
    uint64_t seed = (uint64_t)sc->params.run_seed;
    herr_t rc = 0;
    if (attr_str(o->group, "name", sc->name) < 0 || attr_str(o->group, "source_file", sc->path) < 0 ||
        attr_str(o->group, "description", sc->description) < 0 || attr_str(o->group, "question", sc->question) < 0 ||
        attr_strings(o->group, "base_chain", (const char *const *)sc->chain, sc->chain_len) < 0 ||
        attr_write(o->group, "seed", H5T_NATIVE_UINT64, &seed) < 0 || attr_i64(o->group, "days", days) < 0 ||
        write_parameters(o->group, &sc->params) < 0)
        rc = -1;
    CHECK(rc, "cannot write the provenance of scenario %s to %s", sc->name, r->final_path);
    o->metrics = H5Gcreate2(o->group, "metrics", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(o->metrics, "cannot create the metrics group of %s", sc->name);
    /* replicates can be added in batches (replicate control): unlimited rows */
    hsize_t dims[2] = {(hsize_t)replicates, (hsize_t)days}, chunk[2] = {1, (hsize_t)days},
            maxdims[2] = {H5S_UNLIMITED, (hsize_t)days};
    hid_t space = H5Screate_simple(2, dims, maxdims);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    double fill = NAN;
    if (space < 0 || dcpl < 0 || H5Pset_chunk(dcpl, 2, chunk) < 0 || H5Pset_shuffle(dcpl) < 0 ||
        H5Pset_deflate(dcpl, 4) < 0 || H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &fill) < 0)
        rc = -1;
    for (int m = 0; m < VOL_M_COUNT && rc >= 0; m++) {
        const vol_metric_info *mi = vol_metrics_info((size_t)m);
        o->dset[m] = H5Dcreate2(o->metrics, mi->name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
        if (o->dset[m] < 0 || attr_str(o->dset[m], "units", mi->unit) < 0 ||
            attr_str(o->dset[m], "description", mi->description) < 0 ||
            attr_str(o->dset[m], "dimensions", "replicate,day") < 0)
            rc = -1;
    }
    if (dcpl >= 0) H5Pclose(dcpl);
    if (space >= 0) H5Sclose(space);
    CHECK(rc, "cannot create the metric datasets of %s in %s", sc->name, r->final_path);
    return VOL_OK;
}

vol_status vcli_results_write_replicate(vcli_results *r, size_t index, long rep, const double *metrics)
{
    scenario_out *o = &r->sc[index];
    if (rep < 0) VOL_ERROR(VOL_EINVAL, "replicate %ld out of range", rep);
    if (rep >= o->reps) {
        hsize_t ext[2] = {(hsize_t)rep + 1, (hsize_t)o->days};
        for (int m = 0; m < VOL_M_COUNT; m++)
            CHECK(H5Dset_extent(o->dset[m], ext), "cannot extend the metrics of replicate %ld in %s", rep, r->final_path);
        o->reps = rep + 1;
    }
    hsize_t start[2] = {(hsize_t)rep, 0}, count[2] = {1, (hsize_t)o->days};
    hid_t mem = H5Screate_simple(2, count, NULL);
    herr_t rc = mem < 0 ? -1 : 0;
    for (int m = 0; m < VOL_M_COUNT && rc >= 0; m++) {
        hid_t fs = H5Dget_space(o->dset[m]);
        rc = fs < 0 ? -1 : H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
        if (rc >= 0) rc = H5Dwrite(o->dset[m], H5T_NATIVE_DOUBLE, mem, fs, H5P_DEFAULT, metrics + (size_t)m * (size_t)o->days);
        if (fs >= 0) H5Sclose(fs);
    }
    if (mem >= 0) H5Sclose(mem);
    CHECK(rc, "cannot write replicate %ld to %s", rep, r->final_path);
    return VOL_OK;
}

vol_status vcli_results_finish_scenario(vcli_results *r, size_t index, const vcli_scenario *sc, long replicates,
                                        const char *replicate_control)
{
    scenario_out *o = &r->sc[index];
    hsize_t ext[2] = {(hsize_t)replicates, (hsize_t)o->days};
    for (int m = 0; m < VOL_M_COUNT; m++)
        CHECK(H5Dset_extent(o->dset[m], ext), "cannot size the metrics of %s in %s", sc->name, r->final_path);
    o->reps = replicates;
    /* the resolved scenario says how many replicates were run, so that
     * running it again reproduces the data */
    vcli_scenario copy = *sc;
    copy.params.run_replicates = replicates;
    char *text = vcli_scenario_resolved_text(&copy);
    if (!text) VOL_ERROR(VOL_ENOMEM, "out of memory");
    herr_t rc = 0;
    if (attr_i64(o->group, "replicates", replicates) < 0 || dataset_str(o->group, "config", text) < 0 ||
        write_keys(o->group, (uint64_t)sc->params.run_seed, replicates, o->days) < 0 ||
        (replicate_control && attr_str(o->group, "replicate_control", replicate_control) < 0))
        rc = -1;
    free(text);
    CHECK(rc, "cannot write the replicates of scenario %s to %s", sc->name, r->final_path);
    return VOL_OK;
}

/* ---- agent tables and events -------------------------------------------- */
static hid_t enum_type(vol_enum_id id)
{
    const vol_enum_info *e = vol_enum(id);
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

static herr_t write_table(hid_t loc, const vol_table_info *ti, const void *records, size_t n)
{
    hid_t ct = H5Tcreate(H5T_COMPOUND, ti->record_size);
    herr_t rc = ct < 0 ? -1 : 0;
    const char **desc = calloc(ti->nfields, sizeof *desc);
    char **owned = calloc(ti->nfields, sizeof *owned);
    if (!desc || !owned) rc = -1;
    for (size_t f = 0; f < ti->nfields && rc >= 0; f++) {
        const vol_field *fd = &ti->fields[f];
        hid_t ft = fd->type == VOL_FT_F64 ? H5Tcopy(H5T_NATIVE_DOUBLE)
                   : fd->type == VOL_FT_I32 ? H5Tcopy(H5T_NATIVE_INT32)
                                            : enum_type(fd->enum_id);
        rc = ft < 0 ? -1 : H5Tinsert(ct, fd->name, fd->offset, ft);
        if (ft >= 0) H5Tclose(ft);
        if (asprintf(&owned[f], "%s: %s", fd->name, fd->description) < 0) rc = -1;
        desc[f] = owned[f];
    }
    if (rc >= 0) {
        hsize_t dim = n;
        hid_t space = H5Screate_simple(1, &dim, NULL);
        hid_t d = H5Dcreate2(loc, ti->name, ct, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        rc = d < 0 ? -1 : (n ? H5Dwrite(d, ct, H5S_ALL, H5S_ALL, H5P_DEFAULT, records) : 0);
        if (rc >= 0) rc = attr_strings(d, "field_descriptions", desc, ti->nfields);
        if (d >= 0) H5Dclose(d);
        H5Sclose(space);
    }
    for (size_t f = 0; owned && f < ti->nfields; f++) free(owned[f]);
    free(owned);
    free(desc);
    if (ct >= 0) H5Tclose(ct);
    return rc;
}

static hid_t open_or_create(hid_t loc, const char *name)
{
    if (H5Lexists(loc, name, H5P_DEFAULT) > 0) return H5Gopen2(loc, name, H5P_DEFAULT);
    return H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
}

vol_status vcli_results_write_tables(vcli_results *r, size_t index, long rep, const vol_sim *s, int with_agents,
                                     int with_events)
{
    scenario_out *o = &r->sc[index];
    char rname[32];
    snprintf(rname, sizeof rname, "r%04ld", rep);
    for (int which = 0; which < 2; which++) {
        if ((which == 0 && !with_agents) || (which == 1 && !with_events)) continue;
        hid_t top = open_or_create(o->group, which == 0 ? "agents" : "events");
        CHECK(top, "cannot create the %s group in %s", which == 0 ? "agents" : "events", r->final_path);
        hid_t g = which == 0 ? open_or_create(top, rname) : top;
        herr_t rc = g < 0 ? -1 : 0;
        for (int t = 0; t < VOL_TABLE_COUNT && rc >= 0; t++) {
            if ((t == VOL_TABLE_EVENTS) != (which == 1)) continue;
            void *records;
            size_t n;
            vol_status st = vol_sim_export(s, (vol_table_id)t, &records, &n);
            if (st != VOL_OK) {
                if (g != top) H5Gclose(g);
                H5Gclose(top);
                return st;
            }
            vol_table_info ti = *vol_table((vol_table_id)t);
            if (which == 1) ti.name = rname; /* events/r0000 */
            rc = write_table(g, &ti, records, n);
            free(records);
        }
        if (g >= 0 && g != top) H5Gclose(g);
        H5Gclose(top);
        CHECK(rc, "cannot write the %s of replicate %ld to %s", which == 0 ? "agent tables" : "event log", rep,
              r->final_path);
    }
    return VOL_OK;
}

/* ---- commit / abort ------------------------------------------------------ */
static void close_all(vcli_results *r)
{
    for (size_t i = 0; i < r->nsc; i++) {
        for (int m = 0; m < VOL_M_COUNT; m++)
            if (r->sc[i].dset[m] >= 0) H5Dclose(r->sc[i].dset[m]);
        if (r->sc[i].metrics >= 0) H5Gclose(r->sc[i].metrics);
        if (r->sc[i].group >= 0) H5Gclose(r->sc[i].group);
    }
    free(r->sc);
    r->sc = NULL;
    r->nsc = 0;
}

static void free_results(vcli_results *r)
{
    free(r->tmp_path);
    free(r->final_path);
    free(r);
}

vol_status vcli_results_commit(vcli_results *r)
{
    close_all(r);
    herr_t rc = H5Fflush(r->file, H5F_SCOPE_GLOBAL);
    if (H5Fclose(r->file) < 0) rc = -1;
    r->file = -1;
    if (rc < 0) {
        unlink(r->tmp_path);
        vol_error_set(VOL_EIO, __FILE__, __LINE__, "cannot finish writing %s (disk full?); nothing was written",
                      r->final_path);
        free_results(r);
        return VOL_EIO;
    }
    int ok;
    if (r->force) {
        ok = rename(r->tmp_path, r->final_path) == 0;
    } else {
        ok = renameat2(AT_FDCWD, r->tmp_path, AT_FDCWD, r->final_path, RENAME_NOREPLACE) == 0;
        if (!ok && (errno == EINVAL || errno == ENOSYS)) {
            /* file systems without RENAME_NOREPLACE: link fails on an existing name too */
            ok = link(r->tmp_path, r->final_path) == 0;
            if (ok) unlink(r->tmp_path);
        }
    }
    if (!ok) {
        int e = errno;
        unlink(r->tmp_path);
        vol_status code = e == EEXIST ? VOL_EINVAL : VOL_EIO;
        vol_error_set(code, __FILE__, __LINE__, "cannot move the results to %s: %s%s", r->final_path, strerror(e),
                      e == EEXIST ? " (it appeared during the run; use --force to overwrite)" : "");
        free_results(r);
        return code;
    }
    free_results(r);
    return VOL_OK;
}

void vcli_results_abort(vcli_results *r)
{
    if (!r) return;
    close_all(r);
    if (r->file >= 0) H5Fclose(r->file);
    unlink(r->tmp_path);
    free_results(r);
}
