/* results.h: the HDF5 results file (schema: docs/results-format.md).
 *
 * Crash safety: the file is written under a temporary name in the same
 * directory and renamed to its final name only by vcli_results_commit. An
 * existing final file is never replaced unless force is set. Not thread-safe:
 * callers serialise calls (HDF5 is built without thread safety). */
#ifndef VCLI_RESULTS_H
#define VCLI_RESULTS_H

#include <stddef.h>
#include <stdint.h>
#include "volsim.h"
#include "scenario.h"

#define VCLI_SCHEMA_VERSION 1

typedef struct vcli_results vcli_results;

typedef struct {
    const char *command_line;  /* the whole command line, quoted as needed */
    const char *git_commit;    /* VOLSIM_GIT_COMMIT */
    const char *version;       /* vol_version() */
} vcli_provenance;

/* Fails with VOL_EINVAL (message names the file and says to use --force) when
 * final_path exists and force is 0; VOL_EIO when the temporary file cannot be
 * created. Root attributes are written here. */
vol_status vcli_results_create(const char *final_path, int force,
                               const vcli_provenance *prov, vcli_results **out);

/* Adds group /scenarios/<sc->name> with its provenance (parameters as
 * attributes, seed) and one dataset per metric, [replicates x days]
 * (replicates is a first size; see vcli_results_finish_scenario). Returns
 * the scenario's index in *index. */
vol_status vcli_results_add_scenario(vcli_results *r, const vcli_scenario *sc,
                                     long replicates, long days, size_t *index);

/* Writes replicate rep of scenario index: metrics[m * days + d]. The
 * datasets grow when rep is beyond the replicates given so far. */
vol_status vcli_results_write_replicate(vcli_results *r, size_t index, long rep,
                                        const double *metrics);

/* Closes a scenario: its final number of replicates (the datasets are
 * trimmed to it), the resolved config with that number, the replicate keys,
 * and, with replicate control, a sentence saying why it stopped. */
vol_status vcli_results_finish_scenario(vcli_results *r, size_t index, const vcli_scenario *sc, long replicates,
                                        const char *replicate_control);

/* Writes the final agent tables (with_agents) and the event log (with_events)
 * of replicate rep from a finished simulation. */
vol_status vcli_results_write_tables(vcli_results *r, size_t index, long rep,
                                     const vol_sim *s, int with_agents,
                                     int with_events);

/* Flushes, closes and renames to the final name. Frees r. */
vol_status vcli_results_commit(vcli_results *r);

/* Closes and removes the temporary file; the final name is untouched. Frees
 * r; NULL is a no-op. */
void vcli_results_abort(vcli_results *r);

#endif
