/* h5read.h: reading volsim's HDF5 files back for analysis (schemas in
 * docs/results-format.md). Errors are reported with VOL_ERROR. */
#ifndef VCLI_H5READ_H
#define VCLI_H5READ_H

#include <stddef.h>
#include <stdint.h>
#include "volsim.h"

/* ---- run results (volsim run) ---- */
typedef struct {
    char *name;
    long replicates, days;
    uint64_t seed;
} vcli_run_scenario;

typedef struct {
    char *path;
    int64_t file;              /* hid_t */
    vcli_run_scenario *sc;
    size_t nsc;
} vcli_run_file;

vol_status vcli_run_file_open(const char *path, vcli_run_file *f);
void vcli_run_file_close(vcli_run_file *f);
/* Index of scenario name, -1 when absent. */
int vcli_run_file_find(const vcli_run_file *f, const char *name);
/* Reads metric (by name) of scenario i into a new array [replicates * days]
 * (caller frees); also its unit into unit (size n). */
vol_status vcli_run_file_metric(const vcli_run_file *f, size_t i, const char *metric, double **data, char *unit,
                                size_t n);

/* A numeric parameter of scenario i as run (its attribute in
 * scenarios/<name>/parameters), as a double. */
vol_status vcli_run_file_parameter(const vcli_run_file *f, size_t i, const char *name, double *value);

/* The client panel of replicate rep of scenario i (run.client_panel_days):
 * *wellbeing [clients * times], *first (first company contact day, 0-based,
 * -1 when none) [clients], *day (1-based end day of each panel time)
 * [times], all malloc'd (caller frees). VOL_ENOTFOUND-like VOL_EINVAL with a
 * message saying how to record one when the run has no panel. */
int vcli_run_file_has_panel(const vcli_run_file *f, size_t i, long rep);
vol_status vcli_run_file_panel(const vcli_run_file *f, size_t i, long rep, float **wellbeing, int32_t **first,
                               int32_t **day, size_t *clients, size_t *times);

/* A string attribute of an object (attr set) or a scalar string dataset
 * (attr NULL), e.g. ("/", "git_commit") or ("scenarios/a/config", NULL).
 * malloc'd; NULL when absent. */
char *vcli_run_file_string(const vcli_run_file *f, const char *object, const char *attr);

/* ---- sweeps (volsim sweep) ---- */
typedef struct {
    char *path, *design;
    size_t k, npoints, npolicies, nruns, samples, levels, nmetrics;
    long replicates;
    char **parameters, **policies, **metrics;
    double *unit;               /* [npoints * k] */
    int32_t *block, *factor;    /* [npoints] */
    int32_t *point, *policy, *replicate; /* [nruns] */
    int8_t *status;             /* [nruns] */
    double *final, *last_year;  /* [nruns * nmetrics] */
} vcli_sweep_file;

vol_status vcli_sweep_file_read(const char *path, vcli_sweep_file *s);
void vcli_sweep_file_free(vcli_sweep_file *s);

#endif
