/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_results.c: the HDF5 results writer (io/results.c) read back with the
 * HDF5 C API: schema, values, units and provenance; files never overwritten
 * without force; nothing left behind by abort; no HDF5 identifiers leaked;
 * agent tables and events from a small simulation. */
#define _GNU_SOURCE
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include "vol_results.h"

static char dir[256];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/volsim_results_XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

static void remove_dir(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(results, .init = make_dir, .fini = remove_dir);

/* ---- helpers ----------------------------------------------------------- */
static const vol_provenance prov = {"volsim run x.cfg -o out.h5", "0123abc", "0.1.0"};

static char *path_in(const char *name)
{
    char *p;
    cr_assert_geq(asprintf(&p, "%s/%s", dir, name), 0);
    return p;
}

/* Number of entries in the test directory (without . and ..). */
static int dir_entries(void)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f);
    char *buf = calloc(1, 1 << 16);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

/* A scenario as vol_scenario_load would fill it, built by hand. */
static void make_scenario(vol_scenario *sc, const char *name, int with_text)
{
    memset(sc, 0, sizeof *sc);
    vol_params_defaults(&sc->params);
    sc->params.run_burn_in = 0; /* tests start from the constructed day-0 state */
    sc->name = strdup(name);
    cr_assert_geq(asprintf(&sc->path, "scenarios/%s.cfg", name), 0);
    if (with_text) {
        sc->description = strdup("A hand-made scenario");
        sc->question = strdup("Does the writer keep everything?");
    }
    sc->chain_len = 2;
    sc->chain = calloc(2, sizeof *sc->chain);
    sc->chain[0] = strdup("scenarios/baseline.cfg");
    sc->chain[1] = strdup(sc->path);
}

/* Distinct, exactly representable fake values: metric m, replicate r, day d. */
static double fake(int m, long r, long d)
{
    return m * 1000.0 + (double)r * 10.0 + (double)d / 1024.0;
}

static double *fake_metrics(long r, long days)
{
    double *x = malloc((size_t)VOL_M_COUNT * (size_t)days * sizeof *x);
    for (int m = 0; m < VOL_M_COUNT; m++)
        for (long d = 0; d < days; d++) x[(size_t)m * (size_t)days + (size_t)d] = fake(m, r, d);
    return x;
}

static void write_reps(vol_results *res, size_t idx, long from, long to, long days)
{
    for (long r = from; r < to; r++) {
        double *x = fake_metrics(r, days);
        cr_assert_eq(vol_results_write_replicate(res, idx, r, x), VOL_OK, "%s", vol_error_message());
        free(x);
    }
}

/* Writes a whole file with one scenario; returns nothing, asserts success. */
static void write_simple(const char *path, const vol_scenario *sc, long reps, long days, int force)
{
    vol_results *res;
    size_t idx;
    cr_assert_eq(vol_results_create(path, force, &prov, &res), VOL_OK, "%s", vol_error_message());
    cr_assert_eq(vol_results_add_scenario(res, sc, reps, days, &idx), VOL_OK, "%s", vol_error_message());
    write_reps(res, idx, 0, reps, days);
    cr_assert_eq(vol_results_finish_scenario(res, idx, sc, reps, NULL), VOL_OK, "%s", vol_error_message());
    cr_assert_eq(vol_results_commit(res), VOL_OK, "%s", vol_error_message());
}

/* A string attribute, checked to be a UTF-8 string (h5py reads it as str). */
static char *attr_str(hid_t loc, const char *obj, const char *name)
{
    hid_t a = H5Aopen_by_name(loc, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    cr_assert_geq(a, 0, "no attribute %s on %s", name, obj);
    hid_t ft = H5Aget_type(a);
    cr_assert_eq(H5Tget_class(ft), H5T_STRING, "%s is not a string", name);
    cr_assert_eq(H5Tget_cset(ft), H5T_CSET_UTF8, "%s is not UTF-8", name);
    hid_t mt = H5Tcopy(H5T_C_S1);
    H5Tset_size(mt, H5T_VARIABLE);
    H5Tset_cset(mt, H5T_CSET_UTF8);
    char *v = NULL;
    cr_assert_geq(H5Aread(a, mt, &v), 0);
    char *out = strdup(v);
    H5free_memory(v);
    H5Tclose(mt);
    H5Tclose(ft);
    H5Aclose(a);
    return out;
}

static void expect_str(hid_t loc, const char *obj, const char *name, const char *want)
{
    char *s = attr_str(loc, obj, name);
    cr_assert_str_eq(s, want, "%s of %s", name, obj);
    free(s);
}

static int has_attr(hid_t loc, const char *obj, const char *name)
{
    return H5Aexists_by_name(loc, obj, name, H5P_DEFAULT) > 0;
}

/* A numeric attribute read as mtype into v; returns its stored type class and size. */
static void attr_num(hid_t loc, const char *obj, const char *name, hid_t mtype, void *v, H5T_class_t *cls,
                     size_t *size, H5T_sign_t *sign)
{
    hid_t a = H5Aopen_by_name(loc, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    cr_assert_geq(a, 0, "no attribute %s on %s", name, obj);
    hid_t ft = H5Aget_type(a);
    if (cls) *cls = H5Tget_class(ft);
    if (size) *size = H5Tget_size(ft);
    if (sign) *sign = H5Tget_class(ft) == H5T_INTEGER ? H5Tget_sign(ft) : H5T_SGN_ERROR;
    cr_assert_geq(H5Aread(a, mtype, v), 0);
    H5Tclose(ft);
    H5Aclose(a);
}

static int64_t attr_i64(hid_t loc, const char *obj, const char *name)
{
    int64_t v;
    attr_num(loc, obj, name, H5T_NATIVE_INT64, &v, NULL, NULL, NULL);
    return v;
}

/* Open groups, datasets and attributes in all files (HDF5 1.10 has no public
 * count of dataspace, datatype or property list identifiers). */
static void open_objects(ssize_t *groups, ssize_t *datasets, ssize_t *attrs, ssize_t *files)
{
    *groups = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_GROUP);
    *datasets = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_DATASET);
    *attrs = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ATTR | H5F_OBJ_DATATYPE);
    *files = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_FILE);
}

