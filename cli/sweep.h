/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sweep.h: running a sweep from the command (volsim sweep): a crash-safe,
 * resumable run of every (point, policy, replicate), with signals, progress,
 * messages and MPI.
 *
 * Results of finished runs are appended to a journal (<output>.journal,
 * one checksummed record per run, flushed as each run finishes); the HDF5
 * file is rebuilt from the journal under a temporary name and renamed, at
 * checkpoints and at the end, so the file under its final name is always
 * complete and readable. A sweep killed at any moment loses at most the runs
 * in flight; --resume finishes it from the journal. */
#ifndef VCLI_SWEEP_H
#define VCLI_SWEEP_H
#include "vol_sweep.h"

typedef struct {
    const char *output;
    int force, resume, quiet;
    double checkpoint_seconds;
    const char *command_line;
} vcli_sweep_options;

/* MPI: starts MPI when the command runs under mpirun or srun (and volsim was
 * built with MPI); *rank and *size are 0 and 1 otherwise. */
void vcli_mpi_start(int *argc, char ***argv, int *rank, int *size);
void vcli_mpi_stop(void);
/* vol_abc_split's gather over MPI_COMM_WORLD (a no-op on one process). */
int vcli_mpi_gather_runs(void *ctx, double *stats, size_t T, int8_t *status, size_t n, int *ok);
/* Whether ok holds on every rank (ok itself without MPI): a decision all
 * ranks take together, so that none waits for a rank that gave up. */
int vcli_mpi_all(int ok);

/* Runs (or resumes) the sweep. Under MPI with several ranks, rank 0 hands
 * out runs one at a time to the others as they become free (runs differ in
 * length) and writes the journal and the file; every rank returns the same
 * code. Returns 0, 1 (runtime failure or interrupted)
 * or 2 (bad input: existing output, nothing to resume, ...). */
int vcli_sweep_execute(const vol_sweep *sw, const vcli_sweep_options *opt);

#endif
