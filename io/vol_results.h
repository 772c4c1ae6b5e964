/* SPDX-License-Identifier: GPL-3.0-or-later */
/* results.h: the HDF5 results file (schema: docs/results-format.md).
 *
 * Crash safety: the file is written under a temporary name in the same
 * directory and renamed to its final name only by vol_results_commit. An
 * existing final file is never replaced unless force is set. Not thread-safe:
 * callers serialise calls (HDF5 is built without thread safety). */
#ifndef VOL_RESULTS_H
#define VOL_RESULTS_H

#include <stddef.h>
#include <stdint.h>
#include "volsim.h"
#include "vol_scenario.h"

/* 2: values a metric or table field does not have are written as the
 * dataset's attribute undefined_value (VOL_UNDEFINED) instead of NaN. */
#define VOL_SCHEMA_VERSION 2

/* The value written where a metric or field has no value (a share of
 * nobody, a vulnerable volunteer's wellbeing for a regular one): every
 * metric and floating-point field is >= 0, so -1 cannot be a real value.
 * No NaN or infinity is ever written. */
#define VOL_UNDEFINED (-1.0)

/* Copies n doubles, each NaN or infinity replaced by VOL_UNDEFINED;
 * returns the number replaced. */
VOL_API size_t vol_finite_copy(double *dst, const double *src, size_t n);

/* fsync of a file, or best effort of a directory, so that data are on disk
 * before a rename makes them visible (EINVAL and EROFS: nothing to sync).
 * 0 on success; a directory always gives 0. */
VOL_API int vol_sync_path(const char *path, int directory);

typedef struct vol_results vol_results;

typedef struct {
    const char *command_line;  /* the whole command line, quoted as needed */
    const char *git_commit;    /* VOLSIM_GIT_COMMIT */
    const char *version;       /* vol_version() */
} vol_provenance;

/* The system's reason for a failed write (errno e; "" when e is 0), with
 * what to do about the usual ones (full disk, file size limit, read-only),
 * as ": reason (what to do)", in buf. Returns buf. */
VOL_API const char *vol_io_reason(int e, char *buf, size_t n);

/* The exact build, recorded in every results and sweep file and in the
 * sweep journal's fingerprint: "commit C; model sources M; parameters P",
 * C the git commit (with -dirty), M a hash of model/'s sources, P a hash
 * of the parameter table (names, types, defaults, ranges). A journal of
 * another build is refused: resuming would mix two models in one file. */
VOL_API const char *vol_build_id(void);

/* Call at the start of the program, before any other HDF5 call: HDF5 then
 * skips its clean-up at exit, which crashes (HDF5 1.10) after a file failed
 * to close on a full disk. Every file is closed explicitly anyway. */
VOL_API void vol_results_library_init(void);

/* Fails with VOL_EINVAL (message names the file and says to use --force) when
 * final_path exists and force is 0; VOL_EIO when the temporary file cannot be
 * created. Root attributes are written here. */
VOL_API vol_status vol_results_create(const char *final_path, int force,
                               const vol_provenance *prov, vol_results **out);

/* The temporary file's name (valid until commit or abort). */
VOL_API const char *vol_results_tmp_path(const vol_results *r);

/* Adds group /scenarios/<sc->name> with its provenance (parameters as
 * attributes, seed) and one dataset per metric, [replicates x days]
 * (replicates is a first size; see vol_results_finish_scenario). Returns
 * the scenario's index in *index. */
VOL_API vol_status vol_results_add_scenario(vol_results *r, const vol_scenario *sc,
                                     long replicates, long days, size_t *index);

/* Writes replicate rep of scenario index: metrics[m * days + d]. The
 * datasets grow when rep is beyond the replicates given so far. */
VOL_API vol_status vol_results_write_replicate(vol_results *r, size_t index, long rep,
                                        const double *metrics);

/* Closes a scenario: its final number of replicates (the datasets are
 * trimmed to it), the resolved config with that number, the replicate keys,
 * and, with replicate control, a sentence saying why it stopped. */
VOL_API vol_status vol_results_finish_scenario(vol_results *r, size_t index, const vol_scenario *sc, long replicates,
                                        const char *replicate_control);

/* Writes the final agent tables (with_agents), the event log (with_events)
 * and, when the run has one (run.client_panel_days), the client panel of
 * replicate rep from a finished simulation. */
VOL_API vol_status vol_results_write_tables(vol_results *r, size_t index, long rep,
                                     const vol_sim *s, int with_agents,
                                     int with_events);

/* Removes scenario index, unfinished and with no replicate to keep (an
 * interrupted run); commit then ignores it. */
VOL_API vol_status vol_results_drop_scenario(vol_results *r, size_t index);

/* Marks the file as an interrupted run's: at commit, root attribute
 * complete = 0 and interrupted = note (why, how far). Without it, complete
 * = 1. */
VOL_API vol_status vol_results_mark_interrupted(vol_results *r, const char *note);

/* Attribute replicates_requested of a finished scenario (an interrupted
 * run: replicates is what was completed and kept). */
VOL_API vol_status vol_results_set_requested(vol_results *r, size_t index, long requested);

/* Writes root attribute complete, flushes, syncs, closes and renames to
 * the final name. Frees r; on failure the temporary file is removed. */
VOL_API vol_status vol_results_commit(vol_results *r);

/* Closes and removes the temporary file; the final name is untouched. Frees
 * r; NULL is a no-op. */
VOL_API void vol_results_abort(vol_results *r);

#endif