#define EXPECT_OPEN(g, d, when)                                                                        \
    do {                                                                                               \
        ssize_t g_, d_, a_, f_;                                                                        \
        open_objects(&g_, &d_, &a_, &f_);                                                              \
        cr_assert(g_ == (g) && d_ == (d) && a_ == 0 && f_ == ((g) > 0),                                \
                  "%s: %zd groups, %zd datasets, %zd attributes/types, %zd files open; expected %d, %d, " \
                  "0, %d", when, g_, d_, a_, f_, (int)(g), (int)(d), (int)((g) > 0));                   \
    } while (0)

static void small_params(vol_params *p)
{
    vol_params_defaults(p);
    p->run_burn_in = 0; /* tests start from the constructed day-0 state */
    vol_params_set_long(p, vol_params_find("clients.count"), 150);
    vol_params_set_long(p, vol_params_find("npo.count"), 5);
    vol_params_set_long(p, vol_params_find("volunteers.initial"), 60);
    vol_params_set_long(p, vol_params_find("companies.pool_size"), 60);
}

/* ---- metrics and provenance --------------------------------------------- */
Test(results, metrics_values_shape_units_and_provenance)
{
    const long reps = 3, days = 40;
    vol_scenario sc;
    make_scenario(&sc, "hand_made", 1);
    sc.params.run_seed = 987654321;
    char *path = path_in("a.h5");
    write_simple(path, &sc, reps, days, 0);
    cr_assert_eq(dir_entries(), 1, "a temporary file was left behind");

    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    /* root */
    char *s = attr_str(f, ".", "format");
    cr_assert_str_eq(s, "volsim-results");
    free(s);
    H5T_class_t cls;
    size_t size;
    H5T_sign_t sign;
    int64_t v64;
    attr_num(f, ".", "schema_version", H5T_NATIVE_INT64, &v64, &cls, NULL, NULL);
    cr_assert_eq(cls, H5T_INTEGER);
    cr_assert_eq(v64, VOL_SCHEMA_VERSION);
    expect_str(f, ".", "volsim_version", prov.version);
    expect_str(f, ".", "git_commit", prov.git_commit);
    expect_str(f, ".", "command_line", prov.command_line);
    s = attr_str(f, ".", "created");
    int yy, mo, dd, hh, mi, ss;
    char z = 0;
    cr_assert_eq(sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c", &yy, &mo, &dd, &hh, &mi, &ss, &z), 7, "created = %s", s);
    cr_assert_eq(z, 'Z');
    cr_assert_eq(strlen(s), 20u);
    free(s);
    H5F_info2_t info;
    cr_assert_geq(H5Fget_info2(f, &info), 0);
    cr_assert_geq(info.super.version, 2u, "libver bounds not applied (superblock %u)", info.super.version);

    /* scenario group */
    const char *g = "scenarios/hand_made";
    expect_str(f, g, "name", "hand_made");
    expect_str(f, g, "source_file", "scenarios/hand_made.cfg");
    expect_str(f, g, "description", sc.description);
    expect_str(f, g, "question", sc.question);
    uint64_t seed;
    attr_num(f, g, "seed", H5T_NATIVE_UINT64, &seed, &cls, &size, &sign);
    cr_assert(cls == H5T_INTEGER && size == 8 && sign == H5T_SGN_NONE, "seed is not a uint64");
    cr_assert_eq(seed, 987654321u);
    cr_assert_eq(attr_i64(f, g, "replicates"), reps);
    cr_assert_eq(attr_i64(f, g, "days"), days);
    cr_assert(!has_attr(f, g, "replicate_control"));
    hid_t a = H5Aopen_by_name(f, g, "base_chain", H5P_DEFAULT, H5P_DEFAULT);
    hid_t sp = H5Aget_space(a);
    cr_assert_eq(H5Sget_simple_extent_npoints(sp), 2);
    hid_t mt = H5Tcopy(H5T_C_S1);
    H5Tset_size(mt, H5T_VARIABLE);
    H5Tset_cset(mt, H5T_CSET_UTF8);
    char *chain[2];
    cr_assert_geq(H5Aread(a, mt, chain), 0);
    cr_assert_str_eq(chain[0], "scenarios/baseline.cfg");
    cr_assert_str_eq(chain[1], "scenarios/hand_made.cfg");
    H5free_memory(chain[0]);
    H5free_memory(chain[1]);
    H5Sclose(sp);
    H5Aclose(a);

    /* metrics: one dataset per row of the metrics table */
    hid_t mg = H5Gopen2(f, "scenarios/hand_made/metrics", H5P_DEFAULT);
    cr_assert_geq(mg, 0);
    H5G_info_t gi;
    cr_assert_geq(H5Gget_info(mg, &gi), 0);
    cr_assert_eq(gi.nlinks, (hsize_t)VOL_M_COUNT);
    double *buf = malloc((size_t)(reps * days) * sizeof *buf);
    for (int m = 0; m < VOL_M_COUNT; m++) {
        const vol_metric_info *info_m = vol_metrics_info((size_t)m);
        hid_t d = H5Dopen2(mg, info_m->name, H5P_DEFAULT);
        cr_assert_geq(d, 0, "no dataset for metric %s", info_m->name);
        hid_t t = H5Dget_type(d);
        cr_assert(H5Tequal(t, H5T_NATIVE_DOUBLE) > 0, "%s is not float64", info_m->name);
        H5Tclose(t);
        hid_t fs = H5Dget_space(d);
        hsize_t dims[2];
        cr_assert_eq(H5Sget_simple_extent_ndims(fs), 2);
        H5Sget_simple_extent_dims(fs, dims, NULL);
        cr_assert(dims[0] == (hsize_t)reps && dims[1] == (hsize_t)days, "%s has the wrong shape", info_m->name);
        H5Sclose(fs);
        cr_assert_geq(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf), 0);
        for (long r = 0; r < reps; r++)
            for (long dd2 = 0; dd2 < days; dd2++)
                cr_assert_eq(buf[r * days + dd2], fake(m, r, dd2), "%s[%ld, %ld]", info_m->name, r, dd2);
        s = attr_str(d, ".", "units");
        cr_assert_str_eq(s, info_m->unit);
        cr_assert_gt(strlen(s), 0u, "%s has no unit", info_m->name);
        free(s);
        expect_str(d, ".", "description", info_m->description);
        expect_str(d, ".", "dimensions", "replicate,day");
        /* storage: chunked, shuffle + deflate 4, fill value NaN */
        hid_t dcpl = H5Dget_create_plist(d);
        cr_assert_eq(H5Pget_layout(dcpl), H5D_CHUNKED);
        int nf = H5Pget_nfilters(dcpl), shuffle = 0, deflate = -1;
        for (int i = 0; i < nf; i++) {
            unsigned flags, cd[4];
            size_t ncd = 4;
            H5Z_filter_t id = H5Pget_filter2(dcpl, (unsigned)i, &flags, &ncd, cd, 0, NULL, NULL);
            if (id == H5Z_FILTER_SHUFFLE) shuffle = 1;
            if (id == H5Z_FILTER_DEFLATE) deflate = (int)cd[0];
        }
        cr_assert(shuffle && deflate == 4, "%s: shuffle %d, deflate %d", info_m->name, shuffle, deflate);
        double fillv = 0;
        cr_assert_geq(H5Pget_fill_value(dcpl, H5T_NATIVE_DOUBLE, &fillv), 0);
        cr_assert_eq(fillv, VOL_UNDEFINED, "fill value: no NaN in files");
        H5Pclose(dcpl);
        H5Dclose(d);
    }
    free(buf);
    H5Gclose(mg);

    /* replicate keys and days */
    typedef struct { uint32_t replicate; uint64_t k0, k1; } keyrow;
    hid_t kt = H5Tcreate(H5T_COMPOUND, sizeof(keyrow));
    H5Tinsert(kt, "replicate", HOFFSET(keyrow, replicate), H5T_NATIVE_UINT32);
    H5Tinsert(kt, "philox_key0", HOFFSET(keyrow, k0), H5T_NATIVE_UINT64);
    H5Tinsert(kt, "philox_key1_base", HOFFSET(keyrow, k1), H5T_NATIVE_UINT64);
    keyrow keys[3];
    hid_t d = H5Dopen2(f, "scenarios/hand_made/replicate_keys", H5P_DEFAULT);
    cr_assert_geq(d, 0);
    sp = H5Dget_space(d);
    cr_assert_eq(H5Sget_simple_extent_npoints(sp), reps);
    H5Sclose(sp);
    cr_assert_geq(H5Dread(d, kt, H5S_ALL, H5S_ALL, H5P_DEFAULT, keys), 0);
    for (uint32_t r = 0; r < 3; r++) {
        cr_assert_eq(keys[r].replicate, r);
        cr_assert_eq(keys[r].k0, 987654321u);
        cr_assert_eq(keys[r].k1, (uint64_t)r << 32);
    }
    H5Dclose(d);
    H5Tclose(kt);
    int32_t day[40];
    d = H5Dopen2(f, "scenarios/hand_made/day", H5P_DEFAULT);
    cr_assert_geq(H5Dread(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, day), 0);
    for (int i = 0; i < 40; i++) cr_assert_eq(day[i], i + 1);
    H5Dclose(d);
    int32_t rep[3];
    d = H5Dopen2(f, "scenarios/hand_made/replicate", H5P_DEFAULT);
    cr_assert_geq(H5Dread(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, rep), 0);
    for (int i = 0; i < 3; i++) cr_assert_eq(rep[i], i);
    H5Dclose(d);
    {
        /* dimension scales: replicate and day, with labels */
        hid_t dm = H5Dopen2(f, "scenarios/hand_made/metrics/client_wellbeing", H5P_DEFAULT);
        hid_t ds = H5Dopen2(f, "scenarios/hand_made/day", H5P_DEFAULT);
        hid_t rs = H5Dopen2(f, "scenarios/hand_made/replicate", H5P_DEFAULT);
        cr_assert_gt(H5DSis_scale(ds), 0);
        cr_assert_gt(H5DSis_attached(dm, rs, 0), 0);
        cr_assert_gt(H5DSis_attached(dm, ds, 1), 0);
        char label[32];
        cr_assert_gt(H5DSget_label(dm, 1, label, sizeof label), 0);
        cr_assert_str_eq(label, "day");
        H5Dclose(rs);
        H5Dclose(ds);
        H5Dclose(dm);
    }

    /* config: the resolved scenario with the replicates and days run */
    d = H5Dopen2(f, "scenarios/hand_made/config", H5P_DEFAULT);
    cr_assert_geq(d, 0);
    sp = H5Dget_space(d);
    cr_assert_eq(H5Sget_simple_extent_type(sp), H5S_SCALAR);
    H5Sclose(sp);
    char *text = NULL;
    cr_assert_geq(H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text), 0);
    vol_scenario copy = sc;
    copy.params.run_replicates = reps;
    copy.params.run_days = days;
    char *expect = vol_scenario_resolved_text(&copy);
    cr_assert_str_eq(text, expect);
    free(expect);
    H5free_memory(text);
    H5Dclose(d);
    H5Tclose(mt);
    H5Fclose(f);
    free(path);
    vol_scenario_free(&sc);
}

