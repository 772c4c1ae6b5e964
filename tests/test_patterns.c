/* test_patterns.c: every pattern P1-P10 of the model brief, by simulation.
 *
 * The checks are those of analysis/patterns.c (the same that
 * docs/patterns.md shows at default size), here on half the population and
 * two companies to stay fast. Each runs 30 replicates of two scenarios with
 * fixed seeds (the scenarios' run.seed) and passes when the 95% t interval
 * of the paired difference excludes zero in the documented direction: a
 * correct model fails such a check by chance at most 2.5% of the time per
 * pattern, and with fixed seeds the outcome is deterministic. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include "patterns.h"

#define REPS 30

static const char *const small_sets[] = {
    "clients.count=300", "npo.count=5", "volunteers.initial=125", "volunteers.arrivals_per_year=45",
    "companies.count=2", "companies.pool_size=100"};

ParameterizedTestParameters(patterns, holds)
{
    static size_t idx[64];
    size_t n = vcli_patterns_count();
    for (size_t i = 0; i < n && i < 64; i++) idx[i] = i;
    return cr_make_param_array(size_t, idx, n);
}

ParameterizedTest(size_t *i, patterns, holds, .timeout = 300)
{
    const vcli_pattern *p = vcli_pattern_get(*i);
    vcli_pattern_result r;
    vcli_diag diag;
    vcli_diag_init(&diag);
    vol_status st = vcli_pattern_eval(*i, VOLSIM_SOURCE_DIR "/scenarios", small_sets,
                                      sizeof small_sets / sizeof small_sets[0], REPS, &r, &diag);
    cr_assert_eq(st, VOL_OK, "%s: %s %s", p->id, vol_error_message(), diag.count ? diag.lines[0] : "");
    vcli_diag_free(&diag);
    cr_assert_eq(r.n, REPS, "%s: only %ld replicates had a defined statistic", p->id, r.n);
    cr_assert(r.holds, "%s (%s) does not hold: %s = %g, 95%% interval [%g, %g], expected %s 0", p->id, p->claim,
              p->measure, r.mean, r.lo, r.hi, p->direction > 0 ? ">" : "<");
}

Test(patterns, every_brief_pattern_has_a_check)
{
    const char *ids[] = {"P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P10"};
    for (size_t k = 0; k < 10; k++) {
        int found = 0;
        for (size_t i = 0; i < vcli_patterns_count(); i++) {
            const char *id = vcli_pattern_get(i)->id;
            size_t l = strlen(ids[k]);
            /* "P1" must not match "P10" */
            found |= strncmp(id, ids[k], l) == 0 && (id[l] == '\0' || (id[l] >= 'a' && id[l] <= 'z'));
        }
        cr_assert(found, "no check for %s", ids[k]);
    }
}
