/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_journal.h: a sweep's journal and its HDF5 file.
 *
 * The journal (<output>.journal) holds a header (magic and the sweep's
 * fingerprint) and one checksummed record per finished run, flushed as the
 * run finishes; a torn last record is detected and dropped. The HDF5 file is
 * rebuilt from the journal as it is on disk, under a temporary name, synced
 * and renamed over the output, so the file under its final name is always
 * complete and readable (schema: docs/results-format.md). */
#ifndef VOL_JOURNAL_H
#define VOL_JOURNAL_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "vol_sweep.h"
#ifdef __cplusplus
extern "C" {
#endif

/* What a journal belongs to: the sweep's text, resolved policies, run
 * count, metrics, library version and replicate control. */
VOL_API uint64_t vol_journal_fingerprint(const vol_sweep *sw);

/* Writes the header of a new journal and flushes; 1 on success, 0 (errno
 * set) on failure. */
VOL_API int vol_journal_start(FILE *f, uint64_t fp);

/* Appends (and flushes) the record of run: status 1 done or 2 failed, its
 * nv values (vol_sweep_plan_values), the failure message (NULL when done).
 * 1 on success, 0 (errno set) when it could not be written. */
VOL_API int vol_journal_append(FILE *f, uint32_t run, int status, const double *v, size_t nv, const char *msg);

/* Called for every good record of a scan: msg is "" when none. */
typedef void (*vol_journal_fn)(void *ctx, uint32_t run, int status, const double *v, const char *msg);

/* Reads the journal from the start: status[run] (may be NULL) gets each
 * good record's status and each (may be NULL) is called for it; records
 * hold nv values each (vol_sweep_plan_values). Returns the
 * byte offset after the last good record, 0 when the header is not this
 * sweep's (fingerprint fp). */
VOL_API long vol_journal_scan(FILE *f, uint64_t fp, size_t nruns, size_t nv, int8_t *status, vol_journal_fn each,
                              void *ctx);

/* Writes the whole results file from the design and the journal at jpath
 * (as it is on disk) under a temporary name, synced, then renames it over
 * out. needed, stop, width: the replicate control's per-cell state
 * (vol_sweep_control). *done, *failed: the runs in the file; *complete:
 * every cell stopped. Returns 1, or 0 with errno telling why when known;
 * the temporary file is then removed and out is untouched. */
VOL_API int vol_journal_snapshot(const vol_sweep *sw, const char *out, const char *jpath, uint64_t fp, const char *cmdline,
                         const long *needed, const int8_t *stop, const double *width, size_t *done, size_t *failed,
                         int *complete);

#ifdef __cplusplus
}
#endif
#endif