Test(results, resolved_config_loads_back_to_the_same_parameters)
{
    vol_scenario sc, back;
    make_scenario(&sc, "roundtrip", 0);
    sc.params.run_seed = 42;
    char *path = path_in("c.h5");
    write_simple(path, &sc, 2, 15, 0);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t d = H5Dopen2(f, "scenarios/roundtrip/config", H5P_DEFAULT);
    hid_t mt = H5Tcopy(H5T_C_S1);
    H5Tset_size(mt, H5T_VARIABLE);
    H5Tset_cset(mt, H5T_CSET_UTF8);
    char *text = NULL;
    cr_assert_geq(H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text), 0);
    char *cfg = path_in("roundtrip.cfg");
    write_file(cfg, text);
    H5free_memory(text);
    H5Tclose(mt);
    H5Dclose(d);
    H5Fclose(f);
    vol_diag diag;
    vol_diag_init(&diag);
    size_t problems = vol_scenario_load(cfg, NULL, 0, &back, &diag);
    vol_diag_print(&diag, stderr);
    vol_diag_free(&diag);
    cr_assert_eq(problems, 0u);
    sc.params.run_replicates = 2;
    sc.params.run_days = 15;
    cr_assert_eq(memcmp(&sc.params, &back.params, sizeof sc.params), 0,
                 "the config in the file does not give back the parameters of the run");
    vol_scenario_free(&back);
    vol_scenario_free(&sc);
    free(cfg);
    free(path);
}

