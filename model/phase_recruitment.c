/* SPDX-License-Identifier: GPL-3.0-or-later */
/* phase_recruitment.c: new people offer to volunteer; host NPOs accept them,
 * vulnerable ones only with some probability unless chain cooperation has
 * informed and involved the host (C4, O2).
 *
 * Arrivals are Poisson with mean arrivals_per_year / 365 a day. The k-th
 * applicant's traits come from applicant stream k, so the same people arrive
 * in every scenario with the same seed. */
#include <gsl/gsl_randist.h>
#include "sim_internal.h"

vol_status vol_phase_recruitment(vol_sim *s)
{
    double mean = s->p.vol_arrivals / 365.0;
    if (mean <= 0) return VOL_OK;
    vol_sim_stream(s, VOL_STREAM_ARRIVAL, 0, (uint64_t)s->day);
    unsigned int n = gsl_ran_poisson(s->rng, mean);
    for (unsigned int i = 0; i < n; i++) {
        vol_sim_stream(s, VOL_STREAM_ARRIVAL, 1 + (uint64_t)i, (uint64_t)s->day);
        int npo = (int)gsl_rng_uniform_int(s->rng, (unsigned long)s->npos.n);
        int32_t id;
        vol_status st = vol_init_applicant(s, s->applicants, npo, 0, &id);
        if (st != VOL_OK) return st;
    }
    return VOL_OK;
}
