/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sweep.h: parameter sweeps (volsim sweep): a sweep file, its design, and
 * a crash-safe, resumable run of every (point, policy, replicate).
 *
 * Results of finished runs are appended to a journal (<output>.journal,
 * one checksummed record per run, flushed as each run finishes); the HDF5
 * file is rebuilt from the journal under a temporary name and renamed, at
 * checkpoints and at the end, so the file under its final name is always
 * complete and readable. A sweep killed at any moment loses at most the runs
 * in flight; --resume finishes it from the journal. */
#ifndef VCLI_SWEEP_H
#define VCLI_SWEEP_H

#include <stddef.h>
#include "volsim.h"
#include "vol_scenario.h"
#include "vol_designs.h"

typedef struct {
    char *name;            /* dotted parameter name */
    const vol_param_info *info;
    double *values;        /* explicit values (levels), or NULL for a range */
    size_t nvalues;
    double min, max;       /* range (uniform) when values is NULL */
} vol_sweep_param;

typedef struct {
    char *path, *name, *text;   /* the sweep file, its stem, its text */
    vol_design_kind design;
    size_t samples, levels, k;
    long replicates;
    uint64_t seed;
    vol_sweep_param *params;
    vol_scenario *policies;    /* resolved scenarios (base and overrides applied) */
    size_t npolicies;
    size_t npoints;
    double *unit;               /* [npoints * k] design in [0, 1)^k (grid: level indices) */
    double *values;             /* [npoints * k] parameter values */
    int32_t *block, *factor;    /* [npoints] */
    size_t nruns;               /* npoints * npolicies * replicates */
    /* replicate control: replicates is then the maximum per (point,
     * policy) cell; batches are added to a cell until the 95% interval of
     * metric (last day) is narrower than width */
    int auto_on;
    double auto_width;
    int auto_metric;
    long auto_batch;
} vol_sweep;

/* Switches a loaded sweep to replicate control (recomputes nruns). */
void vol_sweep_set_auto(vol_sweep *sw, double width, int metric, long batch, long max_replicates);

/* Loads and validates a sweep file; every problem goes to diag as
 * FILE:LINE: SETTING: expected ..., found ... Returns the problem count. */
size_t vol_sweep_load(const char *path, const char *const *sets, size_t nsets, vol_sweep *sw, vol_diag *diag);
void vol_sweep_free(vol_sweep *sw);

/* Run r's point, policy and replicate. */
void vol_sweep_run_index(const vol_sweep *sw, size_t r, size_t *point, size_t *policy, long *replicate);

typedef struct {
    const char *output;
    int force, resume, quiet;
    double checkpoint_seconds;
    const char *command_line;
} vol_sweep_options;

/* MPI: starts MPI when the command runs under mpirun or srun (and volsim was
 * built with MPI); *rank and *size are 0 and 1 otherwise. */
void vcli_mpi_start(int *argc, char ***argv, int *rank, int *size);
void vcli_mpi_stop(void);
/* Whether ok holds on every rank (ok itself without MPI): a decision all
 * ranks take together, so that none waits for a rank that gave up. */
int vcli_mpi_all(int ok);

/* Runs (or resumes) the sweep. Under MPI with several ranks, rank 0 hands
 * out runs one at a time to the others as they become free (runs differ in
 * length) and writes the journal and the file; every rank returns the same
 * code. Returns 0, 1 (runtime failure or interrupted)
 * or 2 (bad input: existing output, nothing to resume, ...). */
int vol_sweep_execute(const vol_sweep *sw, const vol_sweep_options *opt);

#endif