Test(results, parameters_as_typed_attributes_and_table)
{
    vol_scenario sc;
    make_scenario(&sc, "params", 0);
    char *path = path_in("p.h5");
    write_simple(path, &sc, 1, 5, 0);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    const char *g = "scenarios/params/parameters";
    cr_assert(!has_attr(f, "scenarios/params", "description"), "description written although there is none");
    cr_assert(!has_attr(f, "scenarios/params", "question"), "question written although there is none");
    hid_t pg = H5Gopen2(f, g, H5P_DEFAULT);
    H5O_info_t oi;
    cr_assert_geq(H5Oget_info2(pg, &oi, H5O_INFO_NUM_ATTRS), 0);
    cr_assert_eq(oi.num_attrs, (hsize_t)vol_params_count());
    H5Gclose(pg);
    int seen[4] = {0};
    for (size_t i = 0; i < vol_params_count(); i++) {
        const vol_param_info *p = vol_params_info(i);
        H5T_class_t cls;
        size_t size;
        H5T_sign_t sign;
        switch (p->type) {
        case VOL_PT_REAL: {
            double v;
            attr_num(f, g, p->name, H5T_NATIVE_DOUBLE, &v, &cls, &size, NULL);
            cr_assert(cls == H5T_FLOAT && size == 8, "%s is not float64", p->name);
            cr_assert_eq(v, vol_params_get(&sc.params, p), "%s", p->name);
            break;
        }
        case VOL_PT_INT: {
            int64_t v;
            attr_num(f, g, p->name, H5T_NATIVE_INT64, &v, &cls, &size, &sign);
            cr_assert(cls == H5T_INTEGER && size == 8 && sign == H5T_SGN_2, "%s is not int64", p->name);
            cr_assert_eq(v, vol_params_get_long(&sc.params, p), "%s", p->name);
            break;
        }
        case VOL_PT_BOOL: {
            int64_t v;
            attr_num(f, g, p->name, H5T_NATIVE_INT64, &v, &cls, &size, NULL);
            cr_assert(cls == H5T_INTEGER && size == 1, "%s is not a one-byte integer", p->name);
            cr_assert_eq(v, vol_params_get_long(&sc.params, p) != 0, "%s", p->name);
            break;
        }
        case VOL_PT_CHOICE: {
            char buf[64];
            char *s = attr_str(f, g, p->name);
            cr_assert_str_eq(s, vol_params_choice_name(p, (int)vol_params_get_long(&sc.params, p), buf, sizeof buf));
            free(s);
            break;
        }
        }
        seen[p->type] = 1;
    }
    cr_assert(seen[VOL_PT_REAL] && seen[VOL_PT_INT] && seen[VOL_PT_BOOL] && seen[VOL_PT_CHOICE],
              "the parameter table no longer has every type; this test checks less than it says");

    /* parameter_table: name, value, unit, min, max, description */
    typedef struct { char *name, *unit, *description; double value, min, max; } prow;
    hid_t st = H5Tcopy(H5T_C_S1);
    H5Tset_size(st, H5T_VARIABLE);
    H5Tset_cset(st, H5T_CSET_UTF8);
    hid_t ct = H5Tcreate(H5T_COMPOUND, sizeof(prow));
    H5Tinsert(ct, "name", HOFFSET(prow, name), st);
    H5Tinsert(ct, "unit", HOFFSET(prow, unit), st);
    H5Tinsert(ct, "description", HOFFSET(prow, description), st);
    H5Tinsert(ct, "value", HOFFSET(prow, value), H5T_NATIVE_DOUBLE);
    H5Tinsert(ct, "min", HOFFSET(prow, min), H5T_NATIVE_DOUBLE);
    H5Tinsert(ct, "max", HOFFSET(prow, max), H5T_NATIVE_DOUBLE);
    size_t n = vol_params_count();
    prow *rows = calloc(n, sizeof *rows);
    hid_t d = H5Dopen2(f, "scenarios/params/parameter_table", H5P_DEFAULT);
    cr_assert_geq(d, 0);
    hid_t sp = H5Dget_space(d);
    cr_assert_eq(H5Sget_simple_extent_npoints(sp), (hssize_t)n);
    cr_assert_geq(H5Dread(d, ct, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows), 0);
    for (size_t i = 0; i < n; i++) {
        const vol_param_info *p = vol_params_info(i);
        cr_assert_str_eq(rows[i].name, p->name);
        cr_assert_str_eq(rows[i].unit, p->unit);
        cr_assert_str_eq(rows[i].description, p->description);
        cr_assert_eq(rows[i].value, vol_params_get(&sc.params, p));
        cr_assert_eq(rows[i].min, p->min);
        cr_assert_eq(rows[i].max, p->max);
    }
    H5Dvlen_reclaim(ct, sp, H5P_DEFAULT, rows);
    free(rows);
    H5Sclose(sp);
    H5Dclose(d);
    H5Tclose(ct);
    H5Tclose(st);
    H5Fclose(f);
    free(path);
    vol_scenario_free(&sc);
}

