/* SPDX-License-Identifier: GPL-3.0-or-later */
/* phase_endings.c: relationships reaching their planned end (episodic
 * matches, company programmes) and corporate volunteers staying on (C3, E3).
 *
 * At the end of a programme an employee stays on as a regular volunteer,
 * keeping the client and the bond, with probability stay_on_probability x
 * bond (x social_impact_stay_factor for social-impact companies, capped at
 * 1); otherwise the relationship ends as "programme over" and the employee
 * goes back to the company. An episodic volunteer's planned match ends as
 * "completed" and the volunteer stays available. */
#include <gsl/gsl_rng.h>
#include "sim_internal.h"

vol_status vol_phase_endings(vol_sim *s)
{
    const vol_params *p = &s->p;
    vol_relationships *re = &s->re;
    vol_volunteers *vo = &s->vo;
    for (int k = 0; k < re->n_active; k++) {
        int r = re->active[k];
        if (re->planned_end[r] < 0 || s->day < re->planned_end[r]) continue;
        int v = re->volunteer[r];
        if (re->kind[r] != VOL_REL_CORPORATE) {
            vol_rel_end(s, r, VOL_END_COMPLETED);
            k--; /* the active list was compacted */
            continue;
        }
        vol_sim_stream(s, VOL_STREAM_VOLUNTEER_DAY, vo->sid[v], (uint64_t)s->day);
        double u = gsl_rng_uniform(s->rng);
        double q = p->co_stay_on * re->hot[r].bond * (p->co_motive == VOL_MOTIVE_SOCIAL ? p->co_social_factor : 1.0);
        if (u < q) {
            /* stays on: a regular volunteer from today, same client and bond;
             * the employee stays out of the company's pool while volunteering
             * (back when they leave: phase_burnout.c), so one person is never
             * two volunteers with one random stream */
            vo->kind[v] = VOL_VOL_REGULAR;
            vo->recruited_day[v] = (int32_t)s->day;
            vo->episodic[v] = 0;
            re->kind[r] = VOL_REL_REGULAR;
            re->planned_end[r] = -1;
            s->stayed_on++;
            vol_sim_log(s, VOL_EV_STAY_ON, 0, re->hot[r].client, v, -1, vo->company[v], re->npo[r]);
        } else {
            vol_rel_end(s, r, VOL_END_PROGRAMME_OVER);
            k--;
            vol_volunteer_gone(s, v, VOL_EXIT_PROGRAMME_OVER); /* back to the company's pool */
        }
    }
    /* the last phase in which volunteers leave: the professionals forget
     * those who left today (no later phase reads the trust lists) */
    vol_prof_forget_gone(s);
    return vol_roster_update(s);
}
