/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vol_params.h: the model parameters, generated from vol_param_table.h.
 *
 * vol_params is constant during a run (parameters apart from state). Every
 * field is described by one row of the table; generic code reads and writes
 * fields through vol_param_info (offset and type). */
#ifndef VOL_PARAMS_H
#define VOL_PARAMS_H

#include <stddef.h>
#include "vol_status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { VOL_PT_REAL, VOL_PT_INT, VOL_PT_BOOL, VOL_PT_CHOICE } vol_ptype;

#define VOL_CTYPE_REAL double
#define VOL_CTYPE_INT long
#define VOL_CTYPE_BOOL int
#define VOL_CTYPE_CHOICE int

typedef struct vol_params {
#define VOL_PARAM(T, field, path, def, mn, mx, unit, choices, group, desc, cls, pmn, pmx, \
                  source, reason)                                                 \
    VOL_CTYPE_##T field;
#include "vol_param_table.h"
#undef VOL_PARAM
} vol_params;

/* Indices of CHOICE parameters (same order as their choices strings). */
enum { VOL_FORMAT_NONE = 0, VOL_FORMAT_GROUP = 1, VOL_FORMAT_ONE_TO_ONE = 2 };
enum { VOL_SELECT_COMPANY = 0, VOL_SELECT_NEEDS_FIRST = 1 };
enum { VOL_MOTIVE_BUSINESS = 0, VOL_MOTIVE_SOCIAL = 1 };

typedef struct {
    const char *name;        /* dotted path as in scenario files */
    vol_ptype type;
    size_t offset;           /* of the field in vol_params */
    double def, min, max;    /* CHOICE: indices */
    const char *unit;
    const char *choices;     /* "a|b|c" for CHOICE, NULL otherwise */
    const char *share_group; /* rows of one group must sum to 1; NULL if none */
    const char *description;
    /* Evidence (issue 11): a behavioural parameter describes how people or
     * organisations behave and carries a plausible range (what the sources
     * or, failing them, stated reasoning allow; sweeps, calibration and
     * discovery take their default ranges from it) and its source; a
     * setting describes the scenario (sizes, policies, run control) and its
     * plausible range is its valid range. */
    int behavioural;                      /* 1 behavioural, 0 setting */
    double plausible_min, plausible_max;  /* within [min, max] */
    const char *source;                   /* "seed 004; assumption", ... */
    const char *reason;                   /* why this range, one sentence or two */
} vol_param_info;

/* Number of rows of the parameter table. */
VOL_API size_t vol_params_count(void);
/* Row i of the table (i < vol_params_count()), NULL otherwise. */
VOL_API const vol_param_info *vol_params_info(size_t i);
/* The row with this dotted name, NULL when there is none. */
VOL_API const vol_param_info *vol_params_find(const char *name);
/* The known name closest to name (edit distance), for did-you-mean hints;
 * NULL when nothing is reasonably close. */
VOL_API const char *vol_params_suggest(const char *name);
/* Fills p with the table's defaults. */
VOL_API void vol_params_defaults(vol_params *p);
/* sizeof(vol_params) in this library, so that a binding or a client built
 * against other headers never guesses the struct's size. */
VOL_API size_t vol_params_size(void);
/* A parameter set with the table's defaults, allocated by the library
 * (NULL when out of memory); free it with vol_params_delete. */
VOL_API vol_params *vol_params_new(void);
VOL_API void vol_params_delete(vol_params *p);

/* Value of a field as a double (INT converted; exact below 2^53). */
VOL_API double vol_params_get(const vol_params *p, const vol_param_info *info);
/* Value of an INT, BOOL or CHOICE field as a long. */
VOL_API long vol_params_get_long(const vol_params *p, const vol_param_info *info);
/* Sets a field from a double (rounded for INT/BOOL/CHOICE), no range check. */
VOL_API void vol_params_set(vol_params *p, const vol_param_info *info, double v);
/* Sets an INT, BOOL or CHOICE field from a long, no range check. */
VOL_API void vol_params_set_long(vol_params *p, const vol_param_info *info, long v);
/* Index of choice name s of a CHOICE row, -1 when s is not one of them. */
VOL_API int vol_params_choice_index(const vol_param_info *info, const char *s);
/* Name of choice idx of a CHOICE row (written into buf), NULL if out of range. */
VOL_API const char *vol_params_choice_name(const vol_param_info *info, int idx,
                                   char *buf, size_t bufsize);
/* Formats the value of a field as it would appear in a scenario file
 * (REAL with %.17g, CHOICE as a quoted name, BOOL as true/false). */
VOL_API void vol_params_format(const vol_params *p, const vol_param_info *info,
                       char *buf, size_t bufsize);

/* A validation problem: setting is the dotted name (or names joined by
 * " + " for a share group), expected and found are phrases for the message
 * "setting: expected <expected>, found <found>". */
typedef void (*vol_problem_fn)(void *ctx, const char *setting,
                               const char *expected, const char *found);

/* Checks ranges, share groups and impossible combinations. Calls fn once per
 * problem (all of them, not only the first); returns the number found. */
VOL_API size_t vol_params_validate(const vol_params *p, vol_problem_fn fn, void *ctx);

/* About how many bytes one replicate of p holds at its peak (agents,
 * relationships, employee pools, per-day buffers; not the event log), from
 * the population sizes and the expected arrivals over run.days: for
 * refusing a scenario that cannot fit before anything is allocated. An
 * estimate, not a bound (docs/performance.md, Memory). Never overflows:
 * saturates at SIZE_MAX. */
VOL_API size_t vol_params_memory_estimate(const vol_params *p);

#ifdef __cplusplus
}
#endif
#endif