/* ---- growing, trimming, unwritten replicates ------------------------------ */
static void read_metric(const char *path, const char *scen, int m, hsize_t dims[2], double **data)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    char obj[256];
    snprintf(obj, sizeof obj, "scenarios/%s/metrics/%s", scen, vol_metrics_info((size_t)m)->name);
    hid_t d = H5Dopen2(f, obj, H5P_DEFAULT);
    cr_assert_geq(d, 0);
    hid_t sp = H5Dget_space(d);
    H5Sget_simple_extent_dims(sp, dims, NULL);
    *data = malloc((size_t)(dims[0] * dims[1]) * sizeof **data);
    cr_assert_geq(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, *data), 0);
    H5Sclose(sp);
    H5Dclose(d);
    H5Fclose(f);
}

Test(results, datasets_grow_trim_and_mark_unwritten_days_undefined)
{
    const long days = 12;
    vol_scenario a, b;
    make_scenario(&a, "grows", 0);
    make_scenario(&b, "trimmed", 0);
    char *path = path_in("g.h5");
    vol_results *res;
    size_t ia, ib;
    cr_assert_eq(vol_results_create(path, 0, &prov, &res), VOL_OK);
    cr_assert_eq(vol_results_add_scenario(res, &a, 1, days, &ia), VOL_OK);
    cr_assert_eq(vol_results_add_scenario(res, &b, 6, days, &ib), VOL_OK);
    cr_assert_eq(ia, 0u);
    cr_assert_eq(ib, 1u);
    /* replicates arrive out of order, as from threads; 3 is never written */
    write_reps(res, ia, 4, 5, days);
    write_reps(res, ia, 0, 3, days);
    write_reps(res, ib, 0, 2, days);
    cr_assert_eq(vol_results_finish_scenario(res, ia, &a, 5, "stopped because the test said so"), VOL_OK);
    cr_assert_eq(vol_results_finish_scenario(res, ib, &b, 2, NULL), VOL_OK);
    cr_assert_eq(vol_results_finish_scenario(res, ib, &b, 2, NULL), VOL_EINVAL, "finished twice");
    cr_assert_eq(vol_results_write_replicate(res, ib, 2, (double[VOL_M_COUNT * 12]){0}), VOL_EINVAL,
                 "written after finish");
    cr_assert_eq(vol_results_write_replicate(res, 7, 0, (double[VOL_M_COUNT * 12]){0}), VOL_EINVAL, "bad index");
    cr_assert_eq(vol_results_write_replicate(res, ia, -1, (double[VOL_M_COUNT * 12]){0}), VOL_EINVAL);
    cr_assert_eq(vol_results_commit(res), VOL_OK, "%s", vol_error_message());

    hsize_t dims[2];
    double *x;
    const int m = VOL_M_COUNT - 1;
    read_metric(path, "grows", m, dims, &x);
    cr_assert(dims[0] == 5 && dims[1] == (hsize_t)days);
    for (long r = 0; r < 5; r++)
        for (long d = 0; d < days; d++) {
            if (r == 3) cr_assert_eq(x[r * days + d], VOL_UNDEFINED, "unwritten replicate is not undefined_value");
            else cr_assert_eq(x[r * days + d], fake(m, r, d));
        }
    free(x);
    read_metric(path, "trimmed", 0, dims, &x);
    cr_assert(dims[0] == 2 && dims[1] == (hsize_t)days);
    free(x);

    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    char *s = attr_str(f, "scenarios/grows", "replicate_control");
    cr_assert_str_eq(s, "stopped because the test said so");
    free(s);
    cr_assert_eq(attr_i64(f, "scenarios/grows", "replicates"), 5);
    cr_assert_eq(attr_i64(f, "scenarios/trimmed", "replicates"), 2);
    /* scenarios are listed in the order they were added */
    char name[32];
    cr_assert_gt(H5Lget_name_by_idx(f, "scenarios", H5_INDEX_CRT_ORDER, H5_ITER_INC, 0, name, sizeof name,
                                    H5P_DEFAULT), 0);
    cr_assert_str_eq(name, "grows");
    cr_assert_gt(H5Lget_name_by_idx(f, "scenarios", H5_INDEX_CRT_ORDER, H5_ITER_INC, 1, name, sizeof name,
                                    H5P_DEFAULT), 0);
    cr_assert_str_eq(name, "trimmed");
    H5Fclose(f);
    free(path);
    vol_scenario_free(&a);
    vol_scenario_free(&b);
}

