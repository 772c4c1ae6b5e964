/* SPDX-License-Identifier: GPL-3.0-or-later */
/* patterns.h: the patterns P1-P10 of the model brief, and patterns that
 * arise from several mechanisms interacting, as checks on simulated output
 * (pattern-oriented validation).
 *
 * Each check compares two shipped scenarios replicate by replicate over
 * common random numbers (difference B - A, or the relative difference
 * B / A - 1), or, when scenario_b is NULL, tests a statistic of scenario A.
 * It holds when the whole 95% t interval of the mean lies beyond the stated
 * magnitude in the expected direction (above +magnitude or below
 * -magnitude), not merely beyond zero. Each row names the settings that
 * switch its mechanism off (knockout); with them the row must fail, or the
 * pattern is not explained by its mechanism. A row whose effect is written
 * into one equation is a mechanism check, not evidence: its kind says so.
 * The same definitions drive `volsim patterns` (docs/patterns.md, default
 * size) and tests/test_patterns.c (smaller populations). */
#ifndef VOL_PATTERNS_H
#define VOL_PATTERNS_H

#include <stdio.h>
#include "volsim.h"
#include "vol_scenario.h"

/* statistic of one finished replicate: sim state and its metrics
 * [m * days + d] */
typedef double (*vol_measure_fn)(const vol_sim *s, const double *metrics, long days);
/* statistic of a pair of runs stepped together (for day-by-day contrasts) */
typedef double (*vol_pair_fn)(const vol_params *a, const vol_params *b, uint32_t rep, int *ok);

#define VOL_MAX_SETS 4

typedef enum {
    VOL_MECHANISM_CHECK = 0, /* the sign of one term of one equation */
    VOL_EMERGENT = 1         /* arises from several mechanisms interacting */
} vol_pattern_kind;

typedef struct {
    const char *id;          /* "P1", "P2a", ..., "E1", ... */
    vol_pattern_kind kind;
    const char *claim;       /* the pattern in words */
    const char *measure;     /* what is computed, with units */
    const char *scenario_a;  /* file name in the scenarios directory */
    const char *sets_a[VOL_MAX_SETS];
    const char *scenario_b;  /* NULL: one-sample test of A's statistic */
    const char *sets_b[VOL_MAX_SETS];
    vol_measure_fn fn;      /* NULL when pair is used */
    vol_pair_fn pair;
    int direction;           /* +1: expected above +magnitude; -1: below -magnitude */
    int relative;            /* 1: the statistic is B / A - 1 per replicate */
    double magnitude;        /* >= 0, in the unit of the statistic */
    const char *magnitude_reason; /* where the magnitude comes from */
    const char *knockout[VOL_MAX_SETS]; /* switch the mechanism off (both sides) */
    int rep_factor;          /* > 1: this row runs that many times the replicates asked for
                              * (an effect small against the noise, resolved by sampling
                              * more, never by a smaller magnitude) */
} vol_pattern;

typedef struct {
    long n;                  /* replicates with a defined statistic */
    double mean, lo, hi;     /* mean and 95% t interval */
    double mean_a, mean_b;   /* the measure in A and B (B: NaN for one-sample) */
    int holds;               /* interval lies beyond the magnitude in the direction */
} vol_pattern_result;

/* A pattern over the points of a Latin hypercube of plausible ranges. */
typedef struct {
    long points;             /* points asked for */
    long valid;              /* points whose parameter set passed validation */
    long holds;              /* valid points where the pattern held */
    size_t factors;          /* parameters varied */
} vol_pattern_robustness;

VOL_API size_t vol_patterns_count(void);
VOL_API const vol_pattern *vol_pattern_get(size_t i);

/* Evaluates pattern i over replicates 0..reps-1 with the scenarios of
 * scenario_dir and the extra overrides sets (applied to both sides first,
 * before the pattern's own settings). knockout: 1 applies the pattern's
 * knockout settings last, on both sides. Problems loading scenarios go to
 * diag (returns VOL_EINVAL). */
VOL_API vol_status vol_pattern_eval(size_t i, const char *scenario_dir, const char *const *sets, size_t nsets,
                             long reps, int knockout, vol_pattern_result *out, vol_diag *diag);

/* The knockout settings of pattern i as one line ("a=0, b=0"), in buf. */
VOL_API const char *vol_pattern_knockout_text(size_t i, char *buf, size_t size);

/* Robustness of pattern i: evaluates it (reps replicates each) at `points`
 * points of a Latin hypercube (seed) over the plausible ranges of every
 * behavioural real or integer parameter outside share groups that neither
 * of its scenarios sets away from the default and that its own settings
 * and knockout do not name (a scenario's levers stay as the scenario sets
 * them). The user's sets are applied first and are not varied. Points
 * whose parameters fail validation (cross-parameter rules) are counted as
 * not valid and left out of the share. */
VOL_API vol_status vol_pattern_robust(size_t i, const char *scenario_dir, const char *const *sets, size_t nsets,
                               long points, long reps, uint64_t seed, vol_pattern_robustness *out,
                               vol_diag *diag);

/* Prints the evaluated results (res[i].n > 0) as a Markdown page with how
 * to regenerate it; res is indexed like the pattern table. ko (knockout
 * results) and rob (robustness) may be NULL when not evaluated. */
typedef struct {
    long reps;               /* replicates per scenario */
    long points, robust_reps; /* robustness design (0: not run) */
    uint64_t robust_seed;
    const char *const *sets;
    size_t nsets;
} vol_patterns_run;
VOL_API void vol_patterns_print(FILE *out, const vol_pattern_result *res, const vol_pattern_result *ko,
                         const vol_pattern_robustness *rob, size_t n, const vol_patterns_run *run);
/* One result as text lines: at defaults, and (ko not NULL) knocked out, and
 * (rob not NULL) the robustness share. */
VOL_API void vol_pattern_print_one(FILE *out, size_t i, const vol_pattern_result *r, const vol_pattern_result *ko,
                            const vol_pattern_robustness *rob);

#endif
