/* patterns.h: the patterns P1-P10 of the model brief as checks on simulated
 * output (pattern-oriented validation).
 *
 * Each check compares two shipped scenarios replicate by replicate over
 * common random numbers (difference B - A), or, when scenario_b is NULL,
 * tests a statistic of scenario A against zero. It holds when the 95% t
 * interval of the mean excludes zero in the documented direction. The same
 * definitions drive `volsim patterns` (docs/patterns.md, default size) and
 * tests/test_patterns.c (smaller populations). */
#ifndef VCLI_PATTERNS_H
#define VCLI_PATTERNS_H

#include <stdio.h>
#include "volsim.h"
#include "scenario.h"

/* statistic of one finished replicate: sim state and its metrics
 * [m * days + d] */
typedef double (*vcli_measure_fn)(const vol_sim *s, const double *metrics, long days);
/* statistic of a pair of runs stepped together (for day-by-day contrasts) */
typedef double (*vcli_pair_fn)(const vol_params *a, const vol_params *b, uint32_t rep, int *ok);

#define VCLI_MAX_SETS 4

typedef struct {
    const char *id;          /* "P1", "P2a", ... */
    const char *claim;       /* the pattern in words */
    const char *measure;     /* what is computed, with units */
    const char *scenario_a;  /* file name in the scenarios directory */
    const char *sets_a[VCLI_MAX_SETS];
    const char *scenario_b;  /* NULL: one-sample test of A's statistic */
    const char *sets_b[VCLI_MAX_SETS];
    vcli_measure_fn fn;      /* NULL when pair is used */
    vcli_pair_fn pair;
    int direction;           /* +1: expected above zero; -1: below */
} vcli_pattern;

typedef struct {
    long n;                  /* replicates with a defined statistic */
    double mean, lo, hi;     /* mean and 95% t interval */
    double mean_a, mean_b;   /* the measure in A and B (B: NaN for one-sample) */
    int holds;               /* interval excludes zero in the direction */
} vcli_pattern_result;

size_t vcli_patterns_count(void);
const vcli_pattern *vcli_pattern_get(size_t i);

/* Evaluates pattern i over replicates 0..reps-1 with the scenarios of
 * scenario_dir and the extra overrides sets (applied to both sides first).
 * Problems loading scenarios go to diag (returns VOL_EINVAL). */
vol_status vcli_pattern_eval(size_t i, const char *scenario_dir, const char *const *sets, size_t nsets,
                             long reps, vcli_pattern_result *out, vcli_diag *diag);

/* Prints the evaluated results (res[i].n > 0) as a Markdown page with how
 * to regenerate it; res is indexed like the pattern table. */
void vcli_patterns_print(FILE *out, const vcli_pattern_result *res, size_t n, long reps,
                         const char *const *sets, size_t nsets);
/* One result as two lines of text. */
void vcli_pattern_print_one(FILE *out, size_t i, const vcli_pattern_result *r);

#endif