Test(results, bad_scenario_names_are_refused)
{
    vol_scenario sc;
    make_scenario(&sc, "twice", 0);
    char *path = path_in("n.h5");
    vol_results *res;
    size_t idx;
    cr_assert_eq(vol_results_create(path, 0, &prov, &res), VOL_OK);
    cr_assert_eq(vol_results_add_scenario(res, &sc, 1, 5, &idx), VOL_OK);
    cr_assert_eq(vol_results_add_scenario(res, &sc, 1, 5, &idx), VOL_EINVAL);
    cr_assert_not_null(strstr(vol_error_message(), "twice"), "%s", vol_error_message());
    free(sc.name);
    sc.name = strdup("a/b");
    cr_assert_eq(vol_results_add_scenario(res, &sc, 1, 5, &idx), VOL_EINVAL);
    cr_assert_eq(vol_results_add_scenario(res, &sc, 1, 0, &idx), VOL_EINVAL, "zero days accepted");
    vol_results_abort(res);
    cr_assert_eq(dir_entries(), 0);
    free(path);
    vol_scenario_free(&sc);
}

/* ---- never overwrite, nothing left behind --------------------------------- */
Test(results, existing_file_is_refused_and_untouched)
{
    char *path = path_in("keep.h5");
    write_file(path, "precious data\n");
    vol_results *res = (vol_results *)1;
    cr_assert_eq(vol_results_create(path, 0, &prov, &res), VOL_EINVAL);
    cr_assert_null(res);
    cr_assert_not_null(strstr(vol_error_message(), path), "the message does not name the file: %s",
                       vol_error_message());
    cr_assert_not_null(strstr(vol_error_message(), "use --force to overwrite"), "%s", vol_error_message());
    char *text = read_text(path);
    cr_assert_str_eq(text, "precious data\n");
    free(text);
    cr_assert_eq(dir_entries(), 1);
    free(path);
}

Test(results, file_appearing_during_the_run_is_not_replaced)
{
    vol_scenario sc;
    make_scenario(&sc, "race", 0);
    char *path = path_in("race.h5");
    vol_results *res;
    size_t idx;
    cr_assert_eq(vol_results_create(path, 0, &prov, &res), VOL_OK);
    cr_assert_eq(vol_results_add_scenario(res, &sc, 1, 5, &idx), VOL_OK);
    write_reps(res, idx, 0, 1, 5);
    cr_assert_eq(vol_results_finish_scenario(res, idx, &sc, 1, NULL), VOL_OK);
    write_file(path, "written by someone else\n");
    cr_assert_eq(vol_results_commit(res), VOL_EINVAL);
    cr_assert_not_null(strstr(vol_error_message(), "--force"), "%s", vol_error_message());
    char *text = read_text(path);
    cr_assert_str_eq(text, "written by someone else\n");
    free(text);
    cr_assert_eq(dir_entries(), 1, "the temporary file was left behind");
    free(path);
    vol_scenario_free(&sc);
}

Test(results, force_replaces)
{
    vol_scenario sc;
    make_scenario(&sc, "forced", 0);
    char *path = path_in("old.h5");
    write_file(path, "old\n");
    write_simple(path, &sc, 2, 5, 1);
    cr_assert_eq(dir_entries(), 1);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0, "the old file was not replaced by an HDF5 file");
    char *s = attr_str(f, ".", "format");
    cr_assert_str_eq(s, "volsim-results");
    free(s);
    H5Fclose(f);
    free(path);
    vol_scenario_free(&sc);
}

Test(results, abort_leaves_nothing)
{
    vol_scenario sc;
    make_scenario(&sc, "aborted", 0);
    char *path = path_in("never.h5");
    vol_results *res;
    size_t idx;
    cr_assert_eq(vol_results_create(path, 0, &prov, &res), VOL_OK);
    cr_assert_eq(dir_entries(), 1, "no temporary file while writing");
    cr_assert_eq(vol_results_add_scenario(res, &sc, 2, 5, &idx), VOL_OK);
    write_reps(res, idx, 0, 1, 5);
    vol_results_abort(res);
    cr_assert_eq(dir_entries(), 0, "abort left a file behind");
    vol_results_abort(NULL);
    /* the same with an existing final file and force: it stays as it was */
    write_file(path, "kept\n");
    cr_assert_eq(vol_results_create(path, 1, &prov, &res), VOL_OK);
    vol_results_abort(res);
    char *text = read_text(path);
    cr_assert_str_eq(text, "kept\n");
    free(text);
    cr_assert_eq(dir_entries(), 1);
    free(path);
    vol_scenario_free(&sc);
}

Test(results, unfinished_scenario_is_not_committed)
{
    vol_scenario sc;
    make_scenario(&sc, "unfinished", 0);
    char *path = path_in("u.h5");
    vol_results *res;
    size_t idx;
    cr_assert_eq(vol_results_create(path, 0, &prov, &res), VOL_OK);
    cr_assert_eq(vol_results_add_scenario(res, &sc, 1, 5, &idx), VOL_OK);
    cr_assert_eq(vol_results_commit(res), VOL_EINVAL);
    cr_assert_eq(dir_entries(), 0);
    free(path);
    vol_scenario_free(&sc);
}

Test(results, missing_directory_is_reported)
{
    char *path = path_in("no/such/dir/x.h5");
    vol_results *res;
    cr_assert_eq(vol_results_create(path, 0, &prov, &res), VOL_EINVAL);
    cr_assert_not_null(strstr(vol_error_message(), "does not exist"), "%s", vol_error_message());
    free(path);
}

