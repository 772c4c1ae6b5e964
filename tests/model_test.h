/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model_test.h: what the model's closed-form tests share (test_docking.c,
 * test_mechanisms.c): parameters set by their dotted names, as in scenario
 * files; a simulation created, stepped and exported with every status
 * checked; and the one comparison of their statistical checks, logged for
 * --verbose. Include after criterion.h and criterion/logging.h. */
#ifndef VOLSIM_MODEL_TEST_H
#define VOLSIM_MODEL_TEST_H

#include <math.h>
#include "volsim.h"

static inline void set(vol_params *p, const char *name, double v)
{
    const vol_param_info *info = vol_params_find(name);
    cr_assert_not_null(info, "no parameter named %s", name);
    vol_params_set(p, info, v);
}

static inline void set_choice(vol_params *p, const char *name, const char *choice)
{
    const vol_param_info *info = vol_params_find(name);
    cr_assert_not_null(info, "no parameter named %s", name);
    int idx = vol_params_choice_index(info, choice);
    cr_assert_geq(idx, 0, "%s has no choice %s", name, choice);
    vol_params_set_long(p, info, idx);
}

static inline vol_sim *create(const vol_params *p, uint32_t rep, int log_events)
{
    vol_sim *s = NULL;
    cr_assert_eq(vol_sim_create(p, rep, log_events, &s), VOL_OK, "%s", vol_error_message());
    return s;
}

static inline void steps(vol_sim *s, long days)
{
    for (long d = 0; d < days; d++) cr_assert_eq(vol_sim_step(s), VOL_OK, "%s", vol_error_message());
}

static inline void *table(const vol_sim *s, vol_table_id t, size_t *n)
{
    void *rec = NULL;
    cr_assert_eq(vol_sim_export(s, t, &rec, n), VOL_OK, "%s", vol_error_message());
    return rec;
}

/* The comparison of every test: |simulated - expected| <= tolerance. */
static inline void check_near(const char *what, double sim, double expected, double tol)
{
    cr_log_info("%s: simulated %.6g, expected %.6g, tolerance %.3g", what, sim, expected, tol);
    cr_expect(fabs(sim - expected) <= tol, "%s: simulated %.6g, expected %.6g, |difference| %.3g > tolerance %.3g",
              what, sim, expected, fabs(sim - expected), tol);
}

#endif
