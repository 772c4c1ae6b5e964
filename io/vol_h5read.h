/* SPDX-License-Identifier: GPL-3.0-or-later */
/* h5read.h: reading volsim's HDF5 files back for analysis (schemas in
 * docs/results-format.md). Errors are reported with VOL_ERROR. */
#ifndef VOL_H5READ_H
#define VOL_H5READ_H

#include <stddef.h>
#include <stdint.h>
#include "volsim.h"

/* The root's "format" attribute of an HDF5 file ("volsim-results",
 * "volsim-sweep", "volsim-discovery"), malloc'd; NULL when the file cannot
 * be opened or has none. */
VOL_API char *vol_h5_file_format(const char *path);

/* ---- run results (volsim run) ---- */
typedef struct {
    char *name;
    long replicates, days;
    uint64_t seed;
} vol_run_scenario;

typedef struct {
    char *path;
    int64_t file;              /* hid_t */
    vol_run_scenario *sc;
    size_t nsc;
} vol_run_file;

VOL_API vol_status vol_run_file_open(const char *path, vol_run_file *f);
VOL_API void vol_run_file_close(vol_run_file *f);
/* Index of scenario name, -1 when absent. */
VOL_API int vol_run_file_find(const vol_run_file *f, const char *name);
/* Reads metric (by name) of scenario i into a new array [replicates * days]
 * (caller frees); also its unit into unit (size n). */
VOL_API vol_status vol_run_file_metric(const vol_run_file *f, size_t i, const char *metric, double **data, char *unit,
                                size_t n);

/* 1 when scenario i has metric (by name): files of older versions lack
 * the metrics added since. */
VOL_API int vol_run_file_has_metric(const vol_run_file *f, size_t i, const char *metric);

/* A numeric parameter of scenario i as run (its attribute in
 * scenarios/<name>/parameters), as a double. */
VOL_API vol_status vol_run_file_parameter(const vol_run_file *f, size_t i, const char *name, double *value);

/* The client panel of replicate rep of scenario i (run.client_panel_days):
 * *wellbeing [clients * times], *first (first company contact day, 0-based,
 * -1 when none) [clients], *day (1-based end day of each panel time)
 * [times], all malloc'd (caller frees). VOL_ENOTFOUND-like VOL_EINVAL with a
 * message saying how to record one when the run has no panel. */
VOL_API int vol_run_file_has_panel(const vol_run_file *f, size_t i, long rep);
VOL_API vol_status vol_run_file_panel(const vol_run_file *f, size_t i, long rep, float **wellbeing, int32_t **first,
                               int32_t **day, size_t *clients, size_t *times);

/* The HDF5 memory type of the records of table ti (a compound of its
 * fields at their offsets; enumeration fields as HDF5 enumerations of their
 * names); the caller closes it (H5Tclose), -1 on failure. The writer
 * (io/results.c) and vol_run_file_table share it. */
VOL_API int64_t vol_table_h5type(const vol_table_info *ti);

/* Agent table t (not the events) of replicate rep of scenario i, written by
 * volsim run --agents, read into *records laid out as vol_sim_export gives
 * them (*n records, malloc'd; the caller frees). Floating-point fields
 * without a value hold -1 (the file's undefined_value). VOL_EINVAL with a
 * message saying how to record them when the run has no agent tables. */
VOL_API int vol_run_file_has_table(const vol_run_file *f, size_t i, long rep, vol_table_id t);
VOL_API vol_status vol_run_file_table(const vol_run_file *f, size_t i, long rep, vol_table_id t, void **records, size_t *n);

/* A string attribute of an object (attr set) or a scalar string dataset
 * (attr NULL), e.g. ("/", "git_commit") or ("scenarios/a/config", NULL).
 * malloc'd; NULL when absent. */
VOL_API char *vol_run_file_string(const vol_run_file *f, const char *object, const char *attr);

/* The scenario file scenario i is directly based on (the one before last
 * of its base_chain attribute, as written: a path), malloc'd; NULL when it
 * has no base. */
VOL_API char *vol_run_file_base(const vol_run_file *f, size_t i);

/* ---- sweeps (volsim sweep) ---- */
typedef struct {
    char *path, *design;
    size_t k, npoints, npolicies, nruns, samples, levels, nmetrics;
    long replicates;
    char **parameters, **policies, **metrics;
    char **policy_configs;      /* [npolicies]: each policy's resolved scenario text, NULL in files without them */
    uint64_t seed;              /* the sweep's seed */
    double *unit;               /* [npoints * k]: the design in [0, 1) (grid: level index) */
    double *values;             /* [npoints * k]: the parameter values of each point */
    double *low, *high;         /* [k]: the ranges, or first and last listed values */
    int32_t *block, *factor;    /* [npoints] */
    int32_t *point, *policy, *replicate; /* [nruns] */
    int8_t *status;             /* [nruns] */
    double *final, *last_year;  /* [nruns * nmetrics] */
    size_t nfollow;             /* follow-up days (0 in sweeps without them) */
    long *follow_days;          /* [nfollow] */
    double *at_day;             /* [nruns * nfollow * nmetrics]: run, day, metric */
} vol_sweep_file;

VOL_API vol_status vol_sweep_file_read(const char *path, vol_sweep_file *s);
VOL_API void vol_sweep_file_free(vol_sweep_file *s);

/* ---- any volsim file, by path --------------------------------------------
 * For the files of vol_h5write.h (discovery, calibration): attributes and
 * datasets by path. Values written as the dataset's undefined_value come
 * back as NaN. The readers return NULL (with a message naming the file
 * and path) when the object is missing or of another type. */
typedef struct vol_h5in vol_h5in;
/* Opens path when its root's format attribute is format (else VOL_EINVAL:
 * "expected a file written by <command>"). */
VOL_API vol_status vol_h5in_open(const char *path, const char *format, const char *command, vol_h5in **out);
VOL_API void vol_h5in_close(vol_h5in *r);
VOL_API int vol_h5in_exists(const vol_h5in *r, const char *path);
VOL_API vol_status vol_h5in_attr_long(const vol_h5in *r, const char *path, const char *name, long long *v);
VOL_API vol_status vol_h5in_attr_double(const vol_h5in *r, const char *path, const char *name, double *v);
VOL_API char *vol_h5in_attr_text(const vol_h5in *r, const char *path, const char *name);
VOL_API double *vol_h5in_doubles(const vol_h5in *r, const char *path, size_t *n);
VOL_API int8_t *vol_h5in_bytes(const vol_h5in *r, const char *path, size_t *n);
VOL_API char **vol_h5in_texts(const vol_h5in *r, const char *path, size_t *n);

#endif