Test(results, no_hdf5_objects_left_open)
{
    /* while writing, only the file, /scenarios, each scenario group, its
     * metrics group and its metric datasets stay open */
    const long days = 20;
    vol_scenario sc;
    make_scenario(&sc, "leaks", 1);
    small_params(&sc.params);
    char *path = path_in("l.h5");
    vol_results *res;
    size_t idx;
    EXPECT_OPEN(0, 0, "before");
    cr_assert_eq(vol_results_create(path, 0, &prov, &res), VOL_OK);
    EXPECT_OPEN(1, 0, "after create");
    cr_assert_eq(vol_results_add_scenario(res, &sc, 1, days, &idx), VOL_OK);
    EXPECT_OPEN(3, VOL_M_COUNT, "after add_scenario");
    cr_assert_eq(vol_results_add_scenario(res, &sc, 1, days, &idx), VOL_EINVAL);
    EXPECT_OPEN(3, VOL_M_COUNT, "after a refused add_scenario");
    vol_sim *s;
    double *buf = malloc((size_t)days * VOL_M_COUNT * sizeof *buf);
    cr_assert_eq(vol_sim_create(&sc.params, 0, 1, &s), VOL_OK);
    cr_assert_eq(vol_sim_run(s, days, buf), VOL_OK);
    cr_assert_eq(vol_results_write_replicate(res, idx, 2, buf), VOL_OK);
    EXPECT_OPEN(3, VOL_M_COUNT, "after write_replicate");
    cr_assert_eq(vol_results_write_tables(res, idx, 0, s, 1, 1), VOL_OK);
    EXPECT_OPEN(3, VOL_M_COUNT, "after write_tables");
    cr_assert_eq(vol_results_write_tables(res, idx, 0, s, 1, 1), VOL_EINVAL);
    EXPECT_OPEN(3, VOL_M_COUNT, "after a refused write_tables");
    cr_assert_eq(vol_results_finish_scenario(res, idx, &sc, 3, "why"), VOL_OK);
    EXPECT_OPEN(3, VOL_M_COUNT, "after finish_scenario");
    cr_assert_eq(vol_results_commit(res), VOL_OK);
    EXPECT_OPEN(0, 0, "after commit");
    cr_assert_eq(vol_results_create(path, 1, &prov, &res), VOL_OK);
    cr_assert_eq(vol_results_add_scenario(res, &sc, 1, days, &idx), VOL_OK);
    vol_results_abort(res);
    EXPECT_OPEN(0, 0, "after abort");
    vol_sim_free(s);
    free(buf);
    free(path);
    vol_scenario_free(&sc);
}

/* ---- agent tables and events ---------------------------------------------- */
/* The memory type of a table, built independently of the writer. */
static hid_t memory_type(const vol_table_info *ti)
{
    hid_t ct = H5Tcreate(H5T_COMPOUND, ti->record_size);
    for (size_t i = 0; i < ti->nfields; i++) {
        const vol_field *fd = &ti->fields[i];
        hid_t ft;
        if (fd->type == VOL_FT_F64) ft = H5Tcopy(H5T_NATIVE_DOUBLE);
        else if (fd->type == VOL_FT_I32) ft = H5Tcopy(H5T_NATIVE_INT32);
        else {
            const vol_enum_info *e = vol_enum(fd->enum_id);
            ft = H5Tenum_create(H5T_NATIVE_INT32);
            for (int32_t v = 0; v < e->count; v++) H5Tenum_insert(ft, e->names[v], &v);
        }
        cr_assert_geq(H5Tinsert(ct, fd->name, fd->offset, ft), 0);
        H5Tclose(ft);
    }
    return ct;
}

/* Dataset obj holds exactly the records of table t of s, with enum names
 * and field descriptions. */
static void check_table(hid_t f, const char *obj, const vol_sim *s, vol_table_id t)
{
    const vol_table_info *ti = vol_table(t);
    void *expect;
    size_t n;
    cr_assert_eq(vol_sim_export(s, t, &expect, &n), VOL_OK);
    hid_t d = H5Dopen2(f, obj, H5P_DEFAULT);
    cr_assert_geq(d, 0, "no dataset %s", obj);
    hid_t sp = H5Dget_space(d), ft = H5Dget_type(d);
    cr_assert_eq(H5Sget_simple_extent_npoints(sp), (hssize_t)n, "%s: wrong number of records", obj);
    cr_assert_eq(H5Tget_class(ft), H5T_COMPOUND);
    cr_assert_eq(H5Tget_nmembers(ft), (int)ti->nfields, "%s: wrong number of fields", obj);
    for (size_t i = 0; i < ti->nfields; i++) {
        const vol_field *fd = &ti->fields[i];
        int idx = H5Tget_member_index(ft, fd->name);
        cr_assert_geq(idx, 0, "%s has no field %s", obj, fd->name);
        hid_t mt = H5Tget_member_type(ft, (unsigned)idx);
        H5T_class_t want = fd->type == VOL_FT_F64 ? H5T_FLOAT : fd->type == VOL_FT_I32 ? H5T_INTEGER : H5T_ENUM;
        cr_assert_eq(H5Tget_class(mt), want, "%s.%s has the wrong type class", obj, fd->name);
        if (fd->type == VOL_FT_ENUM) {
            const vol_enum_info *e = vol_enum(fd->enum_id);
            cr_assert_eq(H5Tget_nmembers(mt), e->count);
            for (int v = 0; v < e->count; v++) {
                char name[64];
                int32_t val = v;
                cr_assert_geq(H5Tenum_nameof(mt, &val, name, sizeof name), 0);
                cr_assert_str_eq(name, e->names[v], "%s.%s value %d", obj, fd->name, v);
            }
        }
        H5Tclose(mt);
    }
    hid_t mem = memory_type(ti);
    void *got = calloc(n ? n : 1, ti->record_size);
    if (n) cr_assert_geq(H5Dread(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, got), 0);
    /* compare field by field (padding bytes are not data) */
    for (size_t r = 0; r < n; r++)
        for (size_t i = 0; i < ti->nfields; i++) {
            const vol_field *fd = &ti->fields[i];
            size_t w = fd->type == VOL_FT_F64 ? sizeof(double) : sizeof(int32_t);
            const char *a = (const char *)expect + r * ti->record_size + fd->offset;
            const char *b = (const char *)got + r * ti->record_size + fd->offset;
            if (fd->type == VOL_FT_F64 && isnan(*(const double *)(const void *)a)) {
                /* a field without a value is written as undefined_value */
                cr_assert_eq(*(const double *)(const void *)b, VOL_UNDEFINED, "%s[%zu].%s: NaN not replaced", obj,
                             r, fd->name);
                continue;
            }
            cr_assert_eq(memcmp(a, b, w), 0, "%s[%zu].%s differs", obj, r, fd->name);
        }
    /* field_descriptions: "field: description", one per field */
    hid_t at = H5Aopen(d, "field_descriptions", H5P_DEFAULT);
    cr_assert_geq(at, 0, "%s has no field_descriptions", obj);
    hid_t asp = H5Aget_space(at);
    cr_assert_eq(H5Sget_simple_extent_npoints(asp), (hssize_t)ti->nfields);
    hid_t st = H5Tcopy(H5T_C_S1);
    H5Tset_size(st, H5T_VARIABLE);
    H5Tset_cset(st, H5T_CSET_UTF8);
    char **desc = calloc(ti->nfields, sizeof *desc);
    cr_assert_geq(H5Aread(at, st, desc), 0);
    for (size_t i = 0; i < ti->nfields; i++) {
        char *want;
        cr_assert_geq(asprintf(&want, "%s: %s", ti->fields[i].name, ti->fields[i].description), 0);
        cr_assert_str_eq(desc[i], want);
        free(want);
        H5free_memory(desc[i]);
    }
    free(desc);
    H5Tclose(st);
    H5Sclose(asp);
    H5Aclose(at);
    free(got);
    free(expect);
    H5Tclose(mem);
    H5Tclose(ft);
    H5Sclose(sp);
    H5Dclose(d);
}

