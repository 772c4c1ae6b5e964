/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scenario.h: scenario files (libconfig) to resolved parameters.
 *
 * A scenario file sets any rows of the parameter table by their dotted path
 * as nested libconfig groups:
 *
 *     // What question this scenario answers.
 *     base = "baseline.cfg";          // optional; relative to this file
 *     name = "one_off";               // optional; default: file name stem
 *     description = "...";            // optional
 *     companies: { format = "group"; duration_days = 1; };
 *
 * Resolution order: table defaults, then the chain of bases from the root
 * down, then the file itself, then each --set override in order. */
#ifndef VOL_SCENARIO_H
#define VOL_SCENARIO_H

#include <stddef.h>
#include "volsim.h"

/* A list of problems, each one line "file:line: setting: expected ..., found ..."
 * (for --set: "--set #K (path=value): setting: expected ..., found ..."). */
typedef struct {
    char **lines;
    size_t count, cap;
} vol_diag;

VOL_API void vol_diag_init(vol_diag *d);
VOL_API void vol_diag_add(vol_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
VOL_API void vol_diag_print(const vol_diag *d, FILE *out);  /* one per line */
VOL_API void vol_diag_free(vol_diag *d);

typedef struct {
    char *name;          /* scenario name (name setting or file stem) */
    char *path;          /* the file as given */
    char *description;   /* description setting or NULL */
    char *question;      /* the file's opening comment lines, without "//" or "#", or NULL */
    char **chain;        /* files read, root base first, the scenario itself last */
    size_t chain_len;
    char **overrides;    /* the --set texts applied, in order (for the resolved text) */
    size_t noverrides;
    vol_params params;   /* fully resolved */
} vol_scenario;

/* Loads path with its bases and applies overrides ("dotted.path=value",
 * values in libconfig syntax: 12, 0.5, true, "group" or group for a CHOICE).
 * Reports every problem found in one pass (syntax errors stop the reading of
 * that file only), then validates the resolved parameters (ranges, shares,
 * combinations) and reports those too, with the file and line where the
 * offending setting was last set (or the scenario file, line 0, when it comes
 * from the defaults).
 * Returns the number of problems; 0 means out is filled and must be freed. */
VOL_API size_t vol_scenario_load(const char *path, const char *const *sets, size_t nsets,
                          vol_scenario *out, vol_diag *diag);
/* The same for a variant: the with overrides (--with, labelled "--with #k"
 * in messages) after the sets. */
VOL_API size_t vol_scenario_load_variant(const char *path, const char *const *sets, size_t nsets,
                                         const char *const *with, size_t nwith, vol_scenario *out, vol_diag *diag);

VOL_API void vol_scenario_free(vol_scenario *sc);
/* 1 when name is a valid scenario name: 1-100 letters, digits, '_', '-'
 * or '.', not starting with '.'. */
VOL_API int vol_scenario_valid_name(const char *name);
/* Gives a loaded scenario another name and/or description (NULL: keep);
 * the resolved text and the results file then carry them (volsim run
 * --name, --description). */
VOL_API vol_status vol_scenario_rename(vol_scenario *sc, const char *name, const char *description);

/* The fully resolved scenario as libconfig text: a comment header, name, and
 * every parameter of the table in nested groups, no base. Loading this text
 * as a file gives back exactly the same vol_params. malloc'd. */
VOL_API char *vol_scenario_resolved_text(const vol_scenario *sc);

#endif
