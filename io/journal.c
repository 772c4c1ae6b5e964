/* SPDX-License-Identifier: GPL-3.0-or-later */
/* journal.c: a sweep's journal of finished runs and the HDF5 file rebuilt
 * from it (vol_journal.h; format in docs/results-format.md). */
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
#include "vol_journal.h"
#include "vol_outfile.h"
#include "vol_results.h"
#include "vol_gitinfo.h"

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
 * metrics, library version and build (vol_build_id). */
uint64_t vol_journal_fingerprint(const vol_sweep *sw)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv64(sw->text, strlen(sw->text), h);
    for (size_t i = 0; i < sw->npolicies; i++) h = fnv64(&sw->policies[i].params, sizeof sw->policies[i].params, h);
    h = fnv64(&sw->nruns, sizeof sw->nruns, h);
    uint64_t m = VOL_M_COUNT;
    h = fnv64(&m, sizeof m, h);
    if (sw->nfollow) h = fnv64(sw->follow_days, sw->nfollow * sizeof *sw->follow_days, h); /* in the text too */
    if (sw->nseries) {
        h = fnv64(sw->series, sw->nseries * sizeof *sw->series, h);
        h = fnv64(&sw->series_every, sizeof sw->series_every, h);
    }
    h = fnv64(vol_version(), strlen(vol_version()), h);
    h = fnv64(vol_build_id(), strlen(vol_build_id()), h);
    if (sw->auto_on) {
        h = fnv64(&sw->auto_width, sizeof sw->auto_width, h);
        h = fnv64(&sw->auto_metric, sizeof sw->auto_metric, h);
        h = fnv64(&sw->auto_batch, sizeof sw->auto_batch, h);
        if (sw->auto_paired) { /* fingerprints of unpaired sweeps stay as they were */
            h = fnv64(&sw->auto_a, sizeof sw->auto_a, h);
            h = fnv64(&sw->auto_b, sizeof sw->auto_b, h);
        }
    }
    return h;
}

/* Reads the journal: marks done/failed runs in status; returns the byte
 * offset after the last good record (0 when the header is bad), calling
 * each(rec, values, msg, ctx) for every good record when each is set. */
long vol_journal_scan(FILE *f, uint64_t fp, size_t nruns, size_t nv, int8_t *status, vol_journal_fn each, void *ctx)
{
    char magic[sizeof J_MAGIC];
    uint64_t got_fp;
    rewind(f);
    if (fread(magic, 1, sizeof J_MAGIC - 1, f) != sizeof J_MAGIC - 1 || memcmp(magic, J_MAGIC, sizeof J_MAGIC - 1) ||
        fread(&got_fp, sizeof got_fp, 1, f) != 1 || got_fp != fp)
        return 0;
    long good = ftell(f);
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
        if (each) each(ctx, h.run, h.status, v, msg);
        good = ftell(f);
    }
    free(v);
    free(msg);
    return good;
}

int vol_journal_append(FILE *f, uint32_t run, int status, const double *v, size_t nv, const char *msg)
{
    rec_head h = {R_MAGIC, run, status, (uint32_t)(msg ? strnlen(msg, 1024) : 0)};
    uint64_t sum = fnv64(&h, sizeof h, 0xcbf29ce484222325ULL);
    sum = fnv64(v, nv * sizeof *v, sum);
    sum = fnv64(msg ? msg : "", h.msglen, sum);
    int ok = fwrite(&h, sizeof h, 1, f) == 1 && fwrite(v, sizeof *v, nv, f) == nv &&
             (h.msglen == 0 || fwrite(msg, 1, h.msglen, f) == h.msglen) && fwrite(&sum, sizeof sum, 1, f) == 1 &&
             fflush(f) == 0;
    return ok;
}

int vol_journal_start(FILE *f, uint64_t fp)
{
    return fwrite(J_MAGIC, 1, sizeof J_MAGIC - 1, f) == sizeof J_MAGIC - 1 && fwrite(&fp, sizeof fp, 1, f) == 1 &&
           fflush(f) == 0;
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
        hsize_t chunk[3] = {dims[0] < 1024 ? dims[0] : 1024, rank > 1 ? dims[1] : 1, rank > 2 ? dims[2] : 1};
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
    hid_t at_day;        /* [runs, follow-up days, metrics] or -1 */
    hid_t *series;       /* nseries datasets [runs, times] */
    size_t nfollow, nseries, times;
    int failed;
} snap_ctx;

/* Writes count values of v into row run of dataset d (rank 2 or 3: the
 * rest of the row); a value without one as undefined_value. */