Test(results, agent_tables_and_events_from_a_simulation)
{
    const long days = 30, reps = 2;
    vol_scenario sc;
    make_scenario(&sc, "tables", 0);
    small_params(&sc.params);
    char *path = path_in("t.h5");
    vol_results *res;
    size_t idx;
    cr_assert_eq(vol_results_create(path, 0, &prov, &res), VOL_OK);
    cr_assert_eq(vol_results_add_scenario(res, &sc, reps, days, &idx), VOL_OK);
    vol_sim *sims[2];
    double *buf = malloc((size_t)days * VOL_M_COUNT * sizeof *buf);
    for (long r = 0; r < reps; r++) {
        cr_assert_eq(vol_sim_create(&sc.params, (uint32_t)r, 1, &sims[r]), VOL_OK, "%s", vol_error_message());
        cr_assert_eq(vol_sim_run(sims[r], days, buf), VOL_OK, "%s", vol_error_message());
        cr_assert_eq(vol_results_write_replicate(res, idx, r, buf), VOL_OK);
        cr_assert_eq(vol_results_write_tables(res, idx, r, sims[r], 1, 1), VOL_OK, "%s", vol_error_message());
    }
    free(buf);
    cr_assert_eq(vol_results_write_tables(res, idx, 0, sims[0], 1, 0), VOL_EINVAL, "agents written twice");
    cr_assert_eq(vol_results_write_tables(res, idx, 0, sims[0], 0, 1), VOL_EINVAL, "events written twice");
    cr_assert_eq(vol_results_finish_scenario(res, idx, &sc, reps, NULL), VOL_OK);
    cr_assert_eq(vol_results_commit(res), VOL_OK, "%s", vol_error_message());

    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    for (long r = 0; r < reps; r++) {
        char obj[256];
        for (int t = 0; t < VOL_TABLE_COUNT; t++) {
            if (t == VOL_TABLE_EVENTS) snprintf(obj, sizeof obj, "scenarios/tables/events/r%04ld", r);
            else snprintf(obj, sizeof obj, "scenarios/tables/agents/r%04ld/%s", r, vol_table((vol_table_id)t)->name);
            check_table(f, obj, sims[r], (vol_table_id)t);
        }
    }
    H5G_info_t gi;
    hid_t g = H5Gopen2(f, "scenarios/tables/agents/r0000", H5P_DEFAULT);
    cr_assert_geq(H5Gget_info(g, &gi), 0);
    cr_assert_eq(gi.nlinks, (hsize_t)VOL_TABLE_COUNT - 1, "agent tables other than the six");
    H5Gclose(g);
    H5Fclose(f);
    for (long r = 0; r < reps; r++) vol_sim_free(sims[r]);
    free(path);
    vol_scenario_free(&sc);
}

Test(results, events_without_an_event_log_fail_cleanly)
{
    vol_scenario sc;
    make_scenario(&sc, "nolog", 0);
    small_params(&sc.params);
    char *path = path_in("e.h5");
    vol_results *res;
    size_t idx;
    vol_sim *s;
    cr_assert_eq(vol_results_create(path, 0, &prov, &res), VOL_OK);
    cr_assert_eq(vol_results_add_scenario(res, &sc, 1, 5, &idx), VOL_OK);
    cr_assert_eq(vol_sim_create(&sc.params, 0, 0, &s), VOL_OK);
    cr_assert_neq(vol_results_write_tables(res, idx, 0, s, 0, 1), VOL_OK);
    vol_results_abort(res);
    cr_assert_eq(dir_entries(), 0);
    vol_sim_free(s);
    free(path);
    vol_scenario_free(&sc);
}
