/* SPDX-License-Identifier: GPL-3.0-or-later */
/* population_test.h: the small population and the two company formats that
 * test_model.c and test_burnin.c share (one_off and three_month at equal
 * employee hours, as in the shipped scenarios). */
#ifndef VOLSIM_POPULATION_TEST_H
#define VOLSIM_POPULATION_TEST_H

#include "volsim.h"

static inline void small(vol_params *p)
{
    vol_params_defaults(p);
    p->run_burn_in = 0; /* tests start from the constructed day-0 state */
    p->clients_count = 240;
    p->npo_count = 6;
    p->vol_initial = 100;
    p->vol_arrivals = 36;
    p->co_pool = 80;
    p->run_seed = 12345;
}

static inline void one_off(vol_params *p)
{
    p->co_format = VOL_FORMAT_GROUP;
    p->co_duration = 1;
    p->co_rounds = 4;
    p->co_hours_visit = 6;
    p->co_hours = 336;
}

static inline void three_month(vol_params *p)
{
    p->co_format = VOL_FORMAT_ONE_TO_ONE;
    p->co_duration = 90;
    p->co_interval = 14;
    p->co_rounds = 2;
    p->co_hours_visit = 3;
    p->co_hours = 336;
}

#endif