static int write_row(hid_t d, hsize_t run, const double *v, size_t count)
{
    double *row = malloc((count + 1) * sizeof *row);
    if (!row) return 0;
    vol_finite_copy(row, v, count);
    hid_t fs = H5Dget_space(d);
    int rank = H5Sget_simple_extent_ndims(fs);
    hsize_t dims[3] = {0, 0, 0}, start[3] = {run, 0, 0}, cnt[3] = {1, 0, 0};
    H5Sget_simple_extent_dims(fs, dims, NULL);
    for (int i = 1; i < rank && i < 3; i++) cnt[i] = dims[i];
    hsize_t mdim = count;
    hid_t mem = H5Screate_simple(1, &mdim, NULL);
    int ok = rank >= 2 && rank <= 3 && H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, cnt, NULL) >= 0 &&
             H5Dwrite(d, H5T_NATIVE_DOUBLE, mem, fs, H5P_DEFAULT, row) >= 0;
    H5Sclose(mem);
    H5Sclose(fs);
    free(row);
    return ok;
}

static void snap_record(void *ctx, uint32_t run, int status, const double *v, const char *msg)
{
    (void)status;
    snap_ctx *c = ctx;
    hsize_t start[2] = {run, 0}, count[2] = {1, VOL_M_COUNT};
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
    const double *extra = v + VOL_SWEEP_VALUES;
    if (c->nfollow && !write_row(c->at_day, run, extra, c->nfollow * VOL_M_COUNT)) c->failed = 1;
    extra += c->nfollow * VOL_M_COUNT;
    for (size_t i = 0; i < c->nseries && c->times; i++)
        if (!write_row(c->series[i], run, extra + i * c->times, c->times)) c->failed = 1;
    if (msg[0]) {
        hsize_t one = 1, at = run;
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
/* /sweep/design: the parameters, the design's settings, its points in
 * the unit cube and in parameter values, blocks, factors, ranges. */
static int write_design(hid_t g, const vol_sweep *sw)
{
    int ok = 1;
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
    return ok;
}

/* /sweep/policies and policy_configs (each resolved scenario) and
 * /sweep/config (the sweep file's text); st: the string type. */
static int write_policies(hid_t g, const vol_sweep *sw, hid_t st)
{
    int ok = 1;
    const char **pol = calloc(sw->npolicies, sizeof *pol), **cfgs = calloc(sw->npolicies, sizeof *cfgs);
    for (size_t i = 0; pol && cfgs && i < sw->npolicies; i++) {
        pol[i] = sw->policies[i].name;
        cfgs[i] = vol_scenario_resolved_text(&sw->policies[i]);
    }
    hsize_t np = sw->npolicies;
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
    return ok;
}

/* /sweep/replicate_control: per (point, policy) cell the replicates run,
 * the interval width at the stop and why it stopped. */
static int write_control(hid_t g, const vol_sweep *sw, const long *needed, const int8_t *stop, const double *width)
{
    int ok = 1;
    size_t cells = sw->npoints * sw->npolicies;
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
                               "interval width of the metric on the last day at the stop (with paired: of the "
                               "paired difference, the same for every policy of a point), and why it stopped: "
                               "1 the interval was narrower than the target, 2 the maximum was reached") >= 0;
    if (sw->auto_paired) {
        char pair[512];
        snprintf(pair, sizeof pair, "%s - %s", sw->policies[sw->auto_a].name,
                 sw->policies[sw->auto_b].name);
        ok &= a_str(cg, "paired", pair) >= 0;
    }
    hid_t wa = H5Screate(H5S_SCALAR);
    hid_t a = cg >= 0 ? H5Acreate2(cg, "target_width", H5T_NATIVE_DOUBLE, wa, H5P_DEFAULT, H5P_DEFAULT) : -1;
    ok &= a >= 0 && H5Awrite(a, H5T_NATIVE_DOUBLE, &sw->auto_width) >= 0;
    if (a >= 0) H5Aclose(a);
    H5Sclose(wa);
    free(nr);
    if (cg >= 0) H5Gclose(cg);
    return ok;
}

/* outputs/at_day and outputs/series/<metric> (their datasets stay open in c). */
static int write_extras(hid_t og, const vol_sweep *sw, snap_ctx *c)
{
    int ok = 1;
    hsize_t n = sw->nruns;
    if (sw->nfollow) {
        hsize_t dims[3] = {n, sw->nfollow, VOL_M_COUNT}, nd = sw->nfollow;
        int64_t *days = malloc(sw->nfollow * sizeof *days);
        c->at_day = dset(og, "at_day", H5T_NATIVE_DOUBLE, 3, dims, 1);
        ok &= days && c->at_day >= 0;
        for (size_t i = 0; days && i < sw->nfollow; i++) days[i] = sw->follow_days[i];
        hid_t sp = H5Screate_simple(1, &nd, NULL);
        hid_t a = ok ? H5Acreate2(c->at_day, "days", H5T_NATIVE_INT64, sp, H5P_DEFAULT, H5P_DEFAULT) : -1;
        ok &= a >= 0 && H5Awrite(a, H5T_NATIVE_INT64, days) >= 0;
        if (a >= 0) H5Aclose(a);
        H5Sclose(sp);
        free(days);
        ok &= ok && a_f64(c->at_day, "undefined_value", VOL_UNDEFINED) >= 0 &&
              a_str(c->at_day, "description", "each metric on each follow-up day (attribute days, 1-based), "
                                              "[run, day, metric]; undefined past a run's last day") >= 0;
    }
    if (!sw->nseries || !c->times) return ok;
    c->series = malloc(sw->nseries * sizeof *c->series);
    for (size_t i = 0; c->series && i < sw->nseries; i++) c->series[i] = -1;
    hid_t sg = H5Gcreate2(og, "series", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ok &= c->series && sg >= 0 && a_i64(sg, "every", sw->series_every) >= 0 &&
          a_str(sg, "description", "per metric, [run, time]: the metric on days every, 2 every, ... (1-based)") >= 0;
    for (size_t i = 0; c->series && i < sw->nseries; i++) {
        hsize_t dims[2] = {n, c->times};
        c->series[i] = dset(sg, vol_metrics_info((size_t)sw->series[i])->name, H5T_NATIVE_DOUBLE, 2, dims, 1);
        ok &= c->series[i] >= 0 && a_f64(c->series[i], "undefined_value", VOL_UNDEFINED) >= 0;
    }
    if (sg >= 0) H5Gclose(sg);
    return ok;
}

int vol_journal_snapshot(const vol_sweep *sw, const char *out, const char *jpath, uint64_t fp, const char *cmdline,
                         const long *needed, const int8_t *stop, const double *width, size_t *done, size_t *failed,
                         int *complete)
{
    errno = 0;
    char *tmp = vol_tmp_name(out, NULL);
    if (!tmp) return 0;
    int slot = vol_tmp_register(tmp);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t f = H5Fcreate(tmp, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) {
        int e = errno;
        unlink(tmp); /* in case HDF5 got as far as creating it */
        vol_tmp_unregister(slot);
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
          a_str(f, "build", vol_build_id()) >= 0 &&
          a_str(f, "created", created) >= 0 && a_str(f, "command_line", cmdline) >= 0;
    hid_t g = H5Gcreate2(f, "sweep", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ok &= g >= 0;
    ok &= write_design(g, sw);
    hid_t st = vstr();
    ok &= write_policies(g, sw, st);
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
    snap_ctx c = {-1, -1, -1, -1, NULL, sw->nfollow, sw->nseries, vol_sweep_plan_times(&sw->plan), 0};
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
    ok &= og >= 0 && write_extras(og, sw, &c);
    if (ok && jpath) {
        FILE *journal = fopen(jpath, "rb");
        ok &= journal != NULL;
        if (journal) {
            vol_journal_scan(journal, fp, n, vol_sweep_plan_values(&sw->plan), status, snap_record, &c);
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
        /* complete only when the journal holds every run needed, not when
         * the plan in memory says so (another process may have written
         * the file, or the journal lost records) */
        if (status[r] == 0) all_stopped = 0;
    }
    ok &= status && write_all(rg, "status", H5T_NATIVE_INT8, 1, &dr, status) >= 0;
    hid_t sd = ok ? H5Dopen2(rg, "status", H5P_DEFAULT) : -1;
    ok &= sd >= 0 && a_str(sd, "meaning", "0 pending, 1 done, 2 failed (see message), 3 not needed (replicate control)") >= 0;
    if (sw->auto_on) ok &= write_control(g, sw, needed, stop, width);
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
    if (c.at_day >= 0) H5Dclose(c.at_day);
    for (size_t i = 0; c.series && i < c.nseries; i++)
        if (c.series[i] >= 0) H5Dclose(c.series[i]);
    free(c.series);
    if (og >= 0) H5Gclose(og);
    if (rg >= 0) H5Gclose(rg);
    H5Tclose(st);
    if (g >= 0) H5Gclose(g);
    if (H5Fclose(f) < 0) ok = 0;
    if (ok) ok = vol_sync_path(tmp, 0) == 0 && rename(tmp, out) == 0;
    int e = errno;
    if (!ok) unlink(tmp);
    vol_tmp_unregister(slot);
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
